/* rules.h - the checks that run over the loaded objects. */
#ifndef RLINT_RULES_H
#define RLINT_RULES_H

#include "run.h"

/* rlint_check() below the API: detects the version, chooses its profile and runs every rule
 * once. Returns 0, RLINT_ENOTFOUND (no profile covers the version: one finding says so),
 * RLINT_EUNSUPPORTED, RLINT_EINVAL (checked already) or RLINT_ENOMEM. The findings are left
 * unsorted: rlint_check() sorts them. */
int rules_check(struct rlint_ctx *ctx);

/* Each returns 0 or RLINT_ENOMEM. */
int rules_check_secrets(struct rlint_ctx *ctx);   /* rules-secret.c: keys */
int rules_check_values(struct rlint_ctx *ctx);    /* rules-values.c: URLs, sentinels, roles */
int rules_check_cross(struct rlint_ctx *ctx);     /* rules-cross.c: across fields, Secrets, CR */
int rules_check_env(struct rlint_ctx *ctx);       /* rules-env.c: workload env references */

/* "2.14" for 14. */
const char *version_name(int minor);

#endif
