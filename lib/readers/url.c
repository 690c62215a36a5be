/* url.c - how each component reads a Redis URL (facts §3.2-§3.4, §4.1-§4.2, §5, App. B):
 * where it connects (host, port, db, credentials, TLS) or why it fails. */
#include "readers.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <rlint/rlint.h>

#include "uri.h"
#include "util.h"

#include "banned.h"

#define DEFAULT_PORT 6379

/* How a client library takes the credentials out of the URL userinfo. */
enum creds {
    CREDS_REDIS_CLIENT, /* redis-client URLConfig: password decode_www_form_component'd, the
                           user alone is the password, username only beside a password */
    CREDS_REDIS_RB4,    /* redis-rb 4: CGI.unescape(password), no username (no ACL) */
    CREDS_ASYNC,        /* apisonator async: [user, password] raw, blanks removed */
    CREDS_GO,           /* Go url.User: both percent-decoded */
};

static int
fail(struct url_reading *out, enum url_fail why)
{
    out->status = READ_FAIL;
    out->fail = why;
    return 0;
}

static int
copy_str(char **dst, const char *p, size_t len)
{
    *dst = xstrndup(p, len);
    return *dst ? 0 : RLINT_ENOMEM;
}

static int
copy_decoded(char **dst, struct uri_part part, enum uri_decode_mode mode)
{
    *dst = uri_decode(part, mode);
    return *dst ? 0 : RLINT_ENOMEM;
}

static enum url_scheme
scheme_of(const struct uri *u)
{
    if (!u->scheme.p)
        return URL_SCHEME_NONE;
    if (uri_scheme_is(u, "redis"))
        return URL_SCHEME_REDIS;
    if (uri_scheme_is(u, "rediss"))
        return URL_SCHEME_REDISS;
    if (uri_scheme_is(u, "unix"))
        return URL_SCHEME_UNIX;
    return URL_SCHEME_OTHER;
}

static bool
has_host(const struct uri *u)
{
    return u->host.p && u->host.len > 0;
}

/* The component's TLS: a rediss:// URL, or the *_SSL env the operator sets from the
 * APIManager TLS flag. */
static bool
uses_tls(const struct uri *u, const struct read_env *env)
{
    return uri_scheme_is(u, "rediss") || env->tls_flag == 1;
}

/* Host and port of a TCP connection; an absent or empty host is the client's default. The
 * port is what the parser took, in range or not: connect() refuses it later (rules-url.c). */
static int
fill_address(struct url_reading *out, const struct uri *u, unsigned long default_port)
{
    unsigned long port = default_port;

    if (u->port.p && u->port.len > 0)
        port = uri_port_value(u->port);
    out->port = port > UINT_MAX ? UINT_MAX : (unsigned)port;
    if (has_host(u))
        return copy_str(&out->host, u->host.p, u->host.len);
    return copy_str(&out->host, "localhost", 9);
}

static int
fill_creds(struct url_reading *out, const struct uri *u, enum creds how)
{
    /* Ruby makes an empty userinfo ("redis://@h") nil */
    bool user = u->userinfo.p && u->userinfo.len > 0 && (how != CREDS_GO || u->user.len > 0);
    bool pass = u->password.p != NULL;
    int rc = 0;

    if (!u->userinfo.p || (how != CREDS_GO && u->userinfo.len == 0))
        return 0;
    switch (how) {
    case CREDS_REDIS_CLIENT:
        if (pass) {
            rc = copy_decoded(&out->password, u->password, URI_DECODE_FORM);
            if (rc == 0 && u->user.len > 0)
                rc = copy_str(&out->username, u->user.p, u->user.len);
        } else {
            rc = copy_decoded(&out->password, u->user, URI_DECODE_FORM);
        }
        break;
    case CREDS_REDIS_RB4:
        if (pass)
            rc = copy_decoded(&out->password, u->password, URI_DECODE_FORM);
        break;
    case CREDS_ASYNC:
        user = u->user.len > 0;
        pass = pass && u->password.len > 0;
        if (user && pass) {
            rc = copy_str(&out->username, u->user.p, u->user.len);
            if (rc == 0)
                rc = copy_str(&out->password, u->password.p, u->password.len);
        } else if (pass) {
            rc = copy_str(&out->password, u->password.p, u->password.len);
        } else if (user) {
            /* AUTH with a single argument: the user part is sent as the password */
            rc = copy_str(&out->password, u->user.p, u->user.len);
        }
        break;
    case CREDS_GO:
        /* go-redis authenticates (HELLO AUTH / AUTH) only with a non-empty password */
        if (!pass || u->password.len == 0)
            break;
        rc = copy_decoded(&out->password, u->password, URI_DECODE_STRICT);
        if (rc == 0 && user)
            rc = copy_decoded(&out->username, u->user, URI_DECODE_STRICT);
        break;
    }
    return rc;
}

