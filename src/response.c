/* Receiving a response head: parsing, 1xx, body framing, and the queries
 * on the response. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OI_FIELDS_INITIAL 32

static oi_request *oi_as_request(const oi_handle *h)
{
    return (h && h->type == OI_HANDLE_REQUEST) ? (oi_request *)h : NULL;
}

/* Parse the head at the start of the connection's unread bytes, growing
 * the field array up to the limit.  Returns the parser's result. */
static long oi_parse_head(oi_request *r, oi_conn *c)
{
    size_t max_fields = (size_t)oi_opt_int(&r->h, OI_OPTIDX_MAX_HEADER_COUNT);
    for (;;) {
        size_t cap = r->fields_cap < max_fields ? r->fields_cap : max_fields;
        long n =
            oi_http1_parse_response(c->buf + c->start, c->end - c->start, &r->resp, r->fields, cap);
        if (n != OI_PARSE_TOO_MANY || cap >= max_fields)
            return n;
        size_t grown = r->fields_cap ? r->fields_cap * 2 : OI_FIELDS_INITIAL;
        oi_field *f = oi_realloc(r->fields, grown * sizeof *f);
        if (!f)
            return OI_PARSE_ERROR - 100; /* out of memory, told apart below */
        r->fields = f;
        r->fields_cap = grown;
    }
}

/* Copy src[0..n) to dst, turning bare LF line ends into CRLF, and move
 * the offsets of the status line and fields with the bytes. */
static void oi_copy_with_crlf(oi_request *r, char *dst, const char *src, size_t n)
{
    size_t out = 0, next = 0, shift = 0;
    oi_field *f = r->fields;
    for (size_t i = 0; i < n; i++) {
        if (src[i] == '\n' && (i == 0 || src[i - 1] != '\r')) {
            dst[out++] = '\r';
            shift++;
        }
        dst[out++] = src[i];
        /* Fields are in order: move each once the copy has passed it. */
        for (; next < r->resp.nfields && f[next].name_off <= i; next++) {
            f[next].name_off += (uint32_t)shift;
            f[next].value_off += (uint32_t)shift;
        }
    }
}

/* Bare LF line ends in a parsed head, counted from what the parser found:
 * every line but the status line starts a field or is the final empty
 * one, and folds are spaces by now.  Only these places need a look. */
static size_t oi_count_bare_lf(const char *p, size_t n, const oi_field *f, size_t nfields)
{
    size_t count = n < 2 || p[n - 2] != '\r'; /* the empty line's own */
    size_t empty = n - 1 - (count == 0);      /* where the empty line starts */
    for (size_t i = 0; i <= nfields; i++) {
        size_t start = i < nfields ? f[i].name_off : empty;
        count += start < 2 || p[start - 2] != '\r';
    }
    return count;
}

/* Copy the head out of the connection, NUL-terminated and with CRLF line
 * ends whatever the server used, followed by a NUL-terminated copy of the
 * reason phrase (the head's own copy ends in a line end, not a NUL). */
static oi_status oi_keep_head(oi_request *r, const oi_conn *c, size_t n)
{
    const char *src = c->buf + c->start;
    size_t extra = oi_count_bare_lf(src, n, r->fields, r->resp.nfields);
    size_t len = n + extra, need = len + 1 + r->resp.reason_len + 1;
    if (need > r->head_cap) {
        char *head = oi_realloc(r->head, need);
        if (!head)
            return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "response head: out of memory");
        r->head = head;
        r->head_cap = need;
    }
    if (extra)
        oi_copy_with_crlf(r, r->head, src, n);
    else
        memcpy(r->head, src, n);
    r->head[len] = '\0';
    memcpy(r->head + len + 1, r->head + r->resp.reason_off, r->resp.reason_len);
    r->head[len + 1 + r->resp.reason_len] = '\0';
    r->head_len = len;
    return OI_OK;
}

