/* HttpQueryInfo: the response head (or, with HTTP_QUERY_FLAG_REQUEST_HEADERS,
 * the request head) as strings, numbers or dates, with WinInet's
 * buffer-size protocol and index for repeated headers. */
#include "compat.h"
#include "cookie.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The header each HTTP_QUERY_* id stands for (NULL: none, or special). */
static const char *const oi_query_names[HTTP_QUERY_MAX + 1] = {
    [HTTP_QUERY_MIME_VERSION] = "Mime-Version",
    [HTTP_QUERY_CONTENT_TYPE] = "Content-Type",
    [HTTP_QUERY_CONTENT_TRANSFER_ENCODING] = "Content-Transfer-Encoding",
    [HTTP_QUERY_CONTENT_ID] = "Content-ID",
    [HTTP_QUERY_CONTENT_DESCRIPTION] = "Content-Description",
    [HTTP_QUERY_CONTENT_LENGTH] = "Content-Length",
    [HTTP_QUERY_CONTENT_LANGUAGE] = "Content-Language",
    [HTTP_QUERY_ALLOW] = "Allow",
    [HTTP_QUERY_PUBLIC] = "Public",
    [HTTP_QUERY_DATE] = "Date",
    [HTTP_QUERY_EXPIRES] = "Expires",
    [HTTP_QUERY_LAST_MODIFIED] = "Last-Modified",
    [HTTP_QUERY_MESSAGE_ID] = "Message-ID",
    [HTTP_QUERY_URI] = "URI",
    [HTTP_QUERY_DERIVED_FROM] = "Derived-From",
    [HTTP_QUERY_COST] = "Cost",
    [HTTP_QUERY_LINK] = "Link",
    [HTTP_QUERY_PRAGMA] = "Pragma",
    [HTTP_QUERY_CONNECTION] = "Connection",
    [HTTP_QUERY_ACCEPT] = "Accept",
    [HTTP_QUERY_ACCEPT_CHARSET] = "Accept-Charset",
    [HTTP_QUERY_ACCEPT_ENCODING] = "Accept-Encoding",
    [HTTP_QUERY_ACCEPT_LANGUAGE] = "Accept-Language",
    [HTTP_QUERY_AUTHORIZATION] = "Authorization",
    [HTTP_QUERY_CONTENT_ENCODING] = "Content-Encoding",
    [HTTP_QUERY_FORWARDED] = "Forwarded",
    [HTTP_QUERY_FROM] = "From",
    [HTTP_QUERY_IF_MODIFIED_SINCE] = "If-Modified-Since",
    [HTTP_QUERY_LOCATION] = "Location",
    [HTTP_QUERY_ORIG_URI] = "Orig-Uri",
    [HTTP_QUERY_REFERER] = "Referer",
    [HTTP_QUERY_RETRY_AFTER] = "Retry-After",
    [HTTP_QUERY_SERVER] = "Server",
    [HTTP_QUERY_TITLE] = "Title",
    [HTTP_QUERY_USER_AGENT] = "User-Agent",
    [HTTP_QUERY_WWW_AUTHENTICATE] = "WWW-Authenticate",
    [HTTP_QUERY_PROXY_AUTHENTICATE] = "Proxy-Authenticate",
    [HTTP_QUERY_ACCEPT_RANGES] = "Accept-Ranges",
    [HTTP_QUERY_SET_COOKIE] = "Set-Cookie",
    [HTTP_QUERY_COOKIE] = "Cookie",
    [HTTP_QUERY_REFRESH] = "Refresh",
    [HTTP_QUERY_CONTENT_DISPOSITION] = "Content-Disposition",
    [HTTP_QUERY_AGE] = "Age",
    [HTTP_QUERY_CACHE_CONTROL] = "Cache-Control",
    [HTTP_QUERY_CONTENT_BASE] = "Content-Base",
    [HTTP_QUERY_CONTENT_LOCATION] = "Content-Location",
    [HTTP_QUERY_CONTENT_MD5] = "Content-MD5",
    [HTTP_QUERY_CONTENT_RANGE] = "Content-Range",
    [HTTP_QUERY_ETAG] = "ETag",
    [HTTP_QUERY_HOST] = "Host",
    [HTTP_QUERY_IF_MATCH] = "If-Match",
    [HTTP_QUERY_IF_NONE_MATCH] = "If-None-Match",
    [HTTP_QUERY_IF_RANGE] = "If-Range",
    [HTTP_QUERY_IF_UNMODIFIED_SINCE] = "If-Unmodified-Since",
    [HTTP_QUERY_MAX_FORWARDS] = "Max-Forwards",
    [HTTP_QUERY_PROXY_AUTHORIZATION] = "Proxy-Authorization",
    [HTTP_QUERY_RANGE] = "Range",
    [HTTP_QUERY_TRANSFER_ENCODING] = "Transfer-Encoding",
    [HTTP_QUERY_UPGRADE] = "Upgrade",
    [HTTP_QUERY_VARY] = "Vary",
    [HTTP_QUERY_VIA] = "Via",
    [HTTP_QUERY_WARNING] = "Warning",
    [HTTP_QUERY_EXPECT] = "Expect",
    [HTTP_QUERY_PROXY_CONNECTION] = "Proxy-Connection",
    [HTTP_QUERY_UNLESS_MODIFIED_SINCE] = "Unless-Modified-Since",
    [HTTP_QUERY_PROXY_SUPPORT] = "Proxy-Support",
    [HTTP_QUERY_AUTHENTICATION_INFO] = "Authentication-Info",
    [HTTP_QUERY_X_CONTENT_TYPE_OPTIONS] = "X-Content-Type-Options",
    [HTTP_QUERY_P3P] = "P3P",
    [HTTP_QUERY_X_P2P_PEERDIST] = "X-P2P-PeerDist",
    [HTTP_QUERY_TRANSLATE] = "Translate",
    [HTTP_QUERY_X_UA_COMPATIBLE] = "X-UA-Compatible",
    [HTTP_QUERY_DEFAULT_STYLE] = "Default-Style",
    [HTTP_QUERY_X_FRAME_OPTIONS] = "X-Frame-Options",
    [HTTP_QUERY_X_XSS_PROTECTION] = "X-XSS-Protection",
    [HTTP_QUERY_SET_COOKIE2] = "Set-Cookie2",
    [HTTP_QUERY_DO_NOT_TRACK] = "DNT",
    [HTTP_QUERY_KEEP_ALIVE] = "Keep-Alive",
    [HTTP_QUERY_HTTP2_SETTINGS] = "HTTP2-Settings",
    [HTTP_QUERY_STRICT_TRANSPORT_SECURITY] = "Strict-Transport-Security",
    [HTTP_QUERY_TOKEN_BINDING] = "Sec-Token-Binding",
    [HTTP_QUERY_INCLUDE_REFERRED_TOKEN_BINDING_ID] = "Include-Referred-Token-Binding-ID",
    [HTTP_QUERY_PUBLIC_KEY_PINS] = "Public-Key-Pins",
    [HTTP_QUERY_PUBLIC_KEY_PINS_REPORT_ONLY] = "Public-Key-Pins-Report-Only",
};

