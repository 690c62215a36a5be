/* rules-sentinel.c - Sentinel lists and roles as each component reads them (RLINT005,
 * RLINT040-RLINT053, RLINT060-RLINT063). */
#include <stdlib.h>
#include <string.h>

#include "dbstate.h"
#include "report.h"
#include "rules-values.h"
#include "banned.h"

static unsigned
hosts_readers(const struct db_state *st)
{
    unsigned mask = 0;
    int r;
    for (r = 0; r < READER__MAX; r++)
        if (db_state_reads_hosts(st, (enum reader)r))
            mask |= 1u << r;
    return mask;
}

static bool
addr_equal(const struct sentinel_addr *a, const struct sentinel_addr *b)
{
    return a->port == b->port && a->host && b->host && strcmp(a->host, b->host) == 0;
}

static bool
same_sentinels(const struct sentinel_reading *a, const struct sentinel_reading *b)
{
    size_t i;
    if (a->count != b->count)
        return false;
    for (i = 0; i < a->count; i++)
        if (!addr_equal(&a->addrs[i], &b->addrs[i]))
            return false;
    return true;
}

/* The preflight parses entries with go-redis, whose default port is 6379; the apps default
 * to 26379 (facts §3.3, §5). */
static bool
only_default_ports_differ(const struct sentinel_reading *a, const struct sentinel_reading *ref)
{
    size_t i;
    bool any = false;
    if (a->count != ref->count)
        return false;
    for (i = 0; i < a->count; i++) {
        if (!a->addrs[i].host || !ref->addrs[i].host ||
            strcmp(a->addrs[i].host, ref->addrs[i].host) != 0)
            return false;
        if (a->addrs[i].port != ref->addrs[i].port) {
            if (a->addrs[i].port != 6379 || ref->addrs[i].port != 26379)
                return false;
            any = true;
        }
    }
    return any;
}

/* Some component of the version takes the *_SENTINEL_PASSWORD key of this database. */
static bool
reads_sentinel_password_key(const struct db_state *st)
{
    int r;
    for (r = 0; r < READER__MAX; r++)
        if (install_reads(st->in, (enum reader)r, st->db, KEY_SENTINEL_PASSWORD))
            return true;
    return false;
}

static int
report_entry(struct rlint_ctx *ctx, enum rule_id rule, enum rlint_severity sev,
             const struct db_state *st, unsigned fail_mask, unsigned mis_mask, const char *what,
             size_t entry)
{
    struct strbuf sb;
    char *m;
    int rc;
    strbuf_init(&sb);
    if (entry)
        strbuf_addf(&sb, "%s (entry %zu)", what, entry);
    else
        strbuf_adds(&sb, what);
    m = strbuf_finish(&sb);
    if (!m)
        return RLINT_ENOMEM;
    rc = report_misread(ctx, rule, sev, st, st->hosts, fail_mask, mis_mask, m);
    free(m);
    return rc;
}

