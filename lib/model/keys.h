/* keys.h - the meaning of the keys of backend-redis and system-redis (facts §1): which
 * database and which setting each one is. Which versions read them: schemas/ profiles. */
#ifndef RLINT_KEYS_H
#define RLINT_KEYS_H

#include <stdbool.h>

enum redis_db {
    DB_STORAGE, /* backend-redis REDIS_STORAGE_*: apisonator and porta (BACKEND_REDIS_*) */
    DB_QUEUES,  /* backend-redis REDIS_QUEUES_*: apisonator only */
    DB_SYSTEM,  /* system-redis: porta only */
    DB_MESSAGE_BUS, /* system-redis MESSAGE_BUS_* (2.6-2.11): porta's message bus */
    DB__MAX
};

enum key_role {
    KEY_URL,
    KEY_SENTINEL_HOSTS,
    KEY_SENTINEL_ROLE,
    KEY_USERNAME,
    KEY_PASSWORD,
    KEY_SENTINEL_USERNAME,
    KEY_SENTINEL_PASSWORD,
    KEY_TLS_CA,
    KEY_TLS_CERT,
    KEY_TLS_KEY,
    KEY_NAMESPACE,
    KEY__MAX
};

struct key_def {
    const char *secret;
    const char *name;
    enum redis_db db;
    enum key_role role;
};

/* The definition of key in secret (any version), or NULL. */
const struct key_def *key_find(const char *secret, const char *key);
/* The key of that db and role, or NULL (e.g. no TLS CA for DB_MESSAGE_BUS). */
const struct key_def *key_for(enum redis_db db, enum key_role role);
/* Iteration: key_at(i) for i = 0.. until NULL. */
const struct key_def *key_at(unsigned index);
/* The i for which key_at(i) is def (def from key_find(), key_for() or key_at()). */
unsigned key_index(const struct key_def *def);

const char *db_label(enum redis_db db); /* "storage", "queues", "system", "message bus" */

#endif
