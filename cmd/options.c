/* options.c - command-line options (getopt_long). The usage text mirrors the man page. */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "editdist.h"

static const char usage_line[] =
    "usage: " PROGRAM " [options] FILE|DIR|- ...\n"
    "       " PROGRAM " [options] --live [--kubeconfig FILE] [--context NAME] [-n NS]\n"
    "       " PROGRAM " [options] --live -A|--namespaces NS,... [--context NAME ...|--all-contexts]\n"
    "       " PROGRAM " [options] --probe [--probe-timeout MS] FILE|DIR|-|--live ...\n"
    "       " PROGRAM " --list-rules | --explain RULE\n";

static const char help_text[] =
    "Checks the Redis configuration of a 3scale install: the backend-redis and system-redis\n"
    "Secrets, as each 3scale component reads them.\n"
    "\n"
    "Inputs: files, directories (searched for *.yaml, *.yml, *.json) and - for stdin.\n"
    "\n"
    "Options:\n"
    "  -o, --output FORMAT        text (default), json, sarif, junit or github\n"
    "      --color WHEN           auto (default), always or never; NO_COLOR disables colour\n"
    "      --3scale-version X.Y   the 3scale version to check against (2.0 to 2.16;\n"
    "                             default: detected from the input, else 2.16)\n"
    "      --schemas DIR          read the version profiles from DIR instead of the\n"
    "                             built-in ones\n"
    "  -p, --param NAME=VALUE     substitute ${NAME} and $(NAME) placeholders, as oc process\n"
    "      --fail-on SEVERITY     exit 1 on findings at or above error (default), warning\n"
    "                             or info\n"
    "      --strict               same as --fail-on warning\n"
    "      --allow-empty          exit 0 rather than 4 when there is nothing to check\n"
    "  -q, --quiet                no summary line, no context lines\n"
    "      --config FILE          the configuration (default: ./.3scale-redis-lint.yaml)\n"
    "      --list-rules           list every rule: ID, severity, name, summary\n"
    "      --explain RULE         explain one rule (ID or name)\n"
    "      --max-file-size BYTES  largest input file (default 64 MiB)\n"
    "      --max-documents N      documents per file (default 10000)\n"
    "      --max-depth N          nesting depth (default 256)\n"
    "      --max-aliases N        YAML aliases per document (default 1000)\n"
    "      --max-value-size BYTES largest decoded Secret value (default 1 MiB)\n"
    "      --max-findings N       findings per file (default 1000)\n"
    "      --namespace-window N   check a namespace's install and free it once N other\n"
    "                             namespaces were read after it (default 64; 0 keeps\n"
    "                             every object to the end); same findings either way\n"
    "      --max-response-size BYTES\n"
    "                             largest API response with --live (default 16 MiB)\n"
    "      --live                 read the Secrets, APIManager and 3scale workloads from the\n"
    "                             cluster API (kubeconfig like kubectl; GET by name)\n"
    "      --kubeconfig FILE      the kubeconfig (default: $KUBECONFIG, ~/.kube/config,\n"
    "                             else the in-cluster service account)\n"
    "      --context NAME         the kubeconfig context (default: current-context)\n"
    "  -n, --namespace NS         the 3scale namespace (default: the context's, else default)\n"
    "  -A, --all-namespaces       every namespace holding a 3scale install: cluster-wide\n"
    "                             LISTs filtered by name (needs deploy/cluster's ClusterRole,\n"
    "                             which can read every Secret of the cluster)\n"
    "      --namespaces NS,...    these namespaces, concurrently, GET by name (the Role)\n"
    "      --context NAME         repeated: these clusters, concurrently; findings under\n"
    "                             cluster/<context>/...\n"
    "      --all-contexts         every context of the kubeconfig\n"
    "      --chunk-size N         -A: items per page of each LIST (default 500, as kubectl)\n"
    "      --request-timeout SEC  limit each request (default: 30 s to connect, no total)\n"
    "      --allow-http-token     allow sending a bearer token over plain http\n"
    "      --probe                connect to the servers and Sentinels the Secrets name, as\n"
    "                             each component would, read-only, and report what they say\n"
    "      --probe-timeout MS     limit each connect and each command of --probe\n"
    "                             (default 2000 ms)\n"
    "  -h, --help                 this text\n"
    "  -V, --version              the program version\n"
    "\n"
    "Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage error,\n"
    "3 operational failure (unreadable input, limit hit), 4 nothing to check.\n";

