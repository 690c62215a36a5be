/* utf8.c - UTF-8 validation exactly as jansson's (src/utf.c utf8_check_first/_full): a string
 * the outputs pass to json_string() after it is never refused, which would fail the whole
 * document. Invalid bytes are replaced by the callers, one U+FFFD per byte. */
#include "utf8.h"

size_t
utf8_decode(const char *s, unsigned long *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned long c;
    size_t len, i;

    if (p[0] < 0x80) {
        len = 1;
        c = p[0];
    } else {
        /* 0x80..0xBF continue a sequence, 0xC0 and 0xC1 could only start an overlong one,
         * 0xF5.. would start one above U+10FFFF */
        if (p[0] >= 0xc2 && p[0] <= 0xdf) {
            len = 2;
            c = p[0] & 0x1f;
        } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
            len = 3;
            c = p[0] & 0x0f;
        } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
            len = 4;
            c = p[0] & 0x07;
        } else {
            return 0;
        }
        for (i = 1; i < len; i++) {
            if ((p[i] & 0xc0) != 0x80) /* also stops at the terminating NUL */
                return 0;
            c = c << 6 | (p[i] & 0x3f);
        }
        if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) || (len == 3 && c < 0x800) ||
            (len == 4 && c < 0x10000))
            return 0;
    }
    if (cp)
        *cp = c;
    return len;
}
