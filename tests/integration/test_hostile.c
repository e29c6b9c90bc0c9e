/* Broken, hostile and unusual responses from the scripted server: each must
 * end in its documented error code (or be read correctly when it is legal
 * HTTP), within bounded time, and leave the session usable.  Keep-alive
 * cases use /conn-id to see that the client and the server stay in step on
 * a reused connection. */
#include "support.h"

static unsigned port;

/* Send a GET of `path` and read the whole body; returns the first failure
 * of the two (OI_OK if none).  *b receives what arrived. */
static oi_status outcome(oi_handle *s, const char *path, body *b)
{
    oi_handle *req = NULL;
    oi_status rc = http_send(s, port, "GET", path, 0, &req);
    if (rc == OI_OK)
        rc = read_body(req, b);
    oi_handle_close(req);
    return rc;
}

/* After a failure, the same session completes a normal request. */
static void check_session_works(oi_handle *s)
{
    check_get_ok(s, port, "/ok", "hello");
}

/* A scenario that must fail with `want` on a fresh session. */
static void check_fails(const char *path, oi_status want)
{
    oi_handle *s = session_new();
    body b = {0};
    long long t0 = now_ms();
    oi_status rc = outcome(s, path, &b);
    if (rc != want)
        fprintf(stderr, "%s: %s, expected %s\n", path, oi_status_name(rc), oi_status_name(want));
    CHECK_INT(rc, want);
    CHECK(now_ms() - t0 < 3000); /* an error, not a timeout in disguise */
    body_free(&b);
    check_session_works(s);
    oi_handle_close(s);
}

/* A scenario whose body must read as `want`; returns the session for more
 * checks through *req (the caller closes the session). */
