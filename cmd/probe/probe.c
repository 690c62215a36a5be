/* probe.c - --probe: connects to what the Secrets describe, the way each component would (the
 * library's endpoints, rlint_ctx_endpoint_at()), runs only read-only commands (AUTH, PING,
 * ROLE, INFO, SELECT, ACL DRYRUN or MULTI/DISCARD (acl.c), SENTINEL get-master-addr-by-name/
 * myid/ckquorum/replicas/sentinels) with bounded timeouts, and reports RLINT100-RLINT114
 * through rlint_ctx_report_endpoint(). Endpoints that several components share are probed
 * once, naming all of them; distinct targets are probed concurrently (PROBE_THREADS), and the
 * Sentinels of a list too (SENTINEL_THREADS); the findings are reported in endpoint order once
 * all are done. No credential is printed. */
#include "probe.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>

#include "acl.h"
#include "conn.h"
#include "dl.h"
#include "needs.h"

/* A finding waiting for the threads to end: the ctx's report is not shared between them. */
struct pending {
    enum rlint_endpoint_key at;
    const char *rule;
    enum rlint_severity severity;
    char *message;
    char *component; /* NULL: the group's components */
};

/* The app components an endpoint names (struct rlint_endpoint.component). */
enum reader_bit {
    RB_SYNC = 1 << 0,
    RB_ASYNC = 1 << 1,
    RB_SYSTEM = 1 << 2,
};
static const char *const reader_bit_names[] = {"backend (sync)", "backend (async)",
                                               "system (porta)"};

struct group {
    size_t first;     /* endpoint index the findings point at */
    char *components; /* "backend (sync), system (porta)" */
    struct probe_summary *out;
    unsigned readers; /* enum reader_bit: the components of the group */
    bool async_mode;  /* the install's backend-listener and backend-worker run async */
    struct pending *pending;
    size_t npending;
    bool nomem;
};

/* Shared by the threads, read-only while they run. */
struct probe {
    const struct rlint_ctx *ctx;
    const struct probe_options *opts;
};

#define PROBE_THREADS 8 /* targets probed at once */

static bool
same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Would the two endpoints make the same connections with the same credentials? */
static bool
same_target(const struct rlint_endpoint *a, const struct rlint_endpoint *b)
{
    size_t i;
    if (strcmp(a->database, b->database) != 0 || !same_str(a->host, b->host) ||
        a->port != b->port || !same_str(a->group, b->group) || a->nsentinels != b->nsentinels ||
        a->db != b->db || strcmp(a->role, b->role) != 0 || a->tls != b->tls ||
        !same_str(a->username, b->username) || !same_str(a->password, b->password) ||
        !same_str(a->sentinel_username, b->sentinel_username) ||
        !same_str(a->sentinel_password, b->sentinel_password) ||
        !same_str(a->namespace_, b->namespace_))
        return false;
    for (i = 0; i < a->nsentinels; i++)
        if (!same_str(a->sentinels[i].host, b->sentinels[i].host) ||
            a->sentinels[i].port != b->sentinels[i].port)
            return false;
    return true;
}

