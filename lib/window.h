/* window.h - checking a namespace's install before the input ends, then freeing its
 * objects, so that memory stays flat on a repository of thousands of installs
 * (rlint_ctx_set_namespace_window()). A namespace is released once more than the window's
 * size of namespaces are held and it is the least recently read; it is checked alone, in a
 * model that holds only its objects (a view) and sees the rest of the input through
 * model->whole. Whatever could make that check differ from one check at the end turns into
 * RLINT_ERELOAD: the caller reads the input again with the window off. */
#ifndef RLINT_WINDOW_H
#define RLINT_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct profile;
struct rlint_ctx;

struct ns_slot {
    const char *ns;        /* pooled in the model's strings */
    size_t prev, next;     /* the list of held namespaces, least recent first; SIZE_MAX ends */
    size_t part;           /* while checked early: its place in the batch */
    unsigned char state;   /* enum slot_state (window.c) */
};

struct window {
    size_t size;           /* namespaces held at most; 0: off */
    size_t documents;      /* documents read: the window is set before the first */
    bool stopped;          /* the input rules out early checks: none from now on */
    bool reload;           /* an early check may differ from the check at the end */
    bool released_any;
    int minor;             /* the version and profile the early checks used */
    const struct profile *profile;
    size_t redefined_seen; /* model->secrets_redefined when last looked at */
    struct ns_slot *slots;
    size_t nslots, slots_cap;
    struct name_index by_ns; /* namespace -> index in slots */
    size_t head, tail, nheld;
    size_t released_objects; /* for rlint_ctx_object_count() */
};

/* After a document added objects from index secrets0, apimanagers0, workloads0 on: notes
 * their namespaces and releases the least recent ones past the window's size. 0,
 * RLINT_ERELOAD or RLINT_ENOMEM. */
int window_document(struct rlint_ctx *ctx, size_t secrets0, size_t apimanagers0,
                    size_t workloads0);
/* Before and after rlint_check()'s rules: RLINT_ERELOAD when an early check may differ
 * from the check at the end, else 0 (also RLINT_ENOMEM). */
int window_verdict(struct rlint_ctx *ctx, bool after);
void window_release(struct window *win);

#endif
