/* install.c - grouping Secrets and APIManagers into installs, and the mode of each: whether
 * backend-listener and backend-worker run apisonator's async client. */
#include "install.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "profile.h"
#include "secret.h"
#include "util.h"
#include "workload.h"
#include "banned.h"

static bool
same_ns(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Why an install's backend runs in its mode; the summary prints it after "async"/"sync". */
static const char reason_no_client[] = "this version has no async backend client";
static const char reason_annotation_true[] =
    "APIManager annotation apps.3scale.net/disable-async: \"true\"";
static const char reason_annotation_other[] =
    "the APIManager has no apps.3scale.net/disable-async: \"true\", so the operator sets "
    "CONFIG_REDIS_ASYNC=1";
static const char reason_env[] =
    "CONFIG_REDIS_ASYNC of backend-listener/backend-worker, no APIManager in the input";
static const char reason_env_unset[] =
    "backend-listener/backend-worker do not set CONFIG_REDIS_ASYNC, which apisonator reads as "
    "false; no APIManager in the input";
static const char reason_env_split[] =
    "backend-listener and backend-worker differ in CONFIG_REDIS_ASYNC; checked as async, "
    "which one of them runs";
static const char reason_default[] =
    "the version's default: no APIManager, no CONFIG_REDIS_ASYNC value in the input";

/* What one listener or worker container says about its mode. */
enum vote {
    VOTE_NONE,       /* the input does not say: valueFrom, a placeholder, envFrom */
    VOTE_SYNC_UNSET, /* no CONFIG_REDIS_ASYNC at all */
    VOTE_SYNC,
    VOTE_ASYNC,
};

/* apisonator's parse_boolean_env: true for "1" or, in any case, "true"; anything else is
 * false, "" and an unset variable included (apisonator 3scale-2.16.4-GA,
 * openshift/3scale_backend.conf L8-11, used for config.redis.async at L58;
 * docs/configuration.md L383-388: "Defaults to `false`"). The image sets no default. */
static bool
apisonator_true(const char *value)
{
    return strcmp(value, "1") == 0 || strcasecmp(value, "true") == 0;
}

static enum vote
container_vote(const struct wl_container *c)
{
    const struct env_ref *last = NULL;
    size_t i;

    /* the kubelet applies env in order: of two entries with one name, the last wins */
    for (i = 0; i < c->nenv; i++)
        if (strcmp(c->env[i].name, ENV_REDIS_ASYNC) == 0)
            last = &c->env[i];
    if (!last) /* env wins over envFrom, but without an env entry envFrom may set it */
        return c->nfrom ? VOTE_NONE : VOTE_SYNC_UNSET;
    if (last->from_secret || last->from_other)
        return VOTE_NONE;
    if (!last->has_value) /* neither value nor valueFrom: the variable is "" */
        return VOTE_SYNC;
    if (!last->value)
        return VOTE_NONE;
    return apisonator_true(last->value) ? VOTE_ASYNC : VOTE_SYNC;
}

/* What settle() looks up by namespace, indexed once for all installs. */
struct by_ns {
    struct name_index votes; /* namespace -> the votes of its listener and worker containers */
    struct name_index am;    /* namespace (NULL too) -> index of its last APIManager */
    unsigned votes_none;     /* of the listeners and workers without a namespace */
    unsigned votes_all;      /* of all of them */
};

static void
by_ns_release(struct by_ns *ix)
{
    name_index_release(&ix->votes);
    name_index_release(&ix->am);
}

/* The votes (1u << enum vote) of a backend-listener's or backend-worker's containers, 0 for
 * any other workload. */
static unsigned
workload_vote(const struct workload *w)
{
    unsigned votes = 0;
    size_t j;
    if (!w->obj.name || (strcmp(w->obj.name, "backend-listener") != 0 &&
                         strcmp(w->obj.name, "backend-worker") != 0))
        return 0;
    for (j = 0; j < w->ncontainers; j++)
        if (!w->containers[j].init && !w->containers[j].hook)
            votes |= 1u << container_vote(&w->containers[j]);
    return votes;
}

static int
by_ns_build(const struct model *model, struct by_ns *ix)
{
    size_t i, old;

    memset(ix, 0, sizeof(*ix));
    /* the workloads of installs released early still count for an input without any */
    ix->votes_all = model->released_votes;
    for (i = 0; i < model->nworkloads; i++) {
        const struct workload *w = &model->workloads_list[i];
        unsigned votes = workload_vote(w);
        if (!votes)
            continue;
        ix->votes_all |= votes;
        if (!w->obj.namespace_) {
            ix->votes_none |= votes;
            continue;
        }
        old = name_index_get(&ix->votes, w->obj.namespace_, NULL);
        if (name_index_put(&ix->votes, w->obj.namespace_, NULL,
                           (old == SIZE_MAX ? 0 : old) | votes) < 0)
            goto fail;
    }
    for (i = 0; i < model->napimanagers; i++)
        if (name_index_put(&ix->am, model->apimanagers[i].obj.namespace_, NULL, i) < 0)
            goto fail;
    return 0;
fail:
    by_ns_release(ix);
    return RLINT_ENOMEM;
}

/* The votes (1u << enum vote) of the listener and worker containers of in's namespace: a
 * namespace the manifests leave out is the one they are applied to, it matches any. */
static unsigned
workload_votes(const struct by_ns *ix, const struct install *in)
{
    size_t v;
    if (!in->namespace_)
        return ix->votes_all;
    v = name_index_get(&ix->votes, in->namespace_, NULL);
    return ix->votes_none | (v == SIZE_MAX ? 0 : (unsigned)v);
}

static void
settle_mode(const struct by_ns *ix, struct install *in)
{
    const unsigned by_async = 1u << VOTE_ASYNC, by_sync = 1u << VOTE_SYNC,
                   by_unset = 1u << VOTE_SYNC_UNSET;
    unsigned votes;

    if (install_client(in, READER_BACKEND_ASYNC) == CLIENT_NONE) {
        in->async = false;
        in->mode_reason = reason_no_client;
        return;
    }
    /* operators of versions with an async default render CONFIG_REDIS_ASYNC=1 on listener
     * and worker unless the annotation is exactly "true", over whatever the workloads in
     * the input say (facts §0, Appendix C T4) */
    if (in->apimanager && in->profile->async_default) {
        in->async = !(in->apimanager->disable_async &&
                      strcmp(in->apimanager->disable_async, "true") == 0);
        in->mode_reason = in->async ? reason_annotation_other : reason_annotation_true;
        return;
    }
    /* Each container reads with its own client. The sync reader always reads (cron, init
     * containers), so "async" here means: the async client reads too. */
    votes = workload_votes(ix, in);
    if (votes & by_async) {
        in->async = true;
        in->mode_reason = votes & (by_sync | by_unset) ? reason_env_split : reason_env;
    } else if (votes & (by_sync | by_unset)) {
        in->async = false;
        in->mode_reason = votes & by_sync ? reason_env : reason_env_unset;
    } else {
        in->async = in->profile->async_default;
        in->mode_reason = reason_default;
    }
}

/* The last APIManager of the namespace; the only one goes with an install when one of the
 * two does not say its namespace. ix: the index by namespace, or NULL to scan. */
static const struct apimanager *
apimanager_for(const struct model *model, const struct by_ns *ix, const char *ns)
{
    const struct apimanager *found = NULL;
    size_t j;

    if (model->napimanagers == 1) {
        const struct apimanager *am = &model->apimanagers[0];
        return same_ns(am->obj.namespace_, ns) || !am->obj.namespace_ || !ns ? am : NULL;
    }
    if (ix)
        return (j = name_index_get(&ix->am, ns, NULL)) != SIZE_MAX ? &model->apimanagers[j] : NULL;
    for (j = 0; j < model->napimanagers; j++)
        if (same_ns(model->apimanagers[j].obj.namespace_, ns))
            found = &model->apimanagers[j];
    return found;
}

/* templates (<=2.12) never fill keys; operator installs do. 2.13+ is operator only */
static bool
operator_fills(const struct model *model, const struct apimanager *am)
{
    return model->minor >= 13 || am;
}

static void
settle(const struct model *model, const struct by_ns *ix, struct install *in)
{
    in->apimanager = apimanager_for(model, ix, in->namespace_);
    in->minor = model->minor;
    in->profile = model->profile;
    settle_mode(ix, in);
    in->operator_fills = operator_fills(model, in->apimanager);
}

bool
install_fills_key(const struct model *model, const struct secret *s, const char *key)
{
    const struct profile_key *k;
    if (!secret_is_threescale(secret_role(s)))
        return false;
    k = profile_key(model->profile, secret_role(s), key);
    return k && k->operator_fills &&
           operator_fills(model, apimanager_for(model, NULL, s->obj.namespace_));
}

bool
secret_has_exact(const struct model *model, const struct secret *s)
{
    size_t i;
    if (!s->canon)
        return false;
    /* the index holds the Secret of that exact name and namespace that is not shadowed */
    i = name_index_get(&model->secret_by_ns, s->canon, s->obj.namespace_);
    return i != SIZE_MAX && !model->secrets[i].canon;
}

/* Groups the installs into model->installs (replacing any), in the order their namespaces are
 * first seen. */
static int
group_installs(struct model *model)
{
    struct install *list = NULL;
    struct name_index by_install = {0};
    struct by_ns ix;
    size_t n = 0, cap = 0, i, k;
    int rc = RLINT_ENOMEM;

    if (by_ns_build(model, &ix) < 0)
        return RLINT_ENOMEM;
    for (i = 0; i < model->nsecrets; i++) {
        struct secret *s = &model->secrets[i];
        struct install *in;
        if (s->shadowed || !secret_is_threescale(secret_role(s)) || secret_has_exact(model, s))
            continue;
        k = name_index_get(&by_install, s->obj.namespace_, NULL);
        if (k == SIZE_MAX) {
            if (grow_array(&list, &cap, n + 1, sizeof(*list)) < 0 ||
                name_index_put(&by_install, s->obj.namespace_, NULL, n) < 0)
                goto out;
            memset(&list[n], 0, sizeof(*list));
            list[n].namespace_ = s->obj.namespace_;
            list[n].seq = s->seq;
            k = n++;
        }
        in = &list[k];
        if (strcmp(secret_role(s), SECRET_BACKEND) == 0)
            in->backend = s;
        else
            in->system = s;
    }
    for (i = 0; i < n; i++)
        settle(model, &ix, &list[i]);
    free(model->installs);
    model->installs = list;
    model->ninstalls = (int)n;
    model->installs_grouped = true;
    list = NULL;
    rc = 0;
out:
    free(list);
    name_index_release(&by_install);
    by_ns_release(&ix);
    return rc;
}

int
installs_collect(struct model *model, struct install **out)
{
    struct install *list;
    int rc;

    /* grouped once per check (installs_record_mode()), then copied for each rule family */
    if (!model->installs_grouped && (rc = group_installs(model)) < 0)
        return rc;
    list = malloc(model->ninstalls ? (size_t)model->ninstalls * sizeof(*list) : 1);
    if (!list)
        return RLINT_ENOMEM;
    if (model->ninstalls)
        memcpy(list, model->installs, (size_t)model->ninstalls * sizeof(*list));
    *out = list;
    return model->ninstalls;
}

static const char *
mode_name(bool async)
{
    return async ? "async" : "sync";
}

static int
by_seq(const void *pa, const void *pb)
{
    const struct install_mode *a = pa, *b = pb;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* model's installs and those released before the input ended, in the order their first
 * Secrets were read. *out is malloc'd. The number, or RLINT_ENOMEM. */
static int
all_modes(struct model *model, struct install_mode **out)
{
    struct install *list, alone;
    struct install_mode *all;
    size_t total, i;
    int n;

    if ((n = installs_collect(model, &list)) < 0)
        return n;
    total = (size_t)n + model->nreleased_modes;
    if (total == 0) {
        /* nothing to group: the summary still says what a Secret here would be read with */
        struct by_ns ix;
        free(list);
        if (by_ns_build(model, &ix) < 0)
            return RLINT_ENOMEM;
        memset(&alone, 0, sizeof(alone));
        settle(model, &ix, &alone);
        by_ns_release(&ix);
        list = &alone;
        n = 1;
        total = 1;
    }
    all = malloc(total * sizeof(*all));
    if (all) {
        for (i = 0; i < (size_t)n; i++) {
            all[i].namespace_ = list[i].namespace_;
            all[i].reason = list[i].mode_reason;
            all[i].seq = list[i].seq;
            all[i].async = list[i].async;
        }
        if (model->nreleased_modes) {
            memcpy(all + n, model->released_modes, model->nreleased_modes * sizeof(*all));
            qsort(all, total, sizeof(*all), by_seq);
        }
    }
    if (list != &alone)
        free(list);
    *out = all;
    return all ? (int)total : RLINT_ENOMEM;
}

int
installs_record_mode(struct model *model)
{
    struct install_mode *all;
    struct strbuf sb;
    bool same_mode = true, same_reason = true;
    int n, i;

    /* a new check: group afresh, for this one and for the rules that follow */
    model->installs_grouped = false;
    if ((n = all_modes(model, &all)) < 0)
        return n;
    for (i = 1; i < n; i++) {
        same_mode = same_mode && all[i].async == all[0].async;
        same_reason = same_reason && all[i].reason == all[0].reason;
    }
    strbuf_init(&sb);
    if (same_mode && same_reason)
        strbuf_adds(&sb, all[0].reason);
    else
        for (i = 0; i < n; i++)
            strbuf_addf(&sb, "%snamespace %s: %s, %s", i ? "; " : "",
                        all[i].namespace_ ? all[i].namespace_ : "(none)",
                        mode_name(all[i].async), all[i].reason);
    model->mode = same_mode ? mode_name(all[0].async) : "mixed";
    free(model->mode_reason);
    model->mode_reason = strbuf_finish(&sb);
    free(all);
    if (!model->mode_reason) {
        model->mode = NULL;
        return RLINT_ENOMEM;
    }
    return 0;
}

void
pending_ref_release(struct pending_ref *p)
{
    object_ref_release(&p->obj);
    free(p->secret);
    free(p->key);
    free(p->path);
}

static int
release_secret_name(struct model *whole, const struct secret *s)
{
    const char *name, *ns;
    struct released_secret *r;
    size_t i;

    if (s->shadowed || !s->obj.namespace_)
        return 0;
    name = strpool_get(&whole->strings, s->obj.name, strlen(s->obj.name));
    ns = strpool_get(&whole->strings, s->obj.namespace_, strlen(s->obj.namespace_));
    if (!name || !ns)
        return RLINT_ENOMEM;
    i = name_index_get(&whole->released_by_name, name, NULL);
    if (i == SIZE_MAX) {
        if (grow_array(&whole->released_secrets, &whole->released_secrets_cap,
                       whole->nreleased_secrets + 1, sizeof(*whole->released_secrets)) < 0 ||
            name_index_put(&whole->released_by_name, name, NULL, whole->nreleased_secrets) < 0)
            return RLINT_ENOMEM;
        r = &whole->released_secrets[whole->nreleased_secrets++];
        memset(r, 0, sizeof(*r));
        r->ns[0] = ns;
        r->seq[0] = s->seq;
        return 0;
    }
    /* keep the earliest two namespaces (pooled: equal names are equal pointers) */
    r = &whole->released_secrets[i];
    if (r->ns[0] == ns) {
        if (s->seq < r->seq[0])
            r->seq[0] = s->seq;
    } else if (r->ns[1] == ns) {
        if (s->seq < r->seq[1])
            r->seq[1] = s->seq;
    } else if (!r->ns[1] || s->seq < r->seq[1]) {
        r->ns[1] = ns;
        r->seq[1] = s->seq;
    }
    if (r->ns[1] && r->seq[1] < r->seq[0]) {
        const char *t = r->ns[0];
        unsigned long q = r->seq[0];
        r->ns[0] = r->ns[1];
        r->seq[0] = r->seq[1];
        r->ns[1] = t;
        r->seq[1] = q;
    }
    return 0;
}

int
installs_record_released(struct model *whole, const struct model *view)
{
    size_t i;
    int rc;

    for (i = 0; i < view->nworkloads; i++)
        whole->released_votes |= workload_vote(&view->workloads_list[i]);
    whole->released_apimanagers += view->napimanagers;
    for (i = 0; i < (size_t)view->ninstalls; i++) {
        const struct install *in = &view->installs[i];
        struct install_mode *m;
        if (grow_array(&whole->released_modes, &whole->released_modes_cap,
                       whole->nreleased_modes + 1, sizeof(*whole->released_modes)) < 0)
            return RLINT_ENOMEM;
        m = &whole->released_modes[whole->nreleased_modes];
        m->namespace_ = in->namespace_ ? strpool_get(&whole->strings, in->namespace_,
                                                     strlen(in->namespace_))
                                       : NULL;
        if (in->namespace_ && !m->namespace_)
            return RLINT_ENOMEM;
        m->reason = in->mode_reason;
        m->seq = in->seq;
        m->async = in->async;
        whole->nreleased_modes++;
    }
    for (i = 0; i < view->nsecrets; i++)
        if ((rc = release_secret_name(whole, &view->secrets[i])) < 0)
            return rc;
    return 0;
}

/* The earliest Secret of name (not shadowed, with a namespace other than ns) in model's own
 * array, or NULL. first: name -> the first such Secret in any namespace, or NULL to scan. */
static const struct secret *
earliest_in(const struct model *model, const struct name_index *first, const char *ns,
            const char *name)
{
    size_t i = first ? name_index_get(first, name, NULL) : SIZE_MAX;
    if (i != SIZE_MAX && strcmp(model->secrets[i].obj.namespace_, ns) != 0)
        return &model->secrets[i];
    if (first && i == SIZE_MAX)
        return NULL; /* none of that name with a namespace */
    for (i = 0; i < model->nsecrets; i++) {
        const struct secret *s = &model->secrets[i];
        if (!s->shadowed && s->obj.namespace_ && strcmp(s->obj.name, name) == 0 &&
            strcmp(s->obj.namespace_, ns) != 0)
            return s;
    }
    return NULL;
}

const char *
other_namespace_of(const struct model *model, const struct name_index *first, const char *ns,
                   const char *name, bool *undecided)
{
    const struct model *whole = model->whole ? model->whole : model;
    const struct secret *s;
    const char *found = NULL;
    unsigned long seq = 0;
    size_t i;

    if (!ns)
        return NULL;
    if ((s = earliest_in(model, first, ns, name))) {
        found = s->obj.namespace_;
        seq = s->seq;
    }
    /* the rest of the input: the whole model's live Secrets seen from a view, and the
     * released ones */
    if (model->whole && (s = earliest_in(model->whole, NULL, ns, name)) &&
        (!found || s->seq < seq)) {
        found = s->obj.namespace_;
        seq = s->seq;
    }
    if ((i = name_index_get(&whole->released_by_name, name, NULL)) != SIZE_MAX) {
        const struct released_secret *r = &whole->released_secrets[i];
        int k = strcmp(r->ns[0], ns) != 0 ? 0 : 1;
        if (r->ns[k] && (!found || r->seq[k] < seq)) {
            found = r->ns[k];
            seq = r->seq[k];
        }
    }
    /* a view: a Secret read later may be the answer; the finding waits for the end */
    *undecided = !found && model->whole;
    return found;
}

struct secret_entry *
install_entry(struct secret *secret, const char *key)
{
    size_t i;
    if (!secret)
        return NULL;
    for (i = 0; i < secret->count; i++)
        if (strcmp(secret->entries[i].key, key) == 0)
            return &secret->entries[i];
    return NULL;
}

struct secret *
install_secret_for(const struct install *in, enum redis_db db)
{
    return db == DB_SYSTEM || db == DB_MESSAGE_BUS ? in->system : in->backend;
}

struct secret_entry *
install_key(const struct install *in, enum redis_db db, enum key_role role)
{
    const struct key_def *def = key_for(db, role);
    return def ? install_entry(install_secret_for(in, db), def->name) : NULL;
}

enum redis_client
install_client(const struct install *in, enum reader r)
{
    return in->profile ? in->profile->clients[r] : CLIENT_NONE;
}

/* The apps read what their env block carries. The operator validates the three URLs (and
 * looks at whether each sentinel list is empty, as part of that); the preflight dials the
 * URLs and sentinel lists, with the *_SENTINEL_USERNAME/PASSWORD keys unless the list's
 * entries carry credentials (facts §5 "Preflights"). Both work on the Secrets, not on env
 * vars. The facts give the preflight only the URL's password for the master (Appendix C
 * C12), so it does not read *_USERNAME and *_PASSWORD. */
bool
install_reads(const struct install *in, enum reader r, enum redis_db db, enum key_role role)
{
    const struct key_def *def = key_for(db, role);
    if (install_client(in, r) == CLIENT_NONE || !def || db == DB_MESSAGE_BUS)
        return false;
    switch (r) {
    case READER_BACKEND_ASYNC:
        return in->async && profile_reads_def(in->profile, r, def);
    case READER_BACKEND_SYNC:
    case READER_SYSTEM:
        return profile_reads_def(in->profile, r, def);
    case READER_OPERATOR:
        return role == KEY_URL;
    case READER_PREFLIGHT:
        return role == KEY_URL || role == KEY_SENTINEL_HOSTS || role == KEY_SENTINEL_USERNAME ||
               role == KEY_SENTINEL_PASSWORD;
    case READER__MAX:
        break;
    }
    return false;
}

int
install_tls_flag(const struct install *in, enum redis_db db)
{
    /* the operator turns the flags into the components' *_SSL env only where it also
     * validates the URLs (2.16+) */
    if (!in->apimanager || install_client(in, READER_OPERATOR) == CLIENT_NONE)
        return -1;
    switch (db) {
    case DB_STORAGE:
        return in->apimanager->backend_tls;
    case DB_QUEUES:
        return in->apimanager->queues_tls;
    case DB_SYSTEM:
        return in->apimanager->system_tls;
    default:
        return -1;
    }
}

bool
entry_usable(const struct secret_entry *e)
{
    return e && e->value && !e->unresolved && !e->invalid && !e->opaque;
}
