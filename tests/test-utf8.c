/* test-utf8.c - cmd/utf8.c and cmd/jsonstr.c: the CLI's UTF-8 test is exactly jansson's, so
 * json_string_lossy() never hands jansson a string it refuses (which failed a whole -o json
 * document on a file name holding a UTF-16 surrogate), and each byte it cannot carry becomes
 * U+FFFD. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "cmd.h"
#include "utf8.h"

/* Whether every sequence of s is valid by utf8_decode(). */
static int
all_valid(const char *s)
{
    while (*s) {
        size_t n = utf8_decode(s, NULL);
        if (!n)
            return 0;
        s += n;
    }
    return 1;
}

static void
expect_sequence(const char *s, size_t want_len, unsigned long want_cp)
{
    unsigned long cp = 0xdeadbeef;
    assert_int_equal(utf8_decode(s, &cp), want_len);
    if (want_len)
        assert_int_equal(cp, want_cp);
    else
        assert_int_equal(cp, 0xdeadbeef); /* untouched */
}

static void
test_utf8__decodes_the_edges_of_each_length(void **state)
{
    expect_sequence("A", 1, 0x41);
    expect_sequence("\x7f", 1, 0x7f);
    expect_sequence("\xc2\x80", 2, 0x80);
    expect_sequence("\xc3\xa9", 2, 0xe9);
    expect_sequence("\xdf\xbf", 2, 0x7ff);
    expect_sequence("\xe0\xa0\x80", 3, 0x800);
    expect_sequence("\xed\x9f\xbf", 3, 0xd7ff);
    expect_sequence("\xee\x80\x80", 3, 0xe000);
    expect_sequence("\xef\xbf\xbf", 3, 0xffff);
    expect_sequence("\xf0\x90\x80\x80", 4, 0x10000);
    expect_sequence("\xf4\x8f\xbf\xbf", 4, 0x10ffff);
}

static void
test_utf8__rejects_what_jansson_rejects(void **state)
{
    expect_sequence("\xed\xa0\x80", 0, 0);         /* U+D800, a UTF-16 surrogate */
    expect_sequence("\xed\xbf\xbf", 0, 0);         /* U+DFFF */
    expect_sequence("\xf4\x90\x80\x80", 0, 0);     /* U+110000, above U+10FFFF */
    expect_sequence("\xf5\x80\x80\x80", 0, 0);
    expect_sequence("\xc0\xaf", 0, 0);             /* overlong '/' */
    expect_sequence("\xc1\xbf", 0, 0);
    expect_sequence("\xe0\x80\xaf", 0, 0);         /* overlong '/' in three bytes */
    expect_sequence("\xe0\x9f\xbf", 0, 0);         /* overlong U+07FF */
    expect_sequence("\xf0\x82\x82\xac", 0, 0);     /* overlong U+20AC */
    expect_sequence("\xf0\x8f\xbf\xbf", 0, 0);     /* overlong U+FFFF */
    expect_sequence("\x80", 0, 0);                 /* a continuation byte alone */
    expect_sequence("\xbf", 0, 0);
    expect_sequence("\xe2\x82", 0, 0);             /* cut short by the NUL */
    expect_sequence("\xe2\x82" "A", 0, 0);         /* cut short by ASCII */
    expect_sequence("\xf0\x9f\x98", 0, 0);
    expect_sequence("\xff", 0, 0);
}

/* Every lead byte against every second byte (where the overlong, surrogate and range limits
 * lie), followed by continuation bytes, by ASCII or by the end: utf8_decode() accepts the
 * string exactly when json_string() does. */
static void
test_utf8__agrees_with_jansson_on_every_two_byte_prefix(void **state)
{
    static const char tails[][3] = {"\x80\x80", "\xbf\xbf", "\x80\x41", "A\x80", ""};
    unsigned b0, b1;
    size_t t;
    char s[6];

    for (b0 = 1; b0 <= 0xff; b0++)
        for (b1 = 0; b1 <= 0xff; b1++)
            for (t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
                json_t *j;
                s[0] = (char)b0;
                s[1] = (char)b1;
                memcpy(s + 2, tails[t], 3);
                s[5] = '\0';
                j = json_string(s);
                if ((j != NULL) != all_valid(s))
                    fail_msg("%02x %02x + tail %zu: jansson %s, utf8_decode %s", b0, b1, t,
                             j ? "accepts" : "refuses", all_valid(s) ? "accepts" : "refuses");
                json_decref(j);
            }
}

static void
expect_lossy(const char *in, const char *want)
{
    json_t *j = json_string_lossy(in);
    assert_non_null(j);
    assert_string_equal(json_string_value(j), want);
    json_decref(j);
}

static void
test_utf8__lossy_replaces_each_invalid_byte(void **state)
{
    expect_lossy("plain.yaml", "plain.yaml");
    expect_lossy("caf\xc3\xa9.yaml", "caf\xc3\xa9.yaml");
    expect_lossy("sur\xed\xa0\x80.yaml", "sur" UTF8_REPLACEMENT UTF8_REPLACEMENT
                                          UTF8_REPLACEMENT ".yaml");
    expect_lossy("big\xf4\x90\x80\x80.yaml", "big" UTF8_REPLACEMENT UTF8_REPLACEMENT
                                              UTF8_REPLACEMENT UTF8_REPLACEMENT ".yaml");
    expect_lossy("long\xc0\xaf.yaml", "long" UTF8_REPLACEMENT UTF8_REPLACEMENT ".yaml");
    expect_lossy("cut\xe2\x82", "cut" UTF8_REPLACEMENT UTF8_REPLACEMENT);
}

static void
test_utf8__lossy_null_is_json_null(void **state)
{
    json_t *j = json_string_lossy(NULL);
    assert_true(json_is_null(j));
    json_decref(j);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8__decodes_the_edges_of_each_length),
        cmocka_unit_test(test_utf8__rejects_what_jansson_rejects),
        cmocka_unit_test(test_utf8__agrees_with_jansson_on_every_two_byte_prefix),
        cmocka_unit_test(test_utf8__lossy_replaces_each_invalid_byte),
        cmocka_unit_test(test_utf8__lossy_null_is_json_null),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
