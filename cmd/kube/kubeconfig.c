/* kubeconfig.c - finds the kubeconfig(s) as kubectl does, merges them, and resolves the chosen
 * context into a server, TLS settings, a namespace and credentials. The exec plugin is run by
 * exec.c; this file only reads its settings.
 *
 * Files are parsed with libyaml's document API (JSON kubeconfigs are YAML too). Every scalar of
 * a parsed document is wiped before the document is freed, and so are libyaml's input buffers
 * and our copy of the file: a kubeconfig holds tokens and keys.
 */
#include "kubeconfig.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "internal.h"
#include "wipe.h"

#define API_V1      "client.authentication.k8s.io/v1"
#define API_V1BETA1 "client.authentication.k8s.io/v1beta1"

struct kfile {
    char *path;
    char *dir; /* relative paths inside the file are relative to this */
    yaml_document_t doc;
};

/* The loaded files in precedence order: the first one to define a name wins. */
struct kconfig {
    struct kfile *files;
    size_t n;
    size_t cap;
};

static void
wipe_document(yaml_document_t *doc)
{
    yaml_node_t *node;

    for (node = doc->nodes.start; node && node < doc->nodes.top; node++) {
        if (node->type == YAML_SCALAR_NODE)
            wipe(node->data.scalar.value, node->data.scalar.length);
    }
}

/* libyaml keeps the raw input and its decoded copy in the parser; both may hold a token. */
static void
wipe_parser(yaml_parser_t *parser)
{
    if (parser->raw_buffer.start)
        wipe(parser->raw_buffer.start,
                  (size_t)(parser->raw_buffer.end - parser->raw_buffer.start));
    if (parser->buffer.start)
        wipe(parser->buffer.start, (size_t)(parser->buffer.end - parser->buffer.start));
}

static void
kconfig_release(struct kconfig *kc)
{
    size_t i;

    for (i = 0; i < kc->n; i++) {
        wipe_document(&kc->files[i].doc);
        yaml_document_delete(&kc->files[i].doc);
        free(kc->files[i].path);
        free(kc->files[i].dir);
    }
    free(kc->files);
    memset(kc, 0, sizeof(*kc));
}

static char *
dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static yaml_node_t *
root_of(struct kfile *f)
{
    return yaml_document_get_root_node(&f->doc);
}

static bool
is_null(const yaml_node_t *n)
{
    const char *v;

    if (!n)
        return true;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    v = (const char *)n->data.scalar.value;
    return strcmp(v, "") == 0 || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
           strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

static yaml_node_t *
map_get(struct kfile *f, yaml_node_t *map, const char *key)
{
    yaml_node_pair_t *p;
    size_t klen = strlen(key);

    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&f->doc, p->key);
        if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == klen &&
            memcmp(k->data.scalar.value, key, klen) == 0) {
            yaml_node_t *v = yaml_document_get_node(&f->doc, p->value);
            return is_null(v) ? NULL : v;
        }
    }
    return NULL;
}

/* *out is the string value of key in map (borrowed), or NULL when absent, null or empty. */
static int
get_str(struct kfile *f, yaml_node_t *map, const char *key, const char *what, const char *name,
        const char **out, char **error)
{
    yaml_node_t *v = map_get(f, map, key);

    *out = NULL;
    if (!v)
        return 0;
    if (v->type != YAML_SCALAR_NODE)
        return kube_set_error(error, "%s of %s '%s' in '%s' is not a string", key, what, name,
                              f->path);
    if (v->data.scalar.length > 0)
        *out = (const char *)v->data.scalar.value;
    return 0;
}

/* Booleans as sigs.k8s.io/yaml (YAML 1.1) reads them; only plain scalars are booleans. */
static int
get_bool(struct kfile *f, yaml_node_t *map, const char *key, const char *what, const char *name,
         bool *out, char **error)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES",
                                      "on",   "On",   "ON",   "y",   "Y"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO",
                                     "off",   "Off",   "OFF",   "n",  "N"};
    yaml_node_t *v = map_get(f, map, key);
    size_t i;

    *out = false;
    if (!v)
        return 0;
    if (v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
            if (strcmp((const char *)v->data.scalar.value, yes[i]) == 0) {
                *out = true;
                return 0;
            }
            if (strcmp((const char *)v->data.scalar.value, no[i]) == 0)
                return 0;
        }
    }
    return kube_set_error(error, "%s of %s '%s' in '%s' is not a boolean", key, what, name,
                          f->path);
}

