/* rlint.h - public API of librlint, the 3scale Redis configuration checker.
 *
 * The library is pure: the caller hands it bytes (manifest files), it hands back findings.
 * It never prints, exits, reads the environment or keeps global state; everything hangs off a
 * struct rlint_ctx owned by the caller.
 */
#ifndef RLINT_RLINT_H
#define RLINT_RLINT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes: 0 on success, negative on operational failure. Findings about the manifests
 * are never errors: they are diagnostics in the report. */
enum rlint_status {
    RLINT_OK = 0,
    RLINT_ENOMEM = -1,  /* out of memory */
    RLINT_EINVAL = -2,  /* bad argument (a programming or usage error) */
    RLINT_ELIMIT = -3,  /* a configured limit was hit */
    RLINT_ENOTFOUND = -4, /* the thing asked for does not exist (rule ID, version) */
    RLINT_EUNSUPPORTED = -5, /* the input is of a 3scale release older than any supported */
    RLINT_EIO = -6,     /* the input could not be read (rlint_load_stream()) */
    RLINT_ERELOAD = -7, /* with a namespace window, the input needs reading again with the
                         * window off (rlint_ctx_set_namespace_window()) */
};

/* Static text for a status code; never NULL. */
const char *rlint_strerror(int status);

enum rlint_severity {
    RLINT_SEVERITY_INFO = 0,
    RLINT_SEVERITY_WARNING = 1,
    RLINT_SEVERITY_ERROR = 2,
};

/* "info", "warning", "error"; NULL for an unknown value. */
const char *rlint_severity_name(enum rlint_severity severity);
/* Parses "info", "warning" or "error" into *out. RLINT_EINVAL otherwise. */
int rlint_severity_parse(enum rlint_severity *out, const char *name);

/* One finding. All strings are owned by the ctx and valid until rlint_ctx_free(); a field that
 * does not apply is NULL (strings) or 0 (line, column). Fields are only ever appended. */
struct rlint_diag {
    const char *rule;             /* stable ID, "RLINT012" */
    enum rlint_severity severity;
    const char *message;          /* never contains a Secret value */
    const char *component;        /* the 3scale component(s) that break, or NULL */
    const char *file;             /* as given to rlint_load_buffer() */
    unsigned line;                /* 1-based; 0 when unknown */
    unsigned column;              /* 1-based, in characters as libyaml counts them; 0 unknown */
    const char *object_kind;
    const char *object_namespace; /* NULL when the manifest does not say */
    const char *object_name;
    const char *key;              /* Secret key or env var name, or NULL */
    const char *path;             /* field path, ".data.REDIS_STORAGE_URL" */
};

/* The rule table, in ID order. rlint_rule_count() entries, indexes 0..count-1. */
struct rlint_rule_info {
    const char *id;               /* "RLINT012" */
    const char *name;             /* "url-db-leading-zero" */
    enum rlint_severity severity; /* the highest severity the rule reports with */
    const char *summary;          /* one line */
    const char *rationale;        /* why, and which component breaks */
    const char *component;        /* the 3scale component(s) that break, or "none (...)" */
    const char *bad_example;      /* a snippet that triggers the rule; lines split by \n */
    const char *good_example;     /* the corrected snippet */
    const char *facts;            /* public sources, "; "-separated: "owner/repo@tag path" */
};
size_t rlint_rule_count(void);
const struct rlint_rule_info *rlint_rule_at(size_t index);
/* Finds a rule by ID ("RLINT012", case-insensitive) or name; NULL when there is none. */
const struct rlint_rule_info *rlint_rule_find(const char *id_or_name);

struct rlint_ctx;

/* Creates a ctx with default options and limits. The caller frees it with rlint_ctx_free().
 * Returns RLINT_OK and sets *out, or RLINT_ENOMEM / RLINT_EINVAL (out == NULL). */
int rlint_ctx_new(struct rlint_ctx **out);
/* Frees the ctx, every loaded object and every diagnostic. NULL is a no-op. */
void rlint_ctx_free(struct rlint_ctx *ctx);

/* The 3scale version to check against, "2.0" ... "2.16". Without it, the version is detected
 * from the input (rlint_check()), else the newest is assumed.
 * RLINT_EINVAL for a malformed or unsupported version. */
