/*
 * openinet: a portable Internet client library.
 *
 * The object model follows the steps of a classic HTTP client:
 *
 *   1. begin a session             oi_session_open()
 *   2. set options                 oi_handle_set_int() / oi_handle_set_str()
 *   3. register a status callback  oi_handle_set_callback()
 *   4. connect to a server         oi_session_connect()   (no traffic yet)
 *   5. open a request              oi_connection_open_request()
 *   6. add headers and send it     oi_request_add_headers(), oi_request_send()
 *   7. read the answer             oi_file_read() until it reports 0 bytes
 *   8. handle errors               every call returns an oi_status; the handle
 *                                  keeps the code and a message with context
 *   9. end the session             oi_handle_close(session) frees everything
 *
 * oi_session_open_url() does steps 4 to 6 in one call for http:// and file://.
 *
 * Handles.  Sessions, connections, requests and local files are all
 * `oi_handle *`, like WinInet's HINTERNET.  They form a tree: a session owns
 * its connections, a connection its requests.  Closing a handle closes every
 * handle below it; a pointer to a closed handle must not be used again.
 * A function given a handle of the wrong kind fails with
 * OI_E_INCORRECT_HANDLE_TYPE.
 *
 * Threads.  No global initialisation call is needed.  Different sessions are
 * fully independent and may be used from different threads at once.  The
 * handles of one session may be used from several threads, one thread per
 * request handle at a time; the session's connection pool is shared safely.
 *
 * Strings are NUL-terminated UTF-8 unless a length is given.  Every string
 * the library returns stays valid until the handle it came from is closed or
 * the request is sent again, unless a function says otherwise.
 */
#ifndef OPENINET_H
#define OPENINET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OI_VERSION_MAJOR  0
#define OI_VERSION_MINOR  1
#define OI_VERSION_PATCH  0
#define OI_VERSION_STRING "0.1.0"

/* The library's version string, e.g. "0.1.0". */
const char *oi_version(void);

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

/*
 * Every function that can fail returns an oi_status.  OI_OK is 0; the
 * others are negative so that "status < 0" always means failure.  The
 * WinInet number of each code is oi_status_wininet().
 */
typedef enum oi_status {
#define OI_ERROR(name, value, wininet, message) OI_##name = value,
#include "openinet/errors.def"
#undef OI_ERROR
} oi_status;

/* A short, static description of a code ("connection refused" style).
 * Never NULL: unknown codes give "unknown error". */
const char *oi_strerror(oi_status code);

/* The symbolic name of a code, e.g. "OI_E_TIMEOUT"; "OI_E_UNKNOWN" if none. */
const char *oi_status_name(oi_status code);

/* The WinInet error number (ERROR_INTERNET_*, ERROR_HTTP_*, or a Win32
 * ERROR_* such as ERROR_FILE_NOT_FOUND) that corresponds to a code. */
unsigned long oi_status_wininet(oi_status code);

/* ------------------------------------------------------------------ */
/* Handles                                                            */
/* ------------------------------------------------------------------ */

typedef struct oi_handle oi_handle;

/* Handle kinds, numbered as WinInet's INTERNET_HANDLE_TYPE_*. */
typedef enum oi_handle_type {
    OI_HANDLE_SESSION = 1,
    OI_HANDLE_CONNECTION = 4,
    OI_HANDLE_REQUEST = 13,
    OI_HANDLE_FILE = 14
} oi_handle_type;

/* The kind of a handle. */
oi_handle_type oi_handle_kind(const oi_handle *h);

/*
 * Close a handle and every handle below it, in that order from the leaves
 * up.  Connections that are idle and healthy go back to the session's pool
 * (closing the session closes the pool).  Raises OI_EVENT_HANDLE_CLOSING for
 * each handle closed.  Closing NULL is a no-op that returns OI_OK.
 *
 * Another thread may close a request (or its connection or session) while
 * a call on it waits for the network: that call returns OI_E_CANCELLED
 * within a few tens of milliseconds, and the close waits for it to return
 * before freeing the handle.  The waiting thread must not use the handle
 * after its call returns.  (Name resolution itself cannot be interrupted.)
 */
