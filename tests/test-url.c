/* test-url.c - url_read(): each component's reading of a Redis URL, against facts §3.2-§3.4,
 * §4.2, §5 and every URL row of Appendix B. Passwords are compared without being printed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "readers.h"
#include "testclients.h"

static struct url_reading r;

static int
teardown(void **state)
{
    (void)state;
    url_reading_release(&r);
    return 0;
}

/* Reads v with reader in 2.<minor>; sentinels and tls as the env says. */
static void
rd(enum reader reader, int minor, bool sentinels, int tls, const char *v)
{
    struct read_env env = {.client = client_in(reader, minor), .sentinels = sentinels,
                           .tls_flag = tls};
    url_reading_release(&r);
    assert_int_equal(url_read(&r, reader, &env, v, strlen(v)), 0);
}

static void
expect_fail(enum reader reader, int minor, const char *v, enum url_fail why)
{
    rd(reader, minor, false, 0, v);
    assert_int_equal(r.status, READ_FAIL);
    assert_int_equal(r.fail, why);
}

static void
expect_ok(const char *host, unsigned port, long db)
{
    assert_int_equal(r.status, READ_OK);
    assert_int_equal(r.fail, URL_FAIL_NONE);
    if (host) {
        assert_non_null(r.host);
        assert_string_equal(r.host, host);
    } else {
        assert_null(r.host);
    }
    assert_int_equal(r.port, port);
    assert_int_equal(r.db, db);
}

/* Compares a credential without letting cmocka print it. */
static void
expect_secret(const char *got, const char *want)
{
    bool same = (!got && !want) || (got && want && strcmp(got, want) == 0);
    assert_true(same);
}

static void
test_url__reader_names(void **state)
{
    (void)state;
    assert_string_equal(reader_name(READER_BACKEND_SYNC), "backend (sync)");
    assert_string_equal(reader_name(READER_BACKEND_ASYNC), "backend (async)");
    assert_string_equal(reader_name(READER_SYSTEM), "system (porta)");
    assert_string_equal(reader_name(READER_OPERATOR), "operator");
    assert_string_equal(reader_name(READER_PREFLIGHT), "operator preflight");
}

static void
test_url__not_applicable_by_version(void **state)
{
    (void)state;
    rd(READER_BACKEND_ASYNC, 14, false, 0, "redis://h:6379/0");
    assert_int_equal(r.status, READ_NOT_APPLICABLE);
    rd(READER_OPERATOR, 15, false, 0, "redis://h:6379/0");
    assert_int_equal(r.status, READ_NOT_APPLICABLE);
    rd(READER_PREFLIGHT, 15, false, 0, "redis://h:6379/0");
    assert_int_equal(r.status, READ_NOT_APPLICABLE);
    rd(READER_SYSTEM, -1, false, 0, "redis://h:6379/0"); /* a version no profile covers */
    assert_int_equal(r.status, READ_NOT_APPLICABLE);
    rd(READER_SYSTEM, 4, false, 0, "redis://h:6379/0");
    expect_ok("h", 6379, 0);
}

static void
test_url__plain_url_everyone_agrees(void **state)
{
    static const enum reader all[] = {READER_BACKEND_SYNC, READER_BACKEND_ASYNC, READER_SYSTEM,
                                      READER_PREFLIGHT};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        rd(all[i], 16, false, 0, "redis://backend-redis:6379/1");
        expect_ok("backend-redis", 6379, 1);
        assert_int_equal(r.scheme, URL_SCHEME_REDIS);
        assert_false(r.tls);
    }
    rd(READER_OPERATOR, 16, false, 0, "redis://backend-redis:6379/1");
    assert_int_equal(r.status, READ_OK);
}

/* §3.2 item 3: accepted by apisonator with the "redis://" retry */
static void
test_url__apisonator_accepted_forms(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, false, 0, "h");
    expect_ok("h", 6379, 0);
    rd(READER_BACKEND_SYNC, 16, false, 0, "h:7000");
    expect_ok("h", 7000, 0);
    rd(READER_BACKEND_SYNC, 16, false, 0, "h:7000/3");
    expect_ok("h", 7000, 3);
    rd(READER_BACKEND_SYNC, 16, false, 0, "10.0.0.1:7000");
    expect_ok("10.0.0.1", 7000, 0);
    rd(READER_BACKEND_SYNC, 16, false, 0, "rediss://h:6380/2");
    expect_ok("h", 6380, 2);
    assert_true(r.tls);
    assert_int_equal(r.scheme, URL_SCHEME_REDISS);
    rd(READER_BACKEND_SYNC, 16, false, 0, "unix:///var/run/redis.sock");
    expect_ok(NULL, 0, 0);
    assert_int_equal(r.scheme, URL_SCHEME_UNIX);
    rd(READER_BACKEND_SYNC, 14, false, 0, "h:7000/3");
    expect_ok("h", 7000, 3);
}

