/* profile.c - reading and validating version profiles (schemas/3scale-X.Y.json), with jansson.
 *
 * The validation is strict, like the JSON Schema in schemas/profile.schema.json: unknown
 * fields are errors, so a typo in a profile given with --schemas cannot silently drop a rule.
 */
#include "profile.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "version.h"
#include "util.h"
#include "banned.h"

struct parser {
    struct profile *p;
    struct strbuf err;
    bool failed;
};

static bool fail(struct parser *ps, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool
fail(struct parser *ps, const char *path, const char *fmt, ...)
{
    va_list ap;
    if (ps->failed)
        return false;
    ps->failed = true;
    strbuf_addf(&ps->err, "%s: ", path);
    va_start(ap, fmt);
    strbuf_vaddf(&ps->err, fmt, ap);
    va_end(ap);
    return false;
}

/* Every member of obj must be one of allowed (NULL-terminated). */
static bool
closed(struct parser *ps, json_t *obj, const char *path, const char *const *allowed)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        const char *const *a;
        for (a = allowed; *a; a++)
            if (strcmp(*a, k) == 0)
                break;
        if (!*a)
            return fail(ps, path, "unknown member '%s'", k);
    }
    return true;
}

static const char *
get_string(struct parser *ps, json_t *obj, const char *member, const char *path)
{
    json_t *v = json_object_get(obj, member);
    if (!json_is_string(v) || json_string_length(v) == 0) {
        fail(ps, path, "'%s' must be a non-empty string", member);
        return NULL;
    }
    return json_string_value(v);
}

static int
parse_version(const char *s)
{
    char *end;
    long minor;
    if (!s || strncmp(s, "2.", 2) != 0)
        return -1;
    minor = strtol(s + 2, &end, 10);
    if (*end || end == s + 2 || minor < MINOR_MIN || minor > MINOR_MAX)
        return -1;
    return (int)minor;
}

static bool
parse_keys(struct parser *ps, json_t *secrets)
{
    static const char *const key_members[] = {"status", "operator_fills", NULL};
    static const char *const statuses[] = {"required", "optional", "deprecated", "not-read"};
    const char *secret, *key;
    json_t *keys, *def;
    size_t n = 0;

    if (!json_is_object(secrets))
        return fail(ps, "secrets", "must be an object");
    json_object_foreach(secrets, secret, keys) {
        if (!json_is_object(keys))
            return fail(ps, "secrets", "'%s' must be an object", secret);
        n += json_object_size(keys);
    }
    ps->p->keys = calloc(n ? n : 1, sizeof(*ps->p->keys));
    if (!ps->p->keys)
        return false;
    json_object_foreach(secrets, secret, keys) {
        json_object_foreach(keys, key, def) {
            struct profile_key *k = &ps->p->keys[ps->p->nkeys];
            const char *status;
            json_t *fills;
            size_t i;
            if (!json_is_object(def))
                return fail(ps, "secrets", "%s.%s must be an object", secret, key);
            if (!closed(ps, def, key, key_members))
                return false;
            status = get_string(ps, def, "status", key);
            if (!status)
                return false;
            for (i = 0; i < ARRAY_SIZE(statuses); i++)
                if (strcmp(status, statuses[i]) == 0)
                    break;
            if (i == ARRAY_SIZE(statuses))
                return fail(ps, key, "unknown status '%s'", status);
            fills = json_object_get(def, "operator_fills");
            if (fills && !json_is_boolean(fills))
                return fail(ps, key, "'operator_fills' must be a boolean");
            k->secret = secret;
            k->name = key;
            k->status = (enum key_status)i;
            k->operator_fills = json_is_true(fills);
            ps->p->nkeys++;
        }
    }
    return true;
}

