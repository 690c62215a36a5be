/* secret.c - copies Secrets and APIManagers out of a document tree, and the Secrets that
 * SOPS, SealedSecrets and ExternalSecrets stand for (RLINT003, RLINT004, RLINT006, RLINT007,
 * RLINT008, RLINT009, RLINT017).
 *
 * Kubernetes semantics kept here: data values are base64 and decoded; stringData wins over
 * data for the same key, as the API server merges it; the last definition of the same
 * namespace/name wins, as `kubectl apply` of the files in order would. Template placeholders
 * are substituted as oc process does (params.c): from --param, else from the Template
 * parameter's default; a value left unknown is marked unresolved and the value rules skip it.
 * Only backend-redis and system-redis keep their values; for other Secrets the key names are
 * enough, so their values are never copied.
 */
#include "secret.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "node.h"
#include "params.h"
#include "findings.h"
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

const char *
secret_kustomize_base(const char *name)
{
    /* kustomize's secretGenerator appends "-" and the first 10 hex digits of a SHA-256, with
     * 0, 1, 3, a and e replaced by g, h, k, m and t (kubernetes-sigs/kustomize
     * api/hasher/hasher.go, encode(), copied from kubectl's hash.go) */
    static const char alphabet[] = "245679" "8bcdfghkmt";
    static const char *const bases[] = {SECRET_BACKEND, SECRET_SYSTEM};
    size_t i, j, n;

    if (!name)
        return NULL;
    for (i = 0; i < 2; i++) {
        n = strlen(bases[i]);
        if (strncmp(name, bases[i], n) != 0 || name[n] != '-' || strlen(name + n + 1) != 10)
            continue;
        for (j = n + 1; name[j]; j++)
            if (!strchr(alphabet, name[j]))
                break;
        if (!name[j])
            return bases[i];
    }
    return NULL;
}

const char *
secret_role(const struct secret *s)
{
    return s->canon ? s->canon : s->obj.name;
}

static char *
dup_scalar(const struct model *model, const struct node *n)
{
    char *v;
    size_t len;
    bool unresolved;
    if (!node_is_scalar(n))
        return NULL;
    if (substitute_params(model, n->value, n->len, &v, &len, &unresolved) < 0)
        return NULL;
    return v;
}

/* name and ns are the nodes that say the object's name and namespace (for a SealedSecret or an
 * ExternalSecret, those of the Secret it makes); NULL for metadata.name and metadata.namespace. */
