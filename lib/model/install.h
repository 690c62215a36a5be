/* install.h - one 3scale install as the rules see it: the two Secrets and the APIManager of a
 * namespace, and the mode they put the components in. */
#ifndef RLINT_INSTALL_H
#define RLINT_INSTALL_H

#include <stdbool.h>

#include "components.h"
#include "objects.h"
#include "keys.h"

struct install {
    const char *namespace_;     /* NULL when the manifests do not say */
    struct secret *backend;     /* NULL when not in the input */
    struct secret *system;
    const struct apimanager *apimanager;
    int minor;
    const struct profile *profile; /* the target version's */
    bool async;                 /* listener and worker use the async client */
    const char *mode_reason;    /* why async is what it is (static text) */
    bool operator_fills;        /* the operator writes missing sentinel keys back as "" */
    unsigned long seq;          /* its first Secret's (struct secret seq): the order of the
                                 * installs in the summary */
};

/* An install checked and released before the input ended (lib/window.c): what the summary
 * needs of it. */
struct install_mode {
    const char *namespace_;     /* pooled in model->strings */
    const char *reason;         /* static text, as struct install's mode_reason */
    unsigned long seq;
    bool async;
};

/* A reference to a Secret its namespace lacks, from an install checked early (a view): its
 * finding names the first other namespace that has the Secret, which may come later, so it
 * waits for the end, copied out of the workloads (rules-env.c). */
struct pending_ref {
    struct object_ref obj;      /* the first referencing workload's */
    char *secret;
    char *key;                  /* where the first reference is */
    char *path;
    unsigned line, column;
    size_t refs, workloads;
    bool env_from, backend, system;
};
void pending_ref_release(struct pending_ref *p);

/* A Secret of a released install, for other_namespace_of() (not shadowed, with a
 * namespace): the earliest two of a name in distinct namespaces. */
struct released_secret {
    const char *ns[2];          /* pooled; ns[1] NULL until a second namespace has one */
    unsigned long seq[2];
};

/* Whether s is a kustomize-suffixed 3scale Secret (s->canon) whose exact name is also defined
 * in its namespace: that one is what 3scale reads, and s is not checked as it. */
bool secret_has_exact(const struct model *model, const struct secret *s);

/* Whether the operator writes key back into the 3scale Secret s (as "") when it is absent:
 * the profile marks the key operator_fills and s's namespace is an operator install (the
 * same test as struct install's operator_fills). It does so before it renders a workload
 * (3scale-operator@3scale-2.16.3-GA controllers/apps/apimanager_controller.go:L432-441, the
 * external-dependency reconciler before the backend and system ones). */
bool install_fills_key(const struct model *model, const struct secret *s, const char *key);

/* Groups the non-shadowed 3scale Secrets by namespace, a kustomize-suffixed one (secret_role())
 * as the Secret it stands for unless that is there too. *out is malloc'd (free() it). An
 * APIManager goes with its namespace, or with every install when it is the only one and one
 * side does not say its namespace. The mode of each install (async): the APIManager's
 * disable-async annotation where the version's operator renders CONFIG_REDIS_ASYNC from it;
 * else the CONFIG_REDIS_ASYNC env of the backend-listener and backend-worker workloads of the
 * namespace (async when any of their containers runs async); else the version's default.
 * Returns the number of installs, or RLINT_ENOMEM. */
int installs_collect(struct model *model, struct install **out);
/* Records the installs of a view (model->whole set) as released into the whole model:
 * their modes and their Secrets' names. 0 or RLINT_ENOMEM. */
int installs_record_released(struct model *whole, const struct model *view);
/* The namespace, other than ns, of the earliest Secret of that name (not shadowed, with a
 * namespace) read so far, released ones included, or NULL. In a view, whose model cannot
 * see Secrets read later, *undecided is set when there is none yet. first: name -> the
 * first such Secret of model (any namespace). */
const char *other_namespace_of(const struct model *model, const struct name_index *first,
                               const char *ns, const char *name, bool *undecided);
/* Sets model->mode and model->mode_reason from the installs' modes, for the summary (with no
 * install, from the input as one install without a namespace). 0 or RLINT_ENOMEM. */
int installs_record_mode(struct model *model);

/* The entry of key in secret, or NULL (also NULL for a NULL secret). */
struct secret_entry *install_entry(struct secret *secret, const char *key);
/* The entry for db/role, looked up in the Secret that holds that db. */
struct secret_entry *install_key(const struct install *in, enum redis_db db, enum key_role role);
struct secret *install_secret_for(const struct install *in, enum redis_db db);
/* The client component r uses in this install's version (CLIENT_NONE: not there). */
enum redis_client install_client(const struct install *in, enum reader r);
/* Whether component r reads the db/role key in this install's version and mode. */
bool install_reads(const struct install *in, enum reader r, enum redis_db db,
                   enum key_role role);
/* APIManager TLS flag for db as the operator wires it to the components: -1 unknown (no
 * APIManager, not set, or a version that does not wire it), 0, 1. */
int install_tls_flag(const struct install *in, enum redis_db db);
/* A usable value: present, resolved, valid. */
bool entry_usable(const struct secret_entry *e);

#endif
