/* rules.h - the rule table (from rules.def) and the checks that run over the loaded objects. */
#ifndef RLINT_RULES_H
#define RLINT_RULES_H

#include "ctx.h"

const struct rlint_rule_info *rule_info(enum rule_id rule);

/* Each returns 0 or RLINT_ENOMEM. */
int rules_check_secrets(struct rlint_ctx *ctx);   /* rules-secret.c: keys */
int rules_check_values(struct rlint_ctx *ctx);    /* rules-values.c: URLs, sentinels, roles */
int rules_check_cross(struct rlint_ctx *ctx);     /* rules-cross.c: across fields, Secrets, CR */
int rules_check_env(struct rlint_ctx *ctx);       /* rules-env.c: workload env references */

/* "2.14" for 14. */
const char *version_name(int minor);

#endif
