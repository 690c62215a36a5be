/* dbstate.h - the readings of one Redis database (storage, queues or system) by every
 * component that reads it, computed once per install and shared by the value rules. */
#ifndef RLINT_DBSTATE_H
#define RLINT_DBSTATE_H

#include <stdbool.h>

#include "install.h"
#include "keys.h"
#include "readers.h"
#include "util.h"

#define VALUE_DBS 3 /* DB_STORAGE, DB_QUEUES, DB_SYSTEM */

struct db_state {
    enum redis_db db;
    const struct install *in;
    struct secret *secret;           /* NULL when the Secret is not in the input */
    struct secret_entry *url, *hosts, *role;
    bool url_read, hosts_read;       /* readings below were made */
    bool hosts_unknown;              /* the sentinel list is there but its value is not known
                                        (an unresolved placeholder, or already reported as
                                        invalid): never read as empty */
    bool reads[READER__MAX];         /* the reader reads this database in this version/mode:
                                        one of the three below */
    bool reads_url[READER__MAX], reads_hosts[READER__MAX], reads_role[READER__MAX];
    struct url_reading url_r[READER__MAX];
    struct sentinel_reading hosts_r[READER__MAX];
    struct sentinel_reading hosts_ref; /* the reference (RFC 3986) reading, which no component
                                          implements: a reader that differs from it is wrong */
    int tls_flag;
};

/* Computes the readings; 0 or RLINT_ENOMEM. db_state_release() in every case. */
int db_state_init(struct db_state *st, const struct install *in, enum redis_db db);
void db_state_release(struct db_state *st);

/* Sentinels that reader ends up with for this database (0 = direct connection). */
size_t db_state_sentinels(const struct db_state *st, enum reader r);
/* The readers that read the sentinel list of this database. */
bool db_state_reads_hosts(const struct db_state *st, enum reader r);

/* "backend (sync), system (porta)" for a mask of 1 << reader. */
void readers_join(struct strbuf *sb, unsigned mask);
/* Leading whitespace (space, tab, CR, LF). */
bool has_leading_space(const char *v, size_t len);
/* Leading or trailing whitespace (space, tab, CR, LF). */
bool has_surrounding_space(const char *v, size_t len);
/* Empty, or only whitespace: apisonator (cfg_compact) and porta (blank?) drop such a value. */
bool value_blank(const char *v, size_t len);

/* A location at entry e of the state's Secret. */
struct diag_loc;
void entry_loc(struct diag_loc *loc, const struct secret *s, const struct secret_entry *e);

#endif
