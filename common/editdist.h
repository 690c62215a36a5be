/* editdist.h - edit distance for "did you mean" suggestions. */
#ifndef RLINT_COMMON_EDITDIST_H
#define RLINT_COMMON_EDITDIST_H

#include <stddef.h>

/* Levenshtein distance, capped: returns cap + 1 when the distance exceeds cap (or when memory
 * runs out, which only costs a suggestion). */
size_t edit_distance(const char *a, const char *b, size_t cap);

#endif
