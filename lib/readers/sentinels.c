/* sentinels.c - how each component reads a *_SENTINEL_HOSTS list (facts §3.3, §4.2 item 3,
 * §5 preflight, App. B), and a lexical scan of the list for the risky spellings. */
#include "readers.h"

#include <stdlib.h>
#include <string.h>

#include <rlint/rlint.h>

#include "uri.h"
#include "util.h"

#include "banned.h"

#define SENTINEL_PORT 26379

static char
lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
hex(char c)
{
    return (c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'f');
}

struct list {
    struct sentinel_reading *out;
    size_t cap;
};

static int
add_addr(struct list *l, const char *host, size_t hlen, unsigned long port)
{
    struct sentinel_reading *out = l->out;
    char *h;

    if (grow_array(&out->addrs, &l->cap, out->count + 1, sizeof(*out->addrs)) < 0)
        return RLINT_ENOMEM;
    if (!host || hlen == 0) {
        /* the client's default host for a sentinel without one */
        host = "localhost";
        hlen = 9;
    }
    h = xstrndup(host, hlen);
    if (!h)
        return RLINT_ENOMEM;
    out->addrs[out->count].host = h;
    out->addrs[out->count].port = port;
    out->count++;
    return 0;
}

static void
drop_addrs(struct sentinel_reading *out)
{
    size_t i;
    for (i = 0; i < out->count; i++)
        free(out->addrs[i].host);
    free(out->addrs);
    out->addrs = NULL;
    out->count = 0;
}

static int
fail(struct sentinel_reading *out, enum sentinel_fail why, size_t entry)
{
    drop_addrs(out);
    wipe_free(out->username);
    wipe_free(out->password);
    out->username = out->password = NULL;
    out->status = READ_FAIL;
    out->fail = why;
    out->fail_entry = entry;
    return 0;
}

static unsigned long
ruby_port(const struct uri *u)
{
    if (u->port.p && u->port.len > 0)
        return uri_port_value(u->port);
    return rb_default_port(u) ? rb_default_port(u) : SENTINEL_PORT;
}

/* Ruby's `x ||= uri.user` / `uri.password` over the entries: the first non-nil value, raw. An
 * empty userinfo is nil in Ruby. */
static int
take_creds(char **user, char **pass, bool *user_set, bool *pass_set, const struct uri *u)
{
    if (!u->userinfo.p || u->userinfo.len == 0)
        return 0;
    if (!*user_set && user) {
        *user_set = true;
        if (!(*user = xstrndup(u->user.p, u->user.len)))
            return RLINT_ENOMEM;
    }
    if (!*pass_set && u->password.p) {
        *pass_set = true;
        if (!(*pass = xstrndup(u->password.p, u->password.len)))
            return RLINT_ENOMEM;
    }
    return 0;
}

/* Keeps a credential only when it is not blank, as both apps do. */
static void
keep_present(char **dst, char *s)
{
    if (s && !rb_blank(s, strlen(s))) {
        *dst = s;
        return;
    }
    wipe_free(s);
}

/* The end of a list reader: a successful reading takes the credentials it found (blank ones
 * dropped), anything else wipes them. Returns rc. */
static int
hand_over_creds(struct sentinel_reading *out, int rc, char *user, char *pass)
{
    if (rc == 0 && out->status == READ_OK) {
        keep_present(&out->username, user);
        keep_present(&out->password, pass);
        return 0;
    }
    wipe_free(user);
    wipe_free(pass);
    return rc;
}

/* apisonator cfg_sentinels_handler: Splitter.split (',' with '\' escapes), strip, skip
 * blanks, to_redis_uri, keep host and port. */
