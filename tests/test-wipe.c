/* test-wipe.c - common/wipe.c: secrets are zeroed, and zeroed before they are freed. With
 * -Wl,--wrap=free (TEST_WRAP_FREE) every free() of this program goes through __wrap_free(),
 * which copies the bytes of the watched block as free() receives them: a wipe the compiler
 * dropped as a dead store (as gcc -O2 drops a plain memset right before free() in one
 * function) would show there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wipe.h"

#ifdef TEST_WRAP_FREE
void __real_free(void *p);
void __wrap_free(void *p);

static const void *watched;       /* the block whose bytes are copied when it is freed */
static unsigned char seen[64];    /* its first bytes, as free() received them */
static size_t seen_len;           /* how many to copy */
static int watched_freed;

void
__wrap_free(void *p)
{
    if (p && p == watched) {
        memcpy(seen, p, seen_len);
        watched_freed++;
        watched = NULL;
    }
    __real_free(p);
}

static void
watch(const void *p, size_t len)
{
    assert_true(len <= sizeof(seen));
    memset(seen, 0xAA, sizeof(seen));
    watched = p;
    seen_len = len;
    watched_freed = 0;
}
#endif

static int
all_zero(const unsigned char *p, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (p[i])
            return 0;
    return 1;
}

static void
test_wipe__zeroes_exactly_len_bytes(void **state)
{
    unsigned char buf[16];
    memset(buf, 'x', sizeof(buf));
    wipe(buf + 2, 10);
    assert_int_equal(buf[0], 'x');
    assert_int_equal(buf[1], 'x');
    assert_true(all_zero(buf + 2, 10));
    assert_int_equal(buf[12], 'x');
    assert_int_equal(buf[15], 'x');
}

static void
test_wipe__null_and_empty_are_no_ops(void **state)
{
    char c = 'x';
    wipe(NULL, 0);
    wipe(NULL, 10);
    wipe(&c, 0);
    assert_int_equal(c, 'x');
    wipe_free(NULL);
    wipe_free_n(NULL, 10);
}

static void
test_wipe__wipe_free_zeroes_the_string_before_free(void **state)
{
#ifdef TEST_WRAP_FREE
    char *s = strdup("hunter2-password");
    size_t len = strlen(s);
    assert_non_null(s);
    watch(s, len);
    wipe_free(s);
    assert_int_equal(watched_freed, 1);
    assert_true(all_zero(seen, len));
#else
    skip();
#endif
}

static void
test_wipe__wipe_free_n_zeroes_past_a_nul(void **state)
{
#ifdef TEST_WRAP_FREE
    /* a decoded value may hold a NUL; the sized variant wipes the whole buffer */
    char *p = malloc(12);
    assert_non_null(p);
    memcpy(p, "abc\0defghijk", 12);
    watch(p, 12);
    wipe_free_n(p, 12);
    assert_int_equal(watched_freed, 1);
    assert_true(all_zero(seen, 12));
#else
    skip();
#endif
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wipe__zeroes_exactly_len_bytes),
        cmocka_unit_test(test_wipe__null_and_empty_are_no_ops),
        cmocka_unit_test(test_wipe__wipe_free_zeroes_the_string_before_free),
        cmocka_unit_test(test_wipe__wipe_free_n_zeroes_past_a_nul),
    };
    return cmocka_run_group_tests_name("wipe", tests, NULL, NULL);
}
