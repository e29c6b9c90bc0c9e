/* Redirects through the public API: httpbin's chains (relative, absolute,
 * mixed) end at /get with the final URL queryable and one redirect event
 * per hop; the limit, the no-redirect flag, the method rules of 301/302/303
 * and 307/308, the schemes followed, https to http, and the caller's
 * Authorization and Cookie headers, which must not follow the request to
 * another server.  A small server in a thread of this program (plain or
 * TLS) stages what httpbin cannot: an https server that redirects, and a
 * target on another port that shows the request head it received. */
#include "support.h"

#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/time.h>

static unsigned httpbin, nginx, nginx_tls;

/* ------------------------------------------------------------------ */
/* Redirect events                                                    */
/* ------------------------------------------------------------------ */

#define MAX_HOPS 16

static char hop_url[MAX_HOPS][512];
static int hops;

/* Records every event like rec_callback, and the new URL of each redirect. */
static void hop_callback(oi_handle *h, void *context, oi_event event, const void *info,
                         size_t info_len)
{
    rec_callback(h, context, event, info, info_len);
    if (event == OI_EVENT_REDIRECT && hops < MAX_HOPS)
        snprintf(hop_url[hops++], sizeof hop_url[0], "%s", info ? (const char *)info : "(null)");
}

static void hops_reset(void)
{
    hops = 0;
    rec_reset();
}

static oi_handle *session_recording(void)
{
    oi_handle *s = session_new();
    hops_reset();
    oi_handle_set_callback(s, hop_callback);
    return s;
}

static void httpbin_url(char *buf, size_t cap, const char *path)
{
    url_for(buf, cap, httpbin, path);
}

/* The i-th redirect event must carry httpbin's URL for `path`. */
static void check_hop(int i, const char *path)
{
    char want[512];
    httpbin_url(want, sizeof want, path);
    CHECK(i < hops);
    if (i < hops)
        CHECK_STR(hop_url[i], want);
}

/* ------------------------------------------------------------------ */
/* A server in a thread: redirects, or shows what it received         */
/* ------------------------------------------------------------------ */

/* Every connection carries one request and is closed after the answer.
 * A path starting with /redirect is answered 302 to `location`; any other
 * path 200 "seen".  The last request head is kept for the test. */
typedef struct mini {
    int tls;
    char location[512];
    int lfd;
    unsigned port;
    pthread_t thread;
    pthread_mutex_t lock;
    int stop;
    int requests;
    char head[8192];
} mini;

static SSL_CTX *mini_ctx(void)
{
    char cert[1024], key[1024];
    snprintf(cert, sizeof cert, "%s/good.pem", env_need("OI_TEST_CERTS"));
    snprintf(key, sizeof key, "%s/server.key", env_need("OI_TEST_CERTS"));
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || !SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM) ||
        !SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM)) {
        fprintf(stderr, "test server: cannot load %s\n", cert);
        exit(1);
    }
    return ctx;
}

static int mini_recv(SSL *ssl, int fd, char *buf, int len)
{
    return ssl ? SSL_read(ssl, buf, len) : (int)recv(fd, buf, (size_t)len, 0);
}

static void mini_send(SSL *ssl, int fd, const char *buf)
{
    if (ssl)
        SSL_write(ssl, buf, (int)strlen(buf));
    else
        (void)!send(fd, buf, strlen(buf), MSG_NOSIGNAL);
}

/* Read one request head; 1 if it arrived whole. */
static int mini_read_head(SSL *ssl, int fd, char *head, size_t cap)
{
    size_t n = 0;
    head[0] = '\0';
    while (n + 1 < cap && !strstr(head, "\r\n\r\n")) {
        int got = mini_recv(ssl, fd, head + n, (int)(cap - 1 - n));
        if (got <= 0)
            return 0;
        n += (size_t)got;
        head[n] = '\0';
    }
    return strstr(head, "\r\n\r\n") != NULL;
}