static int
read_apisonator(struct sentinel_reading *out, const char *value, size_t len)
{
    struct list l = {out, 0};
    char *buf, *user = NULL, *pass = NULL;
    bool user_set = false, pass_set = false;
    size_t i = 0, entry = 0;
    int rc = 0;

    out->status = READ_OK;
    if (rb_blank(value, len))
        return 0; /* sentinels dropped: a direct connection */
    buf = malloc(len + 1);
    if (!buf)
        return RLINT_ENOMEM;
    while (rc == 0 && i <= len && out->status == READ_OK) {
        size_t n = 0, elen;
        const char *e = buf;
        struct uri u;
        char *owned;

        for (; i < len && value[i] != ','; i++) {
            if (value[i] == '\\') {
                if (++i == len)
                    break;
            }
            buf[n++] = value[i];
        }
        i++; /* past the ',' (or the end) */
        entry++;
        elen = n;
        rb_strip(&e, &elen);
        if (elen == 0)
            continue;
        rc = apisonator_uri(&u, &owned, e, elen);
        if (rc < 0)
            break;
        if (rc > 0) {
            rc = 0;
            fail(out, SENTINEL_FAIL_INVALID_URI, entry);
            break;
        }
        rc = add_addr(&l, u.host.p, u.host.len, ruby_port(&u));
        if (rc == 0)
            rc = take_creds(&user, &pass, &user_set, &pass_set, &u);
        wipe_free(owned);
    }
    wipe(buf, len);
    free(buf);
    return hand_over_creds(out, rc, user, pass);
}

/* porta RedisConfig#apply_sentinels_config!: the value sits in a double-quoted YAML scalar,
 * then split(',') with no strip and no escapes, "redis://" prepended unless the entry starts
 * with redis://, rediss:// or unix://, URI.parse, host and port. */
static int
read_porta(struct sentinel_reading *out, const struct read_env *env, const char *value,
           size_t len)
{
    struct list l = {out, 0};
    char *text, *buf = NULL, *user = NULL, *pass = NULL;
    bool user_set = false, pass_set = false;
    size_t tlen, i = 0, entry = 0, last;
    int rc;

    rc = porta_yaml_dq(&text, &tlen, value, len);
    if (rc < 0)
        return RLINT_ENOMEM;
    if (rc == YAML_DQ_QUOTE)
        return fail(out, SENTINEL_FAIL_YAML_QUOTE, 0);
    if (rc == YAML_DQ_ESCAPE)
        return fail(out, SENTINEL_FAIL_YAML_ESCAPE, 0);
    out->status = READ_OK;
    rc = 0;
    if (rb_blank(text, tlen))
        goto out; /* .presence: no sentinels */
    buf = malloc(tlen + 9);
    if (!buf) {
        rc = RLINT_ENOMEM;
        goto out;
    }
    /* Ruby's split drops the trailing empty fields */
    for (last = tlen; last > 0 && text[last - 1] == ','; last--)
        ;
    while (rc == 0 && i < last) {
        size_t start = i, n, elen;
        bool has_scheme;
        struct uri u;

        while (i < last && text[i] != ',')
            i++;
        elen = i - start;
        i++;
        entry++;
        has_scheme = false;
        if (elen > 0) {
            const char *e = text + start;
            size_t sl = (elen >= 8 && memcmp(e, "redis://", 8) == 0)    ? 8
                        : (elen >= 9 && memcmp(e, "rediss://", 9) == 0) ? 9
                        : (elen >= 7 && memcmp(e, "unix://", 7) == 0)   ? 7
                                                                        : 0;
            /* %r{^(redis(s)?|unix)://.+}: at least one character after "://" */
            has_scheme = sl > 0 && elen > sl && e[sl] != '\n';
        }
        n = 0;
        if (!has_scheme) {
            memcpy(buf, "redis://", 8);
            n = 8;
        }
        memcpy(buf + n, text + start, elen);
        n += elen;
        if (uri_parse_ruby(&u, buf, n) < 0) {
            fail(out, SENTINEL_FAIL_INVALID_URI, entry);
            break;
        }
        if (uri_scheme_is(&u, "unix")) {
            fail(out, SENTINEL_FAIL_NO_HOST, entry);
            break;
        }
        rc = add_addr(&l, u.host.p, u.host.len, ruby_port(&u));
        if (rc == 0)
            rc = take_creds(env->client == CLIENT_REDIS_CLIENT ? &user : NULL, &pass, &user_set,
                            &pass_set, &u);
        wipe(buf, n);
    }
out:
    if (buf) {
        wipe(buf, tlen + 9);
        free(buf);
    }
    wipe(text, tlen);
    free(text);
    return hand_over_creds(out, rc, user, pass);
}

