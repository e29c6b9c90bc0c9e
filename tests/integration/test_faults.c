/* Network faults and limits (issue 4): each fault ends in its error code
 * within the configured time, and the same session then completes an
 * ordinary request.  Where each fault of the list is tested:
 *
 *   reset during the head       here: reset_mid_head_is_connection_reset
 *                               (test_hostile: reset_is_connection_reset,
 *                               a reset before any byte of the answer)
 *   reset during the body       here: reset_mid_body_comes_before_the_receive_timeout
 *                               (test_hostile: reset_mid_body_is_connection_reset)
 *   reset during TLS handshake  here: reset_during_tls_handshake_is_tls_error,
 *                               reset_before_server_hello_is_tls_error
 *   accepts, never answers      test_hostile: silent_server_hits_receive_timeout,
 *                               silent_server_hits_total_timeout; over TLS here:
 *                               silent_tls_server_hits_receive_timeout,
 *                               silent_tls_server_hits_total_timeout
 *   a byte a second             here: byte_a_second_hits_the_total_timeout
 *                               (test_hostile: slow_drip_hits_receive_timeout,
 *                               steady_drip_hits_total_timeout)
 *   half-closed connection      here: half_closed_head_is_invalid_response,
 *                               half_closed_body_is_connection_aborted
 *   MAX_HEADER_BYTES            here: header_byte_limit_is_exact (test_hostile:
 *                               oversize_head_is_header_too_large)
 *   MAX_HEADER_COUNT            here: header_count_limit_is_exact (test_hostile:
 *                               header_count_limit_is_honoured)
 *   MAX_CHUNK_LINE              here: chunk_line_limit_is_exact
 *   MAX_TRAILER_BYTES           here: trailer_limit_stops_big_trailers
 *   MAX_DECODED_SIZE            test_decoding: gzip_bomb_stops_at_the_decoded_size_limit
 *   MAX_REDIRECTS               here: redirect_to_itself_stops_at_max_redirects
 *                               (test_redirects: max_redirects_exceeded_leaves_the_3xx_readable)
 *   10,000 headers              test_hostile: too_many_headers_is_header_too_large,
 *                               many_headers_are_accepted_when_limits_raised
 *   2 GiB length, 10 bytes      here: huge_length_with_short_body_is_aborted_at_once
 *   chunk size over 64 bits     test_hostile: chunk_size_over_64_bits_is_invalid_response
 *   negative, duplicate and     test_hostile: negative_length_is_invalid_response,
 *   non-numeric Content-Length  conflicting_lengths_are_invalid_response,
 *                               non_numeric_length_is_invalid_response
 *   NUL bytes in headers        here: nul_in_header_is_invalid_response
 *   redirect to itself          here: redirect_to_itself_stops_at_max_redirects
 *   idle keep-alive connection  here: closed_idle_connection_get_is_retried_at_once,
 *   closed as a request goes    get_survives_idle_close_at_any_moment,
 *                               post_across_idle_close_succeeds_or_fails_cleanly
 *                               (test_hostile: get_is_retried_once_on_closed_connection,
 *                               post_is_not_retried_on_closed_connection)
 *
 * The TLS cases use a listener of this program: the scripted server waits
 * for a request head, which a TLS client never sends in the clear. */
#include "support.h"

#include <poll.h>
#include <pthread.h>

static unsigned port; /* the scripted server */

/* ------------------------------------------------------------------ */
/* Timed requests                                                     */
/* ------------------------------------------------------------------ */

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* A session with the case's own time limits (0: none). */
static oi_handle *session_timed(long long receive_ms, long long total_ms)
{
    oi_handle *s = session_new();
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, receive_ms);
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, total_ms);
    return s;
}

/* GET path and read the body; *status receives the response status (0 if
 * none), *took the elapsed milliseconds of both calls. */
static oi_status timed_get(oi_handle *s, const char *path, body *b, int *status, long long *took)
{
    long long t0 = now_ms();
    oi_status rc = fetch(s, port, path, b, status);
    *took = now_ms() - t0;
    return rc;
}

/* After a fault, the test limits return and an ordinary request works. */
static void check_session_recovers(oi_handle *s)
{
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS);
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, TEST_TOTAL_TIMEOUT_MS);
    check_get_ok(s, port, "/ok", "hello");
}

