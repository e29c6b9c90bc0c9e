/* Content decoding through the public API (OI_OPT_DECODING): httpbin's
 * gzip, deflate and brotli answers and the scripted server's zstd and
 * chunked gzip bodies decode to their known text in any read size; a
 * decompression bomb stops at OI_OPT_MAX_DECODED_SIZE and a corrupt body
 * fails, each with its own code; with decoding off the raw bytes are read
 * and no Accept-Encoding is sent; oi_file_available() counts decoded
 * bytes. */
#include "support.h"

#include <poll.h>
#include <pthread.h>
#include <sys/time.h>

static unsigned httpbin, scripted;

#define ZSTD_LINE    "openinet decoded this zstd body\n"
#define ZSTD_REPEATS 64
#define GZIP_LINES   1000
#define GZIP_LINE    "chunked gzip line %04d\n"
#define BOMB_SIZE    67108864ull

static oi_handle *session_decoding(void)
{
    oi_handle *s = session_new();
    oi_handle_set_int(s, OI_OPT_DECODING, 1);
    return s;
}

/* GET port/path and read the body in reads of `chunk` bytes; returns the
 * read's code, the request stays open in *req. */
static oi_status get_chunked(oi_handle *s, unsigned port, const char *path, size_t chunk,
                             oi_handle **req, body *b)
{
    oi_status rc = http_send(s, port, "GET", path, 0, req);
    if (rc != OI_OK)
        return rc;
    CHECK_INT(oi_request_status(*req), 200);
    return read_body_chunked(*req, b, chunk);
}

static int is_zstd_text(const body *b)
{
    size_t n = strlen(ZSTD_LINE);
    if (b->len != n * ZSTD_REPEATS)
        return 0;
    for (size_t i = 0; i < ZSTD_REPEATS; i++)
        if (memcmp(b->data + i * n, ZSTD_LINE, n) != 0)
            return 0;
    return 1;
}

static int is_gzip_chunked_text(const body *b)
{
    char line[32];
    size_t off = 0;
    for (int i = 0; i < GZIP_LINES; i++) {
        int n = snprintf(line, sizeof line, GZIP_LINE, i);
        if (off + (size_t)n > b->len || memcmp(b->data + off, line, (size_t)n) != 0)
            return 0;
        off += (size_t)n;
    }
    return off == b->len;
}

/* ------------------------------------------------------------------ */
/* Each coding                                                        */
/* ------------------------------------------------------------------ */

/* httpbin's /gzip, /deflate and /brotli each say so in their JSON. */
static void check_httpbin_coding(const char *path, const char *coding, const char *flag)
{
    oi_handle *s = session_decoding(), *req = NULL;
    char method[16] = "";
    body b = {0};
    CHECK_INT(get_chunked(s, httpbin, path, 4096, &req, &b), OI_OK);
    CHECK(header_is(req, "Content-Encoding", coding));
    if (!json_is_true(b.data, flag))
        fprintf(stderr, "%s decoded to: %.200s\n", path, b.data ? b.data : "(nothing)");
    CHECK(json_is_true(b.data, flag));
    CHECK(json_string_of(b.data, "method", method, sizeof method));
    CHECK_STR(method, "GET");
    body_free(&b);
    oi_handle_close(s);
}

TEST(gzip_from_httpbin_decodes_to_json)
{
    check_httpbin_coding("/gzip", "gzip", "gzipped");
}

TEST(deflate_from_httpbin_decodes_to_json)
{
    check_httpbin_coding("/deflate", "deflate", "deflated");
}

TEST(brotli_from_httpbin_decodes_to_json)
{
    check_httpbin_coding("/brotli", "br", "brotli");
}

TEST(zstd_decodes_to_its_text_in_any_read_size)
{
    static const size_t chunks[] = {1, 7, 100, 65536};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        oi_handle *s = session_decoding(), *req = NULL;
        body b = {0};
        CHECK_INT(get_chunked(s, scripted, "/zstd", chunks[i], &req, &b), OI_OK);
        if (!is_zstd_text(&b))
            fprintf(stderr, "/zstd in reads of %zu: %zu bytes, not the text\n", chunks[i], b.len);
        CHECK(is_zstd_text(&b));
        body_free(&b);
        oi_handle_close(s);
    }
}

