/* version.h - finding the 3scale version in what was loaded. */
#ifndef RLINT_VERSION_H
#define RLINT_VERSION_H

#include <stdbool.h>

#include "model.h"

struct node;

#define MINOR_MIN 0 /* 2.0: the first release of the AMP templates */
#define MINOR_MAX 16

/* A version as the hints keep it: 0 is "none", so 2.0 (minor 0) is still a hint. */
#define VERSION_CODE(major, minor) ((major) * 100 + (minor))

/* The version code of the 1.<minor> or 2.<minor> named in s ("2.14", "2.14.1",
 * "2.0.0-CR2-redhat-1", "3scale2.14", "3scale-2.14.0-GA", an image tag
 * "...backend-rhel8:3scale2.14"), or 0 (none, or a 2.<minor> past MINOR_MAX). */
int version_in_string(const char *s);
/* The version code of an operator version "0.11.0" (0.2 shipped with 2.5, 0.13 with 2.16). */
int version_of_operator(const char *s);
/* Is this the name of a 3scale workload (backend-*, system-*)? */
bool version_threescale_workload(const char *name);
/* Takes the version from the tag names of an amp-* ImageStream (a 2.1 template's only mark of
 * its version: "2.1.0-CR2-redhat-1"). */
void version_image_stream(struct model *model, const struct node *root);
#define VERSION_REASON_DEFAULT "newest supported version (no --3scale-version given)"
/* Chooses model->minor when --3scale-version was not given, in the documented order. A hint
 * older than any profile (before 2.MINOR_MIN) sets model->unsupported instead. */
void version_detect(struct model *model);

#endif
