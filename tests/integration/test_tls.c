/* The TLS layer under oi_conn, driven directly (oi_conn_open, then
 * oi_conn_start_tls, then a raw GET through oi_conn_send/oi_conn_recv)
 * against nginx's TLS servers (tests/servers/certs.sh makes their
 * certificates) and, for failures nginx cannot stage, a small TLS server in
 * a thread of this program.  The oi_handle the internal calls need is a
 * request made with the public API; options set on its session are
 * inherited. */
#include "support.h"
#include "tls.h"

#include <errno.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <sys/time.h>
#include <sys/uio.h>

/* ------------------------------------------------------------------ */
/* Connections                                                        */
/* ------------------------------------------------------------------ */

typedef struct tls_case {
    oi_handle *s;   /* the session: owns the TLS contexts and tickets */
    oi_handle *req; /* the handle passed to the internal calls */
    oi_conn *c;
} tls_case;

/* A session that trusts the test CA (unless trust_ca is 0). */
static void case_begin(tls_case *t, int trust_ca)
{
    t->s = session_new();
    t->c = NULL;
    if (trust_ca)
        oi_handle_set_str(t->s, OI_OPT_CA_FILE, env_need("OI_TEST_CA"));
    if (request_open(t->s, "127.0.0.1", 1, "GET", "/", 0, &t->req) != OI_OK) {
        fprintf(stderr, "cannot open a request handle\n");
        exit(1);
    }
}

static void case_end(tls_case *t)
{
    oi_conn_close(t->c);
    t->c = NULL;
    oi_handle_close(t->s);
}

/* Connect to 127.0.0.1:port and shake hands as `host`; the connection
 * stays in t->c whatever happens, for case_end to close. */
static oi_status tls_open(tls_case *t, unsigned port, const char *host)
{
    int64_t deadline = oi_deadline(10000, 0);
    oi_conn_close(t->c);
    t->c = NULL;
    oi_status st = oi_conn_open(t->req, "127.0.0.1", port, deadline, &t->c);
    return st == OI_OK ? oi_conn_start_tls(t->req, t->c, host, deadline) : st;
}

/* A successful handshake with nginx's server `port_var`. */
static oi_status open_env(tls_case *t, const char *port_var, const char *host)
{
    return tls_open(t, env_port(port_var), host);
}

/* Send a raw GET and read the response (nginx always sends a length).
 * Returns the status code, 0 on failure (*st says why); the body goes to b. */
static int raw_get(tls_case *t, const char *path, body *b, oi_status *st)
{
    char head[512];
    int n = snprintf(head, sizeof head, "GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n", path);
    struct iovec iov = {head, (size_t)n};
    int64_t deadline = oi_deadline(10000, 0);
    *st = oi_conn_send(t->req, t->c, &iov, 1, deadline);
    size_t head_len = 0, want = (size_t)-1;
    while (*st == OI_OK && b->len < want) {
        size_t got = 0;
        if (!body_reserve(b, 16384))
            return 0;
        *st = oi_conn_recv(t->req, t->c, b->data + b->len, 16384, deadline, &got);
        if (*st == OI_OK && got == 0)
            *st = OI_E_CONNECTION_ABORTED;
        b->len += got;
        b->data[b->len] = '\0';
        const char *end = strstr(b->data, "\r\n\r\n"), *cl = strstr(b->data, "Content-Length: ");
        if (end && !head_len) {
            head_len = (size_t)(end + 4 - b->data);
            want = head_len + (cl && cl < end ? strtoul(cl + 16, NULL, 10) : 0);
        }
    }
    int status = 0;
    if (*st != OI_OK || sscanf(b->data, "HTTP/1.1 %d", &status) != 1)
        return 0;
    memmove(b->data, b->data + head_len, b->len - head_len + 1);
    b->len -= head_len;
    return status;
}

/* GET /index.html must answer 200 with the docroot's file. */
static void check_index(tls_case *t)
{
    body b = {0};
    oi_status st;
    CHECK_INT(raw_get(t, "/index.html", &b, &st), 200);
    CHECK_INT(st, OI_OK);
    CHECK(b.data && strstr(b.data, "It works.") != NULL);
    body_free(&b);
}