/* §3.2 item 3: spaces and newlines are rejected, even around the value */
static void
test_url__apisonator_rejects_spaces(void **state)
{
    (void)state;
    expect_fail(READER_BACKEND_SYNC, 16, " redis://h:6379/0", URL_FAIL_INVALID_URI);
    expect_fail(READER_BACKEND_SYNC, 16, "redis://h:6379/0 ", URL_FAIL_INVALID_URI);
    expect_fail(READER_BACKEND_SYNC, 16, "redis://:a b@h:6379/0", URL_FAIL_INVALID_URI);
    expect_fail(READER_BACKEND_ASYNC, 16, "redis://h :6379/0", URL_FAIL_INVALID_URI);
    expect_fail(READER_BACKEND_SYNC, 14, "redis://h:6379/0 ", URL_FAIL_INVALID_URI);
}

/* App. B "URL without scheme host:6379/0" */
static void
test_url__without_scheme(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, false, 0, "host:6379/0");
    expect_ok("host", 6379, 0);
    rd(READER_BACKEND_SYNC, 14, false, 0, "host:6379/0");
    expect_ok("host", 6379, 0);
    rd(READER_BACKEND_ASYNC, 16, false, 0, "host:6379/0");
    expect_ok("host", 6379, 0);
    expect_fail(READER_SYSTEM, 16, "host:6379/0", URL_FAIL_NO_SCHEME);
    expect_fail(READER_SYSTEM, 15, "host:6379/0", URL_FAIL_NO_SCHEME);
    expect_fail(READER_SYSTEM, 16, "system-redis", URL_FAIL_NO_SCHEME);
    expect_fail(READER_OPERATOR, 16, "host:6379/0", URL_FAIL_PREFIX_REDIS);
    expect_fail(READER_PREFLIGHT, 16, "host:6379/0", URL_FAIL_UNKNOWN_SCHEME);
}

/* App. B "URL with a trailing newline" */
static void
test_url__trailing_newline(void **state)
{
    const char *v = "redis://h:6379/0\n";
    (void)state;
    expect_fail(READER_BACKEND_SYNC, 16, v, URL_FAIL_INVALID_URI);
    expect_fail(READER_BACKEND_ASYNC, 16, v, URL_FAIL_INVALID_URI);
    expect_fail(READER_SYSTEM, 16, v, URL_FAIL_INVALID_URI); /* folded to a space */
    expect_fail(READER_PREFLIGHT, 16, v, URL_FAIL_INVALID_URI);
    rd(READER_OPERATOR, 16, false, 0, v);
    assert_int_equal(r.status, READ_OK);
}

/* App. B "raw @ in the URL password", §3.2 item 7 */
static void
test_url__raw_at_in_password(void **state)
{
    const char *v = "redis://:a@b@h:6379/0";
    (void)state;
    expect_fail(READER_BACKEND_SYNC, 16, v, URL_FAIL_DB_INVALID);
    rd(READER_BACKEND_ASYNC, 16, false, 0, v);
    expect_ok("redis", 6379, 0); /* the misroute the rules report */
    expect_secret(r.password, NULL);
    expect_fail(READER_SYSTEM, 16, v, URL_FAIL_INVALID_URI);
    rd(READER_PREFLIGHT, 16, false, 0, v);
    expect_ok("h", 6379, 0);
    expect_secret(r.password, "a@b");
    expect_secret(r.username, NULL);
    /* '#', '/' and '?' do the same to the sync reader */
    expect_fail(READER_BACKEND_SYNC, 16, "redis://:a#b@h:6379/0", URL_FAIL_DB_INVALID);
    expect_fail(READER_BACKEND_SYNC, 16, "redis://:a/b@h:6379/0", URL_FAIL_DB_INVALID);
}

