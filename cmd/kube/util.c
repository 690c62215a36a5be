/* util.c - error strings, file reading and base64 for the kubeconfig loader. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base64.h"
#include "wipe.h"

int
kube_set_error(char **error, const char *fmt, ...)
{
    va_list ap;
    char *msg;
    int n;

    if (!error)
        return -1;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    msg = malloc((size_t)n + 1);
    if (msg) {
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    /* Keep the first error: the innermost failure explains the outer ones best. */
    if (*error)
        free(msg);
    else
        *error = msg;
    return -1;
}

int
kube_read_file(const char *path, size_t max, char **out, size_t *out_len)
{
    struct stat st;
    char *buf = NULL, *nb;
    size_t len = 0, cap = 0;
    int fd, saved;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return -1;
    }
    for (;;) {
        ssize_t n;
        if (len + 1 >= cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            if (ncap > max + 1)
                ncap = max + 1;
            if (len + 1 >= ncap) {
                errno = EFBIG;
                goto fail;
            }
            /* Not realloc: the old buffer may hold a secret and must be wiped, not abandoned. */
            nb = malloc(ncap + 1);
            if (!nb)
                goto fail;
            if (buf)
                memcpy(nb, buf, len);
            wipe_free_n(buf, cap);
            buf = nb;
            cap = ncap;
        }
        n = read(fd, buf + len, cap - len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (!buf) {
        buf = malloc(1);
        if (!buf)
            return -1;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return 0;

fail:
    saved = errno;
    close(fd);
    wipe_free_n(buf, cap);
    errno = saved;
    return -1;
}

int
kube_base64_decode(const char *in, size_t len, char **out, size_t *out_len)
{
    size_t bad;
    int rc = base64_decode(out, out_len, &bad, in, len);
    if (rc == BASE64_OK)
        return 0;
    errno = rc == BASE64_ENOMEM ? ENOMEM : EINVAL;
    return -1;
}

char *
kube_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

char *
kube_path_join(const char *dir, const char *b)
{
    size_t dl, bl;
    char *p;

    if (!b)
        return NULL;
    if (b[0] == '/' || !dir)
        return strdup(b);
    dl = strlen(dir);
    bl = strlen(b);
    p = malloc(dl + 1 + bl + 1);
    if (!p)
        return NULL;
    memcpy(p, dir, dl);
    p[dl] = '/';
    memcpy(p + dl + 1, b, bl + 1);
    return p;
}
