/* test-profile.c - the built-in version profiles parse, cover every version once, agree with
 * the role readers, and bad profiles are refused with a clear message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "version.h"
#include "profile.h"
#include "readers.h"
#include "testclients.h"

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
        /* the versions schemas/embed.c read from the text, to pick the profile to parse */
        assert_int_equal(embedded_profiles[i].from, p.from);
        assert_int_equal(embedded_profiles[i].to, p.to);
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
            /* the operator's preflight (2.15+): 3scale-operator's CSV at each GA tag */
            if (p.from >= 15) {
                const char *want = p.from == 15 ? "6.2.0" : "7.0.0";
                assert_string_equal(p.redis_min[0], want);
                assert_string_equal(p.redis_min[1], want);
            } else {
                assert_null(p.redis_min[0]);
                assert_null(p.redis_min[1]);
            }
            profile_release(&p);
        }
        if (hits != 1)
            fail_msg("2.%d is covered by %zu profiles", minor, hits);
    }
}

/* The roles each component accepts, per version, as the fact sheet states them (§3.1, §3.4,
 * §4.2, Appendix A): the profiles' clients and the role reader must give exactly these. */
static void
test_profile__clients_give_the_roles_of_the_facts(void **state)
{
    static const char *const roles[] = {"master", "slave", "replica"};
    static const struct {
        enum reader reader;
        int from, to;      /* the component exists in 2.<from>..2.<to> */
        int replica_from;  /* accepts "replica" from 2.<replica_from> (99: never) */
    } facts[] = {
        {READER_BACKEND_SYNC, 4, 16, 15},
        {READER_BACKEND_ASYNC, 15, 16, 99},
        {READER_SYSTEM, 4, 16, 16},
    };
    size_t i, k;
    int minor;
    (void)state;
    for (i = 0; i < sizeof(facts) / sizeof(facts[0]); i++)
        for (minor = 4; minor <= 16; minor++)
            for (k = 0; k < 3; k++) {
                struct read_env env = {.client = client_in(facts[i].reader, minor),
                                       .sentinels = true, .tls_flag = -1};
                struct role_reading rr;
                bool exists = minor >= facts[i].from && minor <= facts[i].to;
                bool want_ok = exists && (k < 2 || minor >= facts[i].replica_from);
                role_read(&rr, facts[i].reader, &env, roles[k], strlen(roles[k]));
                if ((rr.status == READ_NOT_APPLICABLE) == exists)
                    fail_msg("2.%d %s: %s", minor, reader_name(facts[i].reader),
                             exists ? "not read, but the component exists"
                                    : "read, but the component does not exist");
                if (exists && (rr.status == READ_OK) != want_ok)
                    fail_msg("2.%d %s role %s: %s, facts say %s", minor,
                             reader_name(facts[i].reader), roles[k],
                             rr.status == READ_OK ? "accepted" : "refused",
                             want_ok ? "accepted" : "refused");
            }
}

/* Which component reads which sentinel key, per version, is the env blocks' (facts §2.1,
 * §2.3): porta reads sentinel lists and roles from 2.6, the backend always. */
static void
test_profile__env_blocks_say_who_reads_the_sentinel_keys(void **state)
{
    static const struct {
        const char *secret, *key;
        enum reader reader;
        int from;
    } facts[] = {
        {"system-redis", "SENTINEL_HOSTS", READER_SYSTEM, 6},
        {"system-redis", "SENTINEL_ROLE", READER_SYSTEM, 6},
        {"backend-redis", "REDIS_STORAGE_SENTINEL_HOSTS", READER_SYSTEM, 6},
        {"backend-redis", "REDIS_STORAGE_SENTINEL_ROLE", READER_SYSTEM, 6},
        {"backend-redis", "REDIS_STORAGE_URL", READER_SYSTEM, 4},
        {"backend-redis", "REDIS_QUEUES_SENTINEL_HOSTS", READER_BACKEND_SYNC, 4},
        {"backend-redis", "REDIS_STORAGE_SENTINEL_ROLE", READER_BACKEND_SYNC, 4},
        {"backend-redis", "REDIS_QUEUES_URL", READER_BACKEND_ASYNC, 15},
    };
    size_t i, f;
    (void)state;
    for (i = 0; i < embedded_profiles_count; i++) {
        struct profile p;
        char *error = NULL;
        assert_int_equal(profile_parse(&p, embedded_profiles[i].name, embedded_profiles[i].json,
                                       strlen(embedded_profiles[i].json), &error),
                         RLINT_OK);
        for (f = 0; f < sizeof(facts) / sizeof(facts[0]); f++)
            if (profile_reads_key(&p, facts[f].reader, facts[f].secret, facts[f].key) !=
                (p.from >= facts[f].from))
                fail_msg("%s: %s reads %s/%s: %s", p.name, reader_name(facts[f].reader),
                         facts[f].secret, facts[f].key, p.from >= facts[f].from ? "no" : "yes");
        assert_false(profile_reads_key(&p, READER_BACKEND_SYNC, "system-redis", "URL"));
        assert_false(profile_reads_key(&p, READER_OPERATOR, "backend-redis", "REDIS_STORAGE_URL"));
        profile_release(&p);
    }
}