/* Loads one file. A missing file is skipped (returns 0 without adding it) unless must_exist,
 * as client-go skips missing $KUBECONFIG entries; other read errors are errors. */
static int
load_file(struct kconfig *kc, const char *path, bool must_exist, char **error)
{
    yaml_parser_t parser;
    struct kfile *f;
    yaml_node_t *root;
    char *buf = NULL;
    size_t len = 0;
    int ok;

    if (kube_read_file(path, KUBE_MAX_FILE, &buf, &len) < 0) {
        if (errno == ENOENT && !must_exist)
            return 0;
        return kube_set_error(error, "cannot read kubeconfig '%s': %s", path, strerror(errno));
    }
    if (kc->n == kc->cap) {
        size_t ncap = kc->cap ? kc->cap * 2 : 4;
        struct kfile *nf = realloc(kc->files, ncap * sizeof(*nf));
        if (!nf) {
            wipe_free_n(buf, len);
            return kube_set_error(error, "out of memory");
        }
        kc->files = nf;
        kc->cap = ncap;
    }
    f = &kc->files[kc->n];
    memset(f, 0, sizeof(*f));
    if (!yaml_parser_initialize(&parser)) {
        wipe_free_n(buf, len);
        return kube_set_error(error, "out of memory");
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    ok = yaml_parser_load(&parser, &f->doc);
    if (!ok) {
        /* libyaml's problem text names the construct, never the content. */
        kube_set_error(error, "kubeconfig '%s' is not valid YAML: %s at line %zu column %zu", path,
                       parser.problem ? parser.problem : "parse error",
                       parser.problem_mark.line + 1, parser.problem_mark.column + 1);
    }
    wipe_parser(&parser);
    yaml_parser_delete(&parser);
    wipe_free_n(buf, len);
    if (!ok)
        return -1;

    f->path = strdup(path);
    f->dir = dir_of(path);
    kc->n++; /* counted now, so that kconfig_release frees the document on any error below */
    if (!f->path || !f->dir)
        return kube_set_error(error, "out of memory");
    root = root_of(f);
    /* An empty file is an empty config, as in client-go. */
    if (root && !is_null(root) && root->type != YAML_MAPPING_NODE)
        return kube_set_error(error, "kubeconfig '%s' is not a mapping", path);
    return 0;
}

/* $KUBECONFIG: entries split on ':', empty ones skipped, duplicates loaded once. */
static int
load_env_list(struct kconfig *kc, const char *list, char **error)
{
    const char *p = list;

    while (*p) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        size_t i;
        bool seen = false;
        char *path;

        if (len > 0) {
            path = strndup(p, len);
            if (!path)
                return kube_set_error(error, "out of memory");
            for (i = 0; i < kc->n && !seen; i++)
                seen = strcmp(kc->files[i].path, path) == 0;
            if (!seen && load_file(kc, path, false, error) < 0) {
                free(path);
                return -1;
            }
            free(path);
        }
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

/* Finds entry `name` of list `list` ("clusters") and its body `field` ("cluster") in the first
 * file that defines it. 1 when found (*node_out may be NULL for an entry without a body), 0 when
 * not, -1 on error. */
static int
find_named(struct kconfig *kc, const char *list, const char *field, const char *name,
           struct kfile **file_out, yaml_node_t **node_out, char **error)
{
    size_t i;

    for (i = 0; i < kc->n; i++) {
        struct kfile *f = &kc->files[i];
        yaml_node_t *seq = map_get(f, root_of(f), list);
        yaml_node_item_t *it;
        bool found = false;

        if (!seq)
            continue;
        if (seq->type != YAML_SEQUENCE_NODE)
            return kube_set_error(error, "%s in '%s' is not a list", list, f->path);
        for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
            yaml_node_t *item = yaml_document_get_node(&f->doc, *it);
            yaml_node_t *n;

            if (!item || item->type != YAML_MAPPING_NODE)
                return kube_set_error(error, "an entry of %s in '%s' is not a mapping", list,
                                      f->path);
            n = map_get(f, item, "name");
            if (!n || n->type != YAML_SCALAR_NODE || strcmp((char *)n->data.scalar.value, name))
                continue;
            /* client-go refuses a name listed twice in one file. */
            if (found)
                return kube_set_error(error, "%s in '%s' has two entries named '%s'", list, f->path,
                                      name);
            found = true;
            *file_out = f;
            *node_out = map_get(f, item, field);
            if (*node_out && (*node_out)->type != YAML_MAPPING_NODE)
                return kube_set_error(error, "%s '%s' in '%s' is not a mapping", field, name,
                                      f->path);
        }
        if (found)
            return 1;
    }
    return 0;
}

static const char *
current_context(struct kconfig *kc)
{
    size_t i;

    for (i = 0; i < kc->n; i++) {
        yaml_node_t *n = map_get(&kc->files[i], root_of(&kc->files[i]), "current-context");
        if (n && n->type == YAML_SCALAR_NODE && n->data.scalar.length > 0)
            return (const char *)n->data.scalar.value;
    }
    return NULL;
}

/* A token goes into an HTTP header: a CR or LF in it would let it add headers of its own. */
static bool
has_control_char(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return true;
    }
    return false;
}

