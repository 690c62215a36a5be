/* test-kubeconfig.c - finding the cluster and the credentials like kubectl: file precedence,
 * $KUBECONFIG merging, in-cluster, contexts, *-data fields and exec credential plugins. Every
 * test writes its files into its own mkdtemp directory; the environment is a stub table. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "kubeconfig.h"

#define CA_PEM   "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n"
#define CA_B64   "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkNBCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K"
#define CERT_PEM "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n"
#define CERT_B64                                                                                   \
    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkNMSUVOVAotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg=="
#define KEY_PEM  "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n"
#define KEY_B64  "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCktFWQotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg=="
#define SECRET   "s3cr3t-t0ken-do-not-print"
#define API_V1   "client.authentication.k8s.io/v1"
#define API_BETA "client.authentication.k8s.io/v1beta1"
#define Y2099    4070908800L /* 2099-01-01T00:00:00Z */

struct fixture {
    char dir[64];
    struct kube_target t;
    char *error;
    struct kube_source src;
};

/* The stub environment: the tests never touch the process's own. */
static struct {
    const char *name;
    char value[512];
} env_table[8];

static const char *
stub_getenv(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(env_table) / sizeof(env_table[0]); i++) {
        if (env_table[i].name && strcmp(env_table[i].name, name) == 0)
            return env_table[i].value;
    }
    return NULL;
}

static void set_env(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
set_env(const char *name, const char *fmt, ...)
{
    size_t i;
    va_list ap;

    for (i = 0; i < sizeof(env_table) / sizeof(env_table[0]); i++) {
        if (!env_table[i].name || strcmp(env_table[i].name, name) == 0)
            break;
    }
    assert_true(i < sizeof(env_table) / sizeof(env_table[0]));
    env_table[i].name = name;
    va_start(ap, fmt);
    vsnprintf(env_table[i].value, sizeof(env_table[i].value), fmt, ap);
    va_end(ap);
}

static int
setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));

    if (!fx)
        return -1;
    snprintf(fx->dir, sizeof(fx->dir), "/tmp/test-kubeconfig.XXXXXX");
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return -1;
    }
    memset(env_table, 0, sizeof(env_table));
    fx->src.getenv_fn = stub_getenv;
    *state = fx;
    return 0;
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;

    kube_target_release(&fx->t);
    free(fx->error);
    nftw(fx->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(fx);
    return 0;
}

/* path of rel inside the fixture's directory, in one of four rotating static buffers. */
static const char *
at(struct fixture *fx, const char *rel)
{
    static char buf[4][256];
    static int which;

    which = (which + 1) % 4;
    snprintf(buf[which], sizeof(buf[which]), "%s/%s", fx->dir, rel);
    return buf[which];
}

static void write_file(struct fixture *fx, const char *rel, mode_t mode, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Writes rel (creating its directories) from a printf format. */
static void
write_file(struct fixture *fx, const char *rel, mode_t mode, const char *fmt, ...)
{
    char path[256], *slash;
    va_list ap;
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", fx->dir, rel);
    for (slash = strchr(path + strlen(fx->dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0700);
        *slash = '/';
    }
    f = fopen(path, "w");
    assert_non_null(f);
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, mode), 0);
}

static int
load(struct fixture *fx)
{
    kube_target_release(&fx->t);
    free(fx->error);
    fx->error = NULL;
    return kube_config_load(&fx->t, &fx->src, &fx->error);
}

static void
expect_load_error(struct fixture *fx, const char *want)
{
    assert_int_equal(load(fx), -1);
    assert_non_null(fx->error);
    assert_string_equal(fx->error, want);
    assert_null(fx->t.server);
}

/* A kubeconfig with context `ctx` -> cluster `cluster` (server) and user `user` (token). */
static void
write_simple(struct fixture *fx, const char *rel, const char *current, const char *ctx,
             const char *cluster, const char *server, const char *user, const char *token)
{
    write_file(fx, rel, 0600,
               "apiVersion: v1\n"
               "kind: Config\n"
               "current-context: %s\n"
               "clusters:\n"
               "- name: %s\n"
               "  cluster:\n"
               "    server: %s\n"
               "users:\n"
               "- name: %s\n"
               "  user:\n"
               "    token: %s\n"
               "contexts:\n"
               "- name: %s\n"
               "  context:\n"
               "    cluster: %s\n"
               "    user: %s\n"
               "    namespace: ns-%s\n",
               current, cluster, server, user, token, ctx, cluster, user, ctx);
}

