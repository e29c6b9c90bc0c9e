/* TLS (OpenSSL 3) on top of a connected oi_conn.  Once oi_conn_start_tls
 * succeeds, oi_conn_send, oi_conn_recv, oi_conn_fill, oi_conn_is_alive and
 * oi_conn_close go through TLS for that connection; callers change nothing
 * else.  OpenSSL is initialised on the first handshake only. */
#ifndef OI_TLS_H
#define OI_TLS_H

#include "internal.h"

struct iovec;

/*
 * Handshake on c (connected, non-blocking) until the deadline (0: none).
 * `host` is the name the caller asked for, checked against the certificate
 * (DNS name with RFC 6125 wildcards, or IP literal) and sent as SNI unless
 * it is an IP literal; it need not be c->host.  The options of h (request,
 * connection, session) choose the trust store, client certificate, lowest
 * version and relaxed checks; the session of h keeps the TLS contexts and
 * the sessions to resume.  Errors, recorded on h: OI_E_SEC_INVALID_CA,
 * OI_E_SEC_CERT_CN_INVALID, OI_E_SEC_CERT_DATE_INVALID,
 * OI_E_CLIENT_CERT_NEEDED, OI_E_TLS_HANDSHAKE, OI_E_TIMEOUT,
 * OI_E_INVALID_PARAMETER (unreadable CA or client certificate file, bad
 * version), OI_E_OUT_OF_MEMORY.  On failure c stays TLS-marked: close it.
 */
oi_status oi_conn_start_tls(oi_handle *h, oi_conn *c, const char *host, int64_t deadline);

/*
 * The peer certificate and channel of a TLS connection.  The strings of
 * *info live in one malloc'd *block that the caller frees.
 * Errors (not recorded: there is no handle): OI_E_INCORRECT_HANDLE_STATE
 * (not TLS, or no certificate), OI_E_OUT_OF_MEMORY.
 */
oi_status oi_tls_certificate(const oi_conn *c, char **block, oi_certificate_info *info);

/* Did the handshake resume an earlier session (no certificate exchange)? */
int oi_tls_session_reused(const oi_conn *c);

/* Free a session's TLS contexts and cached sessions (NULL is a no-op).
 * Call it when the session is destroyed, after its connections closed. */
void oi_tls_cache_free(struct oi_tls_cache *cache);

/* ---- used by transport.c for connections with c->tls set ---- */

oi_status oi_tls_send(oi_handle *h, oi_conn *c, const struct iovec *iov, int n, int64_t deadline);
oi_status oi_tls_recv(oi_handle *h, oi_conn *c, char *dst, size_t len, int64_t deadline,
                      size_t *got);
/* Is an idle TLS connection still usable: no close_notify, EOF or stray
 * application bytes waiting?  Reads pending handshake messages (session
 * tickets) on the way. */
int oi_tls_is_alive(const oi_conn *c);
/* Send close_notify if the connection is healthy, without waiting; free. */
void oi_tls_free(struct oi_tls *t);

#endif
