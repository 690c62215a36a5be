/* util.c - growable strings and checked allocation for the library. */
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wipe.h"

#include "banned.h"

char *
xstrndup(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *
xstrdup(const char *s)
{
    return s ? xstrndup(s, strlen(s)) : NULL;
}

int
grow_array(void *items, size_t *cap, size_t need, size_t elem)
{
    void **p = items;
    size_t n = *cap ? *cap : 8;
    void *q;

    if (need <= *cap)
        return 0;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return -1;
        n *= 2;
    }
    q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

void
strbuf_init(struct strbuf *sb)
{
    memset(sb, 0, sizeof(*sb));
}

void
strbuf_release(struct strbuf *sb)
{
    wipe_free_n(sb->buf, sb->cap);
    strbuf_init(sb);
}

/* Room for need bytes. Not grow_array(): a string buffer may hold a Secret value (substituted
 * placeholders, decoded data), and realloc() could leave a copy of it in freed memory, so the
 * old buffer is copied and wiped. */
static int
strbuf_reserve(struct strbuf *sb, size_t need)
{
    size_t n = sb->cap ? sb->cap : 64;
    char *nb;

    if (need <= sb->cap)
        return 0;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return -1;
        n *= 2;
    }
    if (!(nb = malloc(n)))
        return -1;
    if (sb->len)
        memcpy(nb, sb->buf, sb->len);
    wipe_free_n(sb->buf, sb->cap);
    sb->buf = nb;
    sb->cap = n;
    return 0;
}

