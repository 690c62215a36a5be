/* report.h - the findings list: report_add() (declared in base/findings.h), sorting, and
 * what the run keeps per file for the findings limit. */
#ifndef RLINT_REPORT_H
#define RLINT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "model.h"
#include "util.h"

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
    struct name_index by_file; /* file -> index in files */
    size_t limit;              /* findings per file (RLINT_LIMIT_FINDINGS) */
    /* per rule (enum rule_id): 0 as reported, 1 disabled, 2+severity overridden */
    signed char rule_override[RULE__COUNT];
    size_t suppressed;
    bool limit_hit;            /* some file went past the findings limit */
    /* where the Template parameter defaults were used, for a finding's note */
    const struct model *model;
};

/* Moves the findings of from (a report with no limit of its own) into rep, counting them
 * against rep's limit as report_add() does. 0 or RLINT_ENOMEM. */
int report_adopt(struct report *rep, struct report *from);
/* Sorts the report by file, line and column, stable for equal positions. */
void report_sort(struct report *rep);
void report_release(struct report *rep);

#endif
