/* TLS with OpenSSL 3 under oi_conn.
 *
 * Each session keeps, behind one opaque pointer, an SSL_CTX per TLS
 * configuration (trust store, client certificate, lowest version: what an
 * SSL_CTX fixes) and, per context, the sessions servers gave us to resume.
 * Everything that may differ per request (host name, relaxed checks) is set
 * on the SSL object.  OpenSSL is initialised by the first handshake, so a
 * process that never speaks https never pays for it. */
#include "tls.h"
#include "alloc.h"
#include "transport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

#define OI_TLS_TICKETS_MAX       64    /* resumable sessions kept per context */
#define OI_TLS_TICKETS_PER_ROUTE 2     /* a server sends two TLS 1.3 tickets */
#define OI_TLS_RECORD            16384 /* largest TLS record payload */

/* A session a server gave us, to resume on the next connection. */
typedef struct oi_tls_ticket {
    struct oi_tls_ticket *next;
    SSL_SESSION *session;
    char key[]; /* the route and the checks: "host port flags" */
} oi_tls_ticket;

/* What goes into an SSL_CTX; strings NULL when unset. */
typedef struct oi_tls_config {
    const char *ca_file, *ca_dir, *cert, *key;
    int min_version; /* TLS1_VERSION ... TLS1_3_VERSION */
} oi_tls_config;

typedef struct oi_tls_ctx {
    struct oi_tls_ctx *next;
    struct oi_tls_cache *cache;
    char *ca_file, *ca_dir, *cert, *key;
    int min_version;
    SSL_CTX *ctx;
    oi_tls_ticket *tickets; /* newest first */
} oi_tls_ctx;

struct oi_tls_cache {
    pthread_mutex_t lock; /* guards the lists below and in each context */
    oi_tls_ctx *ctxs;
};

struct oi_tls {
    SSL *ssl;
    int fd;
    int sys_errno;      /* errno of the socket call that failed; 0: EOF */
    int failed;         /* a fatal error: no close_notify may follow */
    int cert_requested; /* the server asked for a client certificate we lack */
    unsigned flags;     /* OI_SECURITY_IGNORE_* */
    oi_tls_ctx *ctx;
    char *ticket_key;
};

/* ---- one-time initialisation ---- */

static pthread_once_t oi_tls_once = PTHREAD_ONCE_INIT;
static BIO_METHOD *oi_bio_method;

/* Socket I/O for OpenSSL: like its socket BIO, but sending with
 * OI_SEND_FLAGS (a closed peer must not raise SIGPIPE in the caller's
 * process) and keeping errno for the messages. */
static int oi_bio_write(BIO *b, const char *buf, int len)
{
    struct oi_tls *t = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    for (;;) {
        ssize_t n = send(t->fd, buf, (size_t)len, OI_SEND_FLAGS);
        if (n >= 0)
            return (int)n;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            BIO_set_retry_write(b);
        else
            t->sys_errno = errno;
        return -1;
    }
}

static int oi_bio_read(BIO *b, char *buf, int len)
{
    struct oi_tls *t = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    for (;;) {
        ssize_t n = recv(t->fd, buf, (size_t)len, 0);
        if (n > 0)
            return (int)n;
        if (n == 0) {
            BIO_set_flags(b, BIO_FLAGS_IN_EOF); /* lets OpenSSL tell EOF from errors */
            return 0;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            BIO_set_retry_read(b);
        else
            t->sys_errno = errno;
        return -1;
    }
}

static long oi_bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    (void)num;
    (void)ptr;
    if (cmd == BIO_CTRL_FLUSH)
        return 1;
    if (cmd == BIO_CTRL_EOF)
        return BIO_test_flags(b, BIO_FLAGS_IN_EOF) != 0;
    return 0;
}

static void oi_tls_init(void)
{
    if (!OPENSSL_init_ssl(0, NULL))
        return;
    BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "openinet socket");
    if (m && BIO_meth_set_write(m, oi_bio_write) && BIO_meth_set_read(m, oi_bio_read) &&
        BIO_meth_set_ctrl(m, oi_bio_ctrl)) {
        oi_bio_method = m;
        return;
    }
    BIO_meth_free(m);
}