static oi_handle *check_body(const char *path, const char *want, oi_handle **req_out)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    CHECK_INT(http_send(s, port, "GET", path, 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_STR(b.data ? b.data : "", want);
    body_free(&b);
    *req_out = req;
    return s;
}

/* Around a scenario that keeps its connection, /conn-id must show one
 * connection whose request count advanced by exactly two: the client read
 * the response to its exact end. */
static void check_in_step(oi_handle *s, const char *path)
{
    int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
    body b = {0};
    CHECK(scripted_conn_id(s, port, &c1, &r1));
    CHECK_INT(outcome(s, path, &b), OI_OK);
    body_free(&b);
    CHECK(scripted_conn_id(s, port, &c2, &r2));
    if (c2 != c1 || r2 != r1 + 2)
        fprintf(stderr, "%s: conn=%d req=%d, then conn=%d req=%d\n", path, c1, r1, c2, r2);
    CHECK_INT(c2, c1);
    CHECK_INT(r2, r1 + 2);
}

/* ------------------------------------------------------------------ */
/* Legal responses                                                    */
/* ------------------------------------------------------------------ */

TEST(ok_reads_hello)
{
    oi_handle *req, *s = check_body("/ok", "hello", &req);
    CHECK_INT(oi_request_content_length(req), 5);
    oi_handle_close(s);
}

TEST(bare_lf_head_is_accepted)
{
    oi_handle *req, *s = check_body("/bare-lf", "hello", &req);
    check_in_step(s, "/bare-lf");
    oi_handle_close(s);
}

/* The fold becomes white space: "one two", or "one" and "two" with the
 * CRLF turned into spaces. */
TEST(obs_fold_value_is_unfolded)
{
    oi_handle *req, *s = check_body("/obs-fold", "ok", &req);
    const char *v = NULL;
    size_t n = 0, i = 3;
    CHECK_INT(oi_request_header(req, "X-Folded", 0, &v, &n), OI_OK);
    CHECK(v && n >= 7);
    if (v && n >= 7) {
        CHECK(memcmp(v, "one", 3) == 0 && memcmp(v + n - 3, "two", 3) == 0);
        while (i < n - 3 && (v[i] == ' ' || v[i] == '\t'))
            i++;
        CHECK_INT(i, n - 3);
    }
    const char *raw = oi_request_raw_headers(req, NULL);
    CHECK(raw && strstr(raw, "\r\n two") == NULL && strstr(raw, "\nX-Folded: one") != NULL);
    check_in_step(s, "/obs-fold");
    oi_handle_close(s);
}

TEST(chunked_trailer_is_queryable)
{
    oi_handle *req, *s = check_body("/chunked-trailers", "helloworld", &req);
    const char *v = NULL;
    size_t n = 0;
    CHECK_INT(oi_request_content_length(req), -1);
    CHECK_INT(oi_request_trailer(req, "X-Trailer", 0, &v, &n), OI_OK);
    CHECK_SPAN(v, n, "yes");
    CHECK_INT(oi_request_trailer(req, "x-sum", 0, &v, &n), OI_OK);
    CHECK_SPAN(v, n, "10");
    CHECK_INT(oi_request_trailer(req, "X-Absent", 0, &v, &n), OI_E_HEADER_NOT_FOUND);
    /* Trailers are not headers. */
    CHECK_INT(oi_request_header(req, "X-Trailer", 0, &v, &n), OI_E_HEADER_NOT_FOUND);
    check_in_step(s, "/chunked-trailers");
    oi_handle_close(s);
}

/* The trailers of a redirect's body belong to that hop: the final
 * response, read or not, has none of them. */
TEST(trailers_of_a_redirect_hop_are_not_the_answers)
{
    oi_handle *s = session_new(), *req = NULL;
    const char *v = NULL;
    size_t n = 0;
    CHECK_INT(http_send(s, port, "GET", "/redirect-with-trailers", 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(oi_request_trailer(req, "X-Trailer", 0, &v, &n), OI_E_HEADER_NOT_FOUND);
    body b = {0};
    CHECK_INT(read_body_chunked(req, &b, 64), OI_OK);
    CHECK_STR(b.data, "hello");
    CHECK_INT(oi_request_trailer(req, "X-Trailer", 0, &v, &n), OI_E_HEADER_NOT_FOUND);
    body_free(&b);
    oi_handle_close(s);
}

/* RFC 9112 6.3: Transfer-Encoding overrides Content-Length. */
TEST(te_and_cl_reads_as_chunked)
{
    oi_handle *req, *s = check_body("/te-and-cl", "hello", &req);
    CHECK_INT(oi_request_content_length(req), -1);
    oi_handle_close(req);
    check_session_works(s);
    oi_handle_close(s);
}

TEST(cl_same_values_are_one_length)
{
    oi_handle *req, *s = check_body("/cl-same", "hello", &req);
    CHECK_INT(oi_request_content_length(req), 5);
    check_in_step(s, "/cl-same");
    oi_handle_close(s);
}

TEST(continue_is_skipped_and_reported)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(request_open(s, "127.0.0.1", port, "POST", "/continue", 0, &req), OI_OK);
    CHECK_INT(oi_request_send(req, NULL, 0, "data", 4), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_STR(b.data, "ok");
    CHECK_INT(rec_count(OI_EVENT_INTERMEDIATE_RESPONSE), 1);
    int at = rec_find(OI_EVENT_INTERMEDIATE_RESPONSE, 0);
    CHECK(at >= 0 && rec()->e[at].code == 100);
    body_free(&b);
    oi_handle_set_callback(s, NULL);
    check_in_step(s, "/continue");
    oi_handle_close(s);
}

TEST(close_delimited_body_reads_to_close)
{
    oi_handle *req, *s = check_body("/close-delimited", "hello", &req);
    CHECK_INT(oi_request_content_length(req), -1);
    oi_handle_close(req);
    check_session_works(s);
    oi_handle_close(s);
}

TEST(http10_response_reads_to_close)
{
    oi_handle *req, *s = check_body("/http10", "hello", &req);
    CHECK_INT(oi_request_http_minor(req), 0);
    CHECK_STR(oi_request_reason(req), "OK");
    oi_handle_close(req);
    check_session_works(s);
    oi_handle_close(s);
}

TEST(big_body_arrives_whole)
{
    oi_handle *s = session_new();
    body b = {0};
    size_t x = 0;
    CHECK_INT(outcome(s, "/big-body?n=3000000", &b), OI_OK);
    CHECK_INT(b.len, 3000000);
    for (size_t i = 0; i < b.len; i++)
        x += b.data[i] == 'x';
    CHECK_INT(x, 3000000);
    body_free(&b);
    check_in_step(s, "/big-body?n=70000");
    oi_handle_close(s);
}

/* A HEAD answer announces a length but has no body. */
TEST(head_answer_keeps_connection_in_step)
{
    oi_handle *s = session_new(), *req = NULL;
    int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
    body b = {0};
    CHECK(scripted_conn_id(s, port, &c1, &r1));
    CHECK_INT(http_send(s, port, "HEAD", "/big-body?n=1000000", 0, &req), OI_OK);
    CHECK(header_is(req, "Content-Length", "1000000"));
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_INT(b.len, 0);
    oi_handle_close(req);
    CHECK(scripted_conn_id(s, port, &c2, &r2));
    CHECK_INT(c2, c1);
    CHECK_INT(r2, r1 + 2);
    body_free(&b);
    oi_handle_close(s);
}

TEST(oversize_head_is_accepted_when_limit_raised)
{
    oi_handle *s = session_new();
    body b = {0};
    oi_handle_set_int(s, OI_OPT_MAX_HEADER_BYTES, 512 * 1024);
    CHECK_INT(outcome(s, "/oversize-headers", &b), OI_OK);
    CHECK_STR(b.data, "ok");
    body_free(&b);
    check_in_step(s, "/oversize-headers");
    oi_handle_close(s);
}

TEST(many_headers_are_accepted_when_limits_raised)
{
    oi_handle *s = session_new();
    body b = {0};
    oi_handle_set_int(s, OI_OPT_MAX_HEADER_BYTES, 1024 * 1024);
    oi_handle_set_int(s, OI_OPT_MAX_HEADER_COUNT, 20000);
    CHECK_INT(outcome(s, "/many-headers", &b), OI_OK);
    CHECK_STR(b.data, "ok");
    body_free(&b);
    check_in_step(s, "/many-headers");
    oi_handle_close(s);
}

/* The raw head is documented with CRLF line ends, whatever came in. */
TEST(raw_head_of_bare_lf_response_uses_crlf)
{
    oi_handle *req, *s = check_body("/bare-lf", "hello", &req);
    CHECK_STR(oi_request_raw_headers(req, NULL), "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    oi_handle_close(s);
}

/* One-byte reads cross every chunk boundary and extension. */
TEST(chunked_body_reads_one_byte_at_a_time)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    const char *v = NULL;
    size_t n = 0;
    CHECK_INT(http_send(s, port, "GET", "/chunked-trailers", 0, &req), OI_OK);
    CHECK_INT(read_body_chunked(req, &b, 1), OI_OK);
    CHECK_STR(b.data, "helloworld");
    CHECK_INT(oi_request_trailer(req, "X-Sum", 0, &v, &n), OI_OK);
    CHECK_SPAN(v, n, "10");
    body_free(&b);
    oi_handle_close(s);
}

TEST(header_lookup_reaches_the_last_of_many)
{
    oi_handle *s = session_new(), *req = NULL;
    oi_handle_set_int(s, OI_OPT_MAX_HEADER_BYTES, 1024 * 1024);
    oi_handle_set_int(s, OI_OPT_MAX_HEADER_COUNT, 20000);
    CHECK_INT(http_send(s, port, "GET", "/many-headers", 0, &req), OI_OK);
    CHECK(header_is(req, "X-Many-1", "1"));
    CHECK(header_is(req, "x-many-9999", "9999"));
    CHECK(header_is(req, "Content-Length", "2"));
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Keep-alive and retries                                             */
/* ------------------------------------------------------------------ */

TEST(keep_alive_reuse_is_visible_through_conn_id)
{
    oi_handle *s = session_new();
    int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
    CHECK(scripted_conn_id(s, port, &c1, &r1));
    CHECK(scripted_conn_id(s, port, &c2, &r2));
    CHECK_INT(r1, 1);
    CHECK_INT(c2, c1);
    CHECK_INT(r2, 2);
    oi_handle_close(s);
}

/* The server closes a reused connection instead of answering: the GET is
 * idempotent, so it is sent again on a fresh connection, invisibly. */
TEST(get_is_retried_once_on_closed_connection)
{
    oi_handle *s = session_new();
    body b = {0};
    int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
    CHECK_INT(outcome(s, "/close-on-second", &b), OI_OK);
    CHECK(b.data && sscanf(b.data, "conn=%d req=%d", &c1, &r1) == 2);
    body_free(&b);
    CHECK_INT(outcome(s, "/close-on-second", &b), OI_OK);
    CHECK(b.data && sscanf(b.data, "conn=%d req=%d", &c2, &r2) == 2);
    CHECK(c2 != c1);
    CHECK_INT(r2, 1);
    body_free(&b);
    oi_handle_close(s);
}

/* A POST may have had effects: it must not be sent twice. */
TEST(post_is_not_retried_on_closed_connection)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(outcome(s, "/close-on-second", &b), OI_OK);
    body_free(&b);
    CHECK_INT(request_open(s, "127.0.0.1", port, "POST", "/close-on-second", 0, &req), OI_OK);
    long long t0 = now_ms();
    oi_status rc = oi_request_send(req, NULL, 0, "payload", 7);
    CHECK(rc < 0);
    CHECK(rc != OI_E_TIMEOUT && now_ms() - t0 < 3000);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 1);
    oi_handle_close(req);
    oi_handle_set_callback(s, NULL);
    check_session_works(s);
    oi_handle_close(s);
}

/* The client spoke HTTP/1.0 without asking for keep-alive: the server
 * closes after answering (though its HTTP/1.1 answer does not say so), and
 * the next request must not be lost on that connection. */
TEST(http10_request_connection_is_not_reused)
{
    oi_handle *s = session_new();
    int conn[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        oi_handle *c = NULL, *req = NULL;
        body b = {0};
        int nreq = 0;
        CHECK_INT(oi_session_connect(s, "127.0.0.1", port, NULL, NULL, 0, &c), OI_OK);
        CHECK_INT(oi_connection_open_request(c, "GET", "/conn-id", "HTTP/1.0", NULL, NULL, 0, &req),
                  OI_OK);
        CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
        CHECK_INT(read_body(req, &b), OI_OK);
        CHECK(b.data && sscanf(b.data, "conn=%d req=%d", &conn[i], &nreq) == 2);
        CHECK_INT(nreq, 1);
        body_free(&b);
        oi_handle_close(c);
    }
    CHECK(conn[0] != conn[1]);
    oi_handle_close(s);
}

/* A request closed in the middle of its upload leaves a connection the
 * server still reads as a body: it must never serve another request. */
TEST(abandoned_upload_connection_is_not_reused)
{
    oi_handle *s = session_new(), *req = NULL;
    int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
    CHECK(scripted_conn_id(s, port, &c1, &r1));
    CHECK_INT(request_open(s, "127.0.0.1", port, "POST", "/ok", 0, &req), OI_OK);
    CHECK_INT(oi_request_begin(req, NULL, 0, 1000), OI_OK);
    CHECK_INT(oi_request_write(req, "0123456789", 10), OI_OK);
    CHECK_INT(oi_handle_close(req), OI_OK);
    CHECK(scripted_conn_id(s, port, &c2, &r2));
    CHECK(c2 != c1);
    CHECK_INT(r2, 1);
    oi_handle_close(s);
}

/* Once a body has ended its connection serves others; reading the old
 * handle again must give 0, not bytes of the next response. */
TEST(read_after_end_does_not_touch_reused_connection)
{
    oi_handle *s = session_new(), *first = NULL, *second = NULL;
    body a = {0}, b = {0};
    char buf[64];
    size_t n = 99;
    CHECK_INT(http_send(s, port, "GET", "/conn-id", 0, &first), OI_OK);
    CHECK_INT(read_body(first, &a), OI_OK);
    CHECK_INT(http_send(s, port, "GET", "/conn-id", 0, &second), OI_OK);
    CHECK_INT(oi_file_read(first, buf, sizeof buf, &n), OI_OK);
    CHECK_INT(n, 0);
    CHECK_INT(read_body(second, &b), OI_OK);
    int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
    CHECK(a.data && sscanf(a.data, "conn=%d req=%d", &c1, &r1) == 2);
    CHECK(b.data && sscanf(b.data, "conn=%d req=%d", &c2, &r2) == 2);
    CHECK_INT(c2, c1);
    CHECK_INT(r2, r1 + 1);
    body_free(&a);
    body_free(&b);
    oi_handle_close(s);
}

/* The unread rest of a body is drained when it is small, so that the
 * connection serves the next request; past MAX_DRAIN_BYTES the connection
 * is closed instead. */
static void abandon(oi_handle *s, const char *path)
{
    oi_handle *req = NULL;
    char buf[100];
    size_t n = 0;
    CHECK_INT(http_send(s, port, "GET", path, 0, &req), OI_OK);
    CHECK_INT(oi_file_read(req, buf, sizeof buf, &n), OI_OK);
    CHECK(n > 0);
    oi_handle_close(req);
}

static int same_connection_after_abandoning(oi_handle *s, const char *path)
{
    int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
    CHECK(scripted_conn_id(s, port, &c1, &r1));
    abandon(s, path);
    CHECK(scripted_conn_id(s, port, &c2, &r2));
    if (c2 == c1)
        CHECK_INT(r2, r1 + 2);
    return c2 == c1;
}

TEST(small_unread_chunked_rest_is_drained_for_reuse)
{
    oi_handle *s = session_new();
    CHECK(same_connection_after_abandoning(s, "/chunked-trailers"));
    oi_handle_close(s);
}

/* A close-delimited body can only end with the connection. */
TEST(abandoned_close_delimited_body_is_not_reused)
{
    oi_handle *s = session_new();
    abandon(s, "/close-delimited");
    check_session_works(s);
    oi_handle_close(s);
}

TEST(small_unread_rest_is_drained_for_reuse)
{
    oi_handle *s = session_new();
    CHECK(same_connection_after_abandoning(s, "/big-body?n=50000"));
    oi_handle_close(s);
}

TEST(large_unread_rest_closes_connection)
{
    oi_handle *s = session_new();
    long long t0 = now_ms();
    CHECK(!same_connection_after_abandoning(s, "/big-body?n=100000000"));
    CHECK(now_ms() - t0 < 3000);
    oi_handle_close(s);
}

TEST(max_drain_bytes_option_is_honoured)
{
    oi_handle *s = session_new();
    CHECK_INT(oi_handle_set_int(s, OI_OPT_MAX_DRAIN_BYTES, 1000), OI_OK);
    CHECK(!same_connection_after_abandoning(s, "/big-body?n=50000"));
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Failures                                                           */
/* ------------------------------------------------------------------ */

TEST(truncated_length_body_is_aborted)
{
    check_fails("/truncated-length", OI_E_CONNECTION_ABORTED);
}

/* What arrived before the cut is delivered, nothing more. */
TEST(truncated_length_delivers_what_arrived)
{
    oi_handle *s = session_new();
    body b = {0};
    CHECK_INT(outcome(s, "/truncated-length", &b), OI_E_CONNECTION_ABORTED);
    CHECK(b.len <= 10 && memcmp(b.data ? b.data : "", "0123456789", b.len) == 0);
    body_free(&b);
    oi_handle_close(s);
}

TEST(close_mid_chunk_is_aborted)
{
    check_fails("/close-mid-chunk", OI_E_CONNECTION_ABORTED);
}

TEST(bad_chunk_size_is_invalid_response)
{
    check_fails("/bad-chunk-size", OI_E_INVALID_RESPONSE);
}

TEST(chunk_size_over_64_bits_is_invalid_response)
{
    check_fails("/chunk-overflow", OI_E_INVALID_RESPONSE);
}

TEST(no_status_line_is_invalid_response)
{
    check_fails("/no-status-line", OI_E_INVALID_RESPONSE);
}

TEST(garbage_is_invalid_response)
{
    check_fails("/garbage", OI_E_INVALID_RESPONSE);
}

TEST(conflicting_lengths_are_invalid_response)
{
    check_fails("/cl-differ", OI_E_INVALID_RESPONSE);
}

TEST(negative_length_is_invalid_response)
{
    check_fails("/cl-negative", OI_E_INVALID_RESPONSE);
}

TEST(non_numeric_length_is_invalid_response)
{
    check_fails("/cl-nonnumeric", OI_E_INVALID_RESPONSE);
}

TEST(oversize_head_is_header_too_large)
{
    check_fails("/oversize-headers", OI_E_HEADER_TOO_LARGE);
}

TEST(too_many_headers_is_header_too_large)
{
    check_fails("/many-headers", OI_E_HEADER_TOO_LARGE);
}

/* The field count limit works on its own, with room enough for bytes. */
TEST(header_count_limit_is_honoured)
{
    oi_handle *s = session_new();
    body b = {0};
    oi_handle_set_int(s, OI_OPT_MAX_HEADER_BYTES, 1024 * 1024);
    CHECK_INT(outcome(s, "/many-headers", &b), OI_E_HEADER_TOO_LARGE);
    body_free(&b);
    check_session_works(s);
    oi_handle_close(s);
}

TEST(reset_is_connection_reset)
{
    check_fails("/reset", OI_E_CONNECTION_RESET);
}

TEST(reset_mid_body_is_connection_reset)
{
    oi_handle *s = session_new();
    body b = {0};
    CHECK_INT(outcome(s, "/reset-mid-body", &b), OI_E_CONNECTION_RESET);
    CHECK(b.len <= 100);
    body_free(&b);
    check_session_works(s);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Timeouts                                                           */
/* ------------------------------------------------------------------ */

/* Run `path` with the given limits; expect a timeout after between lo and
 * hi milliseconds, then a working session. */
static void check_times_out(const char *path, long long receive_ms, long long total_ms,
                            long long lo, long long hi)
{
    oi_handle *s = session_new();
    body b = {0};
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, receive_ms);
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, total_ms);
    long long t0 = now_ms();
    CHECK_INT(outcome(s, path, &b), OI_E_TIMEOUT);
    long long took = now_ms() - t0;
    if (took < lo || took >= hi)
        fprintf(stderr, "%s: timed out after %lld ms, expected %lld..%lld\n", path, took, lo, hi);
    CHECK(took >= lo && took < hi);
    body_free(&b);
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS);
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, TEST_TOTAL_TIMEOUT_MS);
    check_session_works(s);
    oi_handle_close(s);
}

