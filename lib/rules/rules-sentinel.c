/* rules-sentinel.c - Sentinel lists and roles as each component reads them (RLINT005,
 * RLINT040-RLINT053, RLINT060-RLINT063). */
#include <stdlib.h>
#include <string.h>

#include "dbstate.h"
#include "findings.h"
#include "rules-values.h"
#include "value-report.h"
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

/* Host names compare without case (DNS), and an IPv6 literal with or without brackets. */
static bool
addr_equal(const struct sentinel_addr *a, const struct sentinel_addr *b)
{
    const char *x = a->host, *y = b->host;
    size_t xl, yl;

    if (a->port != b->port || !x || !y)
        return false;
    xl = strlen(x);
    yl = strlen(y);
    if (xl >= 2 && x[0] == '[' && x[xl - 1] == ']') {
        x++;
        xl -= 2;
    }
    if (yl >= 2 && y[0] == '[' && y[yl - 1] == ']') {
        y++;
        yl -= 2;
    }
    return xl == yl && strncasecmp(x, y, xl) == 0;
}

static bool
has_addr(const struct sentinel_reading *list, const struct sentinel_addr *a)
{
    size_t i;
    for (i = 0; i < list->count; i++)
        if (addr_equal(&list->addrs[i], a))
            return true;
    return false;
}

