/* window.c - early checks of the least recently read namespaces, and freeing their objects
 * (window.h). */
#include "window.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "endpoints.h"
#include "install.h"
#include "objects.h"
#include "report.h"
#include "rules.h"
#include "secret.h"
#include "workload.h"
#include "banned.h"

enum slot_state {
    SLOT_HELD,     /* its objects are in the model, in the list */
    SLOT_BATCH,    /* being checked early */
    SLOT_RELEASED, /* checked, its objects freed: any object of it again is RLINT_ERELOAD */
};

#define NO_SLOT SIZE_MAX

static void
unlink_slot(struct window *win, size_t i)
{
    struct ns_slot *s = &win->slots[i];
    if (s->prev != NO_SLOT)
        win->slots[s->prev].next = s->next;
    else
        win->head = s->next;
    if (s->next != NO_SLOT)
        win->slots[s->next].prev = s->prev;
    else
        win->tail = s->prev;
    s->prev = s->next = NO_SLOT;
    win->nheld--;
}

static void
append_slot(struct window *win, size_t i)
{
    struct ns_slot *s = &win->slots[i];
    s->prev = win->tail;
    s->next = NO_SLOT;
    if (win->tail != NO_SLOT)
        win->slots[win->tail].next = i;
    else
        win->head = i;
    win->tail = i;
    win->nheld++;
}

/* An object of namespace ns was read. */
static int
touch(struct rlint_ctx *ctx, const char *ns)
{
    struct window *win = &ctx->window;
    size_t i;

    if (!ns) {
        /* an object without a namespace goes with every install: no install can be
         * judged alone any more */
        if (win->released_any)
            win->reload = true;
        win->stopped = true;
        return 0;
    }
    i = name_index_get(&win->by_ns, ns, NULL);
    if (i != NO_SLOT) {
        switch ((enum slot_state)win->slots[i].state) {
        case SLOT_RELEASED:
            win->reload = true;
            break;
        case SLOT_HELD:
            if (win->tail != i) {
                unlink_slot(win, i);
                append_slot(win, i);
            }
            break;
        case SLOT_BATCH:
            break;
        }
        return 0;
    }
    if (grow_array(&win->slots, &win->slots_cap, win->nslots + 1, sizeof(*win->slots)) < 0)
        return RLINT_ENOMEM;
    i = win->nslots;
    memset(&win->slots[i], 0, sizeof(win->slots[i]));
    win->slots[i].ns = strpool_get(&ctx->model.strings, ns, strlen(ns));
    if (!win->slots[i].ns || name_index_put(&win->by_ns, win->slots[i].ns, NULL, i) < 0)
        return RLINT_ENOMEM;
    win->slots[i].state = SLOT_HELD;
    win->nslots++;
    append_slot(win, i);
    return 0;
}

/* The slot of an object's namespace in the batch, or NO_SLOT. */
static size_t
batch_slot(const struct window *win, const struct object_ref *obj)
{
    size_t i;
    if (!obj->namespace_)
        return NO_SLOT;
    i = name_index_get(&win->by_ns, obj->namespace_, NULL);
    return i != NO_SLOT && win->slots[i].state == SLOT_BATCH ? i : NO_SLOT;
}

/* One namespace's objects, shallow copies of the model's: what its view holds. */
struct part {
    size_t slot;
    struct secret *secrets;
    size_t nsecrets, secrets_cap;
    struct apimanager *apimanagers;
    size_t napimanagers, apimanagers_cap;
    struct workload *workloads;
    size_t nworkloads, workloads_cap;
};

static void
parts_release(struct part *parts, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        free(parts[i].secrets);
        free(parts[i].apimanagers);
        free(parts[i].workloads);
    }
    free(parts);
}

/* The part of the batch an object's namespace is, or NULL. */
static struct part *
part_of(const struct window *win, struct part *parts, const struct object_ref *obj)
{
    size_t i = batch_slot(win, obj);
    return i == NO_SLOT ? NULL : &parts[win->slots[i].part];
}

