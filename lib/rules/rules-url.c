/* rules-url.c - Redis URLs as each component reads them (RLINT005, RLINT020-RLINT039,
 * RLINT075, RLINT076).
 *
 * Two views of one value: a lexical look at what was written (which explains *why*), and the
 * readings of every component that reads the key in this version and mode (which say *who*
 * breaks). A failing reading is an error naming that component; readings that disagree on
 * host, port, database or password are a misroute. Nothing of the value is ever quoted.
 */
#include <stdlib.h>
#include <string.h>

#include "dbstate.h"
#include "findings.h"
#include "rules-values.h"
#include "value-report.h"
#include "banned.h"

/* What was written, in spans of the value. */
struct url_lex {
    bool has_scheme;
    bool scheme_redis_like;  /* redis, rediss or unix */
    bool has_userinfo;
    bool userinfo_bad;       /* a character RFC 3986 userinfo does not allow, unencoded */
    bool password_plus;
    bool password_percent;
    bool has_user;           /* non-empty part before ':' */
    bool has_password;
    bool host_empty;
    bool multi_host;         /* ',' in the host part */
    bool port_given;
    bool port_bad;           /* not digits, 0 or > 65535 */
    unsigned long port;
    bool path_slash_only;
    bool db_leading_zero;
    bool db_negative;        /* "/-1" */
    bool db_numeric;
    unsigned long db;
    bool query;
};

static bool
is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool
userinfo_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("-._~!$&'()*+,;=:", c));
}

static void
lex_url(struct url_lex *lx, const char *v, size_t len)
{
    const char *end = v + len, *p = v, *auth, *at = NULL, *hp, *hp_end, *q;

    memset(lx, 0, sizeof(*lx));
    for (q = v; q + 2 < end; q++)
        if (q[0] == ':' && q[1] == '/' && q[2] == '/')
            break;
    if (q + 2 < end && q > v) {
        lx->has_scheme = true;
        lx->scheme_redis_like = (q - v == 5 && memcmp(v, "redis", 5) == 0) ||
                                (q - v == 6 && memcmp(v, "rediss", 6) == 0) ||
                                (q - v == 4 && memcmp(v, "unix", 4) == 0);
        p = q + 3;
    }
    auth = p;
    /* credentials end at the last '@' (as Go reads them), which is where a password with an
     * unencoded '@' was meant to end */
    for (q = auth; q < end; q++)
        if (*q == '@')
            at = q;
    if (at) {
        const char *colon;
        lx->has_userinfo = true;
        colon = memchr(auth, ':', (size_t)(at - auth));
        lx->has_user = colon ? colon > auth : at > auth;
        lx->has_password = colon && at > colon + 1;
        for (q = auth; q < at; q++) {
            if (*q == '%' && q + 2 < at && is_hex(q[1]) && is_hex(q[2])) {
                if (colon && q > colon)
                    lx->password_percent = true;
                q += 2;
                continue;
            }
            if (!userinfo_char(*q))
                lx->userinfo_bad = true;
            if (*q == '+' && colon && q > colon)
                lx->password_plus = true;
        }
        hp = at + 1;
    } else {
        hp = auth;
    }
    for (hp_end = hp; hp_end < end && *hp_end != '/' && *hp_end != '?' && *hp_end != '#';
         hp_end++)
        ;
    {
        const char *host_end = hp_end, *colon = NULL;
        if (hp < hp_end && *hp == '[') {
            const char *rb = memchr(hp, ']', (size_t)(hp_end - hp));
            if (rb && rb + 1 < hp_end && rb[1] == ':')
                colon = rb + 1;
        } else {
            for (q = hp; q < hp_end; q++)
                if (*q == ':')
                    colon = q;
        }
        if (colon) {
            host_end = colon;
            if (colon + 1 < hp_end) {
                lx->port_given = true;
                for (q = colon + 1; q < hp_end; q++) {
                    if (*q < '0' || *q > '9') {
                        lx->port_bad = true;
                        break;
                    }
                    if (lx->port < 100000)
                        lx->port = lx->port * 10 + (unsigned long)(*q - '0');
                }
                if (lx->port == 0 || lx->port > 65535)
                    lx->port_bad = true;
            }
        }
        lx->host_empty = host_end == hp;
        lx->multi_host = memchr(hp, ',', (size_t)(hp_end - hp)) != NULL;
    }
    if (hp_end < end && *hp_end == '/') {
        const char *db = hp_end + 1, *db_end = db;
        while (db_end < end && *db_end != '?' && *db_end != '#')
            db_end++;
        lx->path_slash_only = db == db_end;
        lx->db_negative = db_end - db > 1 && *db == '-';
        if (db < db_end) {
            lx->db_numeric = true;
            for (q = db; q < db_end; q++) {
                if (*q < '0' || *q > '9') {
                    lx->db_numeric = false;
                    break;
                }
                if (lx->db < 100000)
                    lx->db = lx->db * 10 + (unsigned long)(*q - '0');
            }
            lx->db_leading_zero = lx->db_numeric && db_end - db > 1 && *db == '0';
        }
        hp_end = db_end;
    }
    lx->query = hp_end < end && *hp_end == '?';
}