static void
test_kubeconfig__explicit_path_wins(void **state)
{
    struct fixture *fx = *state;

    write_simple(fx, "explicit", "prod", "prod", "c1", "https://prod:6443", "u1", "tok-explicit");
    write_simple(fx, "env", "dev", "dev", "c2", "https://dev:6443", "u2", "tok-env");
    set_env("KUBECONFIG", "%s", at(fx, "env"));
    fx->src.explicit_path = at(fx, "explicit");
    assert_int_equal(load(fx), 0);
    assert_string_equal(fx->t.context, "prod");
    assert_string_equal(fx->t.server, "https://prod:6443");
    assert_string_equal(fx->t.auth.token, "tok-explicit");
    assert_string_equal(fx->t.namespace_, "ns-prod");
    assert_null(fx->t.ca_pem);
    assert_false(fx->t.insecure);
    assert_null(fx->t.auth.exec);
    assert_null(fx->error);
}

static void
test_kubeconfig__explicit_path_must_exist(void **state)
{
    struct fixture *fx = *state;
    char want[512];

    write_simple(fx, "env", "dev", "dev", "c2", "https://dev:6443", "u2", "tok-env");
    set_env("KUBECONFIG", "%s", at(fx, "env"));
    fx->src.explicit_path = at(fx, "nope");
    snprintf(want, sizeof(want), "cannot read kubeconfig '%s': No such file or directory",
             at(fx, "nope"));
    expect_load_error(fx, want);
}

static void
test_kubeconfig__env_list_merges_first_file_wins(void **state)
{
    struct fixture *fx = *state;

    /* a: no current-context, defines cluster "shared"; b: sets current-context, redefines
     * "shared", and holds the context and the user. */
    write_file(fx, "a", 0600,
               "clusters:\n"
               "- name: shared\n"
               "  cluster: {server: 'https://from-a:443'}\n");
    write_file(fx, "b", 0600,
               "current-context: b-ctx\n"
               "clusters:\n"
               "- name: shared\n"
               "  cluster: {server: 'https://from-b:443'}\n"
               "users:\n"
               "- name: bu\n"
               "  user: {token: tok-b}\n"
               "contexts:\n"
               "- name: b-ctx\n"
               "  context: {cluster: shared, user: bu}\n");
    /* An empty entry and a missing file are skipped, as client-go does. */
    set_env("KUBECONFIG", "::%s:%s::%s", at(fx, "missing"), at(fx, "a"), at(fx, "b"));
    assert_int_equal(load(fx), 0);
    assert_string_equal(fx->t.context, "b-ctx");
    assert_string_equal(fx->t.server, "https://from-a:443");
    assert_string_equal(fx->t.auth.token, "tok-b");
    assert_null(fx->t.namespace_);
}

static void
test_kubeconfig__env_list_current_context_from_first_setter(void **state)
{
    struct fixture *fx = *state;

    write_simple(fx, "a", "a-ctx", "a-ctx", "ca", "https://a:1", "ua", "tok-a");
    write_simple(fx, "b", "b-ctx", "b-ctx", "cb", "https://b:1", "ub", "tok-b");
    set_env("KUBECONFIG", "%s:%s", at(fx, "a"), at(fx, "b"));
    assert_int_equal(load(fx), 0);
    assert_string_equal(fx->t.context, "a-ctx");
    assert_string_equal(fx->t.server, "https://a:1");

    /* b's context is still reachable, and resolves against the merged maps. */
    fx->src.context = "b-ctx";
    assert_int_equal(load(fx), 0);
    assert_string_equal(fx->t.server, "https://b:1");
    assert_string_equal(fx->t.auth.token, "tok-b");
    assert_string_equal(fx->t.namespace_, "ns-b-ctx");
}

static void
test_kubeconfig__home_kube_config(void **state)
{
    struct fixture *fx = *state;

    write_simple(fx, ".kube/config", "home", "home", "c", "https://home:6443", "u", "tok-home");
    set_env("HOME", "%s", fx->dir);
    assert_int_equal(load(fx), 0);
    assert_string_equal(fx->t.server, "https://home:6443");
    assert_string_equal(fx->t.auth.token, "tok-home");
}