static int
object_ref_init(struct object_ref *obj, const struct model *model, const char *file,
                const struct node *root, const char *kind, const struct node *name,
                const struct node *ns)
{
    const struct node *meta = node_get(root, "metadata");

    if (!node_is_scalar(name) || !name->len)
        name = node_get(meta, "name");
    if (!node_is_scalar(ns) || !ns->len)
        ns = node_get(meta, "namespace");

    memset(obj, 0, sizeof(*obj));
    obj->file = xstrdup(file);
    obj->kind = xstrdup(kind);
    obj->name = node_is_scalar(name) ? dup_scalar(model, name) : xstrdup("");
    obj->namespace_ = node_is_scalar(ns) && ns->len ? dup_scalar(model, ns) : NULL;
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

/* SOPS (getsops/sops) replaces each value it encrypts with
 * ENC[AES256_GCM,data:...,iv:...,tag:...,type:str] and leaves the key names in clear. With
 * encrypted_regex, unencrypted_regex or unencrypted_suffix some values stay in clear: those are
 * read and checked as usual. Only a document with SOPS metadata (a top-level sops: mapping) has
 * encrypted values; elsewhere ENC[...] is the value the pods would get. */
static bool
sops_encrypted(const struct node *v)
{
    return v->type == NODE_SCALAR && v->len >= 5 && memcmp(v->value, "ENC[", 4) == 0 &&
           v->value[v->len - 1] == ']';
}

static size_t
count_opaque(const struct secret *s)
{
    size_t i, n = 0;
    for (i = 0; i < s->count; i++)
        n += s->entries[i].opaque;
    return n;
}

/* RLINT017, once per 3scale Secret whose values (some or all) cannot be read offline: msg
 * says which and how to check them. at: the node that shows it, else the object. */
static int
report_unavailable(struct model *model, const struct secret *s, const struct node *at,
                   struct strbuf *msg)
{
    struct diag_loc loc = {.obj = &s->obj, .line = at ? at->line : s->obj.line,
                           .column = at ? at->column : s->obj.column};
    char *m = strbuf_finish(msg);
    int rc;

    if (!m)
        return RLINT_ENOMEM;
    rc = s->keep_values ? report_add(model->report, RULE_VALUES_UNAVAILABLE, RLINT_SEVERITY_INFO,
                                     NULL, &loc, "%s", m)
                        : 0; /* other Secrets' values are never checked */
    free(m);
    return rc;
}

static int read_value(struct model *model, struct secret *s, struct secret_entry *e,
                      const struct diag_loc *at, char *raw, size_t raw_len,
                      const struct subst_info *info);

/* Reads one data or stringData entry into e (already holding key and path). */
static int
read_entry(struct model *model, struct secret *s, struct secret_entry *e, const struct node *v,
           bool from_string_data)
{
    struct diag_loc loc = {.obj = &s->obj, .line = v->line, .column = v->column,
                           .key = e->key, .path = e->path};
    struct subst_info info;
    char *raw;
    size_t raw_len;
    int rc;

    e->line = v->line;
    e->column = v->column;
    e->from_string_data = from_string_data;
    if (s->sops && sops_encrypted(v)) {
        /* under data: too, SOPS encrypts the base64 text: no base64 to check either */
        e->opaque = true;
        return 0;
    }
    if (v->type != NODE_SCALAR || node_scalar_is_nonstring(v)) {
        e->invalid = true;
        return report_add(model->report, RULE_VALUE_NOT_STRING, RLINT_SEVERITY_ERROR, NULL, &loc,
                          "value of '%s' is %s, not a string; the API server rejects the "
                          "Secret (quote it)",
                          e->key,
                          v->type == NODE_MAPPING    ? "a mapping"
                          : v->type == NODE_SEQUENCE ? "a list"
                                                     : "an unquoted number or boolean");
    }
    memset(&info, 0, sizeof(info));
    if (node_scalar_is_null(v))
        raw = xstrdup(""), raw_len = 0;
    else if ((rc = substitute(model, v->value, v->len, &raw, &raw_len, &info)) < 0)
        return rc;
    if (!raw)
        return RLINT_ENOMEM;
    e->unresolved = info.unresolved;
    rc = read_value(model, s, e, &loc, raw, raw_len, &info);
    subst_info_release(&info);
    return rc;
}

/* The rest of read_entry(), once placeholders are substituted (info says how). */
static int
read_value(struct model *model, struct secret *s, struct secret_entry *e, const struct diag_loc *at,
           char *raw, size_t raw_len, const struct subst_info *info)
{
    struct diag_loc loc = *at;
    size_t limit = model->value_limit;
    bool from_string_data = e->from_string_data;
    int rc;

    if (raw_len > encoded_bound(model)) {
        /* past what any encoding of an allowed value can be: not decoded, not copied again */
        wipe_free_n(raw, raw_len);
        e->invalid = true;
        e->unresolved = false;
        return report_add(model->report, RULE_LIMIT_EXCEEDED, RLINT_SEVERITY_ERROR, NULL, &loc,
                          "value of '%s' is larger than the %zu-byte limit; not checked "
                          "(--max-value-size)",
                          e->key, limit);
    }
    if (e->unresolved) {
        wipe_free_n(raw, raw_len);
        if (!s->keep_values) /* only the 3scale Redis Secrets' values are checked */
            return 0;
        return report_add(model->report, RULE_UNRESOLVED_PLACEHOLDER, RLINT_SEVERITY_INFO, NULL,
                          &loc, "value of '%s' is not checked: %s (--param NAME=VALUE)", e->key,
                          info->unknown ? info->unknown : "a placeholder is unresolved");
    }
    /* a Template parameter's default is checked like any value; findings at it say whose
     * default it is (report.c) */
    if (info->defaults && s->keep_values &&
        (rc = params_note_default(model, s->obj.file, loc.line, loc.column, info->defaults)) < 0) {
        wipe_free_n(raw, raw_len);
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
            return report_add(model->report, RULE_DATA_INVALID_BASE64, RLINT_SEVERITY_ERROR, NULL,
                              &loc,
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
        return report_add(model->report, RULE_LIMIT_EXCEEDED, RLINT_SEVERITY_ERROR, NULL, &loc,
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
read_values(struct model *model, struct secret *s, const struct node *map, bool string_data)
{
    const char *section = string_data ? "stringData" : "data";
    size_t i;
    int rc;

    if (!map || node_scalar_is_null(map))
        return 0;
    if (map->type != NODE_MAPPING) {
        struct diag_loc loc = {.obj = &s->obj, .line = map->line, .column = map->column,
                               .path = string_data ? ".stringData" : ".data"};
        return report_add(model->report, RULE_VALUE_NOT_STRING, RLINT_SEVERITY_ERROR, NULL, &loc,
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
                if ((rc = report_add(model->report, RULE_DATA_STRINGDATA_SAME_KEY,
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
        /* ".<section>.<key>" by pieces: two vsnprintf() passes for each key were most of
         * what copying a Secret cost */
        strbuf_init(&path);
        strbuf_add(&path, ".", 1);
        strbuf_adds(&path, section);
        strbuf_add(&path, ".", 1);
        strbuf_adds(&path, e->key);
        e->path = strbuf_finish(&path);
        if (!e->path)
            return RLINT_ENOMEM;
        if ((rc = read_entry(model, s, e, v, string_data)) < 0)
            return rc;
    }
    return 0;
}

/* Adds s to model->secrets (which takes it over, also on failure), after RLINT004 when it
 * redefines one. */
static int
add_secret(struct model *model, struct secret *sp)
{
    struct secret s = *sp;
    size_t i;
    int rc;

    /* the Secret this one shadows: at most one of a (name, namespace) is not shadowed, and
     * the index holds it (a NULL namespace matches only NULL: a Secret
     * without one does not shadow one with one) */
    i = name_index_get(&model->secret_by_ns, s.obj.name, s.obj.namespace_);
    if (i != SIZE_MAX) {
        struct secret *prev = &model->secrets[i];
        struct diag_loc loc = {.obj = &s.obj};
        prev->shadowed = true;
        model->secrets_redefined++;
        if ((rc = report_add(model->report, RULE_SECRET_DEFINED_TWICE, RLINT_SEVERITY_WARNING, NULL,
                             &loc,
                             "Secret '%s' is defined again (first at %s:%u); this definition "
                             "wins",
                             s.obj.name, prev->obj.file, prev->obj.line)) < 0)
            goto fail;
    }
    if (grow_array(&model->secrets, &model->secrets_cap, model->nsecrets + 1, sizeof(s)) < 0 ||
        name_index_put(&model->secret_by_ns, s.obj.name, s.obj.namespace_, model->nsecrets) < 0 ||
        name_index_put(&model->secret_last, s.obj.name, NULL, model->nsecrets) < 0) {
        rc = RLINT_ENOMEM;
        goto fail;
    }
    s.seq = model->secrets_seen++;
    model->secrets[model->nsecrets++] = s;
    return 0;
fail:
    secret_release(&s);
    return rc;
}

static int
extract_secret(struct model *model, const char *file, const struct node *root, bool sops)
{
    struct secret s = {0};
    size_t opaque;
    int rc;

    if ((rc = object_ref_init(&s.obj, model, file, root, "Secret", NULL, NULL)) < 0)
        return rc;
    s.canon = secret_kustomize_base(s.obj.name);
    {
        const struct node *name = node_get(node_get(root, "metadata"), "name");
        s.name_line = name ? name->line : s.obj.line;
        s.name_column = name ? name->column : s.obj.column;
    }
    s.keep_values = secret_is_threescale(s.obj.name) || s.canon;
    s.sops = sops;
    if ((rc = read_values(model, &s, node_get(root, "data"), false)) < 0 ||
        (rc = read_values(model, &s, node_get(root, "stringData"), true)) < 0)
        goto fail;
    if ((opaque = count_opaque(&s)) > 0) {
        struct strbuf msg;
        strbuf_init(&msg);
        if (opaque == s.count)
            strbuf_addf(&msg, "the values of Secret '%s' are SOPS-encrypted (ENC[...])",
                        s.obj.name);
        else
            strbuf_addf(&msg, "%zu of the %zu values of Secret '%s' are SOPS-encrypted "
                        "(ENC[...]), the others are checked", opaque, s.count, s.obj.name);
        strbuf_addf(&msg, ": its keys are checked, the encrypted values are not; check them "
                    "decrypted: sops -d %s | 3scale-redis-lint -",
                    strcmp(file, "-") == 0 ? "FILE" : file);
        if ((rc = report_unavailable(model, &s, node_get_key(root, "sops"), &msg)) < 0)
            goto fail;
    }
    return add_secret(model, &s);
fail:
    secret_release(&s);
    return rc;
}

/* A key of a SealedSecret or ExternalSecret: known by name, its value not in the input. */
static int
add_opaque_key(struct secret *s, const struct node *key, const struct node *at, const char *path)
{
    struct secret_entry *e;

    if (key->type != NODE_SCALAR || !printable_key(key) || find_entry(s, key->value))
        return 0; /* a key the API server rejects, or one already listed (same Secret key) */
    if (grow_array(&s->entries, &s->cap, s->count + 1, sizeof(*s->entries)) < 0)
        return RLINT_ENOMEM;
    e = &s->entries[s->count];
    memset(e, 0, sizeof(*e));
    e->key = xstrndup(key->value, key->len);
    e->path = xstrdup(path);
    if (!e->key || !e->path) {
        free(e->key);
        free(e->path);
        return RLINT_ENOMEM;
    }
    e->line = at->line;
    e->column = at->column;
    e->opaque = true;
    s->count++;
    return 0;
}

/* Drops key from s (a spec.template.data key set to null deletes it from the Secret). */
static void
drop_key(struct secret *s, const struct node *key)
{
    size_t i;
    for (i = 0; i < s->count; i++) {
        struct secret_entry *e = &s->entries[i];
        if (strlen(e->key) != key->len || memcmp(e->key, key->value, key->len) != 0)
            continue;
        entry_clear_value(e);
        free(e->key);
        free(e->path);
        memmove(e, e + 1, (s->count - i - 1) * sizeof(*e));
        s->count--;
        return;
    }
}

/* The keys of spec.encryptedData or spec.template.data (section) into s. */
static int
add_sealed_keys(struct secret *s, const struct node *map, const char *section, bool is_template)
{
    size_t i;
    int rc;

    for (i = 0; map && map->type == NODE_MAPPING && i < map->count; i++) {
        const struct node *k = node_keys(map)[i], *v = node_items(map)[i];
        struct strbuf path;
        char *p;
        if (k->type != NODE_SCALAR)
            continue;
        if (is_template && node_scalar_is_null(v)) {
            drop_key(s, k);
            continue;
        }
        strbuf_init(&path);
        strbuf_addf(&path, ".spec.%s.%.*s", section, (int)(k->len > 253 ? 253 : k->len),
                    k->value);
        if (!(p = strbuf_finish(&path)))
            return RLINT_ENOMEM;
        rc = add_opaque_key(s, k, v, p);
        free(p);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* A SealedSecret (bitnami.com/v1alpha1) makes a Secret of its own name and namespace: the
 * controller copies spec.template.metadata, then sets both from the SealedSecret's metadata
 * (bitnami-labs/sealed-secrets pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go,
 * Unseal()), so a name in the template is used only when metadata has none. Its keys: those
 * of spec.encryptedData, which only the controller can decrypt, then those of
 * spec.template.data (templates over the decrypted values; a null one deletes the key). */
static int
extract_sealed_secret(struct model *model, const char *file, const struct node *root)
{
    static const char *const tmeta[] = {"spec", "template", "metadata", NULL};
    static const char *const tdata[] = {"spec", "template", "data", NULL};
    const struct node *meta = node_get(root, "metadata");
    const struct node *template_meta = node_get_path(root, tmeta);
    const struct node *spec = node_get(root, "spec");
    const struct node *name = node_get(meta, "name"), *ns = node_get(meta, "namespace");
    struct secret s = {0};
    struct strbuf msg;
    int rc;

    if (!node_is_scalar(name) || !name->len)
        name = node_get(template_meta, "name");
    if (!node_is_scalar(ns) || !ns->len)
        ns = node_get(template_meta, "namespace");
    if ((rc = object_ref_init(&s.obj, model, file, root, "SealedSecret", name, ns)) < 0)
        return rc;
    s.keep_values = secret_is_threescale(s.obj.name);
    if ((rc = add_sealed_keys(&s, node_get(spec, "encryptedData"), "encryptedData", false)) < 0 ||
        (rc = add_sealed_keys(&s, node_get_path(root, tdata), "template.data", true)) < 0)
        goto fail;
    strbuf_init(&msg);
    strbuf_addf(&msg,
                "the values of Secret '%s' are sealed (spec.encryptedData): its keys are "
                "checked, its values are not; check them in the cluster (--live) or on the "
                "unsealed Secret",
                s.obj.name);
    if ((rc = report_unavailable(model, &s, node_get_key(spec, "encryptedData"), &msg)) < 0)
        goto fail;
    return add_secret(model, &s);
fail:
    secret_release(&s);
    return rc;
}

/* An ExternalSecret (external-secrets.io v1beta1, v1) makes the Secret spec.target.name (else
 * its own name) with a key per spec.data[].secretKey, the values fetched from a store. Keys
 * it cannot list: spec.dataFrom (the store chooses them), a target template (it makes the
 * keys), creationPolicy Merge (the keys of a Secret that already exists stay). */
static int
extract_external_secret(struct model *model, const char *file, const struct node *root)
{
    const struct node *spec = node_get(root, "spec");
    const struct node *target = node_get(spec, "target");
    const struct node *data = node_get(spec, "data");
    const struct node *from = node_get(spec, "dataFrom");
    const char *policy = node_get_str(target, "creationPolicy");
    const char *unknown_why = NULL;
    struct secret s = {0};
    struct strbuf msg;
    size_t i;
    int rc;

    if ((rc = object_ref_init(&s.obj, model, file, root, "ExternalSecret", node_get(target, "name"),
                              NULL)) < 0)
        return rc;
    s.keep_values = secret_is_threescale(s.obj.name);
    for (i = 0; data && data->type == NODE_SEQUENCE && i < data->count; i++) {
        const struct node *k = node_get(node_items(data)[i], "secretKey");
        struct strbuf path;
        char *p;
        if (!node_is_scalar(k))
            continue;
        strbuf_init(&path);
        strbuf_addf(&path, ".spec.data[%zu].secretKey", i);
        if (!(p = strbuf_finish(&path))) {
            rc = RLINT_ENOMEM;
            goto fail;
        }
        rc = add_opaque_key(&s, k, k, p);
        free(p);
        if (rc < 0)
            goto fail;
    }
    if (from && !node_scalar_is_null(from) && !(from->type == NODE_SEQUENCE && from->count == 0))
        unknown_why = "spec.dataFrom: the store chooses them";
    else if (node_get(target, "template"))
        unknown_why = "spec.target.template makes them";
    else if (policy && strcmp(policy, "Merge") == 0)
        unknown_why = "creationPolicy Merge keeps those of the Secret already there";
    s.keys_unknown = unknown_why != NULL;
    strbuf_init(&msg);
    strbuf_addf(&msg, "the values of Secret '%s' come from an external store", s.obj.name);
    if (unknown_why)
        strbuf_addf(&msg, ", and its key set is not known offline (%s): its listed keys are "
                    "checked, no key is reported missing, its values are not checked",
                    unknown_why);
    else
        strbuf_adds(&msg, ": its keys are checked, its values are not");
    strbuf_adds(&msg, "; check them in the cluster (--live) or on the Secret it makes");
    if ((rc = report_unavailable(model, &s, node_get_key(spec, from ? "dataFrom" : "data"), &msg)) <
        0)
        goto fail;
    return add_secret(model, &s);
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
extract_apimanager(struct model *model, const char *file, const struct node *root)
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

    if ((rc = object_ref_init(&am.obj, model, file, root, "APIManager", NULL, NULL)) < 0)
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
        if (v && !model->hint_apimanager)
            model->hint_apimanager = v;
        if (o && !model->hint_operator)
            model->hint_operator = o;
    }
    if (grow_array(&model->apimanagers, &model->apimanagers_cap, model->napimanagers + 1,
                   sizeof(am)) < 0) {
        apimanager_release(&am);
        return RLINT_ENOMEM;
    }
    model->apimanagers[model->napimanagers++] = am;
    return 0;
}

/* sops: the document has SOPS metadata (a top-level sops: mapping, which also covers the
 * items of a List or Template it holds). */
static int
extract_object(struct model *model, const char *file, const struct node *root, int nesting,
               bool sops)
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
    if (!sops) {
        const struct node *meta = node_get(root, "sops");
        sops = meta && meta->type == NODE_MAPPING;
    }
    len = strlen(kind);
    if (strcmp(kind, "Template") == 0 || (len >= 4 && strcmp(kind + len - 4, "List") == 0)) {
        const struct node *items =
            node_get(root, strcmp(kind, "Template") == 0 ? "objects" : "items");
        const struct node *params = node_get(root, "parameters");
        const struct node *outer = model->template_params;
        for (i = 0; params && params->type == NODE_SEQUENCE && i < params->count; i++) {
            const char *pname = node_get_str(node_items(params)[i], "name");
            int v = version_in_string(node_get_str(node_items(params)[i], "value"));
            if (pname && strcmp(pname, "AMP_RELEASE") == 0 && v && !model->hint_template)
                model->hint_template = v;
        }
        if (nesting >= MAX_LIST_NESTING || !items || items->type != NODE_SEQUENCE)
            return 0;
        /* a Template's objects take its parameters' defaults (params.c); a List's items
         * keep those of the Template around it */
        if (strcmp(kind, "Template") == 0)
            model->template_params = params;
        for (i = 0, rc = 0; i < items->count && rc == 0; i++)
            rc = extract_object(model, file, node_items(items)[i], nesting + 1, sops);
        model->template_params = outer;
        return rc < 0 ? rc : 0;
    }
    if (strcmp(kind, "Secret") == 0 && (!api || strcmp(api, "v1") == 0))
        return extract_secret(model, file, root, sops);
    if (strcmp(kind, "SealedSecret") == 0 && api && strcmp(api, "bitnami.com/v1alpha1") == 0)
        return extract_sealed_secret(model, file, root);
    if (strcmp(kind, "ExternalSecret") == 0 && api &&
        (strcmp(api, "external-secrets.io/v1beta1") == 0 ||
         strcmp(api, "external-secrets.io/v1") == 0))
        return extract_external_secret(model, file, root);
    if (strcmp(kind, "APIManager") == 0 && api && strncmp(api, "apps.3scale.net/", 16) == 0)
        return extract_apimanager(model, file, root);
    if (is_workload_kind(kind))
        return workload_extract(model, file, root, kind);
    if (strcmp(kind, "ImageStream") == 0)
        version_image_stream(model, root);
    return 0;
}

int
extract_document(struct model *model, const char *file, const struct node *root)
{
    return extract_object(model, file, root, 0, false);
}
