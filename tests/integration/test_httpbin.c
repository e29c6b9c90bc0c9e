/* What the server sees and how the client reacts, against httpbin: methods,
 * request headers with each add-header modifier, status codes, chunked
 * responses, timeouts on slow responses, and uploads whose echoed body must
 * equal what was sent.  httpbin answers JSON; the few values the tests need
 * are pulled out with a small string-field reader. */
#include "support.h"

#include <ctype.h>

static unsigned port;

/* ------------------------------------------------------------------ */
/* JSON: enough to read a string field of httpbin's answers            */
/* ------------------------------------------------------------------ */

/* Decode the JSON string starting after its opening quote at p into out
 * (NUL-terminated, at most cap-1 bytes); ASCII \u escapes only, which is
 * all these tests send.  Returns 1 on success. */
static int json_decode_string(const char *p, char *out, size_t cap)
{
    size_t n = 0;
    for (; *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            p++;
            switch (*p) {
            case 'n':
                c = '\n';
                break;
            case 'r':
                c = '\r';
                break;
            case 't':
                c = '\t';
                break;
            case 'u': {
                unsigned v = 0;
                if (sscanf(p + 1, "%4x", &v) != 1 || v > 0x7f)
                    return 0;
                c = (char)v;
                p += 4;
                break;
            }
            case '\0':
                return 0;
            default:
                c = *p;
                break; /* \" \\ \/ */
            }
        }
        if (n + 1 >= cap)
            return 0;
        out[n++] = c;
    }
    out[n] = '\0';
    return *p == '"';
}

/* The string value of the first member called `key` anywhere in json.
 * httpbin's keys are unique enough for that: top-level fields ("data",
 * "method") and header names inside "headers". */