/* A head to query: its first line (status or request line), then header
 * lines "Name: value", each ending in CRLF.  `own` is freed after. */
typedef struct oi_head {
    const char *text;
    size_t len;
    char *own;
} oi_head;

/* The request head: as sent, or before sending the line and the headers
 * added so far (the engine adds Host and the others when it sends). */
static DWORD oi_request_head(oi_wininet_handle *e, oi_head *head)
{
    head->text = oi_request_sent_headers(e->h, &head->len);
    if (head->text)
        return ERROR_SUCCESS;
    const oi_request *r = (const oi_request *)e->h;
    size_t n = strlen(r->verb) + strlen(r->target) + r->headers.len + 32;
    head->own = oi_malloc(n);
    if (!head->own)
        return ERROR_NOT_ENOUGH_MEMORY;
    int k = snprintf(head->own, n, "%s %s HTTP/1.%d\r\n%.*s\r\n", r->verb, r->target, r->minor,
                     (int)r->headers.len, r->headers.buf ? r->headers.buf : "");
    head->text = head->own;
    head->len = k > 0 ? (size_t)k : 0;
    return ERROR_SUCCESS;
}

static DWORD oi_query_head(oi_wininet_handle *e, int request, oi_head *head)
{
    head->own = NULL;
    if (request)
        return oi_request_head(e, head);
    head->text = oi_request_raw_headers(e->h, &head->len);
    return head->text ? ERROR_SUCCESS : ERROR_HTTP_HEADER_NOT_FOUND;
}

