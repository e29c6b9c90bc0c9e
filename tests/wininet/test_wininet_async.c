/* INTERNET_FLAG_ASYNC: calls that would block return ERROR_IO_PENDING and
 * finish on a library thread with INTERNET_STATUS_REQUEST_COMPLETE and its
 * INTERNET_ASYNC_RESULT; closing a handle with work pending completes that
 * work with ERROR_INTERNET_OPERATION_CANCELLED.  Runs against nginx,
 * httpbin and the scripted server (tests/run.sh sets their ports). */
#include "check.h"

#include <windows.h>
#include <wininet.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the callback saw, for one context. */
typedef struct waiter {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int completions; /* REQUEST_COMPLETE events so far */
    int taken;       /* completions the test has waited for */
    INTERNET_ASYNC_RESULT last;
    DWORD last_len;
    pthread_t thread; /* where the last REQUEST_COMPLETE came from */
    HINTERNET last_handle;
    int closing_after_complete; /* HANDLE_CLOSING seen after a completion */
    int closings;
} waiter;

static void waiter_init(waiter *w)
{
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
}

static void waiter_free(waiter *w)
{
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
}

static void CALLBACK on_status(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info, DWORD len)
{
    waiter *w = (waiter *)context;
    pthread_mutex_lock(&w->lock);
    if (status == INTERNET_STATUS_REQUEST_COMPLETE) {
        w->last = *(INTERNET_ASYNC_RESULT *)info;
        w->last_len = len;
        w->thread = pthread_self();
        w->last_handle = h;
        w->completions++;
    } else if (status == INTERNET_STATUS_HANDLE_CLOSING) {
        w->closings++;
        w->closing_after_complete |= w->completions > 0;
    }
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

/* Wait (at most 20 s) for the next completion; returns its result. */
static INTERNET_ASYNC_RESULT wait_complete(waiter *w)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 20;
    pthread_mutex_lock(&w->lock);
    while (w->completions <= w->taken && pthread_cond_timedwait(&w->cond, &w->lock, &until) == 0)
        ;
    INTERNET_ASYNC_RESULT r = w->last;
    if (w->completions > w->taken)
        w->taken++;
    else
        r = (INTERNET_ASYNC_RESULT){0, 0xDEADu}; /* timed out */
    pthread_mutex_unlock(&w->lock);
    return r;
}

/* Wait (at most 10 s) until n HANDLE_CLOSING events came: the last event
 * of a handle, after which its context may go. */
static int wait_closings(waiter *w, int n)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&w->lock);
    while (w->closings < n && pthread_cond_timedwait(&w->cond, &w->lock, &until) == 0)
        ;
    int got = w->closings;
    pthread_mutex_unlock(&w->lock);
    return got >= n;
}

/* Close the session and wait for the HANDLE_CLOSING of the n handles that
 * carry w as their context: in async mode the close may finish on a
 * library thread after InternetCloseHandle returns. */
static void close_and_wait(HINTERNET s, waiter *w, int n)
{
    CHECK(InternetCloseHandle(s));
    CHECK(wait_closings(w, n));
}

static int port_of(const char *name)
{
    const char *p = getenv(name);
    return p ? atoi(p) : 0;
}

static char url_buf[256];

static const char *url(const char *port_var, const char *path)
{
    snprintf(url_buf, sizeof url_buf, "http://127.0.0.1:%d%s", port_of(port_var), path);
    return url_buf;
}

