/* version.c - version detection: --3scale-version, the APIManager's annotations, the image
 * tags of the 3scale workloads, a Template's AMP_RELEASE, DeploymentConfig (<=2.14) vs
 * Deployment (>=2.15), else the newest. */
#include "version.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static int
minor_at(const char *p)
{
    char *end;
    long minor;
    if (p[0] != '2' || p[1] != '.' || p[2] < '0' || p[2] > '9')
        return 0;
    minor = strtol(p + 2, &end, 10);
    if (*end >= '0' && *end <= '9')
        return 0;
    return minor >= MINOR_MIN && minor <= MINOR_MAX ? (int)minor : 0;
}

int
version_in_string(const char *s)
{
    const char *p;
    if (!s)
        return 0;
    if (minor_at(s))
        return minor_at(s);
    for (p = s; (p = strstr(p, "3scale")); p += 6) {
        const char *q = p + 6;
        if (*q == '-' || *q == '_')
            q++;
        if (minor_at(q))
            return minor_at(q);
    }
    return 0;
}

int
version_of_operator(const char *s)
{
    char *end;
    long minor;
    if (!s || strncmp(s, "0.", 2) != 0)
        return 0;
    minor = strtol(s + 2, &end, 10) + 3;
    if (end == s + 2 || minor < 5 || minor > MINOR_MAX)
        return 0;
    return (int)minor;
}

bool
version_threescale_workload(const char *name)
{
    return name && (strncmp(name, "backend-", 8) == 0 || strncmp(name, "system-", 7) == 0);
}

void
version_detect(struct rlint_ctx *ctx)
{
    if (ctx->version_set)
        return;
    if (ctx->hint_apimanager) {
        ctx->minor = ctx->hint_apimanager;
        ctx->version_reason = "from the APIManager annotation "
                              "apps.3scale.net/apimanager-threescale-version";
    } else if (ctx->hint_operator) {
        ctx->minor = ctx->hint_operator;
        ctx->version_reason = "from the APIManager annotation "
                              "apps.3scale.net/threescale-operator-version";
    } else if (ctx->hint_image) {
        ctx->minor = ctx->hint_image;
        ctx->version_reason = "from the image tags of the 3scale workloads";
    } else if (ctx->hint_template) {
        ctx->minor = ctx->hint_template;
        ctx->version_reason = "from the Template parameter AMP_RELEASE";
    } else if (ctx->saw_deployment_config && !ctx->saw_deployment) {
        ctx->minor = 14;
        ctx->version_reason = "the 3scale workloads are DeploymentConfigs: 2.14 or earlier, "
                              "2.14 assumed";
    } else if (ctx->saw_deployment && !ctx->saw_deployment_config) {
        ctx->minor = MINOR_MAX;
        ctx->version_reason = "the 3scale workloads are Deployments: 2.15 or later, the newest "
                              "assumed";
    }
}