TEST(silent_server_hits_receive_timeout)
{
    check_times_out("/silent", 300, 0, 250, 1000);
}

TEST(silent_server_hits_total_timeout)
{
    check_times_out("/silent", 10000, 400, 350, 1100);
}

TEST(slow_drip_hits_receive_timeout)
{
    check_times_out("/drip?ms=1000&n=3", 300, 0, 250, 950);
}

/* Every byte comes within the receive timeout, yet the body as a whole
 * takes 5 s: only the total timeout can stop it. */
TEST(steady_drip_hits_total_timeout)
{
    check_times_out("/drip?ms=50&n=100", 1000, 600, 550, 1300);
}

/* A timeout set on the request alone governs its I/O; the session's
 * longer one does not. */
TEST(request_level_timeout_is_used)
{
    oi_handle *s = session_new(), *req = NULL;
    CHECK_INT(request_open(s, "127.0.0.1", port, "GET", "/silent", 0, &req), OI_OK);
    CHECK_INT(oi_handle_set_int(req, OI_OPT_RECEIVE_TIMEOUT, 300), OI_OK);
    long long t0 = now_ms();
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_E_TIMEOUT);
    long long took = now_ms() - t0;
    CHECK(took >= 250 && took < 1000);
    oi_handle_close(s);
}

