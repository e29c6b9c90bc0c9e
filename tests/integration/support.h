/* Helpers shared by the integration tests: the peers' addresses from the
 * environment, sessions that cannot hang, whole-body reads, comparison with
 * a file, and a recorder for status callback events.  Everything is static
 * inline so that each test program takes only what it uses. */
#ifndef OI_TEST_SUPPORT_H
#define OI_TEST_SUPPORT_H

#include "check.h"
#include <openinet.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Environment                                                        */
/* ------------------------------------------------------------------ */

/* The tests never run without their peers: a missing variable means the
 * program was started outside tests/run.sh, which is a setup error, not a
 * pass. */
static inline const char *env_need(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr,
                "%s is not set: start the test peers first "
                "(tests/run.sh BUILD_DIR, or tests/servers/peers.sh start DIR "
                "and source DIR/env)\n",
                name);
        exit(1);
    }
    return v;
}

static inline unsigned env_port(const char *name)
{
    const char *v = env_need(name);
    char *end;
    unsigned long port = strtoul(v, &end, 10);
    if (*end || port == 0 || port > 65535) {
        fprintf(stderr, "%s=%s is not a port number\n", name, v);
        exit(1);
    }
    return (unsigned)port;
}

/* ------------------------------------------------------------------ */
/* Time                                                               */
/* ------------------------------------------------------------------ */

static inline long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------ */
/* Sessions and requests                                              */
/* ------------------------------------------------------------------ */

/* Default limits of test sessions: every wait on loopback is short, so a
 * library that hangs fails the case instead of the whole program. */
#define TEST_CONNECT_TIMEOUT_MS 2000
#define TEST_IO_TIMEOUT_MS      5000
#define TEST_TOTAL_TIMEOUT_MS   30000

static inline oi_handle *session_new(void)
{
    oi_handle *s = NULL;
    oi_status rc = oi_session_open("openinet-tests", OI_ACCESS_DIRECT, &s);
    if (rc != OI_OK || !s) {
        fprintf(stderr, "oi_session_open: %s\n", oi_status_name(rc));
        exit(1);
    }
    oi_handle_set_int(s, OI_OPT_CONNECT_TIMEOUT, TEST_CONNECT_TIMEOUT_MS);
    oi_handle_set_int(s, OI_OPT_SEND_TIMEOUT, TEST_IO_TIMEOUT_MS);
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS);
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, TEST_TOTAL_TIMEOUT_MS);
    return s;
}

/* Connect to host:port and open a request, without sending it.  Returns the
 * code of the first call that failed; *req is NULL unless it succeeded. */
static inline oi_status request_open(oi_handle *session, const char *host, unsigned port,
                                     const char *verb, const char *path, unsigned flags,
                                     oi_handle **req)
{
    oi_handle *conn = NULL;
    *req = NULL;
    oi_status rc = oi_session_connect(session, host, port, NULL, NULL, 0, &conn);
    if (rc != OI_OK)
        return rc;
    return oi_connection_open_request(conn, verb, path, NULL, NULL, NULL, flags, req);
}

/* request_open() on 127.0.0.1, then oi_request_send() without a body.
 * *req stays set when the send fails, so that the caller can inspect it. */
static inline oi_status http_send(oi_handle *session, unsigned port, const char *verb,
                                  const char *path, unsigned flags, oi_handle **req)
{
    oi_status rc = request_open(session, "127.0.0.1", port, verb, path, flags, req);
    if (rc != OI_OK)
        return rc;
    return oi_request_send(*req, NULL, 0, NULL, 0);
}

static inline void url_for(char *buf, size_t cap, unsigned port, const char *path)
{
    snprintf(buf, cap, "http://127.0.0.1:%u%s", port, path);
}

/* A port on 127.0.0.1 where nothing listens: the socket is bound but not
 * listening, so a connect is refused and no other program can take the
 * port while the test runs.  Returns the socket; close it when done. */
static inline int closed_port(unsigned *port)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
        perror("closed_port");
        exit(1);
    }
    *port = ntohs(a.sin_port);
    return fd;
}

