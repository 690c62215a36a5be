/* test-load.c - the loader: positions, document shapes, duplicate keys, syntax errors, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "testlib.h"

static int
teardown(void **state)
{
    rlint_ctx_free(*state);
    *state = NULL;
    return 0;
}

static const char unresolved_secret[] = "apiVersion: v1\n"
                                        "kind: Secret\n"
                                        "metadata:\n"
                                        "  name: system-redis\n"
                                        "stringData:\n"
                                        "  URL: ${SYSTEM_REDIS_URL}\n"
                                        "  SENTINEL_HOSTS: \"\"\n"
                                        "  SENTINEL_ROLE: \"\"\n";

static void
test_load__positions_are_one_based_line_and_column(void **state)
{
    struct rlint_ctx *ctx = *state = load_and_check(unresolved_secret, NULL);
    const struct rlint_diag *d;
    assert_non_null(ctx);
    d = find_rule(ctx, "RLINT007", 0);
    assert_non_null(d);
    assert_int_equal(d->line, 6);
    assert_int_equal(d->column, 8);
    assert_string_equal(d->key, "URL");
    assert_string_equal(d->path, ".stringData.URL");
    assert_string_equal(d->object_kind, "Secret");
    assert_string_equal(d->object_name, "system-redis");
    assert_null(d->object_namespace);
}

static void
test_load__reads_every_document_of_a_stream(void **state)
{
    static const char yaml[] = "kind: ConfigMap\n"
                               "---\n"
                               "apiVersion: v1\nkind: Secret\nmetadata: {name: backend-redis}\n"
                               "stringData: {REDIS_STORAGE_URL: '${A}'}\n"
                               "---\n"
                               "apiVersion: v1\nkind: Secret\nmetadata: {name: system-redis}\n"
                               "stringData: {URL: '${B}'}\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    assert_non_null(ctx);
    assert_int_equal(rlint_ctx_object_count(ctx), 2);
    assert_int_equal(count_rule(ctx, "RLINT007"), 2);
    assert_int_equal(find_rule(ctx, "RLINT007", 1)->line, 11);
}

static void
test_load__descends_into_lists_and_templates(void **state)
{
    static const char yaml[] = "kind: Template\n"
                               "apiVersion: template.openshift.io/v1\n"
                               "objects:\n"
                               "- kind: List\n"
                               "  items:\n"
                               "  - apiVersion: v1\n"
                               "    kind: Secret\n"
                               "    metadata: {name: system-redis}\n"
                               "    stringData: {URL: '${SYSTEM_REDIS_URL}'}\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    const struct rlint_diag *d;
    assert_non_null(ctx);
    assert_int_equal(rlint_ctx_object_count(ctx), 1);
    d = find_rule(ctx, "RLINT007", 0);
    assert_non_null(d);
    assert_int_equal(d->line, 9);
}

static void
test_load__reads_json_with_positions(void **state)
{
    static const char json[] = "{\n"
                               "  \"apiVersion\": \"v1\",\n"
                               "  \"kind\": \"Secret\",\n"
                               "  \"metadata\": {\"name\": \"system-redis\"},\n"
                               "  \"data\": {\"URL\": \"not base64!\"}\n"
                               "}\n";
    struct rlint_ctx *ctx = *state = load_and_check(json, NULL);
    const struct rlint_diag *d;
    assert_non_null(ctx);
    d = find_rule(ctx, "RLINT003", 0);
    assert_non_null(d);
    assert_int_equal(d->line, 5);
    assert_int_equal(d->column, 19);
}

static void
test_load__reports_the_second_duplicate_key(void **state)
{
    static const char yaml[] = "apiVersion: v1\nkind: Secret\nmetadata: {name: system-redis}\n"
                               "stringData:\n"
                               "  URL: redis://a/1\n"
                               "  URL: redis://b/1\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    const struct rlint_diag *d;
    assert_non_null(ctx);
    d = find_rule(ctx, "RLINT002", 0);
    assert_non_null(d);
    assert_int_equal(d->line, 6);
    assert_int_equal(d->column, 3);
    assert_null(find_rule(ctx, "RLINT002", 1));
}

static void
test_load__syntax_error_is_a_finding_and_earlier_documents_count(void **state)
{
    static const char yaml[] = "apiVersion: v1\nkind: Secret\nmetadata: {name: system-redis}\n"
                               "stringData: {URL: '${X}'}\n"
                               "---\n"
                               "a: [b\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    const struct rlint_diag *d;
    assert_non_null(ctx);
    d = find_rule(ctx, "RLINT001", 0);
    assert_non_null(d);
    assert_int_equal(d->severity, RLINT_SEVERITY_ERROR);
    assert_int_equal(d->line, 7);
    assert_int_equal(rlint_ctx_object_count(ctx), 1);
}

static void
test_load__nesting_limit_stops_the_file(void **state)
{
    char *deep = malloc(200001 * 2 + 1);
    struct rlint_ctx *ctx;
    const struct rlint_diag *d;
    size_t i;
    assert_non_null(deep);
    for (i = 0; i < 200000; i++)
        deep[i] = '[';
    for (i = 0; i < 200000; i++)
        deep[200000 + i] = ']';
    deep[400000] = '\0';
    ctx = *state = load_and_check(deep, NULL);
    free(deep);
    assert_non_null(ctx);
    d = find_rule(ctx, "RLINT008", 0);
    assert_non_null(d);
    assert_int_equal(d->line, 1);
    assert_int_equal(d->column, 257);
}

static void
test_load__alias_bomb_is_never_expanded(void **state)
{
    static const char yaml[] = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                               "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                               "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                               "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                               "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                               "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                               "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                               "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
                               "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
                               "kind: Secret\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    assert_non_null(ctx);
    /* 80 aliases: under the default limit, and never expanded */
    assert_null(find_rule(ctx, "RLINT008", 0));
    assert_null(find_rule(ctx, "RLINT001", 0));
}

