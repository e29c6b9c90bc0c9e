/* Every error code that can be produced on loopback, each with its code
 * kept on the handle that failed and a message; plus the tables behind
 * oi_strerror(), oi_status_name() and oi_status_wininet().
 *
 * Not produced here: OI_E_OUT_OF_MEMORY, OI_E_INTERNAL, OI_E_CANCELLED and
 * OI_E_IO need fault injection; OI_E_NAME_NOT_RESOLVED runs only when every name
 * server in /etc/resolv.conf is on loopback, because a lookup, even of a
 * reserved .invalid name, may otherwise be sent off the machine:
 * test_name_not_resolved.sh runs it (`--name-not-resolved`: that case
 * alone) where that holds, in a namespace of its own. */
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>

static unsigned nginx_port, scripted_port;

/* The failed handle keeps the code and a message that says something. */
static void check_on_handle(const oi_handle *h, oi_status want)
{
    CHECK_INT(oi_handle_error(h), want);
    const char *msg = oi_handle_message(h);
    CHECK(msg && *msg);
}

/* ------------------------------------------------------------------ */
/* The tables                                                         */
/* ------------------------------------------------------------------ */

TEST(every_code_has_its_name_message_and_wininet_number)
{
    static const struct {
        oi_status code;
        const char *name;
        unsigned long wininet;
        const char *message;
    } table[] = {
#define OI_ERROR(name, value, wininet, message) {OI_##name, "OI_" #name, wininet, message},
#include "openinet/errors.def"
#undef OI_ERROR
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        CHECK_STR(oi_status_name(table[i].code), table[i].name);
        CHECK_STR(oi_strerror(table[i].code), table[i].message);
        CHECK_INT(oi_status_wininet(table[i].code), table[i].wininet);
        CHECK(table[i].code <= 0);
    }
}

/* The numbers of errors.def against WinInet's own constants, typed here
 * independently, so that a slip in the table shows. */
TEST(wininet_numbers_are_the_windows_ones)
{
    static const struct {
        oi_status code;
        unsigned long number;
    } windows[] = {
        {OI_OK, 0},                           /* ERROR_SUCCESS */
        {OI_E_TIMEOUT, 12002},                /* ERROR_INTERNET_TIMEOUT */
        {OI_E_HTTP_ERROR, 12003},             /* ERROR_INTERNET_EXTENDED_ERROR */
        {OI_E_INTERNAL, 12004},               /* ERROR_INTERNET_INTERNAL_ERROR */
        {OI_E_INVALID_URL, 12005},            /* ERROR_INTERNET_INVALID_URL */
        {OI_E_UNRECOGNIZED_SCHEME, 12006},    /* ERROR_INTERNET_UNRECOGNIZED_SCHEME */
        {OI_E_NAME_NOT_RESOLVED, 12007},      /* ERROR_INTERNET_NAME_NOT_RESOLVED */
        {OI_E_INVALID_OPTION, 12009},         /* ERROR_INTERNET_INVALID_OPTION */
        {OI_E_CANCELLED, 12017},              /* ERROR_INTERNET_OPERATION_CANCELLED */
        {OI_E_INCORRECT_HANDLE_TYPE, 12018},  /* ERROR_INTERNET_INCORRECT_HANDLE_TYPE */
        {OI_E_INCORRECT_HANDLE_STATE, 12019}, /* ERROR_INTERNET_INCORRECT_HANDLE_STATE */
        {OI_E_CANNOT_CONNECT, 12029},         /* ERROR_INTERNET_CANNOT_CONNECT */
        {OI_E_CONNECTION_ABORTED, 12030},     /* ERROR_INTERNET_CONNECTION_ABORTED */
        {OI_E_CONNECTION_RESET, 12031},       /* ERROR_INTERNET_CONNECTION_RESET */
        {OI_E_HEADER_NOT_FOUND, 12150},       /* ERROR_HTTP_HEADER_NOT_FOUND */
        {OI_E_INVALID_RESPONSE, 12152},       /* ERROR_HTTP_INVALID_SERVER_RESPONSE */
        {OI_E_HEADER_TOO_LARGE, 12152},       /* no own number in WinInet */
        {OI_E_INVALID_HEADER, 12153},         /* ERROR_HTTP_INVALID_HEADER */
        {OI_E_HEADER_EXISTS, 12155},          /* ERROR_HTTP_HEADER_ALREADY_EXISTS */
        {OI_E_FILE_NOT_FOUND, 2},             /* ERROR_FILE_NOT_FOUND */
        {OI_E_ACCESS_DENIED, 5},              /* ERROR_ACCESS_DENIED */
        {OI_E_OUT_OF_MEMORY, 8},              /* ERROR_NOT_ENOUGH_MEMORY */
        {OI_E_IO, 30},                        /* ERROR_READ_FAULT */
        {OI_E_INVALID_PARAMETER, 87},         /* ERROR_INVALID_PARAMETER */
    };
    for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++)
        CHECK_INT(oi_status_wininet(windows[i].code), windows[i].number);
}

