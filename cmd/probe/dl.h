/* dl.h - hiredis and OpenSSL, loaded with dlopen() when --probe runs: the CLI
 * links neither, so a run without --probe does not load them (issue 12). */
#ifndef CMD_PROBE_DL_H
#define CMD_PROBE_DL_H

/* What could not be loaded: the soname, the Debian package that ships it,
 * dlerror()'s text. */
struct probe_dl_error {
    const char *soname;
    const char *package;
    const char *why;
};

/* Loads libhiredis, libcrypto and libssl once, before the probe starts its
 * threads. 0, or -1 with *err set (static strings). Before it succeeds the
 * hiredis and OpenSSL functions dl.c defines fail as those libraries do out of
 * memory (NULL, 0, -1, an error). */
int probe_dl_load(struct probe_dl_error *err);

#endif