/* redis-client URLConfig#db: "?db=N" from the query, when the path gives none. Returns 1
 * when there is none, 0 with *db set, 2 when Integer() refuses it (not -1, which is
 * RLINT_ENOMEM), or RLINT_ENOMEM. */
static int
query_db(const struct uri *u, long *db)
{
    const char *q = u->query.p;
    size_t len = u->query.len, i = 0;

    if (!q)
        return 1;
    while (i < len) {
        size_t end = i, eq;
        while (end < len && q[end] != '&')
            end++;
        for (eq = i; eq < end && q[eq] != '='; eq++)
            ;
        if (eq - i == 2 && memcmp(q + i, "db", 2) == 0 && eq < end && end > eq + 1) {
            struct uri_part v = {q + eq + 1, end - eq - 1};
            char *s = uri_decode(v, URI_DECODE_FORM);
            bool ok;
            if (!s)
                return RLINT_ENOMEM;
            ok = rb_integer(s, strlen(s), db);
            free(s);
            return ok ? 0 : 2;
        }
        i = end + 1;
    }
    return 1;
}

/* Integer() of the path after its '/', or of "?db=", as redis-client reads it. */
static int
redis_client_db(struct url_reading *out, const struct uri *u, bool slash_is_empty)
{
    struct uri_part p = u->path;
    int rc;

    if (p.p && p.len > 0) {
        if (p.len == 1 && slash_is_empty)
            return fail(out, URL_FAIL_DB_EMPTY); /* porta passes db: "" */
        if (p.len > 1) {
            if (!rb_integer(p.p + 1, p.len - 1, &out->db))
                return fail(out, URL_FAIL_DB_INVALID);
            return 0;
        }
    }
    rc = query_db(u, &out->db);
    if (rc < 0)
        return rc;
    if (rc == 2)
        return fail(out, URL_FAIL_DB_INVALID);
    return 0;
}

/* The master group name with sentinels: the URL host. */
static int
sentinel_group(struct url_reading *out, const struct uri *u)
{
    if (uri_scheme_is(u, "unix"))
        return fail(out, URL_FAIL_UNIX_SENTINEL);
    if (!has_host(u))
        return fail(out, URL_FAIL_SENTINEL_NO_HOST);
    return 0;
}

/* What a Ruby redis client does with a parsed URL: redis-client (modern) or redis-rb 4. */
static int
ruby_client(struct url_reading *out, const struct read_env *env, const struct uri *u,
            bool modern, bool porta)
{
    int rc;

    out->scheme = scheme_of(u);
    if (out->scheme != URL_SCHEME_REDIS && out->scheme != URL_SCHEME_REDISS &&
        out->scheme != URL_SCHEME_UNIX)
        return fail(out, URL_FAIL_UNKNOWN_SCHEME);
    out->tls = uses_tls(u, env);
    if (env->sentinels) {
        sentinel_group(out, u);
        if (out->status == READ_FAIL)
            return 0;
    }
    if (out->scheme == URL_SCHEME_UNIX) {
        /* the socket path is taken as :path; db and credentials come from other options */
        out->status = READ_OK;
        out->port = 0;
        return 0;
    }
    if (modern) {
        if ((rc = redis_client_db(out, u, porta)) != 0 || out->status == READ_FAIL)
            return rc;
    } else if (u->path.p && u->path.len > 1) {
        out->db = rb_to_i(u->path.p + 1, u->path.len - 1);
    }
    /* a negative database is sent as SELECT on every connection, which Redis refuses
     * (facts Appendix C, C8) */
    if (out->db < 0)
        return fail(out, URL_FAIL_DB_INVALID);
    if ((rc = fill_address(out, u, DEFAULT_PORT)) != 0)
        return rc;
    if ((rc = fill_creds(out, u, modern ? CREDS_REDIS_CLIENT : CREDS_REDIS_RB4)) != 0)
        return rc;
    out->status = READ_OK;
    return 0;
}

static int
read_sync(struct url_reading *out, const struct read_env *env, const char *value, size_t len)
{
    struct uri u;
    char *owned;
    int rc;

    if (rb_blank(value, len))
        return fail(out, URL_FAIL_EMPTY); /* Storage::UnspecifiedURI */
    rc = apisonator_uri(&u, &owned, value, len);
    if (rc < 0)
        return RLINT_ENOMEM;
    if (rc > 0)
        return fail(out, URL_FAIL_INVALID_URI);
    rc = ruby_client(out, env, &u, env->client == CLIENT_REDIS_CLIENT, false);
    wipe_free(owned);
    return rc;
}

