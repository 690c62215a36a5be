/* role.c - how each component reads a *_SENTINEL_ROLE value (facts §3.1, §3.3, §3.4,
 * §4.1-§4.2, App. B). */
#include "readers.h"

#include <string.h>

#include "uri.h"

#include "banned.h"

static bool
is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(s, word, len) == 0;
}

static bool
is_ci(const char *s, size_t len, const char *word)
{
    size_t i;
    if (strlen(word) != len)
        return false;
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

static void
role_fail(struct role_reading *out, enum role_fail why)
{
    out->status = READ_FAIL;
    out->fail = why;
    out->role = ROLE_NONE;
}

/* The exact (case- and whitespace-sensitive) role names a client accepts. */
static void
accept_role(struct role_reading *out, const char *s, size_t len, bool replica)
{
    out->status = READ_OK;
    if (is(s, len, "master"))
        out->role = ROLE_MASTER;
    else if (is(s, len, "slave"))
        out->role = ROLE_SLAVE;
    else if (replica && is(s, len, "replica"))
        out->role = ROLE_REPLICA;
    else
        role_fail(out, ROLE_FAIL_UNKNOWN);
}

/* apisonator: "#{CONFIG_*_SENTINEL_ROLE}".to_sym, dropped by cfg_compact when blank and by
 * cfg_sentinels_handler when there are no sentinels. The client decides which roles pass. */
static void
read_apisonator(struct role_reading *out, const struct read_env *env, const char *s,
                size_t len, bool async)
{
    out->status = READ_OK;
    if (rb_blank(s, len)) {
        /* no role: async asks for the master explicitly (role || :master) */
        if (async && env->sentinels)
            out->role = ROLE_MASTER;
        return;
    }
    if (!env->sentinels) {
        out->ignored = true;
        return;
    }
    accept_role(out, s, len, client_accepts_replica(env->client));
}

enum yaml_value {
    YAML_NULL,   /* empty, ~, null: blank, dropped */
    YAML_FALSE,  /* false/no/off: blank? is true for false, dropped */
    YAML_OTHER,  /* true/yes/on, a number, a collection, a syntax error: not a role name */
    YAML_STRING, /* a string, in (*str, *slen) */
};

static bool
yaml_space(char c)
{
    return c == ' ' || c == '\t';
}

/* What Psych makes of `role: <value>` (an unquoted YAML 1.1 scalar). */
static enum yaml_value
porta_yaml_plain(const char *s, size_t len, const char **str, size_t *slen)
{
    size_t i;

    /* line breaks at the end are harmless; leading blanks are not part of the scalar */
    while (len > 0 && (yaml_space(s[len - 1]) || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    while (len > 0 && yaml_space(s[0])) {
        s++;
        len--;
    }
    if (len == 0 || s[0] == '#')
        return YAML_NULL;
    /* a comment starts at a '#' after a blank */
    for (i = 1; i < len; i++)
        if (s[i] == '#' && yaml_space(s[i - 1])) {
            len = i;
            while (len > 0 && yaml_space(s[len - 1]))
                len--;
            break;
        }
    for (i = 0; i < len; i++)
        if (s[i] == '\n' || s[i] == '\r')
            return YAML_OTHER; /* a value over several lines: not a plain role name */
    if (s[0] == '"' || s[0] == '\'') {
        /* a quoted scalar is a string, with no boolean resolution */
        if (len < 2 || s[len - 1] != s[0] || memchr(s + 1, s[0], len - 2) ||
            memchr(s, '\\', len))
            return YAML_OTHER;
        *str = s + 1;
        *slen = len - 2;
        return *slen == 0 ? YAML_NULL : YAML_STRING;
    }
    if (strchr("[]{},&*!|>%@`", s[0]) ||
        ((s[0] == '-' || s[0] == '?' || s[0] == ':') && (len == 1 || yaml_space(s[1]))))
        return YAML_OTHER;
    for (i = 0; i < len; i++)
        if (s[i] == ':' && (i + 1 == len || yaml_space(s[i + 1])))
            return YAML_OTHER; /* a mapping */
    if (is(s, len, "~") || is_ci(s, len, "null"))
        return YAML_NULL;
    if (is_ci(s, len, "yes") || is_ci(s, len, "true") || is_ci(s, len, "on"))
        return YAML_OTHER;
    if (is_ci(s, len, "no") || is_ci(s, len, "false") || is_ci(s, len, "off"))
        return YAML_FALSE;
    if ((s[0] >= '0' && s[0] <= '9') || ((s[0] == '-' || s[0] == '+' || s[0] == '.') &&
                                         len > 1 && s[1] >= '0' && s[1] <= '9'))
        return YAML_OTHER; /* Psych reads numbers as Integer or Float */
    *str = s;
    *slen = len;
    return YAML_STRING;
}

/* porta: `role: <%= ENV[...] %>` unquoted in its YAML config, then RedisConfig drops blank
 * values (nil, false, whitespace). redis-client refuses a role without sentinels (unknown
 * keyword :role); redis-rb 4 ignores it. */
static void
read_porta(struct role_reading *out, const struct read_env *env, const char *s, size_t len)
{
    const char *str = NULL;
    size_t slen = 0;
    enum yaml_value v = porta_yaml_plain(s, len, &str, &slen);

    out->status = READ_OK;
    if (v == YAML_NULL || v == YAML_FALSE || (v == YAML_STRING && rb_blank(str, slen)))
        return;
    if (!env->sentinels) {
        if (env->client == CLIENT_REDIS_CLIENT)
            role_fail(out, ROLE_FAIL_NO_SENTINELS);
        else
            out->ignored = true;
        return;
    }
    if (v == YAML_OTHER) {
        role_fail(out, ROLE_FAIL_UNKNOWN);
        return;
    }
    accept_role(out, str, slen, client_accepts_replica(env->client));
}

void
role_read(struct role_reading *out, enum reader reader, const struct read_env *env,
          const char *value, size_t len)
{
    memset(out, 0, sizeof(*out));
    out->status = READ_NOT_APPLICABLE;
    if (!value) {
        value = "";
        len = 0;
    }
    if (env->client == CLIENT_NONE)
        return;
    switch (reader) {
    case READER_BACKEND_SYNC:
        read_apisonator(out, env, value, len, false);
        break;
    case READER_BACKEND_ASYNC:
        read_apisonator(out, env, value, len, true);
        break;
    case READER_SYSTEM:
        read_porta(out, env, value, len);
        break;
    case READER_OPERATOR:  /* no validation of role values (§5) */
    case READER_PREFLIGHT: /* FailoverClient always asks for the master */
    case READER__MAX:
        break;
    }
}