/* The handle's message must hold `part`. */
static void check_message(const tls_case *t, const char *part)
{
    const char *m = oi_handle_message(t->req);
    if (!strstr(m, part)) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", m, part);
        CHECK(strstr(m, part) != NULL);
    }
}

/* ------------------------------------------------------------------ */
/* A TLS server in a thread, for what nginx does not do               */
/* ------------------------------------------------------------------ */

typedef enum srv_mode {
    SRV_RESET_IN_HANDSHAKE, /* reads the ClientHello, then RST */
    SRV_CLOSE_IN_HANDSHAKE, /* reads the ClientHello, then FIN */
    SRV_SILENT,             /* never answers */
    SRV_WANT_CERT,          /* refuses a client without certificate */
    SRV_TRUNCATE,           /* Content-Length 100, 10 bytes, FIN without close_notify */
    SRV_RESET_AFTER_REQUEST /* reads the request, then RST */
} srv_mode;

typedef struct srv {
    srv_mode mode;
    int max_version; /* 0: any */
    int lfd;
    unsigned port;
    pthread_t thread;
} srv;

static void set_timeout(int fd, int ms)
{
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

static void close_reset(int fd)
{
    struct linger l = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
}

/* FIN, then wait for the client's end: closing with unread bytes would
 * send an RST that could overtake what we sent. */
static void close_gently(int fd)
{
    char buf[4096];
    shutdown(fd, SHUT_WR);
    while (recv(fd, buf, sizeof buf, 0) > 0)
        ;
    close(fd);
}

static SSL_CTX *srv_ctx(const srv *v)
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
    if (v->max_version)
        SSL_CTX_set_max_proto_version(ctx, v->max_version);
    if (v->mode == SRV_WANT_CERT)
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    return ctx;
}

static void srv_tls(const srv *v, int fd)
{
    static const char truncated[] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789";
    char buf[4096];
    SSL_CTX *ctx = srv_ctx(v);
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) == 1 && SSL_read(ssl, buf, sizeof buf) > 0) {
        if (v->mode == SRV_TRUNCATE)
            SSL_write(ssl, truncated, (int)strlen(truncated));
        if (v->mode == SRV_RESET_AFTER_REQUEST) {
            close_reset(fd);
            fd = -1;
        }
    }
    if (fd >= 0)
        close_gently(fd);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void *srv_main(void *arg)
{
    srv *v = arg;
    char buf[4096];
    int fd = accept(v->lfd, NULL, NULL);
    if (fd < 0)
        return NULL;
    set_timeout(fd, 3000);
    if (v->mode == SRV_RESET_IN_HANDSHAKE || v->mode == SRV_CLOSE_IN_HANDSHAKE) {
        if (recv(fd, buf, sizeof buf, 0) > 0 && v->mode == SRV_RESET_IN_HANDSHAKE)
            close_reset(fd);
        else
            close_gently(fd);
    } else if (v->mode == SRV_SILENT) {
        while (recv(fd, buf, sizeof buf, 0) > 0) /* until the client gives up */
            ;
        close(fd);
    } else {
        srv_tls(v, fd);
    }
    return NULL;
}

static void srv_start(srv *v, srv_mode mode, int max_version)
{
    v->mode = mode;
    v->max_version = max_version;
    v->lfd = closed_port(&v->port);
    set_timeout(v->lfd, 5000); /* accept gives up if no client comes */
    if (listen(v->lfd, 4) != 0 || pthread_create(&v->thread, NULL, srv_main, v) != 0) {
        perror("test server");
        exit(1);
    }
}

/* The client's connection closes first: the server waits for its end. */
static void srv_stop(srv *v, tls_case *t)
{
    oi_conn_close(t->c);
    t->c = NULL;
    pthread_join(v->thread, NULL);
    close(v->lfd);
}

/* ------------------------------------------------------------------ */
/* Chain and name verification                                        */
/* ------------------------------------------------------------------ */

TEST(good_certificate_verifies_with_the_ca_file)
{
    tls_case t;
    case_begin(&t, 1);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "127.0.0.1"), OI_OK);
    check_index(&t);
    case_end(&t);
}

TEST(system_store_does_not_know_the_test_ca)
{
    tls_case t;
    case_begin(&t, 0);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "127.0.0.1"), OI_E_SEC_INVALID_CA);
    check_message(&t, "TLS handshake with 127.0.0.1 port ");
    check_message(&t, ": unable to get local issuer certificate");
    case_end(&t);
}