int rlint_ctx_set_version(struct rlint_ctx *ctx, const char *version);
/* The version the checks ran with ("2.16"), and why it was chosen. Static strings, or owned
 * by the ctx after RLINT_EUNSUPPORTED: then the release the input names ("1.9"). */
const char *rlint_ctx_version(const struct rlint_ctx *ctx);
const char *rlint_ctx_version_reason(const struct rlint_ctx *ctx);

/* Substitutes ${NAME} and $(NAME) placeholders with value, as `oc process -p` would. The
 * strings are copied. RLINT_EINVAL for an empty or malformed name. */
int rlint_ctx_set_param(struct rlint_ctx *ctx, const char *name, const char *value);

/* Adds a version profile (a schemas/3scale-X.Y.json document; name is used in messages). Without any,
 * rlint_check() uses the profiles built into the library. RLINT_EINVAL when the profile is
 * not valid or overlaps one already added: a diagnostic (RLINT015) says why. RLINT_ENOMEM. */
int rlint_ctx_add_profile(struct rlint_ctx *ctx, const char *name, const char *buf, size_t len);

/* Turns a rule off (ID or name). Its findings are dropped but counted, like suppressed ones.
 * RLINT_ENOTFOUND for an unknown rule. */
int rlint_ctx_disable_rule(struct rlint_ctx *ctx, const char *id_or_name);
/* Reports a rule's findings with this severity instead. RLINT_ENOTFOUND for an unknown rule. */
int rlint_ctx_set_rule_severity(struct rlint_ctx *ctx, const char *id_or_name,
                                enum rlint_severity severity);
/* Findings not reported because their rule is disabled or their object carries the
 * annotation 3scale-redis-lint.io/ignore: "ID[,ID...]" (IDs or names, or "all"). */
size_t rlint_ctx_suppressed_count(const struct rlint_ctx *ctx);

/* Limits. 0 keeps the default. */
enum rlint_limit {
    RLINT_LIMIT_FILE_SIZE,      /* bytes per input buffer (64 MiB) */
    RLINT_LIMIT_DOCUMENTS,      /* documents per buffer (10000) */
    RLINT_LIMIT_DEPTH,          /* nesting depth (256) */
    RLINT_LIMIT_ALIASES,        /* alias references per document (1000) */
    RLINT_LIMIT_VALUE_SIZE,     /* decoded Secret value, bytes (1 MiB) */
    RLINT_LIMIT_FINDINGS,       /* findings per buffer (1000) */
};
int rlint_ctx_set_limit(struct rlint_ctx *ctx, enum rlint_limit limit, size_t value);

/* Memory that stays flat on large inputs: once more than `namespaces` namespaces have
 * objects held, the least recently read ones are checked on their own and their objects
 * freed, instead of every object being kept until rlint_check(). 0 (the default) turns it
 * off. The findings are those of one check at the end: when the input makes an early check
 * unsure (a released namespace has objects again, the version detected changes, an object
 * has no namespace after a release, a file reaches the findings limit, a Secret is defined
 * again), rlint_load_*() or rlint_check() return RLINT_ERELOAD, and the caller reads the
 * input again into a new context with the window off. Call before loading. The endpoints
 * (rlint_ctx_endpoint_at()) of released installs are not kept: leave it off for them. */
int rlint_ctx_set_namespace_window(struct rlint_ctx *ctx, size_t namespaces);
/* The limit in force; 0 for an unknown limit or a NULL ctx. */
size_t rlint_ctx_get_limit(const struct rlint_ctx *ctx, enum rlint_limit limit);

/* Loads one input: a YAML stream (one or more documents) or a JSON document. name is used in
 * diagnostics and copied. Syntax errors and the like become diagnostics, not failures: the
 * call returns RLINT_OK. RLINT_ELIMIT when the buffer is larger than the file-size limit
 * (nothing is loaded, a diagnostic says so), RLINT_ENOMEM on allocation failure. Only
 * Secrets, workloads and APIManagers are kept; other documents are dropped as they are read. */
int rlint_load_buffer(struct rlint_ctx *ctx, const char *name, const char *buf, size_t len);

/* rlint_load_buffer() with flags. RLINT_LOAD_NO_POSITIONS: the bytes came from somewhere
 * where lines mean nothing (an API server response): findings get line and column 0. */
