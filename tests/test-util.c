/* test-util.c - lib/base/util.c: the (name, namespace) index that replaces the whole-array scans
 * of Secrets and installs (issue 12), the string pool, the growable string. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"

static int
teardown(void **state)
{
    struct name_index *ix = *state;
    name_index_release(ix);
    free(ix);
    return 0;
}

static int
setup(void **state)
{
    *state = calloc(1, sizeof(struct name_index));
    return *state ? 0 : -1;
}

static void
test_util__name_index_null_is_its_own_namespace(void **state)
{
    struct name_index *ix = *state;
    assert_int_equal(name_index_get(ix, "backend-redis", NULL), SIZE_MAX);
    assert_int_equal(name_index_put(ix, "backend-redis", NULL, 1), 0);
    assert_int_equal(name_index_put(ix, "backend-redis", "ns-a", 2), 0);
    assert_int_equal(name_index_put(ix, "backend-redis", "", 3), 0);
    assert_int_equal(name_index_get(ix, "backend-redis", NULL), 1);
    assert_int_equal(name_index_get(ix, "backend-redis", "ns-a"), 2);
    assert_int_equal(name_index_get(ix, "backend-redis", ""), 3);
    assert_int_equal(name_index_get(ix, "backend-redis", "ns-b"), SIZE_MAX);
    assert_int_equal(name_index_get(ix, "system-redis", "ns-a"), SIZE_MAX);
    /* a NULL name is a key too (installs are indexed by namespace alone) */
    assert_int_equal(name_index_put(ix, NULL, NULL, 4), 0);
    assert_int_equal(name_index_get(ix, NULL, NULL), 4);
    assert_int_equal(ix->count, 4);
}

static void
test_util__name_index_put_replaces(void **state)
{
    struct name_index *ix = *state;
    assert_int_equal(name_index_put(ix, "system-redis", "ns", 7), 0);
    assert_int_equal(name_index_put(ix, "system-redis", "ns", 9), 0);
    assert_int_equal(name_index_get(ix, "system-redis", "ns"), 9);
    assert_int_equal(ix->count, 1);
}

static void
test_util__name_index_keeps_every_key_as_it_grows(void **state)
{
    struct name_index *ix = *state;
    static char names[5000][16];
    size_t i;
    for (i = 0; i < 5000; i++) {
        snprintf(names[i], sizeof(names[i]), "ns-%05zu", i);
        assert_int_equal(name_index_put(ix, "backend-redis", names[i], i), 0);
    }
    assert_true(ix->count * 2 <= ix->cap);
    for (i = 0; i < 5000; i++)
        assert_int_equal(name_index_get(ix, "backend-redis", names[i]), i);
    assert_int_equal(name_index_get(ix, "backend-redis", "ns-05000"), SIZE_MAX);
}

/* strbuf grows by copying (and wiping) its old buffer: every byte appended survives, NULs
 * included, and formatted text lands after it */
static void
test_util__strbuf_keeps_every_byte_as_it_grows(void **state)
{
    struct strbuf sb;
    char piece[7] = {'a', 'b', '\0', 'c', 'd', 'e', 'f'};
    char *out;
    size_t i;
    (void)state;
    strbuf_init(&sb);
    for (i = 0; i < 3000; i++) {
        piece[0] = (char)('a' + i % 26);
        strbuf_add(&sb, piece, sizeof(piece));
    }
    strbuf_addf(&sb, "[%d]", 42);
    assert_false(sb.failed);
    assert_int_equal(sb.len, 3000 * sizeof(piece) + 4);
    out = strbuf_finish(&sb);
    assert_non_null(out);
    for (i = 0; i < 3000; i++) {
        assert_int_equal(out[i * sizeof(piece)], 'a' + i % 26);
        assert_memory_equal(out + i * sizeof(piece) + 1, piece + 1, sizeof(piece) - 1);
    }
    assert_string_equal(out + 3000 * sizeof(piece), "[42]");
    free(out);
}

/* The pool hands out one copy per distinct string, whatever the length or where the caller's
 * bytes are: equal names are equal pointers (rules-env.c compares them so), a name is cut at
 * a NUL, and a prefix or an extension of a pooled name is another name. */
static void
test_util__strpool_one_pointer_per_string(void **state)
{
    struct strpool pool = {0};
    static char names[3000][24];
    const char *got[3000], *a, *b, *c;
    char buf[32];
    size_t i;
    (void)state;
    assert_null(strpool_find(&pool, "backend-redis"));
    for (i = 0; i < 3000; i++) {
        /* lengths 1 to 23, over the word-at-a-time hash's every tail */
        snprintf(names[i], sizeof(names[i]), "%.*s%zu", (int)(i % 18), "REDIS_STORAGE_URL_",
                 i);
        got[i] = strpool_get(&pool, names[i], strlen(names[i]));
        assert_non_null(got[i]);
        assert_string_equal(got[i], names[i]);
    }
    for (i = 0; i < 3000; i++) {
        memcpy(buf, names[i], strlen(names[i]) + 1);
        assert_ptr_equal(strpool_get(&pool, buf, strlen(buf)), got[i]);
        assert_ptr_equal(strpool_find(&pool, buf), got[i]);
    }
    assert_int_equal(pool.count, 3000);
    a = strpool_get(&pool, "backend-redis", 13);
    b = strpool_get(&pool, "backend-redis\0tail", 18); /* cut at the NUL */
    c = strpool_get(&pool, "backend-redi", 12);
    assert_ptr_equal(a, b);
    assert_ptr_not_equal(a, c);
    assert_string_equal(c, "backend-redi");
    assert_ptr_not_equal(strpool_get(&pool, "backend-redis-x", 15), a);
    assert_ptr_equal(strpool_get(&pool, "", 0), strpool_get(&pool, "\0x", 2));
    assert_null(strpool_find(&pool, "system-redis"));
    strpool_release(&pool);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_util__name_index_null_is_its_own_namespace, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_util__name_index_put_replaces, setup, teardown),
        cmocka_unit_test(test_util__strbuf_keeps_every_byte_as_it_grows),
        cmocka_unit_test_setup_teardown(test_util__name_index_keeps_every_key_as_it_grows, setup,
                                        teardown),
        cmocka_unit_test(test_util__strpool_one_pointer_per_string),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