static int json_string(const char *json, const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key);
    for (const char *p = json ? strchr(json, '"') : NULL; p; p = strchr(p + 1, '"')) {
        if (strncmp(p + 1, key, klen) != 0 || p[1 + klen] != '"')
            continue;
        const char *v = p + 2 + klen;
        while (isspace((unsigned char)*v))
            v++;
        if (*v++ != ':')
            continue;
        while (isspace((unsigned char)*v))
            v++;
        return *v == '"' && json_decode_string(v + 1, out, cap);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

/* Send req, expect 200, read the JSON answer into b. */
static void send_and_read(oi_handle *req, const void *data, size_t len, body *b)
{
    CHECK_INT(oi_request_send(req, NULL, 0, data, len), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(read_body(req, b), OI_OK);
}

/* The value httpbin saw for request header `name`, or NULL if absent;
 * `headers` is what to add with `modifiers` after a first "X-Test: a"
 * (skipped when first is NULL).  Returns a static buffer. */
static const char *seen_header(const char *first, const char *headers, unsigned modifiers,
                               oi_status want_rc, const char *name)
{
    static char value[1024];
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    const char *result = NULL;
    CHECK_INT(request_open(s, "127.0.0.1", port, "GET", "/headers", 0, &req), OI_OK);
    if (first)
        CHECK_INT(oi_request_add_headers(req, first, (size_t)-1, OI_HEADER_ADD), OI_OK);
    CHECK_INT(oi_request_add_headers(req, headers, (size_t)-1, modifiers), want_rc);
    send_and_read(req, NULL, 0, &b);
    if (json_string(b.data, name, value, sizeof value))
        result = value;
    body_free(&b);
    oi_handle_close(s);
    return result;
}

/* The session still completes an ordinary request after a failure. */
static void check_session_works(oi_handle *s)
{
    check_get_ok(s, port, "/get", NULL);
}

/* ------------------------------------------------------------------ */
/* Methods and headers                                                */
/* ------------------------------------------------------------------ */

TEST(methods_reach_the_server)
{
    static const char *verbs[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    oi_handle *s = session_new();
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        oi_handle *req = NULL;
        body b = {0};
        char method[32] = "";
        CHECK_INT(request_open(s, "127.0.0.1", port, verbs[i], "/anything", 0, &req), OI_OK);
        send_and_read(req, NULL, 0, &b);
        CHECK(json_string(b.data, "method", method, sizeof method));
        CHECK_STR(method, verbs[i]);
        body_free(&b);
        oi_handle_close(req);
    }
    oi_handle_close(s);
}

/* Any token is a verb: httpbin's route refuses this one with 405, which
 * shows that it was parsed as a method. */
TEST(custom_verb_is_sent_as_is)
{
    oi_handle *s = session_new(), *req = NULL;
    CHECK_INT(http_send(s, port, "PROPFIND", "/anything", 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 405);
    const char *head = req ? oi_request_sent_headers(req, NULL) : NULL;
    CHECK(head && strncmp(head, "PROPFIND /anything HTTP/1.1\r\n", 29) == 0);
    oi_handle_close(s);
}

TEST(query_string_reaches_the_server)
{
    oi_handle *s = session_new();
    body b = {0};
    char v[64] = "";
    CHECK_INT(fetch(s, port, "/get?alpha=1&beta=two%20words", &b, NULL), OI_OK);
    CHECK(json_string(b.data, "beta", v, sizeof v));
    CHECK_STR(v, "two words");
    body_free(&b);
    oi_handle_close(s);
}

/* gunicorn joins repeated header lines with ",": two lines arrive. */
TEST(header_add_twice_sends_both)
{
    CHECK_STR(seen_header("X-Test: a", "X-Test: b", OI_HEADER_ADD, OI_OK, "X-Test"), "a,b");
}

TEST(header_add_if_new_keeps_existing)
{
    CHECK_STR(
        seen_header("X-Test: a", "X-Test: b", OI_HEADER_ADD_IF_NEW, OI_E_HEADER_EXISTS, "X-Test"),
        "a");
    CHECK_STR(seen_header(NULL, "X-Test: b", OI_HEADER_ADD_IF_NEW, OI_OK, "X-Test"), "b");
}

TEST(header_replace_overwrites_any_case)
{
    CHECK_STR(seen_header("X-Test: a", "x-TEST: c", OI_HEADER_REPLACE, OI_OK, "X-Test"), "c");
}

TEST(header_replace_with_empty_value_removes)
{
    CHECK(seen_header("X-Test: a", "X-Test:", OI_HEADER_REPLACE, OI_OK, "X-Test") == NULL);
    /* Removing an absent name does nothing, successfully. */
    CHECK(seen_header(NULL, "X-Test:", OI_HEADER_REPLACE, OI_OK, "X-Test") == NULL);
}

TEST(header_coalesce_appends_with_comma)
{
    CHECK_STR(seen_header("X-Test: a", "X-Test: b", OI_HEADER_COALESCE, OI_OK, "X-Test"), "a, b");
    /* Coalescing into an absent name adds it. */
    CHECK_STR(seen_header(NULL, "X-Test: b", OI_HEADER_COALESCE, OI_OK, "X-Test"), "b");
}

TEST(header_coalesce_semicolon_appends_with_semicolon)
{
    CHECK_STR(seen_header("X-Test: a", "X-Test: b", OI_HEADER_COALESCE_SEMICOLON, OI_OK, "X-Test"),
              "a; b");
}

TEST(several_header_lines_in_one_call)
{
    CHECK_STR(seen_header(NULL, "X-One: 1\r\nX-Two: 2\r\n", 0, OI_OK, "X-Two"), "2");
    CHECK_STR(seen_header(NULL, "X-One: 1\r\nX-Two: 2", 0, OI_OK, "X-One"), "1");
}

/* An explicit length ends the text there, NUL or not. */
TEST(header_text_length_is_honoured)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    char v[64] = "";
    CHECK_INT(request_open(s, "127.0.0.1", port, "GET", "/headers", 0, &req), OI_OK);
    CHECK_INT(oi_request_add_headers(req, "X-Kept: 1\r\nX-Cut: 2", 9, 0), OI_OK);
    send_and_read(req, NULL, 0, &b);
    CHECK(json_string(b.data, "X-Kept", v, sizeof v));
    CHECK_STR(v, "1");
    CHECK(!json_string(b.data, "X-Cut", v, sizeof v));
    body_free(&b);
    oi_handle_close(s);
}

/* All lines are checked before any is applied. */
TEST(invalid_line_rejects_the_whole_call)
{
    CHECK(seen_header(NULL, "X-Good: 1\r\nBad Name: 2", 0, OI_E_INVALID_HEADER, "X-Good") == NULL);
}

TEST(headers_given_to_send_reach_the_server)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    char v[64] = "";
    CHECK_INT(request_open(s, "127.0.0.1", port, "GET", "/headers", 0, &req), OI_OK);
    CHECK_INT(oi_request_send(req, "X-Sent: yes\r\n", (size_t)-1, NULL, 0), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK(json_string(b.data, "X-Sent", v, sizeof v));
    CHECK_STR(v, "yes");
    body_free(&b);
    oi_handle_close(s);
}

TEST(headers_given_to_open_url_reach_the_server)
{
    oi_handle *s = session_new(), *h = NULL;
    const char *hdrs = "X-Url-One: 1\r\nX-Url-Two: 2";
    char url[256], v[64] = "";
    body b = {0};
    url_for(url, sizeof url, port, "/headers");
    CHECK_INT(oi_session_open_url(s, url, hdrs, strlen(hdrs), 0, &h), OI_OK);
    CHECK_INT(read_body(h, &b), OI_OK);
    CHECK(json_string(b.data, "X-Url-Two", v, sizeof v));
    CHECK_STR(v, "2");
    body_free(&b);
    oi_handle_close(s);
}

TEST(referrer_and_accept_types_are_sent)
{
    static const char *const types[] = {"text/html", "application/json", NULL};
    oi_handle *s = session_new(), *c = NULL, *req = NULL;
    body b = {0};
    char v[256] = "";
    CHECK_INT(oi_session_connect(s, "127.0.0.1", port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_connection_open_request(c, "GET", "/headers", NULL, "http://ref.example/page",
                                         types, 0, &req),
              OI_OK);
    send_and_read(req, NULL, 0, &b);
    CHECK(json_string(b.data, "Referer", v, sizeof v));
    CHECK_STR(v, "http://ref.example/page");
    CHECK(json_string(b.data, "Accept", v, sizeof v));
    CHECK(strstr(v, "text/html") && strstr(v, "application/json"));
    body_free(&b);
    oi_handle_close(s);
}

TEST(user_agent_reaches_the_server)
{
    oi_handle *s = session_new();
    body b = {0};
    char v[128] = "";
    CHECK_INT(fetch(s, port, "/user-agent", &b, NULL), OI_OK);
    CHECK(json_string(b.data, "user-agent", v, sizeof v));
    CHECK_STR(v, "openinet-tests");
    body_free(&b);
    oi_handle_close(s);
}

/* Basic credentials, from the connection or from the options. */
static int basic_auth_status(const char *user, const char *password, int by_option)
{
    oi_handle *s = session_new(), *c = NULL, *req = NULL;
    int status = 0;
    CHECK_INT(oi_session_connect(s, "127.0.0.1", port, by_option ? NULL : user,
                                 by_option ? NULL : password, 0, &c),
              OI_OK);
    if (by_option) {
        CHECK_INT(oi_handle_set_str(s, OI_OPT_USERNAME, user), OI_OK);
        CHECK_INT(oi_handle_set_str(s, OI_OPT_PASSWORD, password), OI_OK);
    }
    CHECK_INT(oi_connection_open_request(c, "GET", "/basic-auth/alice/s3cr%3At", NULL, NULL, NULL,
                                         0, &req),
              OI_OK);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    status = oi_request_status(req);
    oi_handle_close(s);
    return status;
}

TEST(basic_credentials_are_sent)
{
    CHECK_INT(basic_auth_status("alice", "s3cr:t", 0), 200);
    CHECK_INT(basic_auth_status("alice", "s3cr:t", 1), 200);
    CHECK_INT(basic_auth_status("alice", "wrong", 0), 401);
}

/* ------------------------------------------------------------------ */
/* Status codes                                                       */
/* ------------------------------------------------------------------ */

TEST(status_codes_are_reported)
{
    static const int codes[] = {200, 201, 202, 400, 404, 418, 500, 503};
    oi_handle *s = session_new();
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        char path[32];
        body b = {0};
        int status = 0;
        snprintf(path, sizeof path, "/status/%d", codes[i]);
        CHECK_INT(fetch(s, port, path, &b, &status), OI_OK);
        CHECK_INT(status, codes[i]);
        body_free(&b);
    }
    oi_handle_close(s);
}

/* 204 and 304 never have a body, whatever else the head says. */
TEST(bodiless_statuses_end_at_once)
{
    static const int codes[] = {204, 304};
    oi_handle *s = session_new();
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        oi_handle *req = NULL;
        char path[32], buf[16];
        size_t n = 99;
        snprintf(path, sizeof path, "/status/%d", codes[i]);
        CHECK_INT(http_send(s, port, "GET", path, 0, &req), OI_OK);
        CHECK_INT(oi_request_status(req), codes[i]);
        CHECK_INT(oi_request_content_length(req), 0);
        long long t0 = now_ms();
        CHECK_INT(oi_file_read(req, buf, sizeof buf, &n), OI_OK);
        CHECK_INT(n, 0);
        CHECK(now_ms() - t0 < 1000);
        oi_handle_close(req);
    }
    check_session_works(s);
    oi_handle_close(s);
}

TEST(fail_on_error_server_error_is_http_error)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    CHECK_INT(http_send(s, port, "GET", "/status/500", OI_FLAG_FAIL_ON_ERROR, &req),
              OI_E_HTTP_ERROR);
    CHECK_INT(oi_request_status(req), 500);
    CHECK_INT(read_body(req, &b), OI_OK);
    body_free(&b);
    oi_handle_close(req);
    CHECK_INT(http_send(s, port, "GET", "/status/404", OI_FLAG_FAIL_ON_ERROR, &req),
              OI_E_FILE_NOT_FOUND);
    CHECK_INT(oi_request_status(req), 404);
    oi_handle_close(s);
}