TEST(ca_folder_is_a_trust_store_too)
{
    tls_case t;
    char dir[1024];
    case_begin(&t, 0);
    /* An empty folder trusts nothing; its use proves the option is read. */
    snprintf(dir, sizeof dir, "%s", env_need("OI_DOCROOT"));
    oi_handle_set_str(t.s, OI_OPT_CA_DIR, dir);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "127.0.0.1"), OI_E_SEC_INVALID_CA);
    oi_handle_set_str(t.req, OI_OPT_CA_FILE, env_need("OI_TEST_CA"));
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "127.0.0.1"), OI_OK);
    case_end(&t);
}

TEST(unreadable_ca_file_is_a_parameter_error)
{
    tls_case t;
    case_begin(&t, 0);
    oi_handle_set_str(t.s, OI_OPT_CA_FILE, "/nonexistent/ca.pem");
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "127.0.0.1"), OI_E_INVALID_PARAMETER);
    check_message(&t, "/nonexistent/ca.pem");
    case_end(&t);
}

TEST(expired_certificate_is_a_date_error)
{
    tls_case t;
    case_begin(&t, 1);
    unsigned port = env_port("OI_NGINX_TLS_EXPIRED_PORT");
    char want[128];
    CHECK_INT(tls_open(&t, port, "127.0.0.1"), OI_E_SEC_CERT_DATE_INVALID);
    snprintf(want, sizeof want, "TLS handshake with 127.0.0.1 port %u: certificate has expired",
             port);
    CHECK_STR(oi_handle_message(t.req), want);
    case_end(&t);
}

TEST(not_yet_valid_certificate_is_a_date_error)
{
    tls_case t;
    case_begin(&t, 1);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_NOTYET_PORT", "127.0.0.1"), OI_E_SEC_CERT_DATE_INVALID);
    check_message(&t, "certificate is not yet valid");
    case_end(&t);
}

TEST(wrong_host_is_a_name_error)
{
    tls_case t;
    case_begin(&t, 1);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_WRONGHOST_PORT", "127.0.0.1"), OI_E_SEC_CERT_CN_INVALID);
    check_message(&t, "IP address mismatch");
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_WRONGHOST_PORT", "localhost"), OI_E_SEC_CERT_CN_INVALID);
    check_message(&t, "hostname mismatch");
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_WRONGHOST_PORT", "wrong.example"), OI_OK);
    case_end(&t);
}

TEST(unknown_ca_is_a_ca_error)
{
    tls_case t;
    case_begin(&t, 1);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_UNKNOWNCA_PORT", "127.0.0.1"), OI_E_SEC_INVALID_CA);
    case_end(&t);
}

/* The certificate's names: DNS names case-insensitively, IP addresses of
 * both families against IP entries only.  The host name is checked apart
 * from the address connected to, which is always 127.0.0.1 here. */
TEST(host_names_and_addresses_match_the_certificate)
{
    static const struct {
        const char *host;
        oi_status want;
    } cases[] = {
        {"localhost", OI_OK},
        {"LocalHost", OI_OK},
        {"::1", OI_OK},
        {"0:0:0:0:0:0:0:1", OI_OK},
        {"127.0.0.2", OI_E_SEC_CERT_CN_INVALID},
        {"localhost.example", OI_E_SEC_CERT_CN_INVALID},
        {"127.0.0.1.nip.io", OI_E_SEC_CERT_CN_INVALID},
    };
    tls_case t;
    case_begin(&t, 1);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        oi_status st = open_env(&t, "OI_NGINX_TLS_PORT", cases[i].host);
        if (st != cases[i].want)
            fprintf(stderr, "host %s: %s\n", cases[i].host, oi_handle_message(t.req));
        CHECK_INT(st, cases[i].want);
    }
    case_end(&t);
}

