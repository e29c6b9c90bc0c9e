/* WinInet handles, errors and status callbacks: stale and NULL handles,
 * handle-type checks, closing a parent closes its children (also while
 * another thread is reading), the thread-local last error, and the status
 * callback: previous value, copies at creation, context 0, A and W string
 * payloads, and the info structures of each event. */
#include "wsupport.h"

#include <time.h>

static unsigned nginx, httpbin;

/* ---- last error ---- */

static void *set_and_read_error(void *arg)
{
    (void)arg;
    SetLastError(7);
    return (void *)(uintptr_t)GetLastError();
}

TEST(last_error_is_per_thread)
{
    SetLastError(5);
    pthread_t t;
    void *got = NULL;
    pthread_create(&t, NULL, set_and_read_error, NULL);
    pthread_join(t, &got);
    CHECK_INT((uintptr_t)got, 7);
    CHECK_INT(GetLastError(), 5);
}

/* ---- invalid and stale handles ---- */

TEST(null_and_unknown_handles_are_invalid)
{
    SetLastError(0);
    CHECK(!InternetCloseHandle(NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    CHECK(!InternetCloseHandle((HINTERNET)(uintptr_t)0x7777));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    CHECK(!InternetConnectA(NULL, "127.0.0.1", 80, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    DWORD read = 0;
    CHECK(!InternetReadFile((HINTERNET)(uintptr_t)0x1234, NULL, 0, &read));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
}

TEST(closing_twice_fails_the_second_time)
{
    HINTERNET s = open_session();
    CHECK(s != NULL);
    CHECK(InternetCloseHandle(s));
    SetLastError(0);
    CHECK(!InternetCloseHandle(s));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    /* A new handle does not bring the old value back to life. */
    HINTERNET s2 = open_session();
    CHECK(s2 != s);
    CHECK(!InternetCloseHandle(s));
    CHECK(InternetCloseHandle(s2));
}

TEST(closing_a_parent_closes_its_children)
{
    HINTERNET s = open_session();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/index.html", NULL, NULL, NULL, 0, 0);
    CHECK(r && HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK(InternetCloseHandle(s));
    DWORD type = 0, len = sizeof type, read = 0;
    char buf[16];
    SetLastError(0);
    CHECK(!InternetQueryOptionA(c, INTERNET_OPTION_HANDLE_TYPE, &type, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK(!InternetReadFile(r, buf, sizeof buf, &read));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK(!InternetCloseHandle(r));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
}

TEST(closing_a_connection_keeps_the_session)
{
    HINTERNET s = open_session();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = HttpOpenRequestA(c, NULL, NULL, NULL, NULL, NULL, 0, 0);
    CHECK(InternetCloseHandle(c));
    CHECK(!HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    DWORD type = 0, len = sizeof type;
    CHECK(InternetQueryOptionA(s, INTERNET_OPTION_HANDLE_TYPE, &type, &len));
    CHECK_INT(type, INTERNET_HANDLE_TYPE_INTERNET);
    CHECK(InternetCloseHandle(s));
}

TEST(wrong_handle_types_are_refused)
{
    HINTERNET s = open_session();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/", NULL, NULL, NULL, 0, 0);
    char buf[64];
    DWORD len = sizeof buf, n = 0;
    SetLastError(0);
    CHECK(!HttpOpenRequestA(s, "GET", "/", NULL, NULL, NULL, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!InternetConnectA(c, "127.0.0.1", 80, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!HttpSendRequestA(c, NULL, 0, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!HttpAddRequestHeadersA(s, "X-A: b\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!HttpQueryInfoA(c, HTTP_QUERY_STATUS_CODE, buf, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!InternetReadFile(s, buf, sizeof buf, &n));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!InternetQueryDataAvailable(c, &n, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!InternetOpenUrlA(r, "http://127.0.0.1/", NULL, 0, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!HttpEndRequestA(s, NULL, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!InternetWriteFile(c, "x", 1, &n));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(InternetCloseHandle(s));
}

TEST(each_handle_says_its_type)
{
    HINTERNET s = open_session();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/", NULL, NULL, NULL, 0, 0);
    char url[1024];
    snprintf(url, sizeof url, "file://%s/index.html", env_need("OI_DOCROOT"));
    HINTERNET f = InternetOpenUrlA(s, url, NULL, 0, 0, 0);
    HINTERNET handles[] = {s, c, r, f};
    DWORD types[] = {INTERNET_HANDLE_TYPE_INTERNET, INTERNET_HANDLE_TYPE_CONNECT_HTTP,
                     INTERNET_HANDLE_TYPE_HTTP_REQUEST, INTERNET_HANDLE_TYPE_FILE_REQUEST};
    for (int i = 0; i < 4; i++) {
        DWORD type = 0, len = sizeof type;
        CHECK(InternetQueryOptionA(handles[i], INTERNET_OPTION_HANDLE_TYPE, &type, &len));
        CHECK_INT(type, types[i]);
    }
    CHECK(InternetCloseHandle(s));
}

/* ---- status callbacks ---- */

static void CALLBACK other_callback(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID i, DWORD l)
{
    (void)h, (void)c, (void)s, (void)i, (void)l;
}

TEST(set_status_callback_returns_the_previous_one)
{
    HINTERNET s = open_session();
    CHECK(InternetSetStatusCallbackA(s, record_event) == NULL);
    CHECK(InternetSetStatusCallbackA(s, other_callback) == record_event);
    CHECK(InternetSetStatusCallbackA(s, NULL) == other_callback);
    CHECK(InternetCloseHandle(s));
    SetLastError(0);
    CHECK(InternetSetStatusCallbackA(s, record_event) == INTERNET_INVALID_STATUS_CALLBACK);
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
}

TEST(events_of_a_request_carry_their_structures)
{
    HINTERNET s = open_session();
    InternetSetStatusCallbackA(s, record_event);
    events_clear();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0x11);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/index.html", NULL, NULL, NULL, 0, 0x22);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    char *body = read_all(r, 4096, NULL);
    free(body);
    CHECK(InternetCloseHandle(r));

    const recorded_event *e = event_find(c, INTERNET_STATUS_HANDLE_CREATED);
    CHECK(e && e->context == 0x11 && e->len == sizeof(INTERNET_ASYNC_RESULT));
    if (e)
        CHECK(((INTERNET_ASYNC_RESULT *)e->info)->dwResult == (DWORD_PTR)c);
    e = event_find(r, INTERNET_STATUS_HANDLE_CREATED);
    CHECK(e && e->context == 0x22);
    if (e)
        CHECK(*(HINTERNET *)e->info == r); /* the handle comes first */
    e = event_find(r, INTERNET_STATUS_RESOLVING_NAME);
    CHECK(e && e->len == 10 && strcmp((char *)e->info, "127.0.0.1") == 0);
    e = event_find(r, INTERNET_STATUS_CONNECTED_TO_SERVER);
    CHECK(e && e->len == strlen((char *)e->info) + 1);
    CHECK(event_find(r, INTERNET_STATUS_NAME_RESOLVED) != NULL);
    CHECK(event_find(r, INTERNET_STATUS_CONNECTING_TO_SERVER) != NULL);
    CHECK(event_find(r, INTERNET_STATUS_SENDING_REQUEST) != NULL);
    e = event_find(r, INTERNET_STATUS_REQUEST_SENT);
    CHECK(e && e->len == sizeof(DWORD) && *(DWORD *)e->info > 0);
    CHECK(event_find(r, INTERNET_STATUS_RECEIVING_RESPONSE) != NULL);
    e = event_find(r, INTERNET_STATUS_RESPONSE_RECEIVED);
    CHECK(e && e->len == sizeof(DWORD) && *(DWORD *)e->info > 0);
    e = event_find(r, INTERNET_STATUS_HANDLE_CLOSING);
    CHECK(e && e->len == sizeof(HINTERNET) && *(HINTERNET *)e->info == r);
    /* HANDLE_CLOSING is the request's last event. */
    CHECK(e == &events[nevents - 1]);
    for (int i = 0; i < nevents; i++)
        if (events[i].h == r)
            CHECK(events[i].context == 0x22);
    events_clear();
    CHECK(InternetCloseHandle(s));
    CHECK(event_find(c, INTERNET_STATUS_HANDLE_CLOSING) != NULL);
}

TEST(context_zero_means_no_callbacks)
{
    HINTERNET s = open_session();
    InternetSetStatusCallbackA(s, record_event);
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0);
    events_clear();
    HINTERNET r = HttpOpenRequestA(c, "GET", "/index.html", NULL, NULL, NULL, 0, 0);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK(InternetCloseHandle(s));
    CHECK_INT(nevents, 0);
}

TEST(children_copy_the_callback_when_made)
{
    HINTERNET s = open_session();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 1);
    InternetSetStatusCallbackA(s, record_event); /* too late for c */
    events_clear();
    HINTERNET r = HttpOpenRequestA(c, "GET", "/index.html", NULL, NULL, NULL, 0, 1);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(nevents, 0);
    /* A callback set on the connection reaches requests made after it. */
    InternetSetStatusCallbackA(c, record_event);
    HINTERNET r2 = HttpOpenRequestA(c, "GET", "/index.html", NULL, NULL, NULL, 0, 2);
    CHECK(event_find(r2, INTERNET_STATUS_HANDLE_CREATED) != NULL);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK(event_find(r, INTERNET_STATUS_SENDING_REQUEST) == NULL);
    CHECK(InternetCloseHandle(s));
}

TEST(wide_callbacks_get_utf16_host_names)
{
    HINTERNET s = open_session();
    InternetSetStatusCallbackW(s, record_event);
    events_clear();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 1);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/index.html", NULL, NULL, NULL, 0, 1);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    const recorded_event *e = event_find(r, INTERNET_STATUS_RESOLVING_NAME);
    static const WCHAR host[] = u"127.0.0.1";
    CHECK(e && e->len == sizeof host && memcmp(e->info, host, sizeof host) == 0);
    e = event_find(r, INTERNET_STATUS_NAME_RESOLVED); /* addresses stay CHAR */
    CHECK(e && e->len == strlen((char *)e->info) + 1);
    CHECK(InternetCloseHandle(s));
}

TEST(redirects_report_the_new_url)
{
    HINTERNET s = open_session();
    InternetSetStatusCallbackA(s, record_event);
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)httpbin, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 1);
    events_clear();
    HINTERNET r = HttpOpenRequestA(c, "GET", "/redirect-to?url=/get", NULL, NULL, NULL, 0, 1);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(status_of(r), 200);
    const recorded_event *e = event_find(r, INTERNET_STATUS_REDIRECT);
    char want[128];
    snprintf(want, sizeof want, "http://127.0.0.1:%u/get", httpbin);
    CHECK(e && strcmp((char *)e->info, want) == 0);
    CHECK(InternetCloseHandle(s));
}

/* ---- closing while another thread reads ---- */

typedef struct reader {
    HINTERNET r;
    BOOL ok;
    DWORD error;
    size_t total;
} reader;

static void *read_slowly(void *arg)
{
    reader *rd = arg;
    char buf[64];
    DWORD n = 1;
    rd->ok = TRUE;
    while (rd->ok && n > 0) {
        rd->ok = InternetReadFile(rd->r, buf, 1, &n);
        rd->total += n;
    }
    rd->error = rd->ok ? 0 : GetLastError();
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

TEST(closing_the_session_cancels_a_read_in_progress)
{
    unsigned scripted = env_port("OI_SCRIPTED_PORT");
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, scripted, "GET", "/drip?ms=5000&n=2", 1); /* a byte in 5 s */
    CHECK(r != NULL);
    reader rd = {r, FALSE, 0, 0};
    pthread_t t;
    double start = now_s();
    pthread_create(&t, NULL, read_slowly, &rd);
    Sleep(200);
    CHECK(InternetCloseHandle(s)); /* returns at once; the read ends, cancelled */
    DWORD type, len = sizeof type;
    CHECK(!InternetQueryOptionA(r, INTERNET_OPTION_HANDLE_TYPE, &type, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    pthread_join(t, NULL);
    CHECK(now_s() - start < 3);
    CHECK(!rd.ok);
    CHECK_INT(rd.error, ERROR_INTERNET_OPERATION_CANCELLED);
    CHECK_INT(rd.total, 0);
    DWORD n;
    char buf[4];
    CHECK(!InternetReadFile(r, buf, sizeof buf, &n));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
}

static HINTERNET closing_target;

static void CALLBACK close_from_callback(HINTERNET h, DWORD_PTR c, DWORD status, LPVOID i, DWORD l)
{
    (void)c, (void)i, (void)l;
    if (status == INTERNET_STATUS_RESPONSE_RECEIVED && h == closing_target)
        InternetCloseHandle(h); /* inside HttpSendRequest on this handle */
}

TEST(closing_a_request_from_its_own_callback)
{
    HINTERNET s = open_session();
    InternetSetStatusCallbackA(s, close_from_callback);
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 1);
    closing_target = HttpOpenRequestA(c, "GET", "/index.html", NULL, NULL, NULL, 0, 1);
    HttpSendRequestA(closing_target, NULL, 0, NULL, 0); /* whatever it says */
    DWORD type, len = sizeof type;
    CHECK(!InternetQueryOptionA(closing_target, INTERNET_OPTION_HANDLE_TYPE, &type, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK(InternetCloseHandle(s));
}

/* ---- threads ---- */

static void *fetch_many(void *arg)
{
    int *failures = arg;
    for (int i = 0; i < 20; i++) {
        HINTERNET s = open_session();
        HINTERNET r = http_request(s, nginx, "GET", "/1k.bin", 1);
        size_t n = 0;
        char *body = r ? read_all(r, 512, &n) : NULL;
        *failures += !body || n != 1024 || !InternetCloseHandle(s);
        free(body);
    }
    return NULL;
}

TEST(threads_make_and_close_handles_at_once)
{
    pthread_t t[8];
    int failures[8] = {0};
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, fetch_many, &failures[i]);
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        CHECK_INT(failures[i], 0);
    }
}

typedef struct sender {
    HINTERNET c;
    int sent, refused;
} sender;

/* Requests on a connection until its session is closed under it. */
static void *send_until_closed(void *arg)
{
    sender *sd = arg;
    for (;;) {
        HINTERNET r = HttpOpenRequestA(sd->c, "GET", "/index.html", NULL, NULL, NULL, 0, 0);
        if (!r || !HttpSendRequestA(r, NULL, 0, NULL, 0)) {
            DWORD err = GetLastError();
            sd->refused += err == ERROR_INVALID_HANDLE || err == ERROR_INTERNET_OPERATION_CANCELLED;
            return NULL;
        }
        sd->sent++;
        free(read_all(r, 4096, NULL));
        InternetCloseHandle(r);
    }
}

TEST(closing_a_session_that_other_threads_use)
{
    HINTERNET s = open_session();
    sender sd[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        sd[i].c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0);
        sd[i].sent = sd[i].refused = 0;
        pthread_create(&t[i], NULL, send_until_closed, &sd[i]);
    }
    Sleep(100);
    CHECK(InternetCloseHandle(s));
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(sd[i].sent > 0);
        CHECK_INT(sd[i].refused, 1);
    }
}

int main(void)
{
    nginx = env_port("OI_NGINX_PORT");
    httpbin = env_port("OI_HTTPBIN_PORT");
    RUN(last_error_is_per_thread);
    RUN(null_and_unknown_handles_are_invalid);
    RUN(closing_twice_fails_the_second_time);
    RUN(closing_a_parent_closes_its_children);
    RUN(closing_a_connection_keeps_the_session);
    RUN(wrong_handle_types_are_refused);
    RUN(each_handle_says_its_type);
    RUN(set_status_callback_returns_the_previous_one);
    RUN(events_of_a_request_carry_their_structures);
    RUN(context_zero_means_no_callbacks);
    RUN(children_copy_the_callback_when_made);
    RUN(wide_callbacks_get_utf16_host_names);
    RUN(redirects_report_the_new_url);
    RUN(closing_the_session_cancels_a_read_in_progress);
    RUN(closing_a_request_from_its_own_callback);
    RUN(threads_make_and_close_handles_at_once);
    RUN(closing_a_session_that_other_threads_use);
    return check_summary();
}
