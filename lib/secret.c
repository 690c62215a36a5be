/* secret.c - copies Secrets and APIManagers out of a document tree (RLINT003, RLINT004,
 * RLINT006, RLINT007, RLINT008, RLINT009).
 *
 * Kubernetes semantics kept here: data values are base64 and decoded; stringData wins over
 * data for the same key, as the API server merges it; the last definition of the same
 * namespace/name wins, as `kubectl apply` of the files in order would. Template placeholders
 * are substituted from --param, or the value is marked unresolved and the value rules skip it.
 * Only backend-redis and system-redis keep their values; for other Secrets the key names are
 * enough, so their values are never copied.
 */
#include "secret.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "load.h"
#include "report.h"
#include "util.h"
#include "version.h"
#include "workload.h"
#include "banned.h"

#define MAX_LIST_NESTING 4

static bool
is_workload_kind(const char *kind)
{
    static const char *const kinds[] = {"Deployment", "DeploymentConfig", "StatefulSet",
                                        "DaemonSet",  "Job",              "CronJob",
                                        "Pod",        "ReplicaSet",       NULL};
    const char *const *k;
    for (k = kinds; *k; k++)
        if (strcmp(kind, *k) == 0)
            return true;
    return false;
}

bool
secret_is_threescale(const char *name)
{
    return name && (strcmp(name, SECRET_BACKEND) == 0 || strcmp(name, SECRET_SYSTEM) == 0);
}

static bool
name_char(char c, bool first)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

static const struct param *
find_param(const struct rlint_ctx *ctx, const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < ctx->nparams; i++)
        if (strlen(ctx->params[i].name) == len && memcmp(ctx->params[i].name, name, len) == 0)
            return &ctx->params[i];
    return NULL;
}

/* The longest value text that can still decode to the value-size limit (base64 is 4/3). */
static size_t
encoded_bound(const struct rlint_ctx *ctx)
{
    size_t limit = ctx->limits[RLINT_LIMIT_VALUE_SIZE];
    return limit > SIZE_MAX / 2 ? limit : limit / 3 * 4 + 8;
}

int
substitute_params(const struct rlint_ctx *ctx, const char *s, size_t len, char **out,
                  size_t *out_len, bool *unresolved)
{
    struct strbuf sb;
    size_t i = 0;

    *unresolved = false;
    strbuf_init(&sb);
    /* stop once past the value-size limit: ${A} repeated with a long --param would otherwise
     * grow without bound before any limit is checked; the caller sees the length */
    while (i < len && sb.len <= encoded_bound(ctx)) {
        /* ${NAME}, ${{NAME}} (OpenShift non-string parameters) and $(NAME) (kustomize) */
        if (s[i] == '$' && i + 1 < len && (s[i + 1] == '{' || s[i + 1] == '(')) {
            char close = s[i + 1] == '{' ? '}' : ')';
            size_t start = i + 2, end;
            bool doubled = close == '}' && start < len && s[start] == '{';
            if (doubled)
                start++;
            end = start;
            while (end < len && name_char(s[end], end == start))
                end++;
            if (end > start && end < len && s[end] == close &&
                (!doubled || (end + 1 < len && s[end + 1] == '}'))) {
                const struct param *p = find_param(ctx, s + start, end - start);
                size_t past = end + 1 + (doubled ? 1 : 0);
                if (p)
                    strbuf_adds(&sb, p->value);
                else {
                    *unresolved = true;
                    strbuf_add(&sb, s + i, past - i);
                }
                i = past;
                continue;
            }
        }
        {
            /* the plain run up to the next '$', at most to one past the limit as before */
            const char *dollar = memchr(s + i + 1, '$', len - i - 1);
            size_t run = dollar ? (size_t)(dollar - s) - i : len - i;
            size_t room = encoded_bound(ctx) - sb.len; /* the loop keeps sb.len <= bound */
            if (room < SIZE_MAX)
                room++;
            if (run > room)
                run = room;
            strbuf_add(&sb, s + i, run);
            i += run;
        }
    }
    *out_len = sb.len;
    *out = strbuf_finish(&sb);
    return *out ? 0 : RLINT_ENOMEM;
}

