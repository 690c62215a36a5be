/* live-fleet.c - --live over many installs: -A (every namespace holding one, from cluster-wide
 * LISTs filtered by name), --namespaces (GET by name in each), and several contexts. Each
 * namespace of each cluster becomes a scope of the run with its own ctx: installs differ in
 * version and mode. Every request of a phase, across namespaces and clusters, goes out at once
 * on one libcurl multi handle.
 *
 * -A sends a number of requests that does not grow with the namespaces: one LIST per Secret
 * name, per workload (kind, name) any install's version has, and one of APIManagers, each
 * paged like kubectl (limit=500, continue) so that no response outgrows --max-response-size.
 * A cluster that cannot be read (401, unreachable, a 403 at the cluster scope, a list expired
 * while paging) is one failed scope (namespace "*"); a namespace of --namespaces that
 * cannot be read (403) is one failed scope; the others are checked all the same.
 * A page is split without a JSON tree (json-scan.c): each item's bytes go to the library with
 * the kind and apiVersion LIST items lack in front; copies holding Secret values are wiped. */
#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "json-scan.h"
#include "live.h"
#include "wipe.h"

#define WHY_SIZE 256
/* pages of one -A list: 100,000 namespaces at kubectl's 500 a page, 10 times over */
#define MAX_PAGES 2000
#define MAX_KINDS 8

/* the objects round one reads, in the order of a one-namespace run */
static const struct {
    const char *kind, *resource, *group, *name;
} first_round[] = {
    {"Secret", "secrets", "", "backend-redis"},
    {"Secret", "secrets", "", "system-redis"},
    {"APIManagerList", "apimanagers", "apps.3scale.net", NULL},
    {"Deployment", "deployments", "apps", "backend-listener"},
    {"DeploymentConfig", "deploymentconfigs", "apps.openshift.io", "backend-listener"},
};
#define NFIRST (sizeof(first_round) / sizeof(first_round[0]))

struct cluster {
    struct live l;
    const char *context; /* as asked; NULL: the kubeconfig's current context */
    bool opened;
    bool failed;
    char why[WHY_SIZE];
    const char *not_served[MAX_KINDS]; /* workload kinds whose API group is not served */
    size_t nnot_served;
    bool apimanagers_served;
};

struct scope_state {
    size_t cluster;
    bool has_backend, has_system;
    char *am; /* -A: this namespace's APIManager items, comma-separated JSON (wiped) */
    size_t am_len, am_cap;
};

struct fleet {
    struct run *run;
    const struct live_options *opts;
    scope_ctx_fn new_ctx;
    void *arg;
    struct cluster *clusters;
    size_t nclusters;
    struct scope_state *states; /* by scope index */
    size_t nstates;             /* allocated */
    size_t nvalid;              /* states in use (the failed clusters' scopes have none) */
    CURLM *multi;
    struct request **batch; /* the requests of the next phase */
    size_t nbatch, capbatch;
    size_t last; /* the scope found last: LIST items come grouped by namespace */
};

static int
queue(struct fleet *f, struct cluster *c, const char *kind, const char *resource, const char *group,
      const char *name, const char *ns, const char *token, size_t tag)
{
    struct request *r;
    if (f->nbatch == f->capbatch) {
        size_t cap = f->capbatch ? f->capbatch * 2 : 64;
        struct request **nb = realloc(f->batch, cap * sizeof(*nb));
        if (!nb)
            return -1;
        f->batch = nb;
        f->capbatch = cap;
    }
    r = malloc(sizeof(*r));
    if (!r)
        return -1;
    if (live_request_init(&c->l, r, kind, resource, group, name, ns, token) < 0) {
        free(r);
        return -1;
    }
    r->tag = tag;
    f->batch[f->nbatch++] = r;
    return 0;
}

static void
batch_release(struct request **batch, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        live_request_release(batch[i]);
        free(batch[i]);
    }
    free(batch);
}

static struct cluster *
cluster_of(const struct request *r)
{
    return (struct cluster *)((char *)r->owner - offsetof(struct cluster, l));
}

static void
cluster_fail(struct cluster *c, const struct request *r)
{
    if (c->failed)
        return;
    c->failed = true;
    live_report_failure(r, c->why, sizeof(c->why));
}

static void
note_not_served(struct cluster *c, const char *kind)
{
    size_t i;
    for (i = 0; i < c->nnot_served; i++)
        if (strcmp(c->not_served[i], kind) == 0)
            return;
    if (c->nnot_served < MAX_KINDS)
        c->not_served[c->nnot_served++] = kind;
}

