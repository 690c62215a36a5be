/* load.h - the loader's interface: what it needs from the run (limits, whether positions
 * mean anything, where findings go) and where each document's tree goes. */
#ifndef RLINT_LOAD_H
#define RLINT_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include <rlint/rlint.h>

#include "findings.h"
#include "node.h"

/* One load's settings; the caller (ctx.c) fills it from the run's options. */
struct load {
    size_t max_file_size, max_documents, max_depth, max_aliases; /* RLINT_LIMIT_* */
    bool no_positions;         /* RLINT_LOAD_NO_POSITIONS */
    struct report *report;     /* the loader's findings (report_add()) */
    /* Called with each document's root (a List or Template is the caller's to walk into),
     * the tree valid only during the call; 0 or RLINT_ENOMEM. The loader hands a tree up
     * without knowing what is copied out of it (model/secret.c extract_document()). */
    int (*document)(void *arg, const char *file, const struct node *root);
    void *arg;
};

/* Loads one input, a buffer or bytes read through read_at() (buf is NULL then), reporting
 * syntax errors and limits; RLINT_OK, RLINT_ELIMIT, RLINT_EIO or RLINT_ENOMEM. */
int load_buffer(const struct load *ld, const char *name, const char *buf, size_t len);
int load_stream(const struct load *ld, const char *name, rlint_read_at_fn read_at, void *arg,
                size_t size);

#endif
