/* rules-secret.c - which keys backend-redis and system-redis have, per version, and their
 * names (RLINT010, RLINT011, RLINT012, RLINT013, RLINT014, RLINT018). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "install.h"
#include "keys.h"
#include "profile.h"
#include "findings.h"
#include "rules.h"
#include "secret.h"
#include "util.h"
#include "version.h"
#include "banned.h"

const char *
version_name(int minor)
{
    static const char *const names[] = {"2.0",  "2.1",  "2.2",  "2.3",  "2.4",  "2.5",
                                        "2.6",  "2.7",  "2.8",  "2.9",  "2.10", "2.11",
                                        "2.12", "2.13", "2.14", "2.15", "2.16"};
    _Static_assert(sizeof(names) / sizeof(names[0]) == MINOR_MAX - MINOR_MIN + 1, "names");
    return minor >= MINOR_MIN && minor <= MINOR_MAX ? names[minor - MINOR_MIN] : "?";
}

/* The key of this Secret in the profile closest to name (a typo), or NULL. */
static const struct profile_key *
closest_key(const struct profile *p, const char *secret, const char *name)
{
    const struct profile_key *best = NULL;
    size_t best_d = 4, i;
    for (i = 0; i < p->nkeys; i++) {
        const struct profile_key *k = &p->keys[i];
        size_t d;
        if (strcmp(k->secret, secret) != 0)
            continue;
        d = strcasecmp(k->name, name) == 0 ? 0 : edit_distance(k->name, name, 3);
        if (d < best_d) {
            best_d = d;
            best = k;
        }
    }
    return best;
}

/* An unknown key of secret that looks like a typo of k, or NULL. */
static const struct secret_entry *
typo_of(const struct profile *p, const struct secret *s, const struct profile_key *k)
{
    size_t i;
    for (i = 0; i < s->count; i++)
        if (!profile_key(p, secret_role(s), s->entries[i].key) &&
            closest_key(p, secret_role(s), s->entries[i].key) == k)
            return &s->entries[i];
    return NULL;
}

/* The components a missing key breaks in this version, as findings name them: those whose
 * env block takes it, and the operator, whose Secret validation requires the URL keys where
 * it has one (facts Appendix B "REDIS_QUEUES_URL missing": HA REJECT). */
static const char *
components_of(const struct install *in, const char *secret, const char *key)
{
    static const char *const names[2][2][2] = {
        /* [backend][system][operator] */
        {{NULL, "operator"}, {"system (porta)", "system (porta), operator"}},
        {{"backend", "backend, operator"},
         {"backend, system (porta)", "backend, system (porta), operator"}},
    };
    const struct key_def *def = key_find(secret, key);
    bool backend = profile_reads_key(in->profile, READER_BACKEND_SYNC, secret, key);
    bool system = profile_reads_key(in->profile, READER_SYSTEM, secret, key);
    bool operator_ = def && def->role == KEY_URL && def->db != DB_MESSAGE_BUS &&
                     install_reads(in, READER_OPERATOR, def->db, KEY_URL);
    return names[backend][system][operator_];
}

/* The first and last versions in which some profile reads key (required or optional); both
 * 0 when none does. A profile can start at 2.0 (minor 0), hence the separate flag. 0, or
 * RLINT_ENOMEM. */
static int
read_range(struct rules *rs, const char *secret, const char *key, int *first, int *last)
{
    const struct profile *all;
    bool found = false;
    size_t i, n;
    *first = *last = 0;
    if (profiles_all(rs->model, &all, &n) < 0)
        return RLINT_ENOMEM;
    for (i = 0; i < n; i++) {
        const struct profile *p = &all[i];
        const struct profile_key *k = profile_key(p, secret, key);
        if (!k || (k->status != KEY_STATUS_REQUIRED && k->status != KEY_STATUS_OPTIONAL))
            continue;
        if (!found || p->from < *first)
            *first = p->from;
        if (!found || p->to > *last)
            *last = p->to;
        found = true;
    }
    return 0;
}

