/* rules-env.c - workload env references to Secrets (RLINT090-RLINT098).
 *
 * Generic part, for every workload: a secretKeyRef or envFrom must name a Secret of the input
 * (namespace-aware; unknown Secrets are an info) and, without optional: true, a key it has.
 * 3scale part, for the workloads and containers the version profile lists: every env var the
 * version reads from backend-redis or system-redis is there, from the right Secret and key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dbstate.h"
#include "install.h"
#include "profile.h"
#include "findings.h"
#include "rules.h"
#include "secret.h"
#include "util.h"
#include "workload.h"
#include "banned.h"

/* A namespace the manifests leave out is the one they are applied to: it matches any. */
static bool
ns_match(const char *a, const char *b)
{
    return !a || !b || strcmp(a, b) == 0;
}

/* The Secret a reference from w to name resolves to: the last one of that name whose
 * namespace matches (ns_match()). The winners of each (name, namespace) and the last of each
 * name are indexed as the Secrets are loaded (secret.c), so no lookup scans them all. */
static struct secret *
find_secret(struct rules *rs, const struct workload *w, const char *name)
{
    size_t i, j;
    if (!w->obj.namespace_) /* any namespace: the last of that name, never shadowed */
        i = name_index_get(&rs->model->secret_last, name, NULL);
    else { /* its own namespace, or one without a namespace: the later of the two */
        i = name_index_get(&rs->model->secret_by_ns, name, w->obj.namespace_);
        j = name_index_get(&rs->model->secret_by_ns, name, NULL);
        if (i == SIZE_MAX || (j != SIZE_MAX && j > i))
            i = j;
    }
    return i == SIZE_MAX ? NULL : &rs->model->secrets[i];
}

/* The last two Secret names find_secret() resolved for check_generic(), in which namespace,
 * and their answers: the env entries of an install's containers name backend-redis and
 * system-redis over and over, and a string compare of the namespace is cheaper than the two
 * index lookups. */
struct resolved {
    struct {
        const char *name; /* pooled; NULL: nothing yet */
        const char *namespace_;
        struct secret *secret;
    } slot[2];
    unsigned next; /* the slot replaced next */
};