/* Placeholder names from a value, for the unresolved-placeholder message. The names are the
 * template's, not secret. */
static char *
placeholder_names(const char *s, size_t len)
{
    struct strbuf sb;
    size_t i;
    strbuf_init(&sb);
    for (i = 0; i + 1 < len; i++) {
        if (s[i] == '$' && (s[i + 1] == '{' || s[i + 1] == '(')) {
            size_t start = i + 2, end;
            if (start < len && s[start] == '{')
                start++;
            for (end = start; end < len && name_char(s[end], end == start); end++)
                ;
            if (end > start && end - start < 100) {
                if (sb.len)
                    strbuf_adds(&sb, ", ");
                strbuf_add(&sb, s + i, 2);
                strbuf_add(&sb, s + start, end - start);
                strbuf_adds(&sb, s[i + 1] == '{' ? "}" : ")");
            }
        }
    }
    return strbuf_finish(&sb);
}

static char *
dup_scalar(const struct rlint_ctx *ctx, const struct node *n)
{
    char *v;
    size_t len;
    bool unresolved;
    if (!node_is_scalar(n))
        return NULL;
    if (substitute_params(ctx, n->value, n->len, &v, &len, &unresolved) < 0)
        return NULL;
    return v;
}

static int
object_ref_init(struct object_ref *obj, const struct rlint_ctx *ctx, const char *file,
                const struct node *root, const char *kind)
{
    const struct node *meta = node_get(root, "metadata");
    const struct node *name = node_get(meta, "name");
    const struct node *ns = node_get(meta, "namespace");

    memset(obj, 0, sizeof(*obj));
    obj->file = xstrdup(file);
    obj->kind = xstrdup(kind);
    obj->name = node_is_scalar(name) ? dup_scalar(ctx, name) : xstrdup("");
    obj->namespace_ = node_is_scalar(ns) && ns->len ? dup_scalar(ctx, ns) : NULL;
    obj->line = root->line;
    obj->column = root->column;
    {
        const struct node *ign = node_get(node_get(meta, "annotations"), ANNOTATION_IGNORE);
        if (node_is_scalar(ign) && !(obj->ignore = xstrndup(ign->value, ign->len))) {
            object_ref_release(obj);
            return RLINT_ENOMEM;
        }
    }
    if (!obj->file || !obj->kind || !obj->name || (node_is_scalar(ns) && ns->len && !obj->namespace_)) {
        object_ref_release(obj);
        return RLINT_ENOMEM;
    }
    return 0;
}

static struct secret_entry *
find_entry(struct secret *s, const char *key)
{
    size_t i;
    for (i = 0; i < s->count; i++)
        if (strcmp(s->entries[i].key, key) == 0)
            return &s->entries[i];
    return NULL;
}

static void
entry_clear_value(struct secret_entry *e)
{
    if (e->value) {
        wipe_free_n(e->value, e->len);
    }
    e->value = NULL;
    e->len = 0;
}

static bool
printable_key(const struct node *k)
{
    size_t i;
    if (k->len == 0 || k->len > 253)
        return false;
    for (i = 0; i < k->len; i++)
        if ((unsigned char)k->value[i] < 0x20 || k->value[i] == 0x7f)
            return false;
    return true;
}

