/* URL parsing (RFC 3986).  The input is first cut into spans and every check
 * runs on those spans, so a malformed URL is rejected before anything is
 * allocated; a good one is then copied into a single block. */
#include "url.h"
#include "alloc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* A piece of the input.  p == NULL means the part is absent, which differs
 * from present but empty ("http://h/?" has an empty query). */
typedef struct span {
    const char *p;
    size_t n;
} span;

/* What the input says, before anything is copied. */
typedef struct parts {
    span scheme, user, password, host, path, query, fragment;
    oi_scheme id;
    int has_authority;
    int host_is_ipv6;
    unsigned port;
    int port_given;
} parts;

/* Character classes by hand: <ctype.h> depends on the locale, and a URL's
 * syntax must not (a Turkish locale would lower 'I' to a dotless i). */
static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char to_lower(char c)
{
    if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
    return c;
}

static int hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    c = to_lower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

static span span_from(const char *begin, const char *end)
{
    return (span){begin, (size_t)(end - begin)};
}

static int span_equals_lower(span s, const char *lit)
{
    size_t i;

    if (s.n != strlen(lit))
        return 0;
    for (i = 0; i < s.n && to_lower(s.p[i]) == lit[i]; i++)
        ;
    return i == s.n;
}

/* Bytes no part of a URL may hold, and percent-escapes, are checked once
 * over the whole input so that no later step has to care about them. */
static int check_bytes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7F)
            return -1;
        if (c == '%' && (n - i < 3 || hex_value(s[i + 1]) < 0 || hex_value(s[i + 2]) < 0))
            return -1;
    }
    return 0;
}

static int is_scheme_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
}

/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ':'. */
static int parse_scheme(span in, span *scheme, span *rest)
{
    size_t i = 0;

    if (!is_alpha(in.p[0]))
        return -1;
    while (i < in.n && is_scheme_char(in.p[i]))
        i++;
    if (i == in.n || in.p[i] != ':')
        return -1;
    *scheme = (span){in.p, i};
    *rest = (span){in.p + i + 1, in.n - i - 1};
    return 0;
}

static oi_scheme scheme_id(span name)
{
    static const struct {
        const char *name;
        oi_scheme id;
    } known[] = {{"http", OI_SCHEME_HTTP},
                 {"https", OI_SCHEME_HTTPS},
                 {"ftp", OI_SCHEME_FTP},
                 {"file", OI_SCHEME_FILE}};

    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (span_equals_lower(name, known[i].name))
            return known[i].id;
    return OI_SCHEME_UNKNOWN;
}

static unsigned default_port(oi_scheme id)
{
    switch (id) {
    case OI_SCHEME_HTTP:
        return 80;
    case OI_SCHEME_HTTPS:
        return 443;
    case OI_SCHEME_FTP:
        return 21;
    default:
        return 0;
    }
}

/* An empty port ("host:") means the default one, as RFC 3986 3.2.3 allows. */
static int parse_port(span s, parts *pt)
{
    unsigned long v = 0;

    if (s.n == 0)
        return 0;
    for (size_t i = 0; i < s.n; i++) {
        if (!is_digit(s.p[i]))
            return -1;
        v = v * 10 + (unsigned long)(s.p[i] - '0');
        if (v > 65535) /* stop early so that long digit strings cannot wrap */
            return -1;
    }
    if (v == 0)
        return -1;
    pt->port = (unsigned)v;
    pt->port_given = 1;
    return 0;
}

static int check_ipv6(span h)
{
    char buf[INET6_ADDRSTRLEN];
    struct in6_addr addr;

    if (h.n >= sizeof buf)
        return -1;
    memcpy(buf, h.p, h.n);
    buf[h.n] = '\0';
    return inet_pton(AF_INET6, buf, &addr) == 1 ? 0 : -1;
}

/* reg-name = *( unreserved / pct-encoded / sub-delims ); IPv4 addresses fit
 * it too.  Anything else in a host name ('<', '\\', '"', ...) is refused
 * so that it cannot reach a Host header or a resolver. */
static int check_reg_name(span h)
{
    static const char others[] = "-._~%!$&'()*+,;=";

    for (size_t i = 0; i < h.n; i++) {
        char c = h.p[i];
        if (!is_alpha(c) && !is_digit(c) && !strchr(others, c))
            return -1;
    }
    return 0;
}

