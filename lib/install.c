/* install.c - grouping Secrets and APIManagers into installs, and the mode of each. */
#include "install.h"

#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "secret.h"
#include "util.h"
#include "banned.h"

static bool
same_ns(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static struct install *
find_or_add(struct install **list, size_t *n, size_t *cap, const char *ns)
{
    size_t i;
    for (i = 0; i < *n; i++)
        if (same_ns((*list)[i].namespace_, ns))
            return &(*list)[i];
    if (grow_array(list, cap, *n + 1, sizeof(**list)) < 0)
        return NULL;
    memset(&(*list)[*n], 0, sizeof(**list));
    (*list)[*n].namespace_ = ns;
    return &(*list)[(*n)++];
}

int
installs_collect(struct rlint_ctx *ctx, struct install **out)
{
    struct install *list = NULL;
    size_t n = 0, cap = 0, i, j;

    for (i = 0; i < ctx->nsecrets; i++) {
        struct secret *s = &ctx->secrets[i];
        struct install *in;
        if (s->shadowed || !secret_is_threescale(s->obj.name))
            continue;
        in = find_or_add(&list, &n, &cap, s->obj.namespace_);
        if (!in) {
            free(list);
            return RLINT_ENOMEM;
        }
        if (strcmp(s->obj.name, SECRET_BACKEND) == 0)
            in->backend = s;
        else
            in->system = s;
    }
    for (i = 0; i < n; i++) {
        struct install *in = &list[i];
        for (j = 0; j < ctx->napimanagers; j++) {
            const struct apimanager *am = &ctx->apimanagers[j];
            if (same_ns(am->obj.namespace_, in->namespace_) ||
                (ctx->napimanagers == 1 && (!am->obj.namespace_ || !in->namespace_)))
                in->apimanager = am;
        }
        in->minor = ctx->minor;
        in->profile = ctx->profile;
        /* operators of versions with an async backend inject CONFIG_REDIS_ASYNC=1 unless the
         * annotation says "true" */
        in->async = install_client(in, READER_BACKEND_ASYNC) != CLIENT_NONE &&
                    ctx->profile->async_default &&
                    !(in->apimanager && in->apimanager->disable_async &&
                      strcmp(in->apimanager->disable_async, "true") == 0);
        /* templates (<=2.12) never fill keys; operator installs do. 2.13+ is operator only */
        in->operator_fills = ctx->minor >= 13 || in->apimanager;
    }
    *out = list;
    return (int)n;
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
        if (!in->async)
            return false;
        /* fall through */
    case READER_BACKEND_SYNC:
    case READER_SYSTEM:
        return profile_reads_key(in->profile, r, def->secret, def->name);
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
    return e && e->value && !e->unresolved && !e->invalid;
}
