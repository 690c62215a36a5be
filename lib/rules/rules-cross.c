/* rules-cross.c - the APIManager against the Secrets: TLS flags and keys, the async annotation,
 * external Redis (RLINT072, RLINT073, RLINT074, RLINT077, RLINT078). */
#include <stdlib.h>
#include <string.h>

#include "install.h"
#include "findings.h"
#include "rules.h"
#include "secret.h"
#include "util.h"
#include "banned.h"

static const char *const tls_keys[] = {"REDIS_SSL_CA", "REDIS_SSL_CERT", "REDIS_SSL_KEY"};
static const char *const tls_queues_keys[] = {"REDIS_SSL_QUEUES_CA", "REDIS_SSL_QUEUES_CERT",
                                              "REDIS_SSL_QUEUES_KEY"};

static bool
looks_like_pem(const char *v, size_t len, bool key)
{
    const char *begin = mem_find(v, len, "-----BEGIN ");
    if (!begin || !mem_find(begin, len - (size_t)(begin - v), "-----END "))
        return false;
    /* a key must be a key, a CA or certificate a CERTIFICATE */
    return mem_find(begin, len - (size_t)(begin - v),
                    key ? "PRIVATE KEY-----" : "CERTIFICATE-----") != NULL;
}

/* flag_name is the APIManager field that turned TLS on; mounted_in names the pods that mount
 * the keys (facts Appendix C T7: backend-redis REDIS_SSL_* in backend and system pods,
 * REDIS_SSL_QUEUES_* in backend pods only, system-redis REDIS_SSL_* in system pods only). */
static int
check_tls_keys(struct rules *rs, struct secret *s, const char *const keys[3], const char *flag_name,
               int flag, const char *mounted_in)
{
    size_t i;
    int rc;
    if (!s)
        return 0;
    for (i = 0; i < 3; i++) {
        struct secret_entry *e = install_entry(s, keys[i]);
        struct diag_loc loc = {.obj = &s->obj, .key = keys[i]};
        if (flag != 1) {
            if (e && e->len) {
                loc.line = e->line;
                loc.column = e->column;
                loc.path = e->path;
                if ((rc = report_add(rs->report, RULE_TLS_UNUSED, RLINT_SEVERITY_INFO, NULL, &loc,
                                     "'%s' is set but the APIManager's %s is not true: it is "
                                     "not mounted",
                                     keys[i], flag_name)) < 0)
                    return rc;
            }
            continue;
        }
        if (!e) {
            /* the apps never get this far: the operator refuses the configuration first
             * (facts Appendix B "TLS flag on, REDIS_SSL_* keys absent": apps ok, HA REJECT) */
            if ((rc = report_add(rs->report, RULE_TLS_KEYS_MISSING, RLINT_SEVERITY_ERROR,
                                 "operator", &loc,
                                 "Secret '%s' has no '%s' but the APIManager sets %s: the "
                                 "operator refuses the configuration",
                                 s->obj.name, keys[i], flag_name)) < 0)
                return rc;
            continue;
        }
        if (!entry_usable(e))
            continue;
        loc.line = e->line;
        loc.column = e->column;
        loc.path = e->path;
        if (!looks_like_pem(e->value, e->len, i == 2) &&
            (rc = report_add(rs->report, RULE_TLS_KEY_NOT_PEM, RLINT_SEVERITY_ERROR, mounted_in,
                             &loc, "'%s' is %s: the TLS set-up fails (%zu bytes)", keys[i],
                             e->len == 0 ? "empty"
                             : i == 2    ? "not a PEM private key"
                                         : "not a PEM certificate",
                             e->len)) < 0)
            return rc;
    }
    return 0;
}

static int
check_apimanager(struct rules *rs, const struct install *in)
{
    const struct apimanager *am = in->apimanager;
    int rc;

    if (!am)
        return 0;
    if (in->minor >= 16) {
        /* 2.16.x keys both system TLS blocks (system-redis and backend-redis) off
         * systemRedisTLSEnabled (facts §2.3) */
        if ((rc = check_tls_keys(rs, in->backend, tls_keys, "spec.backend.backendRedisTLSEnabled",
                                 am->backend_tls == 1 || am->system_tls == 1 ? 1 : am->backend_tls,
                                 "backend, system (porta)")) < 0 ||
            (rc = check_tls_keys(rs, in->backend, tls_queues_keys,
                                 "spec.backend.queuesRedisTLSEnabled", am->queues_tls, "backend")) <
                0 ||
            (rc = check_tls_keys(rs, in->system, tls_keys, "spec.system.systemRedisTLSEnabled",
                                 am->system_tls, "system (porta)")) < 0)
            return rc;
    }
    return 0;
}

static int
check_annotation_and_external(struct rules *rs, const struct apimanager *am)
{
    struct diag_loc loc = {.obj = &am->obj};
    int rc;

    if (am->disable_async) {
        struct diag_loc at = {.obj = &am->obj, .line = am->async_line,
                              .column = am->async_column, .key = ANNOTATION_DISABLE_ASYNC,
                              .path = ".metadata.annotations"};
        if (rs->model->minor < 15)
            rc = report_add(rs->report, RULE_ASYNC_ANNOTATION, RLINT_SEVERITY_WARNING, NULL, &at,
                            "the annotation has no effect before 3scale 2.15: the backend "
                            "runs sync");
        else if (strcmp(am->disable_async, "true") != 0 && strcmp(am->disable_async, "false") != 0)
            rc = report_add(rs->report, RULE_ASYNC_ANNOTATION, RLINT_SEVERITY_WARNING, NULL, &at,
                            "the annotation is neither \"true\" nor \"false\": the operator "
                            "only disables async for exactly \"true\", so the backend runs "
                            "async");
        else
            rc = 0;
        if (rc < 0)
            return rc;
    }
    if (rs->model->minor >= 16) {
        bool backend = am->backend_external == 1 || (am->backend_external < 0 && am->ha_enabled == 1);
        bool system = am->system_external == 1 || (am->system_external < 0 && am->ha_enabled == 1);
        if (!backend || !system) {
            loc.path = ".spec.externalComponents";
            if ((rc = report_add(rs->report, RULE_EXTERNAL_REDIS_REQUIRED, RLINT_SEVERITY_ERROR,
                                 "operator", &loc,
                                 "APIManager does not declare external %s Redis "
                                 "(spec.externalComponents.%s.redis: true): 3scale 2.16 has no "
                                 "internal Redis and the operator refuses it",
                                 !backend ? "backend" : "system",
                                 !backend ? "backend" : "system")) < 0)
                return rc;
        }
    }
    return 0;
}

int
rules_check_cross(struct rules *rs)
{
    struct install *installs;
    int n = installs_collect(rs->model, &installs), i, rc = 0;
    size_t j;

    if (n < 0)
        return n;
    for (i = 0; i < n && rc == 0; i++)
        rc = check_apimanager(rs, &installs[i]);
    free(installs);
    for (j = 0; j < rs->model->napimanagers && rc == 0; j++)
        rc = check_annotation_and_external(rs, &rs->model->apimanagers[j]);
    return rc;
}
