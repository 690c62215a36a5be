/* components.h - the 3scale components that read the Redis Secrets, and the Redis client
 * each one parses them with.
 *
 * Which component exists in which 3scale version, with which client, is data: the "clients"
 * member of each version profile (schemas/3scale-X.Y.json). Which keys a component reads is
 * the profile's env blocks ("backend", "system"). The code holds only what a client does with
 * a value (lib/readers/url.c, sentinels.c, role.c), keyed by the client, never by a version
 * number.
 */
#ifndef RLINT_COMPONENTS_H
#define RLINT_COMPONENTS_H

#include <stdbool.h>

enum reader {
    READER_BACKEND_SYNC,  /* apisonator sync client: backend-cron always, listener/worker when
                             not async */
    READER_BACKEND_ASYNC, /* apisonator async client, listener/worker in async mode */
    READER_SYSTEM,        /* porta (system-app, sidekiq, hooks): ERB into YAML, then RedisConfig */
    READER_OPERATOR,      /* 3scale-operator Secret validation (ValidateRedisURLPrefix) */
    READER_PREFLIGHT,     /* 3scale-operator preflight (go-redis ParseURL) */
    READER__MAX
};

enum redis_client {
    CLIENT_NONE,           /* the component does not exist in that version */
    CLIENT_REDIS_RB4,      /* redis-rb 4 (apisonator's fork <=2.14, porta <=2.15) */
    CLIENT_REDIS_CLIENT,   /* redis-rb 5 / redis-client (apisonator 2.15+, porta 2.16+) */
    CLIENT_ASYNC_REDIS,    /* apisonator's async-redis */
    CLIENT_PREFIX_CHECK,   /* the operator's URL prefix validation */
    CLIENT_GO_REDIS,       /* go-redis ParseURL / FailoverOptions (the operator preflight) */
    CLIENT__MAX
};

/* "backend (sync)", "backend (async)", "system (porta)", "operator", "operator preflight" */
const char *reader_name(enum reader reader);
/* The profile member naming the reader: "backend_sync", ..., "preflight". */
const char *reader_profile_name(enum reader reader);
/* The profile value naming the client: "redis-rb-4", "redis-client", "async-redis",
 * "prefix-check", "go-redis"; NULL for CLIENT_NONE. */
const char *client_name(enum redis_client client);
/* Parses a client name; false when it is not one. */
bool client_parse(enum redis_client *out, const char *name);

/* Roles as the client handles them (facts §3-§5). */
bool client_accepts_replica(enum redis_client client); /* role "replica" besides master/slave */

/* Credentials as the client combines them (facts §3.2 item 6, §3.4, §4.2 item 6): whether the
 * *_USERNAME and *_PASSWORD keys win over the URL's user and password. redis-client: the keys
 * (explicit options win); async-redis: the URL's (`uri.password || opts[:password]`). */
bool client_credential_keys_win(enum redis_client client);

#endif