static HINTERNET async_session(void)
{
    HINTERNET s =
        InternetOpenA("async-test", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    CHECK(s != NULL);
    CHECK(InternetSetStatusCallbackA(s, on_status) != INTERNET_INVALID_STATUS_CALLBACK);
    return s;
}

/* Open a URL asynchronously; the handle, or NULL. */
static HINTERNET open_async(HINTERNET s, const char *u, waiter *w)
{
    SetLastError(0);
    HINTERNET h = InternetOpenUrlA(s, u, NULL, 0, INTERNET_FLAG_RELOAD, (DWORD_PTR)w);
    if (h)
        return h;
    CHECK_INT(GetLastError(), ERROR_IO_PENDING);
    INTERNET_ASYNC_RESULT r = wait_complete(w);
    CHECK(r.dwResult != 0);
    return (HINTERNET)r.dwResult;
}

/* Read everything asynchronously into a new buffer. */
static char *read_all_async(HINTERNET h, waiter *w, size_t *total, size_t chunk)
{
    char *body = malloc(chunk);
    *total = 0;
    for (;;) {
        DWORD got = 0;
        if (!InternetReadFile(h, body + *total, (DWORD)chunk, &got)) {
            CHECK_INT(GetLastError(), ERROR_IO_PENDING);
            INTERNET_ASYNC_RESULT r = wait_complete(w);
            CHECK_INT(r.dwResult, TRUE);
            if (!r.dwResult)
                break;
        }
        if (got == 0)
            break;
        *total += got;
        body = realloc(body, *total + chunk);
    }
    return body;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    rewind(f);
    char *p = malloc(*n + 1);
    *n = fread(p, 1, *n, f);
    fclose(f);
    return p;
}

TEST(open_url_completes_on_another_thread_with_the_handle)
{
    waiter w;
    waiter_init(&w);
    HINTERNET s = async_session();
    SetLastError(0);
    HINTERNET h = InternetOpenUrlA(s, url("OI_NGINX_PORT", "/1k.bin"), NULL, 0, 0, (DWORD_PTR)&w);
    CHECK(h == NULL);
    CHECK_INT(GetLastError(), ERROR_IO_PENDING);
    INTERNET_ASYNC_RESULT r = wait_complete(&w);
    CHECK(r.dwResult != 0);
    CHECK_INT(r.dwError, ERROR_SUCCESS);
    CHECK_INT(w.last_len, sizeof(INTERNET_ASYNC_RESULT));
    CHECK(!pthread_equal(w.thread, pthread_self()));
    DWORD type = 0, len = sizeof type;
    CHECK(InternetQueryOptionA((HINTERNET)r.dwResult, INTERNET_OPTION_HANDLE_TYPE, &type, &len));
    CHECK_INT(type, INTERNET_HANDLE_TYPE_HTTP_REQUEST);
    close_and_wait(s, &w, 1);
    waiter_free(&w);
}

TEST(reads_fill_the_buffer_at_completion)
{
    waiter w;
    waiter_init(&w);
    HINTERNET s = async_session();
    HINTERNET h = open_async(s, url("OI_NGINX_PORT", "/1m.bin"), &w);
    size_t total = 0, want_n = 0;
    char *body = h ? read_all_async(h, &w, &total, 10000) : NULL;
    char path[512];
    snprintf(path, sizeof path, "%s/1m.bin", getenv("OI_DOCROOT"));
    char *want = slurp(path, &want_n);
    CHECK_INT(total, want_n);
    CHECK(body && want && memcmp(body, want, want_n) == 0);
    free(body);
    free(want);
    close_and_wait(s, &w, 1);
    waiter_free(&w);
}

TEST(send_request_and_query_data_available)
{
    waiter w;
    waiter_init(&w);
    HINTERNET s = async_session();
    /* InternetConnect and HttpOpenRequest are always synchronous */
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)port_of("OI_NGINX_PORT"), NULL,
                                   NULL, INTERNET_SERVICE_HTTP, 0, (DWORD_PTR)&w);
    CHECK(c != NULL);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/1k.bin", NULL, NULL, NULL, 0, (DWORD_PTR)&w);
    CHECK(r != NULL);
    SetLastError(0);
    CHECK(!HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_IO_PENDING);
    INTERNET_ASYNC_RESULT res = wait_complete(&w);
    CHECK_INT(res.dwResult, TRUE);
    CHECK(w.last_handle == r);
    DWORD status = 0, len = sizeof status;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &status, &len, NULL));
    CHECK_INT(status, 200);

    /* the count comes in dwError, as WinInet does */
    DWORD avail = 0xFFFFFFFFu;
    if (!InternetQueryDataAvailable(r, &avail, 0, 0)) {
        CHECK_INT(GetLastError(), ERROR_IO_PENDING);
        res = wait_complete(&w);
        CHECK_INT(res.dwResult, TRUE);
        CHECK(res.dwError > 0 && res.dwError <= 1024);
        CHECK_INT(avail, res.dwError);
    } else {
        CHECK(avail > 0);
    }
    close_and_wait(s, &w, 2);
    waiter_free(&w);
}

