/* test-uri.c - the Ruby (RFC 3986) and Go URI parsers, the decoders and the number readers
 * the URL readers share (facts §3.2, §4.2, §5). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "uri.h"

static void
expect_part(struct uri_part p, const char *want)
{
    if (!want) {
        assert_null(p.p);
        return;
    }
    assert_non_null(p.p);
    assert_int_equal(p.len, strlen(want));
    assert_memory_equal(p.p, want, p.len);
}

static int
ruby(struct uri *u, const char *s)
{
    return uri_parse_ruby(u, s, strlen(s));
}

static int
go(struct uri *u, const char *s)
{
    return uri_parse_go(u, s, strlen(s));
}

static void
test_uri__ruby_components(void **state)
{
    struct uri u;
    (void)state;
    assert_int_equal(ruby(&u, "REDIS://us:pw@host-1.svc:6380/2?db=3#frag"), 0);
    assert_true(uri_scheme_is(&u, "redis"));
    expect_part(u.user, "us");
    expect_part(u.password, "pw");
    expect_part(u.host, "host-1.svc");
    expect_part(u.port, "6380");
    expect_part(u.path, "/2");
    expect_part(u.query, "db=3");
    expect_part(u.fragment, "frag");
    assert_int_equal(ruby(&u, "redis://h"), 0);
    expect_part(u.port, NULL);
    expect_part(u.path, "");
    expect_part(u.userinfo, NULL);
    assert_int_equal(ruby(&u, "redis://h:/0"), 0);
    expect_part(u.port, "");
    assert_int_equal(ruby(&u, "redis://:pw@h"), 0);
    expect_part(u.user, "");
    expect_part(u.password, "pw");
    assert_int_equal(ruby(&u, "redis://secret@h"), 0);
    expect_part(u.user, "secret");
    expect_part(u.password, NULL);
    assert_int_equal(ruby(&u, "redis:///4"), 0);
    expect_part(u.host, NULL);
    expect_part(u.path, "/4");
}

/* §3.2 item 3: "host parsed as scheme" gives an opaque part, no host, no path */
static void
test_uri__ruby_opaque_and_relative(void **state)
{
    struct uri u;
    (void)state;
    assert_int_equal(ruby(&u, "host:6379/0"), 0);
    expect_part(u.scheme, "host");
    expect_part(u.host, NULL);
    expect_part(u.path, NULL);
    expect_part(u.opaque, "6379/0");
    assert_int_equal(ruby(&u, "backend-redis"), 0);
    expect_part(u.scheme, NULL);
    expect_part(u.path, "backend-redis");
    /* a relative reference with ':' in its first segment is invalid */
    assert_int_equal(ruby(&u, ":pw@h:26379"), -1);
    assert_int_equal(ruby(&u, "1h:6379"), -1);
}

static void
test_uri__ruby_rejections(void **state)
{
    struct uri u;
    static const char *const bad[] = {
        "redis://h:6379/0\n", " redis://h",      "redis://:a b@h",   "redis://:a@b@h/0",
        "redis://h:abc/0",    "redis://:a\"b@h", "redis://:a\\b@h",  "redis://h/%zz",
        "redis://h/0?%zz",    "redis://h\xc3\xa9", "redis://[::1/0", "redis://[1:2]/0",
        "redis://h:6379:1",   "redis://h^/0",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(ruby(&u, bad[i]), -1);
    /* the query matches [^#]*: spaces pass (URI#query= escapes them) */
    assert_int_equal(ruby(&u, "redis://h/0?a b"), 0);
    /* ':' '!' and sub-delims are fine in userinfo */
    assert_int_equal(ruby(&u, "redis://:a:b!$&'()*+,;=~@h/0"), 0);
    expect_part(u.password, "a:b!$&'()*+,;=~");
}

static void
test_uri__ruby_ip_literals(void **state)
{
    struct uri u;
    static const char *const good[] = {"[::1]", "[::]", "[1:2:3:4:5:6:7:8]", "[fe80::1:2]",
                                       "[::ffff:10.0.0.1]", "[1:2:3:4:5:6:7::]",
                                       "[v1.fe80::a+en1]"};
    static const char *const bad[] = {"[1:2:3:4:5:6:7:8:9]", "[1::2::3]", "[12345::]",
                                      "[::10.0.0.256]", "[:1]", "[1:]"};
    char buf[64];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        snprintf(buf, sizeof(buf), "redis://%s:6379/0", good[i]);
        assert_int_equal(ruby(&u, buf), 0);
        assert_true(u.ip_literal);
        expect_part(u.host, good[i]);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(buf, sizeof(buf), "redis://%s:6379/0", bad[i]);
        assert_int_equal(ruby(&u, buf), -1);
    }
}