enum long_only {
    OPT_COLOR = 256,
    OPT_VERSION_3SCALE,
    OPT_FAIL_ON,
    OPT_STRICT,
    OPT_ALLOW_EMPTY,
    OPT_LIST_RULES,
    OPT_EXPLAIN,
    OPT_MAX_FILE_SIZE,
    OPT_MAX_DOCUMENTS,
    OPT_MAX_DEPTH,
    OPT_MAX_ALIASES,
    OPT_MAX_VALUE_SIZE,
    OPT_MAX_FINDINGS,
    OPT_MAX_RESPONSE_SIZE,
    OPT_SCHEMAS,
    OPT_LIVE,
    OPT_KUBECONFIG,
    OPT_CONTEXT,
    OPT_REQUEST_TIMEOUT,
    OPT_ALLOW_HTTP_TOKEN,
    OPT_CONFIG,
    OPT_PROBE,
    OPT_PROBE_TIMEOUT,
    OPT_NAMESPACES,
    OPT_ALL_CONTEXTS,
    OPT_CHUNK_SIZE,
    OPT_NAMESPACE_WINDOW,
};

static const struct option long_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"color", required_argument, NULL, OPT_COLOR},
    {"3scale-version", required_argument, NULL, OPT_VERSION_3SCALE},
    {"param", required_argument, NULL, 'p'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY},
    {"quiet", no_argument, NULL, 'q'},
    {"list-rules", no_argument, NULL, OPT_LIST_RULES},
    {"explain", required_argument, NULL, OPT_EXPLAIN},
    {"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
    {"max-documents", required_argument, NULL, OPT_MAX_DOCUMENTS},
    {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
    {"max-aliases", required_argument, NULL, OPT_MAX_ALIASES},
    {"max-value-size", required_argument, NULL, OPT_MAX_VALUE_SIZE},
    {"max-findings", required_argument, NULL, OPT_MAX_FINDINGS},
    {"max-response-size", required_argument, NULL, OPT_MAX_RESPONSE_SIZE},
    {"schemas", required_argument, NULL, OPT_SCHEMAS},
    {"live", no_argument, NULL, OPT_LIVE},
    {"kubeconfig", required_argument, NULL, OPT_KUBECONFIG},
    {"context", required_argument, NULL, OPT_CONTEXT},
    {"namespace", required_argument, NULL, 'n'},
    {"all-namespaces", no_argument, NULL, 'A'},
    {"namespaces", required_argument, NULL, OPT_NAMESPACES},
    {"all-contexts", no_argument, NULL, OPT_ALL_CONTEXTS},
    {"chunk-size", required_argument, NULL, OPT_CHUNK_SIZE},
    {"namespace-window", required_argument, NULL, OPT_NAMESPACE_WINDOW},
    {"request-timeout", required_argument, NULL, OPT_REQUEST_TIMEOUT},
    {"allow-http-token", no_argument, NULL, OPT_ALLOW_HTTP_TOKEN},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"probe", no_argument, NULL, OPT_PROBE},
    {"probe-timeout", required_argument, NULL, OPT_PROBE_TIMEOUT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int parse_namespaces(struct live_options *lo, char *arg);

static int
usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs(PROGRAM ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fputs(usage_line, stderr);
    return -1;
}

static int
parse_size(size_t *out, const char *arg)
{
    char *end;
    unsigned long long v;
    if (!arg || !*arg || *arg == '-')
        return -1;
    errno = 0;
    v = strtoull(arg, &end, 10);
    if (errno || end == arg || *end || v == 0 || v > (unsigned long long)SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* The long option closest to a mistyped one ("--stirct"), or NULL. */
static const char *
closest_option(const char *arg)
{
    const struct option *o;
    const char *best = NULL, *eq;
    char name[64];
    size_t best_d = 3, len;

    while (*arg == '-')
        arg++;
    eq = strchr(arg, '=');
    len = eq ? (size_t)(eq - arg) : strlen(arg);
    if (len == 0 || len >= sizeof(name))
        return NULL;
    memcpy(name, arg, len);
    name[len] = '\0';
    for (o = long_options; o->name; o++) {
        size_t d = edit_distance(name, o->name, 2);
        if (d < best_d) {
            best_d = d;
            best = o->name;
        }
    }
    return best;
}

/* --namespaces a,b,c (may be repeated), split in place: argv is ours to split, as for
 * --param. Each name a DNS label, as the API server requires, which also keeps it safe in a
 * URL path. */
static int
parse_namespaces(struct live_options *lo, char *arg)
{
    size_t i, n;
    char *p, *next;
    const char **names;

    for (n = 1, i = 0; arg[i]; i++)
        n += arg[i] == ',';
    names = realloc(lo->namespaces, (lo->nnamespaces + n) * sizeof(*names));
    if (!names)
        return usage_error("%s", "out of memory");
    lo->namespaces = names;
    for (p = arg; p; p = next) {
        size_t len;
        next = strchr(p, ',');
        if (next)
            *next++ = '\0';
        len = strlen(p);
        if (len == 0)
            continue;
        for (i = 0; i < len; i++)
            if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
                break;
        if (i < len || len > 63 || p[0] == '-' || p[len - 1] == '-')
            return usage_error("--namespaces takes namespace names (DNS labels), not '%s'", p);
        for (i = 0; i < lo->nnamespaces; i++)
            if (strcmp(lo->namespaces[i], p) == 0)
                break;
        if (i == lo->nnamespaces)
            lo->namespaces[lo->nnamespaces++] = p;
    }
    if (lo->nnamespaces == 0)
        return usage_error("%s", "--namespaces takes at least one namespace name");
    return 0;
}

void
options_release(struct options *opts)
{
    free(opts->params);
    opts->params = NULL;
    free(opts->live_opts.namespaces);
    free(opts->live_opts.contexts);
    opts->live_opts.namespaces = opts->live_opts.contexts = NULL;
}

int
options_parse(struct options *out, int argc, char **argv)
{
    int c;

    memset(out, 0, sizeof(*out));
    out->fail_on = RLINT_SEVERITY_ERROR;
    out->namespace_window = SIZE_MAX;
    out->probe_opts.timeout_ms = DEFAULT_PROBE_TIMEOUT_MS;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:p:n:AqhV", long_options, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (strcmp(optarg, "text") == 0)
                out->format = OUTPUT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                out->format = OUTPUT_JSON;
            else if (strcmp(optarg, "sarif") == 0)
                out->format = OUTPUT_SARIF;
            else if (strcmp(optarg, "junit") == 0)
                out->format = OUTPUT_JUNIT;
            else if (strcmp(optarg, "github") == 0)
                out->format = OUTPUT_GITHUB;
            else
                return usage_error("unknown output format '%s' (text, json, sarif, junit, "
                                   "github)",
                                   optarg);
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") == 0)
                out->color = COLOR_AUTO;
            else if (strcmp(optarg, "always") == 0)
                out->color = COLOR_ALWAYS;
            else if (strcmp(optarg, "never") == 0)
                out->color = COLOR_NEVER;
            else
                return usage_error("--color takes auto, always or never, not '%s'", optarg);
            break;
        case OPT_VERSION_3SCALE:
            out->version = optarg;
            break;
        case OPT_SCHEMAS:
            out->schemas = optarg;
            break;
        case OPT_LIVE:
            out->live = true;
            break;
        case OPT_KUBECONFIG:
            out->live_opts.kubeconfig = optarg;
            break;
        case OPT_CONTEXT: {
            const char **ctxs = realloc(out->live_opts.contexts,
                                        (out->live_opts.ncontexts + 1) * sizeof(*ctxs));
            if (!ctxs)
                return usage_error("%s", "out of memory");
            out->live_opts.contexts = ctxs;
            ctxs[out->live_opts.ncontexts++] = optarg;
            out->live_opts.context = optarg;
            break;
        }
        case OPT_CHUNK_SIZE:
            if (parse_size(&out->live_opts.chunk_size, optarg) < 0 ||
                out->live_opts.chunk_size > 100000)
                return usage_error("--chunk-size takes items per page (1 to 100000), not '%s'",
                                   optarg);
            break;
        case OPT_ALL_CONTEXTS:
            out->live_opts.all_contexts = true;
            break;
        case 'A':
            out->live_opts.all_namespaces = true;
            break;
        case OPT_NAMESPACES:
            if (parse_namespaces(&out->live_opts, optarg) < 0)
                return -1;
            break;
        case 'n':
            out->live_opts.namespace_ = optarg;
            break;
        case OPT_REQUEST_TIMEOUT: {
            size_t seconds;
            if (parse_size(&seconds, optarg) < 0 || seconds > 86400)
                return usage_error("--request-timeout takes seconds (1 to 86400), not '%s'",
                                   optarg);
            out->live_opts.request_timeout = (long)seconds;
            break;
        }
        case OPT_PROBE:
            out->probe = true;
            break;
        case OPT_PROBE_TIMEOUT: {
            size_t ms;
            if (parse_size(&ms, optarg) < 0 || ms < 1 || ms > 600000)
                return usage_error("--probe-timeout takes milliseconds (1 to 600000), not '%s'",
                                   optarg);
            out->probe_opts.timeout_ms = (int)ms;
            break;
        }
        case OPT_ALLOW_HTTP_TOKEN:
            out->live_opts.allow_http_token = true;
            break;
        case OPT_CONFIG:
            out->config = optarg;
            break;
        case 'p': {
            char *eq = strchr(optarg, '=');
            struct param_arg *p;
            if (!eq || eq == optarg)
                return usage_error("--param takes NAME=VALUE, not '%s'", optarg);
            p = realloc(out->params, (out->nparams + 1) * sizeof(*p));
            if (!p)
                return usage_error("%s", "out of memory");
            out->params = p;
            *eq = '\0'; /* argv is ours to split; the value is never printed */
            p[out->nparams].name = optarg;
            p[out->nparams].value = eq + 1;
            out->nparams++;
            break;
        }
        case OPT_FAIL_ON:
            if (rlint_severity_parse(&out->fail_on, optarg) < 0)
                return usage_error("--fail-on takes error, warning or info, not '%s'", optarg);
            out->fail_on_given = true;
            break;
        case OPT_STRICT:
            out->fail_on = RLINT_SEVERITY_WARNING;
            out->fail_on_given = true;
            break;
        case OPT_ALLOW_EMPTY:
            out->allow_empty = true;
            break;
        case 'q':
            out->quiet = true;
            break;
        case OPT_LIST_RULES:
            out->list_rules = true;
            break;
        case OPT_EXPLAIN:
            out->explain = optarg;
            break;
        case OPT_MAX_FILE_SIZE:
        case OPT_MAX_DOCUMENTS:
        case OPT_MAX_DEPTH:
        case OPT_MAX_ALIASES:
        case OPT_MAX_VALUE_SIZE:
        case OPT_MAX_FINDINGS:
            if (parse_size(&out->limits[c - OPT_MAX_FILE_SIZE], optarg) < 0)
                return usage_error("a limit takes a positive number, not '%s'", optarg);
            break;
        case OPT_NAMESPACE_WINDOW:
            if (strcmp(optarg, "0") == 0)
                out->namespace_window = 0;
            else if (parse_size(&out->namespace_window, optarg) < 0 ||
                     out->namespace_window == SIZE_MAX)
                return usage_error("--namespace-window takes a number of namespaces, not '%s'",
                                   optarg);
            break;
        case OPT_MAX_RESPONSE_SIZE:
            if (parse_size(&out->live_opts.response_size, optarg) < 0)
                return usage_error("--max-response-size takes a positive number of bytes, "
                                   "not '%s'",
                                   optarg);
            break;
        case 'h':
            fputs(usage_line, stdout);
            fputc('\n', stdout);
            fputs(help_text, stdout);
            return 1;
        case 'V':
            printf("%s %s\n", PROGRAM, RLINT_CLI_VERSION);
            return 1;
        case ':':
            return usage_error("option '%s' needs a value", argv[optind - 1]);
        default: {
            const char *near = closest_option(argv[optind - 1]);
            if (near)
                return usage_error("unknown option '%s'; did you mean '--%s'?", argv[optind - 1],
                                   near);
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
        }
    }
    out->inputs = argv + optind;
    out->ninputs = (size_t)(argc - optind);
    if (out->live && out->ninputs)
        return usage_error("%s", "--live reads from the cluster: give no input files");
    if (!out->live && (out->live_opts.kubeconfig || out->live_opts.context ||
                       out->live_opts.namespace_ || out->live_opts.request_timeout ||
                       out->live_opts.all_namespaces || out->live_opts.nnamespaces ||
                       out->live_opts.all_contexts || out->live_opts.chunk_size))
        return usage_error("%s", "--kubeconfig, --context, --namespace, --all-namespaces, "
                                 "--namespaces, --all-contexts, --chunk-size and --request-timeout need "
                                 "--live");
    if ((out->live_opts.namespace_ != NULL) + out->live_opts.all_namespaces +
            (out->live_opts.nnamespaces > 0) > 1)
        return usage_error("%s", "--namespace, --all-namespaces and --namespaces exclude each "
                                 "other");
    if (out->live_opts.all_contexts && out->live_opts.ncontexts)
        return usage_error("%s", "--context and --all-contexts exclude each other");
    if (out->probe && (out->live_opts.all_namespaces || out->live_opts.nnamespaces ||
                       out->live_opts.all_contexts || out->live_opts.ncontexts > 1))
        return usage_error("%s", "--probe checks one install: use it with one namespace of "
                                 "one context");
    if (!out->probe && out->probe_opts.timeout_ms != DEFAULT_PROBE_TIMEOUT_MS)
        return usage_error("%s", "--probe-timeout needs --probe");
    if (!out->live && !out->list_rules && !out->explain && out->ninputs == 0)
        return usage_error("%s", "no input: give files, directories or - for stdin");
    return 0;
}
