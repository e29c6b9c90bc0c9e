/* The library's private declarations: handle layouts and the functions the
 * files of src/ share.  Nothing here is public API. */
#ifndef OI_INTERNAL_H
#define OI_INTERNAL_H

#include "alloc.h"
#include "body.h"
#include "http1.h"
#include "openinet.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#if defined(__GNUC__)
#define OI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define OI_API          __attribute__((visibility("default")))
#else
#define OI_PRINTF(f, a)
#define OI_API
#endif

/* ---- options (option.c) ---- */

enum {
#define OI_OPTION(name, id, type, default_value, doc) OI_OPTIDX_##name,
#include "openinet/options.def"
#undef OI_OPTION
    OI_OPTION_COUNT
};
_Static_assert(OI_OPTION_COUNT <= 64, "oi_options.set has one bit per option");

typedef struct oi_options {
    uint64_t set;                   /* bit i: option i set on this handle */
    long long num[OI_OPTION_COUNT]; /* number options */
    char *str[OI_OPTION_COUNT];     /* string options, owned */
} oi_options;

/* The value in effect for h (own, inherited, default); index is OI_OPTIDX_*. */
long long oi_opt_int(const oi_handle *h, int index);
const char *oi_opt_str(const oi_handle *h, int index);
void oi_options_free(oi_options *o);

/* ---- handles (handle.c) ---- */

struct oi_handle {
    oi_handle_type type;
    oi_handle *parent;
    oi_handle *child, *next, *prev; /* first child; siblings */
    struct oi_session *session;     /* the root */
    oi_callback callback;
    void *context;
    oi_options options;
    void (*release)(oi_handle *h); /* closing: lets go of the network first */
    void (*destroy)(oi_handle *h); /* frees the kind's own fields */
    oi_status error;
    char message[256];
};

/* Initialise h as a child of parent (NULL for a session) and link it. */
void oi_handle_init(oi_handle *h, oi_handle_type type, oi_handle *parent,
                    void (*destroy)(oi_handle *));

/* Close h and its subtree, leaves first: oi_handle_close without the rule
 * that a request takes its hidden connection along. */
void oi_handle_destroy(oi_handle *h);

/* Record a failure on h: the code and a message that says what failed and
 * why, e.g. "connect to 127.0.0.1:9: Connection refused".  Returns
 * code, so that `return oi_fail(h, OI_E_X, "...")` reads naturally. */
oi_status oi_fail(oi_handle *h, oi_status code, const char *fmt, ...) OI_PRINTF(3, 4);
oi_status oi_vfail(oi_handle *h, oi_status code, const char *fmt, va_list ap) OI_PRINTF(3, 0);

/* Clear the last error at the start of a call. */
void oi_clear_error(oi_handle *h);

/* Raise a status event on h through the callback in effect. */
void oi_notify(oi_handle *h, oi_event event, const void *info, size_t info_len);

/* Check that h is non-NULL and of the given kind; record the error if not. */
oi_status oi_check_kind(oi_handle *h, oi_handle_type type);

/* ---- time (clock.c) ---- */

/* Monotonic milliseconds. */
int64_t oi_now_ms(void);

/* A deadline: the earlier of now + ms (ms 0: none) and an outer deadline
 * (0: none).  0 means no deadline. */
int64_t oi_deadline(int64_t ms, int64_t outer);

/* ---- transport (transport.c): a TCP connection with deadlines ---- */

typedef struct oi_conn {
    int fd;
    char *host; /* the peer, for messages */
    unsigned port;
    char *key;   /* pool key: the route ("http://host:port"), set by the user */
    uint64_t id; /* unique in the process: tells one connection from another */
    char *buf;   /* receive buffer: unread bytes are buf[start..end) */
    size_t cap, start, end;
    unsigned served;      /* requests completed on this connection */
    int64_t idle_since;   /* when it went back to the pool */
    struct oi_conn *next; /* pool list */
    struct oi_tls *tls;   /* TLS state (tls.c), NULL for plain TCP */
} oi_conn;

/* Resolve host, try each address in turn (retries: extra passes), raising
 * the resolving/connecting events on h, each attempt bounded by the connect
 * timeout and the outer deadline.  Errors are recorded on h. */
oi_status oi_conn_open(oi_handle *h, const char *host, unsigned port, int64_t deadline,
                       oi_conn **out);
void oi_conn_close(oi_conn *c);

/* Send all of iov[0..n) before the deadline (0: none). */
struct iovec;
oi_status oi_conn_send(oi_handle *h, oi_conn *c, struct iovec *iov, int n, int64_t deadline);

/* Receive at most len bytes into dst, waiting until the deadline.  *got is
 * 0 at end of stream. */
oi_status oi_conn_recv(oi_handle *h, oi_conn *c, char *dst, size_t len, int64_t deadline,
                       size_t *got);

