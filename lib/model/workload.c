/* workload.c - copies containers, init containers and DeploymentConfig hooks, with their env
 * and envFrom, out of a workload document. Kubernetes shapes: the pod spec is at
 * spec.template.spec (Deployment, DeploymentConfig, StatefulSet, DaemonSet, ReplicaSet, Job),
 * spec.jobTemplate.spec.template.spec (CronJob) or spec (Pod); DeploymentConfig hooks are
 * spec.strategy.{rollingParams,recreateParams}.{pre,mid,post}.execNewPod. */
#include "workload.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"
#include "util.h"
#include "version.h"
#include "banned.h"

static char *
scalar_copy(const struct model *model, const struct node *n)
{
    char *out;
    size_t len;
    bool unresolved;
    if (!node_is_scalar(n))
        return NULL;
    if (substitute_params(model, n->value, n->len, &out, &len, &unresolved) < 0)
        return NULL;
    return out;
}

/* scalar_copy(), pooled: NULL when n is not a scalar or out of memory (*nomem says which) */
static const char *
scalar_name(struct model *model, const struct node *n, bool *nomem)
{
    const char *pooled;
    char *v;
    if (!node_is_scalar(n))
        return NULL;
    if (!memchr(n->value, '$', n->len)) {
        pooled = strpool_get(&model->strings, n->value, n->len);
    } else {
        v = scalar_copy(model, n);
        pooled = v ? strpool_get(&model->strings, v, strlen(v)) : NULL;
        free(v);
    }
    if (!pooled)
        *nomem = true;
    return pooled;
}

/* The last scalar text scalar_name() pooled for a run of env entries, and its answer: the
 * entries of a container name the same Secret over and over. */
struct last_name {
    const char *text; /* in the document's tree, which outlives the run */
    size_t len;
    const char *pooled;
};

/* scalar_name() through last */
static const char *
scalar_name_last(struct model *model, const struct node *n, bool *nomem, struct last_name *last)
{
    const char *pooled;
    if (!node_is_scalar(n))
        return NULL;
    if (last->pooled && n->len == last->len && memcmp(n->value, last->text, n->len) == 0)
        return last->pooled;
    pooled = scalar_name(model, n, nomem);
    if (pooled) {
        last->text = n->value;
        last->len = n->len;
        last->pooled = pooled;
    }
    return pooled;
}

char *
wl_path(const struct wl_container *c, const char *list, size_t index)
{
    struct strbuf sb;
    strbuf_init(&sb);
    if (c->hook)
        strbuf_addf(&sb, ".spec.strategy.%s.%s.execNewPod", c->field, c->hook);
    else
        strbuf_addf(&sb, "%s.%s[%zu]", c->base, c->field, c->index);
    if (list && index == SIZE_MAX)
        strbuf_addf(&sb, ".%s", list);
    else if (list)
        strbuf_addf(&sb, ".%s[%zu]", list, index);
    return strbuf_finish(&sb);
}

static bool
is_true(const struct node *n)
{
    /* strcmp() of the text up to its NUL, with the NUL in the compare: a text of at least 4
     * bytes has the 5 that memcmp() reads */
    return node_is_scalar(n) && n->len >= 4 &&
           (memcmp(n->value, "true", 5) == 0 || memcmp(n->value, "True", 5) == 0);
}

/* The same YAML: scalars by text, collections member by member in order. Env definitions
 * are shallow; past a few levels the answer is "different", which only costs a warning. */
static bool
node_same(const struct node *a, const struct node *b, int depth)
{
    size_t i, n;
    if (!a || !b)
        return a == b;
    if (a->type != b->type || depth > 8)
        return false;
    if (a->type == NODE_SCALAR)
        return a->len == b->len && memcmp(a->value, b->value, a->len) == 0;
    if (a->count != b->count)
        return false;
    n = a->type == NODE_MAPPING ? 2 * a->count : a->count;
    for (i = 0; i < n; i++)
        if (!node_same(a->kids[i], b->kids[i], depth + 1))
            return false;
    return true;
}

/* Does an earlier entry of env (before index i) define the same name with the same value? */
static bool
defined_same_earlier(const struct node *env, size_t i, const char *name)
{
    const struct node *e = node_items(env)[i];
    size_t j;
    for (j = i; j-- > 0;) {
        const struct node *p = node_items(env)[j];
        const struct node *pn = node_get(p, "name");
        if (p->type != NODE_MAPPING || !node_is_scalar(pn) || strcmp(pn->value, name) != 0)
            continue;
        /* the last earlier definition is the one this entry overrides */
        return node_same(node_get(p, "value"), node_get(e, "value"), 0) &&
               node_same(node_get(p, "valueFrom"), node_get(e, "valueFrom"), 0);
    }
    return false;
}

