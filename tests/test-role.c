/* test-role.c - role_read(), against facts §3.1, §3.3, §3.4, §4.1, §4.2 items 4-5 and the role
 * rows of Appendix B. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "readers.h"
#include "testclients.h"

static struct role_reading r;

static void
rd(enum reader reader, int minor, bool sentinels, const char *v)
{
    struct read_env env = {.client = client_in(reader, minor), .sentinels = sentinels,
                           .tls_flag = -1};
    role_read(&r, reader, &env, v, strlen(v));
}

static void
expect_ok(enum sentinel_role role, bool ignored)
{
    assert_int_equal(r.status, READ_OK);
    assert_int_equal(r.fail, ROLE_FAIL_NONE);
    assert_int_equal(r.role, role);
    assert_int_equal(r.ignored, ignored);
}

static void
expect_fail(enum role_fail why)
{
    assert_int_equal(r.status, READ_FAIL);
    assert_int_equal(r.fail, why);
}

static void
test_role__not_applicable(void **state)
{
    (void)state;
    rd(READER_PREFLIGHT, 16, true, "Master");
    assert_int_equal(r.status, READ_NOT_APPLICABLE);
    rd(READER_OPERATOR, 16, true, "Master");
    assert_int_equal(r.status, READ_NOT_APPLICABLE);
    rd(READER_BACKEND_ASYNC, 14, true, "master");
    assert_int_equal(r.status, READ_NOT_APPLICABLE);
    /* porta 2.4-2.5 reads no role: its env block has none (test-profile.c) */
}

static void
test_role__master_and_slave_everywhere(void **state)
{
    static const int minors[] = {6, 12, 14, 15, 16};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(minors) / sizeof(minors[0]); i++) {
        rd(READER_BACKEND_SYNC, minors[i], true, "master");
        expect_ok(ROLE_MASTER, false);
        rd(READER_SYSTEM, minors[i], true, "master");
        expect_ok(ROLE_MASTER, false);
        rd(READER_BACKEND_SYNC, minors[i], true, "slave");
        expect_ok(ROLE_SLAVE, false);
        rd(READER_SYSTEM, minors[i], true, "slave");
        expect_ok(ROLE_SLAVE, false);
    }
    rd(READER_BACKEND_ASYNC, 16, true, "master");
    expect_ok(ROLE_MASTER, false);
    rd(READER_BACKEND_ASYNC, 15, true, "slave");
    expect_ok(ROLE_SLAVE, false);
}

/* App. B "role Master": case-sensitive everywhere */
static void
test_role__capitalised_master(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, true, "Master");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_BACKEND_SYNC, 14, true, "Master");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_BACKEND_ASYNC, 16, true, "Master");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_SYSTEM, 16, true, "Master");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_SYSTEM, 15, true, "MASTER");
    expect_fail(ROLE_FAIL_UNKNOWN);
}

/* App. B "role replica (storage)", §3.4, §4.2 item 4 */
static void
test_role__replica(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, true, "replica");
    expect_ok(ROLE_REPLICA, false);
    rd(READER_BACKEND_SYNC, 15, true, "replica");
    expect_ok(ROLE_REPLICA, false);
    rd(READER_BACKEND_SYNC, 14, true, "replica");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_BACKEND_ASYNC, 16, true, "replica");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_BACKEND_ASYNC, 15, true, "replica");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_SYSTEM, 16, true, "replica");
    expect_ok(ROLE_REPLICA, false);
    rd(READER_SYSTEM, 15, true, "replica");
    expect_fail(ROLE_FAIL_UNKNOWN);
}

/* App. B "system-redis role master with empty SENTINEL_HOSTS", §4.2 item 5, §3.3 */
static void
test_role__without_sentinels(void **state)
{
    (void)state;
    rd(READER_SYSTEM, 16, false, "master");
    expect_fail(ROLE_FAIL_NO_SENTINELS);
    rd(READER_SYSTEM, 15, false, "master");
    expect_ok(ROLE_NONE, true);
    rd(READER_BACKEND_SYNC, 16, false, "master");
    expect_ok(ROLE_NONE, true);
    rd(READER_BACKEND_ASYNC, 16, false, "master");
    expect_ok(ROLE_NONE, true);
    /* even a role they would refuse is dropped first */
    rd(READER_BACKEND_SYNC, 16, false, "Master");
    expect_ok(ROLE_NONE, true);
    rd(READER_SYSTEM, 16, false, "yes");
    expect_fail(ROLE_FAIL_NO_SENTINELS);
}

