/* Downloads and uploads against nginx, a strict and fast static server:
 * bodies must be byte-identical to the files in OI_DOCROOT whatever the
 * read size, connections must be reused, HEAD and 404 must behave, uploads
 * must be accepted, and IPv6 loopback must work like IPv4. */
#include "support.h"

static unsigned port;

/* peers.sh sets OI_NGINX_IPV6=0 on hosts without IPv6 loopback; nginx
 * then listens on 127.0.0.1 only and the IPv6 cases have nothing to test. */
static int ipv6_skipped(const char *test)
{
    const char *v = getenv("OI_NGINX_IPV6");
    if (v && strcmp(v, "0") == 0) {
        printf("SKIP %s: no IPv6 loopback (OI_NGINX_IPV6=0)\n", test);
        return 1;
    }
    return 0;
}

/* GET `path` and compare the body with the docroot file `name`, reading
 * `chunk` bytes at a time. */
static void check_identical(oi_handle *s, const char *path, const char *name, size_t chunk)
{
    char file[1024];
    oi_handle *req = NULL;
    oi_status rc = OI_E_INTERNAL;
    docroot_path(file, sizeof file, name);
    CHECK_INT(http_send(s, port, "GET", path, 0, &req), OI_OK);
    if (req)
        CHECK_INT(oi_request_status(req), 200);
    CHECK(req && body_matches_file(req, file, chunk, &rc));
    if (req)
        CHECK_INT(rc, OI_OK);
    oi_handle_close(req);
}

TEST(empty_file_has_no_body)
{
    oi_handle *s = session_new(), *req = NULL;
    char buf[16];
    size_t n = 99;
    CHECK_INT(http_send(s, port, "GET", "/empty.bin", 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(oi_request_content_length(req), 0);
    CHECK(header_is(req, "Content-Length", "0"));
    CHECK_INT(oi_file_read(req, buf, sizeof buf, &n), OI_OK);
    CHECK_INT(n, 0);
    oi_handle_close(s);
}

TEST(kilobyte_file_is_byte_identical)
{
    oi_handle *s = session_new();
    check_identical(s, "/1k.bin", "1k.bin", 100);
    oi_handle_close(s);
}

/* Tiny reads exercise the buffered path, reads larger than the body the
 * straight-to-caller path. */
TEST(megabyte_file_is_byte_identical_in_tiny_reads)
{
    oi_handle *s = session_new();
    check_identical(s, "/1m.bin", "1m.bin", 7);
    oi_handle_close(s);
}

TEST(megabyte_file_is_byte_identical_in_huge_reads)
{
    oi_handle *s = session_new();
    check_identical(s, "/1m.bin", "1m.bin", (1u << 20) + 1);
    oi_handle_close(s);
}

TEST(hundred_megabyte_file_is_byte_identical)
{
    oi_handle *s = session_new(), *req = NULL;
    char file[1024];
    oi_status rc;
    docroot_path(file, sizeof file, "100m.bin");
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, 90000);
    CHECK_INT(http_send(s, port, "GET", "/100m.bin", 0, &req), OI_OK);
    CHECK_INT(oi_request_content_length(req), 100LL << 20);
    CHECK(req && body_matches_file(req, file, 256 * 1024, &rc));
    CHECK_INT(rc, OI_OK);
    oi_handle_close(s);
}

TEST(open_url_reads_index_html)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[256], file[1024];
    oi_status rc;
    url_for(url, sizeof url, port, "/index.html");
    docroot_path(file, sizeof file, "index.html");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_OK);
    CHECK(h && body_matches_file(h, file, 4096, &rc));
    oi_handle_close(s);
}

/* The handle open_url gives is a request: its response is queryable. */
TEST(open_url_handle_answers_status_queries)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[256];
    url_for(url, sizeof url, port, "/no-such-file");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_OK);
    CHECK(h && oi_handle_kind(h) == OI_HANDLE_REQUEST);
    CHECK(h && oi_request_status(h) == 404);
    oi_handle_close(s);
}

