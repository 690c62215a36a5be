/* fuzz.h - what every fuzz target and the standalone driver agree on. */
#ifndef RLINT_FUZZ_H
#define RLINT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The libFuzzer entry point each fuzz-*.c defines. Always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
