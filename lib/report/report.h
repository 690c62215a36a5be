/* report.h - the findings list: report_add() (declared in base/findings.h), sorting, and
 * what the run keeps per file for the findings limit. */
#ifndef RLINT_REPORT_H
#define RLINT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "run.h"

struct file_count {
    char *file;
    size_t findings;
    bool limit_reported;
};

/* Sorts the report by file, line and column, stable for equal positions. */
void report_sort(struct rlint_ctx *ctx);
void report_release(struct rlint_ctx *ctx);

#endif