TEST(unknown_code_has_fallback_texts)
{
    CHECK_STR(oi_strerror((oi_status)-999), "unknown error");
    CHECK_STR(oi_status_name((oi_status)-999), "OI_E_UNKNOWN");
    CHECK_STR(oi_strerror((oi_status)12345), "unknown error");
}

TEST(new_handle_has_no_error)
{
    oi_handle *s = session_new();
    CHECK_INT(oi_handle_error(s), OI_OK);
    CHECK_STR(oi_handle_message(s), "");
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* URLs and names                                                     */
/* ------------------------------------------------------------------ */

static void check_open_url_fails(const char *url, oi_status want)
{
    oi_handle *s = session_new(), *h = NULL;
    oi_status rc = oi_session_open_url(s, url, NULL, 0, 0, &h);
    if (rc != want)
        fprintf(stderr, "%s: %s, expected %s\n", url, oi_status_name(rc), oi_status_name(want));
    CHECK_INT(rc, want);
    check_on_handle(s, want);
    oi_handle_close(s);
}

TEST(malformed_url_is_invalid_url)
{
    static const char *urls[] = {
        "",
        "no scheme here",
        "http://",
        "http:///path",
        "http://127.0.0.1:99999/",
        "http://127.0.0.1:12ab/",
        "http://[::1/",
        "http://exa mple/",
        "http://127.0.0.1/%zz",
    };
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
        check_open_url_fails(urls[i], OI_E_INVALID_URL);
}

TEST(unknown_scheme_is_unrecognized)
{
    check_open_url_fails("gopher://127.0.0.1/", OI_E_UNRECOGNIZED_SCHEME);
    check_open_url_fails("mailto:someone@example.com", OI_E_UNRECOGNIZED_SCHEME);
}

/* 1 when every name server the resolver would ask is on this machine. */
static int resolver_is_local(char *why, size_t cap)
{
    FILE *f = fopen("/etc/resolv.conf", "r");
    char line[256], addr[128];
    int local = 1;
    if (!f)
        return 1; /* no file: glibc asks 127.0.0.1 */
    while (local && fgets(line, sizeof line, f)) {
        if (sscanf(line, " nameserver %127s", addr) != 1)
            continue;
        if (strncmp(addr, "127.", 4) != 0 && strcmp(addr, "::1") != 0) {
            snprintf(why, cap, "/etc/resolv.conf names %s", addr);
            local = 0;
        }
    }
    fclose(f);
    return local;
}

TEST(unresolvable_name_is_name_not_resolved)
{
    char why[200] = "";
    if (!resolver_is_local(why, sizeof why)) {
        printf("SKIP unresolvable_name_is_name_not_resolved: %s; a lookup could leave the "
               "machine\n",
               why);
        return;
    }
    check_open_url_fails("http://no-such-host.invalid/", OI_E_NAME_NOT_RESOLVED);
}

/* ------------------------------------------------------------------ */
/* Connecting                                                         */
/* ------------------------------------------------------------------ */

TEST(closed_port_is_cannot_connect)
{
    unsigned port;
    int fd = closed_port(&port);
    oi_handle *s = session_new(), *req = NULL;
    long long t0 = now_ms();
    CHECK_INT(http_send(s, port, "GET", "/", 0, &req), OI_E_CANNOT_CONNECT);
    CHECK(now_ms() - t0 < 1000); /* refused at once, not timed out */
    check_on_handle(req, OI_E_CANNOT_CONNECT);
    const char *msg = req ? oi_handle_message(req) : NULL;
    CHECK(msg && strstr(msg, "127.0.0.1") != NULL);
    oi_handle_close(s);
    close(fd);
}

TEST(connect_retries_make_extra_passes)
{
    unsigned port;
    int fd = closed_port(&port);
    oi_handle *s = session_new(), *req = NULL;
    oi_handle_set_int(s, OI_OPT_CONNECT_RETRIES, 2);
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(http_send(s, port, "GET", "/", 0, &req), OI_E_CANNOT_CONNECT);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 3);
    oi_handle_close(s);
    close(fd);
}

