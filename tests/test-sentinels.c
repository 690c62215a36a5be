/* test-sentinels.c - sentinels_read() and sentinels_scan(), against facts §3.3, §4.2 item 3,
 * §5 (preflight) and every sentinel-list row of Appendix B. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "readers.h"
#include "testclients.h"

static struct sentinel_reading r;

static int
teardown(void **state)
{
    (void)state;
    sentinel_reading_release(&r);
    return 0;
}

static void
rd(enum reader reader, int minor, const char *v)
{
    struct read_env env = {.client = client_in(reader, minor), .tls_flag = 0};
    sentinel_reading_release(&r);
    assert_int_equal(sentinels_read(&r, reader, &env, v, strlen(v)), 0);
}

static void
expect_count(size_t n)
{
    assert_int_equal(r.status, READ_OK);
    assert_int_equal(r.fail, SENTINEL_FAIL_NONE);
    assert_int_equal(r.count, n);
}

static void
expect_addr(size_t i, const char *host, unsigned long port)
{
    assert_true(i < r.count);
    assert_string_equal(r.addrs[i].host, host);
    assert_int_equal(r.addrs[i].port, port);
}

static void
expect_fail(enum sentinel_fail why, size_t entry)
{
    assert_int_equal(r.status, READ_FAIL);
    assert_int_equal(r.fail, why);
    assert_int_equal(r.fail_entry, entry);
    assert_int_equal(r.count, 0);
}

static void
expect_secret(const char *got, const char *want)
{
    bool same = (!got && !want) || (got && want && strcmp(got, want) == 0);
    assert_true(same);
}

static void
test_sentinels__not_applicable(void **state)
{
    (void)state;
    rd(READER_OPERATOR, 16, "a:26379");
    assert_int_equal(r.status, READ_NOT_APPLICABLE);
    /* porta 2.4-2.5 reads no sentinel list: its env block has none (test-profile.c) */
    rd(READER_BACKEND_ASYNC, 14, "a:26379");
    assert_int_equal(r.status, READ_NOT_APPLICABLE);
    rd(READER_PREFLIGHT, 15, "a:26379");
    assert_int_equal(r.status, READ_NOT_APPLICABLE);
    rd(READER_BACKEND_SYNC, 4, "a:26379");
    expect_count(1);
}

static void
test_sentinels__plain_list(void **state)
{
    static const enum reader all[] = {READER_BACKEND_SYNC, READER_BACKEND_ASYNC, READER_SYSTEM,
                                      READER_PREFLIGHT};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        rd(all[i], 16, "redis://s0:26379,redis://s1:26380");
        expect_count(2);
        expect_addr(0, "s0", 26379);
        expect_addr(1, "s1", 26380);
        expect_secret(r.password, NULL);
    }
}

/* App. B "sentinel list with a space after each comma", §4.2 item 3 */
static void
test_sentinels__space_after_comma(void **state)
{
    const char *v = "a:26379, b:26379";
    (void)state;
    rd(READER_SYSTEM, 16, v);
    expect_fail(SENTINEL_FAIL_INVALID_URI, 2);
    rd(READER_SYSTEM, 12, v);
    expect_fail(SENTINEL_FAIL_INVALID_URI, 2);
    rd(READER_BACKEND_SYNC, 16, v);
    expect_count(2);
    expect_addr(1, "b", 26379);
    rd(READER_BACKEND_ASYNC, 16, v);
    expect_count(2);
    rd(READER_PREFLIGHT, 16, v);
    expect_count(2);
    expect_addr(1, "b", 26379);
}

/* §3.3: stripped, blank entries skipped (storage_sync_test.rb) */
static void
test_sentinels__apisonator_skips_blank_entries(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, ",redis://a:26379, ,    , b:36379,");
    expect_count(2);
    expect_addr(0, "a", 26379);
    expect_addr(1, "b", 36379);
    rd(READER_BACKEND_SYNC, 16, "   ");
    expect_count(0);
    rd(READER_BACKEND_SYNC, 16, " , ,");
    expect_count(0);
}

