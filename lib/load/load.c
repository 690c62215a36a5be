/* load.c - YAML/JSON bytes to document trees, one document at a time (RLINT001, RLINT002,
 * RLINT008).
 *
 * libyaml's event parser drives a small builder with an explicit stack, so nesting depth is
 * bounded by a limit, not by the C stack. The subset: any YAML 1.1 stream libyaml accepts, and
 * JSON (a YAML flow document). Marks: libyaml counts lines and columns from 0, in characters;
 * they become 1-based in exactly one place, mark_to_pos(). Aliases are resolved to the
 * anchored node itself (no copy), and their number per document is limited, so an alias bomb
 * costs nothing to hold and stops at the limit. A syntax error ends that input (libyaml cannot
 * resynchronise) with one finding; documents before it have been checked.
 */
#include "load.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "findings.h"
#include "paths.h"
#include "util.h"
#include "banned.h"

/* An open collection: its children so far are kids[start..] of the builder's one stack of
 * children (copied to the arena when the collection ends), so that opening a collection
 * allocates nothing once the stack has grown to the document's needs.
 *
 * A collection no reader looks into (paths.h) is skipped: a frame without a node, whose
 * children are not built, except the scalar keys of a mapping, kept on the stack until it
 * ends for the duplicate-key check (RLINT002 covers the whole document), and any anchored
 * node, built whole in case an alias elsewhere needs it. A skipped value of a built mapping
 * or sequence is b->skipped, a placeholder no reader reaches. */
struct frame {
    struct node *node;   /* NULL: skipped */
    size_t start;
    size_t nchild;       /* skipped frames: children so far (a mapping's keys are even) */
    enum path_kind path; /* what is read below (built frames) */
    bool mapping;        /* skipped frames: a mapping, not a sequence */
};

/* An anchor: its name is in the document's arena, like the nodes. */
struct anchor {
    const char *name;
    struct node *node;
};

/* Anchors by name: an open-addressing table of indexes into builder.anchors, so that a
 * document with a million anchors does not make every alias a linear search. 32-bit slots:
 * 8 MiB for a million anchors (a document of more than UINT32_MAX - 1 anchors, 12 GB at
 * least, gets RLINT_ENOMEM). */
struct anchor_index {
    uint32_t *slots; /* index + 1; 0 = empty */
    size_t cap;      /* a power of two */
};

struct dup {
    const struct node *key;
    const struct node *mapping; /* the mapping that holds it */
};

struct builder {
    const struct load *ld;
    bool no_positions;
    const char *file;
    struct arena *arena;
    struct frame *stack;
    size_t depth, stack_cap;
    bool whole; /* the top frame is built and read whole (read_whole()) */
    struct node **kids;
    size_t nkids, kids_cap;
    struct anchor *anchors;
    size_t nanchors, anchors_cap;
    struct anchor_index index;
    size_t aliases;
    struct node *root;
    struct node *skipped; /* the placeholder of this document, in its arena */
    struct dup *dups;
    size_t ndups, dups_cap;
};

static void
mark_to_pos(const yaml_mark_t *mark, unsigned *line, unsigned *column)
{
    *line = (unsigned)mark->line + 1;
    *column = (unsigned)mark->column + 1;
}

static void
builder_reset(struct builder *b)
{
    b->depth = 0;
    b->whole = false;
    b->nkids = 0;
    b->skipped = NULL;
    b->nanchors = 0; /* their names were in the arena */
    free(b->index.slots);
    b->index.slots = NULL;
    b->index.cap = 0;
    b->aliases = 0;
    b->root = NULL;
    b->ndups = 0;
    arena_free(b->arena);
    b->arena = NULL;
}

static void
builder_release(struct builder *b)
{
    builder_reset(b);
    free(b->stack);
    free(b->kids);
    free(b->anchors);
    free(b->dups);
}