static bool
same_namespace(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static inline struct secret *
find_secret_memo(struct rules *rs, struct resolved *memo, const struct workload *w,
                 const char *name)
{
    unsigned i;
    for (i = 0; i < ARRAY_SIZE(memo->slot); i++)
        if (memo->slot[i].name == name &&
            same_namespace(memo->slot[i].namespace_, w->obj.namespace_)) {
            /* this workload's copy of the name: its next entries compare pointers */
            memo->slot[i].namespace_ = w->obj.namespace_;
            return memo->slot[i].secret;
        }
    i = memo->next;
    memo->next = (i + 1) % ARRAY_SIZE(memo->slot);
    memo->slot[i].name = name;
    memo->slot[i].namespace_ = w->obj.namespace_;
    return memo->slot[i].secret = find_secret(rs, w, name);
}

/* The profile's env names as pooled pointers (model->strings), block by block: an env name
 * of a container is pooled, so it is one of them exactly when it is the same pointer, and
 * every env entry of every container is looked up in its profile container's blocks. */
struct pooled_envs {
    const struct profile_block *blocks; /* the profile's */
    size_t nblocks;
    const char **names; /* NULL: no env entry has that name */
    const char **secrets, **keys; /* the Secret and key each reads from, pooled the same way */
    size_t *first;      /* per block: the index of its first name in names */
    /* the key names of model->secrets, pooled: secret i's are entry_keys[entry_first[i]..] */
    const char **entry_keys;
    size_t *entry_first;
};

static int
pooled_envs_init(struct pooled_envs *pe, const struct model *model)
{
    const struct profile *p = model->profile;
    const struct profile_env *prev = NULL;
    size_t b, i, n = 0;
    memset(pe, 0, sizeof(*pe));
    if (!p || !p->nblocks)
        return 0;
    for (b = 0; b < p->nblocks; b++)
        n += p->blocks[b].count;
    pe->names = calloc(n ? n : 1, sizeof(*pe->names));
    pe->secrets = calloc(n ? n : 1, sizeof(*pe->secrets));
    pe->keys = calloc(n ? n : 1, sizeof(*pe->keys));
    pe->first = calloc(p->nblocks, sizeof(*pe->first));
    if (!pe->names || !pe->secrets || !pe->keys || !pe->first)
        return RLINT_ENOMEM;
    pe->blocks = p->blocks;
    pe->nblocks = p->nblocks;
    for (n = 0, b = 0; b < p->nblocks; b++) {
        pe->first[b] = n;
        for (i = 0; i < p->blocks[b].count; i++, n++) {
            const struct profile_env *env = &p->blocks[b].envs[i];
            pe->names[n] = strpool_find(&model->strings, env->name);
            /* this runs once per install: the Secret is most often the previous env's, and
             * a key often has its env's name (REDIS_STORAGE_URL), so a compare is enough */
            pe->secrets[n] = prev && strcmp(env->secret, prev->secret) == 0
                                 ? pe->secrets[n - 1]
                                 : strpool_find(&model->strings, env->secret);
            pe->keys[n] = strcmp(env->key, env->name) == 0
                              ? pe->names[n]
                              : strpool_find(&model->strings, env->key);
            prev = env;
        }
    }
    return 0;
}

/* The pooled key names of every Secret (pooled_envs entry_keys): an env reference's key is
 * pooled, so a Secret has it exactly when one of them is the same pointer. */
static int
pooled_entry_keys_init(struct pooled_envs *pe, const struct model *model)
{
    size_t i, j, n = 0;
    for (i = 0; i < model->nsecrets; i++)
        n += model->secrets[i].count;
    pe->entry_keys = calloc(n ? n : 1, sizeof(*pe->entry_keys));
    pe->entry_first = calloc(model->nsecrets + 1, sizeof(*pe->entry_first));
    if (!pe->entry_keys || !pe->entry_first)
        return RLINT_ENOMEM;
    for (n = 0, i = 0; i < model->nsecrets; i++) {
        pe->entry_first[i] = n;
        for (j = 0; j < model->secrets[i].count; j++)
            pe->entry_keys[n++] = strpool_find(&model->strings, model->secrets[i].entries[j].key);
    }
    pe->entry_first[i] = n;
    return 0;
}

static void
pooled_envs_release(struct pooled_envs *pe)
{
    free(pe->names);
    free(pe->secrets);
    free(pe->keys);
    free(pe->first);
    free(pe->entry_keys);
    free(pe->entry_first);
}

/* The index in pe's arrays of block's first env, or SIZE_MAX when block is not one of the
 * profile's (its names are then compared as strings). */
static size_t
pooled_first(const struct pooled_envs *pe, const struct profile_block *block)
{
    if (block < pe->blocks || block >= pe->blocks + pe->nblocks)
        return SIZE_MAX;
    return pe->first[block - pe->blocks];
}

/* Does s have key, a pooled name? An ExternalSecret with dataFrom may have any key: a
 * reference to it resolves. */
static bool
secret_has(const struct pooled_envs *pe, const struct model *model, const struct secret *s,
           const char *key)
{
    size_t i, at = (size_t)(s - model->secrets);
    if (s->keys_unknown)
        return true;
    for (i = pe->entry_first[at]; i < pe->entry_first[at + 1]; i++)
        if (pe->entry_keys[i] == key)
            return true;
    return false;
}

/* The first env of pc's blocks named name, a pooled env name. */
static const struct profile_env *
profile_env_named(const struct pooled_envs *pe, const struct profile_container *pc,
                  const char *name)
{
    size_t b, i;
    for (b = 0; pc && b < pc->nblocks; b++) {
        size_t at = pooled_first(pe, pc->blocks[b]);
        for (i = 0; i < pc->blocks[b]->count; i++)
            if (at != SIZE_MAX ? pe->names[at + i] == name
                               : strcmp(pc->blocks[b]->envs[i].name, name) == 0)
                return &pc->blocks[b]->envs[i];
    }
    return NULL;
}

static void
loc_env(struct diag_loc *loc, const struct workload *w, const struct wl_container *c,
        const struct env_ref *e)
{
    memset(loc, 0, sizeof(*loc));
    loc->obj = &w->obj;
    loc->line = e->line;
    loc->column = e->column;
    loc->key = e->name;
    loc->wl = c;
    loc->wl_list = "env";
    loc->wl_index = e->index;
}

static const char *
container_label(const struct wl_container *c)
{
    return c->hook ? "hook" : c->init ? "init container" : "container";
}

static const char *
component_of(const struct workload *w)
{
    return strncmp(w->obj.name, "backend-", 8) == 0 ? "backend" : "system (porta)";
}

/* A Secret the caller already reported as missing (live mode, RLINT016). */
static bool
reported_missing(const struct rules *rs, const struct workload *w, const char *name)
{
    size_t i;
    for (i = 0; i < rs->model->missing_secrets; i++)
        if (strcmp(rs->model->missing[i].name, name) == 0 &&
            ns_match(rs->model->missing[i].namespace_, w->obj.namespace_))
            return true;
    return false;
}

/* References to a Secret that is not in the pod's namespace in the input, gathered per
 * (namespace, Secret) and reported once each after every workload is seen: a 2.16 install
 * without its Secrets would otherwise get an info per workload and Secret. */
struct unknown_ref {
    const char *namespace_;  /* the workloads' (NULL: not given) */
    const char *secret;
    struct diag_loc first;   /* the first reference; .obj is its workload's */
    const struct workload *last_w;
    size_t refs, workloads;
    bool env_from;           /* the first reference is an envFrom */
    bool backend, system;    /* 3scale containers among the referencing ones */
};

struct unknown_refs {
    struct unknown_ref *v;
    size_t n, cap;
    struct name_index by_secret; /* (Secret, namespace) -> index in v */
};

static int
note_unknown(struct unknown_refs *u, const struct workload *w, const struct diag_loc *loc,
             const char *secret, const struct profile_container *pc, bool env_from)
{
    struct unknown_ref *r = NULL;
    size_t i = name_index_get(&u->by_secret, secret, w->obj.namespace_);
    if (i != SIZE_MAX)
        r = &u->v[i];
    if (!r) {
        if (grow_array(&u->v, &u->cap, u->n + 1, sizeof(*u->v)) < 0 ||
            name_index_put(&u->by_secret, secret, w->obj.namespace_, u->n) < 0)
            return RLINT_ENOMEM;
        r = &u->v[u->n++];
        memset(r, 0, sizeof(*r));
        r->namespace_ = w->obj.namespace_;
        r->secret = secret;
        r->first = *loc;
        r->env_from = env_from;
    }
    r->refs++;
    if (r->last_w != w)
        r->workloads++;
    r->last_w = w;
    if (pc && strncmp(w->obj.name, "backend-", 8) == 0)
        r->backend = true;
    else if (pc)
        r->system = true;
    return 0;
}

/* A view's reference whose finding cannot be written yet (other_namespace_of() undecided):
 * copied into the view's pending list, which the early check hands to the whole model. */
static int
pend_unknown(struct model *view, const struct unknown_ref *r)
{
    const struct object_ref *o = r->first.obj;
    struct pending_ref *p;

    if (grow_array(&view->pending_refs, &view->pending_refs_cap, view->npending_refs + 1,
                   sizeof(*view->pending_refs)) < 0)
        return RLINT_ENOMEM;
    p = &view->pending_refs[view->npending_refs];
    memset(p, 0, sizeof(*p));
    view->npending_refs++;
    if (object_ref_copy(&p->obj, o) < 0)
        return RLINT_ENOMEM;
    p->secret = xstrdup(r->secret);
    p->key = xstrdup(r->first.key);
    p->path = r->first.path ? xstrdup(r->first.path)
              : r->first.wl ? wl_path(r->first.wl, r->first.wl_list, r->first.wl_index)
                            : NULL;
    p->line = r->first.line;
    p->column = r->first.column;
    p->refs = r->refs;
    p->workloads = r->workloads;
    p->env_from = r->env_from;
    p->backend = r->backend;
    p->system = r->system;
    if (!p->secret || (r->first.key && !p->key) ||
        ((r->first.path || r->first.wl) && !p->path))
        return RLINT_ENOMEM; /* the view's release frees what was copied */
    return 0;
}

static int
report_unknown(struct rules *rs, const struct name_index *first, const struct unknown_ref *r)
{
    bool undecided = false;
    const char *other =
        other_namespace_of(rs->model, first, r->namespace_, r->secret, &undecided);
    const char *comp = r->backend && r->system ? "backend, system (porta)"
                       : r->backend            ? "backend"
                       : r->system             ? "system (porta)"
                                               : NULL;
    struct strbuf refs;
    char *what;
    int rc;

    if (undecided)
        return pend_unknown(rs->model, r);
    strbuf_init(&refs);
    if (r->refs == 1)
        strbuf_addf(&refs, "the %s from %s '%s'", r->env_from ? "envFrom" : "reference",
                    r->first.obj->kind, r->first.obj->name);
    else
        strbuf_addf(&refs, "its %zu references from %zu workload%s (first: %s '%s')", r->refs,
                    r->workloads, r->workloads == 1 ? "" : "s", r->first.obj->kind,
                    r->first.obj->name);
    what = strbuf_finish(&refs);
    if (!what)
        return RLINT_ENOMEM;
    if (other)
        rc = report_add(rs->report, RULE_ENV_REF_SECRET_OTHER_NAMESPACE, RLINT_SEVERITY_WARNING,
                        comp, &r->first,
                        "Secret '%s' is in namespace '%s' in the input, not in namespace '%s': "
                        "%s resolve%s in '%s' and fail%s there (CreateContainerConfigError) "
                        "unless the cluster has it in '%s' too",
                        r->secret, other, r->namespace_, what, r->refs == 1 ? "s" : "",
                        r->namespace_, r->refs == 1 ? "s" : "", r->namespace_);
    else
        rc = report_add(rs->report, RULE_ENV_REF_SECRET_UNKNOWN, RLINT_SEVERITY_INFO, NULL,
                        &r->first, "Secret '%s' is not in the input%s%s; %s %s not checked",
                        r->secret, r->namespace_ ? " for namespace " : "",
                        r->namespace_ ? r->namespace_ : "", what, r->refs == 1 ? "is" : "are");
    free(what);
    return rc;
}

/* A table from pooled names (compared as pointers) to what a container's check looks up by
 * name: the profile env that an entry is (check_generic()), the entry that a profile env is
 * (check_wiring()); one probe instead of a scan per entry or per env. Used when the names fit
 * in half of it, else the scans stay. */
#define NAME_TABLE 128
struct name_table {
    const char *name[NAME_TABLE];
    const void *value[NAME_TABLE];
};

static size_t
name_table_slot(const struct name_table *t, const char *name)
{
    size_t i = (size_t)((uint64_t)(uintptr_t)name * 0x9e3779b97f4a7c15u >> 57);
    while (t->name[i] && t->name[i] != name)
        i = (i + 1) % NAME_TABLE;
    return i;
}

/* Maps name (not NULL) to value; a name already there keeps its value unless replace. */
static void
name_table_put(struct name_table *t, const char *name, const void *value, bool replace)
{
    size_t i = name_table_slot(t, name);
    if (t->name[i] && !replace)
        return;
    t->name[i] = name;
    t->value[i] = value;
}

static const void *
name_table_get(const struct name_table *t, const char *name)
{
    size_t i;
    if (!name)
        return NULL;
    i = name_table_slot(t, name);
    return t->name[i] ? t->value[i] : NULL;
}

/* The profile envs of pc by name, the first of each as profile_env_named() finds it; false
 * when they do not fit or a block is not the profile's. */
static bool
wants_table(struct name_table *t, const struct pooled_envs *pe,
            const struct profile_container *pc)
{
    size_t b, i, n = 0;
    for (b = 0; b < pc->nblocks; b++) {
        if (pooled_first(pe, pc->blocks[b]) == SIZE_MAX)
            return false;
        n += pc->blocks[b]->count;
    }
    if (n > NAME_TABLE / 2)
        return false;
    memset(t->name, 0, sizeof(t->name));
    for (b = 0; b < pc->nblocks; b++) {
        size_t at = pooled_first(pe, pc->blocks[b]);
        for (i = 0; i < pc->blocks[b]->count; i++)
            if (pe->names[at + i]) /* NULL: no entry has that name */
                name_table_put(t, pe->names[at + i], &pc->blocks[b]->envs[i], false);
    }
    return true;
}

/* The entries of c by name, the last of each as env_named() finds it; false when they do
 * not fit. */
static bool
entries_table(struct name_table *t, const struct wl_container *c)
{
    size_t i;
    if (c->nenv > NAME_TABLE / 2)
        return false;
    memset(t->name, 0, sizeof(t->name));
    for (i = 0; i < c->nenv; i++)
        name_table_put(t, c->env[i].name, &c->env[i], true);
    return true;
}

static int
check_generic(struct rules *rs, const struct pooled_envs *pe, struct unknown_refs *unknown,
              struct resolved *memo, const struct workload *w, size_t ci,
              const struct profile_container *pc)
{
    const struct wl_container *c = &w->containers[ci];
    struct name_table wants;
    int by_table = -1; /* wants is filled (1) or cannot be (0) once an entry asks */
    size_t i;
    int rc;

    for (i = 0; i < c->nenv; i++) {
        const struct env_ref *e = &c->env[i];
        const struct profile_env *want;
        struct secret *s;
        struct diag_loc loc;

        /* where a finding would be, and the profile's env of the entry's name, are worked
         * out only for an entry that needs them: most need neither */
        if (e->redefines) {
            loc_env(&loc, w, c, e);
            /* the same definition again changes nothing: the 2.16 operator itself
             * writes the backend-redis TLS variables twice (facts Appendix C T5) */
            if (e->same_as_earlier)
                rc = report_add(rs->report, RULE_ENV_DUPLICATE, RLINT_SEVERITY_INFO, NULL, &loc,
                                "env var '%s' is defined twice in %s '%s', the same way "
                                "both times: harmless",
                                e->name, container_label(c), c->name);
            else
                rc = report_add(rs->report, RULE_ENV_DUPLICATE, RLINT_SEVERITY_WARNING, NULL, &loc,
                                "env var '%s' is defined twice in %s '%s'; the last one "
                                "wins",
                                e->name, container_label(c), c->name);
            if (rc < 0)
                return rc;
        }
        if (!e->from_secret || !e->secret || !e->key)
            continue;
        s = find_secret_memo(rs, memo, w, e->secret);
        if (!s) {
            loc_env(&loc, w, c, e);
            if (!reported_missing(rs, w, e->secret) &&
                (rc = note_unknown(unknown, w, &loc, e->secret, pc, false)) < 0)
                return rc;
            continue;
        }
        if (secret_has(pe, rs->model, s, e->key))
            continue;
        loc_env(&loc, w, c, e);
        want = NULL;
        if (e->optional && pc) {
            if (by_table < 0)
                by_table = wants_table(&wants, pe, pc);
            want = by_table ? name_table_get(&wants, e->name) : profile_env_named(pe, pc, e->name);
        }
        if (e->optional && want && !want->optional)
            rc = report_add(rs->report, RULE_ENV_OPTIONAL_HIDES_MISSING, RLINT_SEVERITY_ERROR,
                            component_of(w), &loc,
                            "'%s' is optional and Secret '%s' has no '%s': %s '%s' starts "
                            "without it, and the component needs it",
                            e->name, e->secret, e->key, container_label(c), c->name);
        else if (!e->optional && install_fills_key(rs->model, s, e->key))
            rc = 0; /* written back as "" before the pod exists; RLINT010 says so */
        else if (!e->optional)
            rc = report_add(rs->report, RULE_ENV_REF_KEY_MISSING, RLINT_SEVERITY_ERROR,
                            pc ? component_of(w) : NULL, &loc,
                            "'%s' references key '%s', which Secret '%s' does not have: the "
                            "pod stays in CreateContainerConfigError",
                            e->name, e->key, e->secret);
        else
            rc = 0;
        if (rc < 0)
            return rc;
    }
    for (i = 0; i < c->nfrom; i++) {
        const struct env_from *f = &c->from[i];
        struct diag_loc loc = {.obj = &w->obj, .line = f->line, .column = f->column,
                               .wl = c, .wl_list = "envFrom", .wl_index = f->index};
        if (!f->secret || f->optional || find_secret(rs, w, f->secret) ||
            reported_missing(rs, w, f->secret))
            continue;
        if ((rc = note_unknown(unknown, w, &loc, f->secret, pc, true)) < 0)
            return rc;
    }
    return 0;
}

/* The last entry of c named pooled, a pooled name (workload.c): pointers are compared. */
static const struct env_ref *
env_named(const struct wl_container *c, const char *pooled)
{
    size_t i;
    for (i = c->nenv; pooled && i-- > 0;)
        if (c->env[i].name == pooled)
            return &c->env[i];
    return NULL;
}

static const struct env_from *
env_from_secret(const struct wl_container *c, const char *secret)
{
    size_t i;
    for (i = 0; i < c->nfrom; i++)
        if (c->from[i].secret && strcmp(c->from[i].secret, secret) == 0)
            return &c->from[i];
    return NULL;
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static const char *
missing_consequence(const char *name)
{
    if (ends_with(name, "_SENTINEL_HOSTS"))
        return "it runs without Sentinel";
    if (ends_with(name, "_SENTINEL_ROLE"))
        return "it asks the sentinels for the master whatever the Secret says";
    if (ends_with(name, "NAMESPACE"))
        return "it uses no namespace";
    return "it falls back to a default Redis address or fails at boot";
}

/* The Secret's value for want is there and blank: porta drops blank values (redis_config.rb,
 * delete_if ... blank?) and apisonator treats them as unset, so a container without the
 * variable behaves the same (facts Appendix C T2). */
static bool
wanted_value_blank(struct rules *rs, const struct workload *w, const struct profile_env *want)
{
    struct secret *s = find_secret(rs, w, want->secret);
    const struct secret_entry *e = s ? install_entry(s, want->key) : NULL;
    return entry_usable(e) && value_blank(e->value, e->len);
}

/* The vars of the profile container pc that c (a container or hook) lacks or gets wrong. */
static int
check_wiring(struct rules *rs, const struct pooled_envs *pe, const struct workload *w,
             const struct wl_container *c, const struct profile_block *const *blocks,
             size_t nblocks)
{
    const struct env_from *reported_from[2] = {NULL, NULL};
    struct name_table entries;
    bool by_table = entries_table(&entries, c);
    size_t b, i;
    int rc;

    for (b = 0; b < nblocks; b++) {
        size_t first = pooled_first(pe, blocks[b]);
        for (i = 0; i < blocks[b]->count; i++) {
            const struct profile_env *want = &blocks[b]->envs[i];
            const char *pooled = first != SIZE_MAX
                                     ? pe->names[first + i]
                                     : strpool_find(&rs->model->strings, want->name);
            const struct env_ref *e;
            struct diag_loc loc;

            if (want->ignored)
                continue; /* the component does not read it (facts Appendix C T3) */
            e = by_table ? name_table_get(&entries, pooled) : env_named(c, pooled);
            if (!e) {
                const struct env_from *f = env_from_secret(c, want->secret);
                /* a missing variable belongs in the env list: point there */
                struct diag_loc at = {.obj = &w->obj, .line = c->env_line,
                                      .column = c->env_column, .key = want->name,
                                      .wl = c, .wl_list = "env", .wl_index = SIZE_MAX};
                if (want->optional)
                    continue;
                if (f) {
                    if (f == reported_from[0] || f == reported_from[1])
                        continue;
                    reported_from[reported_from[0] ? 1 : 0] = f;
                    at.line = f->line;
                    at.column = f->column;
                    at.wl_list = "envFrom";
                    at.wl_index = f->index;
                    at.key = NULL;
                    rc = report_add(rs->report, RULE_ENV_FROM_INSUFFICIENT, RLINT_SEVERITY_ERROR,
                                    component_of(w), &at,
                                    "envFrom of Secret '%s' in %s '%s' supplies the Secret's "
                                    "key names, not '%s' and the other variables 3scale reads",
                                    want->secret, container_label(c), c->name, want->name);
                } else if (wanted_value_blank(rs, w, want)) {
                    rc = report_add(rs->report, RULE_ENV_MISSING, RLINT_SEVERITY_WARNING, NULL, &at,
                                    "%s '%s' of %s '%s' has no '%s' (from %s/%s): harmless "
                                    "while the Secret's value is empty, which the component "
                                    "reads as unset; once it is set, the container misses it",
                                    container_label(c), c->name, w->obj.kind, w->obj.name,
                                    want->name, want->secret, want->key);
                } else {
                    rc = report_add(
                        rs->report, RULE_ENV_MISSING, RLINT_SEVERITY_ERROR, component_of(w), &at,
                        "%s '%s' of %s '%s' has no '%s' (from %s/%s): %s", container_label(c),
                        c->name, w->obj.kind, w->obj.name, want->name, want->secret, want->key,
                        missing_consequence(want->name));
                }
                if (rc < 0)
                    return rc;
                continue;
            }
            if (!e->from_secret && !e->from_other) {
                loc_env(&loc, w, c, e);
                rc = report_add(rs->report, RULE_ENV_LITERAL, RLINT_SEVERITY_WARNING, NULL, &loc,
                                "'%s' has a literal value instead of a secretKeyRef to %s/%s: "
                                "changes to the Secret do not reach it",
                                e->name, want->secret, want->key);
            } else if (e->from_other || !e->secret || !e->key ||
                       (first != SIZE_MAX ? e->secret != pe->secrets[first + i] ||
                                                e->key != pe->keys[first + i]
                                          : strcmp(e->secret, want->secret) != 0 ||
                                                strcmp(e->key, want->key) != 0)) {
                loc_env(&loc, w, c, e);
                rc = report_add(rs->report, RULE_ENV_WRONG_REF, RLINT_SEVERITY_ERROR, component_of(w),
                                &loc,
                                "'%s' should come from %s/%s but comes from %s%s%s: the "
                                "component reads the wrong setting",
                                e->name, want->secret, want->key,
                                e->from_other ? "something other than a Secret"
                                              : (e->secret ? e->secret : "(no Secret name)"),
                                e->from_other ? "" : "/",
                                e->from_other ? "" : (e->key ? e->key : "(no key)"));
            } else {
                rc = 0;
            }
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

static const struct profile_container *
profile_container_for(const struct profile_workload *pw, const struct workload *w,
                      const struct wl_container *c)
{
    size_t i, plain = 0;
    if (!pw || c->hook)
        return NULL;
    for (i = 0; i < w->ncontainers; i++)
        if (!w->containers[i].hook && !w->containers[i].init)
            plain++;
    for (i = 0; i < pw->ncontainers; i++) {
        const struct profile_container *pc = &pw->containers[i];
        if (pc->init != c->init)
            continue;
        if (strcmp(pc->name, c->name) == 0 || (strcmp(pc->name, "*") == 0 && plain == 1))
            return pc;
    }
    return NULL;
}

static const struct profile_hook *
profile_hook_for(const struct profile_workload *pw, const struct wl_container *c)
{
    size_t i;
    if (!pw || !c->hook)
        return NULL;
    for (i = 0; i < pw->nhooks; i++)
        if (strcmp(pw->hooks[i].phase, c->hook) == 0)
            return &pw->hooks[i];
    return NULL;
}

/* A hook that inherits the container's env should not carry Redis variables of its own. */
static int
check_inheriting_hook(struct rules *rs, const struct pooled_envs *pe,
                      const struct profile_workload *pw, const struct workload *w,
                      const struct wl_container *c)
{
    size_t i, j;
    int rc;
    for (i = 0; i < c->nenv; i++) {
        bool redis = false;
        struct diag_loc loc;
        for (j = 0; j < pw->ncontainers && !redis; j++)
            redis = profile_env_named(pe, &pw->containers[j], c->env[i].name) != NULL;
        if (!redis)
            continue;
        loc_env(&loc, w, c, &c->env[i]);
        if ((rc = report_add(rs->report, RULE_HOOK_ENV, RLINT_SEVERITY_WARNING, NULL, &loc,
                             "the %s hook of %s '%s' sets '%s' itself; it inherits the "
                             "container's env, and this overrides it",
                             c->hook, w->obj.kind, w->obj.name, c->env[i].name)) < 0)
            return rc;
    }
    return 0;
}

int
rules_check_env(struct rules *rs)
{
    struct unknown_refs unknown = {0};
    struct resolved memo = {0};
    struct name_index first = {0};
    struct pooled_envs pe;
    size_t i, j, pending;
    int rc;

    if ((rc = pooled_envs_init(&pe, rs->model)) < 0 ||
        (rc = pooled_entry_keys_init(&pe, rs->model)) < 0)
        goto out;
    for (i = 0; i < rs->model->nworkloads; i++) {
        const struct workload *w = &rs->model->workloads_list[i];
        const struct profile_workload *pw = NULL;
        size_t k;
        for (k = 0; rs->model->profile && k < rs->model->profile->nworkloads; k++)
            if (strcmp(rs->model->profile->workloads[k].name, w->obj.name) == 0)
                pw = &rs->model->profile->workloads[k];
        for (j = 0; j < w->ncontainers; j++) {
            const struct wl_container *c = &w->containers[j];
            const struct profile_container *pc = profile_container_for(pw, w, c);
            const struct profile_hook *ph = profile_hook_for(pw, c);
            if ((rc = check_generic(rs, &pe, &unknown, &memo, w, j, pc)) < 0 ||
                (pc && (rc = check_wiring(rs, &pe, w, c, pc->blocks, pc->nblocks)) < 0) ||
                (ph && ph->nblocks &&
                 (rc = check_wiring(rs, &pe, w, c, ph->blocks, ph->nblocks)) < 0) ||
                (ph && !ph->nblocks && (rc = check_inheriting_hook(rs, &pe, pw, w, c)) < 0))
                goto out;
        }
    }
    /* the whole model also reports what views left pending (model->whole NULL: not a view) */
    pending = rs->model->whole ? 0 : rs->model->npending_refs;
    for (i = 0; (unknown.n || pending) && i < rs->model->nsecrets && rc == 0; i++) {
        const struct secret *s = &rs->model->secrets[i];
        if (!s->shadowed && s->obj.namespace_ &&
            name_index_get(&first, s->obj.name, NULL) == SIZE_MAX &&
            name_index_put(&first, s->obj.name, NULL, i) < 0)
            rc = RLINT_ENOMEM;
    }
    for (i = 0; i < unknown.n && rc == 0; i++)
        rc = report_unknown(rs, &first, &unknown.v[i]);
    for (i = 0; i < pending && rc == 0; i++) {
        const struct pending_ref *p = &rs->model->pending_refs[i];
        struct unknown_ref r = {
            .namespace_ = p->obj.namespace_,
            .secret = p->secret,
            .first = {.obj = &p->obj, .line = p->line, .column = p->column, .key = p->key,
                      .path = p->path},
            .refs = p->refs,
            .workloads = p->workloads,
            .env_from = p->env_from,
            .backend = p->backend,
            .system = p->system,
        };
        rc = report_unknown(rs, &first, &r);
    }
out:
    pooled_envs_release(&pe);
    free(unknown.v);
    name_index_release(&unknown.by_secret);
    name_index_release(&first);
    return rc;
}