/* Reads one data or stringData entry into e (already holding key and path). */
static int
read_entry(struct rlint_ctx *ctx, struct secret *s, struct secret_entry *e, const struct node *v,
           bool from_string_data)
{
    struct diag_loc loc = {.obj = &s->obj, .line = v->line, .column = v->column,
                           .key = e->key, .path = e->path};
    size_t limit = ctx->limits[RLINT_LIMIT_VALUE_SIZE];
    char *raw;
    size_t raw_len;
    int rc;

    e->line = v->line;
    e->column = v->column;
    e->from_string_data = from_string_data;
    if (v->type != NODE_SCALAR || node_scalar_is_nonstring(v)) {
        e->invalid = true;
        return report_add(ctx, RULE_VALUE_NOT_STRING, RLINT_SEVERITY_ERROR, NULL, &loc,
                          "value of '%s' is %s, not a string; the API server rejects the "
                          "Secret (quote it)",
                          e->key,
                          v->type == NODE_MAPPING    ? "a mapping"
                          : v->type == NODE_SEQUENCE ? "a list"
                                                     : "an unquoted number or boolean");
    }
    if (node_scalar_is_null(v))
        raw = xstrdup(""), raw_len = 0;
    else if ((rc = substitute_params(ctx, v->value, v->len, &raw, &raw_len, &e->unresolved)) < 0)
        return rc;
    if (!raw)
        return RLINT_ENOMEM;
    if (raw_len > encoded_bound(ctx)) {
        /* past what any encoding of an allowed value can be: not decoded, not copied again */
        wipe_free_n(raw, raw_len);
        e->invalid = true;
        e->unresolved = false;
        return report_add(ctx, RULE_LIMIT_EXCEEDED, RLINT_SEVERITY_ERROR, NULL, &loc,
                          "value of '%s' is larger than the %zu-byte limit; not checked "
                          "(--max-value-size)",
                          e->key, limit);
    }
    if (e->unresolved) {
        char *names = s->keep_values ? placeholder_names(raw, raw_len) : NULL;
        wipe_free_n(raw, raw_len);
        if (!s->keep_values) /* only the 3scale Redis Secrets' values are checked */
            return 0;
        if (!names)
            return RLINT_ENOMEM;
        rc = report_add(ctx, RULE_UNRESOLVED_PLACEHOLDER, RLINT_SEVERITY_INFO, NULL, &loc,
                        "value of '%s' is not checked: placeholder %s is unresolved "
                        "(--param NAME=VALUE)",
                        e->key, names);
        free(names);
        return rc;
    }
    if (!from_string_data) {
        char *decoded;
        size_t decoded_len, bad;
        rc = base64_decode(&decoded, &decoded_len, &bad, raw, raw_len);
        wipe_free_n(raw, raw_len);
        if (rc == BASE64_ENOMEM)
            return RLINT_ENOMEM;
        if (rc == BASE64_INVALID) {
            e->invalid = true;
            return report_add(ctx, RULE_DATA_INVALID_BASE64, RLINT_SEVERITY_ERROR, NULL, &loc,
                              "value of '%s' under data: is not valid base64 (byte %zu of %zu); "
                              "the API server rejects the Secret (plain text belongs under "
                              "stringData:)",
                              e->key, bad + 1, raw_len);
        }
        raw = decoded;
        raw_len = decoded_len;
    }
    if (raw_len > limit) {
        wipe_free_n(raw, raw_len);
        e->invalid = true;
        e->unresolved = false;
        return report_add(ctx, RULE_LIMIT_EXCEEDED, RLINT_SEVERITY_ERROR, NULL, &loc,
                          "value of '%s' is %zu bytes, larger than the %zu-byte limit; not "
                          "checked (--max-value-size)",
                          e->key, raw_len, limit);
    }
    if (s->keep_values) {
        e->value = raw;
        e->len = raw_len;
    } else {
        wipe_free_n(raw, raw_len);
    }
    return 0;
}

