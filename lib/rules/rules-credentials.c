/* rules-credentials.c - the 2.16 ACL credential keys (*_USERNAME, *_PASSWORD,
 * *_SENTINEL_USERNAME, *_SENTINEL_PASSWORD) of each database: whitespace in them (RLINT005,
 * facts Appendix C C11) and a URL password beside the *_PASSWORD key (RLINT079, C12).
 *
 * Who reads a key is install_reads() (the profiles' env blocks); which of the URL's and the
 * key's credentials a component sends is its client's (client_credential_keys_win()) and, for
 * sentinels, whether the list's entries carry their own (the sentinel readings). Messages name
 * keys and components, never a value. */
#include <stdlib.h>
#include <string.h>

#include "dbstate.h"
#include "findings.h"
#include "rules-values.h"
#include "value-report.h"
#include "rules.h"
#include "banned.h"

static const enum key_role credential_roles[] = {KEY_USERNAME, KEY_PASSWORD, KEY_SENTINEL_USERNAME,
                                                 KEY_SENTINEL_PASSWORD};

/* A key that a component would send: present, resolved and not blank (apisonator's
 * cfg_compact and porta's blank? drop a blank value, as if it were unset, facts §3.2 item 1,
 * Appendix C T2). */
static bool
key_set(const struct secret_entry *e)
{
    return entry_usable(e) && !value_blank(e->value, e->len);
}

/* The URL's credential of that role as reader r sends it, or NULL when the URL gives none. */
static const char *
url_credential(const struct db_state *st, enum reader r, enum key_role role)
{
    const struct url_reading *u = &st->url_r[r];
    if (!st->url_read || !st->reads_url[r] || u->status != READ_OK)
        return NULL;
    return role == KEY_USERNAME ? u->username : u->password;
}

/* Whether reader r sends the db's key of that role as a credential, in this install's version,
 * mode and configuration: it reads the key, and neither the URL (async-redis) nor the sentinel
 * list's entries (every client: facts §3.3, §4.2 item 3, §5) override it. A sentinel key is
 * sent only by a component that uses sentinels. */
static bool
sends_key(const struct db_state *st, enum reader r, enum key_role role)
{
    const struct sentinel_reading *h = &st->hosts_r[r];
    if (!install_reads(st->in, r, st->db, role))
        return false;
    switch (role) {
    case KEY_USERNAME:
    case KEY_PASSWORD:
        return client_credential_keys_win(install_client(st->in, r)) ||
               !url_credential(st, r, role);
    case KEY_SENTINEL_USERNAME:
        return db_state_sentinels(st, r) > 0 && !h->username && !h->password;
    case KEY_SENTINEL_PASSWORD:
        return db_state_sentinels(st, r) > 0 && !h->password;
    default:
        return false;
    }
}

static const char *
credential_noun(enum key_role role)
{
    switch (role) {
    case KEY_USERNAME:
        return "user name";
    case KEY_SENTINEL_USERNAME:
        return "sentinel user name";
    case KEY_SENTINEL_PASSWORD:
        return "sentinel password";
    default:
        return "password";
    }
}

/* C11: leading or trailing whitespace in a credential key is sent as part of the credential
 * by every component that sends the key, and AUTH fails. A component that does not send it
 * now (the URL's or the list's credentials win, or no sentinels) is not broken: a warning. */
