/* jsonstr.c - JSON strings from bytes that may not be UTF-8 (file names come from the file
 * system): each byte that does not start a sequence jansson accepts becomes U+FFFD instead of
 * failing the whole document. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "utf8.h"

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
        size_t n = utf8_decode(s, NULL);
        if (n) {
            memcpy(o, s, n);
            o += n;
            s += n;
        } else {
            memcpy(o, UTF8_REPLACEMENT, 3);
            o += 3;
            s++;
        }
    }
    *o = '\0';
    j = json_string(copy);
    free(copy);
    return j;
}

int
json_dump_at(FILE *out, const struct json_t *v, int indent)
{
    char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER), *p;
    if (!text)
        return -1;
    for (p = text; *p; p++) {
        fputc(*p, out);
        if (*p == '\n')
            fprintf(out, "%*s", indent, "");
    }
    free(text);
    return 0;
}
