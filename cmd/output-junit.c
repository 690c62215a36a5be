/* output-junit.c - the -o junit report: JUnit XML as Jenkins and GitLab read it. One testsuite
 * per input file with findings, one testcase per finding; errors and warnings are failures,
 * info findings pass with the text in <system-out>. Only diag fields are printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "utf8.h"

/* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
 * A carriage return would be normalised away by the parser, so it is dropped as well. */
static int
xml_char_ok(unsigned long c)
{
    return c == 0x9 || c == 0xa || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
           (c >= 0x10000 && c <= 0x10ffff);
}

/* Writes s escaped for both attribute values and character data. Characters XML 1.0 cannot
 * carry (control characters) are dropped: a report that does not parse helps nobody. A byte
 * that is not UTF-8 (from a file name) becomes U+FFFD, as in -o json. In an attribute a
 * newline or tab would be normalised to a space by the parser, so there they are written as
 * character references. */
static void
xml_put(FILE *out, const char *s, int attribute)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned long c;
    size_t len;

    while (*p) {
        len = utf8_decode((const char *)p, &c);
        if (len == 0) {
            fputs(UTF8_REPLACEMENT, out);
            p++;
            continue;
        }
        if (!xml_char_ok(c)) {
            p += len;
            continue;
        }
        switch (c) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&apos;", out);
            break;
        case '\n':
            fputs(attribute ? "&#10;" : "\n", out);
            break;
        case '\t':
            fputs(attribute ? "&#9;" : "\t", out);
            break;
        default:
            fwrite(p, 1, len, out);
            break;
        }
        p += len;
    }
}

static int
is_failure(const struct rlint_diag *d)
{
    return d->severity == RLINT_SEVERITY_ERROR || d->severity == RLINT_SEVERITY_WARNING;
}

/* name="RULE KIND/NAME KEY line:col", leaving out the parts a finding does not have */
static void
testcase_name(FILE *out, const struct rlint_diag *d)
{
    xml_put(out, d->rule, 1);
    if (d->object_kind) {
        fputc(' ', out);
        xml_put(out, d->object_kind, 1);
        fputc('/', out);
        xml_put(out, d->object_name ? d->object_name : "", 1);
    }
    if (d->key) {
        fputc(' ', out);
        xml_put(out, d->key, 1);
    }
    if (d->line)
        fprintf(out, " %u:%u", d->line, d->column);
}

static int
testcase(FILE *out, const struct rlint_diag *d)
{
    char *text = finding_format(d, true);

    if (!text)
        return -1;
    fputs("    <testcase classname=\"", out);
    xml_put(out, d->file, 1);
    fputs("\" name=\"", out);
    testcase_name(out, d);
    fputs("\">\n", out);
    if (is_failure(d)) {
        fputs("      <failure message=\"", out);
        xml_put(out, d->message, 1);
        fputs("\" type=\"", out);
        xml_put(out, d->rule, 1);
        fputs("\">", out);
        xml_put(out, text, 0);
        fputs("</failure>\n", out);
    } else {
        fputs("      <system-out>", out);
        xml_put(out, text, 0);
        fputs("</system-out>\n", out);
    }
    fputs("    </testcase>\n", out);
    free(text);
    return 0;
}

/* The testsuite of the findings first..*end_out that share a file. The library sorts findings
 * by file name, so a file's findings are contiguous; were they not, the file would just get a
 * second testsuite. */
static int
testsuite(FILE *out, const struct run *run, size_t first, size_t *end_out)
{
    const char *file = run->diags[first]->file;
    size_t i, end, n = run->ndiags, failures = 0;

    for (end = first; end < n && strcmp(run->diags[end]->file, file) == 0; end++)
        failures += (size_t)is_failure(run->diags[end]);
    fputs("  <testsuite name=\"", out);
    xml_put(out, file, 1);
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
            end - first, failures);
    for (i = first; i < end; i++)
        if (testcase(out, run->diags[i]) < 0)
            return -1;
    fputs("  </testsuite>\n", out);
    *end_out = end;
    return 0;
}

int
output_junit(FILE *out, const struct run *run, const struct run_summary *sum)
{
    size_t i, n = run->ndiags, failures = 0;

    /* counted from the findings, not sum->counts, so that the totals always match the suites */
    for (i = 0; i < n; i++)
        failures += (size_t)is_failure(run->diags[i]);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out,
            "<testsuites name=\"" PROGRAM "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
            n ? n : 1, failures);
    if (n == 0) {
        /* an empty report reads as "no tests ran" in some CI views: say that all passed */
        fputs("  <testsuite name=\"" PROGRAM "\" tests=\"1\" failures=\"0\" errors=\"0\" "
              "skipped=\"0\">\n"
              "    <testcase classname=\"" PROGRAM "\" name=\"no findings\"/>\n"
              "  </testsuite>\n",
              out);
    }
    for (i = 0; i < n;)
        if (testsuite(out, run, i, &i) < 0)
            return -1;
    fputs("</testsuites>\n", out);
    return 0;
}
