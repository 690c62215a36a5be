/* wipe.c - the one implementation of secret wiping. A memset() before free() is a dead store
 * the compiler may remove; explicit_bzero() (glibc 2.25, the BSDs) is the documented way to
 * keep it. Without it, memset is called through a volatile function pointer, which the
 * compiler cannot see through, so it cannot prove the call useless. */
#include "wipe.h"

#include <stdlib.h>
#include <string.h>

#ifndef RLINT_HAVE_EXPLICIT_BZERO
static void *(*const volatile memset_v)(void *, int, size_t) = memset;
#endif

void
wipe(void *p, size_t len)
{
    if (!p || len == 0)
        return;
#ifdef RLINT_HAVE_EXPLICIT_BZERO
    explicit_bzero(p, len);
#else
    memset_v(p, 0, len);
#endif
}

void
wipe_free(char *s)
{
    if (!s)
        return;
    wipe(s, strlen(s));
    free(s);
}

void
wipe_free_n(void *p, size_t len)
{
    if (!p)
        return;
    wipe(p, len);
    free(p);
}