/* RFC 6125: "*" stands for exactly one whole left-most label. */
TEST(wildcard_covers_one_label)
{
    static const struct {
        const char *host;
        oi_status want;
    } cases[] = {
        {"www.test.localhost", OI_OK},
        {"API.Test.Localhost", OI_OK},
        {"test.localhost", OI_E_SEC_CERT_CN_INVALID},
        {"a.b.test.localhost", OI_E_SEC_CERT_CN_INVALID},
        {"www.other.localhost", OI_E_SEC_CERT_CN_INVALID},
        {"127.0.0.1", OI_E_SEC_CERT_CN_INVALID},
    };
    tls_case t;
    case_begin(&t, 1);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        oi_status st = open_env(&t, "OI_NGINX_TLS_WILDCARD_PORT", cases[i].host);
        if (st != cases[i].want)
            fprintf(stderr, "host %s: %s\n", cases[i].host, oi_handle_message(t.req));
        CHECK_INT(st, cases[i].want);
    }
    case_end(&t);
}

/* ------------------------------------------------------------------ */
/* Security flags: each relaxes its own check only                    */
/* ------------------------------------------------------------------ */

#define IGNORE_CA   OI_SECURITY_IGNORE_UNKNOWN_CA
#define IGNORE_CN   OI_SECURITY_IGNORE_CERT_CN_INVALID
#define IGNORE_DATE OI_SECURITY_IGNORE_CERT_DATE_INVALID

static oi_status open_with_flags(const char *port_var, int trust_ca, const char *host,
                                 unsigned flags)
{
    tls_case t;
    case_begin(&t, trust_ca);
    oi_handle_set_int(t.req, OI_OPT_SECURITY_FLAGS, flags);
    oi_status st = open_env(&t, port_var, host);
    if (st == OI_OK)
        check_index(&t);
    case_end(&t);
    return st;
}

TEST(each_ignore_flag_relaxes_its_check)
{
    CHECK_INT(open_with_flags("OI_NGINX_TLS_EXPIRED_PORT", 1, "127.0.0.1", IGNORE_DATE), OI_OK);
    CHECK_INT(open_with_flags("OI_NGINX_TLS_NOTYET_PORT", 1, "127.0.0.1", IGNORE_DATE), OI_OK);
    CHECK_INT(open_with_flags("OI_NGINX_TLS_WRONGHOST_PORT", 1, "127.0.0.1", IGNORE_CN), OI_OK);
    CHECK_INT(open_with_flags("OI_NGINX_TLS_UNKNOWNCA_PORT", 1, "127.0.0.1", IGNORE_CA), OI_OK);
    CHECK_INT(open_with_flags("OI_NGINX_TLS_PORT", 0, "localhost", IGNORE_CA), OI_OK);
}

TEST(ignore_flags_leave_the_other_checks_on)
{
    CHECK_INT(open_with_flags("OI_NGINX_TLS_EXPIRED_PORT", 1, "127.0.0.1", IGNORE_CN | IGNORE_CA),
              OI_E_SEC_CERT_DATE_INVALID);
    CHECK_INT(
        open_with_flags("OI_NGINX_TLS_WRONGHOST_PORT", 1, "127.0.0.1", IGNORE_DATE | IGNORE_CA),
        OI_E_SEC_CERT_CN_INVALID);
    CHECK_INT(
        open_with_flags("OI_NGINX_TLS_UNKNOWNCA_PORT", 1, "127.0.0.1", IGNORE_CN | IGNORE_DATE),
        OI_E_SEC_INVALID_CA);
    /* With the chain forgiven, the name and the date are still checked. */
    CHECK_INT(open_with_flags("OI_NGINX_TLS_PORT", 0, "wrong.example", IGNORE_CA),
              OI_E_SEC_CERT_CN_INVALID);
    CHECK_INT(open_with_flags("OI_NGINX_TLS_EXPIRED_PORT", 0, "127.0.0.1", IGNORE_CA),
              OI_E_SEC_CERT_DATE_INVALID);
    CHECK_INT(open_with_flags("OI_NGINX_TLS_EXPIRED_PORT", 0, "localhost",
                              IGNORE_CA | IGNORE_CN | IGNORE_DATE),
              OI_OK);
}

/* ------------------------------------------------------------------ */
/* Client certificates and versions                                   */
/* ------------------------------------------------------------------ */

/* nginx completes the handshake without a client certificate and answers
 * 400 over it: the failure is the server's response, not a TLS error. */
