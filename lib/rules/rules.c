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
profile_covering(const struct rlint_ctx *ctx)
{
    size_t i;
    for (i = 0; i < ctx->model->nprofiles; i++)
        if (ctx->model->profiles[i].from <= ctx->model->minor && ctx->model->minor <= ctx->model->profiles[i].to)
            return &ctx->model->profiles[i];
    return NULL;
}

/* Without profiles of the caller's, the embedded profile of the version is parsed, and only
 * that one: parsing all of them with jansson cost more than checking a small file. */
static int
choose_profile(struct rlint_ctx *ctx)
{
    size_t i;
    int rc;
    if (!(ctx->model->profile = profile_covering(ctx)) &&
        (ctx->model->nprofiles == 0 || ctx->model->profiles_embedded)) {
        for (i = 0; i < embedded_profiles_count; i++)
            if (embedded_profiles[i].from <= ctx->model->minor && ctx->model->minor <= embedded_profiles[i].to)
                break;
        if (i == embedded_profiles_count)
            return RLINT_ENOTFOUND; /* the built-in profiles cover every version */
        ctx->model->profiles_embedded = true;
        if ((rc = profiles_add(ctx->model, embedded_profiles[i].name, embedded_profiles[i].json,
                               strlen(embedded_profiles[i].json))) < 0)
            return rc; /* a broken built-in profile is caught by the tests */
        ctx->model->profile = profile_covering(ctx);
    }
    return ctx->model->profile ? 0 : RLINT_ENOTFOUND;
}

/* The input names a release older than any profile (a 1.x AMP_RELEASE): no guess, nothing is
 * checked. rlint_ctx_version() gives that version, rlint_ctx_version_reason() where it came
 * from, for the caller's message. */
static int
unsupported(struct rlint_ctx *ctx)
{
    snprintf(ctx->model->unsupported_name, sizeof(ctx->model->unsupported_name), "%d.%d",
             ctx->model->unsupported / 100 % 100, ctx->model->unsupported % 100);
    return RLINT_EUNSUPPORTED;
}

int
rlint_ctx_resolve_version(struct rlint_ctx *ctx)
{
    if (!ctx)
        return RLINT_EINVAL;
    version_detect(ctx->model);
    if (ctx->model->unsupported && !ctx->model->version_set)
        return unsupported(ctx);
    return choose_profile(ctx);
}

size_t
rlint_ctx_workload_count(const struct rlint_ctx *ctx)
{
    return ctx && ctx->model->profile ? ctx->model->profile->nworkloads : 0;
}

int
rlint_ctx_workload_at(const struct rlint_ctx *ctx, size_t index, const char **kind_out,
                      const char **name_out)
{
    if (!ctx || !kind_out || !name_out)
        return RLINT_EINVAL;
    if (!ctx->model->profile || index >= ctx->model->profile->nworkloads)
        return RLINT_ENOTFOUND;
    *kind_out = ctx->model->profile->workloads[index].kind;
    *name_out = ctx->model->profile->workloads[index].name;
    return RLINT_OK;
}

/* The versions the profiles cover, in order, adjacent ranges joined: "2.4 to 2.9, 2.14".
 * Profiles never overlap (profiles_add() refuses that). */
static void
add_coverage(struct strbuf *sb, const struct rlint_ctx *ctx)
{
    int next = MINOR_MIN, from, to;
    bool grown;
    size_t i;

    for (;;) {
        from = MINOR_MAX + 1;
        for (i = 0; i < ctx->model->nprofiles; i++)
            if (ctx->model->profiles[i].from >= next && ctx->model->profiles[i].from < from)
                from = ctx->model->profiles[i].from;
        if (from > MINOR_MAX)
            return;
        to = from;
        do {
            grown = false;
            for (i = 0; i < ctx->model->nprofiles; i++)
                if (ctx->model->profiles[i].from >= from && ctx->model->profiles[i].from <= to + 1 &&
                    ctx->model->profiles[i].to > to) {
                    to = ctx->model->profiles[i].to;
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
report_uncovered(struct rlint_ctx *ctx)
{
    struct diag_loc loc = {.file = "-"};
    struct strbuf cover;
    char *text;
    int rc;

    strbuf_init(&cover);
    add_coverage(&cover, ctx);
    text = strbuf_finish(&cover);
    if (!text)
        return RLINT_ENOMEM;
    rc = report_add(ctx->report, RULE_PROFILE_INVALID, RLINT_SEVERITY_ERROR, NULL, &loc,
                    "no version profile covers 3scale %s (the profiles cover %s); nothing was "
                    "checked",
                    version_name(ctx->model->minor), *text ? text : "no version");
    free(text);
    return rc < 0 ? rc : RLINT_ENOTFOUND;
}

int
rules_check(struct rlint_ctx *ctx)
{
    int rc;
    if (ctx->checked)
        return RLINT_EINVAL;
    ctx->checked = true;
    version_detect(ctx->model);
    if (ctx->model->unsupported && !ctx->model->version_set)
        return unsupported(ctx);
    rc = choose_profile(ctx);
    if (rc == RLINT_ENOTFOUND)
        return report_uncovered(ctx);
    if (rc < 0 || (rc = installs_record_mode(ctx->model)) < 0 || (rc = rules_check_secrets(ctx)) < 0 ||
        (rc = rules_check_values(ctx)) < 0 || (rc = rules_check_cross(ctx)) < 0 ||
        (rc = rules_check_env(ctx)) < 0)
        return rc;
    return RLINT_OK;
}