/* A listener whose accept queue is full and never drained: the kernel
 * drops further SYNs, so a connect hangs until its timeout.  Returns the
 * listener; the queued sockets go to fill[] (at most nfill). */
static int stalled_listener(unsigned *port, int *fill, int nfill)
{
    int fd = closed_port(port);
    if (listen(fd, 0) != 0) {
        perror("listen");
        exit(1);
    }
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((unsigned short)*port);
    for (int i = 0; i < nfill; i++)
        fill[i] = -1;
    for (int i = 0; i < nfill; i++) {
        fill[i] = socket(AF_INET, SOCK_STREAM, 0);
        fcntl(fill[i], F_SETFL, O_NONBLOCK);
        if (connect(fill[i], (struct sockaddr *)&a, sizeof a) == 0)
            continue;
        struct pollfd p = {fill[i], POLLOUT, 0};
        if (errno != EINPROGRESS || poll(&p, 1, 200) == 0)
            break; /* this one hangs: the queue is full */
    }
    return fd;
}

TEST(unanswered_connect_is_timeout)
{
    unsigned port;
    int fill[8];
    int fd = stalled_listener(&port, fill, 8);
    oi_handle *s = session_new(), *req = NULL;
    oi_handle_set_int(s, OI_OPT_CONNECT_TIMEOUT, 300);
    long long t0 = now_ms();
    CHECK_INT(http_send(s, port, "GET", "/", 0, &req), OI_E_TIMEOUT);
    long long took = now_ms() - t0;
    CHECK(took >= 250 && took < 1500);
    check_on_handle(req, OI_E_TIMEOUT);
    oi_handle_close(s);
    for (int i = 0; i < 8; i++)
        if (fill[i] >= 0)
            close(fill[i]);
    close(fd);
}

/* A server that accepts but never reads: the kernel takes the connection
 * into the listen queue and the client's writes stall once the socket
 * buffers are full. */
TEST(unread_upload_is_timeout)
{
    unsigned port;
    int fd = closed_port(&port);
    CHECK_INT(listen(fd, 8), 0);
    oi_handle *s = session_new(), *req = NULL;
    size_t piece = 1 << 20;
    char *data = calloc(1, piece);
    oi_status rc = OI_OK;
    oi_handle_set_int(s, OI_OPT_SEND_TIMEOUT, 300);
    CHECK_INT(request_open(s, "127.0.0.1", port, "PUT", "/", 0, &req), OI_OK);
    CHECK_INT(oi_request_begin(req, NULL, 0, 1LL << 30), OI_OK);
    long long t0 = now_ms();
    for (int i = 0; i < 1024 && rc == OI_OK; i++)
        rc = oi_request_write(req, data, piece);
    long long took = now_ms() - t0;
    CHECK_INT(rc, OI_E_TIMEOUT);
    CHECK(took >= 250 && took < 5000);
    check_on_handle(req, OI_E_TIMEOUT);
    free(data);
    oi_handle_close(s);
    close(fd);
}

/* ------------------------------------------------------------------ */
/* Responses (the scripted server)                                    */
/* ------------------------------------------------------------------ */

/* GET path; the first failure of send and read must be `want`, and be
 * kept on the request handle. */
static void check_response_error(const char *path, long long receive_ms, oi_status want)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, receive_ms);
    oi_status rc = http_send(s, scripted_port, "GET", path, 0, &req);
    if (rc == OI_OK)
        rc = read_body(req, &b);
    if (rc != want)
        fprintf(stderr, "%s: %s, expected %s\n", path, oi_status_name(rc), oi_status_name(want));
    CHECK_INT(rc, want);
    check_on_handle(req, want);
    body_free(&b);
    oi_handle_close(s);
}

TEST(silence_is_timeout)
{
    check_response_error("/silent", 200, OI_E_TIMEOUT);
}

TEST(reset_is_connection_reset)
{
    check_response_error("/reset", TEST_IO_TIMEOUT_MS, OI_E_CONNECTION_RESET);
}

TEST(short_body_is_connection_aborted)
{
    check_response_error("/truncated-length", TEST_IO_TIMEOUT_MS, OI_E_CONNECTION_ABORTED);
}

TEST(garbage_is_invalid_response)
{
    check_response_error("/garbage", TEST_IO_TIMEOUT_MS, OI_E_INVALID_RESPONSE);
}