oi_status oi_handle_close(oi_handle *h);

/* The code of the last failure on this handle (OI_OK if none). */
oi_status oi_handle_error(const oi_handle *h);

/* The message of the last failure on this handle, with context, e.g.
 * "connect to 127.0.0.1 port 9: Connection refused".  "" if none.  Valid
 * until the next call on the handle.  A session or connection shared by
 * threads keeps the failure any of them recorded last: read it from the
 * thread whose call failed, before its next call on that handle. */
const char *oi_handle_message(const oi_handle *h);

/* ------------------------------------------------------------------ */
/* Options                                                            */
/* ------------------------------------------------------------------ */

/*
 * Options are set on any handle and inherited downwards: a request uses its
 * own value if set, else its connection's, else its session's, else the
 * default.  Times are in milliseconds; 0 means "no limit".
 */
typedef enum oi_option {
#define OI_OPTION(name, id, type, default_value, doc) OI_OPT_##name = id,
#include "openinet/options.def"
#undef OI_OPTION
} oi_option;

/* Set a number option.  OI_E_INVALID_OPTION for an unknown id or a string
 * option; OI_E_INVALID_PARAMETER for a negative value. */
oi_status oi_handle_set_int(oi_handle *h, oi_option opt, long long value);

/* Set a string option; the library copies it.  NULL unsets it on this
 * handle (the inherited value applies again).  Control characters (CR, LF,
 * NUL...) are refused with OI_E_INVALID_PARAMETER: string options become
 * header values and file names. */
oi_status oi_handle_set_str(oi_handle *h, oi_option opt, const char *value);

/* The value in effect for this handle (own, inherited or default). */
oi_status oi_handle_get_int(const oi_handle *h, oi_option opt, long long *value);

/* The string in effect for this handle, or NULL if none.  Valid until the
 * option is changed or the handle that holds it is closed. */
oi_status oi_handle_get_str(const oi_handle *h, oi_option opt, const char **value);

/* ------------------------------------------------------------------ */
/* Status callback                                                    */
/* ------------------------------------------------------------------ */

/* Events, numbered as WinInet's INTERNET_STATUS_*.  `info` is:
 *   RESOLVING_NAME            the host name (char *)
 *   NAME_RESOLVED, CONNECTING_TO_SERVER, CONNECTED_TO_SERVER
 *                             the numeric address (char *)
 *   REDIRECT                  the new absolute URL (char *)
 *   REQUEST_SENT, RESPONSE_RECEIVED
 *                             byte count (const uint64_t *)
 *   INTERMEDIATE_RESPONSE     1xx status code (const int *)
 *   HANDLE_CREATED, HANDLE_CLOSING
 *                             the handle (oi_handle *const *)
 *   others                    NULL, info_len 0
 */
typedef enum oi_event {
    OI_EVENT_RESOLVING_NAME = 10,
    OI_EVENT_NAME_RESOLVED = 11,
    OI_EVENT_CONNECTING_TO_SERVER = 20,
    OI_EVENT_CONNECTED_TO_SERVER = 21,
    OI_EVENT_SENDING_REQUEST = 30,
    OI_EVENT_REQUEST_SENT = 31,
    OI_EVENT_RECEIVING_RESPONSE = 40,
    OI_EVENT_RESPONSE_RECEIVED = 41,
    OI_EVENT_CLOSING_CONNECTION = 50,
    OI_EVENT_CONNECTION_CLOSED = 51,
    OI_EVENT_HANDLE_CREATED = 60,
    OI_EVENT_HANDLE_CLOSING = 70,
    OI_EVENT_REQUEST_COMPLETE = 100,
    OI_EVENT_REDIRECT = 110,
    OI_EVENT_INTERMEDIATE_RESPONSE = 120
} oi_event;

/* The name of an event without prefix, e.g. "CONNECTED_TO_SERVER". */
const char *oi_event_name(oi_event event);