/* The literal value of e, cut at ENV_VALUE_MAX bytes, or NULL (not a scalar, or a placeholder
 * left unresolved: the input does not say). 0 or RLINT_ENOMEM. */
static int
keep_value(const struct model *model, struct env_ref *r, const struct node *value)
{
    char *out;
    size_t len;
    bool unresolved;
    if (!node_is_scalar(value))
        return 0;
    if (substitute_params(model, value->value, value->len, &out, &len, &unresolved) < 0)
        return RLINT_ENOMEM;
    if (unresolved) {
        free(out);
        return 0;
    }
    if (len > ENV_VALUE_MAX)
        out[ENV_VALUE_MAX] = '\0';
    r->value = out;
    return 0;
}

/* The env names seen so far in one list, by their pooled pointer: finds a redefinition
 * without comparing every entry with every earlier one. */
struct seen_names {
    const char **slots;
    size_t mask;
};

static bool
seen_before(struct seen_names *seen, const char *name)
{
    size_t i = ((uintptr_t)name >> 3) * 0x9e3779b97f4a7c15u & seen->mask;
    for (; seen->slots[i]; i = (i + 1) & seen->mask)
        if (seen->slots[i] == name)
            return true;
    seen->slots[i] = name;
    return false;
}

/* Is k the scalar key lit (a string literal)? Its length is a constant, so the compare is
 * a load or two, not a call. */
#define KEY_IS(k, lit)                                                                     \
    ((k)->type == NODE_SCALAR && (k)->len == sizeof(lit) - 1 &&                            \
     memcmp((k)->value, lit, sizeof(lit) - 1) == 0)

/* The values of an env entry's name, value and valueFrom (NULL: absent), each the last of
 * its name as node_get() gives it, in one pass: 21,000 entries on 150 installs. */
static void
entry_fields(const struct node *e, const struct node **name, const struct node **value,
             const struct node **value_from)
{
    size_t i;
    *name = *value = *value_from = NULL;
    for (i = e->count; i-- > 0;) {
        const struct node *k = node_keys(e)[i];
        if (!*name && KEY_IS(k, "name"))
            *name = node_items(e)[i];
        else if (!*value && KEY_IS(k, "value"))
            *value = node_items(e)[i];
        else if (!*value_from && KEY_IS(k, "valueFrom"))
            *value_from = node_items(e)[i];
    }
}

/* node_get(vf, "secretKeyRef") of a valueFrom, with KEY_IS(). */
static const struct node *
secret_key_ref(const struct node *vf)
{
    size_t i;
    if (!vf || vf->type != NODE_MAPPING)
        return NULL;
    for (i = vf->count; i-- > 0;)
        if (KEY_IS(node_keys(vf)[i], "secretKeyRef"))
            return node_items(vf)[i];
    return NULL;
}

/* The same for a secretKeyRef's name, key and optional. */
static void
ref_fields(const struct node *ref, const struct node **name, const struct node **key,
           const struct node **optional)
{
    size_t i;
    *name = *key = *optional = NULL;
    if (ref->type != NODE_MAPPING)
        return;
    for (i = ref->count; i-- > 0;) {
        const struct node *k = node_keys(ref)[i];
        if (!*name && KEY_IS(k, "name"))
            *name = node_items(ref)[i];
        else if (!*key && KEY_IS(k, "key"))
            *key = node_items(ref)[i];
        else if (!*optional && KEY_IS(k, "optional"))
            *optional = node_items(ref)[i];
    }
}

