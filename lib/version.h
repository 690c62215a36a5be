/* version.h - finding the 3scale version in what was loaded. */
#ifndef RLINT_VERSION_H
#define RLINT_VERSION_H

#include <stdbool.h>

#include "ctx.h"

/* The 2.<minor> named in s ("2.14", "2.14.1", "3scale2.14", "3scale-2.14.0-GA", an image tag
 * "...backend-rhel8:3scale2.14"), or 0. */
int version_in_string(const char *s);
/* The 3scale minor of an operator version "0.11.0" (0.2 shipped with 2.5, 0.13 with 2.16). */
int version_of_operator(const char *s);
/* Is this the name of a 3scale workload (backend-*, system-*)? */
bool version_threescale_workload(const char *name);
/* Chooses ctx->minor when --3scale-version was not given, in the documented order. */
void version_detect(struct rlint_ctx *ctx);

#endif
