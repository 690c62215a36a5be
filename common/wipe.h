/* wipe.h - clearing secrets before their memory is freed, for the library and the CLI alike:
 * Secret values, URL passwords, bearer tokens, client keys. */
#ifndef RLINT_WIPE_H
#define RLINT_WIPE_H

#include <stddef.h>

/* Zeroes len bytes at p in a way the compiler may not drop as a dead store, even right before
 * free(). NULL is a no-op. */
void wipe(void *p, size_t len);

/* Wipes the NUL-terminated s up to its terminator, then frees it. NULL is a no-op. */
void wipe_free(char *s);

/* Wipes len bytes of p, then frees it: for buffers whose secret does not end at a NUL (or may
 * hold one). NULL is a no-op. */
void wipe_free_n(void *p, size_t len);

#endif
