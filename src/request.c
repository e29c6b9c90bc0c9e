/* Requests: creation, the request head, sending (from memory or streamed)
 * and the exchange with its one retry on a stale pooled connection. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/uio.h>

static void oi_request_let_go(oi_handle *h)
{
    oi_request_release((oi_request *)h);
}

static void oi_request_destroy(oi_handle *h)
{
    oi_request *r = (oi_request *)h;
    pthread_mutex_destroy(&r->busy);
    oi_headers_free(&r->headers);
    oi_body_free(&r->body);
    free(r->verb);
    free(r->target);
    free(r->referrer);
    free(r->accept);
    free(r->out);
    free(r->rbuf);
    free(r->head);
    free(r->fields);
    free(r->trailers);
    free(r->host);
    free(r->path);
    free(r->url);
    free(r->authorization);
    free(r->proxy_authorization);
    free(r->cert_block);
    oi_decoding_free(r->decoding);
    oi_route_free(r);
    oi_request_forget_challenge(r);
}

static int oi_is_token(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!oi_http1_is_tchar((unsigned char)*s))
            return 0;
    return 1;
}

/* A request target may not hold white space or controls: they would end
 * the request line early. */
static int oi_is_target(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

oi_status oi_request_create(oi_connection *c, const char *verb, const char *object, int minor,
                            const char *referrer, const char *accept, unsigned flags,
                            oi_request **out)
{
    oi_request *r = oi_calloc(1, sizeof *r);
    if (!r)
        return oi_fail(&c->h, OI_E_OUT_OF_MEMORY, "open request: out of memory");
    pthread_mutex_init(&r->busy, NULL);
    oi_handle_init(&r->h, OI_HANDLE_REQUEST, &c->h, oi_request_destroy);
    r->h.release = oi_request_let_go;
    r->minor = minor;
    r->flags = flags;
    r->verb = oi_strdup(verb);
    r->method = r->verb;
    r->target = oi_strdup(object);
    r->referrer = oi_strdup(referrer);
    r->accept = oi_strdup(accept);
    r->content_length = -1;
    r->secure = (c->flags & OI_FLAG_SECURE) != 0;
    r->port = c->port;
    r->host = oi_strdup(c->host);
    r->path = oi_strdup(object);
    if (!r->verb || !r->target || !r->host || !r->path || (referrer && !r->referrer) ||
        (accept && !r->accept) || oi_request_update_url(r) != OI_OK) {
        oi_handle_destroy(&r->h);
        return oi_fail(&c->h, OI_E_OUT_OF_MEMORY, "open request: out of memory");
    }
    *out = r;
    oi_handle *self = &r->h;
    oi_notify(self, OI_EVENT_HANDLE_CREATED, &self, sizeof self);
    return OI_OK;
}

/* Join accept types into one Accept value; NULL if none.  *failed on OOM. */
static char *oi_join_accept(const char *const *types, int *failed)
{
    size_t n = 0;
    for (const char *const *t = types; t && *t; t++)
        n += strlen(*t) + 2;
    if (!n)
        return NULL;
    char *s = oi_malloc(n), *p = s;
    if (!s) {
        *failed = 1;
        return NULL;
    }
    for (const char *const *t = types; *t; t++)
        p += sprintf(p, "%s%s", p == s ? "" : ", ", *t);
    return s;
}

static int oi_check_accept(const char *const *types)
{
    for (const char *const *t = types; t && *t; t++)
        for (const char *p = *t; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                return 0;
    return 1;
}

OI_API oi_status oi_connection_open_request(oi_handle *connection, const char *verb,
                                            const char *object, const char *version,
                                            const char *referrer, const char *const *accept_types,
                                            unsigned flags, oi_handle **out)
{
    if (out)
        *out = NULL;
    oi_status st = oi_check_kind(connection, OI_HANDLE_CONNECTION);
    if (st != OI_OK)
        return st;
    if (!out)
        return oi_fail(connection, OI_E_INVALID_PARAMETER, "open request: no place for the handle");
    verb = verb ? verb : "GET";
    object = object && *object ? object : "/";
    int minor = !version || strcmp(version, "HTTP/1.1") == 0 ? 1
                : strcmp(version, "HTTP/1.0") == 0           ? 0
                                                             : -1;
    if (!oi_is_token(verb) || !oi_is_target(object) || minor < 0 ||
        (referrer && !oi_is_target(referrer)) || !oi_check_accept(accept_types))
        return oi_fail(connection, OI_E_INVALID_PARAMETER, "open request: invalid %s",
                       !oi_is_token(verb)      ? "method"
                       : !oi_is_target(object) ? "object name"
                       : minor < 0             ? "HTTP version"
                                               : "referrer or accept type");
    int failed = 0;
    char *accept = oi_join_accept(accept_types, &failed);
    if (failed)
        return oi_fail(connection, OI_E_OUT_OF_MEMORY, "open request: out of memory");
    oi_request *r;
    st = oi_request_create((oi_connection *)connection, verb, object, minor, referrer, accept,
                           flags, &r);
    free(accept);
    if (st == OI_OK)
        *out = &r->h;
    return st;
}

static oi_request *oi_request_checked(oi_handle *h, oi_status *st)
{
    *st = oi_check_kind(h, OI_HANDLE_REQUEST);
    return *st == OI_OK ? (oi_request *)h : NULL;
}

OI_API oi_status oi_request_add_headers(oi_handle *request, const char *headers, size_t len,
                                        unsigned modifiers)
{
    oi_status st;
    oi_request *r = oi_request_checked(request, &st);
    if (!r)
        return st;
    if (!headers)
        return oi_fail(request, OI_E_INVALID_PARAMETER, "add headers: no headers");
    if (r->state == OI_REQ_UPLOADING)
        return oi_fail(request, OI_E_INCORRECT_HANDLE_STATE, "add headers: request is being sent");
    return oi_headers_apply(request, &r->headers, headers, len, modifiers);
}

/* ---- sending ---- */

/* Reset the handle for a new exchange. */
static oi_status oi_request_prepare(oi_request *r, const char *headers, size_t headers_len,
                                    long long body_len)
{
    if (r->state == OI_REQ_UPLOADING)
        return oi_fail(&r->h, OI_E_INCORRECT_HANDLE_STATE, "send: an upload is in progress");
    oi_request_release(r);
    r->head_len = 0;
    r->resp.nfields = 0;
    r->ntrailers = 0;
    r->received = 0;
    r->content_length = -1;
    r->state = OI_REQ_FAILED;
    r->hops = 0;
    r->auth_tried = 0;
    r->method = r->verb;
    oi_decoding_free(r->decoding);
    r->decoding = NULL;
    r->cert_valid = 0;
    oi_status st = r->redirected ? oi_request_reset_route(r) : OI_OK;
    if (st == OI_OK)
        st = oi_route_plan(r);
    if (st == OI_OK)
        st = oi_request_authorize(r);
    if (st != OI_OK)
        return st;
    if (body_len == -1 && r->minor == 0)
        return oi_fail(&r->h, OI_E_INVALID_PARAMETER, "send: HTTP/1.0 has no chunked uploads");
    if (headers &&
        (st = oi_headers_apply(&r->h, &r->headers, headers, headers_len, OI_HEADER_ADD)) != OI_OK)
        return st;
    r->deadline = oi_deadline(oi_opt_int(&r->h, OI_OPTIDX_TOTAL_TIMEOUT), 0);
    return oi_build_head(r, body_len);
}

static oi_status oi_request_write_all(oi_request *r, struct iovec *iov, int n)
{
    uint64_t bytes = 0;
    for (int i = 0; i < n; i++)
        bytes += iov[i].iov_len;
    oi_notify(&r->h, OI_EVENT_SENDING_REQUEST, NULL, 0);
    int64_t deadline = oi_deadline(oi_opt_int(&r->h, OI_OPTIDX_SEND_TIMEOUT), r->deadline);
    oi_status st = oi_conn_send(&r->h, r->conn, iov, n, deadline);
    if (st == OI_OK)
        oi_notify(&r->h, OI_EVENT_REQUEST_SENT, &bytes, sizeof bytes);
    return st;
}

/* After the body went out: the response head and its framing. */
static oi_status oi_request_finish_send(oi_request *r, int *nothing)
{
    oi_status st = oi_response_read_head(r, nothing);
    if (st == OI_OK)
        st = oi_response_framing(r);
    if (st != OI_OK)
        return st;
    r->state = OI_REQ_RECEIVED;
    if (r->body.done)
        oi_request_release(r);
    return OI_OK;
}

static int oi_is_idempotent(const char *verb)
{
    static const char *const safe[] = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"};
    for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++)
        if (strcmp(verb, safe[i]) == 0)
            return 1;
    return 0;
}

/* One exchange: connect, send head and body, read the response head.  A
 * server that closed a pooled connection as we reused it has not seen the
 * request: RFC 9112 9.3.1 allows one retry on a fresh connection for
 * idempotent methods. */
static oi_status oi_request_exchange(oi_request *r, const void *body, size_t body_len)
{
    oi_status st = OI_OK;
    /* The previous answer (a 3xx or 401 being followed) is gone. */
    r->state = OI_REQ_FAILED;
    r->head_len = 0;
    r->resp.nfields = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        int reused = 0, nothing = 0;
        struct iovec iov[2] = {{r->out, r->out_len}, {(void *)body, body_len}};
        st = oi_route_connect(r, attempt == 0, &reused);
        if (st == OI_OK)
            st = oi_request_write_all(r, iov, 2);
        if (st == OI_OK)
            st = oi_request_finish_send(r, &nothing);
        if (st == OI_OK)
            return st;
        int stale = reused && (nothing || st == OI_E_CONNECTION_RESET);
        r->keep_alive = 0;
        oi_request_release(r);
        if (!stale || !oi_is_idempotent(r->method))
            break;
        oi_clear_error(&r->h);
    }
    return st;
}

