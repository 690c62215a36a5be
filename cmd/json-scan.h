/* json-scan.h - finding the items of a Kubernetes List response without building a tree of
 * it: -A hands each item's own bytes to the library. */
#ifndef CMD_JSON_SCAN_H
#define CMD_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* What the scanner reads of one item: where its bytes are, whether it carries kind and
 * apiVersion (LIST items of built-in types do not), and its metadata.namespace and .name
 * when they are plain strings (no escape: Kubernetes names never need one). */
struct scan_item {
    const char *start; /* the item's '{' */
    size_t len;        /* up to and including its '}' */
    bool has_kind, has_api_version;
    const char *ns, *name; /* not terminated: ns_len, name_len; NULL when absent */
    size_t ns_len, name_len;
};

/* Walks a List {"metadata": {"continue": ...}, "items": [{...}, ...]} in buf: calls item()
 * for each object of items, and points *cont (length *cont_len) at the raw JSON string of
 * metadata.continue (quotes included; NULL when absent). Returns 0, -1 when buf is not such a
 * List (nothing is trusted past the first error), or item()'s negative return. */
int scan_list(const char *buf, size_t len, int (*item)(void *arg, const struct scan_item *it),
              void *arg, const char **cont, size_t *cont_len);

#endif