static bool
go_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* operator preflight sentinelOptions: strings.Split(","), TrimSpace, "redis://" prepended
 * when there is no "://", goredis.ParseURL of each entry (so its path and query are checked
 * too), Addr with go-redis defaults (localhost, 6379). Credentials from the first entry
 * with a password, percent-decoded. */
static int
read_preflight(struct sentinel_reading *out, const struct read_env *env, const char *value,
               size_t len)
{
    struct list l = {out, 0};
    struct read_env entry_env = *env;
    char *buf;
    size_t i = 0, entry = 0;
    int rc = 0;

    out->status = READ_OK;
    if (len == 0)
        return 0; /* SentinelURL == "": no sentinels */
    buf = malloc(len + 9);
    if (!buf)
        return RLINT_ENOMEM;
    entry_env.sentinels = false;
    while (rc == 0 && i <= len) {
        size_t start = i, end, n = 0;
        struct url_reading r;

        while (i < len && value[i] != ',')
            i++;
        end = i++;
        entry++;
        while (start < end && go_space(value[start]))
            start++;
        while (end > start && go_space(value[end - 1]))
            end--;
        if (!mem_find(value + start, end - start, "://")) {
            memcpy(buf, "redis://", 8);
            n = 8;
        }
        memcpy(buf + n, value + start, end - start);
        n += end - start;
        rc = url_read(&r, READER_PREFLIGHT, &entry_env, buf, n);
        wipe(buf, n);
        if (rc < 0)
            break;
        if (r.status != READ_OK) {
            fail(out, SENTINEL_FAIL_INVALID_URI, entry);
        } else if (r.scheme == URL_SCHEME_UNIX) {
            fail(out, SENTINEL_FAIL_NO_HOST, entry);
        } else {
            rc = add_addr(&l, r.host, strlen(r.host), r.port);
            if (rc == 0 && !out->password && r.password && r.password[0]) {
                out->password = r.password;
                r.password = NULL;
                if (r.username && r.username[0]) {
                    out->username = r.username;
                    r.username = NULL;
                }
            }
        }
        url_reading_release(&r);
        if (out->status != READ_OK)
            break;
    }
    free(buf);
    return rc;
}

/* True when every '%' of s is followed by two hex digits (RFC 3986 pct-encoded). */
static bool
pct_valid(const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (s[i] == '%' && (i + 2 >= len || !hex(s[i + 1]) || !hex(s[i + 2])))
            return false;
    return true;
}

/* One entry of the reference reading: "[scheme://][userinfo@]host[:port][/...]", the userinfo
 * running to the last '@' (a raw '@' in a password is read as intended, as Go does, facts
 * App. C row C4). Returns 0 and adds the sentinel, 1 when the entry is not a URI, or
 * RLINT_ENOMEM. *user and *pass take the first entry's credentials with a non-empty
 * password, percent-decoded. */