/* ---- certificate checks ---- */

/* Which verification errors each OI_SECURITY_IGNORE_* bit forgives, and
 * the code they fail with when it is not set. */
static const struct {
    int error;
    unsigned bit;
    oi_status code;
} oi_verify_errors[] = {
    {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, OI_SECURITY_IGNORE_UNKNOWN_CA, OI_E_SEC_INVALID_CA},
    {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, OI_SECURITY_IGNORE_UNKNOWN_CA,
     OI_E_SEC_INVALID_CA},
    {X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, OI_SECURITY_IGNORE_UNKNOWN_CA,
     OI_E_SEC_INVALID_CA},
    {X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, OI_SECURITY_IGNORE_UNKNOWN_CA, OI_E_SEC_INVALID_CA},
    {X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, OI_SECURITY_IGNORE_UNKNOWN_CA, OI_E_SEC_INVALID_CA},
    {X509_V_ERR_CERT_UNTRUSTED, OI_SECURITY_IGNORE_UNKNOWN_CA, OI_E_SEC_INVALID_CA},
    {X509_V_ERR_HOSTNAME_MISMATCH, OI_SECURITY_IGNORE_CERT_CN_INVALID, OI_E_SEC_CERT_CN_INVALID},
    {X509_V_ERR_IP_ADDRESS_MISMATCH, OI_SECURITY_IGNORE_CERT_CN_INVALID, OI_E_SEC_CERT_CN_INVALID},
    {X509_V_ERR_CERT_NOT_YET_VALID, OI_SECURITY_IGNORE_CERT_DATE_INVALID,
     OI_E_SEC_CERT_DATE_INVALID},
    {X509_V_ERR_CERT_HAS_EXPIRED, OI_SECURITY_IGNORE_CERT_DATE_INVALID, OI_E_SEC_CERT_DATE_INVALID},
};

static size_t oi_verify_error_index(long error)
{
    size_t i = 0, n = sizeof oi_verify_errors / sizeof oi_verify_errors[0];
    while (i < n && oi_verify_errors[i].error != error)
        i++;
    return i;
}

/* OpenSSL's chain and name checks, with the errors the security flags
 * forgive cleared one by one: the other checks still run and still fail. */
static int oi_tls_verify(int ok, X509_STORE_CTX *store)
{
    if (ok)
        return 1;
    const SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    const struct oi_tls *t = SSL_get_app_data(ssl);
    size_t i = oi_verify_error_index(X509_STORE_CTX_get_error(store));
    if (i == sizeof oi_verify_errors / sizeof oi_verify_errors[0] ||
        !(t->flags & oi_verify_errors[i].bit))
        return 0;
    X509_STORE_CTX_set_error(store, X509_V_OK);
    return 1;
}

/* Called only when the server asks for a certificate and none is set. */
static int oi_tls_no_client_cert(SSL *ssl, X509 **x509, EVP_PKEY **pkey)
{
    (void)x509;
    (void)pkey;
    ((struct oi_tls *)SSL_get_app_data(ssl))->cert_requested = 1;
    return 0;
}

/* ---- resumable sessions ---- */

static int oi_ticket_usable(SSL_SESSION *s)
{
    return SSL_SESSION_is_resumable(s) &&
           time(NULL) < SSL_SESSION_get_time(s) + SSL_SESSION_get_timeout(s);
}

static void oi_ticket_free(oi_tls_ticket *k)
{
    SSL_SESSION_free(k->session);
    free(k);
}

/* Keep the newest few per route and OI_TLS_TICKETS_MAX in all. */
static void oi_tickets_trim(oi_tls_ctx *e, const char *key)
{
    size_t all = 0, same = 0;
    for (oi_tls_ticket **link = &e->tickets; *link;) {
        oi_tls_ticket *k = *link;
        int mine = strcmp(k->key, key) == 0;
        if (++all > OI_TLS_TICKETS_MAX || (mine && ++same > OI_TLS_TICKETS_PER_ROUTE)) {
            *link = k->next;
            oi_ticket_free(k);
            all--;
        } else {
            link = &k->next;
        }
    }
}