static int
read_async(struct url_reading *out, const struct read_env *env, const char *value, size_t len)
{
    struct uri u;
    char *owned;
    int rc;

    if (rb_blank(value, len)) {
        /* an empty URL is not refused: the client silently goes to its default */
        out->status = READ_OK;
        out->scheme = URL_SCHEME_NONE;
        out->tls = env->tls_flag == 1;
        return copy_str(&out->host, "localhost", 9);
    }
    rc = apisonator_uri(&u, &owned, value, len);
    if (rc < 0)
        return RLINT_ENOMEM;
    if (rc > 0)
        return fail(out, URL_FAIL_INVALID_URI);
    out->scheme = scheme_of(&u);
    out->tls = uses_tls(&u, env);
    rc = 0;
    if (out->scheme == URL_SCHEME_UNIX) {
        if (env->sentinels)
            fail(out, URL_FAIL_UNIX_SENTINEL);
        else
            out->status = READ_OK;
        out->port = 0;
        goto out;
    }
    if (env->sentinels && !has_host(&u)) {
        fail(out, URL_FAIL_SENTINEL_NO_HOST);
        goto out;
    }
    /* database = uri.path[1..-1], sent as SELECT when not nil: "" for a bare '/'.
     * When the value had a "scheme://" that URI.parse refused (a raw '@', '#', '/' or '?' in
     * the password), the retry turns the scheme into the host: the client dials that host
     * ("redis") first, so the reading is that misroute, not the SELECT of the mangled rest
     * (facts §3.2 item 7, App. B "raw @ in the URL password": async DIFF). */
    if (owned && mem_find(value, len, "://")) {
        out->db = 0;
    } else if (u.path.len == 1) {
        fail(out, URL_FAIL_DB_EMPTY);
        goto out;
    } else if (u.path.len > 1 && !redis_select_arg(u.path.p + 1, u.path.len - 1, &out->db)) {
        fail(out, URL_FAIL_DB_INVALID);
        goto out;
    }
    /* the async client checks no scheme: any other one is plain TCP */
    if ((rc = fill_address(out, &u, rb_default_port(&u) ? rb_default_port(&u) : DEFAULT_PORT)))
        goto out;
    if ((rc = fill_creds(out, &u, CREDS_ASYNC)))
        goto out;
    out->status = READ_OK;
out:
    wipe_free(owned);
    return rc;
}

static int
read_system(struct url_reading *out, const struct read_env *env, const char *value, size_t len)
{
    struct uri u;
    char *text;
    size_t tlen;
    int rc;

    rc = porta_yaml_dq(&text, &tlen, value, len);
    if (rc < 0)
        return RLINT_ENOMEM;
    if (rc == YAML_DQ_QUOTE)
        return fail(out, URL_FAIL_YAML_QUOTE);
    if (rc == YAML_DQ_ESCAPE)
        return fail(out, URL_FAIL_YAML_ESCAPE);
    if (rb_blank(text, tlen)) {
        fail(out, URL_FAIL_EMPTY);
    } else if (uri_parse_ruby(&u, text, tlen) < 0) {
        fail(out, URL_FAIL_INVALID_URI);
    } else if (!u.scheme.p || !u.path.p) {
        /* "host:6379/0" parses with scheme "host" and no path: uri.path[1..] raises */
        fail(out, URL_FAIL_NO_SCHEME);
    } else {
        rc = ruby_client(out, env, &u, env->client == CLIENT_REDIS_CLIENT, true);
    }
    wipe(text, tlen);
    free(text);
    return rc;
}

static int
read_operator(struct url_reading *out, const struct read_env *env, const char *value,
              size_t len)
{
    if (len == 0)
        return fail(out, URL_FAIL_EMPTY);
    if (env->tls_flag == 1) {
        if (!env->sentinels && (len < 9 || memcmp(value, "rediss://", 9) != 0))
            return fail(out, URL_FAIL_PREFIX_REDISS);
    } else if (len < 8 || memcmp(value, "redis://", 8) != 0) {
        /* an unknown flag is treated as off, the operator's default */
        return fail(out, URL_FAIL_PREFIX_REDIS);
    }
    out->status = READ_OK;
    return 0;
}

