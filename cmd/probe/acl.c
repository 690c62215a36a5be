/* acl.c - the ACL check of --probe. ACL DRYRUN (Redis 7) asks the server whether the user may
 * run a command without running it, and needs no permission of the user's own beyond ACL
 * DRYRUN. A user that may not run ACL DRYRUN (it is @admin), or a server without it (Redis
 * 6), is checked inside MULTI: the server checks the ACL when it queues a command and runs
 * nothing before EXEC, which this file never sends; DISCARD drops the queue. The difference:
 * the server adds each refusal to its ACL LOG, as it does for any refused command. */
#include "acl.h"

#include <string.h>

#include "needs.h"

/* The reply says the user may not run the command (not: may not touch its keys, which are
 * placeholders here). */
static bool
refused(const redisReply *r)
{
    return (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_ERROR) && r->str &&
           strstr(r->str, "no permissions to run the") != NULL;
}

static bool
applies(const struct need *n, const char *database, unsigned workloads)
{
    return strcmp(n->database, database) == 0 && (n->workloads & workloads) != 0;
}

static int
argc_of(const struct need *n)
{
    int k = 0;
    while (k < NEED_MAX_ARGS && n->argv[k])
        k++;
    return k;
}

/* 1 the server answered every ACL DRYRUN, 0 it does not take ACL DRYRUN from this user, -1
 * connection failure. */
static int
by_dryrun(struct conn *c, const char *user, const char *database, unsigned workloads, bool *denied)
{
    const char *argv[NEED_MAX_ARGS + 3] = {"ACL", "DRYRUN", user};
    redisReply *r;
    size_t i;
    int k, argc;
    for (i = 0; i < nneeds; i++) {
        if (!applies(&needs[i], database, workloads))
            continue;
        argc = argc_of(&needs[i]);
        for (k = 0; k < argc; k++)
            argv[3 + k] = needs[i].argv[k];
        if (conn_command(c, &r, 3 + argc, argv) != CONN_OK)
            return -1;
        /* ACL DRYRUN answers a refusal as a string, and every entry has the arguments its
         * arity needs (Redis 7.0 answers OK to each for a user with +@all): an error is about
         * ACL DRYRUN itself (NOPERM; "unknown subcommand" before 7.0; "unknown command"
         * without ACLs), and then the other way checks */
        if (r->type == REDIS_REPLY_ERROR) {
            freeReplyObject(r);
            return 0;
        }
        denied[i] = refused(r);
        freeReplyObject(r);
    }
    return 1;
}

static bool
is_status(const redisReply *r, const char *s)
{
    return r->type == REDIS_REPLY_STATUS && r->str && strcmp(r->str, s) == 0;
}

static int
by_multi(struct conn *c, const char *database, unsigned workloads, bool *denied)
{
    const char *multi[] = {"MULTI"}, *discard[] = {"DISCARD"}, *argv[NEED_MAX_ARGS];
    redisReply *r;
    size_t i;
    int k, argc;
    bool in_multi;

    if (conn_command(c, &r, 1, multi) != CONN_OK)
        return -1;
    in_multi = is_status(r, "OK");
    for (i = 0; !in_multi && refused(r) && i < nneeds; i++)
        if (applies(&needs[i], database, workloads) && strcmp(needs[i].argv[0], "MULTI") == 0)
            denied[i] = true;
    freeReplyObject(r);
    /* only inside a transaction is a command queued and not run */
    if (!in_multi)
        return 0;
    for (i = 0; i < nneeds; i++) {
        const char *cmd = needs[i].argv[0];
        if (!applies(&needs[i], database, workloads) || strcmp(cmd, "MULTI") == 0 ||
            strcmp(cmd, "EXEC") == 0 || strcmp(cmd, "DISCARD") == 0 || strcmp(cmd, "WATCH") == 0)
            continue;
        argc = argc_of(&needs[i]);
        for (k = 0; k < argc; k++)
            argv[k] = needs[i].argv[k];
        if (conn_command(c, &r, argc, argv) != CONN_OK)
            return -1; /* the server drops the transaction with the connection */
        denied[i] = refused(r);
        freeReplyObject(r);
    }
    if (conn_command(c, &r, 1, discard) != CONN_OK)
        return -1;
    freeReplyObject(r);
    return 0;
}

int
acl_check(struct conn *c, const char *user, const char *database, unsigned workloads, bool *denied)
{
    int rc = by_dryrun(c, user ? user : "default", database, workloads, denied);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    memset(denied, 0, nneeds * sizeof(*denied));
    return by_multi(c, database, workloads, denied);
}