static int
check_missing(struct rules *rs, const struct install *in, struct secret *s)
{
    const struct profile *p = rs->model->profile;
    size_t i;
    int rc;

    for (i = 0; i < p->nkeys; i++) {
        const struct profile_key *k = &p->keys[i];
        const struct secret_entry *typo;
        struct diag_loc loc = {.obj = &s->obj, .key = k->name};
        enum rlint_severity sev = RLINT_SEVERITY_ERROR;
        const struct key_def *def;
        const char *consequence;

        if (s->keys_unknown || strcmp(k->secret, secret_role(s)) != 0 ||
            k->status != KEY_STATUS_REQUIRED || install_entry(s, k->name))
            continue;
        def = key_find(k->secret, k->name); /* only a missing key needs it */
        if (k->operator_fills && in->operator_fills) {
            sev = RLINT_SEVERITY_WARNING;
            consequence = def && def->role == KEY_SENTINEL_ROLE
                              ? "the operator adds it as \"\" (the master is used)"
                              : "the operator adds it as \"\", so sentinels are not used";
        } else if (def && def->role == KEY_URL && in->minor >= 16) {
            consequence = "the operator refuses the Secret and the pods cannot start "
                          "(CreateContainerConfigError)";
        } else {
            consequence = "the pods that reference it cannot start (CreateContainerConfigError)";
        }
        typo = typo_of(p, s, k);
        if (typo)
            rc = report_add(rs->report, RULE_KEY_MISSING, sev,
                            sev == RLINT_SEVERITY_ERROR ? components_of(in, k->secret, k->name)
                                                        : NULL,
                            &loc, "Secret '%s' has no '%s' (is '%s' a typo of it?): %s",
                            s->obj.name, k->name, typo->key, consequence);
        else
            rc = report_add(rs->report, RULE_KEY_MISSING, sev,
                            sev == RLINT_SEVERITY_ERROR ? components_of(in, k->secret, k->name)
                                                        : NULL,
                            &loc, "Secret '%s' has no '%s', which 3scale %s reads: %s", s->obj.name,
                            k->name, version_name(in->minor), consequence);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int
check_present(struct rules *rs, const struct install *in, struct secret *s)
{
    const struct profile *p = rs->model->profile;
    size_t i;
    int rc = 0;

    for (i = 0; i < s->count && rc == 0; i++) {
        const struct secret_entry *e = &s->entries[i];
        const struct profile_key *k = profile_key(p, secret_role(s), e->key);
        struct diag_loc loc = {.obj = &s->obj, .line = e->line, .column = e->column,
                               .key = e->key, .path = e->path};
        int first, last;

        if (!k) {
            const struct profile_key *near = closest_key(p, secret_role(s), e->key);
            if (near)
                rc = report_add(rs->report, RULE_KEY_UNKNOWN, RLINT_SEVERITY_WARNING, NULL, &loc,
                                "unknown key '%s' in Secret '%s'; did you mean '%s'?", e->key,
                                s->obj.name, near->name);
            else
                rc = report_add(rs->report, RULE_KEY_UNKNOWN, RLINT_SEVERITY_WARNING, NULL, &loc,
                                "unknown key '%s' in Secret '%s': no 3scale version reads it",
                                e->key, s->obj.name);
            continue;
        }
        if (k->status == KEY_STATUS_REQUIRED || k->status == KEY_STATUS_OPTIONAL)
            continue;
        if ((rc = read_range(rs, secret_role(s), e->key, &first, &last)) < 0)
            return rc;
        if (first > in->minor)
            rc = report_add(rs->report, RULE_KEY_NOT_IN_VERSION, RLINT_SEVERITY_WARNING, NULL, &loc,
                            "'%s' is only read from 3scale %s; 3scale %s ignores it", e->key,
                            version_name(first), version_name(in->minor));
        else if (k->status == KEY_STATUS_DEPRECATED || (last && last < in->minor))
            rc =
                report_add(rs->report, RULE_KEY_DEPRECATED, RLINT_SEVERITY_WARNING, NULL, &loc,
                           "'%s' is no longer read by 3scale %s%s", e->key, version_name(in->minor),
                           strcmp(e->key, "NAMESPACE") == 0
                               ? " (porta ignores it since 2.14; the 2.15+ operator deletes it)"
                               : "; remove it");
        else
            rc = report_add(rs->report, RULE_KEY_NOT_IN_VERSION, RLINT_SEVERITY_WARNING, NULL, &loc,
                            "'%s' is not read by 3scale %s", e->key, version_name(in->minor));
    }
    return rc;
}

/* RLINT018: backend-redis-<hash>, system-redis-<hash>. With the exact name in the input too,
 * this one is unused (a warning); else 3scale finds no Secret of that name and the components
 * that read it break (an error), and it is checked as that Secret (installs_collect()). */
static int
check_name_suffix(struct rules *rs)
{
    size_t i, j;
    int rc;

    for (i = 0; i < rs->model->nsecrets; i++) {
        const struct secret *s = &rs->model->secrets[i];
        struct diag_loc loc = {.obj = &s->obj, .line = s->name_line, .column = s->name_column};
        bool backend = false, system = false;

        if (s->shadowed || !s->canon)
            continue;
        if (secret_has_exact(rs->model, s)) {
            rc = report_add(rs->report, RULE_SECRET_NAME_SUFFIX, RLINT_SEVERITY_WARNING, NULL, &loc,
                            "Secret '%s' has kustomize's name suffix and '%s' is in the input "
                            "too: 3scale reads only '%s', this one is unused (set "
                            "options.disableNameSuffixHash: true in the kustomization's "
                            "secretGenerator, or drop one of them)",
                            s->obj.name, s->canon, s->canon);
        } else {
            for (j = 0; j < rs->model->profile->nkeys; j++) {
                const struct profile_key *k = &rs->model->profile->keys[j];
                if (strcmp(k->secret, s->canon) != 0)
                    continue;
                backend = backend || profile_reads_key(rs->model->profile, READER_BACKEND_SYNC,
                                                       s->canon, k->name);
                system = system ||
                         profile_reads_key(rs->model->profile, READER_SYSTEM, s->canon, k->name);
            }
            rc = report_add(rs->report, RULE_SECRET_NAME_SUFFIX, RLINT_SEVERITY_ERROR,
                            backend && system ? "backend, system (porta)"
                            : backend         ? "backend"
                            : system          ? "system (porta)"
                                              : NULL,
                            &loc,
                            "Secret '%s' has kustomize's name suffix: 3scale reads '%s' by that "
                            "exact name and never this one; set options.disableNameSuffixHash: "
                            "true in the kustomization's secretGenerator (this Secret is checked "
                            "as '%s')",
                            s->obj.name, s->canon, s->canon);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

int
rules_check_secrets(struct rules *rs)
{
    struct install *installs;
    int n, i, rc;

    if ((rc = check_name_suffix(rs)) < 0)
        return rc;
    n = installs_collect(rs->model, &installs);
    rc = 0;
    if (n < 0)
        return n;
    for (i = 0; i < n && rc == 0; i++) {
        struct install *in = &installs[i];
        struct secret *s[2] = {in->backend, in->system};
        int j;
        for (j = 0; j < 2 && rc == 0; j++)
            if (s[j] && (rc = check_missing(rs, in, s[j])) == 0)
                rc = check_present(rs, in, s[j]);
        if (rc == 0 && (!in->backend || !in->system)) {
            struct secret *have = in->backend ? in->backend : in->system;
            struct diag_loc loc = {.obj = &have->obj};
            rc = report_add(rs->report, RULE_SECRET_MISSING, RLINT_SEVERITY_INFO, NULL, &loc,
                            "'%s' is not in the input%s%s; checks across the two Secrets are "
                            "skipped",
                            in->backend ? SECRET_SYSTEM : SECRET_BACKEND,
                            in->namespace_ ? " for namespace " : "",
                            in->namespace_ ? in->namespace_ : "");
        }
    }
    free(installs);
    return rc;
}