/* Reads a file named by a kubeconfig (relative to its directory) into *out. */
static int
read_named_file(struct kfile *f, const char *path, const char *key, const char *what,
                const char *name, char **out, size_t *out_len, char **error)
{
    char *full = kube_path_join(f->dir, path);

    if (!full)
        return kube_set_error(error, "out of memory");
    if (kube_read_file(full, KUBE_MAX_FILE, out, out_len) < 0) {
        kube_set_error(error, "cannot read %s '%s' of %s '%s': %s", key, full, what, name,
                       strerror(errno));
        free(full);
        return -1;
    }
    free(full);
    return 0;
}

/* `key`-data (base64) wins over `key` (a file), as client-go's TLS config does. */
static int
get_data_or_file(struct kfile *f, yaml_node_t *map, const char *key, const char *what,
                 const char *name, char **out, size_t *out_len, char **error)
{
    char data_key[64];
    const char *data, *path;

    snprintf(data_key, sizeof(data_key), "%s-data", key);
    if (get_str(f, map, data_key, what, name, &data, error) < 0 ||
        get_str(f, map, key, what, name, &path, error) < 0)
        return -1;
    if (data) {
        if (kube_base64_decode(data, strlen(data), out, out_len) < 0) {
            if (errno == ENOMEM)
                return kube_set_error(error, "out of memory");
            return kube_set_error(error, "%s of %s '%s' in '%s' is not valid base64", data_key,
                                  what, name, f->path);
        }
        return 0;
    }
    if (path)
        return read_named_file(f, path, key, what, name, out, out_len, error);
    return 0;
}

static int
fill_cluster(struct kube_target *t, struct kfile *f, yaml_node_t *c, const char *name, char **error)
{
    const char *server, *sni, *proxy;

    if (get_str(f, c, "server", "cluster", name, &server, error) < 0 ||
        get_str(f, c, "tls-server-name", "cluster", name, &sni, error) < 0 ||
        get_str(f, c, "proxy-url", "cluster", name, &proxy, error) < 0 ||
        get_bool(f, c, "insecure-skip-tls-verify", "cluster", name, &t->insecure, error) < 0)
        return -1;
    if (!server)
        return kube_set_error(error, "cluster '%s' in '%s' has no server", name, f->path);
    t->server = strdup(server);
    t->tls_server_name = kube_strdup(sni);
    t->proxy_url = kube_strdup(proxy);
    if (!t->server || (sni && !t->tls_server_name) || (proxy && !t->proxy_url))
        return kube_set_error(error, "out of memory");
    return get_data_or_file(f, c, "certificate-authority", "cluster", name, &t->ca_pem, &t->ca_len,
                            error);
}