/* App. B "empty entry a,,b" */
static void
test_sentinels__empty_middle_entry(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, "a,,b");
    expect_count(2);
    rd(READER_BACKEND_ASYNC, 16, "a,,b");
    expect_count(2);
    rd(READER_SYSTEM, 16, "a,,b");
    expect_count(3);
    expect_addr(0, "a", 26379);
    expect_addr(1, "localhost", 26379);
    expect_addr(2, "b", 26379);
    /* preflight: go-redis defaults, 6379 for every entry without a port */
    rd(READER_PREFLIGHT, 16, "a:26379,,b:26379");
    expect_count(3);
    expect_addr(1, "localhost", 6379);
    rd(READER_PREFLIGHT, 16, "a");
    expect_addr(0, "a", 6379);
    /* porta: a trailing comma is harmless */
    rd(READER_SYSTEM, 16, "a,b,");
    expect_count(2);
}

/* App. B "sentinel port 99999": kept as parsed */
static void
test_sentinels__port_out_of_range(void **state)
{
    (void)state;
    rd(READER_SYSTEM, 16, "a:99999,b:26379");
    expect_count(2);
    expect_addr(0, "a", 99999);
    rd(READER_BACKEND_SYNC, 16, "a:99999,b:26379");
    expect_addr(0, "a", 99999);
    rd(READER_PREFLIGHT, 16, "a:99999,b:26379");
    expect_addr(0, "a", 99999);
}

/* App. B "backslash-escaped comma in a sentinel password (storage list)" */
static void
test_sentinels__escaped_comma(void **state)
{
    const char *v = ":pa\\,ss@s0:26379,s1:26379";
    (void)state;
    rd(READER_BACKEND_SYNC, 16, v);
    expect_count(2);
    expect_addr(0, "s0", 26379);
    expect_secret(r.password, "pa,ss");
    rd(READER_BACKEND_ASYNC, 16, v);
    expect_count(2);
    rd(READER_SYSTEM, 16, v);
    expect_fail(SENTINEL_FAIL_YAML_ESCAPE, 0);
    rd(READER_PREFLIGHT, 16, v);
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
}

/* App. B "sentinel entries joined by ;" */
static void
test_sentinels__semicolon_separator(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, "redis://a:26379;redis://b:26379");
    expect_count(1);
    expect_addr(0, "redis", 26379);
    rd(READER_BACKEND_ASYNC, 16, "redis://a:26379;redis://b:26379");
    expect_count(1);
    expect_addr(0, "redis", 26379);
    rd(READER_BACKEND_SYNC, 16, "a:26379;b:26379");
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
    rd(READER_SYSTEM, 16, "redis://a:26379;redis://b:26379");
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
    rd(READER_SYSTEM, 16, "a:26379;b:26379");
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
    /* §3.3: a space is no separator either */
    rd(READER_BACKEND_SYNC, 16, "a:26379 b:26379");
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
}

/* §3.3, §4.2 item 3, App. B row 25 of §6: %XX is sent verbatim by the apps */
static void
test_sentinels__percent_encoded_password(void **state)
{
    const char *v = ":pa%40ss@s0:26379";
    (void)state;
    rd(READER_BACKEND_SYNC, 16, v);
    expect_secret(r.password, "pa%40ss");
    rd(READER_BACKEND_ASYNC, 16, v);
    expect_secret(r.password, "pa%40ss");
    rd(READER_SYSTEM, 16, v);
    expect_secret(r.password, "pa%40ss");
    rd(READER_PREFLIGHT, 16, v);
    expect_secret(r.password, "pa@ss");
}

/* §3.3: an unescaped '@' turns the entry into host "redis", silently */
static void
test_sentinels__raw_at_in_password(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, "redis://:pa@ss@s0:26379");
    expect_count(1);
    expect_addr(0, "redis", 26379);
    expect_secret(r.password, NULL);
    rd(READER_BACKEND_SYNC, 16, "redis://:pa#ss@s0:26379");
    expect_addr(0, "redis", 26379);
    /* without a scheme the retry fails too */
    rd(READER_BACKEND_SYNC, 16, ":pa@ss@s0:26379");
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
    rd(READER_SYSTEM, 16, "redis://:pa@ss@s0:26379");
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
    rd(READER_PREFLIGHT, 16, "redis://:pa@ss@s0:26379");
    expect_addr(0, "s0", 26379);
    expect_secret(r.password, "pa@ss");
}