void
strbuf_add(struct strbuf *sb, const char *s, size_t len)
{
    if (sb->failed)
        return;
    if (len > SIZE_MAX - sb->len - 1 || strbuf_reserve(sb, sb->len + len + 1) < 0) {
        sb->failed = true;
        return;
    }
    memcpy(sb->buf + sb->len, s, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void
strbuf_adds(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list copy;
    int n;

    if (sb->failed)
        return;
    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || strbuf_reserve(sb, sb->len + (size_t)n + 1) < 0) {
        sb->failed = true;
        return;
    }
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

char *
strbuf_finish(struct strbuf *sb)
{
    char *s;
    if (sb->failed) {
        strbuf_release(sb);
        return NULL;
    }
    if (!sb->buf)
        return xstrdup("");
    s = sb->buf;
    strbuf_init(sb);
    return s;
}

bool
mem_has_byte(const char *s, size_t len, char c)
{
    return len && memchr(s, c, len) != NULL;
}

const char *
mem_find(const char *hay, size_t hay_len, const char *needle)
{
    size_t n = strlen(needle), i;
    if (n == 0)
        return hay;
    for (i = 0; i + n <= hay_len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

static inline uint64_t
hash_mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x9e3779b97f4a7c15u;
    return h ^ (h >> 29);
}

/* A 64-bit hash of s[0..len), a word a step: names are hashed on every lookup of the name
 * index and the string pool, and FNV-1a's byte a step was a visible share of a run. A
 * collision only lengthens a probe: the slots compare the strings themselves. */
static inline uint64_t
hash_mem(uint64_t h, const char *s, size_t len)
{
    const char *end = s + len;
    uint64_t w;
    uint32_t a, b;

    h = hash_mix(h, len);
    if (len >= 8) {
        /* whole words, then the last eight bytes (overlapping): no byte loop for a tail */
        for (; end - s > 8; s += 8) {
            memcpy(&w, s, 8);
            h = hash_mix(h, w);
        }
        memcpy(&w, end - 8, 8);
    } else if (len >= 4) {
        memcpy(&a, s, 4);
        memcpy(&b, end - 4, 4);
        w = a | (uint64_t)b << 32;
    } else if (len) {
        w = (unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
            (uint64_t)(unsigned char)s[len - 1] << 16;
    } else {
        w = 0;
    }
    h = hash_mix(h, w) * 0xbf58476d1ce4e5b9u;
    return h ^ (h >> 32);
}

static size_t
hash_str(size_t h, const char *s)
{
    /* NULL hashes apart from "" */
    if (!s)
        return h * 31 + 7;
    return (size_t)hash_mem(h, s, strlen(s));
}

static bool
same_str(const char *a, const char *b)
{
    /* pooled names are often the very same pointer */
    return a == b || (a && b && a[0] == b[0] && strcmp(a, b) == 0);
}

static size_t
name_hash(const char *name, const char *ns)
{
    return hash_str(hash_str(14695981039346656037u, name), ns);
}

static struct name_slot *
name_slot_find(struct name_slot *slots, size_t cap, const char *name, const char *ns, size_t h)
{
    size_t i = h & (cap - 1);
    while (slots[i].used &&
           !(slots[i].hash == h && same_str(slots[i].name, name) && same_str(slots[i].ns, ns)))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

void
name_index_release(struct name_index *ix)
{
    free(ix->slots);
    memset(ix, 0, sizeof(*ix));
}

size_t
name_index_get(const struct name_index *ix, const char *name, const char *ns)
{
    const struct name_slot *s;
    if (!ix->cap)
        return SIZE_MAX;
    s = name_slot_find(ix->slots, ix->cap, name, ns, name_hash(name, ns));
    return s->used ? s->value : SIZE_MAX;
}

int
name_index_put(struct name_index *ix, const char *name, const char *ns, size_t value)
{
    struct name_slot *s;
    size_t h;
    /* at most half full, so that a probe ends soon */
    if ((ix->count + 1) * 2 > ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 16, i;
        struct name_slot *slots;
        if (cap > SIZE_MAX / 2 / sizeof(*slots) || !(slots = calloc(cap, sizeof(*slots))))
            return -1;
        for (i = 0; i < ix->cap; i++)
            if (ix->slots[i].used)
                *name_slot_find(slots, cap, ix->slots[i].name, ix->slots[i].ns,
                                ix->slots[i].hash) = ix->slots[i];
        free(ix->slots);
        ix->slots = slots;
        ix->cap = cap;
    }
    h = name_hash(name, ns);
    s = name_slot_find(ix->slots, ix->cap, name, ns, h);
    if (!s->used) {
        s->used = true;
        s->hash = h;
        s->name = name;
        s->ns = ns;
        ix->count++;
    }
    s->value = value;
    return 0;
}

struct strpool_chunk {
    struct strpool_chunk *next;
    size_t used, size;
    char data[];
};

#define STRPOOL_CHUNK 4096

/* The slot of s in the table: where it is, or the empty slot where it goes. s has no NUL
 * before len (strpool_get() cuts it there). */
static inline struct strpool_slot *
strpool_slot(const struct strpool *pool, const char *s, size_t len, uint64_t h)
{
    size_t mask = pool->cap - 1, i = (size_t)h & mask;
    uint32_t tag = (uint32_t)(h >> 32);
    while (pool->slots[i].str &&
           (pool->slots[i].tag != tag || pool->slots[i].len != len ||
            memcmp(pool->slots[i].str, s, len) != 0))
        i = (i + 1) & mask;
    return &pool->slots[i];
}

static int
strpool_grow(struct strpool *pool)
{
    struct strpool old = *pool;
    size_t i;
    pool->cap = old.cap ? old.cap * 2 : 256;
    pool->slots = calloc(pool->cap, sizeof(*pool->slots));
    if (!pool->slots) {
        *pool = old;
        return -1;
    }
    for (i = 0; i < old.cap; i++)
        if (old.slots[i].str) {
            const struct strpool_slot *o = &old.slots[i];
            *strpool_slot(pool, o->str, o->len, hash_mem(0, o->str, o->len)) = *o;
        }
    free(old.slots);
    return 0;
}

const char *
strpool_get(struct strpool *pool, const char *s, size_t len)
{
    struct strpool_slot *slot;
    struct strpool_chunk *c;
    const char *nul;
    uint64_t h;
    char *p;

    if (pool->cap && len <= UINT32_MAX) {
        /* most names are pooled already; a pooled string has no NUL, so s[0..len) equal to
         * one has none either, and only a new string is searched for a NUL */
        h = hash_mem(0, s, len);
        slot = strpool_slot(pool, s, len, h);
        if (slot->str)
            return slot->str;
    }
    if ((nul = memchr(s, '\0', len)) != NULL)
        return strpool_get(pool, s, (size_t)(nul - s));
    if (len > UINT32_MAX)
        return NULL; /* a name of 4 GB: no Kubernetes name is one */
    if ((pool->count + 1) * 2 > pool->cap && strpool_grow(pool) < 0)
        return NULL;
    h = hash_mem(0, s, len);
    slot = strpool_slot(pool, s, len, h);
    c = pool->chunks;
    if (!c || c->size - c->used < len + 1) {
        size_t size = len + 1 > STRPOOL_CHUNK ? len + 1 : STRPOOL_CHUNK;
        c = malloc(sizeof(*c) + size);
        if (!c)
            return NULL;
        c->size = size;
        c->used = 0;
        c->next = pool->chunks;
        pool->chunks = c;
    }
    p = c->data + c->used;
    c->used += len + 1;
    memcpy(p, s, len);
    p[len] = '\0';
    pool->count++;
    slot->len = (uint32_t)len;
    slot->tag = (uint32_t)(h >> 32);
    return slot->str = p;
}

const char *
strpool_find(const struct strpool *pool, const char *s)
{
    size_t len = strlen(s);
    if (!pool->cap || len > UINT32_MAX)
        return NULL;
    return strpool_slot(pool, s, len, hash_mem(0, s, len))->str;
}

void
strpool_release(struct strpool *pool)
{
    struct strpool_chunk *c, *next;
    for (c = pool->chunks; c; c = next) {
        next = c->next;
        free(c);
    }
    free(pool->slots);
    memset(pool, 0, sizeof(*pool));
}
