/* test-rules.c - the rule table generated from rules.def. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <rlint/rlint.h>

/* "SENTINEL_NONE_USABLE" -> "sentinel-none-usable" */
static void
kebab(char *out, size_t size, const char *enum_name)
{
    size_t i;
    for (i = 0; enum_name[i] && i + 1 < size; i++)
        out[i] = enum_name[i] == '_' ? '-' : (char)tolower((unsigned char)enum_name[i]);
    out[i] = '\0';
}

struct rule_names {
    const char *id;
    const char *enum_name;
    const char *name;
};

static const struct rule_names names[] = {
#define RLINT_RULE(id, NAME, name, sev, summary, rationale, component, bad, good, facts)        \
    {#id, #NAME, name},
#include <rlint/rules.def>
#undef RLINT_RULE
};

static void
test_rules__enum_names_read_as_rule_names(void **state)
{
    char want[128];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        kebab(want, sizeof(want), names[i].enum_name);
        if (strcmp(want, names[i].name) != 0)
            fail_msg("%s: enum RULE_%s does not read as its name '%s'", names[i].id,
                     names[i].enum_name, names[i].name);
    }
}

static void
test_rules__table_is_in_id_order_and_findable(void **state)
{
    size_t i, n = rlint_rule_count();
    (void)state;
    assert_int_equal(n, sizeof(names) / sizeof(names[0]));
    for (i = 0; i < n; i++) {
        const struct rlint_rule_info *r = rlint_rule_at(i);
        assert_non_null(r);
        assert_string_equal(r->id, names[i].id);
        assert_ptr_equal(rlint_rule_find(r->name), r);
        assert_ptr_equal(rlint_rule_find(r->id), r);
        if (i > 0)
            assert_true(strcmp(rlint_rule_at(i - 1)->id, r->id) < 0);
    }
    assert_null(rlint_rule_at(n));
    assert_null(rlint_rule_find("RLINT999"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules__enum_names_read_as_rule_names),
        cmocka_unit_test(test_rules__table_is_in_id_order_and_findable),
    };
    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