static inline struct node *
new_node(struct builder *b, enum node_type type, const yaml_mark_t *mark)
{
    struct node *n = arena_alloc_aligned(b->arena, sizeof(*n), alignof(struct node));
    if (!n)
        return NULL;
    *n = (struct node){.type = type};
    if (!b->no_positions)
        mark_to_pos(mark, &n->line, &n->column);
    return n;
}

/* memcpy() of a scalar's text, inline for up to 16 bytes: most keys and names are that
 * short, and a call per scalar was a visible share of building one. The overlapping moves of
 * a fixed size stay within src[0..len). */
static inline void
copy_text(char *dst, const char *src, size_t len)
{
    uint64_t a8, b8;
    uint32_t a4, b4;
    if (len > 16) {
        memcpy(dst, src, len);
    } else if (len >= 8) {
        memcpy(&a8, src, 8);
        memcpy(&b8, src + len - 8, 8);
        memcpy(dst, &a8, 8);
        memcpy(dst + len - 8, &b8, 8);
    } else if (len >= 4) {
        memcpy(&a4, src, 4);
        memcpy(&b4, src + len - 4, 4);
        memcpy(dst, &a4, 4);
        memcpy(dst + len - 4, &b4, 4);
    } else if (len) {
        dst[0] = src[0];
        dst[len / 2] = src[len / 2];
        dst[len - 1] = src[len - 1];
    }
}

/* A scalar node and its text in one allocation. */
static struct node *
new_scalar(struct builder *b, const yaml_event_t *ev)
{
    size_t len = ev->data.scalar.length;
    struct node *n;
    char *text;

    if (len > SIZE_MAX - sizeof(*n) - 1)
        return NULL;
    n = arena_alloc_aligned(b->arena, sizeof(*n) + len + 1, alignof(struct node));
    if (!n)
        return NULL;
    text = (char *)(n + 1);
    copy_text(text, (const char *)ev->data.scalar.value, len);
    text[len] = '\0';
    *n = (struct node){
        .value = text,
        .len = len,
        .type = NODE_SCALAR,
        .plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE,
        .tagged_str =
            ev->data.scalar.tag && strcmp((const char *)ev->data.scalar.tag, YAML_STR_TAG) == 0,
    };
    if (!b->no_positions)
        mark_to_pos(&ev->start_mark, &n->line, &n->column);
    return n;
}

static size_t
hash_name(const char *s)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot of name in the index: where it is, or the empty slot where it would go. */
static uint32_t *
index_slot(struct builder *b, const char *name)
{
    size_t mask = b->index.cap - 1, i = hash_name(name) & mask;
    while (b->index.slots[i] && strcmp(b->anchors[b->index.slots[i] - 1].name, name) != 0)
        i = (i + 1) & mask;
    return &b->index.slots[i];
}

static int
index_grow(struct builder *b)
{
    struct anchor_index old = b->index;
    size_t i;
    b->index.cap = old.cap ? old.cap * 2 : 64;
    b->index.slots = calloc(b->index.cap, sizeof(*b->index.slots));
    if (!b->index.slots) {
        b->index = old;
        return RLINT_ENOMEM;
    }
    for (i = 0; i < old.cap; i++)
        if (old.slots[i])
            *index_slot(b, b->anchors[old.slots[i] - 1].name) = old.slots[i];
    free(old.slots);
    return 0;
}

static int
add_anchor(struct builder *b, const yaml_char_t *name, struct node *n)
{
    uint32_t *slot;
    if (!name)
        return 0;
    if (b->nanchors >= UINT32_MAX - 1)
        return RLINT_ENOMEM;
    if ((b->nanchors + 1) * 2 > b->index.cap && index_grow(b) < 0)
        return RLINT_ENOMEM;
    slot = index_slot(b, (const char *)name);
    if (*slot) {
        /* a redefined anchor: the latest definition wins, as YAML says */
        b->anchors[*slot - 1].node = n;
        return 0;
    }
    if (grow_array(&b->anchors, &b->anchors_cap, b->nanchors + 1, sizeof(*b->anchors)) < 0)
        return RLINT_ENOMEM;
    b->anchors[b->nanchors].name = arena_strndup(b->arena, (const char *)name,
                                                 strlen((const char *)name));
    if (!b->anchors[b->nanchors].name)
        return RLINT_ENOMEM;
    b->anchors[b->nanchors++].node = n;
    *slot = (uint32_t)b->nanchors;
    return 0;
}