static int took_within(const char *what, long long took, long long lo, long long hi)
{
    if (took >= lo && took < hi)
        return 1;
    fprintf(stderr, "%s: took %lld ms, expected %lld..%lld\n", what, took, lo, hi);
    return 0;
}

/* `path` on a session with these limits must end in `want` after lo to hi
 * milliseconds; then the same session completes /ok.  *b keeps what
 * arrived, for the caller's checks (NULL: not needed). */
static void check_fault_body(const char *path, long long receive_ms, long long total_ms,
                             oi_status want, long long lo, long long hi, body *out)
{
    oi_handle *s = session_timed(receive_ms, total_ms);
    body b = {0};
    long long took = 0;
    oi_status rc = timed_get(s, path, &b, NULL, &took);
    if (rc != want)
        fprintf(stderr, "%s: %s (%s), expected %s\n", path, oi_status_name(rc), oi_strerror(rc),
                oi_status_name(want));
    CHECK_INT(rc, want);
    CHECK(took_within(path, took, lo, hi));
    check_session_recovers(s);
    oi_handle_close(s);
    if (out)
        *out = b;
    else
        body_free(&b);
}

static void check_fault(const char *path, long long receive_ms, long long total_ms, oi_status want,
                        long long lo, long long hi)
{
    check_fault_body(path, receive_ms, total_ms, want, lo, hi, NULL);
}

/* ------------------------------------------------------------------ */
/* Resets, half-closes, absurd framing                                */
/* ------------------------------------------------------------------ */

/* A 3 s receive timeout that the failure must beat by far: a reset is
 * reported when it arrives, not when the timer runs out. */
#define LONG_WAIT_MS 3000
#define PROMPT_MS    1000

TEST(reset_mid_head_is_connection_reset)
{
    check_fault("/reset-mid-head", LONG_WAIT_MS, 0, OI_E_CONNECTION_RESET, 0, PROMPT_MS);
}

TEST(reset_mid_body_comes_before_the_receive_timeout)
{
    body b = {0};
    check_fault_body("/reset-mid-body", LONG_WAIT_MS, 0, OI_E_CONNECTION_RESET, 0, PROMPT_MS, &b);
    CHECK(b.len <= 100);
    body_free(&b);
}

/* The server sends FIN inside the head and keeps its end open: the FIN
 * alone must end the wait. */
TEST(half_closed_head_is_invalid_response)
{
    check_fault("/half-close?in=head", LONG_WAIT_MS, 0, OI_E_INVALID_RESPONSE, 0, PROMPT_MS);
}

TEST(half_closed_body_is_connection_aborted)
{
    body b = {0};
    check_fault_body("/half-close?in=body", LONG_WAIT_MS, 0, OI_E_CONNECTION_ABORTED, 0, PROMPT_MS,
                     &b);
    CHECK_STR(b.data ? b.data : "", "0123");
    body_free(&b);
}

/* 2 GiB announced, 10 bytes sent, then FIN: the 10 bytes, then an abort
 * at once; nothing waits for, or makes room for, the missing 2 GiB. */
TEST(huge_length_with_short_body_is_aborted_at_once)
{
    oi_handle *s = session_timed(LONG_WAIT_MS, 0), *req = NULL;
    body b = {0};
    long long t0 = now_ms();
    CHECK_INT(http_send(s, port, "GET", "/huge-length", 0, &req), OI_OK);
    CHECK_INT(oi_request_content_length(req), 2147483648LL);
    CHECK_INT(read_body(req, &b), OI_E_CONNECTION_ABORTED);
    CHECK(took_within("/huge-length", now_ms() - t0, 0, PROMPT_MS));
    CHECK_INT(b.len, 10);
    CHECK_STR(b.data ? b.data : "", "0123456789");
    oi_handle_close(req);
    body_free(&b);
    check_session_recovers(s);
    oi_handle_close(s);
}

/* RFC 9110 5.5: NUL is never allowed in a field value. */
TEST(nul_in_header_is_invalid_response)
{
    check_fault("/nul-in-header", LONG_WAIT_MS, 0, OI_E_INVALID_RESPONSE, 0, PROMPT_MS);
}

