/* rules-cmd.c - --list-rules and --explain, straight from the library's rule table. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

int
rules_list(FILE *out)
{
    size_t i;
    for (i = 0; i < rlint_rule_count(); i++) {
        const struct rlint_rule_info *r = rlint_rule_at(i);
        fprintf(out, "%s  %-7s  %-32s  %s\n", r->id, rlint_severity_name(r->severity), r->name,
                r->summary);
    }
    return EXIT_OK;
}

/* Display width of n bytes of UTF-8: continuation bytes do not count. */
static size_t
text_width(const char *p, size_t n)
{
    size_t i, w = 0;
    for (i = 0; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            w++;
    return w;
}

/* Wraps text at 78 columns with an indent, for the prose sections. Words are never split and
 * no line ends in a space. */
static void
print_wrapped(FILE *out, const char *text, const char *indent)
{
    const char *p = text;
    size_t ind = strlen(indent), col = ind;
    fputs(indent, out);
    while (*p) {
        size_t n, w;
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        n = strcspn(p, " ");
        w = text_width(p, n);
        if (col > ind && col + 1 + w > 78) {
            fputc('\n', out);
            fputs(indent, out);
            col = ind;
        } else if (col > ind) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, n, out);
        col += w;
        p += n;
    }
    fputc('\n', out);
}

/* Prints each line of a snippet verbatim after an indent. */
static void
print_verbatim(FILE *out, const char *text, const char *indent)
{
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        fputs(indent, out);
        fwrite(p, 1, n, out);
        fputc('\n', out);
        p += n;
        if (*p == '\n')
            p++;
    }
}

/* One --explain section: a heading, then the text wrapped or verbatim. Skipped when empty. */
static void
print_section(FILE *out, const char *heading, const char *text, int verbatim)
{
    if (!text || !*text)
        return;
    fprintf(out, "\n%s\n", heading);
    if (verbatim)
        print_verbatim(out, text, "    ");
    else
        print_wrapped(out, text, "  ");
}

int
rules_explain(FILE *out, const char *id)
{
    const struct rlint_rule_info *r = rlint_rule_find(id);
    if (!r) {
        errorf("unknown rule '%s' (--list-rules lists them)", id);
        return EXIT_USAGE;
    }
    fprintf(out, "%s %s (%s)\n\n", r->id, r->name, rlint_severity_name(r->severity));
    print_wrapped(out, r->summary, "  ");
    print_section(out, "Why:", r->rationale, 0);
    print_section(out, "Breaks:", r->component, 0);
    print_section(out, "Bad:", r->bad_example, 1);
    print_section(out, "Good:", r->good_example, 1);
    print_section(out, "Sources:", r->facts, 0);
    return EXIT_OK;
}