static struct node *
find_anchor(struct builder *b, const yaml_char_t *name)
{
    uint32_t *slot;
    if (!b->index.cap)
        return NULL;
    slot = index_slot(b, (const char *)name);
    return *slot ? b->anchors[*slot - 1].node : NULL;
}

/* Is the next child of a skipped frame f a mapping key? */
static bool
skipped_key_next(const struct frame *f)
{
    return f->mapping && f->nchild % 2 == 0;
}

/* Adds n to the children of the collection on top of the stack. */
static int
kids_push(struct builder *b, struct node *n)
{
    if (b->nkids == b->kids_cap &&
        grow_array(&b->kids, &b->kids_cap, b->nkids + 1, sizeof(*b->kids)) < 0)
        return RLINT_ENOMEM;
    b->kids[b->nkids++] = n;
    return 0;
}

/* Attaches n to the collection on top of the stack, or makes it the root. Under a skipped
 * mapping only a key is kept (for the duplicate check); under a skipped sequence nothing. */
static int
attach(struct builder *b, struct node *n)
{
    struct frame *top;
    if (b->depth == 0) {
        b->root = n;
        return 0;
    }
    top = &b->stack[b->depth - 1];
    if (!top->node && !skipped_key_next(top)) {
        top->nchild++;
        return 0;
    }
    if (!top->node)
        top->nchild++;
    return kids_push(b, n);
}

/* A child that is not built: the placeholder under a built collection, a count under a
 * skipped one. */
static int
attach_skipped(struct builder *b)
{
    struct frame *top = &b->stack[b->depth - 1];
    if (!top->node) {
        top->nchild++;
        return 0;
    }
    if (!b->skipped) {
        b->skipped = arena_alloc_aligned(b->arena, sizeof(*b->skipped), alignof(struct node));
        if (!b->skipped)
            return RLINT_ENOMEM;
        memset(b->skipped, 0, sizeof(*b->skipped));
        b->skipped->type = NODE_SCALAR;
        b->skipped->value = "";
    }
    return attach(b, b->skipped);
}

/* Is the top collection built and read whole? Then so is every child (child_path()). Kept
 * by push() and pop() (frame_popped()), asked for every event. */
static bool
read_whole(const struct builder *b)
{
    return b->whole;
}

static void
frame_popped(struct builder *b)
{
    const struct frame *top;
    b->depth--;
    top = b->depth ? &b->stack[b->depth - 1] : NULL;
    b->whole = top && top->node && top->path == PATH_FULL;
}

/* What is read below the next child of the top collection (PATH_SKIP: nothing). An anchored
 * node is built whole: an alias may put it where everything is read. *key: the child is a key
 * of a skipped mapping (built when it is a scalar, for the duplicate check). */
static enum path_kind
child_path(const struct builder *b, bool anchored, bool *key)
{
    const struct frame *top;
    *key = false;
    if (b->depth == 0)
        return anchored ? PATH_FULL : PATH_OBJECT;
    top = &b->stack[b->depth - 1];
    if (!top->node) {
        *key = skipped_key_next(top);
        return anchored ? PATH_FULL : PATH_SKIP;
    }
    if (anchored || top->path == PATH_FULL)
        return PATH_FULL;
    if (top->node->type == NODE_SEQUENCE)
        return path_item(top->path);
    if ((b->nkids - top->start) % 2 == 0)
        return PATH_FULL; /* a key of a built mapping */
    {
        const struct node *k = b->kids[b->nkids - 1];
        return k->type == NODE_SCALAR ? path_key(top->path, k->value, k->len) : PATH_SKIP;
    }
}

