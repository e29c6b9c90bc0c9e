/* The cookie jar (see cookie.h): parsing Set-Cookie (RFC 6265 section
 * 5.2), storing (5.3), choosing the cookies of a request (5.4), and the
 * Netscape cookie file. */
#include "cookie.h"
#include "alloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libpsl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The latest expiry the jar represents, the last second of year 9999 (the
 * last a cookie date can name); later times are clamped to it, as section
 * 5.2.1 asks.  Times before any `now` mean "expired" and need no bound. */
#define LATEST_EXPIRY   253402300799LL
#define EARLIEST_EXPIRY INT64_MIN

/* SameSite is parsed and stored but never enforced: a client library sees
 * requests, not the site whose page caused them, so it cannot tell a
 * cross-site request from a same-site one.  It is not saved either: the
 * Netscape file has no column for it, and curl rejects lines with an
 * eighth field. */
enum { SAME_SITE_DEFAULT, SAME_SITE_NONE, SAME_SITE_LAX, SAME_SITE_STRICT };

typedef struct span {
    const char *p;
    size_t n;
} span;

typedef struct oi_cookie {
    char *name, *value, *domain, *path; /* in data[]; domain lower-case */
    int64_t expiry;                     /* when persistent */
    /* Ticks of the jar's clock rather than seconds: with whole seconds,
     * cookies stored in one response would tie. */
    uint64_t created; /* orders the Cookie header; kept by a replacement */
    uint64_t used;    /* last access: the least recently used is evicted */
    unsigned char persistent, host_only, secure, http_only, same_site;
    char data[];
} oi_cookie;

struct oi_cookie_jar {
    pthread_mutex_t lock;
    oi_cookie **v; /* in no particular order */
    size_t n, cap;
    uint64_t tick;
    const psl_ctx_t *psl;
};

/* A cookie about to be stored, its strings still in the caller's text. */
typedef struct cookie_fields {
    span name, value, domain, path;
    int64_t expiry;
    unsigned char persistent, host_only, secure, http_only, same_site;
} cookie_fields;

/* ---- characters and spans ---- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* CTLs but HTAB: RFC 6265bis refuses a Set-Cookie holding one, which also
 * keeps CR and LF out of the Cookie header. */