/* ------------------------------------------------------------------ */
/* Slow servers                                                       */
/* ------------------------------------------------------------------ */

/* One byte a second: every byte beats the 1.5 s receive timeout, so only
 * the 2.5 s total timeout ends the 5-byte body, after about 2 bytes. */
TEST(byte_a_second_hits_the_total_timeout)
{
    body b = {0};
    check_fault_body("/drip?ms=1000&n=5", 1500, 2500, OI_E_TIMEOUT, 2400, 3500, &b);
    CHECK(b.len >= 1 && b.len <= 3);
    body_free(&b);
}

/* ------------------------------------------------------------------ */
/* Limits: each one is exact, and alone stops the response            */
/* ------------------------------------------------------------------ */

/* With `opt` at `tight` the response fails with `want` at once; at `room`
 * the same session reads it as `want_body`: the limit, and nothing else,
 * stopped it, and the failure left nothing behind. */
static void check_limit(oi_handle *s, const char *path, oi_option opt, long long tight,
                        oi_status want, long long room, const char *want_body)
{
    body b = {0};
    int status = 0;
    long long took = 0;
    oi_handle_set_int(s, opt, tight);
    oi_status rc = timed_get(s, path, &b, &status, &took);
    if (rc != want)
        fprintf(stderr, "%s, limit %lld: %s, expected %s\n", path, tight, oi_status_name(rc),
                oi_status_name(want));
    CHECK_INT(rc, want);
    CHECK(took_within(path, took, 0, PROMPT_MS));
    body_free(&b);
    oi_handle_set_int(s, opt, room);
    rc = timed_get(s, path, &b, &status, &took);
    if (rc != OI_OK)
        fprintf(stderr, "%s, limit %lld: %s, expected OI_OK\n", path, room, oi_status_name(rc));
    CHECK_INT(rc, OI_OK);
    CHECK_INT(status, 200);
    CHECK_STR(b.data ? b.data : "", want_body);
    body_free(&b);
    check_get_ok(s, port, "/ok", "hello");
}

/* /ok's head is 38 bytes: "HTTP/1.1 200 OK\r\n", "Content-Length:
 * 5\r\n" and the empty line.  The option is the largest head accepted. */
TEST(header_byte_limit_is_exact)
{
    oi_handle *s = session_new();
    check_limit(s, "/ok", OI_OPT_MAX_HEADER_BYTES, 37, OI_E_HEADER_TOO_LARGE, 38, "hello");
    oi_handle_close(s);
}

/* /many-headers has 10,000 fields, Content-Length included. */
TEST(header_count_limit_is_exact)
{
    oi_handle *s = session_new();
    oi_handle_set_int(s, OI_OPT_MAX_HEADER_BYTES, 1024 * 1024);
    check_limit(s, "/many-headers", OI_OPT_MAX_HEADER_COUNT, 9999, OI_E_HEADER_TOO_LARGE, 10000,
                "ok");
    oi_handle_close(s);
}

/* The chunk-size line "5;ext=aaa..." is 6 + 8192 bytes, line end aside:
 * over the 4096 default, and over 8197 but not 8198. */
TEST(chunk_line_limit_is_exact)
{
    oi_handle *s = session_new();
    body b = {0};
    long long took = 0;
    CHECK_INT(timed_get(s, "/long-chunk-ext?n=8192", &b, NULL, &took), OI_E_HEADER_TOO_LARGE);
    CHECK(took_within("/long-chunk-ext", took, 0, PROMPT_MS));
    body_free(&b);
    check_limit(s, "/long-chunk-ext?n=8192", OI_OPT_MAX_CHUNK_LINE, 8197, OI_E_HEADER_TOO_LARGE,
                8198, "hello");
    oi_handle_close(s);
}

/* 32 trailer lines of 1 KiB: over the 16 KiB default; accepted with room
 * for them, and then queryable. */
