/* util.h - small internal helpers: growable strings, checked allocation; wiping and edit
 * distance come from common/. */
#ifndef RLINT_UTIL_H
#define RLINT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

char *xstrndup(const char *s, size_t len);
char *xstrdup(const char *s);

/* Grows *items (each of size elem) so that it can hold at least need elements. */
int grow_array(void *items, size_t *cap, size_t need, size_t elem);

/* A growable NUL-terminated string. A failed append marks it failed; str_finish() then
 * returns NULL. */
struct strbuf {
    char *buf;
    size_t len;
    size_t cap;
    bool failed;
};
void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *s, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Hands the string to the caller (who frees it), or NULL if any append failed. */
char *strbuf_finish(struct strbuf *sb);

/* A hash table from a pair of strings (a name and a namespace, either NULL) to an index,
 * for lookups that would otherwise scan a whole array once per item. The keys are borrowed:
 * they must outlive the table. Zero-initialised, it is empty. */
struct name_slot {
    const char *name;
    const char *ns;
    size_t value;
    size_t hash; /* of name and ns: a probe compares strings only when it matches */
    bool used;
};
struct name_index {
    struct name_slot *slots;
    size_t cap; /* 0 or a power of two */
    size_t count;
};
void name_index_release(struct name_index *ix);
/* The value stored for (name, ns), or SIZE_MAX when there is none. NULL matches only NULL. */
size_t name_index_get(const struct name_index *ix, const char *name, const char *ns);
/* Stores value for (name, ns), replacing any. 0, or -1 out of memory (the table unchanged). */
int name_index_put(struct name_index *ix, const char *name, const char *ns, size_t value);

/* Interned strings: each distinct string is stored once, in chunks, until the pool is
 * released; equal strings get the same pointer. For the names an input repeats thousands of
 * times (env var, Secret and key names): one copy each instead of one per occurrence.
 * Never for a Secret value (nothing here is wiped). Zero-initialised, it is empty. */
struct strpool_chunk;
struct strpool_slot {
    const char *str; /* NULL: empty */
    uint32_t len;
    uint32_t tag; /* the top half of its hash: most other strings differ there */
};
struct strpool {
    struct strpool_slot *slots;
    size_t cap; /* 0 or a power of two */
    size_t count;
    struct strpool_chunk *chunks;
};
/* The pooled copy of s[0..len) (cut at a NUL, as a C string reads it), or NULL when out of
 * memory. */
const char *strpool_get(struct strpool *pool, const char *s, size_t len);
/* The pooled copy of the C string s, or NULL when the pool has none. */
const char *strpool_find(const struct strpool *pool, const char *s);
void strpool_release(struct strpool *pool);

#include "editdist.h"
#include "wipe.h"

bool mem_has_byte(const char *s, size_t len, char c);
/* The first occurrence of needle in hay[0..hay_len), or NULL (memmem without _GNU_SOURCE). */
const char *mem_find(const char *hay, size_t hay_len, const char *needle);

#endif