/* Copies a YAML list of strings into a NULL-terminated array. */
static int
get_str_list(struct kfile *f, yaml_node_t *map, const char *key, const char *name, char ***out,
             char **error)
{
    yaml_node_t *seq = map_get(f, map, key);
    yaml_node_item_t *it;
    size_t n = 0;
    char **v;

    if (seq && seq->type != YAML_SEQUENCE_NODE)
        return kube_set_error(error, "exec %s of user '%s' in '%s' is not a list", key, name,
                              f->path);
    if (seq)
        n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
    v = calloc(n + 1, sizeof(*v));
    if (!v)
        return kube_set_error(error, "out of memory");
    *out = v;
    for (it = seq ? seq->data.sequence.items.start : NULL; seq && it < seq->data.sequence.items.top;
         it++) {
        yaml_node_t *s = yaml_document_get_node(&f->doc, *it);
        if (!s || s->type != YAML_SCALAR_NODE)
            return kube_set_error(error, "exec %s of user '%s' in '%s' holds a non-string", key,
                                  name, f->path);
        *v = strdup((const char *)s->data.scalar.value);
        if (!*v++)
            return kube_set_error(error, "out of memory");
    }
    return 0;
}

/* env: [{name, value}] as "NAME=VALUE" strings (values may be secrets: wiped on release). */
static int
get_exec_env(struct kfile *f, yaml_node_t *map, const char *name, char ***out, char **error)
{
    yaml_node_t *seq = map_get(f, map, "env");
    yaml_node_item_t *it;
    size_t n = 0;
    char **v;

    if (seq && seq->type != YAML_SEQUENCE_NODE)
        return kube_set_error(error, "exec env of user '%s' in '%s' is not a list", name, f->path);
    if (seq)
        n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
    v = calloc(n + 1, sizeof(*v));
    if (!v)
        return kube_set_error(error, "out of memory");
    *out = v;
    for (it = seq ? seq->data.sequence.items.start : NULL; seq && it < seq->data.sequence.items.top;
         it++) {
        yaml_node_t *e = yaml_document_get_node(&f->doc, *it);
        const char *k, *val;
        size_t kl, vl;

        if (!e || e->type != YAML_MAPPING_NODE)
            return kube_set_error(error, "an exec env entry of user '%s' in '%s' is not a mapping",
                                  name, f->path);
        if (get_str(f, e, "name", "exec env of user", name, &k, error) < 0 ||
            get_str(f, e, "value", "exec env of user", name, &val, error) < 0)
            return -1;
        if (!k || strchr(k, '='))
            return kube_set_error(error, "an exec env entry of user '%s' in '%s' has no valid name",
                                  name, f->path);
        val = val ? val : "";
        kl = strlen(k);
        vl = strlen(val);
        *v = malloc(kl + 1 + vl + 1);
        if (!*v)
            return kube_set_error(error, "out of memory");
        memcpy(*v, k, kl);
        (*v)[kl] = '=';
        memcpy(*v + kl + 1, val, vl + 1);
        v++;
    }
    return 0;
}

static void
free_exec(struct kube_exec *e)
{
    char **p;

    if (!e)
        return;
    free(e->api_version);
    free(e->command);
    for (p = e->args; p && *p; p++)
        free(*p);
    free(e->args);
    for (p = e->env; p && *p; p++)
        wipe_free(*p);
    free(e->env);
    free(e->install_hint);
    free(e);
}

static int
fill_exec(struct kube_auth *a, struct kfile *f, yaml_node_t *x, const char *name, char **error)
{
    const char *api, *cmd, *hint;
    struct kube_exec *e;

    if (x->type != YAML_MAPPING_NODE)
        return kube_set_error(error, "exec of user '%s' in '%s' is not a mapping", name, f->path);
    if (get_str(f, x, "apiVersion", "exec of user", name, &api, error) < 0 ||
        get_str(f, x, "command", "exec of user", name, &cmd, error) < 0 ||
        get_str(f, x, "installHint", "exec of user", name, &hint, error) < 0)
        return -1;
    if (!cmd)
        return kube_set_error(error, "exec of user '%s' in '%s' has no command", name, f->path);
    /* v1alpha1 is gone from client-go; v1 and v1beta1 speak the same ExecCredential for us. */
    if (!api || (strcmp(api, API_V1) && strcmp(api, API_V1BETA1)))
        return kube_set_error(
            error, "exec of user '%s' in '%s' must have apiVersion " API_V1 " or " API_V1BETA1,
            name, f->path);
    e = calloc(1, sizeof(*e));
    if (!e)
        return kube_set_error(error, "out of memory");
    a->exec = e;
    e->api_version = strdup(api);
    /* As client-go: a command with a '/' is a path relative to the kubeconfig's directory; a
     * bare name is looked up in $PATH when the plugin runs. */
    e->command = strchr(cmd, '/') ? kube_path_join(f->dir, cmd) : strdup(cmd);
    e->install_hint = kube_strdup(hint);
    if (!e->api_version || !e->command || (hint && !e->install_hint))
        return kube_set_error(error, "out of memory");
    if (get_str_list(f, x, "args", name, &e->args, error) < 0 ||
        get_exec_env(f, x, name, &e->env, error) < 0)
        return -1;
    return 0;
}

