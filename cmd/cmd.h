/* cmd.h - what the CLI's modules share: options, exit codes, output formatters. */
#ifndef CMD_CMD_H
#define CMD_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <rlint/rlint.h>

#define PROGRAM "3scale-redis-lint"

enum exit_status {
    EXIT_OK = 0,
    EXIT_FINDINGS = 1,
    EXIT_USAGE = 2,
    EXIT_OPERATIONAL = 3,
    EXIT_NOTHING = 4,
};

enum output_format {
    OUTPUT_TEXT,
    OUTPUT_JSON,
    OUTPUT_SARIF,
    OUTPUT_JUNIT,
    OUTPUT_GITHUB,
};

enum color_mode {
    COLOR_AUTO,
    COLOR_ALWAYS,
    COLOR_NEVER,
};

struct param_arg {
    const char *name; /* points into argv (split at '=') */
    const char *value;
};

struct live_options {
    const char *kubeconfig;
    const char *context;
    const char *namespace_;
    long request_timeout;   /* seconds for each request; 0 = no limit beyond the 30 s connect */
    bool allow_http_token;  /* --allow-http-token */
    size_t response_size;   /* --max-response-size: largest response body, bytes; 0 = default */
    bool all_namespaces;    /* -A: cluster-wide LISTs filtered by name */
    size_t chunk_size;      /* --chunk-size: items per page of a LIST; 0 = kubectl's 500 */
    const char **namespaces; /* --namespaces a,b,c, split in argv */
    size_t nnamespaces;
    const char **contexts;  /* --context, repeated */
    size_t ncontexts;
    bool all_contexts;      /* --all-contexts */
};

#define DEFAULT_MAX_RESPONSE ((size_t)16 * 1024 * 1024)

struct config {
    const char *path;
    char *version;
    bool has_fail_on;
    enum rlint_severity fail_on;
    char **disable;
    size_t ndisable;
    char **ignore_paths;
    size_t nignore;
    char **severity_rules;
    enum rlint_severity *severities;
    size_t nseverity;
    size_t limits[6];      /* limits: file-size ... findings; 0 = not set; by enum rlint_limit */
    size_t response_size;  /* limits: response-size; 0 = not set */
};

/* Reads --config FILE, or ./.3scale-redis-lint.yaml when it exists. 0, or -1 after a message
 * (a usage error). */
int config_load(struct config *cfg, const char *explicit_path);
/* Disables and re-grades rules in ctx. 0, or -1 after a message. */
int config_apply(const struct config *cfg, struct rlint_ctx *ctx);
/* Does an ignore-paths pattern match this input path? */
bool config_ignores(const struct config *cfg, const char *path);
void config_release(struct config *cfg);

/* --probe (cmd/probe/) */
struct probe_options {
    int timeout_ms; /* --probe-timeout: connect, and each command */
};

#define DEFAULT_PROBE_TIMEOUT_MS 2000

/* One probed target (endpoints several components share are one), for the JSON summary. */
struct probe_summary {
    const char *database;   /* borrowed from the ctx's endpoint */
    const char *namespace_; /* borrowed */
    const char *key;        /* the key of the value probed: the sentinel list, else the URL */
    char *components;       /* owned */
    bool via_sentinels;
    bool reached;           /* the server answered PING */
    long long latency_us;   /* PING round trip after AUTH; -1 when not reached */
    char *redis_version;    /* INFO server redis_version, owned; NULL when unknown */
    char *server_role;      /* ROLE, owned; NULL when unknown */
    const char *skipped;    /* static: why it was not probed, or NULL */
};

struct options {
    enum output_format format;
    enum color_mode color;
    enum rlint_severity fail_on;
    bool allow_empty;
    bool quiet;
    bool list_rules;
    bool live;
    struct live_options live_opts;
    bool probe;
    struct probe_options probe_opts;
    const char *explain;
    const char *version;
    const char *schemas;  /* --schemas DIR */
    const char *config;   /* --config FILE */
    bool fail_on_given;   /* --fail-on or --strict: wins over the configuration */
    struct param_arg *params;
    size_t nparams;
    size_t limits[6];   /* 0 = library default; indexed by enum rlint_limit */
    size_t namespace_window; /* --namespace-window; SIZE_MAX: not given */
    char **inputs;
    size_t ninputs;
};

/* Parses argv. Returns -1 after a usage error was printed (exit 2), 1 when --help or
 * --version was handled (exit 0), 0 to go on. */
int options_parse(struct options *out, int argc, char **argv);
void options_release(struct options *opts);

/* One reading of the inputs. reload: the library asked for everything to be read again
 * without its namespace window (RLINT_ERELOAD), and the reading stopped; said_visits: how
 * many paths' messages are already on stderr, which the next reading does not repeat. */
struct input_pass {
    bool reload;
    size_t said_visits;
};

/* Loads every input into ctx. Returns the number of files read; *operational_failure is set
 * when an input could not be read (the message is already on stderr). -1 on out of memory. */
long inputs_load(struct rlint_ctx *ctx, char **inputs, size_t ninputs, const struct config *cfg,
                 bool *operational_failure, struct input_pass *pass);
/* Whether every input can be read a second time (no stdin, pipe or FIFO). */
bool inputs_rereadable(char **inputs, size_t ninputs);

struct run_summary {
    size_t suppressed;  /* findings of disabled rules or ignored by an object's annotation */
    const char *source; /* live mode: "cluster/<context>/<namespace>", else NULL */
    bool live;          /* names are cluster/... (a merged live run has no one source) */
    long files;
    size_t objects;
    size_t counts[3]; /* by enum rlint_severity */
    int exit_status;
    bool probed;                  /* --probe ran: the JSON summary has "probe" */
    struct probe_summary *probes; /* nprobes, owned; run_summary_release() */
    size_t nprobes;
};

