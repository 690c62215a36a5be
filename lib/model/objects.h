/* objects.h - the objects the model copies out of the input: where each came from, Secrets
 * and their entries, APIManagers. */
#ifndef RLINT_OBJECTS_H
#define RLINT_OBJECTS_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "model.h"

#define ANNOTATION_IGNORE "3scale-redis-lint.io/ignore"

struct secret_entry {
    char *key;
    char *value;       /* decoded bytes, NUL-terminated; NULL when not usable (see below) */
    size_t len;
    char *path;        /* ".stringData.URL" */
    unsigned line;     /* of the value */
    unsigned column;
    bool from_string_data;
    bool unresolved;   /* a placeholder is left: value rules skip it */
    bool invalid;      /* bad base64, not a string, too large: already reported */
    bool opaque;       /* no value offline (SOPS ENC[...], SealedSecret, ExternalSecret) */
};

struct secret {
    struct object_ref obj;
    struct secret_entry *entries;
    size_t count;
    size_t cap;
    bool shadowed;     /* a later definition of the same Secret wins */
    bool keep_values;  /* backend-redis / system-redis: values kept for the rules */
    bool sops;         /* its document has SOPS metadata: ENC[...] values are encrypted */
    bool keys_unknown; /* more keys may come (ExternalSecret dataFrom): none is "missing" */
    const char *canon; /* a kustomize-suffixed backend-redis/system-redis: SECRET_BACKEND or
                        * SECRET_SYSTEM (static), else NULL */
    unsigned name_line, name_column; /* of the name, for the name rules */
    unsigned long seq; /* the order it was read in (model->secrets_seen), kept when the
                        * array is compacted (lib/window.c) */
};

struct apimanager {
    struct object_ref obj;
    int backend_tls;   /* -1 not set, 0 false, 1 true */
    int queues_tls;
    int system_tls;
    int backend_external; /* spec.externalComponents.backend.redis, -1 not set */
    int system_external;
    int ha_enabled;       /* spec.highAvailability.enabled */
    char *disable_async;  /* annotation value, copied (not a secret), or NULL */
    unsigned async_line, async_column;
};

void object_ref_release(struct object_ref *obj);
/* A deep copy of src into *dst. 0, or RLINT_ENOMEM with *dst released. */
int object_ref_copy(struct object_ref *dst, const struct object_ref *src);
void secret_release(struct secret *secret);
void apimanager_release(struct apimanager *am);

#endif
