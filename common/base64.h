/* base64.h - decoding Secret data: values as the API server reads them. */
#ifndef RLINT_BASE64_H
#define RLINT_BASE64_H

#include <stddef.h>

enum base64_result {
    BASE64_OK = 0,
    BASE64_ENOMEM = -1,
    BASE64_INVALID = -2, /* a character outside the alphabet, or bad padding / length */
};

/* Decodes standard base64 with padding, as Go's base64.StdEncoding does for []byte in JSON:
 * '\r' and '\n' are skipped, anything else outside the alphabet is invalid. On BASE64_OK,
 * *out is a malloc'd NUL-terminated buffer of *out_len bytes. *bad_offset receives the offset
 * of the first offending byte on BASE64_INVALID. */
int base64_decode(char **out, size_t *out_len, size_t *bad_offset, const char *in, size_t len);

#endif