static bool
parse_blocks(struct parser *ps, json_t *blocks)
{
    static const char *const env_members[] = {"name", "secret", "key", "optional",
                                                  "ignored", NULL};
    const char *name;
    json_t *list;
    size_t n = 0;

    if (!json_is_object(blocks))
        return fail(ps, "env_blocks", "must be an object");
    ps->p->blocks = calloc(json_object_size(blocks) + 1, sizeof(*ps->p->blocks));
    if (!ps->p->blocks)
        return false;
    json_object_foreach(blocks, name, list) {
        struct profile_block *b = &ps->p->blocks[n++];
        size_t i;
        json_t *e;
        if (!json_is_array(list))
            return fail(ps, name, "an env block must be an array");
        b->name = name;
        b->envs = calloc(json_array_size(list) + 1, sizeof(*b->envs));
        if (!b->envs)
            return false;
        json_array_foreach(list, i, e) {
            struct profile_env *env = &b->envs[b->count];
            const struct profile_key *k;
            json_t *opt;
            if (!json_is_object(e) || !closed(ps, e, name, env_members))
                return fail(ps, name, "entry %zu must be an object", i);
            env->name = get_string(ps, e, "name", name);
            env->secret = get_string(ps, e, "secret", name);
            env->key = get_string(ps, e, "key", name);
            if (!env->name || !env->secret || !env->key)
                return false;
            opt = json_object_get(e, "optional");
            if (opt && !json_is_boolean(opt))
                return fail(ps, name, "'%s': 'optional' must be a boolean", env->name);
            env->optional = json_is_true(opt);
            opt = json_object_get(e, "ignored");
            if (opt && !json_is_boolean(opt))
                return fail(ps, name, "'%s': 'ignored' must be a boolean", env->name);
            env->ignored = json_is_true(opt);
            k = profile_key(ps->p, env->secret, env->key);
            if (!k || (k->status != KEY_STATUS_REQUIRED && k->status != KEY_STATUS_OPTIONAL))
                return fail(ps, name, "'%s' reads %s/%s, which is not a key the profile reads",
                            env->name, env->secret, env->key);
            b->count++;
        }
        ps->p->nblocks++;
    }
    return true;
}

static const struct profile_block *
find_block(const struct profile *p, const char *name)
{
    size_t i;
    for (i = 0; i < p->nblocks; i++)
        if (strcmp(p->blocks[i].name, name) == 0)
            return &p->blocks[i];
    return NULL;
}

static bool
parse_block_names(struct parser *ps, json_t *list, const char *path,
                  const struct profile_block ***out, size_t *n)
{
    size_t i;
    json_t *v;
    if (!json_is_array(list))
        return fail(ps, path, "'env' must be an array of block names");
    *out = calloc(json_array_size(list) + 1, sizeof(**out));
    if (!*out)
        return false;
    json_array_foreach(list, i, v) {
        const struct profile_block *b =
            json_is_string(v) ? find_block(ps->p, json_string_value(v)) : NULL;
        if (!b)
            return fail(ps, path, "env block %zu is not a block of env_blocks", i);
        (*out)[(*n)++] = b;
    }
    return true;
}

static bool
parse_containers(struct parser *ps, json_t *list, const char *path, bool init,
                 struct profile_workload *w)
{
    static const char *const members[] = {"name", "env", NULL};
    size_t i;
    json_t *c;
    if (!list)
        return true;
    if (!json_is_array(list))
        return fail(ps, path, "containers must be an array");
    json_array_foreach(list, i, c) {
        struct profile_container *pc = &w->containers[w->ncontainers];
        if (!json_is_object(c) || !closed(ps, c, path, members))
            return fail(ps, path, "container %zu must be an object", i);
        pc->name = get_string(ps, c, "name", path);
        if (!pc->name ||
            !parse_block_names(ps, json_object_get(c, "env"), path, &pc->blocks, &pc->nblocks))
            return false;
        pc->init = init;
        w->ncontainers++;
    }
    return true;
}

