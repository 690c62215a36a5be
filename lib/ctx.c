/* ctx.c - the public API on top of the layers: struct rlint_ctx's options, limits and
 * lifetime (ctx.h), loading and rlint_check(), findings from the caller. */
#include "ctx.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dbstate.h"
#include "model.h"
#include "endpoints.h"
#include "install.h"
#include "load.h"
#include "objects.h"
#include "params.h"
#include "profile.h"
#include "report.h"
#include "rules.h"
#include "secret.h"
#include "util.h"
#include "version.h"
#include "workload.h"
#include "banned.h"

static const size_t default_limits[] = {
    [RLINT_LIMIT_FILE_SIZE] = 64u * 1024 * 1024,
    [RLINT_LIMIT_DOCUMENTS] = 10000,
    [RLINT_LIMIT_DEPTH] = 256,
    [RLINT_LIMIT_ALIASES] = 1000,
    [RLINT_LIMIT_VALUE_SIZE] = 1024 * 1024,
    [RLINT_LIMIT_FINDINGS] = 1000,
};
_Static_assert(sizeof(default_limits) == sizeof(((struct rlint_ctx *)0)->limits), "limits");

const char *
rlint_strerror(int status)
{
    switch (status) {
    case RLINT_OK:
        return "success";
    case RLINT_ENOMEM:
        return "out of memory";
    case RLINT_EINVAL:
        return "invalid argument";
    case RLINT_ELIMIT:
        return "limit exceeded";
    case RLINT_ENOTFOUND:
        return "not found";
    case RLINT_EUNSUPPORTED:
        return "3scale release not supported";
    case RLINT_EIO:
        return "input could not be read";
    case RLINT_ERELOAD:
        return "the input must be read again without the namespace window";
    default:
        return "unknown error";
    }
}

const char *
rlint_severity_name(enum rlint_severity severity)
{
    switch (severity) {
    case RLINT_SEVERITY_INFO:
        return "info";
    case RLINT_SEVERITY_WARNING:
        return "warning";
    case RLINT_SEVERITY_ERROR:
        return "error";
    }
    return NULL;
}

int
rlint_severity_parse(enum rlint_severity *out, const char *name)
{
    static const enum rlint_severity all[] = {RLINT_SEVERITY_INFO, RLINT_SEVERITY_WARNING,
                                              RLINT_SEVERITY_ERROR};
    size_t i;
    if (!out || !name)
        return RLINT_EINVAL;
    for (i = 0; i < ARRAY_SIZE(all); i++)
        if (strcmp(rlint_severity_name(all[i]), name) == 0) {
            *out = all[i];
            return RLINT_OK;
        }
    return RLINT_EINVAL;
}

int
rlint_ctx_new(struct rlint_ctx **out)
{
    struct rlint_ctx *ctx;
    if (!out)
        return RLINT_EINVAL;
    ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return RLINT_ENOMEM;
    ctx->model.minor = MINOR_MAX;
    ctx->model.version_reason = VERSION_REASON_DEFAULT;
    memcpy(ctx->limits, default_limits, sizeof(ctx->limits));
    ctx->report.limit = ctx->limits[RLINT_LIMIT_FINDINGS];
    ctx->report.model = &ctx->model;
    ctx->model.report = &ctx->report;
    ctx->rules.model = &ctx->model;
    ctx->rules.report = &ctx->report;
    ctx->model.value_limit = ctx->limits[RLINT_LIMIT_VALUE_SIZE];
    ctx->window.head = ctx->window.tail = SIZE_MAX;
    *out = ctx;
    return RLINT_OK;
}