static oi_status oi_head_error(oi_request *r, const oi_conn *c, long n)
{
    if (n == OI_PARSE_TOO_MANY)
        return oi_fail(&r->h, OI_E_HEADER_TOO_LARGE,
                       "response from %s has more than %lld header fields", c->host,
                       oi_opt_int(&r->h, OI_OPTIDX_MAX_HEADER_COUNT));
    if (n == OI_PARSE_ERROR)
        return oi_fail(&r->h, OI_E_INVALID_RESPONSE, "invalid response head from %s port %u",
                       c->host, c->port);
    return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "response head: out of memory");
}

/* Wait for more head bytes; EOF is an error whose kind depends on whether
 * anything arrived (a pooled connection the server closed sends nothing). */
static oi_status oi_head_more(oi_request *r, oi_conn *c, int *nothing)
{
    size_t max = (size_t)oi_opt_int(&r->h, OI_OPTIDX_MAX_HEADER_BYTES);
    if (c->end - c->start >= max)
        return oi_fail(&r->h, OI_E_HEADER_TOO_LARGE, "response head from %s exceeds %zu bytes",
                       c->host, max);
    size_t got;
    int64_t deadline = oi_deadline(oi_opt_int(&r->h, OI_OPTIDX_RECEIVE_TIMEOUT), r->deadline);
    size_t cap = max + 4096 > 16384 ? max + 4096 : 16384;
    oi_status st = oi_conn_fill(&r->h, c, cap, deadline, &got);
    if (st == OI_E_CONNECTION_RESET || st == OI_E_CONNECTION_ABORTED)
        *nothing = (c->end == c->start);
    if (st != OI_OK || got > 0)
        return st;
    *nothing = (c->end == c->start);
    if (*nothing)
        return oi_fail(&r->h, OI_E_CONNECTION_ABORTED,
                       "%s port %u closed the connection without a response", c->host, c->port);
    return oi_fail(&r->h, OI_E_INVALID_RESPONSE,
                   "%s port %u closed the connection inside the response head", c->host, c->port);
}

oi_status oi_response_read_head(oi_request *r, int *nothing)
{
    oi_conn *c = r->conn;
    *nothing = 0;
    oi_notify(&r->h, OI_EVENT_RECEIVING_RESPONSE, NULL, 0);
    for (;;) {
        long n = c->end > c->start ? oi_parse_head(r, c) : OI_PARSE_INCOMPLETE;
        if (n < 0)
            return oi_head_error(r, c, n);
        if (n == OI_PARSE_INCOMPLETE) {
            oi_status st = oi_head_more(r, c, nothing);
            if (st != OI_OK)
                return st;
            continue;
        }
        size_t max = (size_t)oi_opt_int(&r->h, OI_OPTIDX_MAX_HEADER_BYTES);
        if ((size_t)n > max) /* it arrived whole, but it is still too large */
            return oi_fail(&r->h, OI_E_HEADER_TOO_LARGE, "response head from %s exceeds %zu bytes",
                           c->host, max);
        if (r->resp.status >= 200 || r->resp.status == 101) {
            oi_status st = oi_keep_head(r, c, (size_t)n);
            c->start += (size_t)n;
            if (st == OI_OK) {
                uint64_t bytes = (uint64_t)n;
                oi_notify(&r->h, OI_EVENT_RESPONSE_RECEIVED, &bytes, sizeof bytes);
            }
            return st;
        }
        /* 1xx: informational, the final response follows. */
        int status = r->resp.status;
        c->start += (size_t)n;
        oi_notify(&r->h, OI_EVENT_INTERMEDIATE_RESPONSE, &status, sizeof status);
    }
}

/* Does a Transfer-Encoding value end with the chunked coding? */
static int oi_ends_with_chunked(const char *v, size_t n)
{
    static const char chunked[] = "chunked";
    size_t k = sizeof chunked - 1;
    if (n < k || strncasecmp(v + n - k, chunked, k) != 0)
        return 0;
    return n == k || v[n - k - 1] == ',' || v[n - k - 1] == ' ' || v[n - k - 1] == '\t';
}

/* Add the values of one Content-Length field (a list) to what earlier
 * fields said; all values must agree.  Returns 0, or -1 if they do not or
 * one is not a number. */
