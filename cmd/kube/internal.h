/* internal.h - helpers shared by kubeconfig.c and exec.c; not part of the kube API. */
#ifndef CMD_KUBE_INTERNAL_H
#define CMD_KUBE_INTERNAL_H

#include <stddef.h>

#define KUBE_MAX_FILE (16 * 1024 * 1024) /* a kubeconfig, a CA bundle, a key or a token file */

/* Sets *error (when error is not NULL) to a malloc'd message; the callers never pass a secret.
 * Always returns -1 so that callers can `return kube_set_error(...)`. */
int kube_set_error(char **error, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads the whole file into a malloc'd, NUL-terminated buffer (at most max bytes). 0 on success;
 * -1 with errno set (EFBIG when larger than max). The caller wipes it when it may hold a secret. */
int kube_read_file(const char *path, size_t max, char **out, size_t *out_len);

/* Decodes standard base64 with padding as Go's []byte JSON decoding does: '\r' and '\n' are
 * skipped. *out is malloc'd and NUL-terminated. 0 on success, -1 on invalid input (errno
 * EINVAL) or out of memory (ENOMEM). Intermediate copies are wiped: the input may be a key. */
int kube_base64_decode(const char *in, size_t len, char **out, size_t *out_len);

/* Duplicates s (NULL gives NULL with errno unchanged). */
char *kube_strdup(const char *s);

/* Returns a malloc'd "a/b", or a copy of b when b is absolute or dir is NULL. */
char *kube_path_join(const char *dir, const char *b);

#endif