static int is_ctl(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

static int has_ctl(span s)
{
    for (size_t i = 0; i < s.n; i++)
        if (is_ctl((unsigned char)s.p[i]))
            return 1;
    return 0;
}

static span trim(const char *p, size_t n)
{
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    return (span){p, n};
}

static int span_ieq(span s, const char *lit)
{
    return strlen(lit) == s.n && strncasecmp(s.p, lit, s.n) == 0;
}

static int span_has_prefix(span s, const char *prefix)
{
    size_t n = strlen(prefix);
    return s.n >= n && strncasecmp(s.p, prefix, n) == 0;
}

/* Split p[0..n) at its first '=' into trimmed halves; 0 if there is none. */
static int split_at_equals(const char *p, size_t n, span *before, span *after)
{
    const char *eq = memchr(p, '=', n);
    if (!eq)
        return 0;
    *before = trim(p, (size_t)(eq - p));
    *after = trim(eq + 1, n - (size_t)(eq + 1 - p));
    return 1;
}

/* A decimal number of seconds with an optional '-', its magnitude clamped
 * to LATEST_EXPIRY so that no arithmetic on it overflows. */
static int parse_seconds(span s, int64_t *out)
{
    size_t i = s.n && s.p[0] == '-';
    if (i == s.n)
        return -1;
    int64_t v = 0;
    for (; i < s.n; i++) {
        if (!is_digit(s.p[i]))
            return -1;
        v = v >= LATEST_EXPIRY ? LATEST_EXPIRY : v * 10 + (s.p[i] - '0');
    }
    v = v > LATEST_EXPIRY ? LATEST_EXPIRY : v;
    *out = s.p[0] == '-' ? -v : v;
    return 0;
}

/* ---- dates (section 5.1.1) ---- */

static int is_date_delimiter(unsigned char c)
{
    return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40) ||
           (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

/* The number the token t[0..n) starts with, when it has min..max digits
 * (what follows is then a non-digit, as the grammar wants); else -1. */
static int leading_number(const char *t, size_t n, size_t min, size_t max, size_t *used)
{
    size_t k = 0;
    int v = 0;
    for (; k < n && is_digit(t[k]); k++)
        if (k < max)
            v = v * 10 + (t[k] - '0');
    if (k < min || k > max)
        return -1;
    *used = k;
    return v;
}

/* hms-time: three 1*2DIGIT fields separated by ':'. */
static int match_time(const char *t, size_t n, int hms[3])
{
    size_t i = 0;
    for (int f = 0; f < 3; f++) {
        size_t k;
        hms[f] = leading_number(t + i, n - i, 1, 2, &k);
        if (hms[f] < 0)
            return 0;
        i += k;
        if (f < 2 && (i >= n || t[i++] != ':'))
            return 0;
    }
    return 1;
}

/* 1..12 when the token starts with a month's three letters, else 0. */
static int match_month(const char *t, size_t n)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    for (int m = 0; n >= 3 && m < 12; m++)
        if (strncasecmp(t, months + 3 * m, 3) == 0)
            return m + 1;
    return 0;
}

typedef struct cookie_date {
    int hms[3], have_time, day, month, year;
} cookie_date;

/* Each token fills the first field it fits that is still empty, in the
 * order the RFC gives: time, day of month, month, year. */
static void date_token(cookie_date *d, const char *t, size_t n)
{
    size_t k;
    int v;
    if (!d->have_time && match_time(t, n, d->hms))
        d->have_time = 1;
    else if (d->day < 0 && (v = leading_number(t, n, 1, 2, &k)) >= 0)
        d->day = v;
    else if (!d->month && (v = match_month(t, n)) != 0)
        d->month = v;
    else if (d->year < 0 && (v = leading_number(t, n, 2, 4, &k)) >= 0)
        d->year = v;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil): timegm() is not POSIX. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int oi_cookie_date(const char *s, size_t len, int64_t *t)
{
    cookie_date d = {.day = -1, .year = -1};
    for (size_t i = 0; i < len;) {
        while (i < len && is_date_delimiter((unsigned char)s[i]))
            i++;
        size_t start = i;
        while (i < len && !is_date_delimiter((unsigned char)s[i]))
            i++;
        if (i > start)
            date_token(&d, s + start, i - start);
    }
    if (d.year >= 70 && d.year <= 99)
        d.year += 1900;
    else if (d.year >= 0 && d.year <= 69)
        d.year += 2000;
    if (!d.have_time || d.day < 1 || !d.month || d.year < 1601 ||
        d.day > days_in_month(d.year, d.month) || d.hms[0] > 23 || d.hms[1] > 59 || d.hms[2] > 59)
        return -1;
    *t = days_from_civil(d.year, d.month, d.day) * 86400 + d.hms[0] * 3600 + d.hms[1] * 60 +
         d.hms[2];
    return 0;
}

/* ---- matching (sections 5.1.3, 5.1.4) ---- */

/* IPv6 literals are the hosts with a ':'; IPv4 ones what inet_pton takes. */
static int is_ip(const char *host)
{
    struct in_addr a;
    return strchr(host, ':') || inet_pton(AF_INET, host, &a) == 1;
}

static int domain_match(const char *host, int host_is_ip, const char *d, size_t dn)
{
    size_t hn = strlen(host);
    if (hn == dn)
        return strncasecmp(host, d, dn) == 0;
    return !host_is_ip && hn > dn && host[hn - dn - 1] == '.' &&
           strncasecmp(host + hn - dn, d, dn) == 0;
}

/* The path part of a request path or target: up to '?' or '#', and "/"
 * when it does not start with one. */
static span request_path(const char *path)
{
    size_t n = path ? strcspn(path, "?#") : 0;
    return n && path[0] == '/' ? (span){path, n} : (span){"/", 1};
}

static span default_path(const char *path)
{
    span p = request_path(path);
    size_t slash = p.n - 1;
    while (p.p[slash] != '/')
        slash--;
    return slash ? (span){p.p, slash} : (span){"/", 1};
}

static int path_match(span req, const char *cpath)
{
    size_t cn = strlen(cpath);
    if (cn > req.n || memcmp(req.p, cpath, cn) != 0)
        return 0;
    return cn == req.n || cpath[cn - 1] == '/' || req.p[cn] == '/';
}

static int is_public_suffix(const oi_cookie_jar *jar, const char *domain)
{
    /* Without the list, refuse at least the top-level domains. */
    if (!jar->psl)
        return !strchr(domain, '.');
    return psl_is_public_suffix2(jar->psl, domain, PSL_TYPE_ANY);
}

/* RFC 6265bis cookie name prefixes: a __Secure- cookie is Secure, a
 * __Host- cookie also host-only and for the whole host (path "/"). */
static const char *check_prefixes(const cookie_fields *f)
{
    if (span_has_prefix(f->name, "__Secure-") && !f->secure)
        return "a __Secure- cookie without the Secure attribute";
    if (span_has_prefix(f->name, "__Host-") &&
        !(f->secure && f->host_only && f->path.n == 1 && f->path.p[0] == '/'))
        return "a __Host- cookie that is not Secure, host-only and for path /";
    return NULL;
}

/* ---- the store ---- */

oi_cookie_jar *oi_jar_new(void)
{
    oi_cookie_jar *jar = oi_calloc(1, sizeof *jar);
    if (!jar)
        return NULL;
    if (pthread_mutex_init(&jar->lock, NULL) != 0) {
        free(jar);
        return NULL;
    }
    jar->psl = psl_builtin();
    return jar;
}

void oi_jar_free(oi_cookie_jar *jar)
{
    if (!jar)
        return;
    for (size_t i = 0; i < jar->n; i++)
        free(jar->v[i]);
    free(jar->v);
    pthread_mutex_destroy(&jar->lock);
    free(jar);
}

size_t oi_jar_count(oi_cookie_jar *jar)
{
    pthread_mutex_lock(&jar->lock);
    size_t n = jar->n;
    pthread_mutex_unlock(&jar->lock);
    return n;
}

static char *copy_span(char *dst, span s)
{
    memcpy(dst, s.p, s.n);
    dst[s.n] = '\0';
    return dst + s.n + 1;
}

/* One block holds the cookie and its four strings. */
static oi_cookie *cookie_new(const cookie_fields *f)
{
    oi_cookie *c = oi_malloc(sizeof *c + f->name.n + f->value.n + f->domain.n + f->path.n + 4);
    if (!c)
        return NULL;
    char *p = c->data;
    c->name = p;
    c->value = p = copy_span(p, f->name);
    c->domain = p = copy_span(p, f->value);
    c->path = p = copy_span(p, f->domain);
    copy_span(p, f->path);
    for (p = c->domain; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    c->expiry = f->expiry;
    c->persistent = f->persistent;
    c->host_only = f->host_only;
    c->secure = f->secure;
    c->http_only = f->http_only;
    c->same_site = f->same_site;
    return c;
}

static int is_expired(const oi_cookie *c, int64_t now)
{
    return c->persistent && c->expiry <= now;
}

/* Order does not matter in v, so the last cookie fills the hole. */
static void jar_remove_at(oi_cookie_jar *jar, size_t i)
{
    free(jar->v[i]);
    jar->v[i] = jar->v[--jar->n];
}

/* Remove the expired cookies of one domain, or of all (domain NULL). */
static void jar_purge_expired(oi_cookie_jar *jar, int64_t now, const char *domain)
{
    for (size_t i = jar->n; i-- > 0;)
        if (is_expired(jar->v[i], now) && (!domain || strcmp(jar->v[i]->domain, domain) == 0))
            jar_remove_at(jar, i);
}

static size_t jar_count_domain(const oi_cookie_jar *jar, const char *domain)
{
    size_t n = 0;
    for (size_t i = 0; i < jar->n; i++)
        n += strcmp(jar->v[i]->domain, domain) == 0;
    return n;
}

static int used_before(const oi_cookie *a, const oi_cookie *b)
{
    return a->used < b->used || (a->used == b->used && a->created < b->created);
}

/* The least recently used cookie of a domain, or of all (domain NULL);
 * the oldest one among equals (section 5.3's eviction order). */
static size_t jar_lru(const oi_cookie_jar *jar, const char *domain)
{
    size_t best = jar->n;
    for (size_t i = 0; i < jar->n; i++) {
        const oi_cookie *c = jar->v[i];
        if ((!domain || strcmp(c->domain, domain) == 0) &&
            (best == jar->n || used_before(c, jar->v[best])))
            best = i;
    }
    return best;
}

/* Make room for one more cookie of `domain`: expired cookies go first,
 * then the least recently used. */
static void jar_make_room(oi_cookie_jar *jar, const char *domain, int64_t now)
{
    if (jar_count_domain(jar, domain) >= OI_COOKIE_PER_DOMAIN) {
        jar_purge_expired(jar, now, domain);
        while (jar_count_domain(jar, domain) >= OI_COOKIE_PER_DOMAIN)
            jar_remove_at(jar, jar_lru(jar, domain));
    }
    if (jar->n >= OI_COOKIE_MAX_TOTAL) {
        jar_purge_expired(jar, now, NULL);
        while (jar->n >= OI_COOKIE_MAX_TOTAL)
            jar_remove_at(jar, jar_lru(jar, NULL));
    }
}

/* The index of the cookie that c would replace (same name, domain,
 * host-only flag and path, as RFC 6265bis says), or jar->n. */
static size_t jar_find(const oi_cookie_jar *jar, const oi_cookie *c)
{
    for (size_t i = 0; i < jar->n; i++) {
        const oi_cookie *e = jar->v[i];
        if (e->host_only == c->host_only && strcmp(e->name, c->name) == 0 &&
            strcmp(e->domain, c->domain) == 0 && strcmp(e->path, c->path) == 0)
            return i;
    }
    return jar->n;
}

/* RFC 6265bis "leave Secure cookies alone": a non-secure origin may not
 * set a cookie that would replace or shadow a Secure one of the same
 * name, in an overlapping domain, on a path the new cookie's path falls
 * under. */
static int shadows_secure(const oi_cookie_jar *jar, const oi_cookie *c)
{
    span path = {c->path, strlen(c->path)};
    for (size_t i = 0; i < jar->n; i++) {
        const oi_cookie *e = jar->v[i];
        if (e->secure && strcmp(e->name, c->name) == 0 && path_match(path, e->path) &&
            (domain_match(e->domain, 0, c->domain, strlen(c->domain)) ||
             domain_match(c->domain, 0, e->domain, strlen(e->domain))))
            return 1;
    }
    return 0;
}

static int jar_append(oi_cookie_jar *jar, oi_cookie *c)
{
    if (jar->n == jar->cap) {
        size_t cap = jar->cap ? 2 * jar->cap : 16;
        oi_cookie **v = oi_realloc(jar->v, cap * sizeof *v);
        if (!v)
            return -1;
        jar->v = v;
        jar->cap = cap;
    }
    jar->v[jar->n++] = c;
    return 0;
}

/* Section 5.3 steps 11-12 on a locked jar; takes ownership of c. */
static int jar_put(oi_cookie_jar *jar, oi_cookie *c, int insecure_origin, int64_t now,
                   const char **why)
{
    if (insecure_origin && !c->secure && shadows_secure(jar, c)) {
        free(c);
        *why = "a Secure cookie of that name exists and the origin is not secure";
        return -1;
    }
    c->created = c->used = ++jar->tick;
    size_t i = jar_find(jar, c);
    if (i < jar->n) {
        c->created = jar->v[i]->created;
        if (is_expired(c, now)) {
            jar_remove_at(jar, i); /* an expired cookie deletes its namesake */
            free(c);
        } else {
            free(jar->v[i]);
            jar->v[i] = c;
        }
        return 0;
    }
    if (is_expired(c, now)) {
        free(c);
        return 0;
    }
    jar_make_room(jar, c->domain, now);
    if (jar_append(jar, c) != 0) {
        free(c);
        return -2;
    }
    return 0;
}

static int jar_insert(oi_cookie_jar *jar, const cookie_fields *f, int insecure_origin, int64_t now,
                      const char **why)
{
    oi_cookie *c = cookie_new(f);
    if (!c)
        return -2;
    pthread_mutex_lock(&jar->lock);
    int rc = jar_put(jar, c, insecure_origin, now, why);
    pthread_mutex_unlock(&jar->lock);
    return rc;
}

/* ---- Set-Cookie (section 5.2) ---- */

typedef struct parsed_cookie {
    span name, value;
    span domain; /* p NULL: no Domain attribute */
    span path;   /* p NULL: the default path */
    int has_max_age, has_expires;
    int64_t max_age_expiry, expires;
    unsigned char secure, http_only, same_site;
} parsed_cookie;

static void parse_max_age(parsed_cookie *sc, span v, int64_t now)
{
    int64_t delta;
    if (parse_seconds(v, &delta) != 0)
        return;
    sc->has_max_age = 1;
    if (delta <= 0)
        sc->max_age_expiry = EARLIEST_EXPIRY;
    else
        sc->max_age_expiry = now > LATEST_EXPIRY - delta ? LATEST_EXPIRY : now + delta;
}

static unsigned char parse_same_site(span v)
{
    return span_ieq(v, "Strict") ? SAME_SITE_STRICT
           : span_ieq(v, "Lax")  ? SAME_SITE_LAX
           : span_ieq(v, "None") ? SAME_SITE_NONE
                                 : SAME_SITE_DEFAULT;
}

/* One cookie-av (section 5.2.1-5.2.6); when an attribute repeats, the
 * last one counts, and values the RFC calls invalid are ignored. */
static void parse_attribute(parsed_cookie *sc, const char *p, size_t n, int64_t now)
{
    span name, value;
    if (!split_at_equals(p, n, &name, &value)) {
        name = trim(p, n);
        value = (span){p + n, 0};
    }
    if (value.n > OI_COOKIE_MAX_ATTRIBUTE)
        return;
    if (span_ieq(name, "Expires")) {
        sc->has_expires |= oi_cookie_date(value.p, value.n, &sc->expires) == 0;
    } else if (span_ieq(name, "Max-Age")) {
        parse_max_age(sc, value, now);
    } else if (span_ieq(name, "Domain") && value.n) {
        sc->domain = value.p[0] == '.' ? (span){value.p + 1, value.n - 1} : value;
    } else if (span_ieq(name, "Path")) {
        /* A tab is a control character the path may not hold (RFC 6265
         * section 4.1.1), and the cookie file's field separator. */
        int ok = value.n && value.p[0] == '/' && !memchr(value.p, '\t', value.n);
        sc->path = ok ? value : (span){NULL, 0};
    } else if (span_ieq(name, "Secure")) {
        sc->secure = 1;
    } else if (span_ieq(name, "HttpOnly")) {
        sc->http_only = 1;
    } else if (span_ieq(name, "SameSite")) {
        sc->same_site = parse_same_site(value);
    }
}

static const char *parse_set_cookie(parsed_cookie *sc, const char *s, size_t len, int64_t now)
{
    memset(sc, 0, sizeof *sc);
    if (has_ctl((span){s, len}))
        return "a control character in the cookie";
    const char *end = s + len;
    const char *semi = memchr(s, ';', len);
    size_t pair = semi ? (size_t)(semi - s) : len;
    /* Without '=', the whole pair is the value of a nameless cookie, as
     * browsers (and RFC 6265bis) have it. */
    if (!split_at_equals(s, pair, &sc->name, &sc->value)) {
        sc->name = (span){s, 0};
        sc->value = trim(s, pair);
    }
    if (!sc->name.n && !sc->value.n)
        return "neither a name nor a value";
    if (sc->name.n + sc->value.n > OI_COOKIE_MAX_NAME_VALUE)
        return "name and value over 4096 bytes";
    /* The cookie file separates fields by tabs. */
    if (memchr(sc->name.p, '\t', sc->name.n))
        return "a tab in the name";
    if (!sc->name.n &&
        (span_has_prefix(sc->value, "__Secure-") || span_has_prefix(sc->value, "__Host-")))
        return "a nameless cookie whose value looks like a prefixed name";
    for (const char *p = semi; p; p = semi) {
        p++;
        semi = memchr(p, ';', (size_t)(end - p));
        parse_attribute(sc, p, (size_t)((semi ? semi : end) - p), now);
    }
    return NULL;
}

/* Section 5.3 steps 5-6: the cookie's domain, host-only without a Domain
 * attribute; dom (OI_COOKIE_MAX_ATTRIBUTE + 1 bytes) holds the attribute
 * in lower case.  The domain is matched against the host before the
 * public suffix check, which so sees only ASCII names; the outcome is the
 * RFC's. */
static const char *resolve_domain(const oi_cookie_jar *jar, const parsed_cookie *sc,
                                  const char *host, char *dom, cookie_fields *f)
{
    f->host_only = 1;
    f->domain = (span){host, strlen(host)};
    if (!sc->domain.p || !sc->domain.n)
        return NULL;
    for (size_t i = 0; i < sc->domain.n; i++) {
        char c = sc->domain.p[i];
        dom[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    dom[sc->domain.n] = '\0';
    int ip = is_ip(host);
    if (!domain_match(host, ip, dom, sc->domain.n))
        return ip ? "a Domain attribute on a request to an IP address"
                  : "the Domain attribute does not match the host";
    if (ip)
        return NULL;                /* the same address: host-only */
    if (is_public_suffix(jar, dom)) /* host-only when the host is the suffix itself */
        return sc->domain.n == f->domain.n ? NULL : "the Domain attribute is a public suffix";
    f->host_only = 0;
    f->domain = (span){dom, sc->domain.n};
    return NULL;
}

static int reject(const char **why, const char *reason)
{
    *why = reason;
    return -1;
}

int oi_jar_store_why(oi_cookie_jar *jar, const char *host, const char *path, int secure,
                     int from_http, const char *set_cookie_text, size_t len, int64_t now,
                     const char **why)
{
    /* Both origins are trusted alike (see cookie.h): the API stands for the
     * application, which may set HttpOnly cookies as a server does. */
    (void)from_http;
    const char *ignored = NULL;
    why = why ? why : &ignored;
    if (!host || !*host)
        return reject(why, "no host");
    parsed_cookie sc;
    char dom[OI_COOKIE_MAX_ATTRIBUTE + 1];
    cookie_fields f = {0};
    if ((*why = parse_set_cookie(&sc, set_cookie_text, len, now)) != NULL ||
        (*why = resolve_domain(jar, &sc, host, dom, &f)) != NULL)
        return -1;
    if (sc.secure && !secure)
        return reject(why, "a Secure cookie from a non-secure origin");
    f.name = sc.name;
    f.value = sc.value;
    f.path = sc.path.p ? sc.path : default_path(path);
    f.persistent = sc.has_max_age || sc.has_expires;
    f.expiry = sc.has_max_age ? sc.max_age_expiry : sc.expires;
    f.secure = sc.secure;
    f.http_only = sc.http_only;
    f.same_site = sc.same_site;
    if ((*why = check_prefixes(&f)) != NULL)
        return -1;
    return jar_insert(jar, &f, !secure, now, why);
}

int oi_jar_store(oi_cookie_jar *jar, const char *host, const char *path, int secure, int from_http,
                 const char *set_cookie_text, size_t len, int64_t now)
{
    return oi_jar_store_why(jar, host, path, secure, from_http, set_cookie_text, len, now, NULL);
}

/* ---- the Cookie header (section 5.4) ---- */

static int cookie_matches(const oi_cookie *c, const char *host, int host_is_ip, span path,
                          int secure)
{
    if (c->secure && !secure)
        return 0;
    if (c->host_only ? strcasecmp(host, c->domain) != 0
                     : !domain_match(host, host_is_ip, c->domain, strlen(c->domain)))
        return 0;
    return path_match(path, c->path);
}

/* Longer paths first, then older cookies first. */
static int header_order(const void *a, const void *b)
{
    const oi_cookie *x = *(oi_cookie *const *)a, *y = *(oi_cookie *const *)b;
    size_t xn = strlen(x->path), yn = strlen(y->path);
    if (xn != yn)
        return xn > yn ? -1 : 1;
    return x->created < y->created ? -1 : x->created > y->created;
}

/* "name=value; ..."; a nameless cookie is its value alone. */
static char *join_cookies(oi_cookie *const *m, size_t k)
{
    size_t total = 1;
    for (size_t i = 0; i < k; i++)
        total += strlen(m[i]->name) + 1 + strlen(m[i]->value) + 2;
    char *out = oi_malloc(total), *p = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < k; i++) {
        int nameless = !*m[i]->name;
        p += sprintf(p, "%s%s%s%s", i ? "; " : "", m[i]->name, nameless ? "" : "=", m[i]->value);
    }
    return out;
}

/* The matching cookies, sorted, marked as used; NULL with *k 0 when none. */
static oi_cookie **jar_select(oi_cookie_jar *jar, const char *host, const char *path, int secure,
                              size_t *k)
{
    *k = 0;
    oi_cookie **m = jar->n ? oi_malloc(jar->n * sizeof *m) : NULL;
    if (!m)
        return NULL;
    int ip = is_ip(host);
    span req = request_path(path);
    for (size_t i = 0; i < jar->n; i++)
        if (cookie_matches(jar->v[i], host, ip, req, secure))
            m[(*k)++] = jar->v[i];
    qsort(m, *k, sizeof *m, header_order);
    uint64_t tick = ++jar->tick;
    for (size_t i = 0; i < *k; i++)
        m[i]->used = tick;
    return m;
}

char *oi_jar_header(oi_cookie_jar *jar, const char *host, const char *path, int secure, int64_t now,
                    int *failed)
{
    pthread_mutex_lock(&jar->lock);
    jar_purge_expired(jar, now, NULL);
    size_t n = jar->n, k;
    oi_cookie **m = jar_select(jar, host, path, secure, &k);
    char *out = k ? join_cookies(m, k) : NULL;
    pthread_mutex_unlock(&jar->lock);
    free(m);
    if (failed)
        *failed = (n && !m) || (k && !out);
    return out;
}

/* ---- the Netscape cookie file ---- */

static int parse_bool(span s, unsigned char *out)
{
    if (span_ieq(s, "TRUE") || span_ieq(s, "FALSE")) {
        *out = span_ieq(s, "TRUE");
        return 0;
    }
    return -1;
}

/* Split a line into its seven fields; six mean an empty value, as in
 * curl.  The value is the rest of the line, tabs and all. */
static int split_fields(char *line, size_t n, span field[7])
{
    const char *p = line, *end = line + n;
    size_t k = 0;
    for (const char *tab; k < 6 && (tab = memchr(p, '\t', (size_t)(end - p))) != NULL; p = tab + 1)
        field[k++] = (span){p, (size_t)(tab - p)};
    if (k < 5)
        return -1;
    field[k++] = (span){p, (size_t)(end - p)};
    if (k == 6)
        field[6] = (span){end, 0};
    return 0;
}

static int valid_name_value(span name, span value)
{
    return (name.n || value.n) && name.n + value.n <= OI_COOKIE_MAX_NAME_VALUE && !has_ctl(name) &&
           !has_ctl(value) && !memchr(name.p, '=', name.n) && !memchr(name.p, ';', name.n) &&
           !memchr(value.p, ';', value.n);
}

/* The cookie of one line, its domain lower-cased in place; 0 when the
 * line holds a usable cookie. */
static int parse_file_line(const oi_cookie_jar *jar, char *line, size_t n, int64_t now,
                           cookie_fields *f)
{
    span fld[7];
    unsigned char subdomains;
    if (split_fields(line, n, fld) != 0)
        return -1;
    if (fld[0].n && fld[0].p[0] == '.')
        fld[0] = (span){fld[0].p + 1, fld[0].n - 1};
    char *dom = line + (fld[0].p - line);
    for (size_t i = 0; i < fld[0].n; i++)
        dom[i] = dom[i] >= 'A' && dom[i] <= 'Z' ? (char)(dom[i] - 'A' + 'a') : dom[i];
    if (!fld[0].n || has_ctl(fld[0]) || parse_bool(fld[1], &subdomains) != 0 || !fld[2].n ||
        fld[2].p[0] != '/' || has_ctl(fld[2]) || parse_bool(fld[3], &f->secure) != 0 ||
        parse_seconds(fld[4], &f->expiry) != 0 || !valid_name_value(fld[5], fld[6]))
        return -1;
    f->domain = fld[0];
    f->host_only = !subdomains;
    f->path = fld[2];
    f->persistent = f->expiry != 0;
    f->name = fld[5];
    f->value = fld[6];
    if ((f->persistent && f->expiry <= now) || check_prefixes(f))
        return -1;
    if (f->host_only)
        return 0;
    dom[fld[0].n] = '\0'; /* ends the domain field for libpsl */
    return is_public_suffix(jar, dom) ? -1 : 0;
}

/* Store the cookie of one line, if it has one; -2 when out of memory. */
static int load_line(oi_cookie_jar *jar, char *line, size_t n, int64_t now)
{
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        n--;
    cookie_fields f = {0};
    const char *prefix = "#HttpOnly_", *why;
    if (n > strlen(prefix) && memcmp(line, prefix, strlen(prefix)) == 0) {
        f.http_only = 1;
        line += strlen(prefix);
        n -= strlen(prefix);
    } else if (!n || line[0] == '#') {
        return 0;
    }
    if (parse_file_line(jar, line, n, now, &f) != 0)
        return 0;
    return jar_insert(jar, &f, 0, now, &why) == -2 ? -2 : 0;
}

int oi_jar_load(oi_cookie_jar *jar, const char *file, int64_t now)
{
    FILE *fp = fopen(file, "r");
    if (!fp)
        return -1;
    /* fopen() opens a directory, and some systems even read one: refuse it
     * here, so that it fails alike everywhere. */
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        errno = EISDIR;
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, fp)) >= 0)
        rc = load_line(jar, line, (size_t)n, now);
    if (rc == 0 && !feof(fp))
        rc = errno == ENOMEM ? -2 : -1;
    int err = errno;
    free(line);
    fclose(fp);
    errno = err;
    return rc;
}