void run_summary_release(struct run_summary *sum);

/* One scope of a run: the objects of one namespace (one 3scale install) of one cluster, checked
 * in a ctx of its own, since each install has its own version, mode and install set. A run on
 * files, or on one namespace, has one scope. */
struct scope {
    struct rlint_ctx *ctx;
    char *context;          /* live: the kubeconfig context, owned; NULL offline */
    char *namespace_;       /* live, owned */
    char *source;           /* live: "cluster/<context>/<namespace>", owned */
    char *failed;           /* why the scope could not be checked (never a value), owned */
    struct run_summary sum; /* this scope's counts; the run's summary adds them up */
};

/* Every scope of a run, and their findings in one list, scope by scope (so grouped by
 * cluster and namespace). merged: several scopes were asked for (-A, --namespaces, several
 * contexts), and the outputs say so; otherwise exactly one scope and the single-install
 * output, unchanged. */
struct run {
    struct scope *scopes;
    size_t nscopes;
    size_t cap;
    bool merged;
    const struct rlint_diag **diags;
    size_t ndiags;
};

/* A new scope at the end of run (ctx NULL, names copied). NULL on out of memory. */
struct scope *run_add_scope(struct run *run, const char *context, const char *namespace_);
/* Fills run->diags from the scopes' ctxs. -1 on out of memory. */
int run_collect(struct run *run);
void run_release(struct run *run);
/* Frees what a scope owns (its ctx, names, summary); the scope itself is the caller's. */
void scope_release(struct scope *s);
/* How many scopes hold an install (something was checked in them), and how many clusters
 * (distinct contexts) the run covers. */
size_t run_installs(const struct run *run);
size_t run_clusters(const struct run *run);
/* The value every checked scope shares (version, version reason, mode, mode reason: which is
 * 0..3), or NULL when they differ. */
const char *run_common(const struct run *run, int which);

void output_text(FILE *out, const struct run *run, const struct run_summary *sum, bool color,
                 bool quiet);
/* One finding as the text output prints it: the GNU-style line and, with context, the
 * indented "in KIND/NAME ..." line. */
void finding_print(FILE *out, const struct rlint_diag *d, bool color, bool context);
/* The text summary ("1 error, ... checked; 3scale 2.16 (...)"), newline included: one line for
 * one scope; for a merged run a line per scope, then the total. */
void summary_print(FILE *out, const struct run *run, const struct run_summary *sum);
/* finding_print() (without colour) and summary_print() into a string the caller frees, both
 * ending in a newline. NULL on out of memory. */
char *finding_format(const struct rlint_diag *d, bool context);
char *summary_format(const struct run *run, const struct run_summary *sum);
/* summary_format() with a merged run's total first (unlabelled), then a line per scope. */
char *summary_format_total_first(const struct run *run, const struct run_summary *sum);
int output_json(FILE *out, const struct run *run, const struct run_summary *sum);
/* SARIF 2.1.0 (code scanning), JUnit XML (CI test reports), GitHub workflow commands.
 * Each returns 0, or -1 on out of memory. */
int output_sarif(FILE *out, const struct run *run, const struct run_summary *sum);
int output_junit(FILE *out, const struct run *run, const struct run_summary *sum);
int output_github(FILE *out, const struct run *run, const struct run_summary *sum);

/* Adds every profile of DIR (3scale-*.json) to ctx. EXIT_OK, or EXIT_USAGE after a message. */
int profiles_load_dir(struct rlint_ctx *ctx, const char *dir);

/* --live: loads the objects from the cluster API into ctx; *file_out names the source
 * ("cluster/<context>/<namespace>", static storage).
 * EXIT_OK, or EXIT_OPERATIONAL after a message on stderr. */
int live_load(struct rlint_ctx *ctx, const struct live_options *opts, const char **file_out);
/* A configured ctx for a new scope; 0, or -1 (out of memory). */
typedef int (*scope_ctx_fn)(void *arg, struct rlint_ctx **out);
/* -A, --namespaces, several contexts: adds to run one scope per namespace holding an install
 * (-A) or named (--namespaces), per context, each loaded into a ctx from new_ctx. A namespace
 * or cluster that cannot be read becomes a failed scope (a message on stderr) and the others
 * are still read. EXIT_OK, or EXIT_OPERATIONAL after a message when the run cannot go on. */
int live_load_fleet(struct run *run, const struct live_options *opts, scope_ctx_fn new_ctx,
                    void *arg);
/* Loads libcurl (libcurl.so.4) with dlopen() for live.c, once: the CLI does not link it.
 * 0, or -1 with *why set to dlerror()'s text (static storage). Before it succeeds, the
 * libcurl functions cmd/curl-dl.c defines fail as an uninitialised libcurl does. */
int curl_dl_load(const char **why);

int rules_list(FILE *out);
int rules_explain(FILE *out, const char *id);

/* A JSON string of s (NULL: JSON null); bytes that are not UTF-8 become U+FFFD. NULL only on
 * out of memory. */
struct json_t;
struct json_t *json_string_lossy(const char *s);
/* Writes v as json_dumpf(JSON_INDENT(2) | JSON_PRESERVE_ORDER) would inside a document, at
 * indent spaces: every line but the first shifted right (a JSON string has no raw newline).
 * Lets -o json and sarif write one finding at a time instead of building a tree of all. 0 or
 * -1 out of memory. */
int json_dump_at(FILE *out, const struct json_t *v, int indent);

/* Messages on stderr, prefixed with the program name. The only writers to stderr. */
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
