/* live.c - --live: read the 3scale Redis Secrets, the APIManager and the 3scale workloads from
 * the cluster API and hand them to the library, as if they were files.
 *
 * Least privilege: GET by name for the two Secrets and each workload of the version's profile,
 * LIST only for APIManagers (their name is not fixed); never a LIST of Secrets. All requests of
 * a round go out together on a libcurl multi handle (HTTP/2 multiplexed on one connection when
 * the server offers it). Round one fetches what tells the version (the APIManager, the
 * backend-listener workload in both kinds) and the Secrets; round two the version's workloads.
 * Tokens and Secret values never reach a message: errors name the request, not its payload.
 * The transport (requests, credentials, perform, messages) is shared with live-fleet.c
 * through live.h.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "live.h"
#include "wipe.h"

#define MAX_REQUESTS 32

static const char *
getenv_wrapper(const char *name)
{
    return getenv(name);
}

/* Makes room for need bytes in r->body, doubling: growing by each chunk libcurl hands over
 * (16 KiB) copied the body once per chunk, which took 10 s for 16 MiB under ASan. The old
 * buffer holds Secret values: it is wiped before it is freed, as realloc() would not. */
static int
body_reserve(struct request *r, size_t need)
{
    size_t cap = r->cap ? r->cap : 16384;
    char *nb;

    if (need <= r->cap)
        return 0;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (cap > r->max_len && r->max_len < SIZE_MAX)
        cap = r->max_len + 1; /* need never exceeds it */
    nb = malloc(cap);
    if (!nb)
        return -1;
    if (r->body)
        memcpy(nb, r->body, r->len);
    wipe_free_n(r->body, r->cap);
    r->body = nb;
    r->cap = cap;
    return 0;
}

static size_t
on_body(char *data, size_t size, size_t n, void *userdata)
{
    struct request *r = userdata;
    size_t add = size * n;
    if (add > r->max_len || r->len > r->max_len - add) {
        r->too_large = true;
        return 0; /* aborts the transfer */
    }
    if (r->len + add == SIZE_MAX || body_reserve(r, r->len + add + 1) < 0)
        return 0;
    memcpy(r->body + r->len, data, add);
    r->len += add;
    r->body[r->len] = '\0';
    return add;
}

static const char *
api_prefix(const char *group)
{
    if (!*group)
        return "/api/v1";
    if (strcmp(group, "apps") == 0)
        return "/apis/apps/v1";
    if (strcmp(group, "batch") == 0)
        return "/apis/batch/v1";
    if (strcmp(group, "apps.openshift.io") == 0)
        return "/apis/apps.openshift.io/v1";
    return "/apis/apps.3scale.net/v1alpha1";
}

/* Appends s percent-encoded as a query value (a continue token is base64url, but the server
 * owns its format). */
static void
put_query(char *w, size_t size, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(w);
    for (; *s && n + 4 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            strchr("-._~", c)) {
            w[n++] = (char)c;
        } else {
            w[n++] = '%';
            w[n++] = hex[c >> 4];
            w[n++] = hex[c & 0xf];
        }
    }
    w[n] = '\0';
}

