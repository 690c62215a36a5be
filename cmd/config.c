/* config.c - the configuration file: .3scale-redis-lint.yaml in the current directory, or
 * --config FILE. Unknown keys are errors (with a "did you mean"), not ignored: a typo in a
 * CI gate's configuration must not silently turn a check off.
 *
 *   version: "2.14"            # like --3scale-version (the command line wins)
 *   fail-on: warning           # like --fail-on (the command line wins)
 *   disable: [RLINT047, sentinel-too-few]
 *   severity: {RLINT011: error}
 *   ignore-paths: [vendor, "*.generated.yaml"]   # fnmatch(3) patterns: a matching file or
 *                                                # directory is not read ('*' crosses '/')
 *   limits:                    # like --max-file-size ... --max-response-size (the command
 *     file-size: 1048576       # line wins); bytes or counts, positive integers
 *     documents: 100
 *     depth: 64
 *     aliases: 100
 *     value-size: 65536
 *     findings: 200
 *     response-size: 4194304
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cmd.h"
#include "editdist.h"

static const char *const top_keys[] = {"version", "fail-on", "disable", "severity",
                                       "ignore-paths", "limits", NULL};

/* The keys of limits:, in enum rlint_limit order, then response-size (--live only). */
static const char *const limit_keys[] = {"file-size", "documents", "depth", "aliases",
                                         "value-size", "findings", "response-size", NULL};
#define LIMIT_RESPONSE_SIZE 6

static const char *
suggest(const char *word, const char *const *words)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (; *words; words++) {
        size_t d = edit_distance(word, *words, 2);
        if (d < best_d) {
            best_d = d;
            best = *words;
        }
    }
    return best;
}

static const yaml_node_t *
node(yaml_document_t *doc, int id)
{
    return yaml_document_get_node(doc, id);
}

static const char *
scalar(yaml_document_t *doc, int id)
{
    const yaml_node_t *n = node(doc, id);
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int
bad(const char *path, const yaml_node_t *n, const char *what)
{
    errorf("%s:%lu: %s", path, n ? (unsigned long)n->start_mark.line + 1 : 0UL, what);
    return -1;
}

static int
add_string(char ***list, size_t *n, const char *s)
{
    char **nl = realloc(*list, (*n + 1) * sizeof(**list));
    if (!nl)
        return -1;
    *list = nl;
    if (!(nl[*n] = strdup(s)))
        return -1;
    (*n)++;
    return 0;
}

static int
read_list(yaml_document_t *doc, const yaml_node_t *v, const char *path, const char *key,
          char ***out, size_t *n)
{
    yaml_node_item_t *it;
    char msg[128];
    if (!v || v->type != YAML_SEQUENCE_NODE) {
        snprintf(msg, sizeof(msg), "'%s' must be a list", key);
        return bad(path, v, msg);
    }
    for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        const char *s = scalar(doc, *it);
        if (!s) {
            snprintf(msg, sizeof(msg), "'%s' must be a list of strings", key);
            return bad(path, node(doc, *it), msg);
        }
        if (add_string(out, n, s) < 0)
            return bad(path, v, "out of memory");
    }
    return 0;
}