/* host [ ":" port ], the host being "[" IPv6 "]" or a reg-name. */
static int parse_host_port(span hp, parts *pt)
{
    const char *end = hp.p + hp.n;
    const char *colon;

    if (hp.n > 0 && hp.p[0] == '[') {
        const char *close = memchr(hp.p, ']', hp.n);
        if (!close)
            return -1;
        pt->host = span_from(hp.p + 1, close);
        pt->host_is_ipv6 = 1;
        colon = close + 1;
        if (colon != end && *colon != ':')
            return -1;
        if (check_ipv6(pt->host) != 0)
            return -1;
    } else {
        colon = memchr(hp.p, ':', hp.n);
        if (!colon)
            colon = end;
        pt->host = span_from(hp.p, colon);
        if (check_reg_name(pt->host) != 0)
            return -1;
    }
    return colon == end ? 0 : parse_port(span_from(colon + 1, end), pt);
}

/* [ userinfo "@" ] host [ ":" port ].  The last '@' ends the userinfo, as
 * curl and browsers read "http://a@b@host/"; the user name ends at the
 * first ':'. */
static int parse_authority(span a, parts *pt)
{
    const char *at = NULL;

    for (size_t i = 0; i < a.n; i++)
        if (a.p[i] == '@')
            at = a.p + i;
    if (at) {
        span ui = span_from(a.p, at);
        const char *colon = memchr(ui.p, ':', ui.n);
        if (colon) {
            pt->user = span_from(ui.p, colon);
            pt->password = span_from(colon + 1, at);
        } else {
            pt->user = ui;
        }
        a = span_from(at + 1, a.p + a.n);
    }
    return parse_host_port(a, pt);
}

/* A file URL names a local file: its authority may only be "" or
 * "localhost" (RFC 8089), both meaning this machine, so both become "".
 * Without an authority ("file:/etc/hosts") the path must be absolute. */
static int check_file(span authority, parts *pt)
{
    if (!pt->has_authority) {
        if (pt->path.n == 0 || pt->path.p[0] != '/')
            return -1;
    } else if (authority.n != 0 && !span_equals_lower(authority, "localhost")) {
        return -1;
    }
    pt->host = (span){"", 0};
    return 0;
}

/* Rules that depend on the scheme, once the generic syntax is known. */
static int check_scheme_rules(span authority, parts *pt)
{
    switch (pt->id) {
    case OI_SCHEME_HTTP:
    case OI_SCHEME_HTTPS:
    case OI_SCHEME_FTP:
        /* "http:/x" and "http:host" name no server. */
        if (!pt->has_authority || pt->host.n == 0)
            return -1;
        break;
    case OI_SCHEME_FILE:
        if (check_file(authority, pt) != 0)
            return -1;
        break;
    default:
        break;
    }
    /* Opaque paths of unknown schemes ("mailto:x") stay as given. */
    if (pt->path.n == 0 && (pt->has_authority || pt->id != OI_SCHEME_UNKNOWN))
        pt->path = (span){"/", 1};
    return 0;
}

/* What follows "scheme:": [ "//" authority ] path [ "?" query ] [ "#"
 * fragment ], cut as RFC 3986 appendix B does.  The fragment is cut first
 * (it may hold '?'), then the query (it may hold '/' and '?'), so the
 * authority ends at the first '/' of what is left and an '@' in the path,
 * query or fragment never reaches it.  authority.p is NULL without "//";
 * query and fragment are left as they were when absent. */
static void cut_hier(span rest, span *authority, span *path, span *query, span *fragment)
{
    const char *cut;

    *authority = (span){NULL, 0};
    if ((cut = memchr(rest.p, '#', rest.n)) != NULL) {
        *fragment = span_from(cut + 1, rest.p + rest.n);
        rest.n = (size_t)(cut - rest.p);
    }
    if ((cut = memchr(rest.p, '?', rest.n)) != NULL) {
        *query = span_from(cut + 1, rest.p + rest.n);
        rest.n = (size_t)(cut - rest.p);
    }
    if (rest.n >= 2 && rest.p[0] == '/' && rest.p[1] == '/') {
        const char *end = rest.p + rest.n;
        const char *slash = memchr(rest.p + 2, '/', rest.n - 2);
        if (!slash)
            slash = end;
        *authority = span_from(rest.p + 2, slash);
        rest = span_from(slash, end);
    }
    *path = rest;
}

/* scheme ":" hier-part [ "?" query ] [ "#" fragment ]. */
static int split(span in, parts *pt)
{
    span rest, authority;

    if (parse_scheme(in, &pt->scheme, &rest) != 0)
        return -1;
    pt->id = scheme_id(pt->scheme);
    pt->port = default_port(pt->id);
    cut_hier(rest, &authority, &pt->path, &pt->query, &pt->fragment);
    pt->has_authority = authority.p != NULL;
    if (pt->has_authority && parse_authority(authority, pt) != 0)
        return -1;
    return check_scheme_rules(authority, pt);
}