static inline int
push(struct builder *b, struct node *n, enum path_kind path, bool mapping)
{
    struct frame *f;
    if (b->depth == b->stack_cap &&
        grow_array(&b->stack, &b->stack_cap, b->depth + 1, sizeof(*b->stack)) < 0)
        return RLINT_ENOMEM;
    f = &b->stack[b->depth++];
    f->node = n;
    f->start = b->nkids;
    f->nchild = 0;
    f->path = path;
    f->mapping = mapping;
    b->whole = n && path == PATH_FULL;
    return 0;
}

static int
compare_key_ptrs(const void *pa, const void *pb)
{
    const struct node *a = *(const struct node *const *)pa;
    const struct node *b = *(const struct node *const *)pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->value, b->value, n);
    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    /* equal keys: document order (line, then column) so the later one is reported */
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->column < b->column ? -1 : a->column > b->column;
}

/* Do two of the scalar keys keys[0..count) have the same text? */
static bool
has_equal_keys(struct node *const *keys, size_t count)
{
    size_t i, j;
    for (i = 1; i < count; i++) {
        const struct node *a = keys[i];
        if (a->type != NODE_SCALAR)
            continue;
        for (j = 0; j < i; j++) {
            const struct node *k = keys[j];
            if (k->type == NODE_SCALAR && k->len == a->len &&
                (a->len == 0 || k->value[0] == a->value[0]) &&
                memcmp(k->value, a->value, a->len) == 0)
                return true;
        }
    }
    return false;
}

/* Records keys that repeat an earlier key of the same mapping; O(n log n) so that a mapping
 * with many keys cannot make this quadratic. */
static int
find_duplicate_keys(struct builder *b, const struct node *m, struct node *const *keys,
                    size_t count)
{
    const struct node **sorted;
    const struct node *small[16];
    size_t i, nscalar = 0;

    if (count < 2)
        return 0;
    if (count == 2) {
        /* an env entry, a secretKeyRef: the sort below, without it */
        const struct node *k0 = keys[0], *k1 = keys[1];
        if (k0->type != NODE_SCALAR || k1->type != NODE_SCALAR || k0->len != k1->len ||
            memcmp(k0->value, k1->value, k0->len) != 0)
            return 0;
        if (grow_array(&b->dups, &b->dups_cap, b->ndups + 1, sizeof(*b->dups)) < 0)
            return RLINT_ENOMEM;
        b->dups[b->ndups].mapping = m;
        b->dups[b->ndups++].key = compare_key_ptrs(&k0, &k1) > 0 ? k0 : k1;
        return 0;
    }
    /* most mappings are small and have no duplicate: a pass over their pairs says so
     * without sorting (most pairs differ in length) */
    if (count <= ARRAY_SIZE(small) && !has_equal_keys(keys, count))
        return 0;
    /* sorted by insertion on the stack, stable like glibc's qsort (a merge sort), so that
     * equal keys without positions keep their order */
    sorted = count <= ARRAY_SIZE(small) ? small : malloc(count * sizeof(*sorted));
    if (!sorted)
        return RLINT_ENOMEM;
    for (i = 0; i < count; i++)
        if (keys[i]->type == NODE_SCALAR)
            sorted[nscalar++] = keys[i];
    if (sorted == small) {
        size_t j;
        for (i = 1; i < nscalar; i++) {
            const struct node *k = sorted[i];
            for (j = i; j > 0 && compare_key_ptrs(&sorted[j - 1], &k) > 0; j--)
                sorted[j] = sorted[j - 1];
            sorted[j] = k;
        }
    } else {
        qsort(sorted, nscalar, sizeof(*sorted), compare_key_ptrs);
    }
    for (i = 1; i < nscalar; i++) {
        if (sorted[i]->len != sorted[i - 1]->len ||
            memcmp(sorted[i]->value, sorted[i - 1]->value, sorted[i]->len) != 0)
            continue;
        if (grow_array(&b->dups, &b->dups_cap, b->ndups + 1, sizeof(*b->dups)) < 0) {
            if (sorted != small)
                free(sorted);
            return RLINT_ENOMEM;
        }
        b->dups[b->ndups].mapping = m;
        b->dups[b->ndups++].key = sorted[i];
    }
    if (sorted != small)
        free(sorted);
    return 0;
}