static int oi_content_length(const char *v, size_t len, int *seen, uint64_t *out)
{
    const char *end = v + len;
    while (v < end) {
        uint64_t n = 0;
        const char *start = v;
        for (; v < end && *v >= '0' && *v <= '9'; v++) {
            if (n > (UINT64_MAX - 9) / 10)
                return -1;
            n = n * 10 + (uint64_t)(*v - '0');
        }
        if (v == start || (*seen && n != *out))
            return -1;
        *out = n;
        *seen = 1;
        while (v < end && (*v == ' ' || *v == '\t'))
            v++;
        if (v < end && *v++ != ',')
            return -1;
        while (v < end && (*v == ' ' || *v == '\t'))
            v++;
    }
    return 0;
}

/* What the framing needs from the head, gathered in one pass. */
typedef struct oi_head_facts {
    int close, keep_alive; /* Connection tokens */
    long te;               /* the last Transfer-Encoding field, or -1 */
    int has_length, bad_length;
    uint64_t length;
} oi_head_facts;

static int oi_name_is(const char *name, size_t len, const char *want, size_t want_len)
{
    return len == want_len && strncasecmp(name, want, len) == 0;
}

static void oi_head_scan(const oi_request *r, oi_head_facts *f)
{
    *f = (oi_head_facts){0, 0, -1, 0, 0, 0};
    for (size_t i = 0; i < r->resp.nfields; i++) {
        const oi_field *fd = &r->fields[i];
        const char *name = r->head + fd->name_off, *value = r->head + fd->value_off;
        if (oi_name_is(name, fd->name_len, "Connection", 10)) {
            /* HTTP/1.1 keeps unless "close"; HTTP/1.0 closes unless "keep-alive". */
            if (r->resp.minor >= 1)
                f->close |= oi_http1_has_token(value, fd->value_len, "close");
            else
                f->keep_alive |= oi_http1_has_token(value, fd->value_len, "keep-alive");
        } else if (oi_name_is(name, fd->name_len, "Transfer-Encoding", 17)) {
            f->te = (long)i;
        } else if (oi_name_is(name, fd->name_len, "Content-Length", 14)) {
            f->bad_length |= oi_content_length(value, fd->value_len, &f->has_length, &f->length);
        }
    }
}

/* RFC 9112 section 6.3, in order. */
oi_status oi_response_framing(oi_request *r)
{
    int status = r->resp.status;
    oi_body_mode mode = OI_BODY_CLOSE;
    oi_head_facts f;
    oi_head_scan(r, &f);
    r->keep_alive = r->resp.minor >= 1 ? !f.close : f.keep_alive;
    /* An HTTP/1.0 request did not ask to keep the connection. */
    if (r->minor == 0 && !(r->flags & OI_FLAG_KEEP_CONNECTION))
        r->keep_alive = 0;
    if (strcmp(r->method, "HEAD") == 0 || status == 204 || status == 304) {
        mode = OI_BODY_NONE;
    } else if (f.te >= 0) {
        /* The last Transfer-Encoding field names the final coding. */
        const oi_field *te = &r->fields[f.te];
        mode = oi_ends_with_chunked(r->head + te->value_off, te->value_len) ? OI_BODY_CHUNKED
                                                                            : OI_BODY_CLOSE;
        /* Content-Length beside Transfer-Encoding: never trust this
         * connection's framing again. */
        if (mode == OI_BODY_CLOSE || f.has_length || f.bad_length)
            r->keep_alive = 0;
        f.length = 0;
    } else if (f.bad_length) {
        return oi_fail(&r->h, OI_E_INVALID_RESPONSE, "invalid Content-Length from %s",
                       r->conn->host);
    } else if (f.has_length) {
        mode = f.length ? OI_BODY_LENGTH : OI_BODY_NONE;
    }
    if (mode == OI_BODY_CLOSE)
        r->keep_alive = 0;
    r->content_length = mode == OI_BODY_LENGTH ? (long long)f.length
                        : mode == OI_BODY_NONE ? 0
                                               : -1;
    /* The trailers parsed so far point into the body being freed, and were
     * those of an earlier hop. */
    oi_body_free(&r->body);
    r->ntrailers = 0;
    oi_body_init(&r->body, mode, f.length, (size_t)oi_opt_int(&r->h, OI_OPTIDX_MAX_CHUNK_LINE),
                 (size_t)oi_opt_int(&r->h, OI_OPTIDX_MAX_TRAILER_BYTES));
    return mode == OI_BODY_NONE ? OI_OK : oi_decoding_start(r);
}