TEST(repeated_response_headers_are_indexed)
{
    oi_handle *s = session_new(), *req = NULL;
    const char *v = NULL;
    size_t n = 0;
    CHECK_INT(http_send(s, port, "GET", "/response-headers?X-Dup=a&X-Dup=b", 0, &req), OI_OK);
    CHECK_INT(oi_request_header(req, "x-dup", 0, &v, &n), OI_OK);
    CHECK_SPAN(v, n, "a");
    CHECK_INT(oi_request_header(req, "X-DUP", 1, &v, &n), OI_OK);
    CHECK_SPAN(v, n, "b");
    CHECK_INT(oi_request_header(req, "X-Dup", 2, &v, &n), OI_E_HEADER_NOT_FOUND);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Chunked responses                                                  */
/* ------------------------------------------------------------------ */

static void stream_bytes(oi_handle *s, size_t chunk, body *b)
{
    oi_handle *req = NULL;
    CHECK_INT(http_send(s, port, "GET", "/stream-bytes/100000?chunk_size=999&seed=7", 0, &req),
              OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(oi_request_content_length(req), -1);
    CHECK(header_is(req, "Transfer-Encoding", "chunked"));
    CHECK_INT(read_body_chunked(req, b, chunk), OI_OK);
    oi_handle_close(req);
}

/* Lengths only: httpbin's seeded generator is the process-wide one, shared
 * by gunicorn's threads, so concurrent tests make the bytes differ. */
TEST(stream_bytes_arrive_chunked_and_whole)
{
    oi_handle *s = session_new();
    body a = {0}, b = {0};
    stream_bytes(s, 333, &a);
    stream_bytes(s, 65536, &b);
    CHECK_INT(a.len, 100000);
    CHECK_INT(b.len, 100000);
    body_free(&a);
    body_free(&b);
    oi_handle_close(s);
}

/* /stream/N sends N JSON lines, one chunk each, numbered from 0: reads
 * that straddle chunks must give every line once and in order. */
TEST(streamed_lines_arrive_in_order)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    CHECK_INT(http_send(s, port, "GET", "/stream/50", 0, &req), OI_OK);
    CHECK_INT(oi_request_content_length(req), -1);
    CHECK_INT(read_body_chunked(req, &b, 77), OI_OK);
    int lines = 0;
    for (char *line = b.data; line && *line; lines++) {
        char *end = strchr(line, '\n'), id[16] = "", want[16];
        if (end)
            *end = '\0';
        snprintf(want, sizeof want, "%d", lines);
        CHECK(strstr(line, "\"id\": ") != NULL);
        if (strstr(line, "\"id\": "))
            sscanf(strstr(line, "\"id\": ") + 6, "%15[0-9]", id);
        CHECK_STR(id, want);
        line = end ? end + 1 : NULL;
    }
    CHECK_INT(lines, 50);
    body_free(&b);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Timeouts                                                           */
/* ------------------------------------------------------------------ */

/* /drip sends its head and first byte at once, then one byte per second:
 * the read after the first byte must give up after the receive timeout. */
TEST(drip_slower_than_receive_timeout_times_out)
{
    oi_handle *s = session_new(), *req = NULL;
    char buf[16];
    size_t n = 0;
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, 300);
    CHECK_INT(http_send(s, port, "GET", "/drip?duration=3&numbytes=3&delay=0", 0, &req), OI_OK);
    CHECK_INT(oi_file_read(req, buf, sizeof buf, &n), OI_OK);
    CHECK_INT(n, 1);
    long long t0 = now_ms();
    CHECK_INT(oi_file_read(req, buf, sizeof buf, &n), OI_E_TIMEOUT);
    long long took = now_ms() - t0;
    CHECK(took >= 250 && took < 900);
    CHECK_INT(oi_handle_error(req), OI_E_TIMEOUT);
    oi_handle_close(req);
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS);
    check_session_works(s);
    oi_handle_close(s);
}