/* The scope of (cluster, namespace); created when create is set. NULL when absent, or on
 * out of memory (*oom set). */
static struct scope *
scope_find(struct fleet *f, size_t cluster, const char *ns, bool create, bool *oom)
{
    struct run *run = f->run;
    struct scope *s;
    size_t i;

    if (f->last < run->nscopes && f->states[f->last].cluster == cluster &&
        strcmp(run->scopes[f->last].namespace_, ns) == 0)
        return &run->scopes[f->last];
    for (i = 0; i < run->nscopes; i++)
        if (f->states[i].cluster == cluster && strcmp(run->scopes[i].namespace_, ns) == 0) {
            f->last = i;
            return &run->scopes[i];
        }
    if (!create)
        return NULL;
    if (f->nstates == run->nscopes) {
        size_t cap = f->nstates ? f->nstates * 2 : 16;
        struct scope_state *st = realloc(f->states, cap * sizeof(*st));
        if (!st) {
            *oom = true;
            return NULL;
        }
        f->states = st;
        f->nstates = cap;
    }
    s = run_add_scope(run, f->clusters[cluster].l.target.context, ns);
    if (!s) {
        *oom = true;
        return NULL;
    }
    memset(&f->states[run->nscopes - 1], 0, sizeof(f->states[0]));
    f->nvalid = run->nscopes;
    f->states[run->nscopes - 1].cluster = cluster;
    if (f->new_ctx(f->arg, &s->ctx) < 0) {
        *oom = true;
        return NULL;
    }
    f->last = run->nscopes - 1;
    return s;
}

/* Whether s is a namespace name (an RFC 1123 label): it goes into names and messages. */
static bool
dns_label(const char *s)
{
    size_t i, n = s ? strlen(s) : 0;
    if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return false;
    return true;
}

/* Loads one LIST item into its namespace's ctx under the name a one-namespace run gives it.
 * LIST items of built-in types carry no kind or apiVersion (only the List does): they are
 * put in front of the item's own members. The copy holds Secret values: wiped. */
static int
load_item(struct scope *s, const char *context, const struct scan_item *it, const char *kind,
          const char *api_version, const char *name)
{
    char file[512], head[160];
    char *buf;
    size_t hlen, n;
    int rc;

    snprintf(head, sizeof(head), "{%s%s%s%s%s%s", it->has_kind ? "" : "\"kind\":\"",
             it->has_kind ? "" : kind, it->has_kind ? "" : "\",",
             it->has_api_version ? "" : "\"apiVersion\":\"", it->has_api_version ? "" : api_version,
             it->has_api_version ? "" : "\",");
    hlen = strlen(head);
    /* the item has members (metadata at least): "{" + head's members + the rest */
    n = hlen + it->len;
    buf = malloc(n);
    if (!buf)
        return -1;
    memcpy(buf, head, hlen);
    memcpy(buf + hlen, it->start + 1, it->len - 1);
    snprintf(file, sizeof(file), "cluster/%s/%s/%s/%s", context, s->namespace_, kind, name);
    rc = rlint_load_buffer_flags(s->ctx, file, buf, n - 1, RLINT_LOAD_NO_POSITIONS);
    wipe_free_n(buf, n);
    return rc == RLINT_ENOMEM ? -1 : 0;
}

/* Appends an APIManager item to the scope's list text. -1 on out of memory. */
static int
append_apimanager(struct scope_state *st, const struct scan_item *it)
{
    size_t need = st->am_len + it->len + 2;
    if (need > st->am_cap) {
        size_t cap = st->am_cap ? st->am_cap : 4096;
        char *nb;
        while (cap < need)
            cap *= 2;
        nb = malloc(cap);
        if (!nb)
            return -1;
        if (st->am)
            memcpy(nb, st->am, st->am_len);
        wipe_free_n(st->am, st->am_cap);
        st->am = nb;
        st->am_cap = cap;
    }
    if (st->am_len)
        st->am[st->am_len++] = ',';
    memcpy(st->am + st->am_len, it->start, it->len);
    st->am_len += it->len;
    return 0;
}

static const char *
api_version_of(const char *group)
{
    if (!*group)
        return "v1";
    if (strcmp(group, "apps") == 0)
        return "apps/v1";
    if (strcmp(group, "batch") == 0)
        return "batch/v1";
    if (strcmp(group, "apps.openshift.io") == 0)
        return "apps.openshift.io/v1";
    return "apps.3scale.net/v1alpha1";
}

