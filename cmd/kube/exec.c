/* exec.c - runs a kubeconfig exec credential plugin as client-go does and reads the
 * ExecCredential it prints: a bearer token or a client certificate and key.
 *
 * The plugin gets the parent's environment plus the kubeconfig's exec env entries and
 * KUBERNETES_EXEC_INFO, stdin from /dev/null (never interactive: we may run in CI), our stderr,
 * and a pipe for stdout read up to 1 MiB. It has 30 s to finish before it is killed.
 */
#include "kubeconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "internal.h"
#include "wipe.h"

#define MAX_OUTPUT         (1024 * 1024)
#define DEFAULT_TIMEOUT_MS 30000L

extern char **environ;

struct output {
    char *buf;
    size_t len;
    size_t cap;
};

static long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t
name_len(const char *entry)
{
    const char *eq = strchr(entry, '=');
    return eq ? (size_t)(eq - entry) : strlen(entry);
}

/* Is the variable of `entry` (NAME=VALUE) set by one of `over`? */
static bool
overridden(const char *entry, char *const *over)
{
    size_t n = name_len(entry);

    for (; over && *over; over++) {
        if (name_len(*over) == n && strncmp(entry, *over, n) == 0)
            return true;
    }
    return false;
}

/* environ minus what the exec env and KUBERNETES_EXEC_INFO replace, then those: later entries
 * win in Go's os/exec, so an exec env entry overrides the parent's variable. The array is
 * malloc'd; its strings are borrowed except the last (info), which the caller frees. */
static char **
build_env(const struct kube_exec *e, char *info)
{
    char *extra[2] = {info, NULL};
    size_t n = 0, m = 0, i;
    char **env, **p;

    for (p = environ; p && *p; p++)
        n++;
    for (p = e->env; p && *p; p++)
        m++;
    env = calloc(n + m + 2, sizeof(*env));
    if (!env)
        return NULL;
    i = 0;
    for (p = environ; p && *p; p++) {
        if (!overridden(*p, e->env) && !overridden(*p, extra))
            env[i++] = *p;
    }
    for (p = e->env; p && *p; p++)
        env[i++] = *p;
    env[i++] = info;
    env[i] = NULL;
    return env;
}

