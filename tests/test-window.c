/* test-window.c - the namespace window (rlint_ctx_set_namespace_window()): namespaces are
 * checked early and released, the findings and the summary stay those of one check at the
 * end, and what could make them differ is RLINT_ERELOAD. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testlib.h"

/* The two Secrets of namespace ns; the storage URL names database db. */
#define SECRETS(ns, db)                                                                        \
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: backend-redis\n  namespace: " ns "\n"   \
    "stringData:\n  REDIS_STORAGE_URL: redis://backend-redis:6379/" db "\n"                    \
    "  REDIS_STORAGE_SENTINEL_HOSTS: ''\n  REDIS_STORAGE_SENTINEL_ROLE: ''\n"                  \
    "  REDIS_QUEUES_URL: redis://backend-redis:6379/1\n"                                       \
    "  REDIS_QUEUES_SENTINEL_HOSTS: ''\n  REDIS_QUEUES_SENTINEL_ROLE: ''\n"                    \
    "---\n"                                                                                    \
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: system-redis\n  namespace: " ns "\n"    \
    "stringData:\n  URL: redis://system-redis:6379/1\n  SENTINEL_HOSTS: ''\n"                  \
    "  SENTINEL_ROLE: ''\n---\n"

/* backend-listener of namespace ns, async or not, reading secret's REDIS_STORAGE_URL */
#define LISTENER(ns, async, secret)                                                            \
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: backend-listener\n"             \
    "  namespace: " ns "\nspec:\n  template:\n    spec:\n      containers:\n"                  \
    "      - name: backend-listener\n        env:\n"                                           \
    "        - name: CONFIG_REDIS_ASYNC\n          value: '" async "'\n"                       \
    "        - name: CONFIG_REDIS_PROXY\n          valueFrom:\n            secretKeyRef:\n"    \
    "              name: " secret "\n              key: REDIS_STORAGE_URL\n---\n"

/* the same without a namespace */
#define LISTENER_ANY(async)                                                                    \
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: backend-listener\n"             \
    "spec:\n  template:\n    spec:\n      containers:\n      - name: backend-listener\n"        \
    "        env:\n        - name: CONFIG_REDIS_ASYNC\n          value: '" async "'\n---\n"

static const char *const fleet[] = {
    SECRETS("a", "0") LISTENER("a", "1", "backend-redis"),
    SECRETS("b", "x") LISTENER("b", "0", "backend-redis"), /* a bad db, sync */
    SECRETS("c", "0") LISTENER("c", "1", "backend-redis"),
    SECRETS("d", "99999999999") LISTENER("d", "1", "backend-redis"),
    SECRETS("e", "0") LISTENER("e", "1", "backend-redis"),
};
#define ARRAY_LEN (sizeof(fleet) / sizeof(fleet[0]))

/* Loads the documents, one buffer each, into a new ctx with the given window; *load_rc gets
 * the first failing load status (0 if none). */
static struct rlint_ctx *
load_all(const char *const *docs, size_t n, size_t window, int *load_rc)
{
    struct rlint_ctx *ctx = NULL;
    char name[32];
    size_t i;

    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    assert_int_equal(rlint_ctx_set_version(ctx, "2.16"), RLINT_OK);
    assert_int_equal(rlint_ctx_set_namespace_window(ctx, window), RLINT_OK);
    *load_rc = 0;
    for (i = 0; i < n && *load_rc == 0; i++) {
        snprintf(name, sizeof(name), "f%zu.yaml", i);
        *load_rc = rlint_load_buffer(ctx, name, docs[i], strlen(docs[i]));
    }
    return ctx;
}

static void
assert_same_report(struct rlint_ctx *a, struct rlint_ctx *b)
{
    size_t i;
    assert_int_equal(rlint_diag_count(a), rlint_diag_count(b));
    for (i = 0; i < rlint_diag_count(a); i++) {
        const struct rlint_diag *x = rlint_diag_at(a, i), *y = rlint_diag_at(b, i);
        assert_string_equal(x->rule, y->rule);
        assert_string_equal(x->file, y->file);
        assert_int_equal(x->line, y->line);
        assert_string_equal(x->message, y->message);
    }
    assert_string_equal(rlint_ctx_mode(a), rlint_ctx_mode(b));
    assert_string_equal(rlint_ctx_mode_reason(a), rlint_ctx_mode_reason(b));
    assert_int_equal(rlint_ctx_object_count(a), rlint_ctx_object_count(b));
}