static const char *
fail_reason(enum url_fail f)
{
    switch (f) {
    case URL_FAIL_NONE:
        return "";
    case URL_FAIL_EMPTY:
        return "is empty";
    case URL_FAIL_INVALID_URI:
        return "is not a valid URI";
    case URL_FAIL_NO_SCHEME:
        return "has no redis:// scheme";
    case URL_FAIL_UNKNOWN_SCHEME:
        return "has a scheme other than redis://, rediss:// or unix://";
    case URL_FAIL_DB_EMPTY:
        return "ends in '/' with no database number";
    case URL_FAIL_DB_INVALID:
        return "has a database path that is not a plain number";
    case URL_FAIL_YAML_QUOTE:
        return "contains '\"'";
    case URL_FAIL_YAML_ESCAPE:
        return "contains '\\'";
    case URL_FAIL_PREFIX_REDIS:
        return "does not start with redis:// while the APIManager has TLS off";
    case URL_FAIL_PREFIX_REDISS:
        return "does not start with rediss:// while TLS is on and no sentinels are set";
    case URL_FAIL_SENTINEL_NO_HOST:
        return "has no host to name the sentinel master group";
    case URL_FAIL_UNIX_SENTINEL:
        return "is a unix socket, which cannot be used with sentinels";
    case URL_FAIL_QUERY:
        return "has a query option that go-redis does not know";
    case URL_FAIL_PORT_RANGE:
        return "has a port that is not a number from 1 to 65535";
    }
    return "cannot be read";
}

/* The rule for a reader's failure: the root cause written in the value first, so that one
 * mistake is one finding naming every component it breaks. */
static enum rule_id
rule_for_fail(enum url_fail f, const struct url_lex *lx, bool special)
{
    if (f == URL_FAIL_EMPTY)
        return RULE_URL_EMPTY;
    if (special && f != URL_FAIL_PREFIX_REDIS && f != URL_FAIL_PREFIX_REDISS)
        return RULE_URL_YAML_SPECIAL;
    if (lx->userinfo_bad && f != URL_FAIL_PREFIX_REDIS && f != URL_FAIL_PREFIX_REDISS)
        return RULE_URL_CREDENTIALS_UNENCODED;
    if (!lx->has_scheme && (f == URL_FAIL_NO_SCHEME || f == URL_FAIL_UNKNOWN_SCHEME ||
                            f == URL_FAIL_PREFIX_REDIS || f == URL_FAIL_PREFIX_REDISS))
        return RULE_URL_NO_SCHEME;
    if (lx->has_scheme && !lx->scheme_redis_like &&
        (f == URL_FAIL_UNKNOWN_SCHEME || f == URL_FAIL_PREFIX_REDIS ||
         f == URL_FAIL_PREFIX_REDISS || f == URL_FAIL_INVALID_URI))
        return RULE_URL_UNKNOWN_SCHEME;
    switch (f) {
    case URL_FAIL_NO_SCHEME:
        return RULE_URL_NO_SCHEME;
    case URL_FAIL_UNKNOWN_SCHEME:
        return RULE_URL_UNKNOWN_SCHEME;
    case URL_FAIL_DB_EMPTY:
        return RULE_URL_DB_TRAILING_SLASH;
    case URL_FAIL_DB_INVALID:
        /* a bad port makes URI.parse fail; apisonator's retry then reads a mangled path */
        if (lx->port_bad)
            return RULE_URL_PORT_INVALID;
        return lx->db_leading_zero ? RULE_URL_DB_LEADING_ZERO : RULE_URL_DB_INVALID;
    case URL_FAIL_YAML_QUOTE:
    case URL_FAIL_YAML_ESCAPE:
        return RULE_URL_YAML_SPECIAL;
    case URL_FAIL_PREFIX_REDIS:
    case URL_FAIL_PREFIX_REDISS:
        return RULE_URL_TLS_PREFIX;
    case URL_FAIL_SENTINEL_NO_HOST:
    case URL_FAIL_UNIX_SENTINEL:
        return RULE_URL_SENTINEL_GROUP;
    case URL_FAIL_PORT_RANGE:
        return RULE_URL_PORT_INVALID;
    case URL_FAIL_EMPTY: /* returned first */
    case URL_FAIL_INVALID_URI:
    case URL_FAIL_QUERY:
    case URL_FAIL_NONE:
        break;
    }
    if (lx->userinfo_bad)
        return RULE_URL_CREDENTIALS_UNENCODED;
    if (lx->port_bad)
        return RULE_URL_PORT_INVALID;
    return RULE_URL_INVALID;
}