/* Receive into the connection's buffer after its unread bytes, growing it
 * up to max_cap bytes in all. */
oi_status oi_conn_fill(oi_handle *h, oi_conn *c, size_t max_cap, int64_t deadline, size_t *got);

/* Is an idle connection still usable (no EOF, no stray bytes pending)? */
int oi_conn_is_alive(const oi_conn *c);

/* ---- connection pool (pool.c) ---- */

typedef struct oi_pool {
    pthread_mutex_t lock;
    oi_conn *idle; /* most recently used first */
    size_t count;
} oi_pool;

void oi_pool_init(oi_pool *p);
/* Take an idle live connection whose key is key[0..len), or NULL. */
oi_conn *oi_pool_take(oi_pool *p, const char *key, size_t len);
/* Give back a connection; closed instead when over the limits. */
void oi_pool_put(oi_pool *p, oi_conn *c, size_t max_per_server, size_t max_total);
/* Close every idle connection, raising the closing events on h. */
void oi_pool_close_all(oi_pool *p, oi_handle *h);

/* ---- handle kinds ---- */

typedef struct oi_session {
    oi_handle h;
    oi_access access;
    pthread_mutex_t tree_lock; /* guards the handle tree of this session */
    oi_pool pool;
    struct oi_cookie_jar *_Atomic jar; /* created on first use, under tree_lock */
    struct oi_tls_cache *tls; /* TLS contexts and sessions (tls.c): first use, under tree_lock */
} oi_session;

typedef struct oi_connection {
    oi_handle h;
    char *host;
    unsigned port;
    char *user, *password;
    unsigned flags;
    int hidden; /* created by open_url: closed with its request */
} oi_connection;

/* Request header list (headers.c): lines "Name: value" in one buffer. */
typedef struct oi_header_list {
    char *buf; /* lines, each "Name: value\r\n" */
    size_t len, cap;
} oi_header_list;

oi_status oi_headers_apply(oi_handle *h, oi_header_list *l, const char *text, size_t len,
                           unsigned modifiers);
/* Is a header of that name present? */
int oi_headers_has(const oi_header_list *l, const char *name);
void oi_headers_free(oi_header_list *l);

typedef enum oi_request_state {
    OI_REQ_NEW,       /* nothing sent yet, or previous response done with */
    OI_REQ_UPLOADING, /* head sent by begin, body being written */
    OI_REQ_RECEIVED,  /* response head received; body readable */
    OI_REQ_FAILED     /* the last send failed; may be sent again */
} oi_request_state;

typedef struct oi_request {
    oi_handle h;
    pthread_mutex_t busy; /* held by a call in progress (cancel.c) */
    atomic_int cancelled; /* closed from another thread while busy */
    char *verb, *target, *referrer, *accept;
    const char *method; /* verb, or "GET" after a redirect that changes it */
    /* Where the request goes now: the connection's server at first, then
     * wherever redirects lead. */
    int secure;
    char *host;
    unsigned port;
    char *path;                          /* the current request target (target until a redirect) */
    int redirected;                      /* the route or path moved away from the connection's */
    int via_http_proxy;                  /* the current route goes through an HTTP proxy */
    struct oi_proxy *proxy;              /* the current route's proxy, or NULL */
    char *url;                           /* the absolute URL of the current target */
    size_t authority_end;                /* url[0..authority_end): scheme://host[:port] */
    char *authorization;                 /* answer to the server's last challenge */
    struct oi_auth_challenge *challenge; /* that challenge, for the next Digest answer */
    unsigned nc;                         /* Digest nonce count: answers given to it */
    char *proxy_authorization;
    unsigned hops;                /* redirects followed in this send */
    int auth_tried;               /* 1: server credentials sent in this send; 2: proxy too */
    struct oi_decoding *decoding; /* Content-Encoding being undone, or NULL */
    char *cert_block;             /* strings of cert, owned */
    uint64_t cert_conn;           /* the connection cert describes */
    int cert_valid;               /* cert belongs to the current exchange */
    oi_certificate_info cert;
    int minor; /* HTTP/1.<minor> for the request */
    unsigned flags;
    oi_header_list headers;
    oi_request_state state;

    char *out; /* request head as sent */
    size_t out_len, out_cap;
    oi_conn *conn;         /* the connection in use, owned while set */
    int64_t deadline;      /* total time limit of the current exchange */
    long long upload_left; /* streaming upload: bytes still due, -1 chunked */

    char *rbuf; /* receive buffer, lent to the connection while it has one */
    size_t rcap;
    char *head; /* response head, copied out of the connection */
    size_t head_len, head_cap;
    oi_response_head resp;
    oi_field *fields;
    size_t fields_cap;
    oi_field *trailers;
    size_t ntrailers;
    oi_body body;
    int keep_alive; /* may the connection be reused after the body? */
    long long content_length;
    uint64_t received; /* body bytes delivered */
} oi_request;