void
rlint_ctx_free(struct rlint_ctx *ctx)
{
    size_t i;
    if (!ctx)
        return;
    for (i = 0; i < ctx->model.nparams; i++) {
        free(ctx->model.params[i].name);
        wipe_free(ctx->model.params[i].value);
    }
    free(ctx->model.params);
    params_release(&ctx->model);
    for (i = 0; i < ctx->model.nsecrets; i++)
        secret_release(&ctx->model.secrets[i]);
    free(ctx->model.secrets);
    name_index_release(&ctx->model.secret_by_ns);
    name_index_release(&ctx->model.secret_last);
    free(ctx->model.installs);
    for (i = 0; i < ctx->model.napimanagers; i++)
        apimanager_release(&ctx->model.apimanagers[i]);
    free(ctx->model.apimanagers);
    for (i = 0; i < ctx->model.nworkloads; i++)
        workload_release(&ctx->model.workloads_list[i]);
    free(ctx->model.workloads_list);
    strpool_release(&ctx->model.strings);
    for (i = 0; i < ctx->model.nprofiles; i++)
        profile_release(&ctx->model.profiles[i]);
    free(ctx->model.profiles);
    for (i = 0; i < ctx->model.nembedded_all; i++)
        profile_release(&ctx->model.embedded_all[i]);
    free(ctx->model.embedded_all);
    for (i = 0; i < ctx->model.missing_secrets; i++)
        object_ref_release(&ctx->model.missing[i]);
    free(ctx->model.missing);
    free(ctx->model.mode_reason);
    for (i = 0; i < ctx->model.npending_refs; i++)
        pending_ref_release(&ctx->model.pending_refs[i]);
    free(ctx->model.pending_refs);
    free(ctx->model.released_modes);
    free(ctx->model.released_secrets);
    name_index_release(&ctx->model.released_by_name);
    endpoints_release(&ctx->rules);
    report_release(&ctx->report);
    window_release(&ctx->window);
    free(ctx);
}

int
rlint_ctx_set_version(struct rlint_ctx *ctx, const char *version)
{
    char *end;
    long major, minor;
    if (!ctx || !version)
        return RLINT_EINVAL;
    errno = 0;
    major = strtol(version, &end, 10);
    if (errno || end == version || *end != '.' || major != 2)
        return RLINT_EINVAL;
    version = end + 1;
    minor = strtol(version, &end, 10);
    if (errno || end == version || minor < MINOR_MIN || minor > MINOR_MAX)
        return RLINT_EINVAL;
    if (*end == '.') { /* a patch level is accepted and does not matter */
        const char *patch = end + 1;
        strtol(patch, &end, 10);
        if (end == patch)
            return RLINT_EINVAL;
    }
    if (*end)
        return RLINT_EINVAL;
    ctx->model.minor = (int)minor;
    ctx->model.version_set = true;
    ctx->model.version_reason = "given with --3scale-version";
    return RLINT_OK;
}

const char *
rlint_ctx_version(const struct rlint_ctx *ctx)
{
    static const char *const names[] = {"2.0",  "2.1",  "2.2",  "2.3",  "2.4",  "2.5",
                                        "2.6",  "2.7",  "2.8",  "2.9",  "2.10", "2.11",
                                        "2.12", "2.13", "2.14", "2.15", "2.16"};
    _Static_assert(sizeof(names) / sizeof(names[0]) == MINOR_MAX - MINOR_MIN + 1, "names");
    if (ctx && ctx->model.unsupported && !ctx->model.version_set)
        return ctx->model.unsupported_name;
    if (!ctx || ctx->model.minor < MINOR_MIN || ctx->model.minor > MINOR_MAX)
        return NULL;
    return names[ctx->model.minor - MINOR_MIN];
}

const char *
rlint_ctx_version_reason(const struct rlint_ctx *ctx)
{
    return ctx ? ctx->model.version_reason : NULL;
}

const char *
rlint_ctx_mode(const struct rlint_ctx *ctx)
{
    return ctx ? ctx->model.mode : NULL;
}

const char *
rlint_ctx_mode_reason(const struct rlint_ctx *ctx)
{
    return ctx && ctx->model.mode ? ctx->model.mode_reason : NULL;
}

static bool
valid_param_name(const char *name)
{
    const char *p = name;
    if (!*p)
        return false;
    for (; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_' ||
              (p != name && *p >= '0' && *p <= '9')))
            return false;
    return true;
}