/* Can a scalar key of keys[0..count) repeat? Not with fewer than two, nor with two that are
 * not both scalars or differ in length or first byte: most built mappings (an env entry, a
 * secretKeyRef), told here without a call. */
static inline bool
may_repeat(struct node *const *keys, size_t count)
{
    if (count != 2)
        return count > 2;
    return keys[0]->type == NODE_SCALAR && keys[1]->type == NODE_SCALAR &&
           keys[0]->len == keys[1]->len && keys[0]->value[0] == keys[1]->value[0];
}

static int
pop(struct builder *b)
{
    struct frame *f = &b->stack[b->depth - 1];
    struct node *n = f->node;
    struct node **kids = b->kids + f->start;
    size_t i, nk = b->nkids - f->start;
    int rc;

    if (!n) {
        /* a skipped mapping: its kids are its scalar keys (a NULL mapping in the report) */
        if (f->mapping && (rc = find_duplicate_keys(b, NULL, kids, nk)) < 0)
            return rc;
        b->nkids = f->start;
        frame_popped(b);
        return 0;
    }
    /* never an empty array: node_items() adds count to it */
    n->kids = arena_alloc_aligned(b->arena, (nk ? nk : 1) * sizeof(*n->kids),
                                  alignof(struct node *));
    if (!n->kids)
        return RLINT_ENOMEM;
    if (n->type == NODE_MAPPING) {
        /* key, value, key, value... becomes the keys, then the values. A key without a value
         * cannot happen with a well-formed event stream. */
        n->count = nk / 2;
        for (i = 0; i < n->count; i++) {
            n->kids[i] = kids[2 * i];
            n->kids[n->count + i] = kids[2 * i + 1];
        }
        if (may_repeat(node_keys(n), n->count) &&
            (rc = find_duplicate_keys(b, n, node_keys(n), n->count)) < 0)
            return rc;
    } else {
        n->count = nk;
        if (nk)
            memcpy(n->kids, kids, nk * sizeof(*n->kids));
    }
    b->nkids = f->start;
    frame_popped(b);
    return 0;
}

/* A limit hit while parsing: an error finding at the event's position. */
static int
report_limit(struct builder *b, const yaml_mark_t *mark, const char *what, size_t limit,
             const char *option)
{
    struct diag_loc loc = {.file = b->file};
    mark_to_pos(mark, &loc.line, &loc.column);
    return report_add(b->ld->report, RULE_LIMIT_EXCEEDED, RLINT_SEVERITY_ERROR, NULL, &loc,
                      "more than %zu %s; the rest of the file is not checked (%s)", limit, what,
                      option);
}

static bool
printable_name(const struct node *k)
{
    size_t i;
    if (k->len == 0 || k->len > 200)
        return false;
    for (i = 0; i < k->len; i++)
        if ((unsigned char)k->value[i] < 0x20 || k->value[i] == 0x7f)
            return false;
    return true;
}

/* The object (a document, or an item of a List or Template) that holds a node at line. */
static const struct node *
object_at(const struct node *root, unsigned line)
{
    const char *kind = node_get_str(root, "kind");
    const struct node *items = NULL, *best = root;
    size_t i;
    if (kind && strcmp(kind, "Template") == 0)
        items = node_get(root, "objects");
    else if (kind && strlen(kind) >= 4 && strcmp(kind + strlen(kind) - 4, "List") == 0)
        items = node_get(root, "items");
    if (!items || items->type != NODE_SEQUENCE)
        return root;
    for (i = 0; i < items->count; i++)
        if (node_items(items)[i]->type == NODE_MAPPING && node_items(items)[i]->line <= line)
            best = node_items(items)[i];
    return best;
}