static void
test_load__alias_limit_is_a_finding(void **state)
{
    struct rlint_ctx *ctx = NULL;
    static const char yaml[] = "a: &a x\nb: [*a, *a, *a, *a]\n";
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    assert_int_equal(rlint_ctx_set_limit(ctx, RLINT_LIMIT_ALIASES, 3), RLINT_OK);
    assert_int_equal(rlint_load_buffer(ctx, "t.yaml", yaml, strlen(yaml)), RLINT_OK);
    assert_non_null(find_rule(ctx, "RLINT008", 0));
    assert_int_equal(find_rule(ctx, "RLINT008", 0)->line, 2);
}

static void
test_load__file_size_limit(void **state)
{
    struct rlint_ctx *ctx = NULL;
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    assert_int_equal(rlint_ctx_set_limit(ctx, RLINT_LIMIT_FILE_SIZE, 10), RLINT_OK);
    assert_int_equal(rlint_load_buffer(ctx, "big.yaml", "kind: Secret\n", 13), RLINT_ELIMIT);
    assert_non_null(find_rule(ctx, "RLINT008", 0));
    assert_int_equal(rlint_ctx_object_count(ctx), 0);
}

static void
test_load__binary_junk_is_a_syntax_finding(void **state)
{
    static const char junk[] = "\x7f" "ELF\x02\x01\x01\x00\xff\xfe\x00\x01";
    struct rlint_ctx *ctx = NULL;
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    assert_int_equal(rlint_load_buffer(ctx, "junk", junk, sizeof(junk) - 1), RLINT_OK);
    assert_non_null(find_rule(ctx, "RLINT001", 0));
}

static void
test_load__empty_input_has_nothing(void **state)
{
    struct rlint_ctx *ctx = *state = load_and_check("", NULL);
    assert_non_null(ctx);
    assert_int_equal(rlint_diag_count(ctx), 0);
    assert_int_equal(rlint_ctx_object_count(ctx), 0);
}

/* read_at over a string, at most step bytes a call, failing at offset fail_at and past */
struct mem_reader {
    const char *s;
    size_t len, step, fail_at, calls;
};