int
rlint_ctx_set_param(struct rlint_ctx *ctx, const char *name, const char *value)
{
    struct param p;
    size_t i;
    if (!ctx || !name || !value || !valid_param_name(name))
        return RLINT_EINVAL;
    p.name = xstrdup(name);
    p.value = xstrdup(value);
    if (!p.name || !p.value) {
        free(p.name);
        wipe_free(p.value);
        return RLINT_ENOMEM;
    }
    for (i = 0; i < ctx->model.nparams; i++)
        if (strcmp(ctx->model.params[i].name, name) == 0) {
            free(ctx->model.params[i].name);
            wipe_free(ctx->model.params[i].value);
            ctx->model.params[i] = p;
            return RLINT_OK;
        }
    if (grow_array(&ctx->model.params, &ctx->model.params_cap, ctx->model.nparams + 1, sizeof(p)) <
        0) {
        free(p.name);
        wipe_free(p.value);
        return RLINT_ENOMEM;
    }
    ctx->model.params[ctx->model.nparams++] = p;
    return RLINT_OK;
}

int
rlint_ctx_set_limit(struct rlint_ctx *ctx, enum rlint_limit limit, size_t value)
{
    if (!ctx || (unsigned)limit >= ARRAY_SIZE(default_limits))
        return RLINT_EINVAL;
    ctx->limits[limit] = value ? value : default_limits[limit];
    ctx->report.limit = ctx->limits[RLINT_LIMIT_FINDINGS];
    ctx->model.value_limit = ctx->limits[RLINT_LIMIT_VALUE_SIZE];
    return RLINT_OK;
}

int
rlint_ctx_set_namespace_window(struct rlint_ctx *ctx, size_t namespaces)
{
    if (!ctx || ctx->window.documents)
        return RLINT_EINVAL; /* after loading started, the namespaces read are not known */
    ctx->window.size = namespaces;
    return RLINT_OK;
}

size_t
rlint_ctx_get_limit(const struct rlint_ctx *ctx, enum rlint_limit limit)
{
    if (!ctx || (unsigned)limit >= ARRAY_SIZE(default_limits))
        return 0;
    return ctx->limits[limit];
}

size_t
rlint_ctx_object_count(const struct rlint_ctx *ctx)
{
    size_t i, n = 0;
    if (!ctx)
        return 0;
    /* other Secrets are only looked at through workload references */
    for (i = 0; i < ctx->model.nsecrets; i++)
        if (secret_is_threescale(secret_role(&ctx->model.secrets[i])))
            n++;
    return n + ctx->model.napimanagers + ctx->model.nworkloads + ctx->model.missing_secrets +
           ctx->window.released_objects;
}

size_t
rlint_diag_count(const struct rlint_ctx *ctx)
{
    return ctx ? ctx->report.ndiags : 0;
}

const struct rlint_diag *
rlint_diag_at(const struct rlint_ctx *ctx, size_t index)
{
    return ctx && index < ctx->report.ndiags ? &ctx->report.diags[index] : NULL;
}

int
rlint_ctx_add_profile(struct rlint_ctx *ctx, const char *name, const char *buf, size_t len)
{
    if (!ctx || !name || (!buf && len))
        return RLINT_EINVAL;
    return profiles_add(&ctx->model, name, buf ? buf : "", len);
}

int
rlint_ctx_add_missing_secret(struct rlint_ctx *ctx, const char *name, const char *namespace_,
                             const char *secret)
{
    struct object_ref obj = {0};
    struct diag_loc loc = {.obj = &obj};
    int rc;

    if (!ctx || !name || !secret)
        return RLINT_EINVAL;
    obj.file = (char *)name;
    obj.kind = (char *)"Secret";
    obj.namespace_ = (char *)namespace_;
    obj.name = (char *)secret;
    rc = report_add(&ctx->report, RULE_SECRET_NOT_FOUND, RLINT_SEVERITY_ERROR,
                    "backend, system (porta)", &loc,
                    "Secret '%s' does not exist%s%s: the 3scale pods that reference it cannot "
                    "start (CreateContainerConfigError)",
                    secret, namespace_ ? " in namespace " : "", namespace_ ? namespace_ : "");
    if (rc < 0)
        return rc;
    {
        struct object_ref *m =
            realloc(ctx->model.missing, (ctx->model.missing_secrets + 1) * sizeof(*m));
        if (!m)
            return RLINT_ENOMEM;
        ctx->model.missing = m;
        memset(&m[ctx->model.missing_secrets], 0, sizeof(*m));
        m[ctx->model.missing_secrets].name = xstrdup(secret);
        m[ctx->model.missing_secrets].namespace_ = xstrdup(namespace_);
        if (!m[ctx->model.missing_secrets].name ||
            (namespace_ && !m[ctx->model.missing_secrets].namespace_)) {
            object_ref_release(&m[ctx->model.missing_secrets]);
            return RLINT_ENOMEM;
        }
        ctx->model.missing_secrets++;
    }
    return 0;
}

