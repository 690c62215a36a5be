/* value-report.h - how the value rules word a finding about a value several components read:
 * the components that break, and what happens to each. */
#ifndef RLINT_VALUE_REPORT_H
#define RLINT_VALUE_REPORT_H

#include "dbstate.h"
#include "findings.h"
#include "rules.h"

const char *reader_consequence(enum reader r);
void consequences_join(struct strbuf *sb, unsigned mask);
int report_readers(struct rules *rs, enum rule_id rule, enum rlint_severity sev,
                   const struct db_state *st, const struct secret_entry *e, unsigned mask,
                   const char *what);
int report_misread(struct rules *rs, enum rule_id rule, enum rlint_severity sev,
                   const struct db_state *st, const struct secret_entry *e, unsigned fail_mask,
                   unsigned mis_mask, const char *what);
/* Reports the message built in msg (finished and freed here) with the readers in mask as the
 * components, none when mask is 0. */
int report_message(struct rules *rs, enum rule_id rule, enum rlint_severity sev,
                   const struct diag_loc *loc, unsigned mask, struct strbuf *msg);
/* "'KEY' <what>" with the readers in mask as the components. */
int report_components(struct rules *rs, enum rule_id rule, enum rlint_severity sev,
                      const struct db_state *st, const struct secret_entry *e, unsigned mask,
                      const char *what);
/* Readers of the database in this version and mode, as a mask of 1 << reader. */
unsigned reads_mask(const struct db_state *st);

#endif