/* `context` is the context value of the handle the event concerns. */
typedef void (*oi_callback)(oi_handle *h, void *context, oi_event event, const void *info,
                            size_t info_len);

/* Install a status callback (NULL removes it).  Like options, callbacks are
 * inherited: events of a request go to its own callback if set, else its
 * connection's, else its session's.  The callback runs on the thread that
 * made the call; it must not close the handle it is called for. */
oi_status oi_handle_set_callback(oi_handle *h, oi_callback cb);

/* Set the context value passed to the callback for events of this handle. */
oi_status oi_handle_set_context(oi_handle *h, void *context);

/* ------------------------------------------------------------------ */
/* Session                                                            */
/* ------------------------------------------------------------------ */

/* How a session reaches servers, numbered as INTERNET_OPEN_TYPE_*.
 * DIRECT: no proxy.  PROXY: through OI_OPT_PROXY (http:// or socks5h://),
 * except hosts OI_OPT_PROXY_BYPASS lists.  PRECONFIG: as the environment
 * says (http_proxy, https_proxy, all_proxy, no_proxy: Unix conventions;
 * upper-case HTTP_PROXY is ignored, as CGI servers set it from requests). */
typedef enum oi_access {
    OI_ACCESS_PRECONFIG = 0,
    OI_ACCESS_DIRECT = 1,
    OI_ACCESS_PROXY = 3
} oi_access;

/*
 * Begin a session.  `user_agent` may be NULL (then "openinet/VERSION").
 * The caller owns *out and ends the session with oi_handle_close().
 * Errors: OI_E_INVALID_PARAMETER, OI_E_OUT_OF_MEMORY.
 */
oi_status oi_session_open(const char *user_agent, oi_access access, oi_handle **out);

/*
 * Create a connection handle for host:port (port 0 = the scheme's default:
 * 80, or 443 with OI_FLAG_SECURE, which makes its requests use TLS).  No
 * network traffic happens until a request is sent.  `user` and `password`
 * may be NULL; they answer the server's 401 challenges (Basic or Digest)
 * and go to this server only, never to another one a redirect leads to.
 * The session owns the new handle; closing it early is allowed.
 * Errors: OI_E_INCORRECT_HANDLE_TYPE, OI_E_INVALID_PARAMETER (empty host),
 * OI_E_OUT_OF_MEMORY.
 */
oi_status oi_session_connect(oi_handle *session, const char *host, unsigned port, const char *user,
                             const char *password, unsigned flags, oi_handle **out);

/*
 * Open a URL in one call: http:// and https:// (connect, GET, add
 * `headers`, send; user info in the URL answers 401 challenges) or file://
 * (open the local file).  `headers` is "Name: value" lines
 * separated by CRLF, or NULL; `headers_len` (size_t)-1 means
 * NUL-terminated.  The returned handle reads with oi_file_read(); it owns
 * the hidden connection and belongs to the session.
 * Errors: OI_E_INVALID_URL, OI_E_UNRECOGNIZED_SCHEME, OI_E_FILE_NOT_FOUND
 * (missing local file, or 404 with OI_FLAG_FAIL_ON_ERROR), any error of
 * oi_request_send().
 */
oi_status oi_session_open_url(oi_handle *session, const char *url, const char *headers,
                              size_t headers_len, unsigned flags, oi_handle **out);

/* Flags of requests, numbered as INTERNET_FLAG_* where WinInet has one. */
#define OI_FLAG_RELOAD           0x80000000u /* never answer from a cache */
#define OI_FLAG_NO_CACHE_WRITE   0x04000000u /* do not store the response */
#define OI_FLAG_KEEP_CONNECTION  0x00400000u /* HTTP/1.0: ask to keep the connection */
#define OI_FLAG_NO_AUTO_REDIRECT 0x00200000u
#define OI_FLAG_PRAGMA_NOCACHE   0x00000100u /* send Pragma: no-cache */
#define OI_FLAG_SECURE           0x00800000u /* connection: TLS (https), port 443 by default */
#define OI_FLAG_NO_COOKIES       0x00080000u /* neither send nor store cookies */
#define OI_FLAG_NO_AUTH          0x00040000u /* do not answer 401/407 with credentials */
/* openinet's own: a 4xx/5xx response makes oi_request_send() fail with
 * OI_E_FILE_NOT_FOUND (404) or OI_E_HTTP_ERROR (others); the response
 * stays readable and queryable. */