/* ------------------------------------------------------------------ */
/* Bodies                                                             */
/* ------------------------------------------------------------------ */

typedef struct body {
    char *data; /* NUL-terminated for convenience; may hold NULs */
    size_t len, cap;
} body;

static inline void body_free(body *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static inline int body_reserve(body *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return 0;
    b->data = p;
    b->cap = cap;
    return 1;
}

/* Read h to its end with reads of at most `chunk` bytes, appending to b.
 * Returns OI_OK at the end of the body, else the read's error (b keeps the
 * bytes that arrived before it).  A read that reports more than it was
 * allowed to write is an error of the library, reported as OI_E_INTERNAL. */
static inline oi_status read_body_chunked(oi_handle *h, body *b, size_t chunk)
{
    for (;;) {
        if (!body_reserve(b, chunk))
            return OI_E_OUT_OF_MEMORY;
        size_t n = (size_t)-1;
        oi_status rc = oi_file_read(h, b->data + b->len, chunk, &n);
        if (rc != OI_OK) {
            b->data[b->len] = '\0';
            return rc;
        }
        if (n > chunk)
            return OI_E_INTERNAL;
        if (n == 0)
            return OI_OK;
        b->len += n;
        b->data[b->len] = '\0';
    }
}

static inline oi_status read_body(oi_handle *h, body *b)
{
    return read_body_chunked(h, b, 16384);
}

/* Open `url` with oi_session_open_url() and read it whole. */
static inline oi_status fetch_url(oi_handle *session, const char *url, unsigned flags, body *b)
{
    oi_handle *h = NULL;
    oi_status rc = oi_session_open_url(session, url, NULL, 0, flags, &h);
    if (rc == OI_OK)
        rc = read_body(h, b);
    oi_handle_close(h);
    return rc;
}

/* GET http://127.0.0.1:port/path on the session; *status receives the
 * response status (0 if none).  The request is closed before returning. */
static inline oi_status fetch(oi_handle *session, unsigned port, const char *path, body *b,
                              int *status)
{
    oi_handle *req = NULL;
    oi_status rc = http_send(session, port, "GET", path, 0, &req);
    if (status)
        *status = req ? oi_request_status(req) : 0;
    if (rc == OI_OK)
        rc = read_body(req, b);
    oi_handle_close(req);
    return rc;
}

/* GET path must answer 200 (with body `want` unless NULL): after a failure,
 * the same session still completes an ordinary request. */
static inline void check_get_ok(oi_handle *session, unsigned port, const char *path,
                                const char *want)
{
    body b = {0};
    int status = 0;
    CHECK_INT(fetch(session, port, path, &b, &status), OI_OK);
    CHECK_INT(status, 200);
    if (want)
        CHECK_STR(b.data, want);
    body_free(&b);
}

/* Ask the scripted server's /conn-id which connection answered: "conn=N
 * req=M" (N counts connections since the server started, M requests on
 * that connection).  Returns 1 if the answer was well-formed. */
static inline int scripted_conn_id(oi_handle *session, unsigned port, int *conn, int *req)
{
    body b = {0};
    int status = 0, ok;
    oi_status rc = fetch(session, port, "/conn-id", &b, &status);
    ok = rc == OI_OK && status == 200 && b.data && sscanf(b.data, "conn=%d req=%d", conn, req) == 2;
    if (!ok)
        fprintf(stderr, "/conn-id: %s, status %d, body \"%s\"\n", oi_status_name(rc), status,
                b.data ? b.data : "");
    body_free(&b);
    return ok;
}

/* Read h to its end in reads of `chunk` bytes and compare every byte with
 * the file at `path`.  Returns 1 when the body and the file are identical;
 * *rc receives the last read's code.  Streams both sides, so that a 100 MiB
 * body never sits in memory. */
static inline int body_matches_file(oi_handle *h, const char *path, size_t chunk, oi_status *rc)
{
    FILE *f = fopen(path, "rb");
    char *got = malloc(chunk), *want = malloc(chunk);
    int same = f && got && want;
    *rc = OI_OK;
    while (same) {
        size_t n = 0;
        *rc = oi_file_read(h, got, chunk, &n);
        if (*rc != OI_OK || n > chunk) {
            same = 0;
            break;
        }
        if (n == 0) {
            same = fgetc(f) == EOF; /* the file must end too */
            break;
        }
        same = fread(want, 1, n, f) == n && memcmp(got, want, n) == 0;
    }
    if (!same && f && *rc == OI_OK)
        fprintf(stderr, "body differs from %s\n", path);
    if (f)
        fclose(f);
    free(got);
    free(want);
    return same;
}

/* The docroot path of a file served by nginx. */
static inline void docroot_path(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", env_need("OI_DOCROOT"), name);
}

/* Is the response header `name` (first occurrence) exactly `want`? */
static inline int header_is(const oi_handle *req, const char *name, const char *want)
{
    const char *v = NULL;
    size_t n = 0;
    if (oi_request_header(req, name, 0, &v, &n) != OI_OK)
        return 0;
    return n == strlen(want) && memcmp(v, want, n) == 0;
}

/* ------------------------------------------------------------------ */
/* Status callback recorder                                           */
/* ------------------------------------------------------------------ */

#define REC_MAX 1024

typedef struct rec_event {
    oi_handle *h;  /* the handle the callback was called for */
    void *context; /* the context value it received */
    oi_event event;
    char text[64];      /* string info (host name, address) */
    uint64_t count;     /* REQUEST_SENT, RESPONSE_RECEIVED */
    int code;           /* INTERMEDIATE_RESPONSE */
    oi_handle *subject; /* HANDLE_CREATED, HANDLE_CLOSING */
    int tag;            /* which recording callback got it: 1 or 2 */
} rec_event;

typedef struct recorder {
    int n;
    rec_event e[REC_MAX];
} recorder;

/* One recorder per program; the callbacks below write into it.  Not for
 * threads: the tests that use threads install no callback. */
static inline recorder *rec(void)
{
    static recorder r;
    return &r;
}

static inline void rec_reset(void)
{
    rec()->n = 0;
}

static inline void rec_store(int tag, oi_handle *h, void *context, oi_event event, const void *info,
                             size_t info_len)
{
    recorder *r = rec();
    if (r->n >= REC_MAX)
        return;
    rec_event *e = &r->e[r->n++];
    memset(e, 0, sizeof *e);
    e->h = h;
    e->context = context;
    e->event = event;
    e->tag = tag;
    switch (event) {
    case OI_EVENT_RESOLVING_NAME:
    case OI_EVENT_NAME_RESOLVED:
    case OI_EVENT_CONNECTING_TO_SERVER:
    case OI_EVENT_CONNECTED_TO_SERVER:
        if (info)
            snprintf(e->text, sizeof e->text, "%s", (const char *)info);
        break;
    case OI_EVENT_REQUEST_SENT:
    case OI_EVENT_RESPONSE_RECEIVED:
        if (info && info_len >= sizeof(uint64_t))
            memcpy(&e->count, info, sizeof e->count);
        break;
    case OI_EVENT_INTERMEDIATE_RESPONSE:
        if (info && info_len >= sizeof(int))
            memcpy(&e->code, info, sizeof e->code);
        break;
    case OI_EVENT_HANDLE_CREATED:
    case OI_EVENT_HANDLE_CLOSING:
        if (info && info_len >= sizeof(oi_handle *))
            memcpy(&e->subject, info, sizeof e->subject);
        break;
    default:
        break;
    }
}

static inline void rec_callback(oi_handle *h, void *context, oi_event event, const void *info,
                                size_t info_len)
{
    rec_store(1, h, context, event, info, info_len);
}

/* A second callback, to tell which of two installed callbacks ran. */
static inline void rec_callback2(oi_handle *h, void *context, oi_event event, const void *info,
                                 size_t info_len)
{
    rec_store(2, h, context, event, info, info_len);
}

static inline int rec_count(oi_event event)
{
    int c = 0;
    for (int i = 0; i < rec()->n; i++)
        c += rec()->e[i].event == event;
    return c;
}

/* Index of the first `event` at or after `from`, or -1. */
static inline int rec_find(oi_event event, int from)
{
    for (int i = from < 0 ? 0 : from; i < rec()->n; i++)
        if (rec()->e[i].event == event)
            return i;
    return -1;
}

/* Print what was recorded, to explain a failed ordering check. */
static inline void rec_dump(void)
{
    for (int i = 0; i < rec()->n; i++)
        fprintf(stderr, "  event %d: %s %s\n", i, oi_event_name(rec()->e[i].event),
                rec()->e[i].text);
}

/* ------------------------------------------------------------------ */
/* httpbin's JSON, the request head as sent, TLS sessions             */
/* ------------------------------------------------------------------ */

#include <strings.h>

/* The value of the first member called `key` anywhere in json: a pointer
 * just past its colon and white space, or NULL.  httpbin's keys are unique
 * enough for that: top-level fields ("method", "data") and the names inside
 * "headers" or "cookies". */
static inline const char *json_value_of(const char *json, const char *key)
{
    size_t klen = strlen(key);
    for (const char *p = json ? strchr(json, '"') : NULL; p; p = strchr(p + 1, '"')) {
        if (strncmp(p + 1, key, klen) != 0 || p[1 + klen] != '"')
            continue;
        const char *v = p + 2 + klen;
        v += strspn(v, " \t\r\n");
        if (*v++ != ':')
            continue;
        return v + strspn(v, " \t\r\n");
    }
    return NULL;
}

/* The string member `key` of json, unescaped into out (NUL-terminated,
 * ASCII \u escapes only).  Returns 1 if the member is there and a string
 * that fits. */
static inline int json_string_of(const char *json, const char *key, char *out, size_t cap)
{
    const char *v = json_value_of(json, key);
    size_t n = 0;
    if (!v || *v++ != '"' || cap == 0)
        return 0;
    for (; *v && *v != '"'; v++) {
        char c = *v;
        if (c == '\\') {
            unsigned u = 0;
            c = *++v;
            if (c == 'n')
                c = '\n';
            else if (c == 'r')
                c = '\r';
            else if (c == 't')
                c = '\t';
            else if (c == 'u') {
                if (sscanf(v + 1, "%4x", &u) != 1 || u > 0x7f)
                    return 0;
                c = (char)u;
                v += 4;
            } else if (c == '\0')
                return 0;
        }
        if (n + 1 >= cap)
            return 0;
        out[n++] = c;
    }
    out[n] = '\0';
    return *v == '"';
}

/* Is the member `key` of json the literal true? */
static inline int json_is_true(const char *json, const char *key)
{
    const char *v = json_value_of(json, key);
    return v && strncmp(v, "true", 4) == 0;
}

/* The value of the request header `name` as the library sent it (the last
 * exchange's head), into out.  Returns 1 if the head had that header. */
static inline int sent_header(const oi_handle *req, const char *name, char *out, size_t cap)
{
    const char *head = oi_request_sent_headers(req, NULL);
    size_t nlen = strlen(name);
    for (const char *line = head ? strstr(head, "\r\n") : NULL; line && line[2] != '\r';
         line = strstr(line + 2, "\r\n")) {
        const char *l = line + 2;
        if (strncasecmp(l, name, nlen) != 0 || l[nlen] != ':')
            continue;
        l += nlen + 1;
        l += strspn(l, " \t");
        size_t vlen = strcspn(l, "\r\n");
        snprintf(out, cap, "%.*s", (int)vlen, l);
        return 1;
    }
    return 0;
}

/* A test session that trusts the test CA (OI_TEST_CA), for https to the
 * nginx TLS servers. */
static inline oi_handle *session_new_trusting_test_ca(void)
{
    oi_handle *s = session_new();
    oi_handle_set_str(s, OI_OPT_CA_FILE, env_need("OI_TEST_CA"));
    return s;
}

#endif
