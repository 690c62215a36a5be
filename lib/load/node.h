/* node.h - the document tree the loader builds from libyaml events.
 *
 * One tree per YAML document, allocated from an arena that is freed in one go once the
 * document has been looked at: only what the rules need (Secrets, APIManagers, workloads) is
 * copied out, so memory stays bounded by the largest document, not the whole input.
 * Positions are 1-based (converted once, in load.c). An alias node is the anchored node itself:
 * walkers only follow fixed paths, so a shared subtree is never expanded.
 */
#ifndef RLINT_NODE_H
#define RLINT_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

enum node_type {
    NODE_SCALAR,
    NODE_MAPPING,
    NODE_SEQUENCE,
};

/* 32 bytes on LP64 (it was 64): a 21 MB document of a million anchored scalars holds two
 * million nodes. A scalar's fields and a collection's share the same bytes; read each only
 * after checking type. */
struct node {
    union {
        /* scalars: NUL-terminated; may also contain NULs (len is authoritative) */
        const char *value;
        /* mappings: count keys, then their count values; sequences: count items. Read them
         * with node_keys() and node_items(). */
        struct node **kids;
    };
    union {
        size_t len;   /* scalars */
        size_t count; /* mappings: keys; sequences: items */
    };
    unsigned line; /* 1-based; 0 when loaded without positions */
    unsigned column;
    enum node_type type;
    bool plain;      /* unquoted: subject to YAML's implicit typing (true, 12, null) */
    bool tagged_str; /* an explicit !!str tag */
};

/* The keys of a mapping: node_keys(m)[i] for i < m->count. */
static inline struct node *const *
node_keys(const struct node *mapping)
{
    return mapping->kids;
}

/* The values of a mapping (node_items(m)[i] is the value of node_keys(m)[i]) or the items of
 * a sequence, for i < n->count. */
static inline struct node *const *
node_items(const struct node *n)
{
    return n->type == NODE_MAPPING ? n->kids + n->count : n->kids;
}

/* A document's allocations: bump allocation in chunks, freed in one go. The current chunk is
 * visible here so that the loader's allocation of each node (220,000 on 150 installs) is an
 * inlined bump, not a call. */
struct arena_chunk;
struct arena {
    struct arena_chunk *head;
    char *data;  /* the current chunk's bytes (aligned for max_align_t), NULL before one */
    size_t used; /* of the current chunk */
    size_t size;
};

int arena_new(struct arena **out);
void arena_free(struct arena *arena);
/* size bytes aligned for any type (max_align_t) */
void *arena_alloc(struct arena *arena, size_t size);
/* arena_alloc_aligned() when the current chunk has no room */
void *arena_alloc_chunk(struct arena *arena, size_t size, size_t align);
/* size bytes aligned to align, a power of two no larger than max_align_t's alignment: packs
 * small objects tighter than arena_alloc(). size is not 0. */
static inline void *
arena_alloc_aligned(struct arena *arena, size_t size, size_t align)
{
    /* align the start, not the size: strings pack tightly between nodes. Before the first
     * chunk, size and used are 0, so no size fits. */
    size_t off = (arena->used + align - 1) & ~(align - 1);
    if (off <= arena->size && arena->size - off >= size && size) {
        arena->used = off + size;
        return arena->data + off;
    }
    return arena_alloc_chunk(arena, size, align);
}
char *arena_strndup(struct arena *arena, const char *s, size_t len);

/* The value of key[0..len) in a mapping (the last one when the key is duplicated, as
 * kubectl's YAML to JSON conversion keeps), or NULL. */
const struct node *node_get_n(const struct node *mapping, const char *key, size_t len);
/* The key node of key[0..len) in mapping (the last one), or NULL. */
const struct node *node_get_key_n(const struct node *mapping, const char *key, size_t len);
/* node_get_n() of a C string: inlined, so that a literal key's length is a constant */
static inline const struct node *
node_get(const struct node *mapping, const char *key)
{
    return node_get_n(mapping, key, strlen(key));
}
/* node_get() that also requires a scalar; returns its value or NULL. */
const char *node_get_str(const struct node *mapping, const char *key);
const struct node *node_get_path(const struct node *root, const char *const *keys);
static inline bool
node_is_scalar(const struct node *n)
{
    return n && n->type == NODE_SCALAR;
}
/* The key node of key in mapping (the last one), or NULL. */
static inline const struct node *
node_get_key(const struct node *mapping, const char *key)
{
    return node_get_key_n(mapping, key, strlen(key));
}
/* A plain scalar that YAML 1.1 reads as a boolean or a number (not null, not a string). */
bool node_scalar_is_nonstring(const struct node *n);
/* A plain empty, ~ or null scalar. */
bool node_scalar_is_null(const struct node *n);

#endif