/* §3.2 item 7: ':' and '!' are fine in a password */
static void
test_url__colon_and_bang_in_password(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, false, 0, "redis://:sup3r:S3cre1!@localhost:6379");
    expect_ok("localhost", 6379, 0);
    expect_secret(r.password, "sup3r:S3cre1!");
    rd(READER_SYSTEM, 16, false, 0, "redis://:sup3r:S3cre1!@localhost:6379");
    expect_secret(r.password, "sup3r:S3cre1!");
}

/* App. B "db path /abc (system)" */
static void
test_url__db_not_a_number(void **state)
{
    const char *v = "redis://system-redis:6379/abc";
    (void)state;
    expect_fail(READER_SYSTEM, 16, v, URL_FAIL_DB_INVALID);
    expect_fail(READER_PREFLIGHT, 16, v, URL_FAIL_DB_INVALID);
    expect_fail(READER_BACKEND_SYNC, 16, v, URL_FAIL_DB_INVALID);
    expect_fail(READER_BACKEND_ASYNC, 16, v, URL_FAIL_DB_INVALID);
    /* redis-rb 4 to_i: no error, db 0 */
    rd(READER_SYSTEM, 15, false, 0, v);
    expect_ok("system-redis", 6379, 0);
    rd(READER_BACKEND_SYNC, 14, false, 0, v);
    expect_ok("system-redis", 6379, 0);
    /* §3.2 item 5: /1/2 is not an integer either */
    expect_fail(READER_BACKEND_SYNC, 16, "redis://h/1/2", URL_FAIL_DB_INVALID);
    expect_fail(READER_PREFLIGHT, 16, "redis://h/1/2", URL_FAIL_DB_INVALID);
}

/* App. B "trailing / after the port" */
static void
test_url__trailing_slash(void **state)
{
    const char *v = "redis://h:6379/";
    (void)state;
    rd(READER_BACKEND_SYNC, 16, false, 0, v);
    expect_ok("h", 6379, 0);
    expect_fail(READER_BACKEND_ASYNC, 16, v, URL_FAIL_DB_EMPTY);
    expect_fail(READER_SYSTEM, 16, v, URL_FAIL_DB_EMPTY);
    rd(READER_SYSTEM, 15, false, 0, v);
    expect_ok("h", 6379, 0);
    rd(READER_PREFLIGHT, 16, false, 0, v);
    expect_ok("h", 6379, 0);
    rd(READER_OPERATOR, 16, false, 0, v);
    assert_int_equal(r.status, READ_OK);
}

/* App. B "db path /010", §3.2 item 5 */
static void
test_url__db_leading_zero(void **state)
{
    const char *v = "redis://h:6379/010";
    (void)state;
    rd(READER_BACKEND_SYNC, 16, false, 0, v);
    expect_ok("h", 6379, 8);
    rd(READER_BACKEND_SYNC, 14, false, 0, v);
    expect_ok("h", 6379, 10);
    expect_fail(READER_BACKEND_ASYNC, 16, v, URL_FAIL_DB_INVALID);
    rd(READER_SYSTEM, 16, false, 0, v);
    expect_ok("h", 6379, 8);
    rd(READER_SYSTEM, 15, false, 0, v);
    expect_ok("h", 6379, 10);
    rd(READER_PREFLIGHT, 16, false, 0, v);
    expect_ok("h", 6379, 10);
    /* Integer(): "08" is a bad octal number; "-1" is accepted client-side and sent as SELECT
     * -1 on every connection, which Redis refuses (Appendix C, C8; redis-server 7.0.15:
     * "ERR DB index is out of range"): a failure for every Ruby client */
    expect_fail(READER_BACKEND_SYNC, 16, "redis://h/08", URL_FAIL_DB_INVALID);
    expect_fail(READER_BACKEND_SYNC, 16, "redis://h/-1", URL_FAIL_DB_INVALID);
    expect_fail(READER_BACKEND_SYNC, 14, "redis://h/-1", URL_FAIL_DB_INVALID);
    expect_fail(READER_SYSTEM, 16, "redis://h/-1", URL_FAIL_DB_INVALID);
    expect_fail(READER_BACKEND_ASYNC, 16, "redis://h/-1", URL_FAIL_DB_INVALID);
    /* go-redis sends no SELECT for a database below 1, and the preflight only asks INFO */
    rd(READER_PREFLIGHT, 16, false, 0, "redis://h/-1");
    expect_ok("h", 6379, -1);
}