/* The next line of a head at *pos: its start and length without CRLF.
 * 0 at the end (the empty line or the end of text). */
static int oi_next_line(const oi_head *h, size_t *pos, const char **line, size_t *n)
{
    if (*pos >= h->len)
        return 0;
    const char *s = h->text + *pos;
    const char *end = memchr(s, '\n', h->len - *pos);
    size_t len = end ? (size_t)(end - s) : h->len - *pos;
    *pos += len + (end ? 1 : 0);
    if (len > 0 && s[len - 1] == '\r')
        len--;
    *line = s;
    *n = len;
    return len > 0;
}

/* The value of the index-th header `name`, white space trimmed; with
 * `all` (HTTP_QUERY_FLAG_COALESCE) every one, joined by ", ", into *own. */
static DWORD oi_find_header(const oi_head *h, const char *name, DWORD index, int all,
                            const char **value, size_t *vn, char **own)
{
    size_t pos = 0, nlen = strlen(name), found = 0, total = 0;
    const char *line;
    size_t n;
    oi_next_line(h, &pos, &line, &n); /* the first line is not a header */
    while (oi_next_line(h, &pos, &line, &n)) {
        const char *colon = memchr(line, ':', n);
        if (!colon || (size_t)(colon - line) != nlen || strncasecmp(line, name, nlen) != 0)
            continue;
        const char *v = colon + 1, *end = line + n;
        while (v < end && (*v == ' ' || *v == '\t'))
            v++;
        while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (all) {
            char *grown = oi_realloc(*own, total + (size_t)(end - v) + 3);
            if (!grown)
                return ERROR_NOT_ENOUGH_MEMORY;
            *own = grown;
            if (total)
                memcpy(grown + total, ", ", 2), total += 2;
            memcpy(grown + total, v, (size_t)(end - v));
            total += (size_t)(end - v);
            found++;
        } else if (found++ == index) {
            *value = v;
            *vn = (size_t)(end - v);
            return ERROR_SUCCESS;
        }
    }
    if (all && found && index == 0) {
        *value = *own;
        *vn = total;
        return ERROR_SUCCESS;
    }
    return ERROR_HTTP_HEADER_NOT_FOUND;
}

/* The parts of the first line: response "HTTP/1.1 200 OK" (version,
 * status, reason) or request "GET / HTTP/1.1" (method, target, version). */
static void oi_first_line_part(const oi_head *h, int part, const char **v, size_t *vn)
{
    size_t pos = 0, n = 0;
    const char *line = "";
    oi_next_line(h, &pos, &line, &n);
    const char *end = line + n;
    for (int i = 0; i < part && line < end; i++) {
        const char *sp = memchr(line, ' ', (size_t)(end - line));
        line = sp ? sp + 1 : end;
    }
    const char *sp = part < 2 ? memchr(line, ' ', (size_t)(end - line)) : NULL;
    *v = line;
    *vn = (size_t)((sp ? sp : end) - line);
}

/* Raw headers: the head with CRLF line ends and a final empty line
 * (RAW_HEADERS_CRLF), or each line followed by a NUL (RAW_HEADERS, whose
 * copy adds the final NUL). */
static DWORD oi_raw_headers(const oi_head *h, int crlf, char **own, size_t *n)
{
    *own = oi_malloc(h->len + 3);
    if (!*own)
        return ERROR_NOT_ENOUGH_MEMORY;
    size_t pos = 0, len, k = 0;
    const char *line;
    while (oi_next_line(h, &pos, &line, &len)) {
        memcpy(*own + k, line, len);
        k += len;
        if (crlf)
            (*own)[k++] = '\r';
        (*own)[k++] = crlf ? '\n' : '\0';
    }
    if (crlf)
        memcpy(*own + k, "\r\n", 2), k += 2;
    *n = k;
    return ERROR_SUCCESS;
}

/* ---- typed results ---- */

static DWORD oi_parse_number(const char *v, size_t n, unsigned long long max,
                             unsigned long long *out)
{
    unsigned long long x = 0;
    if (n == 0)
        return ERROR_HTTP_INVALID_HEADER;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9' || x > (max - (unsigned)(v[i] - '0')) / 10)
            return ERROR_HTTP_INVALID_HEADER;
        x = x * 10 + (unsigned)(v[i] - '0');
    }
    *out = x;
    return ERROR_SUCCESS;
}

