/* test-profile.c - the built-in version profiles parse, cover every version once, agree with
 * the role readers, and bad profiles are refused with a clear message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ctx.h"
#include "profile.h"
#include "readers.h"

static void
test_profile__every_builtin_profile_parses(void **state)
{
    size_t i;
    assert_true(embedded_profiles_count > 0);
    for (i = 0; i < embedded_profiles_count; i++) {
        struct profile p;
        char *error = NULL;
        int rc = profile_parse(&p, embedded_profiles[i].name, embedded_profiles[i].json,
                               strlen(embedded_profiles[i].json), &error);
        if (rc != RLINT_OK)
            fail_msg("%s: %s", embedded_profiles[i].name, error ? error : "?");
        assert_true(p.nkeys > 0);
        assert_true(p.nworkloads > 0);
        profile_release(&p);
    }
}

static void
test_profile__versions_are_covered_exactly_once(void **state)
{
    int minor;
    for (minor = MINOR_MIN; minor <= MINOR_MAX; minor++) {
        size_t i, hits = 0;
        for (i = 0; i < embedded_profiles_count; i++) {
            struct profile p;
            char *error = NULL;
            assert_int_equal(profile_parse(&p, embedded_profiles[i].name,
                                           embedded_profiles[i].json,
                                           strlen(embedded_profiles[i].json), &error),
                             RLINT_OK);
            if (p.from <= minor && minor <= p.to)
                hits++;
            assert_int_equal(p.deployment_config, p.to <= 14);
            assert_int_equal(p.async_default, p.from >= 15);
            profile_release(&p);
        }
        if (hits != 1)
            fail_msg("2.%d is covered by %zu profiles", minor, hits);
    }
}

static bool
listed(const struct profile *p, enum profile_role_reader r, const char *role)
{
    size_t i;
    for (i = 0; i < p->nroles[r]; i++)
        if (strcmp(p->roles[r][i], role) == 0)
            return true;
    return false;
}

/* The roles in the data and the role readers in the code must tell the same story. */
static void
test_profile__roles_agree_with_the_readers(void **state)
{
    static const char *const roles[] = {"master", "slave", "replica"};
    static const struct {
        enum reader reader;
        enum profile_role_reader list;
    } pairs[] = {{READER_BACKEND_SYNC, ROLES_BACKEND_SYNC},
                 {READER_BACKEND_ASYNC, ROLES_BACKEND_ASYNC},
                 {READER_SYSTEM, ROLES_SYSTEM}};
    size_t i, j, k;
    for (i = 0; i < embedded_profiles_count; i++) {
        struct profile p;
        char *error = NULL;
        int minor;
        assert_int_equal(profile_parse(&p, embedded_profiles[i].name, embedded_profiles[i].json,
                                       strlen(embedded_profiles[i].json), &error),
                         RLINT_OK);
        for (minor = p.from; minor <= p.to; minor++)
            for (j = 0; j < 3; j++)
                for (k = 0; k < 3; k++) {
                    struct read_env env = {.minor = minor, .sentinels = true, .tls_flag = -1};
                    struct role_reading rr;
                    role_read(&rr, pairs[j].reader, &env, roles[k], strlen(roles[k]));
                    if (rr.status == READ_NOT_APPLICABLE)
                        continue;
                    if ((rr.status == READ_OK) != listed(&p, pairs[j].list, roles[k]))
                        fail_msg("2.%d %s role %s: reader says %s, profile %s says %s", minor,
                                 reader_name(pairs[j].reader), roles[k],
                                 rr.status == READ_OK ? "ok" : "fail", p.name,
                                 listed(&p, pairs[j].list, roles[k]) ? "ok" : "fail");
                }
        profile_release(&p);
    }
}

static void
expect_refused(const char *json, const char *needle)
{
    struct profile p;
    char *error = NULL;
    assert_int_equal(profile_parse(&p, "bad.json", json, strlen(json), &error), RLINT_EINVAL);
    assert_non_null(error);
    if (!strstr(error, needle))
        fail_msg("error '%s' does not mention '%s'", error, needle);
    free(error);
}