static void mini_answer(mini *m, SSL *ssl, int fd, const char *head)
{
    char out[1024];
    if (strncmp(strchr(head, ' ') ? strchr(head, ' ') + 1 : "", "/redirect", 9) == 0)
        snprintf(out, sizeof out,
                 "HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 9\r\n"
                 "Connection: close\r\n\r\nredirect\n",
                 m->location);
    else
        snprintf(out, sizeof out,
                 "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nseen\n");
    mini_send(ssl, fd, out);
}

/* FIN, then wait for the client's end: closing with unread bytes would
 * send an RST that could overtake the answer. */
static void mini_close(SSL *ssl, int fd)
{
    char buf[1024];
    if (ssl)
        SSL_shutdown(ssl);
    shutdown(fd, SHUT_WR);
    while (recv(fd, buf, sizeof buf, 0) > 0)
        ;
    close(fd);
}

static void mini_serve(mini *m, SSL_CTX *ctx, int fd)
{
    char head[8192];
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    SSL *ssl = ctx ? SSL_new(ctx) : NULL;
    if (ssl)
        SSL_set_fd(ssl, fd);
    if ((!ssl || SSL_accept(ssl) == 1) && mini_read_head(ssl, fd, head, sizeof head)) {
        pthread_mutex_lock(&m->lock);
        snprintf(m->head, sizeof m->head, "%s", head);
        m->requests++;
        pthread_mutex_unlock(&m->lock);
        mini_answer(m, ssl, fd, head);
    }
    mini_close(ssl, fd);
    SSL_free(ssl);
}

static int mini_stopping(mini *m)
{
    pthread_mutex_lock(&m->lock);
    int stop = m->stop;
    pthread_mutex_unlock(&m->lock);
    return stop;
}

static void *mini_main(void *arg)
{
    mini *m = arg;
    SSL_CTX *ctx = m->tls ? mini_ctx() : NULL;
    while (!mini_stopping(m)) {
        struct pollfd p = {m->lfd, POLLIN, 0};
        if (poll(&p, 1, 50) != 1)
            continue;
        int fd = accept(m->lfd, NULL, NULL);
        if (fd >= 0)
            mini_serve(m, ctx, fd);
    }
    SSL_CTX_free(ctx);
    return NULL;
}

static void mini_start(mini *m, int tls, const char *location)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(m, 0, sizeof *m);
    m->tls = tls;
    snprintf(m->location, sizeof m->location, "%s", location ? location : "");
    pthread_mutex_init(&m->lock, NULL);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    m->lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (m->lfd < 0 || bind(m->lfd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(m->lfd, (struct sockaddr *)&a, &alen) != 0 || listen(m->lfd, 8) != 0 ||
        pthread_create(&m->thread, NULL, mini_main, m) != 0) {
        perror("test server");
        exit(1);
    }
    m->port = ntohs(a.sin_port);
}

static void mini_stop(mini *m)
{
    pthread_mutex_lock(&m->lock);
    m->stop = 1;
    pthread_mutex_unlock(&m->lock);
    pthread_join(m->thread, NULL);
    close(m->lfd);
    pthread_mutex_destroy(&m->lock);
}

/* Did the last request the server read carry a header line `name:`? */
static int mini_saw_header(mini *m, const char *name)
{
    size_t n = strlen(name);
    int seen = 0;
    pthread_mutex_lock(&m->lock);
    for (const char *l = strstr(m->head, "\r\n"); l && !seen; l = strstr(l + 2, "\r\n"))
        seen = strncasecmp(l + 2, name, n) == 0 && l[2 + n] == ':';
    pthread_mutex_unlock(&m->lock);
    return seen;
}

static int mini_requests(mini *m)
{
    pthread_mutex_lock(&m->lock);
    int n = m->requests;
    pthread_mutex_unlock(&m->lock);
    return n;
}

/* ------------------------------------------------------------------ */
/* Chains                                                             */
/* ------------------------------------------------------------------ */

