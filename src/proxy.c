/* Proxy settings: proxy URLs, the environment's variables and bypass
 * lists; plus the I/O helpers the SOCKS and CONNECT code share. */
#include "proxy.h"
#include "alloc.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/uio.h>

#define OI_PROXY_DEFAULT_PORT 1080
#define OI_HOST_MAX           256 /* a DNS name is at most 253 bytes */

/* ---- proxy URLs ---- */

void oi_proxy_free(oi_proxy *p)
{
    free(p->host);
    free(p->user);
    if (p->password)
        memset(p->password, 0, strlen(p->password));
    free(p->password);
    memset(p, 0, sizeof *p);
}

static int oi_hex_value(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    ch = (char)tolower((unsigned char)ch);
    return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* Percent-decode s[0..n) into a new string.  0, -1 bad escape or %00,
 * -2 out of memory. */
static int oi_pct_decode(const char *s, size_t n, char **out)
{
    char *o = oi_malloc(n + 1);
    *out = o;
    if (!o)
        return -2;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            *o++ = s[i];
            continue;
        }
        int hi = i + 2 < n ? oi_hex_value(s[i + 1]) : -1;
        int lo = hi >= 0 ? oi_hex_value(s[i + 2]) : -1;
        if (lo < 0 || (hi | lo) == 0) {
            free(*out);
            *out = NULL;
            return -1;
        }
        *o++ = (char)(hi * 16 + lo);
        i += 2;
    }
    *o = '\0';
    return 0;
}

/* "user[:password]" from s[0..n). */
static int oi_proxy_userinfo(oi_proxy *p, const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    size_t ulen = colon ? (size_t)(colon - s) : n;
    int rc = oi_pct_decode(s, ulen, &p->user);
    if (rc == 0)
        rc = colon ? oi_pct_decode(colon + 1, n - ulen - 1, &p->password)
                   : oi_pct_decode("", 0, &p->password);
    return rc;
}

/* A host name of letters, digits, '-', '.' and '_', or an IPv6 literal
 * when it came in brackets. */
static int oi_valid_host(const char *name, int bracketed)
{
    unsigned char addr[16];
    if (bracketed)
        return inet_pton(AF_INET6, name, addr) == 1;
    for (const char *q = name; *q; q++)
        if (!isalnum((unsigned char)*q) && !strchr("-._", *q))
            return 0;
    return 1;
}

/* "host[:port]" or "[v6][:port]" from s[0..n). */
static int oi_proxy_hostport(oi_proxy *p, const char *s, size_t n)
{
    const char *end = s + n, *host = s, *host_end, *after;
    int bracketed = n > 0 && *s == '[';
    if (bracketed) {
        if (!(host_end = memchr(s, ']', n)))
            return -1;
        host = s + 1;
        after = host_end + 1;
    } else {
        const char *colon = memchr(s, ':', n);
        host_end = after = colon ? colon : end;
    }
    size_t hlen = (size_t)(host_end - host);
    char name[OI_HOST_MAX];
    if (hlen == 0 || hlen >= sizeof name)
        return -1;
    memcpy(name, host, hlen);
    name[hlen] = '\0';
    if (!oi_valid_host(name, bracketed))
        return -1;
    p->port = OI_PROXY_DEFAULT_PORT;
    if (after < end) {
        char *stop;
        if (*after != ':' || !isdigit((unsigned char)after[1]))
            return -1;
        unsigned long port = strtoul(after + 1, &stop, 10);
        if (stop != end || port == 0 || port > 65535)
            return -1;
        p->port = (unsigned)port;
    }
    return (p->host = oi_strdup(name)) ? 0 : -2;
}

/* The scheme before "://", or http when there is none; sets *rest. */
static int oi_proxy_scheme(const char *url, const char **rest)
{
    const char *sep = strstr(url, "://");
    if (!sep) {
        *rest = url;
        return OI_PROXY_HTTP;
    }
    size_t n = (size_t)(sep - url);
    *rest = sep + 3;
    if (n == 4 && strncasecmp(url, "http", n) == 0)
        return OI_PROXY_HTTP;
    if ((n == 7 && strncasecmp(url, "socks5h", n) == 0) ||
        (n == 6 && strncasecmp(url, "socks5", n) == 0))
        return OI_PROXY_SOCKS5H;
    return -1;
}

int oi_proxy_parse(const char *url, oi_proxy *out)
{
    memset(out, 0, sizeof *out);
    const char *auth;
    int kind = oi_proxy_scheme(url, &auth);
    if (kind < 0)
        return -1;
    out->kind = (oi_proxy_kind)kind;
    size_t alen = strcspn(auth, "/?#");
    if (auth[alen] && strcmp(auth + alen, "/") != 0)
        return -1;
    const char *at = NULL; /* the last '@': passwords may hold one */
    for (const char *q = auth; q < auth + alen; q++)
        if (*q == '@')
            at = q;
    int rc = at ? oi_proxy_userinfo(out, auth, (size_t)(at - auth)) : 0;
    const char *hp = at ? at + 1 : auth;
    if (rc == 0)
        rc = oi_proxy_hostport(out, hp, (size_t)(auth + alen - hp));
    if (rc != 0)
        oi_proxy_free(out);
    return rc;
}

/* ---- the environment ---- */

static const char *oi_env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