TEST(response_head_is_queryable)
{
    oi_handle *s = session_new(), *req = NULL;
    const char *v = NULL;
    size_t n = 0, raw_len = 0;
    CHECK_INT(http_send(s, port, "GET", "/1k.bin", 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_STR(oi_request_reason(req), "OK");
    CHECK_INT(oi_request_http_minor(req), 1);
    CHECK_INT(oi_request_content_length(req), 1024);
    const char *raw = oi_request_raw_headers(req, &raw_len);
    CHECK(raw && strncmp(raw, "HTTP/1.1 200 OK\r\n", 17) == 0);
    CHECK(raw && raw_len == strlen(raw) && raw_len > 4 &&
          strcmp(raw + raw_len - 4, "\r\n\r\n") == 0);
    /* Names are matched without regard to case. */
    CHECK(header_is(req, "content-LENGTH", "1024"));
    CHECK_INT(oi_request_header(req, "Content-Length", 1, &v, &n), OI_E_HEADER_NOT_FOUND);
    CHECK_INT(oi_request_header(req, "X-Not-There", 0, &v, &n), OI_E_HEADER_NOT_FOUND);
    oi_handle_close(s);
}

/* available() then read() of exactly that much walks the whole body. */
TEST(available_bytes_can_be_read_without_waiting)
{
    oi_handle *s = session_new(), *req = NULL;
    static char buf[1 << 20];
    size_t total = 0, avail = 0, n = 0;
    CHECK_INT(http_send(s, port, "GET", "/1m.bin", 0, &req), OI_OK);
    for (int guard = 0; guard < 100000; guard++) {
        CHECK_INT(oi_file_available(req, &avail), OI_OK);
        if (avail == 0)
            break;
        CHECK(avail <= sizeof buf - total);
        if (avail > sizeof buf - total)
            break;
        CHECK_INT(oi_file_read(req, buf + total, avail, &n), OI_OK);
        CHECK_INT(n, avail);
        if (n == 0)
            break;
        total += n;
    }
    CHECK_INT(total, 1 << 20);
    CHECK_INT(oi_file_read(req, buf, 1, &n), OI_OK);
    CHECK_INT(n, 0);
    oi_handle_close(s);
}

/* Sequential requests through separate connection handles to the same
 * server use one pooled TCP connection. */
TEST(sequential_requests_share_one_connection)
{
    oi_handle *s = session_new();
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    for (int i = 0; i < 20; i++)
        check_identical(s, "/1k.bin", "1k.bin", 4096);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 1);
    oi_handle_close(s);
}

TEST(head_has_no_body_and_keeps_connection)
{
    oi_handle *s = session_new(), *req = NULL;
    char buf[64];
    size_t n = 99;
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(http_send(s, port, "HEAD", "/1k.bin", 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK(header_is(req, "Content-Length", "1024"));
    long long t0 = now_ms();
    CHECK_INT(oi_file_read(req, buf, sizeof buf, &n), OI_OK);
    CHECK_INT(n, 0);
    CHECK(now_ms() - t0 < 1000); /* no wait for the 1024 bytes announced */
    oi_handle_close(req);
    check_identical(s, "/1k.bin", "1k.bin", 4096);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 1);
    oi_handle_close(s);
}

TEST(not_found_is_a_readable_response)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    CHECK_INT(http_send(s, port, "GET", "/no-such-file", 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 404);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK(b.data && strstr(b.data, "404") != NULL);
    body_free(&b);
    oi_handle_close(s);
}

TEST(fail_on_error_turns_404_into_file_not_found)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    CHECK_INT(http_send(s, port, "GET", "/no-such-file", OI_FLAG_FAIL_ON_ERROR, &req),
              OI_E_FILE_NOT_FOUND);
    CHECK_INT(oi_handle_error(req), OI_E_FILE_NOT_FOUND);
    /* The response stays queryable and readable. */
    CHECK_INT(oi_request_status(req), 404);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK(b.data && strstr(b.data, "404") != NULL);
    body_free(&b);
    oi_handle_close(s);
}

TEST(fail_on_error_open_url_gives_file_not_found)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[256];
    url_for(url, sizeof url, port, "/no-such-file");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, OI_FLAG_FAIL_ON_ERROR, &h), OI_E_FILE_NOT_FOUND);
    oi_handle_close(s);
}