static int
gather(const struct rlint_ctx *ctx, struct part *parts)
{
    const struct model *m = &ctx->model;
    const struct window *win = &ctx->window;
    struct part *p;
    size_t i;

    for (i = 0; i < m->nsecrets; i++)
        if ((p = part_of(win, parts, &m->secrets[i].obj))) {
            if (grow_array(&p->secrets, &p->secrets_cap, p->nsecrets + 1, sizeof(*p->secrets)) < 0)
                return RLINT_ENOMEM;
            p->secrets[p->nsecrets++] = m->secrets[i];
        }
    for (i = 0; i < m->napimanagers; i++)
        if ((p = part_of(win, parts, &m->apimanagers[i].obj))) {
            if (grow_array(&p->apimanagers, &p->apimanagers_cap, p->napimanagers + 1,
                           sizeof(*p->apimanagers)) < 0)
                return RLINT_ENOMEM;
            p->apimanagers[p->napimanagers++] = m->apimanagers[i];
        }
    for (i = 0; i < m->nworkloads; i++)
        if ((p = part_of(win, parts, &m->workloads_list[i].obj))) {
            if (grow_array(&p->workloads, &p->workloads_cap, p->nworkloads + 1,
                           sizeof(*p->workloads)) < 0)
                return RLINT_ENOMEM;
            p->workloads[p->nworkloads++] = m->workloads_list[i];
        }
    return 0;
}

/* The Secrets' indexes as add_secret() builds them, the later definition last. */
static int
index_secrets(const struct secret *secrets, size_t n, struct name_index *by_ns,
              struct name_index *last)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (name_index_put(by_ns, secrets[i].obj.name, secrets[i].obj.namespace_, i) < 0 ||
            name_index_put(last, secrets[i].obj.name, NULL, i) < 0)
            return RLINT_ENOMEM;
    return 0;
}

/* Moves the view's pending references (rules-env.c) to the whole model. */
static int
adopt_pending(struct model *whole, struct model *view)
{
    if (!view->npending_refs)
        return 0;
    if (grow_array(&whole->pending_refs, &whole->pending_refs_cap,
                   whole->npending_refs + view->npending_refs, sizeof(*whole->pending_refs)) < 0)
        return RLINT_ENOMEM;
    memcpy(whole->pending_refs + whole->npending_refs, view->pending_refs,
           view->npending_refs * sizeof(*view->pending_refs));
    whole->npending_refs += view->npending_refs;
    view->npending_refs = 0;
    return 0;
}

/* Checks one namespace alone: its findings move into the run's report, its installs are
 * recorded as released, what must wait for the end goes to the whole model. 0,
 * RLINT_ENOMEM, or RLINT_ERELOAD if the check could not run (the version was resolved
 * before, so it can). */