int
live_request_init(struct live *l, struct request *r, const char *kind, const char *resource,
                  const char *group, const char *name, const char *ns, const char *token)
{
    size_t n;
    const char *server = l->base ? l->base : l->target.server;
    size_t slen = strlen(server);

    memset(r, 0, sizeof(*r));
    r->kind = kind;
    r->resource = resource;
    r->group = group;
    r->name = name;
    r->ns = ns;
    r->owner = l;
    r->max_len = l->opts->response_size ? l->opts->response_size : DEFAULT_MAX_RESPONSE;
    while (slen && server[slen - 1] == '/')
        slen--;
    n = slen + strlen(api_prefix(group)) + (ns ? strlen(ns) : 0) + strlen(resource) +
        (name ? 3 * strlen(name) : 0) + (token ? 3 * strlen(token) : 0) + 96;
    r->url = malloc(n);
    if (!r->url)
        return -1;
    if (ns) {
        snprintf(r->url, n, "%.*s%s/namespaces/%s/%s%s%s", (int)slen, server, api_prefix(group),
                 ns, resource, name ? "/" : "", name ? name : "");
        return 0;
    }
    /* kubectl's query: keys sorted, the chunk size of kubectl get (500) */
    snprintf(r->url, n, "%.*s%s/%s?", (int)slen, server, api_prefix(group), resource);
    if (token) {
        strcat(r->url, "continue=");
        put_query(r->url, n, token);
        strcat(r->url, "&");
    }
    if (name) {
        strcat(r->url, "fieldSelector=metadata.name%3D");
        put_query(r->url, n, name);
        strcat(r->url, "&");
    }
    n -= strlen(r->url);
    snprintf(r->url + strlen(r->url), n, "limit=%zu",
             l->opts->chunk_size ? l->opts->chunk_size : (size_t)500);
    return 0;
}

static int
add_request(struct live *l, struct request *reqs, size_t *nreqs, const char *kind,
            const char *resource, const char *group, const char *name)
{
    if (*nreqs == MAX_REQUESTS)
        return -1;
    if (live_request_init(l, &reqs[*nreqs], kind, resource, group, name, l->ns, NULL) < 0)
        return -1;
    (*nreqs)++;
    return 0;
}