TEST(trailer_limit_stops_big_trailers)
{
    oi_handle *s = session_new(), *req = NULL;
    const char *v = NULL;
    size_t n = 0;
    check_limit(s, "/big-trailers?n=32768", OI_OPT_MAX_TRAILER_BYTES, 16384, OI_E_HEADER_TOO_LARGE,
                32768, "hello");
    body b = {0};
    CHECK_INT(http_send(s, port, "GET", "/big-trailers?n=32768", 0, &req), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_INT(oi_request_trailer(req, "X-Big-0031", 0, &v, &n), OI_OK);
    CHECK_INT(n, 1024 - 14);
    body_free(&b);
    oi_handle_close(s);
}

/* The loop is cut after exactly MAX_REDIRECTS hops; the 302 stays the
 * readable answer. */
static void check_redirect_loop(long long max, int set)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    if (set)
        oi_handle_set_int(s, OI_OPT_MAX_REDIRECTS, max);
    long long t0 = now_ms();
    CHECK_INT(http_send(s, port, "GET", "/redirect-self", 0, &req), OI_E_REDIRECT_FAILED);
    CHECK(took_within("/redirect-self", now_ms() - t0, 0, PROMPT_MS));
    CHECK_INT(oi_request_status(req), 302);
    CHECK_INT(rec_count(OI_EVENT_REDIRECT), max);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_INT(b.len, 0);
    body_free(&b);
    oi_handle_close(req);
    oi_handle_set_callback(s, NULL);
    check_get_ok(s, port, "/ok", "hello");
    oi_handle_close(s);
}

TEST(redirect_to_itself_stops_at_max_redirects)
{
    check_redirect_loop(10, 0); /* the default */
    check_redirect_loop(3, 1);
    check_redirect_loop(0, 1);
}

/* ------------------------------------------------------------------ */
/* An idle keep-alive connection closed as the next request goes out  */
/* ------------------------------------------------------------------ */

/* The server reads the second request and closes without an answer: the
 * GET goes again on a new connection at once, not after a timeout. */
TEST(closed_idle_connection_get_is_retried_at_once)
{
    oi_handle *s = session_timed(LONG_WAIT_MS, 0);
    body b = {0};
    int status = 0;
    long long took = 0;
    CHECK_INT(timed_get(s, "/close-on-second", &b, &status, &took), OI_OK);
    body_free(&b);
    CHECK_INT(timed_get(s, "/close-on-second", &b, &status, &took), OI_OK);
    CHECK_INT(status, 200);
    CHECK(b.data && strstr(b.data, "req=1") != NULL);
    CHECK(took_within("/close-on-second again", took, 0, PROMPT_MS));
    body_free(&b);
    check_session_recovers(s);
    oi_handle_close(s);
}

/* The server closes a connection idle for 100 ms; the client comes back
 * after 80 to 120 ms, so that its request races the FIN at every moment.
 * A GET must always succeed, on the old connection or a new one. */
TEST(get_survives_idle_close_at_any_moment)
{
    for (long wait = 80; wait <= 120; wait += 5) {
        oi_handle *s = session_timed(LONG_WAIT_MS, 0);
        body b = {0};
        int status = 0;
        long long took = 0;
        CHECK_INT(timed_get(s, "/idle-close?ms=100", &b, &status, &took), OI_OK);
        body_free(&b);
        sleep_ms(wait);
        oi_status rc = timed_get(s, "/idle-close?ms=100", &b, &status, &took);
        if (rc != OI_OK)
            fprintf(stderr, "GET after %ld ms idle: %s\n", wait, oi_status_name(rc));
        CHECK_INT(rc, OI_OK);
        CHECK_INT(status, 200);
        CHECK(took_within("GET after idle close", took, 0, PROMPT_MS));
        body_free(&b);
        oi_handle_close(s);
    }
}

/* A POST may not be sent twice: when the FIN wins the race it may fail,
 * but cleanly (a connection code, at once), and the session goes on. */
