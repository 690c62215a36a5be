/* paths.c - the fields the model reads, by path (paths.h). */
#include "paths.h"

#include <string.h>

#include "util.h"
#include "banned.h"

struct path_rule {
    enum path_kind at;
    const char *key;
    size_t len;
    enum path_kind below;
};

#define R(at, key, below) {at, key, sizeof(key) - 1, below}

static const struct path_rule rules[] = {
    /* every object: what it is, its name and annotations (secret.c object_ref_init(), the
     * ignore annotation, the APIManager's annotations); a Secret's data (secret.c); SOPS
     * metadata; a Template's parameters (params.c) and objects, a List's items */
    R(PATH_OBJECT, "kind", PATH_FULL),
    R(PATH_OBJECT, "apiVersion", PATH_FULL),
    R(PATH_OBJECT, "metadata", PATH_METADATA),
    R(PATH_OBJECT, "data", PATH_FULL),
    R(PATH_OBJECT, "stringData", PATH_FULL),
    R(PATH_OBJECT, "sops", PATH_FULL),
    R(PATH_OBJECT, "parameters", PATH_FULL),
    R(PATH_OBJECT, "objects", PATH_OBJECTS),
    R(PATH_OBJECT, "items", PATH_OBJECTS),
    R(PATH_OBJECT, "spec", PATH_SPEC),
    R(PATH_METADATA, "name", PATH_FULL),
    R(PATH_METADATA, "namespace", PATH_FULL),
    R(PATH_METADATA, "annotations", PATH_FULL),
    /* workloads (workload.c): the pod spec of a Pod, of a template, of a CronJob's job;
     * DeploymentConfig hooks */
    R(PATH_SPEC, "containers", PATH_CONTAINERS),
    R(PATH_SPEC, "initContainers", PATH_CONTAINERS),
    R(PATH_SPEC, "template", PATH_TEMPLATE),
    R(PATH_SPEC, "jobTemplate", PATH_JOB),
    R(PATH_SPEC, "strategy", PATH_STRATEGY),
    /* SealedSecret, ExternalSecret, APIManager (secret.c), ImageStream (version.c) */
    R(PATH_SPEC, "encryptedData", PATH_FULL),
    R(PATH_SPEC, "target", PATH_FULL),
    R(PATH_SPEC, "data", PATH_FULL),
    R(PATH_SPEC, "dataFrom", PATH_FULL),
    R(PATH_SPEC, "backend", PATH_FULL),
    R(PATH_SPEC, "system", PATH_FULL),
    R(PATH_SPEC, "externalComponents", PATH_FULL),
    R(PATH_SPEC, "highAvailability", PATH_FULL),
    R(PATH_SPEC, "tags", PATH_FULL),
    /* a SealedSecret's spec.template is its Secret's metadata and data */
    R(PATH_TEMPLATE, "metadata", PATH_METADATA),
    R(PATH_TEMPLATE, "data", PATH_FULL),
    R(PATH_TEMPLATE, "spec", PATH_POD),
    R(PATH_JOB, "spec", PATH_SPEC),
    R(PATH_POD, "containers", PATH_CONTAINERS),
    R(PATH_POD, "initContainers", PATH_CONTAINERS),
    R(PATH_CONTAINER, "name", PATH_FULL),
    R(PATH_CONTAINER, "containerName", PATH_FULL),
    R(PATH_CONTAINER, "image", PATH_FULL),
    R(PATH_CONTAINER, "env", PATH_FULL),
    R(PATH_CONTAINER, "envFrom", PATH_FULL),
    R(PATH_STRATEGY, "rollingParams", PATH_PARAMS),
    R(PATH_STRATEGY, "recreateParams", PATH_PARAMS),
    R(PATH_PARAMS, "pre", PATH_HOOK),
    R(PATH_PARAMS, "mid", PATH_HOOK),
    R(PATH_PARAMS, "post", PATH_HOOK),
    R(PATH_HOOK, "execNewPod", PATH_CONTAINER),
};

enum path_kind
path_key(enum path_kind at, const char *key, size_t len)
{
    size_t i;
    if (at == PATH_FULL || at == PATH_SKIP)
        return at;
    for (i = 0; i < ARRAY_SIZE(rules); i++)
        if (rules[i].at == at && rules[i].len == len && memcmp(rules[i].key, key, len) == 0)
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