static void
kill_and_reap(pid_t pid)
{
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* Appends what the pipe has; 1 at EOF, 0 for more, -1 with errno (EFBIG past the cap). */
static int
read_some(int fd, struct output *o)
{
    ssize_t n;

    if (o->len == o->cap) {
        size_t ncap = o->cap ? o->cap * 2 : 4096;
        char *nb;
        if (o->cap >= MAX_OUTPUT) {
            errno = EFBIG;
            return -1;
        }
        if (ncap > MAX_OUTPUT)
            ncap = MAX_OUTPUT;
        /* Not realloc: the old buffer holds a token and is wiped rather than abandoned. */
        nb = malloc(ncap + 1);
        if (!nb)
            return -1;
        if (o->buf)
            memcpy(nb, o->buf, o->len);
        wipe_free_n(o->buf, o->cap + 1);
        o->buf = nb;
        o->cap = ncap;
    }
    n = read(fd, o->buf + o->len, o->cap - o->len);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 0 : -1;
    if (n == 0)
        return 1;
    o->len += (size_t)n;
    return 0;
}

/* exec.LookPath: a bare name is searched in $PATH (an empty entry is the current directory);
 * a path is used as is. Done here rather than by posix_spawnp so that "not found" is told
 * apart from a plugin that exits 127, whatever the libc (or valgrind) does with spawn errors.
 * Returns a malloc'd path, or NULL with errno (ENOENT when not found). */
static char *
look_path(const char *command)
{
    const char *path, *p;
    size_t clen = strlen(command);

    if (strchr(command, '/')) {
        if (access(command, X_OK) < 0)
            return NULL;
        return strdup(command);
    }
    path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (p = path;; p++) {
        const char *end = strchr(p, ':');
        size_t dlen = end ? (size_t)(end - p) : strlen(p);
        struct stat st;
        char *full = malloc(dlen + 1 + clen + 1);

        if (!full)
            return NULL;
        if (dlen == 0) {
            memcpy(full, ".", 2);
            dlen = 1;
        } else {
            memcpy(full, p, dlen);
        }
        full[dlen] = '/';
        memcpy(full + dlen + 1, command, clen + 1);
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
            return full;
        free(full);
        if (!end)
            break;
        p = end;
    }
    errno = ENOENT;
    return NULL;
}

/* Starts the plugin and collects its stdout and exit status before the deadline. */
static int
run_plugin(const struct kube_exec *e, struct output *o, int *status, char **error)
{
    char info[160];
    char **argv = NULL, **envp = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, def;
    long timeout = e->timeout_ms > 0 ? e->timeout_ms : DEFAULT_TIMEOUT_MS;
    long deadline;
    size_t nargs = 0, i;
    int pipefd[2] = {-1, -1};
    char *program;
    pid_t pid;
    int r = -1, err;

    /* api_version is one of two constants (checked on load): nothing to escape. */
    snprintf(info, sizeof(info),
             "KUBERNETES_EXEC_INFO={\"apiVersion\":\"%s\",\"kind\":\"ExecCredential\","
             "\"spec\":{\"interactive\":false}}",
             e->api_version);
    while (e->args && e->args[nargs])
        nargs++;
    argv = calloc(nargs + 2, sizeof(*argv));
    envp = build_env(e, info);
    if (!argv || !envp) {
        free(argv);
        free(envp);
        return kube_set_error(error, "out of memory");
    }
    argv[0] = e->command;
    for (i = 0; i < nargs; i++)
        argv[i + 1] = e->args[i];

    if (pipe(pipefd) < 0) {
        kube_set_error(error, "cannot run exec plugin '%s': %s", e->command, strerror(errno));
        goto out_free;
    }
    fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
    fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
    if (posix_spawn_file_actions_init(&fa) != 0) {
        kube_set_error(error, "out of memory");
        goto out_pipe;
    }
    if (posix_spawnattr_init(&attr) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        kube_set_error(error, "out of memory");
        goto out_pipe;
    }
    /* A clean slate for the plugin: no blocked signals, SIGPIPE back to its default. */
    sigemptyset(&none);
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &def);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);

    /* A relative path was made relative to the kubeconfig by kubeconfig.c. */
    program = look_path(e->command);
    err = program ? posix_spawn(&pid, program, &fa, &attr, argv, envp) : errno;
    free(program);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(pipefd[1]);
    pipefd[1] = -1;
    if (err == ENOENT && !strchr(e->command, '/')) {
        kube_set_error(error, "exec plugin '%s' not found in $PATH%s%s", e->command,
                       e->install_hint ? ": " : "", e->install_hint ? e->install_hint : "");
        goto out_pipe;
    }
    if (err != 0) {
        kube_set_error(error, "cannot run exec plugin '%s': %s%s%s", e->command, strerror(err),
                       e->install_hint ? ": " : "", e->install_hint ? e->install_hint : "");
        goto out_pipe;
    }

    deadline = now_ms() + timeout;
    for (;;) {
        struct pollfd pfd = {pipefd[0], POLLIN, 0};
        long left = deadline - now_ms();
        int pr;

        if (left <= 0)
            goto timed_out;
        pr = poll(&pfd, 1, left > 1000 ? 1000 : (int)left);
        if (pr < 0 && errno != EINTR) {
            kube_set_error(error, "exec plugin '%s': %s", e->command, strerror(errno));
            kill_and_reap(pid);
            goto out_pipe;
        }
        if (pr <= 0)
            continue;
        pr = read_some(pipefd[0], o);
        if (pr == 1)
            break;
        if (pr < 0) {
            if (errno == EFBIG)
                kube_set_error(error, "exec plugin '%s' wrote more than 1 MiB", e->command);
            else
                kube_set_error(error, "exec plugin '%s': %s", e->command, strerror(errno));
            kill_and_reap(pid);
            goto out_pipe;
        }
    }
    /* stdout is closed; the plugin may still be exiting. */
    for (;;) {
        pid_t w = waitpid(pid, status, WNOHANG);
        struct timespec ts = {0, 5 * 1000 * 1000};

        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            kube_set_error(error, "exec plugin '%s': %s", e->command, strerror(errno));
            goto out_pipe;
        }
        if (now_ms() >= deadline)
            goto timed_out;
        nanosleep(&ts, NULL);
    }
    r = 0;
    goto out_pipe;

timed_out:
    kill_and_reap(pid);
    kube_set_error(error, "exec plugin '%s' did not finish within %ld ms and was killed",
                   e->command, timeout);