TEST(post_across_idle_close_succeeds_or_fails_cleanly)
{
    for (long wait = 80; wait <= 120; wait += 5) {
        oi_handle *s = session_timed(LONG_WAIT_MS, 0), *req = NULL;
        body b = {0};
        CHECK(fetch(s, port, "/idle-close?ms=100", &b, NULL) == OI_OK);
        body_free(&b);
        sleep_ms(wait);
        long long t0 = now_ms();
        oi_status rc = request_open(s, "127.0.0.1", port, "POST", "/idle-close?ms=100", 0, &req);
        if (rc == OI_OK)
            rc = oi_request_send(req, NULL, 0, "payload", 7);
        if (rc == OI_OK)
            rc = read_body(req, &b);
        long long took = now_ms() - t0;
        if (rc != OI_OK && rc != OI_E_CONNECTION_ABORTED && rc != OI_E_CONNECTION_RESET)
            fprintf(stderr, "POST after %ld ms idle: %s\n", wait, oi_status_name(rc));
        CHECK(rc == OI_OK || rc == OI_E_CONNECTION_ABORTED || rc == OI_E_CONNECTION_RESET);
        CHECK(took_within("POST after idle close", took, 0, PROMPT_MS));
        oi_handle_close(req);
        body_free(&b);
        check_session_recovers(s);
        oi_handle_close(s);
    }
}

/* ------------------------------------------------------------------ */
/* TLS handshake faults, staged by a listener of this program         */
/* ------------------------------------------------------------------ */

typedef enum tls_peer_mode {
    PEER_RESET_AT_ONCE,     /* accept, then RST before reading anything */
    PEER_RESET_AFTER_HELLO, /* read the ClientHello, then RST */
    PEER_SILENT             /* read the ClientHello, then say nothing */
} tls_peer_mode;

/* How long the peer waits for the client, whatever happens: a client that
 * hangs makes the case fail after this, never the program hang. */
#define PEER_WAIT_MS 5000

typedef struct tls_peer {
    int listen_fd;
    unsigned port;
    tls_peer_mode mode;
    size_t hello_bytes; /* what the client sent before the fault */
    pthread_t thread;
} tls_peer;

static int wait_readable(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, ms) > 0;
}

/* A close that sends RST, not FIN. */
static void reset_socket(int fd)
{
    struct linger l = {.l_onoff = 1, .l_linger = 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
}

/* Read until the client closes or PEER_WAIT_MS pass. */
static void drain_until_client_leaves(int fd)
{
    char buf[4096];
    long long end = now_ms() + PEER_WAIT_MS;
    while (now_ms() < end && wait_readable(fd, (int)(end - now_ms())))
        if (recv(fd, buf, sizeof buf, 0) <= 0)
            break;
}

static void *tls_peer_main(void *arg)
{
    tls_peer *p = arg;
    char hello[16384];
    int fd = wait_readable(p->listen_fd, PEER_WAIT_MS) ? accept(p->listen_fd, NULL, NULL) : -1;
    /* One connection only: a second attempt is refused, not left waiting. */
    close(p->listen_fd);
    if (fd < 0)
        return NULL;
    if (p->mode != PEER_RESET_AT_ONCE && wait_readable(fd, PEER_WAIT_MS)) {
        ssize_t n = recv(fd, hello, sizeof hello, 0);
        p->hello_bytes = n > 0 ? (size_t)n : 0;
    }
    if (p->mode == PEER_SILENT) {
        drain_until_client_leaves(fd);
        close(fd);
    } else {
        reset_socket(fd);
    }
    return NULL;
}

static void tls_peer_start(tls_peer *p, tls_peer_mode mode)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    memset(p, 0, sizeof *p);
    p->mode = mode;
    p->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (p->listen_fd < 0 || bind(p->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(p->listen_fd, 1) != 0 ||
        getsockname(p->listen_fd, (struct sockaddr *)&a, &alen) != 0 ||
        pthread_create(&p->thread, NULL, tls_peer_main, p) != 0) {
        perror("tls peer");
        exit(1);
    }
    p->port = ntohs(a.sin_port);
}

/* https GET of /1k.bin from nginx: TLS works on this session. */
static void check_https_works(oi_handle *s)
{
    char url[128];
    body b = {0};
    snprintf(url, sizeof url, "https://127.0.0.1:%u/1k.bin", env_port("OI_NGINX_TLS_PORT"));
    CHECK_INT(fetch_url(s, url, 0, &b), OI_OK);
    CHECK_INT(b.len, 1024);
    body_free(&b);
}

/* What the client saw of a peer's fault. */
typedef struct tls_fault {
    oi_status rc;
    long long took;     /* ms */
    size_t hello_bytes; /* what the peer read before its fault */
} tls_fault;

/* Open https://127.0.0.1:PEER/ against a peer in `mode`, on a session that
 * has made an https request already (so that loading OpenSSL and the CA
 * file is not timed), with these limits; then the same session completes
 * an http and an https request. */
static tls_fault run_tls_fault(tls_peer_mode mode, long long receive_ms, long long total_ms)
{
    tls_peer p;
    tls_fault f;
    oi_handle *s = session_new_trusting_test_ca(), *h = NULL;
    char url[128];
    check_https_works(s);
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, receive_ms);
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, total_ms);
    tls_peer_start(&p, mode);
    snprintf(url, sizeof url, "https://127.0.0.1:%u/", p.port);
    long long t0 = now_ms();
    f.rc = oi_session_open_url(s, url, NULL, 0, 0, &h);
    f.took = now_ms() - t0;
    fprintf(stderr, "TLS peer mode %d: %s after %lld ms (%s)\n", (int)mode, oi_status_name(f.rc),
            f.took, h ? oi_handle_message(h) : oi_handle_message(s));
    oi_handle_close(h);
    pthread_join(p.thread, NULL);
    f.hello_bytes = p.hello_bytes;
    check_session_recovers(s);
    check_https_works(s);
    oi_handle_close(s);
    return f;
}