static int
report_duplicates(struct builder *b)
{
    size_t i;
    int rc;
    for (i = 0; i < b->ndups; i++) {
        const struct node *k = b->dups[i].key;
        const struct node *obj = b->root ? object_at(b->root, k->line) : NULL;
        const char *kind = obj ? node_get_str(obj, "kind") : NULL;
        const char *name = obj ? node_get_str(node_get(obj, "metadata"), "name") : NULL;
        const char *ns = obj ? node_get_str(node_get(obj, "metadata"), "namespace") : NULL;
        struct object_ref ref = {.file = (char *)b->file, .kind = (char *)kind,
                                 .name = (char *)name, .namespace_ = (char *)ns};
        struct diag_loc loc = {.obj = kind ? &ref : NULL, .file = b->file, .line = k->line,
                               .column = k->column};
        bool printable = printable_name(k);
        char *path = NULL;

        if (obj && printable && b->dups[i].mapping &&
            (b->dups[i].mapping == node_get(obj, "data") ||
                                 b->dups[i].mapping == node_get(obj, "stringData"))) {
            struct strbuf sb;
            strbuf_init(&sb);
            strbuf_addf(&sb, ".%s.%s",
                        b->dups[i].mapping == node_get(obj, "data") ? "data" : "stringData",
                        k->value);
            path = strbuf_finish(&sb);
            if (!path)
                return RLINT_ENOMEM;
            loc.key = k->value;
            loc.path = path;
        }
        /* key names are not secret, but a key may hold anything: cap and keep it printable */
        if (!printable)
            rc = report_add(b->ld->report, RULE_DUPLICATE_KEY, RLINT_SEVERITY_WARNING, NULL, &loc,
                            "duplicate mapping key; the last value wins silently");
        else
            rc = report_add(b->ld->report, RULE_DUPLICATE_KEY, RLINT_SEVERITY_WARNING, NULL, &loc,
                            "duplicate mapping key '%s'; the last value wins silently", k->value);
        free(path);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Handles one event. Returns 0 to go on, 1 when the input must stop (a limit finding was
 * reported), or a negative status. */
static int
on_event(struct builder *b, const yaml_event_t *ev)
{
    const yaml_char_t *anchor;
    enum path_kind path;
    struct node *n;
    bool key, full;
    int rc;

    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (arena_new(&b->arena) < 0)
            return RLINT_ENOMEM;
        return 0;
    case YAML_DOCUMENT_END_EVENT:
        rc = report_duplicates(b);
        if (rc == 0 && b->root)
            rc = b->ld->document(b->ld->arg, b->file, b->root);
        builder_reset(b);
        return rc;
    case YAML_SCALAR_EVENT:
        /* most scalars are in a collection read whole (env entries), with no anchor: they
         * need neither child_path() nor attach() */
        full = read_whole(b) && !ev->data.scalar.anchor;
        if (!full && child_path(b, ev->data.scalar.anchor != NULL, &key) == PATH_SKIP && !key)
            return attach_skipped(b);
        if (!(n = new_scalar(b, ev)))
            return RLINT_ENOMEM;
        if (full)
            return kids_push(b, n);
        if ((rc = add_anchor(b, ev->data.scalar.anchor, n)) < 0)
            return rc;
        return attach(b, n);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        if (b->depth >= b->ld->max_depth) {
            rc = report_limit(b, &ev->start_mark, "levels of nesting", b->ld->max_depth,
                              "--max-depth");
            return rc < 0 ? rc : 1;
        }
        anchor = ev->type == YAML_MAPPING_START_EVENT ? ev->data.mapping_start.anchor
                                                      : ev->data.sequence_start.anchor;
        /* as for scalars */
        full = read_whole(b) && !anchor;
        path = full ? PATH_FULL : child_path(b, anchor != NULL, &key);
        if (path == PATH_SKIP) {
            if ((rc = attach_skipped(b)) < 0)
                return rc;
            return push(b, NULL, PATH_SKIP, ev->type == YAML_MAPPING_START_EVENT);
        }
        n = new_node(b, ev->type == YAML_MAPPING_START_EVENT ? NODE_MAPPING : NODE_SEQUENCE,
                     &ev->start_mark);
        if (!n)
            return RLINT_ENOMEM;
        if (full)
            rc = kids_push(b, n);
        else if ((rc = add_anchor(b, anchor, n)) == 0)
            rc = attach(b, n);
        if (rc < 0)
            return rc;
        return push(b, n, path, ev->type == YAML_MAPPING_START_EVENT);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return b->depth ? pop(b) : 0;
    case YAML_ALIAS_EVENT:
        if (++b->aliases > b->ld->max_aliases) {
            rc = report_limit(b, &ev->start_mark, "aliases in one document", b->ld->max_aliases,
                              "--max-aliases");
            return rc < 0 ? rc : 1;
        }
        if (b->depth && !b->stack[b->depth - 1].node &&
            !skipped_key_next(&b->stack[b->depth - 1]))
            return attach_skipped(b); /* nothing reads it, and it is not a key */
        n = find_anchor(b, ev->data.alias.anchor);
        if (!n) {
            /* libyaml's parser already rejects undefined aliases; keep a null if not */
            n = new_node(b, NODE_SCALAR, &ev->start_mark);
            if (!n)
                return RLINT_ENOMEM;
            n->value = "";
            n->plain = true;
        }
        return attach(b, n);
    default:
        return 0;
    }
}

/* Where the bytes come from: a buffer, or read_at() (rlint_load_stream()). */
struct input {
    const char *buf;
    size_t len;
    rlint_read_at_fn read_at;
    void *arg;
    size_t offset; /* the next byte read_at() is asked for */
    bool failed;   /* read_at() could not read */
};

/* libyaml's read handler over read_at(): 1 and *size_read (0 at the end), or 0 on failure */
static int
stream_read(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
    struct input *in = data;
    size_t cap = size < in->len - in->offset ? size : in->len - in->offset;

    *size_read = 0;
    if (cap == 0)
        return 1;
    if (in->read_at(in->arg, in->offset, (char *)buffer, cap, size_read) != 0 ||
        *size_read > cap) {
        *size_read = 0;
        in->failed = true;
        return 0;
    }
    in->offset += *size_read;
    return 1;
}

/* Counts lines and characters (not UTF-8 continuation bytes) over n bytes, from where line
 * and column already are. */
static void
count_pos(const char *p, size_t n, unsigned *line, unsigned *column)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i] == '\n') {
            (*line)++;
            *column = 1;
        } else if (((unsigned char)p[i] & 0xc0) != 0x80) {
            (*column)++;
        }
    }
}

