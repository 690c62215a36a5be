/* dbstate.c - readings of each database by each component, in the install's mode. */
#include "dbstate.h"

#include <string.h>

#include "findings.h"
#include "banned.h"

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool
value_blank(const char *v, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (!is_space(v[i]))
            return false;
    return true;
}

bool
has_leading_space(const char *v, size_t len)
{
    return len > 0 && is_space(v[0]);
}

bool
has_surrounding_space(const char *v, size_t len)
{
    if (len == 0)
        return false;
    /* not strchr: it would also match a NUL byte, which is not whitespace */
    return is_space(v[0]) || is_space(v[len - 1]);
}

void
entry_loc(struct diag_loc *loc, const struct secret *s, const struct secret_entry *e)
{
    memset(loc, 0, sizeof(*loc));
    loc->obj = &s->obj;
    loc->line = e->line;
    loc->column = e->column;
    loc->key = e->key;
    loc->path = e->path;
}

bool
db_state_reads_hosts(const struct db_state *st, enum reader r)
{
    return st->reads_hosts[r] && st->hosts_read && st->hosts_r[r].status != READ_NOT_APPLICABLE;
}

size_t
db_state_sentinels(const struct db_state *st, enum reader r)
{
    if (!st->hosts_read || st->hosts_r[r].status != READ_OK)
        return 0;
    return st->hosts_r[r].count;
}

int
db_state_init(struct db_state *st, const struct install *in, enum redis_db db)
{
    struct read_env env = {.client = CLIENT_NONE};
    int r, rc;

    memset(st, 0, sizeof(*st));
    st->db = db;
    st->in = in;
    st->secret = install_secret_for(in, db);
    st->url = install_key(in, db, KEY_URL);
    st->hosts = install_key(in, db, KEY_SENTINEL_HOSTS);
    st->role = install_key(in, db, KEY_SENTINEL_ROLE);
    st->tls_flag = install_tls_flag(in, db);
    st->hosts_unknown = st->hosts && !entry_usable(st->hosts);
    env.tls_flag = st->tls_flag;
    for (r = 0; r < READER__MAX; r++) {
        st->reads_url[r] = install_reads(in, (enum reader)r, db, KEY_URL);
        st->reads_hosts[r] = install_reads(in, (enum reader)r, db, KEY_SENTINEL_HOSTS);
        st->reads_role[r] = install_reads(in, (enum reader)r, db, KEY_SENTINEL_ROLE);
        st->reads[r] = st->reads_url[r] || st->reads_hosts[r] || st->reads_role[r];
    }

    /* a sentinel list with surrounding whitespace is still read: apisonator strips it, and
     * porta's failure on it is exactly what the rules report */
    if (entry_usable(st->hosts) && !value_blank(st->hosts->value, st->hosts->len)) {
        st->hosts_read = true;
        rc = sentinels_reference(&st->hosts_ref, st->hosts->value, st->hosts->len);
        if (rc < 0)
            return rc;
        for (r = 0; r < READER__MAX; r++) {
            if (!st->reads_hosts[r])
                continue;
            env.client = install_client(in, (enum reader)r);
            rc = sentinels_read(&st->hosts_r[r], (enum reader)r, &env, st->hosts->value,
                                st->hosts->len);
            if (rc < 0)
                return rc;
        }
    }
    if (entry_usable(st->url)) {
        st->url_read = true;
        for (r = 0; r < READER__MAX; r++) {
            if (!st->reads_url[r])
                continue;
            env.client = install_client(in, (enum reader)r);
            if (r == READER_OPERATOR)
                env.sentinels = entry_usable(st->hosts) && st->hosts->len > 0;
            else
                env.sentinels = db_state_sentinels(st, (enum reader)r) > 0;
            rc = url_read(&st->url_r[r], (enum reader)r, &env, st->url->value, st->url->len);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

void
db_state_release(struct db_state *st)
{
    int r;
    if (st->hosts_read)
        sentinel_reading_release(&st->hosts_ref);
    /* readings never made are zeroed: releasing them is a no-op */
    for (r = 0; r < READER__MAX; r++) {
        url_reading_release(&st->url_r[r]);
        sentinel_reading_release(&st->hosts_r[r]);
    }
}

void
readers_join(struct strbuf *sb, unsigned mask)
{
    int r;
    bool first = true;
    for (r = 0; r < READER__MAX; r++) {
        if (!(mask & (1u << r)))
            continue;
        if (!first)
            strbuf_adds(sb, ", ");
        strbuf_adds(sb, reader_name((enum reader)r));
        first = false;
    }
}