TEST(streamed_upload)
{
    waiter w;
    waiter_init(&w);
    HINTERNET s = async_session();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)port_of("OI_HTTPBIN_PORT"), NULL,
                                   NULL, INTERNET_SERVICE_HTTP, 0, (DWORD_PTR)&w);
    HINTERNET r = HttpOpenRequestA(c, "POST", "/post", NULL, NULL, NULL, 0, (DWORD_PTR)&w);
    INTERNET_BUFFERSA in = {0};
    in.dwStructSize = sizeof in;
    in.dwBufferTotal = 10;
    if (!HttpSendRequestExA(r, &in, NULL, 0, (DWORD_PTR)&w)) {
        CHECK_INT(GetLastError(), ERROR_IO_PENDING);
        CHECK_INT(wait_complete(&w).dwResult, TRUE);
    }
    DWORD written = 0;
    if (!InternetWriteFile(r, "0123456789", 10, &written)) {
        CHECK_INT(GetLastError(), ERROR_IO_PENDING);
        CHECK_INT(wait_complete(&w).dwResult, TRUE);
    }
    CHECK_INT(written, 10);
    if (!HttpEndRequestA(r, NULL, 0, (DWORD_PTR)&w)) {
        CHECK_INT(GetLastError(), ERROR_IO_PENDING);
        CHECK_INT(wait_complete(&w).dwResult, TRUE);
    }
    size_t total;
    char *body = read_all_async(r, &w, &total, 4096);
    body[total] = '\0';
    CHECK(strstr(body, "\"data\": \"0123456789\"") || strstr(body, "\"data\":\"0123456789\""));
    free(body);
    close_and_wait(s, &w, 2);
    waiter_free(&w);
}

TEST(failure_comes_in_the_result)
{
    waiter w;
    waiter_init(&w);
    HINTERNET s = async_session();
    SetLastError(0);
    /* port 1: nobody listens */
    HINTERNET h = InternetOpenUrlA(s, "http://127.0.0.1:1/", NULL, 0, 0, (DWORD_PTR)&w);
    CHECK(h == NULL);
    CHECK_INT(GetLastError(), ERROR_IO_PENDING);
    INTERNET_ASYNC_RESULT r = wait_complete(&w);
    CHECK_INT(r.dwResult, 0);
    CHECK_INT(r.dwError, ERROR_INTERNET_CANNOT_CONNECT);
    CHECK(InternetCloseHandle(s));
    wait_closings(&w, 1); /* the request the failed open made, if any */
    waiter_free(&w);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* A request waiting on a server that never answers, with a second call
 * queued behind it: closing the request cancels both, promptly, and
 * HANDLE_CLOSING comes after their REQUEST_COMPLETE. */
TEST(close_cancels_running_and_queued_work)
{
    if (!port_of("OI_SCRIPTED_PORT")) {
        printf("skip close_cancels_running_and_queued_work: OI_SCRIPTED_PORT not set\n");
        return;
    }
    waiter w;
    waiter_init(&w);
    HINTERNET s = async_session();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)port_of("OI_SCRIPTED_PORT"), NULL,
                                   NULL, INTERNET_SERVICE_HTTP, 0, (DWORD_PTR)&w);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/silent", NULL, NULL, NULL, 0, (DWORD_PTR)&w);
    CHECK(!HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_IO_PENDING);
    DWORD avail = 0;
    CHECK(!InternetQueryDataAvailable(r, &avail, 0, 0));
    CHECK_INT(GetLastError(), ERROR_IO_PENDING);
    struct timespec pause = {0, 200 * 1000000L};
    nanosleep(&pause, NULL); /* the send is waiting for an answer */
    double t0 = now_s();
    CHECK(InternetCloseHandle(r));
    INTERNET_ASYNC_RESULT a = wait_complete(&w), b = wait_complete(&w);
    CHECK(now_s() - t0 < 2.0);
    CHECK_INT(a.dwResult, 0);
    CHECK_INT(a.dwError, ERROR_INTERNET_OPERATION_CANCELLED);
    CHECK_INT(b.dwResult, 0);
    CHECK_INT(b.dwError, ERROR_INTERNET_OPERATION_CANCELLED);
    /* the request's HANDLE_CLOSING, after both */
    CHECK(wait_closings(&w, 1));
    CHECK(w.closing_after_complete);
    /* closed: the handle is gone */
    SetLastError(0);
    CHECK(!InternetCloseHandle(r));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    /* In async mode closing may finish on a library thread: the context
     * stays valid until the connection's HANDLE_CLOSING too. */
    close_and_wait(s, &w, 2);
    waiter_free(&w);
}