TEST(chunked_gzip_decodes_in_any_read_size)
{
    static const size_t chunks[] = {1, 7, 1000, 65536};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        oi_handle *s = session_decoding(), *req = NULL;
        body b = {0};
        CHECK_INT(get_chunked(s, scripted, "/gzip-chunked", chunks[i], &req, &b), OI_OK);
        if (!is_gzip_chunked_text(&b))
            fprintf(stderr, "/gzip-chunked in reads of %zu: %zu bytes, not the lines\n", chunks[i],
                    b.len);
        CHECK(is_gzip_chunked_text(&b));
        body_free(&b);
        oi_handle_close(s);
    }
}

/* The option inherits like any other: set on the request alone. */
TEST(decoding_set_on_the_request_only)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    CHECK_INT(request_open(s, "127.0.0.1", scripted, "GET", "/zstd", 0, &req), OI_OK);
    CHECK_INT(oi_handle_set_int(req, OI_OPT_DECODING, 1), OI_OK);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK(is_zstd_text(&b));
    body_free(&b);
    oi_handle_close(s);
}

/* An unknown coding is read as it came. */
TEST(unknown_coding_reads_raw)
{
    oi_handle *s = session_decoding(), *req = NULL;
    body b = {0};
    CHECK_INT(
        get_chunked(s, httpbin, "/response-headers?Content-Encoding=x-unknown", 4096, &req, &b),
        OI_OK);
    CHECK(b.data && b.data[0] == '{' && strstr(b.data, "x-unknown") != NULL);
    body_free(&b);
    oi_handle_close(s);
}