static int
check_credential_key(struct rules *rs, const struct db_state *st, enum key_role role)
{
    const struct secret_entry *e = install_key(st->in, st->db, role);
    unsigned readers = 0, senders = 0, with_sentinels = 0;
    struct strbuf sb;
    char *m;
    int r, rc;

    if (!key_set(e) || !has_surrounding_space(e->value, e->len))
        return 0;
    for (r = 0; r < READER__MAX; r++) {
        if (!install_reads(st->in, (enum reader)r, st->db, role))
            continue;
        readers |= 1u << r;
        if (db_state_sentinels(st, (enum reader)r) > 0)
            with_sentinels |= 1u << r;
        if (sends_key(st, (enum reader)r, role))
            senders |= 1u << r;
    }
    if (!readers)
        return 0; /* no component of this version reads it: the key rules say so */
    strbuf_init(&sb);
    strbuf_adds(&sb, "has leading or trailing whitespace (a trailing newline from `echo | "
                     "base64`?)");
    if (senders) {
        strbuf_adds(&sb, ": ");
        readers_join(&sb, senders);
        strbuf_addf(&sb, " %s it as part of the %s and fail%s to authenticate",
                    senders & (senders - 1) ? "send" : "sends", credential_noun(role),
                    senders & (senders - 1) ? "" : "s");
    } else {
        strbuf_addf(&sb,
                    "; no component sends it as things stand (%s), but authentication "
                    "fails once one does",
                    role == KEY_USERNAME || role == KEY_PASSWORD ? "the URL's credentials win"
                    : with_sentinels ? "the sentinel list's entries carry their own credentials"
                                     : "no sentinels are used");
    }
    m = strbuf_finish(&sb);
    if (!m)
        return RLINT_ENOMEM;
    rc = report_components(rs, RULE_VALUE_WHITESPACE,
                           senders ? RLINT_SEVERITY_ERROR : RLINT_SEVERITY_WARNING, st, e, senders,
                           m);
    free(m);
    return rc;
}

static bool
differs_from_key(const char *sent, const struct secret_entry *key)
{
    return strlen(sent) != key->len || memcmp(sent, key->value, key->len) != 0;
}

/* C12: a URL password beside the *_PASSWORD key. redis-client (sync apisonator, porta) sends
 * the key's, async apisonator and the preflight the URL's (as each decodes it). Where the two
 * differ, one side authenticates wrongly whichever was meant; the key is the documented 2.16
 * place (facts §1.1, Appendix A "Sentinel credentials"), so the components named are those
 * that send the URL's. Equal values break nothing: a warning that one of them is redundant. */
static int
check_url_password(struct rules *rs, const struct db_state *st)
{
    const struct secret_entry *key = install_key(st->in, st->db, KEY_PASSWORD);
    unsigned key_side = 0, url_side = 0, wrong = 0, url_pw = 0;
    struct strbuf sb;
    char *m;
    int r, rc;

    if (!key_set(key) || !st->url_read)
        return 0;
    for (r = 0; r < READER__MAX; r++) {
        const char *pw = url_credential(st, (enum reader)r, KEY_PASSWORD);
        if (pw)
            url_pw |= 1u << r;
        if (sends_key(st, (enum reader)r, KEY_PASSWORD)) {
            key_side |= 1u << r;
        } else if (pw) {
            url_side |= 1u << r;
            if (differs_from_key(pw, key))
                wrong |= 1u << r;
        }
    }
    if (!url_pw || !key_side)
        return 0; /* no URL password, or no component of this version reads the key */

    strbuf_init(&sb);
    if (wrong) {
        strbuf_addf(&sb, "has a password that differs from the '%s' key: ", key->key);
        readers_join(&sb, key_side);
        strbuf_addf(&sb, " %s the key's; ", key_side & (key_side - 1) ? "send" : "sends");
        readers_join(&sb, wrong);
        strbuf_addf(&sb,
                    " %s the URL's: one side fails to authenticate, whichever was meant. The "
                    "key is the documented 2.16 place: remove the password from the URL (or "
                    "fix the key, if the URL's was meant)",
                    wrong & (wrong - 1) ? "send" : "sends");
    } else if (url_side) {
        strbuf_addf(&sb,
                    "has a password and so does the '%s' key, with the same value as each "
                    "component reads it: one of them is redundant; keep the key",
                    key->key);
    } else {
        strbuf_addf(&sb,
                    "has a password, which the '%s' key overrides in every component that "
                    "reads it: the URL's is unused; remove it",
                    key->key);
    }
    m = strbuf_finish(&sb);
    if (!m)
        return RLINT_ENOMEM;
    rc = report_components(rs, RULE_CREDENTIALS_CONFLICT,
                           wrong ? RLINT_SEVERITY_ERROR : RLINT_SEVERITY_WARNING, st, st->url,
                           wrong, m);
    free(m);
    return rc;
}

int
check_credentials(struct rules *rs, const struct db_state *st)
{
    size_t i;
    int rc;
    for (i = 0; i < ARRAY_SIZE(credential_roles); i++)
        if ((rc = check_credential_key(rs, st, credential_roles[i])) < 0)
            return rc;
    return check_url_password(rs, st);
}