static int
read_env_entries(struct model *model, struct wl_container *c, const struct node *env,
                 struct seen_names *seen)
{
    struct last_name last_secret = {0};
    bool nomem = false;
    size_t i;
    for (i = 0; i < env->count; i++) {
        const struct node *e = node_items(env)[i], *vf, *ref, *f[3], *rf[3];
        struct env_ref *r = &c->env[c->nenv];
        if (e->type != NODE_MAPPING)
            continue;
        entry_fields(e, &f[0], &f[1], &f[2]);
        if (!node_is_scalar(f[0]))
            continue;
        r->name = scalar_name(model, f[0], &nomem);
        r->index = (unsigned)i; /* 4 billion entries would take a file of 20 GB and more */
        if (!r->name)
            return RLINT_ENOMEM;
        c->nenv++;
        r->line = e->line;
        r->column = e->column;
        r->has_value = f[1] != NULL;
        r->redefines = seen_before(seen, r->name);
        r->same_as_earlier = r->redefines && defined_same_earlier(env, i, f[0]->value);
        if (r->has_value && strcmp(r->name, ENV_REDIS_ASYNC) == 0 &&
            keep_value(model, r, f[1]) < 0)
            return RLINT_ENOMEM;
        vf = f[2];
        ref = secret_key_ref(vf);
        if (ref) {
            ref_fields(ref, &rf[0], &rf[1], &rf[2]);
            r->from_secret = true;
            /* a name or key that is not a string (the API server rejects the object) is
             * read as absent: the env rules then say the entry references no Secret key */
            r->secret = scalar_name_last(model, rf[0], &nomem, &last_secret);
            r->key = scalar_name(model, rf[1], &nomem);
            if (nomem)
                return RLINT_ENOMEM;
            r->optional = is_true(rf[2]);
        } else if (vf) {
            r->from_other = true;
        }
    }
    return 0;
}

static int
read_env(struct model *model, struct wl_container *c, const struct node *env)
{
    const char *small[128];
    struct seen_names seen;
    size_t cap = ARRAY_SIZE(small);
    int rc;
    if (!env || env->type != NODE_SEQUENCE)
        return 0;
    while (cap < 2 * env->count)
        cap *= 2;
    seen.mask = cap - 1;
    seen.slots = cap == ARRAY_SIZE(small) ? small : malloc(cap * sizeof(*seen.slots));
    c->env = calloc(env->count + 1, sizeof(*c->env));
    if (!c->env || !seen.slots) {
        if (seen.slots != small)
            free(seen.slots);
        return RLINT_ENOMEM;
    }
    memset(seen.slots, 0, cap * sizeof(*seen.slots));
    rc = read_env_entries(model, c, env, &seen);
    if (seen.slots != small)
        free(seen.slots);
    return rc;
}

static int
read_env_from(struct model *model, struct wl_container *c, const struct node *list)
{
    bool nomem = false;
    size_t i;
    if (!list || list->type != NODE_SEQUENCE)
        return 0;
    c->from = calloc(list->count + 1, sizeof(*c->from));
    if (!c->from)
        return RLINT_ENOMEM;
    for (i = 0; i < list->count; i++) {
        const struct node *e = node_items(list)[i], *ref;
        struct env_from *f = &c->from[c->nfrom];
        if (e->type != NODE_MAPPING)
            continue;
        ref = node_get(e, "secretRef");
        f->index = i;
        c->nfrom++;
        f->line = e->line;
        f->column = e->column;
        if (ref) {
            f->secret = scalar_name(model, node_get(ref, "name"), &nomem);
            f->optional = is_true(node_get(ref, "optional"));
        }
        f->prefix = scalar_name(model, node_get(e, "prefix"), &nomem);
        if (nomem)
            return RLINT_ENOMEM;
    }
    return 0;
}

static int
add_container(struct model *model, struct workload *w, size_t *cap, const struct node *c,
              const struct wl_container *at)
{
    struct wl_container *wc;
    bool nomem = false;
    int rc;
    if (!c || c->type != NODE_MAPPING)
        return 0;
    if (grow_array(&w->containers, cap, w->ncontainers + 1, sizeof(*w->containers)) < 0)
        return RLINT_ENOMEM;
    wc = &w->containers[w->ncontainers++];
    *wc = *at;
    wc->line = c->line;
    wc->column = c->column;
    {
        const struct node *env_key = node_get_key(c, "env");
        wc->env_line = env_key ? env_key->line : c->line;
        wc->env_column = env_key ? env_key->column : c->column;
    }
    wc->name = scalar_name(model, node_get(c, wc->hook ? "containerName" : "name"), &nomem);
    wc->image = scalar_name(model, node_get(c, "image"), &nomem);
    if (nomem)
        return RLINT_ENOMEM;
    if (!wc->name)
        wc->name = "";
    if ((rc = read_env(model, wc, node_get(c, "env"))) < 0)
        return rc;
    return read_env_from(model, wc, node_get(c, "envFrom"));
}

static int
add_list(struct model *model, struct workload *w, size_t *cap, const struct node *list,
         const char *base, const char *field, bool init)
{
    struct wl_container at = {.base = base, .field = field, .init = init};
    int rc;
    if (!list || list->type != NODE_SEQUENCE)
        return 0;
    for (at.index = 0; at.index < list->count; at.index++)
        if ((rc = add_container(model, w, cap, node_items(list)[at.index], &at)) < 0)
            return rc;
    return 0;
}

