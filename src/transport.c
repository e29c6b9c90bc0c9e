/* TCP connections with deadlines: non-blocking sockets, poll() only after
 * EAGAIN, every wait bounded. */
#include "internal.h"

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
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define OI_CONN_BUFFER 16384

#ifdef MSG_NOSIGNAL
#define OI_SEND_FLAGS MSG_NOSIGNAL
#else
#define OI_SEND_FLAGS 0
#endif

/* Wait for events on fd until the deadline.  Returns 1 ready, 0 timed out,
 * -1 error (errno set). */
static int oi_wait(int fd, short events, int64_t deadline)
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
        int r = poll(&p, 1, timeout);
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

/* One connect attempt to one address.  Returns the socket, or -1 with
 * *err set (an errno value, or ETIMEDOUT for the deadline). */
static int oi_connect_one(const struct addrinfo *ai, int64_t deadline, int *err)
{
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) {
        *err = errno;
        return -1;
    }
    if (oi_socket_setup(fd) < 0) {
        *err = errno;
        close(fd);
        return -1;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
        return fd;
    if (errno != EINPROGRESS && errno != EINTR) {
        *err = errno;
        close(fd);
        return -1;
    }
    int ready = oi_wait(fd, POLLOUT, deadline);
    socklen_t len = sizeof *err;
    if (ready == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, err, &len) == 0 && *err == 0)
        return fd;
    if (ready == 0)
        *err = ETIMEDOUT;
    else if (ready < 0)
        *err = errno;
    close(fd);
    return -1;
}

static oi_conn *oi_conn_new(int fd, const char *host, unsigned port)
{
    oi_conn *c = calloc(1, sizeof *c);
    if (!c || !(c->host = oi_strdup(host))) {
        free(c);
        return NULL;
    }
    c->fd = fd;
    c->port = port;
    return c;
}

/* Try every address once; returns a socket or -1 with the last errno and
 * the address it concerned. */
static int oi_connect_any(oi_handle *h, const struct addrinfo *list, int64_t outer, char *addr,
                          size_t addr_len, int *err)
{
    for (const struct addrinfo *ai = list; ai; ai = ai->ai_next) {
        oi_address_string(ai->ai_addr, addr, addr_len);
        oi_notify(h, OI_EVENT_CONNECTING_TO_SERVER, addr, strlen(addr) + 1);
        int64_t deadline = oi_deadline(oi_opt_int(h, OI_OPTIDX_CONNECT_TIMEOUT), outer);
        int fd = oi_connect_one(ai, deadline, err);
        if (fd >= 0)
            return fd;
        if (outer && oi_now_ms() >= outer)
            break;
    }
    return -1;
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

    int err = 0, fd = -1;
    long long passes = 1 + oi_opt_int(h, OI_OPTIDX_CONNECT_RETRIES);
    for (long long i = 0; i < passes && fd < 0; i++)
        fd = oi_connect_any(h, list, deadline, addr, sizeof addr, &err);
    freeaddrinfo(list);
    if (fd < 0) {
        oi_status code = err == ETIMEDOUT ? OI_E_TIMEOUT : OI_E_CANNOT_CONNECT;
        return oi_fail(h, code, "connect to %s port %u: %s", addr, port,
                       err == ETIMEDOUT ? "timed out" : strerror(err));
    }
    oi_notify(h, OI_EVENT_CONNECTED_TO_SERVER, addr, strlen(addr) + 1);
    if (!(*out = oi_conn_new(fd, host, port))) {
        close(fd);
        return oi_fail(h, OI_E_OUT_OF_MEMORY, "connect to %s: out of memory", host);
    }
    return OI_OK;
}

void oi_conn_close(oi_conn *c)
{
    if (!c)
        return;
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
        int ready = oi_wait(c->fd, POLLOUT, deadline);
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
        int ready = oi_wait(c->fd, POLLIN, deadline);
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
    char *buf = realloc(c->buf, cap);
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
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    /* Readable while idle means EOF, an error, or bytes nobody asked for. */
    return poll(&p, 1, 0) == 0;
}
