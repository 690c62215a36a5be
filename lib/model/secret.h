/* secret.h - Secret and APIManager extraction helpers shared with the rules. */
#ifndef RLINT_SECRET_H
#define RLINT_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "objects.h"

#define SECRET_BACKEND "backend-redis"
#define SECRET_SYSTEM "system-redis"
#define ANNOTATION_DISABLE_ASYNC "apps.3scale.net/disable-async"

bool secret_is_threescale(const char *name);

/* SECRET_BACKEND or SECRET_SYSTEM when name is one of them followed by kustomize's name suffix
 * ("-" and 10 characters of its hash alphabet), else NULL. */
const char *secret_kustomize_base(const char *name);

struct secret;
/* The 3scale Secret s is checked as: its canon name (a kustomize-suffixed one), else its name. */
const char *secret_role(const struct secret *s);

/* Looks at one document root (a List or Template is walked into) and copies out the objects
 * the rules need. file is the input name. Returns 0 or RLINT_ENOMEM. The loader calls it
 * through struct load's document(), set by ctx.c. */
int extract_document(struct model *model, const char *file, const struct node *root);

#endif