int
rlint_ctx_add_kind_not_served(struct rlint_ctx *ctx, const char *name, const char *namespace_,
                              const char *kind, const char *group, size_t count)
{
    struct object_ref obj = {0};
    struct diag_loc loc = {.obj = &obj};

    if (!ctx || !name || !kind)
        return RLINT_EINVAL;
    obj.file = (char *)name;
    obj.kind = (char *)kind;
    obj.namespace_ = (char *)namespace_;
    obj.name = (char *)"*"; /* every workload of the kind, as a LIST names them */
    return report_add(&ctx->report, RULE_WORKLOAD_KIND_NOT_SERVED, RLINT_SEVERITY_WARNING,
                      "none (the workloads were not checked)", &loc,
                      "the cluster does not serve %s%s%s%s: the %zu %s workload%s of the "
                      "version were not checked",
                      kind, group && *group ? " (API group " : "", group ? group : "",
                      group && *group ? ")" : "", count, kind, count == 1 ? "" : "s");
}

static int
rule_index(const char *id_or_name)
{
    const struct rlint_rule_info *info = rlint_rule_find(id_or_name);
    size_t i;
    for (i = 0; info && i < rlint_rule_count(); i++)
        if (rlint_rule_at(i) == info)
            return (int)i;
    return -1;
}

int
rlint_ctx_disable_rule(struct rlint_ctx *ctx, const char *id_or_name)
{
    int i;
    if (!ctx || !id_or_name)
        return RLINT_EINVAL;
    if ((i = rule_index(id_or_name)) < 0)
        return RLINT_ENOTFOUND;
    ctx->report.rule_override[i] = 1;
    return RLINT_OK;
}

int
rlint_ctx_set_rule_severity(struct rlint_ctx *ctx, const char *id_or_name,
                            enum rlint_severity severity)
{
    int i;
    if (!ctx || !id_or_name || !rlint_severity_name(severity))
        return RLINT_EINVAL;
    if ((i = rule_index(id_or_name)) < 0)
        return RLINT_ENOTFOUND;
    ctx->report.rule_override[i] = (signed char)(2 + severity);
    return RLINT_OK;
}

size_t
rlint_ctx_suppressed_count(const struct rlint_ctx *ctx)
{
    return ctx ? ctx->report.suppressed : 0;
}

static int
on_document(void *arg, const char *file, const struct node *root)
{
    struct rlint_ctx *ctx = arg;
    size_t secrets0 = ctx->model.nsecrets, apimanagers0 = ctx->model.napimanagers,
           workloads0 = ctx->model.nworkloads;
    int rc = extract_document(&ctx->model, file, root);
    ctx->window.documents++;
    if (rc < 0 || !ctx->window.size)
        return rc;
    return window_document(ctx, secrets0, apimanagers0, workloads0);
}

static struct load
loader(struct rlint_ctx *ctx, unsigned flags)
{
    struct load ld = {
        .max_file_size = ctx->limits[RLINT_LIMIT_FILE_SIZE],
        .max_documents = ctx->limits[RLINT_LIMIT_DOCUMENTS],
        .max_depth = ctx->limits[RLINT_LIMIT_DEPTH],
        .max_aliases = ctx->limits[RLINT_LIMIT_ALIASES],
        .no_positions = flags & RLINT_LOAD_NO_POSITIONS,
        .report = &ctx->report,
        .document = on_document,
        .arg = ctx,
    };
    return ld;
}

