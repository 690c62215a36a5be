/* curl-dl.c - libcurl, loaded with dlopen() when --live needs it: the CLI does not link it,
 * so a run on files does not load libcurl and the ~35 libraries it pulls in (issue 12).
 *
 * The functions live.c calls are defined here under libcurl's own names and forward to the
 * symbols curl_dl_load() resolves, so live.c reads as plain libcurl code. Before a
 * successful curl_dl_load() they fail as libcurl does when it cannot initialise.
 */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "cmd.h"

/* the soname the linker would have recorded: libcurl's ABI 4, whichever TLS backend */
#define LIBCURL_SONAME "libcurl.so.4"

typedef void (*any_fn)(void);

static struct {
    void *dl;
    CURLcode (*global_init)(long);
    void (*global_cleanup)(void);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

int
curl_dl_load(const char **why)
{
    /* each slot is a function pointer, written from dlsym()'s void * as POSIX allows */
    const struct {
        const char *name;
        void *slot;
    } syms[] = {
        {"curl_global_init", &curl.global_init},
        {"curl_global_cleanup", &curl.global_cleanup},
        {"curl_easy_init", &curl.easy_init},
        {"curl_easy_cleanup", &curl.easy_cleanup},
        {"curl_easy_setopt", &curl.easy_setopt},
        {"curl_easy_getinfo", &curl.easy_getinfo},
        {"curl_easy_strerror", &curl.easy_strerror},
        {"curl_multi_init", &curl.multi_init},
        {"curl_multi_cleanup", &curl.multi_cleanup},
        {"curl_multi_setopt", &curl.multi_setopt},
        {"curl_multi_add_handle", &curl.multi_add_handle},
        {"curl_multi_remove_handle", &curl.multi_remove_handle},
        {"curl_multi_perform", &curl.multi_perform},
        {"curl_multi_poll", &curl.multi_poll},
        {"curl_multi_info_read", &curl.multi_info_read},
        {"curl_slist_append", &curl.slist_append},
        {"curl_slist_free_all", &curl.slist_free_all},
    };
    size_t i;
    void *dl;

    if (curl.dl)
        return 0;
    if (!(dl = dlopen(LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL))) {
        *why = dlerror();
        return -1;
    }
    for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
        void *sym = dlsym(dl, syms[i].name);
        if (!sym) {
            /* curl_multi_poll is 7.66; the build asks for 7.77 headers. dlerror()'s text is
             * copied: the dlclose() below may free the buffer it points into. */
            static char text[512];
            const char *e = dlerror();
            snprintf(text, sizeof(text), "%s", e ? e : "unknown error");
            *why = text;
            memset(&curl, 0, sizeof(curl));
            dlclose(dl);
            return -1;
        }
        memcpy(syms[i].slot, &sym, sizeof(any_fn));
    }
    curl.dl = dl;
    return 0;
}

/* Each option takes one argument, whose type its number tells (curl.h CURLOPTTYPE_*, the
 * same ranges for CURLMOPT_*): pass it on as that type. */
#define FORWARD_OPTION(fn, handle, option, ap)                                                 \
    ((option) < CURLOPTTYPE_OBJECTPOINT     ? (fn)(handle, option, va_arg(ap, long))           \
     : (option) < CURLOPTTYPE_FUNCTIONPOINT ? (fn)(handle, option, va_arg(ap, void *))         \
     : (option) < CURLOPTTYPE_OFF_T         ? (fn)(handle, option, va_arg(ap, any_fn))         \
     : (option) < CURLOPTTYPE_BLOB          ? (fn)(handle, option, va_arg(ap, curl_off_t))     \
                                            : (fn)(handle, option, va_arg(ap, void *)))

/* (name) keeps curl.h's type-checking macros of the same names from expanding here */
CURLcode(curl_global_init)(long flags)
{
    return curl.dl ? curl.global_init(flags) : CURLE_FAILED_INIT;
}

void(curl_global_cleanup)(void)
{
    if (curl.dl)
        curl.global_cleanup();
}

CURL *(curl_easy_init)(void)
{
    return curl.dl ? curl.easy_init() : NULL;
}

void(curl_easy_cleanup)(CURL *easy)
{
    if (curl.dl)
        curl.easy_cleanup(easy);
}

CURLcode(curl_easy_setopt)(CURL *easy, CURLoption option, ...)
{
    va_list ap;
    CURLcode rc;
    if (!curl.dl)
        return CURLE_FAILED_INIT;
    va_start(ap, option);
    rc = FORWARD_OPTION(curl.easy_setopt, easy, option, ap);
    va_end(ap);
    return rc;
}

CURLcode(curl_easy_getinfo)(CURL *easy, CURLINFO info, ...)
{
    va_list ap;
    CURLcode rc;
    if (!curl.dl)
        return CURLE_FAILED_INIT;
    /* every CURLINFO_* takes a pointer to where the answer goes */
    va_start(ap, info);
    rc = curl.easy_getinfo(easy, info, va_arg(ap, void *));
    va_end(ap);
    return rc;
}

const char *(curl_easy_strerror)(CURLcode code)
{
    return curl.dl ? curl.easy_strerror(code) : "libcurl is not loaded";
}

CURLM *(curl_multi_init)(void)
{
    return curl.dl ? curl.multi_init() : NULL;
}

CURLMcode(curl_multi_cleanup)(CURLM *multi)
{
    return curl.dl ? curl.multi_cleanup(multi) : CURLM_BAD_HANDLE;
}

CURLMcode(curl_multi_setopt)(CURLM *multi, CURLMoption option, ...)
{
    va_list ap;
    CURLMcode rc;
    if (!curl.dl)
        return CURLM_BAD_HANDLE;
    va_start(ap, option);
    rc = FORWARD_OPTION(curl.multi_setopt, multi, option, ap);
    va_end(ap);
    return rc;
}

CURLMcode(curl_multi_add_handle)(CURLM *multi, CURL *easy)
{
    return curl.dl ? curl.multi_add_handle(multi, easy) : CURLM_BAD_HANDLE;
}

CURLMcode(curl_multi_remove_handle)(CURLM *multi, CURL *easy)
{
    return curl.dl ? curl.multi_remove_handle(multi, easy) : CURLM_BAD_HANDLE;
}

CURLMcode(curl_multi_perform)(CURLM *multi, int *running)
{
    return curl.dl ? curl.multi_perform(multi, running) : CURLM_BAD_HANDLE;
}

CURLMcode(curl_multi_poll)(CURLM *multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds,
                           int timeout_ms, int *ret)
{
    return curl.dl ? curl.multi_poll(multi, extra_fds, extra_nfds, timeout_ms, ret)
                   : CURLM_BAD_HANDLE;
}

CURLMsg *(curl_multi_info_read)(CURLM *multi, int *left)
{
    return curl.dl ? curl.multi_info_read(multi, left) : NULL;
}

struct curl_slist *(curl_slist_append)(struct curl_slist *list, const char *s)
{
    return curl.dl ? curl.slist_append(list, s) : NULL;
}

void(curl_slist_free_all)(struct curl_slist *list)
{
    if (curl.dl)
        curl.slist_free_all(list);
}

#undef FORWARD_OPTION