/* Reader errors (bad UTF-8, control characters) carry a byte offset, not a mark: count lines
 * and characters up to it; a stream is read again from its start for that. */
static int
offset_to_pos(struct input *in, size_t offset, unsigned *line, unsigned *column)
{
    enum { CHUNK = 64 * 1024 };
    size_t at = 0, got;
    char *chunk;

    *line = 1;
    *column = 1;
    if (offset > in->len)
        offset = in->len;
    if (!in->read_at) {
        count_pos(in->buf, offset, line, column);
        return 0;
    }
    if (!(chunk = malloc(CHUNK)))
        return RLINT_ENOMEM;
    while (at < offset) {
        size_t want = offset - at < CHUNK ? offset - at : CHUNK;
        if (in->read_at(in->arg, at, chunk, want, &got) != 0 || got == 0 || got > want)
            break; /* the input changed under us: the position so far */
        count_pos(chunk, got, line, column);
        wipe(chunk, got);
        at += got;
    }
    free(chunk);
    return 0;
}

static int
report_syntax_error(struct builder *b, const yaml_parser_t *parser, struct input *in)
{
    struct strbuf sb;
    struct diag_loc loc = {.file = b->file};
    const yaml_mark_t *mark = &parser->problem_mark;
    char *what;
    int rc;

    if (parser->error == YAML_READER_ERROR) {
        if ((rc = offset_to_pos(in, parser->problem_offset, &loc.line, &loc.column)) < 0)
            return rc;
    } else {
        mark_to_pos(mark, &loc.line, &loc.column);
    }
    strbuf_init(&sb);
    /* libyaml's problem and context texts are fixed strings: no input is quoted in them */
    strbuf_adds(&sb, parser->problem ? parser->problem : "syntax error");
    if (parser->context) {
        unsigned cl, cc;
        mark_to_pos(&parser->context_mark, &cl, &cc);
        strbuf_addf(&sb, " %s (at %u:%u)", parser->context, cl, cc);
    }
    what = strbuf_finish(&sb);
    if (!what)
        return RLINT_ENOMEM;
    rc = report_add(b->ld->report, RULE_YAML_SYNTAX, RLINT_SEVERITY_ERROR, NULL, &loc,
                    "syntax error: %s; the rest of this file is not checked", what);
    free(what);
    return rc;
}

