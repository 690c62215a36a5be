#include <rlint/rlint.h>
int main(void) { return rlint_rule_count() == 0; }
