/* doc-rules.c - build-time tool: writes docs/rules.md, one section per rule,
 * from the library's rule table (lib/include/rlint/rules.def through
 * rlint_rule_at()), as man-rules.c writes the man page's RULES list. Each
 * section has the anchor SARIF's helpUri points at: the rule ID in lower case.
 * Sources become links: "owner/repo@tag path" to the file at that tag,
 * "owner/repo#N" to the issue or pull request, a path of this repository to the
 * file. Usage: doc-rules OUTPUT. Exits 1, leaving no OUTPUT, on any failure. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <rlint/rlint.h>

/* Markdown text: characters that would start emphasis, a link or HTML are
 * escaped, except inside `code spans`, which the rationales already use. */
static void put_md(FILE *out, const char *s, size_t len) {
  int code = 0;
  size_t i;
  for (i = 0; i < len; i++) {
    char c = s[i];
    if (c == '`')
      code = !code;
    else if (!code && strchr("\\*_[]<>", c))
      fputc('\\', out);
    fputc(c, out);
  }
}

static int is_repo_path(const char *s, size_t len) {
  static const char *const prefixes[] = {"testdata/", "tests/", "schemas/",
                                         "README.md"};
  size_t i;
  for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
    if (len >= strlen(prefixes[i]) &&
        strncmp(s, prefixes[i], strlen(prefixes[i])) == 0)
      return 1;
  return 0;
}

/* Length of the "owner/repo" at s (letters, digits, '-', '_', '.', one '/'), or
 * 0. */
static size_t repo_len(const char *s, size_t len) {
  size_t i, slashes = 0;
  for (i = 0; i < len; i++) {
    if (s[i] == '/')
      slashes++;
    else if (!isalnum((unsigned char)s[i]) && !strchr("-_.", s[i]))
      break;
  }
  return slashes == 1 && s[0] != '/' && i > 0 && s[i - 1] != '/' ? i : 0;
}

/* One source, as a list item. */
static void put_source(FILE *out, const char *s, size_t len) {
  size_t r = repo_len(s, len), w;

  fputs("- ", out);
  if (r && r < len && s[r] == '@') {
    /* owner/repo@tag path [(note)] */
    const char *tag = s + r + 1, *path, *end = s + len;
    for (path = tag; path < end && *path != ' '; path++)
      ;
    if (path < end) {
      size_t plen;
      path++;
      plen = strcspn(path, " ");
      if ((size_t)(end - path) < plen)
        plen = (size_t)(end - path);
      fprintf(out, "[%.*s %.*s](https://github.com/%.*s/blob/%.*s/%.*s)",
              (int)(path - s - 1), s, (int)plen, path, (int)r, s,
              (int)(path - tag - 1), tag, (int)plen, path);
      put_md(out, path + plen, (size_t)(end - path - plen));
      fputc('\n', out);
      return;
    }
  } else if (r && r < len && s[r] == '#') {
    /* owner/repo#N [(note)]: GitHub redirects /issues/N to the pull request */
    w = r + 1 + strspn(s + r + 1, "0123456789");
    if (w > r + 1 && w <= len) {
      fprintf(out, "[%.*s](https://github.com/%.*s/issues/%.*s)", (int)w, s,
              (int)r, s, (int)(w - r - 1), s + r + 1);
      put_md(out, s + w, len - w);
      fputc('\n', out);
      return;
    }
  } else if (is_repo_path(s, len)) {
    /* a file of this repository, relative to docs/ */
    w = strcspn(s, " ");
    if (w > len)
      w = len;
    fprintf(out, "[%.*s](../%.*s)", (int)w, s, (int)w, s);
    put_md(out, s + w, len - w);
    fputc('\n', out);
    return;
  }
  put_md(out, s, len);
  fputc('\n', out);
}

static void put_block(FILE *out, const char *heading, const char *text) {
  fprintf(out, "\n%s\n\n```yaml\n%s\n```\n", heading, text);
}

static int write_doc(FILE *out) {
  size_t i;
  fputs("<!-- generated from lib/include/rlint/rules.def by cmd/doc-rules.c: "
        "edit rules.def,\n"
        "     then cp build/cmd/rules.md docs/rules.md (the test docs-rules "
        "compares them) -->\n"
        "# 3scale-redis-lint rules\n\n"
        "Every rule the linter reports, as `3scale-redis-lint --explain ID` "
        "prints it. The\n"
        "severity is the highest the rule reports with; \"Breaks\" names the "
        "3scale "
        "component(s)\nthat fail or misbehave. Sources are upstream code at "
        "the release tag "
        "it describes,\nissues and pull requests, documentation, and this "
        "repository's "
        "test cases.\n\n",
        out);
  for (i = 0; i < rlint_rule_count(); i++) {
    const struct rlint_rule_info *r = rlint_rule_at(i);
    fprintf(out, "- [%s %s](#", r->id, r->name);
    for (const char *p = r->id; *p; p++)
      fputc(tolower((unsigned char)*p), out);
    fputs("): ", out);
    put_md(out, r->summary, strlen(r->summary));
    fputc('\n', out);
  }
  for (i = 0; i < rlint_rule_count(); i++) {
    const struct rlint_rule_info *r = rlint_rule_at(i);
    const char *sev = rlint_severity_name(r->severity), *s;
    if (!sev || strchr(r->bad_example, '`') || strchr(r->good_example, '`')) {
      fprintf(stderr,
              "doc-rules: %s: no severity, or a backquote in an example\n",
              r->id);
      return -1;
    }
    fputs("\n<a id=\"", out);
    for (s = r->id; *s; s++)
      fputc(tolower((unsigned char)*s), out);
    fprintf(out, "\"></a>\n\n## %s %s (%s)\n\n", r->id, r->name, sev);
    put_md(out, r->summary, strlen(r->summary));
    fputs("\n\n**Why:** ", out);
    put_md(out, r->rationale, strlen(r->rationale));
    fputs("\n\n**Breaks:** ", out);
    put_md(out, r->component, strlen(r->component));
    fputc('\n', out);
    put_block(out, "Bad:", r->bad_example);
    put_block(out, "Good:", r->good_example);
    fputs("\nSources:\n\n", out);
    for (s = r->facts; *s;) {
      const char *e = strstr(s, "; ");
      size_t len = e ? (size_t)(e - s) : strlen(s);
      put_source(out, s, len);
      s += len + (e ? 2 : 0);
    }
  }
  return ferror(out) ? -1 : 0;
}

int main(int argc, char **argv) {
  FILE *out;
  int rc;

  if (argc != 2) {
    fputs("usage: doc-rules OUTPUT\n", stderr);
    return 1;
  }
  out = fopen(argv[1], "w");
  if (!out) {
    perror(argv[1]);
    return 1;
  }
  rc = write_doc(out);
  if (fclose(out) != 0) {
    perror(argv[1]);
    rc = -1;
  }
  if (rc < 0) {
    remove(argv[1]);
    return 1;
  }
  return 0;
}