/* The loader over either kind of input. */
static int
load_input(const struct load *ld, const char *name, struct input *in)
{
    struct builder b = {0};
    yaml_parser_t parser;
    yaml_event_t ev;
    size_t documents = 0;
    int rc = 0;

    b.ld = ld;
    b.file = name;
    b.no_positions = ld->no_positions;
    if (in->len > ld->max_file_size) {
        struct diag_loc loc = {.file = name};
        rc = report_add(ld->report, RULE_LIMIT_EXCEEDED, RLINT_SEVERITY_ERROR, NULL, &loc,
                        "file is larger than the %zu-byte limit; not checked "
                        "(--max-file-size)",
                        ld->max_file_size);
        return rc < 0 ? rc : RLINT_ELIMIT;
    }
    if (!yaml_parser_initialize(&parser))
        return RLINT_ENOMEM;
    if (in->read_at)
        yaml_parser_set_input(&parser, stream_read, in);
    else
        yaml_parser_set_input_string(&parser, (const unsigned char *)in->buf, in->len);

    for (;;) {
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = parser.error == YAML_MEMORY_ERROR ? RLINT_ENOMEM
                 : in->failed                      ? RLINT_EIO
                                                   : report_syntax_error(&b, &parser, in);
            break;
        }
        if (ev.type == YAML_DOCUMENT_START_EVENT && ++documents > ld->max_documents) {
            struct diag_loc loc = {.file = name};
            mark_to_pos(&ev.start_mark, &loc.line, &loc.column);
            rc = report_add(ld->report, RULE_LIMIT_EXCEEDED, RLINT_SEVERITY_ERROR, NULL, &loc,
                            "more than %zu documents; the rest of the file is not checked "
                            "(--max-documents)",
                            ld->max_documents);
            yaml_event_delete(&ev);
            break;
        }
        rc = on_event(&b, &ev);
        if (ev.type == YAML_STREAM_END_EVENT || rc != 0) {
            yaml_event_delete(&ev);
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    builder_release(&b);
    return rc < 0 ? rc : RLINT_OK;
}

int
load_buffer(const struct load *ld, const char *name, const char *buf, size_t len)
{
    struct input in = {.buf = buf ? buf : "", .len = len};
    return load_input(ld, name, &in);
}

int
load_stream(const struct load *ld, const char *name, rlint_read_at_fn read_at, void *arg,
            size_t size)
{
    struct input in = {.read_at = read_at, .arg = arg, .len = size};
    return load_input(ld, name, &in);
}
