/* rules.c - rlint_check(): the version's profile, then every rule family. */
#include "rules.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "install.h"
#include "profile.h"
#include "findings.h"
#include "util.h"
#include "version.h"
#include "banned.h"

static const struct profile *
profile_covering(const struct rules *rs)
{
    size_t i;
    for (i = 0; i < rs->model->nprofiles; i++)
        if (rs->model->profiles[i].from <= rs->model->minor &&
            rs->model->minor <= rs->model->profiles[i].to)
            return &rs->model->profiles[i];
    return NULL;
}

/* Without profiles of the caller's, the embedded profile of the version is parsed, and only
 * that one: parsing all of them with jansson cost more than checking a small file. */
static int
choose_profile(struct rules *rs)
{
    size_t i;
    int rc;
    if (!(rs->model->profile = profile_covering(rs)) &&
        (rs->model->nprofiles == 0 || rs->model->profiles_embedded)) {
        for (i = 0; i < embedded_profiles_count; i++)
            if (embedded_profiles[i].from <= rs->model->minor &&
                rs->model->minor <= embedded_profiles[i].to)
                break;
        if (i == embedded_profiles_count)
            return RLINT_ENOTFOUND; /* the built-in profiles cover every version */
        rs->model->profiles_embedded = true;
        if ((rc = profiles_add(rs->model, embedded_profiles[i].name, embedded_profiles[i].json,
                               strlen(embedded_profiles[i].json))) < 0)
            return rc; /* a broken built-in profile is caught by the tests */
        rs->model->profile = profile_covering(rs);
    }
    return rs->model->profile ? 0 : RLINT_ENOTFOUND;
}

/* The input names a release older than any profile (a 1.x AMP_RELEASE): no guess, nothing is
 * checked. rlint_ctx_version() gives that version, rlint_ctx_version_reason() where it came
 * from, for the caller's message. */
static int
unsupported(struct rules *rs)
{
    snprintf(rs->model->unsupported_name, sizeof(rs->model->unsupported_name), "%d.%d",
             rs->model->unsupported / 100 % 100, rs->model->unsupported % 100);
    return RLINT_EUNSUPPORTED;
}

int
rules_resolve_version(struct rules *rs)
{
    version_detect(rs->model);
    if (rs->model->unsupported && !rs->model->version_set)
        return unsupported(rs);
    return choose_profile(rs);
}

/* The versions the profiles cover, in order, adjacent ranges joined: "2.4 to 2.9, 2.14".
 * Profiles never overlap (profiles_add() refuses that). */
static void
add_coverage(struct strbuf *sb, const struct rules *rs)
{
    int next = MINOR_MIN, from, to;
    bool grown;
    size_t i;

    for (;;) {
        from = MINOR_MAX + 1;
        for (i = 0; i < rs->model->nprofiles; i++)
            if (rs->model->profiles[i].from >= next && rs->model->profiles[i].from < from)
                from = rs->model->profiles[i].from;
        if (from > MINOR_MAX)
            return;
        to = from;
        do {
            grown = false;
            for (i = 0; i < rs->model->nprofiles; i++)
                if (rs->model->profiles[i].from >= from && rs->model->profiles[i].from <= to + 1 &&
                    rs->model->profiles[i].to > to) {
                    to = rs->model->profiles[i].to;
                    grown = true;
                }
        } while (grown);
        if (sb->len)
            strbuf_adds(sb, ", ");
        strbuf_adds(sb, version_name(from));
        if (to > from)
            strbuf_addf(sb, " to %s", version_name(to));
        next = to + 1;
    }
}

/* RLINT015 when no profile covers the version: only with profiles the caller added (the
 * built-in ones cover every version), and nothing can be checked. */
static int
report_uncovered(struct rules *rs)
{
    struct diag_loc loc = {.file = "-"};
    struct strbuf cover;
    char *text;
    int rc;

    strbuf_init(&cover);
    add_coverage(&cover, rs);
    text = strbuf_finish(&cover);
    if (!text)
        return RLINT_ENOMEM;
    rc = report_add(rs->report, RULE_PROFILE_INVALID, RLINT_SEVERITY_ERROR, NULL, &loc,
                    "no version profile covers 3scale %s (the profiles cover %s); nothing was "
                    "checked",
                    version_name(rs->model->minor), *text ? text : "no version");
    free(text);
    return rc < 0 ? rc : RLINT_ENOTFOUND;
}

int
rules_check(struct rules *rs)
{
    int rc;
    if (rs->checked)
        return RLINT_EINVAL;
    rs->checked = true;
    version_detect(rs->model);
    if (rs->model->unsupported && !rs->model->version_set)
        return unsupported(rs);
    rc = choose_profile(rs);
    if (rc == RLINT_ENOTFOUND)
        return report_uncovered(rs);
    if (rc < 0 || (rc = installs_record_mode(rs->model)) < 0 ||
        (rc = rules_check_secrets(rs)) < 0 || (rc = rules_check_values(rs)) < 0 ||
        (rc = rules_check_cross(rs)) < 0 || (rc = rules_check_env(rs)) < 0)
        return rc;
    return RLINT_OK;
}
