/* jsonstr.c - JSON strings from bytes that may not be UTF-8 (file names come from the file
 * system): invalid sequences become U+FFFD instead of failing the whole document. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* Length of the valid UTF-8 sequence at s (1-4), or 0. */
static size_t
utf8_len(const unsigned char *s)
{
    size_t n, i;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        n = 2;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        n = 3;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        n = 4;
    else
        return 0;
    for (i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

json_t *
json_string_lossy(const char *s)
{
    json_t *j;
    char *copy, *o;
    size_t len;
    if (!s)
        return json_null();
    j = json_string(s);
    if (j)
        return j;
    len = strlen(s);
    copy = malloc(len * 3 + 1);
    if (!copy)
        return NULL;
    for (o = copy; *s;) {
        size_t n = utf8_len((const unsigned char *)s);
        if (n) {
            memcpy(o, s, n);
            o += n;
            s += n;
        } else {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            s++;
        }
    }
    *o = '\0';
    j = json_string(copy);
    free(copy);
    return j;
}
