/* Shared helpers of the WinInet tests.  The tests are WinInet programs:
 * they include <windows.h> and <wininet.h> and link libopeninet-wininet
 * only; the peers' ports arrive in the environment (tests/servers/README.md). */
#ifndef OI_WSUPPORT_H
#define OI_WSUPPORT_H

#include <windows.h>
#include <wininet.h>

#include "check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ASCII to a new WCHAR string, a unit per byte (so "\xNN" bytes give units
 * up to U+00FF); the caller frees it. */
static inline WCHAR *to_w(const char *s)
{
    size_t n = strlen(s);
    WCHAR *w = calloc(n + 1, sizeof(WCHAR));
    for (size_t i = 0; i < n; i++)
        w[i] = (unsigned char)s[i];
    return w;
}

/* The length of a WCHAR string, in units. */
static inline size_t wlen(const WCHAR *w)
{
    size_t n = 0;
    while (w[n])
        n++;
    return n;
}

/* Does the UTF-16 string w[0..n) hold exactly the ASCII text s? */
static inline int w_equals(const WCHAR *w, size_t n, const char *s)
{
    if (!w || n != strlen(s))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] != (unsigned char)s[i])
            return 0;
    return 1;
}

/* Does httpbin's JSON answer hold "key": "value" (with or without the
 * space, as httpbin versions differ)? */
static inline int json_has(const char *body, const char *key, const char *value)
{
    char a[256], b[256];
    snprintf(a, sizeof a, "\"%s\": \"%s\"", key, value);
    snprintf(b, sizeof b, "\"%s\":\"%s\"", key, value);
    return strstr(body, a) != NULL || strstr(body, b) != NULL;
}

/* A peer's port, or 0 when the program runs without the peers (the tests
 * that need it then say SKIP). */
static inline int peer_port(const char *name)
{
    const char *p = getenv(name);
    return p ? atoi(p) : 0;
}

/* A missing variable means the program was started without the peers:
 * a setup error, not a pass. */
static inline unsigned env_port(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr, "%s is not set: start the test peers first (tests/run.sh BUILD_DIR)\n",
                name);
        exit(1);
    }
    return (unsigned)strtoul(v, NULL, 10);
}

static inline const char *env_need(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr, "%s is not set: start the test peers first\n", name);
        exit(1);
    }
    return v;
}

static inline HINTERNET open_session(void)
{
    return InternetOpenA("wininet-test/1.0", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
}

/* Open `verb path` on 127.0.0.1:port and send it (no body). *conn gets the
 * connect handle (closed with the session).  NULL if any step failed. */
static inline HINTERNET http_request(HINTERNET s, unsigned port, const char *verb, const char *path,
                                     int send)
{
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)port, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = c ? HttpOpenRequestA(c, verb, path, NULL, NULL, NULL, 0, 0) : NULL;
    if (r && send && !HttpSendRequestA(r, NULL, 0, NULL, 0)) {
        fprintf(stderr, "send %s %s: error %u\n", verb, path, (unsigned)GetLastError());
        InternetCloseHandle(r);
        r = NULL;
    }
    return r;
}

/* The whole body, read `chunk` bytes at a time, NUL-terminated; *n its
 * length.  NULL on a read failure. */
static inline char *read_all(HINTERNET h, DWORD chunk, size_t *n)
{
    size_t len = 0, cap = 1024;
    char *body = malloc(cap);
    for (;;) {
        if (len + chunk + 1 > cap) {
            while (len + chunk + 1 > cap)
                cap *= 2;
            body = realloc(body, cap);
        }
        DWORD got = 0;
        if (!InternetReadFile(h, body + len, chunk, &got)) {
            free(body);
            return NULL;
        }
        if (got == 0)
            break;
        len += got;
    }
    body[len] = '\0';
    if (n)
        *n = len;
    return body;
}

static inline DWORD status_of(HINTERNET r)
{
    DWORD code = 0, len = sizeof code;
    if (!HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL))
        return 0;
    return code;
}

/* A file of the docroot, whole; NULL if it cannot be read. */
static inline char *docroot_file(const char *name, size_t *n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", env_need("OI_DOCROOT"), name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)size + 1);
    size_t got = fread(data, 1, (size_t)size, f);
    fclose(f);
    data[got] = '\0';
    *n = got;
    return data;
}

/* ---- recording status callbacks ---- */

typedef struct recorded_event {
    HINTERNET h;
    DWORD_PTR context;
    DWORD status;
    DWORD len;
    unsigned char info[512];
    int has_info;
} recorded_event;

static recorded_event events[512];
static int nevents;
static pthread_mutex_t events_lock = PTHREAD_MUTEX_INITIALIZER;

static inline void CALLBACK record_event(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info,
                                         DWORD len)
{
    pthread_mutex_lock(&events_lock);
    if (nevents < (int)(sizeof events / sizeof events[0])) {
        recorded_event *e = &events[nevents++];
        e->h = h;
        e->context = context;
        e->status = status;
        e->len = len;
        e->has_info = info != NULL;
        if (info)
            memcpy(e->info, info, len < sizeof e->info ? len : sizeof e->info);
    }
    pthread_mutex_unlock(&events_lock);
}

static inline void events_clear(void)
{
    pthread_mutex_lock(&events_lock);
    nevents = 0;
    pthread_mutex_unlock(&events_lock);
}

/* The first event of that status for handle h (NULL: any), or NULL. */
static inline const recorded_event *event_find(HINTERNET h, DWORD status)
{
    for (int i = 0; i < nevents; i++)
        if (events[i].status == status && (!h || events[i].h == h))
            return &events[i];
    return NULL;
}

static inline int event_count(HINTERNET h, DWORD status)
{
    int n = 0;
    for (int i = 0; i < nevents; i++)
        n += events[i].status == status && (!h || events[i].h == h);
    return n;
}

#endif
