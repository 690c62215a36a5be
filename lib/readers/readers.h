/* readers.h - how each 3scale component reads a Redis URL, a Sentinel list and a role.
 *
 * Each function here simulates one component's parser (facts §3-§5) on one value and says
 * what that component ends up doing with it: fail (and why), or connect somewhere (host,
 * port, db, credentials). The rules compare the readings of every component that reads a key
 * in the target version and mode: a failure is a broken component, two readings that disagree
 * are a misroute. Pure functions: bytes in, a reading out; nothing is printed.
 *
 * Readings may hold copies of secret parts (passwords). *_release() wipes them.
 */
#ifndef RLINT_READERS_H
#define RLINT_READERS_H

#include <stdbool.h>
#include <stddef.h>

#include "components.h"

enum read_status {
    READ_NOT_APPLICABLE, /* this component does not exist in that version (its client is
                            CLIENT_NONE) or does not parse this kind of value */
    READ_OK,
    READ_FAIL,
};

/* What a reader is told about the surroundings of the value. */
struct read_env {
    enum redis_client client; /* the client this component uses in the target version
                                 (the profile's "clients"); CLIENT_NONE: not there */
    bool sentinels; /* sentinels are in use for this database. For the apps: that app's own
                       sentinels_read() found at least one sentinel. For READER_OPERATOR:
                       the *_SENTINEL_HOSTS value is non-empty, untrimmed, as it tests it */
    int tls_flag;   /* the APIManager TLS flag for this database, as the operator wires it to
                       the component: -1 unknown or not wired, 0 off, 1 on */
};

enum url_scheme {
    URL_SCHEME_NONE,
    URL_SCHEME_REDIS,
    URL_SCHEME_REDISS,
    URL_SCHEME_UNIX,
    URL_SCHEME_OTHER,
};

enum url_fail {
    URL_FAIL_NONE,
    URL_FAIL_EMPTY,          /* empty or blank value */
    URL_FAIL_INVALID_URI,    /* URI.parse / url.Parse rejects it (space, newline, bad char,
                                bad port...) */
    URL_FAIL_NO_SCHEME,      /* porta: no scheme => NoMethodError / invalid uri scheme */
    URL_FAIL_UNKNOWN_SCHEME, /* a scheme other than redis, rediss, unix */
    URL_FAIL_DB_EMPTY,       /* "/" with nothing after it: porta 2.16+ db "", async SELECT "" */
    URL_FAIL_DB_INVALID,     /* not an integer for that reader (Integer(), Atoi, or Redis's
                                SELECT parser for async), or one Redis refuses at SELECT
                                (negative) */
    URL_FAIL_YAML_QUOTE,     /* porta: '"' in a value interpolated in a double-quoted scalar */
    URL_FAIL_YAML_ESCAPE,    /* porta: '\' starts a YAML escape */
    URL_FAIL_PREFIX_REDIS,   /* operator 2.16: TLS off, must start with "redis://" */
    URL_FAIL_PREFIX_REDISS,  /* operator 2.16: TLS on and no sentinels, must start "rediss://" */
    URL_FAIL_SENTINEL_NO_HOST, /* sentinels set but the URL has no host to use as group name */
    URL_FAIL_UNIX_SENTINEL,  /* unix socket URL together with sentinels */
    URL_FAIL_QUERY,          /* preflight: unknown query option */
    URL_FAIL_PORT_RANGE,     /* port 0 or above 65535: the connection cannot be made (set by
                                the rules on a reading whose port is dialled; the parsers
                                take any digits) */
};

/* What a component connects to. Strings are NUL-terminated copies owned by the reading. */
struct url_reading {
    enum read_status status;
    enum url_fail fail;     /* why, when status == READ_FAIL */
    enum url_scheme scheme; /* after any "redis://" retry the component does */
    bool tls;               /* the component will use TLS */
    char *host;             /* NULL for unix sockets; "localhost" where a component falls back
                               to it (async with an empty URL); with sentinels, the group name */
    unsigned port;          /* 6379 when not given; ignored with sentinels */
    long db;                /* database the component SELECTs (0 when none) */
    char *username;         /* NULL when the component sends none */
    char *password;         /* as sent in AUTH (decoded or not, as that component does) */
};

/* Reads value as `reader` does, in env. Returns 0 and fills *out (status READ_OK, READ_FAIL
 * or READ_NOT_APPLICABLE), or RLINT_ENOMEM. *out must be released with url_reading_release()
 * in every case where 0 was returned. */
int url_read(struct url_reading *out, enum reader reader, const struct read_env *env,
             const char *value, size_t len);
void url_reading_release(struct url_reading *reading);

/* The RFC 3986 reading of a URL value: what it says, whatever a component makes of it. The
 * rules compare each component's reading with it (facts Appendix C): a component whose
 * reading differs connects to the wrong place. A value without "://" is read as "redis://"
 * followed by it (what its author meant, as apisonator reads it); the userinfo ends at the
 * last '@' of the authority; credentials are percent-decoded and '+' stays '+'; the port is
 * 6379 when absent; the database is the decimal number of the path (a leading zero does not
 * make it octal), else of "?db=", else 0, and -1 when the path holds no plain number; an
 * unknown scheme still names a host. status READ_FAIL when the value is no URI even so:
 * nothing then says what was meant. Same contract as url_read(). */