/* §3.3, §4.2 item 3: credentials from the entries; scheme and path ignored */
static void
test_sentinels__credentials(void **state)
{
    const char *v = "rediss://s0:26379/3,redis://user:pw@s1:26379";
    (void)state;
    rd(READER_BACKEND_SYNC, 16, v);
    expect_count(2);
    expect_addr(0, "s0", 26379);
    expect_secret(r.username, "user");
    expect_secret(r.password, "pw");
    rd(READER_SYSTEM, 16, v);
    expect_secret(r.username, "user");
    expect_secret(r.password, "pw");
    /* <=2.15 porta: a per-sentinel password only */
    rd(READER_SYSTEM, 15, v);
    expect_secret(r.username, NULL);
    expect_secret(r.password, "pw");
    rd(READER_PREFLIGHT, 16, "redis://s0:26379,redis://user:pw@s1:26379");
    expect_secret(r.username, "user");
    expect_secret(r.password, "pw");
    /* the doc example: ":pw@host:port" entries */
    rd(READER_BACKEND_SYNC, 16, ":sentinelpwd@123.45.67.9:2711,:sentinelpwd@other:2722");
    expect_count(2);
    expect_addr(0, "123.45.67.9", 2711);
    expect_secret(r.username, NULL);
    expect_secret(r.password, "sentinelpwd");
}

/* §3.3: bad ports and IPv6 */
static void
test_sentinels__ports_and_ipv6(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, "s1:abc");
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
    rd(READER_SYSTEM, 16, "s1:abc");
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
    rd(READER_PREFLIGHT, 16, "s1:abc");
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
    rd(READER_BACKEND_SYNC, 16, "[::1]:26380,[::1]");
    expect_count(2);
    expect_addr(0, "[::1]", 26380);
    expect_addr(1, "[::1]", 26379);
}

/* §4.1: '"' and '\' in porta's double-quoted scalar; unix:// entries have no host */
static void
test_sentinels__porta_specials(void **state)
{
    (void)state;
    rd(READER_SYSTEM, 16, "a:26379,\"b:26379");
    expect_fail(SENTINEL_FAIL_YAML_QUOTE, 0);
    rd(READER_SYSTEM, 16, "unix:///tmp/s.sock");
    expect_fail(SENTINEL_FAIL_NO_HOST, 1);
    rd(READER_SYSTEM, 16, "a:26379\n");
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
    rd(READER_BACKEND_SYNC, 16, "a:26379\n");
    expect_count(1);
    rd(READER_SYSTEM, 16, "  ");
    expect_count(0);
    rd(READER_SYSTEM, 16, "rediss://a:26379");
    expect_addr(0, "a", 26379);
}

/* App. C row C10: an entry URI.parse rejects goes through apisonator's redis:// retry and
 * becomes host "redis", port 26379, silently; porta and the preflight fail on it */
static void
test_sentinels__bad_entry_retry_path(void **state)
{
    const char *v = "redis://s0:26379,redis://s1:abc,redis://s2:26379";
    (void)state;
    rd(READER_BACKEND_SYNC, 16, v);
    expect_count(3);
    expect_addr(0, "s0", 26379);
    expect_addr(1, "redis", 26379);
    expect_addr(2, "s2", 26379);
    rd(READER_BACKEND_ASYNC, 16, v);
    expect_count(3);
    expect_addr(1, "redis", 26379);
    rd(READER_SYSTEM, 16, v);
    expect_fail(SENTINEL_FAIL_INVALID_URI, 2);
    rd(READER_PREFLIGHT, 16, v);
    expect_fail(SENTINEL_FAIL_INVALID_URI, 2);
}

/* App. C row C7: scheme-less entries joined by ';': the apps fail, the preflight makes one
 * sentinel address of the whole string */
static void
test_sentinels__semicolon_no_scheme(void **state)
{
    const char *v = "s0:26379;s1:26379;s2:26379";
    (void)state;
    rd(READER_BACKEND_ASYNC, 16, v);
    expect_fail(SENTINEL_FAIL_INVALID_URI, 1);
    rd(READER_PREFLIGHT, 16, v);
    expect_count(1);
    assert_non_null(strstr(r.addrs[0].host, "s0:26379;s1"));
}

