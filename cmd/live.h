/* live.h - what cmd/live.c (the API client, one namespace) shares with cmd/live-fleet.c
 * (several namespaces and clusters). Only these two files use libcurl. */
#ifndef CMD_LIVE_H
#define CMD_LIVE_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

#include "cmd.h"
#include "kubeconfig.h"

struct live;

struct request {
    const char *kind;     /* Secret, Deployment, DeploymentConfig, Job, APIManagerList */
    const char *resource; /* secrets, deployments, ... (for messages and Role rules) */
    const char *group;    /* "" for the core group */
    const char *name;     /* NULL for a LIST of the namespace */
    const char *ns;       /* NULL: cluster-wide, LIST filtered by name unless name is NULL */
    struct live *owner;
    char *url;
    CURL *easy;
    struct curl_slist *headers;
    char *body; /* holds Secret values: wiped before it is freed */
    size_t len;
    size_t cap;     /* bytes allocated at body */
    size_t max_len; /* --max-response-size */
    bool too_large;
    bool not_served; /* a text/plain 404: the API server does not serve the group */
    long status;
    char content_type[64];
    CURLcode result;
    char error[CURL_ERROR_SIZE];
    size_t tag; /* the caller's: which list or scope this request is for */
};

struct live {
    struct kube_target target;
    char *base;                    /* the server URL requests go to (see apply_server_name) */
    struct curl_slist *connect_to; /* tls-server-name: where base's host really is */
    const char *ns;
    const struct live_options *opts;
    char *auth_header;
};

/* Loads libcurl, once per process, and initialises it. EXIT_OK, or EXIT_OPERATIONAL after a
 * message. */
int live_init_curl(void);
/* Reads the kubeconfig for context (NULL: the current one), runs its exec plugin, and gets
 * the authentication header and tls-server-name ready. EXIT_OK, or EXIT_OPERATIONAL after a
 * message; live_close() either way. */
int live_open(struct live *l, const struct live_options *opts, const char *context);
void live_close(struct live *l);
/* --all-contexts: every context of the kubeconfig (the caller frees them). EXIT_OK, or
 * EXIT_OPERATIONAL after a message. */
int live_context_names(const struct live_options *opts, char ***names, size_t *n);

/* Fills r (memset first) for a request of l: GET ns/resource/name, LIST ns/resource, or with
 * ns NULL a cluster-wide LIST (fieldSelector=metadata.name=name when name is set, limit=500,
 * continue=token when token is set), kubectl's query. -1 on out of memory. */
int live_request_init(struct live *l, struct request *r, const char *kind, const char *resource,
                      const char *group, const char *name, const char *ns, const char *token);
void live_request_release(struct request *r);
/* Runs the n requests concurrently on multi (each with its own live's credentials). -1 when
 * libcurl fails (no message). */
int live_perform(CURLM *multi, struct request **reqs, size_t n);
CURLM *live_multi_new(void);
/* "get secrets in namespace 'ns' (name 'x')", "list secrets in every namespace (name 'x')" */
void live_describe(const struct request *r, char *buf, size_t size);
/* The message for a response that is not 200 or a 404 (and for transport failures): on
 * stderr; into why (a short reason for the summary, never a value) too. */
void live_report_failure(const struct request *r, char *why, size_t size);
/* Hands one GET response (or a namespace LIST) to ctx, as one namespace's run does. 0, or
 * EXIT_OPERATIONAL after a message (why says it shortly). */
int live_consume(struct request *r, struct rlint_ctx *ctx, char *why, size_t size);
/* The resource and group of a workload kind of the profiles. */
const char *live_resource_of(const char *kind, const char **group);
/* Whether ctx's version profile lists the workload (kind, name). */
bool live_profile_lists(struct rlint_ctx *ctx, const char *kind, const char *name);
/* The bearer token's copy in a header list is wiped before curl frees it. */
void live_free_headers(struct curl_slist *headers);

#endif