/* Appendix C: the reference reading is the RFC 3986 one, whatever a component makes of it */
static void
test_url__reference_reading(void **state)
{
    (void)state;
    url_reading_release(&r);
    /* '+' stays '+', %XX is decoded (C1) */
    assert_int_equal(url_reference(&r, "redis://:pa+ss%40x@h:6379/0", 27), 0);
    assert_int_equal(r.status, READ_OK);
    assert_string_equal(r.password, "pa+ss@x");
    url_reading_release(&r);
    /* a leading zero is decimal (C2) */
    assert_int_equal(url_reference(&r, "redis://h:6379/010", 18), 0);
    assert_int_equal(r.db, 10);
    url_reading_release(&r);
    /* the userinfo ends at the last '@' (C4) */
    assert_int_equal(url_reference(&r, "redis://:pa@ss@h:6380/1", 23), 0);
    assert_string_equal(r.password, "pa@ss");
    assert_string_equal(r.host, "h");
    assert_int_equal(r.port, 6380);
    assert_int_equal(r.db, 1);
    url_reading_release(&r);
    /* no scheme: what its author meant, a redis:// URL (C14) */
    assert_int_equal(url_reference(&r, "backend-redis:", 14), 0);
    assert_string_equal(r.host, "backend-redis");
    assert_int_equal(r.port, 6379);
    url_reading_release(&r);
    /* the path's number wins over ?db= (C13); ?db= alone counts; no number is -1 */
    assert_int_equal(url_reference(&r, "redis://h/0?db=2", 16), 0);
    assert_int_equal(r.db, 0);
    url_reading_release(&r);
    assert_int_equal(url_reference(&r, "redis://h?db=2", 14), 0);
    assert_int_equal(r.db, 2);
    url_reading_release(&r);
    assert_int_equal(url_reference(&r, "redis://h/-1", 12), 0);
    assert_int_equal(r.db, -1);
    url_reading_release(&r);
    /* no URI even so: nothing says what was meant (C5) */
    assert_int_equal(url_reference(&r, "redis://h:abc/0", 15), 0);
    assert_int_equal(r.status, READ_FAIL);
}

/* §3.2 item 5: ?db=N is also read by redis-client */
static void
test_url__db_in_query(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, false, 0, "redis://h:6379?db=3");
    expect_ok("h", 6379, 3);
    rd(READER_PREFLIGHT, 16, false, 0, "redis://h:6379?db=3");
    expect_ok("h", 6379, 3);
    rd(READER_BACKEND_ASYNC, 16, false, 0, "redis://h:6379?db=3");
    expect_ok("h", 6379, 0);
}

/* App. B "empty storage URL" */
static void
test_url__empty(void **state)
{
    (void)state;
    expect_fail(READER_BACKEND_SYNC, 16, "", URL_FAIL_EMPTY);
    expect_fail(READER_BACKEND_SYNC, 16, "   ", URL_FAIL_EMPTY);
    expect_fail(READER_BACKEND_SYNC, 12, "", URL_FAIL_EMPTY);
    rd(READER_BACKEND_ASYNC, 16, false, 0, "");
    expect_ok("localhost", 6379, 0);
    expect_fail(READER_SYSTEM, 16, "", URL_FAIL_EMPTY);
    expect_fail(READER_SYSTEM, 16, " \n", URL_FAIL_EMPTY);
    expect_fail(READER_OPERATOR, 16, "", URL_FAIL_EMPTY);
    expect_fail(READER_PREFLIGHT, 16, "", URL_FAIL_EMPTY);
}

