/* json-scan.c - a List response's items as byte ranges: -A splits pages of thousands of
 * objects, and a jansson tree of each page, then a JSON dump of each item for the library,
 * cost more than checking them. Bounds-checked against the buffer's end at every step; the
 * bytes of an item are the library's to judge. */
#include <string.h>

#include "json-scan.h"

static const char *
skip_ws(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* p at '"': past the closing quote, or NULL */
static const char *
skip_string(const char *p, const char *e)
{
    for (p++; p < e; p++) {
        if (*p == '\\')
            p++;
        else if (*p == '"')
            return p + 1;
    }
    return NULL;
}

/* past one JSON value, or NULL; brackets are counted, not matched */
static const char *
skip_value(const char *p, const char *e)
{
    size_t depth = 0;

    p = skip_ws(p, e);
    if (p >= e)
        return NULL;
    if (*p == '"')
        return skip_string(p, e);
    if (*p != '{' && *p != '[') {
        const char *s = p;
        while (p < e && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\t' &&
               *p != '\n' && *p != '\r')
            p++;
        return p > s ? p : NULL;
    }
    while (p < e) {
        if (*p == '"') {
            p = skip_string(p, e);
            if (!p)
                return NULL;
            continue;
        }
        if (*p == '{' || *p == '[')
            depth++;
        else if ((*p == '}' || *p == ']') && --depth == 0)
            return p + 1;
        p++;
    }
    return NULL;
}

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Is the raw key k (escapes as written) the ASCII name want? "\u006bind" is "kind" to
 * jansson and to the library, so it must be here too: an item whose kind went unseen would
 * get a second "kind" member, and a List whose "items" went unseen would be refused. */
static bool
key_is(const char *k, size_t klen, const char *want)
{
    size_t i = 0;

    for (; *want; want++) {
        unsigned c;
        if (i >= klen)
            return false;
        if (k[i] != '\\') {
            c = (unsigned char)k[i++];
        } else if (i + 1 < klen && k[i + 1] == 'u') {
            int d, j;
            if (klen - i < 6)
                return false;
            for (c = 0, j = 2; j < 6; j++) {
                if ((d = hex_value(k[i + j])) < 0)
                    return false;
                c = c * 16 + (unsigned)d;
            }
            i += 6;
        } else if (i + 1 < klen) {
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            const char *e = strchr(from, k[i + 1]);
            if (!e || !k[i + 1])
                return false;
            c = (unsigned char)to[e - from];
            i += 2;
        } else {
            return false;
        }
        if (c != (unsigned char)*want)
            return false;
    }
    return i == klen;
}

/* The members of the object at p ('{'): member() gets each raw key (quotes stripped, escapes
 * left as they are) and the value's bytes. Past the '}', or NULL. */
static const char *
members(const char *p, const char *e,
        int (*member)(void *arg, const char *k, size_t klen, const char *v, const char *vend),
        void *arg, int *rc)
{
    p = skip_ws(p, e);
    if (p >= e || *p != '{')
        return NULL;
    p = skip_ws(p + 1, e);
    if (p < e && *p == '}')
        return p + 1;
    while (p < e) {
        const char *k, *kend, *v, *vend;
        if (*p != '"' || !(kend = skip_string(p, e)))
            return NULL;
        k = p + 1;
        p = skip_ws(kend, e);
        if (p >= e || *p != ':')
            return NULL;
        v = skip_ws(p + 1, e);
        vend = skip_value(v, e);
        if (!vend)
            return NULL;
        if (member && (*rc = member(arg, k, (size_t)(kend - 1 - k), v, vend)) < 0)
            return NULL;
        p = skip_ws(vend, e);
        if (p < e && *p == ',') {
            p = skip_ws(p + 1, e);
            continue;
        }
        return p < e && *p == '}' ? p + 1 : NULL;
    }
    return NULL;
}

/* a plain string value (no escape) as pointer and length */
static void
plain_string(const char *v, const char *vend, const char **out, size_t *out_len)
{
    if (vend - v < 2 || *v != '"' || memchr(v + 1, '\\', (size_t)(vend - v - 2)))
        return;
    *out = v + 1;
    *out_len = (size_t)(vend - v - 2);
}

static int
on_metadata(void *arg, const char *k, size_t klen, const char *v, const char *vend)
{
    struct scan_item *it = arg;
    if (key_is(k, klen, "namespace"))
        plain_string(v, vend, &it->ns, &it->ns_len);
    else if (key_is(k, klen, "name"))
        plain_string(v, vend, &it->name, &it->name_len);
    return 0;
}

static int
on_item_member(void *arg, const char *k, size_t klen, const char *v, const char *vend)
{
    struct scan_item *it = arg;
    int rc = 0;
    if (key_is(k, klen, "kind"))
        it->has_kind = true;
    else if (key_is(k, klen, "apiVersion"))
        it->has_api_version = true;
    else if (key_is(k, klen, "metadata") && *v == '{' && !members(v, vend, on_metadata, it, &rc))
        return -1;
    return 0;
}

struct list_state {
    int (*item)(void *arg, const struct scan_item *it);
    void *arg;
    const char **cont;
    size_t *cont_len;
    bool has_items;
};

static int
on_list_metadata(void *arg, const char *k, size_t klen, const char *v, const char *vend)
{
    struct list_state *st = arg;
    if (key_is(k, klen, "continue") && *v == '"') {
        *st->cont = v;
        *st->cont_len = (size_t)(vend - v);
    }
    return 0;
}

static int
on_list_member(void *arg, const char *k, size_t klen, const char *v, const char *vend)
{
    struct list_state *st = arg;
    int rc = 0;

    if (key_is(k, klen, "metadata") && *v == '{')
        return members(v, vend, on_list_metadata, st, &rc) ? 0 : -1;
    if (!key_is(k, klen, "items"))
        return 0;
    if (*v != '[')
        return -1;
    st->has_items = true;
    v = skip_ws(v + 1, vend);
    if (v < vend && *v == ']')
        return 0;
    while (v < vend) {
        struct scan_item it;
        const char *end;
        memset(&it, 0, sizeof(it));
        if (*v == '{') {
            end = members(v, vend, on_item_member, &it, &rc);
            if (!end)
                return rc < 0 ? rc : -1;
            it.start = v;
            it.len = (size_t)(end - v);
            if ((rc = st->item(st->arg, &it)) < 0)
                return rc;
        } else if (!(end = skip_value(v, vend))) {
            return -1;
        }
        v = skip_ws(end, vend);
        if (v < vend && *v == ',') {
            v = skip_ws(v + 1, vend);
            continue;
        }
        return v < vend && *v == ']' ? 0 : -1;
    }
    return -1;
}

int
scan_list(const char *buf, size_t len, int (*item)(void *arg, const struct scan_item *it),
          void *arg, const char **cont, size_t *cont_len)
{
    struct list_state st = {item, arg, cont, cont_len, false};
    const char *e = buf + len, *end;
    int rc = 0;

    *cont = NULL;
    *cont_len = 0;
    end = members(buf, e, on_list_member, &st, &rc);
    if (!end)
        return rc < -1 ? rc : -1;
    return st.has_items && skip_ws(end, e) == e ? 0 : -1;
}
