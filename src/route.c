/* Connecting a request to its current route: a pooled connection when one
 * is idle, else a new one, directly or through a proxy (SOCKS5, an HTTP
 * proxy, or a CONNECT tunnel through one), with TLS for https. */
#include "auth.h"
#include "internal.h"
#include "proxy.h"
#include "tls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oi_route_drop_proxy(oi_request *r)
{
    if (r->proxy) {
        oi_proxy_free(r->proxy);
        free(r->proxy);
    }
    r->proxy = NULL;
    r->via_http_proxy = 0;
}

/* The proxy URL and bypass list that apply to this request, if any. */
static const char *oi_route_proxy_url(const oi_request *r, const char **bypass)
{
    oi_access access = r->h.session->access;
    if (access == OI_ACCESS_DIRECT)
        return NULL;
    *bypass = oi_opt_str(&r->h, OI_OPTIDX_PROXY_BYPASS);
    if (access == OI_ACCESS_PROXY)
        return oi_opt_str(&r->h, OI_OPTIDX_PROXY);
    if (!*bypass)
        *bypass = oi_proxy_no_proxy_env();
    return oi_proxy_from_env(r->secure ? "https" : "http");
}

oi_status oi_route_plan(oi_request *r)
{
    const char *bypass = NULL;
    const char *url = oi_route_proxy_url(r, &bypass);
    oi_route_drop_proxy(r);
    if (!url || oi_proxy_bypassed(bypass, r->host))
        return OI_OK;
    oi_proxy *p = oi_calloc(1, sizeof *p);
    int rc = p ? oi_proxy_parse(url, p) : -2;
    if (rc != 0) {
        free(p);
        return rc == -2 ? oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "proxy: out of memory")
                        : oi_fail(&r->h, OI_E_INVALID_PARAMETER, "invalid proxy \"%.100s\"", url);
    }
    r->proxy = p;
    r->via_http_proxy = p->kind == OI_PROXY_HTTP;
    /* Credentials: the proxy URL's, else the options', for every kind. */
    const char *user = oi_opt_str(&r->h, OI_OPTIDX_PROXY_USERNAME);
    const char *password = oi_opt_str(&r->h, OI_OPTIDX_PROXY_PASSWORD);
    if (!p->user && user &&
        (!(p->user = oi_strdup(user)) || !(p->password = oi_strdup(password ? password : ""))))
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "proxy: out of memory");
    return OI_OK;
}

int oi_route_proxy_answer(oi_request *r, const char *const *values, const size_t *lens, size_t n,
                          const char *method, const char *uri, char **answer)
{
    const char *user = r->proxy->user, *password = r->proxy->password;
    oi_auth_challenge ch;
    int rc = user ? oi_auth_parse(values, lens, n, &ch) : -1;
    if (rc != 0)
        return rc == -2 ? -1 : 0;
    *answer = oi_auth_response(&ch, user, password ? password : "", method, uri, 1, NULL);
    oi_auth_challenge_free(&ch);
    return *answer ? 1 : -1;
}

/* The pool key says everything that makes two connections interchangeable:
 * scheme, host and port (the URL's start), the proxy, and for TLS the
 * options a connection was verified under, so that one made with relaxed
 * checks or another trust store never serves a request that asks for
 * more.  Plain direct http, the common case, needs no formatting. */
static const char *oi_route_key(const oi_request *r, char *buf, size_t n, size_t *len)
{
    *len = r->authority_end;
    if (!r->secure && !r->proxy)
        return r->url;
    int used = snprintf(buf, n, "%.*s", (int)r->authority_end, r->url);
    if (r->secure && used > 0 && (size_t)used < n) {
        const char *ca = oi_opt_str(&r->h, OI_OPTIDX_CA_FILE);
        const char *dir = oi_opt_str(&r->h, OI_OPTIDX_CA_DIR);
        const char *cert = oi_opt_str(&r->h, OI_OPTIDX_CLIENT_CERT);
        used += snprintf(buf + used, n - (size_t)used, " tls=%lld,%lld,%s,%s,%s",
                         oi_opt_int(&r->h, OI_OPTIDX_SECURITY_FLAGS),
                         oi_opt_int(&r->h, OI_OPTIDX_TLS_MIN_VERSION), ca ? ca : "", dir ? dir : "",
                         cert ? cert : "");
    }
    if (r->proxy && used > 0 && (size_t)used < n)
        snprintf(buf + used, n - (size_t)used, " via %s://%s@%s:%u",
                 r->proxy->kind == OI_PROXY_HTTP ? "http" : "socks5h",
                 r->proxy->user ? r->proxy->user : "", r->proxy->host, r->proxy->port);
    *len = strlen(buf);
    return buf;
}

/* CONNECT through the HTTP proxy; a 407 is answered once, on a new
 * connection since proxies close after it. */
