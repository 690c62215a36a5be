/* report.h - adding findings to the ctx's report. */
#ifndef RLINT_REPORT_H
#define RLINT_REPORT_H

#include "ctx.h"

/* Where a finding points. Every field may be NULL / 0. */
struct diag_loc {
    const struct object_ref *obj;
    const char *file;  /* overrides obj->file */
    unsigned line;     /* overrides obj->line when non-zero */
    unsigned column;
    const char *key;
    const char *path;
};

/* Adds a finding; the message is formatted here and must never contain a Secret value.
 * Returns 0, or RLINT_ENOMEM. Past the findings limit for a file, findings are dropped and one
 * RULE_LIMIT_EXCEEDED finding says so. */
int report_add(struct rlint_ctx *ctx, enum rule_id rule, enum rlint_severity severity,
               const char *component, const struct diag_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Sorts the report by file, line and column, stable for equal positions. */
void report_sort(struct rlint_ctx *ctx);
void report_release(struct rlint_ctx *ctx);

#endif
