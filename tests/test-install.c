/* test-install.c - the mode of each install: the APIManager annotation, else the
 * CONFIG_REDIS_ASYNC env of backend-listener/backend-worker, else the version's default. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testlib.h"

static int
teardown(void **state)
{
    rlint_ctx_free(*state);
    *state = NULL;
    return 0;
}

/* A backend workload whose one container has env (already indented list items). */
#define WORKLOAD(name, env)                                                                    \
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " name "\n"                     \
    "spec:\n  template:\n    spec:\n      containers:\n      - name: " name "\n"               \
    "        env:\n" env
#define ASYNC_ENV(value) "        - name: CONFIG_REDIS_ASYNC\n          value: " value "\n"

#define SENTINELS "redis://s0:26379,redis://s1:26379"
/* The two Secrets of namespace ns, the queues on a sentinel 'replica' (async refuses it). */
#define SECRETS(ns)                                                                            \
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: backend-redis\n  namespace: " ns "\n"   \
    "stringData:\n"                                                                            \
    "  REDIS_STORAGE_URL: redis://backend-redis:6379/0\n"                                      \
    "  REDIS_STORAGE_SENTINEL_HOSTS: ''\n"                                                     \
    "  REDIS_STORAGE_SENTINEL_ROLE: ''\n"                                                      \
    "  REDIS_QUEUES_URL: redis://mymaster/1\n"                                                 \
    "  REDIS_QUEUES_SENTINEL_HOSTS: '" SENTINELS "'\n"                                         \
    "  REDIS_QUEUES_SENTINEL_ROLE: replica\n"                                                  \
    "---\n"                                                                                    \
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: system-redis\n  namespace: " ns "\n"    \
    "stringData:\n  URL: redis://system-redis:6379/1\n  SENTINEL_HOSTS: ''\n"                  \
    "  SENTINEL_ROLE: ''\n"

#define APIMANAGER(ns, annotations)                                                            \
    "apiVersion: apps.3scale.net/v1alpha1\nkind: APIManager\nmetadata:\n  name: apimanager\n"  \
    "  namespace: " ns "\n" annotations "spec:\n  wildcardDomain: example.com\n"
#define DISABLE_ASYNC(value) "  annotations:\n    apps.3scale.net/disable-async: " value "\n"

static struct rlint_ctx *
check_mode(void **state, const char *yaml, const char *version, const char *mode,
           const char *reason)
{
    struct rlint_ctx *ctx = *state = load_and_check(yaml, version);
    assert_non_null(ctx);
    assert_non_null(rlint_ctx_mode(ctx));
    assert_string_equal(rlint_ctx_mode(ctx), mode);
    if (!strstr(rlint_ctx_mode_reason(ctx), reason))
        fail_msg("reason '%s' lacks '%s'", rlint_ctx_mode_reason(ctx), reason);
    return ctx;
}

static void
test_install__env_values_as_apisonator_reads_them(void **state)
{
    /* parse_boolean_env: "1" or "true" in any case; anything else is false. The values are
     * YAML scalars, as they stand in the manifest. */
    static const struct {
        const char *value;
        const char *mode;
    } cases[] = {
        {"'1'", "async"}, {"'true'", "async"}, {"TRUE", "async"},  {"'True'", "async"},
        {"'0'", "sync"},  {"'false'", "sync"}, {"''", "sync"},     {"'yes'", "sync"},
        {"'on'", "sync"}, {"' 1'", "sync"},    {"'01'", "sync"},   {"\"true\\n\"", "sync"},
        {"1", "async"},   {"false", "sync"},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char yaml[512];
        struct rlint_ctx *ctx;
        snprintf(yaml, sizeof(yaml), "%s",
                 WORKLOAD("backend-listener", "        - name: CONFIG_REDIS_ASYNC\n"
                                              "          value: VALUE\n"));
        {
            char *at = strstr(yaml, "VALUE"), rest[64];
            snprintf(rest, sizeof(rest), "%s", at + 5);
            snprintf(at, sizeof(yaml) - (size_t)(at - yaml), "%s%s", cases[i].value, rest);
        }
        ctx = *state = load_and_check(yaml, "2.16");
        assert_non_null(ctx);
        if (strcmp(rlint_ctx_mode(ctx), cases[i].mode) != 0)
            fail_msg("CONFIG_REDIS_ASYNC: %s gave %s, not %s", cases[i].value,
                     rlint_ctx_mode(ctx), cases[i].mode);
        assert_non_null(strstr(rlint_ctx_mode_reason(ctx), "CONFIG_REDIS_ASYNC of"));
        rlint_ctx_free(ctx);
        *state = NULL;
    }
}

