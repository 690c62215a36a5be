/* uri.c - the two URI parsers the readers build on: Ruby's RFC 3986 URI.parse (apisonator,
 * porta) and Go's net/url.Parse (operator preflight). Spans only; see uri.h. */
#include "uri.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static bool
is_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_hex(char c)
{
    return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

static int
hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c - 'A' + 10;
}

/* s[i] is '%' followed by two hex digits inside s[0..len). */
static bool
pct_at(const char *s, size_t len, size_t i)
{
    return i + 2 < len && is_hex(s[i + 1]) && is_hex(s[i + 2]);
}

static struct uri_part
part(const char *p, size_t len)
{
    struct uri_part r = {p, len};
    return r;
}

/* Ruby's reg-name class [!$&-.0-9;=A-Z_a-z~]: unreserved plus sub-delims. */
static bool
ruby_regname_char(char c)
{
    if (is_alpha(c) || is_digit(c))
        return true;
    if (c == '\0')
        return false;
    /* "&-." is the range & ' ( ) * + , - . */
    return (c >= '&' && c <= '.') || strchr("!$;=_~", c) != NULL;
}

/* userinfo adds ':' */
static bool
ruby_userinfo_char(char c)
{
    return c == ':' || ruby_regname_char(c);
}

/* pchar adds '@' */
static bool
ruby_pchar(char c)
{
    return c == '@' || ruby_userinfo_char(c);
}

/* a fragment adds '/' and '?' */
static bool
ruby_fragment_char(char c)
{
    return c == '/' || c == '?' || ruby_pchar(c);
}

/* Every byte of s[0..len) is in class, or starts a "%XX" escape. */
static bool
ruby_span_ok(const char *s, size_t len, bool (*class)(char), bool slash_ok)
{
    size_t i;
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            if (!pct_at(s, len, i))
                return false;
            i += 2;
        } else if (c == '\0' || (!class(c) && !(slash_ok && c == '/'))) {
            return false;
        }
    }
    return true;
}

/* RFC 3986 dec-octet "." x4, as Ruby's IPv4address: no leading zeros. */
static bool
valid_ipv4(const char *s, size_t len)
{
    size_t i = 0;
    int octet;
    for (octet = 0; octet < 4; octet++) {
        size_t start = i;
        unsigned v = 0;
        while (i < len && is_digit(s[i]) && i - start < 3)
            v = v * 10 + (unsigned)(s[i++] - '0');
        if (i == start || v > 255 || (i - start > 1 && s[start] == '0'))
            return false;
        if (octet < 3) {
            if (i >= len || s[i] != '.')
                return false;
            i++;
        }
    }
    return i == len;
}

/* RFC 3986 IPv6address: 8 h16 groups, or fewer with one "::", the last two groups possibly
 * written as an IPv4 address. */
static bool
valid_ipv6(const char *s, size_t len)
{
    size_t i = 0, groups = 0;
    bool elided = false;

    if (len >= 2 && s[0] == ':' && s[1] == ':') {
        elided = true;
        i = 2;
        if (i == len)
            return true;
    } else if (len > 0 && s[0] == ':') {
        return false;
    }
    while (i < len) {
        size_t start = i, j;
        while (i < len && is_hex(s[i]) && i - start < 5)
            i++;
        if (i < len && s[i] == '.') {
            /* an embedded IPv4 address ends the address */
            for (j = start; j < len && s[j] != ':'; j++)
                ;
            if (j != len || !valid_ipv4(s + start, len - start))
                return false;
            groups += 2;
            break;
        }
        if (i == start || i - start > 4)
            return false;
        groups++;
        if (i == len)
            break;
        if (s[i] != ':')
            return false;
        i++;
        if (i < len && s[i] == ':') {
            if (elided)
                return false;
            elided = true;
            i++;
            if (i == len)
                break;
        } else if (i == len) {
            return false; /* a single trailing ':' */
        }
    }
    return elided ? groups <= 7 : groups == 8;
}