static void
ref(const char *v)
{
    sentinel_reading_release(&r);
    assert_int_equal(sentinels_reference(&r, v, strlen(v)), 0);
    assert_int_equal(r.status, READ_OK);
}

/* App. C: the reference (RFC 3986) reading: default port 26379, scheme and path ignored,
 * entries stripped, blank ones skipped, '\' escapes honoured */
static void
test_sentinels__reference_entries(void **state)
{
    (void)state;
    ref(" redis://s0:26379 ,,s1,rediss://s2:26380/0,[::1]");
    expect_count(4);
    expect_addr(0, "s0", 26379);
    expect_addr(1, "s1", 26379);
    expect_addr(2, "s2", 26380);
    expect_addr(3, "[::1]", 26379);
    assert_int_equal(r.invalid, 0);
    expect_secret(r.password, NULL);
    ref("   ");
    expect_count(0);
    /* C10: an entry that is not a URI is skipped and counted, the others kept */
    ref("redis://s0:26379,redis://s1:abc,redis://s2:26379");
    expect_count(2);
    expect_addr(1, "s2", 26379);
    assert_int_equal(r.invalid, 1);
    assert_int_equal(r.first_invalid, 2);
    /* C6, C7: ';' is no separator: one entry, not a URI */
    ref("redis://s0:26379;redis://s1:26379");
    expect_count(0);
    assert_int_equal(r.invalid, 1);
    ref("s0:26379;s1:26379;s2:26379");
    expect_count(0);
    assert_int_equal(r.first_invalid, 1);
    ref("s0:26379 s1:26379");
    assert_int_equal(r.invalid, 1);
}

/* App. C rows C3, C4: credentials percent-decoded; a raw '@' read as intended (the userinfo
 * runs to the last '@'); the first entry with a password supplies them */
static void
test_sentinels__reference_credentials(void **state)
{
    (void)state;
    ref("redis://:pa%40ss@s0:26379,s1:26379");
    expect_count(2);
    expect_secret(r.username, NULL);
    expect_secret(r.password, "pa@ss");
    ref("redis://:pa@ss@s0:26379,s1:26379");
    expect_addr(0, "s0", 26379);
    expect_secret(r.password, "pa@ss");
    ref("s0:26379,redis://us%65r:pw@s1:26379,:other@s2");
    expect_secret(r.username, "user");
    expect_secret(r.password, "pw");
    ref(":sentinelpwd@123.45.67.9:2711");
    expect_addr(0, "123.45.67.9", 2711);
    expect_secret(r.password, "sentinelpwd");
    /* the escape apisonator documents */
    ref(":pa\\,ss@s0:26379,s1:26379");
    expect_count(2);
    expect_secret(r.password, "pa,ss");
    /* a bad %-escape is not a URI */
    ref(":pa%4@s0:26379,s1:26379");
    expect_count(1);
    assert_int_equal(r.first_invalid, 1);
}

static void
test_sentinels__scan_clean_list(void **state)
{
    struct sentinel_scan s;
    (void)state;
    sentinels_scan(&s, "redis://a:26379,b:26380", 23);
    assert_int_equal(s.entries, 2);
    assert_int_equal(s.nonempty_entries, 2);
    assert_int_equal(s.first_space_entry, 0);
    assert_int_equal(s.first_empty_entry, 0);
    assert_false(s.trailing_empty);
    assert_false(s.has_backslash);
    assert_false(s.has_quote);
    assert_false(s.has_other_separator);
    assert_int_equal(s.first_rediss_entry, 0);
    assert_int_equal(s.first_other_scheme_entry, 0);
    assert_int_equal(s.first_path_entry, 0);
    assert_int_equal(s.first_bad_port_entry, 0);
    assert_int_equal(s.first_duplicate_entry, 0);
    assert_int_equal(s.entries_with_credentials, 0);
    assert_false(s.credentials_differ);
}

static void
scan(struct sentinel_scan *s, const char *v)
{
    sentinels_scan(s, v, strlen(v));
}