static oi_status oi_route_tunnel(oi_request *r)
{
    char uri[300];
    snprintf(uri, sizeof uri, strchr(r->host, ':') ? "[%s]:%u" : "%s:%u", r->host, r->port);
    for (;;) {
        oi_tunnel_reply reply;
        oi_status st = oi_tunnel_connect(&r->h, r->conn, r->host, r->port,
                                         oi_opt_str(&r->h, OI_OPTIDX_USER_AGENT),
                                         r->proxy_authorization, r->deadline, &reply);
        char *answer = NULL;
        int rc = 0;
        if (st == OI_E_PROXY_FAILED && reply.status == 407 && !(r->auth_tried & 2))
            rc = oi_route_proxy_answer(r, reply.auth, reply.auth_len, reply.nauth, "CONNECT", uri,
                                       &answer);
        oi_tunnel_reply_free(&reply);
        if (rc < 0)
            return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "proxy authentication: out of memory");
        if (rc == 0)
            return st;
        free(r->proxy_authorization);
        r->proxy_authorization = answer;
        r->auth_tried |= 2;
        oi_conn_close(r->conn);
        r->conn = NULL;
        st = oi_conn_open(&r->h, r->proxy->host, r->proxy->port, r->deadline, &r->conn);
        if (st != OI_OK)
            return st;
    }
}

static oi_status oi_route_through_proxy(oi_request *r)
{
    if (r->proxy->kind == OI_PROXY_SOCKS5H)
        return oi_socks5_connect(&r->h, r->conn, r->proxy, r->host, r->port, r->deadline);
    return r->secure ? oi_route_tunnel(r) : OI_OK;
}

/* Keep the peer certificate's description with the request: the
 * connection goes back to the pool long before the caller asks.  Made once
 * per connection: a request re-sent on the same one keeps it. */
static oi_status oi_route_keep_certificate(oi_request *r)
{
    r->cert_valid = r->cert_block && r->cert_conn == r->conn->id;
    if (r->cert_valid)
        return OI_OK;
    free(r->cert_block);
    r->cert_block = NULL;
    if (!r->conn->tls)
        return OI_OK;
    if (oi_tls_certificate(r->conn, &r->cert_block, &r->cert) != OI_OK)
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "certificate details: out of memory");
    r->cert_conn = r->conn->id;
    r->cert_valid = 1;
    return OI_OK;
}

static oi_status oi_route_open(oi_request *r, const char *key, size_t key_len)
{
    const char *host = r->proxy ? r->proxy->host : r->host;
    unsigned port = r->proxy ? r->proxy->port : r->port;
    oi_status st = oi_conn_open(&r->h, host, port, r->deadline, &r->conn);
    if (st == OI_OK && r->proxy)
        st = oi_route_through_proxy(r);
    /* A handshake is a few exchanges: the receive timeout bounds it as a
     * whole, the request's total limit too. */
    if (st == OI_OK && r->secure)
        st = oi_conn_start_tls(
            &r->h, r->conn, r->host,
            oi_deadline(oi_opt_int(&r->h, OI_OPTIDX_RECEIVE_TIMEOUT), r->deadline));
    if (st == OI_OK && (r->conn->key = oi_malloc(key_len + 1))) {
        memcpy(r->conn->key, key, key_len);
        r->conn->key[key_len] = '\0';
    } else if (st == OI_OK) {
        st = oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "connect: out of memory");
    }
    if (st != OI_OK && r->conn) {
        oi_conn_close(r->conn);
        r->conn = NULL;
    }
    return st;
}

oi_status oi_route_connect(oi_request *r, int pooled, int *reused)
{
    char buf[640];
    size_t key_len;
    const char *key = oi_route_key(r, buf, sizeof buf, &key_len);
    r->conn = pooled ? oi_pool_take(&r->h.session->pool, key, key_len) : NULL;
    *reused = r->conn != NULL;
    oi_status st = r->conn ? OI_OK : oi_route_open(r, key, key_len);
    if (st == OI_OK)
        oi_request_lend_buffer(r);
    if (st == OI_OK && r->secure)
        st = oi_route_keep_certificate(r);
    return st;
}

void oi_route_free(oi_request *r)
{
    oi_route_drop_proxy(r);
}

OI_API oi_status oi_request_certificate(const oi_handle *h, oi_certificate_info *info)
{
    if (!h || !info)
        return OI_E_INVALID_PARAMETER;
    if (h->type != OI_HANDLE_REQUEST)
        return OI_E_INCORRECT_HANDLE_TYPE;
    const oi_request *r = (const oi_request *)h;
    if (!r->cert_valid)
        return OI_E_INCORRECT_HANDLE_STATE;
    *info = r->cert;
    return OI_OK;
}
