/* editdist.c - Levenshtein distance, for "did you mean" in the library (Secret keys) and the
 * CLI (options, configuration keys). */
#include "editdist.h"

#include <stdlib.h>
#include <string.h>

size_t
edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    size_t *row;
    size_t result;

    if ((la > lb ? la - lb : lb - la) > cap)
        return cap + 1;
    row = malloc((lb + 1) * sizeof(*row));
    if (!row)
        return cap + 1;
    for (j = 0; j <= lb; j++)
        row[j] = j;
    for (i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    result = row[lb];
    free(row);
    return result > cap ? cap + 1 : result;
}