/* HEAD has no body to decode, whatever the Content-Encoding says. */
TEST(head_of_an_encoded_resource_has_no_body)
{
    oi_handle *s = session_decoding(), *req = NULL;
    body b = {0};
    CHECK_INT(http_send(s, httpbin, "HEAD", "/gzip", 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_INT(b.len, 0);
    body_free(&b);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Limits and failures                                                */
/* ------------------------------------------------------------------ */

/* 64 MiB of zeros in 64 KiB of gzip: the limit stops it early, and the
 * bytes delivered before never exceed the limit. */
TEST(gzip_bomb_stops_at_the_decoded_size_limit)
{
    oi_handle *s = session_decoding(), *req = NULL;
    body b = {0};
    long long t0 = now_ms();
    oi_handle_set_int(s, OI_OPT_MAX_DECODED_SIZE, 1048576);
    CHECK_INT(get_chunked(s, scripted, "/gzip-bomb", 65536, &req, &b), OI_E_DECODED_TOO_LARGE);
    CHECK_INT(oi_handle_error(req), OI_E_DECODED_TOO_LARGE);
    CHECK(b.len <= 1048576);
    CHECK(now_ms() - t0 < 10000);
    body_free(&b);
    oi_handle_close(req);
    check_get_ok(s, scripted, "/ok", "hello");
    oi_handle_close(s);
}

/* Under the default limit (1 GiB) the same body decodes whole. */
TEST(gzip_bomb_under_the_default_limit_decodes_whole)
{
    oi_handle *s = session_decoding(), *req = NULL;
    static char buf[1 << 20];
    unsigned long long total = 0;
    int zeros = 1;
    CHECK_INT(http_send(s, scripted, "GET", "/gzip-bomb", 0, &req), OI_OK);
    for (;;) {
        size_t n = 0;
        oi_status rc = oi_file_read(req, buf, sizeof buf, &n);
        CHECK_INT(rc, OI_OK);
        if (rc != OI_OK || n == 0)
            break;
        for (size_t i = 0; i < n && zeros; i += 4096)
            zeros = buf[i] == 0;
        total += n;
    }
    CHECK_INT(total, BOMB_SIZE);
    CHECK(zeros);
    oi_handle_close(s);
}

TEST(corrupt_gzip_is_a_decoding_error)
{
    oi_handle *s = session_decoding(), *req = NULL;
    body b = {0};
    CHECK_INT(get_chunked(s, scripted, "/bad-gzip", 4096, &req, &b), OI_E_DECODING_FAILED);
    CHECK_INT(oi_handle_error(req), OI_E_DECODING_FAILED);
    body_free(&b);
    oi_handle_close(req);
    check_get_ok(s, scripted, "/ok", "hello");
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Decoding off                                                       */
/* ------------------------------------------------------------------ */

TEST(decoding_off_reads_the_raw_gzip_bytes)
{
    oi_handle *s = session_new(), *req = NULL;
    char sent[128];
    body b = {0};
    CHECK_INT(get_chunked(s, httpbin, "/gzip", 4096, &req, &b), OI_OK);
    CHECK(header_is(req, "Content-Encoding", "gzip"));
    CHECK(b.len >= 18 && (unsigned char)b.data[0] == 0x1f && (unsigned char)b.data[1] == 0x8b);
    CHECK_INT((long long)b.len, oi_request_content_length(req));
    CHECK(!sent_header(req, "Accept-Encoding", sent, sizeof sent));
    body_free(&b);
    oi_handle_close(s);
}

TEST(no_accept_encoding_is_sent_with_decoding_off)
{
    oi_handle *s = session_new(), *req = NULL;
    body b = {0};
    CHECK_INT(get_chunked(s, httpbin, "/headers", 4096, &req, &b), OI_OK);
    CHECK(b.data && strstr(b.data, "\"headers\"") != NULL);
    CHECK(json_value_of(b.data, "Accept-Encoding") == NULL);
    body_free(&b);
    oi_handle_close(s);
}

TEST(accept_encoding_names_every_coding_with_decoding_on)
{
    oi_handle *s = session_decoding(), *req = NULL;
    char got[128] = "";
    body b = {0};
    CHECK_INT(get_chunked(s, httpbin, "/headers", 4096, &req, &b), OI_OK);
    CHECK(json_string_of(b.data, "Accept-Encoding", got, sizeof got));
    CHECK(strstr(got, "gzip") != NULL);
    CHECK(strstr(got, "deflate") != NULL);
    CHECK(strstr(got, "br") != NULL);
    CHECK(strstr(got, "zstd") != NULL);
    body_free(&b);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Available bytes and connection reuse                               */
/* ------------------------------------------------------------------ */

/* What available() announces can be read at once, byte for byte, and 0
 * comes only at the end of the decoded body. */
static void check_available_matches(const char *path, int (*is_text)(const body *))
{
    oi_handle *s = session_decoding(), *req = NULL;
    body b = {0};
    CHECK_INT(http_send(s, scripted, "GET", path, 0, &req), OI_OK);
    for (int guard = 0; guard < 100000; guard++) {
        size_t avail = 0, n = 0;
        CHECK_INT(oi_file_available(req, &avail), OI_OK);
        if (avail == 0 || !body_reserve(&b, avail))
            break;
        CHECK_INT(oi_file_read(req, b.data + b.len, avail, &n), OI_OK);
        CHECK_INT(n, avail);
        if (n != avail)
            break;
        b.len += n;
        b.data[b.len] = '\0';
    }
    CHECK(is_text(&b));
    body_free(&b);
    oi_handle_close(s);
}

TEST(available_counts_decoded_bytes)
{
    check_available_matches("/zstd", is_zstd_text);
    check_available_matches("/gzip-chunked", is_gzip_chunked_text);
}

/* A body decoded to its end leaves the connection ready for the next
 * request (scripted /conn-id counts requests per connection). */
TEST(decoded_body_with_length_leaves_the_connection_reusable)
{
    oi_handle *s = session_decoding(), *req = NULL;
    int conn1 = 0, req1 = 0, conn2 = 0, req2 = 0;
    body b = {0};
    CHECK(scripted_conn_id(s, scripted, &conn1, &req1));
    CHECK_INT(get_chunked(s, scripted, "/zstd", 16384, &req, &b), OI_OK);
    oi_handle_close(req);
    CHECK(scripted_conn_id(s, scripted, &conn2, &req2));
    CHECK_INT(conn2, conn1);
    CHECK_INT(req2, req1 + 2);
    body_free(&b);
    oi_handle_close(s);
}

/* A chunked gzip body whose last chunk comes a moment after the gzip
 * stream ended: the stream's end is not the body's end, and the few bytes
 * of framing left are no reason to give up the connection.  A server in a
 * thread counts the connections it accepts. */
static const unsigned char gzip_line[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff, 0x4b, 0x49, 0x4d, 0xce, 0x4f, 0x49,
    0x4d, 0x51, 0xc8, 0x2f, 0x4b, 0x2d, 0x52, 0xc8, 0xcf, 0x4b, 0x55, 0x48, 0xce, 0xcf, 0xcb, 0x4b,
    0x4d, 0x2e, 0xc9, 0xcc, 0xcf, 0xe3, 0x02, 0x00, 0x51, 0x65, 0xee, 0x8d, 0x1c, 0x00, 0x00, 0x00};
#define GZIP_LINE_TEXT "decoded over one connection\n"

typedef struct late_server {
    int lfd;
    unsigned port;
    int connections; /* written by the thread, read after the join */
    pthread_t thread;
} late_server;

/* Answer every request of one connection; 0 when the client leaves. */
static int late_answer(int fd)
{
    char head[4096], size[16];
    size_t n = 0;
    head[0] = '\0';
    while (!strstr(head, "\r\n\r\n")) {
        ssize_t got = n + 1 < sizeof head ? recv(fd, head + n, sizeof head - 1 - n, 0) : -1;
        if (got <= 0)
            return 0;
        n += (size_t)got;
        head[n] = '\0';
    }
    static const char start[] = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n";
    snprintf(size, sizeof size, "%zx\r\n", sizeof gzip_line);
    send(fd, start, sizeof start - 1, MSG_NOSIGNAL);
    send(fd, size, strlen(size), MSG_NOSIGNAL);
    send(fd, gzip_line, sizeof gzip_line, MSG_NOSIGNAL);
    send(fd, "\r\n", 2, MSG_NOSIGNAL);
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
    send(fd, "0\r\n\r\n", 5, MSG_NOSIGNAL);
    return 1;
}

/* Serves connections one after the other until no client comes for 0.5 s. */
static void *late_main(void *arg)
{
    late_server *v = arg;
    for (;;) {
        struct pollfd p = {v->lfd, POLLIN, 0};
        if (poll(&p, 1, 500) != 1)
            return NULL;
        int fd = accept(v->lfd, NULL, NULL);
        if (fd < 0)
            return NULL;
        struct timeval tv = {2, 0}; /* a pooled client sends at once */
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        v->connections++;
        while (late_answer(fd))
            ;
        close(fd);
    }
}

static void late_start(late_server *v)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(v, 0, sizeof *v);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    v->lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (v->lfd < 0 || bind(v->lfd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(v->lfd, (struct sockaddr *)&a, &alen) != 0 || listen(v->lfd, 4) != 0 ||
        pthread_create(&v->thread, NULL, late_main, v) != 0) {
        perror("test server");
        exit(1);
    }
    v->port = ntohs(a.sin_port);
}

TEST(decoded_chunked_body_leaves_the_connection_reusable)
{
    oi_handle *s = session_decoding();
    late_server v;
    late_start(&v);
    for (int i = 0; i < 2; i++) {
        oi_handle *req = NULL;
        body b = {0};
        CHECK_INT(get_chunked(s, v.port, "/late-end", 4096, &req, &b), OI_OK);
        CHECK_STR(b.data, GZIP_LINE_TEXT);
        oi_handle_close(req);
        body_free(&b);
    }
    oi_handle_close(s); /* the server sees the client leave */
    pthread_join(v.thread, NULL);
    close(v.lfd);
    if (v.connections != 1)
        fprintf(stderr, "two requests took %d connections\n", v.connections);
    CHECK_INT(v.connections, 1);
}

int main(void)
{
    httpbin = env_port("OI_HTTPBIN_PORT");
    scripted = env_port("OI_SCRIPTED_PORT");

    RUN(gzip_from_httpbin_decodes_to_json);
    RUN(deflate_from_httpbin_decodes_to_json);
    RUN(brotli_from_httpbin_decodes_to_json);
    RUN(zstd_decodes_to_its_text_in_any_read_size);
    RUN(chunked_gzip_decodes_in_any_read_size);
    RUN(decoding_set_on_the_request_only);
    RUN(unknown_coding_reads_raw);
    RUN(head_of_an_encoded_resource_has_no_body);
    RUN(gzip_bomb_stops_at_the_decoded_size_limit);
    RUN(gzip_bomb_under_the_default_limit_decodes_whole);
    RUN(corrupt_gzip_is_a_decoding_error);
    RUN(decoding_off_reads_the_raw_gzip_bytes);
    RUN(no_accept_encoding_is_sent_with_decoding_off);
    RUN(accept_encoding_names_every_coding_with_decoding_on);
    RUN(available_counts_decoded_bytes);
    RUN(decoded_body_with_length_leaves_the_connection_reusable);
    RUN(decoded_chunked_body_leaves_the_connection_reusable);
    return check_summary();
}
