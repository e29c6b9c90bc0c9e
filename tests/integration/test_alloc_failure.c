/* Allocation failure sweep (issue 4).  oi_alloc_fail_after(n) lets the
 * next n allocations of the library succeed and makes every later one
 * fail.  For n = 0, 1, 2, ... each case runs a whole request (session,
 * options, connection, request, send, read to the end, close) until one
 * run finishes without the hook refusing anything.  Every call must return
 * OI_OK or OI_E_OUT_OF_MEMORY, nothing may crash, a run whose calls all
 * succeeded must have read the right body, and nothing may leak
 * (LeakSanitizer checks at exit in the sanitizer build; test_valgrind.sh
 * runs this program under memcheck in the plain build).
 *
 * Only the library's own allocations (oi_malloc, oi_calloc, oi_realloc)
 * can be made to fail.  OpenSSL, zlib, libpsl and libc (getaddrinfo among
 * them) allocate with malloc directly, so their failures are not swept
 * here: an https run proves that each of our allocations around the TLS
 * layer is handled, not that OpenSSL's are.
 *
 * Whether a run was untouched is asked of the hook itself: after the run,
 * oi_session_open() allocates; if that succeeds, the hook had not reached
 * its limit, so no allocation of the run was refused. */
#include "alloc.h"
#include "support.h"

/* A sweep that has not ended after this many runs is a failure: the count
 * of allocations of one request is far below it. */
#define SWEEP_LIMIT 5000

static int verbose; /* OI_SWEEP_VERBOSE set: print every run */

/* Is the body of a run whose calls all succeeded the right one? */
typedef int (*body_check)(oi_handle *req, const body *b);

typedef struct sweep_case {
    const char *name;
    const char *url;
    body_check right;
    const char *verb;    /* NULL: GET */
    const char *payload; /* request body, or NULL */
    const char *ca_file; /* OI_OPT_CA_FILE, or NULL */
    int decoding;        /* OI_OPT_DECODING */
    int repeat;          /* requests in a run, one after the other (0: 1) */
    int open_url;        /* through oi_session_open_url, not connect/open/send */
    int stream;          /* the payload through begin/write/end, chunked */
    int want_status;     /* of a complete run (0: 200) */
} sweep_case;

/* The first call of a run that did not return OI_OK. */
typedef struct run_result {
    const char *step; /* NULL: every call returned OI_OK */
    oi_status rc;
    char message[256];
    int body_ok; /* a complete run read the expected body */
    int status;  /* the status of the last response read */
} run_result;

static int failed(run_result *out, const char *step, oi_status rc, const oi_handle *h)
{
    if (rc == OI_OK)
        return 0;
    out->step = step;
    out->rc = rc;
    snprintf(out->message, sizeof out->message, "%s", h ? oi_handle_message(h) : "");
    return 1;
}

/* Options that a test session always has, then the case's own. */
static int set_options(const sweep_case *c, oi_handle *s, run_result *out)
{
    return failed(out, "set connect timeout",
                  oi_handle_set_int(s, OI_OPT_CONNECT_TIMEOUT, TEST_CONNECT_TIMEOUT_MS), s) ||
           failed(out, "set receive timeout",
                  oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS), s) ||
           failed(out, "set total timeout",
                  oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, TEST_TOTAL_TIMEOUT_MS), s) ||
           (c->ca_file &&
            failed(out, "set CA file", oi_handle_set_str(s, OI_OPT_CA_FILE, c->ca_file), s)) ||
           (c->decoding &&
            failed(out, "set decoding", oi_handle_set_int(s, OI_OPT_DECODING, 1), s));
}

/* Send the payload as a chunked stream in two writes. */
static oi_status send_streamed(oi_handle *req, const char *payload)
{
    size_t len = strlen(payload), half = len / 2;
    oi_status rc = oi_request_begin(req, NULL, 0, -1);
    if (rc == OI_OK)
        rc = oi_request_write(req, payload, half);
    if (rc == OI_OK)
        rc = oi_request_write(req, payload + half, len - half);
    return rc == OI_OK ? oi_request_end(req) : rc;
}

/* Connect, open and send, each call's result seen on its own.  The URL is
 * split by hand for that.  *conn is set when the connection was made. */
static int open_and_send(const sweep_case *c, oi_handle *s, run_result *out, oi_handle **conn,
                         oi_handle **req)
{
    char host[64], path[256];
    unsigned port = 0;
    int secure = strncmp(c->url, "https:", 6) == 0;
    size_t len = c->payload ? strlen(c->payload) : 0;
    if (sscanf(c->url + (secure ? 8 : 7), "%63[^:]:%u%255s", host, &port, path) != 3) {
        fprintf(stderr, "%s: cannot split %s\n", c->name, c->url);
        exit(1);
    }
    return !failed(out, "connect",
                   oi_session_connect(s, host, port, NULL, NULL, secure ? OI_FLAG_SECURE : 0, conn),
                   s) &&
           !failed(out, "open request",
                   oi_connection_open_request(*conn, c->verb, path, NULL, NULL, NULL, 0, req),
                   *conn) &&
           !failed(out, "send",
                   c->stream ? send_streamed(*req, c->payload)
                             : oi_request_send(*req, NULL, 0, c->payload, len),
                   *req);
}

