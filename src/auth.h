/* HTTP authentication: Basic (RFC 7617) and Digest (RFC 7616), for servers
 * (401, WWW-Authenticate / Authorization) and proxies (407,
 * Proxy-Authenticate / Proxy-Authorization) alike.  Sans-I/O: challenges
 * in, header values out. */
#ifndef OI_AUTH_H
#define OI_AUTH_H

#include <stddef.h>

typedef enum { OI_AUTH_NONE, OI_AUTH_BASIC, OI_AUTH_DIGEST } oi_auth_scheme;

/* The challenge chosen to answer.  Strings are owned, unescaped, and NULL
 * when the server did not send the parameter. */
typedef struct oi_auth_challenge {
    oi_auth_scheme scheme;
    char *realm;
    char *nonce;     /* Digest */
    char *opaque;    /* Digest: echoed back as received */
    char *algorithm; /* Digest: the server's spelling ("SHA-256", "MD5-sess");
                      * NULL means MD5 */
    char *qop;       /* Digest: "auth" when the server offered it; NULL for an
                      * RFC 2069 style challenge without qop */
    int stale;       /* Digest stale=true: the nonce expired, the credentials
                      * were right, so a retry with the new nonce is not a
                      * second guess of the password */
} oi_auth_challenge;

/*
 * Choose a challenge from every WWW-Authenticate (or Proxy-Authenticate)
 * field value of a response: values[i][0..lens[i]), i < n.  A value may
 * hold several challenges (RFC 9110 11.6.1: comma lists, quoted strings
 * with escapes, token68).  Picks the strongest supported: Digest SHA-256 >
 * Digest MD5 > Basic, the first of equals.  Unknown schemes, and Digest
 * challenges we cannot answer (other algorithms, qop without "auth",
 * -sess without qop, missing realm or nonce), are skipped.  A malformed
 * value keeps the challenges read before the fault.
 * Returns 0 with *out filled (free it with oi_auth_challenge_free), -1 when
 * nothing is supported, -2 when out of memory.
 */
int oi_auth_parse(const char *const *values, const size_t *lens, size_t n, oi_auth_challenge *out);

void oi_auth_challenge_free(oi_auth_challenge *c);

/*
 * The Authorization (or Proxy-Authorization) header value that answers c:
 * "Basic <base64(user:password)>" or "Digest username=..., response=...".
 * Digest needs the request's method and request-target (`uri`, exactly as
 * sent on the request line), the nonce count `nc` (1 for the first use of
 * a nonce) and a client nonce: `cnonce` NULL draws 16 random bytes
 * (hex).  user and password must not be NULL; they are sent as UTF-8
 * bytes, and a user name holding a colon cannot be expressed in Basic
 * (RFC 7617): it is sent as is.
 * Returns a malloc'd string, or NULL when out of memory (or the hash or
 * random source fails).
 */
char *oi_auth_response(const oi_auth_challenge *c, const char *user, const char *password,
                       const char *method, const char *uri, unsigned nc, const char *cnonce);

#endif