/* App. B "rediss:// while the APIManager's TLS flag is off", §5 ValidateRedisURLPrefix */
static void
test_url__operator_prefix(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, false, 0, "rediss://h:6379/0");
    expect_ok("h", 6379, 0);
    assert_true(r.tls);
    rd(READER_BACKEND_ASYNC, 16, false, 0, "rediss://h:6379/0");
    assert_true(r.tls);
    rd(READER_SYSTEM, 16, false, 0, "rediss://h:6379/0");
    expect_ok("h", 6379, 0);
    assert_true(r.tls);
    rd(READER_OPERATOR, 16, false, 0, "rediss://h:6379/0");
    assert_int_equal(r.fail, URL_FAIL_PREFIX_REDIS);
    rd(READER_OPERATOR, 16, false, -1, "rediss://h:6379/0");
    assert_int_equal(r.fail, URL_FAIL_PREFIX_REDIS);
    rd(READER_OPERATOR, 16, false, 0, "unix:///tmp/redis.sock");
    assert_int_equal(r.fail, URL_FAIL_PREFIX_REDIS);
    rd(READER_OPERATOR, 16, false, 1, "redis://h:6379/0");
    assert_int_equal(r.fail, URL_FAIL_PREFIX_REDISS);
    rd(READER_OPERATOR, 16, false, 1, "rediss://h:6379/0");
    assert_int_equal(r.status, READ_OK);
    rd(READER_OPERATOR, 16, true, 1, "redis://h:6379/0");
    assert_int_equal(r.status, READ_OK);
    /* the TLS flag turns TLS on for the 2.16 apps too */
    rd(READER_BACKEND_SYNC, 16, false, 1, "redis://h:6379/0");
    assert_true(r.tls);
}

/* App. B "unix:// URL together with sentinels", §3.4 */
static void
test_url__unix_with_sentinels(void **state)
{
    const char *v = "unix:///var/run/redis.sock";
    (void)state;
    rd(READER_BACKEND_SYNC, 16, true, 0, v);
    assert_int_equal(r.fail, URL_FAIL_UNIX_SENTINEL);
    rd(READER_BACKEND_ASYNC, 16, true, 0, v);
    assert_int_equal(r.fail, URL_FAIL_UNIX_SENTINEL);
    rd(READER_OPERATOR, 16, true, 0, v);
    assert_int_equal(r.fail, URL_FAIL_PREFIX_REDIS);
    rd(READER_BACKEND_ASYNC, 16, false, 0, v);
    expect_ok(NULL, 0, 0);
}

/* §3.4: with sentinels the URL host is the master group name; no host is an error */
static void
test_url__sentinel_group_name(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, true, 0, "redis://mymaster/5");
    expect_ok("mymaster", 6379, 5);
    rd(READER_SYSTEM, 16, true, 0, "redis://mymaster/5");
    expect_ok("mymaster", 6379, 5);
    rd(READER_BACKEND_ASYNC, 16, true, 0, "redis://mymaster/5");
    expect_ok("mymaster", 6379, 5);
    rd(READER_BACKEND_SYNC, 16, true, 0, "redis:///4");
    assert_int_equal(r.fail, URL_FAIL_SENTINEL_NO_HOST);
    rd(READER_SYSTEM, 16, true, 0, "redis:///4");
    assert_int_equal(r.fail, URL_FAIL_SENTINEL_NO_HOST);
    rd(READER_BACKEND_ASYNC, 16, true, 0, "redis:///4");
    assert_int_equal(r.fail, URL_FAIL_SENTINEL_NO_HOST);
    /* without sentinels the client falls back to localhost */
    rd(READER_BACKEND_SYNC, 16, false, 0, "redis:///4");
    expect_ok("localhost", 6379, 4);
}

/* App. B "+ in a URL password", §3.2 item 6, §4.2 item 6 */
static void
test_url__plus_in_password(void **state)
{
    const char *v = "redis://:pa+ss@h:6379/0";
    (void)state;
    rd(READER_BACKEND_SYNC, 16, false, 0, v);
    expect_secret(r.password, "pa ss");
    rd(READER_BACKEND_SYNC, 14, false, 0, v);
    expect_secret(r.password, "pa ss");
    rd(READER_BACKEND_ASYNC, 16, false, 0, v);
    expect_secret(r.password, "pa+ss");
    rd(READER_SYSTEM, 16, false, 0, v);
    expect_secret(r.password, "pa ss");
    rd(READER_SYSTEM, 15, false, 0, v);
    expect_secret(r.password, "pa ss");
    rd(READER_PREFLIGHT, 16, false, 0, v);
    expect_secret(r.password, "pa+ss");
}

/* §3.2 item 6, §3.4 async, §5 preflight: %XX decoding */
static void
test_url__percent_in_password(void **state)
{
    const char *v = "redis://:pa%40ss@h:6379/0";
    (void)state;
    rd(READER_BACKEND_SYNC, 16, false, 0, v);
    expect_secret(r.password, "pa@ss");
    rd(READER_BACKEND_ASYNC, 16, false, 0, v);
    expect_secret(r.password, "pa%40ss");
    rd(READER_SYSTEM, 16, false, 0, v);
    expect_secret(r.password, "pa@ss");
    rd(READER_PREFLIGHT, 16, false, 0, v);
    expect_secret(r.password, "pa@ss");
}

