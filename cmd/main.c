/* main.c - 3scale-redis-lint: parse options, load the inputs, check, print, exit. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#ifdef RLINT_HAVE_PROBE
#include "probe/probe.h"
#endif

static int
exit_status_for(const struct options *opts, const struct run_summary *sum, bool operational)
{
    size_t i, above = 0;
    if (operational)
        return EXIT_OPERATIONAL;
    for (i = opts->fail_on; i <= RLINT_SEVERITY_ERROR; i++)
        above += sum->counts[i];
    if (above)
        return EXIT_FINDINGS;
    if (sum->objects == 0 && !opts->allow_empty)
        return EXIT_NOTHING;
    return EXIT_OK;
}

static bool
use_color(enum color_mode mode)
{
    const char *no_color = getenv("NO_COLOR");
    if (mode == COLOR_NEVER || (no_color && *no_color))
        return false;
    if (mode == COLOR_ALWAYS)
        return true;
    return isatty(STDOUT_FILENO) == 1;
}

static int
emit(const struct options *opts, const struct run *run, const struct run_summary *sum)
{
    switch (opts->format) {
    case OUTPUT_JSON:
        return output_json(stdout, run, sum);
    case OUTPUT_SARIF:
        return output_sarif(stdout, run, sum);
    case OUTPUT_JUNIT:
        return output_junit(stdout, run, sum);
    case OUTPUT_GITHUB:
        return output_github(stdout, run, sum);
    case OUTPUT_TEXT:
        break;
    }
    output_text(stdout, run, sum, use_color(opts->color), opts->quiet);
    return 0;
}

static int
configure(struct rlint_ctx *ctx, const struct options *opts, const struct config *cfg)
{
    const char *version = opts->version ? opts->version : cfg->version;
    size_t i;
    if (version && rlint_ctx_set_version(ctx, version) < 0) {
        errorf("unsupported 3scale version '%s' (2.0 to 2.16)", version);
        return EXIT_USAGE;
    }
    if (config_apply(cfg, ctx) < 0)
        return EXIT_USAGE;
    for (i = 0; i < opts->nparams; i++)
        if (rlint_ctx_set_param(ctx, opts->params[i].name, opts->params[i].value) < 0) {
            errorf("invalid --param '%s'", opts->params[i].name);
            return EXIT_USAGE;
        }
    if (opts->schemas && profiles_load_dir(ctx, opts->schemas) != EXIT_OK)
        return EXIT_USAGE;
    for (i = 0; i < sizeof(opts->limits) / sizeof(opts->limits[0]); i++)
        if (opts->limits[i])
            rlint_ctx_set_limit(ctx, (enum rlint_limit)i, opts->limits[i]);
    return EXIT_OK;
}

/* The input names a release older than 2.0: a usage error (the tool was pointed at an install
 * it cannot judge), like --3scale-version 1.9, never a guess. */
static int
unsupported_version(const struct rlint_ctx *ctx)
{
    errorf("the input is 3scale %s (%s), older than any supported version (2.0 to 2.16); "
           "nothing was checked",
           rlint_ctx_version(ctx), rlint_ctx_version_reason(ctx));
    return EXIT_USAGE;
}

struct scope_factory {
    const struct options *opts;
    const struct config *cfg;
};

/* A ctx for one more scope of a merged run, configured as the first one was (which succeeded,
 * so only memory can fail here). */