/* §4.1: porta reads the role as an unquoted YAML 1.1 scalar */
static void
test_role__porta_yaml_booleans(void **state)
{
    static const char *const truthy[] = {"yes", "Yes", "YES", "true", "True", "TRUE",
                                         "on",  "On",  "ON"};
    static const char *const falsy[] = {"no",    "No",    "NO",  "false", "False",
                                        "FALSE", "off",   "Off", "OFF",   "~",
                                        "null",  "",      "  ",  "# x"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(truthy) / sizeof(truthy[0]); i++) {
        rd(READER_SYSTEM, 16, true, truthy[i]);
        expect_fail(ROLE_FAIL_UNKNOWN);
        rd(READER_SYSTEM, 12, true, truthy[i]);
        expect_fail(ROLE_FAIL_UNKNOWN);
    }
    for (i = 0; i < sizeof(falsy) / sizeof(falsy[0]); i++) {
        rd(READER_SYSTEM, 16, true, falsy[i]);
        expect_ok(ROLE_NONE, false);
        rd(READER_SYSTEM, 16, false, falsy[i]);
        expect_ok(ROLE_NONE, false);
    }
    /* apisonator takes "yes" as a role name and refuses it */
    rd(READER_BACKEND_SYNC, 16, true, "yes");
    expect_fail(ROLE_FAIL_UNKNOWN);
}

/* §4.1: spaces trimmed and a comment dropped by YAML, not by apisonator (§3.1) */
static void
test_role__whitespace_and_comments(void **state)
{
    (void)state;
    rd(READER_SYSTEM, 16, true, " master");
    expect_ok(ROLE_MASTER, false);
    rd(READER_SYSTEM, 16, true, "master # primary");
    expect_ok(ROLE_MASTER, false);
    rd(READER_SYSTEM, 16, true, "master\n");
    expect_ok(ROLE_MASTER, false);
    rd(READER_SYSTEM, 16, true, "'master'");
    expect_ok(ROLE_MASTER, false);
    rd(READER_SYSTEM, 16, true, "\"yes\"");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_SYSTEM, 16, true, "[master]");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_BACKEND_SYNC, 16, true, " master");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_BACKEND_SYNC, 16, true, "master\n");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_BACKEND_ASYNC, 16, true, "master ");
    expect_fail(ROLE_FAIL_UNKNOWN);
    rd(READER_BACKEND_SYNC, 14, true, "master # primary");
    expect_fail(ROLE_FAIL_UNKNOWN);
}

/* §3.3: a blank role is dropped; async then asks for the master */
static void
test_role__blank(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, true, "");
    expect_ok(ROLE_NONE, false);
    rd(READER_BACKEND_SYNC, 16, true, "  ");
    expect_ok(ROLE_NONE, false);
    rd(READER_BACKEND_ASYNC, 16, true, "");
    expect_ok(ROLE_MASTER, false);
    rd(READER_BACKEND_ASYNC, 16, false, "");
    expect_ok(ROLE_NONE, false);
    rd(READER_SYSTEM, 16, true, "");
    expect_ok(ROLE_NONE, false);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_role__not_applicable),
        cmocka_unit_test(test_role__master_and_slave_everywhere),
        cmocka_unit_test(test_role__capitalised_master),
        cmocka_unit_test(test_role__replica),
        cmocka_unit_test(test_role__without_sentinels),
        cmocka_unit_test(test_role__porta_yaml_booleans),
        cmocka_unit_test(test_role__whitespace_and_comments),
        cmocka_unit_test(test_role__blank),
    };
    return cmocka_run_group_tests_name("role", tests, NULL, NULL);
}