/* §3.2 item 6: the user part alone is the password; username only beside a password */
static void
test_url__user_and_password(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, false, 0, "redis://secret@h");
    expect_secret(r.password, "secret");
    expect_secret(r.username, NULL);
    rd(READER_BACKEND_ASYNC, 16, false, 0, "redis://secret@h");
    expect_secret(r.password, "secret");
    /* go-redis sends no AUTH without a password */
    rd(READER_PREFLIGHT, 16, false, 0, "redis://secret@h");
    expect_secret(r.password, NULL);
    expect_secret(r.username, NULL);
    rd(READER_BACKEND_SYNC, 16, false, 0, "redis://app:pw@h");
    expect_secret(r.username, "app");
    expect_secret(r.password, "pw");
    rd(READER_SYSTEM, 16, false, 0, "redis://app:pw@h");
    expect_secret(r.username, "app");
    rd(READER_BACKEND_ASYNC, 16, false, 0, "redis://app:pw@h");
    expect_secret(r.username, "app");
    expect_secret(r.password, "pw");
    /* redis-rb 4: URL username ignored, no password without ':' */
    rd(READER_BACKEND_SYNC, 14, false, 0, "redis://app:pw@h");
    expect_secret(r.username, NULL);
    expect_secret(r.password, "pw");
    rd(READER_BACKEND_SYNC, 14, false, 0, "redis://secret@h");
    expect_secret(r.password, NULL);
    rd(READER_SYSTEM, 15, false, 0, "redis://app:pw@h");
    expect_secret(r.username, NULL);
    rd(READER_PREFLIGHT, 16, false, 0, "redis://app:pw@h");
    expect_secret(r.username, "app");
    expect_secret(r.password, "pw");
}

/* §3.2 item 4, §4.2 item 2, §5: only redis, rediss and unix */
static void
test_url__unknown_scheme(void **state)
{
    const char *v = "http://h:6379/0";
    (void)state;
    expect_fail(READER_BACKEND_SYNC, 16, v, URL_FAIL_UNKNOWN_SCHEME);
    expect_fail(READER_BACKEND_SYNC, 14, v, URL_FAIL_UNKNOWN_SCHEME);
    expect_fail(READER_SYSTEM, 16, v, URL_FAIL_UNKNOWN_SCHEME);
    expect_fail(READER_SYSTEM, 15, v, URL_FAIL_UNKNOWN_SCHEME);
    expect_fail(READER_PREFLIGHT, 16, v, URL_FAIL_UNKNOWN_SCHEME);
    expect_fail(READER_OPERATOR, 16, v, URL_FAIL_PREFIX_REDIS);
    /* the scheme is case-insensitive for the parsers, not for the operator prefix */
    rd(READER_BACKEND_SYNC, 16, false, 0, "REDIS://h:6379/0");
    expect_ok("h", 6379, 0);
    expect_fail(READER_OPERATOR, 16, "REDIS://h:6379/0", URL_FAIL_PREFIX_REDIS);
}

/* §4.1: porta interpolates the URL into a double-quoted YAML scalar */
static void
test_url__porta_yaml(void **state)
{
    (void)state;
    expect_fail(READER_SYSTEM, 16, "redis://:a\"b@h:6379/0", URL_FAIL_YAML_QUOTE);
    expect_fail(READER_SYSTEM, 16, "redis://:a\\tb@h:6379/0", URL_FAIL_YAML_ESCAPE);
    expect_fail(READER_SYSTEM, 12, "redis://:a\\,b@h:6379/0", URL_FAIL_YAML_ESCAPE);
    /* apisonator rejects both characters in a URL anyway */
    expect_fail(READER_BACKEND_SYNC, 16, "redis://:a\"b@h:6379/0", URL_FAIL_INVALID_URI);
}

