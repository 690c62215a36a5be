/* output-text.c - GNU-style findings: file:line:col: severity: message [RULE], a context line
 * and a summary line. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"

static const char *
severity_color(enum rlint_severity s)
{
    switch (s) {
    case RLINT_SEVERITY_ERROR:
        return "\033[1;31m";
    case RLINT_SEVERITY_WARNING:
        return "\033[1;33m";
    case RLINT_SEVERITY_INFO:
        return "\033[1;36m";
    }
    return "";
}

static void
print_context(FILE *out, const struct rlint_diag *d)
{
    fputs("    in ", out);
    if (d->object_kind)
        fprintf(out, "%s/%s", d->object_kind, d->object_name ? d->object_name : "");
    else
        fputs("file", out);
    if (d->object_namespace)
        fprintf(out, " (namespace %s)", d->object_namespace);
    if (d->path)
        fprintf(out, " at %s", d->path);
    if (d->component)
        fprintf(out, "; breaks: %s", d->component);
    fputc('\n', out);
}

void
finding_print(FILE *out, const struct rlint_diag *d, bool color, bool context)
{
    if (color)
        fputs(BOLD, out);
    if (d->line)
        fprintf(out, "%s:%u:%u:", d->file, d->line, d->column);
    else
        fprintf(out, "%s:", d->file);
    if (color)
        fprintf(out, RESET " %s%s" RESET, severity_color(d->severity),
                rlint_severity_name(d->severity));
    else
        fprintf(out, " %s", rlint_severity_name(d->severity));
    fprintf(out, ": %s [%s]\n", d->message, d->rule);
    if (context && (d->object_kind || d->path || d->component))
        print_context(out, d);
}

void
output_text(FILE *out, const struct run *run, const struct run_summary *sum, bool color,
            bool quiet)
{
    size_t i;

    for (i = 0; i < run->ndiags; i++)
        finding_print(out, run->diags[i], color, !quiet);
    if (quiet)
        return;
    summary_print(out, run, sum);
}

static void
counts_print(FILE *out, const struct run_summary *sum)
{
    fprintf(out, "%zu error%s, %zu warning%s, %zu info in ", sum->counts[RLINT_SEVERITY_ERROR],
            sum->counts[RLINT_SEVERITY_ERROR] == 1 ? "" : "s", sum->counts[RLINT_SEVERITY_WARNING],
            sum->counts[RLINT_SEVERITY_WARNING] == 1 ? "" : "s", sum->counts[RLINT_SEVERITY_INFO]);
}

static void
scope_summary_print(FILE *out, const struct rlint_ctx *ctx, const struct run_summary *sum)
{
    counts_print(out, sum);
    if (sum->source)
        fprintf(out, "%s", sum->source);
    else
        fprintf(out, "%ld file%s", sum->files, sum->files == 1 ? "" : "s");
    fprintf(out, ", %zu object%s checked; 3scale %s (%s)", sum->objects,
            sum->objects == 1 ? "" : "s", rlint_ctx_version(ctx), rlint_ctx_version_reason(ctx));
    /* no mode when nothing was checked (no profile covers the version) */
    if (rlint_ctx_mode(ctx))
        fprintf(out, "; backend %s (%s)", rlint_ctx_mode(ctx),
                rlint_ctx_mode_reason(ctx));
    fputc('\n', out);
}

static void
total_print(FILE *out, const struct run *run, const struct run_summary *sum, size_t failed)
{
    size_t installs = run_installs(run), clusters = run_clusters(run);

    counts_print(out, sum);
    fprintf(out, "%zu install%s", installs, installs == 1 ? "" : "s");
    if (clusters > 1)
        fprintf(out, " (%zu clusters)", clusters);
    fprintf(out, ", %zu object%s checked", sum->objects, sum->objects == 1 ? "" : "s");
    if (failed)
        fprintf(out, "; %zu not checked", failed);
    fputc('\n', out);
}

/* A merged run: a line per scope (the single-install line, or why it was not checked), then
 * the total over every scope, which counts installs rather than naming a version. With
 * total_first the total leads, unlabelled: a GitHub notice shows its first line as the title. */
static void
merged_summary_print(FILE *out, const struct run *run, const struct run_summary *sum,
                     bool total_first)
{
    size_t i, failed = 0;

    for (i = 0; i < run->nscopes; i++)
        failed += run->scopes[i].failed != NULL;
    if (total_first)
        total_print(out, run, sum, failed);
    for (i = 0; i < run->nscopes; i++) {
        const struct scope *s = &run->scopes[i];
        if (s->failed)
            fprintf(out, "not checked: %s: %s\n", s->source ? s->source : "?", s->failed);
        else if (s->ctx)
            scope_summary_print(out, s->ctx, &s->sum);
    }
    if (!total_first) {
        fputs("total: ", out);
        total_print(out, run, sum, failed);
    }
}

void
summary_print(FILE *out, const struct run *run, const struct run_summary *sum)
{
    if (run->merged)
        merged_summary_print(out, run, sum, false);
    else
        scope_summary_print(out, run->scopes[0].ctx, sum);
}

/* open_memstream() lets the other formatters reuse the exact text wording and escape it for
 * their own syntax, instead of keeping a second copy of the format strings. *buf is only
 * up to date after fclose(), hence the pointer. */
static char *
finish_capture(FILE *mem, char **buf)
{
    int failed = ferror(mem);

    if (fclose(mem) != 0 || failed) {
        free(*buf);
        return NULL;
    }
    return *buf;
}

char *
finding_format(const struct rlint_diag *d, bool context)
{
    char *buf = NULL;
    size_t len;
    FILE *mem = open_memstream(&buf, &len);

    if (!mem)
        return NULL;
    finding_print(mem, d, false, context);
    return finish_capture(mem, &buf);
}

char *
summary_format_total_first(const struct run *run, const struct run_summary *sum)
{
    char *buf = NULL;
    size_t len;
    FILE *mem = open_memstream(&buf, &len);

    if (!mem)
        return NULL;
    if (run->merged)
        merged_summary_print(mem, run, sum, true);
    else
        summary_print(mem, run, sum);
    return finish_capture(mem, &buf);
}

char *
summary_format(const struct run *run, const struct run_summary *sum)
{
    char *buf = NULL;
    size_t len;
    FILE *mem = open_memstream(&buf, &len);

    if (!mem)
        return NULL;
    summary_print(mem, run, sum);
    return finish_capture(mem, &buf);
}