/* The same through the connection handle. */
TEST(connection_level_timeout_is_used)
{
    oi_handle *s = session_new(), *c = NULL, *req = NULL;
    CHECK_INT(oi_session_connect(s, "127.0.0.1", port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_handle_set_int(c, OI_OPT_TOTAL_TIMEOUT, 300), OI_OK);
    CHECK_INT(oi_connection_open_request(c, "GET", "/silent", NULL, NULL, NULL, 0, &req), OI_OK);
    long long t0 = now_ms();
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_E_TIMEOUT);
    long long took = now_ms() - t0;
    CHECK(took >= 250 && took < 1000);
    oi_handle_close(s);
}

/* After a timeout the same request can be sent again, and succeed. */
TEST(request_can_be_sent_again_after_a_timeout)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    CHECK_INT(request_open(s, "127.0.0.1", port, "GET", "/drip?ms=600&n=2", 0, &req), OI_OK);
    oi_handle_set_int(req, OI_OPT_RECEIVE_TIMEOUT, 200);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(read_body(req, &b), OI_E_TIMEOUT);
    body_free(&b);
    oi_handle_set_int(req, OI_OPT_RECEIVE_TIMEOUT, 2000);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_STR(b.data, "**");
    body_free(&b);
    oi_handle_close(s);
}