static int
reference_entry(struct list *l, char **user, char **pass, char *buf, const char *e, size_t elen)
{
    const char *sep = mem_find(e, elen, "://");
    const char *rest = sep ? sep + 3 : e;
    size_t rlen = elen - (size_t)(rest - e), at, n;
    struct uri u;
    int rc;

    for (at = rlen; at > 0 && rest[at - 1] != '@'; at--)
        ;
    /* the host part, parsed strictly (RFC 3986: host chars, digits-only port) */
    memcpy(buf, "redis://", 8);
    n = rlen - at;
    memcpy(buf + 8, rest + at, n);
    n += 8;
    if (uri_parse_ruby(&u, buf, n) < 0 || !u.host.p || u.host.len == 0) {
        wipe(buf, n);
        return 1;
    }
    if (at > 0) {
        struct uri_part ui = {rest, at - 1}, up, pp = {NULL, 0};
        const char *colon = memchr(rest, ':', at - 1);
        if (!pct_valid(ui.p, ui.len)) {
            wipe(buf, n);
            return 1;
        }
        up.p = ui.p;
        up.len = colon ? (size_t)(colon - ui.p) : ui.len;
        if (colon) {
            pp.p = colon + 1;
            pp.len = ui.len - up.len - 1;
        }
        if (!*pass && pp.p && pp.len > 0) {
            if (!(*pass = uri_decode(pp, URI_DECODE_STRICT)) ||
                (up.len > 0 && !(*user = uri_decode(up, URI_DECODE_STRICT)))) {
                wipe(buf, n);
                return RLINT_ENOMEM;
            }
        }
    }
    rc = add_addr(l, u.host.p, u.host.len,
                  u.port.p && u.port.len > 0 ? uri_port_value(u.port) : SENTINEL_PORT);
    wipe(buf, n); /* the host part: u points into it */
    return rc;
}

/* The reference reading (facts App. C, "Reference reading = RFC 3986"): the list split on
 * ',' ('\' escapes the next character, apisonator's documented syntax), each entry stripped,
 * blank entries skipped, each entry read by reference_entry(). An entry that is not a URI is
 * counted in out->invalid and skipped; the reading itself never fails. */
int
sentinels_reference(struct sentinel_reading *out, const char *value, size_t len)
{
    struct list l = {out, 0};
    char *buf, *user = NULL, *pass = NULL;
    size_t i = 0, entry = 0;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    out->status = READ_OK;
    if (!value || rb_blank(value, len))
        return 0;
    buf = malloc(2 * len + 9);
    if (!buf)
        return RLINT_ENOMEM;
    while (rc == 0 && i <= len) {
        size_t n = 0, elen;
        const char *e = buf;

        for (; i < len && value[i] != ','; i++) {
            if (value[i] == '\\' && ++i == len)
                break;
            buf[n++] = value[i];
        }
        i++;
        entry++;
        elen = n;
        rb_strip(&e, &elen);
        if (elen > 0) {
            rc = reference_entry(&l, &user, &pass, buf + len, e, elen);
            if (rc == 1) {
                rc = 0;
                if (!out->invalid++)
                    out->first_invalid = entry;
            }
        }
        wipe(buf, n);
    }
    free(buf);
    if (rc < 0) {
        wipe_free(user);
        wipe_free(pass);
        sentinel_reading_release(out);
        return RLINT_ENOMEM;
    }
    out->username = user;
    out->password = pass;
    return 0;
}

/* The value may hold sentinel passwords: nothing of it is kept besides the reading. */
int
sentinels_read(struct sentinel_reading *out, enum reader reader, const struct read_env *env,
               const char *value, size_t len)
{
    int rc = 0;

    memset(out, 0, sizeof(*out));
    out->status = READ_NOT_APPLICABLE;
    if (!value) {
        value = "";
        len = 0;
    }
    if (env->client == CLIENT_NONE)
        return 0;
    switch (reader) {
    case READER_BACKEND_SYNC:
    case READER_BACKEND_ASYNC:
        rc = read_apisonator(out, value, len);
        break;
    case READER_SYSTEM:
        rc = read_porta(out, env, value, len);
        break;
    case READER_PREFLIGHT:
        rc = read_preflight(out, env, value, len);
        break;
    case READER_OPERATOR: /* the prefix check does not parse the list */
    case READER__MAX:
        break;
    }
    if (rc < 0) {
        sentinel_reading_release(out);
        return RLINT_ENOMEM;
    }
    return 0;
}

