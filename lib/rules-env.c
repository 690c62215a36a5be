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

#include "profile.h"
#include "report.h"
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
find_secret(struct rlint_ctx *ctx, const struct workload *w, const char *name)
{
    size_t i, j;
    if (!w->obj.namespace_) /* any namespace: the last of that name, never shadowed */
        i = name_index_get(&ctx->secret_last, name, NULL);
    else { /* its own namespace, or one without a namespace: the later of the two */
        i = name_index_get(&ctx->secret_by_ns, name, w->obj.namespace_);
        j = name_index_get(&ctx->secret_by_ns, name, NULL);
        if (i == SIZE_MAX || (j != SIZE_MAX && j > i))
            i = j;
    }
    return i == SIZE_MAX ? NULL : &ctx->secrets[i];
}

static bool
secret_has(const struct secret *s, const char *key)
{
    size_t i;
    for (i = 0; i < s->count; i++)
        if (strcmp(s->entries[i].key, key) == 0)
            return true;
    return false;
}

static const struct profile_env *
profile_env_named(const struct profile_container *pc, const char *name)
{
    size_t b, i;
    for (b = 0; pc && b < pc->nblocks; b++)
        for (i = 0; i < pc->blocks[b]->count; i++)
            if (strcmp(pc->blocks[b]->envs[i].name, name) == 0)
                return &pc->blocks[b]->envs[i];
    return NULL;
}