#define OI_FLAG_FAIL_ON_ERROR 0x00000001u

/* ------------------------------------------------------------------ */
/* Request                                                            */
/* ------------------------------------------------------------------ */

/*
 * Open a request on a connection.  `verb` NULL means "GET"; any token is
 * accepted.  `object` is the path and query ("/" if NULL).  `version` is
 * "HTTP/1.1" (if NULL) or "HTTP/1.0".  `referrer` may be NULL.
 * `accept_types` is a NULL-terminated list joined into one Accept header,
 * or NULL.  The connection owns the request.
 * Errors: OI_E_INCORRECT_HANDLE_TYPE, OI_E_INVALID_PARAMETER (bad verb,
 * object with spaces or control characters, unknown version),
 * OI_E_OUT_OF_MEMORY.
 */
oi_status oi_connection_open_request(oi_handle *connection, const char *verb, const char *object,
                                     const char *version, const char *referrer,
                                     const char *const *accept_types, unsigned flags,
                                     oi_handle **out);

/* Modifiers for oi_request_add_headers(), valued as HTTP_ADDREQ_FLAG_*. */
#define OI_HEADER_ADD                0x20000000u /* add, even if the name exists */
#define OI_HEADER_ADD_IF_NEW         0x10000000u /* add only if absent, else fail */
#define OI_HEADER_REPLACE            0x80000000u /* replace; an empty value removes */
#define OI_HEADER_COALESCE           0x40000000u /* append ", value" to the existing one */
#define OI_HEADER_COALESCE_SEMICOLON 0x01000000u /* append "; value" */

/*
 * Add request headers: one or more "Name: value" lines separated by CRLF
 * (a trailing CRLF is optional); `len` (size_t)-1 means NUL-terminated.
 * `modifiers` 0 means OI_HEADER_ADD.  Names are matched without regard to
 * case.  All lines are checked before any is applied.
 * Errors: OI_E_INVALID_HEADER (bad name, CR or LF inside a value, no
 * colon), OI_E_HEADER_EXISTS (ADD_IF_NEW on an existing name),
 * OI_E_HEADER_NOT_FOUND (COALESCE or REPLACE-removal of an absent name is
 * not an error: it adds, or does nothing), OI_E_INCORRECT_HANDLE_STATE
 * (request already being sent), OI_E_OUT_OF_MEMORY.
 */
oi_status oi_request_add_headers(oi_handle *request, const char *headers, size_t len,
                                 unsigned modifiers);

/*
 * Send the request with optional extra headers (as for add_headers, with
 * OI_HEADER_ADD) and an optional body from memory, then read the response
 * head.  It succeeds whenever a final response arrives, whatever its
 * status (see OI_FLAG_FAIL_ON_ERROR); 1xx responses are skipped (raising
 * OI_EVENT_INTERMEDIATE_RESPONSE).  A request may be sent again after its
 * body was read or abandoned; the previous response is discarded.
 *
 * On the way it does what a browser would, each step a flag or option away:
 * cookies of the session's jar are sent and Set-Cookie stored
 * (OI_FLAG_NO_COOKIES); a 401 is answered once with the connection's or
 * the options' credentials, Basic or Digest (OI_FLAG_NO_AUTH; a second 401
 * is the answer); redirects (301, 302, 303, 307, 308) are followed up to
 * OI_OPT_MAX_REDIRECTS, raising OI_EVENT_REDIRECT with the new URL
 * (OI_FLAG_NO_AUTO_REDIRECT).  301/302 turn a POST into a GET without body,
 * 303 any method but HEAD; 307/308 keep method and body.  Only http and
 * https targets are followed; https to http only with
 * OI_OPT_ALLOW_HTTPS_TO_HTTP; when scheme, host or port change, the
 * caller's Authorization and Cookie headers are dropped.  A streamed body
 * (oi_request_begin) is never sent twice: a 307/308 or a 401 after one is
 * the answer.
 * Errors: the network codes (OI_E_NAME_NOT_RESOLVED, OI_E_CANNOT_CONNECT,
 * OI_E_TIMEOUT, OI_E_CONNECTION_RESET, OI_E_CONNECTION_ABORTED), the
 * response codes (OI_E_INVALID_RESPONSE, OI_E_HEADER_TOO_LARGE), header
 * codes as for add_headers, the TLS codes (OI_E_SEC_*, OI_E_TLS_*,
 * OI_E_CLIENT_CERT_NEEDED), OI_E_REDIRECT_FAILED (too many redirects, or to
 * another scheme), OI_E_HTTPS_TO_HTTP_REDIRECT, OI_E_INVALID_URL (a bad
 * Location), OI_E_CANCELLED (closed by another thread).  After a redirect
 * failure the 3xx response stays readable.
 */