/* Open httpbin's `path` by URL, read the body; the handle stays open in *h. */
static oi_status open_httpbin(oi_handle *s, const char *path, unsigned flags, oi_handle **h,
                              body *b)
{
    char url[512];
    httpbin_url(url, sizeof url, path);
    oi_status rc = oi_session_open_url(s, url, NULL, 0, flags, h);
    return rc == OI_OK ? read_body(*h, b) : rc;
}

/* The handle ended at httpbin's /get, whose echo names the same URL. */
static void check_at_get(oi_handle *h, const body *b)
{
    char want[512], echoed[512] = "";
    httpbin_url(want, sizeof want, "/get");
    CHECK_INT(oi_request_status(h), 200);
    CHECK_STR(oi_request_final_url(h), want);
    CHECK(json_string_of(b->data, "url", echoed, sizeof echoed));
    CHECK_STR(echoed, want);
}

TEST(redirect_chain_ends_at_get_with_one_event_per_hop)
{
    oi_handle *s = session_recording(), *h = NULL;
    body b = {0};
    CHECK_INT(open_httpbin(s, "/redirect/3", 0, &h, &b), OI_OK);
    check_at_get(h, &b);
    CHECK_INT(hops, 3);
    check_hop(0, "/relative-redirect/2");
    check_hop(1, "/relative-redirect/1");
    check_hop(2, "/get");
    body_free(&b);
    oi_handle_close(s);
}