TEST(huge_head_is_header_too_large)
{
    check_response_error("/oversize-headers", TEST_IO_TIMEOUT_MS, OI_E_HEADER_TOO_LARGE);
}

/* An error on one request does not show on its siblings. */
TEST(error_stays_on_its_handle)
{
    oi_handle *s = session_new(), *bad = NULL, *good = NULL;
    CHECK_INT(http_send(s, scripted_port, "GET", "/garbage", 0, &bad), OI_E_INVALID_RESPONSE);
    CHECK_INT(http_send(s, scripted_port, "GET", "/ok", 0, &good), OI_OK);
    CHECK_INT(oi_handle_error(good), OI_OK);
    CHECK_INT(oi_handle_error(bad), OI_E_INVALID_RESPONSE);
    oi_handle_close(s);
}

TEST(missing_response_header_is_header_not_found)
{
    oi_handle *s = session_new(), *req = NULL;
    const char *v = NULL;
    size_t n = 0;
    CHECK_INT(http_send(s, scripted_port, "GET", "/ok", 0, &req), OI_OK);
    CHECK_INT(oi_request_header(req, "X-Nope", 0, &v, &n), OI_E_HEADER_NOT_FOUND);
    CHECK_INT(oi_request_header(req, "Content-Length", 5, &v, &n), OI_E_HEADER_NOT_FOUND);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Caller mistakes                                                    */
/* ------------------------------------------------------------------ */

static oi_handle *unsent_request(oi_handle *s, unsigned port, const char *path)
{
    oi_handle *req = NULL;
    CHECK_INT(request_open(s, "127.0.0.1", port, "GET", path, 0, &req), OI_OK);
    return req;
}

TEST(bad_caller_header_is_invalid_header)
{
    static const char *bad[] = {
        "X-A: one\rtwo", "X-A: one\ntwo", "Bad Name: x", "X(A): x",
        ": no name",     "NoColon",       " X-A: lead",
    };
    oi_handle *s = session_new();
    oi_handle *req = unsent_request(s, scripted_port, "/ok");
    for (size_t i = 0; req && i < sizeof bad / sizeof bad[0]; i++) {
        oi_status rc = oi_request_add_headers(req, bad[i], (size_t)-1, OI_HEADER_ADD);
        if (rc != OI_E_INVALID_HEADER)
            fprintf(stderr, "\"%s\": %s\n", bad[i], oi_status_name(rc));
        CHECK_INT(rc, OI_E_INVALID_HEADER);
    }
    check_on_handle(req, OI_E_INVALID_HEADER);
    /* Headers given to send are checked the same way, before any traffic. */
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(oi_request_send(req, "X-A: one\rtwo", (size_t)-1, NULL, 0), OI_E_INVALID_HEADER);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 0);
    oi_handle_close(s);
}

TEST(bad_open_url_header_is_invalid_header)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[128];
    url_for(url, sizeof url, scripted_port, "/ok");
    CHECK_INT(oi_session_open_url(s, url, "X-A: one\rtwo", (size_t)-1, 0, &h), OI_E_INVALID_HEADER);
    oi_handle_close(s);
}

TEST(add_if_new_on_existing_name_is_header_exists)
{
    oi_handle *s = session_new();
    oi_handle *req = unsent_request(s, scripted_port, "/ok");
    CHECK_INT(oi_request_add_headers(req, "X-A: 1", (size_t)-1, 0), OI_OK);
    CHECK_INT(oi_request_add_headers(req, "x-a: 2", (size_t)-1, OI_HEADER_ADD_IF_NEW),
              OI_E_HEADER_EXISTS);
    check_on_handle(req, OI_E_HEADER_EXISTS);
    oi_handle_close(s);
}

