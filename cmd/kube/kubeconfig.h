/* kubeconfig.h - finding the cluster, the namespace and the credentials like kubectl does. */
#ifndef CMD_KUBE_KUBECONFIG_H
#define CMD_KUBE_KUBECONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* An exec credential plugin (client.authentication.k8s.io/v1 or v1beta1). */
struct kube_exec {
    char *api_version;
    char *command;
    char **args;        /* NULL-terminated */
    char **env;         /* NULL-terminated "NAME=VALUE" added to the plugin's environment */
    char *install_hint;
    long timeout_ms;    /* added: how long the plugin may run, 0 = 30 s (tests shorten it) */
};

struct kube_auth {
    char *token;          /* bearer token (wiped on release); from token, tokenFile or exec */
    char *cert_pem;       /* client certificate PEM (from client-certificate(-data) or exec) */
    size_t cert_len;
    char *key_pem;        /* client key PEM (wiped on release) */
    size_t key_len;
    struct kube_exec *exec; /* NULL when the user has no exec plugin */
    long expires;         /* exec status.expirationTimestamp as time_t, 0 = none */
};

struct kube_target {
    char *context;        /* the context used, or "in-cluster" */
    char *server;         /* "https://host:port" */
    char *ca_pem;         /* certificate-authority(-data), NULL = system CAs */
    size_t ca_len;
    bool insecure;        /* insecure-skip-tls-verify */
    char *tls_server_name;
    char *proxy_url;      /* cluster proxy-url, NULL = libcurl's proxy environment */
    char *namespace_;     /* the context's namespace (or the service account's), NULL */
    struct kube_auth auth;
};

/* Where to look. Every field may be NULL/0; getenv_fn is getenv in the CLI and a stub in
 * tests, sa_dir is /var/run/secrets/kubernetes.io/serviceaccount in the CLI. */
struct kube_source {
    const char *explicit_path; /* --kubeconfig */
    const char *context;       /* --context */
    const char *(*getenv_fn)(const char *name);
    const char *sa_dir;
};

/* Loads the kubeconfig like kubectl: --kubeconfig, else $KUBECONFIG (files joined by ':',
 * merged: the first file to set a map entry or current-context wins), else ~/.kube/config,
 * else in-cluster ($KUBERNETES_SERVICE_HOST/_PORT, sa_dir/{token,ca.crt,namespace}).
 * Relative file paths are relative to the kubeconfig file that names them; *-data fields are
 * base64. On error returns -1 and sets *error (malloc'd, no secret in it); 0 on success. */
int kube_config_load(struct kube_target *out, const struct kube_source *src, char **error);
void kube_target_release(struct kube_target *t);
/* --all-contexts: the name of every context of the kubeconfig files (not in-cluster), each
 * once, in file order. *names_out (n_out strings) is the caller's to free. -1 with *error. */
int kube_config_context_names(const struct kube_source *src, char ***names_out, size_t *n_out,
                              char **error);

/* Runs the exec plugin of t (if any) and fills t->auth.token or cert/key from its
 * ExecCredential status (KUBERNETES_EXEC_INFO is set as kubectl does). -1 with *error. */
int kube_exec_credentials(struct kube_target *t, char **error);

#endif
