/* test-secret.c - the Secret model: data vs stringData, base64, placeholders, duplicates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "secret.h"
#include "testlib.h"

static int
teardown(void **state)
{
    rlint_ctx_free(*state);
    *state = NULL;
    return 0;
}

#define HEAD "apiVersion: v1\nkind: Secret\nmetadata:\n  name: system-redis\n  namespace: ns\n"

static void
test_secret__string_data_wins_over_data(void **state)
{
    /* data holds plain text (invalid base64) but stringData overrides the key */
    static const char yaml[] = HEAD "data:\n"
                                    "  URL: cmVkaXM6Ly9hLzE=\n"
                                    "stringData:\n"
                                    "  URL: redis://b/1\n"
                                    "  SENTINEL_HOSTS: ''\n"
                                    "  SENTINEL_ROLE: ''\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    const struct rlint_diag *d;
    assert_non_null(ctx);
    d = find_rule(ctx, "RLINT006", 0);
    assert_non_null(d);
    assert_int_equal(d->line, 7);
    assert_string_equal(d->key, "URL");
    assert_string_equal(d->path, ".data.URL");
    assert_int_equal(d->severity, RLINT_SEVERITY_WARNING);
}

static void
test_secret__plain_text_under_data_is_an_error_on_that_key(void **state)
{
    static const char yaml[] = HEAD "data:\n"
                                    "  URL: redis://system-redis:6379/1\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    const struct rlint_diag *d;
    assert_non_null(ctx);
    d = find_rule(ctx, "RLINT003", 0);
    assert_non_null(d);
    assert_int_equal(d->line, 7);
    assert_int_equal(d->column, 8);
    assert_string_equal(d->key, "URL");
    assert_int_equal(d->severity, RLINT_SEVERITY_ERROR);
    /* the message never quotes the value */
    assert_null(strstr(d->message, "system-redis:6379"));
}

static void
test_secret__param_resolves_a_placeholder(void **state)
{
    static const char yaml[] = HEAD "stringData:\n"
                                    "  URL: ${SYSTEM_REDIS_URL}\n"
                                    "  SENTINEL_HOSTS: ''\n"
                                    "  SENTINEL_ROLE: ''\n";
    struct rlint_ctx *ctx = NULL;
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    assert_int_equal(rlint_ctx_set_param(ctx, "SYSTEM_REDIS_URL", "system-redis:6379/1"),
                     RLINT_OK);
    assert_int_equal(rlint_load_buffer(ctx, "t.yaml", yaml, strlen(yaml)), RLINT_OK);
    assert_int_equal(rlint_check(ctx), RLINT_OK);
    assert_null(find_rule(ctx, "RLINT007", 0));
    /* the substituted value has no scheme: porta cannot read it */
    assert_non_null(find_rule(ctx, "RLINT022", 0));
}

static void
test_secret__rejects_bad_param_names(void **state)
{
    struct rlint_ctx *ctx = NULL;
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    assert_int_equal(rlint_ctx_set_param(ctx, "", "x"), RLINT_EINVAL);
    assert_int_equal(rlint_ctx_set_param(ctx, "1A", "x"), RLINT_EINVAL);
    assert_int_equal(rlint_ctx_set_param(ctx, "A-B", "x"), RLINT_EINVAL);
    assert_int_equal(rlint_ctx_set_param(ctx, "A_1", "x"), RLINT_OK);
}

static void
test_secret__same_secret_twice_is_reported_on_the_second(void **state)
{
    static const char yaml[] = HEAD "stringData: {URL: '${A}'}\n---\n" HEAD
                                    "stringData: {URL: '${A}'}\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    const struct rlint_diag *d;
    assert_non_null(ctx);
    d = find_rule(ctx, "RLINT004", 0);
    assert_non_null(d);
    assert_int_equal(d->line, 8);
    assert_null(find_rule(ctx, "RLINT004", 1));
}

static void
test_secret__unquoted_number_is_not_a_string(void **state)
{
    static const char yaml[] = HEAD "stringData:\n"
                                    "  URL: 6379\n"
                                    "  SENTINEL_HOSTS: '6379'\n"
                                    "  SENTINEL_ROLE: true\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    assert_non_null(ctx);
    assert_int_equal(count_rule(ctx, "RLINT009"), 2);
    assert_int_equal(find_rule(ctx, "RLINT009", 0)->line, 7);
    assert_int_equal(find_rule(ctx, "RLINT009", 1)->line, 9);
}

static void
test_secret__value_size_limit(void **state)
{
    static const char yaml[] = HEAD "stringData:\n"
                                    "  URL: redis://a-rather-long-host-name/1\n";
    struct rlint_ctx *ctx = NULL;
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    assert_int_equal(rlint_ctx_set_limit(ctx, RLINT_LIMIT_VALUE_SIZE, 8), RLINT_OK);
    assert_int_equal(rlint_load_buffer(ctx, "t.yaml", yaml, strlen(yaml)), RLINT_OK);
    assert_int_equal(rlint_check(ctx), RLINT_OK);
    assert_non_null(find_rule(ctx, "RLINT008", 0));
    assert_string_equal(find_rule(ctx, "RLINT008", 0)->key, "URL");
}