static int
read_values(struct rlint_ctx *ctx, struct secret *s, const struct node *map, bool string_data)
{
    const char *section = string_data ? "stringData" : "data";
    size_t i;
    int rc;

    if (!map || node_scalar_is_null(map))
        return 0;
    if (map->type != NODE_MAPPING) {
        struct diag_loc loc = {.obj = &s->obj, .line = map->line, .column = map->column,
                               .path = string_data ? ".stringData" : ".data"};
        return report_add(ctx, RULE_VALUE_NOT_STRING, RLINT_SEVERITY_ERROR, NULL, &loc,
                          "%s: is not a mapping of keys to values", section);
    }
    for (i = 0; i < map->count; i++) {
        const struct node *k = node_keys(map)[i], *v = node_items(map)[i];
        struct secret_entry *e;
        struct strbuf path;

        if (k->type != NODE_SCALAR || !printable_key(k))
            continue; /* the API server rejects such a key name; nothing to check here */
        e = find_entry(s, k->value);
        if (e) {
            /* the same key again: in the same section a duplicate key (already reported),
             * or data after stringData / stringData over data */
            if (e->from_string_data && !string_data)
                continue;
            if (!e->from_string_data && string_data) {
                struct diag_loc loc = {.obj = &s->obj, .line = e->line, .column = e->column,
                                       .key = e->key, .path = e->path};
                if ((rc = report_add(ctx, RULE_DATA_STRINGDATA_SAME_KEY,
                                     RLINT_SEVERITY_WARNING, NULL, &loc,
                                     "'%s' is set under both data: and stringData:; the "
                                     "stringData value wins, this one is discarded",
                                     e->key)) < 0)
                    return rc;
            }
            entry_clear_value(e);
            free(e->path);
            e->path = NULL;
            e->unresolved = e->invalid = false;
        } else {
            if (grow_array(&s->entries, &s->cap, s->count + 1, sizeof(*s->entries)) < 0)
                return RLINT_ENOMEM;
            e = &s->entries[s->count];
            memset(e, 0, sizeof(*e));
            e->key = xstrndup(k->value, k->len);
            if (!e->key)
                return RLINT_ENOMEM;
            s->count++;
        }
        strbuf_init(&path);
        strbuf_addf(&path, ".%s.%s", section, e->key);
        e->path = strbuf_finish(&path);
        if (!e->path)
            return RLINT_ENOMEM;
        if ((rc = read_entry(ctx, s, e, v, string_data)) < 0)
            return rc;
    }
    return 0;
}

static int
extract_secret(struct rlint_ctx *ctx, const char *file, const struct node *root)
{
    struct secret s = {0};
    size_t i;
    int rc;

    if ((rc = object_ref_init(&s.obj, ctx, file, root, "Secret")) < 0)
        return rc;
    s.keep_values = secret_is_threescale(s.obj.name);
    if ((rc = read_values(ctx, &s, node_get(root, "data"), false)) < 0 ||
        (rc = read_values(ctx, &s, node_get(root, "stringData"), true)) < 0)
        goto fail;

    /* the Secret this one shadows: at most one of a (name, namespace) is not shadowed, and
     * the index holds it (a NULL namespace matches only NULL: a Secret
     * without one does not shadow one with one) */
    i = name_index_get(&ctx->secret_by_ns, s.obj.name, s.obj.namespace_);
    if (i != SIZE_MAX) {
        struct secret *prev = &ctx->secrets[i];
        struct diag_loc loc = {.obj = &s.obj};
        prev->shadowed = true;
        if ((rc = report_add(ctx, RULE_SECRET_DEFINED_TWICE, RLINT_SEVERITY_WARNING, NULL, &loc,
                             "Secret '%s' is defined again (first at %s:%u); this definition "
                             "wins",
                             s.obj.name, prev->obj.file, prev->obj.line)) < 0)
            goto fail;
    }
    if (grow_array(&ctx->secrets, &ctx->secrets_cap, ctx->nsecrets + 1, sizeof(s)) < 0 ||
        name_index_put(&ctx->secret_by_ns, s.obj.name, s.obj.namespace_, ctx->nsecrets) < 0 ||
        name_index_put(&ctx->secret_last, s.obj.name, NULL, ctx->nsecrets) < 0) {
        rc = RLINT_ENOMEM;
        goto fail;
    }
    ctx->secrets[ctx->nsecrets++] = s;
    return 0;
fail:
    secret_release(&s);
    return rc;
}

/* true/false as YAML booleans or the strings, -1 when absent or something else */
static int
tristate(const struct node *n)
{
    if (!node_is_scalar(n))
        return -1;
    if (strcmp(n->value, "true") == 0 || strcmp(n->value, "True") == 0)
        return 1;
    if (strcmp(n->value, "false") == 0 || strcmp(n->value, "False") == 0)
        return 0;
    return -1;
}