/* §5: Go splits the userinfo at the last '@', refuses control characters and bad ports */
static void
test_uri__go(void **state)
{
    struct uri u;
    (void)state;
    assert_int_equal(go(&u, "redis://:a@b@h:6379/0"), 0);
    expect_part(u.user, "");
    expect_part(u.password, "a@b");
    expect_part(u.host, "h");
    expect_part(u.port, "6379");
    expect_part(u.path, "/0");
    assert_int_equal(go(&u, "redis://h:6379/0\n"), -1);
    assert_int_equal(go(&u, "redis://h:x/0"), -1);
    assert_int_equal(go(&u, "redis://:a b@h/0"), -1);
    assert_int_equal(go(&u, "redis://:a%zz@h/0"), -1);
    assert_int_equal(go(&u, "redis://h\\x/0"), -1);
    assert_int_equal(go(&u, ":pw@h"), -1); /* missing protocol scheme */
    assert_int_equal(go(&u, "host:6379/0"), 0);
    expect_part(u.scheme, "host");
    expect_part(u.opaque, "6379/0");
    assert_int_equal(go(&u, "redis://[::1]:6379"), 0);
    expect_part(u.host, "[::1]");
    expect_part(u.port, "6379");
    assert_int_equal(go(&u, "redis://h/a b"), 0); /* Go does not check path characters */
}

static void
test_uri__decode(void **state)
{
    struct uri_part p = {"a+b%40c%zz", 10};
    char *s;
    (void)state;
    s = uri_decode(p, URI_DECODE_FORM);
    assert_non_null(s);
    assert_string_equal(s, "a b@c%zz");
    free(s);
    s = uri_decode(p, URI_DECODE_STRICT);
    assert_non_null(s);
    assert_string_equal(s, "a+b@c%zz");
    free(s);
    p.p = "99999";
    p.len = 5;
    assert_int_equal(uri_port_value(p), 99999);
}

static void
test_uri__numbers(void **state)
{
    long v = 0;
    (void)state;
    assert_true(rb_integer("010", 3, &v));
    assert_int_equal(v, 8);
    assert_true(rb_integer("0x1A", 4, &v));
    assert_int_equal(v, 26);
    assert_true(rb_integer("0b101", 5, &v));
    assert_int_equal(v, 5);
    assert_true(rb_integer("0o17", 4, &v));
    assert_int_equal(v, 15);
    assert_true(rb_integer("1_000", 5, &v));
    assert_int_equal(v, 1000);
    assert_true(rb_integer("-1", 2, &v));
    assert_int_equal(v, -1);
    assert_true(rb_integer("0", 1, &v));
    assert_int_equal(v, 0);
    assert_false(rb_integer("08", 2, &v));
    assert_false(rb_integer("", 0, &v));
    assert_false(rb_integer("1__0", 4, &v));
    assert_false(rb_integer("_1", 2, &v));
    assert_false(rb_integer("1_", 2, &v));
    assert_false(rb_integer("abc", 3, &v));
    assert_false(rb_integer("1/2", 3, &v));
    assert_false(rb_integer("0x", 2, &v));
    assert_int_equal(rb_to_i("010", 3), 10);
    assert_int_equal(rb_to_i("abc", 3), 0);
    assert_int_equal(rb_to_i("12abc", 5), 12);
    assert_true(redis_select_arg("0", 1, &v));
    assert_true(redis_select_arg("15", 2, &v));
    assert_int_equal(v, 15);
    assert_false(redis_select_arg("010", 3, &v));
    assert_false(redis_select_arg("", 0, &v));
    assert_false(redis_select_arg("-1", 2, &v));
    assert_false(redis_select_arg("+1", 2, &v));
    assert_true(go_atoi("010", 3, &v));
    assert_int_equal(v, 10);
    assert_true(go_atoi("+3", 2, &v));
    assert_int_equal(v, 3);
    assert_false(go_atoi("1_0", 3, &v));
    assert_false(go_atoi("99999999999999999999", 20, &v));
}

static void
test_uri__porta_yaml_folding(void **state)
{
    char *s;
    size_t n;
    (void)state;
    assert_int_equal(porta_yaml_dq(&s, &n, "redis://h\n", 10), YAML_DQ_OK);
    assert_string_equal(s, "redis://h ");
    free(s);
    assert_int_equal(porta_yaml_dq(&s, &n, "a \n\n  b", 7), YAML_DQ_OK);
    assert_string_equal(s, "a\nb");
    free(s);
    assert_int_equal(porta_yaml_dq(&s, &n, "a\"b", 3), YAML_DQ_QUOTE);
    assert_int_equal(porta_yaml_dq(&s, &n, "a\\,b", 4), YAML_DQ_ESCAPE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uri__ruby_components),
        cmocka_unit_test(test_uri__ruby_opaque_and_relative),
        cmocka_unit_test(test_uri__ruby_rejections),
        cmocka_unit_test(test_uri__ruby_ip_literals),
        cmocka_unit_test(test_uri__go),
        cmocka_unit_test(test_uri__decode),
        cmocka_unit_test(test_uri__numbers),
        cmocka_unit_test(test_uri__porta_yaml_folding),
    };
    return cmocka_run_group_tests_name("uri", tests, NULL, NULL);
}