static int created_order(const void *a, const void *b)
{
    const oi_cookie *x = *(oi_cookie *const *)a, *y = *(oi_cookie *const *)b;
    return x->created < y->created ? -1 : x->created > y->created;
}

static void write_cookie(FILE *fp, const oi_cookie *c)
{
    fprintf(fp, "%s%s%s\t%s\t%s\t%s\t%lld\t%s\t%s\n", c->http_only ? "#HttpOnly_" : "",
            c->host_only ? "" : ".", c->domain, c->host_only ? "FALSE" : "TRUE", c->path,
            c->secure ? "TRUE" : "FALSE", (long long)(c->persistent ? c->expiry : 0), c->name,
            c->value);
}

/* The file's text, oldest cookies first so that a reload keeps their
 * order; made under the lock, written after it. */
static int jar_format(oi_cookie_jar *jar, int64_t now, char **text, size_t *len)
{
    FILE *fp = open_memstream(text, len);
    if (!fp)
        return -1;
    fputs("# Netscape HTTP Cookie File\n"
          "# https://curl.se/docs/http-cookies.html\n"
          "# This file was generated by openinet. Edit at your own risk.\n\n",
          fp);
    pthread_mutex_lock(&jar->lock);
    jar_purge_expired(jar, now, NULL);
    if (jar->n)
        qsort(jar->v, jar->n, sizeof *jar->v, created_order);
    for (size_t i = 0; i < jar->n; i++)
        write_cookie(fp, jar->v[i]);
    pthread_mutex_unlock(&jar->lock);
    int failed = ferror(fp);
    if (fclose(fp) == 0 && !failed)
        return 0;
    free(*text);
    return -1;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno != EINTR)
            return -1;
        if (w > 0)
            p += w, n -= (size_t)w;
    }
    return 0;
}