/* Closing the session cancels what runs below it. */
TEST(closing_the_session_cancels_an_open_url)
{
    if (!port_of("OI_SCRIPTED_PORT"))
        return;
    waiter w;
    waiter_init(&w);
    HINTERNET s = async_session();
    SetLastError(0);
    CHECK(!InternetOpenUrlA(s, url("OI_SCRIPTED_PORT", "/drip?ms=300&n=50"), NULL, 0, 0,
                            (DWORD_PTR)&w));
    CHECK_INT(GetLastError(), ERROR_IO_PENDING);
    INTERNET_ASYNC_RESULT r = wait_complete(&w); /* the head comes at once */
    CHECK(r.dwResult != 0);
    HINTERNET h = (HINTERNET)r.dwResult;
    char buf[64];
    DWORD got = 0;
    CHECK(!InternetReadFile(h, buf, sizeof buf, &got)); /* 64 bytes take 19 s */
    CHECK_INT(GetLastError(), ERROR_IO_PENDING);
    struct timespec pause = {0, 100 * 1000000L};
    nanosleep(&pause, NULL);
    double t0 = now_s();
    CHECK(InternetCloseHandle(s));
    r = wait_complete(&w);
    CHECK(now_s() - t0 < 2.0);
    CHECK_INT(r.dwResult, 0);
    CHECK_INT(r.dwError, ERROR_INTERNET_OPERATION_CANCELLED);
    CHECK(wait_closings(&w, 1)); /* the request's, before w goes */
    waiter_free(&w);
}

/* Many downloads at once: each completes, with its own context. */
typedef struct job {
    waiter w;
    HINTERNET h;
    size_t total;
} job;

TEST(parallel_downloads)
{
    enum { N = 8 };
    job jobs[N];
    HINTERNET s = async_session();
    for (int i = 0; i < N; i++) {
        waiter_init(&jobs[i].w);
        jobs[i].total = 0;
        SetLastError(0);
        jobs[i].h =
            InternetOpenUrlA(s, url("OI_NGINX_PORT", "/1m.bin"), NULL, 0, 0, (DWORD_PTR)&jobs[i].w);
        CHECK(jobs[i].h == NULL && GetLastError() == ERROR_IO_PENDING);
    }
    for (int i = 0; i < N; i++) {
        INTERNET_ASYNC_RESULT r = wait_complete(&jobs[i].w);
        CHECK(r.dwResult != 0);
        jobs[i].h = (HINTERNET)r.dwResult;
        char *body =
            r.dwResult ? read_all_async(jobs[i].h, &jobs[i].w, &jobs[i].total, 65536) : NULL;
        CHECK_INT(jobs[i].total, 1048576);
        free(body);
    }
    CHECK(InternetCloseHandle(s));
    for (int i = 0; i < N; i++) {
        CHECK(wait_closings(&jobs[i].w, 1));
        waiter_free(&jobs[i].w);
    }
}

/* A session without INTERNET_FLAG_ASYNC stays synchronous. */
TEST(sync_session_is_unaffected)
{
    HINTERNET s = InternetOpenA("sync", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    waiter w;
    waiter_init(&w);
    InternetSetStatusCallbackA(s, on_status);
    HINTERNET h = InternetOpenUrlA(s, url("OI_NGINX_PORT", "/1k.bin"), NULL, 0, 0, (DWORD_PTR)&w);
    CHECK(h != NULL);
    char buf[2048];
    DWORD got = 0;
    CHECK(InternetReadFile(h, buf, sizeof buf, &got));
    CHECK_INT(got, 1024);
    CHECK_INT(w.completions, 0);
    InternetCloseHandle(s);
    waiter_free(&w);
}

int main(void)
{
    if (!port_of("OI_NGINX_PORT") || !port_of("OI_HTTPBIN_PORT") || !getenv("OI_DOCROOT")) {
        printf("skip: run through tests/run.sh (OI_NGINX_PORT, OI_HTTPBIN_PORT, OI_DOCROOT)\n");
        return 0;
    }
    RUN(open_url_completes_on_another_thread_with_the_handle);
    RUN(reads_fill_the_buffer_at_completion);
    RUN(send_request_and_query_data_available);
    RUN(streamed_upload);
    RUN(failure_comes_in_the_result);
    RUN(parallel_downloads);
    RUN(sync_session_is_unaffected);
    RUN(close_cancels_running_and_queued_work);
    RUN(closing_the_session_cancels_an_open_url);
    return check_summary();
}
