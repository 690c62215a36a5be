/* ctx.h - the inside of struct rlint_ctx and the objects the loader keeps. */
#ifndef RLINT_CTX_H
#define RLINT_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include <rlint/rlint.h>

#include "util.h"

enum rule_id {
#define RLINT_RULE(id, NAME, name, sev, summary, rationale, component, bad, good, facts) \
    RULE_##NAME,
#include <rlint/rules.def>
#undef RLINT_RULE
    RULE__COUNT
};

/* Where an object came from. */
struct object_ref {
    char *file;
    char *kind;
    char *namespace_; /* NULL when the manifest does not say */
    char *name;
    unsigned line;
    unsigned column;
    char *ignore;     /* the 3scale-redis-lint.io/ignore annotation, or NULL */
};

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

struct param {
    char *name;
    char *value;
};

/* A value that holds Template parameter defaults: findings at its position say so. */
struct default_use {
    char *file;
    unsigned line, column;
    char *note;        /* "from the default of parameter NAME" */
};

struct file_count {
    char *file;
    size_t findings;
    bool limit_reported;
};

struct node;
struct workload;
struct profile;
struct endpoint;

struct rlint_ctx {
    int minor;                 /* 3scale 2.<minor> */
    const char *version_reason;
    bool version_set;
    struct param *params;
    size_t nparams, params_cap;
    /* the parameters: of the Template whose objects are being read (in the document's
     * tree, so only while loading it), or NULL */
    const struct node *template_params;
    struct default_use *default_uses;
    size_t ndefault_uses, default_uses_cap;
    size_t limits[6];

    struct secret *secrets;
    size_t nsecrets, secrets_cap;
    /* (name, namespace) -> index of the Secret of that name in that namespace that wins
     * (the others are shadowed); and name -> the last Secret of that name in any namespace */
    struct name_index secret_by_ns, secret_last;
    /* names read from the input that repeat (workload.c): env vars, Secrets, keys */
    struct strpool strings;
    struct apimanager *apimanagers;
    size_t napimanagers, apimanagers_cap;
    struct workload *workloads_list;
    size_t nworkloads, workloads_cap;
    struct profile *profiles;
    size_t nprofiles, profiles_cap;
    const struct profile *profile; /* the one for minor, chosen by rlint_check() */
    bool profiles_embedded;    /* profiles holds embedded ones, parsed as needed */
    struct profile *embedded_all; /* every embedded profile, parsed for profiles_all() */
    size_t nembedded_all;
    const char *mode;          /* "async", "sync", "mixed"; NULL until rlint_check() */
    char *mode_reason;         /* why (install.c installs_record_mode()) */
    struct install *installs;  /* installs_collect()'s, kept from installs_record_mode() on */
    int ninstalls;
    bool installs_grouped;     /* installs and ninstalls are set */

    /* version hints seen while loading (0 = none), for rlint_check()'s detection */
    int hint_apimanager;       /* apps.3scale.net/apimanager-threescale-version */
    int hint_operator;         /* apps.3scale.net/threescale-operator-version */
    int hint_image;            /* image tags of the 3scale workloads */
    int hint_template;         /* a Template's AMP_RELEASE parameter */
    int hint_image_stream;     /* the tag names of an amp-* ImageStream */
    int unsupported;           /* the detected version code when older than 2.MINOR_MIN */
    char unsupported_name[8];  /* its "1.9", for rlint_ctx_version() */
    bool saw_deployment_config;/* 3scale workloads as DeploymentConfigs */
    bool saw_deployment;       /* ... as Deployments */
    size_t missing_secrets;    /* rlint_ctx_add_missing_secret() calls */
    struct object_ref *missing; /* their names and namespaces (kind and file unused) */

    struct rlint_diag *diags;
    size_t ndiags, diags_cap;
    struct file_count *files;
    size_t nfiles, files_cap;
    bool checked;
    /* per rule (enum rule_id): 0 as reported, 1 disabled, 2+severity overridden */
    signed char rule_override[RULE__COUNT];
    size_t suppressed;
    struct endpoint *endpoints; /* rlint_check(): where each component connects (--probe) */
    size_t nendpoints, endpoints_cap;
};

#define ANNOTATION_IGNORE "3scale-redis-lint.io/ignore"

#define MINOR_MIN 0 /* 2.0: the first release of the AMP templates */
#define MINOR_MAX 16

void object_ref_release(struct object_ref *obj);
/* Parses a profile into ctx->profiles (rlint_ctx_add_profile without argument checks). */
int profiles_add(struct rlint_ctx *ctx, const char *name, const char *buf, size_t len);
/* Every profile of the run, for questions across versions: the caller's, or all the embedded
 * ones (parsed on the first call; the run itself parses only the one in use). Sets *out and
 * *n; 0, or RLINT_ENOMEM. */
int profiles_all(struct rlint_ctx *ctx, const struct profile **out, size_t *n);
void secret_release(struct secret *secret);
void apimanager_release(struct apimanager *am);

#endif
