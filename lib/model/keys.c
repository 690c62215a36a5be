/* keys.c - what each key of backend-redis and system-redis means: which database, which
 * setting. Which version reads it is data: the profiles in schemas/. */
#include "keys.h"

#include <stddef.h>
#include <string.h>

#include "banned.h"

#define B "backend-redis"
#define S "system-redis"

static const struct key_def keys[] = {
    {B, "REDIS_STORAGE_URL", DB_STORAGE, KEY_URL},
    {B, "REDIS_STORAGE_SENTINEL_HOSTS", DB_STORAGE, KEY_SENTINEL_HOSTS},
    {B, "REDIS_STORAGE_SENTINEL_ROLE", DB_STORAGE, KEY_SENTINEL_ROLE},
    {B, "REDIS_QUEUES_URL", DB_QUEUES, KEY_URL},
    {B, "REDIS_QUEUES_SENTINEL_HOSTS", DB_QUEUES, KEY_SENTINEL_HOSTS},
    {B, "REDIS_QUEUES_SENTINEL_ROLE", DB_QUEUES, KEY_SENTINEL_ROLE},
    {B, "REDIS_STORAGE_USERNAME", DB_STORAGE, KEY_USERNAME},
    {B, "REDIS_STORAGE_PASSWORD", DB_STORAGE, KEY_PASSWORD},
    {B, "REDIS_STORAGE_SENTINEL_USERNAME", DB_STORAGE, KEY_SENTINEL_USERNAME},
    {B, "REDIS_STORAGE_SENTINEL_PASSWORD", DB_STORAGE, KEY_SENTINEL_PASSWORD},
    {B, "REDIS_QUEUES_USERNAME", DB_QUEUES, KEY_USERNAME},
    {B, "REDIS_QUEUES_PASSWORD", DB_QUEUES, KEY_PASSWORD},
    {B, "REDIS_QUEUES_SENTINEL_USERNAME", DB_QUEUES, KEY_SENTINEL_USERNAME},
    {B, "REDIS_QUEUES_SENTINEL_PASSWORD", DB_QUEUES, KEY_SENTINEL_PASSWORD},
    {B, "REDIS_SSL_CA", DB_STORAGE, KEY_TLS_CA},
    {B, "REDIS_SSL_CERT", DB_STORAGE, KEY_TLS_CERT},
    {B, "REDIS_SSL_KEY", DB_STORAGE, KEY_TLS_KEY},
    {B, "REDIS_SSL_QUEUES_CA", DB_QUEUES, KEY_TLS_CA},
    {B, "REDIS_SSL_QUEUES_CERT", DB_QUEUES, KEY_TLS_CERT},
    {B, "REDIS_SSL_QUEUES_KEY", DB_QUEUES, KEY_TLS_KEY},

    {S, "URL", DB_SYSTEM, KEY_URL},
    {S, "SENTINEL_HOSTS", DB_SYSTEM, KEY_SENTINEL_HOSTS},
    {S, "SENTINEL_ROLE", DB_SYSTEM, KEY_SENTINEL_ROLE},
    {S, "NAMESPACE", DB_SYSTEM, KEY_NAMESPACE},
    {S, "MESSAGE_BUS_URL", DB_MESSAGE_BUS, KEY_URL},
    {S, "MESSAGE_BUS_NAMESPACE", DB_MESSAGE_BUS, KEY_NAMESPACE},
    {S, "MESSAGE_BUS_SENTINEL_HOSTS", DB_MESSAGE_BUS, KEY_SENTINEL_HOSTS},
    {S, "MESSAGE_BUS_SENTINEL_ROLE", DB_MESSAGE_BUS, KEY_SENTINEL_ROLE},
    {S, "REDIS_USERNAME", DB_SYSTEM, KEY_USERNAME},
    {S, "REDIS_PASSWORD", DB_SYSTEM, KEY_PASSWORD},
    {S, "REDIS_SENTINEL_USERNAME", DB_SYSTEM, KEY_SENTINEL_USERNAME},
    {S, "REDIS_SENTINEL_PASSWORD", DB_SYSTEM, KEY_SENTINEL_PASSWORD},
    {S, "REDIS_SSL_CA", DB_SYSTEM, KEY_TLS_CA},
    {S, "REDIS_SSL_CERT", DB_SYSTEM, KEY_TLS_CERT},
    {S, "REDIS_SSL_KEY", DB_SYSTEM, KEY_TLS_KEY},
};
/* profile.h reads_keys holds one bit per key */
_Static_assert(sizeof(keys) / sizeof(keys[0]) <= 64, "a key mask is 64 bits");

const struct key_def *
key_at(unsigned index)
{
    return index < sizeof(keys) / sizeof(keys[0]) ? &keys[index] : NULL;
}

const struct key_def *
key_find(const char *secret, const char *key)
{
    size_t i;
    /* the name first, its first byte before a call: most names differ there */
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (keys[i].name[0] == key[0] && strcmp(keys[i].name, key) == 0 &&
            strcmp(keys[i].secret, secret) == 0)
            return &keys[i];
    return NULL;
}

const struct key_def *
key_for(enum redis_db db, enum key_role role)
{
    /* keys[] position + 1 of each db's role (0: none), so the rules' thousands of lookups
     * per install index instead of scanning the table */
    static const unsigned char at[DB__MAX][KEY__MAX] = {
        [DB_STORAGE] = {[KEY_URL] = 1, [KEY_SENTINEL_HOSTS] = 2, [KEY_SENTINEL_ROLE] = 3,
                        [KEY_USERNAME] = 7, [KEY_PASSWORD] = 8, [KEY_SENTINEL_USERNAME] = 9,
                        [KEY_SENTINEL_PASSWORD] = 10, [KEY_TLS_CA] = 15, [KEY_TLS_CERT] = 16,
                        [KEY_TLS_KEY] = 17},
        [DB_QUEUES] = {[KEY_URL] = 4, [KEY_SENTINEL_HOSTS] = 5, [KEY_SENTINEL_ROLE] = 6,
                       [KEY_USERNAME] = 11, [KEY_PASSWORD] = 12, [KEY_SENTINEL_USERNAME] = 13,
                       [KEY_SENTINEL_PASSWORD] = 14, [KEY_TLS_CA] = 18, [KEY_TLS_CERT] = 19,
                       [KEY_TLS_KEY] = 20},
        [DB_SYSTEM] = {[KEY_URL] = 21, [KEY_SENTINEL_HOSTS] = 22, [KEY_SENTINEL_ROLE] = 23,
                       [KEY_NAMESPACE] = 24, [KEY_USERNAME] = 29, [KEY_PASSWORD] = 30,
                       [KEY_SENTINEL_USERNAME] = 31, [KEY_SENTINEL_PASSWORD] = 32,
                       [KEY_TLS_CA] = 33, [KEY_TLS_CERT] = 34, [KEY_TLS_KEY] = 35},
        [DB_MESSAGE_BUS] = {[KEY_URL] = 25, [KEY_NAMESPACE] = 26, [KEY_SENTINEL_HOSTS] = 27,
                            [KEY_SENTINEL_ROLE] = 28},
    };
    if ((unsigned)db >= DB__MAX || (unsigned)role >= KEY__MAX || !at[db][role])
        return NULL;
    return &keys[at[db][role] - 1];
}

unsigned
key_index(const struct key_def *def)
{
    return (unsigned)(def - keys);
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