int
check_sentinels(struct rlint_ctx *ctx, const struct db_state *st)
{
    const struct secret_entry *e = st->hosts;
    const unsigned system = 1u << READER_SYSTEM, preflight = 1u << READER_PREFLIGHT;
    const unsigned apisonator = 1u << READER_BACKEND_SYNC | 1u << READER_BACKEND_ASYNC;
    unsigned readers, fail_mask = 0, mis_mask = 0, explained_fail = 0, explained_mis = 0;
    struct sentinel_scan scan;
    const struct sentinel_reading *ref = NULL;
    size_t i, usable = 0, dead = 0;
    int r, rc = 0;

    if (!st->hosts_read)
        return 0;
    readers = hosts_readers(st);
    sentinels_scan(&scan, e->value, e->len);
    for (r = 0; r < READER__MAX; r++)
        if ((readers & (1u << r)) && st->hosts_r[r].status == READ_FAIL)
            fail_mask |= 1u << r;
    if (st->hosts_ref.status == READ_OK)
        ref = &st->hosts_ref;
    for (r = 0; r < READER__MAX; r++)
        if ((readers & (1u << r)) && st->hosts_r[r].status == READ_OK && ref &&
            !same_sentinels(&st->hosts_r[r], ref))
            mis_mask |= 1u << r;

#define BROKEN(mask) (((fail_mask | mis_mask) & (mask)) != 0)
#define SEV(mask) (BROKEN(mask) ? RLINT_SEVERITY_ERROR : RLINT_SEVERITY_WARNING)

    if (has_surrounding_space(e->value, e->len)) {
        unsigned m = fail_mask & system;
        if ((rc = report_misread(ctx, RULE_VALUE_WHITESPACE, SEV(system), st, e, m, 0,
                                 "has leading or trailing whitespace (a trailing newline from "
                                 "`echo | base64`?)")) < 0)
            return rc;
        explained_fail |= m;
    }
    if (scan.has_quote || scan.has_backslash) {
        unsigned m = fail_mask & (system | preflight);
        if ((rc = report_entry(ctx, scan.has_backslash ? RULE_SENTINEL_ESCAPE
                                                       : RULE_URL_YAML_SPECIAL,
                               SEV(system | preflight), st, m, 0,
                               scan.has_backslash
                                   ? "uses a backslash escape, which only apisonator honours"
                                   : "contains '\"', which porta's YAML configuration cannot "
                                     "hold",
                               0)) < 0)
            return rc;
        explained_fail |= m;
    }
    if (scan.has_other_separator) {
        if ((rc = report_entry(ctx, RULE_SENTINEL_SEPARATOR, RLINT_SEVERITY_ERROR, st,
                               fail_mask, mis_mask,
                               "separates sentinels with something other than ','", 0)) < 0)
            return rc;
        explained_fail |= fail_mask;
        explained_mis |= mis_mask;
    }
    if (scan.first_space_entry && !has_surrounding_space(e->value, e->len)) {
        unsigned m = fail_mask & ~explained_fail & (system | preflight);
        if ((rc = report_entry(ctx, RULE_SENTINEL_SPACE, SEV(system), st, m, 0,
                               "has a space around an entry (after a comma?); apisonator strips "
                               "it, porta does not",
                               scan.first_space_entry)) < 0)
            return rc;
        explained_fail |= m;
    }
    if (scan.first_empty_entry) {
        unsigned m = mis_mask & ~explained_mis & (system | preflight);
        if ((rc = report_entry(ctx, RULE_SENTINEL_EMPTY_ENTRY, m ? RLINT_SEVERITY_ERROR
                                                                 : RLINT_SEVERITY_WARNING,
                               st, 0, m,
                               "has an empty entry; porta and the preflight turn it into a "
                               "sentinel on localhost",
                               scan.first_empty_entry)) < 0)
            return rc;
        explained_mis |= m;
    }
    if (scan.first_raw_at_entry) {
        unsigned m = mis_mask & ~explained_mis;
        if ((rc = report_entry(ctx, RULE_SENTINEL_CREDENTIALS_UNENCODED, RLINT_SEVERITY_ERROR, st,
                               fail_mask & ~explained_fail, m | (ref ? apisonator & readers : 0),
                               "has an unencoded '@' or '#' in an entry's password: the entry "
                               "becomes host 'redis'",
                               scan.first_raw_at_entry)) < 0)
            return rc;
        explained_mis |= mis_mask;
        explained_fail |= fail_mask;
    }
    if (scan.first_other_scheme_entry) {
        unsigned m = mis_mask & ~explained_mis;
        if ((rc = report_entry(ctx, RULE_SENTINEL_SCHEME_IGNORED,
                               m ? RLINT_SEVERITY_ERROR : RLINT_SEVERITY_WARNING, st, 0, m,
                               "has an entry with a scheme other than redis:// or rediss://",
                               scan.first_other_scheme_entry)) < 0)
            return rc;
        explained_mis |= m;
    }
    /* failures and misreads no lexical rule explained */
    if (fail_mask & ~explained_fail) {
        unsigned m = fail_mask & ~explained_fail;
        size_t entry = 0;
        for (r = 0; r < READER__MAX; r++)
            if (m & (1u << r)) {
                entry = st->hosts_r[r].fail_entry;
                break;
            }
        if ((rc = report_entry(ctx, RULE_SENTINEL_ENTRY_INVALID, RLINT_SEVERITY_ERROR, st, m, 0,
                               "has an entry that cannot be parsed as "
                               "[redis://][[user]:password@]host[:port]",
                               entry)) < 0)
            return rc;
    }
    if (mis_mask & ~explained_mis) {
        unsigned m = mis_mask & ~explained_mis;
        bool port_default = m == preflight && ref &&
                            only_default_ports_differ(&st->hosts_r[READER_PREFLIGHT], ref);
        if ((rc = report_entry(ctx, RULE_SENTINEL_READERS_DISAGREE, RLINT_SEVERITY_ERROR, st, 0,
                               m,
                               port_default
                                   ? "has an entry without a port: the apps use 26379, the "
                                     "preflight (go-redis) 6379, which is not a sentinel; write "
                                     "the port"
                                   : "is read as a different set of sentinels by the components",
                               0)) < 0)
            return rc;
    }
    if (!ref)
        return 0;

    /* what is risky even where every component copes */
    for (i = 0; i < ref->count; i++) {
        if (ref->addrs[i].port == 0 || ref->addrs[i].port > 65535)
            dead++;
        else
            usable++;
    }
    if (dead && !usable)
        rc = report_entry(ctx, RULE_SENTINEL_NONE_USABLE, RLINT_SEVERITY_ERROR, st, readers, 0,
                          "has no sentinel with a port that can be dialled", 0);
    else if (dead)
        rc = report_entry(ctx, RULE_SENTINEL_PORT_RANGE, RLINT_SEVERITY_WARNING, st, 0, 0,
                          "has a sentinel port of 0 or above 65535: that sentinel is skipped",
                          scan.first_bad_port_entry);
    if (rc < 0)
        return rc;
    if (scan.first_duplicate_entry &&
        (rc = report_entry(ctx, RULE_SENTINEL_DUPLICATE, RLINT_SEVERITY_WARNING, st, 0, 0,
                           "lists the same sentinel twice", scan.first_duplicate_entry)) < 0)
        return rc;
    if (usable > 0 && usable < 3 && !fail_mask &&
        (rc = report_entry(ctx, RULE_SENTINEL_TOO_FEW, RLINT_SEVERITY_WARNING, st, 0, 0,
                           usable == 1 ? "lists a single sentinel: no failover is possible"
                                       : "lists two sentinels: a majority needs three",
                           0)) < 0)
        return rc;
    if (scan.has_other_separator)
        return 0; /* the rest would describe the one malformed entry again */
    if (scan.first_rediss_entry &&
        (rc = report_entry(ctx, RULE_SENTINEL_SCHEME_IGNORED, RLINT_SEVERITY_WARNING, st, 0, 0,
                           "has a rediss:// entry, which does not enable TLS: TLS to sentinels "
                           "follows the master URL scheme and the *_SSL setting",
                           scan.first_rediss_entry)) < 0)
        return rc;
    if (scan.first_path_entry &&
        (rc = report_entry(ctx, RULE_SENTINEL_SCHEME_IGNORED, RLINT_SEVERITY_WARNING, st, 0, 0,
                           "has an entry with a path or query, which is ignored",
                           scan.first_path_entry)) < 0)
        return rc;
    if (scan.first_percent_credentials_entry &&
        (rc = report_entry(ctx, RULE_SENTINEL_CREDENTIALS_PERCENT,
                           st->reads_hosts[READER_PREFLIGHT] ? RLINT_SEVERITY_ERROR
                                                             : RLINT_SEVERITY_WARNING,
                           st, 0, st->reads_hosts[READER_PREFLIGHT] ? preflight : 0,
                           "has percent-encoded credentials in an entry: apisonator and porta "
                           "send them verbatim, the preflight decodes them",
                           scan.first_percent_credentials_entry)) < 0)
        return rc;
    if (scan.entries_with_credentials && reads_sentinel_password_key(st)) {
        const struct secret_entry *key = install_key(st->in, st->db, KEY_SENTINEL_PASSWORD);
        if ((rc = report_entry(ctx, RULE_SENTINEL_CREDENTIALS, RLINT_SEVERITY_WARNING, st, 0, 0,
                               key && key->len
                                   ? "carries credentials in its entries, which override the "
                                     "*_SENTINEL_PASSWORD key: the key is ignored"
                               : scan.credentials_differ
                                   ? "carries different credentials in its entries; only the "
                                     "first entry's are used"
                                   : "carries credentials in its entries; the "
                                     "*_SENTINEL_USERNAME/PASSWORD keys are the safer place",
                               0)) < 0)
            return rc;
    }
    return 0;
#undef BROKEN
#undef SEV
}