static bool
parse_workloads(struct parser *ps, json_t *list)
{
    static const char *const members[] = {"kind", "name", "containers", "init_containers",
                                          "hooks", "$comment", NULL};
    static const char *const hook_members[] = {"phase", "container", "env", NULL};
    size_t i, j;
    json_t *w, *h;

    if (!json_is_array(list))
        return fail(ps, "workloads", "must be an array");
    ps->p->workloads = calloc(json_array_size(list) + 1, sizeof(*ps->p->workloads));
    if (!ps->p->workloads)
        return false;
    json_array_foreach(list, i, w) {
        struct profile_workload *pw = &ps->p->workloads[ps->p->nworkloads];
        json_t *cs = json_object_get(w, "containers"), *ics = json_object_get(w, "init_containers");
        json_t *hooks = json_object_get(w, "hooks");
        if (!json_is_object(w) || !closed(ps, w, "workloads", members))
            return fail(ps, "workloads", "entry %zu must be an object", i);
        pw->kind = get_string(ps, w, "kind", "workloads");
        pw->name = get_string(ps, w, "name", "workloads");
        if (!pw->kind || !pw->name)
            return false;
        pw->containers = calloc(json_array_size(cs) + json_array_size(ics) + 1,
                                sizeof(*pw->containers));
        if (!pw->containers)
            return false;
        if (!parse_containers(ps, cs, pw->name, false, pw) ||
            !parse_containers(ps, ics, pw->name, true, pw))
            return false;
        if (hooks) {
            if (!json_is_array(hooks))
                return fail(ps, pw->name, "'hooks' must be an array");
            pw->hooks = calloc(json_array_size(hooks) + 1, sizeof(*pw->hooks));
            if (!pw->hooks)
                return false;
            json_array_foreach(hooks, j, h) {
                struct profile_hook *ph = &pw->hooks[pw->nhooks];
                if (!json_is_object(h) || !closed(ps, h, pw->name, hook_members))
                    return fail(ps, pw->name, "hook %zu must be an object", j);
                ph->phase = get_string(ps, h, "phase", pw->name);
                ph->container = get_string(ps, h, "container", pw->name);
                if (!ph->phase || !ph->container ||
                    !parse_block_names(ps, json_object_get(h, "env"), pw->name, &ph->blocks,
                                       &ph->nblocks))
                    return false;
                pw->nhooks++;
            }
        }
        ps->p->nworkloads++;
    }
    return true;
}

/* The clients each component uses (absent: the component is not in that version) and, for
 * the apps, the env block whose keys it reads. Each component has its own possible clients. */
static bool
parse_clients(struct parser *ps, json_t *clients)
{
    static const char *const members[] = {"backend_sync", "backend_async", "system", "operator",
                                          "preflight", NULL};
    static const unsigned allowed[READER__MAX] = {
        [READER_BACKEND_SYNC] = 1u << CLIENT_REDIS_RB4 | 1u << CLIENT_REDIS_CLIENT,
        [READER_BACKEND_ASYNC] = 1u << CLIENT_ASYNC_REDIS,
        [READER_SYSTEM] = 1u << CLIENT_REDIS_RB4 | 1u << CLIENT_REDIS_CLIENT,
        [READER_OPERATOR] = 1u << CLIENT_PREFIX_CHECK,
        [READER_PREFLIGHT] = 1u << CLIENT_GO_REDIS,
    };
    static const char *const app_blocks[READER__MAX] = {
        [READER_BACKEND_SYNC] = "backend",
        [READER_BACKEND_ASYNC] = "backend",
        [READER_SYSTEM] = "system",
    };
    int r;

    if (!json_is_object(clients) || !closed(ps, clients, "clients", members))
        return fail(ps, "clients", "must be an object with backend_sync, backend_async, "
                                   "system, operator, preflight");
    for (r = 0; r < READER__MAX; r++) {
        const char *name = reader_profile_name((enum reader)r);
        json_t *v = json_object_get(clients, name);
        enum redis_client c = CLIENT_NONE;
        if (v && (!json_is_string(v) || !client_parse(&c, json_string_value(v)) ||
                  !(allowed[r] & 1u << c)))
            return fail(ps, "clients", "'%s' is not a client that component can use", name);
        if (!v && (r == READER_BACKEND_SYNC || r == READER_SYSTEM))
            return fail(ps, "clients", "'%s' is required: that component is in every version",
                        name);
        ps->p->clients[r] = c;
        if (c != CLIENT_NONE && app_blocks[r]) {
            size_t i;
            for (i = 0; i < ps->p->nblocks; i++)
                if (strcmp(ps->p->blocks[i].name, app_blocks[r]) == 0)
                    ps->p->reads[r] = &ps->p->blocks[i];
            if (!ps->p->reads[r])
                return fail(ps, "clients", "'%s' reads the env block '%s', which is missing",
                            name, app_blocks[r]);
        }
    }
    if (ps->p->async_default && ps->p->clients[READER_BACKEND_ASYNC] == CLIENT_NONE)
        return fail(ps, "clients", "the backend runs async by default but has no backend_async "
                                   "client");
    return true;
}

/* "7.0.0": three dot-separated numbers, as the operator's preflight compares them. */
static bool
redis_version_ok(const char *v)
{
    int parts = 0;
    while (*v) {
        if (*v < '0' || *v > '9')
            return false;
        while (*v >= '0' && *v <= '9')
            v++;
        parts++;
        if (*v == '.' && v[1])
            v++;
        else if (*v)
            return false;
    }
    return parts == 3;
}