static void
test_secret__versions_parse(void **state)
{
    struct rlint_ctx *ctx = NULL;
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    assert_string_equal(rlint_ctx_version(ctx), "2.16");
    assert_int_equal(rlint_ctx_set_version(ctx, "2.4"), RLINT_OK);
    assert_string_equal(rlint_ctx_version(ctx), "2.4");
    assert_int_equal(rlint_ctx_set_version(ctx, "2.14.1"), RLINT_OK);
    assert_string_equal(rlint_ctx_version(ctx), "2.14");
    assert_int_equal(rlint_ctx_set_version(ctx, "2.0"), RLINT_OK);
    assert_string_equal(rlint_ctx_version(ctx), "2.0");
    assert_int_equal(rlint_ctx_set_version(ctx, "2.14.1"), RLINT_OK);
    assert_int_equal(rlint_ctx_set_version(ctx, "1.9"), RLINT_EINVAL);
    assert_int_equal(rlint_ctx_set_version(ctx, "2.17"), RLINT_EINVAL);
    assert_int_equal(rlint_ctx_set_version(ctx, "3.0"), RLINT_EINVAL);
    assert_int_equal(rlint_ctx_set_version(ctx, "2.x"), RLINT_EINVAL);
    assert_int_equal(rlint_ctx_set_version(ctx, "2.16 "), RLINT_EINVAL);
    assert_string_equal(rlint_ctx_version(ctx), "2.14");
}

static void
test_secret__kustomize_suffix_alphabet(void **state)
{
    /* kustomize's hash: 10 hex digits with 0 1 3 a e replaced by g h k m t */
    (void)state;
    assert_string_equal(secret_kustomize_base("backend-redis-5tb2m8c6k9"), "backend-redis");
    assert_string_equal(secret_kustomize_base("system-redis-ghkmt24567"), "system-redis");
    assert_null(secret_kustomize_base("backend-redis-5tb2m8c6ka")); /* 'a' is replaced */
    assert_null(secret_kustomize_base("backend-redis-5tb2m8c6k"));  /* 9 characters */
    assert_null(secret_kustomize_base("backend-redis-5tb2m8c6k99"));
    assert_null(secret_kustomize_base("backend-redis"));
    assert_null(secret_kustomize_base("system-redisx5tb2m8c6k9"));
    assert_null(secret_kustomize_base(NULL));
}

static void
test_secret__sops_value_is_opaque_and_clear_value_checked(void **state)
{
    /* an ENC[...] value is not read (not even as base64 under data:); a clear one is */
    static const char yaml[] = HEAD "data:\n"
                                    "  URL: ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]\n"
                                    "stringData:\n"
                                    "  SENTINEL_HOSTS: ''\n"
                                    "  SENTINEL_ROLE: master\n"
                                    "sops:\n"
                                    "  version: 3.9.0\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    const struct rlint_diag *d;
    assert_non_null(ctx);
    assert_null(find_rule(ctx, "RLINT003", 0));
    assert_null(find_rule(ctx, "RLINT010", 0));
    assert_non_null(find_rule(ctx, "RLINT062", 0));
    d = find_rule(ctx, "RLINT017", 0);
    assert_non_null(d);
    assert_int_equal(d->line, 11);
    assert_int_equal(d->severity, RLINT_SEVERITY_INFO);
    assert_non_null(strstr(d->message, "1 of the 3 values"));
    assert_null(find_rule(ctx, "RLINT017", 1));
}

static void
test_secret__enc_without_sops_metadata_is_a_value(void **state)
{
    /* without sops: the pods would get the text ENC[...] itself: checked (its commas read as
     * several hosts) */
    static const char yaml[] = HEAD "stringData:\n"
                                    "  URL: ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]\n"
                                    "  SENTINEL_HOSTS: ''\n"
                                    "  SENTINEL_ROLE: ''\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    assert_non_null(ctx);
    assert_null(find_rule(ctx, "RLINT017", 0));
    assert_non_null(find_rule(ctx, "RLINT076", 0));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_secret__string_data_wins_over_data, teardown),
        cmocka_unit_test_teardown(test_secret__plain_text_under_data_is_an_error_on_that_key,
                                  teardown),
        cmocka_unit_test_teardown(test_secret__param_resolves_a_placeholder, teardown),
        cmocka_unit_test_teardown(test_secret__rejects_bad_param_names, teardown),
        cmocka_unit_test_teardown(test_secret__same_secret_twice_is_reported_on_the_second,
                                  teardown),
        cmocka_unit_test_teardown(test_secret__unquoted_number_is_not_a_string, teardown),
        cmocka_unit_test_teardown(test_secret__value_size_limit, teardown),
        cmocka_unit_test_teardown(test_secret__versions_parse, teardown),
        cmocka_unit_test_teardown(test_secret__kustomize_suffix_alphabet, teardown),
        cmocka_unit_test_teardown(test_secret__sops_value_is_opaque_and_clear_value_checked,
                                  teardown),
        cmocka_unit_test_teardown(test_secret__enc_without_sops_metadata_is_a_value, teardown),
    };
    return cmocka_run_group_tests_name("secret", tests, NULL, NULL);
}
