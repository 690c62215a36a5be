/* rules-values.c - runs the value rules over each install, and the checks across its
 * databases (RLINT070, RLINT071). The credential keys: rules-credentials.c. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dbstate.h"
#include "endpoints.h"
#include "findings.h"
#include "rules-values.h"
#include "value-report.h"
#include "rules.h"
#include "banned.h"

/* Where a database's data lives, as the reference reader sees it. */
struct target {
    bool known;
    bool sentinel;
    const char *host; /* master group name with sentinels */
    unsigned port;
    long db;
};

static void
target_of(struct target *t, const struct db_state *st)
{
    static const enum reader order[] = {READER_BACKEND_SYNC, READER_SYSTEM};
    size_t i;
    memset(t, 0, sizeof(*t));
    if (!st->url_read)
        return;
    for (i = 0; i < ARRAY_SIZE(order); i++) {
        const struct url_reading *u = &st->url_r[order[i]];
        if (!st->reads[order[i]] || u->status != READ_OK || !u->host)
            continue;
        t->known = true;
        t->sentinel = db_state_sentinels(st, order[i]) > 0;
        t->host = u->host;
        t->port = u->port;
        t->db = u->db;
        return;
    }
}

static bool
same_target(const struct target *a, const struct target *b)
{
    if (!a->known || !b->known || a->sentinel != b->sentinel || a->db != b->db)
        return false;
    if (strcasecmp(a->host, b->host) != 0)
        return false;
    return a->sentinel || a->port == b->port;
}

static int
check_same_database(struct rules *rs, const struct db_state *states)
{
    static const struct {
        enum redis_db first, second;
    } pairs[] = {{DB_STORAGE, DB_QUEUES}, {DB_STORAGE, DB_SYSTEM}, {DB_QUEUES, DB_SYSTEM}};
    struct target t[VALUE_DBS];
    size_t i;
    int rc;

    for (i = 0; i < VALUE_DBS; i++)
        target_of(&t[i], &states[i]);
    for (i = 0; i < ARRAY_SIZE(pairs); i++) {
        const struct db_state *later = &states[pairs[i].second];
        struct strbuf sb;
        char *m;
        if (!same_target(&t[pairs[i].first], &t[pairs[i].second]))
            continue;
        strbuf_init(&sb);
        strbuf_addf(&sb,
                    "points at the same Redis database as the %s URL: %s and %s share one "
                    "keyspace",
                    db_label(pairs[i].first), db_label(pairs[i].first),
                    db_label(pairs[i].second));
        m = strbuf_finish(&sb);
        if (!m)
            return RLINT_ENOMEM;
        rc =
            report_readers(rs, RULE_SAME_DATABASE, RLINT_SEVERITY_WARNING, later, later->url, 0, m);
        free(m);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int
check_twins(struct rules *rs, const struct db_state *storage, const struct db_state *queues)
{
    bool s = db_state_sentinels(storage, READER_BACKEND_SYNC) > 0;
    bool q = db_state_sentinels(queues, READER_BACKEND_SYNC) > 0;
    const struct secret_entry *at = queues->hosts ? queues->hosts : queues->url;
    if (s == q || !at || !storage->url_read || !queues->url_read || storage->hosts_unknown ||
        queues->hosts_unknown)
        return 0; /* an unknown list is not an empty one (its placeholder is reported) */
    return report_readers(rs, RULE_SENTINEL_TWIN_MISMATCH, RLINT_SEVERITY_WARNING, queues, at, 0,
                          s ? "is empty while storage uses sentinels: the queues do not fail "
                              "over"
                            : "lists sentinels while storage uses none: storage does not fail "
                              "over");
}

static int
check_install(struct rules *rs, const struct install *in)
{
    struct db_state states[VALUE_DBS];
    size_t i;
    int rc = 0;

    memset(states, 0, sizeof(states));
    for (i = 0; i < VALUE_DBS && rc == 0; i++)
        rc = db_state_init(&states[i], in, (enum redis_db)i);
    for (i = 0; i < VALUE_DBS && rc == 0; i++) {
        if (!states[i].secret)
            continue;
        if ((rc = check_url(rs, &states[i])) < 0 || (rc = check_sentinels(rs, &states[i])) < 0 ||
            (rc = check_role(rs, &states[i])) < 0 || (rc = check_credentials(rs, &states[i])) < 0)
            break;
    }
    for (i = 0; i < VALUE_DBS && rc == 0; i++)
        rc = endpoints_collect(rs, &states[i]);
    if (rc == 0)
        rc = check_same_database(rs, states);
    if (rc == 0)
        rc = check_twins(rs, &states[DB_STORAGE], &states[DB_QUEUES]);
    for (i = 0; i < VALUE_DBS; i++)
        db_state_release(&states[i]);
    return rc;
}

int
rules_check_values(struct rules *rs)
{
    struct install *installs;
    int n = installs_collect(rs->model, &installs), i, rc = 0;
    if (n < 0)
        return n;
    for (i = 0; i < n && rc == 0; i++)
        rc = check_install(rs, &installs[i]);
    free(installs);
    return rc;
}