/* The optional redis_min_version: {"backend": "7.0.0", "system": "7.0.0"}. */
static bool
parse_redis_min(struct parser *ps, json_t *obj)
{
    static const char *const members[] = {"backend", "system", NULL};
    size_t i;
    if (!obj)
        return true;
    if (!json_is_object(obj))
        return fail(ps, "redis_min_version", "must be an object");
    if (!closed(ps, obj, "redis_min_version", members))
        return false;
    for (i = 0; members[i]; i++) {
        json_t *v = json_object_get(obj, members[i]);
        if (!v)
            continue;
        if (!json_is_string(v) || !redis_version_ok(json_string_value(v)))
            return fail(ps, "redis_min_version", "'%s' must be a version like \"7.0.0\"",
                        members[i]);
        ps->p->redis_min[i] = json_string_value(v);
    }
    return true;
}

static void
mask_reads(struct profile *p)
{
    const struct key_def *def;
    unsigned i;
    int r;
    for (i = 0; (def = key_at(i)) != NULL; i++)
        for (r = 0; r < READER__MAX; r++)
            if (profile_reads_key(p, (enum reader)r, def->secret, def->name))
                p->reads_keys[r] |= 1ull << i;
}

int
profile_parse(struct profile *out, const char *name, const char *buf, size_t len, char **error)
{
    static const char *const members[] = {"$comment", "profile", "from", "to", "workload_kind",
                                          "backend_async_default", "redis_min_version",
                                          "clients", "secrets", "env_blocks", "workloads",
                                          NULL};
    struct parser ps = {0};
    json_error_t jerr;
    json_t *async;
    const char *wk;

    memset(out, 0, sizeof(*out));
    ps.p = out;
    strbuf_init(&ps.err);
    *error = NULL;
    out->json = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!out->json) {
        strbuf_addf(&ps.err, "%s:%d:%d: %s", name, jerr.line, jerr.column, jerr.text);
        ps.failed = true;
        goto out;
    }
    out->name = xstrdup(name);
    if (!out->name)
        goto oom;
    if (!json_is_object(out->json)) {
        fail(&ps, name, "a profile is a JSON object");
        goto out;
    }
    if (!closed(&ps, out->json, name, members))
        goto out;
    out->from = parse_version(json_string_value(json_object_get(out->json, "from")));
    out->to = parse_version(json_string_value(json_object_get(out->json, "to")));
    if (out->from < 0 || out->to < 0 || out->from > out->to) {
        fail(&ps, name, "'from' and 'to' must be versions 2.0 to 2.16, from <= to");
        goto out;
    }
    wk = get_string(&ps, out->json, "workload_kind", name);
    if (!wk)
        goto out;
    if (strcmp(wk, "DeploymentConfig") != 0 && strcmp(wk, "Deployment") != 0) {
        fail(&ps, name, "'workload_kind' must be DeploymentConfig or Deployment");
        goto out;
    }
    out->deployment_config = strcmp(wk, "DeploymentConfig") == 0;
    async = json_object_get(out->json, "backend_async_default");
    if (!json_is_boolean(async)) {
        fail(&ps, name, "'backend_async_default' must be a boolean");
        goto out;
    }
    out->async_default = json_is_true(async);
    if (!parse_redis_min(&ps, json_object_get(out->json, "redis_min_version")))
        goto out;
    if (!parse_keys(&ps, json_object_get(out->json, "secrets")) ||
        !parse_blocks(&ps, json_object_get(out->json, "env_blocks")) ||
        !parse_workloads(&ps, json_object_get(out->json, "workloads")) ||
        !parse_clients(&ps, json_object_get(out->json, "clients")))
        if (!ps.failed)
            goto oom;
    if (!ps.failed)
        mask_reads(out);
out:
    if (ps.failed) {
        *error = strbuf_finish(&ps.err);
        profile_release(out);
        return *error ? RLINT_EINVAL : RLINT_ENOMEM;
    }
    strbuf_release(&ps.err);
    return RLINT_OK;
oom:
    strbuf_release(&ps.err);
    profile_release(out);
    return RLINT_ENOMEM;
}