struct page {
    struct fleet *f;
    struct request *r;
    struct cluster *c;
    size_t ci;
    bool first;
};

#define SCAN_OOM (-2)

static int
on_item(void *arg, const struct scan_item *it)
{
    struct page *pg = arg;
    struct fleet *f = pg->f;
    const struct request *r = pg->r;
    struct scope *s;
    struct scope_state *st;
    char ns[64];
    bool oom = false;

    /* the namespace names a scope and is printed: a DNS label, as the API server makes it,
     * or the item is not one of a namespace */
    if (!it->ns || it->ns_len >= sizeof(ns))
        return 0;
    memcpy(ns, it->ns, it->ns_len);
    ns[it->ns_len] = '\0';
    if (!dns_label(ns))
        return 0;
    if (strcmp(r->kind, "APIManagerList") != 0 && (!it->name || it->name_len != strlen(r->name) ||
                                                   memcmp(it->name, r->name, it->name_len) != 0))
        return 0; /* a server that ignored the field selector: only the names asked */
    s = scope_find(f, pg->ci, ns, pg->first, &oom);
    if (oom)
        return SCAN_OOM;
    if (!s)
        return 0;
    st = &f->states[s - f->run->scopes];
    if (strcmp(r->kind, "APIManagerList") == 0)
        /* one list per namespace, loaded as a one-namespace run loads its LIST */
        return append_apimanager(st, it) < 0 ? SCAN_OOM : 0;
    if (!pg->first && !live_profile_lists(s->ctx, r->kind, r->name))
        return 0; /* another install's version reads it, not this one's */
    if (strcmp(r->kind, "Secret") == 0) {
        if (strcmp(r->name, "backend-redis") == 0)
            st->has_backend = true;
        else
            st->has_system = true;
    }
    return load_item(s, pg->c->l.target.context, it, r->kind, api_version_of(r->group), r->name) < 0
               ? SCAN_OOM
               : 0;
}

/* One page of a cluster-wide LIST: its items to their namespaces (round one creates the
 * scopes; round two only fills those whose version reads the workload), the next page
 * queued. -1 on out of memory. */
static int
split_page(struct fleet *f, struct request *r, bool first)
{
    struct cluster *c = cluster_of(r);
    struct page pg = {f, r, c, (size_t)(c - f->clusters), first};
    const char *cont;
    size_t cont_len;
    char what[180];
    int rc = scan_list(r->body ? r->body : "", r->len, on_item, &pg, &cont, &cont_len);
    json_t *token = NULL;

    if (rc == SCAN_OOM)
        return -1;
    if (rc < 0) {
        live_describe(r, what, sizeof(what));
        errorf("the API server %s answered '%s' with something that is not a list",
               c->l.target.server, what);
        snprintf(c->why, sizeof(c->why),
                 "the API server answered '%s' with something that is not a list", what);
        c->failed = true;
        return 0;
    }
    if (cont)
        token = json_loadb(cont, cont_len, JSON_DECODE_ANY, NULL);
    if (!json_string_value(token) || !*json_string_value(token) || c->failed) {
        json_decref(token);
        return 0;
    }
    if (r->tag >= MAX_PAGES) {
        /* a server that never ends a list would keep the run going for ever */
        live_describe(r, what, sizeof(what));
        errorf("the API server %s answered '%s' with more than %d pages: stopped",
               c->l.target.server, what, MAX_PAGES);
        snprintf(c->why, sizeof(c->why), "more than %d pages for '%s'", MAX_PAGES, what);
        c->failed = true;
        json_decref(token);
        return 0;
    }
    /* tag counts the pages of this list */
    rc = queue(f, c, r->kind, r->resource, r->group, r->name, NULL, json_string_value(token),
               r->tag + 1);
    json_decref(token);
    return rc < 0 ? -1 : 0;
}

/* Runs the queued requests, and the pages they lead to, until none is left. handle() takes
 * each response. -1 on out of memory or a libcurl failure (after a message). */