static void
test_kubeconfig__env_list_replaces_home(void **state)
{
    struct fixture *fx = *state;

    /* $KUBECONFIG with only missing files does not fall back to ~/.kube/config. */
    write_simple(fx, ".kube/config", "home", "home", "c", "https://home:6443", "u", "tok-home");
    set_env("HOME", "%s", fx->dir);
    set_env("KUBECONFIG", "%s", at(fx, "missing"));
    expect_load_error(fx, "no kubeconfig: set --kubeconfig or KUBECONFIG, or run in a pod");
}

static void
test_kubeconfig__in_cluster(void **state)
{
    struct fixture *fx = *state;

    write_file(fx, "sa/token", 0600, "%s\n", SECRET);
    write_file(fx, "sa/ca.crt", 0600, "%s", CA_PEM);
    write_file(fx, "sa/namespace", 0600, "3scale\n");
    set_env("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    set_env("KUBERNETES_SERVICE_PORT", "443");
    set_env("HOME", "%s", fx->dir); /* no .kube/config there */
    fx->src.sa_dir = at(fx, "sa");
    assert_int_equal(load(fx), 0);
    assert_string_equal(fx->t.context, "in-cluster");
    assert_string_equal(fx->t.server, "https://10.96.0.1:443");
    assert_string_equal(fx->t.auth.token, SECRET);
    assert_int_equal(fx->t.ca_len, strlen(CA_PEM));
    assert_memory_equal(fx->t.ca_pem, CA_PEM, fx->t.ca_len);
    assert_string_equal(fx->t.namespace_, "3scale");
}

static void
test_kubeconfig__in_cluster_ipv6_host_in_brackets(void **state)
{
    struct fixture *fx = *state;

    write_file(fx, "sa/token", 0600, "tok");
    set_env("KUBERNETES_SERVICE_HOST", "fd00:10:96::1");
    set_env("KUBERNETES_SERVICE_PORT", "443");
    fx->src.sa_dir = at(fx, "sa");
    assert_int_equal(load(fx), 0);
    assert_string_equal(fx->t.server, "https://[fd00:10:96::1]:443");
    assert_null(fx->t.ca_pem);
    assert_null(fx->t.namespace_);
}

static void
test_kubeconfig__nothing_found(void **state)
{
    struct fixture *fx = *state;

    /* The variables alone are not enough: client-go also wants the token file. */
    set_env("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    set_env("KUBERNETES_SERVICE_PORT", "443");
    fx->src.sa_dir = at(fx, "sa");
    expect_load_error(fx, "no kubeconfig: set --kubeconfig or KUBECONFIG, or run in a pod");
}

static void
test_kubeconfig__context_override(void **state)
{
    struct fixture *fx = *state;

    write_file(fx, "config", 0600,
               "current-context: one\n"
               "clusters:\n"
               "- {name: c1, cluster: {server: 'https://one'}}\n"
               "- {name: c2, cluster: {server: 'https://two'}}\n"
               "contexts:\n"
               "- {name: one, context: {cluster: c1}}\n"
               "- {name: two, context: {cluster: c2, namespace: staging}}\n");
    fx->src.explicit_path = at(fx, "config");
    fx->src.context = "two";
    assert_int_equal(load(fx), 0);
    assert_string_equal(fx->t.context, "two");
    assert_string_equal(fx->t.server, "https://two");
    assert_string_equal(fx->t.namespace_, "staging");
    /* No user: anonymous, as kubectl allows. */
    assert_null(fx->t.auth.token);
    assert_null(fx->t.auth.cert_pem);
}

static void
test_kubeconfig__missing_context_cluster_user(void **state)
{
    struct fixture *fx = *state;

    write_file(fx, "config", 0600,
               "current-context: dangling-cluster\n"
               "clusters:\n"
               "- {name: c1, cluster: {server: 'https://one'}}\n"
               "- {name: noserver, cluster: {insecure-skip-tls-verify: true}}\n"
               "contexts:\n"
               "- {name: dangling-cluster, context: {cluster: gone, user: u}}\n"
               "- {name: dangling-user, context: {cluster: c1, user: ghost}}\n"
               "- {name: no-server, context: {cluster: noserver}}\n");
    fx->src.explicit_path = at(fx, "config");
    expect_load_error(fx, "cluster 'gone' of context 'dangling-cluster' not found in the "
                          "kubeconfig");
    fx->src.context = "dangling-user";
    expect_load_error(fx, "user 'ghost' of context 'dangling-user' not found in the kubeconfig");
    fx->src.context = "nope";
    expect_load_error(fx, "context 'nope' not found in the kubeconfig");
    fx->src.context = "no-server";
    {
        char want[256];
        snprintf(want, sizeof(want), "cluster 'noserver' in '%s' has no server", at(fx, "config"));
        expect_load_error(fx, want);
    }
}

static void
test_kubeconfig__no_current_context(void **state)
{
    struct fixture *fx = *state;

    write_file(fx, "config", 0600, "clusters: []\n");
    fx->src.explicit_path = at(fx, "config");
    expect_load_error(fx, "no current-context in the kubeconfig: use --context");
}

static void
test_kubeconfig__relative_files_resolved_against_the_kubeconfig(void **state)
{
    struct fixture *fx = *state;

    write_file(fx, "sub/certs/ca.pem", 0600, "%s", CA_PEM);
    write_file(fx, "sub/certs/client.pem", 0600, "%s", CERT_PEM);
    write_file(fx, "sub/certs/client.key", 0600, "%s", KEY_PEM);
    write_file(fx, "sub/config", 0600,
               "current-context: x\n"
               "clusters:\n"
               "- name: c\n"
               "  cluster:\n"
               "    server: https://x\n"
               "    certificate-authority: certs/ca.pem\n"
               "users:\n"
               "- name: u\n"
               "  user:\n"
               "    client-certificate: certs/client.pem\n"
               "    client-key: %s\n"
               "contexts:\n"
               "- {name: x, context: {cluster: c, user: u}}\n",
               at(fx, "sub/certs/client.key"));
    /* The test's working directory is not the kubeconfig's. */
    fx->src.explicit_path = at(fx, "sub/config");
    assert_int_equal(load(fx), 0);
    assert_int_equal(fx->t.ca_len, strlen(CA_PEM));
    assert_memory_equal(fx->t.ca_pem, CA_PEM, fx->t.ca_len);
    assert_int_equal(fx->t.auth.cert_len, strlen(CERT_PEM));
    assert_memory_equal(fx->t.auth.cert_pem, CERT_PEM, fx->t.auth.cert_len);
    assert_int_equal(fx->t.auth.key_len, strlen(KEY_PEM));
    assert_memory_equal(fx->t.auth.key_pem, KEY_PEM, fx->t.auth.key_len);
    assert_null(fx->t.auth.token);
}

static void
test_kubeconfig__unreadable_certificate_authority(void **state)
{
    struct fixture *fx = *state;
    char want[512];

    write_file(
        fx, "config", 0600,
        "current-context: x\n"
        "clusters: [{name: c, cluster: {server: 'https://x', certificate-authority: ca.pem}}]\n"
        "contexts: [{name: x, context: {cluster: c}}]\n");
    fx->src.explicit_path = at(fx, "config");
    snprintf(want, sizeof(want),
             "cannot read certificate-authority '%s' of cluster 'c': No such file or directory",
             at(fx, "ca.pem"));
    expect_load_error(fx, want);
}

static void
test_kubeconfig__data_fields_decoded(void **state)
{
    struct fixture *fx = *state;

    write_file(fx, "config", 0600,
               "current-context: x\n"
               "clusters:\n"
               "- name: c\n"
               "  cluster:\n"
               "    server: https://x\n"
               "    certificate-authority: does-not-exist.pem\n" /* -data wins */
               "    certificate-authority-data: " CA_B64 "\n"
               "users:\n"
               "- name: u\n"
               "  user:\n"
               "    client-certificate-data: " CERT_B64 "\n"
               "    client-key-data: " KEY_B64 "\n"
               "contexts:\n"
               "- {name: x, context: {cluster: c, user: u}}\n");
    fx->src.explicit_path = at(fx, "config");
    assert_int_equal(load(fx), 0);
    assert_int_equal(fx->t.ca_len, strlen(CA_PEM));
    assert_memory_equal(fx->t.ca_pem, CA_PEM, fx->t.ca_len);
    assert_int_equal(fx->t.auth.cert_len, strlen(CERT_PEM));
    assert_memory_equal(fx->t.auth.cert_pem, CERT_PEM, fx->t.auth.cert_len);
    assert_int_equal(fx->t.auth.key_len, strlen(KEY_PEM));
    assert_memory_equal(fx->t.auth.key_pem, KEY_PEM, fx->t.auth.key_len);
}

static void
test_kubeconfig__bad_base64_and_lone_key(void **state)
{
    struct fixture *fx = *state;
    char want[512];

    write_file(fx, "config", 0600,
               "current-context: x\n"
               "clusters: [{name: c, cluster: {server: 'https://x', "
               "certificate-authority-data: 'not base64!'}}]\n"
               "users: [{name: u, user: {client-key-data: " KEY_B64 "}}]\n"
               "contexts: [{name: x, context: {cluster: c, user: u}}, "
               "{name: y, context: {cluster: ok, user: u}}]\n");
    write_file(fx, "config2", 0600, "clusters: [{name: ok, cluster: {server: 'https://ok'}}]\n");
    set_env("KUBECONFIG", "%s:%s", at(fx, "config"), at(fx, "config2"));
    snprintf(want, sizeof(want),
             "certificate-authority-data of cluster 'c' in '%s' is not valid base64",
             at(fx, "config"));
    expect_load_error(fx, want);
    fx->src.context = "y";
    snprintf(want, sizeof(want), "user 'u' in '%s' has a client key without a client certificate",
             at(fx, "config"));
    expect_load_error(fx, want);
}

static void
test_kubeconfig__token_file_trailing_newline(void **state)
{
    struct fixture *fx = *state;

    write_file(fx, "tok", 0600, "%s\n", SECRET);
    write_file(fx, "config", 0600,
               "current-context: x\n"
               "clusters: [{name: c, cluster: {server: 'https://x'}}]\n"
               "users: [{name: u, user: {tokenFile: tok}}]\n"
               "contexts: [{name: x, context: {cluster: c, user: u}}]\n");
    fx->src.explicit_path = at(fx, "config");
    assert_int_equal(load(fx), 0);
    assert_string_equal(fx->t.auth.token, SECRET);
}

static void
test_kubeconfig__insecure_sni_and_proxy(void **state)
{
    struct fixture *fx = *state;

    write_file(fx, "config", 0600,
               "current-context: x\n"
               "clusters:\n"
               "- name: c\n"
               "  cluster:\n"
               "    server: https://10.0.0.1:6443\n"
               "    insecure-skip-tls-verify: true\n"
               "    tls-server-name: api.example.com\n"
               "    proxy-url: http://proxy:3128\n"
               "contexts: [{name: x, context: {cluster: c}}]\n");
    fx->src.explicit_path = at(fx, "config");
    assert_int_equal(load(fx), 0);
    assert_true(fx->t.insecure);
    assert_string_equal(fx->t.tls_server_name, "api.example.com");
    assert_string_equal(fx->t.proxy_url, "http://proxy:3128");
}

static void
test_kubeconfig__json_kubeconfig(void **state)
{
    struct fixture *fx = *state;

    write_file(fx, "config.json", 0600,
               "{\"apiVersion\": \"v1\", \"kind\": \"Config\", \"current-context\": \"j\",\n"
               " \"clusters\": [{\"name\": \"c\", \"cluster\": {\"server\": \"https://json\",\n"
               "   \"insecure-skip-tls-verify\": false}}],\n"
               " \"users\": [{\"name\": \"u\", \"user\": {\"token\": \"tok-json\"}}],\n"
               " \"contexts\": [{\"name\": \"j\", \"context\": {\"cluster\": \"c\", \"user\": "
               "\"u\"}}]}\n");
    fx->src.explicit_path = at(fx, "config.json");
    assert_int_equal(load(fx), 0);
    assert_string_equal(fx->t.server, "https://json");
    assert_false(fx->t.insecure);
    assert_string_equal(fx->t.auth.token, "tok-json");
}

static void
test_kubeconfig__basic_auth_unsupported(void **state)
{
    struct fixture *fx = *state;
    char want[512];

    write_file(fx, "config", 0600,
               "current-context: x\n"
               "clusters: [{name: c, cluster: {server: 'https://x'}}]\n"
               "users: [{name: admin, user: {username: admin, password: " SECRET "}}]\n"
               "contexts: [{name: x, context: {cluster: c, user: admin}}]\n");
    fx->src.explicit_path = at(fx, "config");
    snprintf(want, sizeof(want),
             "user 'admin' in '%s' uses basic authentication (username/password), which is not "
             "supported: use a token, a client certificate or an exec credential plugin",
             at(fx, "config"));
    expect_load_error(fx, want);
}

/* A kubeconfig whose user runs `command` (relative to the kubeconfig) with one arg and env. */
static void
write_exec_config(struct fixture *fx, const char *api, const char *command, const char *token,
                  const char *hint)
{
    write_file(fx, "config", 0600,
               "current-context: x\n"
               "clusters: [{name: c, cluster: {server: 'https://x'}}]\n"
               "users:\n"
               "- name: u\n"
               "  user:\n"
               "    token: '%s'\n"
               "    exec:\n"
               "      apiVersion: %s\n"
               "      command: %s\n"
               "      args: [--arg]\n"
               "      env: [{name: RLINT_TEST_VAR, value: hello}]\n"
               "      installHint: '%s'\n"
               "      provideClusterInfo: true\n"
               "contexts: [{name: x, context: {cluster: c, user: u}}]\n",
               token, api, command, hint);
    fx->src.explicit_path = at(fx, "config");
}

/* A plugin script that checks its environment and argument, then prints body. */
static void
write_plugin(struct fixture *fx, const char *rel, const char *api, const char *body)
{
    write_file(fx, rel, 0700,
               "#!/bin/sh\n"
               "[ \"$KUBERNETES_EXEC_INFO\" = '{\"apiVersion\":\"%s\",\"kind\":\"ExecCredential\","
               "\"spec\":{\"interactive\":false}}' ] || { echo \"bad info\" >&2; exit 3; }\n"
               "[ \"$RLINT_TEST_VAR\" = hello ] || { echo \"no env\" >&2; exit 4; }\n"
               "[ \"$1\" = --arg ] || { echo \"no arg\" >&2; exit 5; }\n"
               "cat <<'EOF'\n%s\nEOF\n",
               api, body);
}

static int
load_and_exec(struct fixture *fx)
{
    if (load(fx) < 0)
        return -1;
    assert_non_null(fx->t.auth.exec);
    return kube_exec_credentials(&fx->t, &fx->error);
}

static void
test_kubeconfig__exec_v1_token(void **state)
{
    struct fixture *fx = *state;

    write_plugin(fx, "bin/plugin", API_V1,
                 "{\"apiVersion\":\"" API_V1 "\",\"kind\":\"ExecCredential\",\"status\":{"
                 "\"token\":\"" SECRET "\",\"expirationTimestamp\":\"2099-01-01T00:00:00Z\"}}");
    /* An empty token does not beat exec. */
    write_exec_config(fx, API_V1, "./bin/plugin", "", "");
    assert_int_equal(load(fx), 0);
    assert_non_null(fx->t.auth.exec);
    assert_string_equal(fx->t.auth.exec->command, at(fx, "./bin/plugin"));
    assert_string_equal(fx->t.auth.exec->args[0], "--arg");
    assert_null(fx->t.auth.exec->args[1]);
    assert_string_equal(fx->t.auth.exec->env[0], "RLINT_TEST_VAR=hello");
    assert_int_equal(kube_exec_credentials(&fx->t, &fx->error), 0);
    assert_null(fx->error);
    assert_string_equal(fx->t.auth.token, SECRET);
    assert_int_equal(fx->t.auth.expires, Y2099);
}

static void
test_kubeconfig__exec_v1beta1_client_certificate(void **state)
{
    struct fixture *fx = *state;

    write_plugin(fx, "plugin", API_BETA,
                 "{\"apiVersion\":\"" API_BETA "\",\"kind\":\"ExecCredential\",\"status\":{"
                 "\"clientCertificateData\":\"-----BEGIN CERTIFICATE-----\\nCLIENT\\n"
                 "-----END CERTIFICATE-----\\n\","
                 "\"clientKeyData\":\"-----BEGIN PRIVATE KEY-----\\nKEY\\n"
                 "-----END PRIVATE KEY-----\\n\","
                 "\"expirationTimestamp\":\"2099-01-01T01:30:00.123+01:30\"}}");
    write_exec_config(fx, API_BETA, at(fx, "plugin"), "", "");
    assert_int_equal(load_and_exec(fx), 0);
    assert_null(fx->t.auth.token);
    assert_int_equal(fx->t.auth.cert_len, strlen(CERT_PEM));
    assert_memory_equal(fx->t.auth.cert_pem, CERT_PEM, fx->t.auth.cert_len);
    assert_int_equal(fx->t.auth.key_len, strlen(KEY_PEM));
    assert_memory_equal(fx->t.auth.key_pem, KEY_PEM, fx->t.auth.key_len);
    assert_int_equal(fx->t.auth.expires, Y2099);
}

static void
test_kubeconfig__exec_found_in_path(void **state)
{
    struct fixture *fx = *state;

    /* A bare name ("sh") is looked up in $PATH as kubectl does. */
    write_file(fx, "config", 0600,
               "current-context: x\n"
               "clusters: [{name: c, cluster: {server: 'https://x'}}]\n"
               "users:\n"
               "- name: u\n"
               "  user:\n"
               "    exec:\n"
               "      apiVersion: " API_V1 "\n"
               "      command: sh\n"
               "      args: [-c, 'echo ''{\"apiVersion\":\"" API_V1
               "\",\"kind\":\"ExecCredential\","
               "\"status\":{\"token\":\"tok-path\"}}''']\n"
               "contexts: [{name: x, context: {cluster: c, user: u}}]\n");
    fx->src.explicit_path = at(fx, "config");
    assert_int_equal(load_and_exec(fx), 0);
    assert_string_equal(fx->t.auth.token, "tok-path");
    assert_int_equal(fx->t.auth.expires, 0);
}

static void
test_kubeconfig__token_wins_over_exec(void **state)
{
    struct fixture *fx = *state;

    write_exec_config(fx, API_V1, "./never-run", "static-token", "");
    assert_int_equal(load(fx), 0);
    assert_string_equal(fx->t.auth.token, "static-token");
    assert_null(fx->t.auth.exec);
    /* Without a plugin there is nothing to run. */
    assert_int_equal(kube_exec_credentials(&fx->t, &fx->error), 0);
}

static void
test_kubeconfig__exec_failure_shows_install_hint(void **state)
{
    struct fixture *fx = *state;
    char want[512];

    write_file(fx, "plugin", 0700, "#!/bin/sh\necho 'login required' >&2\nexit 1\n");
    write_exec_config(fx, API_V1, "./plugin", "", "install it with: dnf install my-plugin");
    assert_int_equal(load_and_exec(fx), -1);
    snprintf(want, sizeof(want),
             "exec plugin '%s' failed with exit code 1: install it with: dnf install my-plugin",
             at(fx, "./plugin"));
    assert_string_equal(fx->error, want);
    assert_null(fx->t.auth.token);
}

static void
test_kubeconfig__exec_not_found(void **state)
{
    struct fixture *fx = *state;
    char want[512];

    write_exec_config(fx, API_V1, "rlint-no-such-plugin", "", "see the docs");
    assert_int_equal(load_and_exec(fx), -1);
    assert_string_equal(fx->error, "exec plugin 'rlint-no-such-plugin' not found in $PATH: see "
                                   "the docs");

    write_exec_config(fx, API_V1, "./missing", "", "");
    assert_int_equal(load_and_exec(fx), -1);
    snprintf(want, sizeof(want), "cannot run exec plugin '%s': No such file or directory",
             at(fx, "./missing"));
    assert_string_equal(fx->error, want);
}

static void
test_kubeconfig__exec_expired_credential_used(void **state)
{
    struct fixture *fx = *state;

    write_plugin(fx, "plugin", API_V1,
                 "{\"apiVersion\":\"" API_V1 "\",\"kind\":\"ExecCredential\",\"status\":{"
                 "\"token\":\"" SECRET "\",\"expirationTimestamp\":\"2020-11-25T22:00:00Z\"}}");
    write_exec_config(fx, API_V1, "./plugin", "", "");
    /* used, as client-go does: refreshCredsLocked() keeps it without comparing the time */
    assert_int_equal(load_and_exec(fx), 0);
    assert_string_equal(fx->t.auth.token, SECRET);
    assert_int_equal(fx->t.auth.expires, 1606341600L); /* 2020-11-25T22:00:00Z */
}

static void
test_kubeconfig__exec_wrong_api_version(void **state)
{
    struct fixture *fx = *state;

    write_plugin(fx, "plugin", API_V1,
                 "{\"apiVersion\":\"" API_BETA "\",\"kind\":\"ExecCredential\",\"status\":{"
                 "\"token\":\"" SECRET "\"}}");
    write_exec_config(fx, API_V1, "./plugin", "", "");
    assert_int_equal(load_and_exec(fx), -1);
    assert_non_null(strstr(fx->error, "returned apiVersion '" API_BETA "', want '" API_V1 "'"));
    assert_null(fx->t.auth.token);
}

static void
test_kubeconfig__exec_timeout_kills_the_plugin(void **state)
{
    struct fixture *fx = *state;

    write_file(fx, "plugin", 0700, "#!/bin/sh\nexec sleep 10\n");
    write_exec_config(fx, API_V1, "./plugin", "", "");
    assert_int_equal(load(fx), 0);
    fx->t.auth.exec->timeout_ms = 200;
    assert_int_equal(kube_exec_credentials(&fx->t, &fx->error), -1);
    assert_non_null(strstr(fx->error, "did not finish within 200 ms and was killed"));
}

static void
test_kubeconfig__unsupported_exec_api_version(void **state)
{
    struct fixture *fx = *state;
    char want[512];

    write_exec_config(fx, "client.authentication.k8s.io/v1alpha1", "./plugin", "", "");
    snprintf(want, sizeof(want),
             "exec of user 'u' in '%s' must have apiVersion " API_V1 " or " API_BETA,
             at(fx, "config"));
    expect_load_error(fx, want);
}

/* Runs a plugin printing body and checks that the failure message does not hold SECRET. */
static void
expect_exec_error_without_secret(struct fixture *fx, const char *body)
{
    write_plugin(fx, "plugin", API_V1, body);
    write_exec_config(fx, API_V1, "./plugin", "", "");
    assert_int_equal(load_and_exec(fx), -1);
    assert_non_null(fx->error);
    assert_null(strstr(fx->error, SECRET));
    assert_null(fx->t.auth.token);
}

static void
test_kubeconfig__no_error_contains_a_token(void **state)
{
    struct fixture *fx = *state;

    /* A plugin that prints a bare token: jansson's error text would quote it. */
    expect_exec_error_without_secret(fx, SECRET);
    expect_exec_error_without_secret(fx, "{\"apiVersion\":\"" SECRET "\"}");
    expect_exec_error_without_secret(fx, "{\"apiVersion\":\"" API_V1 "\",\"kind\":"
                                         "\"ExecCredential\",\"status\":{\"token\":\"" SECRET
                                         "\",\"expirationTimestamp\":\"" SECRET "\"}}");
    expect_exec_error_without_secret(fx, "{\"apiVersion\":\"" API_V1 "\",\"kind\":"
                                         "\"ExecCredential\",\"status\":{\"token\":\"" SECRET
                                         "\\r\\nX-Injected: 1\"}}");

    /* Kubeconfig errors: a token with a line break, and a YAML error after a token. */
    write_file(fx, "config", 0600,
               "current-context: x\n"
               "clusters: [{name: c, cluster: {server: 'https://x'}}]\n"
               "users: [{name: u, user: {token: \"" SECRET "\\r\\nX-Injected: 1\"}}]\n"
               "contexts: [{name: x, context: {cluster: c, user: u}}]\n");
    fx->src.explicit_path = at(fx, "config");
    assert_int_equal(load(fx), -1);
    assert_non_null(strstr(fx->error, "contains a control character"));
    assert_null(strstr(fx->error, SECRET));
    write_file(fx, "config", 0600, "users: [{name: u, user: {token: " SECRET "}}]\n  : [\n");
    assert_int_equal(load(fx), -1);
    assert_non_null(strstr(fx->error, "is not valid YAML"));
    assert_null(strstr(fx->error, SECRET));
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(test_kubeconfig__##name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(explicit_path_wins),
        T(explicit_path_must_exist),
        T(env_list_merges_first_file_wins),
        T(env_list_current_context_from_first_setter),
        T(home_kube_config),
        T(env_list_replaces_home),
        T(in_cluster),
        T(in_cluster_ipv6_host_in_brackets),
        T(nothing_found),
        T(context_override),
        T(missing_context_cluster_user),
        T(no_current_context),
        T(relative_files_resolved_against_the_kubeconfig),
        T(unreadable_certificate_authority),
        T(data_fields_decoded),
        T(bad_base64_and_lone_key),
        T(token_file_trailing_newline),
        T(insecure_sni_and_proxy),
        T(json_kubeconfig),
        T(basic_auth_unsupported),
        T(exec_v1_token),
        T(exec_v1beta1_client_certificate),
        T(exec_found_in_path),
        T(token_wins_over_exec),
        T(exec_failure_shows_install_hint),
        T(exec_not_found),
        T(exec_expired_credential_used),
        T(exec_wrong_api_version),
        T(exec_timeout_kills_the_plugin),
        T(unsupported_exec_api_version),
        T(no_error_contains_a_token),
    };
#undef T
    return cmocka_run_group_tests_name("kubeconfig", tests, NULL, NULL);
}