TEST(nginx_answers_400_without_client_certificate)
{
    tls_case t;
    body b = {0};
    oi_status st;
    case_begin(&t, 1);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_CLIENTCERT_PORT", "localhost"), OI_OK);
    CHECK_INT(raw_get(&t, "/index.html", &b, &st), 400);
    CHECK(b.data && strstr(b.data, "No required SSL certificate was sent") != NULL);
    body_free(&b);
    case_end(&t);
}

TEST(client_certificate_is_presented)
{
    tls_case t;
    case_begin(&t, 1);
    oi_handle_set_str(t.s, OI_OPT_CLIENT_CERT, env_need("OI_CLIENT_CERT"));
    oi_handle_set_str(t.s, OI_OPT_CLIENT_KEY, env_need("OI_CLIENT_KEY"));
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_CLIENTCERT_PORT", "localhost"), OI_OK);
    check_index(&t);
    case_end(&t);
}

TEST(client_key_must_match_its_certificate)
{
    tls_case t;
    char key[1024];
    case_begin(&t, 1);
    snprintf(key, sizeof key, "%s/server.key", env_need("OI_TEST_CERTS"));
    oi_handle_set_str(t.s, OI_OPT_CLIENT_CERT, env_need("OI_CLIENT_CERT"));
    oi_handle_set_str(t.s, OI_OPT_CLIENT_KEY, key);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_CLIENTCERT_PORT", "localhost"), OI_E_INVALID_PARAMETER);
    check_message(&t, "server.key");
    oi_handle_set_str(t.s, OI_OPT_CLIENT_CERT, NULL);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_CLIENTCERT_PORT", "localhost"), OI_E_INVALID_PARAMETER);
    check_message(&t, "client key without a certificate");
    case_end(&t);
}

/* A server that refuses the handshake without a certificate: with TLS 1.2
 * the handshake fails; with TLS 1.3 the client's side of it is over when
 * the alert comes, so the first read reports it. */
TEST(server_refusing_clients_without_certificate)
{
    srv v;
    tls_case t;
    body b = {0};
    oi_status st;
    case_begin(&t, 1);
    srv_start(&v, SRV_WANT_CERT, TLS1_2_VERSION);
    CHECK_INT(tls_open(&t, v.port, "localhost"), OI_E_CLIENT_CERT_NEEDED);
    check_message(&t, "requires a client certificate");
    srv_stop(&v, &t);
    srv_start(&v, SRV_WANT_CERT, 0);
    CHECK_INT(tls_open(&t, v.port, "localhost"), OI_OK);
    CHECK_INT(raw_get(&t, "/", &b, &st), 0);
    CHECK_INT(st, OI_E_CLIENT_CERT_NEEDED);
    body_free(&b);
    srv_stop(&v, &t);
    case_end(&t);
}

TEST(minimum_version_is_enforced)
{
    tls_case t;
    char *block = NULL;
    oi_certificate_info info;
    case_begin(&t, 1);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS12_PORT", "localhost"), OI_OK);
    CHECK_INT(oi_tls_certificate(t.c, &block, &info), OI_OK);
    if (block)
        CHECK_STR(info.protocol, "TLSv1.2");
    free(block);
    oi_handle_set_int(t.s, OI_OPT_TLS_MIN_VERSION, 13);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS12_PORT", "localhost"), OI_E_TLS_HANDSHAKE);
    check_message(&t, "protocol version");
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "localhost"), OI_OK);
    oi_handle_set_int(t.s, OI_OPT_TLS_MIN_VERSION, 14);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "localhost"), OI_E_INVALID_PARAMETER);
    case_end(&t);
}

/* ------------------------------------------------------------------ */
/* Resumption                                                         */
/* ------------------------------------------------------------------ */

/* One connection: handshake time in microseconds, and whether it resumed.
 * The GET lets the TLS 1.3 tickets, which follow the handshake, arrive. */
static int resumed_connection(tls_case *t, const char *port_var, long long *us)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    oi_status st = open_env(t, port_var, "localhost");
    clock_gettime(CLOCK_MONOTONIC, &b);
    *us = (b.tv_sec - a.tv_sec) * 1000000LL + (b.tv_nsec - a.tv_nsec) / 1000;
    CHECK_INT(st, OI_OK);
    if (st != OI_OK)
        return -1;
    check_index(t);
    return oi_tls_session_reused(t->c);
}