static int
drain(struct fleet *f, int (*handle)(struct fleet *, struct request *, bool), bool first)
{
    while (f->nbatch) {
        struct request **batch = f->batch;
        size_t n = f->nbatch, i;
        int rc = 0;
        f->batch = NULL;
        f->nbatch = f->capbatch = 0;
        if (live_perform(f->multi, batch, n) < 0) {
            errorf("libcurl failed to run the requests");
            rc = -1;
        }
        for (i = 0; i < n && rc == 0; i++)
            rc = handle(f, batch[i], first);
        batch_release(batch, n);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* A 404 that is not a Status (text/plain): the API group is not served (no OpenShift, or no
 * APIManager CRD). Noted once for the cluster, except for APIManagers, which are optional. */
static bool
not_served(struct cluster *c, const struct request *r)
{
    if (r->status != 404 || strncmp(r->content_type, "application/json", 16) == 0)
        return false;
    if (strcmp(r->kind, "APIManagerList") != 0)
        note_not_served(c, r->kind);
    return true;
}

/* -A: a response to a cluster-wide LIST. */
static int
handle_list(struct fleet *f, struct request *r, bool first)
{
    struct cluster *c = cluster_of(r);
    if (c->failed)
        return 0;
    if (r->too_large || r->result != CURLE_OK) {
        cluster_fail(c, r);
        return 0;
    }
    if (not_served(c, r))
        return 0;
    if (r->status != 200) {
        cluster_fail(c, r);
        return 0;
    }
    if (strcmp(r->kind, "APIManagerList") == 0)
        c->apimanagers_served = true;
    return split_page(f, r, first);
}

/* --namespaces: a response to a GET (or the namespace's APIManager LIST). */
static int
handle_get(struct fleet *f, struct request *r, bool first)
{
    struct cluster *c = cluster_of(r);
    struct scope *s = &f->run->scopes[r->tag];
    char why[WHY_SIZE];
    (void)first;

    if (c->failed || s->failed)
        return 0;
    /* the cluster as a whole: said once, not once per namespace */
    if (r->too_large || r->result != CURLE_OK || r->status == 401) {
        cluster_fail(c, r);
        return 0;
    }
    if (not_served(c, r))
        return 0;
    if (live_consume(r, s->ctx, why, sizeof(why)) != 0) {
        if (strcmp(why, "out of memory") == 0)
            return -1;
        s->failed = strdup(why);
        if (!s->failed)
            return -1;
    }
    return 0;
}

/* RLINT019 for each workload kind of the scope's version its cluster does not serve, with the
 * number of its workloads left unchecked, as a one-namespace run reports it. */
static int
report_not_served(struct scope *s, const struct cluster *c)
{
    size_t k, i, n = rlint_ctx_workload_count(s->ctx);
    for (k = 0; k < c->nnot_served; k++) {
        const char *kind = c->not_served[k], *group;
        size_t count = 0;
        char name[512];
        for (i = 0; i < n; i++) {
            const char *wk, *wn;
            if (rlint_ctx_workload_at(s->ctx, i, &wk, &wn) == 0 && strcmp(wk, kind) == 0)
                count++;
        }
        if (!count)
            continue;
        live_resource_of(kind, &group);
        snprintf(name, sizeof(name), "cluster/%s/%s/%s/*", c->l.target.context, s->namespace_,
                 kind);
        if (rlint_ctx_add_kind_not_served(s->ctx, name, s->namespace_, kind, group, count) < 0)
            return -1;
    }
    return 0;
}

/* The (kind, name) workloads the scopes' versions read beyond backend-listener, each once:
 * -A lists each across the cluster. */
struct wl {
    const char *kind, *name;
};

static int
add_unique(struct wl **list, size_t *n, size_t *cap, const char *kind, const char *name)
{
    size_t i;
    for (i = 0; i < *n; i++)
        if (strcmp((*list)[i].kind, kind) == 0 && strcmp((*list)[i].name, name) == 0)
            return 0;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        struct wl *nl = realloc(*list, nc * sizeof(*nl));
        if (!nl)
            return -1;
        *list = nl;
        *cap = nc;
    }
    (*list)[*n].kind = kind;
    (*list)[(*n)++].name = name;
    return 0;
}

/* After round one, per scope: the Secrets that were not there, the version. Returns -1 on out
 * of memory. A scope whose version has no profile or is too old gets no workloads: the check
 * reports it. */
static int
settle_scope(struct fleet *f, size_t i, bool all)
{
    struct scope *s = &f->run->scopes[i];
    struct scope_state *st = &f->states[i];
    const struct cluster *c = &f->clusters[st->cluster];
    char name[512];
    int rc;

    if (all) {
        if (st->am || c->apimanagers_served) {
            static const char pre[] =
                "{\"apiVersion\":\"apps.3scale.net/v1alpha1\",\"kind\":\"APIManagerList\","
                "\"items\":[";
            size_t n = sizeof(pre) - 1 + st->am_len + 2;
            char *buf = malloc(n);
            if (!buf)
                return -1;
            memcpy(buf, pre, sizeof(pre) - 1);
            if (st->am_len)
                memcpy(buf + sizeof(pre) - 1, st->am, st->am_len);
            memcpy(buf + sizeof(pre) - 1 + st->am_len, "]}", 2);
            wipe_free_n(st->am, st->am_cap);
            st->am = NULL;
            st->am_len = st->am_cap = 0;
            snprintf(name, sizeof(name), "cluster/%s/%s/APIManager/*", c->l.target.context,
                     s->namespace_);
            rc = rlint_load_buffer_flags(s->ctx, name, buf, n, RLINT_LOAD_NO_POSITIONS);
            wipe_free_n(buf, n);
            if (rc == RLINT_ENOMEM)
                return -1;
        }
        if (!st->has_backend) {
            snprintf(name, sizeof(name), "cluster/%s/%s/Secret/backend-redis", c->l.target.context,
                     s->namespace_);
            if (rlint_ctx_add_missing_secret(s->ctx, name, s->namespace_, "backend-redis") < 0)
                return -1;
        }
        if (!st->has_system) {
            snprintf(name, sizeof(name), "cluster/%s/%s/Secret/system-redis", c->l.target.context,
                     s->namespace_);
            if (rlint_ctx_add_missing_secret(s->ctx, name, s->namespace_, "system-redis") < 0)
                return -1;
        }
    }
    rc = rlint_ctx_resolve_version(s->ctx);
    if (rc == RLINT_ENOMEM)
        return -1;
    return 0;
}

/* Round two: the workloads of each scope's version. -A: one LIST per (kind, name) over every
 * version found; --namespaces: GET by name in each namespace. */
static int
queue_workloads(struct fleet *f, bool all)
{
    struct wl *list = NULL;
    size_t nlist = 0, cap = 0, i, j, k;
    int rc = 0;

    for (k = 0; k < f->nclusters && rc == 0; k++) {
        struct cluster *c = &f->clusters[k];
        if (c->failed || !c->opened)
            continue;
        nlist = 0;
        for (i = 0; i < f->run->nscopes && rc == 0; i++) {
            struct scope *s = &f->run->scopes[i];
            size_t n;
            if (f->states[i].cluster != k || s->failed)
                continue;
            n = rlint_ctx_workload_count(s->ctx);
            for (j = 0; j < n && rc == 0; j++) {
                const char *kind, *name, *group, *resource;
                if (rlint_ctx_workload_at(s->ctx, j, &kind, &name) < 0 ||
                    strcmp(name, "backend-listener") == 0)
                    continue; /* round one read it */
                if (all) {
                    rc = add_unique(&list, &nlist, &cap, kind, name);
                    continue;
                }
                resource = live_resource_of(kind, &group);
                rc = queue(f, c, kind, resource, group, name, s->namespace_, NULL, i);
            }
        }
        for (j = 0; j < nlist && rc == 0 && all; j++) {
            const char *group, *resource = live_resource_of(list[j].kind, &group);
            rc = queue(f, c, list[j].kind, resource, group, list[j].name, NULL, NULL, 0);
        }
    }
    free(list);
    return rc;
}

/* A cluster that could not be read: its scopes go, one failed scope says why. */
static int
drop_failed_clusters(struct fleet *f)
{
    struct run *run = f->run;
    size_t i, w = 0, k;

    for (i = 0; i < run->nscopes; i++) {
        struct scope *s = &run->scopes[i];
        if (f->clusters[f->states[i].cluster].failed) {
            scope_release(s);
            wipe_free_n(f->states[i].am, f->states[i].am_cap);
            continue;
        }
        run->scopes[w] = *s;
        f->states[w++] = f->states[i];
    }
    run->nscopes = f->nvalid = w;
    for (k = 0; k < f->nclusters; k++) {
        struct cluster *c = &f->clusters[k];
        struct scope *s;
        if (!c->failed)
            continue;
        s = run_add_scope(run,
                          c->l.target.context ? c->l.target.context
                          : c->context        ? c->context
                                              : "?",
                          "*");
        if (!s || !(s->failed = strdup(c->why)))
            return -1;
    }
    return 0;
}

static int
scope_cmp(const void *a, const void *b)
{
    const struct scope *x = a, *y = b;
    int c = strcmp(x->context ? x->context : "", y->context ? y->context : "");
    return c ? c : strcmp(x->namespace_ ? x->namespace_ : "", y->namespace_ ? y->namespace_ : "");
}

static int
open_clusters(struct fleet *f)
{
    size_t k;
    for (k = 0; k < f->nclusters; k++) {
        struct cluster *c = &f->clusters[k];
        if (live_open(&c->l, f->opts, c->context) == EXIT_OK) {
            c->opened = true;
            continue;
        }
        c->failed = true;
        snprintf(c->why, sizeof(c->why), "%s",
                 "cannot use the context (kubeconfig or credential plugin: see stderr)");
    }
    return 0;
}

static int
fleet_run(struct fleet *f)
{
    bool all = f->opts->all_namespaces, oom = false;
    size_t k, i, j;

    open_clusters(f);
    for (k = 0; k < f->nclusters; k++) {
        struct cluster *c = &f->clusters[k];
        if (c->failed)
            continue;
        if (all) {
            for (j = 0; j < NFIRST; j++)
                if (queue(f, c, first_round[j].kind, first_round[j].resource, first_round[j].group,
                          first_round[j].name, NULL, NULL, 0) < 0)
                    return -1;
            continue;
        }
        /* several contexts without -A or --namespaces: each context's namespace (or -n) */
        for (i = 0; i < (f->opts->nnamespaces ? f->opts->nnamespaces : 1); i++) {
            const char *ns = f->opts->nnamespaces ? f->opts->namespaces[i] : c->l.ns;
            struct scope *s = scope_find(f, k, ns, true, &oom);
            if (!s)
                return -1;
            for (j = 0; j < NFIRST; j++)
                if (queue(f, c, first_round[j].kind, first_round[j].resource, first_round[j].group,
                          first_round[j].name, s->namespace_, NULL,
                          (size_t)(s - f->run->scopes)) < 0)
                    return -1;
        }
    }
    if (drain(f, all ? handle_list : handle_get, true) < 0)
        return -1;
    for (i = 0; i < f->run->nscopes; i++)
        if (!f->clusters[f->states[i].cluster].failed && !f->run->scopes[i].failed &&
            settle_scope(f, i, all) < 0)
            return -1;
    if (queue_workloads(f, all) < 0 || drain(f, all ? handle_list : handle_get, false) < 0)
        return -1;
    for (i = 0; i < f->run->nscopes; i++) {
        struct scope *s = &f->run->scopes[i];
        const struct cluster *c = &f->clusters[f->states[i].cluster];
        if (!c->failed && !s->failed && report_not_served(s, c) < 0)
            return -1;
    }
    return drop_failed_clusters(f);
}

int
live_load_fleet(struct run *run, const struct live_options *opts, scope_ctx_fn new_ctx, void *arg)
{
    struct fleet f;
    char **names = NULL;
    size_t k, n, nnames = 0;
    int status = EXIT_OK;

    memset(&f, 0, sizeof(f));
    f.run = run;
    f.opts = opts;
    f.new_ctx = new_ctx;
    f.arg = arg;
    status = live_init_curl();
    if (status != EXIT_OK)
        return status;
    if (opts->all_contexts && live_context_names(opts, &names, &nnames) != EXIT_OK)
        return EXIT_OPERATIONAL;
    n = names ? nnames : opts->ncontexts ? opts->ncontexts : 1;
    f.clusters = calloc(n, sizeof(*f.clusters));
    if (!f.clusters || !(f.multi = live_multi_new())) {
        errorf("out of memory");
        status = EXIT_OPERATIONAL;
        goto out;
    }
    f.nclusters = n;
    for (k = 0; k < n; k++)
        f.clusters[k].context = names ? names[k] : opts->ncontexts ? opts->contexts[k] : NULL;
    if (fleet_run(&f) < 0) {
        errorf("out of memory");
        status = EXIT_OPERATIONAL;
    }
    if (status == EXIT_OK)
        qsort(run->scopes, run->nscopes, sizeof(*run->scopes), scope_cmp);
    batch_release(f.batch, f.nbatch);
    for (k = 0; k < f.nvalid; k++)
        wipe_free_n(f.states[k].am, f.states[k].am_cap);
    free(f.states);
    for (k = 0; k < f.nclusters; k++)
        live_close(&f.clusters[k].l);
out:
    free(f.clusters);
    if (f.multi)
        curl_multi_cleanup(f.multi);
    curl_global_cleanup();
    for (k = 0; k < nnames; k++)
        free(names[k]);
    free(names);
    return status;
}
