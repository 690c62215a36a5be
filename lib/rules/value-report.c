/* value-report.c - findings about a value that several components read, naming those that
 * break (rules-url.c, rules-sentinel.c, rules-credentials.c share these). */
#include "value-report.h"

#include <stdlib.h>

#include "util.h"
#include "banned.h"

unsigned
reads_mask(const struct db_state *st)
{
    unsigned mask = 0;
    int r;
    for (r = 0; r < READER__MAX; r++)
        if (st->reads[r])
            mask |= 1u << r;
    return mask;
}

const char *
reader_consequence(enum reader r)
{
    switch (r) {
    case READER_BACKEND_SYNC:
        return "backend (sync) fails at boot";
    case READER_BACKEND_ASYNC:
        return "backend (async: listener, worker) fails at its first command";
    case READER_SYSTEM:
        return "system (porta: system-app, sidekiq) fails at boot";
    case READER_OPERATOR:
        return "the operator refuses the Secret";
    case READER_PREFLIGHT:
        return "the operator preflight fails";
    case READER__MAX:
        break;
    }
    return "";
}

void
consequences_join(struct strbuf *sb, unsigned mask)
{
    int r;
    bool first = true;
    for (r = 0; r < READER__MAX; r++) {
        if (!(mask & (1u << r)))
            continue;
        strbuf_adds(sb, first ? "" : "; ");
        strbuf_adds(sb, reader_consequence((enum reader)r));
        first = false;
    }
}

int
report_message(struct rules *rs, enum rule_id rule, enum rlint_severity sev,
               const struct diag_loc *loc, unsigned mask, struct strbuf *msg)
{
    struct strbuf comp;
    char *c, *m;
    int rc;

    strbuf_init(&comp);
    readers_join(&comp, mask);
    c = strbuf_finish(&comp);
    m = strbuf_finish(msg);
    if (!c || !m) {
        free(c);
        free(m);
        return RLINT_ENOMEM;
    }
    rc = report_add(rs->report, rule, sev, mask ? c : NULL, loc, "%s", m);
    free(c);
    free(m);
    return rc;
}

int
report_components(struct rules *rs, enum rule_id rule, enum rlint_severity sev,
                  const struct db_state *st, const struct secret_entry *e, unsigned mask,
                  const char *what)
{
    struct strbuf comp;
    struct diag_loc loc;
    char *c;
    int rc;

    entry_loc(&loc, st->secret, e);
    strbuf_init(&comp);
    readers_join(&comp, mask);
    c = strbuf_finish(&comp);
    if (!c)
        return RLINT_ENOMEM;
    rc = report_add(rs->report, rule, sev, mask ? c : NULL, &loc, "'%s' %s", e->key, what);
    free(c);
    return rc;
}

int
report_readers(struct rules *rs, enum rule_id rule, enum rlint_severity sev,
               const struct db_state *st, const struct secret_entry *e, unsigned mask,
               const char *what)
{
    return report_misread(rs, rule, sev, st, e, mask, 0, what);
}

/* Reports rule with a message "'KEY' <what>: <what happens to each reader>": the readers in
 * fail_mask fail, those in mis_mask connect somewhere else. */
int
report_misread(struct rules *rs, enum rule_id rule, enum rlint_severity sev,
               const struct db_state *st, const struct secret_entry *e, unsigned fail_mask,
               unsigned mis_mask, const char *what)
{
    struct strbuf msg;
    struct diag_loc loc;

    entry_loc(&loc, st->secret, e);
    strbuf_init(&msg);
    strbuf_addf(&msg, "'%s' %s", e->key, what);
    if (fail_mask) {
        strbuf_adds(&msg, ": ");
        consequences_join(&msg, fail_mask);
    }
    if (mis_mask) {
        strbuf_adds(&msg, fail_mask ? "; " : ": ");
        readers_join(&msg, mis_mask);
        strbuf_adds(&msg, mis_mask & (mis_mask - 1) ? " read" : " reads");
        strbuf_adds(&msg, " it differently and connect");
        strbuf_adds(&msg, mis_mask & (mis_mask - 1) ? "" : "s");
        strbuf_adds(&msg, " to the wrong place");
    }
    return report_message(rs, rule, sev, &loc, fail_mask | mis_mask, &msg);
}
