/* banned.h - libc calls the library must not use: printing, exiting, the environment, and the
 * classic unbounded string functions. Included last by every lib/ .c file. */
#ifndef RLINT_BANNED_H
#define RLINT_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_librlint

#undef printf
#define printf(...) BANNED(printf)
#undef fprintf
#define fprintf(...) BANNED(fprintf)
#undef puts
#define puts(...) BANNED(puts)
#undef perror
#define perror(...) BANNED(perror)
#undef exit
#define exit(...) BANNED(exit)
#undef abort
#define abort(...) BANNED(abort)
#undef getenv
#define getenv(...) BANNED(getenv)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef strcpy
#define strcpy(...) BANNED(strcpy)
#undef strcat
#define strcat(...) BANNED(strcat)
#undef strtok
#define strtok(...) BANNED(strtok)
#undef atoi
#define atoi(...) BANNED(atoi)
#undef gets
#define gets(...) BANNED(gets)

#endif
