/* readers.c - the small pieces of Ruby, Go, Redis and YAML semantics that
 * the URL, sentinel and role readers share (facts §3-§5). */
#include "readers.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "uri.h"
#include "util.h"

#include "banned.h"

bool
rb_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

void
rb_strip(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;

    while (n > 0 && rb_space(p[0])) {
        p++;
        n--;
    }
    /* rstrip also drops NUL bytes */
    while (n > 0 && (rb_space(p[n - 1]) || p[n - 1] == '\0'))
        n--;
    *s = p;
    *len = n;
}

bool
rb_blank(const char *s, size_t len)
{
    rb_strip(&s, &len);
    return len == 0;
}

static int
digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Accumulates v = v * base + d saturating at LONG_MAX (Ruby has bignums; a database index
 * that large is refused by Redis anyway). */
static long
accumulate(long v, int base, int d)
{
    if (v > (LONG_MAX - d) / base)
        return LONG_MAX;
    return v * base + d;
}

/* Digits of base in s[0..len) with single '_' between them; false when malformed. */
static bool
rb_digits(const char *s, size_t len, int base, long *out)
{
    long v = 0;
    size_t i;
    bool prev_digit = false;

    if (len == 0)
        return false;
    for (i = 0; i < len; i++) {
        if (s[i] == '_') {
            if (!prev_digit || i + 1 == len)
                return false;
            prev_digit = false;
            continue;
        }
        if (digit_value(s[i]) >= base)
            return false;
        v = accumulate(v, base, digit_value(s[i]));
        prev_digit = true;
    }
    *out = v;
    return true;
}

bool
rb_integer(const char *s, size_t len, long *out)
{
    bool neg = false;
    int base = 10;
    long v;

    rb_strip(&s, &len);
    if (len > 0 && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        s++;
        len--;
    }
    if (len >= 2 && s[0] == '0') {
        switch (s[1]) {
        case 'x':
        case 'X':
            base = 16;
            break;
        case 'b':
        case 'B':
            base = 2;
            break;
        case 'o':
        case 'O':
            base = 8;
            break;
        case 'd':
        case 'D':
            base = 10;
            break;
        default:
            base = 0;
            break;
        }
        if (base == 0) {
            /* a leading zero means octal: "010" is 8, "08" is an error */
            if (!rb_digits(s, len, 8, &v))
                return false;
        } else if (!rb_digits(s + 2, len - 2, base, &v)) {
            return false;
        }
    } else if (!rb_digits(s, len, 10, &v)) {
        return false;
    }
    *out = neg ? -v : v;
    return true;
}

long
rb_to_i(const char *s, size_t len)
{
    size_t i = 0;
    bool neg = false;
    long v = 0;

    while (i < len && rb_space(s[i]))
        i++;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    for (; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            v = accumulate(v, 10, s[i] - '0');
        else if (s[i] == '_' && i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' && i + 1 < len &&
                 s[i + 1] >= '0' && s[i + 1] <= '9')
            continue;
        else
            break;
    }
    return neg ? -v : v;
}

bool
redis_select_arg(const char *s, size_t len, long *out)
{
    long v = 0;
    size_t i;

    if (len == 0 || (s[0] == '0' && len > 1))
        return false;
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        if (v > (LONG_MAX - (s[i] - '0')) / 10)
            return false; /* string2ll overflows */
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool
go_atoi(const char *s, size_t len, long *out)
{
    bool neg = false;
    long v = 0;
    size_t i = 0;

    if (len > 0 && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == len)
        return false;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        if (v > (LONG_MAX - (s[i] - '0')) / 10)
            return false; /* strconv.ErrRange */
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return true;
}

/* "host nil and path nil": Ruby took the host for a scheme (opaque part). */
static bool
needs_retry(const struct uri *u)
{
    return !u->scheme.p || (!u->host.p && !u->path.p);
}

int
apisonator_uri(struct uri *u, char **owned, const char *value, size_t len)
{
    static const char prefix[] = "redis://";
    const size_t plen = sizeof(prefix) - 1;
    char *buf;

    *owned = NULL;
    if (uri_parse_ruby(u, value, len) == 0 && !needs_retry(u))
        return 0;
    buf = malloc(plen + len + 1);
    if (!buf)
        return -1;
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, value, len);
    buf[plen + len] = '\0';
    if (uri_parse_ruby(u, buf, plen + len) < 0 || needs_retry(u)) {
        wipe_free_n(buf, plen + len);
        memset(u, 0, sizeof(*u));
        return 1;
    }
    *owned = buf;
    return 0;
}

unsigned long
rb_default_port(const struct uri *u)
{
    /* the schemes Ruby registers a URI class with a default port for */
    static const struct {
        const char *scheme;
        unsigned long port;
    } ports[] = {{"http", 80},  {"https", 443}, {"ws", 80},    {"wss", 443},
                 {"ftp", 21},   {"ldap", 389},  {"ldaps", 636}};
    size_t i;

    for (i = 0; i < ARRAY_SIZE(ports); i++)
        if (uri_scheme_is(u, ports[i].scheme))
            return ports[i].port;
    return 0;
}

static bool
yaml_blank(char c)
{
    return c == ' ' || c == '\t';
}

int
porta_yaml_dq(char **out, size_t *out_len, const char *value, size_t len)
{
    char *buf;
    size_t i = 0, o = 0;

    *out = NULL;
    *out_len = 0;
    for (i = 0; i < len; i++) {
        if (value[i] == '"')
            return YAML_DQ_QUOTE;
        if (value[i] == '\\')
            return YAML_DQ_ESCAPE;
    }
    buf = malloc(len + 1);
    if (!buf)
        return -1;
    i = 0;
    while (i < len) {
        size_t start = i, breaks = 0;
        if (!yaml_blank(value[i]) && value[i] != '\n' && value[i] != '\r') {
            buf[o++] = value[i++];
            continue;
        }
        /* a run of blanks and line breaks, as libyaml's quoted-scalar scanner folds it */
        while (i < len && (yaml_blank(value[i]) || value[i] == '\n' || value[i] == '\r')) {
            if (value[i] == '\r' && i + 1 < len && value[i + 1] == '\n')
                i++;
            if (value[i] == '\n' || value[i] == '\r')
                breaks++;
            i++;
        }
        if (breaks == 0) {
            memcpy(buf + o, value + start, i - start);
            o += i - start;
        } else if (breaks == 1) {
            buf[o++] = ' ';
        } else {
            memset(buf + o, '\n', breaks - 1);
            o += breaks - 1;
        }
    }
    buf[o] = '\0';
    *out = buf;
    *out_len = o;
    return YAML_DQ_OK;
}
