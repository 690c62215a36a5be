/* version.c - version detection: --3scale-version, the APIManager's annotations, the image
 * tags of the 3scale workloads, a Template's AMP_RELEASE, the tags of the amp-* ImageStreams
 * (2.1 templates have no AMP_RELEASE), DeploymentConfig (<=2.14) vs Deployment (>=2.15), else
 * the newest. A release older than any profile (1.x) is remembered, never replaced by a guess. */
#include "version.h"

#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "banned.h"

/* The version code of the "1.N" or "2.N" at p (N up to MINOR_MAX for 2), or 0. */
static int
code_at(const char *p)
{
    char *end;
    long minor;
    if ((p[0] != '1' && p[0] != '2') || p[1] != '.' || p[2] < '0' || p[2] > '9')
        return 0;
    minor = strtol(p + 2, &end, 10);
    if (*end >= '0' && *end <= '9')
        return 0;
    if (p[0] == '1')
        return minor <= 99 ? VERSION_CODE(1, (int)minor) : 0;
    return minor <= MINOR_MAX ? VERSION_CODE(2, (int)minor) : 0;
}

int
version_in_string(const char *s)
{
    const char *p;
    if (!s)
        return 0;
    if (code_at(s))
        return code_at(s);
    for (p = s; (p = strstr(p, "3scale")); p += 6) {
        const char *q = p + 6;
        if (*q == '-' || *q == '_')
            q++;
        if (code_at(q))
            return code_at(q);
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
    return VERSION_CODE(2, (int)minor);
}

bool
version_threescale_workload(const char *name)
{
    return name && (strncmp(name, "backend-", 8) == 0 || strncmp(name, "system-", 7) == 0);
}

void
version_image_stream(struct model *model, const struct node *root)
{
    static const char *const tags_path[] = {"spec", "tags", NULL};
    const char *name = node_get_str(node_get(root, "metadata"), "name");
    const struct node *tags = node_get_path(root, tags_path);
    size_t i;

    if (model->hint_image_stream || !name || strncmp(name, "amp-", 4) != 0 || !tags ||
        tags->type != NODE_SEQUENCE)
        return;
    for (i = 0; i < tags->count && !model->hint_image_stream; i++)
        model->hint_image_stream = version_in_string(node_get_str(node_items(tags)[i], "name"));
}

void
version_detect(struct model *model)
{
    static const char *const reasons[] = {
        "from the APIManager annotation apps.3scale.net/apimanager-threescale-version",
        "from the APIManager annotation apps.3scale.net/threescale-operator-version",
        "from the image tags of the 3scale workloads",
        "from the Template parameter AMP_RELEASE",
        "from the tags of the 3scale ImageStreams (amp-*)",
    };
    const int hints[] = {model->hint_apimanager, model->hint_operator, model->hint_image,
                         model->hint_template, model->hint_image_stream};
    size_t i;

    if (model->version_set)
        return;
    /* from the hints alone, so that detecting again after more input (lib/window.c checks
     * installs before the input ends) gives what detecting once at the end gives */
    model->minor = MINOR_MAX;
    model->version_reason = VERSION_REASON_DEFAULT;
    for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
        if (!hints[i])
            continue;
        model->version_reason = reasons[i];
        if (hints[i] < VERSION_CODE(2, MINOR_MIN))
            model->unsupported = hints[i]; /* rlint_check() refuses it */
        else
            model->minor = hints[i] - VERSION_CODE(2, 0);
        return;
    }
    if (model->saw_deployment_config && !model->saw_deployment) {
        model->minor = 14;
        model->version_reason = "the 3scale workloads are DeploymentConfigs: 2.14 or earlier, "
                                "2.14 assumed";
    } else if (model->saw_deployment && !model->saw_deployment_config) {
        model->minor = MINOR_MAX;
        model->version_reason = "the 3scale workloads are Deployments: 2.15 or later, the newest "
                                "assumed";
    }
}
