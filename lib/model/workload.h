/* workload.h - the parts of a workload the env rules need: containers, init containers,
 * DeploymentConfig hooks, their env and envFrom, with positions. */
#ifndef RLINT_WORKLOAD_H
#define RLINT_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "objects.h"
#include "node.h"

struct env_ref {
    char *name;
    char *path;         /* ".spec.template.spec.containers[0].env[3]" */
    unsigned line, column;
    bool has_value;     /* a literal value: */
    char *value;        /* that value, kept for ENV_REDIS_ASYNC only (not a secret; at most
                           ENV_VALUE_MAX bytes), NULL when not a resolved scalar */
    bool from_secret;   /* valueFrom.secretKeyRef */
    bool from_other;    /* valueFrom of another kind (configMapKeyRef, fieldRef...) */
    char *secret;
    char *key;
    bool optional;
    bool same_as_earlier; /* an earlier entry of the same name has the same value/valueFrom */
};

/* The one env var whose literal value is kept: apisonator's mode switch (install.c). Other
 * literals may be pasted passwords and are never copied. */
#define ENV_REDIS_ASYNC "CONFIG_REDIS_ASYNC"
/* "1" and "true" are all that count; a longer value is kept cut, which reads the same. */
#define ENV_VALUE_MAX 64

struct env_from {
    char *secret;       /* secretRef.name; NULL for a configMapRef */
    char *prefix;
    char *path;
    unsigned line, column;
    bool optional;
};

struct wl_container {
    char *name;
    char *hook;         /* "pre", "mid" or "post" for a DeploymentConfig hook, else NULL */
    char *image;
    char *path;
    unsigned line, column;
    unsigned env_line, env_column; /* the env: key, or the container when it has none */
    char *env_path;
    bool init;
    struct env_ref *env;
    size_t nenv;
    struct env_from *from;
    size_t nfrom;
};

struct workload {
    struct object_ref obj;
    struct wl_container *containers;
    size_t ncontainers;
};

/* Copies a workload out of its document (kind already known). 0 or RLINT_ENOMEM. */
int workload_extract(struct rlint_ctx *ctx, const char *file, const struct node *root,
                     const char *kind);
void workload_release(struct workload *w);

#endif