static void
test_sentinels__scan_risks(void **state)
{
    struct sentinel_scan s;
    (void)state;
    scan(&s, "a:26379, b:26379,,c,");
    assert_int_equal(s.entries, 5);
    assert_int_equal(s.nonempty_entries, 3);
    assert_int_equal(s.first_space_entry, 2);
    assert_int_equal(s.first_empty_entry, 3);
    assert_true(s.trailing_empty);
    scan(&s, "redis://a:26379;redis://b:26379");
    assert_true(s.has_other_separator);
    assert_int_equal(s.first_path_entry, 0);
    assert_int_equal(s.first_bad_port_entry, 0);
    scan(&s, "a:26379 b:26379");
    assert_true(s.has_other_separator);
    assert_int_equal(s.first_bad_port_entry, 0);
    scan(&s, ":p\\,w@a:26379,\"b");
    assert_true(s.has_backslash);
    assert_true(s.has_quote);
    assert_int_equal(s.entries, 2);
    scan(&s, "a:26379,rediss://b:26379,http://c:1,unix:///x");
    assert_int_equal(s.first_rediss_entry, 2);
    assert_int_equal(s.first_other_scheme_entry, 3);
    scan(&s, "a:26379,b:26379/0,c?x=1");
    assert_int_equal(s.first_path_entry, 2);
    scan(&s, "a:26379,b:0,c:99999,d:x");
    assert_int_equal(s.first_bad_port_entry, 2);
    scan(&s, "a:26379,c:99999");
    assert_int_equal(s.first_bad_port_entry, 2);
    scan(&s, "a:26379,b,A,redis://b:26379");
    assert_int_equal(s.first_duplicate_entry, 3);
    scan(&s, ":x@a:26379,:x@b:26379,:y%40z@c:26379");
    assert_int_equal(s.entries_with_credentials, 3);
    assert_int_equal(s.first_percent_credentials_entry, 3);
    assert_true(s.credentials_differ);
    scan(&s, ":x@a:26379,:x@b:26379");
    assert_false(s.credentials_differ);
    assert_int_equal(s.first_raw_at_entry, 0);
    scan(&s, "a:26379,:p@w@b:26379,:p#w@c");
    assert_int_equal(s.first_raw_at_entry, 2);
    scan(&s, "a:26379,:p#w@c");
    assert_int_equal(s.first_raw_at_entry, 2);
    scan(&s, "   ");
    assert_int_equal(s.entries, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_sentinels__not_applicable, teardown),
        cmocka_unit_test_teardown(test_sentinels__plain_list, teardown),
        cmocka_unit_test_teardown(test_sentinels__space_after_comma, teardown),
        cmocka_unit_test_teardown(test_sentinels__apisonator_skips_blank_entries, teardown),
        cmocka_unit_test_teardown(test_sentinels__empty_middle_entry, teardown),
        cmocka_unit_test_teardown(test_sentinels__port_out_of_range, teardown),
        cmocka_unit_test_teardown(test_sentinels__escaped_comma, teardown),
        cmocka_unit_test_teardown(test_sentinels__semicolon_separator, teardown),
        cmocka_unit_test_teardown(test_sentinels__percent_encoded_password, teardown),
        cmocka_unit_test_teardown(test_sentinels__raw_at_in_password, teardown),
        cmocka_unit_test_teardown(test_sentinels__credentials, teardown),
        cmocka_unit_test_teardown(test_sentinels__ports_and_ipv6, teardown),
        cmocka_unit_test_teardown(test_sentinels__porta_specials, teardown),
        cmocka_unit_test_teardown(test_sentinels__bad_entry_retry_path, teardown),
        cmocka_unit_test_teardown(test_sentinels__semicolon_no_scheme, teardown),
        cmocka_unit_test_teardown(test_sentinels__reference_entries, teardown),
        cmocka_unit_test_teardown(test_sentinels__reference_credentials, teardown),
        cmocka_unit_test(test_sentinels__scan_clean_list),
        cmocka_unit_test(test_sentinels__scan_risks),
    };
    return cmocka_run_group_tests_name("sentinels", tests, NULL, NULL);
}