TEST(relative_redirects_resolve_against_the_current_url)
{
    oi_handle *s = session_recording(), *req = NULL;
    body b = {0};
    CHECK_INT(http_send(s, httpbin, "GET", "/relative-redirect/3", 0, &req), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    check_at_get(req, &b);
    CHECK_INT(hops, 3);
    check_hop(0, "/relative-redirect/2");
    check_hop(1, "/relative-redirect/1");
    check_hop(2, "/get");
    body_free(&b);
    oi_handle_close(s);
}

TEST(absolute_redirects_are_followed)
{
    oi_handle *s = session_recording(), *h = NULL;
    body b = {0};
    CHECK_INT(open_httpbin(s, "/absolute-redirect/3", 0, &h, &b), OI_OK);
    check_at_get(h, &b);
    CHECK_INT(hops, 3);
    check_hop(0, "/absolute-redirect/2");
    check_hop(1, "/absolute-redirect/1");
    check_hop(2, "/get");
    body_free(&b);
    oi_handle_close(s);
}

/* RFC 3986 5.2: dot segments of a Location are removed, its query kept. */
TEST(location_with_dot_segments_is_resolved)
{
    oi_handle *s = session_recording(), *h = NULL;
    char want[512];
    body b = {0};
    CHECK_INT(open_httpbin(s, "/redirect-to?url=%2Fanything%2Fa%2Fb%2F..%2Fc%3Fx%3D1", 0, &h, &b),
              OI_OK);
    httpbin_url(want, sizeof want, "/anything/a/c?x=1");
    CHECK_STR(oi_request_final_url(h), want);
    oi_handle_close(h);
    h = NULL;
    body_free(&b);
    /* A path-relative reference replaces the last segment of the base. */
    CHECK_INT(open_httpbin(s, "/redirect-to?url=..%2Fanything%2Fz", 0, &h, &b), OI_OK);
    httpbin_url(want, sizeof want, "/anything/z");
    CHECK_STR(oi_request_final_url(h), want);
    body_free(&b);
    oi_handle_close(s);
}

TEST(request_sent_again_starts_from_its_own_url)
{
    oi_handle *s = session_recording(), *req = NULL;
    body b = {0};
    CHECK_INT(http_send(s, httpbin, "GET", "/redirect/2", 0, &req), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    check_at_get(req, &b);
    body_free(&b);
    hops_reset();
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    check_at_get(req, &b);
    CHECK_INT(hops, 2);
    body_free(&b);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Limits and the flag                                                */
/* ------------------------------------------------------------------ */

TEST(default_limit_follows_ten_redirects_not_eleven)
{
    oi_handle *s = session_recording(), *req = NULL;
    body b = {0};
    CHECK_INT(http_send(s, httpbin, "GET", "/redirect/10", 0, &req), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    check_at_get(req, &b);
    CHECK_INT(hops, 10);
    oi_handle_close(req);
    body_free(&b);
    hops_reset();
    CHECK_INT(http_send(s, httpbin, "GET", "/redirect/11", 0, &req), OI_E_REDIRECT_FAILED);
    CHECK_INT(oi_request_status(req), 302);
    CHECK_INT(hops, 10);
    oi_handle_close(s);
}

/* Past the limit the send fails, and the last 3xx is the readable answer. */
TEST(max_redirects_exceeded_leaves_the_3xx_readable)
{
    oi_handle *s = session_recording(), *req = NULL;
    char want[512];
    const char *loc = NULL;
    size_t loc_len = 0;
    body b = {0};
    oi_handle_set_int(s, OI_OPT_MAX_REDIRECTS, 2);
    CHECK_INT(http_send(s, httpbin, "GET", "/redirect/3", 0, &req), OI_E_REDIRECT_FAILED);
    CHECK_INT(oi_handle_error(req), OI_E_REDIRECT_FAILED);
    CHECK_INT(oi_request_status(req), 302);
    CHECK_INT(oi_request_header(req, "Location", 0, &loc, &loc_len), OI_OK);
    CHECK_SPAN(loc, loc_len, "/get");
    httpbin_url(want, sizeof want, "/relative-redirect/1");
    CHECK_STR(oi_request_final_url(req), want);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_INT(hops, 2);
    oi_handle_close(req);
    body_free(&b);
    /* 0: not even the first redirect; its HTML body is the answer. */
    oi_handle_set_int(s, OI_OPT_MAX_REDIRECTS, 0);
    hops_reset();
    CHECK_INT(http_send(s, httpbin, "GET", "/redirect/1", 0, &req), OI_E_REDIRECT_FAILED);
    CHECK_INT(oi_request_status(req), 302);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK(b.data && strstr(b.data, "/get") != NULL);
    CHECK_INT(hops, 0);
    body_free(&b);
    oi_handle_close(s);
}

TEST(no_auto_redirect_flag_stops_at_the_first_302)
{
    oi_handle *s = session_recording(), *req = NULL;
    char want[512];
    const char *loc = NULL;
    size_t loc_len = 0;
    body b = {0};
    CHECK_INT(http_send(s, httpbin, "GET", "/redirect/3", OI_FLAG_NO_AUTO_REDIRECT, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 302);
    CHECK_INT(oi_request_header(req, "Location", 0, &loc, &loc_len), OI_OK);
    CHECK_SPAN(loc, loc_len, "/relative-redirect/2");
    httpbin_url(want, sizeof want, "/redirect/3");
    CHECK_STR(oi_request_final_url(req), want);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_INT(hops, 0);
    CHECK_INT(rec_count(OI_EVENT_SENDING_REQUEST), 1);
    body_free(&b);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Methods and bodies                                                 */
/* ------------------------------------------------------------------ */

/* Send `verb` with a small body to /redirect-to?url=/anything with
 * `code`; returns the request, answered and read into b. */
static oi_handle *send_through_redirect(oi_handle *s, const char *verb, int code, body *b)
{
    static const char payload[] = "payload=1";
    char path[128];
    oi_handle *req = NULL;
    snprintf(path, sizeof path, "/redirect-to?url=%%2Fanything&status_code=%d", code);
    CHECK_INT(request_open(s, "127.0.0.1", httpbin, verb, path, 0, &req), OI_OK);
    CHECK_INT(
        oi_request_send(req, "Content-Type: text/plain", (size_t)-1, payload, sizeof payload - 1),
        OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(read_body(req, b), OI_OK);
    return req;
}

/* httpbin's /anything echoes the method and body it received. */
static void check_arrived_as(const body *b, const char *verb, const char *data, int code)
{
    char method[32] = "", got[64] = "";
    CHECK(json_string_of(b->data, "method", method, sizeof method));
    CHECK(json_string_of(b->data, "data", got, sizeof got));
    if (strcmp(method, verb) != 0 || strcmp(got, data) != 0)
        fprintf(stderr, "after %d: %s with \"%s\", expected %s with \"%s\"\n", code, method, got,
                verb, data);
    CHECK_STR(method, verb);
    CHECK_STR(got, data);
}

TEST(post_turns_into_get_without_body_on_301_302_303)
{
    static const int codes[] = {301, 302, 303};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        oi_handle *s = session_recording();
        body b = {0};
        char length[32];
        oi_handle *req = send_through_redirect(s, "POST", codes[i], &b);
        check_arrived_as(&b, "GET", "", codes[i]);
        CHECK(json_value_of(b.data, "Content-Length") == NULL);
        CHECK(!sent_header(req, "Content-Length", length, sizeof length));
        CHECK_INT(hops, 1);
        body_free(&b);
        oi_handle_close(s);
    }
}

TEST(temporary_and_permanent_redirects_keep_method_and_body)
{
    static const int codes[] = {307, 308};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        oi_handle *s = session_recording();
        body b = {0};
        send_through_redirect(s, "POST", codes[i], &b);
        check_arrived_as(&b, "POST", "payload=1", codes[i]);
        CHECK_INT(hops, 1);
        body_free(&b);
        oi_handle_close(s);
    }
}

/* 301/302 change POST only; 303 changes every method but HEAD. */
TEST(put_is_kept_on_302_and_turned_into_get_on_303)
{
    oi_handle *s = session_recording();
    body b = {0};
    send_through_redirect(s, "PUT", 302, &b);
    check_arrived_as(&b, "PUT", "payload=1", 302);
    body_free(&b);
    send_through_redirect(s, "PUT", 303, &b);
    check_arrived_as(&b, "GET", "", 303);
    body_free(&b);
    oi_handle_close(s);
}

TEST(head_stays_head_on_303)
{
    oi_handle *s = session_recording(), *req = NULL;
    const char *head;
    CHECK_INT(http_send(s, httpbin, "HEAD", "/redirect-to?url=%2Fget&status_code=303", 0, &req),
              OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    head = oi_request_sent_headers(req, NULL);
    CHECK(head && strncmp(head, "HEAD /get HTTP/1.1\r\n", 20) == 0);
    CHECK_INT(hops, 1);
    oi_handle_close(s);
}

/* A streamed body cannot be sent twice: a 307 after one is the answer,
 * while a 303 goes on as a GET, which needs no body. */
static oi_handle *stream_post(oi_handle *s, int code)
{
    char path[128];
    oi_handle *req = NULL;
    snprintf(path, sizeof path, "/redirect-to?url=%%2Fanything&status_code=%d", code);
    CHECK_INT(request_open(s, "127.0.0.1", httpbin, "POST", path, 0, &req), OI_OK);
    CHECK_INT(oi_request_begin(req, NULL, 0, 9), OI_OK);
    CHECK_INT(oi_request_write(req, "streamed!", 9), OI_OK);
    CHECK_INT(oi_request_end(req), OI_OK);
    return req;
}

TEST(streamed_body_is_not_sent_twice)
{
    oi_handle *s = session_recording();
    body b = {0};
    oi_handle *req = stream_post(s, 307);
    CHECK_INT(oi_request_status(req), 307);
    CHECK_INT(hops, 0);
    req = stream_post(s, 303);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(read_body(req, &b), OI_OK);
    check_arrived_as(&b, "GET", "", 303);
    body_free(&b);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Targets: schemes and servers                                       */
/* ------------------------------------------------------------------ */

TEST(redirect_to_ftp_is_not_followed)
{
    oi_handle *s = session_recording(), *req = NULL;
    body b = {0};
    CHECK_INT(
        http_send(s, httpbin, "GET", "/redirect-to?url=ftp%3A%2F%2F127.0.0.1%2Ffile", 0, &req),
        OI_E_REDIRECT_FAILED);
    CHECK_INT(oi_request_status(req), 302);
    CHECK(strstr(oi_handle_message(req), "ftp://127.0.0.1/file") != NULL);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_INT(hops, 0);
    CHECK_INT(rec_count(OI_EVENT_SENDING_REQUEST), 1);
    body_free(&b);
    oi_handle_close(s);
}

TEST(malformed_location_is_an_invalid_url)
{
    oi_handle *s = session_recording(), *req = NULL;
    CHECK_INT(http_send(s, httpbin, "GET", "/redirect-to?url=http%3A%2F%2F%5B%3A%3A1", 0, &req),
              OI_E_INVALID_URL);
    CHECK_INT(oi_request_status(req), 302);
    CHECK_INT(hops, 0);
    oi_handle_close(s);
}

TEST(redirect_to_another_server_is_followed)
{
    oi_handle *s = session_recording(), *req = NULL;
    char path[256], file[1024], want[256];
    oi_status rc = OI_E_INTERNAL;
    snprintf(path, sizeof path, "/redirect-to?url=http%%3A%%2F%%2F127.0.0.1%%3A%u%%2F1k.bin",
             nginx);
    snprintf(want, sizeof want, "http://127.0.0.1:%u/1k.bin", nginx);
    docroot_path(file, sizeof file, "1k.bin");
    CHECK_INT(http_send(s, httpbin, "GET", path, 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_STR(oi_request_final_url(req), want);
    CHECK(body_matches_file(req, file, 1000, &rc));
    CHECK_INT(hops, 1);
    if (hops == 1)
        CHECK_STR(hop_url[0], want);
    oi_handle_close(s);
}

TEST(http_to_https_redirect_is_followed)
{
    oi_handle *s = session_recording(), *req = NULL;
    char path[256], file[1024], want[256];
    oi_status rc = OI_E_INTERNAL;
    oi_handle_set_str(s, OI_OPT_CA_FILE, env_need("OI_TEST_CA"));
    snprintf(path, sizeof path, "/redirect-to?url=https%%3A%%2F%%2F127.0.0.1%%3A%u%%2F1k.bin",
             nginx_tls);
    snprintf(want, sizeof want, "https://127.0.0.1:%u/1k.bin", nginx_tls);
    docroot_path(file, sizeof file, "1k.bin");
    CHECK_INT(http_send(s, httpbin, "GET", path, 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_STR(oi_request_final_url(req), want);
    CHECK(body_matches_file(req, file, 1000, &rc));
    oi_handle_close(s);
}

/* nginx.conf.in has no https location that redirects, so a TLS server of
 * this program does: https -> https is followed, https -> http only with
 * OI_OPT_ALLOW_HTTPS_TO_HTTP. */
static oi_status get_from_tls_redirector(oi_handle *s, const char *location, oi_handle **h)
{
    mini m;
    char url[256];
    mini_start(&m, 1, location);
    snprintf(url, sizeof url, "https://127.0.0.1:%u/redirect", m.port);
    oi_status rc = oi_session_open_url(s, url, NULL, 0, 0, h);
    body b = {0};
    if (rc == OI_OK)
        rc = read_body(*h, &b);
    body_free(&b);
    mini_stop(&m);
    return rc;
}

TEST(https_to_https_redirect_is_followed)
{
    oi_handle *s = session_recording(), *h = NULL;
    char location[256];
    snprintf(location, sizeof location, "https://127.0.0.1:%u/index.html", nginx_tls);
    oi_handle_set_str(s, OI_OPT_CA_FILE, env_need("OI_TEST_CA"));
    CHECK_INT(get_from_tls_redirector(s, location, &h), OI_OK);
    CHECK(h && oi_request_status(h) == 200);
    if (h)
        CHECK_STR(oi_request_final_url(h), location);
    oi_handle_close(s);
}

TEST(https_to_http_redirect_is_refused_by_default)
{
    oi_handle *s = session_recording(), *req = NULL, *conn = NULL;
    char location[256];
    mini m;
    snprintf(location, sizeof location, "http://127.0.0.1:%u/get", httpbin);
    oi_handle_set_str(s, OI_OPT_CA_FILE, env_need("OI_TEST_CA"));
    mini_start(&m, 1, location);
    CHECK_INT(oi_session_connect(s, "127.0.0.1", m.port, NULL, NULL, OI_FLAG_SECURE, &conn), OI_OK);
    CHECK_INT(oi_connection_open_request(conn, "GET", "/redirect", NULL, NULL, NULL, 0, &req),
              OI_OK);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_E_HTTPS_TO_HTTP_REDIRECT);
    CHECK_INT(oi_request_status(req), 302);
    CHECK_INT(hops, 0);
    body b = {0};
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_STR(b.data, "redirect\n");
    body_free(&b);
    mini_stop(&m);
    oi_handle_close(s);
}

TEST(https_to_http_redirect_is_followed_when_allowed)
{
    oi_handle *s = session_recording(), *h = NULL;
    char location[256];
    snprintf(location, sizeof location, "http://127.0.0.1:%u/get", httpbin);
    oi_handle_set_str(s, OI_OPT_CA_FILE, env_need("OI_TEST_CA"));
    oi_handle_set_int(s, OI_OPT_ALLOW_HTTPS_TO_HTTP, 1);
    CHECK_INT(get_from_tls_redirector(s, location, &h), OI_OK);
    CHECK(h && oi_request_status(h) == 200);
    if (h)
        CHECK_STR(oi_request_final_url(h), location);
    CHECK_INT(hops, 1);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* The caller's Authorization and Cookie headers                      */
/* ------------------------------------------------------------------ */

#define SECRET_HEADERS "Authorization: Bearer secret-token\r\nCookie: private=1"

/* Send the secret headers to httpbin's `path` and read the answer. */
static oi_handle *send_secrets(oi_handle *s, const char *path, body *b)
{
    oi_handle *req = NULL;
    CHECK_INT(request_open(s, "127.0.0.1", httpbin, "GET", path, 0, &req), OI_OK);
    CHECK_INT(oi_request_send(req, SECRET_HEADERS, (size_t)-1, NULL, 0), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(read_body(req, b), OI_OK);
    return req;
}

TEST(caller_credentials_follow_a_redirect_on_the_same_server)
{
    oi_handle *s = session_recording();
    char auth[128] = "", cookie[128] = "";
    body b = {0};
    send_secrets(s, "/redirect-to?url=%2Fheaders", &b);
    CHECK(json_string_of(b.data, "Authorization", auth, sizeof auth));
    CHECK_STR(auth, "Bearer secret-token");
    CHECK(json_string_of(b.data, "Cookie", cookie, sizeof cookie));
    CHECK_STR(cookie, "private=1");
    CHECK_INT(hops, 1);
    body_free(&b);
    oi_handle_close(s);
}

/* localhost is the same httpbin under another host name. */
TEST(caller_credentials_are_dropped_when_the_host_changes)
{
    oi_handle *s = session_recording();
    char path[256], want[256];
    body b = {0};
    snprintf(path, sizeof path, "/redirect-to?url=http%%3A%%2F%%2Flocalhost%%3A%u%%2Fheaders",
             httpbin);
    snprintf(want, sizeof want, "http://localhost:%u/headers", httpbin);
    oi_handle *req = send_secrets(s, path, &b);
    CHECK_STR(oi_request_final_url(req), want);
    if (json_value_of(b.data, "Authorization") || json_value_of(b.data, "Cookie"))
        fprintf(stderr, "localhost received: %s\n", b.data);
    CHECK(json_value_of(b.data, "Authorization") == NULL);
    CHECK(json_value_of(b.data, "Cookie") == NULL);
    body_free(&b);
    oi_handle_close(s);
}

static void check_mini_saw_no_secrets(mini *m)
{
    CHECK_INT(mini_requests(m), 1);
    CHECK(!mini_saw_header(m, "Authorization"));
    CHECK(!mini_saw_header(m, "Cookie"));
    if (mini_saw_header(m, "Authorization") || mini_saw_header(m, "Cookie"))
        fprintf(stderr, "the other server received:\n%s\n", m->head);
}

TEST(caller_credentials_are_dropped_when_the_port_changes)
{
    oi_handle *s = session_recording();
    char path[256];
    body b = {0};
    mini m;
    mini_start(&m, 0, NULL);
    snprintf(path, sizeof path, "/redirect-to?url=http%%3A%%2F%%2F127.0.0.1%%3A%u%%2Fshow", m.port);
    send_secrets(s, path, &b);
    CHECK_STR(b.data, "seen\n");
    check_mini_saw_no_secrets(&m);
    mini_stop(&m);
    body_free(&b);
    oi_handle_close(s);
}

TEST(caller_credentials_are_dropped_when_the_scheme_changes)
{
    oi_handle *s = session_recording();
    char path[256];
    body b = {0};
    mini m;
    oi_handle_set_str(s, OI_OPT_CA_FILE, env_need("OI_TEST_CA"));
    mini_start(&m, 1, NULL);
    snprintf(path, sizeof path, "/redirect-to?url=https%%3A%%2F%%2F127.0.0.1%%3A%u%%2Fshow",
             m.port);
    send_secrets(s, path, &b);
    CHECK_STR(b.data, "seen\n");
    check_mini_saw_no_secrets(&m);
    mini_stop(&m);
    body_free(&b);
    oi_handle_close(s);
}

int main(void)
{
    httpbin = env_port("OI_HTTPBIN_PORT");
    nginx = env_port("OI_NGINX_PORT");
    nginx_tls = env_port("OI_NGINX_TLS_PORT");
    env_need("OI_TEST_CERTS");
    env_need("OI_DOCROOT");

    RUN(redirect_chain_ends_at_get_with_one_event_per_hop);
    RUN(relative_redirects_resolve_against_the_current_url);
    RUN(absolute_redirects_are_followed);
    RUN(location_with_dot_segments_is_resolved);
    RUN(request_sent_again_starts_from_its_own_url);
    RUN(default_limit_follows_ten_redirects_not_eleven);
    RUN(max_redirects_exceeded_leaves_the_3xx_readable);
    RUN(no_auto_redirect_flag_stops_at_the_first_302);
    RUN(post_turns_into_get_without_body_on_301_302_303);
    RUN(temporary_and_permanent_redirects_keep_method_and_body);
    RUN(put_is_kept_on_302_and_turned_into_get_on_303);
    RUN(head_stays_head_on_303);
    RUN(streamed_body_is_not_sent_twice);
    RUN(redirect_to_ftp_is_not_followed);
    RUN(malformed_location_is_an_invalid_url);
    RUN(redirect_to_another_server_is_followed);
    RUN(http_to_https_redirect_is_followed);
    RUN(https_to_https_redirect_is_followed);
    RUN(https_to_http_redirect_is_refused_by_default);
    RUN(https_to_http_redirect_is_followed_when_allowed);
    RUN(caller_credentials_follow_a_redirect_on_the_same_server);
    RUN(caller_credentials_are_dropped_when_the_host_changes);
    RUN(caller_credentials_are_dropped_when_the_port_changes);
    RUN(caller_credentials_are_dropped_when_the_scheme_changes);
    return check_summary();
}