static int
mem_read_at(void *arg, size_t offset, char *buf, size_t cap, size_t *got)
{
    struct mem_reader *r = arg;
    size_t n = cap < r->step ? cap : r->step;
    r->calls++;
    if (offset >= r->fail_at)
        return -1;
    if (offset >= r->len)
        n = 0;
    else if (n > r->len - offset)
        n = r->len - offset;
    memcpy(buf, r->s + offset, n);
    *got = n;
    return 0;
}

/* A stream read in full chunks gives the findings a buffer gives, at the same positions,
 * also for a byte that is not UTF-8 past libyaml's first 16 KB (its position is counted by
 * reading the input again). */
static void
test_load__stream_finds_what_the_buffer_finds(void **state)
{
    static const char head[] = "apiVersion: v1\n"
                               "kind: Secret\n"
                               "metadata:\n"
                               "  name: system-redis\n"
                               "stringData:\n"
                               "  URL: redis://h:6379/1\n"
                               "  URL: redis://h:6379/01\n"
                               "---\n# ";
    static const char tail[] = "\n---\na: \"\xc3\xa9\xc3\xa9\"\nb: \xff\n";
    size_t pad = 40000, len = strlen(head) + pad + strlen(tail), i;
    char *yaml = malloc(len + 1);
    struct mem_reader r = {.s = yaml, .len = len, .step = SIZE_MAX, .fail_at = SIZE_MAX};
    struct rlint_ctx *a = NULL, *b = NULL;

    assert_non_null(yaml);
    memcpy(yaml, head, strlen(head));
    memset(yaml + strlen(head), 'x', pad);
    memcpy(yaml + strlen(head) + pad, tail, strlen(tail) + 1);
    assert_int_equal(rlint_ctx_new(&a), RLINT_OK);
    *state = a;
    assert_int_equal(rlint_ctx_new(&b), RLINT_OK);
    assert_int_equal(rlint_load_buffer(a, "t.yaml", yaml, len), RLINT_OK);
    assert_int_equal(rlint_load_stream(b, "t.yaml", mem_read_at, &r, len), RLINT_OK);
    assert_true(r.calls > 2);
    assert_non_null(find_rule(b, "RLINT001", 0));
    assert_int_equal(find_rule(b, "RLINT001", 0)->line, 12);
    assert_int_equal(find_rule(b, "RLINT001", 0)->column, 4);
    assert_non_null(find_rule(b, "RLINT002", 0));
    assert_int_equal(rlint_diag_count(a), rlint_diag_count(b));
    for (i = 0; i < rlint_diag_count(a); i++) {
        const struct rlint_diag *da = rlint_diag_at(a, i), *db = rlint_diag_at(b, i);
        assert_string_equal(da->rule, db->rule);
        assert_string_equal(da->message, db->message);
        assert_int_equal(da->line, db->line);
        assert_int_equal(da->column, db->column);
    }
    rlint_ctx_free(b);
    free(yaml);
}

/* read_at() failing ends the input with RLINT_EIO, the documents before it loaded; size
 * bounds what is asked for, and the file-size limit is checked on it before any read. */