/* Copy s into *cur (lower-cased if asked), NUL-terminate it, advance. */
static char *put(char **cur, span s, int lower)
{
    char *out = *cur;

    if (!s.p)
        return NULL;
    memcpy(out, s.p, s.n);
    for (size_t i = 0; lower && i < s.n; i++)
        out[i] = to_lower(out[i]);
    out[s.n] = '\0';
    *cur += s.n + 1;
    return out;
}

static size_t size_of(span s)
{
    return s.p ? s.n + 1 : 0;
}

static int build(oi_url *u, const parts *pt)
{
    size_t target_n = pt->path.n + (pt->query.p ? pt->query.n + 1 : 0);
    size_t size = size_of(pt->scheme) + size_of(pt->user) + size_of(pt->password) +
                  size_of(pt->host) + size_of(pt->path) + size_of(pt->query) +
                  size_of(pt->fragment) + target_n + 1;
    char *cur = oi_malloc(size);

    if (!cur)
        return -2;
    u->block_ = cur;
    u->scheme = pt->id;
    u->scheme_name = put(&cur, pt->scheme, 1);
    u->user = put(&cur, pt->user, 0);
    u->password = put(&cur, pt->password, 0);
    u->host = put(&cur, pt->host, 1);
    u->host_is_ipv6 = pt->host_is_ipv6;
    u->port = pt->port;
    u->port_given = pt->port_given;
    u->path = put(&cur, pt->path, 0);
    u->query = put(&cur, pt->query, 0);
    u->fragment = put(&cur, pt->fragment, 0);
    u->target = cur;
    memcpy(cur, pt->path.p, pt->path.n);
    cur += pt->path.n;
    if (pt->query.p) {
        *cur++ = '?';
        memcpy(cur, pt->query.p, pt->query.n);
        cur += pt->query.n;
    }
    *cur = '\0';
    return 0;
}

int oi_url_parse(oi_url *u, const char *s, size_t len)
{
    parts pt;

    /* A cleared struct on failure lets callers oi_url_free() it blindly. */
    memset(u, 0, sizeof *u);
    memset(&pt, 0, sizeof pt);
    if (!s)
        return -1;
    if (len == (size_t)-1)
        len = strlen(s);
    /* The block holds the input about twice over (parts, then target);
     * refuse lengths for which that size would wrap. */
    if (len > SIZE_MAX / 2 - 16)
        return -2;
    if (len == 0 || check_bytes(s, len) != 0)
        return -1;
    if (split((span){s, len}, &pt) != 0)
        return -1;
    return build(u, &pt);
}

void oi_url_free(oi_url *u)
{
    if (!u)
        return;
    free(u->block_);
    memset(u, 0, sizeof *u);
}

int oi_url_unescape(char *s)
{
    char *in, *out;

    /* Check everything first so that a failure leaves s as it was. */
    for (in = s; *in; in++) {
        if (*in != '%')
            continue;
        if (hex_value(in[1]) < 0 || hex_value(in[2]) < 0 || (in[1] == '0' && in[2] == '0'))
            return -1;
        in += 2;
    }
    for (in = out = s; *in; in++, out++) {
        if (*in == '%') {
            *out = (char)(hex_value(in[1]) * 16 + hex_value(in[2]));
            in += 2;
        } else {
            *out = *in;
        }
    }
    *out = '\0';
    return 0;
}

/* ---- reference resolution (RFC 3986 section 5.2) ---- */

/* A URI reference in its five parts; p == NULL: absent. */
typedef struct ref {
    span scheme, authority, path, query, fragment;
} ref;

/* Without a valid "scheme:" it is a relative reference (RFC 3986 4.2). */
static void cut_ref(span s, ref *r)
{
    span rest = s;

    memset(r, 0, sizeof *r);
    if (s.n == 0 || parse_scheme(s, &r->scheme, &rest) != 0) {
        r->scheme = (span){NULL, 0};
        rest = s;
    }
    cut_hier(rest, &r->authority, &r->path, &r->query, &r->fragment);
}

static int span_starts(span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.n >= n && memcmp(s.p, lit, n) == 0;
}

static int span_is(span s, const char *lit)
{
    return s.n == strlen(lit) && memcmp(s.p, lit, s.n) == 0;
}

/* Drop the last segment of p[0..out) and the '/' before it. */
static size_t drop_last_segment(const char *p, size_t out)
{
    while (out > 0 && p[out - 1] != '/')
        out--;
    return out > 0 ? out - 1 : 0;
}

/* RFC 3986 5.2.4, step by step, over p[0..n) in place: each step writes no
 * more than it reads, so the output never overtakes the input.  Returns
 * the new length. */