static int
add_hooks(struct model *model, struct workload *w, size_t *cap, const struct node *root)
{
    static const char *const strategies[] = {"rollingParams", "recreateParams"};
    static const char *const phases[] = {"pre", "mid", "post"};
    const struct node *strategy = node_get(node_get(root, "spec"), "strategy");
    size_t s, p;
    int rc;

    for (s = 0; s < ARRAY_SIZE(strategies); s++) {
        const struct node *params = node_get(strategy, strategies[s]);
        for (p = 0; p < ARRAY_SIZE(phases); p++) {
            const struct node *exec = node_get(node_get(params, phases[p]), "execNewPod");
            struct wl_container at = {.field = strategies[s], .hook = phases[p]};
            if (exec && (rc = add_container(model, w, cap, exec, &at)) < 0)
                return rc;
        }
    }
    return 0;
}

int
workload_extract(struct model *model, const char *file, const struct node *root, const char *kind)
{
    static const char *const template_spec[] = {"spec", "template", "spec", NULL};
    static const char *const cron_spec[] = {"spec", "jobTemplate", "spec", "template", "spec",
                                            NULL};
    struct workload w = {0};
    const struct node *meta = node_get(root, "metadata"), *pod;
    const char *base;
    size_t cap = 0;
    int rc;

    memset(&w.obj, 0, sizeof(w.obj));
    w.obj.file = xstrdup(file);
    w.obj.kind = xstrdup(kind);
    w.obj.name = scalar_copy(model, node_get(meta, "name"));
    if (node_is_scalar(node_get(meta, "namespace")) && node_get(meta, "namespace")->len)
        w.obj.namespace_ = scalar_copy(model, node_get(meta, "namespace"));
    w.obj.line = root->line;
    w.obj.column = root->column;
    {
        const struct node *ign = node_get(node_get(meta, "annotations"), ANNOTATION_IGNORE);
        if (node_is_scalar(ign) && !(w.obj.ignore = xstrndup(ign->value, ign->len))) {
            rc = RLINT_ENOMEM;
            goto fail;
        }
    }
    if (!w.obj.file || !w.obj.kind || (!w.obj.name && !(w.obj.name = xstrdup("")))) {
        rc = RLINT_ENOMEM;
        goto fail;
    }
    if (strcmp(kind, "Pod") == 0) {
        pod = node_get(root, "spec");
        base = ".spec";
    } else if (strcmp(kind, "CronJob") == 0) {
        pod = node_get_path(root, cron_spec);
        base = ".spec.jobTemplate.spec.template.spec";
    } else {
        pod = node_get_path(root, template_spec);
        base = ".spec.template.spec";
    }
    if ((rc = add_list(model, &w, &cap, node_get(pod, "containers"), base, "containers", false)) <
            0 ||
        (rc = add_list(model, &w, &cap, node_get(pod, "initContainers"), base, "initContainers",
                       true)) < 0)
        goto fail;
    if (strcmp(kind, "DeploymentConfig") == 0 && (rc = add_hooks(model, &w, &cap, root)) < 0)
        goto fail;
    if (w.ncontainers && w.ncontainers < cap) {
        /* kept until the rules run: not the 8 slots grow_array() starts with */
        struct wl_container *fit = realloc(w.containers, w.ncontainers * sizeof(*fit));
        if (fit)
            w.containers = fit;
    }
    if (version_threescale_workload(w.obj.name)) {
        size_t i;
        if (strcmp(kind, "DeploymentConfig") == 0)
            model->saw_deployment_config = true;
        else if (strcmp(kind, "Deployment") == 0)
            model->saw_deployment = true;
        for (i = 0; i < w.ncontainers && !model->hint_image; i++)
            model->hint_image = version_in_string(
                w.containers[i].image ? strrchr(w.containers[i].image, ':') : NULL);
    }
    if (grow_array(&model->workloads_list, &model->workloads_cap, model->nworkloads + 1,
                   sizeof(w)) < 0) {
        rc = RLINT_ENOMEM;
        goto fail;
    }
    model->workloads_list[model->nworkloads++] = w;
    return 0;
fail:
    workload_release(&w);
    return rc;
}

void
workload_release(struct workload *w)
{
    size_t i, j;
    object_ref_release(&w->obj);
    for (i = 0; i < w->ncontainers; i++) {
        struct wl_container *c = &w->containers[i];
        for (j = 0; j < c->nenv; j++)
            free(c->env[j].value);
        free(c->env);
        free(c->from);
    }
    free(w->containers);
}