const char *oi_proxy_from_env(const char *scheme)
{
    char name[32];
    size_t n = strlen(scheme);
    if (n + sizeof "_proxy" > sizeof name)
        return NULL;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)tolower((unsigned char)scheme[i]);
    memcpy(name + n, "_proxy", sizeof "_proxy");
    const char *v = oi_env(name);
    if (!v && strcmp(name, "http_proxy") != 0) { /* never HTTP_PROXY: see proxy.h */
        for (size_t i = 0; name[i]; i++)
            name[i] = (char)toupper((unsigned char)name[i]);
        v = oi_env(name);
    }
    if (!v)
        v = oi_env("all_proxy");
    return v ? v : oi_env("ALL_PROXY");
}

const char *oi_proxy_no_proxy_env(void)
{
    const char *v = oi_env("no_proxy");
    return v ? v : oi_env("NO_PROXY");
}

/* ---- bypass lists ---- */

/* A host or entry made comparable: brackets and trailing dots gone, and
 * its address if it is one (family 0 for names). */
typedef struct oi_host {
    char name[OI_HOST_MAX];
    int family; /* AF_INET, AF_INET6 or 0 */
    unsigned char addr[16];
} oi_host;

/* Fill h from s[0..n); 0 if it cannot be a host (too long, empty). */
static int oi_host_init(oi_host *h, const char *s, size_t n)
{
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']')
        s++, n -= 2;
    while (n > 0 && s[n - 1] == '.')
        n--;
    if (n == 0 || n >= sizeof h->name)
        return 0;
    memcpy(h->name, s, n);
    h->name[n] = '\0';
    h->family = inet_pton(AF_INET, h->name, h->addr) == 1    ? AF_INET
                : inet_pton(AF_INET6, h->name, h->addr) == 1 ? AF_INET6
                                                             : 0;
    return 1;
}

static int oi_prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
    size_t whole = bits / 8;
    unsigned rest = bits % 8;
    if (memcmp(a, b, whole) != 0)
        return 0;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return rest == 0 || (a[whole] & mask) == (b[whole] & mask);
}

/* An address entry "addr" or "addr/bits" against an address host. */
static int oi_cidr_matches(const char *e, size_t n, const oi_host *host)
{
    const char *slash = memchr(e, '/', n);
    oi_host net;
    if (!oi_host_init(&net, e, slash ? (size_t)(slash - e) : n) || net.family != host->family)
        return 0;
    unsigned max = net.family == AF_INET ? 32 : 128, bits = max;
    if (slash) {
        char digits[4] = "";
        size_t dn = n - (size_t)(slash - e) - 1;
        if (dn == 0 || dn >= sizeof digits || strspn(slash + 1, "0123456789") < dn)
            return 0;
        memcpy(digits, slash + 1, dn);
        bits = (unsigned)atoi(digits);
        if (bits > max)
            return 0;
    }
    return oi_prefix_equal(net.addr, host->addr, bits);
}

/* A name entry: the name itself or a parent domain of the host. */
static int oi_name_matches(const char *e, size_t n, const oi_host *host)
{
    if (n >= 2 && e[0] == '*' && e[1] == '.')
        e++, n--;
    if (n > 0 && e[0] == '.')
        e++, n--;
    oi_host name;
    if (!oi_host_init(&name, e, n) || name.family)
        return 0;
    size_t hlen = strlen(host->name), elen = strlen(name.name);
    if (hlen < elen)
        return 0;
    const char *tail = host->name + hlen - elen;
    return strcasecmp(tail, name.name) == 0 && (hlen == elen || tail[-1] == '.');
}

static int oi_entry_matches(const char *e, size_t n, const oi_host *host)
{
    if (n == 1 && e[0] == '*')
        return 1;
    if (n == 7 && strncasecmp(e, "<local>", n) == 0)
        return !host->family && !strchr(host->name, '.');
    if (host->family)
        return oi_cidr_matches(e, n, host);
    return oi_name_matches(e, n, host);
}

int oi_proxy_bypassed(const char *list, const char *host)
{
    oi_host h;
    if (!list || !host || !oi_host_init(&h, host, strlen(host)))
        return 0;
    for (const char *p = list; *p;) {
        p += strspn(p, ", \t");
        size_t n = strcspn(p, ", \t");
        if (n > 0 && oi_entry_matches(p, n, &h))
            return 1;
        p += n;
    }
    return 0;
}

/* ---- I/O with a proxy ---- */

oi_status oi_proxy_io_failed(oi_handle *h, oi_status st, const char *what)
{
    if (st == OI_E_TIMEOUT || st == OI_E_OUT_OF_MEMORY)
        return st;
    char msg[sizeof h->message];
    snprintf(msg, sizeof msg, "%s", oi_handle_message(h));
    return oi_fail(h, OI_E_PROXY_FAILED, "%s: %s", what, msg);
}

oi_status oi_proxy_send(oi_handle *h, oi_conn *c, const char *what, const void *data, size_t len,
                        int64_t deadline)
{
    struct iovec iov = {.iov_base = (void *)data, .iov_len = len};
    int64_t until = oi_deadline(oi_opt_int(h, OI_OPTIDX_SEND_TIMEOUT), deadline);
    oi_status st = oi_conn_send(h, c, &iov, 1, until);
    return st == OI_OK ? OI_OK : oi_proxy_io_failed(h, st, what);
}