void
profile_release(struct profile *p)
{
    size_t i, j;
    if (!p)
        return;
    /* every array has one zeroed spare element, so "<= count" also frees the half-built
     * entry a failed parse leaves behind */
    for (i = 0; p->blocks && i <= p->nblocks; i++)
        free(p->blocks[i].envs);
    free(p->blocks);
    for (i = 0; p->workloads && i <= p->nworkloads; i++) {
        struct profile_workload *w = &p->workloads[i];
        for (j = 0; w->containers && j <= w->ncontainers; j++)
            free(w->containers[j].blocks);
        free(w->containers);
        for (j = 0; w->hooks && j <= w->nhooks; j++)
            free(w->hooks[j].blocks);
        free(w->hooks);
    }
    free(p->workloads);
    free(p->keys);
    free(p->name);
    json_decref(p->json);
    memset(p, 0, sizeof(*p));
}

const struct profile_key *
profile_key(const struct profile *p, const char *secret, const char *key)
{
    size_t i;
    /* the name first, its first byte before a call: the Secret's name is one of two and
     * equal over its whole length for half the keys, while names mostly differ early */
    for (i = 0; i < p->nkeys; i++)
        if (p->keys[i].name[0] == key[0] && strcmp(p->keys[i].name, key) == 0 &&
            strcmp(p->keys[i].secret, secret) == 0)
            return &p->keys[i];
    return NULL;
}

const struct profile_workload *
profile_workload(const struct profile *p, const char *kind, const char *name)
{
    size_t i;
    for (i = 0; i < p->nworkloads; i++)
        if (strcmp(p->workloads[i].name, name) == 0 && strcmp(p->workloads[i].kind, kind) == 0)
            return &p->workloads[i];
    return NULL;
}

bool
profile_reads_key(const struct profile *p, enum reader reader, const char *secret,
                  const char *key)
{
    const struct profile_block *b;
    size_t i;
    if (!p || (unsigned)reader >= READER__MAX || !(b = p->reads[reader]))
        return false;
    for (i = 0; i < b->count; i++)
        if (strcmp(b->envs[i].secret, secret) == 0 && strcmp(b->envs[i].key, key) == 0)
            return true;
    return false;
}

bool
profile_reads_def(const struct profile *p, enum reader reader, const struct key_def *def)
{
    if (!p || (unsigned)reader >= READER__MAX)
        return false;
    return (p->reads_keys[reader] >> key_index(def)) & 1u;
}

int
profiles_add(struct model *model, const char *name, const char *buf, size_t len)
{
    struct profile p;
    char *error = NULL;
    size_t i;
    int rc = profile_parse(&p, name, buf, len, &error);

    if (rc == RLINT_EINVAL) {
        struct diag_loc loc = {.file = name};
        rc = report_add(model->report, RULE_PROFILE_INVALID, RLINT_SEVERITY_ERROR, NULL, &loc, "%s",
                        error);
        free(error);
        return rc < 0 ? rc : RLINT_EINVAL;
    }
    if (rc < 0)
        return rc;
    for (i = 0; i < model->nprofiles; i++)
        if (p.from <= model->profiles[i].to && model->profiles[i].from <= p.to) {
            struct diag_loc loc = {.file = name};
            profile_release(&p);
            rc = report_add(model->report, RULE_PROFILE_INVALID, RLINT_SEVERITY_ERROR, NULL, &loc,
                            "its versions overlap those of '%s'", model->profiles[i].name);
            return rc < 0 ? rc : RLINT_EINVAL;
        }
    if (grow_array(&model->profiles, &model->profiles_cap, model->nprofiles + 1, sizeof(p)) < 0) {
        profile_release(&p);
        return RLINT_ENOMEM;
    }
    model->profiles[model->nprofiles++] = p;
    return RLINT_OK;
}

int
profiles_all(struct model *model, const struct profile **out, size_t *n)
{
    size_t i;
    if (model->profiles_embedded && !model->embedded_all) {
        struct profile *all = calloc(embedded_profiles_count, sizeof(*all));
        if (!all)
            return RLINT_ENOMEM;
        for (i = 0; i < embedded_profiles_count; i++) {
            char *error = NULL;
            /* the built-in profiles parse: test-profile.c checks each */
            if (profile_parse(&all[i], embedded_profiles[i].name, embedded_profiles[i].json,
                              strlen(embedded_profiles[i].json), &error) < 0) {
                free(error);
                while (i-- > 0)
                    profile_release(&all[i]);
                free(all);
                return RLINT_ENOMEM;
            }
        }
        model->embedded_all = all;
        model->nembedded_all = embedded_profiles_count;
    }
    *out = model->profiles_embedded ? model->embedded_all : model->profiles;
    *n = model->profiles_embedded ? model->nembedded_all : model->nprofiles;
    return 0;
}
