/* needs.h - the Redis commands each 3scale workload sends to each database, as the upstream
 * code at the 3scale 2.16 GA tags sends them (needs.c, the one list), for --probe's ACL check
 * (acl.c). */
#ifndef CMD_PROBE_NEEDS_H
#define CMD_PROBE_NEEDS_H

#include <stddef.h>

/* The workloads that send commands, as the version profiles name their Deployments. */
enum workload {
    WL_LISTENER = 1 << 0,
    WL_WORKER = 1 << 1,
    WL_CRON = 1 << 2,
    WL_SYSTEM_APP = 1 << 3,
    WL_SYSTEM_SIDEKIQ = 1 << 4,
};
#define WL_COUNT 5

#define NEED_MAX_ARGS 8

struct need {
    const char *database; /* "storage", "queues", "system" */
    unsigned workloads;   /* enum workload bits */
    /* the command with arguments its arity needs (ACL DRYRUN checks arity); the key names
     * are placeholders: only the command's permission is judged, never key patterns */
    const char *argv[NEED_MAX_ARGS + 1];
    const char *source; /* where upstream sends it */
};

extern const struct need needs[];
extern const size_t nneeds;

/* "backend-listener", ... for one bit of enum workload. */
const char *workload_name(unsigned bit);

#endif
