/* fuzz.h - what every fuzz target and the standalone driver agree on. */
#ifndef RLINT_FUZZ_H
#define RLINT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* The libFuzzer entry point each fuzz-*.c defines. Always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Out of memory on a fuzz input (a few KB; at most a few MB replayed) is a bug: an error path
 * that says RLINT_ENOMEM for something the input did (a list where a string goes), which
 * the CLI reports as an operational failure. Crash so that libFuzzer keeps the input. */
#define FUZZ_NO_ENOMEM(rc)                                                                     \
    do {                                                                                       \
        if ((rc) == -1 /* RLINT_ENOMEM */)                                                     \
            abort();                                                                           \
    } while (0)

#endif