TEST(fail_on_error_lets_success_through)
{
    oi_handle *s = session_new(), *req = NULL;
    CHECK_INT(http_send(s, port, "GET", "/1k.bin", OI_FLAG_FAIL_ON_ERROR, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    oi_handle_close(s);
}

static char *pattern(size_t n)
{
    char *p = malloc(n);
    for (size_t i = 0; p && i < n; i++)
        p[i] = (char)(i * 7 + i / 251);
    return p;
}

TEST(upload_from_memory_is_accepted)
{
    oi_handle *s = session_new(), *req = NULL;
    size_t len = 1 << 20, n = 99, sent_len = 0;
    char *data = pattern(len), buf[16];
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(request_open(s, "127.0.0.1", port, "POST", "/upload", 0, &req), OI_OK);
    CHECK_INT(oi_request_send(req, NULL, 0, data, len), OI_OK);
    CHECK_INT(oi_request_status(req), 204);
    CHECK_INT(oi_request_content_length(req), 0);
    CHECK_INT(oi_file_read(req, buf, sizeof buf, &n), OI_OK);
    CHECK_INT(n, 0);
    const char *head = oi_request_sent_headers(req, &sent_len);
    CHECK(head && strstr(head, "\r\nContent-Length: 1048576\r\n") != NULL);
    /* REQUEST_SENT counts the head and the body. */
    int at = rec_find(OI_EVENT_REQUEST_SENT, 0);
    CHECK(at >= 0 && rec()->e[at].count == sent_len + len);
    oi_handle_close(req);
    /* The connection survives the upload. */
    check_identical(s, "/1k.bin", "1k.bin", 4096);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 1);
    free(data);
    oi_handle_close(s);
}

/* Stream `len` bytes in pieces of `piece`; total_len as for begin(). */
static void streamed_upload(long long total_len, size_t len, size_t piece, const char *want_header)
{
    oi_handle *s = session_new(), *req = NULL;
    char *data = pattern(len);
    CHECK_INT(request_open(s, "127.0.0.1", port, "PUT", "/upload", 0, &req), OI_OK);
    CHECK_INT(oi_request_begin(req, NULL, 0, total_len), OI_OK);
    for (size_t off = 0; off < len; off += piece)
        CHECK_INT(oi_request_write(req, data + off, len - off < piece ? len - off : piece), OI_OK);
    CHECK_INT(oi_request_end(req), OI_OK);
    CHECK_INT(oi_request_status(req), 204);
    const char *head = oi_request_sent_headers(req, NULL);
    CHECK(head && strstr(head, want_header) != NULL);
    free(data);
    oi_handle_close(s);
}

TEST(streamed_upload_with_length_is_accepted)
{
    streamed_upload(1 << 20, 1 << 20, 65536, "\r\nContent-Length: 1048576\r\n");
}

TEST(chunked_streamed_upload_is_accepted)
{
    streamed_upload(-1, (1 << 20) + 3, 10000, "\r\nTransfer-Encoding: chunked\r\n");
}

/* nginx may answer /upload before the body is all in: the client must
 * still send all of it and keep the connection in step. */
TEST(large_streamed_upload_keeps_connection)
{
    oi_handle *s = session_new(), *req = NULL;
    size_t piece = 256 * 1024, len = 16u << 20;
    char *data = pattern(piece);
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(request_open(s, "127.0.0.1", port, "POST", "/upload", 0, &req), OI_OK);
    CHECK_INT(oi_request_begin(req, NULL, 0, (long long)len), OI_OK);
    for (size_t off = 0; off < len; off += piece)
        CHECK_INT(oi_request_write(req, data, piece), OI_OK);
    CHECK_INT(oi_request_end(req), OI_OK);
    CHECK_INT(oi_request_status(req), 204);
    oi_handle_close(req);
    check_identical(s, "/1k.bin", "1k.bin", 4096);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 1);
    free(data);
    oi_handle_close(s);
}