TEST(wrong_handle_kind_is_incorrect_handle_type)
{
    oi_handle *s = session_new(), *c = NULL, *out = NULL;
    char buf[8];
    size_t n = 0;
    const char *v = NULL;
    CHECK_INT(oi_session_connect(s, "127.0.0.1", scripted_port, NULL, NULL, 0, &c), OI_OK);
    /* Request functions on a session and on a connection. */
    CHECK_INT(oi_request_send(s, NULL, 0, NULL, 0), OI_E_INCORRECT_HANDLE_TYPE);
    CHECK_INT(oi_request_send(c, NULL, 0, NULL, 0), OI_E_INCORRECT_HANDLE_TYPE);
    CHECK_INT(oi_request_add_headers(s, "X-A: 1", (size_t)-1, 0), OI_E_INCORRECT_HANDLE_TYPE);
    CHECK_INT(oi_request_begin(c, NULL, 0, 1), OI_E_INCORRECT_HANDLE_TYPE);
    CHECK_INT(oi_request_header(s, "X-A", 0, &v, &n), OI_E_INCORRECT_HANDLE_TYPE);
    CHECK_INT(oi_file_read(s, buf, sizeof buf, &n), OI_E_INCORRECT_HANDLE_TYPE);
    CHECK_INT(oi_file_read(c, buf, sizeof buf, &n), OI_E_INCORRECT_HANDLE_TYPE);
    /* Session and connection functions on the wrong kind. */
    CHECK_INT(oi_session_connect(c, "127.0.0.1", 1, NULL, NULL, 0, &out),
              OI_E_INCORRECT_HANDLE_TYPE);
    CHECK_INT(oi_connection_open_request(s, NULL, NULL, NULL, NULL, NULL, 0, &out),
              OI_E_INCORRECT_HANDLE_TYPE);
    CHECK_INT(oi_session_open_url(c, "http://127.0.0.1/", NULL, 0, 0, &out),
              OI_E_INCORRECT_HANDLE_TYPE);
    check_on_handle(c, OI_E_INCORRECT_HANDLE_TYPE);
    oi_handle_close(s);
}

TEST(request_used_too_early_is_incorrect_handle_state)
{
    oi_handle *s = session_new();
    oi_handle *req = unsent_request(s, scripted_port, "/ok");
    char buf[8];
    size_t n = 0;
    const char *v = NULL;
    CHECK_INT(oi_file_read(req, buf, sizeof buf, &n), OI_E_INCORRECT_HANDLE_STATE);
    CHECK_INT(oi_request_header(req, "Content-Length", 0, &v, &n), OI_E_INCORRECT_HANDLE_STATE);
    CHECK_INT(oi_request_write(req, "x", 1), OI_E_INCORRECT_HANDLE_STATE);
    CHECK_INT(oi_request_end(req), OI_E_INCORRECT_HANDLE_STATE);
    check_on_handle(req, OI_E_INCORRECT_HANDLE_STATE);
    CHECK_INT(oi_request_status(req), 0);
    CHECK(oi_request_reason(req) == NULL);
    CHECK_INT(oi_request_http_minor(req), -1);
    CHECK(oi_request_raw_headers(req, NULL) == NULL);
    CHECK(oi_request_sent_headers(req, NULL) == NULL);
    oi_handle_close(s);
}

/* While a streamed body is being written the head is gone: no more
 * headers, no second send. */