/* go-redis query options (options.go setupConnParams); each value must parse. */
static bool
go_query_value_ok(const char *key, size_t klen, const char *v, size_t vlen)
{
    static const char *const ints[] = {"protocol",       "max_retries",    "pool_size",
                                       "min_idle_conns", "max_idle_conns", "max_active_conns"};
    static const char *const durations[] = {
        "min_retry_backoff", "max_retry_backoff",  "dial_timeout", "read_timeout",
        "write_timeout",     "pool_timeout",       "conn_max_idle_time", "idle_timeout",
        "conn_max_lifetime", "max_conn_age"};
    long n;
    size_t i, j;

    for (i = 0; i < ARRAY_SIZE(ints); i++)
        if (strlen(ints[i]) == klen && memcmp(ints[i], key, klen) == 0)
            return vlen == 0 || go_atoi(v, vlen, &n);
    for (i = 0; i < ARRAY_SIZE(durations); i++)
        if (strlen(durations[i]) == klen && memcmp(durations[i], key, klen) == 0) {
            /* a plain integer, or a Go duration such as "3s" or "1m30s" (approximated) */
            for (j = 0; j < vlen; j++)
                if (v[j] == '\0' || !strchr("+-.0123456789nsumh", v[j]))
                    return false;
            return true;
        }
    if ((klen == 9 && memcmp(key, "pool_fifo", 9) == 0) ||
        (klen == 11 && memcmp(key, "skip_verify", 11) == 0))
        return vlen == 0 || (vlen == 1 && (v[0] == '0' || v[0] == '1')) ||
               (vlen == 4 && memcmp(v, "true", 4) == 0) ||
               (vlen == 5 && memcmp(v, "false", 5) == 0);
    return klen == 11 && memcmp(key, "client_name", 11) == 0;
}

/* The query of a go-redis URL: unknown options and unparsable values fail, "db" sets the
 * database. Returns 0, or a fail code. */
static enum url_fail
go_query(struct url_reading *out, const struct uri *u, bool tls)
{
    const char *q = u->query.p;
    size_t len = u->query.len, i = 0;

    if (!q)
        return URL_FAIL_NONE;
    while (i < len) {
        size_t end = i, eq;
        while (end < len && q[end] != '&')
            end++;
        for (eq = i; eq < end && q[eq] != '='; eq++)
            ;
        if (end == i || memchr(q + i, ';', end - i)) {
            /* empty pairs are skipped; a ';' makes url.ParseQuery drop the pair */
        } else {
            const char *k = q + i, *v = eq < end ? q + eq + 1 : q + end;
            size_t klen = eq - i, vlen = eq < end ? end - eq - 1 : 0;
            if (klen == 2 && memcmp(k, "db", 2) == 0) {
                if (vlen > 0 && !go_atoi(v, vlen, &out->db))
                    return URL_FAIL_DB_INVALID;
            } else if (klen == 11 && memcmp(k, "skip_verify", 11) == 0 && !tls) {
                return URL_FAIL_QUERY; /* only consumed with rediss:// */
            } else if (!go_query_value_ok(k, klen, v, vlen)) {
                return URL_FAIL_QUERY;
            }
        }
        i = end + 1;
    }
    return URL_FAIL_NONE;
}

static int
read_preflight(struct url_reading *out, const struct read_env *env, const char *value,
               size_t len)
{
    struct uri u;
    enum url_fail why;
    size_t i, segs = 0, seg_start = 0, seg_len = 0;
    int rc;

    if (len == 0)
        return fail(out, URL_FAIL_EMPTY);
    if (uri_parse_go(&u, value, len) < 0)
        return fail(out, URL_FAIL_INVALID_URI);
    out->scheme = scheme_of(&u);
    if (out->scheme != URL_SCHEME_REDIS && out->scheme != URL_SCHEME_REDISS &&
        out->scheme != URL_SCHEME_UNIX)
        return fail(out, URL_FAIL_UNKNOWN_SCHEME);
    out->tls = uses_tls(&u, env);
    if (out->scheme == URL_SCHEME_UNIX) {
        if (rb_blank(u.path.p, u.path.len))
            return fail(out, URL_FAIL_INVALID_URI); /* "empty unix socket path" */
        out->port = 0;
    } else {
        /* strings.FieldsFunc(path, '/'): no segment, or exactly one integer */
        for (i = 0; i < u.path.len; i++) {
            if (u.path.p[i] == '/')
                continue;
            if (i == 0 || u.path.p[i - 1] == '/') {
                segs++;
                seg_start = i;
            }
            seg_len = i + 1 - seg_start;
        }
        if (segs > 1)
            return fail(out, URL_FAIL_DB_INVALID);
        if (segs == 1 && !go_atoi(u.path.p + seg_start, seg_len, &out->db))
            return fail(out, URL_FAIL_DB_INVALID);
        if ((rc = fill_address(out, &u, DEFAULT_PORT)) != 0)
            return rc;
    }
    if ((why = go_query(out, &u, uri_scheme_is(&u, "rediss"))) != URL_FAIL_NONE)
        return fail(out, why);
    if ((rc = fill_creds(out, &u, CREDS_GO)) != 0)
        return rc;
    out->status = READ_OK;
    return 0;
}

