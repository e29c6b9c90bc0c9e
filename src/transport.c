/* TCP connections with deadlines: non-blocking sockets, poll() only after
 * EAGAIN, every wait bounded.  Connecting races the address families as
 * RFC 8305 (Happy Eyeballs) says; connections with TLS set go through tls.c. */
#include "transport.h"
#include "alloc.h"
#include "tls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define OI_CONN_BUFFER 16384
#define OI_RACE_MAX    8 /* connection attempts in flight at once */

int oi_fd_wait(int fd, short events, int64_t deadline)
{
    struct pollfd p = {.fd = fd, .events = events};
    for (;;) {
        int timeout = -1;
        if (deadline) {
            int64_t left = deadline - oi_now_ms();
            if (left <= 0)
                return 0;
            timeout = left > 1000000000 ? 1000000000 : (int)left;
        }
        int r = oi_poll(&p, 1, timeout);
        if (r >= 0)
            return r > 0 ? 1 : 0;
        if (errno != EINTR)
            return -1;
    }
}

static void oi_address_string(const struct sockaddr *sa, char *out, size_t n)
{
    const void *addr = sa->sa_family == AF_INET6
                           ? (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr
                           : (const void *)&((const struct sockaddr_in *)sa)->sin_addr;
    if (!inet_ntop(sa->sa_family, addr, out, (socklen_t)n))
        snprintf(out, n, "?");
}

static int oi_socket_setup(int fd)
{
    int one = 1;
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
        fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
        return -1;
#ifdef SO_NOSIGPIPE
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    /* Requests are written in one piece: Nagle would only delay them. */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return 0;
}

/* Begin a connect to one address.  Returns the socket (*done set if it
 * connected at once), or -1 with *err set. */
static int oi_connect_begin(const struct addrinfo *ai, int *done, int *err)
{
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) {
        *err = errno;
        return -1;
    }
    *done = 0;
    if (oi_socket_setup(fd) == 0) {
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            *done = 1;
        if (*done || errno == EINPROGRESS || errno == EINTR)
            return fd;
    }
    *err = errno;
    close(fd);
    return -1;
}

static oi_conn *oi_conn_new(int fd, const char *host, unsigned port)
{
    oi_conn *c = oi_calloc(1, sizeof *c);
    if (!c || !(c->host = oi_strdup(host))) {
        free(c);
        return NULL;
    }
    static atomic_ullong last_id;
    c->fd = fd;
    c->port = port;
    c->id = atomic_fetch_add(&last_id, 1) + 1;
    return c;
}

/* The order of attempts (RFC 8305 section 4): the family of the first
 * address, then the other, alternating, each in resolver order. */
typedef struct oi_order {
    const struct addrinfo *first, *other; /* next of each family */
    int family, turn_other;
} oi_order;

static const struct addrinfo *oi_order_skip(const struct addrinfo *ai, int family, int same)
{
    while (ai && (ai->ai_family == family) != same)
        ai = ai->ai_next;
    return ai;
}

static void oi_order_init(oi_order *o, const struct addrinfo *list)
{
    o->family = list->ai_family;
    o->first = list;
    o->other = oi_order_skip(list, o->family, 0);
    o->turn_other = 0;
}

static const struct addrinfo *oi_order_next(oi_order *o)
{
    const struct addrinfo **pick = o->turn_other && o->other ? &o->other : &o->first;
    if (!*pick)
        pick = &o->other;
    const struct addrinfo *ai = *pick;
    if (ai)
        *pick = oi_order_skip(ai->ai_next, o->family, pick == &o->first);
    o->turn_other = !o->turn_other;
    return ai;
}

/* Attempts in flight.  A stalled attempt does not hold the others: with
 * both families, the next address starts after the Happy Eyeballs delay,
 * or at once when an attempt fails; the first to connect wins. */
