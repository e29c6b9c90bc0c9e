/* Reading response bodies into the caller's buffer, and handing the
 * connection back once the body is over. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Closing a handle must stay quick: draining waits at most this long. */
#define OI_DRAIN_WAIT_MS 1000

void oi_request_lend_buffer(oi_request *r)
{
    oi_conn *c = r->conn;
    if (c->buf || !r->rbuf)
        return; /* a proxy handshake gave it one already */
    c->buf = r->rbuf;
    c->cap = r->rcap;
    r->rbuf = NULL;
    r->rcap = 0;
}

/* Take the (empty) buffer back from the connection, keeping one. */
static void oi_request_reclaim_buffer(oi_request *r)
{
    oi_conn *c = r->conn;
    if (!r->rbuf) {
        r->rbuf = c->buf;
        r->rcap = c->cap;
    } else {
        free(c->buf);
    }
    c->buf = NULL;
    c->cap = c->start = c->end = 0;
}

static void oi_request_close_conn(oi_request *r)
{
    oi_notify(&r->h, OI_EVENT_CLOSING_CONNECTION, NULL, 0);
    oi_request_reclaim_buffer(r);
    oi_conn_close(r->conn);
    r->conn = NULL;
    oi_notify(&r->h, OI_EVENT_CONNECTION_CLOSED, NULL, 0);
}

static oi_status oi_body_failure(oi_request *r, long rc)
{
    r->keep_alive = 0;
    r->state = OI_REQ_FAILED;
    const char *host = r->conn->host;
    if (rc == OI_BODY_NO_MEMORY)
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "reading the body: out of memory");
    if (rc == OI_BODY_TOO_LARGE)
        return oi_fail(&r->h, OI_E_HEADER_TOO_LARGE,
                       "chunk line or trailers from %s over the limit", host);
    return oi_fail(&r->h, OI_E_INVALID_RESPONSE, "invalid chunked body from %s", host);
}

/* The connection ended: a clean end only for close-delimited bodies. */
static oi_status oi_body_ended(oi_request *r)
{
    r->keep_alive = 0;
    if (oi_body_eof(&r->body) == 0)
        return OI_OK;
    r->state = OI_REQ_FAILED;
    return oi_fail(&r->h, OI_E_CONNECTION_ABORTED, "%s closed the connection after %llu body bytes",
                   r->conn->host, (unsigned long long)r->received);
}

/* Receive more bytes into the connection's buffer. */
static oi_status oi_body_fill(oi_request *r, int64_t deadline)
{
    size_t got;
    oi_conn *c = r->conn;
    oi_status st = oi_conn_fill(&r->h, c, c->cap ? c->cap : 16384, deadline, &got);
    if (st != OI_OK) {
        r->keep_alive = 0;
        r->state = OI_REQ_FAILED;
        return st;
    }
    return got ? OI_OK : oi_body_ended(r);
}

/* Bytes that are pure body data may skip the connection's buffer and go
 * straight from the kernel into the caller's: one copy, not two.  Only for
 * buffers at least as large as the connection's, so that small reads do
 * not cost a system call each. */
static oi_status oi_body_recv_direct(oi_request *r, char *buf, size_t len, int64_t deadline,
                                     size_t *nread)
{
    uint64_t direct = oi_body_direct(&r->body);
    size_t want = direct < len ? (size_t)direct : len;
    oi_status st = oi_conn_recv(&r->h, r->conn, buf, want, deadline, nread);
    if (st != OI_OK) {
        r->keep_alive = 0;
        r->state = OI_REQ_FAILED;
        return st;
    }
    if (*nread == 0)
        return oi_body_ended(r);
    oi_body_skip_data(&r->body, *nread);
    return OI_OK;
}

/* Decode buffered bytes: returns 1 with data or at the end, 0 when more
 * input is needed, or a negative decoder error. */
static long oi_body_from_buffer(oi_request *r, char *buf, size_t len, size_t *nread)
{
    oi_conn *c = r->conn;
    while (c->start < c->end && !r->body.done) {
        const char *data;
        size_t n;
        long used = oi_body_decode(&r->body, c->buf + c->start, c->end - c->start, len, &data, &n);
        if (used < 0)
            return used;
        c->start += (size_t)used;
        if (n) {
            memcpy(buf, data, n);
            *nread = n;
            return 1;
        }
        if (used == 0)
            return 0;
    }
    return r->body.done;
}

/* Once the body is over: trailers, then the connection goes back. */
static oi_status oi_body_complete(oi_request *r)
{
    oi_status st = oi_response_trailers(r);
    oi_request_release(r);
    return st;
}

oi_status oi_request_read_raw(oi_request *r, char *buf, size_t len, size_t *nread)
{
    *nread = 0;
    if (r->state != OI_REQ_RECEIVED)
        return oi_fail(&r->h, OI_E_INCORRECT_HANDLE_STATE, "read: no response to read");
    oi_status st = OI_OK;
    while (!r->body.done && len) {
        long got = oi_body_from_buffer(r, buf, len, nread);
        if (got < 0)
            return oi_body_failure(r, got);
        if (got > 0)
            break;
        int64_t deadline = oi_deadline(oi_opt_int(&r->h, OI_OPTIDX_RECEIVE_TIMEOUT), r->deadline);
        oi_conn *c = r->conn;
        if (c->start == c->end && len >= c->cap && oi_body_direct(&r->body) > 0) {
            st = oi_body_recv_direct(r, buf, len, deadline, nread);
            if (st != OI_OK || *nread)
                break;
        } else if ((st = oi_body_fill(r, deadline)) != OI_OK) {
            break;
        }
    }
    r->received += *nread;
    if (st == OI_OK && r->body.done && r->conn)
        st = oi_body_complete(r);
    if (st != OI_OK)
        oi_request_release(r);
    return st;
}

