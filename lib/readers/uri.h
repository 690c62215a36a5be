/* uri.h - internal URI parsers modelled on the two parsers 3scale components run on a Redis
 * URL: Ruby's URI.parse (RFC 3986 parser, strict character classes) used by apisonator and
 * porta, and Go's net/url.Parse as go-redis uses it in the operator preflight.
 *
 * Both parsers only locate the components: every part is a span into the caller's buffer,
 * nothing is copied or decoded, so nothing here has to be wiped. uri_decode() makes the
 * decoded, owned copies that the readers need (and must wipe when they hold a password).
 */
#ifndef RLINT_URI_H
#define RLINT_URI_H

#include <stdbool.h>
#include <stddef.h>

/* A component of a parsed URI. p == NULL means the component is absent (Ruby nil, Go's
 * "not set"); p != NULL with len == 0 is present but empty (Ruby ""). */
struct uri_part {
    const char *p;
    size_t len;
};

struct uri {
    struct uri_part scheme;   /* as written; compare with uri_scheme_is() (case-insensitive,
                                 as both parsers downcase it) */
    struct uri_part userinfo; /* everything before the '@' of the authority */
    struct uri_part user;     /* userinfo up to the first ':' (the whole userinfo if none) */
    struct uri_part password; /* after the first ':' of the userinfo; absent when no ':' */
    struct uri_part host;     /* an IP literal keeps its brackets */
    struct uri_part port;     /* digits only; present but empty for "host:" */
    struct uri_part path;     /* absent only with an opaque part (Ruby) */
    struct uri_part opaque;   /* "host:6379/0" parsed with scheme "host": the "6379/0" */
    struct uri_part query;
    struct uri_part fragment;
    bool ip_literal;          /* host is "[...]" */
};

/* Ruby URI::RFC3986_Parser#parse. Returns 0 and fills *out, or -1 where Ruby raises
 * URI::InvalidURIError: a character outside the class of its component (space, newline,
 * '"', '\', a second '@', a non-digit port...), a bad %-escape, or any non-ASCII byte.
 * A string without "scheme:" is parsed as a relative reference (scheme absent). */
int uri_parse_ruby(struct uri *out, const char *s, size_t len); /* also -1 on a NUL byte */

/* Go net/url.Parse. Returns 0 and fills *out, or -1 where Go returns an error: an ASCII
 * control character anywhere, "missing protocol scheme", a colon in the first segment of
 * a relative path, an invalid userinfo character, an invalid host character or port, a bad
 * %-escape. The userinfo is split at the LAST '@' of the authority; its parts are still
 * percent-encoded (decode them with uri_decode(..., URI_DECODE_STRICT)). */
int uri_parse_go(struct uri *out, const char *s, size_t len);

/* True when the scheme is present and equals name (lowercase) ignoring case. */
bool uri_scheme_is(const struct uri *u, const char *name);

enum uri_decode_mode {
    URI_DECODE_STRICT, /* Go unescape: "%XX" decoded, '+' kept */
    URI_DECODE_FORM,   /* Ruby URI.decode_www_form_component / CGI.unescape: '+' => ' ',
                          "%XX" decoded, a '%' not followed by two hex digits kept */
};

/* A NUL-terminated, malloc'd, decoded copy of part, or NULL when out of memory. part must
 * be present. A decoded "%00" ends the string (the bytes after it are zeroed). The caller owns it (wipe_free() for credentials). */
char *uri_decode(struct uri_part part, enum uri_decode_mode mode);

/* The digits of a port as a number, saturated at ULONG_MAX. An empty part gives 0. */
unsigned long uri_port_value(struct uri_part port);

/* Helpers shared by the readers (url.c, sentinels.c, role.c), defined in readers.c. */

/* Ruby String#strip's whitespace: space, \t, \n, \v, \f, \r (and NUL at the end). */
bool rb_space(char c);
/* Narrows the span (*s, *len) to the value without Ruby-strip whitespace around it. */
void rb_strip(const char **s, size_t *len);
/* value.to_s.strip.empty? */
bool rb_blank(const char *s, size_t len);

/* Ruby Integer(str): optional surrounding whitespace and sign, 0x/0b/0o/0d prefixes, a
 * leading 0 for octal, single '_' between digits. Saturates at LONG_MIN/LONG_MAX. */
bool rb_integer(const char *s, size_t len, long *out);
/* Ruby String#to_i: the leading decimal integer, 0 when none. */
long rb_to_i(const char *s, size_t len);
/* Redis's SELECT argument as string2ll accepts it and a database index: 0|[1-9][0-9]*. */
bool redis_select_arg(const char *s, size_t len, long *out);
/* Go strconv.Atoi: optional sign, decimal digits, within 64 bits. */
bool go_atoi(const char *s, size_t len, long *out);

/* apisonator's to_redis_uri(): URI.parse(value), retried as "redis://" + value when that
 * fails, has no scheme, or yields neither host nor path. Returns 0 with *u filled (its spans
 * point into value or into *owned, which the caller wipes and frees with wipe_free()),
 * 1 when the value is not a valid URI either way (Storage::InvalidURI), or -1 out of memory. */
int apisonator_uri(struct uri *u, char **owned, const char *value, size_t len);

/* Ruby's default port for a scheme it knows (http 80...), 0 for any other, as URI#port
 * returns it when the URI has none. */
unsigned long rb_default_port(const struct uri *u);

enum yaml_dq {
    YAML_DQ_OK,
    YAML_DQ_QUOTE,  /* '"' ends the scalar early: Psych::SyntaxError */
    YAML_DQ_ESCAPE, /* '\' starts an escape sequence */
};

/* porta writes value into a double-quoted YAML scalar ("<%= ... %>"). Returns YAML_DQ_*
 * with *out set to a malloc'd copy of what Psych reads (line breaks folded: one break and
 * the blanks around it become a space, n breaks n - 1 newlines) when YAML_DQ_OK, or -1 out of
 * memory. *out may hold a secret: free it with wipe_free(). */
int porta_yaml_dq(char **out, size_t *out_len, const char *value, size_t len);

#endif /* RLINT_URI_H */