static void check_resumption(const char *port_var)
{
    tls_case t;
    long long first, again, third, other;
    case_begin(&t, 1);
    CHECK_INT(resumed_connection(&t, port_var, &first), 0);
    CHECK_INT(resumed_connection(&t, port_var, &again), 1);
    CHECK_INT(resumed_connection(&t, port_var, &third), 1);
    /* Another check policy must not ride on a session verified under this one. */
    oi_handle_set_int(t.req, OI_OPT_SECURITY_FLAGS, IGNORE_CN);
    CHECK_INT(resumed_connection(&t, port_var, &other), 0);
    printf("%s: connect and handshake: first %lld us (with the context's set-up), "
           "resumed %lld us and %lld us, full %lld us\n",
           port_var, first, again, third, other);
    case_end(&t);
    /* Sessions do not cross sessions. */
    case_begin(&t, 1);
    CHECK_INT(resumed_connection(&t, port_var, &other), 0);
    case_end(&t);
}

TEST(tls13_sessions_resume_across_connections)
{
    check_resumption("OI_NGINX_TLS_PORT");
}

TEST(tls12_sessions_resume_across_connections)
{
    check_resumption("OI_NGINX_TLS12_PORT");
}

/* ------------------------------------------------------------------ */
/* Certificate information                                            */
/* ------------------------------------------------------------------ */

static int is_gmt_time(const char *s)
{
    int y, mo, d, h, mi, se;
    char gmt[4];
    return strlen(s) == 23 &&
           sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d %3s", &y, &mo, &d, &h, &mi, &se, gmt) == 7 &&
           strcmp(gmt, "GMT") == 0;
}

TEST(certificate_info_describes_peer_and_channel)
{
    tls_case t;
    char *block = NULL;
    oi_certificate_info info;
    case_begin(&t, 1);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "localhost"), OI_OK);
    CHECK_INT(oi_tls_certificate(t.c, &block, &info), OI_OK);
    if (block) {
        CHECK_STR(info.subject, "O=openinet tests, CN=localhost");
        CHECK_STR(info.issuer, "O=openinet tests, CN=openinet test CA");
        CHECK(is_gmt_time(info.not_before));
        CHECK(is_gmt_time(info.not_after));
        CHECK(strcmp(info.not_before, info.not_after) < 0);
        CHECK_STR(info.protocol, "TLSv1.3");
        CHECK(strncmp(info.cipher, "TLS_", 4) == 0);
        CHECK(info.key_bits >= 128);
    }
    free(block);
    case_end(&t);
}

TEST(certificate_info_of_an_expired_certificate)
{
    tls_case t;
    char *block = NULL;
    oi_certificate_info info;
    case_begin(&t, 1);
    oi_handle_set_int(t.s, OI_OPT_SECURITY_FLAGS, IGNORE_DATE);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_EXPIRED_PORT", "localhost"), OI_OK);
    CHECK_INT(oi_tls_certificate(t.c, &block, &info), OI_OK);
    if (block) {
        CHECK_STR(info.not_before, "2020-01-01 00:00:00 GMT");
        CHECK_STR(info.not_after, "2020-02-01 00:00:00 GMT");
    }
    free(block);
    case_end(&t);
}

TEST(plain_connection_has_no_certificate)
{
    tls_case t;
    char *block = (char *)1;
    oi_certificate_info info;
    case_begin(&t, 1);
    CHECK_INT(oi_conn_open(t.req, "127.0.0.1", env_port("OI_NGINX_PORT"), 0, &t.c), OI_OK);
    CHECK_INT(oi_tls_certificate(t.c, &block, &info), OI_E_INCORRECT_HANDLE_STATE);
    CHECK(block == NULL);
    CHECK_INT(oi_tls_session_reused(t.c), 0);
    case_end(&t);
}

/* ------------------------------------------------------------------ */
/* Failures of the connection                                         */
/* ------------------------------------------------------------------ */

TEST(reset_during_handshake_is_a_handshake_error)
{
    srv v;
    tls_case t;
    case_begin(&t, 1);
    srv_start(&v, SRV_RESET_IN_HANDSHAKE, 0);
    CHECK_INT(tls_open(&t, v.port, "localhost"), OI_E_TLS_HANDSHAKE);
    check_message(&t, "reset");
    srv_stop(&v, &t);
    case_end(&t);
}

