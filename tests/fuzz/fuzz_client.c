/* The whole client: fuzzed server byte streams played into a real request
 * through the public API, from oi_request_send to the last oi_file_read and
 * oi_handle_close.
 *
 * The transport is in memory.  oi_conn_open, the one place where the
 * library resolves a name and connects, is replaced at link time
 * (-Wl,--wrap=oi_conn_open): each connection it is asked for is one end of
 * a socketpair(2), made into an oi_conn as transport.c makes one, whose
 * other end has already written that connection's server stream and shut
 * down.  Everything above it is the library's own: the route and its pool
 * key, the pool, proxies (HTTP and SOCKS5 bytes included), sending,
 * receiving, parsing, framing, decoding, cookies, authentication and
 * redirects.  No thread, so every run of an input is the same.  recv() is
 * wrapped too, to hand the client its bytes in input-derived short reads,
 * as a slow server would.  getaddrinfo() and connect() are wrapped to
 * abort: no run may reach the network.
 *
 * Input: four parameter bytes, then the server streams of the first, second
 * ... connection, separated by "~~NEXT~~" (at most four; a connection asked
 * for after the last stream is refused).
 *   byte 0: bit 0 decoding on; bits 1-2 verb (GET, HEAD, POST, PUT);
 *           bit 3 HTTP/1.0; bit 4 credentials (server and proxy);
 *           bit 5 FAIL_ON_ERROR; bit 6 oi_file_available between reads;
 *           bit 7 send again after reading
 *   byte 1: bits 0-2 read size; bits 3-4 max header bytes; bits 5-6 max
 *           header count; bit 7 small chunk-line and trailer limits
 *   byte 2: bit 0 no cookies; bit 1 no redirects; bit 2 no auth;
 *           bits 3-7 recv size seed (0: whole reads)
 *   byte 3: bits 0-1 route: direct (0, 3), HTTP proxy (1), SOCKS5 (2)
 *
 * Findings: sanitizer reports, leaks (LeakSanitizer after each input, and
 * file descriptors: the lowest free one is the same after the run), hangs
 * (libFuzzer's -timeout), a control character in the raw response head. */
#include "fuzz.h"
#include "internal.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#define HOST      "fuzz.invalid"
#define NEXT      "~~NEXT~~"
#define MAX_CONNS 4

static struct {
    const uint8_t *rest; /* the streams of later connections; NULL: none */
    size_t rest_len;
    int server_fd[MAX_CONNS];
    int conns;
    int short_reads;
    fuzz_seq recv_seq;
} g;

/* Where queried values go, so that reading them is not optimised away. */
static volatile unsigned sink;

ssize_t __real_recv(int fd, void *buf, size_t len, int flags);

/* Every recv() of the library comes here; its only sockets are ours. */
ssize_t __wrap_recv(int fd, void *buf, size_t len, int flags)
{
    if (g.short_reads && len > 0) {
        size_t n = fuzz_seq_next(&g.recv_seq);
        len = n < len ? n : len;
    }
    return __real_recv(fd, buf, len, flags);
}

struct addrinfo;
int __wrap_getaddrinfo(const char *node, const char *service, const void *hints,
                       struct addrinfo **res);
int __wrap_getaddrinfo(const char *node, const char *service, const void *hints,
                       struct addrinfo **res)
{
    (void)service, (void)hints, (void)res;
    fprintf(stderr, "fuzz_client: the library looked up \"%s\"\n", node);
    abort();
}

struct sockaddr;
int __wrap_connect(int fd, const struct sockaddr *addr, unsigned len);
int __wrap_connect(int fd, const struct sockaddr *addr, unsigned len)
{
    (void)fd, (void)addr, (void)len;
    fprintf(stderr, "fuzz_client: the library connected a socket\n");
    abort();
}

/* The first separator in s[0..n), or NULL (memmem is not POSIX.1-2008). */
static const uint8_t *find_next(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i + sizeof NEXT - 1 <= n; i++)
        if (s[i] == NEXT[0] && memcmp(s + i, NEXT, sizeof NEXT - 1) == 0)
            return s + i;
    return NULL;
}

/* The stream of the next connection: up to the next separator. */
static const uint8_t *next_stream(size_t *len)
{
    const uint8_t *s = g.rest;
    const uint8_t *sep = find_next(g.rest, g.rest_len);
    if (sep) {
        *len = (size_t)(sep - s);
        g.rest_len -= *len + sizeof NEXT - 1;
        g.rest = sep + sizeof NEXT - 1;
    } else {
        *len = g.rest_len;
        g.rest = NULL;
    }
    return s;
}

