/* Proxies: proxy URLs, the environment's proxy variables, bypass lists
 * (proxy.c), SOCKS5 (socks.c) and HTTP CONNECT tunnels (tunnel.c).
 *
 * How a request goes through a proxy (the engine's part):
 *   - oi_proxy_parse() the proxy URL (OI_OPT_PROXY, or oi_proxy_from_env()
 *     for OI_ACCESS_PRECONFIG); skip the proxy when oi_proxy_bypassed()
 *     says so for the target host (OI_OPT_PROXY_BYPASS, no_proxy).
 *   - oi_conn_open() to the proxy's host and port.
 *   - SOCKS5: oi_socks5_connect() to the target; the connection then
 *     carries the target's bytes as if connected directly.
 *   - HTTP proxy, https:// target: oi_tunnel_connect(), then TLS on top.
 *   - HTTP proxy, http:// target: no tunnel; send the request in absolute
 *     form ("GET http://host:port/path HTTP/1.1") to the proxy, with
 *     Proxy-Authorization when there are proxy credentials.
 */
#ifndef OI_PROXY_H
#define OI_PROXY_H

#include "internal.h"

#include <stddef.h>
#include <stdint.h>

typedef enum { OI_PROXY_HTTP = 1, OI_PROXY_SOCKS5H = 2 } oi_proxy_kind;

typedef struct oi_proxy {
    oi_proxy_kind kind;
    char *host; /* without brackets for IPv6 */
    unsigned port;
    char *user, *password; /* percent-decoded; NULL without credentials,
                            * password "" when the URL gives only a user */
} oi_proxy;

/*
 * Parse a proxy URL: "http://user:pass@host:3128", "host:3128" (http
 * implied), "socks5h://host:1080", "[::1]:3128".  "socks5://" is read as
 * socks5h: we always let a SOCKS proxy resolve the target name (it sees
 * the name anyway through the request, and the client may not be able to
 * resolve it).  The port defaults to 1080, as curl's does for these
 * schemes.  A trailing "/" is allowed, no other path.  Host names are
 * ASCII (give IDNs in punycode).
 * Returns 0 (free *out with oi_proxy_free), -1 malformed or unsupported
 * scheme (https://, socks4://), -2 out of memory.
 */
int oi_proxy_parse(const char *url, oi_proxy *out);
void oi_proxy_free(oi_proxy *p);

/*
 * The proxy URL the environment names for a target scheme ("http",
 * "https"), Unix conventions as curl has them: <scheme>_proxy, then
 * <SCHEME>_PROXY, then all_proxy, ALL_PROXY.  HTTP_PROXY in upper case is
 * ignored: CGI servers put the request's "Proxy:" header there
 * ("httpoxy"), so a client running under CGI would obey its attacker.
 * NULL if none is set or the value is empty.  Not owned.
 */
const char *oi_proxy_from_env(const char *scheme);

/* The no_proxy (or else NO_PROXY) bypass list; NULL if unset or empty. */
const char *oi_proxy_no_proxy_env(void);

/*
 * Is `host` (a name or an address literal, brackets optional) reached
 * directly according to `list` (NULL: no)?  Entries are separated by
 * commas or white space:
 *   *              every host
 *   example.com    that name and its subdomains (a.example.com), as curl
 *                  and Python do; ".example.com" and "*.example.com" mean
 *                  the same
 *   10.1.2.3 ::1 [::1]      that address (IPv6 compared as numbers)
 *   10.0.0.0/8 fe80::/10    CIDR ranges
 *   <local>        WinInet's: names without a dot (not address literals)
 * Names compare without case and without trailing dots; names never match
 * addresses (no DNS lookups: "localhost" does not cover 127.0.0.1).
 * Returns 1 or 0.
 */
int oi_proxy_bypassed(const char *list, const char *host);

/* ---- shared by socks.c and tunnel.c ---- */

/* Send data to the proxy, each wait bounded by the send timeout and the
 * deadline.  Failures as oi_proxy_io_failed(). */
