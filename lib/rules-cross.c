/* placeholder */
#include "rules.h"
int
rules_check_cross(struct rlint_ctx *ctx)
{
    (void)ctx;
    return 0;
}