static void
test_install__last_duplicate_wins(void **state)
{
    /* the kubelet applies env in order */
    check_mode(state,
               WORKLOAD("backend-worker", ASYNC_ENV("'1'") ASYNC_ENV("'0'")), "2.16", "sync",
               "CONFIG_REDIS_ASYNC of");
}

static void
test_install__unset_is_sync(void **state)
{
    check_mode(state, WORKLOAD("backend-listener", "        - name: RACK_ENV\n"
                                                   "          value: production\n"),
               "2.16", "sync", "do not set CONFIG_REDIS_ASYNC");
}

static void
test_install__unknown_values_fall_back_to_the_default(void **state)
{
    /* a ConfigMap, a Secret, a placeholder left unresolved, an envFrom that may set it:
     * the input does not say, and the 2.16 default is async */
    static const char *const yamls[] = {
        WORKLOAD("backend-listener", "        - name: CONFIG_REDIS_ASYNC\n"
                                     "          valueFrom:\n"
                                     "            configMapKeyRef: {name: env, key: ASYNC}\n"),
        WORKLOAD("backend-listener", "        - name: CONFIG_REDIS_ASYNC\n"
                                     "          valueFrom:\n"
                                     "            secretKeyRef: {name: env, key: ASYNC}\n"),
        WORKLOAD("backend-listener", ASYNC_ENV("'${ASYNC}'")),
        WORKLOAD("backend-listener", "        - name: RACK_ENV\n          value: x\n"
                                     "        envFrom:\n"
                                     "        - configMapRef: {name: env}\n"),
        /* an init container or another workload does not say */
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: backend-cron\n"
        "spec:\n  template:\n    spec:\n      containers:\n      - name: backend-cron\n"
        "        env:\n" ASYNC_ENV("'0'"),
    };
    size_t i;
    for (i = 0; i < sizeof(yamls) / sizeof(yamls[0]); i++) {
        check_mode(state, yamls[i], "2.16", "async", "the version's default");
        rlint_ctx_free(*state);
        *state = NULL;
    }
}

static void
test_install__placeholder_resolved_by_a_param(void **state)
{
    static const char yaml[] = WORKLOAD("backend-listener", ASYNC_ENV("'${ASYNC}'"));
    struct rlint_ctx *ctx = NULL;
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    assert_int_equal(rlint_ctx_set_param(ctx, "ASYNC", "0"), RLINT_OK);
    assert_int_equal(rlint_ctx_set_version(ctx, "2.16"), RLINT_OK);
    assert_int_equal(rlint_load_buffer(ctx, "t.yaml", yaml, strlen(yaml)), RLINT_OK);
    assert_int_equal(rlint_check(ctx), RLINT_OK);
    assert_string_equal(rlint_ctx_mode(ctx), "sync");
}

static void
test_install__listener_and_worker_differ(void **state)
{
    struct rlint_ctx *ctx = check_mode(
        state,
        SECRETS("ns") "---\n" WORKLOAD("backend-listener", ASYNC_ENV("'0'")) "---\n" WORKLOAD(
            "backend-worker", ASYNC_ENV("'true'")),
        "2.16", "async", "differ in CONFIG_REDIS_ASYNC");
    /* the worker's async client reads the queues: its role finding is there */
    assert_int_equal(count_rule(ctx, "RLINT061"), 1);
}

