/* output-github.c - the -o github output: GitHub Actions workflow commands, one ::error,
 * ::warning or ::notice line per finding (an annotation on the file and line), then one
 * ::notice with the summary. Nothing else goes to stdout: the runner reads every line as a
 * possible command. Only diag fields are printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "utf8.h"

static const char *
command_name(enum rlint_severity s)
{
    switch (s) {
    case RLINT_SEVERITY_ERROR:
        return "error";
    case RLINT_SEVERITY_WARNING:
        return "warning";
    case RLINT_SEVERITY_INFO:
        return "notice";
    }
    return "notice";
}

/* The runner's escaping (actions/toolkit command.ts): '%', CR and LF in the message, and in a
 * property value also ':' and ',', which would otherwise end the value. A trailing newline
 * (the text formatters end their lines with one) is not part of the value. A byte that is not
 * UTF-8 (from a file name) becomes U+FFFD, as in -o json. */
static void
put_escaped(FILE *out, const char *s, int property)
{
    size_t len = strlen(s), n;

    while (len && s[len - 1] == '\n')
        len--;
    for (; len; s += n, len -= n) {
        /* a sequence never runs into the stripped newlines: they are not continuation bytes */
        n = utf8_decode(s, NULL);
        if (n == 0) {
            fputs(UTF8_REPLACEMENT, out);
            n = 1;
            continue;
        }
        if (n > 1) {
            fwrite(s, 1, n, out);
            continue;
        }
        switch (*s) {
        case '%':
            fputs("%25", out);
            break;
        case '\r':
            fputs("%0D", out);
            break;
        case '\n':
            fputs("%0A", out);
            break;
        case ':':
            fputs(property ? "%3A" : ":", out);
            break;
        case ',':
            fputs(property ? "%2C" : ",", out);
            break;
        default:
            fputc(*s, out);
            break;
        }
    }
}

/* The message and, on a second line of the annotation, the context the text output prints
 * under it ("in Secret/backend-redis (namespace ns) at .path; breaks: ..."). */
static int
annotation(FILE *out, const struct rlint_diag *d)
{
    char *text = finding_format(d, true), *context;

    if (!text)
        return -1;
    fprintf(out, "::%s file=", command_name(d->severity));
    put_escaped(out, d->file, 1);
    if (d->line) {
        fprintf(out, ",line=%u", d->line);
        if (d->column)
            fprintf(out, ",col=%u", d->column);
    }
    fputs(",title=", out);
    put_escaped(out, d->rule, 1);
    fputs("::", out);
    put_escaped(out, d->message, 0);
    /* the GNU line is already the annotation's position and title: keep only the context */
    context = strchr(text, '\n');
    if (context && context[1]) {
        fputs("%0A", out);
        put_escaped(out, context + 1 + strspn(context + 1, " "), 0);
    }
    fputc('\n', out);
    free(text);
    return 0;
}

int
output_github(FILE *out, const struct run *run, const struct run_summary *sum)
{
    size_t i, n = run->ndiags;
    char *summary;

    for (i = 0; i < n; i++)
        if (annotation(out, run->diags[i]) < 0)
            return -1;
    summary = summary_format_total_first(run, sum);
    if (!summary)
        return -1;
    fputs("::notice title=" PROGRAM "::", out);
    put_escaped(out, summary, 0);
    fputc('\n', out);
    free(summary);
    return 0;
}