/* OpenSSL's new-session callback: a TLS 1.3 ticket, or a TLS 1.2 session.
 * Returns 1 when we keep the reference it gives us. */
static int oi_tls_new_session(SSL *ssl, SSL_SESSION *session)
{
    const struct oi_tls *t = SSL_get_app_data(ssl);
    size_t n = strlen(t->ticket_key) + 1;
    oi_tls_ticket *k = oi_malloc(sizeof *k + n);
    if (!k)
        return 0;
    memcpy(k->key, t->ticket_key, n);
    k->session = session;
    pthread_mutex_lock(&t->ctx->cache->lock);
    k->next = t->ctx->tickets;
    t->ctx->tickets = k;
    oi_tickets_trim(t->ctx, k->key);
    pthread_mutex_unlock(&t->ctx->cache->lock);
    return 1;
}

/* A session to resume for key, or NULL; the caller owns one reference.
 * TLS 1.3 tickets are used once (RFC 8446 C.4: reuse links connections);
 * older sessions stay for the next connection. */
static SSL_SESSION *oi_tickets_take(oi_tls_ctx *e, const char *key)
{
    SSL_SESSION *found = NULL;
    pthread_mutex_lock(&e->cache->lock);
    for (oi_tls_ticket **link = &e->tickets; *link && !found;) {
        oi_tls_ticket *k = *link;
        if (strcmp(k->key, key) != 0) {
            link = &k->next;
            continue;
        }
        int usable = oi_ticket_usable(k->session);
        if (usable && SSL_SESSION_get_protocol_version(k->session) < TLS1_3_VERSION &&
            SSL_SESSION_up_ref(k->session)) {
            found = k->session;
            continue;
        }
        *link = k->next;
        if (usable)
            found = k->session;
        else
            SSL_SESSION_free(k->session);
        free(k);
    }
    pthread_mutex_unlock(&e->cache->lock);
    return found;
}

/* ---- contexts, one per configuration ---- */

static struct oi_tls_cache *oi_tls_cache_of(oi_session *s)
{
    pthread_mutex_lock(&s->tree_lock);
    if (!s->tls && (s->tls = oi_calloc(1, sizeof *s->tls)))
        pthread_mutex_init(&s->tls->lock, NULL);
    struct oi_tls_cache *cache = s->tls;
    pthread_mutex_unlock(&s->tree_lock);
    return cache;
}

static void oi_tls_ctx_free(oi_tls_ctx *e)
{
    while (e->tickets) {
        oi_tls_ticket *k = e->tickets;
        e->tickets = k->next;
        oi_ticket_free(k);
    }
    SSL_CTX_free(e->ctx);
    free(e->ca_file);
    free(e->ca_dir);
    free(e->cert);
    free(e->key);
    free(e);
}

void oi_tls_cache_free(struct oi_tls_cache *cache)
{
    if (!cache)
        return;
    while (cache->ctxs) {
        oi_tls_ctx *e = cache->ctxs;
        cache->ctxs = e->next;
        oi_tls_ctx_free(e);
    }
    pthread_mutex_destroy(&cache->lock);
    free(cache);
}

static int oi_same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static int oi_tls_ctx_matches(const oi_tls_ctx *e, const oi_tls_config *cfg)
{
    return oi_same(e->ca_file, cfg->ca_file) && oi_same(e->ca_dir, cfg->ca_dir) &&
           oi_same(e->cert, cfg->cert) && oi_same(e->key, cfg->key) &&
           e->min_version == cfg->min_version;
}

/* The reason of the last OpenSSL error, for messages. */
static const char *oi_tls_reason(void)
{
    const char *r = ERR_reason_error_string(ERR_peek_last_error());
    return r ? r : "unknown error";
}

