/* The tool's view of URLs: completing them like curl, and splitting
 * http:// ones into the parts oi_session_connect() and
 * oi_connection_open_request() take. */
#ifndef CLI_URL_H
#define CLI_URL_H

#include <stddef.h>

#include "openinet.h"

struct cli_url {
    char *block_;   /* owns every string below */
    char *scheme;   /* lower-cased */
    char *user;     /* percent-decoded; NULL if the URL has none */
    char *password; /* percent-decoded; NULL if none */
    char *host;     /* without the brackets of an IPv6 address */
    unsigned port;  /* 0 when not given: the scheme's default */
    char *target;   /* path and query, without the fragment; at least "/" */
};

/* A copy of `text`, with "http://" in front when it has no "scheme://",
 * as curl does.  NULL when out of memory. */
char *cli_url_complete(const char *text);

/* The lower-cased scheme of a completed URL into buf (size len), or "". */
void cli_url_scheme(const char *url, char *buf, size_t len);

/* Split a completed URL of a scheme with an authority.  OI_OK,
 * OI_E_INVALID_URL (white space or control bytes, empty host, bad port,
 * unbalanced brackets, bad %-escape) or OI_E_OUT_OF_MEMORY.  On success
 * free with cli_url_free(). */
oi_status cli_url_split(const char *url, struct cli_url *u);

void cli_url_free(struct cli_url *u);

/* The last segment of a completed URL's path, for -O; NULL when it is
 * empty, "." or "..".  The result is malloc'd. */
char *cli_url_file_name(const char *url);

#endif