/* Loads docs with the window and without, checks both and compares them. */
static void
assert_same_as_whole(const char *const *docs, size_t n, size_t window)
{
    struct rlint_ctx *ctx, *whole;
    int rc;

    ctx = load_all(docs, n, window, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(rlint_check(ctx), RLINT_OK);
    whole = load_all(docs, n, 0, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(rlint_check(whole), RLINT_OK);
    assert_same_report(whole, ctx);
    rlint_ctx_free(ctx);
    rlint_ctx_free(whole);
}

/* Every window gives the findings, the mode summary and the object count of none. */
static void
test_same_findings(void **state)
{
    struct rlint_ctx *whole;
    size_t w;
    int rc;
    (void)state;

    whole = load_all(fleet, ARRAY_LEN, 0, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(rlint_check(whole), RLINT_OK);
    assert_true(rlint_diag_count(whole) >= 2); /* b's and d's databases */
    assert_string_equal(rlint_ctx_mode(whole), "mixed");
    rlint_ctx_free(whole);
    for (w = 1; w <= 4; w++)
        assert_same_as_whole(fleet, ARRAY_LEN, w);
}

/* A namespace with objects again after it was released: the early check saw only part of
 * it. That this is RLINT_ERELOAD also shows that a was released. */
static void
test_namespace_back(void **state)
{
    const char *docs[] = {fleet[0], fleet[1], fleet[2], LISTENER("a", "1", "backend-redis")};
    struct rlint_ctx *ctx;
    int rc;
    (void)state;

    ctx = load_all(docs, 4, 1, &rc);
    assert_int_equal(rc, RLINT_ERELOAD);
    rlint_ctx_free(ctx);
    /* with a window large enough to hold a until it comes back: nothing to redo */
    ctx = load_all(docs, 4, 3, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(rlint_check(ctx), RLINT_OK);
    rlint_ctx_free(ctx);
}

/* An object without a namespace goes with every install: after a release that is
 * RLINT_ERELOAD, before any it only stops the window. */
static void
test_no_namespace(void **state)
{
    const char *late[] = {fleet[0], fleet[1], fleet[2], LISTENER_ANY("1")};
    const char *early[] = {LISTENER_ANY("1"), fleet[0], fleet[1], fleet[2]};
    struct rlint_ctx *ctx;
    int rc;
    (void)state;

    ctx = load_all(late, 4, 1, &rc);
    assert_int_equal(rc, RLINT_ERELOAD);
    rlint_ctx_free(ctx);
    assert_same_as_whole(early, 4, 1);
}

/* A reference to a Secret the namespace lacks: its finding names the first other
 * namespace that has it, which may come later (z, after a is released). The finding waits
 * for the end, a is released all the same: a coming back is then RLINT_ERELOAD. */
static void
test_missing_secret_pending(void **state)
{
    const char *docs[] = {LISTENER("a", "1", "shared-redis"), fleet[1], fleet[2],
                          "apiVersion: v1\nkind: Secret\nmetadata:\n  name: shared-redis\n"
                          "  namespace: z\nstringData:\n  REDIS_STORAGE_URL: redis://r:6379/0\n",
                          LISTENER("a", "0", "shared-redis")};
    const struct rlint_rule_info *other = rlint_rule_find("env-ref-secret-other-namespace");
    struct rlint_ctx *ctx;
    const struct rlint_diag *d;
    int rc;
    (void)state;

    assert_non_null(other);
    assert_same_as_whole(docs, 4, 1);
    ctx = load_all(docs, 4, 1, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(rlint_check(ctx), RLINT_OK);
    d = find_rule(ctx, other->id, 0);
    assert_non_null(d);
    assert_non_null(strstr(d->message, "namespace 'z'"));
    assert_string_equal(d->object_namespace, "a");
    assert_non_null(d->path);
    rlint_ctx_free(ctx);
    ctx = load_all(docs, 5, 1, &rc);
    assert_int_equal(rc, RLINT_ERELOAD);
    rlint_ctx_free(ctx);
    /* never found: the info that the Secret is not in the input, as without a window */
    assert_same_as_whole(docs, 3, 1);
}

/* No Secret anywhere: the summary's mode reads every listener and worker, released ones
 * too, with no reason to read again. */
static void
test_no_secrets(void **state)
{
    const char *docs[] = {LISTENER("a", "1", "backend-redis"), LISTENER("b", "0", "backend-redis"),
                          LISTENER("c", "0", "backend-redis")};
    (void)state;
    assert_same_as_whole(docs, 3, 1);
}

/* The version detected from a later object differs from the one the early checks used. */
static void
test_version_changes(void **state)
{
    const char *docs[] = {fleet[0], fleet[1], fleet[2],
                          "apiVersion: apps.3scale.net/v1alpha1\nkind: APIManager\n"
                          "metadata:\n  name: apimanager\n  namespace: q\n  annotations:\n"
                          "    apps.3scale.net/apimanager-threescale-version: '2.14'\n"
                          "spec:\n  wildcardDomain: example.com\n"};
    struct rlint_ctx *ctx = NULL;
    size_t i;
    int rc = 0;
    (void)state;

    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK); /* no --3scale-version */
    assert_int_equal(rlint_ctx_set_namespace_window(ctx, 1), RLINT_OK);
    for (i = 0; i < 4 && rc == 0; i++)
        rc = rlint_load_buffer(ctx, "v.yaml", docs[i], strlen(docs[i]));
    if (rc == 0)
        rc = rlint_check(ctx);
    assert_int_equal(rc, RLINT_ERELOAD);
    rlint_ctx_free(ctx);
}

static void
test_set_after_loading(void **state)
{
    struct rlint_ctx *ctx = NULL;
    (void)state;
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    assert_int_equal(rlint_load_buffer(ctx, "x.yaml", fleet[0], strlen(fleet[0])), 0);
    assert_int_equal(rlint_ctx_set_namespace_window(ctx, 8), RLINT_EINVAL);
    assert_int_equal(rlint_ctx_set_namespace_window(NULL, 8), RLINT_EINVAL);
    rlint_ctx_free(ctx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_findings),     cmocka_unit_test(test_namespace_back),
        cmocka_unit_test(test_no_namespace),      cmocka_unit_test(test_missing_secret_pending),
        cmocka_unit_test(test_version_changes),
        cmocka_unit_test(test_no_secrets),   cmocka_unit_test(test_set_after_loading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
