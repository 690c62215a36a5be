/* run.h - struct rlint_ctx, the state of one run, as handles.
 *
 * Every member is a number, a base type or a pointer to a type that its own layer defines
 * (struct secret in model/objects.h, struct file_count in report/report.h, ...): a layer
 * sees which state the run has, never the types of the layers above it. The struct is
 * defined down here, not beside ctx.c, because the loader and the model read and fill
 * members of it directly (ctx->limits, ctx->secrets); see HACKING.md "Layers".
 */
#ifndef RLINT_RUN_H
#define RLINT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include <rlint/rlint.h>

#include "ruleset.h"
#include "util.h"

struct file_count;
struct model;
struct report;
struct rules;

struct rlint_ctx {
    struct model *model;       /* model/model.h: what the input holds */
    size_t limits[6];

    struct report *report;     /* report/report.h: the findings */
    struct rules *rules;       /* rules/rules.h: the checks' state, the endpoints */
};

#endif