/* One request on the session, read to the end and closed.  Returns 1 if
 * every call succeeded and the answer was right. */
static int one_request(const sweep_case *c, oi_handle *s, run_result *out)
{
    oi_handle *conn = NULL, *req = NULL;
    body b = {0};
    int right = 0, sent;
    if (c->open_url)
        sent = !failed(out, "open url", oi_session_open_url(s, c->url, NULL, 0, 0, &req), s);
    else
        sent = open_and_send(c, s, out, &conn, &req);
    if (sent && !failed(out, "read", read_body(req, &b), req)) {
        out->status = oi_request_status(req);
        right = out->status == (c->want_status ? c->want_status : 200) && c->right(req, &b);
    }
    body_free(&b);
    if (oi_handle_close(conn ? conn : req) != OI_OK) {
        fprintf(stderr, "%s: closing a request failed\n", c->name);
        check_failed_now = 1;
    }
    return right;
}

static void request_steps(const sweep_case *c, oi_handle *s, run_result *out)
{
    int right = 1;
    for (int i = 0; i < (c->repeat ? c->repeat : 1) && !out->step; i++)
        right &= one_request(c, s, out);
    out->body_ok = right && !out->step;
}

/* One run with the hook at n.  Returns 1 when no allocation was refused. */
static int run_once(const sweep_case *c, long n, run_result *out)
{
    oi_handle *s = NULL, *probe = NULL;
    memset(out, 0, sizeof *out);
    oi_alloc_fail_after(n);
    oi_status rc = oi_session_open("openinet-tests", OI_ACCESS_DIRECT, &s);
    if (!failed(out, "open session", rc, s) && !set_options(c, s, out))
        request_steps(c, s, out);
    else if (rc != OI_OK && s) /* a failed open must leave nothing */
        check_failed_now = 1;
    oi_status closed = oi_handle_close(s);
    int untouched = oi_session_open(NULL, OI_ACCESS_DIRECT, &probe) == OI_OK;
    oi_alloc_fail_after(-1);
    oi_handle_close(probe);
    if (closed != OI_OK) {
        fprintf(stderr, "%s, allocation %ld refused: close gave %s\n", c->name, n,
                oi_status_name(closed));
        check_failed_now = 1;
    }
    return untouched;
}

/* Sweep n upwards; report every run that broke a rule. */
static void sweep(const sweep_case *c)
{
    long n, oom = 0;
    int done = 0;
    long long t0 = now_ms();
    for (n = 0; n < SWEEP_LIMIT && !done; n++) {
        run_result r;
        done = run_once(c, n, &r);
        if (verbose)
            printf("%s %ld: %s %s %s%s\n", c->name, n, r.step ? r.step : "complete",
                   oi_status_name(r.rc), r.message, done ? " (untouched)" : "");
        if (r.step && r.rc == OI_E_OUT_OF_MEMORY) {
            oom++;
            continue;
        }
        if (r.step) {
            fprintf(stderr, "%s, allocation %ld refused: %s gave %s: %s\n", c->name, n, r.step,
                    oi_status_name(r.rc), r.message);
            check_failed_now = 1;
        } else if (!r.body_ok) {
            fprintf(stderr,
                    "%s, allocation %ld refused: every call succeeded, but the answer was a "
                    "wrong one with status %d\n",
                    c->name, n, r.status);
            check_failed_now = 1;
        }
    }
    printf("%s: %ld runs (%ld out of memory) in %lld ms\n", c->name, n, oom, now_ms() - t0);
    CHECK(done);
    CHECK(oom > 0); /* the sweep did reach the library's allocations */
}

/* Bodies of complete runs. */
static int is_1k(oi_handle *req, const body *b)
{
    (void)req;
    return b->len == 1024;
}

/* httpbin's /get after the redirects: JSON with the final URL. */
static int is_httpbin_get(oi_handle *req, const body *b)
{
    char url[256];
    (void)req;
    return json_string_of(b->data, "url", url, sizeof url) && strstr(url, "/get") != NULL;
}

static int is_chunked_with_trailers(oi_handle *req, const body *b)
{
    const char *v = NULL;
    size_t n = 0;
    return b->data && strcmp(b->data, "helloworld") == 0 &&
           oi_request_trailer(req, "X-Sum", 0, &v, &n) == OI_OK && n == 2 && !memcmp(v, "10", 2);
}

/* /cookies shows the cookies the request carried. */
static int has_cookie_oom(oi_handle *req, const body *b)
{
    char v[16];
    (void)req;
    return json_string_of(b->data, "oom", v, sizeof v) && strcmp(v, "1") == 0;
}

static int echoes_payload(oi_handle *req, const body *b)
{
    char v[64];
    (void)req;
    return json_string_of(b->data, "data", v, sizeof v) && strcmp(v, "openinet payload") == 0;
}