int
url_read(struct url_reading *out, enum reader reader, const struct read_env *env,
         const char *value, size_t len)
{
    int rc = 0;

    memset(out, 0, sizeof(*out));
    out->status = READ_NOT_APPLICABLE;
    out->port = DEFAULT_PORT;
    if (!value) {
        value = "";
        len = 0;
    }
    if (env->client == CLIENT_NONE)
        return 0;
    switch (reader) {
    case READER_BACKEND_SYNC:
        rc = read_sync(out, env, value, len);
        break;
    case READER_BACKEND_ASYNC:
        rc = read_async(out, env, value, len);
        break;
    case READER_SYSTEM:
        rc = read_system(out, env, value, len);
        break;
    case READER_OPERATOR:
        rc = read_operator(out, env, value, len);
        break;
    case READER_PREFLIGHT:
        rc = read_preflight(out, env, value, len);
        break;
    case READER__MAX:
        break;
    }
    if (rc < 0) {
        url_reading_release(out);
        return RLINT_ENOMEM;
    }
    if (out->status == READ_FAIL) {
        /* a failing component connects nowhere: keep no half-filled address */
        wipe_free(out->host);
        wipe_free(out->username);
        wipe_free(out->password);
        out->host = out->username = out->password = NULL;
    }
    return 0;
}

void
url_reading_release(struct url_reading *reading)
{
    if (!reading)
        return;
    free(reading->host);
    wipe_free(reading->username);
    wipe_free(reading->password);
    reading->host = reading->username = reading->password = NULL;
}

/* The database a URL names: the path's one segment as a decimal number, else "?db=", else 0;
 * -1 when the path or the query holds something else. */
static long
reference_db(const struct uri *u)
{
    struct uri_part p = u->path;
    const char *q = u->query.p;
    size_t i = 0, len = u->query.len;
    long db;

    if (p.p && p.len > 1) {
        for (i = 1; i < p.len; i++)
            if (p.p[i] < '0' || p.p[i] > '9')
                return -1;
        return go_atoi(p.p + 1, p.len - 1, &db) ? db : -1;
    }
    while (q && i < len) {
        size_t end = i;
        while (end < len && q[end] != '&')
            end++;
        if (end - i > 3 && memcmp(q + i, "db=", 3) == 0) {
            size_t j;
            for (j = i + 3; j < end; j++)
                if (q[j] < '0' || q[j] > '9')
                    return -1;
            return go_atoi(q + i + 3, end - i - 3, &db) ? db : -1;
        }
        i = end + 1;
    }
    return 0;
}

int
url_reference(struct url_reading *out, const char *value, size_t len)
{
    struct uri u;
    char *buf;
    size_t n = 0;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    out->port = DEFAULT_PORT;
    if (!value || len == 0)
        return fail(out, URL_FAIL_EMPTY);
    buf = malloc(len + 9);
    if (!buf)
        return RLINT_ENOMEM;
    if (!mem_find(value, len, "://") && !(len >= 5 && memcmp(value, "unix:", 5) == 0)) {
        memcpy(buf, "redis://", 8);
        n = 8;
    }
    memcpy(buf + n, value, len);
    n += len;
    buf[n] = '\0';
    if (uri_parse_go(&u, buf, n) < 0) {
        fail(out, URL_FAIL_INVALID_URI);
        goto out;
    }
    /* an unknown scheme still says which host, port and database were meant */
    out->scheme = scheme_of(&u);
    out->tls = out->scheme == URL_SCHEME_REDISS;
    out->db = reference_db(&u);
    if (out->scheme == URL_SCHEME_UNIX) {
        out->port = 0;
    } else if ((rc = fill_address(out, &u, DEFAULT_PORT)) != 0) {
        goto out;
    }
    /* a port out of range is still what the value says: the components fail on it */
    out->status = READ_OK;
    out->fail = URL_FAIL_NONE;
    if (u.userinfo.p && u.user.len > 0)
        rc = copy_decoded(&out->username, u.user, URI_DECODE_STRICT);
    if (rc == 0 && u.password.p)
        rc = copy_decoded(&out->password, u.password, URI_DECODE_STRICT);
out:
    wipe_free_n(buf, n);
    if (rc < 0)
        url_reading_release(out);
    return rc < 0 ? RLINT_ENOMEM : 0;
}
