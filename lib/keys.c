/* keys.c - the key inventory of backend-redis and system-redis (facts §1.1, §1.2, App. A). */
#include "keys.h"

#include <stddef.h>
#include <string.h>

#include "banned.h"

#define B "backend-redis"
#define S "system-redis"

static const struct key_def keys[] = {
    {B, "REDIS_STORAGE_URL", DB_STORAGE, KEY_URL, 4, 0, true, false},
    {B, "REDIS_STORAGE_SENTINEL_HOSTS", DB_STORAGE, KEY_SENTINEL_HOSTS, 4, 0, true, true},
    {B, "REDIS_STORAGE_SENTINEL_ROLE", DB_STORAGE, KEY_SENTINEL_ROLE, 4, 0, true, true},
    {B, "REDIS_QUEUES_URL", DB_QUEUES, KEY_URL, 4, 0, true, false},
    {B, "REDIS_QUEUES_SENTINEL_HOSTS", DB_QUEUES, KEY_SENTINEL_HOSTS, 4, 0, true, true},
    {B, "REDIS_QUEUES_SENTINEL_ROLE", DB_QUEUES, KEY_SENTINEL_ROLE, 4, 0, true, true},
    {B, "REDIS_STORAGE_USERNAME", DB_STORAGE, KEY_USERNAME, 16, 0, false, false},
    {B, "REDIS_STORAGE_PASSWORD", DB_STORAGE, KEY_PASSWORD, 16, 0, false, false},
    {B, "REDIS_STORAGE_SENTINEL_USERNAME", DB_STORAGE, KEY_SENTINEL_USERNAME, 16, 0, false, false},
    {B, "REDIS_STORAGE_SENTINEL_PASSWORD", DB_STORAGE, KEY_SENTINEL_PASSWORD, 16, 0, false, false},
    {B, "REDIS_QUEUES_USERNAME", DB_QUEUES, KEY_USERNAME, 16, 0, false, false},
    {B, "REDIS_QUEUES_PASSWORD", DB_QUEUES, KEY_PASSWORD, 16, 0, false, false},
    {B, "REDIS_QUEUES_SENTINEL_USERNAME", DB_QUEUES, KEY_SENTINEL_USERNAME, 16, 0, false, false},
    {B, "REDIS_QUEUES_SENTINEL_PASSWORD", DB_QUEUES, KEY_SENTINEL_PASSWORD, 16, 0, false, false},
    {B, "REDIS_SSL_CA", DB_STORAGE, KEY_TLS_CA, 16, 0, false, false},
    {B, "REDIS_SSL_CERT", DB_STORAGE, KEY_TLS_CERT, 16, 0, false, false},
    {B, "REDIS_SSL_KEY", DB_STORAGE, KEY_TLS_KEY, 16, 0, false, false},
    {B, "REDIS_SSL_QUEUES_CA", DB_QUEUES, KEY_TLS_CA, 16, 0, false, false},
    {B, "REDIS_SSL_QUEUES_CERT", DB_QUEUES, KEY_TLS_CERT, 16, 0, false, false},
    {B, "REDIS_SSL_QUEUES_KEY", DB_QUEUES, KEY_TLS_KEY, 16, 0, false, false},

    {S, "URL", DB_SYSTEM, KEY_URL, 4, 0, true, false},
    {S, "SENTINEL_HOSTS", DB_SYSTEM, KEY_SENTINEL_HOSTS, 6, 0, true, true},
    {S, "SENTINEL_ROLE", DB_SYSTEM, KEY_SENTINEL_ROLE, 6, 0, true, true},
    /* porta ignores NAMESPACE from 2.14, but the 2.14 workloads still reference it */
    {S, "NAMESPACE", DB_SYSTEM, KEY_NAMESPACE, 6, 15, true, false},
    {S, "MESSAGE_BUS_URL", DB_MESSAGE_BUS, KEY_URL, 6, 12, true, false},
    {S, "MESSAGE_BUS_NAMESPACE", DB_MESSAGE_BUS, KEY_NAMESPACE, 6, 12, true, false},
    {S, "MESSAGE_BUS_SENTINEL_HOSTS", DB_MESSAGE_BUS, KEY_SENTINEL_HOSTS, 6, 12, true, false},
    {S, "MESSAGE_BUS_SENTINEL_ROLE", DB_MESSAGE_BUS, KEY_SENTINEL_ROLE, 6, 12, true, false},
    {S, "REDIS_USERNAME", DB_SYSTEM, KEY_USERNAME, 16, 0, false, false},
    {S, "REDIS_PASSWORD", DB_SYSTEM, KEY_PASSWORD, 16, 0, false, false},
    {S, "REDIS_SENTINEL_USERNAME", DB_SYSTEM, KEY_SENTINEL_USERNAME, 16, 0, false, false},
    {S, "REDIS_SENTINEL_PASSWORD", DB_SYSTEM, KEY_SENTINEL_PASSWORD, 16, 0, false, false},
    {S, "REDIS_SSL_CA", DB_SYSTEM, KEY_TLS_CA, 16, 0, false, false},
    {S, "REDIS_SSL_CERT", DB_SYSTEM, KEY_TLS_CERT, 16, 0, false, false},
    {S, "REDIS_SSL_KEY", DB_SYSTEM, KEY_TLS_KEY, 16, 0, false, false},
};

const struct key_def *
key_at(unsigned index)
{
    return index < sizeof(keys) / sizeof(keys[0]) ? &keys[index] : NULL;
}

const struct key_def *
key_find(const char *secret, const char *key)
{
    const struct key_def *k;
    unsigned i;
    for (i = 0; (k = key_at(i)); i++)
        if (strcmp(k->secret, secret) == 0 && strcmp(k->name, key) == 0)
            return k;
    return NULL;
}

const struct key_def *
key_for(enum redis_db db, enum key_role role)
{
    const struct key_def *k;
    unsigned i;
    for (i = 0; (k = key_at(i)); i++)
        if (k->db == db && k->role == role)
            return k;
    return NULL;
}

bool
key_read_in(const struct key_def *def, int minor)
{
    return minor >= def->since && (def->until == 0 || minor < def->until);
}

const char *
db_label(enum redis_db db)
{
    switch (db) {
    case DB_STORAGE:
        return "storage";
    case DB_QUEUES:
        return "queues";
    case DB_SYSTEM:
        return "system";
    case DB_MESSAGE_BUS:
        return "message bus";
    case DB__MAX:
        break;
    }
    return "?";
}