typedef struct oi_race {
    oi_handle *h;
    int64_t outer;                  /* the caller's deadline */
    int n;                          /* attempts in flight */
    struct pollfd pfd[OI_RACE_MAX]; /* their sockets */
    const struct addrinfo *ai[OI_RACE_MAX];
    int64_t until[OI_RACE_MAX];  /* each attempt's connect deadline */
    int err;                     /* the last failure: errno or ETIMEDOUT */
    char addr[INET6_ADDRSTRLEN]; /* the address it concerned, then the winner's */
} oi_race;

static void oi_race_drop(oi_race *r, int i, int err)
{
    close(r->pfd[i].fd);
    r->err = err;
    oi_address_string(r->ai[i]->ai_addr, r->addr, sizeof r->addr);
    r->n--;
    r->pfd[i] = r->pfd[r->n];
    r->ai[i] = r->ai[r->n];
    r->until[i] = r->until[r->n];
}

/* The winner of slot i: the others are closed. */
static int oi_race_win(oi_race *r, int i)
{
    int fd = r->pfd[i].fd;
    oi_address_string(r->ai[i]->ai_addr, r->addr, sizeof r->addr);
    for (int k = 0; k < r->n; k++)
        if (k != i)
            close(r->pfd[k].fd);
    r->n = 0;
    return fd;
}

/* Start an attempt.  Returns its socket if it connected at once, else -1
 * (in flight, or failed with r->err). */
static int oi_race_start(oi_race *r, const struct addrinfo *ai)
{
    int done, err = 0;
    oi_address_string(ai->ai_addr, r->addr, sizeof r->addr);
    oi_notify(r->h, OI_EVENT_CONNECTING_TO_SERVER, r->addr, strlen(r->addr) + 1);
    int fd = oi_connect_begin(ai, &done, &err);
    if (fd < 0) {
        r->err = err;
        return -1;
    }
    int i = r->n++;
    r->pfd[i] = (struct pollfd){.fd = fd, .events = POLLOUT};
    r->ai[i] = ai;
    r->until[i] = oi_deadline(oi_opt_int(r->h, OI_OPTIDX_CONNECT_TIMEOUT), r->outer);
    return done ? oi_race_win(r, i) : -1;
}

static int64_t oi_earlier(int64_t a, int64_t b)
{
    return !a ? b : !b ? a : a < b ? a : b;
}

/* Wait until an attempt ends or `wake` (0: none).  Returns the winner's
 * socket, or -1 (*failed set if an attempt failed). */
