/* ruleset.c - the rule table generated from rules.def. */
#include "ruleset.h"

#include <stddef.h>
#include <strings.h>

#include "banned.h"

/* Indexed by enum rule_id, which follows rules.def order; rules.def keeps IDs ascending. */
static const struct rlint_rule_info rule_table[] = {
#define RLINT_RULE(id, NAME, name, sev, summary, rationale, component, bad, good, sources)        \
    {#id, name, RLINT_SEVERITY_##sev, summary, rationale, component, bad, good, sources},
#include <rlint/rules.def>
#undef RLINT_RULE
};

_Static_assert(sizeof(rule_table) / sizeof(rule_table[0]) == RULE__COUNT, "rule table size");

size_t
rlint_rule_count(void)
{
    return RULE__COUNT;
}

const struct rlint_rule_info *
rlint_rule_at(size_t index)
{
    return index < RULE__COUNT ? &rule_table[index] : NULL;
}

const struct rlint_rule_info *
rule_info(enum rule_id rule)
{
    return &rule_table[rule];
}

const struct rlint_rule_info *
rlint_rule_find(const char *id_or_name)
{
    size_t i;
    if (!id_or_name)
        return NULL;
    for (i = 0; i < RULE__COUNT; i++)
        if (strcasecmp(rule_table[i].id, id_or_name) == 0 ||
            strcasecmp(rule_table[i].name, id_or_name) == 0)
            return &rule_table[i];
    return NULL;
}