/* "[" IPv6address | IPvFuture "]", brackets included in s. */
static bool
ruby_ip_literal(const char *s, size_t len)
{
    const char *in = s + 1;
    size_t n = len - 2, i;

    if (n > 0 && in[0] == 'v') {
        for (i = 1; i < n && is_hex(in[i]); i++)
            ;
        if (i == 1 || i >= n || in[i] != '.' || i + 1 == n)
            return false;
        for (i++; i < n; i++)
            if (!ruby_userinfo_char(in[i]))
                return false;
        return true;
    }
    return valid_ipv6(in, n);
}

static size_t
find_byte(const char *s, size_t len, char c)
{
    const char *p = memchr(s, c, len);
    return p ? (size_t)(p - s) : len;
}

static int
ruby_authority(struct uri *out, const char *a, size_t len)
{
    size_t at = find_byte(a, len, '@'), i;
    const char *hp = a;
    size_t hlen = len;

    if (at < len) {
        size_t colon;
        if (!ruby_span_ok(a, at, ruby_userinfo_char, false))
            return -1;
        out->userinfo = part(a, at);
        colon = find_byte(a, at, ':');
        out->user = part(a, colon);
        if (colon < at)
            out->password = part(a + colon + 1, at - colon - 1);
        hp = a + at + 1;
        hlen = len - at - 1;
    }
    if (hlen > 0 && hp[0] == '[') {
        size_t close = find_byte(hp, hlen, ']');
        if (close == hlen || !ruby_ip_literal(hp, close + 1))
            return -1;
        out->host = part(hp, close + 1);
        out->ip_literal = true;
        i = close + 1;
    } else {
        for (i = 0; i < hlen && hp[i] != ':'; i++)
            ;
        if (!ruby_span_ok(hp, i, ruby_regname_char, false))
            return -1;
        /* this regexp makes an empty host nil, not "" */
        if (i > 0)
            out->host = part(hp, i);
    }
    if (i < hlen) {
        size_t p;
        if (hp[i] != ':')
            return -1;
        for (p = i + 1; p < hlen; p++)
            if (!is_digit(hp[p]))
                return -1;
        out->port = part(hp + i + 1, hlen - i - 1);
    }
    return 0;
}

int
uri_parse_ruby(struct uri *out, const char *s, size_t len)
{
    struct uri u;
    size_t i, hash, q, hlen;
    const char *hier;

    memset(&u, 0, sizeof(u));
    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80 || s[i] == '\0')
            return -1; /* "URI must be ascii only"; an environment variable holds no NUL */

    i = 0;
    if (len > 0 && is_alpha(s[0])) {
        for (i = 1; i < len && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' ||
                                s[i] == '-' || s[i] == '.');
             i++)
            ;
        if (i < len && s[i] == ':') {
            u.scheme = part(s, i);
            i++;
        } else {
            i = 0;
        }
    }

    hash = i + find_byte(s + i, len - i, '#');
    if (hash < len) {
        u.fragment = part(s + hash + 1, len - hash - 1);
        if (!ruby_span_ok(u.fragment.p, u.fragment.len, ruby_fragment_char, false))
            return -1;
    }
    q = i + find_byte(s + i, hash - i, '?');
    if (q < hash) {
        size_t k;
        u.query = part(s + q + 1, hash - q - 1);
        /* the query matches [^#]*, but URI#query= refuses a '%' without two hex digits */
        for (k = 0; k < u.query.len; k++)
            if (u.query.p[k] == '%' && !pct_at(u.query.p, u.query.len, k))
                return -1;
    }
    hier = s + i;
    hlen = q - i;

    if (hlen >= 2 && hier[0] == '/' && hier[1] == '/') {
        size_t slash = 2 + find_byte(hier + 2, hlen - 2, '/');
        if (ruby_authority(&u, hier + 2, slash - 2) < 0)
            return -1;
        u.path = part(hier + slash, hlen - slash);
        if (!ruby_span_ok(u.path.p, u.path.len, ruby_pchar, true))
            return -1;
    } else if (hlen > 0 && hier[0] == '/') {
        u.path = part(hier, hlen);
        if (!ruby_span_ok(hier, hlen, ruby_pchar, true))
            return -1;
    } else if (hlen == 0) {
        u.path = part(hier, 0);
    } else if (u.scheme.p) {
        /* path-rootless: Ruby returns it as the opaque part, host and path nil */
        if (!ruby_span_ok(hier, hlen, ruby_pchar, true))
            return -1;
        u.opaque = part(hier, hash - i);
        u.query = part(NULL, 0);
    } else {
        size_t seg = find_byte(hier, hlen, '/');
        if (find_byte(hier, seg, ':') < seg)
            return -1; /* path-noscheme: no ':' in the first segment */
        if (!ruby_span_ok(hier, hlen, ruby_pchar, true))
            return -1;
        u.path = part(hier, hlen);
    }
    *out = u;
    return 0;
}