#define RLINT_LOAD_NO_POSITIONS (1u << 0)
int rlint_load_buffer_flags(struct rlint_ctx *ctx, const char *name, const char *buf, size_t len,
                            unsigned flags);

/* rlint_load_buffer() over bytes read as the parser needs them, a chunk at a time, so that
 * memory does not grow with the input. read_at(arg, offset, buf, cap, &got) puts up to cap
 * bytes of the input from offset into buf and sets got (0 past the end); it returns 0, or
 * nonzero when it cannot read: the call then returns RLINT_EIO, the documents before that
 * point having been checked. size is the input's size: it is checked against the file-size
 * limit before anything is read, exactly as rlint_load_buffer()'s len, and no byte past it
 * is asked for. The offsets only grow, except after a byte that is not valid UTF-8, when
 * the input is read again from 0 up to it to say where it is. read_at() should fill cap
 * bytes unless the input ends: libyaml checks the encoding of each chunk as a whole, so
 * with shorter chunks the documents before a bad byte may be checked where a buffer's would
 * not. */
typedef int (*rlint_read_at_fn)(void *arg, size_t offset, char *buf, size_t cap, size_t *got);
int rlint_load_stream(struct rlint_ctx *ctx, const char *name, rlint_read_at_fn read_at,
                      void *arg, size_t size);

/* Records that a 3scale Redis Secret (backend-redis or system-redis) does not exist where it
 * was looked for (live mode: the API server answered 404). It becomes an error finding
 * (RLINT016) at file name: the pods that reference it cannot start. Strings are copied. */
int rlint_ctx_add_missing_secret(struct rlint_ctx *ctx, const char *name, const char *namespace_,
                                 const char *secret);

/* Records that the API server does not serve a workload kind the version's profile lists
 * (live mode: a text/plain 404 for its API group, e.g. DeploymentConfig without
 * apps.openshift.io): a warning finding (RLINT019) at file name saying that those workloads,
 * count of them, were not checked. Strings are copied. RLINT_EINVAL without name or kind. */
int rlint_ctx_add_kind_not_served(struct rlint_ctx *ctx, const char *name, const char *namespace_,
                                  const char *kind, const char *group, size_t count);

/* Settles the version (detection, as rlint_check() does) and its profile now, so that a caller
 * can ask which workloads that version has before loading them. Idempotent. RLINT_ENOTFOUND
 * when no profile covers the version, RLINT_EUNSUPPORTED as for rlint_check(). */
int rlint_ctx_resolve_version(struct rlint_ctx *ctx);
/* The workloads of the resolved version's profile: kind ("Deployment", "DeploymentConfig",
 * "Job") and name, borrowed. 0 / RLINT_ENOTFOUND past the end or before resolving. */
size_t rlint_ctx_workload_count(const struct rlint_ctx *ctx);
int rlint_ctx_workload_at(const struct rlint_ctx *ctx, size_t index, const char **kind_out,
                          const char **name_out);

/* Runs every rule over what was loaded. Call once, after the last rlint_load_buffer().
 * RLINT_EUNSUPPORTED, with nothing checked, when the input names a 3scale release older than
 * 2.0 (a 1.x AMP_RELEASE) and no version was set: rlint_ctx_version() and
 * rlint_ctx_version_reason() say which and from where. */
int rlint_check(struct rlint_ctx *ctx);

/* The mode rlint_check() assumed for apisonator's backend-listener and backend-worker: "async"
 * or "sync" (which client reads the backend-redis values), or "mixed" when the installs
 * (namespaces) of the input differ; and why: from the APIManager's
 * apps.3scale.net/disable-async annotation, else from the CONFIG_REDIS_ASYNC env of those
 * workloads, else the version's default. When the installs differ, the reason gives each
 * namespace's mode and reason. Owned by the ctx, valid until rlint_ctx_free(); NULL before
 * rlint_check(), when it checked nothing (no profile covers the version), or for a NULL ctx. */
const char *rlint_ctx_mode(const struct rlint_ctx *ctx);
const char *rlint_ctx_mode_reason(const struct rlint_ctx *ctx);

