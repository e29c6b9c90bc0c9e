/* SOCKS5 (RFC 1928) CONNECT, the target named for the proxy to resolve,
 * with user/password authentication (RFC 1929). */
#include "proxy.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define OI_SOCKS_VERSION     5
#define OI_SOCKS_NO_AUTH     0x00
#define OI_SOCKS_USER_PASS   0x02
#define OI_SOCKS_NO_METHOD   0xff
#define OI_SOCKS_CONNECT     1
#define OI_SOCKS_ATYP_IPV4   1
#define OI_SOCKS_ATYP_DOMAIN 3
#define OI_SOCKS_ATYP_IPV6   4

/* One handshake: where it goes and how long it may take. */
typedef struct oi_socks {
    oi_handle *h;
    oi_conn *c;
    int64_t deadline;
} oi_socks;

static oi_status oi_socks_fail(const oi_socks *s, const char *fmt, ...) OI_PRINTF(2, 3);

static oi_status oi_socks_fail(const oi_socks *s, const char *fmt, ...)
{
    char why[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return oi_fail(s->h, OI_E_PROXY_FAILED, "SOCKS5 proxy %s port %u: %s", s->c->host, s->c->port,
                   why);
}

static oi_status oi_socks_send(const oi_socks *s, const unsigned char *data, size_t len)
{
    return oi_proxy_send(s->h, s->c, "SOCKS5 proxy", data, len, s->deadline);
}

/* Receive exactly len bytes of the proxy's answer to `step`. */
static oi_status oi_socks_recv(const oi_socks *s, unsigned char *dst, size_t len, const char *step)
{
    int64_t until = oi_deadline(oi_opt_int(s->h, OI_OPTIDX_RECEIVE_TIMEOUT), s->deadline);
    for (size_t have = 0, got = 0; have < len; have += got) {
        oi_status st = oi_conn_recv(s->h, s->c, (char *)dst + have, len - have, until, &got);
        if (st != OI_OK)
            return oi_proxy_io_failed(s->h, st, "SOCKS5 proxy");
        if (got == 0)
            return oi_socks_fail(s, "closed the connection during %s", step);
    }
    return OI_OK;
}

/* RFC 1929: one round of user name and password. */
static oi_status oi_socks_login(const oi_socks *s, const oi_proxy *p)
{
    unsigned char msg[3 + 255 + 255], reply[2];
    size_t ulen = strlen(p->user), plen = p->password ? strlen(p->password) : 0;
    msg[0] = 1; /* version of the sub-negotiation */
    msg[1] = (unsigned char)ulen;
    memcpy(msg + 2, p->user, ulen);
    msg[2 + ulen] = (unsigned char)plen;
    memcpy(msg + 3 + ulen, p->password ? p->password : "", plen);
    oi_status st = oi_socks_send(s, msg, 3 + ulen + plen);
    memset(msg, 0, sizeof msg);
    if (st == OI_OK)
        st = oi_socks_recv(s, reply, sizeof reply, "authentication");
    if (st == OI_OK && reply[1] != 0)
        return oi_socks_fail(s, "authentication failed for user '%s' (status %u)", p->user,
                             reply[1]);
    return st;
}

/* Offer "no authentication", and user/password when we have a user. */
static oi_status oi_socks_greet(const oi_socks *s, const oi_proxy *p)
{
    unsigned char hello[] = {OI_SOCKS_VERSION, 2, OI_SOCKS_NO_AUTH, OI_SOCKS_USER_PASS};
    unsigned char reply[2];
    if (!p->user)
        hello[1] = 1;
    oi_status st = oi_socks_send(s, hello, 2u + hello[1]);
    if (st == OI_OK)
        st = oi_socks_recv(s, reply, sizeof reply, "the greeting");
    if (st != OI_OK)
        return st;
    if (reply[0] != OI_SOCKS_VERSION)
        return oi_socks_fail(s, "not a SOCKS5 proxy (answered 0x%02x)", reply[0]);
    if (reply[1] == OI_SOCKS_NO_AUTH)
        return OI_OK;
    if (reply[1] == OI_SOCKS_USER_PASS && p->user)
        return oi_socks_login(s, p);
    if (reply[1] == OI_SOCKS_NO_METHOD)
        return oi_socks_fail(
            s, "%s", p->user ? "refused user/password authentication" : "requires authentication");
    return oi_socks_fail(s, "chose authentication method 0x%02x, which was not offered", reply[1]);
}

/* The CONNECT request: the address as a literal when it is one, else the
 * name.  Returns its length in msg. */
static size_t oi_socks_request(unsigned char *msg, const char *host, unsigned port)
{
    size_t n = 4;
    msg[0] = OI_SOCKS_VERSION;
    msg[1] = OI_SOCKS_CONNECT;
    msg[2] = 0;
    if (inet_pton(AF_INET, host, msg + 4) == 1) {
        msg[3] = OI_SOCKS_ATYP_IPV4;
        n += 4;
    } else if (inet_pton(AF_INET6, host, msg + 4) == 1) {
        msg[3] = OI_SOCKS_ATYP_IPV6;
        n += 16;
    } else {
        size_t len = strlen(host);
        msg[3] = OI_SOCKS_ATYP_DOMAIN;
        msg[4] = (unsigned char)len;
        memcpy(msg + 5, host, len);
        n += 1 + len;
    }
    msg[n++] = (unsigned char)(port >> 8);
    msg[n++] = (unsigned char)(port & 0xff);
    return n;
}

static const char *oi_socks_reason(unsigned code)
{
    static const char *const reasons[] = {
        "succeeded",
        "general SOCKS server failure",
        "connection not allowed by ruleset",
        "network unreachable",
        "host unreachable",
        "connection refused",
        "TTL expired",
        "command not supported",
        "address type not supported",
    };
    return code < sizeof reasons / sizeof reasons[0] ? reasons[code] : "unknown failure";
}

/* The reply: VER REP RSV ATYP BND.ADDR BND.PORT; the bound address is read
 * and dropped so that the target's bytes come next. */
static oi_status oi_socks_reply(const oi_socks *s, const char *host, unsigned port)
{
    unsigned char r[4 + 1 + 255 + 2];
    oi_status st = oi_socks_recv(s, r, 4, "the connect reply");
    if (st != OI_OK)
        return st;
    if (r[0] != OI_SOCKS_VERSION)
        return oi_socks_fail(s, "invalid connect reply (version 0x%02x)", r[0]);
    if (r[1] != 0)
        return oi_socks_fail(s, "connect to %s port %u: %s (reply %u)", host, port,
                             oi_socks_reason(r[1]), r[1]);
    size_t rest = r[3] == OI_SOCKS_ATYP_IPV4 ? 4 : r[3] == OI_SOCKS_ATYP_IPV6 ? 16 : 0;
    if (r[3] == OI_SOCKS_ATYP_DOMAIN) {
        if ((st = oi_socks_recv(s, r + 4, 1, "the connect reply")) != OI_OK)
            return st;
        rest = r[4];
    } else if (rest == 0) {
        return oi_socks_fail(s, "invalid address type %u in reply", r[3]);
    }
    return oi_socks_recv(s, r + 5, rest + 2, "the connect reply");
}

oi_status oi_socks5_connect(oi_handle *h, oi_conn *c, const oi_proxy *p, const char *host,
                            unsigned port, int64_t deadline)
{
    size_t hlen = strlen(host);
    if (hlen == 0 || hlen > 255 || port == 0 || port > 65535)
        return oi_fail(h, OI_E_INVALID_PARAMETER, "SOCKS5: cannot name %s port %u", host, port);
    if (p->user && (strlen(p->user) == 0 || strlen(p->user) > 255 ||
                    (p->password && strlen(p->password) > 255)))
        return oi_fail(h, OI_E_INVALID_PARAMETER,
                       "SOCKS5: user name must be 1 to 255 bytes, password at most 255");
    oi_socks s = {h, c, deadline};
    unsigned char msg[4 + 1 + 255 + 2];
    oi_status st = oi_socks_greet(&s, p);
    if (st == OI_OK)
        st = oi_socks_send(&s, msg, oi_socks_request(msg, host, port));
    if (st == OI_OK)
        st = oi_socks_reply(&s, host, port);
    return st;
}