static char *vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static char *
vformat(const char *fmt, va_list ap)
{
    va_list aq;
    int n;
    char *s;
    va_copy(aq, ap);
    n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        return NULL;
    s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *
format(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    return s;
}

/* Keeps a finding for after the threads; takes msg and component (NULL: the group's). */
static void
add_pending(struct group *g, enum rlint_endpoint_key at, const char *rule, enum rlint_severity sev,
            char *msg, char *component)
{
    struct pending *grown =
        msg ? realloc(g->pending, (g->npending + 1) * sizeof(*g->pending)) : NULL;
    if (!grown) {
        free(msg);
        free(component);
        g->nomem = true;
        return;
    }
    g->pending = grown;
    g->pending[g->npending++] = (struct pending){at, rule, sev, msg, component};
}

static void report(struct probe *p, struct group *g, enum rlint_endpoint_key at, const char *rule,
                   enum rlint_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void
report(struct probe *p, struct group *g, enum rlint_endpoint_key at, const char *rule,
       enum rlint_severity sev, const char *fmt, ...)
{
    va_list ap;
    char *msg;
    (void)p;
    va_start(ap, fmt);
    msg = vformat(fmt, ap);
    va_end(ap);
    add_pending(g, at, rule, sev, msg, NULL);
}

/* A server's error text, bounded and printable. Redis error replies do not echo AUTH
 * arguments; the other commands carry no credential. */
static const char *
error_text(const redisReply *r, char *buf, size_t size)
{
    size_t i, n = r->len < size - 1 ? r->len : size - 1;
    for (i = 0; i < n; i++)
        buf[i] = r->str[i] >= 0x20 && r->str[i] < 0x7f ? r->str[i] : '?';
    buf[n] = '\0';
    return buf;
}

/* The first word of an error reply ("WRONGPASS"). */
static const char *
error_code(const redisReply *r, char *buf, size_t size)
{
    size_t n = 0;
    while (n < r->len && n < size - 1 && r->str[n] != ' ')
        n++;
    memcpy(buf, r->str, n);
    buf[n] = '\0';
    return buf;
}

/* AUTH as the endpoint's component would: "AUTH user pass", "AUTH pass", or nothing.
 * 1 sent and accepted (or nothing to send), 0 rejected (*code set), -1 connection failure. */
static int
authenticate(struct conn *c, const char *user, const char *pass, char *code, size_t size)
{
    const char *argv[3] = {"AUTH", NULL, NULL};
    redisReply *r;
    int argc = 1, ok;
    if (!pass)
        return 1;
    if (user)
        argv[argc++] = user;
    argv[argc++] = pass;
    if (conn_command(c, &r, argc, argv) != CONN_OK)
        return -1;
    ok = r->type != REDIS_REPLY_ERROR;
    if (!ok)
        error_code(r, code, size);
    freeReplyObject(r);
    return ok;
}

static long long
now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The value of "name:" in an INFO reply, copied; NULL when absent. */
static char *
info_field(const redisReply *r, const char *name)
{
    size_t n = strlen(name);
    const char *s = r->str, *end;
    if (r->type != REDIS_REPLY_STRING && r->type != REDIS_REPLY_STATUS)
        return NULL;
    while (s && *s) {
        if (strncmp(s, name, n) == 0 && s[n] == ':') {
            s += n + 1;
            end = s + strcspn(s, "\r\n");
            return format("%.*s", (int)(end - s), s);
        }
        s = strchr(s, '\n');
        if (s)
            s++;
    }
    return NULL;
}

/* The TLS a component makes to this endpoint's servers and Sentinels, or NULL. */
static const struct conn_tls *
endpoint_tls(const struct rlint_endpoint *e, struct conn_tls *buf)
{
    if (!e->tls)
        return NULL;
    buf->ca_pem = e->tls_ca;
    buf->cert_pem = e->tls_cert;
    buf->key_pem = e->tls_key;
    return buf;
}

static bool
tls_failure(const struct conn *c)
{
    return c->status == CONN_TLS || c->status == CONN_TLS_VERIFY || c->status == CONN_TLS_CONFIG;
}

static redisReply *
command(struct conn *c, int argc, const char **argv)
{
    redisReply *r;
    return conn_command(c, &r, argc, argv) == CONN_OK ? r : NULL;
}

/* The workloads whose commands the group's components send: cron always runs the sync client
 * (the component backend (sync) stands for it), listener and worker the install's. */
static unsigned
group_workloads(const struct group *g)
{
    unsigned w = 0;
    if (g->readers & RB_SYNC)
        w |= WL_CRON | (g->async_mode ? 0 : WL_LISTENER | WL_WORKER);
    if (g->readers & RB_ASYNC)
        w |= WL_LISTENER | WL_WORKER;
    if (g->readers & RB_SYSTEM)
        w |= WL_SYSTEM_APP | WL_SYSTEM_SIDEKIQ;
    return w;
}

/* The group's components that send a command the workloads send. */
static unsigned
readers_of(const struct group *g, unsigned workloads)
{
    unsigned r = 0;
    if (workloads & (WL_LISTENER | WL_WORKER))
        r |= g->async_mode ? RB_ASYNC : RB_SYNC;
    if (workloads & WL_CRON)
        r |= RB_SYNC;
    if (workloads & (WL_SYSTEM_APP | WL_SYSTEM_SIDEKIQ))
        r |= RB_SYSTEM;
    return r & g->readers;
}

/* "backend (sync), backend (async)" for reader bits; NULL on out of memory. */
static char *
readers_text(unsigned readers)
{
    char buf[64];
    size_t i, off = 0;
    buf[0] = '\0';
    for (i = 0; i < 3; i++)
        if (readers & (1u << i))
            off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s", off ? ", " : "",
                                    reader_bit_names[i]);
    return format("%s", buf);
}

/* One RLINT110 per set of components: the commands they send that the user may not run, each
 * with the workloads that send it. */
static void
report_denied(struct group *g, const char *database, const bool *denied)
{
    unsigned gw = group_workloads(g), set, bit;
    size_t i;
    for (set = 1; set < 8; set++) {
        char *list = NULL, *grown, *msg;
        for (i = 0; i < nneeds; i++) {
            unsigned w = needs[i].workloads & gw;
            char names[128];
            size_t off = 0;
            if (!denied[i] || readers_of(g, w) != set)
                continue;
            names[0] = '\0';
            for (bit = 1; bit < (1u << WL_COUNT); bit <<= 1)
                if (w & bit)
                    off += (size_t)snprintf(names + off, sizeof(names) - off, "%s%s",
                                            off ? ", " : "", workload_name(bit));
            grown =
                format("%s%s%s (%s)", list ? list : "", list ? "; " : "", needs[i].argv[0], names);
            free(list);
            list = grown;
            if (!list) {
                g->nomem = true;
                return;
            }
        }
        if (!list)
            continue;
        msg = format("%s database: the ACL user the components authenticate as may not run "
                     "commands they send: %s",
                     database, list);
        free(list);
        add_pending(g, RLINT_ENDPOINT_KEY_URL, "RLINT110", RLINT_SEVERITY_ERROR, msg,
                    readers_text(set));
    }
}

/* The ACL check (acl.c) of the commands the group's components send; false when the
 * connection failed. */
static bool
check_acl(struct group *g, struct conn *c, const struct rlint_endpoint *e)
{
    bool *denied = calloc(nneeds, sizeof(*denied));
    int rc;
    if (!denied) {
        g->nomem = true;
        return true;
    }
    rc = acl_check(c, e->username, e->database, group_workloads(g), denied);
    if (rc == 0)
        report_denied(g, e->database, denied);
    free(denied);
    return rc == 0;
}

/* Compares dotted versions ("7.0.15" with "7.0.0") number by number, as the operator's
 * CompareVersions does; a missing number counts as 0. */
static int
version_cmp(const char *a, const char *b)
{
    int i;
    for (i = 0; i < 3; i++) {
        unsigned long x = strtoul(a, (char **)&a, 10), y = strtoul(b, (char **)&b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        a += *a == '.';
        b += *b == '.';
    }
    return 0;
}

static const char *
where(bool via_sentinels)
{
    return via_sentinels ? "the master the Sentinels name" : "the server";
}

/* Probes one server: AUTH, PING (latency), ROLE, INFO server and cluster, SELECT, and the
 * eviction policy of backend storage and queues. expect_role "master" or "slave". */
static void
probe_server(struct probe *p, struct group *g, const char *host, unsigned port,
             const char *expect_role, bool via_sentinels)
{
    const struct rlint_endpoint *e = rlint_ctx_endpoint_at(p->ctx, g->first);
    enum rlint_endpoint_key at =
        via_sentinels ? RLINT_ENDPOINT_KEY_SENTINELS : RLINT_ENDPOINT_KEY_URL;
    const char *ping[] = {"PING"}, *role[] = {"ROLE"};
    const char *info_server[] = {"INFO", "server"}, *info_cluster[] = {"INFO", "cluster"};
    const char *info_memory[] = {"INFO", "memory"};
    const char *what = where(via_sentinels);
    char code[64], text[200], dbs[32];
    const char *select[2] = {"SELECT", dbs};
    redisReply *r;
    struct conn c;
    long long t0;
    bool cluster = false, arch32 = false;
    struct conn_tls tls;
    int a;

    if (conn_open(&c, host, port, p->opts->timeout_ms, endpoint_tls(e, &tls)) != CONN_OK) {
        if (tls_failure(&c)) {
            report(p, g, RLINT_ENDPOINT_KEY_URL, "RLINT111", RLINT_SEVERITY_ERROR,
                   "%s database: TLS to %s fails: %s", e->database, what, conn_status_text(&c));
            goto out;
        }
        report(p, g, at, "RLINT100", RLINT_SEVERITY_ERROR, "%s database: %s cannot be reached: %s",
               e->database, what, conn_status_text(&c));
        goto out;
    }
    a = authenticate(&c, e->username, e->password, code, sizeof(code));
    if (a == 0) {
        report(p, g, RLINT_ENDPOINT_KEY_URL, "RLINT101", RLINT_SEVERITY_ERROR,
               "%s database: %s rejects the credentials the components send (%s%s)", e->database,
               what, code, e->username ? ", with a user name" : "");
        goto out;
    }
    t0 = now_us();
    if (a < 0 || !(r = command(&c, 1, ping)))
        goto io;
    g->out->latency_us = now_us() - t0;
    g->out->reached = true;
    if (r->type == REDIS_REPLY_ERROR) {
        error_code(r, code, sizeof(code));
        freeReplyObject(r);
        if (strcmp(code, "NOAUTH") == 0) {
            report(p, g, RLINT_ENDPOINT_KEY_URL, "RLINT101", RLINT_SEVERITY_ERROR,
                   "%s database: %s requires a password and the components send none", e->database,
                   what);
            goto out;
        }
    } else {
        freeReplyObject(r);
    }

    if (!(r = command(&c, 2, info_server)))
        goto io;
    free(g->out->redis_version);
    g->out->redis_version = info_field(r, "redis_version");
    {
        char *bits = info_field(r, "arch_bits");
        arch32 = bits && strcmp(bits, "32") == 0;
        free(bits);
    }
    freeReplyObject(r);
    if (g->out->redis_version && e->redis_min_version &&
        version_cmp(g->out->redis_version, e->redis_min_version) < 0)
        add_pending(g, at, "RLINT113", RLINT_SEVERITY_ERROR,
                    format("%s database: %s runs Redis %.32s; the 3scale %s operator's "
                           "preflight requires %s for %s Redis and refuses to install or upgrade",
                           e->database, what, g->out->redis_version, rlint_ctx_version(p->ctx),
                           e->redis_min_version,
                           strcmp(e->database, "system") == 0 ? "system" : "backend"),
                    format("operator preflight"));

    if (!(r = command(&c, 2, info_cluster)))
        goto io;
    {
        char *enabled = info_field(r, "cluster_enabled");
        cluster = enabled && strcmp(enabled, "1") == 0;
        free(enabled);
    }
    freeReplyObject(r);
    if (cluster)
        report(p, g, at, "RLINT108", RLINT_SEVERITY_ERROR,
               "%s database: %s runs in cluster mode (cluster_enabled:1), which 3scale does "
               "not support",
               e->database, what);

    if (!(r = command(&c, 1, role)))
        goto io;
    if (r->type == REDIS_REPLY_ARRAY && r->elements > 0 &&
        r->element[0]->type == REDIS_REPLY_STRING) {
        const char *got = r->element[0]->str;
        free(g->out->server_role);
        g->out->server_role = format("%s", got);
        if (strcmp(got, expect_role) != 0)
            report(p, g, at, "RLINT106", RLINT_SEVERITY_ERROR,
                   "%s database: %s answers ROLE '%s', the components expect a %s", e->database,
                   what, got, strcmp(expect_role, "master") == 0 ? "master" : "replica");
    }
    freeReplyObject(r);

    /* SELECT only changes the connection's database: it writes nothing */
    snprintf(dbs, sizeof(dbs), "%ld", e->db);
    if (!cluster) {
        if (!(r = command(&c, 2, select)))
            goto io;
        if (r->type == REDIS_REPLY_ERROR &&
            strcmp(error_code(r, code, sizeof(code)), "NOPERM") == 0) {
            /* a client skips SELECT 0 (redis-client), so only another db is a failure */
            if (e->db != 0)
                report(p, g, RLINT_ENDPOINT_KEY_URL, "RLINT110", RLINT_SEVERITY_ERROR,
                       "%s database: the ACL user the components authenticate as may not "
                       "run SELECT, which they send for database %ld",
                       e->database, e->db);
        } else if (r->type == REDIS_REPLY_ERROR) {
            report(p, g, RLINT_ENDPOINT_KEY_URL, "RLINT107", RLINT_SEVERITY_ERROR,
                   "%s database: %s refuses SELECT %ld: %s", e->database, what, e->db,
                   error_text(r, text, sizeof(text)));
        }
        freeReplyObject(r);
    }

    if (strcmp(e->database, "storage") == 0 || strcmp(e->database, "queues") == 0) {
        char *policy, *maxmemory;
        bool limited;
        if (!(r = command(&c, 2, info_memory)))
            goto io;
        policy = info_field(r, "maxmemory_policy");
        maxmemory = info_field(r, "maxmemory");
        freeReplyObject(r);
        /* Redis evicts only above maxmemory; 0 is no limit on a 64-bit server, and an implicit
         * 3 GB one on a 32-bit server (Redis documentation, Key eviction; redis.conf) */
        limited = !maxmemory || strcmp(maxmemory, "0") != 0 || arch32;
        free(maxmemory);
        if (policy && limited && strcmp(policy, "noeviction") != 0)
            report(p, g, at, "RLINT109", RLINT_SEVERITY_WARNING,
                   "%s database: %s has maxmemory-policy %s: under memory pressure it deletes "
                   "%s instead of refusing writes",
                   e->database, what, policy,
                   strcmp(e->database, "storage") == 0 ? "usage counters rate limits rely on"
                                                       : "queued jobs");
        free(policy);
    }
    if (!cluster && !check_acl(g, &c, e))
        goto io;
    goto out;
io:
    if (c.status == CONN_TIMEOUT)
        report(p, g, at, "RLINT100", RLINT_SEVERITY_ERROR,
               "%s database: %s accepts connections but does not answer within "
               "--probe-timeout",
               e->database, what);
    else
        report(p, g, at, "RLINT100", RLINT_SEVERITY_ERROR, "%s database: %s fails: %s", e->database,
               what, conn_status_text(&c));
out:
    conn_close(&c);
}

struct sentinel_answer {
    bool answered; /* connected, authenticated, and answered the query */
    bool known;    /* the group is known */
    char *ip;
    unsigned port;
    char why[112];    /* why it did not answer; "" when it did */
    bool auth_failed; /* it rejected the sentinel credentials, or wanted some */
    bool noauth;      /* it wanted credentials and none are sent */
    char code[32];    /* with auth_failed and not noauth: its error code */
    char *myid;       /* its SENTINEL MYID (Redis 6.2+), NULL when it does not say */
    bool nomem;
};

/* The value of field name in a SENTINEL replicas entry (a flat name/value array), or NULL. */
static const char *
entry_field(const redisReply *entry, const char *name)
{
    size_t j;
    for (j = 0; entry->type == REDIS_REPLY_ARRAY && j + 1 < entry->elements; j += 2)
        if (entry->element[j]->type == REDIS_REPLY_STRING &&
            entry->element[j + 1]->type == REDIS_REPLY_STRING &&
            strcmp(entry->element[j]->str, name) == 0)
            return entry->element[j + 1]->str;
    return NULL;
}

static bool
replica_up(const redisReply *entry)
{
    const char *flags = entry_field(entry, "flags");
    return entry_field(entry, "ip") && entry_field(entry, "port") && flags &&
           !strstr(flags, "s_down") && !strstr(flags, "o_down") && !strstr(flags, "disconnected");
}

/* SENTINEL replicas (SENTINEL slaves before Redis 5) on an authenticated Sentinel connection:
 * the reply, or NULL. */
static redisReply *
sentinel_replicas(struct conn *c, const char *group)
{
    const char *q1[] = {"SENTINEL", "replicas", group}, *q2[] = {"SENTINEL", "slaves", group};
    redisReply *r = command(c, 3, q1);
    if (r && r->type == REDIS_REPLY_ERROR) {
        freeReplyObject(r);
        r = command(c, 3, q2);
    }
    if (r && r->type != REDIS_REPLY_ARRAY) {
        freeReplyObject(r);
        r = NULL;
    }
    return r;
}

/* How many replicas of the group the Sentinel knows up; -1 when it does not say. */
static long
up_replicas(struct conn *c, const char *group)
{
    redisReply *r = sentinel_replicas(c, group);
    long n = 0;
    size_t k;
    if (!r)
        return -1;
    for (k = 0; k < r->elements; k++)
        n += replica_up(r->element[k]);
    freeReplyObject(r);
    return n;
}

/* Asks one Sentinel for the group's master and its own id. Runs on a thread of its own: it
 * touches only *ans. */
static void
ask_sentinel(struct probe *p, const struct rlint_endpoint *e, size_t i, struct sentinel_answer *ans)
{
    const char *get[] = {"SENTINEL", "get-master-addr-by-name", e->group};
    const char *myid[] = {"SENTINEL", "myid"};
    char code[64];
    redisReply *r;
    struct conn c;
    struct conn_tls tls;
    int a;

    memset(&c, 0, sizeof(c));
    c.fd = -1;
    if (!e->sentinels[i].port || conn_open(&c, e->sentinels[i].host, e->sentinels[i].port,
                                           p->opts->timeout_ms, endpoint_tls(e, &tls)) != CONN_OK) {
        /* a copy: conn_status_text() may point into c, gone when this returns */
        snprintf(ans->why, sizeof(ans->why), "%s",
                 e->sentinels[i].port ? conn_status_text(&c) : "port out of range");
        goto out;
    }
    a = authenticate(&c, e->sentinel_username, e->sentinel_password, ans->code, sizeof(ans->code));
    if (a == 0) {
        ans->auth_failed = true;
        snprintf(ans->why, sizeof(ans->why), "rejects the sentinel credentials");
        goto out;
    }
    if (a < 0 || !(r = command(&c, 3, get))) {
        snprintf(ans->why, sizeof(ans->why), "%s",
                 c.status == CONN_TIMEOUT ? "no answer within --probe-timeout"
                                          : conn_status_text(&c));
        goto out;
    }
    if (r->type == REDIS_REPLY_ERROR) {
        error_code(r, code, sizeof(code));
        ans->noauth = ans->auth_failed = strcmp(code, "NOAUTH") == 0;
        snprintf(ans->why, sizeof(ans->why), "%s",
                 ans->noauth ? "requires a password, none is sent"
                             : "answers an error to SENTINEL");
        freeReplyObject(r);
        goto out;
    }
    ans->answered = true;
    if (r->type == REDIS_REPLY_ARRAY && r->elements == 2 &&
        r->element[0]->type == REDIS_REPLY_STRING && r->element[1]->type == REDIS_REPLY_STRING) {
        ans->ip = format("%s", r->element[0]->str);
        ans->known = ans->ip != NULL;
        ans->nomem |= !ans->ip;
        ans->port = (unsigned)strtoul(r->element[1]->str, NULL, 10);
    }
    freeReplyObject(r);
    if ((r = command(&c, 2, myid))) {
        if (r->type == REDIS_REPLY_STRING) {
            ans->myid = format("%s", r->str);
            ans->nomem |= !ans->myid;
        }
        freeReplyObject(r);
    }
out:
    conn_close(&c);
}

/* The Sentinels the asked one knows for the group (SENTINEL sentinels) whose run id is none
 * of the listed Sentinels': failover still counts them, the components cannot ask them. */
static void
check_unlisted(struct group *g, const struct rlint_endpoint *e, struct conn *c,
               const struct sentinel_answer *ans)
{
    const char *q[] = {"SENTINEL", "sentinels", e->group};
    size_t i, k, unlisted = 0, known;
    redisReply *r;

    for (i = 0; i < e->nsentinels; i++)
        if (!ans[i].answered || !ans[i].myid)
            return; /* a listed Sentinel we could not identify may be any of them */
    if (!(r = command(c, 3, q)))
        return;
    known = r->type == REDIS_REPLY_ARRAY ? r->elements : 0;
    for (k = 0; k < known; k++) {
        const char *id = entry_field(r->element[k], "runid");
        bool listed = false;
        for (i = 0; id && i < e->nsentinels && !listed; i++)
            listed = strcmp(ans[i].myid, id) == 0;
        unlisted += id && !listed;
    }
    freeReplyObject(r);
    /* no address in the message: messages name Sentinels by their index in the list only */
    if (unlisted)
        add_pending(g, RLINT_ENDPOINT_KEY_SENTINELS, "RLINT114", RLINT_SEVERITY_WARNING,
                    format("%s database: the Sentinels know %zu Sentinel%s of the group the "
                           "list does not name (SENTINEL sentinels): failover counts %s, but "
                           "the components cannot fall back to %s when the listed ones are "
                           "down",
                           e->database, unlisted, unlisted == 1 ? "" : "s",
                           unlisted == 1 ? "it" : "them", unlisted == 1 ? "it" : "them"),
                    NULL);
}

/* On the first Sentinel that knows the group: ckquorum, replicas up, Sentinels not listed. */
static void
check_group(struct probe *p, struct group *g, size_t first, const struct sentinel_answer *ans)
{
    const struct rlint_endpoint *e = rlint_ctx_endpoint_at(p->ctx, g->first);
    const char *ckq[] = {"SENTINEL", "ckquorum", e->group};
    char code[64], text[200];
    redisReply *r;
    struct conn c;
    struct conn_tls tls;

    if (conn_open(&c, e->sentinels[first].host, e->sentinels[first].port, p->opts->timeout_ms,
                  endpoint_tls(e, &tls)) != CONN_OK ||
        authenticate(&c, e->sentinel_username, e->sentinel_password, code, sizeof(code)) != 1)
        goto out;
    if ((r = command(&c, 3, ckq))) {
        if (r->type == REDIS_REPLY_ERROR)
            report(p, g, RLINT_ENDPOINT_KEY_SENTINELS, "RLINT104", RLINT_SEVERITY_ERROR,
                   "%s database: SENTINEL ckquorum fails for the group: %s", e->database,
                   error_text(r, text, sizeof(text)));
        freeReplyObject(r);
    }
    if (up_replicas(&c, e->group) == 0)
        report(p, g, RLINT_ENDPOINT_KEY_SENTINELS, "RLINT112", RLINT_SEVERITY_WARNING,
               "%s database: the Sentinels know no replica of the group that is up: when "
               "the master fails, there is nothing to fail over to",
               e->database);
    check_unlisted(g, e, &c, ans);
out:
    conn_close(&c);
}

#define SENTINEL_THREADS 16 /* Sentinels of one list asked at once */

struct ask {
    struct probe *p;
    const struct rlint_endpoint *e;
    size_t i;
    struct sentinel_answer *ans;
    pthread_t thread;
    bool started;
};

static void *
ask_thread(void *arg)
{
    struct ask *a = arg;
    ask_sentinel(a->p, a->e, a->i, a->ans);
    return NULL;
}

/* Asks every Sentinel of the list, SENTINEL_THREADS at a time; without a thread, in this one. */
static void
ask_all(struct probe *p, const struct rlint_endpoint *e, struct sentinel_answer *ans)
{
    struct ask asks[SENTINEL_THREADS];
    size_t base, k, n;
    for (base = 0; base < e->nsentinels; base += n) {
        n = e->nsentinels - base < SENTINEL_THREADS ? e->nsentinels - base : SENTINEL_THREADS;
        for (k = 0; k < n; k++) {
            asks[k] = (struct ask){.p = p, .e = e, .i = base + k, .ans = &ans[base + k]};
            asks[k].started = pthread_create(&asks[k].thread, NULL, ask_thread, &asks[k]) == 0;
            if (!asks[k].started)
                ask_sentinel(p, e, base + k, &ans[base + k]);
        }
        for (k = 0; k < n; k++)
            if (asks[k].started)
                pthread_join(asks[k].thread, NULL);
    }
}

/* A replica of the group that is up, from SENTINEL replicas. */
static bool
find_replica(struct probe *p, const struct rlint_endpoint *e, size_t i, char **ip, unsigned *port)
{
    redisReply *r = NULL;
    struct conn c;
    char code[64];
    size_t k;
    bool found = false;
    struct conn_tls tls;

    if (conn_open(&c, e->sentinels[i].host, e->sentinels[i].port, p->opts->timeout_ms,
                  endpoint_tls(e, &tls)) != CONN_OK ||
        authenticate(&c, e->sentinel_username, e->sentinel_password, code, sizeof(code)) != 1)
        goto out;
    r = sentinel_replicas(&c, e->group);
    for (k = 0; r && k < r->elements && !found; k++) {
        if (!replica_up(r->element[k]))
            continue;
        *ip = format("%s", entry_field(r->element[k], "ip"));
        *port = (unsigned)strtoul(entry_field(r->element[k], "port"), NULL, 10);
        found = *ip != NULL;
    }
out:
    if (r)
        freeReplyObject(r);
    conn_close(&c);
    return found;
}

static void
probe_sentinels(struct probe *p, struct group *g)
{
    const struct rlint_endpoint *e = rlint_ctx_endpoint_at(p->ctx, g->first);
    struct sentinel_answer *ans = calloc(e->nsentinels, sizeof(*ans));
    size_t i, answered = 0, known = 0, first = 0, auth = 0, noauth = 0, agree = 0, down;

    if (!ans) {
        g->nomem = true;
        return;
    }
    ask_all(p, e, ans);
    for (i = 0; i < e->nsentinels; i++) {
        g->nomem |= ans[i].nomem;
        answered += ans[i].answered;
        auth += ans[i].auth_failed;
        noauth += ans[i].noauth;
        if (ans[i].known && known++ == 0)
            first = i;
    }
    /* credentials: one finding for the list, the first refusal's code */
    for (i = 0; i < e->nsentinels && !ans[i].auth_failed; i++)
        ;
    if (auth && noauth == auth)
        report(p, g, RLINT_ENDPOINT_KEY_SENTINELS, "RLINT101", RLINT_SEVERITY_ERROR,
               "%s database: %zu of the %zu Sentinels require a password and the components "
               "send none",
               e->database, auth, e->nsentinels);
    else if (auth)
        report(p, g, RLINT_ENDPOINT_KEY_SENTINELS, "RLINT101", RLINT_SEVERITY_ERROR,
               "%s database: %zu of the %zu Sentinels reject the sentinel credentials the "
               "components send (Sentinel %zu: %s)",
               e->database, auth, e->nsentinels, i + 1, ans[i].noauth ? "NOAUTH" : ans[i].code);
    /* the Sentinels that failed for another reason than credentials */
    down = e->nsentinels - answered - auth;
    for (i = 0; i < e->nsentinels && (ans[i].answered || ans[i].auth_failed); i++)
        ;
    if (answered == 0) {
        if (down)
            report(p, g, RLINT_ENDPOINT_KEY_SENTINELS, "RLINT100", RLINT_SEVERITY_ERROR,
                   "%s database: none of the %zu Sentinels answers (Sentinel %zu: %s)", e->database,
                   e->nsentinels, i + 1, ans[i].why[0] ? ans[i].why : "no answer");
        goto out;
    }
    if (down)
        report(p, g, RLINT_ENDPOINT_KEY_SENTINELS, "RLINT103", RLINT_SEVERITY_WARNING,
               "%s database: %zu of the %zu Sentinels do not answer (Sentinel %zu: %s); the "
               "components fail over only through the others",
               e->database, down, e->nsentinels, i + 1, ans[i].why[0] ? ans[i].why : "no answer");
    if (known == 0) {
        report(p, g, RLINT_ENDPOINT_KEY_URL, "RLINT102", RLINT_SEVERITY_ERROR,
               "%s database: the Sentinels do not know the master group name the URL gives "
               "(SENTINEL get-master-addr-by-name answers nil)",
               e->database);
        goto out;
    }
    check_group(p, g, first, ans);
    for (i = 0; i < e->nsentinels; i++)
        agree +=
            ans[i].known && ans[i].port == ans[first].port && strcmp(ans[i].ip, ans[first].ip) == 0;
    if (agree < answered)
        report(p, g, RLINT_ENDPOINT_KEY_SENTINELS, "RLINT105", RLINT_SEVERITY_ERROR,
               "%s database: the Sentinels do not agree on the group's master: %zu of the %zu "
               "that answer name the master Sentinel %zu names",
               e->database, agree, answered, first + 1);
    if (strcmp(e->role, "master") == 0) {
        probe_server(p, g, ans[first].ip, ans[first].port, "master", true);
    } else {
        char *ip = NULL;
        unsigned port = 0;
        if (find_replica(p, e, first, &ip, &port))
            probe_server(p, g, ip, port, "slave", true);
        else
            report(p, g, RLINT_ENDPOINT_KEY_SENTINELS, "RLINT100", RLINT_SEVERITY_ERROR,
                   "%s database: the components ask for a replica (role %s) and the Sentinels "
                   "know none that is up",
                   e->database, e->role);
        free(ip);
    }
out:
    for (i = 0; i < e->nsentinels; i++) {
        free(ans[i].ip);
        free(ans[i].myid);
    }
    free(ans);
}

static char *
join_components(struct rlint_ctx *ctx, const size_t *members, size_t n)
{
    size_t i, len = 1;
    char *s;
    for (i = 0; i < n; i++)
        len += strlen(rlint_ctx_endpoint_at(ctx, members[i])->component) + 2;
    s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (i = 0; i < n; i++) {
        if (i)
            strcat(s, ", ");
        strcat(s, rlint_ctx_endpoint_at(ctx, members[i])->component);
    }
    return s;
}

struct pool {
    struct probe *p;
    struct group *groups;
    size_t n, next;
    pthread_mutex_t lock;
};

static void *
worker(void *arg)
{
    struct pool *pool = arg;
    for (;;) {
        struct group *g;
        const struct rlint_endpoint *e;
        pthread_mutex_lock(&pool->lock);
        g = pool->next < pool->n ? &pool->groups[pool->next++] : NULL;
        pthread_mutex_unlock(&pool->lock);
        if (!g)
            return NULL;
        e = rlint_ctx_endpoint_at(pool->p->ctx, g->first);
        if (e->nsentinels)
            probe_sentinels(pool->p, g);
        else
            probe_server(pool->p, g, e->host, e->port, "master", false);
    }
}

/* Probes every group, PROBE_THREADS at a time; with no thread to be had, in this one. */
static void
run_groups(struct probe *p, struct group *groups, size_t n)
{
    struct pool pool = {.p = p, .groups = groups, .n = n};
    pthread_t threads[PROBE_THREADS];
    size_t started = 0, i;

    pthread_mutex_init(&pool.lock, NULL);
    while (started < PROBE_THREADS && started < n &&
           pthread_create(&threads[started], NULL, worker, &pool) == 0)
        started++;
    worker(&pool); /* this thread helps, and finishes the work if no thread started */
    for (i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_destroy(&pool.lock);
}

int
probe_init(void)
{
    struct probe_dl_error err;

    if (probe_dl_load(&err) < 0) {
        errorf("--probe needs %s (Debian package %s), which cannot be loaded: %s", err.soname,
               err.package, err.why);
        return EXIT_OPERATIONAL;
    }
    return EXIT_OK;
}

int
probe_run(struct rlint_ctx *ctx, const struct probe_options *opts, struct run_summary *sum)
{
    size_t n = rlint_ctx_endpoint_count(ctx), i, j, k, ngroups = 0;
    size_t *members = malloc((n ? n : 1) * sizeof(*members));
    bool *done = calloc(n ? n : 1, sizeof(*done));
    struct group *groups = calloc(n ? n : 1, sizeof(*groups));
    struct probe p = {.ctx = ctx, .opts = opts};
    bool nomem = false;

    /* the credentials are in this process's memory from here on (and were before, in the
     * Secrets): no core dump, and no ptrace by other users' processes */
    setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    sum->probes = calloc(n ? n : 1, sizeof(*sum->probes));
    if (!members || !done || !groups || !sum->probes) {
        nomem = true;
        goto out;
    }
    for (i = 0; i < n; i++) {
        const struct rlint_endpoint *e = rlint_ctx_endpoint_at(ctx, i);
        struct probe_summary *out = &sum->probes[ngroups];
        struct group *g = &groups[ngroups];
        size_t m = 0;
        if (done[i])
            continue;
        for (j = i; j < n; j++)
            if (!done[j] && same_target(e, rlint_ctx_endpoint_at(ctx, j))) {
                done[j] = true;
                members[m++] = j;
            }
        g->first = i;
        g->out = out;
        for (k = 0; k < m; k++) {
            const char *comp = rlint_ctx_endpoint_at(ctx, members[k])->component;
            for (j = 0; j < 3; j++)
                if (strcmp(comp, reader_bit_names[j]) == 0)
                    g->readers |= 1u << j;
        }
        for (j = 0; j < n; j++) {
            const struct rlint_endpoint *o = rlint_ctx_endpoint_at(ctx, j);
            if (strcmp(o->component, "backend (async)") == 0 &&
                strcmp(o->database, e->database) == 0 && same_str(o->namespace_, e->namespace_))
                g->async_mode = true;
        }
        g->components = join_components(ctx, members, m);
        if (!g->components) {
            nomem = true;
            goto out;
        }
        ngroups++;
        out->database = e->database;
        out->namespace_ = e->namespace_;
        out->key = e->nsentinels ? e->sentinels_key : e->url_key;
        out->components = g->components; /* the summary frees it */
        out->via_sentinels = e->nsentinels > 0;
        out->latency_us = -1;
    }
    run_groups(&p, groups, ngroups);
    /* the findings, in the order of the endpoints, now that no thread runs */
    for (i = 0; i < ngroups; i++) {
        struct group *g = &groups[i];
        nomem |= g->nomem;
        for (k = 0; k < g->npending; k++) {
            struct pending *f = &g->pending[k];
            if (!nomem && rlint_ctx_report_endpoint(ctx, g->first, f->at, f->rule, f->severity,
                                                    f->component ? f->component : g->components,
                                                    f->message) == RLINT_ENOMEM)
                nomem = true;
            free(f->message);
            free(f->component);
        }
        free(g->pending);
    }
out:
    sum->nprobes = ngroups;
    sum->probed = true;
    free(members);
    free(done);
    free(groups);
    if (nomem) {
        errorf("out of memory");
        return EXIT_OPERATIONAL;
    }
    return EXIT_OK;
}