typedef struct oi_file {
    oi_handle h;
    int fd;
    long long size;
} oi_file;

/* reqhead.c: the request head for the current route and body framing
 * (body_len >= 0: a length, -1: chunked, -2: no body at all). */
oi_status oi_build_head(oi_request *r, long long body_len);

/* host[:port] as in a URL or Host header: brackets around IPv6
 * literals, the scheme's default port left out.  Returns its length, or -1
 * when it does not fit in n bytes with its NUL. */
int oi_format_authority(char *out, size_t n, const char *host, unsigned port, int secure);

/* route.c: a connection to the current route (pooled if allowed), through
 * the proxy and TLS as configured.  *reused tells whether it was pooled. */
oi_status oi_route_connect(oi_request *r, int pooled, int *reused);
/* Choose the proxy for the current route (options, environment, bypass). */
oi_status oi_route_plan(oi_request *r);
/* The Proxy-Authorization answering challenges: 1 with *answer set, 0 when
 * there is no answer (no credentials, nothing supported), -1 out of memory. */
int oi_route_proxy_answer(oi_request *r, const char *const *values, const size_t *lens, size_t n,
                          const char *method, const char *uri, char **answer);
void oi_route_free(oi_request *r);

/* follow.c: after a final response: store its cookies, then decide whether
 * to send again (redirect hop or authentication).  *again says so;
 * *drop_body when the next hop must be a GET without body.  `replayable`
 * is 0 when the body was streamed and cannot be sent again. */
oi_status oi_request_next(oi_request *r, int replayable, int *again, int *drop_body);
/* Point the request at an absolute http(s) URL (route, target, url). */
oi_status oi_request_set_url(oi_request *r, const char *url);
/* Rebuild r->url from the route and path. */
oi_status oi_request_update_url(oi_request *r);
/* Back to the connection's server and the request's own target. */
oi_status oi_request_reset_route(oi_request *r);
/* Does the route still lead to the connection's own server? */
int oi_request_at_home(const oi_request *r);
/* Refresh the Authorization for the next send: a Digest answer is never
 * replayed, each send counts one more use of the nonce. */
oi_status oi_request_authorize(oi_request *r);
void oi_request_forget_challenge(oi_request *r);

/* request.c, used by session.c for open_url */
oi_status oi_request_create(oi_connection *c, const char *verb, const char *object, int minor,
                            const char *referrer, const char *accept, unsigned flags,
                            oi_request **out);

/* response.c */
oi_status oi_response_read_head(oi_request *r, int *nothing);
oi_status oi_response_framing(oi_request *r);
oi_status oi_response_trailers(oi_request *r);

/* reader.c: read the body as it comes off the wire (framing removed). */
oi_status oi_request_read_raw(oi_request *r, char *buf, size_t len, size_t *nread);
oi_status oi_request_available_raw(oi_request *r, size_t *avail);

/* decoded.c: Content-Encoding undone on the read path. */
oi_status oi_decoding_start(oi_request *r);
void oi_decoding_free(struct oi_decoding *d);
oi_status oi_decoded_read(oi_request *r, char *buf, size_t len, size_t *nread);
oi_status oi_decoded_available(oi_request *r, size_t *avail);

/* reader.c: the request's receive buffer goes with the connection while
 * the request holds it, and comes back before the connection is pooled:
 * an idle connection keeps no buffer, a request re-sent allocates none. */
void oi_request_lend_buffer(oi_request *r);

/* reader.c: give the connection back to the pool when the exchange ended
 * cleanly, drain a little unread body if that saves it, else close it. */
void oi_request_release(oi_request *r);

/* cancel.c: poll() that gives up with ECANCELED when the calling thread's
 * request is closed meanwhile; the brackets of every blocking request call;
 * what a closing thread does to a request another thread may be using. */
struct pollfd;
int oi_poll(struct pollfd *fds, unsigned long n, int timeout);
oi_status oi_request_enter(oi_request *r);
oi_status oi_request_leave(oi_request *r, oi_status st);
void oi_request_cancel(oi_request *r);

/* file.c: record a failed file operation ("open", path) with the code
 * its errno value means (not found, access denied, out of memory, I/O). */
oi_status oi_fail_errno(oi_handle *h, const char *what, const char *path, int err);

/* file.c */
oi_status oi_file_open(oi_handle *session, const char *path, oi_handle **out);
oi_status oi_file_read_local(oi_file *f, void *buf, size_t len, size_t *nread);

/* base64.c: encode src[0..n) into a new NUL-terminated string, or NULL. */
char *oi_base64(const char *src, size_t n);

/* Duplicate a string (NULL stays NULL); *failed set on allocation failure. */
char *oi_strdup(const char *s);

#endif