/* The answer is final: with FAIL_ON_ERROR a 4xx/5xx becomes an error,
 * the response staying readable. */
static oi_status oi_request_verdict(oi_request *r)
{
    int status = r->resp.status;
    if ((r->flags & OI_FLAG_FAIL_ON_ERROR) && status >= 400)
        return oi_fail(&r->h, status == 404 ? OI_E_FILE_NOT_FOUND : OI_E_HTTP_ERROR,
                       "the server answered %d %s", status, oi_request_reason(&r->h));
    return OI_OK;
}

/* Send again while redirects and authentication ask for it. */
static oi_status oi_request_follow(oi_request *r, int replayable, const void *body, size_t body_len)
{
    for (;;) {
        int again = 0, drop_body = 0;
        oi_status st = oi_request_next(r, replayable, &again, &drop_body);
        if (st != OI_OK)
            return st;
        if (!again)
            return oi_request_verdict(r);
        if (drop_body) {
            body = NULL;
            body_len = 0;
        }
        st = oi_build_head(r, body ? (long long)body_len : -2);
        if (st == OI_OK)
            st = oi_request_exchange(r, body, body_len);
        if (st != OI_OK)
            return st;
    }
}

static oi_status oi_request_do_send(oi_request *r, const char *headers, size_t headers_len,
                                    const void *body, size_t body_len)
{
    oi_handle *request = &r->h;
    oi_status st;
    if (body_len && !body)
        return oi_fail(request, OI_E_INVALID_PARAMETER, "send: body length without a body");
    st = oi_request_prepare(r, headers, headers_len, body || body_len ? (long long)body_len : -2);
    if (st == OI_OK)
        st = oi_request_exchange(r, body, body_len);
    return st == OI_OK ? oi_request_follow(r, 1, body, body_len) : st;
}

