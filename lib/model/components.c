/* components.c - names of the 3scale components and of the Redis clients they use, and what
 * each client does with roles and user names. Which client a component uses in a version is
 * in the version profiles (lib/model/profile.c), nowhere else. */
#include "components.h"

#include <string.h>

#include "util.h"

#include "banned.h"

static const char *const reader_names[READER__MAX] = {
    [READER_BACKEND_SYNC] = "backend (sync)",
    [READER_BACKEND_ASYNC] = "backend (async)",
    [READER_SYSTEM] = "system (porta)",
    [READER_OPERATOR] = "operator",
    [READER_PREFLIGHT] = "operator preflight",
};

static const char *const reader_profile_names[READER__MAX] = {
    [READER_BACKEND_SYNC] = "backend_sync",
    [READER_BACKEND_ASYNC] = "backend_async",
    [READER_SYSTEM] = "system",
    [READER_OPERATOR] = "operator",
    [READER_PREFLIGHT] = "preflight",
};

static const char *const client_names[CLIENT__MAX] = {
    [CLIENT_NONE] = NULL,
    [CLIENT_REDIS_RB4] = "redis-rb-4",
    [CLIENT_REDIS_CLIENT] = "redis-client",
    [CLIENT_ASYNC_REDIS] = "async-redis",
    [CLIENT_PREFIX_CHECK] = "prefix-check",
    [CLIENT_GO_REDIS] = "go-redis",
};

const char *
reader_name(enum reader reader)
{
    return (unsigned)reader < READER__MAX ? reader_names[reader] : "?";
}

const char *
reader_profile_name(enum reader reader)
{
    return (unsigned)reader < READER__MAX ? reader_profile_names[reader] : "?";
}

const char *
client_name(enum redis_client client)
{
    return (unsigned)client < CLIENT__MAX ? client_names[client] : NULL;
}

bool
client_parse(enum redis_client *out, const char *name)
{
    size_t i;
    for (i = 0; i < ARRAY_SIZE(client_names); i++)
        if (client_names[i] && strcmp(client_names[i], name) == 0) {
            *out = (enum redis_client)i;
            return true;
        }
    return false;
}

/* redis-client's sentinel config takes role: :master, :replica or :slave; redis-rb 4 and
 * async-redis only :master and :slave (facts §3.1, §3.4, §4.2). */
bool
client_accepts_replica(enum redis_client client)
{
    return client == CLIENT_REDIS_CLIENT;
}

/* redis-client: `username ||= url_config.username` (the key, when set, wins); apisonator's
 * async client: `uri.user || opts[:username]`, `uri.password || opts[:password]` (the URL
 * wins). redis-rb 4 and go-redis never take these keys (they came in 2.16, with redis-client,
 * and the facts give the preflight only the URL's). */
bool
client_credential_keys_win(enum redis_client client)
{
    return client == CLIENT_REDIS_CLIENT;
}