/* Trust store and client certificate; records the failure on h. */
static oi_status oi_tls_ctx_load(oi_handle *h, SSL_CTX *ctx, const oi_tls_config *cfg)
{
    const char *what = NULL;
    if (!cfg->ca_file && !cfg->ca_dir && !SSL_CTX_set_default_verify_paths(ctx))
        what = "the system CA store";
    else if (cfg->ca_file && !SSL_CTX_load_verify_file(ctx, cfg->ca_file))
        what = cfg->ca_file;
    else if (cfg->ca_dir && !SSL_CTX_load_verify_dir(ctx, cfg->ca_dir))
        what = cfg->ca_dir;
    else if (cfg->cert && !SSL_CTX_use_certificate_chain_file(ctx, cfg->cert))
        what = cfg->cert;
    else if (cfg->cert && (!SSL_CTX_use_PrivateKey_file(ctx, cfg->key, SSL_FILETYPE_PEM) ||
                           !SSL_CTX_check_private_key(ctx)))
        what = cfg->key;
    if (!what)
        return OI_OK;
    oi_status st =
        oi_fail(h, OI_E_INVALID_PARAMETER, "TLS: cannot use %s: %s", what, oi_tls_reason());
    ERR_clear_error();
    return st;
}

/* Copy src (NULL stays NULL) into *dst; 0 if the copy failed. */
static int oi_copy(char **dst, const char *src)
{
    *dst = oi_strdup(src);
    return !src || *dst;
}

/* A new context for cfg, or NULL with the failure recorded on h. */
static oi_tls_ctx *oi_tls_ctx_new(oi_handle *h, const oi_tls_config *cfg)
{
    static const unsigned char alpn[] = "\x08http/1.1";
    oi_tls_ctx *e = oi_calloc(1, sizeof *e);
    SSL_CTX *ctx = e ? (e->ctx = SSL_CTX_new(TLS_client_method())) : NULL;
    if (!ctx || !oi_copy(&e->ca_file, cfg->ca_file) || !oi_copy(&e->ca_dir, cfg->ca_dir) ||
        !oi_copy(&e->cert, cfg->cert) || !oi_copy(&e->key, cfg->key) ||
        !SSL_CTX_set_min_proto_version(ctx, cfg->min_version) ||
        SSL_CTX_set_alpn_protos(ctx, alpn, sizeof alpn - 1) != 0) {
        if (e)
            oi_tls_ctx_free(e);
        ERR_clear_error();
        oi_fail(h, OI_E_OUT_OF_MEMORY, "TLS: out of memory");
        return NULL;
    }
    e->min_version = cfg->min_version;
    if (oi_tls_ctx_load(h, ctx, cfg) != OI_OK) {
        oi_tls_ctx_free(e);
        return NULL;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, oi_tls_verify);
    SSL_CTX_set_client_cert_cb(ctx, oi_tls_no_client_cert);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx, oi_tls_new_session);
    return e;
}

/* The context for cfg in the session of h, made on first use; NULL with
 * the failure recorded on h. */
static oi_tls_ctx *oi_tls_ctx_get(oi_handle *h, const oi_tls_config *cfg)
{
    struct oi_tls_cache *cache = oi_tls_cache_of(h->session);
    if (!cache) {
        oi_fail(h, OI_E_OUT_OF_MEMORY, "TLS: out of memory");
        return NULL;
    }
    pthread_mutex_lock(&cache->lock);
    oi_tls_ctx *e = cache->ctxs;
    while (e && !oi_tls_ctx_matches(e, cfg))
        e = e->next;
    if (!e && (e = oi_tls_ctx_new(h, cfg))) {
        e->cache = cache;
        e->next = cache->ctxs;
        cache->ctxs = e;
    }
    pthread_mutex_unlock(&cache->lock);
    return e;
}

static const char *oi_opt_path(const oi_handle *h, int index)
{
    const char *s = oi_opt_str(h, index);
    return s && *s ? s : NULL;
}