void
sentinel_reading_release(struct sentinel_reading *reading)
{
    if (!reading)
        return;
    drop_addrs(reading);
    wipe_free(reading->username);
    wipe_free(reading->password);
    reading->username = reading->password = NULL;
}

/* The next entry of an apisonator-style list ('\' escapes the next byte) from *pos: its raw
 * span [*start, *end). False past the end. */
static bool
next_entry(const char *v, size_t len, size_t *pos, size_t *start, size_t *end)
{
    size_t i = *pos;

    if (i > len)
        return false;
    *start = i;
    while (i < len && v[i] != ',') {
        if (v[i] == '\\' && i + 1 < len)
            i++;
        i++;
    }
    *end = i;
    *pos = i + 1;
    return true;
}

static bool
span_eq_ci(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i;
    if (alen != blen)
        return false;
    for (i = 0; i < alen; i++)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

/* The parts of one entry the scan looks at, as offsets into the value. */
struct entry_parts {
    size_t s, e;              /* stripped entry */
    size_t scheme, scheme_len;
    size_t rest;              /* after "scheme://" */
    size_t at;                /* the last '@', == e when none */
    size_t host, host_len;
    size_t port, port_len;
    bool has_port;
    size_t hp_end;            /* end of host[:port] */
};

static void
entry_parse(const char *v, size_t s, size_t e, struct entry_parts *p)
{
    size_t i;

    memset(p, 0, sizeof(*p));
    p->s = s;
    p->e = e;
    p->rest = s;
    i = s;
    if (i < e && ((v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= 'a' && v[i] <= 'z'))) {
        while (i < e && (((v[i] | 0x20) >= 'a' && (v[i] | 0x20) <= 'z') ||
                         (v[i] >= '0' && v[i] <= '9') || v[i] == '+' || v[i] == '-' ||
                         v[i] == '.'))
            i++;
        if (e - i >= 3 && memcmp(v + i, "://", 3) == 0) {
            p->scheme = s;
            p->scheme_len = i - s;
            p->rest = i + 3;
        }
    }
    p->at = e;
    for (i = e; i > p->rest; i--)
        if (v[i - 1] == '@') {
            p->at = i - 1;
            break;
        }
    p->host = p->at < e ? p->at + 1 : p->rest;
    for (i = p->host; i < e && v[i] != '/' && v[i] != '?' && v[i] != '#'; i++)
        ;
    p->hp_end = i;
    if (p->host < p->hp_end && v[p->host] == '[') {
        for (i = p->host; i < p->hp_end && v[i] != ']'; i++)
            ;
        if (i < p->hp_end)
            i++;
    } else {
        for (i = p->host; i < p->hp_end && v[i] != ':'; i++)
            ;
    }
    p->host_len = i - p->host;
    if (i < p->hp_end && v[i] == ':') {
        p->has_port = true;
        p->port = i + 1;
        p->port_len = p->hp_end - i - 1;
    }
}

/* The end of the first part of a stripped entry: before a ';' or a blank. */
static size_t
entry_cut(const char *v, size_t s, size_t e)
{
    size_t i;
    for (i = s; i < e; i++)
        if (v[i] == ';' || rb_space(v[i]))
            return i;
    return e;
}

/* The port an entry names: 26379 by default; ULONG_MAX when not digits. */
static unsigned long
entry_port(const char *v, const struct entry_parts *p)
{
    struct uri_part port = {v + p->port, p->port_len};
    size_t i;

    if (!p->has_port || p->port_len == 0)
        return SENTINEL_PORT;
    for (i = 0; i < p->port_len; i++)
        if (v[p->port + i] < '0' || v[p->port + i] > '9')
            return (unsigned long)-1;
    return uri_port_value(port);
}

static void
scan_entry(struct sentinel_scan *out, const char *v, size_t len, size_t start, size_t end,
           size_t k, size_t *cred_s, size_t *cred_len)
{
    struct entry_parts p, q;
    const char *sp = v + start;
    size_t n = end - start, s, e, i, ats = 0, pos = 0, qs, qe, j = 0;
    unsigned long port;

    rb_strip(&sp, &n);
    s = (size_t)(sp - v);
    e = s + n;
    if (s == e) {
        if (!out->first_empty_entry)
            out->first_empty_entry = k;
        return;
    }
    out->nonempty_entries++;
    if ((s != start || e != end) && !out->first_space_entry)
        out->first_space_entry = k;
    for (i = s; i < e; i++) {
        if (v[i] == ';' || (rb_space(v[i]) && i > s && !rb_space(v[i - 1])))
            out->has_other_separator = true;
        if (v[i] == '@')
            ats++;
        if (v[i] == '#' && !out->first_raw_at_entry)
            out->first_raw_at_entry = k;
    }
    if (ats > 1 && !out->first_raw_at_entry)
        out->first_raw_at_entry = k;

    /* with a ';' or a space inside, only the first host:port looking part is analysed:
     * has_other_separator is the finding, not a path or port made of the second part */
    entry_parse(v, s, entry_cut(v, s, e), &p);
    if (p.scheme_len) {
        if (span_eq_ci(v + p.scheme, p.scheme_len, "rediss", 6)) {
            if (!out->first_rediss_entry)
                out->first_rediss_entry = k;
        } else if (!span_eq_ci(v + p.scheme, p.scheme_len, "redis", 5) &&
                   !out->first_other_scheme_entry) {
            out->first_other_scheme_entry = k;
        }
    }
    if (p.hp_end < p.e && v[p.hp_end] != '#' && !out->first_path_entry)
        out->first_path_entry = k;
    port = entry_port(v, &p);
    if ((port == 0 || port > 65535) && !out->first_bad_port_entry)
        out->first_bad_port_entry = k;
    if (p.at < p.e) {
        out->entries_with_credentials++;
        for (i = p.rest; i + 2 < p.at; i++)
            if (v[i] == '%' && hex(v[i + 1]) && hex(v[i + 2]) &&
                !out->first_percent_credentials_entry)
                out->first_percent_credentials_entry = k;
        if (*cred_len == 0) {
            *cred_s = p.rest;
            *cred_len = p.at - p.rest + 1; /* + 1 so that an empty userinfo is recorded */
        } else if (*cred_len != p.at - p.rest + 1 ||
                   memcmp(v + *cred_s, v + p.rest, *cred_len - 1) != 0) {
            out->credentials_differ = true;
        }
    }
    if (out->first_duplicate_entry)
        return;
    /* an earlier entry with the same host and port */
    while (j + 1 < k && next_entry(v, len, &pos, &qs, &qe)) {
        const char *qp = v + qs;
        size_t qn = qe - qs;
        j++;
        rb_strip(&qp, &qn);
        if (qn == 0)
            continue;
        entry_parse(v, (size_t)(qp - v), entry_cut(v, (size_t)(qp - v), (size_t)(qp - v) + qn),
                    &q);
        if (span_eq_ci(v + q.host, q.host_len, v + p.host, p.host_len) &&
            entry_port(v, &q) == port) {
            out->first_duplicate_entry = k;
            return;
        }
    }
}

void
sentinels_scan(struct sentinel_scan *out, const char *value, size_t len)
{
    size_t pos = 0, start, end, k = 0, cred_s = 0, cred_len = 0, i;
    bool last_blank = false;

    memset(out, 0, sizeof(*out));
    if (!value || rb_blank(value, len))
        return;
    for (i = 0; i < len; i++) {
        if (value[i] == '\\')
            out->has_backslash = true;
        else if (value[i] == '"')
            out->has_quote = true;
    }
    while (next_entry(value, len, &pos, &start, &end)) {
        k++;
        out->entries++;
        scan_entry(out, value, len, start, end, k, &cred_s, &cred_len);
        last_blank = rb_blank(value + start, end - start);
    }
    out->trailing_empty = k > 1 && last_blank;
}