static int
fill_user(struct kube_target *t, struct kfile *f, yaml_node_t *u, const char *name, char **error)
{
    struct kube_auth *a = &t->auth;
    const char *token, *token_file, *username, *password;
    yaml_node_t *exec, *provider;

    if (get_str(f, u, "token", "user", name, &token, error) < 0 ||
        get_str(f, u, "tokenFile", "user", name, &token_file, error) < 0 ||
        get_str(f, u, "username", "user", name, &username, error) < 0 ||
        get_str(f, u, "password", "user", name, &password, error) < 0)
        return -1;
    if (get_data_or_file(f, u, "client-certificate", "user", name, &a->cert_pem, &a->cert_len,
                         error) < 0 ||
        get_data_or_file(f, u, "client-key", "user", name, &a->key_pem, &a->key_len, error) < 0)
        return -1;
    if (!a->cert_pem != !a->key_pem)
        return kube_set_error(error, "user '%s' in '%s' has a client %s without a client %s", name,
                              f->path, a->cert_pem ? "certificate" : "key",
                              a->cert_pem ? "key" : "certificate");

    /* tokenFile wins over token: client-go's transport re-reads the file and prefers it. */
    if (token_file) {
        size_t len;
        if (read_named_file(f, token_file, "tokenFile", "user", name, &a->token, &len, error) < 0)
            return -1;
        while (len > 0 && (a->token[len - 1] == '\n' || a->token[len - 1] == '\r'))
            a->token[--len] = '\0';
        if (len == 0) {
            free(a->token);
            a->token = NULL;
        }
    } else if (token) {
        a->token = strdup(token);
        if (!a->token)
            return kube_set_error(error, "out of memory");
    }
    if (a->token && has_control_char(a->token, strlen(a->token)))
        return kube_set_error(error, "the token of user '%s' in '%s' contains a control character",
                              name, f->path);

    /* A non-empty token wins over exec, so the plugin is not run at all. */
    exec = map_get(f, u, "exec");
    if (exec && !a->token && fill_exec(a, f, exec, name, error) < 0)
        return -1;

    if (a->token || a->exec || a->cert_pem)
        return 0;
    provider = map_get(f, u, "auth-provider");
    if (provider)
        return kube_set_error(error,
                              "user '%s' in '%s' uses an auth-provider, which is not supported: "
                              "use an exec credential plugin",
                              name, f->path);
    if (username || password)
        return kube_set_error(error,
                              "user '%s' in '%s' uses basic authentication (username/password), "
                              "which is not supported: use a token, a client certificate or an "
                              "exec credential plugin",
                              name, f->path);
    return 0;
}