out_pipe:
    if (pipefd[0] >= 0)
        close(pipefd[0]);
    if (pipefd[1] >= 0)
        close(pipefd[1]);
out_free:
    free(argv);
    free(envp);
    return r;
}

static int
digits(const char *s, int n, int *out)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil);
 * portable where timegm() is not. */
static long
days_from_civil(long y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* RFC 3339 as Go's time.RFC3339 reads it: 2026-11-25T22:00:00Z, optional fraction, Z or an
 * offset. */
static int
parse_rfc3339(const char *s, long *out)
{
    int y, mo, d, h, mi, sec, oh = 0, om = 0;
    long off = 0;
    const char *p;

    if (strlen(s) < 20 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || digits(s + 11, 2, &h) ||
        s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &sec))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return -1;
    p = s + 19;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
        off = 0;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && !digits(p + 1, 2, &oh) &&
               p[3] == ':' && !digits(p + 4, 2, &om) && oh < 24 && om < 60) {
        off = (oh * 60L + om) * 60L * (*p == '-' ? -1 : 1);
    } else {
        return -1;
    }
    *out = days_from_civil(y, mo, d) * 86400L + h * 3600L + mi * 60L + sec - off;
    return 0;
}

/* The plugin's apiVersion is repeated in a message only when it looks like one of the
 * authentication group's: the output of a broken plugin may be anything, a token included. */
static bool
printable_version(const char *s)
{
    static const char group[] = "client.authentication.k8s.io/";
    size_t n = strlen(s);

    if (n > 64 || strncmp(s, group, sizeof(group) - 1) != 0)
        return false;
    return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./-") == n;
}

/* Copies a PEM or token string out of the JSON, then wipes jansson's copy in place. */
static char *
take_string(json_t *j, size_t *len)
{
    char *v = (char *)json_string_value(j);
    size_t n = json_string_length(j);
    char *copy = malloc(n + 1);

    if (copy) {
        memcpy(copy, v, n);
        copy[n] = '\0';
        *len = n;
    }
    wipe(v, n);
    return copy;
}

