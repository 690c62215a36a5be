/* workload.h - the parts of a workload the env rules need: containers, init containers,
 * DeploymentConfig hooks, their env and envFrom, with positions. */
#ifndef RLINT_WORKLOAD_H
#define RLINT_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "objects.h"
#include "node.h"

/* No path strings are kept: a finding builds its path (wl_path()) from the container's place
 * and the entry's index, so an install's hundreds of env entries cost no formatting. */
/* Names and images are pooled (model->strings): equal ones share one copy. */
struct env_ref {
    /* pointers, then the rest packed: 56 bytes, 153 of them an install */
    const char *name;
    char *value;        /* the literal value, kept for ENV_REDIS_ASYNC only (not a secret; at
                           most ENV_VALUE_MAX bytes), NULL when not a resolved scalar */
    const char *secret;
    const char *key;
    unsigned index;     /* in the env list: ".env[index]" */
    unsigned line, column;
    bool has_value;     /* a literal value: */
    bool from_secret;   /* valueFrom.secretKeyRef */
    bool from_other;    /* valueFrom of another kind (configMapKeyRef, fieldRef...) */
    bool optional;
    bool redefines;       /* an earlier entry has the same name */
    bool same_as_earlier; /* and the last of them the same value/valueFrom */
};

/* The one env var whose literal value is kept: apisonator's mode switch (install.c). Other
 * literals may be pasted passwords and are never copied. */
#define ENV_REDIS_ASYNC "CONFIG_REDIS_ASYNC"
/* "1" and "true" are all that count; a longer value is kept cut, which reads the same. */
#define ENV_VALUE_MAX 64

struct env_from {
    const char *secret; /* secretRef.name; NULL for a configMapRef */
    const char *prefix;
    size_t index;       /* in the envFrom list */
    unsigned line, column;
    bool optional;
};

struct wl_container {
    const char *name;
    const char *hook;   /* "pre", "mid" or "post" for a DeploymentConfig hook, else NULL */
    const char *image;
    /* where it is, static strings: base ".spec.template.spec", field "containers", index 0;
     * for a hook, field is the strategy ("rollingParams") */
    const char *base, *field;
    size_t index;
    unsigned line, column;
    unsigned env_line, env_column; /* the env: key, or the container when it has none */
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
int workload_extract(struct model *model, const char *file, const struct node *root,
                     const char *kind);
void workload_release(struct workload *w);

/* The path of c (list NULL), of its env: or envFrom: key (list "env" or "envFrom", index
 * SIZE_MAX) or of one entry there, for a finding: malloc'd, NULL when out of memory. */
char *wl_path(const struct wl_container *c, const char *list, size_t index);

#endif