/* Number of Secrets, workloads and APIManagers loaded: 0 means there was nothing to check. */
size_t rlint_ctx_object_count(const struct rlint_ctx *ctx);

/* The findings, sorted by file, line and column (in load order for findings without a
 * position). Borrowed; valid until rlint_ctx_free(). */
size_t rlint_diag_count(const struct rlint_ctx *ctx);
const struct rlint_diag *rlint_diag_at(const struct rlint_ctx *ctx, size_t index);

/* Endpoints: where each component connects, for --probe. rlint_check() records, per install
 * and per database (storage, queues, system), each 3scale app component's reading of the
 * values (backend (sync), backend (async), system (porta)) when that component reads the
 * database and its reading succeeds; a component that fails on a value is already a finding
 * and gets no endpoint, nor does a unix socket URL. Read-only: every pointer is owned by the
 * ctx and valid until rlint_ctx_free(); fields are only ever appended.
 *
 * The credentials are those the component would send, for the caller to AUTH with. They are
 * Secret values: never print, log or put them in a message. rlint_ctx_free() wipes them. */
struct rlint_sentinel_addr {
    const char *host;
    unsigned port;
};

struct rlint_endpoint {
    const char *database;          /* "storage", "queues", "system" */
    const char *component;         /* "backend (sync)", "backend (async)", "system (porta)" */
    const char *namespace_;        /* of the install; NULL when the manifests do not say */
    const char *host;              /* the server, without sentinels; NULL with sentinels */
    unsigned port;                 /* without sentinels */
    const char *group;             /* the sentinels' master group name; NULL without */
    const struct rlint_sentinel_addr *sentinels; /* nsentinels entries, in the order asked */
    size_t nsentinels;
    long db;                       /* the database the component SELECTs */
    const char *role;              /* "master", "slave" or "replica" as the component asks
                                      the sentinels; "master" without sentinels */
    int tls;                       /* 1: the component uses TLS */
    const char *username;          /* AUTH to the server; NULL when none is sent. SECRET */
    const char *password;          /* SECRET */
    const char *sentinel_username; /* AUTH to each sentinel; NULL when none. SECRET */
    const char *sentinel_password; /* SECRET */
    const char *url_key;           /* the Secret key the URL came from, "REDIS_STORAGE_URL" */
    const char *sentinels_key;     /* "REDIS_STORAGE_SENTINEL_HOSTS", NULL without sentinels */
    /* With tls: the PEM the operator mounts for the components from the database's
     * REDIS_SSL_* keys (CA, client certificate, client key), NULL when absent. The key is
     * SECRET. The components use the same TLS settings for the Sentinels (facts §3.4). */
    const char *tls_ca;
    const char *tls_cert;
    const char *tls_key;
    /* The lowest Redis version ("7.0.0") the target version's operator preflight accepts for
     * this database, NULL when that version has no such check. */
    const char *redis_min_version;
};

/* The endpoints recorded by rlint_check(); 0 / NULL before it, past the end, or NULL ctx. */
size_t rlint_ctx_endpoint_count(const struct rlint_ctx *ctx);
const struct rlint_endpoint *rlint_ctx_endpoint_at(const struct rlint_ctx *ctx, size_t index);

/* Where rlint_ctx_report_endpoint() points: the value the finding is about. */
enum rlint_endpoint_key {
    RLINT_ENDPOINT_KEY_URL,       /* the *_URL value (server, db, credentials) */
    RLINT_ENDPOINT_KEY_SENTINELS, /* the *_SENTINEL_HOSTS value (falls back to the URL) */
};

/* Adds a finding of rule (ID or name) about endpoint index, at the position of its key in its
 * Secret, naming component (copied; the components that break, NULL for none), through the
 * same path as the library's own findings (disabled rules, severity overrides, ignore
 * annotations, the findings limit), and keeps the report sorted. message is copied and must
 * never contain a Secret value. RLINT_OK, RLINT_ENOTFOUND for an unknown rule or index,
 * RLINT_EINVAL, RLINT_ENOMEM. */
int rlint_ctx_report_endpoint(struct rlint_ctx *ctx, size_t index, enum rlint_endpoint_key at,
                              const char *rule, enum rlint_severity severity,
                              const char *component, const char *message);

#ifdef __cplusplus
}
#endif

#endif /* RLINT_RLINT_H */