static oi_status oi_tls_config_of(oi_handle *h, oi_tls_config *cfg)
{
    static const int versions[] = {TLS1_VERSION, TLS1_1_VERSION, TLS1_2_VERSION, TLS1_3_VERSION};
    long long v = oi_opt_int(h, OI_OPTIDX_TLS_MIN_VERSION);
    if (v < 10 || v > 13)
        return oi_fail(h, OI_E_INVALID_PARAMETER, "TLS: minimum version %lld is not 10 to 13", v);
    cfg->min_version = versions[v - 10];
    cfg->ca_file = oi_opt_path(h, OI_OPTIDX_CA_FILE);
    cfg->ca_dir = oi_opt_path(h, OI_OPTIDX_CA_DIR);
    cfg->cert = oi_opt_path(h, OI_OPTIDX_CLIENT_CERT);
    cfg->key = oi_opt_path(h, OI_OPTIDX_CLIENT_KEY);
    if (cfg->key && !cfg->cert)
        return oi_fail(h, OI_E_INVALID_PARAMETER, "TLS: client key without a certificate");
    if (cfg->cert && !cfg->key)
        cfg->key = cfg->cert; /* one PEM file may hold both */
    return OI_OK;
}

/* ---- connections ---- */

/* Names and addresses are checked differently (RFC 6125): an IP literal
 * against the certificate's IP addresses, and it is never sent as SNI. */
static int oi_is_ip_literal(const char *host)
{
    unsigned char addr[16];
    return inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
}

static int oi_tls_set_peer(SSL *ssl, const char *host)
{
    if (oi_is_ip_literal(host))
        return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host);
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return SSL_set_tlsext_host_name(ssl, host) && SSL_set1_host(ssl, host);
}

static struct oi_tls *oi_tls_new(const oi_conn *c, oi_tls_ctx *e, const char *host, unsigned flags)
{
    struct oi_tls *t = oi_calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->failed = 1; /* until the handshake completes: no close_notify */
    t->fd = c->fd;
    t->ctx = e;
    t->flags = flags;
    size_t n = strlen(host) + 32;
    BIO *bio = NULL;
    if (!(t->ticket_key = oi_malloc(n)) || !(t->ssl = SSL_new(e->ctx)) ||
        !(bio = BIO_new(oi_bio_method))) {
        oi_tls_free(t);
        return NULL;
    }
    snprintf(t->ticket_key, n, "%s %u %u", host, c->port, flags);
    BIO_set_data(bio, t);
    BIO_set_init(bio, 1);
    SSL_set_bio(t->ssl, bio, bio);
    SSL_set_app_data(t->ssl, t);
    if (!oi_tls_set_peer(t->ssl, host)) {
        oi_tls_free(t);
        return NULL;
    }
    SSL_SESSION *resume = oi_tickets_take(e, t->ticket_key);
    if (resume) {
        SSL_set_session(t->ssl, resume);
        SSL_SESSION_free(resume);
    }
    return t;
}

/* One OpenSSL call that may need the socket to become ready. */
typedef struct oi_tls_op {
    enum { OI_TLS_CONNECT, OI_TLS_READ, OI_TLS_WRITE } kind;
    void *buf;
    size_t len, done;
} oi_tls_op;

static int oi_tls_call(SSL *ssl, oi_tls_op *op)
{
    switch (op->kind) {
    case OI_TLS_CONNECT:
        return SSL_connect(ssl);
    case OI_TLS_READ:
        return SSL_read_ex(ssl, op->buf, op->len, &op->done);
    default:
        return SSL_write_ex(ssl, op->buf, op->len, &op->done);
    }
}

/* Run op until it completes, waiting for the socket as OpenSSL asks.
 * Returns 1 done, 0 the deadline passed, -1 failed (*ssl_err: SSL_ERROR_*). */
static int oi_tls_drive(struct oi_tls *t, oi_tls_op *op, int64_t deadline, int *ssl_err)
{
    for (;;) {
        ERR_clear_error();
        t->sys_errno = 0;
        int rc = oi_tls_call(t->ssl, op);
        if (rc == 1)
            return 1;
        int e = SSL_get_error(t->ssl, rc);
        short events = e == SSL_ERROR_WANT_READ ? POLLIN : e == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
        int ready = events ? oi_fd_wait(t->fd, events, deadline) : -1;
        if (ready == 0)
            return 0;
        if (ready < 0) {
            if (events) { /* poll itself failed */
                t->sys_errno = errno;
                e = SSL_ERROR_SYSCALL;
            }
            *ssl_err = e;
            return -1;
        }
    }
}