/* Go's validUserinfo. */
static bool
go_userinfo_char(char c)
{
    return c != '\0' &&
           (is_alpha(c) || is_digit(c) || strchr("-._:~!$&'()*+,;=%@", c) != NULL);
}

/* The characters Go's unescape(host, encodeHost) lets through unescaped. */
static bool
go_host_char(char c)
{
    if ((unsigned char)c >= 0x80 || is_alpha(c) || is_digit(c))
        return true;
    return c != '\0' && strchr("-_.~!$&'()*+,;=:[]<>\"", c) != NULL;
}

/* Go's unescape() validity: every '%' followed by two hex digits. */
static bool
go_escapes_ok(const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (s[i] == '%') {
            if (!pct_at(s, len, i))
                return false;
            i += 2;
        }
    return true;
}

static bool
go_port_ok(const char *s, size_t len)
{
    size_t i;
    if (len == 0)
        return true;
    if (s[0] != ':')
        return false;
    for (i = 1; i < len; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

static int
go_host(struct uri *out, const char *h, size_t len)
{
    size_t i, colon = len;

    if (len > 0 && h[0] == '[') {
        size_t close = len;
        for (i = len; i > 0; i--)
            if (h[i - 1] == ']') {
                close = i - 1;
                break;
            }
        if (close == len || !go_port_ok(h + close + 1, len - close - 1))
            return -1;
        out->host = part(h, close + 1);
        out->ip_literal = true;
        colon = close + 1;
    } else {
        for (i = len; i > 0; i--)
            if (h[i - 1] == ':') {
                colon = i - 1;
                break;
            }
        if (colon < len && !go_port_ok(h + colon, len - colon))
            return -1;
        out->host = part(h, colon);
    }
    for (i = 0; i < len; i++) {
        if (h[i] == '%') {
            /* a host may only escape non-ASCII bytes, or '%' itself as "%25" */
            if (!pct_at(h, len, i))
                return -1;
            if (hex_value(h[i + 1]) < 8 && !(h[i + 1] == '2' && h[i + 2] == '5'))
                return -1;
            i += 2;
        } else if (!go_host_char(h[i])) {
            return -1;
        }
    }
    if (colon < len && h[colon] == ':')
        out->port = part(h + colon + 1, len - colon - 1);
    return 0;
}

static int
go_authority(struct uri *out, const char *a, size_t len)
{
    size_t at = len, i, colon;

    for (i = len; i > 0; i--)
        if (a[i - 1] == '@') {
            at = i - 1;
            break;
        }
    if (go_host(out, at < len ? a + at + 1 : a, at < len ? len - at - 1 : len) < 0)
        return -1;
    if (at == len)
        return 0;
    for (i = 0; i < at; i++)
        if (!go_userinfo_char(a[i]))
            return -1;
    if (!go_escapes_ok(a, at))
        return -1;
    out->userinfo = part(a, at);
    colon = find_byte(a, at, ':');
    out->user = part(a, colon);
    if (colon < at)
        out->password = part(a + colon + 1, at - colon - 1);
    return 0;
}

int
uri_parse_go(struct uri *out, const char *s, size_t len)
{
    struct uri u;
    size_t i, hash, q, rlen, qmarks = 0;
    const char *rest;

    memset(&u, 0, sizeof(u));
    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return -1; /* "invalid control character in URL" */

    hash = find_byte(s, len, '#');
    if (hash < len) {
        u.fragment = part(s + hash + 1, len - hash - 1);
        if (!go_escapes_ok(u.fragment.p, u.fragment.len))
            return -1;
    }

    /* getScheme */
    i = 0;
    for (i = 0; i < hash; i++) {
        char c = s[i];
        if (is_alpha(c))
            continue;
        if (is_digit(c) || c == '+' || c == '-' || c == '.') {
            if (i == 0)
                break;
            continue;
        }
        if (c == ':') {
            if (i == 0)
                return -1; /* "missing protocol scheme" */
            u.scheme = part(s, i);
        }
        break;
    }
    if (u.scheme.p) {
        rest = s + i + 1;
        rlen = hash - i - 1;
    } else {
        rest = s;
        rlen = hash;
    }

    for (i = 0; i < rlen; i++)
        if (rest[i] == '?')
            qmarks++;
    if (rlen > 0 && rest[rlen - 1] == '?' && qmarks == 1) {
        rlen--; /* ForceQuery */
        u.query = part(rest + rlen, 0);
    } else {
        q = find_byte(rest, rlen, '?');
        if (q < rlen) {
            u.query = part(rest + q + 1, rlen - q - 1);
            rlen = q;
        }
    }

    if (rlen == 0 || rest[0] != '/') {
        size_t seg;
        if (u.scheme.p) {
            u.opaque = part(rest, rlen);
            *out = u;
            return 0;
        }
        seg = find_byte(rest, rlen, '/');
        if (find_byte(rest, seg, ':') < seg)
            return -1; /* "first path segment in URL cannot contain colon" */
    }
    if ((u.scheme.p || !(rlen >= 3 && memcmp(rest, "///", 3) == 0)) && rlen >= 2 &&
        rest[0] == '/' && rest[1] == '/') {
        size_t slash = 2 + find_byte(rest + 2, rlen - 2, '/');
        if (go_authority(&u, rest + 2, slash - 2) < 0)
            return -1;
        rest += slash;
        rlen -= slash;
    }
    if (!go_escapes_ok(rest, rlen))
        return -1;
    u.path = part(rest, rlen);
    *out = u;
    return 0;
}

bool
uri_scheme_is(const struct uri *u, const char *name)
{
    size_t i, n = strlen(name);
    if (!u->scheme.p || u->scheme.len != n)
        return false;
    for (i = 0; i < n; i++) {
        char c = u->scheme.p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != name[i])
            return false;
    }
    return true;
}

char *
uri_decode(struct uri_part in, enum uri_decode_mode mode)
{
    char *out = malloc(in.len + 1);
    size_t i, o = 0;

    if (!out)
        return NULL;
    for (i = 0; i < in.len; i++) {
        char c = in.p[i];
        if (c == '%' && pct_at(in.p, in.len, i)) {
            out[o++] = (char)(hex_value(in.p[i + 1]) * 16 + hex_value(in.p[i + 2]));
            i += 2;
        } else if (c == '+' && mode == URI_DECODE_FORM) {
            out[o++] = ' ';
        } else {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    /* a decoded "%00" ends the C string: wipe what follows so wipe_free() wipes it all */
    i = strlen(out);
    if (i < o)
        memset(out + i, 0, o - i);
    return out;
}

unsigned long
uri_port_value(struct uri_part port)
{
    unsigned long v = 0;
    size_t i;
    for (i = 0; i < port.len; i++) {
        unsigned d = (unsigned)(port.p[i] - '0');
        if (v > (ULONG_MAX - d) / 10)
            return ULONG_MAX;
        v = v * 10 + d;
    }
    return v;
}