/* The total timeout counts from each send, not from the first. */
TEST(total_timeout_restarts_with_each_send)
{
    oi_handle *s = session_new(), *req = NULL;
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, 900);
    CHECK_INT(request_open(s, "127.0.0.1", port, "GET", "/drip?ms=100&n=5", 0, &req), OI_OK);
    for (int i = 0; i < 3; i++) {
        body b = {0};
        CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
        CHECK_INT(read_body(req, &b), OI_OK);
        CHECK_INT(b.len, 5);
        body_free(&b);
    }
    oi_handle_close(s);
}

/* The receive timeout measures the server's silence, not the caller's:
 * bytes that wait in the socket while the caller pauses are no timeout. */
TEST(caller_pause_between_reads_is_not_a_timeout)
{
    oi_handle *s = session_new(), *req = NULL;
    char buf[1024];
    size_t n = 0;
    body b = {0};
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, 300);
    CHECK_INT(http_send(s, port, "GET", "/big-body?n=100000", 0, &req), OI_OK);
    CHECK_INT(oi_file_read(req, buf, sizeof buf, &n), OI_OK);
    struct timespec pause = {0, 600 * 1000000L};
    nanosleep(&pause, NULL);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_INT(n + b.len, 100000);
    body_free(&b);
    oi_handle_close(s);
}