TEST(close_during_handshake_is_a_handshake_error)
{
    srv v;
    tls_case t;
    case_begin(&t, 1);
    srv_start(&v, SRV_CLOSE_IN_HANDSHAKE, 0);
    CHECK_INT(tls_open(&t, v.port, "localhost"), OI_E_TLS_HANDSHAKE);
    check_message(&t, "closed");
    srv_stop(&v, &t);
    case_end(&t);
}

TEST(plain_http_server_fails_the_handshake)
{
    tls_case t;
    case_begin(&t, 1);
    CHECK_INT(open_env(&t, "OI_NGINX_PORT", "localhost"), OI_E_TLS_HANDSHAKE);
    case_end(&t);
}

TEST(silent_server_times_the_handshake_out)
{
    srv v;
    tls_case t;
    case_begin(&t, 1);
    srv_start(&v, SRV_SILENT, 0);
    int64_t deadline = oi_deadline(300, 0);
    long long t0 = now_ms();
    CHECK_INT(oi_conn_open(t.req, "127.0.0.1", v.port, deadline, &t.c), OI_OK);
    CHECK_INT(oi_conn_start_tls(t.req, t.c, "localhost", deadline), OI_E_TIMEOUT);
    long long took = now_ms() - t0;
    CHECK(took >= 250 && took < 2000);
    check_message(&t, "TLS handshake with localhost port");
    srv_stop(&v, &t);
    case_end(&t);
}

TEST(unclean_end_of_body_is_an_abort)
{
    srv v;
    tls_case t;
    body b = {0};
    oi_status st;
    case_begin(&t, 1);
    srv_start(&v, SRV_TRUNCATE, 0);
    CHECK_INT(tls_open(&t, v.port, "localhost"), OI_OK);
    CHECK_INT(raw_get(&t, "/", &b, &st), 0);
    CHECK_INT(st, OI_E_CONNECTION_ABORTED);
    check_message(&t, "without TLS close_notify");
    body_free(&b);
    srv_stop(&v, &t);
    case_end(&t);
}

TEST(reset_after_the_handshake_is_a_reset)
{
    srv v;
    tls_case t;
    body b = {0};
    oi_status st;
    case_begin(&t, 1);
    srv_start(&v, SRV_RESET_AFTER_REQUEST, 0);
    CHECK_INT(tls_open(&t, v.port, "localhost"), OI_OK);
    CHECK_INT(raw_get(&t, "/", &b, &st), 0);
    CHECK_INT(st, OI_E_CONNECTION_RESET);
    body_free(&b);
    srv_stop(&v, &t);
    case_end(&t);
}

TEST(receive_times_out_on_a_quiet_connection)
{
    tls_case t;
    char buf[64];
    size_t got = 99;
    case_begin(&t, 1);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "localhost"), OI_OK);
    CHECK_INT(oi_conn_recv(t.req, t.c, buf, sizeof buf, oi_deadline(100, 0), &got), OI_E_TIMEOUT);
    check_message(&t, "timed out");
    case_end(&t);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ------------------------------------------------------------------ */
/* Keep-alive, liveness and writes                                    */
/* ------------------------------------------------------------------ */

TEST(idle_connection_stays_alive_through_session_tickets)
{
    tls_case t;
    case_begin(&t, 1);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "localhost"), OI_OK);
    sleep_ms(100); /* the TLS 1.3 tickets arrive while idle */
    CHECK(oi_conn_is_alive(t.c));
    check_index(&t);
    CHECK(oi_conn_is_alive(t.c));
    check_index(&t);
    case_end(&t);
}

TEST(connection_closed_by_server_is_dead)
{
    tls_case t;
    body b = {0};
    oi_status st;
    case_begin(&t, 1);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "localhost"), OI_OK);
    CHECK_INT(raw_get(&t, "/close", &b, &st), 200);
    sleep_ms(100); /* nginx's close_notify and FIN arrive */
    CHECK(!oi_conn_is_alive(t.c));
    body_free(&b);
    case_end(&t);
}

/* A request head and body in several pieces, small and large: the small
 * ones are gathered into records, the large one goes out directly. */
