/* utf8.h - the CLI's one test of "is this UTF-8", for the outputs that must carry only valid
 * text (JSON, SARIF, JUnit, GitHub) while file names are bytes. */
#ifndef RLINT_CMD_UTF8_H
#define RLINT_CMD_UTF8_H

#include <stddef.h>

/* The length (1 to 4) of the UTF-8 sequence that starts at s, setting *cp (when cp is not NULL)
 * to its code point; 0 when the bytes at s do not start one that jansson accepts: a stray
 * continuation byte, an overlong form, a UTF-16 surrogate (U+D800..U+DFFF), a code point above
 * U+10FFFF, or a sequence cut short (a NUL ends it). s is NUL-terminated; "" gives 1. */
size_t utf8_decode(const char *s, unsigned long *cp);

/* U+FFFD, which stands for each byte that does not start a valid sequence. */
#define UTF8_REPLACEMENT "\xef\xbf\xbd"

#endif