/* A positive decimal integer, as the --max-* options take. */
static int
parse_limit(size_t *out, const char *s)
{
    char *end;
    unsigned long long v;
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end || v == 0 || v > (unsigned long long)SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int
read_limits(struct config *cfg, yaml_document_t *doc, const yaml_node_t *v, const char *path)
{
    yaml_node_pair_t *q;
    char msg[320];
    if (!v || v->type != YAML_MAPPING_NODE)
        return bad(path, v, "'limits' must be a mapping such as {depth: 64, findings: 200}");
    for (q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
        const char *k = scalar(doc, q->key), *sv = scalar(doc, q->value);
        size_t i, value;
        if (!k)
            return bad(path, node(doc, q->key), "'limits' keys must be strings");
        for (i = 0; limit_keys[i]; i++)
            if (strcmp(k, limit_keys[i]) == 0)
                break;
        if (!limit_keys[i]) {
            /* "max-depth" (the option's name) means depth */
            const char *near = suggest(strncmp(k, "max-", 4) == 0 ? k + 4 : k, limit_keys);
            snprintf(msg, sizeof(msg),
                     "unknown limit '%.64s'%s%s%s (known: file-size, documents, depth, "
                     "aliases, value-size, findings, response-size)",
                     k, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
            return bad(path, node(doc, q->key), msg);
        }
        if (parse_limit(&value, sv) < 0) {
            snprintf(msg, sizeof(msg), "limit '%s' must be a positive number (like --max-%s)",
                     k, k);
            return bad(path, node(doc, q->value), msg);
        }
        if (i == LIMIT_RESPONSE_SIZE)
            cfg->response_size = value;
        else
            cfg->limits[i] = value;
    }
    return 0;
}

static int
apply(struct config *cfg, yaml_document_t *doc, const char *path)
{
    const yaml_node_t *root = yaml_document_get_root_node(doc);
    yaml_node_pair_t *p;

    if (!root)
        return 0; /* an empty file configures nothing */
    if (root->type != YAML_MAPPING_NODE)
        return bad(path, root, "the configuration must be a mapping");
    for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        const char *k = scalar(doc, p->key);
        const yaml_node_t *v = node(doc, p->value);
        const char *sv = scalar(doc, p->value);
        char msg[256];
        if (!k)
            return bad(path, node(doc, p->key), "keys must be strings");
        if (strcmp(k, "version") == 0) {
            if (!sv || !(cfg->version = strdup(sv)))
                return bad(path, v, "'version' must be a string such as \"2.14\"");
        } else if (strcmp(k, "fail-on") == 0) {
            if (!sv || rlint_severity_parse(&cfg->fail_on, sv) < 0)
                return bad(path, v, "'fail-on' must be error, warning or info");
            cfg->has_fail_on = true;
        } else if (strcmp(k, "disable") == 0) {
            if (read_list(doc, v, path, k, &cfg->disable, &cfg->ndisable) < 0)
                return -1;
        } else if (strcmp(k, "ignore-paths") == 0) {
            if (read_list(doc, v, path, k, &cfg->ignore_paths, &cfg->nignore) < 0)
                return -1;
        } else if (strcmp(k, "limits") == 0) {
            if (read_limits(cfg, doc, v, path) < 0)
                return -1;
        } else if (strcmp(k, "severity") == 0) {
            yaml_node_pair_t *q;
            if (!v || v->type != YAML_MAPPING_NODE)
                return bad(path, v, "'severity' must map rule IDs to error, warning or info");
            for (q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
                const char *rule = scalar(doc, q->key), *sev = scalar(doc, q->value);
                enum rlint_severity parsed;
                if (!rule || !sev || rlint_severity_parse(&parsed, sev) < 0)
                    return bad(path, node(doc, q->value),
                               "'severity' must map rule IDs to error, warning or info");
                if (add_string(&cfg->severity_rules, &cfg->nseverity, rule) < 0)
                    return bad(path, v, "out of memory");
                cfg->severities = realloc(cfg->severities,
                                          cfg->nseverity * sizeof(*cfg->severities));
                if (!cfg->severities)
                    return bad(path, v, "out of memory");
                cfg->severities[cfg->nseverity - 1] = parsed;
            }
        } else {
            const char *near = suggest(k, top_keys);
            snprintf(msg, sizeof(msg), "unknown key '%.64s'%s%s%s (known: version, fail-on, "
                     "disable, severity, ignore-paths, limits)",
                     k, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
            return bad(path, node(doc, p->key), msg);
        }
    }
    return 0;
}

int
config_load(struct config *cfg, const char *explicit_path)
{
    const char *path = explicit_path ? explicit_path : ".3scale-redis-lint.yaml";
    FILE *f = fopen(path, "rb");
    yaml_parser_t parser;
    yaml_document_t doc;
    int rc;

    memset(cfg, 0, sizeof(*cfg));
    if (!f) {
        if (!explicit_path && errno == ENOENT)
            return 0; /* no configuration is fine */
        errorf("cannot read configuration '%s': %s", path, strerror(errno));
        return -1;
    }
    cfg->path = path;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        errorf("out of memory");
        return -1;
    }
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        errorf("%s:%lu:%lu: %s", path, (unsigned long)parser.problem_mark.line + 1,
               (unsigned long)parser.problem_mark.column + 1,
               parser.problem ? parser.problem : "syntax error");
        yaml_parser_delete(&parser);
        fclose(f);
        return -1;
    }
    rc = apply(cfg, &doc, path);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(f);
    return rc;
}

int
config_apply(const struct config *cfg, struct rlint_ctx *ctx)
{
    size_t i;
    for (i = 0; i < cfg->ndisable; i++)
        if (rlint_ctx_disable_rule(ctx, cfg->disable[i]) < 0) {
            errorf("%s: 'disable' names an unknown rule '%s' (--list-rules)", cfg->path,
                   cfg->disable[i]);
            return -1;
        }
    for (i = 0; i < cfg->nseverity; i++)
        if (rlint_ctx_set_rule_severity(ctx, cfg->severity_rules[i], cfg->severities[i]) < 0) {
            errorf("%s: 'severity' names an unknown rule '%s' (--list-rules)", cfg->path,
                   cfg->severity_rules[i]);
            return -1;
        }
    /* the command line's --max-* options are applied after these, so they win */
    for (i = 0; i < sizeof(cfg->limits) / sizeof(cfg->limits[0]); i++)
        if (cfg->limits[i] && rlint_ctx_set_limit(ctx, (enum rlint_limit)i, cfg->limits[i]) < 0) {
            errorf("%s: cannot set limit '%s'", cfg->path, limit_keys[i]);
            return -1;
        }
    return 0;
}

bool
config_ignores(const struct config *cfg, const char *path)
{
    size_t i;
    const char *p = path;
    if (strncmp(p, "./", 2) == 0)
        p += 2;
    for (i = 0; cfg && i < cfg->nignore; i++)
        if (fnmatch(cfg->ignore_paths[i], p, 0) == 0)
            return true;
    return false;
}

void
config_release(struct config *cfg)
{
    size_t i;
    free(cfg->version);
    for (i = 0; i < cfg->ndisable; i++)
        free(cfg->disable[i]);
    free(cfg->disable);
    for (i = 0; i < cfg->nignore; i++)
        free(cfg->ignore_paths[i]);
    free(cfg->ignore_paths);
    for (i = 0; i < cfg->nseverity; i++)
        free(cfg->severity_rules[i]);
    free(cfg->severity_rules);
    free(cfg->severities);
    memset(cfg, 0, sizeof(*cfg));
}