TEST(reset_during_tls_handshake_is_tls_error)
{
    tls_fault f = run_tls_fault(PEER_RESET_AFTER_HELLO, LONG_WAIT_MS, 0);
    CHECK_INT(f.rc, OI_E_TLS_HANDSHAKE);
    CHECK(took_within("reset after ClientHello", f.took, 0, PROMPT_MS));
    CHECK(f.hello_bytes > 0); /* the reset came inside the handshake */
}

/* The peer resets as it accepts.  A client that learns of its connection
 * only after the reset reports it as a failed connect: both are honest. */
TEST(reset_before_server_hello_is_tls_error)
{
    tls_fault f = run_tls_fault(PEER_RESET_AT_ONCE, LONG_WAIT_MS, 0);
    CHECK(f.rc == OI_E_TLS_HANDSHAKE || f.rc == OI_E_CANNOT_CONNECT);
    CHECK(took_within("reset on accept", f.took, 0, PROMPT_MS));
}

/* A server that accepts the connection and the ClientHello, then nothing:
 * the receive timeout bounds each wait of the handshake as of any read. */
TEST(silent_tls_server_hits_receive_timeout)
{
    tls_fault f = run_tls_fault(PEER_SILENT, 300, 0);
    CHECK_INT(f.rc, OI_E_TIMEOUT);
    CHECK(took_within("silent TLS peer, receive timeout 300 ms", f.took, 250, 2000));
}

TEST(silent_tls_server_hits_total_timeout)
{
    tls_fault f = run_tls_fault(PEER_SILENT, 10000, 400);
    CHECK_INT(f.rc, OI_E_TIMEOUT);
    CHECK(took_within("silent TLS peer, total timeout 400 ms", f.took, 350, 2000));
}

int main(void)
{
    port = env_port("OI_SCRIPTED_PORT");

    RUN(reset_mid_head_is_connection_reset);
    RUN(reset_mid_body_comes_before_the_receive_timeout);
    RUN(half_closed_head_is_invalid_response);
    RUN(half_closed_body_is_connection_aborted);
    RUN(huge_length_with_short_body_is_aborted_at_once);
    RUN(nul_in_header_is_invalid_response);
    RUN(byte_a_second_hits_the_total_timeout);
    RUN(header_byte_limit_is_exact);
    RUN(header_count_limit_is_exact);
    RUN(chunk_line_limit_is_exact);
    RUN(trailer_limit_stops_big_trailers);
    RUN(redirect_to_itself_stops_at_max_redirects);
    RUN(closed_idle_connection_get_is_retried_at_once);
    RUN(get_survives_idle_close_at_any_moment);
    RUN(post_across_idle_close_succeeds_or_fails_cleanly);
    RUN(reset_during_tls_handshake_is_tls_error);
    RUN(reset_before_server_hello_is_tls_error);
    RUN(silent_tls_server_hits_receive_timeout);
    RUN(silent_tls_server_hits_total_timeout);
    return check_summary();
}