static bool
same_secret(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
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

/* How each component's reading compares with the reference reading (facts App. C: a
 * component whose reading differs from the RFC 3986 one breaks), as masks of 1 << reader. */
struct verdict {
    unsigned fail;    /* fails on the list (boot, first command, preflight) */
    unsigned addrs;   /* asks other sentinels than the reference's, or misses some */
    unsigned creds;   /* sends other sentinel credentials than the reference's: every
                         sentinel that checks them refuses it (an error) */
    unsigned severe;  /* of addrs: no listed sentinel is left for it (an error); the others
                         keep at least one (degraded redundancy: a warning, App. C C9, C10) */
    unsigned encoded; /* of creds: it sends them still percent-encoded (App. C row C3) */
};

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

/* enc, percent-decoded, equals dec. */
static bool
decodes_to(const char *enc, const char *dec)
{
    while (*enc && *dec) {
        if (enc[0] == '%' && enc[1] && enc[2] && hex_digit(enc[1]) >= 0 &&
            hex_digit(enc[2]) >= 0) {
            if ((unsigned char)*dec != hex_digit(enc[1]) * 16 + hex_digit(enc[2]))
                return false;
            enc += 3;
        } else if (*enc++ != *dec) {
            return false;
        }
        dec++;
    }
    return !*enc && !*dec;
}

static void
judge(struct verdict *v, const struct db_state *st, unsigned readers)
{
    const struct sentinel_reading *ref = &st->hosts_ref;
    int r;

    memset(v, 0, sizeof(*v));
    for (r = 0; r < READER__MAX; r++) {
        const struct sentinel_reading *got = &st->hosts_r[r];
        unsigned bit = 1u << r;
        size_t i, matched = 0, missing = 0;

        if (!(readers & bit))
            continue;
        if (got->status == READ_FAIL) {
            v->fail |= bit;
            continue;
        }
        for (i = 0; i < got->count; i++)
            if (has_addr(ref, &got->addrs[i]))
                matched++;
        for (i = 0; i < ref->count; i++)
            if (!has_addr(got, &ref->addrs[i]))
                missing++;
        if (matched < got->count || missing) {
            v->addrs |= bit;
            if (matched == 0)
                v->severe |= bit;
        }
        if (!same_secret(got->username, ref->username) ||
            !same_secret(got->password, ref->password)) {
            v->creds |= bit;
            if (got->password && ref->password && decodes_to(got->password, ref->password) &&
                (same_secret(got->username, ref->username) ||
                 (got->username && ref->username && decodes_to(got->username, ref->username))))
                v->encoded |= bit;
        }
    }
}

static void
join_verb(struct strbuf *sb, unsigned mask, const char *one, const char *many)
{
    readers_join(sb, mask);
    strbuf_adds(sb, mask & (mask - 1) ? many : one);
}

/* One finding: "'KEY' <what> (entry N): <what each named component does>". */
static int
report_list(struct rules *rs, enum rule_id rule, enum rlint_severity sev, const struct db_state *st,
            const struct verdict *named, const char *what, size_t entry)
{
    const char *sep = ": ";
    struct strbuf msg;
    struct diag_loc loc;

    entry_loc(&loc, st->secret, st->hosts);
    strbuf_init(&msg);
    strbuf_addf(&msg, "'%s' %s", st->hosts->key, what);
    if (entry)
        strbuf_addf(&msg, " (entry %zu)", entry);
    if (named->fail) {
        strbuf_adds(&msg, sep);
        consequences_join(&msg, named->fail);
        sep = "; ";
    }
    if (named->addrs) {
        strbuf_adds(&msg, sep);
        join_verb(&msg, named->addrs, " asks", " ask");
        strbuf_adds(&msg, sev == RLINT_SEVERITY_ERROR
                              ? " other sentinels than the ones written"
                              : " a wrong sentinel for some entry, but the other sentinels "
                                "still work (less redundancy)");
        sep = "; ";
    }
    if (named->creds) {
        strbuf_adds(&msg, sep);
        join_verb(&msg, named->creds, " sends", " send");
        strbuf_adds(&msg, " other sentinel credentials than the ones written");
    }
    return report_message(rs, rule, sev, &loc, named->fail | named->addrs | named->creds, &msg);
}

/* Reports one defect of the list for the components in taken (those it explains): an error
 * naming those that fail, keep no working sentinel or send wrong credentials, and a warning
 * naming those that only lose some sentinels (two findings of the same rule when both kinds
 * are there; HACKING.md). always: report the defect even where it breaks nothing (a warning
 * naming no component). */
static int
report_defect(struct rules *rs, enum rule_id rule, const struct db_state *st,
              const struct verdict *v, const struct verdict *taken, bool always, const char *what,
              size_t entry)
{
    struct verdict err = {0}, warn = {0};
    int rc;

    err.fail = taken->fail;
    err.creds = taken->creds;
    /* a component already in the error finding takes its lost sentinels there too */
    err.addrs = taken->addrs & (v->severe | err.fail | err.creds);
    warn.addrs = taken->addrs & ~err.addrs;
    if (err.fail | err.addrs | err.creds) {
        rc = report_list(rs, rule, RLINT_SEVERITY_ERROR, st, &err, what, entry);
        if (rc < 0)
            return rc;
    }
    if (warn.addrs || (always && !(err.fail | err.addrs | err.creds)))
        return report_list(rs, rule, RLINT_SEVERITY_WARNING, st, &warn, what, entry);
    return 0;
}

/* Takes from left the failures in f, the wrong sentinels in a and the wrong credentials in c
 * that a defect explains, into *taken: the components the defect's findings name. */
static void
claim(struct verdict *taken, struct verdict *left, unsigned f, unsigned a, unsigned c)
{
    memset(taken, 0, sizeof(*taken));
    taken->fail = left->fail & f;
    taken->addrs = left->addrs & a;
    taken->creds = left->creds & c;
    left->fail &= ~f;
    left->addrs &= ~a;
    left->creds &= ~c;
}

/* The components of mask that fail on entry (1-based) of the list. */
static unsigned
failing_at(const struct db_state *st, unsigned mask, size_t entry)
{
    unsigned out = 0;
    int r;
    for (r = 0; r < READER__MAX; r++)
        if ((mask & (1u << r)) && st->hosts_r[r].status == READ_FAIL &&
            st->hosts_r[r].fail_entry == entry)
            out |= 1u << r;
    return out;
}

/* The defects of a sentinel list, each reported once, none masking another (facts App. C row
 * C15). Each lexical defect claims the failures and misreadings it explains; the rest go to
 * the generic RLINT044 and RLINT052. */
int
check_sentinels(struct rules *rs, const struct db_state *st)
{
    const struct secret_entry *e = st->hosts;
    const struct sentinel_reading *ref = &st->hosts_ref;
    const unsigned system = 1u << READER_SYSTEM, preflight = 1u << READER_PREFLIGHT;
    unsigned readers;
    struct verdict left, taken, none = {0}, every = {0};
    struct sentinel_scan scan;
    struct verdict v;
    size_t i, usable = 0, dead = 0, written;
    int r, rc = 0;

    if (!st->hosts_read)
        return 0;
    readers = hosts_readers(st);
    sentinels_scan(&scan, e->value, e->len);
    judge(&v, st, readers);
    left = v; /* what no defect below has explained yet */
    every.fail = readers;

    if (has_surrounding_space(e->value, e->len)) {
        claim(&taken, &left, system, 0, 0);
        if ((rc = report_defect(rs, RULE_VALUE_WHITESPACE, st, &v, &taken, true,
                                "has leading or trailing whitespace (a trailing newline from "
                                "`echo | base64`?)",
                                0)) < 0)
            return rc;
    }
    if (scan.has_quote || scan.has_backslash) {
        claim(&taken, &left, system | preflight, 0, 0);
        if ((rc = report_defect(
                 rs, scan.has_backslash ? RULE_SENTINEL_ESCAPE : RULE_URL_YAML_SPECIAL, st, &v,
                 &taken, true,
                 scan.has_backslash ? "uses a backslash escape, which only apisonator honours"
                                    : "contains '\"', which porta's YAML configuration cannot "
                                      "hold",
                 0)) < 0)
            return rc;
    }
    /* credentials sent still percent-encoded are RLINT050's, whatever else is wrong */
    if (scan.has_other_separator) {
        claim(&taken, &left, ~0u, ~0u, ~v.encoded);
        if ((rc = report_defect(rs, RULE_SENTINEL_SEPARATOR, st, &v, &taken, true,
                                "separates sentinels with something other than ','", 0)) < 0)
            return rc;
    }
    if (scan.first_space_entry && !has_surrounding_space(e->value, e->len)) {
        claim(&taken, &left, system | preflight, 0, 0);
        if ((rc = report_defect(rs, RULE_SENTINEL_SPACE, st, &v, &taken, true,
                                "has a space around an entry (after a comma?); apisonator "
                                "strips it, porta does not",
                                scan.first_space_entry)) < 0)
            return rc;
    }
    if (scan.first_empty_entry) {
        claim(&taken, &left, 0, system | preflight, 0);
        if ((rc = report_defect(rs, RULE_SENTINEL_EMPTY_ENTRY, st, &v, &taken, true,
                                "has an empty entry; porta and the preflight turn it into a "
                                "sentinel on localhost",
                                scan.first_empty_entry)) < 0)
            return rc;
    }
    if (scan.first_raw_at_entry) {
        claim(&taken, &left, ~0u, ~0u, ~v.encoded);
        if ((rc = report_defect(rs, RULE_SENTINEL_CREDENTIALS_UNENCODED, st, &v, &taken, true,
                                "has an unencoded '@' or '#' in an entry's password",
                                scan.first_raw_at_entry)) < 0)
            return rc;
    }
    if (scan.first_other_scheme_entry) {
        /* porta makes a host of the scheme; the preflight refuses the entry */
        claim(&taken, &left, failing_at(st, left.fail, scan.first_other_scheme_entry), ~0u,
              0);
        if ((rc = report_defect(rs, RULE_SENTINEL_SCHEME_IGNORED, st, &v, &taken, true,
                                "has an entry with a scheme other than redis:// or rediss://",
                                scan.first_other_scheme_entry)) < 0)
            return rc;
    }
    if (scan.first_percent_credentials_entry) {
        claim(&taken, &left, 0, 0, ~0u);
        if ((rc = report_defect(rs, RULE_SENTINEL_CREDENTIALS_PERCENT, st, &v, &taken, true,
                                "has percent-encoded credentials in an entry: apisonator and "
                                "porta send them verbatim, the preflight decodes them",
                                scan.first_percent_credentials_entry)) < 0)
            return rc;
    }
    /* failures no lexical defect explained; with an entry that is not a URI, the components
     * that make a sentinel of it anyway (apisonator's redis:// retry, App. C row C10) too */
    if (left.fail || (ref->invalid && left.addrs)) {
        size_t entry = ref->first_invalid;
        claim(&taken, &left, ~0u, ref->invalid ? ~0u : 0, 0);
        for (r = 0; r < READER__MAX; r++)
            if (taken.fail & (1u << r)) {
                entry = st->hosts_r[r].fail_entry;
                break;
            }
        if ((rc = report_defect(rs, RULE_SENTINEL_ENTRY_INVALID, st, &v, &taken, false,
                                "has an entry that cannot be parsed as "
                                "[redis://][[user]:password@]host[:port]",
                                entry)) < 0)
            return rc;
    }
    if (left.addrs | left.creds) {
        bool port_default = left.addrs == preflight && !left.creds &&
                            only_default_ports_differ(&st->hosts_r[READER_PREFLIGHT], ref);
        claim(&taken, &left, 0, ~0u, ~0u);
        if ((rc = report_defect(rs, RULE_SENTINEL_READERS_DISAGREE, st, &v, &taken, false,
                                port_default
                                    ? "has an entry without a port: the apps use 26379, the "
                                      "preflight (go-redis) 6379, which is not a sentinel; "
                                      "write the port"
                                : taken.addrs ? "is read as a different set of "
                                                "sentinels by the components"
                                              : "is read with different sentinel "
                                                "credentials by the components",
                                0)) < 0)
            return rc;
    }

    /* what is risky even where every component copes, on the reference reading */
    for (i = 0; i < ref->count; i++) {
        if (ref->addrs[i].port == 0 || ref->addrs[i].port > 65535)
            dead++;
        else
            usable++;
    }
    if (dead && !usable)
        rc = report_defect(rs, RULE_SENTINEL_NONE_USABLE, st, &v, &every, false,
                           "has no sentinel with a port that can be dialled", 0);
    else if (dead)
        rc = report_defect(rs, RULE_SENTINEL_PORT_RANGE, st, &v, &none, true,
                           "has a sentinel port of 0 or above 65535: that sentinel is skipped",
                           scan.first_bad_port_entry);
    if (rc < 0)
        return rc;
    if (scan.first_duplicate_entry &&
        (rc = report_defect(rs, RULE_SENTINEL_DUPLICATE, st, &v, &none, true,
                            "lists the same sentinel twice", scan.first_duplicate_entry)) < 0)
        return rc;
    /* the entries written (an unparseable one counts: RLINT044 reports it); with another
     * separator the count is unknown, and RLINT043 said so */
    written = ref->count + ref->invalid;
    if (usable > 0 && written < 3 && !scan.has_other_separator &&
        (rc = report_defect(rs, RULE_SENTINEL_TOO_FEW, st, &v, &none, true,
                            written == 1 ? "lists a single sentinel: no failover is possible"
                                         : "lists two sentinels: a majority needs three",
                            0)) < 0)
        return rc;
    if (scan.first_rediss_entry &&
        (rc = report_defect(rs, RULE_SENTINEL_SCHEME_IGNORED, st, &v, &none, true,
                            "has a rediss:// entry, which does not enable TLS: TLS to sentinels "
                            "follows the master URL scheme and the *_SSL setting",
                            scan.first_rediss_entry)) < 0)
        return rc;
    if (scan.first_path_entry &&
        (rc = report_defect(rs, RULE_SENTINEL_SCHEME_IGNORED, st, &v, &none, true,
                            "has an entry with a path or query, which is ignored",
                            scan.first_path_entry)) < 0)
        return rc;
    if (scan.entries_with_credentials && reads_sentinel_password_key(st)) {
        const struct secret_entry *key = install_key(st->in, st->db, KEY_SENTINEL_PASSWORD);
        if ((rc = report_defect(rs, RULE_SENTINEL_CREDENTIALS, st, &v, &none, true,
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
check_role(struct rules *rs, const struct db_state *st)
{
    static const enum reader app_readers[] = {READER_BACKEND_SYNC, READER_BACKEND_ASYNC,
                                              READER_SYSTEM};
    const struct secret_entry *e = st->role;
    unsigned unknown = 0, no_sentinels = 0, read_only = 0, ignored = 0, readers = 0;
    bool replica;
    size_t i;
    int rc;

    /* whether there are sentinels decides what the role does: unknown when the list is */
    if (!entry_usable(e) || is_blank(e->value, e->len) || st->hosts_unknown)
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
        rc = report_readers(rs, RULE_VALUE_WHITESPACE, RLINT_SEVERITY_ERROR, st, e, unknown,
                            "has leading or trailing whitespace (a trailing newline from `echo "
                            "| base64`?), which apisonator does not strip");
        unknown = 0;
    } else if (unknown) {
        rc = report_readers(rs, replica ? RULE_ROLE_REPLICA_UNSUPPORTED : RULE_ROLE_INVALID,
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
        if ((rc = report_misread(rs, RULE_ROLE_WITHOUT_SENTINELS, RLINT_SEVERITY_ERROR, st, e,
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
        (rc = report_readers(rs, RULE_ROLE_WITHOUT_SENTINELS, RLINT_SEVERITY_INFO, st, e, 0,
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
        rc = report_components(rs, RULE_ROLE_READ_ONLY, RLINT_SEVERITY_ERROR, st, e, read_only,
                               what);
        free(what);
        if (rc < 0)
            return rc;
    }
    return 0;
}