static void
test_install__annotation_decides_over_the_env(void **state)
{
    struct rlint_ctx *ctx;
    ctx = check_mode(state,
                     SECRETS("ns") "---\n" WORKLOAD("backend-listener", ASYNC_ENV("'0'"))
                         "---\n" APIMANAGER("ns", ""),
                     "2.16", "async", "operator sets CONFIG_REDIS_ASYNC=1");
    assert_int_equal(count_rule(ctx, "RLINT061"), 1);
    rlint_ctx_free(ctx);
    ctx = check_mode(state,
                     SECRETS("ns") "---\n" WORKLOAD("backend-listener", ASYNC_ENV("'1'"))
                         "---\n" APIMANAGER("ns", DISABLE_ASYNC("'true'")),
                     "2.16", "sync", "disable-async: \"true\"");
    assert_int_equal(count_rule(ctx, "RLINT061"), 0);
}

static void
test_install__no_async_client_before_2_15(void **state)
{
    /* 2.14's operator never sets CONFIG_REDIS_ASYNC and the profile has no async client */
    check_mode(state, WORKLOAD("backend-listener", ASYNC_ENV("'1'")), "2.14", "sync",
               "no async backend client");
}

static void
test_install__installs_differ(void **state)
{
    struct rlint_ctx *ctx = check_mode(
        state, SECRETS("a") "---\n" APIMANAGER("a", DISABLE_ASYNC("'true'")) "---\n" SECRETS("b"),
        "2.16", "mixed", "namespace a: sync, APIManager annotation");
    const struct rlint_diag *d;
    assert_non_null(strstr(rlint_ctx_mode_reason(ctx), "; namespace b: async, the version's "
                                                       "default"));
    /* only b's queues role breaks an async client */
    assert_int_equal(count_rule(ctx, "RLINT061"), 1);
    d = find_rule(ctx, "RLINT061", 0);
    assert_string_equal(d->object_namespace, "b");
}

static void
test_install__workloads_go_with_their_namespace(void **state)
{
    /* a's listener says sync; b has no workload: b keeps the default */
    struct rlint_ctx *ctx = check_mode(
        state,
        SECRETS("a") "---\n" SECRETS("b") "---\n"
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: backend-listener\n"
        "  namespace: a\nspec:\n  template:\n    spec:\n      containers:\n"
        "      - name: backend-listener\n        env:\n" ASYNC_ENV("'0'"),
        "2.16", "mixed", "namespace a: sync, CONFIG_REDIS_ASYNC of");
    assert_int_equal(count_rule(ctx, "RLINT061"), 1);
    assert_string_equal(find_rule(ctx, "RLINT061", 0)->object_namespace, "b");
}

static void
test_install__mode_is_null_before_check(void **state)
{
    struct rlint_ctx *ctx = NULL;
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    assert_null(rlint_ctx_mode(ctx));
    assert_null(rlint_ctx_mode_reason(ctx));
    assert_null(rlint_ctx_mode(NULL));
    assert_null(rlint_ctx_mode_reason(NULL));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_install__env_values_as_apisonator_reads_them, teardown),
        cmocka_unit_test_teardown(test_install__last_duplicate_wins, teardown),
        cmocka_unit_test_teardown(test_install__unset_is_sync, teardown),
        cmocka_unit_test_teardown(test_install__unknown_values_fall_back_to_the_default,
                                  teardown),
        cmocka_unit_test_teardown(test_install__placeholder_resolved_by_a_param, teardown),
        cmocka_unit_test_teardown(test_install__listener_and_worker_differ, teardown),
        cmocka_unit_test_teardown(test_install__annotation_decides_over_the_env, teardown),
        cmocka_unit_test_teardown(test_install__no_async_client_before_2_15, teardown),
        cmocka_unit_test_teardown(test_install__installs_differ, teardown),
        cmocka_unit_test_teardown(test_install__workloads_go_with_their_namespace, teardown),
        cmocka_unit_test_teardown(test_install__mode_is_null_before_check, teardown),
    };
    return cmocka_run_group_tests_name("install", tests, NULL, NULL);
}
