/* paths.c - the fields the model reads, by path (paths.h). */
#include "paths.h"

#include <string.h>

#include "util.h"
#include "banned.h"

/* A key read below a path, and what is read below it. */
struct path_rule {
    const char *key;
    size_t len;
    enum path_kind below;
};

#define R(key, below) {key, sizeof(key) - 1, below}

/* every object: what it is, its name and annotations (secret.c object_ref_init(), the ignore
 * annotation, the APIManager's annotations); a Secret's data (secret.c); SOPS metadata; a
 * Template's parameters (params.c) and objects, a List's items */
static const struct path_rule object_rules[] = {
    R("kind", PATH_FULL),         R("apiVersion", PATH_FULL), R("metadata", PATH_METADATA),
    R("data", PATH_FULL),         R("stringData", PATH_FULL), R("sops", PATH_FULL),
    R("parameters", PATH_FULL),   R("objects", PATH_OBJECTS), R("items", PATH_OBJECTS),
    R("spec", PATH_SPEC),
};
static const struct path_rule metadata_rules[] = {
    R("name", PATH_FULL),
    R("namespace", PATH_FULL),
    R("annotations", PATH_FULL),
};
static const struct path_rule spec_rules[] = {
    /* workloads (workload.c): the pod spec of a Pod, of a template, of a CronJob's job;
     * DeploymentConfig hooks */
    R("containers", PATH_CONTAINERS),
    R("initContainers", PATH_CONTAINERS),
    R("template", PATH_TEMPLATE),
    R("jobTemplate", PATH_JOB),
    R("strategy", PATH_STRATEGY),
    /* SealedSecret, ExternalSecret, APIManager (secret.c), ImageStream (version.c) */
    R("encryptedData", PATH_FULL),
    R("target", PATH_FULL),
    R("data", PATH_FULL),
    R("dataFrom", PATH_FULL),
    R("backend", PATH_FULL),
    R("system", PATH_FULL),
    R("externalComponents", PATH_FULL),
    R("highAvailability", PATH_FULL),
    R("tags", PATH_FULL),
};
/* a SealedSecret's spec.template is its Secret's metadata and data */
static const struct path_rule template_rules[] = {
    R("metadata", PATH_METADATA),
    R("data", PATH_FULL),
    R("spec", PATH_POD),
};
static const struct path_rule job_rules[] = {
    R("spec", PATH_SPEC),
};
static const struct path_rule pod_rules[] = {
    R("containers", PATH_CONTAINERS),
    R("initContainers", PATH_CONTAINERS),
};
static const struct path_rule container_rules[] = {
    R("name", PATH_FULL), R("containerName", PATH_FULL), R("image", PATH_FULL),
    R("env", PATH_FULL),  R("envFrom", PATH_FULL),
};
static const struct path_rule strategy_rules[] = {
    R("rollingParams", PATH_PARAMS),
    R("recreateParams", PATH_PARAMS),
};
static const struct path_rule params_rules[] = {
    R("pre", PATH_HOOK),
    R("mid", PATH_HOOK),
    R("post", PATH_HOOK),
};
static const struct path_rule hook_rules[] = {
    R("execNewPod", PATH_CONTAINER),
};

enum path_kind
path_key(enum path_kind at, const char *key, size_t len)
{
    const struct path_rule *rules;
    size_t n, i;
    /* a table per path, not one for all: the loader asks for every key of every object */
    switch (at) {
    case PATH_OBJECT:
        rules = object_rules, n = ARRAY_SIZE(object_rules);
        break;
    case PATH_METADATA:
        rules = metadata_rules, n = ARRAY_SIZE(metadata_rules);
        break;
    case PATH_SPEC:
        rules = spec_rules, n = ARRAY_SIZE(spec_rules);
        break;
    case PATH_TEMPLATE:
        rules = template_rules, n = ARRAY_SIZE(template_rules);
        break;
    case PATH_JOB:
        rules = job_rules, n = ARRAY_SIZE(job_rules);
        break;
    case PATH_POD:
        rules = pod_rules, n = ARRAY_SIZE(pod_rules);
        break;
    case PATH_CONTAINER:
        rules = container_rules, n = ARRAY_SIZE(container_rules);
        break;
    case PATH_STRATEGY:
        rules = strategy_rules, n = ARRAY_SIZE(strategy_rules);
        break;
    case PATH_PARAMS:
        rules = params_rules, n = ARRAY_SIZE(params_rules);
        break;
    case PATH_HOOK:
        rules = hook_rules, n = ARRAY_SIZE(hook_rules);
        break;
    case PATH_SKIP:
    case PATH_FULL:
        return at;
    default:
        return PATH_SKIP; /* PATH_CONTAINERS, PATH_OBJECTS: sequences, no keys */
    }
    for (i = 0; i < n; i++)
        if (rules[i].len == len && rules[i].key[0] == key[0] && memcmp(rules[i].key, key, len) == 0)
            return rules[i].below;
    return PATH_SKIP;
}

enum path_kind
path_item(enum path_kind at)
{
    switch (at) {
    case PATH_FULL:
        return PATH_FULL;
    case PATH_OBJECTS:
        return PATH_OBJECT;
    case PATH_CONTAINERS:
        return PATH_CONTAINER;
    default:
        return PATH_SKIP;
    }
}