static int
extract_apimanager(struct rlint_ctx *ctx, const char *file, const struct node *root)
{
    static const char *const backend_tls[] = {"spec", "backend", "backendRedisTLSEnabled", NULL};
    static const char *const queues_tls[] = {"spec", "backend", "queuesRedisTLSEnabled", NULL};
    static const char *const system_tls[] = {"spec", "system", "systemRedisTLSEnabled", NULL};
    static const char *const backend_ext[] = {"spec", "externalComponents", "backend", "redis",
                                              NULL};
    static const char *const system_ext[] = {"spec", "externalComponents", "system", "redis",
                                             NULL};
    static const char *const ha[] = {"spec", "highAvailability", "enabled", NULL};
    static const char *const annotations[] = {"metadata", "annotations", NULL};
    struct apimanager am = {0};
    const struct node *ann;
    int rc;

    if ((rc = object_ref_init(&am.obj, ctx, file, root, "APIManager")) < 0)
        return rc;
    am.backend_tls = tristate(node_get_path(root, backend_tls));
    am.queues_tls = tristate(node_get_path(root, queues_tls));
    am.system_tls = tristate(node_get_path(root, system_tls));
    am.backend_external = tristate(node_get_path(root, backend_ext));
    am.system_external = tristate(node_get_path(root, system_ext));
    am.ha_enabled = tristate(node_get_path(root, ha));
    ann = node_get(node_get_path(root, annotations), ANNOTATION_DISABLE_ASYNC);
    if (node_is_scalar(ann)) {
        am.disable_async = xstrndup(ann->value, ann->len > 64 ? 64 : ann->len);
        if (!am.disable_async) {
            apimanager_release(&am);
            return RLINT_ENOMEM;
        }
        am.async_line = ann->line;
        am.async_column = ann->column;
    }
    {
        const struct node *annot = node_get_path(root, annotations);
        int v = version_in_string(node_get_str(annot, "apps.3scale.net/apimanager-threescale-version"));
        int o = version_of_operator(node_get_str(annot, "apps.3scale.net/threescale-operator-version"));
        if (v && !ctx->hint_apimanager)
            ctx->hint_apimanager = v;
        if (o && !ctx->hint_operator)
            ctx->hint_operator = o;
    }
    if (grow_array(&ctx->apimanagers, &ctx->apimanagers_cap, ctx->napimanagers + 1,
                   sizeof(am)) < 0) {
        apimanager_release(&am);
        return RLINT_ENOMEM;
    }
    ctx->apimanagers[ctx->napimanagers++] = am;
    return 0;
}

static int
extract_object(struct rlint_ctx *ctx, const char *file, const struct node *root, int nesting)
{
    const char *kind, *api;
    size_t len, i;
    int rc;

    if (!root || root->type != NODE_MAPPING)
        return 0;
    kind = node_get_str(root, "kind");
    api = node_get_str(root, "apiVersion");
    if (!kind)
        return 0;
    len = strlen(kind);
    if (strcmp(kind, "Template") == 0 || (len >= 4 && strcmp(kind + len - 4, "List") == 0)) {
        const struct node *items =
            node_get(root, strcmp(kind, "Template") == 0 ? "objects" : "items");
        const struct node *params = node_get(root, "parameters");
        for (i = 0; params && params->type == NODE_SEQUENCE && i < params->count; i++) {
            const char *pname = node_get_str(node_items(params)[i], "name");
            int v = version_in_string(node_get_str(node_items(params)[i], "value"));
            if (pname && strcmp(pname, "AMP_RELEASE") == 0 && v && !ctx->hint_template)
                ctx->hint_template = v;
        }
        if (nesting >= MAX_LIST_NESTING || !items || items->type != NODE_SEQUENCE)
            return 0;
        for (i = 0; i < items->count; i++)
            if ((rc = extract_object(ctx, file, node_items(items)[i], nesting + 1)) < 0)
                return rc;
        return 0;
    }
    if (strcmp(kind, "Secret") == 0 && (!api || strcmp(api, "v1") == 0))
        return extract_secret(ctx, file, root);
    if (strcmp(kind, "APIManager") == 0 && api && strncmp(api, "apps.3scale.net/", 16) == 0)
        return extract_apimanager(ctx, file, root);
    if (is_workload_kind(kind))
        return workload_extract(ctx, file, root, kind);
    if (strcmp(kind, "ImageStream") == 0)
        version_image_stream(ctx, root);
    return 0;
}

int
extract_document(struct rlint_ctx *ctx, const char *file, const struct node *root)
{
    return extract_object(ctx, file, root, 0);
}
