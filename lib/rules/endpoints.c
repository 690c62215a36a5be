/* endpoints.c - the endpoints each component connects to (public rlint_ctx_endpoint_*()), from
 * the per-database readings (dbstate.c); findings about them come back through
 * rlint_ctx_report_endpoint() (rs.c).
 * Pure: --probe's network part is in cmd/probe/. */
#include "endpoints.h"

#include <stdlib.h>
#include <string.h>

#include "dbstate.h"
#include "profile.h"
#include "util.h"
#include "wipe.h"
#include "banned.h"

static const enum reader app_readers[] = {READER_BACKEND_SYNC, READER_BACKEND_ASYNC, READER_SYSTEM};

static bool
key_set(const struct secret_entry *e)
{
    return entry_usable(e) && !value_blank(e->value, e->len);
}

/* The credential of that role reader r sends to the server (facts §3.2 item 6, §3.4, §4.2
 * item 6; the same choice as rules-credentials.c): the *_USERNAME or *_PASSWORD key when the
 * client lets it win or the URL gives none, else the URL's. */
static const char *
server_credential(const struct db_state *st, enum reader r, enum key_role role)
{
    const struct url_reading *u = &st->url_r[r];
    const char *from_url = role == KEY_USERNAME ? u->username : u->password;
    const struct secret_entry *key = install_key(st->in, st->db, role);
    if (install_reads(st->in, r, st->db, role) && key_set(key) &&
        (client_credential_keys_win(install_client(st->in, r)) || !from_url))
        return key->value;
    return from_url;
}

/* The sentinel credential of that role: the list's entries win (facts §3.3, §4.2 item 3,
 * §5), else the *_SENTINEL_* key when the component reads it. */
static const char *
sentinel_credential(const struct db_state *st, enum reader r, enum key_role role)
{
    const struct sentinel_reading *h = &st->hosts_r[r];
    const struct secret_entry *key = install_key(st->in, st->db, role);
    if (h->password || h->username)
        return role == KEY_SENTINEL_USERNAME ? h->username : h->password;
    if (install_reads(st->in, r, st->db, role) && key_set(key))
        return key->value;
    return NULL;
}

static const char *
tls_material(const struct db_state *st, enum key_role role)
{
    const struct secret_entry *key = install_key(st->in, st->db, role);
    return key_set(key) ? key->value : NULL;
}

static const char *
role_name(const struct db_state *st, enum reader r, bool sentinels)
{
    struct read_env env = {.client = install_client(st->in, r), .tls_flag = st->tls_flag};
    struct role_reading rr;
    if (!sentinels || !st->reads_role[r] || !entry_usable(st->role) ||
        value_blank(st->role->value, st->role->len))
        return "master";
    env.sentinels = true;
    role_read(&rr, r, &env, st->role->value, st->role->len);
    if (rr.status != READ_OK || rr.ignored)
        return "master";
    return rr.role == ROLE_SLAVE ? "slave" : rr.role == ROLE_REPLICA ? "replica" : "master";
}

static void
endpoint_release(struct endpoint *e)
{
    size_t i;
    free((char *)e->pub.host);
    free((char *)e->pub.group);
    for (i = 0; i < e->pub.nsentinels; i++)
        free((char *)e->addrs[i].host);
    free(e->addrs);
    wipe_free((char *)e->pub.username);
    wipe_free((char *)e->pub.password);
    wipe_free((char *)e->pub.sentinel_username);
    wipe_free((char *)e->pub.sentinel_password);
    free((char *)e->pub.tls_ca);
    free((char *)e->pub.tls_cert);
    wipe_free((char *)e->pub.tls_key);
}

/* strdup that keeps NULL as NULL; *ok turns false on allocation failure */
static const char *
dup_or_null(const char *s, bool *ok)
{
    char *d;
    if (!s)
        return NULL;
    d = xstrdup(s);
    if (!d)
        *ok = false;
    return d;
}