static bool
str_differs(const char *a, const char *b)
{
    if (!a || !b)
        return (a == NULL) != (b == NULL);
    return strcmp(a, b) != 0;
}

/* Which components that read the value without failing connect somewhere other than what it
 * says (url_reference()): another host or port, database or password. The preflight only
 * sends INFO, so its database does not matter. When the value says nothing clear (no URI even
 * with "redis://" before it), each component that does not fail is guessing: all of them. */
static unsigned
misroutes(const struct db_state *st, const struct url_reading *ref, bool lone_user,
          bool *db_differs, bool *password_differs, bool *host_differs)
{
    static const enum reader order[] = {READER_BACKEND_SYNC, READER_SYSTEM, READER_BACKEND_ASYNC,
                                        READER_PREFLIGHT};
    unsigned mask = 0;
    size_t i;

    *db_differs = *password_differs = *host_differs = false;
    for (i = 0; i < ARRAY_SIZE(order); i++) {
        const struct url_reading *u = &st->url_r[order[i]];
        bool sentinel = db_state_sentinels(st, order[i]) > 0;
        bool differs = false;
        if (!st->reads_url[order[i]] || u->status != READ_OK)
            continue;
        if (ref->status != READ_OK) {
            mask |= 1u << order[i];
            *host_differs = true;
            continue;
        }
        if (order[i] != READER_PREFLIGHT && ref->db >= 0 && u->db != ref->db)
            differs = *db_differs = true;
        /* a lone user part is sent as the password by some clients and as a user name by
         * others: RLINT038 says so, it is not compared here */
        if (!lone_user && str_differs(u->password, ref->password))
            differs = *password_differs = true;
        if (str_differs(u->host, ref->host) || (!sentinel && u->host && u->port != ref->port))
            differs = *host_differs = true;
        if (differs)
            mask |= 1u << order[i];
    }
    return mask;
}

