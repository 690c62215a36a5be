/* ruleset.h - the rules' identities, from rules.def: every layer names a rule it reports by
 * its enum, and the table behind the public rlint_rule_*() lives here, below them all. */
#ifndef RLINT_RULESET_H
#define RLINT_RULESET_H

#include <rlint/rlint.h>

enum rule_id {
#define RLINT_RULE(id, NAME, name, sev, summary, rationale, component, bad, good, facts) \
    RULE_##NAME,
#include <rlint/rules.def>
#undef RLINT_RULE
    RULE__COUNT
};

const struct rlint_rule_info *rule_info(enum rule_id rule);

#endif
