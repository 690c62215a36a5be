/* profile.h - a 3scale version profile (schemas/3scale-X.Y.json): the Secrets' keys, the workloads and
 * the env vars they read, per version range. */
#ifndef RLINT_PROFILE_H
#define RLINT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "components.h"
#include "keys.h"
#include "model.h"

enum key_status {
    KEY_STATUS_REQUIRED,
    KEY_STATUS_OPTIONAL,
    KEY_STATUS_DEPRECATED,
    KEY_STATUS_NOT_READ,
};

struct profile_key {
    const char *secret;
    const char *name;
    enum key_status status;
    bool operator_fills;
};

struct profile_env {
    const char *name;
    const char *secret;
    const char *key;
    bool optional;
    bool ignored; /* rendered by the operator, but the component ignores it: its absence
                     changes nothing (still a reference: the key must exist) */
};

struct profile_block {
    const char *name;
    struct profile_env *envs;
    size_t count;
};

struct profile_container {
    const char *name; /* "*": the only container of a Job */
    const struct profile_block **blocks;
    size_t nblocks;
    bool init;
};

struct profile_hook {
    const char *phase; /* pre, mid, post */
    const char *container;
    const struct profile_block **blocks;
    size_t nblocks;
};

struct profile_workload {
    const char *kind;
    const char *name;
    struct profile_container *containers;
    size_t ncontainers;
    struct profile_hook *hooks;
    size_t nhooks;
};

struct profile {
    char *name;
    int from, to; /* 2.<minor> */
    bool deployment_config;
    bool async_default;
    /* the lowest Redis version the operator's preflight accepts for backend Redis [0] and
     * system Redis [1] ("7.0.0"), NULL where the version has no such check */
    const char *redis_min[2];
    enum redis_client clients[READER__MAX]; /* CLIENT_NONE: not in this version */
    const struct profile_block *reads[READER__MAX]; /* the env block whose keys the app reads;
                                                        NULL for the operator and preflight */
    /* bit key_index(def) set: reads[reader] takes that key (profile_reads_def()) */
    unsigned long long reads_keys[READER__MAX];
    struct profile_key *keys;
    size_t nkeys;
    struct profile_block *blocks;
    size_t nblocks;
    struct profile_workload *workloads;
    size_t nworkloads;
    json_t *json; /* owns every string above */
};

/* Parses and validates a profile. On failure returns RLINT_EINVAL and sets *error to a
 * malloc'd message (with the JSON path); RLINT_ENOMEM. */
int profile_parse(struct profile *out, const char *name, const char *buf, size_t len,
                  char **error);
void profile_release(struct profile *p);

const struct profile_key *profile_key(const struct profile *p, const char *secret,
                                      const char *key);
/* Whether that component's env block takes secret/key (a component not in the version, the
 * operator and the preflight read no env block: false). */
/* The same for a key of the key table, from a mask made once per profile: the rules ask
 * this thousands of times per install. */
bool profile_reads_def(const struct profile *p, enum reader reader, const struct key_def *def);
bool profile_reads_key(const struct profile *p, enum reader reader, const char *secret,
                       const char *key);
const struct profile_workload *profile_workload(const struct profile *p, const char *kind,
                                                const char *name);

/* The embedded profiles (generated from schemas/ at build time), with the versions each
 * covers (its "from" and "to", 3scale 2.<minor>), so that only the one in use is parsed. */
struct embedded_profile {
    const char *name;
    int from;
    int to;
    const char *json;
};
extern const struct embedded_profile embedded_profiles[];
extern const size_t embedded_profiles_count;

/* Parses a profile into model->profiles (rlint_ctx_add_profile without argument checks). */
int profiles_add(struct model *model, const char *name, const char *buf, size_t len);
/* Every profile of the run, for questions across versions: the caller's, or all the embedded
 * ones (parsed on the first call; the run itself parses only the one in use). Sets *out and
 * *n; 0, or RLINT_ENOMEM. */
int profiles_all(struct model *model, const struct profile **out, size_t *n);

#endif