static int
check_alone(struct rlint_ctx *ctx, const struct part *p)
{
    struct model view = ctx->model; /* the run's settings and hints, shared read-only */
    struct report tmp;
    struct rules rs;
    size_t i;
    int rc;

    memset(&tmp, 0, sizeof(tmp));
    tmp.limit = SIZE_MAX; /* the run's limit applies when the findings move over */
    memcpy(tmp.rule_override, ctx->report.rule_override, sizeof(tmp.rule_override));
    tmp.model = &ctx->model;
    view.report = &tmp;
    view.secrets = p->secrets;
    view.nsecrets = view.secrets_cap = p->nsecrets;
    memset(&view.secret_by_ns, 0, sizeof(view.secret_by_ns));
    memset(&view.secret_last, 0, sizeof(view.secret_last));
    view.apimanagers = p->apimanagers;
    view.napimanagers = view.apimanagers_cap = p->napimanagers;
    view.workloads_list = p->workloads;
    view.nworkloads = view.workloads_cap = p->nworkloads;
    view.installs = NULL;
    view.ninstalls = 0;
    view.installs_grouped = false;
    view.mode = NULL;
    view.mode_reason = NULL;
    view.released_modes = NULL;
    view.released_votes = 0;
    view.released_apimanagers = 0;
    view.nreleased_modes = view.released_modes_cap = 0;
    view.whole = &ctx->model;
    view.pending_refs = NULL;
    view.npending_refs = view.pending_refs_cap = 0;
    memset(&rs, 0, sizeof(rs));
    rs.model = &view;
    rs.report = &tmp;

    rc = index_secrets(view.secrets, view.nsecrets, &view.secret_by_ns, &view.secret_last);
    if (rc == 0)
        rc = rules_check(&rs);
    if (view.embedded_all && !ctx->model.embedded_all) {
        /* every built-in profile, parsed for this check (profiles_all()): kept for the
         * next ones and freed with the run */
        ctx->model.embedded_all = view.embedded_all;
        ctx->model.nembedded_all = view.nembedded_all;
    }
    /* the view's strings are the run's pool as it was: recorded only now */
    if (rc == 0 && (rc = installs_record_released(&ctx->model, &view)) == 0 &&
        (rc = report_adopt(&ctx->report, &tmp)) == 0)
        rc = adopt_pending(&ctx->model, &view);
    else if (rc != RLINT_ENOMEM)
        rc = RLINT_ERELOAD;
    for (i = 0; i < view.npending_refs; i++)
        pending_ref_release(&view.pending_refs[i]);
    free(view.pending_refs);
    endpoints_release(&rs);
    free(view.installs);
    free(view.mode_reason);
    name_index_release(&view.secret_by_ns);
    name_index_release(&view.secret_last);
    report_release(&tmp);
    return rc;
}

static bool
released(const struct window *win, const struct object_ref *obj)
{
    size_t i;
    return obj->namespace_ && (i = name_index_get(&win->by_ns, obj->namespace_, NULL)) != NO_SLOT &&
           win->slots[i].state == SLOT_RELEASED;
}

static void
free_secret(void *p)
{
    secret_release(p);
}

static void
free_apimanager(void *p)
{
    apimanager_release(p);
}

static void
free_workload(void *p)
{
    workload_release(p);
}

/* rlint_ctx_object_count() counts the other Secrets only through workload references */
static bool
counted_secret(const void *p)
{
    return secret_is_threescale(secret_role(p));
}

/* Frees and drops the elements of one of the model's arrays (Secrets, APIManagers,
 * workloads: each starts with its struct object_ref) whose namespace was released, keeping
 * the order of the others. Returns how many of them count as objects (counted NULL: all). */
static size_t
drop_released(const struct window *win, void *items, size_t *n, size_t elem,
              void (*release)(void *), bool (*counted)(const void *))
{
    char *base = items;
    size_t j, kept = 0, dropped = 0;

    for (j = 0; j < *n; j++) {
        char *e = base + j * elem;
        if (released(win, (const struct object_ref *)e)) {
            dropped += !counted || counted(e);
            release(e);
        } else {
            if (kept != j)
                memcpy(base + kept * elem, e, elem);
            kept++;
        }
    }
    *n = kept;
    return dropped;
}

/* Drops the released namespaces' objects from the model and rebuilds its Secret indexes. */
static int
compact(struct rlint_ctx *ctx)
{
    struct model *m = &ctx->model;
    struct window *win = &ctx->window;

    win->released_objects +=
        drop_released(win, m->secrets, &m->nsecrets, sizeof(*m->secrets), free_secret,
                      counted_secret) +
        drop_released(win, m->apimanagers, &m->napimanagers, sizeof(*m->apimanagers),
                      free_apimanager, NULL) +
        drop_released(win, m->workloads_list, &m->nworkloads, sizeof(*m->workloads_list),
                      free_workload, NULL);
    name_index_release(&m->secret_by_ns);
    name_index_release(&m->secret_last);
    return index_secrets(m->secrets, m->nsecrets, &m->secret_by_ns, &m->secret_last);
}

/* Checks the n least recent held namespaces alone and frees the objects of those whose
 * findings are final. */
