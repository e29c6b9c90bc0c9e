/* HTTP CONNECT tunnels through a proxy (RFC 9110 section 9.3.6). */
#include "alloc.h"
#include "proxy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OI_PROXY_AUTHENTICATE "Proxy-Authenticate"

void oi_tunnel_reply_free(oi_tunnel_reply *r)
{
    free(r->head);
    free(r->auth);
    free(r->auth_len);
    memset(r, 0, sizeof *r);
}

/* A value for a header line: no CR, LF or other control but HTAB. */
static int oi_line_safe(const char *s)
{
    for (; s && *s; s++)
        if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
            return 0;
    return 1;
}

/* The target as it goes on the request line and in Host: a name or an
 * address; IPv6 in brackets. */
static int oi_tunnel_target(char *out, size_t cap, const char *host, unsigned port)
{
    size_t n = strlen(host);
    static const char allowed[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "0123456789-._:";
    if (n == 0 || strspn(host, allowed) != n)
        return 0;
    const char *open = strchr(host, ':') ? "[" : "", *close = *open ? "]" : "";
    int len = snprintf(out, cap, "%s%s%s:%u", open, host, close, port);
    return len > 0 && (size_t)len < cap && port > 0 && port <= 65535;
}

static oi_status oi_tunnel_send(oi_handle *h, oi_conn *c, const char *target,
                                const char *user_agent, const char *proxy_authorization,
                                int64_t deadline)
{
    size_t cap = 2 * strlen(target) + 64 + (user_agent ? strlen(user_agent) + 16 : 0) +
                 (proxy_authorization ? strlen(proxy_authorization) + 32 : 0);
    char *msg = oi_malloc(cap);
    if (!msg)
        return oi_fail(h, OI_E_OUT_OF_MEMORY, "CONNECT %s: out of memory", target);
    int n =
        snprintf(msg, cap, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n%s%s%s%s%s%s\r\n", target, target,
                 user_agent ? "User-Agent: " : "", user_agent ? user_agent : "",
                 user_agent ? "\r\n" : "", proxy_authorization ? "Proxy-Authorization: " : "",
                 proxy_authorization ? proxy_authorization : "", proxy_authorization ? "\r\n" : "");
    oi_status st = oi_proxy_send(h, c, "HTTP proxy", msg, (size_t)n, deadline);
    memset(msg, 0, cap); /* it held credentials */
    free(msg);
    return st;
}

/* Read the final answer's head into c's buffer; *len receives its length.
 * 1xx answers are dropped on the way. */
static oi_status oi_tunnel_read_head(oi_handle *h, oi_conn *c, int64_t deadline,
                                     oi_response_head *resp, oi_field *fields, size_t max_fields,
                                     long *len)
{
    size_t max = (size_t)oi_opt_int(h, OI_OPTIDX_MAX_HEADER_BYTES);
    int64_t until = oi_deadline(oi_opt_int(h, OI_OPTIDX_RECEIVE_TIMEOUT), deadline);
    for (;;) {
        long n = c->end > c->start ? oi_http1_parse_response(c->buf + c->start, c->end - c->start,
                                                             resp, fields, max_fields)
                                   : OI_PARSE_INCOMPLETE;
        if (n > 0 && resp->status < 200) {
            c->start += (size_t)n;
            continue;
        }
        if (n > 0) {
            *len = n;
            return OI_OK;
        }
        if (n < 0)
            return oi_fail(h, OI_E_PROXY_FAILED, "HTTP proxy %s port %u: invalid answer to CONNECT",
                           c->host, c->port);
        size_t got;
        oi_status st = oi_conn_fill(h, c, max, until, &got);
        if (st != OI_OK)
            return oi_proxy_io_failed(h, st, "HTTP proxy");
        if (got == 0)
            return oi_fail(h, OI_E_PROXY_FAILED,
                           "HTTP proxy %s port %u closed the connection before answering CONNECT",
                           c->host, c->port);
    }
}

static int oi_is_proxy_authenticate(const char *base, const oi_field *f)
{
    return f->name_len == strlen(OI_PROXY_AUTHENTICATE) &&
           strncasecmp(base + f->name_off, OI_PROXY_AUTHENTICATE, f->name_len) == 0;
}

/* Copy the head at c's buffer and its Proxy-Authenticate values into r. */
static int oi_tunnel_keep(oi_tunnel_reply *r, const oi_conn *c, const oi_response_head *resp,
                          const oi_field *fields, size_t len)
{
    const char *base = c->buf + c->start;
    size_t slots = resp->nfields ? resp->nfields : 1;
    r->status = resp->status;
    r->head = oi_malloc(len + 1);
    r->auth = oi_malloc(slots * sizeof *r->auth);
    r->auth_len = oi_malloc(slots * sizeof *r->auth_len);
    if (!r->head || !r->auth || !r->auth_len)
        return 0;
    memcpy(r->head, base, len);
    r->head[len] = '\0';
    r->head_len = len;
    for (size_t i = 0; i < resp->nfields; i++) {
        if (!oi_is_proxy_authenticate(base, &fields[i]))
            continue;
        r->auth[r->nauth] = r->head + fields[i].value_off;
        r->auth_len[r->nauth++] = fields[i].value_len;
    }
    return 1;
}

/* The head was read: keep it, and see whether the tunnel is open. */
static oi_status oi_tunnel_answer(oi_handle *h, oi_conn *c, const char *target,
                                  const oi_response_head *resp, const oi_field *fields, size_t len,
                                  oi_tunnel_reply *reply)
{
    if (!oi_tunnel_keep(reply, c, resp, fields, len))
        return oi_fail(h, OI_E_OUT_OF_MEMORY, "CONNECT %s: out of memory", target);
    if (resp->status < 200 || resp->status > 299)
        return oi_fail(h, OI_E_PROXY_FAILED, "HTTP proxy %s port %u refused CONNECT %s: %d %.*s",
                       c->host, c->port, target, resp->status, (int)resp->reason_len,
                       reply->head + resp->reason_off);
    c->start += len;
    if (c->start != c->end)
        return oi_fail(h, OI_E_PROXY_FAILED,
                       "HTTP proxy %s port %u sent %zu bytes after opening the tunnel", c->host,
                       c->port, c->end - c->start);
    c->start = c->end = 0;
    return OI_OK;
}

oi_status oi_tunnel_connect(oi_handle *h, oi_conn *c, const char *host, unsigned port,
                            const char *user_agent, const char *proxy_authorization,
                            int64_t deadline, oi_tunnel_reply *reply)
{
    char target[300];
    memset(reply, 0, sizeof *reply);
    if (!oi_tunnel_target(target, sizeof target, host, port) || !oi_line_safe(user_agent) ||
        !oi_line_safe(proxy_authorization))
        return oi_fail(h, OI_E_INVALID_PARAMETER, "CONNECT: invalid target or header value");
    oi_status st = oi_tunnel_send(h, c, target, user_agent, proxy_authorization, deadline);
    if (st != OI_OK)
        return st;
    size_t max_fields = (size_t)oi_opt_int(h, OI_OPTIDX_MAX_HEADER_COUNT);
    oi_field *fields = oi_malloc((max_fields ? max_fields : 1) * sizeof *fields);
    if (!fields)
        return oi_fail(h, OI_E_OUT_OF_MEMORY, "CONNECT %s: out of memory", target);
    oi_response_head resp;
    long len = 0;
    st = oi_tunnel_read_head(h, c, deadline, &resp, fields, max_fields, &len);
    if (st == OI_OK)
        st = oi_tunnel_answer(h, c, target, &resp, fields, (size_t)len, reply);
    free(fields);
    return st;
}
