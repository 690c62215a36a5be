/* model.h - struct model, what the run knows about the input: what was copied out of the
 * trees (Secrets and their indexes, APIManagers, workloads, the names they share), what was
 * derived from it (version hints, the version, installs, the mode) and what the caller
 * added (parameters, profiles, Secrets known to be missing). The rules read it; the run
 * context (ctx.h) holds one. */
#ifndef RLINT_MODEL_H
#define RLINT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include <rlint/rlint.h>

#include "util.h"

struct apimanager;
struct default_use;
struct install;
struct install_mode;
struct released_secret;
struct pending_ref;
struct node;
struct object_ref;
struct param;
struct profile;
struct report;
struct secret;
struct workload;

struct model {
    struct report *report;     /* where the model's findings go (report_add()) */
    size_t value_limit;        /* RLINT_LIMIT_VALUE_SIZE */

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

    struct secret *secrets;
    size_t nsecrets, secrets_cap;
    /* (name, namespace) -> index of the Secret of that name in that namespace that wins
     * (the others are shadowed); and name -> the last Secret of that name in any namespace */
    struct name_index secret_by_ns, secret_last;
    unsigned long secrets_seen; /* Secrets added so far: the next one's seq */
    size_t secrets_redefined;  /* Secrets that a later definition shadowed (RLINT004) */
    /* Secrets of installs checked and released before the input ended (lib/window.c):
     * name -> index in released_secrets, for the rule that names another namespace */
    struct name_index released_by_name;
    struct released_secret *released_secrets;
    size_t nreleased_secrets, released_secrets_cap;
    /* what the summary's mode reads of them when the input has no install at all: the
     * votes of their listeners and workers (install.c), how many APIManagers they had */
    unsigned released_votes;
    size_t released_apimanagers;
    /* the modes of those installs, for the summary */
    struct install_mode *released_modes;
    size_t nreleased_modes, released_modes_cap;
    /* set in a model that holds one namespace's objects for an early check (a view): the
     * model of the whole input; NULL in that model itself */
    const struct model *whole;
    /* references to Secrets their namespace lacks, from installs checked early, whose
     * findings wait for the end (install.h struct pending_ref) */
    struct pending_ref *pending_refs;
    size_t npending_refs, pending_refs_cap;
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
};

#endif