oi_status oi_request_send(oi_handle *request, const char *headers, size_t headers_len,
                          const void *body, size_t body_len);

/*
 * Streaming upload: begin sending a request whose body follows through
 * oi_request_write().  `total_len` >= 0 sends Content-Length and requires
 * exactly that many bytes; -1 sends the body chunked.  oi_request_end()
 * finishes the body and reads the response head, like oi_request_send().
 * Errors: as oi_request_send(); OI_E_INVALID_PARAMETER when more or fewer
 * bytes than announced are written.
 */
oi_status oi_request_begin(oi_handle *request, const char *headers, size_t headers_len,
                           long long total_len);
oi_status oi_request_write(oi_handle *request, const void *data, size_t len);
oi_status oi_request_end(oi_handle *request);

/* The response status code (e.g. 200), or 0 before a response. */
int oi_request_status(const oi_handle *request);

/* The reason phrase (e.g. "OK", possibly ""), or NULL before a response. */
const char *oi_request_reason(const oi_handle *request);

/* The HTTP minor version of the response (0 or 1), or -1 before one. */
int oi_request_http_minor(const oi_handle *request);

/*
 * The response head as received (status line and header lines, each ending
 * in CRLF, obsolete line folding replaced by spaces), NUL-terminated; *len
 * receives its length if len is not NULL.  NULL before a response.
 */
const char *oi_request_raw_headers(const oi_handle *request, size_t *len);

/*
 * The value of the index-th (from 0) response header called `name`
 * (case-insensitive), without surrounding white space.  *value points into
 * the handle's storage and is NOT NUL-terminated: use *value_len.
 * Errors: OI_E_HEADER_NOT_FOUND, OI_E_INCORRECT_HANDLE_STATE (no response).
 */
oi_status oi_request_header(const oi_handle *request, const char *name, size_t index,
                            const char **value, size_t *value_len);

/* The same for the trailer fields of a chunked response; they are there
 * once the body was read to its end. */
oi_status oi_request_trailer(const oi_handle *request, const char *name, size_t index,
                             const char **value, size_t *value_len);

/* Content-Length of the response, or -1 if the body length is not known
 * in advance (chunked, close-delimited).  0 for bodiless responses. */
long long oi_request_content_length(const oi_handle *request);

/* The request head as sent (for -v style traces), NUL-terminated, or NULL
 * before sending. */
const char *oi_request_sent_headers(const oi_handle *request, size_t *len);

/* The URL of the response after redirects (the request's own URL when
 * none was followed), NUL-terminated; NULL before a response. */
const char *oi_request_final_url(const oi_handle *request);

/* The TLS peer certificate and channel of an https request, as WinInet's
 * INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT gives them.  The strings
 * point into the handle and stay valid until it is sent again or closed. */