/* The peer's alert says it wanted a client certificate. */
static int oi_tls_cert_refused(const struct oi_tls *t, unsigned long err)
{
    int reason = ERR_GET_LIB(err) == ERR_LIB_SSL ? ERR_GET_REASON(err) : 0;
    return reason == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED ||
           (t->cert_requested && (reason == SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE ||
                                  reason == SSL_R_SSLV3_ALERT_BAD_CERTIFICATE));
}

/* The connection ended under TLS: EOF (with no close_notify) or a socket
 * error.  Otherwise 0. */
static int oi_tls_ended(const struct oi_tls *t, int ssl_err, unsigned long err)
{
    return ssl_err == SSL_ERROR_SYSCALL ||
           (ERR_GET_LIB(err) == ERR_LIB_SSL &&
            ERR_GET_REASON(err) == SSL_R_UNEXPECTED_EOF_WHILE_READING) ||
           t->sys_errno != 0;
}

static oi_status oi_tls_handshake_failed(oi_handle *h, const oi_conn *c, const char *host,
                                         int ssl_err)
{
    const struct oi_tls *t = c->tls;
    unsigned long err = ERR_peek_last_error();
    long verify = SSL_get_verify_result(t->ssl);
    oi_status code = OI_E_TLS_HANDSHAKE;
    const char *why;
    if (verify != X509_V_OK) {
        size_t i = oi_verify_error_index(verify);
        if (i < sizeof oi_verify_errors / sizeof oi_verify_errors[0])
            code = oi_verify_errors[i].code;
        why = X509_verify_cert_error_string(verify);
    } else if (oi_tls_cert_refused(t, err)) {
        code = OI_E_CLIENT_CERT_NEEDED;
        why = "the server requires a client certificate";
    } else if (oi_tls_ended(t, ssl_err, err)) {
        why = t->sys_errno ? strerror(t->sys_errno) : "connection closed by the server";
    } else {
        why = oi_tls_reason();
    }
    oi_status st = oi_fail(h, code, "TLS handshake with %s port %u: %s", host, c->port, why);
    ERR_clear_error();
    return st;
}

oi_status oi_conn_start_tls(oi_handle *h, oi_conn *c, const char *host, int64_t deadline)
{
    oi_tls_config cfg = {0};
    pthread_once(&oi_tls_once, oi_tls_init);
    if (!oi_bio_method)
        return oi_fail(h, OI_E_OUT_OF_MEMORY, "TLS: OpenSSL failed to initialise");
    oi_status st = oi_tls_config_of(h, &cfg);
    if (st != OI_OK)
        return st;
    oi_tls_ctx *e = oi_tls_ctx_get(h, &cfg);
    if (!e)
        return h->error;
    unsigned flags = (unsigned)oi_opt_int(h, OI_OPTIDX_SECURITY_FLAGS);
    if (!(c->tls = oi_tls_new(c, e, host, flags))) {
        ERR_clear_error();
        return oi_fail(h, OI_E_OUT_OF_MEMORY, "TLS with %s: out of memory", host);
    }
    oi_tls_op op = {.kind = OI_TLS_CONNECT};
    int ssl_err = 0;
    int rc = oi_tls_drive(c->tls, &op, deadline, &ssl_err);
    if (rc > 0) {
        c->tls->failed = 0;
        return OI_OK;
    }
    if (rc == 0)
        return oi_fail(h, OI_E_TIMEOUT, "TLS handshake with %s port %u: timed out", host, c->port);
    return oi_tls_handshake_failed(h, c, host, ssl_err);
}

/* A failure after the handshake.  Socket-level endings are reported as on
 * plain TCP; anything else is a TLS failure. */