static void
test_load__stream_read_failure_and_size(void **state)
{
    static const char yaml[] = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: backend-redis\n"
                               "---\n"
                               "apiVersion: v1\nkind: Secret\nmetadata:\n  name: system-redis\n";
    size_t second = (size_t)(strstr(yaml, "---") - yaml) + 4;
    struct mem_reader r = {.s = yaml, .len = sizeof(yaml) - 1, .step = SIZE_MAX,
                           .fail_at = SIZE_MAX};
    struct rlint_ctx *ctx = NULL;

    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    assert_int_equal(rlint_load_stream(ctx, "t.yaml", mem_read_at, &r, r.len), RLINT_OK);
    assert_int_equal(rlint_ctx_object_count(ctx), 2);
    rlint_ctx_free(ctx);

    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    r.step = second + 8; /* the first read ends in the second document, the next fails */
    r.fail_at = second + 8;
    assert_int_equal(rlint_load_stream(ctx, "t.yaml", mem_read_at, &r, r.len), RLINT_EIO);
    assert_int_equal(rlint_ctx_object_count(ctx), 1);
    assert_string_equal(rlint_strerror(RLINT_EIO), "input could not be read");
    rlint_ctx_free(ctx);

    /* the first document alone: nothing past size is asked for */
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    r.step = SIZE_MAX;
    r.fail_at = second;
    assert_int_equal(rlint_load_stream(ctx, "t.yaml", mem_read_at, &r, second), RLINT_OK);
    assert_int_equal(rlint_ctx_object_count(ctx), 1);
    assert_int_equal(rlint_ctx_set_limit(ctx, RLINT_LIMIT_FILE_SIZE, 10), RLINT_OK);
    r.calls = 0;
    assert_int_equal(rlint_load_stream(ctx, "t.yaml", mem_read_at, &r, r.len), RLINT_ELIMIT);
    assert_int_equal(r.calls, 0);
    assert_non_null(find_rule(ctx, "RLINT008", 0));
}

/* What no reader looks at is skipped (load/paths.c), yet a duplicate key in it is still
 * reported, and an anchor defined in it still gives an alias elsewhere its whole value. */
static void
test_load__skipped_subtrees_keep_duplicates_and_anchors(void **state)
{
    static const char yaml[] = "apiVersion: v1\n"
                               "kind: Secret\n"
                               "metadata:\n"
                               "  name: system-redis\n"
                               "  labels: &d\n"
                               "    URL: \"not base64!\"\n"
                               "status:\n"
                               "  a: 1\n"
                               "  b: {c: [1, *d], c: 2}\n"
                               "  a: 2\n"
                               "data: *d\n";
    struct rlint_ctx *ctx = *state = load_and_check(yaml, NULL);
    const struct rlint_diag *d;
    assert_non_null(ctx);
    d = find_rule(ctx, "RLINT003", 0);
    assert_non_null(d);
    assert_int_equal(d->line, 6);
    assert_string_equal(d->key, "URL");
    assert_non_null(find_rule(ctx, "RLINT002", 0));
    assert_non_null(find_rule(ctx, "RLINT002", 1));
    assert_null(find_rule(ctx, "RLINT002", 2));
    assert_int_equal(find_rule(ctx, "RLINT002", 0)->line + find_rule(ctx, "RLINT002", 1)->line,
                     9 + 10);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_load__positions_are_one_based_line_and_column, teardown),
        cmocka_unit_test_teardown(test_load__reads_every_document_of_a_stream, teardown),
        cmocka_unit_test_teardown(test_load__descends_into_lists_and_templates, teardown),
        cmocka_unit_test_teardown(test_load__reads_json_with_positions, teardown),
        cmocka_unit_test_teardown(test_load__reports_the_second_duplicate_key, teardown),
        cmocka_unit_test_teardown(test_load__syntax_error_is_a_finding_and_earlier_documents_count,
                                  teardown),
        cmocka_unit_test_teardown(test_load__nesting_limit_stops_the_file, teardown),
        cmocka_unit_test_teardown(test_load__alias_bomb_is_never_expanded, teardown),
        cmocka_unit_test_teardown(test_load__alias_limit_is_a_finding, teardown),
        cmocka_unit_test_teardown(test_load__file_size_limit, teardown),
        cmocka_unit_test_teardown(test_load__binary_junk_is_a_syntax_finding, teardown),
        cmocka_unit_test_teardown(test_load__empty_input_has_nothing, teardown),
        cmocka_unit_test_teardown(test_load__stream_finds_what_the_buffer_finds, teardown),
        cmocka_unit_test_teardown(test_load__stream_read_failure_and_size, teardown),
        cmocka_unit_test_teardown(test_load__skipped_subtrees_keep_duplicates_and_anchors,
                                  teardown),
    };
    return cmocka_run_group_tests_name("load", tests, NULL, NULL);
}