static int
resolve(struct kube_target *t, struct kconfig *kc, const char *ctx_name, char **error)
{
    struct kfile *cf = NULL, *clf = NULL, *uf = NULL;
    yaml_node_t *ctx = NULL, *cluster = NULL, *user = NULL;
    const char *cluster_name, *user_name, *ns;
    int r;

    if (!ctx_name)
        ctx_name = current_context(kc);
    if (!ctx_name)
        return kube_set_error(error, "no current-context in the kubeconfig: use --context");
    t->context = strdup(ctx_name);
    if (!t->context)
        return kube_set_error(error, "out of memory");

    r = find_named(kc, "contexts", "context", ctx_name, &cf, &ctx, error);
    if (r < 0)
        return -1;
    if (r == 0)
        return kube_set_error(error, "context '%s' not found in the kubeconfig", ctx_name);
    if (get_str(cf, ctx, "cluster", "context", ctx_name, &cluster_name, error) < 0 ||
        get_str(cf, ctx, "user", "context", ctx_name, &user_name, error) < 0 ||
        get_str(cf, ctx, "namespace", "context", ctx_name, &ns, error) < 0)
        return -1;
    if (!cluster_name)
        return kube_set_error(error, "context '%s' names no cluster", ctx_name);

    r = find_named(kc, "clusters", "cluster", cluster_name, &clf, &cluster, error);
    if (r < 0)
        return -1;
    if (r == 0)
        return kube_set_error(error, "cluster '%s' of context '%s' not found in the kubeconfig",
                              cluster_name, ctx_name);
    if (fill_cluster(t, clf, cluster, cluster_name, error) < 0)
        return -1;

    /* A context without a user is anonymous, as in kubectl. */
    if (user_name) {
        r = find_named(kc, "users", "user", user_name, &uf, &user, error);
        if (r < 0)
            return -1;
        if (r == 0)
            return kube_set_error(error, "user '%s' of context '%s' not found in the kubeconfig",
                                  user_name, ctx_name);
        if (fill_user(t, uf, user, user_name, error) < 0)
            return -1;
    }
    if (ns) {
        t->namespace_ = strdup(ns);
        if (!t->namespace_)
            return kube_set_error(error, "out of memory");
    }
    return 0;
}

static char *
trim_newlines(char *s, size_t *len)
{
    while (*len > 0 && (s[*len - 1] == '\n' || s[*len - 1] == '\r'))
        s[--*len] = '\0';
    return s;
}

/* In a pod: rest.InClusterConfig. Possible only with both variables and a token file, as
 * client-go's inClusterClientConfig.Possible() checks; 1 when loaded, 0 when not possible. */
static int
load_in_cluster(struct kube_target *t, const struct kube_source *src, char **error)
{
    const char *host, *port;
    char *path = NULL, *buf = NULL;
    size_t len, n;

    if (!src->getenv_fn || !src->sa_dir)
        return 0;
    host = src->getenv_fn("KUBERNETES_SERVICE_HOST");
    port = src->getenv_fn("KUBERNETES_SERVICE_PORT");
    if (!host || !*host || !port || !*port)
        return 0;

    path = kube_path_join(src->sa_dir, "token");
    if (!path)
        return kube_set_error(error, "out of memory");
    if (kube_read_file(path, KUBE_MAX_FILE, &t->auth.token, &len) < 0) {
        if (errno == ENOENT) {
            free(path);
            return 0;
        }
        kube_set_error(error, "cannot read the service account token '%s': %s", path,
                       strerror(errno));
        free(path);
        return -1;
    }
    free(path);
    trim_newlines(t->auth.token, &len);
    if (has_control_char(t->auth.token, len))
        return kube_set_error(error, "the service account token contains a control character");

    /* net.JoinHostPort: an IPv6 address goes in brackets. */
    n = strlen(host) + strlen(port) + sizeof("https://[]:");
    t->server = malloc(n);
    t->context = strdup("in-cluster");
    if (!t->server || !t->context)
        return kube_set_error(error, "out of memory");
    snprintf(t->server, n, strchr(host, ':') ? "https://[%s]:%s" : "https://%s:%s", host, port);

    /* client-go only logs an unreadable ca.crt and goes on with the system CAs. */
    path = kube_path_join(src->sa_dir, "ca.crt");
    if (!path)
        return kube_set_error(error, "out of memory");
    if (kube_read_file(path, KUBE_MAX_FILE, &t->ca_pem, &t->ca_len) < 0)
        t->ca_pem = NULL;
    free(path);

    path = kube_path_join(src->sa_dir, "namespace");
    if (!path)
        return kube_set_error(error, "out of memory");
    if (kube_read_file(path, KUBE_MAX_FILE, &buf, &len) == 0) {
        trim_newlines(buf, &len);
        if (len > 0)
            t->namespace_ = buf;
        else
            free(buf);
    }
    free(path);
    return 1;
}

/* The kubeconfig files as kubectl finds them: --kubeconfig, else $KUBECONFIG, else
 * ~/.kube/config. kc->n is 0 when there are none. -1 with *error. */
