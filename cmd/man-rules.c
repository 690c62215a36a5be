/* man-rules.c - build-time tool: writes the man page from its template, with the RULES list
 * taken from the library's rule table (lib/include/rlint/rules.def through rlint_rule_at()), so
 * the page cannot drift from the rules and rules.def has no second parser.
 * Usage: man-rules TEMPLATE OUTPUT. The template line that reads only "@RULES@" becomes the
 * list; every other line is copied as it is. Exits 1, leaving no OUTPUT, on any failure. */
#include <stdio.h>
#include <string.h>

#include <rlint/rlint.h>

#define MARKER "@RULES@"

/* ID and name go on an mdoc macro line; anything but letters, digits and '-' could be read
 * as a macro, an escape or a delimiter there. */
static int
is_plain_word(const char *s)
{
    return *s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") ==
                     strlen(s);
}

/* One line of roff text: a backslash becomes \e, a leading '.' or '\'' is guarded with \&, and
 * a non-ASCII character becomes \[uXXXX], which mandoc and groff read without a locale. Fails
 * on a newline (the fields written here are single lines), on a leading space (roff would
 * break the line there) and on invalid UTF-8. */
static int
put_text(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (*p == ' ')
        return -1;
    if (*p == '.' || *p == '\'')
        fputs("\\&", out);
    while (*p) {
        unsigned long cp;
        int n, i;
        if (*p == '\n')
            return -1;
        if (*p == '\\') {
            fputs("\\e", out);
            p++;
            continue;
        }
        if (*p < 0x80) {
            fputc(*p++, out);
            continue;
        }
        if (*p >= 0xC2 && *p <= 0xDF) {
            n = 1;
            cp = *p & 0x1F;
        } else if (*p >= 0xE0 && *p <= 0xEF) {
            n = 2;
            cp = *p & 0x0F;
        } else if (*p >= 0xF0 && *p <= 0xF4) {
            n = 3;
            cp = *p & 0x07;
        } else {
            return -1;
        }
        for (i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return -1;
            cp = cp << 6 | (p[i] & 0x3F);
        }
        if (cp < 0x80 || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
        fprintf(out, "\\[u%04lX]", cp);
        p += n + 1;
    }
    fputc('\n', out);
    return 0;
}

static int
write_rules(FILE *out)
{
    size_t i;
    fputs(".\\\" generated from lib/include/rlint/rules.def by cmd/man-rules.c\n", out);
    fputs(".Bl -tag -width Ds\n", out);
    for (i = 0; i < rlint_rule_count(); i++) {
        const struct rlint_rule_info *r = rlint_rule_at(i);
        const char *sev = rlint_severity_name(r->severity);
        if (!is_plain_word(r->id) || !is_plain_word(r->name) || !sev) {
            fprintf(stderr, "man-rules: rule %zu: ID or name is not a plain word\n", i);
            return -1;
        }
        fprintf(out, ".It Sy %s Pq %s, %s\n", r->id, r->name, sev);
        if (put_text(out, r->summary) < 0) {
            fprintf(stderr, "man-rules: %s: summary is not one line of UTF-8\n", r->id);
            return -1;
        }
        fputs(".br\nBreaks: ", out);
        if (put_text(out, r->component) < 0) {
            fprintf(stderr, "man-rules: %s: component is not one line of UTF-8\n", r->id);
            return -1;
        }
    }
    fputs(".El\n", out);
    return 0;
}

/* Copies the template line by line; returns the number of markers replaced, or -1. */
static int
copy_template(FILE *in, FILE *out)
{
    char line[4096];
    int markers = 0;
    while (fgets(line, sizeof(line), in)) {
        size_t len = strlen(line);
        if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
            fputs("man-rules: template line too long\n", stderr);
            return -1;
        }
        if (strcmp(line, MARKER "\n") == 0 || strcmp(line, MARKER) == 0) {
            if (write_rules(out) < 0)
                return -1;
            markers++;
        } else {
            fputs(line, out);
        }
    }
    return ferror(in) ? -1 : markers;
}

int
main(int argc, char **argv)
{
    FILE *in, *out;
    int markers;

    if (argc != 3) {
        fputs("usage: man-rules TEMPLATE OUTPUT\n", stderr);
        return 1;
    }
    in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    out = fopen(argv[2], "w");
    if (!out) {
        perror(argv[2]);
        fclose(in);
        return 1;
    }
    markers = copy_template(in, out);
    fclose(in);
    if (fclose(out) != 0) {
        perror(argv[2]);
        markers = -1;
    }
    if (markers != 1) {
        if (markers >= 0)
            fprintf(stderr, "man-rules: %s: %d lines read " MARKER ", expected one\n", argv[1],
                    markers);
        remove(argv[2]);
        return 1;
    }
    return 0;
}