/* httpbin's answer to an authenticated request. */
static int is_authenticated(oi_handle *req, const body *b)
{
    (void)req;
    return json_is_true(b->data, "authenticated");
}

static int is_empty(oi_handle *req, const body *b)
{
    (void)req;
    return b->len == 0;
}

static int is_gzip_lines(oi_handle *req, const body *b)
{
    (void)req;
    return b->len == 23000 && strcmp(b->data + b->len - 23, "chunked gzip line 0999\n") == 0;
}

static char url_http[128], url_https[128], url_redirect[128], url_chunked[128], url_cookie[128],
    url_gzip[128], url_post[128], url_digest[160], url_upload[128];

TEST(http_request_survives_every_allocation_failure)
{
    sweep(&(sweep_case){.name = "http", .url = url_http, .right = is_1k});
}

TEST(https_request_survives_every_allocation_failure)
{
    sweep(&(sweep_case){
        .name = "https", .url = url_https, .right = is_1k, .ca_file = env_need("OI_TEST_CA")});
}

/* Two redirects, each a new URL, request head and perhaps connection. */
TEST(redirect_survives_every_allocation_failure)
{
    sweep(&(sweep_case){.name = "redirect", .url = url_redirect, .right = is_httpbin_get});
}

/* Chunked framing and the trailer section, which is stored. */
TEST(chunked_response_survives_every_allocation_failure)
{
    sweep(&(sweep_case){.name = "chunked", .url = url_chunked, .right = is_chunked_with_trailers});
}

/* httpbin sets the cookie with a 302 to /cookies, which shows the cookies
 * it received: storing and sending both. */
TEST(cookie_response_survives_every_allocation_failure)
{
    sweep(&(sweep_case){.name = "cookie", .url = url_cookie, .right = has_cookie_oom});
}

/* A chunked gzip body: the decoder's buffers too. */
TEST(decoded_response_survives_every_allocation_failure)
{
    sweep(&(sweep_case){.name = "gzip", .url = url_gzip, .right = is_gzip_lines, .decoding = 1});
}

/* The second request takes the pooled connection of the first. */
TEST(keep_alive_reuse_survives_every_allocation_failure)
{
    sweep(&(sweep_case){.name = "keep-alive", .url = url_http, .right = is_1k, .repeat = 3});
}

/* A request body from memory; httpbin echoes it as "data". */
TEST(post_survives_every_allocation_failure)
{
    sweep(&(sweep_case){.name = "post",
                        .url = url_post,
                        .right = echoes_payload,
                        .verb = "POST",
                        .payload = "openinet payload"});
}

/* open_url with user information: URL parsing, a 401, then a Digest
 * answer (MD5, qop=auth) on a second exchange. */
TEST(digest_auth_by_url_survives_every_allocation_failure)
{
    sweep(&(sweep_case){
        .name = "digest", .url = url_digest, .right = is_authenticated, .open_url = 1});
}

/* A chunked upload through begin/write/end; nginx answers 204. */
TEST(streamed_upload_survives_every_allocation_failure)
{
    sweep(&(sweep_case){.name = "upload",
                        .url = url_upload,
                        .right = is_empty,
                        .verb = "PUT",
                        .payload = "streamed openinet payload",
                        .stream = 1,
                        .want_status = 204});
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* progress survives a crash */
    verbose = getenv("OI_SWEEP_VERBOSE") != NULL;
    unsigned scripted = env_port("OI_SCRIPTED_PORT"), httpbin = env_port("OI_HTTPBIN_PORT");
    url_for(url_http, sizeof url_http, env_port("OI_NGINX_PORT"), "/1k.bin");
    snprintf(url_https, sizeof url_https, "https://127.0.0.1:%u/1k.bin",
             env_port("OI_NGINX_TLS_PORT"));
    url_for(url_redirect, sizeof url_redirect, httpbin, "/redirect/2");
    url_for(url_chunked, sizeof url_chunked, scripted, "/chunked-trailers");
    url_for(url_cookie, sizeof url_cookie, httpbin, "/cookies/set/oom/1");
    url_for(url_gzip, sizeof url_gzip, scripted, "/gzip-chunked");
    url_for(url_post, sizeof url_post, httpbin, "/post");
    snprintf(url_digest, sizeof url_digest,
             "http://oi-user:oi-secret@127.0.0.1:%u/digest-auth/auth/oi-user/oi-secret", httpbin);
    url_for(url_upload, sizeof url_upload, env_port("OI_NGINX_PORT"), "/upload");

    RUN(http_request_survives_every_allocation_failure);
    RUN(https_request_survives_every_allocation_failure);
    RUN(redirect_survives_every_allocation_failure);
    RUN(chunked_response_survives_every_allocation_failure);
    RUN(cookie_response_survives_every_allocation_failure);
    RUN(decoded_response_survives_every_allocation_failure);
    RUN(keep_alive_reuse_survives_every_allocation_failure);
    RUN(post_survives_every_allocation_failure);
    RUN(streamed_upload_survives_every_allocation_failure);
    RUN(digest_auth_by_url_survives_every_allocation_failure);
    return check_summary();
}