static oi_status oi_request_do_begin(oi_request *r, const char *headers, size_t headers_len,
                                     long long total_len)
{
    oi_handle *request = &r->h;
    oi_status st;
    if (total_len < -1)
        return oi_fail(request, OI_E_INVALID_PARAMETER, "begin: negative length");
    st = oi_request_prepare(r, headers, headers_len, total_len);
    int reused;
    if (st == OI_OK)
        st = oi_route_connect(r, 1, &reused);
    struct iovec iov = {r->out, r->out_len};
    if (st == OI_OK)
        st = oi_request_write_all(r, &iov, 1);
    if (st != OI_OK) {
        oi_request_release(r);
        return st;
    }
    r->upload_left = total_len;
    r->state = OI_REQ_UPLOADING;
    return OI_OK;
}

/* A failed upload leaves the connection in an unknown state: close it. */
static oi_status oi_upload_failed(oi_request *r, oi_status st)
{
    r->keep_alive = 0;
    r->state = OI_REQ_FAILED;
    oi_request_release(r);
    return st;
}

static oi_status oi_request_do_write(oi_request *r, const void *data, size_t len)
{
    oi_handle *request = &r->h;
    oi_status st;
    if (r->state != OI_REQ_UPLOADING)
        return oi_fail(request, OI_E_INCORRECT_HANDLE_STATE, "no upload in progress");
    if (len == 0)
        return OI_OK;
    if (!data)
        return oi_fail(request, OI_E_INVALID_PARAMETER, "write: no data");
    char size[24];
    struct iovec iov[3] = {{size, 0}, {(void *)data, len}, {"\r\n", 0}};
    if (r->upload_left >= 0) {
        if ((unsigned long long)r->upload_left < len)
            return oi_upload_failed(r, oi_fail(request, OI_E_INVALID_PARAMETER,
                                               "write: %zu bytes exceed the %lld announced", len,
                                               r->upload_left));
        r->upload_left -= (long long)len;
    } else {
        iov[0].iov_len = (size_t)snprintf(size, sizeof size, "%zx\r\n", len);
        iov[2].iov_len = 2;
    }
    int64_t deadline = oi_deadline(oi_opt_int(&r->h, OI_OPTIDX_SEND_TIMEOUT), r->deadline);
    st = oi_conn_send(request, r->conn, iov, 3, deadline);
    return st == OI_OK ? OI_OK : oi_upload_failed(r, st);
}