TEST(ipv6_loopback_by_address)
{
    if (ipv6_skipped("ipv6_loopback_by_address"))
        return;
    oi_handle *s = session_new(), *req = NULL;
    char file[1024];
    oi_status rc;
    docroot_path(file, sizeof file, "1k.bin");
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(request_open(s, "::1", port, "GET", "/1k.bin", 0, &req), OI_OK);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK(req && body_matches_file(req, file, 4096, &rc));
    int at = rec_find(OI_EVENT_CONNECTING_TO_SERVER, 0);
    CHECK(at >= 0 && strncmp(rec()->e[at].text, "::1", 3) == 0);
    /* The Host header of an IPv6 literal keeps its brackets. */
    const char *head = req ? oi_request_sent_headers(req, NULL) : NULL;
    CHECK(head && strstr(head, "\r\nHost: [::1]:") != NULL);
    oi_handle_close(s);
}

TEST(ipv6_loopback_by_url)
{
    if (ipv6_skipped("ipv6_loopback_by_url"))
        return;
    oi_handle *s = session_new(), *h = NULL;
    char url[256], file[1024];
    oi_status rc;
    snprintf(url, sizeof url, "http://[::1]:%u/1k.bin", port);
    docroot_path(file, sizeof file, "1k.bin");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_OK);
    CHECK(h && body_matches_file(h, file, 4096, &rc));
    oi_handle_close(s);
}

/* ::1 and 127.0.0.1 are different servers to the pool. */
TEST(ipv4_and_ipv6_connections_are_pooled_apart)
{
    if (ipv6_skipped("ipv4_and_ipv6_connections_are_pooled_apart"))
        return;
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(request_open(s, "::1", port, "GET", "/1k.bin", 0, &req), OI_OK);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    body_free(&b);
    check_identical(s, "/1k.bin", "1k.bin", 4096);
    int first = rec_find(OI_EVENT_CONNECTING_TO_SERVER, 0);
    int second = rec_find(OI_EVENT_CONNECTING_TO_SERVER, first + 1);
    CHECK(first >= 0 && second > first);
    if (second > first)
        CHECK(strncmp(rec()->e[second].text, "127.0.0.1", 9) == 0);
    oi_handle_close(s);
}

TEST(connection_close_response_is_not_reused)
{
    oi_handle *s = session_new();
    body b = {0};
    int status = 0;
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(fetch(s, port, "/close", &b, &status), OI_OK);
    CHECK(status > 0);
    body_free(&b);
    check_identical(s, "/1k.bin", "1k.bin", 4096);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 2);
    oi_handle_close(s);
}

TEST(request_can_be_sent_again_after_reading)
{
    oi_handle *s = session_new(), *req = NULL;
    char file[1024];
    oi_status rc;
    docroot_path(file, sizeof file, "1k.bin");
    CHECK_INT(http_send(s, port, "GET", "/1k.bin", 0, &req), OI_OK);
    CHECK(req && body_matches_file(req, file, 4096, &rc));
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK(req && body_matches_file(req, file, 4096, &rc));
    oi_handle_close(s);
}

/* The second response starts from its first byte: nothing of the first
 * one's unread rest leaks into it. */
TEST(request_can_be_sent_again_after_abandoning)
{
    oi_handle *s = session_new(), *req = NULL;
    char file[1024], buf[1000];
    size_t n = 0;
    oi_status rc;
    docroot_path(file, sizeof file, "1m.bin");
    CHECK_INT(http_send(s, port, "GET", "/1m.bin", 0, &req), OI_OK);
    CHECK_INT(oi_file_read(req, buf, sizeof buf, &n), OI_OK);
    CHECK(n > 0);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK(req && body_matches_file(req, file, 65536, &rc));
    oi_handle_close(s);
}

