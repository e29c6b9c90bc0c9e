/* HTTP requests and reading: HttpOpenRequest to InternetReadFile, on the
 * engine's requests and local files. */
#include "compat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Record an engine failure on e's handle; returns the WinInet number. */
static DWORD oi_wininet_failed(const oi_wininet_handle *e, oi_status st)
{
    return oi_wininet_engine_error(e->h, st);
}

/* Length of a caller's string argument: (DWORD)-1 means NUL-terminated. */
static size_t oi_wininet_length(const char *s, DWORD len)
{
    return !s ? 0 : len == (DWORD)-1 ? strlen(s) : len;
}

/* A copy of s[0..n), NUL-terminated, or NULL (n 0 or out of memory). */
static char *oi_wininet_copy(const char *s, size_t n)
{
    char *c = n ? oi_malloc(n + 1) : NULL;
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

/* ---- HttpOpenRequest ---- */

static pthread_mutex_t oi_twin_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct oi_request_args {
    const char *verb, *object, *version, *referrer;
    const char *const *accept;
    DWORD flags;
} oi_request_args;

/* The engine connection for INTERNET_FLAG_SECURE requests of a connection
 * that is not secure (the usual WinInet way to https): the same server over
 * TLS, port 443 if InternetConnect was given port 0.  Made once; its
 * requests belong to the WinInet connection all the same (handle.c closes
 * it with the connection). */
static oi_status oi_wininet_secure_twin(oi_wininet_handle *c, oi_handle **out)
{
    pthread_mutex_lock(&oi_twin_lock);
    oi_status st = OI_OK;
    if (!c->secure_twin) {
        const oi_connection *conn = (const oi_connection *)c->h;
        unsigned port = c->port ? conn->port : INTERNET_DEFAULT_HTTPS_PORT;
        st = oi_session_connect(c->h->parent, conn->host, port, conn->user, conn->password,
                                conn->flags | OI_FLAG_SECURE, &c->secure_twin);
        if (st == OI_OK) /* so that the trampoline sees it closing */
            oi_handle_set_context(c->secure_twin, c);
    }
    *out = c->secure_twin;
    pthread_mutex_unlock(&oi_twin_lock);
    return st;
}

static oi_status oi_wininet_make_request(oi_wininet_handle *parent, void *p, oi_handle **out)
{
    const oi_request_args *a = p;
    oi_handle *conn = parent->h;
    oi_status st = OI_OK;
    if ((a->flags & INTERNET_FLAG_SECURE) && !(((oi_connection *)conn)->flags & OI_FLAG_SECURE))
        st = oi_wininet_secure_twin(parent, &conn);
    if (st != OI_OK)
        return st;
    return oi_connection_open_request(conn, a->verb, a->object, a->version, a->referrer, a->accept,
                                      a->flags & OI_WININET_ENGINE_FLAGS, out);
}

/* The object name with its spaces escaped, as WinInet sends it. */
static char *oi_wininet_escape_spaces(const char *s)
{
    size_t spaces = 0, n = strlen(s);
    for (const char *p = s; *p; p++)
        spaces += *p == ' ';
    char *out = oi_malloc(n + 2 * spaces + 1), *q = out;
    for (; out && *s; s++) {
        if (*s == ' ')
            q = memcpy(q, "%20", 3), q += 3;
        else
            *q++ = *s;
    }
    if (out)
        *q = '\0';
    return out;
}

/* The accept types without NULL-terminator surprises: empty entries are
 * dropped, as WinInet does.  NULL if none (or out of memory: *failed). */
static const char **oi_wininet_accept(LPCSTR *types, int *failed)
{
    size_t n = 0;
    for (LPCSTR *t = types; t && *t; t++)
        n += **t != '\0';
    if (!n)
        return NULL;
    const char **out = oi_calloc(n + 1, sizeof *out);
    if (!out) {
        *failed = 1;
        return NULL;
    }
    n = 0;
    for (LPCSTR *t = types; *t; t++)
        if (**t)
            out[n++] = *t;
    return out;
}

OI_API HINTERNET WINAPI HttpOpenRequestA(HINTERNET connect, LPCSTR verb, LPCSTR object,
                                         LPCSTR version, LPCSTR referrer, LPCSTR *accept_types,
                                         DWORD flags, DWORD_PTR context)
{
    oi_wininet_handle *c = oi_wininet_acquire(connect, OI_WININET_CONNECT);
    if (!c)
        return NULL;
    int failed = 0;
    char *escaped = oi_wininet_escape_spaces(object && *object ? object : "/");
    const char **accept = oi_wininet_accept(accept_types, &failed);
    int minor = oi_wininet_default_minor();
    oi_request_args a = {
        verb && *verb ? verb : "GET",
        escaped,
        version && *version ? version
        : minor             ? "HTTP/1.1"
                            : "HTTP/1.0",
        referrer && *referrer ? referrer : NULL,
        accept,
        flags | (c->flags & INTERNET_FLAG_SECURE),
    };
    HINTERNET h = NULL;
    if (!escaped || failed) {
        oi_wininet_fail(ERROR_NOT_ENOUGH_MEMORY);
    } else {
        oi_wininet_handle *e =
            oi_wininet_new(c, INTERNET_HANDLE_TYPE_HTTP_REQUEST, a.flags, context);
        h = e ? oi_wininet_create(e, oi_wininet_make_request, &a) : NULL;
    }
    free(escaped);
    free(accept);
    oi_wininet_release(c);
    return h;
}

/* ---- HttpAddRequestHeaders ---- */

OI_API BOOL WINAPI HttpAddRequestHeadersA(HINTERNET request, LPCSTR headers, DWORD len,
                                          DWORD modifiers)
{
    if (!headers)
        return TRUE; /* nothing to add, as WinInet says */
    oi_wininet_handle *e = oi_wininet_acquire(request, OI_WININET_REQUEST);
    if (!e)
        return FALSE;
    size_t n = oi_wininet_length(headers, len);
    unsigned mods = modifiers & HTTP_ADDREQ_FLAGS_MASK;
    /* With no modifier WinInet adds a header only if it is not there. */
    if (!(mods & (HTTP_ADDREQ_FLAG_ADD | HTTP_ADDREQ_FLAG_REPLACE | HTTP_ADDREQ_FLAG_COALESCE |
                  HTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON)))
        mods |= HTTP_ADDREQ_FLAG_ADD_IF_NEW;
    oi_status st = n == 0 ? OI_E_INVALID_HEADER : oi_request_add_headers(e->h, headers, n, mods);
    BOOL ok = st == OI_OK || (oi_wininet_failed(e, st), FALSE);
    oi_wininet_release(e);
    return ok;
}

/* ---- HttpSendRequest ---- */

typedef struct oi_send_args {
    char *headers; /* owned */
    size_t headers_len;
    const void *body; /* the caller's: WinInet reads it while sending */
    DWORD body_len;
} oi_send_args;

static void oi_wininet_send_run(oi_wininet_handle *e, void *p, INTERNET_ASYNC_RESULT *out)
{
    oi_send_args *a = p;
    oi_status st = OI_OK;
    /* Headers given to the send stay on the request, replacing their
     * namesakes (WinInet merges them with ADD | REPLACE). */
    if (a->headers_len)
        st = oi_request_add_headers(e->h, a->headers, a->headers_len,
                                    HTTP_ADDREQ_FLAG_ADD | HTTP_ADDREQ_FLAG_REPLACE);
    if (st == OI_OK)
        st = oi_request_send(e->h, NULL, 0, a->body, a->body_len);
    out->dwResult = st == OI_OK;
    out->dwError = st == OI_OK ? ERROR_SUCCESS : oi_wininet_failed(e, st);
}

static void oi_wininet_send_cleanup(void *p)
{
    free(((oi_send_args *)p)->headers);
}

static const oi_wininet_job oi_wininet_send_job = {oi_wininet_send_run, oi_wininet_send_cleanup};

OI_API BOOL WINAPI HttpSendRequestA(HINTERNET request, LPCSTR headers, DWORD headers_len,
                                    LPVOID body, DWORD body_len)
{
    oi_wininet_handle *e = oi_wininet_acquire(request, OI_WININET_REQUEST);
    if (!e)
        return FALSE;
    BOOL ok = FALSE;
    size_t n = oi_wininet_length(headers, headers_len);
    oi_send_args a = {NULL, n, body, body_len};
    if (headers && headers_len == 0)
        oi_wininet_fail(ERROR_INVALID_PARAMETER); /* the A form's rule; W reads it as -1 */
    else if (!body && body_len)
        oi_wininet_fail(ERROR_INVALID_PARAMETER);
    else if (n && !(a.headers = oi_wininet_copy(headers, n)))
        oi_wininet_fail(ERROR_NOT_ENOUGH_MEMORY);
    else
        ok = (BOOL)oi_wininet_run(e, &oi_wininet_send_job, &a, sizeof a); /* frees a.headers */
    oi_wininet_release(e);
    return ok;
}

/* ---- HttpSendRequestEx, InternetWriteFile, HttpEndRequest ---- */

typedef struct oi_begin_args {
    char *headers; /* owned */
    size_t headers_len;
    const void *first; /* the caller's first chunk */
    DWORD first_len;
    long long total;
} oi_begin_args;

static void oi_wininet_begin_run(oi_wininet_handle *e, void *p, INTERNET_ASYNC_RESULT *out)
{
    oi_begin_args *a = p;
    oi_status st = oi_request_begin(e->h, a->headers, a->headers_len, a->total);
    if (st == OI_OK && a->first_len)
        st = oi_request_write(e->h, a->first, a->first_len);
    e->upload = st == OI_OK;
    out->dwResult = st == OI_OK;
    out->dwError = st == OI_OK ? ERROR_SUCCESS : oi_wininet_failed(e, st);
}

static const oi_wininet_job oi_wininet_begin_job = {oi_wininet_begin_run, oi_wininet_send_cleanup};

OI_API BOOL WINAPI HttpSendRequestExA(HINTERNET request, LPINTERNET_BUFFERSA in,
                                      LPINTERNET_BUFFERSA out, DWORD flags, DWORD_PTR context)
{
    (void)flags; /* HSR_* change nothing here, as in WinInet */
    (void)context;
    oi_wininet_handle *e = oi_wininet_acquire(request, OI_WININET_REQUEST);
    if (!e)
        return FALSE;
    BOOL ok = FALSE;
    oi_begin_args a = {NULL, 0, NULL, 0, 0};
    if (out || (in && (in->dwStructSize != sizeof *in || in->Next ||
                       (!in->lpvBuffer && in->dwBufferLength)))) {
        oi_wininet_fail(ERROR_INVALID_PARAMETER);
    } else {
        if (in) {
            /* A zeroed length with a header string: NUL-terminated. */
            DWORD hl = in->dwHeadersLength ? in->dwHeadersLength : (DWORD)-1;
            a.headers_len = oi_wininet_length(in->lpcszHeader, hl);
            a.headers = oi_wininet_copy(in->lpcszHeader, a.headers_len);
            a.first = in->lpvBuffer;
            a.first_len = in->dwBufferLength;
            a.total =
                in->dwBufferTotal > in->dwBufferLength ? in->dwBufferTotal : in->dwBufferLength;
        }
        if (a.headers_len && !a.headers)
            oi_wininet_fail(ERROR_NOT_ENOUGH_MEMORY);
        else
            ok = (BOOL)oi_wininet_run(e, &oi_wininet_begin_job, &a, sizeof a); /* frees a.headers */
    }
    oi_wininet_release(e);
    return ok;
}

typedef struct oi_write_args {
    const void *data;
    DWORD len;
    LPDWORD written;
} oi_write_args;

static void oi_wininet_write_run(oi_wininet_handle *e, void *p, INTERNET_ASYNC_RESULT *out)
{
    oi_write_args *a = p;
    oi_status st = oi_request_write(e->h, a->data, a->len);
    *a->written = st == OI_OK ? a->len : 0;
    if (st != OI_OK)
        e->upload = 0; /* the engine gave the upload up */
    out->dwResult = st == OI_OK;
    out->dwError = st == OI_OK ? ERROR_SUCCESS : oi_wininet_failed(e, st);
}

static const oi_wininet_job oi_wininet_write_job = {oi_wininet_write_run, NULL};

OI_API BOOL WINAPI InternetWriteFile(HINTERNET file, LPCVOID buf, DWORD len, LPDWORD written)
{
    oi_wininet_handle *e = oi_wininet_acquire(file, OI_WININET_REQUEST | OI_WININET_FILE);
    if (!e)
        return FALSE;
    BOOL ok = FALSE;
    if (!written || (!buf && len))
        oi_wininet_fail(ERROR_INVALID_PARAMETER);
    else if (e->type != INTERNET_HANDLE_TYPE_HTTP_REQUEST)
        oi_wininet_fail(ERROR_INTERNET_INCORRECT_HANDLE_TYPE); /* local files are read-only */
    else if (!e->upload)
        oi_wininet_fail(ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    else {
        oi_write_args a = {buf, len, written};
        ok = (BOOL)oi_wininet_run(e, &oi_wininet_write_job, &a, sizeof a);
    }
    oi_wininet_release(e);
    return ok;
}

static void oi_wininet_end_run(oi_wininet_handle *e, void *p, INTERNET_ASYNC_RESULT *out)
{
    (void)p;
    e->upload = 0;
    oi_status st = oi_request_end(e->h);
    out->dwResult = st == OI_OK;
    out->dwError = st == OI_OK ? ERROR_SUCCESS : oi_wininet_failed(e, st);
}

static const oi_wininet_job oi_wininet_end_job = {oi_wininet_end_run, NULL};

OI_API BOOL WINAPI HttpEndRequestA(HINTERNET request, LPINTERNET_BUFFERSA out, DWORD flags,
                                   DWORD_PTR context)
{
    (void)flags;
    (void)context;
    oi_wininet_handle *e = oi_wininet_acquire(request, OI_WININET_REQUEST);
    if (!e)
        return FALSE;
    BOOL ok = FALSE;
    if (out)
        oi_wininet_fail(ERROR_INVALID_PARAMETER); /* reserved: must be NULL */
    else if (!e->upload)
        oi_wininet_fail(ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    else {
        char none = 0;
        ok = (BOOL)oi_wininet_run(e, &oi_wininet_end_job, &none, sizeof none);
    }
    oi_wininet_release(e);
    return ok;
}

/* ---- reading ---- */

typedef struct oi_read_args {
    void *buf;
    DWORD len;
    LPDWORD nread;
    int no_wait; /* IRF_NO_WAIT: only what is there already */
} oi_read_args;

/* Fill the buffer or reach the end (WinInet's synchronous reads do not
 * return short); with no_wait, what is readable at once. */
static oi_status oi_wininet_read(oi_handle *h, char *buf, size_t len, int no_wait, size_t *got)
{
    *got = 0;
    size_t avail = len;
    oi_status st = no_wait ? oi_file_available(h, &avail) : OI_OK;
    if (st == OI_OK && no_wait && avail < len)
        len = avail;
    while (st == OI_OK && *got < len) {
        size_t n = 0;
        st = oi_file_read(h, buf + *got, len - *got, &n);
        if (n == 0)
            break;
        *got += n;
    }
    return st;
}

static void oi_wininet_read_run(oi_wininet_handle *e, void *p, INTERNET_ASYNC_RESULT *out)
{
    oi_read_args *a = p;
    size_t got = 0;
    oi_status st = oi_wininet_read(e->h, a->buf, a->len, a->no_wait, &got);
    *a->nread = (DWORD)got;
    out->dwResult = st == OI_OK;
    out->dwError = st == OI_OK ? ERROR_SUCCESS : oi_wininet_failed(e, st);
}

static const oi_wininet_job oi_wininet_read_job = {oi_wininet_read_run, NULL};

static BOOL oi_wininet_read_file(HINTERNET file, void *buf, DWORD len, LPDWORD nread, int no_wait)
{
    if (nread)
        *nread = 0; /* whatever happens next */
    oi_wininet_handle *e = oi_wininet_acquire(file, OI_WININET_REQUEST | OI_WININET_FILE);
    if (!e)
        return FALSE;
    BOOL ok = FALSE;
    if (!nread || (!buf && len))
        oi_wininet_fail(ERROR_INVALID_PARAMETER);
    else if (e->upload)
        oi_wininet_fail(ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    else {
        oi_read_args a = {buf, len, nread, no_wait};
        ok = (BOOL)oi_wininet_run(e, &oi_wininet_read_job, &a, sizeof a);
    }
    oi_wininet_release(e);
    return ok;
}

OI_API BOOL WINAPI InternetReadFile(HINTERNET file, LPVOID buf, DWORD len, LPDWORD nread)
{
    return oi_wininet_read_file(file, buf, len, nread, 0);
}

BOOL oi_wininet_read_file_ex(HINTERNET file, LPINTERNET_BUFFERSA b, DWORD flags, DWORD_PTR context)
{
    (void)context;
    if (!b || b->dwStructSize != sizeof *b)
        return oi_wininet_fail(ERROR_INVALID_PARAMETER);
    return oi_wininet_read_file(file, b->lpvBuffer, b->dwBufferLength, &b->dwBufferLength,
                                (flags & IRF_NO_WAIT) != 0);
}

OI_API BOOL WINAPI InternetReadFileExA(HINTERNET file, LPINTERNET_BUFFERSA buffers, DWORD flags,
                                       DWORD_PTR context)
{
    return oi_wininet_read_file_ex(file, buffers, flags, context);
}

typedef struct oi_available_args {
    LPDWORD avail;
} oi_available_args;

static void oi_wininet_available_run(oi_wininet_handle *e, void *p, INTERNET_ASYNC_RESULT *out)
{
    oi_available_args *a = p;
    size_t n = 0;
    oi_status st = oi_file_available(e->h, &n);
    DWORD count = n > 0xFFFFFFFFu ? 0xFFFFFFFFu : (DWORD)n;
    *a->avail = st == OI_OK ? count : 0;
    out->dwResult = st == OI_OK;
    /* REQUEST_COMPLETE carries the count in dwError (as Wine does). */
    out->dwError = st == OI_OK ? count : oi_wininet_failed(e, st);
}

static const oi_wininet_job oi_wininet_available_job = {oi_wininet_available_run, NULL};

OI_API BOOL WINAPI InternetQueryDataAvailable(HINTERNET file, LPDWORD avail, DWORD flags,
                                              DWORD_PTR context)
{
    (void)flags;
    (void)context;
    oi_wininet_handle *e = oi_wininet_acquire(file, OI_WININET_REQUEST | OI_WININET_FILE);
    if (!e)
        return FALSE;
    BOOL ok = FALSE;
    if (!avail)
        oi_wininet_fail(ERROR_INVALID_PARAMETER);
    else if (e->upload)
        oi_wininet_fail(ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    else {
        oi_available_args a = {avail};
        ok = (BOOL)oi_wininet_run(e, &oi_wininet_available_job, &a, sizeof a);
    }
    oi_wininet_release(e);
    return ok;
}

/* ---- InternetSetFilePointer: local files ---- */

static DWORD oi_wininet_seek(oi_wininet_handle *e, long long distance, DWORD method, PLONG high)
{
    int whence = method == FILE_BEGIN     ? SEEK_SET
                 : method == FILE_CURRENT ? SEEK_CUR
                 : method == FILE_END     ? SEEK_END
                                          : -1;
    off_t pos = whence < 0 ? -1 : lseek(((oi_file *)e->h)->fd, (off_t)distance, whence);
    if (pos < 0) {
        oi_wininet_fail(whence >= 0 && errno == EINVAL ? ERROR_NEGATIVE_SEEK
                                                       : ERROR_INVALID_PARAMETER);
        return INVALID_SET_FILE_POINTER;
    }
    if (high)
        *high = (LONG)((unsigned long long)pos >> 32);
    return (DWORD)pos;
}

OI_API DWORD WINAPI InternetSetFilePointer(HINTERNET file, LONG distance, PLONG distance_high,
                                           DWORD method, DWORD_PTR context)
{
    (void)context;
    oi_wininet_handle *e = oi_wininet_acquire(file, OI_WININET_ANY);
    if (!e)
        return INVALID_SET_FILE_POINTER;
    DWORD pos = INVALID_SET_FILE_POINTER;
    if (e->type == INTERNET_HANDLE_TYPE_FILE_REQUEST) {
        long long d = distance_high
                          ? (long long)(((unsigned long long)(uint32_t)*distance_high << 32) |
                                        (uint32_t)distance)
                          : (long long)distance;
        pos = oi_wininet_seek(e, d, method, distance_high);
    } else if (e->type == INTERNET_HANDLE_TYPE_HTTP_REQUEST) {
        /* WinInet seeks in its cache file; openinet has no cache yet. */
        oi_wininet_fail(ERROR_INTERNET_INVALID_OPERATION);
    } else {
        oi_wininet_fail(ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    }
    oi_wininet_release(e);
    return pos;
}

/* ---- InternetGetLastResponseInfo ---- */

BOOL oi_wininet_last_response_info(LPDWORD error, LPVOID buf, LPDWORD len, int wide)
{
    if (!error || !len)
        return oi_wininet_fail(ERROR_INVALID_PARAMETER);
    const char *text = oi_wininet_response_info(error);
    return oi_wininet_copy_string(text, strlen(text), wide, OI_UNITS_CHARS, buf, len);
}

OI_API BOOL WINAPI InternetGetLastResponseInfoA(LPDWORD error, LPSTR buf, LPDWORD len)
{
    return oi_wininet_last_response_info(error, buf, len, 0);
}