static oi_status oi_tls_io_failed(oi_handle *h, const oi_conn *c, const char *what, int ssl_err)
{
    struct oi_tls *t = c->tls;
    unsigned long err = ERR_peek_last_error();
    oi_status code = OI_E_TLS_IO;
    const char *why;
    t->failed = ssl_err != SSL_ERROR_ZERO_RETURN;
    if (ssl_err == SSL_ERROR_ZERO_RETURN) {
        code = OI_E_CONNECTION_ABORTED;
        why = "connection closed by the server";
    } else if (oi_tls_cert_refused(t, err)) {
        code = OI_E_CLIENT_CERT_NEEDED;
        why = "the server requires a client certificate";
    } else if (oi_tls_ended(t, ssl_err, err)) {
        int reset = t->sys_errno == ECONNRESET || t->sys_errno == EPIPE;
        code = reset ? OI_E_CONNECTION_RESET : OI_E_CONNECTION_ABORTED;
        why = t->sys_errno ? strerror(t->sys_errno) : "connection closed without TLS close_notify";
    } else {
        why = oi_tls_reason();
    }
    oi_status st = oi_fail(h, code, "%s %s port %u: %s", what, c->host, c->port, why);
    ERR_clear_error();
    return st;
}

static oi_status oi_tls_run(oi_handle *h, const oi_conn *c, oi_tls_op *op, int64_t deadline,
                            const char *what)
{
    int ssl_err = 0;
    int rc = oi_tls_drive(c->tls, op, deadline, &ssl_err);
    if (rc > 0)
        return OI_OK;
    if (rc == 0)
        return oi_fail(h, OI_E_TIMEOUT, "%s %s port %u: timed out", what, c->host, c->port);
    return oi_tls_io_failed(h, c, what, ssl_err);
}

/* The next bytes to write from iov[*i] at *off: a piece of at least a full
 * record straight from the caller, else small pieces gathered into buf so
 * that a request head and a short body leave in one record. */
static size_t oi_gather(const struct iovec *iov, int n, int *i, size_t *off, char *buf,
                        const char **out)
{
    size_t used = 0;
    if (iov[*i].iov_len - *off >= OI_TLS_RECORD) {
        *out = (const char *)iov[*i].iov_base + *off;
        used = iov[*i].iov_len - *off;
        ++*i, *off = 0;
        return used;
    }
    while (*i < n && used < OI_TLS_RECORD) {
        size_t take = iov[*i].iov_len - *off;
        if (take > OI_TLS_RECORD - used)
            take = OI_TLS_RECORD - used;
        if (take) /* an empty piece may have no base at all */
            memcpy(buf + used, (const char *)iov[*i].iov_base + *off, take);
        used += take;
        *off += take;
        if (*off == iov[*i].iov_len)
            ++*i, *off = 0;
    }
    *out = buf;
    return used;
}

oi_status oi_tls_send(oi_handle *h, oi_conn *c, const struct iovec *iov, int n, int64_t deadline)
{
    char buf[OI_TLS_RECORD];
    int i = 0;
    size_t off = 0;
    while (i < n) {
        const char *data;
        size_t len = oi_gather(iov, n, &i, &off, buf, &data);
        if (len == 0)
            continue;
        oi_tls_op op = {.kind = OI_TLS_WRITE, .buf = (void *)data, .len = len};
        oi_status st = oi_tls_run(h, c, &op, deadline, "send to");
        if (st != OI_OK)
            return st;
    }
    return OI_OK;
}

oi_status oi_tls_recv(oi_handle *h, oi_conn *c, char *dst, size_t len, int64_t deadline,
                      size_t *got)
{
    oi_tls_op op = {.kind = OI_TLS_READ, .buf = dst, .len = len};
    int ssl_err = 0;
    *got = 0;
    int rc = oi_tls_drive(c->tls, &op, deadline, &ssl_err);
    if (rc > 0) {
        *got = op.done;
        return OI_OK;
    }
    if (rc < 0 && ssl_err == SSL_ERROR_ZERO_RETURN)
        return OI_OK; /* close_notify: the clean end of the stream */
    if (rc == 0)
        return oi_fail(h, OI_E_TIMEOUT, "receive from %s port %u: timed out", c->host, c->port);
    return oi_tls_io_failed(h, c, "receive from", ssl_err);
}