int
check_url(struct rules *rs, const struct db_state *st)
{
    const struct secret_entry *e = st->url;
    struct url_lex lx;
    unsigned fails_by_rule[RULE__COUNT] = {0}, mis_by_rule[RULE__COUNT] = {0}, any_fail = 0, mis;
    bool db_differs, password_differs, host_differs, sentinels = false, ref_ok;
    struct url_reading ref;
    bool special;
    int r, rc = 0;
    size_t i;

    if (!st->url_read)
        return 0;
    special = mem_has_byte(e->value, e->len, '"') || mem_has_byte(e->value, e->len, '\\');
    if (has_surrounding_space(e->value, e->len))
        /* the operator's prefix check fails only on a leading blank (facts Appendix C, C16) */
        return report_readers(rs, RULE_VALUE_WHITESPACE, RLINT_SEVERITY_ERROR, st, e,
                              (1u << READER_BACKEND_SYNC | 1u << READER_BACKEND_ASYNC |
                               1u << READER_SYSTEM | 1u << READER_PREFLIGHT |
                               (has_leading_space(e->value, e->len) ? 1u << READER_OPERATOR : 0)) &
                                  reads_mask(st),
                              "has leading or trailing whitespace (a trailing newline from "
                              "`echo | base64`?)");
    lex_url(&lx, e->value, e->len);
    for (r = 0; r < READER__MAX; r++)
        if (r != READER_OPERATOR && db_state_sentinels(st, (enum reader)r))
            sentinels = true;

    if (lx.multi_host)
        return report_readers(rs, RULE_REDIS_CLUSTER, RLINT_SEVERITY_ERROR, st, e,
                              reads_mask(st) & ~(1u << READER_OPERATOR),
                              "lists several hosts: Redis Cluster and multi-host URLs are not "
                              "supported by 3scale");

    for (r = 0; r < READER__MAX; r++) {
        const struct url_reading *u = &st->url_r[r];
        /* a port out of range parses, and then no connection can be made; with sentinels the
         * URL only names the master group and its port is never dialled */
        if (st->reads_url[r] && u->status == READ_OK && u->host &&
            db_state_sentinels(st, (enum reader)r) == 0 && (u->port == 0 || u->port > 65535)) {
            fails_by_rule[RULE_URL_PORT_INVALID] |= 1u << r;
            any_fail |= 1u << r;
            continue;
        }
        if (!st->reads[r] || u->status != READ_FAIL)
            continue;
        /* without an APIManager the TLS flag is unknown: a rediss:// URL may be right */
        if (r == READER_OPERATOR && u->fail == URL_FAIL_PREFIX_REDIS && st->tls_flag < 0 &&
            u->scheme == URL_SCHEME_REDISS)
            continue;
        fails_by_rule[rule_for_fail(u->fail, &lx, special)] |= 1u << r;
        any_fail |= 1u << r;
    }
    if ((rc = url_reference(&ref, e->value, e->len)) < 0)
        return rc;
    mis = misroutes(st, &ref, lx.has_user && !lx.has_password, &db_differs, &password_differs,
                    &host_differs);
    ref_ok = ref.status == READ_OK;
    url_reading_release(&ref);
    /* with no clear reading, a component that guesses shares the finding of those that fail */
    if (!ref_ok && !any_fail)
        mis = 0;
    if (mis) {
        enum rule_id rule = RULE_URL_READERS_DISAGREE;
        const char *what = "is read differently by the components";
        if (db_differs && lx.db_leading_zero) {
            rule = RULE_URL_DB_LEADING_ZERO;
            what = "has a database number with a leading zero: components select different "
                   "databases (octal 8 for Ruby's Integer(), 10 elsewhere)";
        } else if (host_differs && lx.userinfo_bad) {
            rule = RULE_URL_CREDENTIALS_UNENCODED;
            what = "has an unencoded character in its credentials: some component connects to "
                   "host 'redis'";
        } else if (password_differs && lx.password_plus) {
            rule = RULE_URL_PASSWORD_PLUS;
            what = "has '+' in its password: some components decode it to a space, others do "
                   "not, so one of them sends a wrong AUTH";
        } else if (password_differs && lx.password_percent) {
            rule = RULE_URL_PASSWORD_PERCENT;
            what = "has a percent-encoded password that some components do not decode, so one "
                   "of them sends a wrong AUTH (use the *_PASSWORD key from 2.16)";
        } else if (host_differs && !lx.has_scheme) {
            rule = RULE_URL_NO_SCHEME;
            what = "has no redis:// scheme";
        } else if (db_differs) {
            what = "is read with different database numbers by the components";
        } else if (host_differs) {
            what = "is read with different hosts or ports by the components";
        } else if (password_differs) {
            what = "is read with different passwords by the components";
        }
        if (!ref_ok)
            for (i = 0; i < RULE__COUNT; i++)
                if (fails_by_rule[i]) {
                    rule = (enum rule_id)i;
                    break;
                }
        /* the same cause already breaks another component: one finding names them all */
        if (fails_by_rule[rule])
            mis_by_rule[rule] |= mis;
        else if ((rc = report_misread(rs, rule, RLINT_SEVERITY_ERROR, st, e, 0, mis, what)) < 0)
            return rc;
    }
    for (i = 0; i < RULE__COUNT; i++) {
        const char *what = NULL;
        enum url_fail f = URL_FAIL_NONE;
        if (!fails_by_rule[i])
            continue;
        for (r = 0; r < READER__MAX; r++)
            if (fails_by_rule[i] & (1u << r)) {
                f = st->url_r[r].fail;
                break;
            }
        switch ((enum rule_id)i) {
        case RULE_URL_CREDENTIALS_UNENCODED:
            what = "has a character in its credentials that must be percent-encoded "
                   "(@ # / ? or a space)";
            break;
        case RULE_URL_PORT_INVALID:
            what = "has a port that is not a number from 1 to 65535";
            break;
        case RULE_URL_DB_LEADING_ZERO:
            what = "has a database number with a leading zero";
            break;
        case RULE_URL_DB_INVALID:
            what = lx.db_negative ? "has a negative database number, which Redis refuses at "
                                    "SELECT"
                                  : fail_reason(f);
            break;
        case RULE_URL_YAML_SPECIAL:
            what = "contains '\"' or '\\', which porta's YAML configuration cannot hold and "
                   "no URI parser accepts unencoded";
            break;
        case RULE_URL_NO_SCHEME:
            what = "has no redis:// scheme";
            break;
        case RULE_URL_UNKNOWN_SCHEME:
            what = "has a scheme other than redis://, rediss:// or unix://";
            break;
        default:
            what = fail_reason(f);
            break;
        }
        if ((rc = report_misread(rs, (enum rule_id)i, RLINT_SEVERITY_ERROR, st, e, fails_by_rule[i],
                                 mis_by_rule[i], what)) < 0)
            return rc;
    }

    if (any_fail || mis)
        return 0;

    /* every component copes; what is left is risk */
    if (!lx.has_scheme && st->db == DB_QUEUES &&
        (rc = report_readers(rs, RULE_URL_NO_SCHEME, RLINT_SEVERITY_WARNING, st, e, 0,
                             "has no redis:// scheme: apisonator adds it, but the 2.16 operator "
                             "refuses a URL without it")) < 0)
        return rc;
    if (lx.has_user && !lx.has_password && lx.has_userinfo &&
        (rc = report_readers(rs, RULE_URL_USER_WITHOUT_PASSWORD, RLINT_SEVERITY_WARNING, st, e, 0,
                             "has a user name and no password: redis-client sends it as the "
                             "password; write redis://:password@host")) < 0)
        return rc;
    if (lx.has_user && lx.has_password && st->in->minor <= 15 &&
        (rc = report_readers(rs, RULE_URL_USERNAME_IGNORED, RLINT_SEVERITY_WARNING, st, e, 0,
                             "has an ACL user name, which this version's Redis clients do not "
                             "send (only the password is)")) < 0)
        return rc;
    if (lx.host_empty && !sentinels && lx.scheme_redis_like && memcmp(e->value, "unix", 4) != 0 &&
        (rc = report_readers(rs, RULE_URL_HOST_MISSING, RLINT_SEVERITY_ERROR, st, e,
                             reads_mask(st) & ~(1u << READER_OPERATOR),
                             "has no host, so the clients connect to localhost")) < 0)
        return rc;
    /* with sentinels the URL port is never dialled */
    if (lx.port_bad && lx.port_given && !sentinels &&
        (rc = report_readers(rs, RULE_URL_PORT_INVALID, RLINT_SEVERITY_ERROR, st, e,
                             reads_mask(st) & ~(1u << READER_OPERATOR),
                             "has a port that is not a number from 1 to 65535: the connection "
                             "cannot be made")) < 0)
        return rc;
    if (lx.db_numeric && lx.db >= 16 &&
        (rc = report_readers(rs, RULE_URL_DB_HIGH, RLINT_SEVERITY_WARNING, st, e, 0,
                             "selects database 16 or higher: Redis has 16 unless `databases` "
                             "is raised")) < 0)
        return rc;
    if (sentinels && lx.port_given &&
        (rc = report_readers(rs, RULE_URL_SENTINEL_PORT_IGNORED, RLINT_SEVERITY_INFO, st, e, 0,
                             "has a port, which is ignored with sentinels: the host names the "
                             "master group")) < 0)
        return rc;
    if (!sentinels && lx.port == 22121 && lx.port_given) {
        if (st->db == DB_STORAGE && lx.db_numeric && lx.db != 0)
            rc = report_readers(rs, RULE_TWEMPROXY, RLINT_SEVERITY_WARNING, st, e, 0,
                                "points at port 22121 (twemproxy?) with a database other than "
                                "0: twemproxy does not support SELECT");
        else if (st->db != DB_STORAGE)
            rc = report_readers(rs, RULE_TWEMPROXY, RLINT_SEVERITY_WARNING, st, e, 0,
                                "points at port 22121 (twemproxy?): only storage may go "
                                "through twemproxy, the queues need a real Redis");
        if (rc < 0)
            return rc;
    }
    return 0;
}