static DWORD oi_copy_number(const char *v, size_t n, int wide64, LPVOID buf, LPDWORD len)
{
    DWORD size = wide64 ? sizeof(ULONGLONG) : sizeof(DWORD);
    if (!buf) {
        *len = size;
        return ERROR_INSUFFICIENT_BUFFER;
    }
    if (*len != size) /* exactly: WinInet refuses any other size */
        return ERROR_HTTP_INVALID_HEADER;
    unsigned long long x;
    DWORD err = oi_parse_number(v, n, wide64 ? UINT64_MAX : 0xFFFFFFFFu, &x);
    if (err != ERROR_SUCCESS)
        return err;
    if (wide64) {
        ULONGLONG q = x;
        memcpy(buf, &q, sizeof q);
    } else {
        DWORD d = (DWORD)x;
        memcpy(buf, &d, sizeof d);
    }
    return ERROR_SUCCESS;
}

static DWORD oi_copy_time(const char *v, size_t n, LPVOID buf, LPDWORD len)
{
    if (!buf || *len < sizeof(SYSTEMTIME)) {
        *len = sizeof(SYSTEMTIME);
        return ERROR_INSUFFICIENT_BUFFER;
    }
    int64_t t;
    struct tm tm;
    time_t tt;
    if (oi_cookie_date(v, n, &t) != 0 || (tt = (time_t)t, !gmtime_r(&tt, &tm)))
        return ERROR_HTTP_INVALID_HEADER;
    SYSTEMTIME st = {
        (WORD)(tm.tm_year + 1900), (WORD)(tm.tm_mon + 1), (WORD)tm.tm_wday, (WORD)tm.tm_mday,
        (WORD)tm.tm_hour,          (WORD)tm.tm_min,       (WORD)tm.tm_sec,  0};
    memcpy(buf, &st, sizeof st);
    *len = sizeof st;
    return ERROR_SUCCESS;
}

/* ---- the query ---- */

typedef struct oi_query {
    DWORD id, modifiers, index;
    int wide;
    LPVOID buf;
    LPDWORD len;
} oi_query;

/* Copy a found value out as the modifiers ask. */
static BOOL oi_query_result(const oi_query *q, const char *v, size_t n)
{
    DWORD err = ERROR_SUCCESS;
    if (q->modifiers & (HTTP_QUERY_FLAG_NUMBER | HTTP_QUERY_FLAG_NUMBER64))
        err = oi_copy_number(v, n, !(q->modifiers & HTTP_QUERY_FLAG_NUMBER), q->buf, q->len);
    else if (q->modifiers & HTTP_QUERY_FLAG_SYSTEMTIME)
        err = oi_copy_time(v, n, q->buf, q->len);
    else
        return oi_wininet_copy_string(v, n, q->wide, OI_UNITS_BYTES, q->buf, q->len);
    return err == ERROR_SUCCESS ? TRUE : oi_wininet_fail(err);
}

/* The header name of a query: from the table, or the caller's buffer for
 * HTTP_QUERY_CUSTOM (UTF-16 for the W form).  *own is freed after. */
static DWORD oi_query_name(const oi_query *q, const char **name, char **own)
{
    *own = NULL;
    if (q->id != HTTP_QUERY_CUSTOM) {
        *name = q->id <= HTTP_QUERY_MAX ? oi_query_names[q->id] : NULL;
        return *name                     ? ERROR_SUCCESS
               : q->id <= HTTP_QUERY_MAX ? ERROR_HTTP_HEADER_NOT_FOUND
                                         : ERROR_HTTP_INVALID_QUERY_REQUEST;
    }
    if (!q->buf)
        return ERROR_INVALID_PARAMETER;
    if (q->wide) {
        size_t units = oi_wstrnlen(q->buf, *q->len / sizeof(WCHAR));
        if (oi_w2a(q->buf, units, own, NULL) != 0)
            return ERROR_NOT_ENOUGH_MEMORY;
        *name = *own;
    } else {
        /* The name is read before the buffer is written: keep a copy. */
        size_t n = strnlen(q->buf, *q->len);
        *own = oi_malloc(n + 1);
        if (!*own)
            return ERROR_NOT_ENOUGH_MEMORY;
        memcpy(*own, q->buf, n);
        (*own)[n] = '\0';
        *name = *own;
    }
    /* A name with ':' or line breaks could never match a header. */
    return strpbrk(*name, ":\r\n") || !**name ? ERROR_HTTP_HEADER_NOT_FOUND : ERROR_SUCCESS;
}