TEST(request_being_sent_is_incorrect_handle_state)
{
    oi_handle *s = session_new(), *req = NULL;
    CHECK_INT(request_open(s, "127.0.0.1", scripted_port, "POST", "/ok", 0, &req), OI_OK);
    CHECK_INT(oi_request_begin(req, NULL, 0, 4), OI_OK);
    CHECK_INT(oi_request_add_headers(req, "X-A: 1", (size_t)-1, 0), OI_E_INCORRECT_HANDLE_STATE);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_E_INCORRECT_HANDLE_STATE);
    CHECK_INT(oi_request_write(req, "data", 4), OI_OK);
    CHECK_INT(oi_request_end(req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    oi_handle_close(s);
}

TEST(unknown_option_is_invalid_option)
{
    oi_handle *s = session_new();
    long long v = 0;
    CHECK_INT(oi_handle_set_int(s, (oi_option)9999, 1), OI_E_INVALID_OPTION);
    CHECK_INT(oi_handle_set_str(s, (oi_option)9999, "x"), OI_E_INVALID_OPTION);
    CHECK_INT(oi_handle_get_int(s, (oi_option)9999, &v), OI_E_INVALID_OPTION);
    /* A string option is not a number option. */
    CHECK_INT(oi_handle_set_int(s, OI_OPT_USER_AGENT, 1), OI_E_INVALID_OPTION);
    check_on_handle(s, OI_E_INVALID_OPTION);
    oi_handle_close(s);
}

TEST(bad_arguments_are_invalid_parameter)
{
    oi_handle *s = session_new(), *c = NULL, *out = NULL;
    CHECK_INT(oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, -1), OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_session_connect(s, "", 80, NULL, NULL, 0, &out), OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_session_connect(s, "127.0.0.1", scripted_port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_connection_open_request(c, "GE T", "/", NULL, NULL, NULL, 0, &out),
              OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_connection_open_request(c, "GET", "/a b", NULL, NULL, NULL, 0, &out),
              OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_connection_open_request(c, "GET", "/a\r\nX-Evil: 1", NULL, NULL, NULL, 0, &out),
              OI_E_INVALID_PARAMETER);
    CHECK_INT(oi_connection_open_request(c, "GET", "/", "HTTP/2.0", NULL, NULL, 0, &out),
              OI_E_INVALID_PARAMETER);
    check_on_handle(c, OI_E_INVALID_PARAMETER);
    oi_handle *s2 = NULL;
    CHECK_INT(oi_session_open(NULL, (oi_access)7, &s2), OI_E_INVALID_PARAMETER);
    oi_handle_close(s2);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Files and HTTP statuses                                            */
/* ------------------------------------------------------------------ */

TEST(missing_local_file_is_file_not_found)
{
    check_open_url_fails("file:///nonexistent-openinet-test/none.txt", OI_E_FILE_NOT_FOUND);
}

static void check_unreadable_file(void)
{
    char dir[] = "/tmp/openinet-errors.XXXXXX", path[256], url[300];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/secret.txt", dir);
    int fd = open(path, O_CREAT | O_WRONLY, 0000);
    CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    snprintf(url, sizeof url, "file://%s", path);
    check_open_url_fails(url, OI_E_ACCESS_DENIED);
    unlink(path);
    rmdir(dir);
}

/* Root reads any file, so as root the check runs in a child that has
 * become nobody (uid and gid 65534). */
TEST(unreadable_local_file_is_access_denied)
{
    if (geteuid() != 0) {
        check_unreadable_file();
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        int dropped = setgid(65534) == 0 && setuid(65534) == 0;
        if (dropped)
            check_unreadable_file();
        _exit(dropped && !check_failed_now ? 0 : 1);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* 404 has its own code; other 4xx and 5xx share OI_E_HTTP_ERROR.  nginx
 * refuses POST to a static file with 405. */
TEST(fail_on_error_statuses_have_their_codes)
{
    oi_handle *s = session_new(), *req = NULL;
    CHECK_INT(http_send(s, nginx_port, "POST", "/index.html", OI_FLAG_FAIL_ON_ERROR, &req),
              OI_E_HTTP_ERROR);
    CHECK_INT(oi_request_status(req), 405);
    check_on_handle(req, OI_E_HTTP_ERROR);
    CHECK_INT(http_send(s, nginx_port, "GET", "/no-such-file", OI_FLAG_FAIL_ON_ERROR, &req),
              OI_E_FILE_NOT_FOUND);
    check_on_handle(req, OI_E_FILE_NOT_FOUND);
    oi_handle_close(s);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--name-not-resolved") == 0) {
        RUN(unresolvable_name_is_name_not_resolved);
        return check_summary();
    }
    nginx_port = env_port("OI_NGINX_PORT");
    scripted_port = env_port("OI_SCRIPTED_PORT");

    RUN(every_code_has_its_name_message_and_wininet_number);
    RUN(wininet_numbers_are_the_windows_ones);
    RUN(unknown_code_has_fallback_texts);
    RUN(new_handle_has_no_error);
    RUN(malformed_url_is_invalid_url);
    RUN(unknown_scheme_is_unrecognized);
    RUN(unresolvable_name_is_name_not_resolved);
    RUN(closed_port_is_cannot_connect);
    RUN(connect_retries_make_extra_passes);
    RUN(unanswered_connect_is_timeout);
    RUN(unread_upload_is_timeout);
    RUN(silence_is_timeout);
    RUN(reset_is_connection_reset);
    RUN(short_body_is_connection_aborted);
    RUN(garbage_is_invalid_response);
    RUN(huge_head_is_header_too_large);
    RUN(error_stays_on_its_handle);
    RUN(missing_response_header_is_header_not_found);
    RUN(bad_caller_header_is_invalid_header);
    RUN(bad_open_url_header_is_invalid_header);
    RUN(add_if_new_on_existing_name_is_header_exists);
    RUN(wrong_handle_kind_is_incorrect_handle_type);
    RUN(request_used_too_early_is_incorrect_handle_state);
    RUN(request_being_sent_is_incorrect_handle_state);
    RUN(unknown_option_is_invalid_option);
    RUN(bad_arguments_are_invalid_parameter);
    RUN(missing_local_file_is_file_not_found);
    RUN(unreadable_local_file_is_access_denied);
    RUN(fail_on_error_statuses_have_their_codes);
    return check_summary();
}
