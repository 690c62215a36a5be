/* fuzz-json-scan.c - cmd/json-scan.c scan_list(), the -A splitter of cluster-wide List pages.
 *
 * Any bytes: every range it hands out (item, namespace, name, continue token) lies inside the
 * input and has the shape it promises. And against jansson: a page jansson reads as an object
 * with an "items" array (no duplicate key, no NUL) is accepted, with one item per object of
 * the array, each item's bytes the same JSON as jansson's element, and its namespace and name
 * those of jansson when given.
 */
#include "fuzz.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json-scan.h"

struct walk {
    const char *buf;
    size_t len;
    json_t *items; /* jansson's items array, or NULL when jansson refused the page */
    size_t next;   /* the index in items of the next object */
};

static bool
inside(const struct walk *w, const char *p, size_t n)
{
    return p >= w->buf && n <= w->len && (size_t)(p - w->buf) <= w->len - n;
}

static void
same_string(json_t *obj, const char *s, size_t n)
{
    const char *want = json_string_value(obj);
    /* the scanner gives only strings without escapes; jansson's are decoded */
    if (s && want && (strlen(want) != n || memcmp(want, s, n) != 0))
        abort();
    if (s && !json_is_string(obj))
        abort();
}

static int
on_item(void *arg, const struct scan_item *it)
{
    struct walk *w = arg;
    json_t *el, *mine, *meta;

    if (!inside(w, it->start, it->len) || it->len < 2 || it->start[0] != '{' ||
        it->start[it->len - 1] != '}')
        abort();
    if (it->ns && !(inside(w, it->ns, it->ns_len) && it->ns > it->start &&
                    it->ns + it->ns_len < it->start + it->len))
        abort();
    if (it->name && !(inside(w, it->name, it->name_len) && it->name > it->start &&
                      it->name + it->name_len < it->start + it->len))
        abort();
    if (!w->items)
        return 0;
    while (w->next < json_array_size(w->items) &&
           !json_is_object(json_array_get(w->items, w->next)))
        w->next++;
    el = json_array_get(w->items, w->next++);
    if (!el)
        abort(); /* more items than jansson's array has objects */
    mine = json_loadb(it->start, it->len, JSON_REJECT_DUPLICATES, NULL);
    if (!mine || !json_equal(mine, el))
        abort();
    json_decref(mine);
    if (it->has_kind != (json_object_get(el, "kind") != NULL) ||
        it->has_api_version != (json_object_get(el, "apiVersion") != NULL))
        abort();
    meta = json_object_get(el, "metadata");
    same_string(json_object_get(meta, "namespace"), it->ns, it->ns_len);
    same_string(json_object_get(meta, "name"), it->name, it->name_len);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct walk w = {(const char *)data, size, NULL, 0};
    json_t *page = json_loadb(w.buf, size, JSON_REJECT_DUPLICATES, NULL);
    const char *cont = NULL;
    size_t cont_len = 0, rest;
    int rc;

    if (json_is_object(page) && json_is_array(json_object_get(page, "items")))
        w.items = json_object_get(page, "items");
    rc = scan_list(w.buf, size, on_item, &w, &cont, &cont_len);
    if (rc != 0 && rc != -1)
        abort();
    if (cont && !(inside(&w, cont, cont_len) && cont_len >= 2 && cont[0] == '"' &&
                  cont[cont_len - 1] == '"'))
        abort();
    if (w.items) {
        if (rc != 0)
            abort(); /* a List jansson reads, refused */
        for (rest = w.next; rest < json_array_size(w.items); rest++)
            if (json_is_object(json_array_get(w.items, rest)))
                abort(); /* an item missed */
    }
    json_decref(page);
    return 0;
}