int
rlint_load_buffer(struct rlint_ctx *ctx, const char *name, const char *buf, size_t len)
{
    return rlint_load_buffer_flags(ctx, name, buf, len, 0);
}

int
rlint_load_buffer_flags(struct rlint_ctx *ctx, const char *name, const char *buf, size_t len,
                        unsigned flags)
{
    struct load ld;
    if (!ctx || !name || (!buf && len))
        return RLINT_EINVAL;
    ld = loader(ctx, flags);
    return load_buffer(&ld, name, buf, len);
}

int
rlint_load_stream(struct rlint_ctx *ctx, const char *name, rlint_read_at_fn read_at, void *arg,
                  size_t size)
{
    struct load ld;
    if (!ctx || !name || !read_at)
        return RLINT_EINVAL;
    ld = loader(ctx, 0);
    return load_stream(&ld, name, read_at, arg, size);
}

int
rlint_ctx_resolve_version(struct rlint_ctx *ctx)
{
    if (!ctx)
        return RLINT_EINVAL;
    return rules_resolve_version(&ctx->rules);
}

size_t
rlint_ctx_workload_count(const struct rlint_ctx *ctx)
{
    return ctx && ctx->model.profile ? ctx->model.profile->nworkloads : 0;
}

int
rlint_ctx_workload_at(const struct rlint_ctx *ctx, size_t index, const char **kind_out,
                      const char **name_out)
{
    const struct profile *p;
    if (!ctx || !kind_out || !name_out)
        return RLINT_EINVAL;
    p = ctx->model.profile;
    if (!p || index >= p->nworkloads)
        return RLINT_ENOTFOUND;
    *kind_out = p->workloads[index].kind;
    *name_out = p->workloads[index].name;
    return RLINT_OK;
}

size_t
rlint_ctx_endpoint_count(const struct rlint_ctx *ctx)
{
    return ctx ? ctx->rules.nendpoints : 0;
}

const struct rlint_endpoint *
rlint_ctx_endpoint_at(const struct rlint_ctx *ctx, size_t index)
{
    return ctx && index < ctx->rules.nendpoints ? &ctx->rules.endpoints[index].pub : NULL;
}

int
rlint_check(struct rlint_ctx *ctx)
{
    int rc;
    if (!ctx)
        return RLINT_EINVAL;
    if (ctx->rules.checked)
        return RLINT_EINVAL;
    if ((rc = window_verdict(ctx, false)) < 0)
        return rc;
    rc = rules_check(&ctx->rules);
    if (rc == RLINT_OK && (rc = window_verdict(ctx, true)) < 0)
        return rc;
    /* sorted after a whole check, and after the one finding that says nothing was checked */
    if (rc == RLINT_OK || rc == RLINT_ENOTFOUND)
        report_sort(&ctx->report);
    return rc;
}

/* Here rather than in rules/endpoints.c: a finding of the caller's goes into the report,
 * which then stays sorted. */
int
rlint_ctx_report_endpoint(struct rlint_ctx *ctx, size_t index, enum rlint_endpoint_key at,
                          const char *rule, enum rlint_severity severity, const char *component,
                          const char *message)
{
    const struct rlint_rule_info *info;
    const struct endpoint *e;
    struct diag_loc loc;
    int rc;

    if (!ctx || !message || severity > RLINT_SEVERITY_ERROR)
        return RLINT_EINVAL;
    info = rlint_rule_find(rule);
    if (!info || index >= ctx->rules.nendpoints)
        return RLINT_ENOTFOUND;
    e = &ctx->rules.endpoints[index];
    if (at == RLINT_ENDPOINT_KEY_SENTINELS && e->hosts_e)
        entry_loc(&loc, e->secret, e->hosts_e);
    else if (e->url_e)
        entry_loc(&loc, e->secret, e->url_e);
    else
        return RLINT_EINVAL;
    rc = report_add(&ctx->report, (enum rule_id)(info - rlint_rule_at(0)), severity, component,
                    &loc, "%s", message);
    if (rc == 0)
        report_sort(&ctx->report);
    return rc < 0 ? rc : RLINT_OK;
}
