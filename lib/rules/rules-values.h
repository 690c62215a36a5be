/* rules-values.h - the value rules of one database (URL, sentinels, role, credentials), which
 * rules-values.c runs for each database of each install. */
#ifndef RLINT_RULES_VALUES_H
#define RLINT_RULES_VALUES_H

#include "findings.h"
#include "run.h"
#include "dbstate.h"

int check_url(struct rlint_ctx *ctx, const struct db_state *st);
int check_sentinels(struct rlint_ctx *ctx, const struct db_state *st);
int check_role(struct rlint_ctx *ctx, const struct db_state *st);
/* rules-credentials.c: the *_USERNAME/PASSWORD keys (RLINT005, RLINT079). */
int check_credentials(struct rlint_ctx *ctx, const struct db_state *st);

#endif
