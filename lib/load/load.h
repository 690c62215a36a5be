/* load.h - between the loader and the object extractors. */
#ifndef RLINT_LOAD_H
#define RLINT_LOAD_H

#include "run.h"
#include "node.h"

/* Looks at one document root (a List or Template is walked into) and copies out the objects
 * the rules need. file is the input name. Returns 0 or RLINT_ENOMEM. (secret.c) */
struct model;
int extract_document(struct model *model, const char *file, const struct node *root);

#endif