static size_t remove_dot_segments(char *p, size_t n)
{
    size_t in = 0, out = 0;

    while (in < n) {
        span s = {p + in, n - in};
        if (span_starts(s, "../")) { /* A */
            in += 3;
        } else if (span_starts(s, "./") || span_starts(s, "/./")) { /* A; B, "/" remains */
            in += 2;
        } else if (span_is(s, "/.")) { /* B at the end */
            p[out++] = '/';
            in = n;
        } else if (span_starts(s, "/../")) { /* C: "/" remains */
            in += 3;
            out = drop_last_segment(p, out);
        } else if (span_is(s, "/..")) { /* C at the end */
            out = drop_last_segment(p, out);
            p[out++] = '/';
            in = n;
        } else if (span_is(s, ".") || span_is(s, "..")) { /* D */
            in = n;
        } else { /* E: move the first segment, with its leading '/' */
            size_t end = in + 1;
            while (end < n && p[end] != '/')
                end++;
            memmove(p + out, p + in, end - in);
            out += end - in;
            in = end;
        }
    }
    return out;
}

/* The target's path as the base's directory (head) followed by the
 * reference's path (tail), RFC 3986 5.2.2 and 5.2.3. */
static void target_path(const ref *b, const ref *r, span *head, span *tail)
{
    *head = (span){"", 0};
    *tail = r->path;
    if (r->scheme.p || r->authority.p || (r->path.n > 0 && r->path.p[0] == '/'))
        return;
    if (r->path.n == 0) {
        *tail = b->path;
    } else if (b->authority.p && b->path.n == 0) {
        *head = (span){"/", 1};
    } else {
        size_t dir = b->path.n;
        while (dir > 0 && b->path.p[dir - 1] != '/')
            dir--;
        *head = (span){b->path.p, dir};
    }
}

static char *put_part(char *cur, const char *prefix, span s)
{
    size_t n = strlen(prefix);

    if (!s.p)
        return cur;
    memcpy(cur, prefix, n);
    memcpy(cur + n, s.p, s.n);
    return cur + n + s.n;
}

/* Recompose t (RFC 3986 5.3) with the path head + tail, dot segments
 * removed.  Returns a new string or NULL. */
static char *recompose(const ref *t, span head, span tail)
{
    size_t size = t->scheme.n + 1 + (t->authority.p ? t->authority.n + 2 : 0) + head.n + tail.n +
                  (t->query.p ? t->query.n + 1 : 0) + (t->fragment.p ? t->fragment.n + 1 : 0) + 1;
    char *s = oi_malloc(size), *cur;

    if (!s)
        return NULL;
    cur = put_part(s, "", t->scheme);
    *cur++ = ':';
    cur = put_part(cur, "//", t->authority);
    memcpy(cur, head.p, head.n);
    memcpy(cur + head.n, tail.p, tail.n);
    cur += remove_dot_segments(cur, head.n + tail.n);
    cur = put_part(cur, "?", t->query);
    cur = put_part(cur, "#", t->fragment);
    *cur = '\0';
    return s;
}

int oi_url_resolve(const char *base, const char *ref_text, char **out)
{
    oi_url bu, check;
    ref b, r, t;
    span head, tail;
    size_t rlen;
    int rc;

    *out = NULL;
    if (!base || !ref_text)
        return -1;
    rlen = strlen(ref_text);
    if (check_bytes(ref_text, rlen) != 0)
        return -1;
    if ((rc = oi_url_parse(&bu, base, (size_t)-1)) != 0)
        return rc;
    cut_ref((span){base, strlen(base)}, &b);
    cut_ref((span){ref_text, rlen}, &r);
    /* The non-strict reading of 5.2.2, as browsers do: "http:g" against
     * an http base is relative. */
    if (r.scheme.p && span_equals_lower(r.scheme, bu.scheme_name))
        r.scheme = (span){NULL, 0};
    oi_url_free(&bu);
    t = r;
    if (!r.scheme.p) {
        t.scheme = b.scheme;
        if (!r.authority.p) {
            t.authority = b.authority;
            if (r.path.n == 0 && !r.query.p)
                t.query = b.query;
        }
    }
    target_path(&b, &r, &head, &tail);
    if (!(*out = recompose(&t, head, tail)))
        return -2;
    /* The result must be a URL this library takes; that also checks a
     * reference's own authority (host, port, brackets). */
    rc = oi_url_parse(&check, *out, (size_t)-1);
    oi_url_free(&check);
    if (rc != 0) {
        free(*out);
        *out = NULL;
    }
    return rc;
}