static int
add_endpoint(struct rules *rs, const struct db_state *st, enum reader r)
{
    const struct url_reading *u = &st->url_r[r];
    size_t n = db_state_sentinels(st, r), i;
    struct endpoint e;
    bool ok = true;

    memset(&e, 0, sizeof(e));
    e.secret = st->secret;
    e.url_e = st->url;
    e.hosts_e = n ? st->hosts : NULL;
    e.pub.database = db_label(st->db);
    e.pub.component = reader_name(r);
    e.pub.namespace_ = st->in->namespace_;
    e.pub.db = u->db;
    e.pub.tls = u->tls ? 1 : 0;
    e.pub.url_key = st->url ? st->url->key : NULL;
    e.pub.sentinels_key = n ? st->hosts->key : NULL;
    e.pub.role = role_name(st, r, n > 0);
    if (st->in->profile)
        e.pub.redis_min_version = st->in->profile->redis_min[strcmp(e.pub.database, "system") == 0];
    e.pub.username = dup_or_null(server_credential(st, r, KEY_USERNAME), &ok);
    e.pub.password = dup_or_null(server_credential(st, r, KEY_PASSWORD), &ok);
    if (e.pub.tls) {
        /* mounted as files by the operator (facts §1.1, §2.2), not read from env */
        e.pub.tls_ca = dup_or_null(tls_material(st, KEY_TLS_CA), &ok);
        e.pub.tls_cert = dup_or_null(tls_material(st, KEY_TLS_CERT), &ok);
        e.pub.tls_key = dup_or_null(tls_material(st, KEY_TLS_KEY), &ok);
    }
    if (n) {
        e.pub.group = dup_or_null(u->host, &ok);
        e.pub.sentinel_username =
            dup_or_null(sentinel_credential(st, r, KEY_SENTINEL_USERNAME), &ok);
        e.pub.sentinel_password =
            dup_or_null(sentinel_credential(st, r, KEY_SENTINEL_PASSWORD), &ok);
        e.addrs = calloc(n, sizeof(*e.addrs));
        if (!e.addrs)
            ok = false;
        for (i = 0; ok && i < n; i++) {
            e.addrs[i].host = dup_or_null(st->hosts_r[r].addrs[i].host, &ok);
            /* a port above 65535 cannot be dialled; 0 tells the prober so */
            e.addrs[i].port =
                st->hosts_r[r].addrs[i].port <= 65535 ? (unsigned)st->hosts_r[r].addrs[i].port : 0;
            e.pub.nsentinels = i + 1;
        }
        e.pub.sentinels = e.addrs;
    } else {
        e.pub.host = dup_or_null(u->host, &ok);
        e.pub.port = u->port <= 65535 ? u->port : 0;
    }
    if (!ok || grow_array(&rs->endpoints, &rs->endpoints_cap, rs->nendpoints + 1,
                          sizeof(*rs->endpoints)) < 0) {
        endpoint_release(&e);
        return RLINT_ENOMEM;
    }
    rs->endpoints[rs->nendpoints++] = e;
    return 0;
}

int
endpoints_collect(struct rules *rs, const struct db_state *st)
{
    size_t i;
    int rc;
    /* a view's endpoints (model->whole set: one namespace checked early) would be released
     * unread: --probe, their one reader, checks with the namespace window off */
    if (!st->secret || !st->url_read || rs->model->whole)
        return 0;
    for (i = 0; i < ARRAY_SIZE(app_readers); i++) {
        enum reader r = app_readers[i];
        const struct url_reading *u = &st->url_r[r];
        if (!st->reads_url[r] || u->status != READ_OK || !u->host || u->scheme == URL_SCHEME_UNIX)
            continue;
        /* a component failing on its sentinel list is a finding already */
        if (st->hosts_read && st->reads_hosts[r] && st->hosts_r[r].status == READ_FAIL)
            continue;
        if ((rc = add_endpoint(rs, st, r)) < 0)
            return rc;
    }
    return 0;
}

void
endpoints_release(struct rules *rs)
{
    size_t i;
    for (i = 0; i < rs->nendpoints; i++)
        endpoint_release(&rs->endpoints[i]);
    free(rs->endpoints);
    rs->endpoints = NULL;
    rs->nendpoints = rs->endpoints_cap = 0;
}