static int
release_batch(struct rlint_ctx *ctx, size_t n)
{
    struct window *win = &ctx->window;
    struct part *parts;
    size_t i, slot;
    int rc;

    rc = rules_resolve_version(&ctx->rules);
    if (rc == RLINT_ENOMEM)
        return rc;
    if (rc < 0) { /* no version to check with (yet): everything waits for the end */
        win->stopped = true;
        return 0;
    }
    if (win->released_any && (ctx->model.minor != win->minor || ctx->model.profile != win->profile)) {
        win->reload = true;
        return RLINT_ERELOAD;
    }
    win->minor = ctx->model.minor;
    win->profile = ctx->model.profile;

    parts = calloc(n, sizeof(*parts));
    if (!parts)
        return RLINT_ENOMEM;
    for (i = 0, slot = win->head; i < n && slot != NO_SLOT; i++) {
        size_t next = win->slots[slot].next;
        parts[i].slot = slot;
        unlink_slot(win, slot);
        win->slots[slot].state = SLOT_BATCH;
        win->slots[slot].part = i;
        slot = next;
    }
    n = i;
    rc = gather(ctx, parts);
    for (i = 0; i < n && rc == 0; i++)
        if ((rc = check_alone(ctx, &parts[i])) == 0) {
            win->slots[parts[i].slot].state = SLOT_RELEASED;
            win->released_any = true;
        }
    parts_release(parts, n);
    if (rc == RLINT_ERELOAD)
        win->reload = true;
    if (rc < 0)
        return rc;
    if ((rc = compact(ctx)) < 0)
        return rc;
    if (ctx->report.limit_hit) /* which findings a full file keeps depends on their order */
        win->reload = true;
    return win->reload ? RLINT_ERELOAD : 0;
}

int
window_document(struct rlint_ctx *ctx, size_t secrets0, size_t apimanagers0, size_t workloads0)
{
    struct window *win = &ctx->window;
    const struct model *m = &ctx->model;
    size_t i;
    int rc;

    for (i = secrets0; i < m->nsecrets; i++)
        if ((rc = touch(ctx, m->secrets[i].obj.namespace_)) < 0)
            return rc;
    for (i = apimanagers0; i < m->napimanagers; i++)
        if ((rc = touch(ctx, m->apimanagers[i].obj.namespace_)) < 0)
            return rc;
    for (i = workloads0; i < m->nworkloads; i++)
        if ((rc = touch(ctx, m->workloads_list[i].obj.namespace_)) < 0)
            return rc;
    /* a Secret defined again shadows one that a released namespace's check may have seen */
    if (m->secrets_redefined != win->redefined_seen) {
        win->redefined_seen = m->secrets_redefined;
        if (win->released_any)
            win->reload = true;
    }
    if (win->reload)
        return RLINT_ERELOAD;
    if (win->stopped || win->nheld <= win->size)
        return 0;
    /* half a window at a time: the indexes are rebuilt once per batch */
    return release_batch(ctx, win->nheld - (win->size / 2 ? win->size / 2 : 1));
}

int
window_verdict(struct rlint_ctx *ctx, bool after)
{
    struct window *win = &ctx->window;
    int rc;

    if (!win->released_any)
        return 0;
    if (win->reload || ctx->report.limit_hit)
        return RLINT_ERELOAD;
    if (after) {
        /* no install at all: the summary's mode then reads every workload of the input
         * (released_votes has those released), and the one APIManager if there is one */
        if (ctx->model.ninstalls == 0 && ctx->model.nreleased_modes == 0 &&
            ctx->model.released_apimanagers)
            return RLINT_ERELOAD;
        return 0;
    }
    rc = rules_resolve_version(&ctx->rules);
    if (rc == RLINT_ENOMEM)
        return rc;
    if (rc < 0 || ctx->model.minor != win->minor || ctx->model.profile != win->profile)
        return RLINT_ERELOAD;
    return 0;
}

void
window_release(struct window *win)
{
    free(win->slots);
    name_index_release(&win->by_ns);
}