/* A rest under MAX_DRAIN_BYTES is drained so that the connection is
 * reused; a rest above it closes the connection instead of reading 100
 * MiB nobody wants. */
static void abandon_after(oi_handle *s, const char *path, size_t nread)
{
    oi_handle *req = NULL;
    static char buf[65536];
    size_t n = 0;
    CHECK_INT(http_send(s, port, "GET", path, 0, &req), OI_OK);
    CHECK(nread <= sizeof buf);
    CHECK_INT(oi_file_read(req, buf, nread, &n), OI_OK);
    CHECK(n > 0);
    CHECK_INT(oi_handle_close(req), OI_OK);
}

TEST(small_unread_rest_is_drained_for_reuse)
{
    oi_handle *s = session_new();
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    abandon_after(s, "/1k.bin", 100);
    check_identical(s, "/1k.bin", "1k.bin", 4096);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 1);
    oi_handle_close(s);
}

TEST(large_unread_rest_closes_connection)
{
    oi_handle *s = session_new();
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    long long t0 = now_ms();
    abandon_after(s, "/100m.bin", 65536);
    CHECK(now_ms() - t0 < 5000);
    check_identical(s, "/1k.bin", "1k.bin", 4096);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 2);
    oi_handle_close(s);
}

TEST(pragma_nocache_flag_sends_pragma)
{
    oi_handle *s = session_new(), *req = NULL;
    CHECK_INT(http_send(s, port, "GET", "/1k.bin", OI_FLAG_PRAGMA_NOCACHE, &req), OI_OK);
    const char *head = req ? oi_request_sent_headers(req, NULL) : NULL;
    CHECK(head && strstr(head, "\r\nPragma: no-cache\r\n") != NULL);
    oi_handle_close(s);
}

/* GET /1k.bin twice as HTTP/1.0 with `flags`; returns how many TCP
 * connections that took. */
static int http10_connections(unsigned flags, const char **want_in_head)
{
    oi_handle *s = session_new();
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    for (int i = 0; i < 2; i++) {
        oi_handle *c = NULL, *req = NULL;
        body b = {0};
        CHECK_INT(oi_session_connect(s, "127.0.0.1", port, NULL, NULL, 0, &c), OI_OK);
        CHECK_INT(
            oi_connection_open_request(c, "GET", "/1k.bin", "HTTP/1.0", NULL, NULL, flags, &req),
            OI_OK);
        CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
        CHECK_INT(read_body(req, &b), OI_OK);
        CHECK_INT(b.len, 1024);
        const char *head = req ? oi_request_sent_headers(req, NULL) : NULL;
        for (const char **w = want_in_head; *w; w++)
            CHECK(head && strstr(head, *w) != NULL);
        body_free(&b);
        oi_handle_close(c);
    }
    int n = rec_count(OI_EVENT_CONNECTING_TO_SERVER);
    oi_handle_close(s);
    return n;
}

/* HTTP/1.1 connections persist by default; an HTTP/1.0 one only when the
 * client asks, which is what OI_FLAG_KEEP_CONNECTION is for. */
TEST(keep_connection_flag_keeps_http10_connection)
{
    static const char *keep[] = {"\r\nConnection: keep-alive\r\n", NULL};
    static const char *none[] = {NULL};
    CHECK_INT(http10_connections(OI_FLAG_KEEP_CONNECTION, keep), 1);
    CHECK_INT(http10_connections(0, none), 2);
}