static int
setup_easy(struct request *r)
{
    const struct live *l = r->owner;
    const struct kube_target *t = &l->target;
    r->easy = curl_easy_init();
    if (!r->easy)
        return -1;
    r->headers = curl_slist_append(NULL, "Accept: application/json");
    if (l->auth_header)
        r->headers = curl_slist_append(r->headers, l->auth_header);
    curl_easy_setopt(r->easy, CURLOPT_URL, r->url);
    curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, r->headers);
    curl_easy_setopt(r->easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(r->easy, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(r->easy, CURLOPT_ERRORBUFFER, r->error);
    curl_easy_setopt(r->easy, CURLOPT_PRIVATE, r);
    curl_easy_setopt(r->easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(r->easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(r->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(r->easy, CURLOPT_USERAGENT, PROGRAM "/" RLINT_CLI_VERSION);
    curl_easy_setopt(r->easy, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(r->easy, CURLOPT_TIMEOUT, l->opts->request_timeout);
    curl_easy_setopt(r->easy, CURLOPT_PROTOCOLS_STR, "https,http");
    if (t->ca_pem) {
        struct curl_blob ca = {t->ca_pem, t->ca_len, CURL_BLOB_COPY};
        curl_easy_setopt(r->easy, CURLOPT_CAINFO_BLOB, &ca);
    }
    if (t->auth.cert_pem && t->auth.key_pem) {
        struct curl_blob cert = {t->auth.cert_pem, t->auth.cert_len, CURL_BLOB_COPY};
        struct curl_blob key = {t->auth.key_pem, t->auth.key_len, CURL_BLOB_COPY};
        curl_easy_setopt(r->easy, CURLOPT_SSLCERT_BLOB, &cert);
        curl_easy_setopt(r->easy, CURLOPT_SSLCERTTYPE, "PEM");
        curl_easy_setopt(r->easy, CURLOPT_SSLKEY_BLOB, &key);
        curl_easy_setopt(r->easy, CURLOPT_SSLKEYTYPE, "PEM");
    }
    if (t->insecure) {
        curl_easy_setopt(r->easy, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(r->easy, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (t->proxy_url)
        curl_easy_setopt(r->easy, CURLOPT_PROXY, t->proxy_url);
    if (l->connect_to)
        curl_easy_setopt(r->easy, CURLOPT_CONNECT_TO, l->connect_to);
    return r->headers ? 0 : -1;
}

CURLM *
live_multi_new(void)
{
    CURLM *multi = curl_multi_init();
    if (!multi)
        return NULL;
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
    /* one connection per API server: HTTP/2 multiplexes every request on it */
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
    return multi;
}

int
live_perform(CURLM *multi, struct request **reqs, size_t n)
{
    size_t i;
    int running = 0, rc = 0;
    CURLMsg *msg;
    int left;

    for (i = 0; i < n; i++) {
        if (setup_easy(reqs[i]) < 0 || curl_multi_add_handle(multi, reqs[i]->easy)) {
            rc = -1;
            n = i + (reqs[i]->easy != NULL);
            goto remove;
        }
    }
    do {
        CURLMcode mc = curl_multi_perform(multi, &running);
        if (mc == CURLM_OK && running)
            mc = curl_multi_poll(multi, NULL, 0, 1000, NULL);
        if (mc != CURLM_OK) {
            rc = -1;
            goto remove;
        }
    } while (running);
    while ((msg = curl_multi_info_read(multi, &left))) {
        struct request *r;
        char *ct = NULL;
        if (msg->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
        r->result = msg->data.result;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &r->status);
        curl_easy_getinfo(msg->easy_handle, CURLINFO_CONTENT_TYPE, &ct);
        if (ct)
            snprintf(r->content_type, sizeof(r->content_type), "%s", ct);
    }
remove:
    for (i = 0; i < n; i++)
        if (reqs[i]->easy)
            curl_multi_remove_handle(multi, reqs[i]->easy);
    return rc;
}

/* Runs requests [from, to) of reqs concurrently. */
static int
run_round(CURLM *multi, struct request *reqs, size_t from, size_t to)
{
    struct request *ptrs[MAX_REQUESTS];
    size_t i;
    for (i = from; i < to; i++)
        ptrs[i - from] = &reqs[i];
    return live_perform(multi, ptrs, to - from);
}

/* The Role rule that would allow r, for the 403 message. */
static void
role_rule(const struct request *r, char *buf, size_t size)
{
    if (r->name && r->ns)
        snprintf(buf, size,
                 "{apiGroups: [\"%s\"], resources: [\"%s\"], verbs: [\"get\"], "
                 "resourceNames: [\"%s\"]}",
                 r->group, r->resource, r->name);
    else
        snprintf(buf, size, "{apiGroups: [\"%s\"], resources: [\"%s\"], verbs: [\"list\"]}",
                 r->group, r->resource);
}

void
live_describe(const struct request *r, char *buf, size_t size)
{
    if (r->ns)
        snprintf(buf, size, "%s %s%s%s in namespace '%s'", r->name ? "get" : "list",
                 r->resource, *r->group ? "." : "", r->group, r->ns);
    else
        snprintf(buf, size, "list %s%s%s in every namespace", r->resource,
                 *r->group ? "." : "", r->group);
    if (r->name) {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, " (name '%s')", r->name);
    }
}

static void set_why(char *why, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
set_why(char *why, size_t size, const char *fmt, ...)
{
    va_list ap;
    if (!why || !size)
        return;
    va_start(ap, fmt);
    vsnprintf(why, size, fmt, ap);
    va_end(ap);
}

void
live_report_failure(const struct request *r, char *why, size_t size)
{
    const struct live *l = r->owner;
    char what[256];
    live_describe(r, what, sizeof(what));

    if (r->too_large) {
        errorf("%s: the response is larger than %zu bytes (--max-response-size)%s", what,
               l->opts->response_size ? l->opts->response_size : DEFAULT_MAX_RESPONSE,
               r->ns ? "" : "; a smaller --chunk-size makes each page smaller");
        set_why(why, size, "%s: response larger than --max-response-size", what);
        return;
    }
    if (r->result != CURLE_OK) {
        errorf("cannot reach the API server %s: %s (%s)", l->target.server,
               r->error[0] ? r->error : curl_easy_strerror(r->result), what);
        set_why(why, size, "cannot reach the API server %s", l->target.server);
        return;
    }
    if (r->status == 401) {
        errorf("the API server %s refused the credentials (401 Unauthorized) for %s: the "
               "token or client certificate of context '%s' is not valid",
               l->target.server, what, l->target.context);
        set_why(why, size, "401 Unauthorized: the credentials of context '%s' are not valid",
                l->target.context);
        return;
    }
    if (r->status == 403) {
        json_t *st = r->body ? json_loadb(r->body, r->len, 0, NULL) : NULL;
        const char *msg = json_string_value(json_object_get(st, "message"));
        char rule[256];
        role_rule(r, rule, sizeof(rule));
        if (r->ns)
            errorf("forbidden (403): cannot %s%s%s%s; a Role rule that allows it: %s "
                   "(deploy/role.yaml has them all)",
                   what, msg ? " (" : "", msg ? msg : "", msg ? ")" : "", rule);
        else
            errorf("forbidden (403): cannot %s%s%s%s; a ClusterRole rule that allows it: %s "
                   "(deploy/cluster/clusterrole.yaml has them all)",
                   what, msg ? " (" : "", msg ? msg : "", msg ? ")" : "", rule);
        set_why(why, size, "403 Forbidden: cannot %s", what);
        json_decref(st);
        return;
    }
    if (r->status == 410) {
        /* a continue token older than etcd's compaction: the list cannot be finished
         * consistently, and kubectl stops there too ("Error from server (Expired)") */
        errorf("the API server %s expired the list while it was read in pages (410 Expired, "
               "%s): the cluster changed too much meanwhile; run again",
               l->target.server, what);
        set_why(why, size, "410 Expired while paging: %s", what);
        return;
    }
    errorf("the API server %s answered %ld for %s", l->target.server, r->status, what);
    set_why(why, size, "the API server answered an error for %s", what);
}

int
live_consume(struct request *r, struct rlint_ctx *ctx, char *why, size_t size)
{
    char name[512];
    snprintf(name, sizeof(name), "cluster/%s/%s/%s/%s", r->owner->target.context, r->ns,
             r->name ? r->kind : "APIManager", r->name ? r->name : "*");

    if (r->too_large || r->result != CURLE_OK) {
        live_report_failure(r, why, size);
        return EXIT_OPERATIONAL;
    }
    if (r->status == 200) {
        if (rlint_load_buffer_flags(ctx, name, r->body ? r->body : "", r->len,
                                    RLINT_LOAD_NO_POSITIONS) == RLINT_ENOMEM) {
            errorf("out of memory");
            set_why(why, size, "%s", "out of memory");
            return EXIT_OPERATIONAL;
        }
        return 0;
    }
    if (r->status == 404) {
        /* text/plain "404 page not found": the API group is not served (no OpenShift, no
         * APIManager CRD); a Status JSON NotFound: the object does not exist */
        if (strncmp(r->content_type, "application/json", 16) != 0)
            r->not_served = true;
        else if (r->name && strcmp(r->kind, "Secret") == 0)
            return rlint_ctx_add_missing_secret(ctx, name, r->ns, r->name) < 0 ? EXIT_OPERATIONAL
                                                                               : 0;
        return 0;
    }
    live_report_failure(r, why, size);
    return EXIT_OPERATIONAL;
}

void
live_free_headers(struct curl_slist *headers)
{
    struct curl_slist *h;
    for (h = headers; h; h = h->next)
        wipe(h->data, strlen(h->data));
    curl_slist_free_all(headers);
}

void
live_request_release(struct request *r)
{
    if (r->easy)
        curl_easy_cleanup(r->easy);
    live_free_headers(r->headers);
    free(r->url);
    wipe_free_n(r->body, r->cap);
    r->easy = NULL;
    r->headers = NULL;
    r->url = NULL;
    r->body = NULL;
    r->len = r->cap = 0;
}

static void
release_requests(struct request *reqs, size_t *nreqs)
{
    size_t i;
    for (i = 0; i < *nreqs; i++)
        live_request_release(&reqs[i]);
    *nreqs = 0;
}

const char *
live_resource_of(const char *kind, const char **group)
{
    if (strcmp(kind, "DeploymentConfig") == 0) {
        *group = "apps.openshift.io";
        return "deploymentconfigs";
    }
    if (strcmp(kind, "Job") == 0) {
        *group = "batch";
        return "jobs";
    }
    *group = "apps";
    return "deployments";
}

/* tls-server-name: the TLS handshake (SNI and certificate check) uses that name while the
 * connection goes to the server's address, as client-go's tls.Config.ServerName does.
 * libcurl verifies the URL's host, so the URL gets the name and CURLOPT_CONNECT_TO sends its
 * connections to the real host and port. The Host header carries the name too (client-go
 * sends the server's): the API server does not route on it. -1 on a server URL it cannot
 * split (no message: kube_config_load() checked it) or out of memory. */
static int
apply_server_name(struct live *l)
{
    const char *server = l->target.server, *sni = l->target.tls_server_name;
    const char *auth, *end, *host_end, *port;
    char *entry;
    size_t n;
    bool https;

    if (!sni || !*sni)
        return 0;
    auth = strstr(server, "://");
    if (!auth)
        return -1;
    https = strncmp(server, "https", 5) == 0;
    auth += 3;
    end = auth + strcspn(auth, "/?#");
    if (*auth == '[') { /* an IPv6 literal keeps its brackets in both places */
        host_end = memchr(auth, ']', (size_t)(end - auth));
        if (!host_end)
            return -1;
        host_end++;
    } else {
        host_end = memchr(auth, ':', (size_t)(end - auth));
        if (!host_end)
            host_end = end;
    }
    port = host_end < end && *host_end == ':' ? host_end + 1 : NULL;
    n = strlen(server) + strlen(sni) + 16;
    l->base = malloc(n);
    entry = malloc(2 * n);
    if (!l->base || !entry) {
        free(entry);
        return -1;
    }
    /* URL: scheme://SNI[:port]/path; CONNECT_TO: SNI:PORT:HOST:PORT */
    snprintf(l->base, n, "%.*s%s%s", (int)(auth - server), server, sni, host_end);
    snprintf(entry, 2 * n, "%s:%.*s:%.*s:%.*s", sni, port ? (int)(end - port) : 3,
             port ? port : (https ? "443" : "80"), (int)(host_end - auth), auth,
             port ? (int)(end - port) : 3, port ? port : (https ? "443" : "80"));
    l->connect_to = curl_slist_append(NULL, entry);
    free(entry);
    return l->connect_to ? 0 : -1;
}

/* Whether the version's profile lists the workload (kind, name). */
bool
live_profile_lists(struct rlint_ctx *ctx, const char *kind, const char *name)
{
    size_t i, n = rlint_ctx_workload_count(ctx);
    for (i = 0; i < n; i++) {
        const char *k, *w;
        if (rlint_ctx_workload_at(ctx, i, &k, &w) == 0 && strcmp(k, kind) == 0 &&
            strcmp(w, name) == 0)
            return true;
    }
    return false;
}

/* RLINT019 once per workload kind of the version the API server does not serve (a text/plain
 * 404 for its group): those workloads were not checked, which silence would hide. */
static int
report_not_served(struct live *l, struct request *reqs, size_t nreqs, struct rlint_ctx *ctx,
                  size_t first_round)
{
    size_t i, j;
    for (i = 0; i < nreqs; i++) {
        const struct request *r = &reqs[i];
        size_t count = 0;
        bool seen = false;
        if (!r->name || strcmp(r->kind, "Secret") == 0 ||
            (i < first_round && !live_profile_lists(ctx, r->kind, r->name)))
            continue;
        for (j = 0; j < i && !seen; j++)
            seen = reqs[j].not_served && strcmp(reqs[j].kind, r->kind) == 0 &&
                   (j >= first_round || live_profile_lists(ctx, reqs[j].kind, reqs[j].name));
        if (seen || !r->not_served)
            continue;
        for (j = i; j < nreqs; j++)
            if (reqs[j].not_served && strcmp(reqs[j].kind, r->kind) == 0 &&
                (j >= first_round || live_profile_lists(ctx, reqs[j].kind, reqs[j].name)))
                count++;
        {
            char name[512];
            snprintf(name, sizeof(name), "cluster/%s/%s/%s/*", l->target.context, l->ns,
                     r->kind);
            if (rlint_ctx_add_kind_not_served(ctx, name, l->ns, r->kind, r->group, count) < 0)
                return EXIT_OPERATIONAL;
        }
    }
    return EXIT_OK;
}

int
live_init_curl(void)
{
    static bool done;
    const char *error_text = NULL;

    if (done)
        return EXIT_OK;
    /* before the kubeconfig and any exec plugin: without libcurl nothing can be fetched */
    if (curl_dl_load(&error_text) < 0) {
        errorf("--live needs libcurl (%s), which cannot be loaded: %s", "libcurl.so.4",
               error_text ? error_text : "unknown error");
        return EXIT_OPERATIONAL;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        errorf("cannot initialise libcurl");
        return EXIT_OPERATIONAL;
    }
    done = true;
    return EXIT_OK;
}

int
live_open(struct live *l, const struct live_options *opts, const char *context)
{
    struct kube_source src = {opts->kubeconfig, context, getenv_wrapper,
                              "/var/run/secrets/kubernetes.io/serviceaccount"};
    char *error = NULL;

    memset(l, 0, sizeof(*l));
    l->opts = opts;
    if (kube_config_load(&l->target, &src, &error) < 0) {
        errorf("%s", error ? error : "cannot load the kubeconfig");
        free(error);
        return EXIT_OPERATIONAL;
    }
    if (l->target.auth.exec && kube_exec_credentials(&l->target, &error) < 0) {
        errorf("%s", error ? error : "the exec credential plugin failed");
        free(error);
        return EXIT_OPERATIONAL;
    }
    if (l->target.auth.exec && l->target.auth.expires &&
        l->target.auth.expires <= (long)time(NULL))
        /* used all the same, as client-go does (cmd/kube/exec.c) */
        warnf("exec plugin '%s' of context '%s' returned a credential whose "
              "expirationTimestamp has passed: using it for this run, as kubectl does",
              l->target.auth.exec->command, l->target.context);
    l->ns = opts->namespace_ ? opts->namespace_
            : l->target.namespace_ ? l->target.namespace_
                                   : "default";
    if (l->target.insecure)
        warnf("context '%s' sets insecure-skip-tls-verify: the API server's certificate is not "
              "verified",
              l->target.context);
    if (l->target.auth.token) {
        size_t n2 = strlen(l->target.auth.token) + 32;
        if (strncmp(l->target.server, "http://", 7) == 0 && !opts->allow_http_token) {
            errorf("refusing to send a bearer token over plain http to %s", l->target.server);
            return EXIT_OPERATIONAL;
        }
        l->auth_header = malloc(n2);
        if (!l->auth_header)
            return EXIT_OPERATIONAL;
        snprintf(l->auth_header, n2, "Authorization: Bearer %s", l->target.auth.token);
    }
    if (apply_server_name(l) < 0) {
        errorf("cannot apply tls-server-name '%s' to the server URL %s",
               l->target.tls_server_name, l->target.server);
        return EXIT_OPERATIONAL;
    }
    return EXIT_OK;
}

int
live_context_names(const struct live_options *opts, char ***names, size_t *n)
{
    struct kube_source src = {opts->kubeconfig, NULL, getenv_wrapper, NULL};
    char *error = NULL;
    if (kube_config_context_names(&src, names, n, &error) < 0) {
        errorf("%s", error ? error : "cannot read the kubeconfig's contexts");
        free(error);
        return EXIT_OPERATIONAL;
    }
    return EXIT_OK;
}

void
live_close(struct live *l)
{
    wipe_free(l->auth_header);
    free(l->base);
    curl_slist_free_all(l->connect_to);
    kube_target_release(&l->target);
    memset(l, 0, sizeof(*l));
}

int
live_load(struct rlint_ctx *ctx, const struct live_options *opts, const char **file_out)
{
    static struct live l; /* static: one per run */
    static struct request reqs[MAX_REQUESTS];
    size_t nreqs = 0;
    CURLM *multi = NULL;
    size_t first_round, i, n;
    int status, rc;

    status = live_init_curl();
    if (status != EXIT_OK)
        return status;
    status = live_open(&l, opts, opts->context);
    if (status != EXIT_OK)
        goto out;
    {
        static char source[512];
        snprintf(source, sizeof(source), "cluster/%s/%s", l.target.context, l.ns);
        *file_out = source;
    }
    if (!(multi = live_multi_new())) {
        errorf("cannot initialise libcurl");
        status = EXIT_OPERATIONAL;
        goto out;
    }

    /* round one: the Secrets, and what tells the version */
    if (add_request(&l, reqs, &nreqs, "Secret", "secrets", "", "backend-redis") < 0 ||
        add_request(&l, reqs, &nreqs, "Secret", "secrets", "", "system-redis") < 0 ||
        add_request(&l, reqs, &nreqs, "APIManagerList", "apimanagers", "apps.3scale.net",
                    NULL) < 0 ||
        add_request(&l, reqs, &nreqs, "Deployment", "deployments", "apps", "backend-listener") <
            0 ||
        add_request(&l, reqs, &nreqs, "DeploymentConfig", "deploymentconfigs",
                    "apps.openshift.io", "backend-listener") < 0) {
        status = EXIT_OPERATIONAL;
        goto out;
    }
    first_round = nreqs;
    if (run_round(multi, reqs, 0, first_round) < 0) {
        errorf("libcurl failed to run the requests");
        status = EXIT_OPERATIONAL;
        goto out;
    }
    for (i = 0; i < first_round && status == EXIT_OK; i++)
        status = live_consume(&reqs[i], ctx, NULL, 0);
    if (status != EXIT_OK)
        goto out;

    /* round two: the version's workloads. Without a profile for the version there are none
     * to fetch: rlint_check() reports that (RLINT015), as it does for files. */
    rc = rlint_ctx_resolve_version(ctx);
    if (rc == RLINT_ENOTFOUND || rc == RLINT_EUNSUPPORTED)
        goto out; /* rlint_check() reports both */
    if (rc < 0) {
        errorf("%s", rlint_strerror(rc));
        status = EXIT_OPERATIONAL;
        goto out;
    }
    n = rlint_ctx_workload_count(ctx);
    for (i = 0; i < n; i++) {
        const char *kind, *name, *group, *resource;
        if (rlint_ctx_workload_at(ctx, i, &kind, &name) < 0)
            continue;
        if (strcmp(name, "backend-listener") == 0)
            continue; /* fetched in round one */
        resource = live_resource_of(kind, &group);
        if (add_request(&l, reqs, &nreqs, kind, resource, group, name) < 0) {
            status = EXIT_OPERATIONAL;
            goto out;
        }
    }
    if (run_round(multi, reqs, first_round, nreqs) < 0) {
        errorf("libcurl failed to run the requests");
        status = EXIT_OPERATIONAL;
        goto out;
    }
    for (i = first_round; i < nreqs && status == EXIT_OK; i++)
        status = live_consume(&reqs[i], ctx, NULL, 0);
    if (status == EXIT_OK)
        status = report_not_served(&l, reqs, nreqs, ctx, first_round);
out:
    release_requests(reqs, &nreqs);
    if (multi)
        curl_multi_cleanup(multi);
    live_close(&l);
    curl_global_cleanup();
    return status;
}