static bool
is_blank(const char *v, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (v[i] != ' ' && v[i] != '\t' && v[i] != '\r' && v[i] != '\n')
            return false;
    return true;
}

int
check_role(struct rlint_ctx *ctx, const struct db_state *st)
{
    static const enum reader app_readers[] = {READER_BACKEND_SYNC, READER_BACKEND_ASYNC,
                                              READER_SYSTEM};
    const struct secret_entry *e = st->role;
    unsigned unknown = 0, no_sentinels = 0, read_only = 0, ignored = 0, readers = 0;
    bool replica;
    size_t i;
    int rc;

    if (!entry_usable(e) || is_blank(e->value, e->len))
        return 0;
    replica = e->len == 7 && memcmp(e->value, "replica", 7) == 0;
    for (i = 0; i < ARRAY_SIZE(app_readers); i++) {
        enum reader r = app_readers[i];
        struct read_env env = {.client = install_client(st->in, r), .tls_flag = st->tls_flag};
        struct role_reading rr;
        if (!st->reads_role[r])
            continue;
        if (st->hosts_read && st->hosts_r[r].status == READ_FAIL)
            continue; /* it fails on the sentinel list first; that is reported there */
        env.sentinels = db_state_sentinels(st, r) > 0;
        role_read(&rr, r, &env, e->value, e->len);
        if (rr.status == READ_NOT_APPLICABLE)
            continue;
        readers |= 1u << r;
        if (rr.status == READ_FAIL && rr.fail == ROLE_FAIL_NO_SENTINELS)
            no_sentinels |= 1u << r;
        else if (rr.status == READ_FAIL)
            unknown |= 1u << r;
        else if (rr.ignored)
            ignored |= 1u << r;
        else if (rr.role == ROLE_SLAVE || rr.role == ROLE_REPLICA)
            read_only |= 1u << r;
    }
    if (has_surrounding_space(e->value, e->len) && unknown) {
        rc = report_readers(ctx, RULE_VALUE_WHITESPACE, RLINT_SEVERITY_ERROR, st, e, unknown,
                            "has leading or trailing whitespace (a trailing newline from `echo "
                            "| base64`?), which apisonator does not strip");
        unknown = 0;
    } else if (unknown) {
        rc = report_readers(ctx, replica ? RULE_ROLE_REPLICA_UNSUPPORTED : RULE_ROLE_INVALID,
                            RLINT_SEVERITY_ERROR, st, e, unknown,
                            replica ? "is 'replica', which this component does not accept "
                                      "(only master or slave)"
                                    : "is not exactly 'master' or 'slave' (roles are case- and "
                                      "whitespace-sensitive; porta reads yes/true/on as a "
                                      "boolean)");
    } else {
        rc = 0;
    }
    if (rc < 0)
        return rc;
    if (no_sentinels) {
        /* no sentinel key at all is usually a typo in its name: the backend then drops the
         * role and connects to the URL host (the group name) directly (facts Appendix B) */
        unsigned typo = st->hosts ? 0 : readers & ~no_sentinels & ~unknown;
        if ((rc = report_misread(ctx, RULE_ROLE_WITHOUT_SENTINELS, RLINT_SEVERITY_ERROR, st, e,
                                 no_sentinels, typo,
                                 st->hosts ? "is set but the sentinel list is empty: porta "
                                             "passes the role to a plain client (unknown "
                                             "keyword: :role)"
                                           : "is set but the sentinel list key is missing: "
                                             "porta passes the role to a plain client (unknown "
                                             "keyword: :role)")) < 0)
            return rc;
    }
    if (!no_sentinels && !unknown && readers && ignored == readers &&
        (rc = report_readers(ctx, RULE_ROLE_WITHOUT_SENTINELS, RLINT_SEVERITY_INFO, st, e, 0,
                             "is set but there are no sentinels: it is ignored")) < 0)
        return rc;
    if (read_only) {
        struct strbuf sb;
        char *what;
        strbuf_init(&sb);
        strbuf_adds(&sb, "asks the sentinels for a replica, which is read-only: every write of ");
        readers_join(&sb, read_only);
        strbuf_adds(&sb, " fails with READONLY");
        what = strbuf_finish(&sb);
        if (!what)
            return RLINT_ENOMEM;
        rc = report_components(ctx, RULE_ROLE_READ_ONLY, RLINT_SEVERITY_ERROR, st, e, read_only,
                               what);
        free(what);
        if (rc < 0)
            return rc;
    }
    return 0;
}