TEST(upload_in_pieces_goes_through)
{
    tls_case t;
    static char big[1 << 20];
    static const char head[] = "POST /upload HTTP/1.1\r\nHost: localhost\r\n"
                               "Content-Length: 1048586\r\n\r\n";
    struct iovec iov[4] = {
        {(void *)head, sizeof head - 1}, {"01234", 5}, {big, sizeof big}, {"56789", 5}};
    char buf[1024];
    size_t got = 0;
    case_begin(&t, 1);
    memset(big, 'x', sizeof big);
    CHECK_INT(open_env(&t, "OI_NGINX_TLS_PORT", "localhost"), OI_OK);
    CHECK_INT(oi_conn_send(t.req, t.c, iov, 4, oi_deadline(10000, 0)), OI_OK);
    CHECK_INT(oi_conn_recv(t.req, t.c, buf, sizeof buf - 1, oi_deadline(10000, 0), &got), OI_OK);
    buf[got] = '\0';
    CHECK(strncmp(buf, "HTTP/1.1 204", 12) == 0);
    check_index(&t);
    case_end(&t);
}

/* Threads of one session shake hands at once: they share its contexts and
 * tickets. */
#define THREADS 4
#define ROUNDS  8

static oi_handle *shared_session;

static void *handshakes(void *arg)
{
    tls_case t = {.s = shared_session};
    int *resumed = arg;
    if (request_open(t.s, "127.0.0.1", 1, "GET", "/", 0, &t.req) != OI_OK)
        return NULL;
    for (int i = 0; i < ROUNDS; i++) {
        if (open_env(&t, "OI_NGINX_TLS_PORT", "localhost") != OI_OK)
            return NULL;
        body b = {0};
        oi_status st;
        if (raw_get(&t, "/index.html", &b, &st) != 200)
            return NULL;
        body_free(&b);
        *resumed += oi_tls_session_reused(t.c);
    }
    oi_conn_close(t.c);
    *resumed += 1000; /* every round went through */
    return NULL;
}

TEST(threads_share_a_session)
{
    tls_case t;
    pthread_t th[THREADS];
    int resumed[THREADS] = {0}, total = 0;
    case_begin(&t, 1);
    shared_session = t.s;
    for (int i = 0; i < THREADS; i++)
        CHECK_INT(pthread_create(&th[i], NULL, handshakes, &resumed[i]), 0);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        CHECK(resumed[i] >= 1000);
        total += resumed[i] % 1000;
    }
    CHECK(total > THREADS); /* most connections after the first ones resumed */
    case_end(&t);
}

int main(void)
{
    env_need("OI_TEST_CA");
    RUN(good_certificate_verifies_with_the_ca_file);
    RUN(system_store_does_not_know_the_test_ca);
    RUN(ca_folder_is_a_trust_store_too);
    RUN(unreadable_ca_file_is_a_parameter_error);
    RUN(expired_certificate_is_a_date_error);
    RUN(not_yet_valid_certificate_is_a_date_error);
    RUN(wrong_host_is_a_name_error);
    RUN(unknown_ca_is_a_ca_error);
    RUN(host_names_and_addresses_match_the_certificate);
    RUN(wildcard_covers_one_label);
    RUN(each_ignore_flag_relaxes_its_check);
    RUN(ignore_flags_leave_the_other_checks_on);
    RUN(nginx_answers_400_without_client_certificate);
    RUN(client_certificate_is_presented);
    RUN(client_key_must_match_its_certificate);
    RUN(server_refusing_clients_without_certificate);
    RUN(minimum_version_is_enforced);
    RUN(tls13_sessions_resume_across_connections);
    RUN(tls12_sessions_resume_across_connections);
    RUN(certificate_info_describes_peer_and_channel);
    RUN(certificate_info_of_an_expired_certificate);
    RUN(plain_connection_has_no_certificate);
    RUN(reset_during_handshake_is_a_handshake_error);
    RUN(close_during_handshake_is_a_handshake_error);
    RUN(plain_http_server_fails_the_handshake);
    RUN(silent_server_times_the_handshake_out);
    RUN(unclean_end_of_body_is_an_abort);
    RUN(reset_after_the_handshake_is_a_reset);
    RUN(receive_times_out_on_a_quiet_connection);
    RUN(idle_connection_stays_alive_through_session_tickets);
    RUN(connection_closed_by_server_is_dead);
    RUN(upload_in_pieces_goes_through);
    RUN(threads_share_a_session);
    return check_summary();
}
