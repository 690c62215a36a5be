/* node.c - arena allocation and lookups for the document tree. */
#include "node.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* two words (value or kids, len or count) and 16 bytes of position, type and flags: the
 * hostile many-anchors case (two million nodes) stays under 256 MiB by it */
_Static_assert(sizeof(struct node) <= 2 * sizeof(void *) + 16, "struct node grew");

struct arena_chunk {
    struct arena_chunk *next;
    max_align_t data[];
};

#define ARENA_CHUNK (64 * 1024)

int
arena_new(struct arena **out)
{
    struct arena *a = calloc(1, sizeof(*a));
    if (!a)
        return -1;
    *out = a;
    return 0;
}

void
arena_free(struct arena *arena)
{
    struct arena_chunk *c, *next;
    if (!arena)
        return;
    for (c = arena->head; c; c = next) {
        next = c->next;
        free(c);
    }
    free(arena);
}

void *
arena_alloc_chunk(struct arena *arena, size_t size, size_t align)
{
    struct arena_chunk *c;
    size_t csize;

    (void)align; /* a new chunk starts aligned for anything */
    if (size > SIZE_MAX / 2)
        return NULL;
    csize = size > ARENA_CHUNK ? size : ARENA_CHUNK;
    c = malloc(sizeof(*c) + csize);
    if (!c)
        return NULL;
    c->next = arena->head;
    arena->head = c;
    arena->data = (char *)c->data;
    arena->size = csize;
    arena->used = size;
    return arena->data;
}

void *
arena_alloc(struct arena *arena, size_t size)
{
    return arena_alloc_aligned(arena, size, sizeof(max_align_t));
}

char *
arena_strndup(struct arena *arena, const char *s, size_t len)
{
    char *p = len == SIZE_MAX ? NULL : arena_alloc_aligned(arena, len + 1, 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* The first byte is compared before memcmp() is called: most keys of a mapping differ
 * there. */
static bool
scalar_equals(const struct node *n, const char *s, size_t len)
{
    return n->type == NODE_SCALAR && n->len == len && (len == 0 || n->value[0] == s[0]) &&
           memcmp(n->value, s, len) == 0;
}

const struct node *
node_get_key_n(const struct node *mapping, const char *key, size_t len)
{
    size_t i;
    if (!mapping || mapping->type != NODE_MAPPING)
        return NULL;
    for (i = mapping->count; i-- > 0;)
        if (scalar_equals(node_keys(mapping)[i], key, len))
            return node_keys(mapping)[i];
    return NULL;
}

const struct node *
node_get_n(const struct node *mapping, const char *key, size_t len)
{
    size_t i;
    if (!mapping || mapping->type != NODE_MAPPING)
        return NULL;
    for (i = mapping->count; i-- > 0;)
        if (scalar_equals(node_keys(mapping)[i], key, len))
            return node_items(mapping)[i];
    return NULL;
}

const char *
node_get_str(const struct node *mapping, const char *key)
{
    const struct node *n = node_get(mapping, key);
    return node_is_scalar(n) ? n->value : NULL;
}

const struct node *
node_get_path(const struct node *root, const char *const *keys)
{
    const struct node *n = root;
    for (; n && *keys; keys++)
        n = node_get(n, *keys);
    return n;
}

static bool
is_one_of(const struct node *n, const char *const *words)
{
    for (; *words; words++)
        if (n && scalar_equals(n, *words, strlen(*words)))
            return true;
    return false;
}

static bool
all_in(const char *s, size_t len, const char *set)
{
    size_t i;
    if (len == 0)
        return false;
    for (i = 0; i < len; i++)
        if (!strchr(set, s[i]) || s[i] == '\0')
            return false;
    return true;
}

/* YAML 1.1 int and float forms, as go-yaml (used by kubectl) resolves them. */
static bool
looks_numeric(const char *s, size_t len)
{
    const char *dot;
    if (len && (s[0] == '+' || s[0] == '-')) {
        s++;
        len--;
    }
    if (len > 2 && s[0] == '0' && s[1] == 'x')
        return all_in(s + 2, len - 2, "0123456789abcdefABCDEF_");
    if (all_in(s, len, "0123456789_"))
        return s[0] != '_';
    dot = memchr(s, '.', len);
    if (!dot || memchr(dot + 1, '.', len - (size_t)(dot + 1 - s)))
        return false;
    {
        size_t before = (size_t)(dot - s), after = len - before - 1, e = 0;
        while (e < after && dot[1 + e] != 'e' && dot[1 + e] != 'E')
            e++;
        if (before && !all_in(s, before, "0123456789_"))
            return false;
        if (e && !all_in(dot + 1, e, "0123456789_"))
            return false;
        if (!before && !e)
            return false;
        if (e < after) {
            const char *x = dot + 1 + e + 1;
            size_t xl = after - e - 1;
            if (xl && (x[0] == '+' || x[0] == '-')) {
                x++;
                xl--;
            }
            return all_in(x, xl, "0123456789");
        }
        return true;
    }
}

bool
node_scalar_is_nonstring(const struct node *n)
{
    /* kubectl converts YAML to JSON before sending; these plain scalars become JSON null,
     * booleans or numbers, which a map[string]string field rejects. */
    static const char *const words[] = {"true", "True", "TRUE",
                                        "false", "False", "FALSE", "yes", "Yes", "YES", "no",
                                        "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
                                        ".inf", ".Inf", ".INF", "-.inf", ".nan", ".NaN", NULL};
    if (!n || n->type != NODE_SCALAR || !n->plain || n->tagged_str)
        return false;
    return is_one_of(n, words) || looks_numeric(n->value, n->len);
}

bool
node_scalar_is_null(const struct node *n)
{
    static const char *const words[] = {"null", "Null", "NULL", "~", NULL};
    if (!n || n->type != NODE_SCALAR || !n->plain || n->tagged_str)
        return false;
    return n->len == 0 || is_one_of(n, words);
}