static int
load_kconfig(struct kconfig *kc, const struct kube_source *src, char **error)
{
    const char *env = NULL, *home = NULL;
    int r;

    if (src->getenv_fn) {
        env = src->getenv_fn("KUBECONFIG");
        home = src->getenv_fn("HOME");
    }
    if (src->explicit_path && *src->explicit_path)
        return load_file(kc, src->explicit_path, true, error) < 0 ? -1 : 0;
    if (env && *env)
        /* $KUBECONFIG replaces ~/.kube/config, even when none of its files exist. */
        return load_env_list(kc, env, error) < 0 ? -1 : 0;
    if (home && *home) {
        char *path = kube_path_join(home, ".kube/config");
        if (!path)
            return kube_set_error(error, "out of memory");
        r = load_file(kc, path, false, error);
        free(path);
        if (r < 0)
            return -1;
    }
    return 0;
}

int
kube_config_load(struct kube_target *out, const struct kube_source *src, char **error)
{
    struct kube_target t;
    struct kconfig kc;
    int r = -1;

    if (error)
        *error = NULL;
    if (!out || !src)
        return kube_set_error(error, "invalid argument");
    memset(&t, 0, sizeof(t));
    memset(&kc, 0, sizeof(kc));
    if (load_kconfig(&kc, src, error) < 0)
        goto out;

    if (kc.n > 0) {
        if (resolve(&t, &kc, src->context && *src->context ? src->context : NULL, error) < 0)
            goto out;
    } else {
        int ic = load_in_cluster(&t, src, error);
        if (ic < 0)
            goto out;
        if (ic == 0) {
            kube_set_error(error, "no kubeconfig: set --kubeconfig or KUBECONFIG, or run in a pod");
            goto out;
        }
    }
    *out = t;
    r = 0;

out:
    if (r < 0)
        kube_target_release(&t);
    kconfig_release(&kc);
    return r;
}

int
kube_config_context_names(const struct kube_source *src, char ***names_out, size_t *n_out,
                          char **error)
{
    struct kconfig kc;
    char **names = NULL;
    size_t n = 0, i, j;
    int r = -1;

    if (error)
        *error = NULL;
    *names_out = NULL;
    *n_out = 0;
    memset(&kc, 0, sizeof(kc));
    if (load_kconfig(&kc, src, error) < 0)
        goto out;
    if (kc.n == 0) {
        kube_set_error(error, "--all-contexts needs a kubeconfig: set --kubeconfig or KUBECONFIG");
        goto out;
    }
    for (i = 0; i < kc.n; i++) {
        struct kfile *f = &kc.files[i];
        yaml_node_t *seq = map_get(f, root_of(f), "contexts");
        yaml_node_item_t *it;
        if (!seq || seq->type != YAML_SEQUENCE_NODE)
            continue;
        for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
            yaml_node_t *item = yaml_document_get_node(&f->doc, *it);
            yaml_node_t *nm = item && item->type == YAML_MAPPING_NODE ? map_get(f, item, "name")
                                                                      : NULL;
            const char *name;
            char **grown;
            if (!nm || nm->type != YAML_SCALAR_NODE || nm->data.scalar.length == 0)
                continue;
            name = (const char *)nm->data.scalar.value;
            /* merged like kubectl: the first file to name a context wins */
            for (j = 0; j < n && strcmp(names[j], name) != 0; j++)
                ;
            if (j < n)
                continue;
            grown = realloc(names, (n + 1) * sizeof(*names));
            if (!grown || !(grown[n] = strdup(name))) {
                if (grown)
                    names = grown;
                kube_set_error(error, "out of memory");
                goto out;
            }
            names = grown;
            n++;
        }
    }
    if (n == 0) {
        kube_set_error(error, "the kubeconfig has no context");
        goto out;
    }
    *names_out = names;
    *n_out = n;
    names = NULL;
    r = 0;
out:
    for (j = 0; names && j < n; j++)
        free(names[j]);
    free(names);
    kconfig_release(&kc);
    return r;
}

void
kube_target_release(struct kube_target *t)
{
    if (!t)
        return;
    free(t->context);
    free(t->server);
    free(t->ca_pem);
    free(t->tls_server_name);
    free(t->proxy_url);
    free(t->namespace_);
    wipe_free(t->auth.token);
    free(t->auth.cert_pem);
    wipe_free_n(t->auth.key_pem, t->auth.key_len);
    free_exec(t->auth.exec);
    memset(t, 0, sizeof(*t));
}