int url_reference(struct url_reading *out, const char *value, size_t len);

enum sentinel_fail {
    SENTINEL_FAIL_NONE,
    SENTINEL_FAIL_INVALID_URI, /* an entry URI.parse / url.Parse rejects (fail_entry says
                                  which): a space inside it, a bad port, ';' ... */
    SENTINEL_FAIL_YAML_QUOTE,  /* porta: '"' in the value */
    SENTINEL_FAIL_YAML_ESCAPE, /* porta: '\' in the value (apisonator's escape syntax) */
    SENTINEL_FAIL_NO_HOST,     /* an entry with no host (unix://...) */
};

struct sentinel_addr {
    char *host;     /* "localhost" where the component falls back to it (empty entry) */
    unsigned long port; /* as parsed, may be > 65535 (porta accepts it; the dial fails) */
};

struct sentinel_reading {
    enum read_status status;
    enum sentinel_fail fail;
    size_t fail_entry;            /* 1-based entry index of the failure, 0 if not one entry */
    struct sentinel_addr *addrs;  /* the sentinels the component will ask, in order */
    size_t count;                 /* 0: the component connects without sentinels */
    char *username;               /* sentinel credentials taken from the entries (first entry
                                     with a password), NULL when none: then the
                                     *_SENTINEL_USERNAME/PASSWORD keys apply */
    char *password;
    size_t invalid;               /* sentinels_reference() only: entries that are not a URI, */
    size_t first_invalid;         /* skipped; and the 1-based index of the first of them */
};

/* Reads a *_SENTINEL_HOSTS value as `reader` does (READ_NOT_APPLICABLE for READER_OPERATOR,
 * which does not parse it). Same contract as url_read(). */
int sentinels_read(struct sentinel_reading *out, enum reader reader, const struct read_env *env,
                   const char *value, size_t len);
void sentinel_reading_release(struct sentinel_reading *reading);

/* The reference reading of a *_SENTINEL_HOSTS value (facts App. C: RFC 3986), which no
 * component implements: the list split on ',' ('\' escapes the next character), entries
 * stripped, blank ones skipped; each entry "[scheme://][[user]:password@]host[:port]" with
 * the userinfo running to the last '@', credentials percent-decoded (from the first entry
 * with a non-empty password), port 26379 by default; scheme, path and query ignored. An
 * entry that is not a URI is skipped and counted in out->invalid. Status is always READ_OK.
 * Returns 0 or RLINT_ENOMEM; release with sentinel_reading_release() after 0. */
int sentinels_reference(struct sentinel_reading *out, const char *value, size_t len);

/* A lexical look at a sentinel list for the things that are risky even where every component
 * copes. Counts and 1-based entry indexes only: nothing of the value is copied. */
struct sentinel_scan {
    size_t entries;            /* after splitting on ',' (apisonator: escapes honoured) */
    size_t nonempty_entries;
    size_t first_space_entry;  /* entry with whitespace around it, 0 if none */
    size_t first_empty_entry;  /* empty or blank entry, 0 if none (a trailing one counts) */
    bool trailing_empty;       /* the value ends with ',' */
    bool has_backslash;
    bool has_quote;
    bool has_other_separator;  /* ';' or whitespace between two host:port looking parts */
    size_t first_rediss_entry; /* entry with a rediss:// scheme (ignored for TLS) */
    size_t first_other_scheme_entry; /* scheme other than redis/rediss */
    size_t first_path_entry;   /* entry with a path or query (ignored) */
    size_t first_bad_port_entry; /* port 0, > 65535, or not digits */
    size_t first_duplicate_entry; /* same host:port (after the 26379 default) as an earlier one */
    size_t entries_with_credentials;
    size_t first_percent_credentials_entry; /* %XX in the user or password of an entry */
    size_t first_raw_at_entry; /* more than one '@' (unencoded '@' in the password) or '#' */
    bool credentials_differ;   /* two entries carry different credentials */
};

/* Scans value; never fails (no allocation). */
void sentinels_scan(struct sentinel_scan *out, const char *value, size_t len);

enum sentinel_role {
    ROLE_NONE,    /* no role: the component uses the master */
    ROLE_MASTER,
    ROLE_SLAVE,
    ROLE_REPLICA,
};

enum role_fail {
    ROLE_FAIL_NONE,
    ROLE_FAIL_UNKNOWN,       /* not one of the roles that component accepts ("Master",
                                " master", "replica" before redis-client, "yes" read as
                                boolean true by porta's YAML...) */
    ROLE_FAIL_NO_SENTINELS,  /* porta 2.16+: a role without sentinels, unknown keyword :role */
};

struct role_reading {
    enum read_status status;
    enum role_fail fail;
    enum sentinel_role role; /* what the component asks the sentinels for */
    bool ignored;            /* the component drops the role (no sentinels) */
};

/* Reads a *_SENTINEL_ROLE value as `reader` does. env->sentinels must say whether that
 * component ends up with sentinels (its own sentinels_read() count > 0). No allocation. */
void role_read(struct role_reading *out, enum reader reader, const struct read_env *env,
               const char *value, size_t len);

#endif /* RLINT_READERS_H */
