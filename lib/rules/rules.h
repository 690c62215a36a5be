/* rules.h - the checks that run over the loaded objects. */
#ifndef RLINT_RULES_H
#define RLINT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "model.h"

struct endpoint;

/* The rules' state: what they read (the model, whose profile rules_check() chooses), where
 * their findings go, and what they leave for the caller (the endpoints, for --probe). */
struct rules {
    struct model *model;
    struct report *report;
    bool checked;
    struct endpoint *endpoints; /* rules_check(): where each component connects (--probe) */
    size_t nendpoints, endpoints_cap;
};

/* rlint_check() below the API: detects the version, chooses its profile and runs every rule
 * once. Returns 0, RLINT_ENOTFOUND (no profile covers the version: one finding says so),
 * RLINT_EUNSUPPORTED, RLINT_EINVAL (checked already) or RLINT_ENOMEM. The findings are left
 * unsorted: rlint_check() sorts them. */
int rules_check(struct rules *rs);

/* rlint_ctx_resolve_version() below the API: detects the version and chooses its profile,
 * without checking. 0, RLINT_ENOTFOUND or RLINT_EUNSUPPORTED. */
int rules_resolve_version(struct rules *rs);

/* Each returns 0 or RLINT_ENOMEM. */
int rules_check_secrets(struct rules *rs); /* rules-secret.c: keys */
int rules_check_values(struct rules *rs);  /* rules-values.c: URLs, sentinels, roles */
int rules_check_cross(struct rules *rs);   /* rules-cross.c: across fields, Secrets, CR */
int rules_check_env(struct rules *rs);     /* rules-env.c: workload env references */

/* "2.14" for 14. */
const char *version_name(int minor);

#endif
