/* rules-values.h - the value rules of one database (URL, sentinels, role, credentials), which
 * rules-values.c runs for each database of each install. */
#ifndef RLINT_RULES_VALUES_H
#define RLINT_RULES_VALUES_H

#include "findings.h"
#include "rules.h"
#include "dbstate.h"

int check_url(struct rules *rs, const struct db_state *st);
int check_sentinels(struct rules *rs, const struct db_state *st);
int check_role(struct rules *rs, const struct db_state *st);
/* rules-credentials.c: the *_USERNAME/PASSWORD keys (RLINT005, RLINT079). */
int check_credentials(struct rules *rs, const struct db_state *st);

#endif