oi_status oi_proxy_send(oi_handle *h, oi_conn *c, const char *what, const void *data, size_t len,
                        int64_t deadline);

/* A transport failure st while talking to a proxy: timeouts and out of
 * memory keep their code, the rest become OI_E_PROXY_FAILED with the
 * transport's message behind `what` ("SOCKS5 proxy"). */
oi_status oi_proxy_io_failed(oi_handle *h, oi_status st, const char *what);

/* ---- SOCKS5 (socks.c) ---- */

/*
 * Ask the SOCKS5 proxy p, connected as c, to connect to host:port (RFC
 * 1928): host travels as a name for the proxy to resolve, or as an
 * address when it is an IPv4/IPv6 literal (without brackets).  With
 * p->user set, user/password authentication (RFC 1929) is offered beside
 * "none".  On OI_OK the connection carries the target's bytes.  Each wait
 * is bounded by the send/receive timeouts of h and by the deadline.
 * Errors: OI_E_PROXY_FAILED (the proxy refused: its reason is in the
 * message, e.g. "connection refused (reply 5)"; authentication failed or
 * was required; it closed the connection or does not speak SOCKS5),
 * OI_E_TIMEOUT, OI_E_INVALID_PARAMETER (a name, user or password over 255
 * bytes, port 0).
 */
oi_status oi_socks5_connect(oi_handle *h, oi_conn *c, const oi_proxy *p, const char *host,
                            unsigned port, int64_t deadline);

/* ---- HTTP CONNECT tunnels (tunnel.c) ---- */

/* The proxy's answer to CONNECT, kept for the caller: on a 407 the engine
 * needs the challenges to build Proxy-Authorization. */
typedef struct oi_tunnel_reply {
    int status; /* final status code; 0 if no answer arrived */
    char *head; /* the answer's head as received, NUL-terminated */
    size_t head_len;
    const char **auth; /* Proxy-Authenticate values: auth[i][0..auth_len[i])
                        * point into head (not NUL-terminated) */
    size_t *auth_len;
    size_t nauth;
} oi_tunnel_reply;

/*
 * Open a tunnel to host:port (RFC 9110 9.3.6) through the HTTP proxy
 * connected as c: sends "CONNECT host:port HTTP/1.1" with Host,
 * User-Agent (if not NULL) and Proxy-Authorization (the header value, if
 * not NULL), then reads the answer head from c's buffer (1xx skipped).
 * host is a name or an address without brackets (IPv6 gets them on the
 * wire).  Each wait is bounded by the send/receive timeouts of h and by
 * the deadline (0: none).  *reply is always initialised; free it with
 * oi_tunnel_reply_free().
 *   2xx: OI_OK; c's buffer is empty and the connection carries the
 *        target's bytes (bytes after the head are an error: nothing may
 *        come before the client speaks).
 *   else: OI_E_PROXY_FAILED, reply->status and the head filled.  The
 *        answer's body is not read: close c.  For 407 with credentials:
 *        oi_auth_parse(reply->auth, reply->auth_len, reply->nauth, ...),
 *        oi_auth_response(..., "CONNECT", target, ...) where target is
 *        the request-target sent ("host:port", "[::1]:443"), and retry on
 *        a NEW connection (tinyproxy and others close after 407).  A
 *        second refusal means wrong credentials: stop there.  (tinyproxy
 *        1.11 answers wrong credentials with 401 and WWW-Authenticate,
 *        not 407: treat any 401/407 after sending credentials as final.)
 * Other errors: OI_E_PROXY_FAILED (invalid answer, closed early),
 * OI_E_TIMEOUT, OI_E_INVALID_PARAMETER (host with characters outside a
 * host name or address, CR/LF in user_agent or proxy_authorization),
 * OI_E_OUT_OF_MEMORY.
 */
oi_status oi_tunnel_connect(oi_handle *h, oi_conn *c, const char *host, unsigned port,
                            const char *user_agent, const char *proxy_authorization,
                            int64_t deadline, oi_tunnel_reply *reply);

void oi_tunnel_reply_free(oi_tunnel_reply *r);

#endif
