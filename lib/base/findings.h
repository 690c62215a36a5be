/* findings.h - how every layer records a finding. Declared here, below the loader, so that
 * the loader, the model and the rules report without knowing the report: report_add() is
 * implemented in report/report.c (the findings list, the per-file limit, overrides), the one
 * layer that knows how findings are kept. */
#ifndef RLINT_FINDINGS_H
#define RLINT_FINDINGS_H

#include <rlint/rlint.h>

#include "ruleset.h"

/* Where an object came from: the loader's positions, kept by the model's objects. */
struct object_ref {
    char *file;
    char *kind;
    char *namespace_; /* NULL when the manifest does not say */
    char *name;
    unsigned line;
    unsigned column;
    char *ignore;     /* the 3scale-redis-lint.io/ignore annotation, or NULL */
};

struct report;
struct wl_container;

/* Where a finding points. Every field may be NULL / 0. */
struct diag_loc {
    const struct object_ref *obj;
    const char *file;  /* overrides obj->file */
    unsigned line;     /* overrides obj->line when non-zero */
    unsigned column;
    const char *key;
    const char *path;
    /* when path is NULL: a workload's container (its env list "env" or "envFrom", or NULL,
     * and the index there, SIZE_MAX for the list's key), whose path text is built only for
     * a finding that is kept (wl_path() in model/workload.h) */
    const struct wl_container *wl;
    const char *wl_list;
    size_t wl_index;
};

/* Adds a finding; the message is formatted here and must never contain a Secret value.
 * Returns 0, or RLINT_ENOMEM. Past the findings limit for a file, findings are dropped and one
 * RULE_LIMIT_EXCEEDED finding says so. */
int report_add(struct report *rep, enum rule_id rule, enum rlint_severity severity,
               const char *component, const struct diag_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#endif