/* §5 go-redis ParseURL: unknown query options are rejected */
static void
test_url__preflight_query(void **state)
{
    (void)state;
    expect_fail(READER_PREFLIGHT, 16, "redis://h:6379/0?foo=1", URL_FAIL_QUERY);
    expect_fail(READER_PREFLIGHT, 16, "redis://h:6379/0?skip_verify=true", URL_FAIL_QUERY);
    rd(READER_PREFLIGHT, 16, false, 0, "rediss://h:6379/0?skip_verify=true");
    expect_ok("h", 6379, 0);
    rd(READER_PREFLIGHT, 16, false, 0, "redis://h:6379/0?dial_timeout=3&pool_size=5");
    expect_ok("h", 6379, 0);
    expect_fail(READER_PREFLIGHT, 16, "redis://h:6379/0?pool_size=x", URL_FAIL_QUERY);
    expect_fail(READER_PREFLIGHT, 16, "redis://h:6379?db=x", URL_FAIL_DB_INVALID);
}

/* §5: url.Parse rejects control characters and ports that are not digits */
static void
test_url__preflight_parse_errors(void **state)
{
    (void)state;
    expect_fail(READER_PREFLIGHT, 16, "redis://h:6379/0\r", URL_FAIL_INVALID_URI);
    expect_fail(READER_PREFLIGHT, 16, "redis://h:abc/0", URL_FAIL_INVALID_URI);
    expect_fail(READER_PREFLIGHT, 16, "redis://:a b@h:6379/0", URL_FAIL_INVALID_URI);
    /* apisonator: "h:abc" fails both parses; with a scheme the retry makes host "redis" */
    expect_fail(READER_BACKEND_SYNC, 16, "h:abc", URL_FAIL_INVALID_URI);
    expect_fail(READER_BACKEND_SYNC, 16, "redis://h:abc/0", URL_FAIL_DB_INVALID);
    rd(READER_PREFLIGHT, 16, false, 0, "redis://h/0/");
    expect_ok("h", 6379, 0);
}

static void
test_url__ipv6_host(void **state)
{
    (void)state;
    rd(READER_BACKEND_SYNC, 16, false, 0, "redis://[::1]:6380/2");
    expect_ok("[::1]", 6380, 2);
    rd(READER_PREFLIGHT, 16, false, 0, "redis://[::1]:6380/2");
    expect_ok("[::1]", 6380, 2);
    rd(READER_SYSTEM, 16, false, 0, "redis://[::1]:6380/2");
    expect_ok("[::1]", 6380, 2);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_url__reader_names, teardown),
        cmocka_unit_test_teardown(test_url__not_applicable_by_version, teardown),
        cmocka_unit_test_teardown(test_url__plain_url_everyone_agrees, teardown),
        cmocka_unit_test_teardown(test_url__apisonator_accepted_forms, teardown),
        cmocka_unit_test_teardown(test_url__apisonator_rejects_spaces, teardown),
        cmocka_unit_test_teardown(test_url__without_scheme, teardown),
        cmocka_unit_test_teardown(test_url__trailing_newline, teardown),
        cmocka_unit_test_teardown(test_url__raw_at_in_password, teardown),
        cmocka_unit_test_teardown(test_url__colon_and_bang_in_password, teardown),
        cmocka_unit_test_teardown(test_url__db_not_a_number, teardown),
        cmocka_unit_test_teardown(test_url__trailing_slash, teardown),
        cmocka_unit_test_teardown(test_url__db_leading_zero, teardown),
        cmocka_unit_test_teardown(test_url__db_in_query, teardown),
        cmocka_unit_test_teardown(test_url__reference_reading, teardown),
        cmocka_unit_test_teardown(test_url__empty, teardown),
        cmocka_unit_test_teardown(test_url__operator_prefix, teardown),
        cmocka_unit_test_teardown(test_url__unix_with_sentinels, teardown),
        cmocka_unit_test_teardown(test_url__sentinel_group_name, teardown),
        cmocka_unit_test_teardown(test_url__plus_in_password, teardown),
        cmocka_unit_test_teardown(test_url__percent_in_password, teardown),
        cmocka_unit_test_teardown(test_url__user_and_password, teardown),
        cmocka_unit_test_teardown(test_url__unknown_scheme, teardown),
        cmocka_unit_test_teardown(test_url__porta_yaml, teardown),
        cmocka_unit_test_teardown(test_url__preflight_query, teardown),
        cmocka_unit_test_teardown(test_url__preflight_parse_errors, teardown),
        cmocka_unit_test_teardown(test_url__ipv6_host, teardown),
    };
    return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
