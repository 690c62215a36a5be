/* base64.c - standard base64 decoding with Go's leniency (CR and LF skipped). Shared by the
 * library (Secret data) and the CLI's kubeconfig reader (*-data fields): no rlint_ctx here. */
#include "base64.h"

#include <stdlib.h>

#include "wipe.h"

static int
sextet(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

int
base64_decode(char **out, size_t *out_len, size_t *bad_offset, const char *in, size_t len)
{
    unsigned char *buf;
    size_t i, quad = 0, pad = 0, o = 0;
    unsigned long acc = 0;

    *bad_offset = 0;
    buf = malloc(len / 4 * 3 + 4);
    if (!buf)
        return BASE64_ENOMEM;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        int v;
        if (c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            /* padding only at the end of a quad, after at least two symbols */
            if (quad < 2)
                goto invalid;
            pad++;
            quad++;
            if (quad == 4) {
                /* pad 1: three symbols, 18 bits, two bytes; pad 2: 12 bits, one byte */
                if (pad == 1) {
                    buf[o++] = (unsigned char)(acc >> 10);
                    buf[o++] = (unsigned char)(acc >> 2);
                } else {
                    buf[o++] = (unsigned char)(acc >> 4);
                }
                quad = 0;
                acc = 0;
            }
            continue;
        }
        if (pad) /* data after padding */
            goto invalid;
        v = sextet(c);
        if (v < 0)
            goto invalid;
        acc = (acc << 6) | (unsigned long)v;
        if (++quad == 4) {
            buf[o++] = (unsigned char)(acc >> 16);
            buf[o++] = (unsigned char)(acc >> 8);
            buf[o++] = (unsigned char)acc;
            quad = 0;
            acc = 0;
        }
    }
    if (quad != 0) {
        i = len;
        goto invalid;
    }
    buf[o] = '\0';
    *out = (char *)buf;
    *out_len = o;
    return BASE64_OK;

invalid:
    *bad_offset = i;
    wipe_free_n(buf, len / 4 * 3 + 4);
    return BASE64_INVALID;
}
