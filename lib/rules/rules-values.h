/* rules-values.h - between the value rules' files. */
#ifndef RLINT_RULES_VALUES_H
#define RLINT_RULES_VALUES_H

#include "ctx.h"
#include "dbstate.h"

const char *reader_consequence(enum reader r);
void consequences_join(struct strbuf *sb, unsigned mask);
int report_readers(struct rlint_ctx *ctx, enum rule_id rule, enum rlint_severity sev,
                   const struct db_state *st, const struct secret_entry *e, unsigned mask,
                   const char *what);
int report_misread(struct rlint_ctx *ctx, enum rule_id rule, enum rlint_severity sev,
                   const struct db_state *st, const struct secret_entry *e, unsigned fail_mask,
                   unsigned mis_mask, const char *what);
/* "'KEY' <what>" with the readers in mask as the components. */
int report_components(struct rlint_ctx *ctx, enum rule_id rule, enum rlint_severity sev,
                      const struct db_state *st, const struct secret_entry *e, unsigned mask,
                      const char *what);
/* Readers of the database in this version and mode, as a mask of 1 << reader. */
unsigned reads_mask(const struct db_state *st);

int check_url(struct rlint_ctx *ctx, const struct db_state *st);
int check_sentinels(struct rlint_ctx *ctx, const struct db_state *st);
int check_role(struct rlint_ctx *ctx, const struct db_state *st);
/* rules-credentials.c: the *_USERNAME/PASSWORD keys (RLINT005, RLINT079). */
int check_credentials(struct rlint_ctx *ctx, const struct db_state *st);

#endif
