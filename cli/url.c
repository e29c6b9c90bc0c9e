#include "url.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The length of "scheme" when text begins with "scheme://", else 0. */
static size_t scheme_length(const char *text)
{
    if (!isalpha((unsigned char)text[0]))
        return 0;
    size_t n = 1;
    while (isalnum((unsigned char)text[n]) || (text[n] && strchr("+-.", text[n])))
        n++;
    return strncmp(text + n, "://", 3) == 0 ? n : 0;
}

char *cli_url_complete(const char *text)
{
    const char *prefix = scheme_length(text) ? "" : "http://";
    size_t len = strlen(prefix) + strlen(text) + 1;
    char *url = malloc(len);
    if (url) {
        strcpy(url, prefix);
        strcat(url, text);
    }
    return url;
}

void cli_url_scheme(const char *url, char *buf, size_t len)
{
    size_t n = scheme_length(url);
    if (n >= len)
        n = 0;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)url[i]);
    buf[n] = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int escapes_valid(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' && (i + 2 >= len || hex_value(s[i + 1]) < 0 || hex_value(s[i + 2]) < 0))
            return 0;
    }
    return 1;
}

/* Copy s[0..len) to *next, NUL-terminated, and move *next past it; the
 * block holds the whole URL plus room for terminators, so it always fits. */
static char *carve(char **next, const char *s, size_t len)
{
    char *out = *next;
    memcpy(out, s, len);
    out[len] = '\0';
    *next += len + 1;
    return out;
}

/* carve() with %XX decoded (user and password); NULL for a bad escape or
 * one that decodes to NUL. */
static char *carve_decoded(char **next, const char *s, size_t len)
{
    if (!escapes_valid(s, len))
        return NULL;
    char *out = *next;
    size_t n = 0;
    for (size_t i = 0; i < len; i++, n++) {
        out[n] = s[i];
        if (s[i] == '%') {
            out[n] = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        }
        if (out[n] == '\0')
            return NULL;
    }
    out[n] = '\0';
    *next += n + 1;
    return out;
}

static oi_status split_userinfo(struct cli_url *u, char **next, const char *info, size_t len)
{
    const char *colon = memchr(info, ':', len);
    size_t user_len = colon ? (size_t)(colon - info) : len;
    u->user = carve_decoded(next, info, user_len);
    if (!u->user)
        return OI_E_INVALID_URL;
    if (colon) {
        u->password = carve_decoded(next, colon + 1, len - user_len - 1);
        if (!u->password)
            return OI_E_INVALID_URL;
    }
    return OI_OK;
}

/* Digits only, 1 to 65535; an empty port means the scheme's default. */
static oi_status parse_port(struct cli_url *u, const char *s, size_t len)
{
    unsigned long port = 0;
    if (len > 5)
        return OI_E_INVALID_URL;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return OI_E_INVALID_URL;
        port = port * 10 + (unsigned long)(s[i] - '0');
    }
    if (len > 0 && (port == 0 || port > 65535))
        return OI_E_INVALID_URL;
    u->port = (unsigned)port;
    return OI_OK;
}

static int all_in(const char *s, size_t len, const char *extra)
{
    for (size_t i = 0; i < len; i++) {
        if (!isalnum((unsigned char)s[i]) && !strchr(extra, s[i]))
            return 0;
    }
    return 1;
}

static oi_status split_host_port(struct cli_url *u, char **next, const char *host, size_t len)
{
    const char *end = host + len;
    const char *name = host;
    const char *name_end;
    const char *after; /* end, or the ':' before a port */
    const char *allowed = "-._~!$&'()*+,;=";
    if (host[0] == '[') {
        name_end = memchr(host, ']', len);
        if (!name_end)
            return OI_E_INVALID_URL;
        name = host + 1;
        after = name_end + 1;
        allowed = ":.";
        if (after < end && *after != ':')
            return OI_E_INVALID_URL;
    } else {
        name_end = memchr(host, ':', len);
        if (!name_end)
            name_end = end;
        after = name_end;
    }
    size_t name_len = (size_t)(name_end - name);
    if (name_len == 0 || !all_in(name, name_len, allowed))
        return OI_E_INVALID_URL;
    u->host = carve(next, name, name_len);
    return after < end ? parse_port(u, after + 1, (size_t)(end - after - 1)) : OI_OK;
}

static oi_status split_authority(struct cli_url *u, char **next, const char *auth, size_t len)
{
    const char *at = NULL;
    for (size_t i = len; i > 0 && !at; i--) {
        if (auth[i - 1] == '@')
            at = auth + i - 1;
    }
    if (at) {
        oi_status st = split_userinfo(u, next, auth, (size_t)(at - auth));
        if (st != OI_OK)
            return st;
        len -= (size_t)(at + 1 - auth);
        auth = at + 1;
    }
    return split_host_port(u, next, auth, len);
}

/* The request target: path and query, "/" in front when the URL has no path. */
static oi_status split_target(struct cli_url *u, char **next, const char *rest)
{
    size_t len = strcspn(rest, "#");
    if (!escapes_valid(rest, len))
        return OI_E_INVALID_URL;
    size_t slash = rest[0] != '/';
    char *out = *next;
    out[0] = '/';
    memcpy(out + slash, rest, len);
    out[slash + len] = '\0';
    *next += slash + len + 1;
    u->target = out;
    return OI_OK;
}

static int visible_ascii(const char *s)
{
    for (; *s; s++) {
        if (*s <= ' ' || *s >= 0x7f)
            return 0;
    }
    return 1;
}

oi_status cli_url_split(const char *url, struct cli_url *u)
{
    memset(u, 0, sizeof *u);
    size_t scheme_len = scheme_length(url);
    if (!scheme_len || !visible_ascii(url))
        return OI_E_INVALID_URL;
    /* Every part is a piece of the URL plus a terminator, plus the "/" of
     * a missing path: the URL's length and a few bytes hold them all. */
    u->block_ = malloc(strlen(url) + 8);
    if (!u->block_)
        return OI_E_OUT_OF_MEMORY;
    char *next = u->block_;
    u->scheme = carve(&next, url, scheme_len);
    for (char *c = u->scheme; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    const char *auth = url + scheme_len + 3;
    size_t auth_len = strcspn(auth, "/?#");
    oi_status st = split_authority(u, &next, auth, auth_len);
    if (st == OI_OK)
        st = split_target(u, &next, auth + auth_len);
    if (st != OI_OK)
        cli_url_free(u);
    return st;
}

void cli_url_free(struct cli_url *u)
{
    free(u->block_);
    memset(u, 0, sizeof *u);
}

char *cli_url_file_name(const char *url)
{
    const char *path = url + scheme_length(url) + 3;
    path += strcspn(path, "/?#"); /* past the authority */
    const char *end = path + strcspn(path, "?#");
    const char *segment = end;
    while (segment > path && segment[-1] != '/')
        segment--;
    size_t len = (size_t)(end - segment);
    if (len == 0 || strncmp(segment, ".", len) == 0 || strncmp(segment, "..", len) == 0)
        return NULL;
    return strndup(segment, len);
}