/* A temporary file beside the target, renamed over it once complete.
 * mkstemp makes it readable by the owner only, which suits cookies. */
static int write_atomically(const char *file, const char *text, size_t len)
{
    size_t n = strlen(file);
    char *tmp = oi_malloc(n + sizeof ".XXXXXX");
    if (!tmp)
        return -1;
    memcpy(tmp, file, n);
    memcpy(tmp + n, ".XXXXXX", sizeof ".XXXXXX");
    int fd = mkstemp(tmp), rc = -1, err = errno;
    if (fd >= 0) {
        rc = write_all(fd, text, len) == 0 && fsync(fd) == 0 ? 0 : -1;
        err = errno;
        if (close(fd) != 0 && rc == 0)
            rc = -1, err = errno;
        if (rc == 0 && rename(tmp, file) != 0)
            rc = -1, err = errno;
        if (rc != 0)
            unlink(tmp);
    }
    free(tmp);
    errno = err;
    return rc;
}

int oi_jar_save(oi_cookie_jar *jar, const char *file, int64_t now)
{
    char *text;
    size_t len;
    if (jar_format(jar, now, &text, &len) != 0)
        return -1;
    int rc = write_atomically(file, text, len);
    int err = errno;
    free(text);
    errno = err;
    return rc;
}
