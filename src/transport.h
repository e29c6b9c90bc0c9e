/* What transport.c shares with tls.c and with the tests of connecting:
 * the bounded wait, the send flags, and connecting to a given address
 * list (oi_conn_open resolves, then calls it). */
#ifndef OI_TRANSPORT_H
#define OI_TRANSPORT_H

#include "internal.h"

#include <sys/socket.h>

#ifdef MSG_NOSIGNAL
#define OI_SEND_FLAGS MSG_NOSIGNAL /* a closed peer is an error, not SIGPIPE */
#else
#define OI_SEND_FLAGS 0 /* SO_NOSIGPIPE on the socket instead */
#endif

struct addrinfo;

/* Wait for events on fd until the deadline (0: none).  Returns 1 ready,
 * 0 timed out, -1 error (errno set). */
int oi_fd_wait(int fd, short events, int64_t deadline);

/* oi_conn_open after name resolution: connect to one of the addresses of
 * `list` (Happy Eyeballs when it holds both families), raising the
 * connecting events on h.  `host` names the peer in c->host and messages. */
oi_status oi_conn_open_list(oi_handle *h, const char *host, unsigned port,
                            const struct addrinfo *list, int64_t deadline, oi_conn **out);

#endif