static int
parse_credential(struct kube_target *t, const struct output *o, char **error)
{
    const struct kube_exec *e = t->auth.exec;
    json_t *root, *status, *j, *tok, *cert, *key, *exp;
    json_error_t jerr;
    char *token = NULL, *cert_pem = NULL, *key_pem = NULL;
    size_t token_len = 0, cert_len = 0, key_len = 0;
    long expires = 0;
    int r = -1;

    root = json_loadb(o->buf ? o->buf : "", o->len, 0, &jerr);
    if (!root)
        /* jerr.text quotes the input near the error: it could be a token. */
        return kube_set_error(error,
                              "exec plugin '%s' did not print an ExecCredential: invalid JSON at "
                              "line %d column %d",
                              e->command, jerr.line, jerr.column);
    if (!json_is_object(root)) {
        kube_set_error(error, "exec plugin '%s' did not print an ExecCredential object",
                       e->command);
        goto out;
    }
    j = json_object_get(root, "apiVersion");
    if (!json_is_string(j) || strcmp(json_string_value(j), e->api_version) != 0) {
        const char *got = json_is_string(j) ? json_string_value(j) : "";
        kube_set_error(error, "exec plugin '%s' returned apiVersion '%s', want '%s'", e->command,
                       printable_version(got) ? got : "(unexpected)", e->api_version);
        goto out;
    }
    j = json_object_get(root, "kind");
    if (!json_is_string(j) || strcmp(json_string_value(j), "ExecCredential") != 0) {
        kube_set_error(error, "exec plugin '%s' did not return kind ExecCredential", e->command);
        goto out;
    }
    status = json_object_get(root, "status");
    if (!json_is_object(status)) {
        kube_set_error(error, "exec plugin '%s' returned no status", e->command);
        goto out;
    }
    tok = json_object_get(status, "token");
    cert = json_object_get(status, "clientCertificateData");
    key = json_object_get(status, "clientKeyData");
    exp = json_object_get(status, "expirationTimestamp");
    if ((tok && !json_is_string(tok) && !json_is_null(tok)) ||
        (cert && !json_is_string(cert) && !json_is_null(cert)) ||
        (key && !json_is_string(key) && !json_is_null(key)) ||
        (exp && !json_is_string(exp) && !json_is_null(exp))) {
        kube_set_error(error, "exec plugin '%s' returned a status field that is not a string",
                       e->command);
        goto out;
    }
    if (json_is_string(tok) && json_string_length(tok) > 0) {
        token = take_string(tok, &token_len);
        if (!token) {
            kube_set_error(error, "out of memory");
            goto out;
        }
        if (strlen(token) != token_len) {
            kube_set_error(error, "exec plugin '%s' returned a token with a NUL byte", e->command);
            goto out;
        }
        for (size_t i = 0; i < token_len; i++) {
            unsigned char c = (unsigned char)token[i];
            if (c < 0x20 || c == 0x7f) {
                kube_set_error(error, "exec plugin '%s' returned a token with a control character",
                               e->command);
                goto out;
            }
        }
    }
    if (json_is_string(cert) && json_string_length(cert) > 0)
        cert_pem = take_string(cert, &cert_len);
    if (json_is_string(key) && json_string_length(key) > 0)
        key_pem = take_string(key, &key_len);
    if ((json_is_string(cert) && json_string_length(cert) > 0 && !cert_pem) ||
        (json_is_string(key) && json_string_length(key) > 0 && !key_pem)) {
        kube_set_error(error, "out of memory");
        goto out;
    }
    if (!cert_pem != !key_pem) {
        kube_set_error(error,
                       "exec plugin '%s' returned a client %s without a client %s: both are "
                       "needed",
                       e->command, cert_pem ? "certificate" : "key",
                       cert_pem ? "key" : "certificate");
        goto out;
    }
    if (!token && !cert_pem) {
        kube_set_error(error, "exec plugin '%s' returned neither a token nor a client certificate",
                       e->command);
        goto out;
    }
    if (json_is_string(exp) && json_string_length(exp) > 0) {
        if (parse_rfc3339(json_string_value(exp), &expires) < 0) {
            kube_set_error(error,
                           "exec plugin '%s' returned an expirationTimestamp that is not "
                           "RFC 3339",
                           e->command);
            goto out;
        }
        /* A credential already past its expirationTimestamp is still used: client-go's
         * refreshCredsLocked() (plugin/pkg/client/auth/exec/exec.go) stores whatever the
         * plugin returned without comparing the time, and getCreds() hands it to the request;
         * only the next request runs the plugin again. One run here is one such request
         * batch, so the server decides (a 401 names the context). t->auth.expires says so. */
    }

    /* Success: the plugin's credentials replace what the kubeconfig had. */
    if (token) {
        wipe_free(t->auth.token);
        t->auth.token = token;
        token = NULL;
    }
    if (cert_pem) {
        free(t->auth.cert_pem);
        wipe_free_n(t->auth.key_pem, t->auth.key_len);
        t->auth.cert_pem = cert_pem;
        t->auth.cert_len = cert_len;
        t->auth.key_pem = key_pem;
        t->auth.key_len = key_len;
        cert_pem = key_pem = NULL;
    }
    t->auth.expires = expires;
    r = 0;

out:
    wipe_free_n(token, token_len);
    free(cert_pem);
    wipe_free_n(key_pem, key_len);
    json_decref(root);
    return r;
}

int
kube_exec_credentials(struct kube_target *t, char **error)
{
    const struct kube_exec *e;
    struct output o = {NULL, 0, 0};
    int status = 0, r = -1;

    if (error)
        *error = NULL;
    if (!t)
        return kube_set_error(error, "invalid argument");
    e = t->auth.exec;
    if (!e)
        return 0;
    if (run_plugin(e, &o, &status, error) < 0)
        goto out;
    if (WIFSIGNALED(status)) {
        kube_set_error(error, "exec plugin '%s' was killed by signal %d%s%s", e->command,
                       WTERMSIG(status), e->install_hint ? ": " : "",
                       e->install_hint ? e->install_hint : "");
        goto out;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        /* 127 is the shell's "not found", where the install hint helps most. */
        kube_set_error(error, "exec plugin '%s' failed with exit code %d%s%s", e->command,
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1, e->install_hint ? ": " : "",
                       e->install_hint ? e->install_hint : "");
        goto out;
    }
    r = parse_credential(t, &o, error);

out:
    wipe_free_n(o.buf, o.cap + (o.buf ? 1 : 0));
    return r;
}