/* A byte every 100 ms never trips a 2 s receive timeout, but the whole
 * 2 s body cannot fit in a 700 ms total timeout. */
TEST(total_timeout_bounds_a_dripping_body)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, 2000);
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, 700);
    long long t0 = now_ms();
    oi_status rc = http_send(s, port, "GET", "/drip?duration=2&numbytes=20&delay=0", 0, &req);
    if (rc == OI_OK)
        rc = read_body(req, &b);
    long long took = now_ms() - t0;
    CHECK_INT(rc, OI_E_TIMEOUT);
    CHECK(took >= 600 && took < 1500);
    CHECK(b.len < 20);
    body_free(&b);
    oi_handle_close(req);
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, TEST_TOTAL_TIMEOUT_MS);
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS);
    check_session_works(s);
    oi_handle_close(s);
}

TEST(delay_longer_than_receive_timeout_times_out)
{
    oi_handle *s = session_new(), *req = NULL;
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, 500);
    long long t0 = now_ms();
    CHECK_INT(http_send(s, port, "GET", "/delay/3", 0, &req), OI_E_TIMEOUT);
    long long took = now_ms() - t0;
    CHECK(took >= 450 && took < 1500);
    CHECK_INT(oi_request_status(req), 0);
    oi_handle_close(req);
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS);
    check_session_works(s);
    oi_handle_close(s);
}