/* The server writes its whole stream at once and shuts down.  Streams are
 * bounded by -max_len and fit the socket buffer; if one did not, the cut
 * would fall at the same place on every run. */
static void serve(int fd, const uint8_t *s, size_t len)
{
    FUZZ_CHECK(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0);
    for (size_t off = 0; off < len;) {
        ssize_t n = send(fd, s + off, len - off, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    shutdown(fd, SHUT_WR);
}

oi_status __wrap_oi_conn_open(oi_handle *h, const char *host, unsigned port, int64_t deadline,
                              oi_conn **out);
oi_status __wrap_oi_conn_open(oi_handle *h, const char *host, unsigned port, int64_t deadline,
                              oi_conn **out)
{
    (void)deadline;
    *out = NULL;
    if (!g.rest || g.conns == MAX_CONNS)
        return oi_fail(h, OI_E_CANNOT_CONNECT, "connect to %s port %u: refused by the fuzzer", host,
                       port);
    size_t len;
    const uint8_t *stream = next_stream(&len);
    int sv[2];
    FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    g.server_fd[g.conns++] = sv[1];
    serve(sv[1], stream, len);

    oi_conn *c = oi_calloc(1, sizeof *c);
    FUZZ_CHECK(c != NULL);
    c->fd = sv[0];
    c->port = port;
    c->host = oi_strdup(host);
    FUZZ_CHECK(c->host != NULL);
    FUZZ_CHECK(fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK) == 0);
    *out = c;
    return OI_OK;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    signal(SIGPIPE, SIG_IGN); /* sends use MSG_NOSIGNAL; this is the belt */
    return 0;
}

/* Touch every byte of a value the API hands out. */
static unsigned sum(const char *p, size_t n)
{
    unsigned s = 0;
    for (size_t i = 0; i < n; i++)
        s += (unsigned char)p[i];
    return s;
}

static void query(oi_handle *req)
{
    static const char *const names[] = {"Content-Type",      "Content-Length", "Transfer-Encoding",
                                        "Set-Cookie",        "Location",       "WWW-Authenticate",
                                        "Content-Encoding",  "Connection",     "X-Missing",
                                        "Proxy-Authenticate"};
    unsigned s = 0;
    size_t len = 0;
    const char *raw = oi_request_raw_headers(req, &len);
    if (raw) {
        FUZZ_CHECK(strlen(raw) == len);
        for (size_t i = 0; i < len; i++)
            FUZZ_CHECK((unsigned char)raw[i] >= 0x20 || raw[i] == '\t' || raw[i] == '\r' ||
                       raw[i] == '\n');
    }
    s += (unsigned)oi_request_status(req) + (unsigned)oi_request_http_minor(req);
    const char *reason = oi_request_reason(req);
    s += reason ? sum(reason, strlen(reason)) : 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (size_t k = 0; k < 3; k++) {
            const char *v;
            size_t n;
            if (oi_request_header(req, names[i], k, &v, &n) == OI_OK)
                s += sum(v, n);
        }
    s += (unsigned)oi_request_content_length(req);
    const char *url = oi_request_final_url(req);
    s += url ? sum(url, strlen(url)) : 0;
    const char *sent = oi_request_sent_headers(req, &len);
    s += sent ? sum(sent, len) : 0;
    sink += s;
}

/* FUZZ_CLIENT_TRACE=1 says what an input did: for checking seeds. */
static void trace(oi_handle *req, const char *what, oi_status st, size_t body)
{
    if (getenv("FUZZ_CLIENT_TRACE"))
        fprintf(stderr, "%s: %s (%s), status %d, %zu body bytes, %d connections\n", what,
                oi_status_name(st), oi_handle_message(req), oi_request_status(req), body, g.conns);
}

static size_t read_body(oi_handle *req, size_t size, int available)
{
    static char buf[65536];
    size_t total = 0;
    /* Bodies are bounded by the input and the decoded-size limit; the
     * bound on calls only keeps a one-byte reader of a big decoded body
     * from taking seconds. */
    for (int calls = 0; calls < 100000; calls++) {
        size_t got = 0, avail = 0;
        if (available && oi_file_available(req, &avail) != OI_OK)
            break;
        if (oi_file_read(req, buf, size, &got) != OI_OK || got == 0)
            break;
        FUZZ_CHECK(got <= size);
        total += got;
    }
    for (size_t k = 0; k < 2; k++) {
        const char *v;
        size_t n;
        if (oi_request_trailer(req, "X-Trailer", k, &v, &n) == OI_OK)
            sink += sum(v, n);
        if (oi_request_trailer(req, "Expires", k, &v, &n) == OI_OK)
            sink += sum(v, n);
    }
    return total;
}

static const size_t read_sizes[] = {1, 2, 7, 100, 4096, 16383, 16384, 65536};
static const long long header_bytes[] = {102400, 40, 300, 4096};
static const long long header_counts[] = {500, 0, 1, 3};
static const char *const verbs[] = {"GET", "HEAD", "POST", "PUT"};
static const char *const proxies[] = {NULL, "http://proxy.invalid:3128",
                                      "socks5h://proxy.invalid:1080", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    unsigned b0 = fuzz_byte(&in), b1 = fuzz_byte(&in), b2 = fuzz_byte(&in), b3 = fuzz_byte(&in);

    int lowest = dup(0); /* the lowest free descriptor, to find leaks */
    FUZZ_CHECK(lowest >= 0);
    close(lowest);
    memset(&g, 0, sizeof g);
    g.rest = in.p;
    g.rest_len = in.n;
    g.short_reads = (b2 >> 3) != 0;
    g.recv_seq = fuzz_seq_make(b2 >> 3, 64);

    const char *proxy = proxies[b3 & 3];
    oi_handle *session, *conn, *req;
    FUZZ_CHECK(oi_session_open("fuzz", proxy ? OI_ACCESS_PROXY : OI_ACCESS_DIRECT, &session) ==
               OI_OK);
    if (proxy)
        oi_handle_set_str(session, OI_OPT_PROXY, proxy);
    /* Nothing waits (every stream is all there, then EOF): the timeouts
     * only bound a bug that would. */
    oi_handle_set_int(session, OI_OPT_CONNECT_TIMEOUT, 2000);
    oi_handle_set_int(session, OI_OPT_SEND_TIMEOUT, 2000);
    oi_handle_set_int(session, OI_OPT_RECEIVE_TIMEOUT, 2000);
    oi_handle_set_int(session, OI_OPT_DECODING, b0 & 1);
    oi_handle_set_int(session, OI_OPT_MAX_DECODED_SIZE, 1 << 20);
    oi_handle_set_int(session, OI_OPT_MAX_HEADER_BYTES, header_bytes[(b1 >> 3) & 3]);
    if ((b1 >> 5) & 3)
        oi_handle_set_int(session, OI_OPT_MAX_HEADER_COUNT, header_counts[(b1 >> 5) & 3]);
    if (b1 & 0x80) {
        oi_handle_set_int(session, OI_OPT_MAX_CHUNK_LINE, 8);
        oi_handle_set_int(session, OI_OPT_MAX_TRAILER_BYTES, 20);
    }
    if (b0 & 0x10) {
        oi_handle_set_str(session, OI_OPT_PROXY_USERNAME, "proxyuser");
        oi_handle_set_str(session, OI_OPT_PROXY_PASSWORD, "proxy\"pass");
    }

    unsigned flags = (b2 & 1 ? OI_FLAG_NO_COOKIES : 0) | (b2 & 2 ? OI_FLAG_NO_AUTO_REDIRECT : 0) |
                     (b2 & 4 ? OI_FLAG_NO_AUTH : 0) | (b0 & 0x20 ? OI_FLAG_FAIL_ON_ERROR : 0);
    const char *verb = verbs[(b0 >> 1) & 3];
    const char *accept[] = {"text/html", "*/*", NULL};
    FUZZ_CHECK(oi_session_connect(session, HOST, 80, b0 & 0x10 ? "user" : NULL,
                                  b0 & 0x10 ? "pass word" : NULL, 0, &conn) == OI_OK);
    FUZZ_CHECK(oi_connection_open_request(conn, verb, "/dir/page?q=1",
                                          b0 & 8 ? "HTTP/1.0" : "HTTP/1.1", NULL, accept, flags,
                                          &req) == OI_OK);
    const char *body = strcmp(verb, "POST") == 0 || strcmp(verb, "PUT") == 0 ? "a=1&b=2" : NULL;

    oi_status st = oi_request_send(req, "X-Fuzz: 1\r\n", (size_t)-1, body, body ? 7 : 0);
    query(req);
    size_t got = read_body(req, read_sizes[b1 & 7], (b0 >> 6) & 1);
    trace(req, "send", st, got);
    if (b0 & 0x80) { /* again, on the next stream if there is one */
        st = oi_request_send(req, NULL, 0, body, body ? 7 : 0);
        query(req);
        got = read_body(req, read_sizes[b1 & 7], 0);
        trace(req, "send again", st, got);
    }
    FUZZ_CHECK(oi_handle_close(session) == OI_OK);

    for (int i = 0; i < g.conns; i++)
        close(g.server_fd[i]);
    int now = dup(0);
    FUZZ_CHECK(now == lowest); /* every socket the library had is closed */
    close(now);
    return 0;
}