#define GOOD_HEAD                                                                                 \
    "{\"profile\": \"x\", \"from\": \"2.15\", \"to\": \"2.16\", \"workload_kind\": "              \
    "\"Deployment\", \"backend_async_default\": true, \"roles\": {}, "
#define GOOD_SECRETS "\"secrets\": {\"backend-redis\": {\"REDIS_STORAGE_URL\": {\"status\": \"required\"}}}, "

static void
test_profile__bad_profiles_are_refused(void **state)
{
    expect_refused("{", "bad.json:");
    expect_refused(GOOD_HEAD GOOD_SECRETS "\"env_blocks\": {}, \"workloads\": [], \"extra\": 1}",
                   "unknown member 'extra'");
    expect_refused("{\"profile\": \"x\", \"from\": \"2.3\", \"to\": \"2.16\"}", "'from'");
    expect_refused(GOOD_HEAD "\"secrets\": {\"backend-redis\": {\"REDIS_STORAGE_URL\": "
                             "{\"status\": \"mandatory\"}}}, \"env_blocks\": {}, \"workloads\": []}",
                   "unknown status 'mandatory'");
    expect_refused(GOOD_HEAD GOOD_SECRETS
                   "\"env_blocks\": {\"b\": [{\"name\": \"CONFIG_REDIS_PROXY\", \"secret\": "
                   "\"backend-redis\", \"key\": \"REDIS_QUEUES_URL\"}]}, \"workloads\": []}",
                   "not a key the profile reads");
    expect_refused(GOOD_HEAD GOOD_SECRETS
                   "\"env_blocks\": {}, \"workloads\": [{\"kind\": \"Deployment\", \"name\": "
                   "\"backend-cron\", \"containers\": [{\"name\": \"c\", \"env\": [\"nope\"]}]}]}",
                   "not a block of env_blocks");
}

/* Adds the built-in profile called name (e.g. "3scale-2.14.json") as a caller's profile. */
static void
add_builtin(struct rlint_ctx *ctx, const char *name)
{
    size_t i;
    for (i = 0; i < embedded_profiles_count; i++)
        if (strcmp(embedded_profiles[i].name, name) == 0) {
            assert_int_equal(rlint_ctx_add_profile(ctx, name, embedded_profiles[i].json,
                                                   strlen(embedded_profiles[i].json)),
                             RLINT_OK);
            return;
        }
    fail_msg("no built-in profile %s", name);
}

static int
free_ctx(void **state)
{
    rlint_ctx_free(*state);
    return 0;
}

/* Profiles that do not cover the version: rlint_check() reports RLINT015 with what they do
 * cover (adjacent ranges joined, in version order whatever the order they were added in) and
 * returns RLINT_ENOTFOUND, so that the caller can tell nothing was checked. */
static void
test_profile__uncovered_version_is_a_finding(void **state)
{
    struct rlint_ctx *ctx = NULL;
    const struct rlint_diag *d;

    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    add_builtin(ctx, "3scale-2.14.json");
    add_builtin(ctx, "3scale-2.12.json");
    add_builtin(ctx, "3scale-2.4.json");
    add_builtin(ctx, "3scale-2.13.json");
    assert_int_equal(rlint_ctx_set_version(ctx, "2.16"), RLINT_OK);
    assert_int_equal(rlint_check(ctx), RLINT_ENOTFOUND);
    assert_int_equal(rlint_diag_count(ctx), 1);
    d = rlint_diag_at(ctx, 0);
    assert_string_equal(d->rule, "RLINT015");
    assert_int_equal(d->severity, RLINT_SEVERITY_ERROR);
    assert_string_equal(d->message, "no version profile covers 3scale 2.16 (the profiles cover "
                                    "2.4 to 2.5, 2.12 to 2.14); nothing was checked");
    assert_int_equal(d->line, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profile__every_builtin_profile_parses),
        cmocka_unit_test(test_profile__versions_are_covered_exactly_once),
        cmocka_unit_test(test_profile__roles_agree_with_the_readers),
        cmocka_unit_test(test_profile__bad_profiles_are_refused),
        cmocka_unit_test_teardown(test_profile__uncovered_version_is_a_finding, free_ctx),
    };
    return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