static int
new_scope_ctx(void *arg, struct rlint_ctx **out)
{
    const struct scope_factory *f = arg;
    *out = NULL;
    if (rlint_ctx_new(out) < 0)
        return -1;
    if (configure(*out, f->opts, f->cfg) != EXIT_OK) {
        rlint_ctx_free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

/* Namespaces held at once by default (rlint_ctx_set_namespace_window()): about 1 MB of
 * installs, and no early check at all on an input of fewer namespaces. */
#define DEFAULT_NAMESPACE_WINDOW 64

/* Off where the inputs cannot be read a second time, or where every install's endpoints are
 * needed (--probe). */
static size_t
offline_window(const struct options *opts)
{
    if (opts->probe || !inputs_rereadable(opts->inputs, opts->ninputs))
        return 0;
    return opts->namespace_window == SIZE_MAX ? DEFAULT_NAMESPACE_WINDOW : opts->namespace_window;
}

/* The library could not stay sure of its early checks (RLINT_ERELOAD): the inputs once more
 * into a new ctx, with the window off. 0, or -1 out of memory. */
static int
reread(const struct options *opts, const struct config *cfg, struct scope *s, bool *operational,
       struct input_pass *pass)
{
    struct rlint_ctx *ctx = NULL;
    long files;

    if (rlint_ctx_new(&ctx) < 0 || configure(ctx, opts, cfg) != EXIT_OK) {
        rlint_ctx_free(ctx); /* configure() succeeded once: only memory fails here */
        return -1;
    }
    rlint_ctx_free(s->ctx);
    s->ctx = ctx;
    files = inputs_load(ctx, opts->inputs, opts->ninputs, cfg, operational, pass);
    if (files < 0)
        return -1;
    s->sum.files = files;
    return 0;
}

/* Checks one scope and counts its findings into s->sum. EXIT_OK, or the status that ends the
 * run (a usage error, an operational failure) after a message. *operational is set when part
 * of the scope went unchecked. */
static int
check_scope(const struct options *opts, const struct config *cfg, const struct run *run,
            struct scope *s, bool *operational, struct input_pass *pass)
{
    struct rlint_ctx *ctx = s->ctx;
    size_t i;
    int rc = rlint_check(ctx), status;

    if (rc == RLINT_ERELOAD && pass) {
        pass->said_visits = SIZE_MAX; /* every message of the inputs was given */
        if (reread(opts, cfg, s, operational, pass) < 0) {
            errorf("out of memory");
            return EXIT_OPERATIONAL;
        }
        ctx = s->ctx;
        rc = rlint_check(ctx);
    }

    if (rc == RLINT_EUNSUPPORTED) {
        if (!run->merged)
            return unsupported_version(ctx);
        /* one install too old to judge does not stop the others: it is reported */
        warnf("%s is 3scale %s (%s), older than any supported version (2.0 to 2.16): not "
              "checked",
              s->source, rlint_ctx_version(ctx), rlint_ctx_version_reason(ctx));
        s->failed = strdup("3scale older than any supported version (2.0 to 2.16)");
        return s->failed ? EXIT_OK : EXIT_OPERATIONAL;
    }
    if (rc == RLINT_ENOTFOUND) {
        /* no profile covers the version: a finding (RLINT015) says so, and as nothing could
         * be checked the run is an operational failure. The built-in profiles cover every
         * version, so this takes --schemas. */
        if (opts->schemas)
            errorf("no profile in --schemas directory '%s' covers 3scale %s", opts->schemas,
                   rlint_ctx_version(ctx));
        *operational = true;
    } else if (rc < 0) {
        errorf("%s", rlint_strerror(rc));
        return EXIT_OPERATIONAL;
    }
    if (opts->probe && rc == RLINT_OK) {
#ifdef RLINT_HAVE_PROBE
        status = probe_run(ctx, &opts->probe_opts, &s->sum);
#else
        errorf("this build has no --probe support (hiredis was not found at build time)");
        status = EXIT_USAGE;
#endif
        if (status != EXIT_OK)
            return status;
    }
    s->sum.objects = rc == RLINT_ENOTFOUND ? 0 : rlint_ctx_object_count(ctx); /* "N checked" */
    s->sum.suppressed = rlint_ctx_suppressed_count(ctx);
    for (i = 0; i < rlint_diag_count(ctx); i++) {
        const struct rlint_diag *d = rlint_diag_at(ctx, i);
        s->sum.counts[d->severity]++;
        /* a limit hit is an operational failure: part of the input went unchecked */
        if (d->rule && rlint_rule_find(d->rule) == rlint_rule_find("limit-exceeded"))
            *operational = true;
    }
    return EXIT_OK;
}

/* The run's summary: every scope's counts added up. A merged run where no scope could be
 * checked at all is an operational failure; one where some could is judged on those (the
 * others are in the summary and were named on stderr). */
static void
total(const struct run *run, struct run_summary *sum, bool *operational)
{
    size_t i, j, checked = 0;
    for (i = 0; i < run->nscopes; i++) {
        const struct scope *s = &run->scopes[i];
        if (s->failed)
            continue;
        checked++;
        sum->objects += s->sum.objects;
        sum->suppressed += s->sum.suppressed;
        for (j = 0; j < 3; j++)
            sum->counts[j] += s->sum.counts[j];
    }
    if (run->merged && checked == 0 && run->nscopes > 0)
        *operational = true;
}

static bool
merged_live(const struct live_options *lo)
{
    return lo->all_namespaces || lo->nnamespaces > 0 || lo->ncontexts > 1 || lo->all_contexts;
}

static int
lint(struct options *opts)
{
    struct rlint_ctx *ctx = NULL;
    struct run rn = {0};
    struct run_summary sum = {0};
    struct config cfg;
    struct input_pass pass = {0};
    bool operational = false, offline = false;
    size_t i;
    int status;

    if (config_load(&cfg, opts->config) < 0) {
        config_release(&cfg);
        return EXIT_USAGE;
    }
    if (cfg.has_fail_on && !opts->fail_on_given)
        opts->fail_on = cfg.fail_on;
    if (cfg.response_size && !opts->live_opts.response_size) /* the command line wins */
        opts->live_opts.response_size = cfg.response_size;
    if (rlint_ctx_new(&ctx) < 0) {
        errorf("out of memory");
        config_release(&cfg);
        return EXIT_OPERATIONAL;
    }
    status = configure(ctx, opts, &cfg);
    if (status != EXIT_OK) {
        /* an invalid --schemas profile is also a finding: show it in the chosen format */
        if (rlint_diag_count(ctx)) {
            struct scope *s = run_add_scope(&rn, NULL, NULL);
            if (s) {
                s->ctx = ctx;
                ctx = NULL;
                sum.counts[RLINT_SEVERITY_ERROR] = rlint_diag_count(s->ctx);
                sum.exit_status = status;
                if (run_collect(&rn) == 0)
                    emit(opts, &rn, &sum);
            }
        }
        goto out;
    }
#ifdef RLINT_HAVE_PROBE
    if (opts->probe && (status = probe_init()) != EXIT_OK)
        goto out;
#endif
    if (opts->live && merged_live(&opts->live_opts)) {
#ifdef RLINT_HAVE_LIVE
        struct scope_factory f = {opts, &cfg};
        rn.merged = true;
        sum.live = true;
        status = live_load_fleet(&rn, &opts->live_opts, new_scope_ctx, &f);
#else
        errorf("this build has no --live support (libcurl was not found at build time)");
        status = EXIT_USAGE;
#endif
        if (status != EXIT_OK)
            goto out;
    } else {
        struct scope *s = run_add_scope(&rn, NULL, NULL);
        if (!s) {
            errorf("out of memory");
            status = EXIT_OPERATIONAL;
            goto out;
        }
        s->ctx = ctx;
        ctx = NULL;
        if (opts->live) {
#ifdef RLINT_HAVE_LIVE
            status = live_load(s->ctx, &opts->live_opts, &sum.source);
#else
            errorf("this build has no --live support (libcurl was not found at build time)");
            status = EXIT_USAGE;
#endif
            if (status != EXIT_OK)
                goto out;
            sum.live = true;
            sum.files = 0;
        } else {
            size_t window = offline_window(opts);
            if (window)
                rlint_ctx_set_namespace_window(s->ctx, window);
            sum.files = inputs_load(s->ctx, opts->inputs, opts->ninputs, &cfg, &operational,
                                    &pass);
            if (sum.files >= 0 && pass.reload) {
                sum.files = reread(opts, &cfg, s, &operational, &pass) < 0 ? -1 : s->sum.files;
                pass.reload = false;
            }
            offline = true;
        }
        if (sum.files < 0) {
            errorf("out of memory");
            status = EXIT_OPERATIONAL;
            goto out;
        }
        s->sum.source = sum.source;
        s->sum.files = sum.files;
    }
    for (i = 0; i < rn.nscopes; i++) {
        if (rn.scopes[i].failed)
            continue;
        status = check_scope(opts, &cfg, &rn, &rn.scopes[i], &operational,
                             offline ? &pass : NULL);
        if (status != EXIT_OK)
            goto out;
    }
    if (!rn.merged) {
        /* --probe's targets travel in the one summary the outputs read */
        sum.probed = rn.scopes[0].sum.probed;
        sum.probes = rn.scopes[0].sum.probes;
        sum.nprobes = rn.scopes[0].sum.nprobes;
        rn.scopes[0].sum.probes = NULL;
        rn.scopes[0].sum.nprobes = 0;
    }
    total(&rn, &sum, &operational);
    if (run_collect(&rn) < 0) {
        errorf("out of memory");
        status = EXIT_OPERATIONAL;
        goto out;
    }
    status = sum.exit_status = exit_status_for(opts, &sum, operational);
    if (emit(opts, &rn, &sum) < 0) {
        errorf("out of memory");
        status = EXIT_OPERATIONAL;
    }
    if (status == EXIT_NOTHING && !opts->quiet)
        errorf("nothing to check: no backend-redis or system-redis Secret, APIManager or "
               "workload in the input (--allow-empty to accept)");
out:
    run_summary_release(&sum);
    run_release(&rn);
    rlint_ctx_free(ctx);
    config_release(&cfg);
    if (fflush(stdout) != 0 && status < EXIT_OPERATIONAL)
        status = EXIT_OPERATIONAL;
    return status;
}

int
main(int argc, char **argv)
{
    struct options opts;
    int rc = options_parse(&opts, argc, argv);
    int status;

    if (rc != 0) {
        options_release(&opts);
        return rc < 0 ? EXIT_USAGE : EXIT_OK;
    }
    if (opts.list_rules)
        status = rules_list(stdout);
    else if (opts.explain)
        status = rules_explain(stdout, opts.explain);
    else
        status = lint(&opts);
    options_release(&opts);
    return status;
}
