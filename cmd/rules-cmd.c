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

/* Wraps text at 78 columns with an indent, for the rationale paragraph. */
static void
print_wrapped(FILE *out, const char *text, const char *indent)
{
    const char *p = text;
    size_t col = 0;
    fputs(indent, out);
    col = strlen(indent);
    while (*p) {
        size_t w = strcspn(p, " ");
        if (col + w > 78 && col > strlen(indent)) {
            fputc('\n', out);
            fputs(indent, out);
            col = strlen(indent);
        }
        fwrite(p, 1, w, out);
        col += w;
        p += w;
        if (*p == ' ') {
            p++;
            if (col + 1 <= 78) {
                fputc(' ', out);
                col++;
            }
        }
    }
    fputc('\n', out);
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
    fputc('\n', out);
    print_wrapped(out, r->rationale, "  ");
    return EXIT_OK;
}