TEST(quick_drip_within_timeouts_succeeds)
{
    oi_handle *s = session_new();
    body b = {0};
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, 1000);
    CHECK_INT(outcome(s, "/drip?ms=20&n=10", &b), OI_OK);
    CHECK_STR(b.data, "**********");
    body_free(&b);
    oi_handle_close(s);
}

int main(void)
{
    port = env_port("OI_SCRIPTED_PORT");

    RUN(ok_reads_hello);
    RUN(bare_lf_head_is_accepted);
    RUN(obs_fold_value_is_unfolded);
    RUN(chunked_trailer_is_queryable);
    RUN(trailers_of_a_redirect_hop_are_not_the_answers);
    RUN(te_and_cl_reads_as_chunked);
    RUN(cl_same_values_are_one_length);
    RUN(continue_is_skipped_and_reported);
    RUN(close_delimited_body_reads_to_close);
    RUN(http10_response_reads_to_close);
    RUN(big_body_arrives_whole);
    RUN(head_answer_keeps_connection_in_step);
    RUN(oversize_head_is_accepted_when_limit_raised);
    RUN(many_headers_are_accepted_when_limits_raised);
    RUN(raw_head_of_bare_lf_response_uses_crlf);
    RUN(chunked_body_reads_one_byte_at_a_time);
    RUN(header_lookup_reaches_the_last_of_many);
    RUN(keep_alive_reuse_is_visible_through_conn_id);
    RUN(get_is_retried_once_on_closed_connection);
    RUN(post_is_not_retried_on_closed_connection);
    RUN(http10_request_connection_is_not_reused);
    RUN(read_after_end_does_not_touch_reused_connection);
    RUN(abandoned_upload_connection_is_not_reused);
    RUN(small_unread_rest_is_drained_for_reuse);
    RUN(large_unread_rest_closes_connection);
    RUN(max_drain_bytes_option_is_honoured);
    RUN(small_unread_chunked_rest_is_drained_for_reuse);
    RUN(abandoned_close_delimited_body_is_not_reused);
    RUN(truncated_length_body_is_aborted);
    RUN(truncated_length_delivers_what_arrived);
    RUN(close_mid_chunk_is_aborted);
    RUN(bad_chunk_size_is_invalid_response);
    RUN(chunk_size_over_64_bits_is_invalid_response);
    RUN(no_status_line_is_invalid_response);
    RUN(garbage_is_invalid_response);
    RUN(conflicting_lengths_are_invalid_response);
    RUN(negative_length_is_invalid_response);
    RUN(non_numeric_length_is_invalid_response);
    RUN(oversize_head_is_header_too_large);
    RUN(too_many_headers_is_header_too_large);
    RUN(header_count_limit_is_honoured);
    RUN(reset_is_connection_reset);
    RUN(reset_mid_body_is_connection_reset);
    RUN(silent_server_hits_receive_timeout);
    RUN(silent_server_hits_total_timeout);
    RUN(slow_drip_hits_receive_timeout);
    RUN(steady_drip_hits_total_timeout);
    RUN(request_can_be_sent_again_after_a_timeout);
    RUN(total_timeout_restarts_with_each_send);
    RUN(caller_pause_between_reads_is_not_a_timeout);
    RUN(request_level_timeout_is_used);
    RUN(connection_level_timeout_is_used);
    RUN(quick_drip_within_timeouts_succeeds);
    return check_summary();
}
