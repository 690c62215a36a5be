/* test-json-scan.c - cmd/json-scan.c: the items of a List response as byte ranges, with their
 * kind/apiVersion presence, namespace and name, and the continue token; and every malformed
 * or truncated response refused without reading past its end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json-scan.h"

struct seen {
    size_t n;
    char text[4][256];
    bool kind[4], api[4];
    char ns[4][64], name[4][64];
};

static int
collect(void *arg, const struct scan_item *it)
{
    struct seen *s = arg;
    if (s->n < 4) {
        snprintf(s->text[s->n], sizeof(s->text[0]), "%.*s", (int)it->len, it->start);
        s->kind[s->n] = it->has_kind;
        s->api[s->n] = it->has_api_version;
        if (it->ns)
            snprintf(s->ns[s->n], 64, "%.*s", (int)it->ns_len, it->ns);
        if (it->name)
            snprintf(s->name[s->n], 64, "%.*s", (int)it->name_len, it->name);
    }
    s->n++;
    return 0;
}

/* scan a copy of exactly len bytes (no terminator after it: ASan sees an overread) */
static int
scan(const char *text, struct seen *s, char *cont, size_t cont_size)
{
    size_t len = strlen(text);
    char *buf = malloc(len ? len : 1);
    const char *c = NULL;
    size_t clen = 0;
    int rc;
    assert_non_null(buf);
    memcpy(buf, text, len);
    memset(s, 0, sizeof(*s));
    rc = scan_list(buf, len, collect, s, &c, &clen);
    if (cont)
        snprintf(cont, cont_size, "%.*s", c ? (int)clen : 0, c ? c : "");
    free(buf);
    return rc;
}

static void
test_items(void **state)
{
    struct seen s;
    char cont[64];
    (void)state;
    assert_int_equal(
        scan("{\"kind\":\"SecretList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":"
             "\"5\","
             "\"continue\":\"eyJ2Ijo\"},\"items\":[{\"metadata\":{\"name\":\"backend-redis\","
             "\"namespace\":\"t1\",\"labels\":{\"a\":\"}]\\\"\"}},\"data\":{\"k\":\"dg==\"}},"
             " {\"kind\":\"APIManager\",\"apiVersion\":\"apps.3scale.net/v1alpha1\","
             "\"metadata\":{\"namespace\":\"t2\",\"name\":\"x\"}} ]}\n",
             &s, cont, sizeof(cont)),
        0);
    assert_int_equal(s.n, 2);
    assert_false(s.kind[0]);
    assert_false(s.api[0]);
    assert_string_equal(s.ns[0], "t1");
    assert_string_equal(s.name[0], "backend-redis");
    assert_string_equal(s.text[0], "{\"metadata\":{\"name\":\"backend-redis\",\"namespace\":"
                                   "\"t1\",\"labels\":{\"a\":\"}]\\\"\"}},\"data\":{\"k\":"
                                   "\"dg==\"}}");
    assert_true(s.kind[1]);
    assert_true(s.api[1]);
    assert_string_equal(s.ns[1], "t2");
    assert_string_equal(cont, "\"eyJ2Ijo\"");
}

static void
test_empty_and_escapes(void **state)
{
    struct seen s;
    char cont[64];
    (void)state;
    assert_int_equal(scan("{\"items\":[],\"metadata\":{}}", &s, cont, sizeof(cont)), 0);
    assert_int_equal(s.n, 0);
    assert_string_equal(cont, "");
    /* a name with an escape is not taken as a name; a non-object item is skipped */
    assert_int_equal(scan("{\"items\":[{\"metadata\":{\"name\":\"a\\u0062\",\"namespace\":\"n\"}},"
                          "3,\"s\",null]}",
                          &s, NULL, 0),
                     0);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.name[0], "");
    assert_string_equal(s.ns[0], "n");
}

/* Member names written with escapes are the names jansson and the library read. */
static void
test_escaped_keys(void **state)
{
    struct seen s;
    (void)state;
    assert_int_equal(scan("{\"item\\u0073\":[{\"\\u006Bind\":\"Secret\",\"api\\u0056ersion\":"
                          "\"v1\",\"m\\u0065tadata\":{\"n\\u0061mespace\":\"t\",\"name\":\"x\"}}]}",
                          &s, NULL, 0),
                     0);
    assert_int_equal(s.n, 1);
    assert_true(s.kind[0]);
    assert_true(s.api[0]);
    assert_string_equal(s.ns[0], "t");
    assert_string_equal(s.name[0], "x");
    /* an escape that is not a letter of the name, or cut short, is another name */
    assert_int_equal(scan("{\"items\":[{\"kin\\u0064x\":1,\"\\u006\":2,\"kind\\n\":3,"
                          "\"\\\\\":4,\"\\u00\":5}],\"x\":1}",
                          &s, NULL, 0),
                     0);
    assert_int_equal(s.n, 1);
    assert_false(s.kind[0]);
}

static void
test_malformed(void **state)
{
    static const char *bad[] = {
        "",
        "[]",
        "{}",                         /* no items */
        "{\"items\":{}}",             /* items not an array */
        "{\"items\":[{\"metadata\":", /* truncated */
        "{\"items\":[{}",
        "{\"items\":[{\"a\":\"unterminated}]}",
        "{\"items\":[{\"a\" 1}]}",
        "{\"items\":[] x",
        "{\"items\":[{\"a\":1}}",
        "{\"items\":[1 2]}",
        "{\"metadata\":{\"continue\":\"x\"",
        "{\"items\":[{\"a\":\"\\",
    };
    struct seen s;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(scan(bad[i], &s, NULL, 0), -1);
}

static int
stop(void *arg, const struct scan_item *it)
{
    (void)arg;
    (void)it;
    return -2;
}

static void
test_callback_error(void **state)
{
    const char *c;
    size_t clen;
    static const char text[] = "{\"items\":[{\"metadata\":{}}]}";
    (void)state;
    assert_int_equal(scan_list(text, sizeof(text) - 1, stop, NULL, &c, &clen), -2);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items),
        cmocka_unit_test(test_empty_and_escapes),
        cmocka_unit_test(test_escaped_keys),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_callback_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
