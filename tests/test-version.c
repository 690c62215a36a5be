/* test-version.c - version detection (lib/model/version.c): the strings that name a release, the
 * 2.0-2.3 templates' marks (AMP_RELEASE, the amp-* ImageStream tags), and a release older
 * than any profile, which is refused, never replaced by a guess. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <rlint/rlint.h>

#include "version.h"

static int
teardown(void **state)
{
    rlint_ctx_free(*state);
    return 0;
}

static void
test_version__strings_name_releases_since_2_0(void **state)
{
    (void)state;
    assert_int_equal(version_in_string("2.0.0-CR2-redhat-1"), VERSION_CODE(2, 0));
    assert_int_equal(version_in_string("2.1.0-CR2-redhat-1"), VERSION_CODE(2, 1));
    assert_int_equal(version_in_string("2.2.0"), VERSION_CODE(2, 2));
    assert_int_equal(version_in_string("2.3.0"), VERSION_CODE(2, 3));
    assert_int_equal(version_in_string("3scale-2.12.0-GA"), VERSION_CODE(2, 12));
    assert_int_equal(version_in_string(":3scale2.14"), VERSION_CODE(2, 14));
    assert_int_equal(version_in_string("1.9.0"), VERSION_CODE(1, 9));
    /* none: no version, a release past the newest profile, an image tag of another scheme */
    assert_int_equal(version_in_string(NULL), 0);
    assert_int_equal(version_in_string("latest"), 0);
    assert_int_equal(version_in_string("2.17"), 0);
    assert_int_equal(version_in_string(":1.0-2"), 0);
    assert_int_equal(version_in_string("20.1"), 0);
    assert_int_equal(version_of_operator("0.11.0"), VERSION_CODE(2, 14));
    assert_int_equal(version_of_operator("0.1.0"), 0);
}

/* Loads yaml and runs the checks; the check's status in *rc. */
static struct rlint_ctx *
check(const char *yaml, int *rc)
{
    struct rlint_ctx *ctx = NULL;
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    assert_int_equal(rlint_load_buffer(ctx, "t.yaml", yaml, strlen(yaml)), RLINT_OK);
    *rc = rlint_check(ctx);
    return ctx;
}

#define TEMPLATE_HEAD                                                                             \
    "apiVersion: v1\nkind: Template\nmetadata:\n  name: system\nobjects:\n"                       \
    "- apiVersion: v1\n  kind: DeploymentConfig\n  metadata:\n    name: backend-listener\n"       \
    "  spec:\n    template:\n      spec:\n        containers:\n"                                  \
    "        - name: backend-listener\n          env:\n"                                          \
    "          - name: CONFIG_REDIS_PROXY\n            value: backend-redis:6379\n"

static void
test_version__amp_release_2_0_is_2_0(void **state)
{
    int rc;
    struct rlint_ctx *ctx = *state = check(TEMPLATE_HEAD "parameters:\n- name: AMP_RELEASE\n"
                                                         "  value: 2.0.0-CR2-redhat-1\n",
                                           &rc);
    assert_int_equal(rc, RLINT_OK);
    assert_string_equal(rlint_ctx_version(ctx), "2.0");
    assert_string_equal(rlint_ctx_version_reason(ctx), "from the Template parameter AMP_RELEASE");
    assert_int_equal(rlint_diag_count(ctx), 0);
}

static void
test_version__image_stream_tag_names_2_1(void **state)
{
    int rc;
    struct rlint_ctx *ctx = *state =
        check(TEMPLATE_HEAD "- kind: ImageStream\n  apiVersion: v1\n  metadata:\n"
                            "    name: amp-backend\n  spec:\n    tags:\n    - name: latest\n"
                            "    - name: 2.1.0-CR2-redhat-1\n",
              &rc);
    assert_int_equal(rc, RLINT_OK);
    assert_string_equal(rlint_ctx_version(ctx), "2.1");
    assert_string_equal(rlint_ctx_version_reason(ctx),
                        "from the tags of the 3scale ImageStreams (amp-*)");
    assert_int_equal(rlint_diag_count(ctx), 0);
}

/* Another ImageStream's tags say nothing about 3scale: the DeploymentConfig fallback. */
static void
test_version__other_image_streams_are_ignored(void **state)
{
    int rc;
    struct rlint_ctx *ctx = *state =
        check(TEMPLATE_HEAD "- kind: ImageStream\n  apiVersion: v1\n  metadata:\n"
                            "    name: postgresql\n  spec:\n    tags:\n    - name: 2.2\n",
              &rc);
    assert_int_equal(rc, RLINT_OK);
    assert_string_equal(rlint_ctx_version(ctx), "2.14");
}

static void
test_version__older_than_any_profile_is_refused(void **state)
{
    int rc;
    struct rlint_ctx *ctx = *state = check(TEMPLATE_HEAD "parameters:\n- name: AMP_RELEASE\n"
                                                         "  value: 1.9.0\n",
                                           &rc);
    assert_int_equal(rc, RLINT_EUNSUPPORTED);
    assert_string_equal(rlint_ctx_version(ctx), "1.9");
    assert_string_equal(rlint_ctx_version_reason(ctx), "from the Template parameter AMP_RELEASE");
    assert_int_equal(rlint_diag_count(ctx), 0);
    assert_string_equal(rlint_strerror(rc), "3scale release not supported");
}

/* --3scale-version wins over the input, also over a release the input names as too old. */
static void
test_version__flag_wins_over_an_old_release(void **state)
{
    struct rlint_ctx *ctx = NULL;
    const char *yaml = TEMPLATE_HEAD "parameters:\n- name: AMP_RELEASE\n  value: 1.9.0\n";
    assert_int_equal(rlint_ctx_new(&ctx), RLINT_OK);
    *state = ctx;
    assert_int_equal(rlint_ctx_set_version(ctx, "2.2"), RLINT_OK);
    assert_int_equal(rlint_load_buffer(ctx, "t.yaml", yaml, strlen(yaml)), RLINT_OK);
    assert_int_equal(rlint_check(ctx), RLINT_OK);
    assert_string_equal(rlint_ctx_version(ctx), "2.2");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version__strings_name_releases_since_2_0),
        cmocka_unit_test_teardown(test_version__amp_release_2_0_is_2_0, teardown),
        cmocka_unit_test_teardown(test_version__image_stream_tag_names_2_1, teardown),
        cmocka_unit_test_teardown(test_version__other_image_streams_are_ignored, teardown),
        cmocka_unit_test_teardown(test_version__older_than_any_profile_is_refused, teardown),
        cmocka_unit_test_teardown(test_version__flag_wins_over_an_old_release, teardown),
    };
    return cmocka_run_group_tests_name("version", tests, NULL, NULL);
}