OI_API oi_status oi_file_read(oi_handle *h, void *buf, size_t len, size_t *nread)
{
    if (!h || !nread || (len && !buf))
        return OI_E_INVALID_PARAMETER;
    *nread = 0;
    oi_clear_error(h);
    if (h->type == OI_HANDLE_FILE)
        return oi_file_read_local((oi_file *)h, buf, len, nread);
    if (h->type != OI_HANDLE_REQUEST)
        return oi_fail(h, OI_E_INCORRECT_HANDLE_TYPE, "read: not a request or file handle");
    oi_request *r = (oi_request *)h;
    oi_status st = oi_request_enter(r);
    if (st != OI_OK)
        return st;
    st =
        r->decoding ? oi_decoded_read(r, buf, len, nread) : oi_request_read_raw(r, buf, len, nread);
    return oi_request_leave(r, st);
}

/* Consume framing until body bytes are at the front of the buffer, then
 * count them. */
oi_status oi_request_available_raw(oi_request *r, size_t *avail)
{
    *avail = 0;
    if (r->state != OI_REQ_RECEIVED)
        return oi_fail(&r->h, OI_E_INCORRECT_HANDLE_STATE, "available: no response to read");
    oi_status st = OI_OK;
    while (!r->body.done) {
        oi_conn *c = r->conn;
        uint64_t direct = oi_body_direct(&r->body);
        size_t buffered = c->end - c->start;
        if (direct > 0 && buffered > 0) {
            *avail = direct < buffered ? (size_t)direct : buffered;
            return OI_OK;
        }
        char unused;
        size_t none;
        long got = oi_body_from_buffer(r, &unused, 0, &none);
        if (got < 0)
            return oi_body_failure(r, got);
        if (r->body.done || (c->start < c->end && oi_body_direct(&r->body) > 0))
            continue;
        int64_t deadline = oi_deadline(oi_opt_int(&r->h, OI_OPTIDX_RECEIVE_TIMEOUT), r->deadline);
        if ((st = oi_body_fill(r, deadline)) != OI_OK)
            break;
    }
    if (st == OI_OK && r->conn)
        st = oi_body_complete(r);
    if (st != OI_OK)
        oi_request_release(r);
    return st;
}

OI_API oi_status oi_file_available(oi_handle *h, size_t *avail)
{
    if (!h || !avail)
        return OI_E_INVALID_PARAMETER;
    *avail = 0;
    oi_clear_error(h);
    if (h->type == OI_HANDLE_FILE) {
        const oi_file *f = (const oi_file *)h;
        off_t pos = lseek(f->fd, 0, SEEK_CUR);
        *avail = f->size > pos && pos >= 0 ? (size_t)(f->size - pos) : 0;
        return OI_OK;
    }
    if (h->type != OI_HANDLE_REQUEST)
        return oi_fail(h, OI_E_INCORRECT_HANDLE_TYPE, "available: not a request or file handle");
    oi_request *r = (oi_request *)h;
    oi_status st = oi_request_enter(r);
    if (st != OI_OK)
        return st;
    st = r->decoding ? oi_decoded_available(r, avail) : oi_request_available_raw(r, avail);
    return oi_request_leave(r, st);
}

/* Read and drop the rest of a body, within the drain limits. */
static int oi_request_drain(oi_request *r)
{
    long long budget = oi_opt_int(&r->h, OI_OPTIDX_MAX_DRAIN_BYTES);
    if (r->body.mode == OI_BODY_LENGTH && r->body.remaining > (uint64_t)budget)
        return 0;
    char sink[4096];
    int64_t deadline = oi_deadline(OI_DRAIN_WAIT_MS, 0);
    r->deadline = r->deadline && r->deadline < deadline ? r->deadline : deadline;
    while (!r->body.done && budget > 0) {
        size_t n = 0;
        if (oi_request_read_raw(r, sink, sizeof sink, &n) != OI_OK || !r->conn)
            return r->body.done;
        budget -= (long long)n;
    }
    return r->body.done;
}

void oi_request_release(oi_request *r)
{
    oi_conn *c = r->conn;
    if (!c)
        return;
    int clean = r->state == OI_REQ_RECEIVED && r->keep_alive && !atomic_load(&r->cancelled);
    if (clean && !r->body.done && !oi_request_drain(r))
        clean = 0;
    if (!r->conn)
        return; /* the drain finished the body and released it */
    if (!clean || c->start != c->end) {
        oi_request_close_conn(r);
        return;
    }
    c->served++;
    oi_request_reclaim_buffer(r);
    oi_pool_put(&r->h.session->pool, c, (size_t)oi_opt_int(&r->h, OI_OPTIDX_MAX_CONNS_PER_SERVER),
                (size_t)oi_opt_int(&r->h, OI_OPTIDX_MAX_IDLE_CONNECTIONS));
    r->conn = NULL;
}
