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
