/* The cookie jar: RFC 6265 sections 5.1-5.4 (storage model, matching and
 * the Cookie header), with RFC 6265bis's rules on Secure cookies and name
 * prefixes, public suffixes refused through libpsl, and the Netscape cookie
 * file of curl's -b and -c.  Every jar function is thread-safe: a session,
 * and so its jar, is shared by the threads that use it.  Times are seconds
 * since the epoch, passed in so that tests can move the clock. */
#ifndef OI_COOKIE_H
#define OI_COOKIE_H

#include "openinet.h"

#include <stddef.h>
#include <stdint.h>

/* Limits (RFC 6265 section 6.1 minimums, RFC 6265bis size limits). */
#define OI_COOKIE_MAX_NAME_VALUE 4096 /* bytes of name plus value */
#define OI_COOKIE_MAX_ATTRIBUTE  1024 /* bytes of an attribute value; longer ones are ignored */
#define OI_COOKIE_PER_DOMAIN     50
#define OI_COOKIE_MAX_TOTAL      3000

typedef struct oi_cookie_jar oi_cookie_jar;

/* A new empty jar, or NULL when out of memory. */
oi_cookie_jar *oi_jar_new(void);
void oi_jar_free(oi_cookie_jar *jar); /* NULL is fine */

/*
 * Store the cookie of one Set-Cookie header value set_cookie[0..len).
 * host: the request host, lower-case, IPv6 without brackets; path: the
 * request path (a "?query" is ignored), for the default path; secure: the
 * request went over https; from_http: 1 for a response, 0 for the API.  The
 * API is trusted like a response, as WinInet's InternetSetCookieEx is with
 * INTERNET_COOKIE_HTTPONLY: it may set HttpOnly cookies and replace them.
 * Returns 0 when stored, or when it replaced or deleted (expired) an
 * existing cookie; -1 when rejected; -2 out of memory.
 */
int oi_jar_store(oi_cookie_jar *jar, const char *host, const char *path, int secure, int from_http,
                 const char *set_cookie, size_t len, int64_t now);

/* oi_jar_store that also says, on -1, why the cookie was rejected: *why
 * points to a static phrase such as "the Domain attribute is a public
 * suffix". */
int oi_jar_store_why(oi_cookie_jar *jar, const char *host, const char *path, int secure,
                     int from_http, const char *set_cookie, size_t len, int64_t now,
                     const char **why);

/*
 * The Cookie header value for a request to host and path ("a=1; b=2"),
 * cookies with longer paths first, then older ones first (section 5.4);
 * a malloc'd string for the caller to free, or NULL when no cookie
 * matches or memory ran out (then *failed is set to 1; failed may be NULL).
 * Secure cookies go only to secure requests.  Expired cookies are removed.
 */
char *oi_jar_header(oi_cookie_jar *jar, const char *host, const char *path, int secure, int64_t now,
                    int *failed);

/*
 * Add the cookies of a Netscape cookie file (curl's format: domain,
 * include-subdomains, path, secure, expiry (0: session cookie), name and
 * value, separated by tabs; "#HttpOnly_" before the domain marks an HttpOnly
 * cookie; other lines starting with '#' are comments).  Malformed lines and
 * expired cookies are skipped.  Returns 0; -1 when the file cannot be read
 * (errno says why); -2 out of memory.
 */
int oi_jar_load(oi_cookie_jar *jar, const char *file, int64_t now);

/* Write the jar's unexpired cookies, session cookies too (expiry 0), in the
 * same format, through a temporary file renamed over `file`, so that a
 * reader never sees half a file.  Returns 0, or -1 with errno set. */
int oi_jar_save(oi_cookie_jar *jar, const char *file, int64_t now);

/* How many cookies the jar holds (expired ones not yet removed included). */
size_t oi_jar_count(oi_cookie_jar *jar);

/* Parse a cookie date (RFC 6265 section 5.1.1: the RFC 1123, RFC 850 and
 * asctime forms and the variants servers send).  Returns 0 and the time
 * in *t, or -1. */
int oi_cookie_date(const char *s, size_t len, int64_t *t);

/* The session's jar, created on first use (cookie_api.c); NULL when out of
 * memory.  The session frees it. */
oi_cookie_jar *oi_session_jar(oi_handle *session);

#endif