static int oi_race_wait(oi_race *r, int64_t wake, int *failed)
{
    for (int i = 0; i < r->n; i++)
        wake = oi_earlier(wake, r->until[i]);
    int64_t left = wake ? wake - oi_now_ms() : -1;
    if (wake && left < 0)
        left = 0;
    int ready = oi_poll(r->pfd, (unsigned long)r->n, left > 1000000000 ? 1000000000 : (int)left);
    if (ready < 0 && errno != EINTR) {
        *failed = 1;
        for (int err = errno; r->n > 0;)
            oi_race_drop(r, r->n - 1, err);
        return -1;
    }
    int64_t now = oi_now_ms();
    for (int i = r->n - 1; i >= 0; i--) {
        int err = 0;
        socklen_t len = sizeof err;
        if (ready > 0 && r->pfd[i].revents) {
            if (getsockopt(r->pfd[i].fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
                return oi_race_win(r, i);
            oi_race_drop(r, i, err ? err : errno);
            *failed = 1;
        } else if (r->until[i] && now >= r->until[i]) {
            oi_race_drop(r, i, ETIMEDOUT);
            *failed = 1;
        }
    }
    return -1;
}

/* One pass over the addresses; returns a connected socket or -1. */
static int oi_race_run(oi_race *r, const struct addrinfo *list)
{
    oi_order order;
    oi_order_init(&order, list);
    int stagger = order.other != NULL;
    int64_t delay = oi_opt_int(r->h, OI_OPTIDX_HAPPY_EYEBALLS_DELAY);
    const struct addrinfo *next = oi_order_next(&order);
    int64_t start_at = 0;
    while (next || r->n > 0) {
        int64_t now = oi_now_ms();
        if (r->outer && now >= r->outer) {
            while (r->n > 0)
                oi_race_drop(r, r->n - 1, ETIMEDOUT);
            break;
        }
        if (next && r->n < OI_RACE_MAX && (r->n == 0 || (stagger && now >= start_at))) {
            int fd = oi_race_start(r, next);
            next = oi_order_next(&order);
            start_at = now + delay;
            if (fd >= 0)
                return fd;
            continue;
        }
        int failed = 0;
        int fd = oi_race_wait(r, next && stagger && r->n < OI_RACE_MAX ? start_at : 0, &failed);
        if (fd >= 0)
            return fd;
        if (failed)
            start_at = 0; /* a failure starts the next attempt at once */
    }
    return -1;
}

oi_status oi_conn_open_list(oi_handle *h, const char *host, unsigned port,
                            const struct addrinfo *list, int64_t deadline, oi_conn **out)
{
    /* Until an attempt says otherwise, the failure is the deadline's. */
    oi_race r = {.h = h, .outer = deadline, .err = ETIMEDOUT};
    oi_address_string(list->ai_addr, r.addr, sizeof r.addr);
    int fd = -1;
    long long passes = 1 + oi_opt_int(h, OI_OPTIDX_CONNECT_RETRIES);
    for (long long i = 0; i < passes && fd < 0 && !(deadline && oi_now_ms() >= deadline); i++)
        fd = oi_race_run(&r, list);
    if (fd < 0) {
        oi_status code = r.err == ETIMEDOUT ? OI_E_TIMEOUT : OI_E_CANNOT_CONNECT;
        return oi_fail(h, code, "connect to %s port %u: %s", r.addr, port,
                       r.err == ETIMEDOUT ? "timed out" : strerror(r.err));
    }
    oi_notify(h, OI_EVENT_CONNECTED_TO_SERVER, r.addr, strlen(r.addr) + 1);
    if (!(*out = oi_conn_new(fd, host, port))) {
        close(fd);
        return oi_fail(h, OI_E_OUT_OF_MEMORY, "connect to %s: out of memory", host);
    }
    return OI_OK;
}

oi_status oi_conn_open(oi_handle *h, const char *host, unsigned port, int64_t deadline,
                       oi_conn **out)
{
    char service[8];
    snprintf(service, sizeof service, "%u", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *list = NULL;

    oi_notify(h, OI_EVENT_RESOLVING_NAME, host, strlen(host) + 1);
    int rc = getaddrinfo(host, service, &hints, &list);
    if (rc != 0) {
        if (rc == EAI_MEMORY)
            return oi_fail(h, OI_E_OUT_OF_MEMORY, "resolve %s: out of memory", host);
        return oi_fail(h, OI_E_NAME_NOT_RESOLVED, "resolve %s: %s", host, gai_strerror(rc));
    }
    char addr[INET6_ADDRSTRLEN];
    oi_address_string(list->ai_addr, addr, sizeof addr);
    oi_notify(h, OI_EVENT_NAME_RESOLVED, addr, strlen(addr) + 1);
    oi_status st = oi_conn_open_list(h, host, port, list, deadline, out);
    freeaddrinfo(list);
    return st;
}

void oi_conn_close(oi_conn *c)
{
    if (!c)
        return;
    oi_tls_free(c->tls);
    close(c->fd);
    free(c->host);
    free(c->key);
    free(c->buf);
    free(c);
}

static oi_status oi_io_error(oi_handle *h, const oi_conn *c, const char *what, int err)
{
    oi_status code =
        (err == ECONNRESET || err == EPIPE) ? OI_E_CONNECTION_RESET : OI_E_CONNECTION_ABORTED;
    return oi_fail(h, code, "%s %s port %u: %s", what, c->host, c->port, strerror(err));
}

static oi_status oi_timeout(oi_handle *h, const oi_conn *c, const char *what)
{
    return oi_fail(h, OI_E_TIMEOUT, "%s %s port %u: timed out", what, c->host, c->port);
}

static void oi_iov_advance(struct iovec **iov, int *n, size_t done)
{
    while (*n > 0 && done >= (*iov)->iov_len) {
        done -= (*iov)->iov_len;
        (*iov)++;
        (*n)--;
    }
    if (*n > 0) {
        (*iov)->iov_base = (char *)(*iov)->iov_base + done;
        (*iov)->iov_len -= done;
    }
}

oi_status oi_conn_send(oi_handle *h, oi_conn *c, struct iovec *iov, int n, int64_t deadline)
{
    if (c->tls)
        return oi_tls_send(h, c, iov, n, deadline);
    while (n > 0 && iov->iov_len == 0)
        iov++, n--;
    while (n > 0) {
        struct msghdr msg = {.msg_iov = iov, .msg_iovlen = n};
        ssize_t sent = sendmsg(c->fd, &msg, OI_SEND_FLAGS);
        if (sent >= 0) {
            oi_iov_advance(&iov, &n, (size_t)sent);
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return oi_io_error(h, c, "send to", errno);
        int ready = oi_fd_wait(c->fd, POLLOUT, deadline);
        if (ready == 0)
            return oi_timeout(h, c, "send to");
        if (ready < 0)
            return oi_io_error(h, c, "send to", errno);
    }
    return OI_OK;
}

oi_status oi_conn_recv(oi_handle *h, oi_conn *c, char *dst, size_t len, int64_t deadline,
                       size_t *got)
{
    if (c->tls)
        return oi_tls_recv(h, c, dst, len, deadline, got);
    for (;;) {
        ssize_t r = recv(c->fd, dst, len, 0);
        if (r >= 0) {
            *got = (size_t)r;
            return OI_OK;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return oi_io_error(h, c, "receive from", errno);
        int ready = oi_fd_wait(c->fd, POLLIN, deadline);
        if (ready == 0)
            return oi_timeout(h, c, "receive from");
        if (ready < 0)
            return oi_io_error(h, c, "receive from", errno);
    }
}

/* Make room at the end of the buffer: compact, or grow up to max_cap. */
static int oi_conn_make_room(oi_conn *c, size_t max_cap)
{
    if (c->start == c->end)
        c->start = c->end = 0;
    if (c->end < c->cap)
        return 0;
    if (c->start > 0) {
        memmove(c->buf, c->buf + c->start, c->end - c->start);
        c->end -= c->start;
        c->start = 0;
        return 0;
    }
    size_t cap = c->cap ? c->cap * 2 : OI_CONN_BUFFER;
    if (cap > max_cap)
        cap = max_cap;
    if (cap <= c->cap)
        return 1; /* full at the limit */
    char *buf = oi_realloc(c->buf, cap);
    if (!buf)
        return -1;
    c->buf = buf;
    c->cap = cap;
    return 0;
}

oi_status oi_conn_fill(oi_handle *h, oi_conn *c, size_t max_cap, int64_t deadline, size_t *got)
{
    int room = oi_conn_make_room(c, max_cap);
    if (room < 0)
        return oi_fail(h, OI_E_OUT_OF_MEMORY, "receive from %s: out of memory", c->host);
    if (room > 0)
        return oi_fail(h, OI_E_HEADER_TOO_LARGE, "response head from %s port %u exceeds %zu bytes",
                       c->host, c->port, max_cap);
    oi_status st = oi_conn_recv(h, c, c->buf + c->end, c->cap - c->end, deadline, got);
    if (st == OI_OK)
        c->end += *got;
    return st;
}

int oi_conn_is_alive(const oi_conn *c)
{
    if (c->tls)
        return oi_tls_is_alive(c);
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    /* Readable while idle means EOF, an error, or bytes nobody asked for. */
    return poll(&p, 1, 0) == 0;
}
