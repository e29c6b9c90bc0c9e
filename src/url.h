/* URL parsing (RFC 3986 as browsers and curl apply it), sans-I/O. */
#ifndef OI_URL_H
#define OI_URL_H

#include <stddef.h>

typedef enum oi_scheme {
    OI_SCHEME_UNKNOWN = -1,
    OI_SCHEME_FTP = 1,
    OI_SCHEME_HTTP = 3,
    OI_SCHEME_HTTPS = 4,
    OI_SCHEME_FILE = 5
} oi_scheme;

/* A parsed URL.  Every string is NUL-terminated and lives in one block
 * owned by the struct (free with oi_url_free); absent parts are NULL.
 * Percent-encoding is kept exactly as given. */
typedef struct oi_url {
    oi_scheme scheme;
    char *scheme_name; /* lower-cased, e.g. "http" */
    char *user;        /* user info before ':' (NULL if none) */
    char *password;    /* after ':' (NULL if none) */
    char *host;        /* without brackets for IPv6; lower-cased names; "" for file:/// */
    int host_is_ipv6;
    unsigned port; /* given or the scheme's default (http 80, https 443, ftp 21, else 0) */
    int port_given;
    char *path;     /* begins with '/' ("/" when the URL has none) for http, https,
                     * ftp, file and any URL with an authority; else as given */
    char *query;    /* after '?', without it; NULL if none */
    char *fragment; /* after '#', without it; NULL if none */
    char *target;   /* request target: path plus "?query" if any, no fragment */
    char *block_;   /* private */
} oi_url;

/* Parse s[0..len) ((size_t)-1: NUL-terminated).  On failure *u is cleared,
 * so oi_url_free is safe after any result.  Returns 0, or
 *   -1  malformed: no "scheme:", empty host for http/https, bad port (not
 *       digits, > 65535), unbalanced IPv6 brackets, white space, control or
 *       non-ASCII bytes, bad percent-escape (% not followed by two hex)
 *   -2  out of memory.
 * file URLs take no host but "" or "localhost"; ftp needs a host.
 * An unknown scheme is not an error: scheme = OI_SCHEME_UNKNOWN. */
int oi_url_parse(oi_url *u, const char *s, size_t len);
void oi_url_free(oi_url *u);

/* Decode %XX escapes of s in place (for file:// paths).  Returns 0, or -1
 * for a bad escape or one that decodes to NUL. */
int oi_url_unescape(char *s);

/* Resolve ref against base, as a client reads a Location header (RFC 3986
 * section 5.2).  *out receives a new malloc'd absolute URL: the fragment of
 * ref kept, that of base dropped, the path without dot segments ("." and
 * ".."), everything else as given.  A ref with its own scheme comes back
 * that way too, but one whose scheme is the base's ("http:g" against an
 * http base) reads as relative, the non-strict rule of 5.2.2 that browsers
 * follow.  "//host/path" takes the base's scheme.  Returns 0, or
 *   -1  base does not parse with oi_url_parse; ref breaks its byte rules
 *       (white space, control or non-ASCII bytes, bad percent-escapes);
 *       or the result does not parse (so a ref's own host and port are
 *       checked too); *out is then NULL
 *   -2  out of memory. */
int oi_url_resolve(const char *base, const char *ref, char **out);

#endif