/* NULL verb and object mean GET and "/"; nginx answers / with index.html. */
TEST(null_verb_and_object_mean_get_root)
{
    oi_handle *s = session_new(), *c = NULL, *req = NULL;
    char file[1024];
    oi_status rc;
    docroot_path(file, sizeof file, "index.html");
    CHECK_INT(oi_session_connect(s, "127.0.0.1", port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_connection_open_request(c, NULL, NULL, NULL, NULL, NULL, 0, &req), OI_OK);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    const char *head = req ? oi_request_sent_headers(req, NULL) : NULL;
    CHECK(head && strncmp(head, "GET / HTTP/1.1\r\n", 16) == 0);
    CHECK(req && body_matches_file(req, file, 4096, &rc));
    oi_handle_close(s);
}

/* A 404 read to its end leaves the connection reusable. */
TEST(not_found_keeps_connection)
{
    oi_handle *s = session_new();
    body b = {0};
    int status = 0;
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(fetch(s, port, "/no-such-file", &b, &status), OI_OK);
    CHECK_INT(status, 404);
    check_identical(s, "/1k.bin", "1k.bin", 4096);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 1);
    body_free(&b);
    oi_handle_close(s);
}

/* A connection the server ends is reported closing, then closed. */
TEST(server_close_raises_connection_events)
{
    oi_handle *s = session_new();
    body b = {0};
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(fetch(s, port, "/close", &b, NULL), OI_OK);
    int closing = rec_find(OI_EVENT_CLOSING_CONNECTION, 0);
    CHECK(closing >= 0 && rec_find(OI_EVENT_CONNECTION_CLOSED, closing) > closing);
    body_free(&b);
    oi_handle_close(s);
}

TEST(http10_request_is_answered)
{
    oi_handle *s = session_new(), *c = NULL, *req = NULL;
    char file[1024];
    oi_status rc;
    docroot_path(file, sizeof file, "1k.bin");
    CHECK_INT(oi_session_connect(s, "127.0.0.1", port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_connection_open_request(c, "GET", "/1k.bin", "HTTP/1.0", NULL, NULL, 0, &req),
              OI_OK);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    const char *head = req ? oi_request_sent_headers(req, NULL) : NULL;
    CHECK(head && strncmp(head, "GET /1k.bin HTTP/1.0\r\n", 22) == 0);
    CHECK(req && body_matches_file(req, file, 4096, &rc));
    oi_handle_close(s);
}

int main(void)
{
    port = env_port("OI_NGINX_PORT");
    env_need("OI_DOCROOT");

    RUN(empty_file_has_no_body);
    RUN(kilobyte_file_is_byte_identical);
    RUN(megabyte_file_is_byte_identical_in_tiny_reads);
    RUN(megabyte_file_is_byte_identical_in_huge_reads);
    RUN(hundred_megabyte_file_is_byte_identical);
    RUN(open_url_reads_index_html);
    RUN(open_url_handle_answers_status_queries);
    RUN(response_head_is_queryable);
    RUN(available_bytes_can_be_read_without_waiting);
    RUN(sequential_requests_share_one_connection);
    RUN(head_has_no_body_and_keeps_connection);
    RUN(not_found_is_a_readable_response);
    RUN(fail_on_error_turns_404_into_file_not_found);
    RUN(fail_on_error_open_url_gives_file_not_found);
    RUN(fail_on_error_lets_success_through);
    RUN(upload_from_memory_is_accepted);
    RUN(streamed_upload_with_length_is_accepted);
    RUN(chunked_streamed_upload_is_accepted);
    RUN(large_streamed_upload_keeps_connection);
    RUN(ipv6_loopback_by_address);
    RUN(ipv6_loopback_by_url);
    RUN(ipv4_and_ipv6_connections_are_pooled_apart);
    RUN(connection_close_response_is_not_reused);
    RUN(request_can_be_sent_again_after_reading);
    RUN(request_can_be_sent_again_after_abandoning);
    RUN(small_unread_rest_is_drained_for_reuse);
    RUN(large_unread_rest_closes_connection);
    RUN(pragma_nocache_flag_sends_pragma);
    RUN(keep_connection_flag_keeps_http10_connection);
    RUN(http10_request_is_answered);
    RUN(null_verb_and_object_mean_get_root);
    RUN(not_found_keeps_connection);
    RUN(server_close_raises_connection_events);
    return check_summary();
}
