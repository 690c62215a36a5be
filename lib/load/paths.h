/* paths.h - which subtrees of a document the model reads (model/secret.c, workload.c,
 * params.c, version.c), decided by the path from the object's root alone: the loader builds
 * those and skips the rest (status, managedFields, labels, volumes, probes, resources...)
 * without allocating a node. By path, not by kind: kind may come after spec.
 *
 * A reader that starts to look at another field adds its path here, or the field reads as
 * absent: its golden cases then fail. An anchored node is always built whole (load.c). */
#ifndef RLINT_PATHS_H
#define RLINT_PATHS_H

#include <stddef.h>

enum path_kind {
    PATH_SKIP,       /* nothing below is read */
    PATH_FULL,       /* everything below is read */
    PATH_OBJECT,     /* an object: a document, an item of a List, an object of a Template */
    PATH_METADATA,   /* an object's or a pod template's metadata */
    PATH_SPEC,       /* an object's spec, whatever its kind */
    PATH_TEMPLATE,   /* spec.template (a pod template, or a SealedSecret's Secret) */
    PATH_JOB,        /* a CronJob's spec.jobTemplate */
    PATH_POD,        /* a pod template's spec */
    PATH_CONTAINERS, /* containers or initContainers */
    PATH_CONTAINER,  /* one of them, or a DeploymentConfig hook's execNewPod */
    PATH_STRATEGY,   /* a DeploymentConfig's spec.strategy */
    PATH_PARAMS,     /* its rollingParams or recreateParams */
    PATH_HOOK,       /* their pre, mid or post */
    PATH_OBJECTS,    /* a List's items or a Template's objects */
};

/* What is read below key in a mapping at path at. */
enum path_kind path_key(enum path_kind at, const char *key, size_t len);
/* What is read below an item of a sequence at path at. */
enum path_kind path_item(enum path_kind at);

#endif
