/* test-base64.c - Secret data decoding as the API server does it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base64.h"

static void
expect_decoded(const char *in, const char *want)
{
    char *out = NULL;
    size_t len = 0, bad = 99;
    assert_int_equal(base64_decode(&out, &len, &bad, in, strlen(in)), BASE64_OK);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(out, want, len);
    assert_int_equal(out[len], '\0');
    free(out);
}

static void
expect_invalid(const char *in, size_t want_offset)
{
    char *out = NULL;
    size_t len = 0, bad = 99;
    assert_int_equal(base64_decode(&out, &len, &bad, in, strlen(in)), BASE64_INVALID);
    assert_null(out);
    assert_int_equal(bad, want_offset);
}

static void
test_base64__decodes_every_padding(void **state)
{
    expect_decoded("", "");
    expect_decoded("YQ==", "a");
    expect_decoded("YWI=", "ab");
    expect_decoded("YWJj", "abc");
    expect_decoded("cmVkaXM6Ly9iYWNrZW5kLXJlZGlzOjYzNzkvMA==", "redis://backend-redis:6379/0");
}

static void
test_base64__skips_line_breaks_like_go(void **state)
{
    expect_decoded("YW\nJj\r\n", "abc");
}

static void
test_base64__keeps_a_trailing_newline_that_was_encoded(void **state)
{
    /* `echo master | base64` */
    expect_decoded("bWFzdGVyCg==", "master\n");
}

static void
test_base64__rejects_plain_text(void **state)
{
    expect_invalid("redis://backend-redis:6379/0", 5);
    expect_invalid("master", 6); /* six symbols: an incomplete quad at the end */
}

static void
test_base64__rejects_bad_padding(void **state)
{
    expect_invalid("Y===", 1);
    expect_invalid("YQ=", 3);
    expect_invalid("YQ==YQ==", 4);
    expect_invalid("YWJj YWJj", 4);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64__decodes_every_padding),
        cmocka_unit_test(test_base64__skips_line_breaks_like_go),
        cmocka_unit_test(test_base64__keeps_a_trailing_newline_that_was_encoded),
        cmocka_unit_test(test_base64__rejects_plain_text),
        cmocka_unit_test(test_base64__rejects_bad_padding),
    };
    return cmocka_run_group_tests_name("base64", tests, NULL, NULL);
}
