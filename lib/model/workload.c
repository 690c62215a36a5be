/* workload.c - copies containers, init containers and DeploymentConfig hooks, with their env
 * and envFrom, out of a workload document. Kubernetes shapes: the pod spec is at
 * spec.template.spec (Deployment, DeploymentConfig, StatefulSet, DaemonSet, ReplicaSet, Job),
 * spec.jobTemplate.spec.template.spec (CronJob) or spec (Pod); DeploymentConfig hooks are
 * spec.strategy.{rollingParams,recreateParams}.{pre,mid,post}.execNewPod. */
#include "workload.h"

#include <stdlib.h>
#include <string.h>

#include "secret.h"
#include "util.h"
#include "version.h"
#include "banned.h"

static char *
scalar_copy(const struct rlint_ctx *ctx, const struct node *n)
{
    char *out;
    size_t len;
    bool unresolved;
    if (!node_is_scalar(n))
        return NULL;
    if (substitute_params(ctx, n->value, n->len, &out, &len, &unresolved) < 0)
        return NULL;
    return out;
}

static char *
path_of(const char *base, const char *field, size_t index)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s.%s[%zu]", base, field, index);
    return strbuf_finish(&sb);
}

static bool
is_true(const struct node *n)
{
    return node_is_scalar(n) && (strcmp(n->value, "true") == 0 || strcmp(n->value, "True") == 0);
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
keep_value(const struct rlint_ctx *ctx, struct env_ref *r, const struct node *value)
{
    char *out;
    size_t len;
    bool unresolved;
    if (!node_is_scalar(value))
        return 0;
    if (substitute_params(ctx, value->value, value->len, &out, &len, &unresolved) < 0)
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

static int
read_env(const struct rlint_ctx *ctx, struct wl_container *c, const struct node *env,
         const char *base)
{
    size_t i;
    if (!env || env->type != NODE_SEQUENCE)
        return 0;
    c->env = calloc(env->count + 1, sizeof(*c->env));
    if (!c->env)
        return RLINT_ENOMEM;
    for (i = 0; i < env->count; i++) {
        const struct node *e = node_items(env)[i], *vf, *ref;
        struct env_ref *r = &c->env[c->nenv];
        if (e->type != NODE_MAPPING || !node_is_scalar(node_get(e, "name")))
            continue;
        r->name = scalar_copy(ctx, node_get(e, "name"));
        r->path = path_of(base, "env", i);
        if (!r->name || !r->path)
            return RLINT_ENOMEM;
        c->nenv++;
        r->line = e->line;
        r->column = e->column;
        r->has_value = node_get(e, "value") != NULL;
        r->same_as_earlier = defined_same_earlier(env, i, node_get(e, "name")->value);
        if (r->has_value && strcmp(r->name, ENV_REDIS_ASYNC) == 0 &&
            keep_value(ctx, r, node_get(e, "value")) < 0)
            return RLINT_ENOMEM;
        vf = node_get(e, "valueFrom");
        ref = node_get(vf, "secretKeyRef");
        if (ref) {
            r->from_secret = true;
            r->secret = scalar_copy(ctx, node_get(ref, "name"));
            r->key = scalar_copy(ctx, node_get(ref, "key"));
            if ((node_get(ref, "name") && !r->secret) || (node_get(ref, "key") && !r->key))
                return RLINT_ENOMEM;
            r->optional = is_true(node_get(ref, "optional"));
        } else if (vf) {
            r->from_other = true;
        }
    }
    return 0;
}

static int
read_env_from(const struct rlint_ctx *ctx, struct wl_container *c, const struct node *list,
              const char *base)
{
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
        f->path = path_of(base, "envFrom", i);
        if (!f->path)
            return RLINT_ENOMEM;
        c->nfrom++;
        f->line = e->line;
        f->column = e->column;
        if (ref) {
            f->secret = scalar_copy(ctx, node_get(ref, "name"));
            f->optional = is_true(node_get(ref, "optional"));
        }
        f->prefix = scalar_copy(ctx, node_get(e, "prefix"));
    }
    return 0;
}

static int
add_container(const struct rlint_ctx *ctx, struct workload *w, size_t *cap, const struct node *c,
              const char *path, bool init, const char *hook)
{
    struct wl_container *wc;
    int rc;
    if (!c || c->type != NODE_MAPPING)
        return 0;
    if (grow_array(&w->containers, cap, w->ncontainers + 1, sizeof(*w->containers)) < 0)
        return RLINT_ENOMEM;
    wc = &w->containers[w->ncontainers++];
    memset(wc, 0, sizeof(*wc));
    wc->init = init;
    wc->line = c->line;
    wc->column = c->column;
    wc->path = xstrdup(path);
    {
        const struct node *env_key = node_get_key(c, "env");
        struct strbuf sb;
        wc->env_line = env_key ? env_key->line : c->line;
        wc->env_column = env_key ? env_key->column : c->column;
        strbuf_init(&sb);
        strbuf_addf(&sb, "%s.env", path);
        wc->env_path = strbuf_finish(&sb);
        if (!wc->env_path)
            return RLINT_ENOMEM;
    }
    wc->name = scalar_copy(ctx, node_get(c, hook ? "containerName" : "name"));
    wc->image = scalar_copy(ctx, node_get(c, "image"));
    if (hook)
        wc->hook = xstrdup(hook);
    if (!wc->path || (hook && !wc->hook))
        return RLINT_ENOMEM;
    if (!wc->name && !(wc->name = xstrdup("")))
        return RLINT_ENOMEM;
    if ((rc = read_env(ctx, wc, node_get(c, "env"), path)) < 0)
        return rc;
    return read_env_from(ctx, wc, node_get(c, "envFrom"), path);
}

static int
add_list(const struct rlint_ctx *ctx, struct workload *w, size_t *cap, const struct node *list,
         const char *base, const char *field, bool init)
{
    size_t i;
    int rc;
    if (!list || list->type != NODE_SEQUENCE)
        return 0;
    for (i = 0; i < list->count; i++) {
        char *path = path_of(base, field, i);
        if (!path)
            return RLINT_ENOMEM;
        rc = add_container(ctx, w, cap, node_items(list)[i], path, init, NULL);
        free(path);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int
add_hooks(const struct rlint_ctx *ctx, struct workload *w, size_t *cap, const struct node *root)
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
            struct strbuf sb;
            char *path;
            if (!exec)
                continue;
            strbuf_init(&sb);
            strbuf_addf(&sb, ".spec.strategy.%s.%s.execNewPod", strategies[s], phases[p]);
            path = strbuf_finish(&sb);
            if (!path)
                return RLINT_ENOMEM;
            rc = add_container(ctx, w, cap, exec, path, false, phases[p]);
            free(path);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

int
workload_extract(struct rlint_ctx *ctx, const char *file, const struct node *root,
                 const char *kind)
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
    w.obj.name = scalar_copy(ctx, node_get(meta, "name"));
    if (node_is_scalar(node_get(meta, "namespace")) && node_get(meta, "namespace")->len)
        w.obj.namespace_ = scalar_copy(ctx, node_get(meta, "namespace"));
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
    if ((rc = add_list(ctx, &w, &cap, node_get(pod, "containers"), base, "containers", false)) <
            0 ||
        (rc = add_list(ctx, &w, &cap, node_get(pod, "initContainers"), base, "initContainers",
                       true)) < 0)
        goto fail;
    if (strcmp(kind, "DeploymentConfig") == 0 && (rc = add_hooks(ctx, &w, &cap, root)) < 0)
        goto fail;
    if (version_threescale_workload(w.obj.name)) {
        size_t i;
        if (strcmp(kind, "DeploymentConfig") == 0)
            ctx->saw_deployment_config = true;
        else if (strcmp(kind, "Deployment") == 0)
            ctx->saw_deployment = true;
        for (i = 0; i < w.ncontainers && !ctx->hint_image; i++)
            ctx->hint_image = version_in_string(w.containers[i].image ? strrchr(w.containers[i].image, ':') : NULL);
    }
    if (grow_array(&ctx->workloads_list, &ctx->workloads_cap, ctx->nworkloads + 1,
                   sizeof(w)) < 0) {
        rc = RLINT_ENOMEM;
        goto fail;
    }
    ctx->workloads_list[ctx->nworkloads++] = w;
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
        for (j = 0; j < c->nenv; j++) {
            free(c->env[j].name);
            free(c->env[j].value);
            free(c->env[j].path);
            free(c->env[j].secret);
            free(c->env[j].key);
        }
        for (j = 0; j < c->nfrom; j++) {
            free(c->from[j].secret);
            free(c->from[j].prefix);
            free(c->from[j].path);
        }
        free(c->env);
        free(c->from);
        free(c->name);
        free(c->hook);
        free(c->image);
        free(c->path);
        free(c->env_path);
    }
    free(w->containers);
}
