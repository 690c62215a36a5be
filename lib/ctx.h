/* ctx.h - struct rlint_ctx, the state of one run, on top of the layers: the caller's limits
 * and each layer's own state, wired together by rlint_ctx_new(). Only the files directly in
 * lib/ include it; below them a layer sees its own struct and the handles it is given
 * (HACKING.md "Layers"). */
#ifndef RLINT_CTX_H
#define RLINT_CTX_H

#include <stddef.h>

#include <rlint/rlint.h>

#include "model.h"
#include "report.h"
#include "rules.h"
#include "window.h"

struct rlint_ctx {
    size_t limits[RLINT_LIMIT_FINDINGS + 1]; /* enum rlint_limit */
    struct model model;   /* what the input holds; its sink is &report */
    struct report report; /* the findings; reads parameter defaults from &model */
    struct rules rules;   /* the checks over &model into &report, and the endpoints */
    struct window window; /* early checks of namespaces, off unless the caller sets it */
};

#endif