typedef struct oi_certificate_info {
    const char *subject;    /* one-line distinguished name */
    const char *issuer;     /* one-line distinguished name */
    const char *not_before; /* "YYYY-MM-DD HH:MM:SS GMT" */
    const char *not_after;
    const char *protocol; /* e.g. "TLSv1.3" */
    const char *cipher;   /* e.g. "TLS_AES_256_GCM_SHA384" */
    int key_bits;         /* strength of the cipher */
} oi_certificate_info;

/* Errors: OI_E_INCORRECT_HANDLE_STATE (no TLS connection was made),
 * OI_E_INCORRECT_HANDLE_TYPE. */
oi_status oi_request_certificate(const oi_handle *request, oi_certificate_info *info);

/* Bits of OI_OPT_SECURITY_FLAGS, valued as WinInet's SECURITY_FLAG_IGNORE_*:
 * each turns one certificate check off.  All checks are on by default. */
#define OI_SECURITY_IGNORE_UNKNOWN_CA        0x00000100u
#define OI_SECURITY_IGNORE_CERT_CN_INVALID   0x00001000u
#define OI_SECURITY_IGNORE_CERT_DATE_INVALID 0x00002000u

/* ------------------------------------------------------------------ */
/* Cookies: one jar per session (RFC 6265)                            */
/* ------------------------------------------------------------------ */

/* Store a cookie for a URL as a server would set it: `cookie` is the value
 * of a Set-Cookie header ("name=value; Path=/; Max-Age=60").
 * Errors: OI_E_INVALID_URL, OI_E_COOKIE_DECLINED (malformed, or a domain
 * the URL may not set, such as a public suffix), OI_E_OUT_OF_MEMORY. */
oi_status oi_session_set_cookie(oi_handle *session, const char *url, const char *cookie);

/* The Cookie header value a request to `url` would carry ("a=1; b=2"),
 * written NUL-terminated into buf.  *len is buf's size on entry and the
 * length written (without the NUL) on success.
 * Errors: OI_E_HEADER_NOT_FOUND (no cookie matches), OI_E_INVALID_URL,
 * OI_E_INVALID_PARAMETER with *len set to the size needed (NUL included)
 * when buf is too small. */
oi_status oi_session_get_cookies(oi_handle *session, const char *url, char *buf, size_t *len);

/* Load cookies from, or save the jar to, a Netscape cookie file (the
 * format of curl's -b and -c).  Loading adds to the jar; a missing file is
 * OI_E_FILE_NOT_FOUND.  Session cookies are saved too, with expiry 0. */
oi_status oi_session_load_cookies(oi_handle *session, const char *path);
oi_status oi_session_save_cookies(oi_handle *session, const char *path);

/* ------------------------------------------------------------------ */
/* Reading: requests and local files alike                            */
/* ------------------------------------------------------------------ */

/*
 * Read up to `len` bytes of the body into `buf`; *nread receives the count,
 * 0 only at the end of the body.  Blocks until at least one byte, the end,
 * or an error (bounded by the receive and total timeouts).
 * With OI_OPT_DECODING on, a gzip, deflate, br or zstd body is decoded on
 * the way (an unknown coding reads raw).
 * Errors: OI_E_TIMEOUT, OI_E_CONNECTION_RESET, OI_E_CONNECTION_ABORTED
 * (body cut short), OI_E_INVALID_RESPONSE (bad chunk framing), OI_E_TLS_IO,
 * OI_E_DECODING_FAILED, OI_E_DECODED_TOO_LARGE (over
 * OI_OPT_MAX_DECODED_SIZE), OI_E_CANCELLED (closed by another thread),
 * OI_E_INCORRECT_HANDLE_STATE (nothing sent),
 * OI_E_IO (local file).
 */
oi_status oi_file_read(oi_handle *h, void *buf, size_t len, size_t *nread);

/* How many body bytes can be read now without waiting (WinInet's
 * InternetQueryDataAvailable).  Waits for data if none is buffered, so 0
 * means the end of the body. */
oi_status oi_file_available(oi_handle *h, size_t *avail);

#ifdef __cplusplus
}
#endif
#endif
