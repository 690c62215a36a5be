/* report.h - the findings list: report_add() (declared in base/findings.h), sorting, and
 * what the run keeps per file for the findings limit. */
#ifndef RLINT_REPORT_H
#define RLINT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "model.h"

struct file_count {
    char *file;
    size_t findings;
    bool limit_reported;
};

/* The report's state: the findings, what each file has had, and how the caller asked them
 * to be filtered. Lower layers hold it only as the opaque handle report_add() takes. */
struct report {
    struct rlint_diag *diags;
    size_t ndiags, diags_cap;
    struct file_count *files;
    size_t nfiles, files_cap;
    size_t limit;              /* findings per file (RLINT_LIMIT_FINDINGS) */
    /* per rule (enum rule_id): 0 as reported, 1 disabled, 2+severity overridden */
    signed char rule_override[RULE__COUNT];
    size_t suppressed;
    /* where the Template parameter defaults were used, for a finding's note */
    const struct model *model;
};

/* Sorts the report by file, line and column, stable for equal positions. */
void report_sort(struct report *rep);
void report_release(struct report *rep);

#endif
