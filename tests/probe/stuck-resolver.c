/* stuck-resolver.c - an LD_PRELOAD shim for tests/probe/probe.py: getaddrinfo() of the name
 * "stuck.resolver.test" never returns, as with a resolver that does not answer; every other
 * call (and a numeric-only one, which asks no resolver) goes to libc. Shows that --probe-timeout
 * bounds name resolution without a clock. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netdb.h>
#include <string.h>
#include <unistd.h>

int
getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
            struct addrinfo **res)
{
    int (*next)(const char *, const char *, const struct addrinfo *, struct addrinfo **);
    /* with AI_NUMERICHOST libc answers without asking a resolver: so does the shim */
    if (node && strcmp(node, "stuck.resolver.test") == 0 &&
        !(hints && (hints->ai_flags & AI_NUMERICHOST)))
        for (;;)
            pause();
    *(void **)&next = dlsym(RTLD_NEXT, "getaddrinfo");
    return next ? next(node, service, hints, res) : EAI_FAIL;
}