/* Parse the trailer section the body decoder collected. */
oi_status oi_response_trailers(oi_request *r)
{
    r->ntrailers = 0;
    if (r->body.mode != OI_BODY_CHUNKED || r->body.trailer_len <= 2)
        return OI_OK;
    size_t lines = 0;
    for (size_t i = 0; i < r->body.trailer_len; i++)
        lines += r->body.trailer[i] == '\n';
    free(r->trailers);
    if (!(r->trailers = oi_malloc(lines * sizeof *r->trailers)))
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "trailers: out of memory");
    long n = oi_http1_parse_fields(r->body.trailer, r->body.trailer_len, r->trailers, lines,
                                   &r->ntrailers);
    if (n <= 0)
        return oi_fail(&r->h, OI_E_INVALID_RESPONSE, "invalid trailer section");
    return OI_OK;
}

/* ---- queries ---- */

OI_API int oi_request_status(const oi_handle *h)
{
    const oi_request *r = oi_as_request(h);
    return r && r->head_len ? r->resp.status : 0;
}

OI_API const char *oi_request_reason(const oi_handle *h)
{
    const oi_request *r = oi_as_request(h);
    if (!r || !r->head_len)
        return NULL;
    /* The reason ends at the line end, where the head copy has CR or LF:
     * give a NUL-terminated copy kept after the head. */
    return r->head + r->head_len + 1;
}

OI_API int oi_request_http_minor(const oi_handle *h)
{
    const oi_request *r = oi_as_request(h);
    return r && r->head_len ? r->resp.minor : -1;
}

OI_API const char *oi_request_raw_headers(const oi_handle *h, size_t *len)
{
    const oi_request *r = oi_as_request(h);
    if (!r || !r->head_len)
        return NULL;
    if (len)
        *len = r->head_len;
    return r->head;
}

static oi_status oi_field_value(const char *base, const oi_field *fields, size_t n,
                                const char *name, size_t index, const char **value,
                                size_t *value_len)
{
    long i = name ? oi_http1_find(base, fields, n, name, strlen(name), index) : -1;
    if (i < 0)
        return OI_E_HEADER_NOT_FOUND;
    if (value)
        *value = base + fields[i].value_off;
    if (value_len)
        *value_len = fields[i].value_len;
    return OI_OK;
}

OI_API oi_status oi_request_header(const oi_handle *h, const char *name, size_t index,
                                   const char **value, size_t *value_len)
{
    const oi_request *r = oi_as_request(h);
    if (!r)
        return h ? OI_E_INCORRECT_HANDLE_TYPE : OI_E_INVALID_PARAMETER;
    if (!r->head_len)
        return OI_E_INCORRECT_HANDLE_STATE;
    return oi_field_value(r->head, r->fields, r->resp.nfields, name, index, value, value_len);
}

OI_API oi_status oi_request_trailer(const oi_handle *h, const char *name, size_t index,
                                    const char **value, size_t *value_len)
{
    const oi_request *r = oi_as_request(h);
    if (!r)
        return h ? OI_E_INCORRECT_HANDLE_TYPE : OI_E_INVALID_PARAMETER;
    if (!r->head_len)
        return OI_E_INCORRECT_HANDLE_STATE;
    return oi_field_value(r->body.trailer, r->trailers, r->ntrailers, name, index, value,
                          value_len);
}

OI_API long long oi_request_content_length(const oi_handle *h)
{
    if (h && h->type == OI_HANDLE_FILE)
        return ((const oi_file *)h)->size;
    const oi_request *r = oi_as_request(h);
    return r && r->head_len ? r->content_length : -1;
}

OI_API const char *oi_request_sent_headers(const oi_handle *h, size_t *len)
{
    const oi_request *r = oi_as_request(h);
    if (!r || !r->out_len)
        return NULL;
    if (len)
        *len = r->out_len;
    return r->out;
}