TEST(delay_shorter_than_receive_timeout_succeeds)
{
    oi_handle *s = session_new(), *req = NULL;
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, 3000);
    CHECK_INT(http_send(s, port, "GET", "/delay/1", 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Uploads                                                            */
/* ------------------------------------------------------------------ */

/* Printable bytes, so that httpbin echoes them as a plain JSON string. */
static char *text_pattern(size_t n)
{
    char *p = malloc(n + 1);
    for (size_t i = 0; p && i < n; i++)
        p[i] = (char)('a' + (i * 7 + i / 26) % 26);
    if (p)
        p[n] = '\0';
    return p;
}

/* httpbin's echo of what it received, compared with `sent`. */
static void check_echoed(const body *b, const char *sent, size_t len)
{
    char *data = malloc(len + 2);
    CHECK(data && json_string(b->data, "data", data, len + 2));
    CHECK(data && strlen(data) == len && memcmp(data, sent, len) == 0);
    free(data);
}

TEST(post_from_memory_is_echoed)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    char *data = text_pattern(5000);
    CHECK_INT(request_open(s, "127.0.0.1", port, "POST", "/post", 0, &req), OI_OK);
    CHECK_INT(oi_request_add_headers(req, "Content-Type: text/plain", (size_t)-1, 0), OI_OK);
    send_and_read(req, data, 5000, &b);
    check_echoed(&b, data, 5000);
    body_free(&b);
    free(data);
    oi_handle_close(s);
}

/* Stream `len` bytes in pieces of `piece` to verb path; total_len as for
 * oi_request_begin(), then compare httpbin's echo. */
static void streamed_echo(const char *verb, const char *path, long long total_len, size_t len,
                          size_t piece)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    char *data = text_pattern(len);
    CHECK_INT(request_open(s, "127.0.0.1", port, verb, path, 0, &req), OI_OK);
    CHECK_INT(oi_request_begin(req, "Content-Type: text/plain\r\n", (size_t)-1, total_len), OI_OK);
    for (size_t off = 0; off < len; off += piece)
        CHECK_INT(oi_request_write(req, data + off, len - off < piece ? len - off : piece), OI_OK);
    CHECK_INT(oi_request_end(req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(read_body(req, &b), OI_OK);
    check_echoed(&b, data, len);
    body_free(&b);
    free(data);
    oi_handle_close(s);
}

TEST(streamed_put_with_length_is_echoed)
{
    streamed_echo("PUT", "/put", 200000, 200000, 4096);
}

TEST(chunked_streamed_post_is_echoed)
{
    streamed_echo("POST", "/post", -1, 200001, 3000);
}

TEST(empty_chunked_post_is_echoed)
{
    streamed_echo("POST", "/post", -1, 0, 1);
}

TEST(empty_streamed_put_with_length_is_echoed)
{
    streamed_echo("PUT", "/put", 0, 0, 1);
}

TEST(writing_more_than_announced_is_invalid)
{
    oi_handle *s = session_new(), *req = NULL;
    CHECK_INT(request_open(s, "127.0.0.1", port, "POST", "/post", 0, &req), OI_OK);
    CHECK_INT(oi_request_begin(req, NULL, 0, 10), OI_OK);
    CHECK_INT(oi_request_write(req, "12345", 5), OI_OK);
    CHECK_INT(oi_request_write(req, "123456", 6), OI_E_INVALID_PARAMETER);
    oi_handle_close(req);
    check_session_works(s);
    oi_handle_close(s);
}

TEST(ending_short_of_announced_is_invalid)
{
    oi_handle *s = session_new(), *req = NULL;
    CHECK_INT(request_open(s, "127.0.0.1", port, "POST", "/post", 0, &req), OI_OK);
    CHECK_INT(oi_request_begin(req, NULL, 0, 10), OI_OK);
    CHECK_INT(oi_request_write(req, "12345", 5), OI_OK);
    CHECK_INT(oi_request_end(req), OI_E_INVALID_PARAMETER);
    oi_handle_close(req);
    check_session_works(s);
    oi_handle_close(s);
}

int main(void)
{
    port = env_port("OI_HTTPBIN_PORT");

    RUN(methods_reach_the_server);
    RUN(custom_verb_is_sent_as_is);
    RUN(query_string_reaches_the_server);
    RUN(header_add_twice_sends_both);
    RUN(header_add_if_new_keeps_existing);
    RUN(header_replace_overwrites_any_case);
    RUN(header_replace_with_empty_value_removes);
    RUN(header_coalesce_appends_with_comma);
    RUN(header_coalesce_semicolon_appends_with_semicolon);
    RUN(several_header_lines_in_one_call);
    RUN(header_text_length_is_honoured);
    RUN(invalid_line_rejects_the_whole_call);
    RUN(headers_given_to_send_reach_the_server);
    RUN(headers_given_to_open_url_reach_the_server);
    RUN(referrer_and_accept_types_are_sent);
    RUN(user_agent_reaches_the_server);
    RUN(basic_credentials_are_sent);
    RUN(status_codes_are_reported);
    RUN(bodiless_statuses_end_at_once);
    RUN(fail_on_error_server_error_is_http_error);
    RUN(repeated_response_headers_are_indexed);
    RUN(stream_bytes_arrive_chunked_and_whole);
    RUN(streamed_lines_arrive_in_order);
    RUN(drip_slower_than_receive_timeout_times_out);
    RUN(total_timeout_bounds_a_dripping_body);
    RUN(delay_longer_than_receive_timeout_times_out);
    RUN(delay_shorter_than_receive_timeout_succeeds);
    RUN(post_from_memory_is_echoed);
    RUN(streamed_put_with_length_is_echoed);
    RUN(chunked_streamed_post_is_echoed);
    RUN(empty_chunked_post_is_echoed);
    RUN(empty_streamed_put_with_length_is_echoed);
    RUN(writing_more_than_announced_is_invalid);
    RUN(ending_short_of_announced_is_invalid);
    return check_summary();
}