static oi_status oi_request_do_end(oi_request *r)
{
    oi_handle *request = &r->h;
    oi_status st;
    if (r->state != OI_REQ_UPLOADING)
        return oi_fail(request, OI_E_INCORRECT_HANDLE_STATE, "no upload in progress");
    if (r->upload_left > 0)
        return oi_upload_failed(r, oi_fail(request, OI_E_INVALID_PARAMETER,
                                           "end: %lld announced bytes were not written",
                                           r->upload_left));
    if (r->upload_left < 0) {
        struct iovec iov = {"0\r\n\r\n", 5};
        int64_t deadline = oi_deadline(oi_opt_int(&r->h, OI_OPTIDX_SEND_TIMEOUT), r->deadline);
        st = oi_conn_send(request, r->conn, &iov, 1, deadline);
        if (st != OI_OK)
            return oi_upload_failed(r, st);
    }
    uint64_t zero = 0;
    oi_notify(request, OI_EVENT_REQUEST_SENT, &zero, sizeof zero);
    r->state = OI_REQ_FAILED;
    int nothing;
    st = oi_request_finish_send(r, &nothing);
    if (st != OI_OK)
        return oi_upload_failed(r, st);
    /* A streamed body cannot be sent twice: later hops go without one, and
     * a hop that needs it leaves the response as the answer. */
    return oi_request_follow(r, 0, NULL, 0);
}

OI_API oi_status oi_request_send(oi_handle *request, const char *headers, size_t headers_len,
                                 const void *body, size_t body_len)
{
    oi_status st;
    oi_request *r = oi_request_checked(request, &st);
    if (!r || (st = oi_request_enter(r)) != OI_OK)
        return st;
    return oi_request_leave(r, oi_request_do_send(r, headers, headers_len, body, body_len));
}

OI_API oi_status oi_request_begin(oi_handle *request, const char *headers, size_t headers_len,
                                  long long total_len)
{
    oi_status st;
    oi_request *r = oi_request_checked(request, &st);
    if (!r || (st = oi_request_enter(r)) != OI_OK)
        return st;
    return oi_request_leave(r, oi_request_do_begin(r, headers, headers_len, total_len));
}

OI_API oi_status oi_request_write(oi_handle *request, const void *data, size_t len)
{
    oi_status st;
    oi_request *r = oi_request_checked(request, &st);
    if (!r || (st = oi_request_enter(r)) != OI_OK)
        return st;
    return oi_request_leave(r, oi_request_do_write(r, data, len));
}

OI_API oi_status oi_request_end(oi_handle *request)
{
    oi_status st;
    oi_request *r = oi_request_checked(request, &st);
    if (!r || (st = oi_request_enter(r)) != OI_OK)
        return st;
    return oi_request_leave(r, oi_request_do_end(r));
}
