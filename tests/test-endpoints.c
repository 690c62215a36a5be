/* test-endpoints.c - rlint_ctx_endpoint_*(): where each component connects, for --probe, and
 * rlint_ctx_report_endpoint() pointing a finding at the endpoint's key. */
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

#define BACKEND(storage_url, storage_hosts, extra)                                                 \
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: backend-redis\n  namespace: ns\n"            \
    "stringData:\n"                                                                                \
    "  REDIS_STORAGE_URL: " storage_url "\n"                                                       \
    "  REDIS_STORAGE_SENTINEL_HOSTS: '" storage_hosts "'\n"                                        \
    "  REDIS_STORAGE_SENTINEL_ROLE: ''\n"                                                          \
    "  REDIS_QUEUES_URL: redis://queues.example:6380/1\n"                                          \
    "  REDIS_QUEUES_SENTINEL_HOSTS: ''\n"                                                          \
    "  REDIS_QUEUES_SENTINEL_ROLE: ''\n" extra "---\n"                                             \
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: system-redis\n  namespace: ns\n"             \
    "stringData:\n  URL: redis://system.example:6379/2\n  SENTINEL_HOSTS: ''\n"                    \
    "  SENTINEL_ROLE: ''\n"

static const struct rlint_endpoint *
find(const struct rlint_ctx *ctx, const char *database, const char *component, size_t *index)
{
    size_t i;
    for (i = 0; i < rlint_ctx_endpoint_count(ctx); i++) {
        const struct rlint_endpoint *e = rlint_ctx_endpoint_at(ctx, i);
        if (strcmp(e->database, database) == 0 && strcmp(e->component, component) == 0) {
            if (index)
                *index = i;
            return e;
        }
    }
    fail_msg("no endpoint for %s / %s", database, component);
    return NULL;
}

static void
test_endpoints__direct(void **state)
{
    struct rlint_ctx *ctx = *state = load_and_check(
        BACKEND("redis://storage.example:6379/0", "", "  REDIS_STORAGE_PASSWORD: pw\n"), "2.16");
    const struct rlint_endpoint *e;
    assert_non_null(ctx);
    e = find(ctx, "storage", "backend (sync)", NULL);
    assert_string_equal(e->host, "storage.example");
    assert_int_equal(e->port, 6379);
    assert_int_equal(e->db, 0);
    assert_null(e->group);
    assert_int_equal(e->nsentinels, 0);
    assert_string_equal(e->password, "pw");
    assert_string_equal(e->role, "master");
    assert_string_equal(e->url_key, "REDIS_STORAGE_URL");
    e = find(ctx, "queues", "backend (sync)", NULL);
    assert_int_equal(e->port, 6380);
    assert_int_equal(e->db, 1);
    e = find(ctx, "system", "system (porta)", NULL);
    assert_int_equal(e->db, 2);
    assert_null(e->password);
    /* the 2.16 operator preflight's minimum, from the profile, on every endpoint */
    assert_string_equal(e->redis_min_version, "7.0.0");
    assert_string_equal(find(ctx, "storage", "backend (async)", NULL)->redis_min_version, "7.0.0");
}

/* 2.14's operator has no preflight: no minimum Redis version to compare with. */
static void
test_endpoints__no_min_version_before_2_15(void **state)
{
    struct rlint_ctx *ctx = *state =
        load_and_check(BACKEND("redis://storage.example:6379/0", "", ""), "2.14");
    assert_non_null(ctx);
    assert_null(find(ctx, "storage", "backend (sync)", NULL)->redis_min_version);
    assert_null(find(ctx, "system", "system (porta)", NULL)->redis_min_version);
}

static void
test_endpoints__sentinels_and_report(void **state)
{
    struct rlint_ctx *ctx = *state =
        load_and_check(BACKEND("redis://mygroup/3", "redis://:spw@s0:26380,s1",
                               "  REDIS_STORAGE_SENTINEL_ROLE_UNUSED: x\n"),
                       "2.16");
    const struct rlint_endpoint *e;
    size_t i, n;
    assert_non_null(ctx);
    e = find(ctx, "storage", "backend (sync)", &i);
    assert_null(e->host);
    assert_string_equal(e->group, "mygroup");
    assert_int_equal(e->nsentinels, 2);
    assert_string_equal(e->sentinels[0].host, "s0");
    assert_int_equal(e->sentinels[0].port, 26380);
    assert_int_equal(e->sentinels[1].port, 26379);
    assert_string_equal(e->sentinel_password, "spw");
    assert_string_equal(e->sentinels_key, "REDIS_STORAGE_SENTINEL_HOSTS");
    n = rlint_diag_count(ctx);
    assert_int_equal(rlint_ctx_report_endpoint(ctx, i, RLINT_ENDPOINT_KEY_SENTINELS, "RLINT001",
                                               RLINT_SEVERITY_ERROR, "backend (sync)", "down"),
                     RLINT_OK);
    assert_int_equal(rlint_diag_count(ctx), n + 1);
    for (i = 0; i < rlint_diag_count(ctx); i++) {
        const struct rlint_diag *d = rlint_diag_at(ctx, i);
        if (strcmp(d->rule, "RLINT001") == 0) {
            assert_string_equal(d->key, "REDIS_STORAGE_SENTINEL_HOSTS");
            assert_int_equal(d->line, 8);
            assert_string_equal(d->message, "down");
            assert_string_equal(d->component, "backend (sync)");
        }
    }
    assert_int_equal(rlint_ctx_report_endpoint(ctx, 999, RLINT_ENDPOINT_KEY_URL, "RLINT001",
                                               RLINT_SEVERITY_ERROR, NULL, "x"),
                     RLINT_ENOTFOUND);
    assert_int_equal(rlint_ctx_report_endpoint(ctx, 0, RLINT_ENDPOINT_KEY_URL, "nope",
                                               RLINT_SEVERITY_ERROR, NULL, "x"),
                     RLINT_ENOTFOUND);
}

static void
test_endpoints__tls_material(void **state)
{
    struct rlint_ctx *ctx = *state = load_and_check(
        BACKEND("rediss://storage.example:6379/0", "",
                "  REDIS_SSL_CA: ca-pem\n  REDIS_SSL_CERT: cert-pem\n  REDIS_SSL_KEY: key-pem\n"),
        "2.16");
    const struct rlint_endpoint *e;
    assert_non_null(ctx);
    e = find(ctx, "storage", "backend (sync)", NULL);
    assert_int_equal(e->tls, 1);
    assert_string_equal(e->tls_ca, "ca-pem");
    assert_string_equal(e->tls_cert, "cert-pem");
    assert_string_equal(e->tls_key, "key-pem");
    /* queues has none of its own (REDIS_SSL_QUEUES_*) and no TLS */
    e = find(ctx, "queues", "backend (sync)", NULL);
    assert_int_equal(e->tls, 0);
    assert_null(e->tls_ca);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_endpoints__direct, teardown),
        cmocka_unit_test_teardown(test_endpoints__no_min_version_before_2_15, teardown),
        cmocka_unit_test_teardown(test_endpoints__sentinels_and_report, teardown),
        cmocka_unit_test_teardown(test_endpoints__tls_material, teardown),
    };
    return cmocka_run_group_tests_name("endpoints", tests, NULL, NULL);
}