/* key_for() and profile_reads_def() answer from tables made ahead: they must agree with
 * the key table and the env blocks they stand for. */
static void
test_profile__key_tables_match_what_they_stand_for(void **state)
{
    const struct key_def *def;
    unsigned i, found = 0;
    int db, role, r;
    size_t n;
    (void)state;
    for (db = 0; db < DB__MAX; db++)
        for (role = 0; role < KEY__MAX; role++) {
            const struct key_def *want = NULL;
            for (i = 0; (def = key_at(i)) != NULL; i++)
                if (def->db == (enum redis_db)db && def->role == (enum key_role)role)
                    want = def;
            assert_ptr_equal(key_for((enum redis_db)db, (enum key_role)role), want);
            found += want != NULL;
        }
    for (i = 0; key_at(i) != NULL; i++)
        assert_int_equal(key_index(key_at(i)), i);
    assert_int_equal(found, i); /* no two keys share a database and a role */
    for (n = 0; n < embedded_profiles_count; n++) {
        struct profile p;
        char *error = NULL;
        assert_int_equal(profile_parse(&p, embedded_profiles[n].name, embedded_profiles[n].json,
                                       strlen(embedded_profiles[n].json), &error),
                         RLINT_OK);
        for (r = 0; r < READER__MAX; r++)
            for (i = 0; (def = key_at(i)) != NULL; i++)
                if (profile_reads_def(&p, (enum reader)r, def) !=
                    profile_reads_key(&p, (enum reader)r, def->secret, def->name))
                    fail_msg("%s: %s and %s/%s", p.name, reader_name((enum reader)r),
                             def->secret, def->name);
        profile_release(&p);
    }
}

/* The operator's URL check and its preflight come with 2.16 (facts §5). */
static void
test_profile__operator_checks_from_2_16(void **state)
{
    int minor;
    (void)state;
    for (minor = 4; minor <= 16; minor++) {
        assert_int_equal(client_in(READER_OPERATOR, minor) != CLIENT_NONE, minor >= 16);
        assert_int_equal(client_in(READER_PREFLIGHT, minor) != CLIENT_NONE, minor >= 16);
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
    "\"Deployment\", \"backend_async_default\": false, \"clients\": {}, "
#define GOOD_SECRETS "\"secrets\": {\"backend-redis\": {\"REDIS_STORAGE_URL\": {\"status\": \"required\"}}}, "

static void
test_profile__bad_profiles_are_refused(void **state)
{
    expect_refused("{", "bad.json:");
    expect_refused(GOOD_HEAD GOOD_SECRETS "\"env_blocks\": {}, \"workloads\": [], \"extra\": 1}",
                   "unknown member 'extra'");
    expect_refused("{\"profile\": \"x\", \"from\": \"1.9\", \"to\": \"2.16\"}", "'from'");
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
    expect_refused(GOOD_HEAD GOOD_SECRETS "\"env_blocks\": {}, \"workloads\": [], "
                                          "\"redis_min_version\": {\"backend\": \"7.0\"}}",
                   "'backend' must be a version");
    expect_refused(GOOD_HEAD GOOD_SECRETS "\"env_blocks\": {}, \"workloads\": [], "
                                          "\"redis_min_version\": {\"queues\": \"7.0.0\"}}",
                   "unknown member 'queues'");
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
        cmocka_unit_test(test_profile__clients_give_the_roles_of_the_facts),
        cmocka_unit_test(test_profile__key_tables_match_what_they_stand_for),
        cmocka_unit_test(test_profile__operator_checks_from_2_16),
        cmocka_unit_test(test_profile__env_blocks_say_who_reads_the_sentinel_keys),
        cmocka_unit_test(test_profile__bad_profiles_are_refused),
        cmocka_unit_test_teardown(test_profile__uncovered_version_is_a_finding, free_ctx),
    };
    return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