static BOOL oi_query_header(const oi_query *q, const oi_head *head)
{
    const char *name, *v = NULL;
    char *own_name, *joined = NULL;
    size_t n = 0;
    DWORD err = oi_query_name(q, &name, &own_name);
    if (err == ERROR_SUCCESS)
        err = oi_find_header(head, name, q->index, (q->modifiers & HTTP_QUERY_FLAG_COALESCE) != 0,
                             &v, &n, &joined);
    BOOL ok = err == ERROR_SUCCESS ? oi_query_result(q, v, n) : oi_wininet_fail(err);
    free(own_name);
    free(joined);
    return ok;
}

/* The queries of the first line and the raw head; -1 if not one. */
static int oi_query_special(const oi_query *q, const oi_head *head, int request)
{
    int part = q->id == HTTP_QUERY_VERSION          ? (request ? 2 : 0)
               : q->id == HTTP_QUERY_STATUS_CODE    ? 1
               : q->id == HTTP_QUERY_STATUS_TEXT    ? 2
               : q->id == HTTP_QUERY_REQUEST_METHOD ? 0
                                                    : -1;
    if (q->id == HTTP_QUERY_RAW_HEADERS || q->id == HTTP_QUERY_RAW_HEADERS_CRLF) {
        char *raw;
        size_t n;
        DWORD err = oi_raw_headers(head, q->id == HTTP_QUERY_RAW_HEADERS_CRLF, &raw, &n);
        BOOL ok = err == ERROR_SUCCESS
                      ? oi_wininet_copy_string(raw, n, q->wide, OI_UNITS_BYTES, q->buf, q->len)
                      : oi_wininet_fail(err);
        free(raw);
        return ok;
    }
    if (part < 0)
        return -1;
    if (request && (q->id == HTTP_QUERY_STATUS_CODE || q->id == HTTP_QUERY_STATUS_TEXT))
        return oi_wininet_fail(ERROR_HTTP_INVALID_QUERY_REQUEST);
    if (q->index > 0) /* one status line: no second one */
        return oi_wininet_fail(ERROR_HTTP_HEADER_NOT_FOUND);
    const char *v;
    size_t n;
    oi_first_line_part(head, part, &v, &n);
    return oi_query_result(q, v, n);
}

BOOL oi_wininet_query_info(HINTERNET h, DWORD level, LPVOID buf, LPDWORD len, LPDWORD index,
                           int wide)
{
    oi_wininet_handle *e = oi_wininet_acquire(h, OI_WININET_REQUEST);
    if (!e)
        return FALSE;
    oi_query q = {level & HTTP_QUERY_HEADER_MASK,
                  level & HTTP_QUERY_MODIFIER_FLAGS_MASK,
                  index ? *index : 0,
                  wide,
                  buf,
                  len};
    int request = (q.modifiers & HTTP_QUERY_FLAG_REQUEST_HEADERS) != 0;
    oi_head head = {NULL, 0, NULL};
    BOOL ok;
    DWORD err = !len ? ERROR_INVALID_PARAMETER : ERROR_SUCCESS;
    if (err == ERROR_SUCCESS && q.id == HTTP_QUERY_REQUEST_METHOD && !request)
        request = 1; /* the method is the request's, whichever head is asked */
    if (err == ERROR_SUCCESS)
        err = oi_query_head(e, request, &head);
    if (err != ERROR_SUCCESS) {
        ok = oi_wininet_fail(err);
    } else {
        int special = oi_query_special(&q, &head, request);
        ok = special >= 0 ? special : oi_query_header(&q, &head);
    }
    if (ok && index && q.id != HTTP_QUERY_RAW_HEADERS && q.id != HTTP_QUERY_RAW_HEADERS_CRLF)
        (*index)++;
    free(head.own);
    oi_wininet_release(e);
    return ok;
}

OI_API BOOL WINAPI HttpQueryInfoA(HINTERNET request, DWORD level, LPVOID buf, LPDWORD len,
                                  LPDWORD index)
{
    return oi_wininet_query_info(request, level, buf, len, index, 0);
}