static void
loc_env(struct diag_loc *loc, const struct workload *w, const struct env_ref *e)
{
    memset(loc, 0, sizeof(*loc));
    loc->obj = &w->obj;
    loc->line = e->line;
    loc->column = e->column;
    loc->key = e->name;
    loc->path = e->path;
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
reported_missing(const struct rlint_ctx *ctx, const struct workload *w, const char *name)
{
    size_t i;
    for (i = 0; i < ctx->missing_secrets; i++)
        if (strcmp(ctx->missing[i].name, name) == 0 &&
            ns_match(ctx->missing[i].namespace_, w->obj.namespace_))
            return true;
    return false;
}

/* Unknown Secrets are reported once per workload and Secret. */
static bool
already_unknown(const struct workload *w, size_t ci, size_t ei, const char *secret)
{
    size_t c, e;
    for (c = 0; c <= ci; c++) {
        const struct wl_container *wc = &w->containers[c];
        for (e = 0; e < (c == ci ? ei : wc->nenv); e++)
            if (wc->env[e].from_secret && wc->env[e].secret &&
                strcmp(wc->env[e].secret, secret) == 0)
                return true;
    }
    return false;
}

static int
check_generic(struct rlint_ctx *ctx, const struct workload *w, size_t ci,
              const struct profile_container *pc)
{
    const struct wl_container *c = &w->containers[ci];
    size_t i, j;
    int rc;

    for (i = 0; i < c->nenv; i++) {
        const struct env_ref *e = &c->env[i];
        const struct profile_env *want = profile_env_named(pc, e->name);
        struct secret *s;
        struct diag_loc loc;

        loc_env(&loc, w, e);
        for (j = 0; j < i; j++)
            if (strcmp(c->env[j].name, e->name) == 0) {
                if ((rc = report_add(ctx, RULE_ENV_DUPLICATE, RLINT_SEVERITY_WARNING, NULL, &loc,
                                     "env var '%s' is defined twice in %s '%s'; the last one "
                                     "wins",
                                     e->name, container_label(c), c->name)) < 0)
                    return rc;
                break;
            }
        if (!e->from_secret || !e->secret || !e->key)
            continue;
        s = find_secret(ctx, w, e->secret);
        if (!s) {
            if (already_unknown(w, ci, i, e->secret) || reported_missing(ctx, w, e->secret))
                continue;
            if ((rc = report_add(ctx, RULE_ENV_REF_SECRET_UNKNOWN, RLINT_SEVERITY_INFO, NULL,
                                 &loc,
                                 "Secret '%s' is not in the input%s%s; its references from "
                                 "%s '%s' are not checked",
                                 e->secret, w->obj.namespace_ ? " for namespace " : "",
                                 w->obj.namespace_ ? w->obj.namespace_ : "", w->obj.kind,
                                 w->obj.name)) < 0)
                return rc;
            continue;
        }
        if (secret_has(s, e->key))
            continue;
        if (e->optional && want && !want->optional)
            rc = report_add(ctx, RULE_ENV_OPTIONAL_HIDES_MISSING, RLINT_SEVERITY_ERROR,
                            component_of(w), &loc,
                            "'%s' is optional and Secret '%s' has no '%s': %s '%s' starts "
                            "without it, and the component needs it",
                            e->name, e->secret, e->key, container_label(c), c->name);
        else if (!e->optional)
            rc = report_add(ctx, RULE_ENV_REF_KEY_MISSING, RLINT_SEVERITY_ERROR,
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
                               .path = f->path};
        if (!f->secret || f->optional || find_secret(ctx, w, f->secret) ||
            reported_missing(ctx, w, f->secret))
            continue;
        if ((rc = report_add(ctx, RULE_ENV_REF_SECRET_UNKNOWN, RLINT_SEVERITY_INFO, NULL, &loc,
                             "Secret '%s' (envFrom) is not in the input; not checked",
                             f->secret)) < 0)
            return rc;
    }
    return 0;
}

static const struct env_ref *
env_named(const struct wl_container *c, const char *name)
{
    size_t i;
    for (i = c->nenv; i-- > 0;)
        if (strcmp(c->env[i].name, name) == 0)
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

/* The vars of the profile container pc that c (a container or hook) lacks or gets wrong. */
static int
check_wiring(struct rlint_ctx *ctx, const struct workload *w, const struct wl_container *c,
             const struct profile_block *const *blocks, size_t nblocks)
{
    const struct env_from *reported_from[2] = {NULL, NULL};
    size_t b, i;
    int rc;

    for (b = 0; b < nblocks; b++) {
        for (i = 0; i < blocks[b]->count; i++) {
            const struct profile_env *want = &blocks[b]->envs[i];
            const struct env_ref *e = env_named(c, want->name);
            struct diag_loc loc;

            if (!e) {
                const struct env_from *f = env_from_secret(c, want->secret);
                /* a missing variable belongs in the env list: point there */
                struct diag_loc at = {.obj = &w->obj, .line = c->env_line,
                                      .column = c->env_column, .key = want->name,
                                      .path = c->env_path};
                if (want->optional)
                    continue;
                if (f) {
                    if (f == reported_from[0] || f == reported_from[1])
                        continue;
                    reported_from[reported_from[0] ? 1 : 0] = f;
                    at.line = f->line;
                    at.column = f->column;
                    at.path = f->path;
                    at.key = NULL;
                    rc = report_add(ctx, RULE_ENV_FROM_INSUFFICIENT, RLINT_SEVERITY_ERROR,
                                    component_of(w), &at,
                                    "envFrom of Secret '%s' in %s '%s' supplies the Secret's "
                                    "key names, not '%s' and the other variables 3scale reads",
                                    want->secret, container_label(c), c->name, want->name);
                } else {
                    rc = report_add(ctx, RULE_ENV_MISSING, RLINT_SEVERITY_ERROR,
                                    component_of(w), &at,
                                    "%s '%s' of %s '%s' has no '%s' (from %s/%s): %s",
                                    container_label(c), c->name, w->obj.kind, w->obj.name,
                                    want->name, want->secret, want->key,
                                    missing_consequence(want->name));
                }
                if (rc < 0)
                    return rc;
                continue;
            }
            loc_env(&loc, w, e);
            if (!e->from_secret && !e->from_other) {
                rc = report_add(ctx, RULE_ENV_LITERAL, RLINT_SEVERITY_WARNING, NULL, &loc,
                                "'%s' has a literal value instead of a secretKeyRef to %s/%s: "
                                "changes to the Secret do not reach it",
                                e->name, want->secret, want->key);
            } else if (e->from_other || !e->secret || !e->key ||
                       strcmp(e->secret, want->secret) != 0 || strcmp(e->key, want->key) != 0) {
                rc = report_add(ctx, RULE_ENV_WRONG_REF, RLINT_SEVERITY_ERROR, component_of(w),
                                &loc,
                                "'%s' should come from %s/%s but comes from %s%s%s: the "
                                "component reads the wrong setting",
                                e->name, want->secret, want->key,
                                e->from_other ? "something other than a Secret"
                                              : (e->secret ? e->secret : "?"),
                                e->from_other ? "" : "/", e->from_other ? "" : (e->key ? e->key : "?"));
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
check_inheriting_hook(struct rlint_ctx *ctx, const struct profile_workload *pw,
                      const struct workload *w, const struct wl_container *c)
{
    size_t i, j;
    int rc;
    for (i = 0; i < c->nenv; i++) {
        bool redis = false;
        struct diag_loc loc;
        for (j = 0; j < pw->ncontainers && !redis; j++)
            redis = profile_env_named(&pw->containers[j], c->env[i].name) != NULL;
        if (!redis)
            continue;
        loc_env(&loc, w, &c->env[i]);
        if ((rc = report_add(ctx, RULE_HOOK_ENV, RLINT_SEVERITY_WARNING, NULL, &loc,
                             "the %s hook of %s '%s' sets '%s' itself; it inherits the "
                             "container's env, and this overrides it",
                             c->hook, w->obj.kind, w->obj.name, c->env[i].name)) < 0)
            return rc;
    }
    return 0;
}

int
rules_check_env(struct rlint_ctx *ctx)
{
    size_t i, j;
    int rc;

    for (i = 0; i < ctx->nworkloads; i++) {
        const struct workload *w = &ctx->workloads_list[i];
        const struct profile_workload *pw = NULL;
        size_t k;
        for (k = 0; ctx->profile && k < ctx->profile->nworkloads; k++)
            if (strcmp(ctx->profile->workloads[k].name, w->obj.name) == 0)
                pw = &ctx->profile->workloads[k];
        for (j = 0; j < w->ncontainers; j++) {
            const struct wl_container *c = &w->containers[j];
            const struct profile_container *pc = profile_container_for(pw, w, c);
            const struct profile_hook *ph = profile_hook_for(pw, c);
            if ((rc = check_generic(ctx, w, j, pc)) < 0)
                return rc;
            if (pc && (rc = check_wiring(ctx, w, c, pc->blocks, pc->nblocks)) < 0)
                return rc;
            if (ph && ph->nblocks && (rc = check_wiring(ctx, w, c, ph->blocks, ph->nblocks)) < 0)
                return rc;
            if (ph && !ph->nblocks && (rc = check_inheriting_hook(ctx, pw, w, c)) < 0)
                return rc;
        }
    }
    return 0;
}