int oi_tls_is_alive(const oi_conn *c)
{
    struct oi_tls *t = c->tls;
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    if (t->failed || SSL_has_pending(t->ssl))
        return 0;
    if (poll(&p, 1, 0) == 0)
        return 1;
    /* Readable while idle: session tickets are fine; close_notify, EOF,
     * an error or application bytes nobody asked for end it. */
    char byte;
    size_t n;
    ERR_clear_error();
    if (SSL_peek_ex(t->ssl, &byte, 1, &n))
        return 0;
    int e = SSL_get_error(t->ssl, 0);
    ERR_clear_error();
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
        return 1;
    t->failed = e != SSL_ERROR_ZERO_RETURN;
    return 0;
}

void oi_tls_free(struct oi_tls *t)
{
    if (!t)
        return;
    /* close_notify tells the server the end is deliberate; the socket is
     * non-blocking, so this never waits. */
    if (t->ssl && !t->failed)
        SSL_shutdown(t->ssl);
    SSL_free(t->ssl);
    ERR_clear_error();
    free(t->ticket_key);
    free(t);
}

int oi_tls_session_reused(const oi_conn *c)
{
    return c->tls && SSL_session_reused(c->tls->ssl);
}

/* ---- certificate information ---- */

/* One-line names in UTF-8 ("O=Example, CN=example.com"). */
#define OI_NAME_FLAGS (XN_FLAG_ONELINE & ~XN_FLAG_SPC_EQ & ~ASN1_STRFLGS_ESC_MSB)

static int oi_put_str(BIO *m, const char *s)
{
    int n = (int)strlen(s) + 1;
    return BIO_write(m, s, n) == n;
}

static int oi_put_name(BIO *m, const X509_NAME *name)
{
    return X509_NAME_print_ex(m, name, 0, OI_NAME_FLAGS) >= 0 && BIO_write(m, "", 1) == 1;
}

static int oi_put_time(BIO *m, const ASN1_TIME *when)
{
    struct tm tm;
    char s[32];
    return ASN1_TIME_to_tm(when, &tm) && strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S GMT", &tm) > 0 &&
           oi_put_str(m, s);
}

oi_status oi_tls_certificate(const oi_conn *c, char **block, oi_certificate_info *info)
{
    *block = NULL;
    const SSL *ssl = c->tls ? c->tls->ssl : NULL;
    const X509 *x = ssl ? SSL_get0_peer_certificate(ssl) : NULL;
    const SSL_CIPHER *cipher = ssl ? SSL_get_current_cipher(ssl) : NULL;
    if (!x || !cipher)
        return OI_E_INCORRECT_HANDLE_STATE;
    /* Six NUL-terminated strings, one after the other, in one block. */
    BIO *m = BIO_new(BIO_s_mem());
    int ok = m && oi_put_name(m, X509_get_subject_name(x)) &&
             oi_put_name(m, X509_get_issuer_name(x)) && oi_put_time(m, X509_get0_notBefore(x)) &&
             oi_put_time(m, X509_get0_notAfter(x)) && oi_put_str(m, SSL_get_version(ssl)) &&
             oi_put_str(m, SSL_CIPHER_get_name(cipher));
    char *data;
    long len = ok ? BIO_get_mem_data(m, &data) : 0;
    if (ok && (*block = oi_malloc((size_t)len)))
        memcpy(*block, data, (size_t)len);
    BIO_free(m);
    ERR_clear_error();
    if (!*block)
        return OI_E_OUT_OF_MEMORY;
    const char *s[6] = {*block};
    for (int i = 1; i < 6; i++)
        s[i] = s[i - 1] + strlen(s[i - 1]) + 1;
    *info = (oi_certificate_info){.subject = s[0],
                                  .issuer = s[1],
                                  .not_before = s[2],
                                  .not_after = s[3],
                                  .protocol = s[4],
                                  .cipher = s[5],
                                  .key_bits = SSL_CIPHER_get_bits(cipher, NULL)};
    return OI_OK;
}
