/* WinInet's URL helpers: InternetCrackUrl, InternetCreateUrl,
 * InternetCanonicalizeUrl and InternetCombineUrl.  No network.
 *
 * These follow WinInet, not RFC 3986: they accept what Windows accepts
 * (spaces, backslashes, unknown schemes, "C:\file.txt" with the scheme
 * "C"), which is why they do not use the engine's strict parser (src/url.c).
 * The work is done on UTF-8; the W forms convert on the way in and out, so
 * that both forms give the same answers.
 *
 * Where WinInet's answer only makes sense on Windows, this one makes sense
 * here (docs/porting.md): a file URL with a drive letter cracks to a DOS
 * path ("C:\dir\file") as on Windows, any other file URL to a POSIX path
 * ("/home/user/file"), not to "\home\user\file". */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Characters and a small string builder                              */
/* ------------------------------------------------------------------ */

/* By hand, not <ctype.h>: URL syntax must not depend on the locale. */
static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_scheme_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
}

static int hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int lower_equals(const char *s, size_t n, const char *lit)
{
    if (n != strlen(lit))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lit[i])
            return 0;
    }
    return 1;
}

typedef struct sbuf {
    char *p;
    size_t n, cap;
    int failed;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = oi_realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_addc(sbuf *b, char c)
{
    sb_add(b, &c, 1);
}

static void sb_escape(sbuf *b, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    char e[3] = {'%', hex[c >> 4], hex[c & 15]};
    sb_add(b, e, 3);
}

/* s[0..n) with %XX escapes decoded (a '%' not followed by two hex digits
 * stays as it is, as Windows leaves it). */
static void sb_decode(sbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            sb_addc(b, (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
            i += 2;
        } else {
            sb_addc(b, s[i]);
        }
    }
}

/* Finish a call: the error, if any, becomes the thread's last error. */
static BOOL finish(DWORD err)
{
    return err == ERROR_SUCCESS ? TRUE : oi_wininet_fail(err);
}

/* Copy s[0..n) (UTF-8), NUL-terminated, into a caller's buffer of `cap`
 * units, as UTF-8 or as UTF-16.  Returns the units s needs without the NUL;
 * nothing is written unless that is less than cap. */
static size_t put_string(const char *s, size_t n, void *buf, size_t cap, int wide)
{
    size_t need = wide ? oi_utf8_to_utf16(s, n, NULL) : n;
    if (!buf || need >= cap)
        return need;
    if (wide) {
        oi_utf8_to_utf16(s, n, buf);
        ((WCHAR *)buf)[need] = 0;
    } else {
        memcpy(buf, s, n);
        ((char *)buf)[n] = '\0';
    }
    return need;
}

/* The buffer-size protocol of CanonicalizeUrl and CombineUrl: too small (or
 * no buffer) says how many units are needed, NUL included; success says
 * how many were written, NUL excluded. */
static DWORD give_result(const sbuf *b, void *buf, DWORD *len, int wide)
{
    if (b->failed)
        return ERROR_NOT_ENOUGH_MEMORY;
    size_t need = put_string(b->p ? b->p : "", b->n, buf, *len, wide);
    if (need >= *len) {
        *len = (DWORD)(need + 1);
        return ERROR_INSUFFICIENT_BUFFER;
    }
    *len = (DWORD)need;
    return ERROR_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Schemes                                                            */
/* ------------------------------------------------------------------ */

/* Names by INTERNET_SCHEME value (FIRST = FTP = 1). */
static const char *const scheme_names[] = {NULL,    "ftp",        "gopher",   "http",
                                           "https", "file",       "news",     "mailto",
                                           "socks", "javascript", "vbscript", "res"};
_Static_assert(sizeof scheme_names / sizeof scheme_names[0] == INTERNET_SCHEME_LAST + 1,
               "one name per scheme");

static const char *scheme_name(INTERNET_SCHEME id)
{
    return id >= INTERNET_SCHEME_FIRST && id <= INTERNET_SCHEME_LAST ? scheme_names[id] : NULL;
}

static INTERNET_SCHEME scheme_id(const char *s, size_t n)
{
    for (int i = INTERNET_SCHEME_FIRST; i <= INTERNET_SCHEME_LAST; i++)
        if (lower_equals(s, n, scheme_names[i]))
            return (INTERNET_SCHEME)i;
    return INTERNET_SCHEME_UNKNOWN;
}

/* The port InternetCrackUrl reports when the URL gives none.  Windows has
 * none for gopher (its tests say 0), although CreateUrl omits 70. */
static INTERNET_PORT crack_default_port(INTERNET_SCHEME id)
{
    switch (id) {
    case INTERNET_SCHEME_HTTP:
        return INTERNET_DEFAULT_HTTP_PORT;
    case INTERNET_SCHEME_HTTPS:
        return INTERNET_DEFAULT_HTTPS_PORT;
    case INTERNET_SCHEME_FTP:
        return INTERNET_DEFAULT_FTP_PORT;
    default:
        return INTERNET_INVALID_PORT_NUMBER;
    }
}

/* Schemes whose URLs need a host ("http:///x" is malformed). */
static int needs_host(INTERNET_SCHEME id)
{
    return id == INTERNET_SCHEME_HTTP || id == INTERNET_SCHEME_HTTPS || id == INTERNET_SCHEME_FTP ||
           id == INTERNET_SCHEME_GOPHER;
}

/* The length of the scheme at the start of s (before ':'), or 0 if s does
 * not start with "scheme:". */
static size_t scheme_length(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_scheme_char(s[i]))
        i++;
    return (i > 0 && i < n && s[i] == ':') ? i : 0;
}

/* ------------------------------------------------------------------ */
/* InternetCrackUrl                                                   */
/* ------------------------------------------------------------------ */

/* A component: where it is in the input.  Absent differs from empty:
 * "http://h/" has no user name, "fide:///x" an empty host. */
typedef struct piece {
    size_t off, len;
    int present;
} piece;

enum { C_SCHEME, C_HOST, C_USER, C_PASSWORD, C_PATH, C_EXTRA, C_COUNT };

typedef struct cracked {
    const char *url; /* UTF-8 */
    size_t len;
    piece part[C_COUNT];
    size_t path_to_end; /* the path's length when the extra info stays in it */
    INTERNET_SCHEME id;
    INTERNET_PORT port;
} cracked;

static piece piece_at(size_t off, size_t len)
{
    return (piece){off, len, 1};
}

/* The first '?' or '#' at or after `from`, or len. */
static size_t find_extra(const char *s, size_t from, size_t len)
{
    while (from < len && s[from] != '?' && s[from] != '#')
        from++;
    return from;
}

static DWORD crack_port(cracked *c, size_t off, size_t len)
{
    unsigned long port = 0;
    if (len == 0) {
        c->port = crack_default_port(c->id);
        return ERROR_SUCCESS;
    }
    for (size_t i = 0; i < len; i++) {
        if (!is_digit(c->url[off + i]) || port > 65535)
            return ERROR_INTERNET_INVALID_URL;
        port = port * 10 + (unsigned long)(c->url[off + i] - '0');
    }
    if (port > 65535)
        return ERROR_INTERNET_INVALID_URL;
    c->port = (INTERNET_PORT)port;
    return ERROR_SUCCESS;
}

/* Where the port's ':' is in host[:port] at off..end, or end if none; an
 * IPv6 literal keeps its brackets and its colons. */
static size_t port_colon(const cracked *c, size_t off, size_t end)
{
    size_t from = off;
    if (from < end && c->url[from] == '[') {
        while (from < end && c->url[from] != ']')
            from++;
        if (from == end)
            return end;
    }
    size_t colon = end;
    for (size_t i = from; i < end; i++)
        if (c->url[i] == ':')
            colon = i;
    return colon;
}

/* Host and port at off..end.  *path_start moves back to off when a file
 * URL's "host" is really the start of a path: "file:///C:/x" (empty) and
 * "file://C:/x" (a drive letter), as Windows reads them. */
static DWORD crack_host_port(cracked *c, size_t off, size_t end, size_t *path_start)
{
    if (c->id == INTERNET_SCHEME_RES) { /* res://module.dll/...: no port */
        c->part[C_HOST] = piece_at(off, end - off);
        return ERROR_SUCCESS;
    }
    size_t colon = port_colon(c, off, end);
    if (c->id == INTERNET_SCHEME_FILE && colon <= off + 1) {
        *path_start = off;
        return ERROR_SUCCESS;
    }
    c->part[C_HOST] = piece_at(off, colon - off);
    if (colon == off && needs_host(c->id))
        return ERROR_INTERNET_INVALID_URL;
    return crack_port(c, colon < end ? colon + 1 : end, colon < end ? end - colon - 1 : 0);
}

/* [user[:password]@]host[:port] at off..end (the last '@' ends the user
 * information, as browsers read it). */
static DWORD crack_authority(cracked *c, size_t off, size_t end, size_t *path_start)
{
    size_t at = end;
    for (size_t i = off; i < end; i++)
        if (c->url[i] == '@')
            at = i;
    if (at < end) {
        size_t colon = off;
        while (colon < at && c->url[colon] != ':')
            colon++;
        c->part[C_USER] = piece_at(off, colon - off);
        if (colon < at)
            c->part[C_PASSWORD] = piece_at(colon + 1, at - colon - 1);
        off = at + 1;
    }
    *path_start = end;
    return crack_host_port(c, off, end, path_start);
}

/* Split c->url into its parts. */
static DWORD crack(cracked *c)
{
    size_t scheme = scheme_length(c->url, c->len);
    if (!scheme)
        return ERROR_INTERNET_UNRECOGNIZED_SCHEME;
    c->id = scheme_id(c->url, scheme);
    c->port = INTERNET_INVALID_PORT_NUMBER;
    c->part[C_SCHEME] = piece_at(0, scheme);

    size_t extra = find_extra(c->url, scheme + 1, c->len);
    if (extra < c->len)
        c->part[C_EXTRA] = piece_at(extra, c->len - extra);

    size_t path = scheme + 1;
    if (c->len - path >= 2 && c->url[path] == '/' && c->url[path + 1] == '/') {
        size_t auth = path + 2, end = auth;
        while (end < extra && c->url[end] != '/')
            end++;
        DWORD err = crack_authority(c, auth, end, &path);
        if (err)
            return err;
    }
    size_t path_end = path < extra ? extra : path;
    c->part[C_PATH] = piece_at(path, path_end - path);
    c->path_to_end = c->len - path;
    return ERROR_SUCCESS;
}

/* A drive-letter path, "/C:/..." or "/C|/...", whose leading '/' Windows
 * drops. */
static int is_drive_path(const char *s, size_t n)
{
    return n >= 3 && s[0] == '/' && is_alpha(s[1]) && (s[2] == ':' || s[2] == '|') &&
           (n == 3 || s[3] == '/' || s[3] == '\\');
}

/* A path that ends in "/." or "/.." gets its separator back, as WinInet
 * gives "C:\dir\..\" for "file:///C:/dir/..". */
static void end_dot_segment(sbuf *b, char sep)
{
    const char *p = b->p;
    size_t n = b->n;
    if (b->failed || n < 2 || p[n - 1] != '.')
        return;
    if (p[n - 2] == sep || (n >= 3 && p[n - 2] == '.' && p[n - 3] == sep))
        sb_addc(b, sep);
}

/* The local path a file URL names.  "file:///..." paths are always
 * decoded (they are URLs); "file://C:/x" is taken as a path already, and
 * only decoded on request. */
static void file_path(sbuf *b, const char *s, size_t n, int decode)
{
    sbuf raw = {0};
    if (s[0] == '/' || decode)
        sb_decode(&raw, s, n);
    else
        sb_add(&raw, s, n);
    if (raw.failed) {
        b->failed = 1;
        free(raw.p);
        return;
    }
    const char *p = raw.p ? raw.p : "";
    char sep = '/';
    if (is_drive_path(p, raw.n) || p[0] != '/') {
        sep = '\\';
        size_t from = p[0] == '/' ? 1 : 0;
        for (size_t i = from; i < raw.n; i++)
            sb_addc(b, p[i] == '/' ? '\\' : (i == from + 1 && p[i] == '|') ? ':' : p[i]);
    } else {
        sb_add(b, p, raw.n);
    }
    end_dot_segment(b, sep);
    free(raw.p);
}

/* The text a caller's buffer receives for a component. */
static void component_value(const cracked *c, int which, size_t len, DWORD flags, sbuf *b)
{
    const char *s = c->url + c->part[which].off;
    int decode = (flags & (ICU_DECODE | ICU_ESCAPE)) && which != C_SCHEME;
    if (which == C_PATH && c->id == INTERNET_SCHEME_FILE && len > 0)
        file_path(b, s, len, decode);
    else if (decode)
        sb_decode(b, s, len);
    else
        sb_add(b, s, len);
}

/* Where the caller wants one component: its pointer field (of the A or
 * of the W structure) and its length field. */
typedef struct slot {
    char **a;
    WCHAR **w;
    DWORD *len;
} slot;

static void *slot_get(slot s)
{
    return s.a ? (void *)*s.a : (void *)*s.w;
}

/* Which side of the API: the A form, or the W form with its input. */
typedef struct side {
    int wide;
    const WCHAR *wurl;
} side;

/* Pointer-into-the-input mode: no copy, lengths in the caller's units. */
static void point_into(const cracked *c, const side *sd, piece p, size_t len, slot s)
{
    /* The input is the caller's, who gave it as const: WinInet's
     * structure has non-const pointers for both directions. */
    if (sd->wide) {
        size_t at = oi_utf8_to_utf16(c->url, p.off, NULL);
        *s.w = p.present ? (WCHAR *)(uintptr_t)(sd->wurl + at) : NULL;
        *s.len = p.present ? (DWORD)oi_utf8_to_utf16(c->url + p.off, len, NULL) : 0;
    } else {
        *s.a = p.present ? (char *)(uintptr_t)(c->url + p.off) : NULL;
        *s.len = p.present ? (DWORD)len : 0;
    }
}

/* Fill one component: skipped when its length is 0, a pointer into the
 * input when its pointer is NULL, else copied with the size protocol. */
static DWORD fill(const cracked *c, const side *sd, int which, DWORD flags, slot s)
{
    piece p = c->part[which];
    size_t len = p.len;
    if (!*s.len)
        return ERROR_SUCCESS;
    if (!slot_get(s)) {
        point_into(c, sd, p, len, s);
        return ERROR_SUCCESS;
    }
    sbuf b = {0};
    if (p.present)
        component_value(c, which, len, flags, &b);
    if (b.failed) {
        free(b.p);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    size_t need = put_string(b.p ? b.p : "", b.n, slot_get(s), *s.len, sd->wide);
    free(b.p);
    if (need >= *s.len) {
        *s.len = (DWORD)(need + 1);
        return ERROR_INSUFFICIENT_BUFFER;
    }
    *s.len = (DWORD)need;
    return ERROR_SUCCESS;
}

/* Crack u[0..n) into the caller's slots (scheme, host, user, password,
 * path, extra). */
static DWORD crack_into(const char *u, size_t n, DWORD flags, const side *sd, slot s[C_COUNT],
                        INTERNET_SCHEME *scheme, INTERNET_PORT *port)
{
    cracked c = {.url = u, .len = n};
    DWORD err = crack(&c);
    if (err)
        return err;
    *scheme = c.id;
    *port = c.port;
    /* Without a place for the extra info, it stays in the path. */
    if (!*s[C_EXTRA].len)
        c.part[C_PATH].len = c.path_to_end;
    for (int i = 0; i < C_COUNT && !err; i++)
        err = fill(&c, sd, i, flags, s[i]);
    return err;
}

/* The six slots of a URL_COMPONENTSA (F = a) or URL_COMPONENTSW (F = w). */
#define SLOTS(uc, F)                                                                               \
    {                                                                                              \
        {.F = &(uc)->lpszScheme, .len = &(uc)->dwSchemeLength},                                    \
            {.F = &(uc)->lpszHostName, .len = &(uc)->dwHostNameLength},                            \
            {.F = &(uc)->lpszUserName, .len = &(uc)->dwUserNameLength},                            \
            {.F = &(uc)->lpszPassword, .len = &(uc)->dwPasswordLength},                            \
            {.F = &(uc)->lpszUrlPath, .len = &(uc)->dwUrlPathLength},                              \
            {.F = &(uc)->lpszExtraInfo, .len = &(uc)->dwExtraInfoLength},                          \
    }

OI_API BOOL WINAPI InternetCrackUrlA(LPCSTR lpszUrl, DWORD dwUrlLength, DWORD dwFlags,
                                     LPURL_COMPONENTSA lpUrlComponents)
{
    /* Windows checks dwStructSize in the A form only. */
    if (!lpszUrl || !*lpszUrl || !lpUrlComponents ||
        lpUrlComponents->dwStructSize != sizeof(URL_COMPONENTSA))
        return finish(ERROR_INVALID_PARAMETER);
    /* A length is a maximum: the URL also ends at a NUL before it. */
    size_t n = dwUrlLength ? strnlen(lpszUrl, dwUrlLength) : strlen(lpszUrl);
    side sd = {0, NULL};
    slot s[C_COUNT] = SLOTS(lpUrlComponents, a);
    return finish(crack_into(lpszUrl, n, dwFlags, &sd, s, &lpUrlComponents->nScheme,
                             &lpUrlComponents->nPort));
}

OI_API BOOL WINAPI InternetCrackUrlW(LPCWSTR lpszUrl, DWORD dwUrlLength, DWORD dwFlags,
                                     LPURL_COMPONENTSW lpUrlComponents)
{
    if (!lpszUrl || !*lpszUrl || !lpUrlComponents)
        return finish(ERROR_INVALID_PARAMETER);
    size_t n = dwUrlLength ? oi_wstrnlen(lpszUrl, dwUrlLength) : oi_wstrlen(lpszUrl);
    char *u;
    size_t un;
    if (oi_w2a(lpszUrl, n, &u, &un) != 0)
        return finish(ERROR_NOT_ENOUGH_MEMORY);
    side sd = {1, lpszUrl};
    slot s[C_COUNT] = SLOTS(lpUrlComponents, w);
    DWORD err =
        crack_into(u, un, dwFlags, &sd, s, &lpUrlComponents->nScheme, &lpUrlComponents->nPort);
    free(u);
    return finish(err);
}

/* ------------------------------------------------------------------ */
/* Escaping, shared by CreateUrl (ICU_ESCAPE) and CanonicalizeUrl     */
/* ------------------------------------------------------------------ */

enum {
    ESC_UNSAFE = 1,  /* controls, space, non-ASCII, "<>\^`{|} */
    ESC_SPACES = 2,  /* spaces only */
    ESC_PERCENT = 4, /* '%' too, even before two hex digits */
    ESC_HASH = 8,    /* '#', which would start a fragment (after decoding) */
    ESC_QMARK = 16   /* '?', which would start a query (after decoding) */
};

static int is_unsafe(unsigned char c)
{
    /* strchr would find the NUL of the list for c == 0: that case is above */
    return c <= 0x20 || c >= 0x7F || strchr("\"<>\\^`{|}", c) != NULL;
}

static int needs_escape(unsigned char c, unsigned mode)
{
    if (c == '%')
        return (mode & ESC_PERCENT) != 0;
    if (c == ' ')
        return (mode & (ESC_UNSAFE | ESC_SPACES)) != 0;
    if (c == '#')
        return (mode & ESC_HASH) != 0;
    if (c == '?')
        return (mode & ESC_QMARK) != 0;
    return (mode & ESC_UNSAFE) && is_unsafe(c);
}

static void sb_add_escaped(sbuf *b, const char *s, size_t n, unsigned mode)
{
    for (size_t i = 0; i < n; i++) {
        if (needs_escape((unsigned char)s[i], mode))
            sb_escape(b, (unsigned char)s[i]);
        else
            sb_addc(b, s[i]);
    }
}

/* ------------------------------------------------------------------ */
/* InternetCreateUrl                                                  */
/* ------------------------------------------------------------------ */

/* One component as the caller gave it (UTF-8), s NULL when absent. */
typedef struct given {
    const char *s;
    size_t n;
} given;

/* The ports CreateUrl leaves out. */
static int is_default_port(INTERNET_SCHEME id, INTERNET_PORT port)
{
    return port == INTERNET_INVALID_PORT_NUMBER ||
           (id == INTERNET_SCHEME_HTTP && port == INTERNET_DEFAULT_HTTP_PORT) ||
           (id == INTERNET_SCHEME_HTTPS && port == INTERNET_DEFAULT_HTTPS_PORT) ||
           (id == INTERNET_SCHEME_FTP && port == INTERNET_DEFAULT_FTP_PORT) ||
           (id == INTERNET_SCHEME_GOPHER && port == INTERNET_DEFAULT_GOPHER_PORT);
}

/* Schemes written with "//" even without a host; others ("about:blank")
 * are opaque unless a host is given. */
static int is_hierarchical(INTERNET_SCHEME id)
{
    return id == INTERNET_SCHEME_FTP || id == INTERNET_SCHEME_GOPHER ||
           id == INTERNET_SCHEME_HTTP || id == INTERNET_SCHEME_HTTPS || id == INTERNET_SCHEME_FILE;
}

/* The scheme as given, or named by nScheme (DEFAULT: http). */
static DWORD create_scheme(const given *g, INTERNET_SCHEME n, sbuf *b, INTERNET_SCHEME *id)
{
    if (g->s) {
        sb_add(b, g->s, g->n);
        *id = scheme_id(g->s, g->n);
        return ERROR_SUCCESS;
    }
    if (n == INTERNET_SCHEME_DEFAULT)
        n = INTERNET_SCHEME_HTTP;
    const char *name = scheme_name(n);
    if (!name)
        return ERROR_INVALID_PARAMETER;
    sb_add(b, name, strlen(name));
    *id = n;
    return ERROR_SUCCESS;
}

static DWORD create_url(const given g[C_COUNT], INTERNET_SCHEME nScheme, INTERNET_PORT port,
                        DWORD flags, sbuf *b)
{
    if (g[C_PASSWORD].s && !g[C_USER].s)
        return ERROR_INVALID_PARAMETER;
    INTERNET_SCHEME id;
    DWORD err = create_scheme(&g[C_SCHEME], nScheme, b, &id);
    if (err)
        return err;
    sb_addc(b, ':');
    if (is_hierarchical(id) || g[C_HOST].s)
        sb_add(b, "//", 2);
    if (g[C_USER].s) {
        sb_add(b, g[C_USER].s, g[C_USER].n);
        if (g[C_PASSWORD].s) {
            sb_addc(b, ':');
            sb_add(b, g[C_PASSWORD].s, g[C_PASSWORD].n);
        }
        sb_addc(b, '@');
    }
    if (g[C_HOST].s) {
        sb_add(b, g[C_HOST].s, g[C_HOST].n);
        if (!is_default_port(id, port)) {
            char digits[8];
            int k = snprintf(digits, sizeof digits, ":%u", (unsigned)port);
            sb_add(b, digits, (size_t)k);
        }
        if (g[C_PATH].s && (g[C_PATH].n == 0 || g[C_PATH].s[0] != '/'))
            sb_addc(b, '/');
    }
    unsigned mode = (flags & ICU_ESCAPE) ? ESC_UNSAFE : 0;
    if (g[C_PATH].s)
        sb_add_escaped(b, g[C_PATH].s, g[C_PATH].n, mode);
    if (g[C_EXTRA].s)
        sb_add_escaped(b, g[C_EXTRA].s, g[C_EXTRA].n, mode);
    return b->failed ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

/* The caller's components as UTF-8: a length of 0 means NUL-terminated.
 * W strings are converted into owned[]. */
static DWORD gather(const slot s[C_COUNT], given g[C_COUNT], char *owned[C_COUNT])
{
    for (int i = 0; i < C_COUNT; i++) {
        g[i] = (given){NULL, 0};
        if (s[i].a && *s[i].a) {
            g[i].s = *s[i].a;
            g[i].n = *s[i].len ? *s[i].len : strlen(*s[i].a);
        } else if (s[i].w && *s[i].w) {
            size_t n = *s[i].len ? *s[i].len : oi_wstrlen(*s[i].w);
            if (oi_w2a(*s[i].w, n, &owned[i], &g[i].n) != 0)
                return ERROR_NOT_ENOUGH_MEMORY;
            g[i].s = owned[i];
        }
    }
    return ERROR_SUCCESS;
}

/* CreateUrl's size protocol, which differs from the other functions' in
 * one point: too small gives the size needed in bytes, NUL included, even
 * in the W form (Windows does so; its tests rely on it). */
static DWORD create_common(const slot s[C_COUNT], INTERNET_SCHEME nScheme, INTERNET_PORT port,
                           DWORD flags, void *buf, DWORD *len, int wide)
{
    char *owned[C_COUNT] = {0};
    given g[C_COUNT];
    sbuf b = {0};
    DWORD err = gather(s, g, owned);
    if (!err)
        err = create_url(g, nScheme, port, flags, &b);
    if (!err) {
        size_t need = put_string(b.p, b.n, buf, *len, wide);
        if (need >= *len) {
            *len = (DWORD)((need + 1) * (wide ? sizeof(WCHAR) : 1));
            err = ERROR_INSUFFICIENT_BUFFER;
        } else {
            *len = (DWORD)need;
        }
    }
    for (int i = 0; i < C_COUNT; i++)
        free(owned[i]);
    free(b.p);
    return err;
}

OI_API BOOL WINAPI InternetCreateUrlA(LPURL_COMPONENTSA lpUrlComponents, DWORD dwFlags,
                                      LPSTR lpszUrl, LPDWORD lpdwUrlLength)
{
    if (!lpUrlComponents || lpUrlComponents->dwStructSize != sizeof(URL_COMPONENTSA) ||
        !lpdwUrlLength)
        return finish(ERROR_INVALID_PARAMETER);
    slot s[C_COUNT] = SLOTS(lpUrlComponents, a);
    return finish(create_common(s, lpUrlComponents->nScheme, lpUrlComponents->nPort, dwFlags,
                                lpszUrl, lpdwUrlLength, 0));
}

OI_API BOOL WINAPI InternetCreateUrlW(LPURL_COMPONENTSW lpUrlComponents, DWORD dwFlags,
                                      LPWSTR lpszUrl, LPDWORD lpdwUrlLength)
{
    if (!lpUrlComponents || lpUrlComponents->dwStructSize != sizeof(URL_COMPONENTSW) ||
        !lpdwUrlLength)
        return finish(ERROR_INVALID_PARAMETER);
    slot s[C_COUNT] = SLOTS(lpUrlComponents, w);
    return finish(create_common(s, lpUrlComponents->nScheme, lpUrlComponents->nPort, dwFlags,
                                lpszUrl, lpdwUrlLength, 1));
}

/* ------------------------------------------------------------------ */
/* InternetCanonicalizeUrl                                            */
/* ------------------------------------------------------------------ */

/* Where the parts of a URL are: [scheme:][//authority]path[?query][#frag].
 * Offsets into the text; query and fragment keep their '?' and '#'. */
typedef struct layout {
    size_t scheme; /* its length, 0 if none */
    INTERNET_SCHEME id;
    int has_auth;
    size_t auth, auth_len, path, path_len, query, query_len, frag, frag_len;
} layout;

/* http, https, ftp and gopher URLs take '\' for '/', as browsers do. */
static int is_web(INTERNET_SCHEME id)
{
    return needs_host(id);
}

static void lay_out(const char *s, size_t n, layout *l)
{
    memset(l, 0, sizeof *l);
    l->scheme = scheme_length(s, n);
    l->id = l->scheme ? scheme_id(s, l->scheme) : INTERNET_SCHEME_UNKNOWN;
    size_t i = l->scheme ? l->scheme + 1 : 0;
    if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        l->has_auth = 1;
        l->auth = i + 2;
        i = l->auth;
        while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#' &&
               !(is_web(l->id) && s[i] == '\\'))
            i++;
        l->auth_len = i - l->auth;
    }
    l->path = i;
    while (i < n && s[i] != '?' && s[i] != '#')
        i++;
    l->path_len = i - l->path;
    l->query = i;
    while (i < n && s[i] != '#')
        i++;
    l->query_len = i - l->query;
    l->frag = i;
    l->frag_len = n - i;
}

/* Cut the last segment off b (back to its '/'). */
static void drop_last_segment(sbuf *b)
{
    while (b->n > 0 && b->p[b->n - 1] != '/')
        b->n--;
    if (b->n > 0)
        b->n--;
    if (b->p)
        b->p[b->n] = '\0';
}

static int starts(const char *p, size_t rest, const char *lit)
{
    size_t n = strlen(lit);
    return rest >= n && memcmp(p, lit, n) == 0;
}

/* RFC 3986 section 5.2.4: "." and ".." segments of in[0..n) resolved. */
static void remove_dots(const char *in, size_t n, sbuf *out)
{
    size_t i = 0;
    while (i < n) {
        const char *p = in + i;
        size_t rest = n - i;
        if (starts(p, rest, "../")) {
            i += 3;
        } else if (starts(p, rest, "./") || starts(p, rest, "/./")) {
            i += 2;
        } else if (rest == 2 && starts(p, rest, "/.")) {
            sb_addc(out, '/');
            i += 2;
        } else if (starts(p, rest, "/../") || (rest == 3 && starts(p, rest, "/.."))) {
            drop_last_segment(out);
            if (rest == 3)
                sb_addc(out, '/');
            i += 3;
        } else if ((rest == 1 && p[0] == '.') || (rest == 2 && starts(p, rest, ".."))) {
            i = n;
        } else {
            size_t j = i + (p[0] == '/');
            while (j < n && in[j] != '/')
                j++;
            sb_add(out, p, j - i);
            i = j;
        }
    }
}

static unsigned escape_mode(DWORD flags)
{
    unsigned mode = 0;
    if (!(flags & ICU_NO_ENCODE))
        mode = (flags & ICU_ENCODE_SPACES_ONLY) ? ESC_SPACES : ESC_UNSAFE;
    if (flags & ICU_ENCODE_PERCENT)
        mode |= ESC_PERCENT;
    return mode;
}

/* s[0..n), '\' turned into '/' when `web`, decoded with ICU_DECODE. */
static void prepare(const char *s, size_t n, int web, DWORD flags, sbuf *out)
{
    sbuf raw = {0};
    for (size_t i = 0; i < n; i++)
        sb_addc(&raw, web && s[i] == '\\' ? '/' : s[i]);
    if (flags & ICU_DECODE)
        sb_decode(out, raw.p ? raw.p : "", raw.n);
    else
        sb_add(out, raw.p ? raw.p : "", raw.n);
    out->failed |= raw.failed;
    free(raw.p);
}

/* The path: dot segments resolved (unless ICU_NO_META) where the path is
 * hierarchical, then escaped.  A '?' or '#' that decoding produced is
 * escaped again, or the URL would mean something else. */
static void canon_path(const char *s, const layout *l, DWORD flags, sbuf *out)
{
    sbuf path = {0}, clean = {0};
    prepare(s + l->path, l->path_len, is_web(l->id), flags, &path);
    const char *p = path.p ? path.p : "";
    if (l->has_auth && path.n == 0)
        p = "/", path.n = 1;
    int hierarchical = l->has_auth || !l->scheme || p[0] == '/';
    if (hierarchical && !(flags & ICU_NO_META))
        remove_dots(p, path.n, &clean);
    else
        sb_add(&clean, p, path.n);
    unsigned mode = escape_mode(flags);
    if (mode & (ESC_UNSAFE | ESC_SPACES))
        mode |= ESC_HASH | ESC_QMARK;
    sb_add_escaped(out, clean.p ? clean.p : "", clean.n, mode);
    out->failed |= path.failed | clean.failed;
    free(path.p);
    free(clean.p);
}

/* The query, as the path but without dot segments; ICU_BROWSER_MODE
 * leaves it as it is. */
static void canon_query(const char *s, const layout *l, DWORD flags, sbuf *out)
{
    if (flags & ICU_BROWSER_MODE) {
        sb_add(out, s + l->query, l->query_len);
        return;
    }
    sbuf q = {0};
    prepare(s + l->query, l->query_len, 0, flags, &q);
    unsigned mode = escape_mode(flags);
    if (mode & (ESC_UNSAFE | ESC_SPACES))
        mode |= ESC_HASH;
    /* the leading '?' is the query's own */
    if (q.n > 0)
        sb_addc(out, '?');
    sb_add_escaped(out, q.n > 0 ? q.p + 1 : "", q.n > 0 ? q.n - 1 : 0, mode);
    out->failed |= q.failed;
    free(q.p);
}

/* A file URL that names a drive ("file:///C:/x", "file://C:/x",
 * "file://localhost/C:/x") canonicalizes to WinInet's "file://C:\x";
 * its path is a path, not escaped. */
static int canon_drive_file(const char *s, const layout *l, DWORD flags, sbuf *out)
{
    sbuf text = {0}, path = {0};
    if (l->auth_len > 0 && !lower_equals(s + l->auth, l->auth_len, "localhost"))
        sb_addc(&text, '/'), sb_add(&text, s + l->auth, l->auth_len);
    sb_add(&text, s + l->path, l->path_len);
    const char *t = text.p ? text.p : "";
    int drive = is_drive_path(t, text.n);
    if (drive) {
        sbuf decoded = {0};
        prepare(t, text.n, 1, flags, &decoded);
        if (flags & ICU_NO_META)
            sb_add(&path, decoded.p ? decoded.p : "", decoded.n);
        else
            remove_dots(decoded.p ? decoded.p : "", decoded.n, &path);
        path.failed |= decoded.failed;
        free(decoded.p);
        sb_add(out, "file://", 7);
        for (size_t i = 1; i < path.n; i++)
            sb_addc(out, path.p[i] == '/' ? '\\' : (i == 2 && path.p[i] == '|') ? ':' : path.p[i]);
        sb_add(out, s + l->query, l->query_len + l->frag_len);
        out->failed |= path.failed | text.failed;
    }
    free(text.p);
    free(path.p);
    return drive;
}

static void canonicalize(const char *s, size_t n, DWORD flags, sbuf *out)
{
    /* Surrounding white space and controls go, as in Windows. */
    while (n > 0 && (unsigned char)s[0] <= 0x20)
        s++, n--;
    while (n > 0 && (unsigned char)s[n - 1] <= 0x20)
        n--;
    layout l;
    lay_out(s, n, &l);
    if (l.id == INTERNET_SCHEME_FILE && l.has_auth && canon_drive_file(s, &l, flags, out))
        return;
    sb_add(out, s, l.scheme ? l.scheme + 1 : 0);
    if (l.has_auth) {
        sb_add(out, "//", 2);
        sb_add(out, s + l.auth, l.auth_len);
    }
    canon_path(s, &l, flags, out);
    canon_query(s, &l, flags, out);
    sb_add(out, s + l.frag, l.frag_len);
}

/* The A and W forms: the URL as UTF-8 in, the result out in the caller's
 * units. */
static DWORD canonicalize_common(const char *url, void *buf, DWORD *len, DWORD flags, int wide)
{
    sbuf b = {0};
    canonicalize(url, strlen(url), flags, &b);
    DWORD err = give_result(&b, buf, len, wide);
    free(b.p);
    return err;
}

OI_API BOOL WINAPI InternetCanonicalizeUrlA(LPCSTR lpszUrl, LPSTR lpszBuffer,
                                            LPDWORD lpdwBufferLength, DWORD dwFlags)
{
    if (!lpszUrl || !lpszBuffer || !lpdwBufferLength)
        return finish(ERROR_INVALID_PARAMETER);
    return finish(canonicalize_common(lpszUrl, lpszBuffer, lpdwBufferLength, dwFlags, 0));
}

OI_API BOOL WINAPI InternetCanonicalizeUrlW(LPCWSTR lpszUrl, LPWSTR lpszBuffer,
                                            LPDWORD lpdwBufferLength, DWORD dwFlags)
{
    if (!lpszUrl || !lpszBuffer || !lpdwBufferLength)
        return finish(ERROR_INVALID_PARAMETER);
    char *u;
    if (oi_w2a(lpszUrl, (size_t)-1, &u, NULL) != 0)
        return finish(ERROR_NOT_ENOUGH_MEMORY);
    DWORD err = canonicalize_common(u, lpszBuffer, lpdwBufferLength, dwFlags, 1);
    free(u);
    return finish(err);
}

/* ------------------------------------------------------------------ */
/* InternetCombineUrl                                                 */
/* ------------------------------------------------------------------ */

/* A reference with a scheme of its own stands alone, except one with the
 * base's scheme and no authority ("http:x" against an http base), read as
 * relative: the non-strict rule of RFC 3986 section 5.2.2 that browsers
 * follow.  Returns where the relative part starts, or -1 for "absolute". */
static long relative_start(const char *base, const layout *b, const char *rel, size_t rn)
{
    size_t rs = scheme_length(rel, rn);
    if (!rs)
        return 0;
    /* scheme characters compare without case when 0x20 is set in both */
    int same = rs == b->scheme && b->has_auth;
    for (size_t i = 0; same && i < rs; i++)
        same = (rel[i] | 0x20) == (base[i] | 0x20);
    if (same && !(rn - rs - 1 >= 2 && rel[rs + 1] == '/' && rel[rs + 2] == '/'))
        return (long)rs + 1;
    return -1;
}

/* Resolve rel against base (RFC 3986 section 5.2, dot segments left to
 * the canonicalization that follows). */
static DWORD combine(const char *base, const char *rel, sbuf *out)
{
    size_t bn = strlen(base), rn = strlen(rel);
    while (rn > 0 && (unsigned char)rel[0] <= 0x20)
        rel++, rn--;
    layout b;
    lay_out(base, bn, &b);
    if (!b.scheme)
        return ERROR_INTERNET_INVALID_URL;
    long start = relative_start(base, &b, rel, rn);
    if (start < 0) {
        sb_add(out, rel, rn);
        return ERROR_SUCCESS;
    }
    rel += start, rn -= (size_t)start;
    if (rn == 0) { /* the base itself, without its fragment */
        sb_add(out, base, b.frag);
    } else if (rn >= 2 && rel[0] == '/' && rel[1] == '/') {
        sb_add(out, base, b.scheme + 1);
    } else if (rel[0] == '/' || (is_web(b.id) && rel[0] == '\\')) {
        sb_add(out, base, b.path);
    } else if (rel[0] == '?') {
        sb_add(out, base, b.query);
    } else if (rel[0] == '#') {
        sb_add(out, base, b.frag);
    } else {
        /* merge: the base's path up to its last '/' */
        if (!b.has_auth && (b.path_len == 0 || base[b.path] != '/'))
            return ERROR_INTERNET_INVALID_URL; /* an opaque base: "about:blank" */
        size_t dir = b.path_len;
        while (dir > 0 && base[b.path + dir - 1] != '/' &&
               !(is_web(b.id) && base[b.path + dir - 1] == '\\'))
            dir--;
        sb_add(out, base, b.path + dir);
        if (dir == 0)
            sb_addc(out, '/');
    }
    sb_add(out, rel, rn);
    return ERROR_SUCCESS;
}

static DWORD combine_common(const char *base, const char *rel, void *buf, DWORD *len, DWORD flags,
                            int wide)
{
    sbuf joined = {0}, b = {0};
    DWORD err = combine(base, rel, &joined);
    if (!err && joined.failed)
        err = ERROR_NOT_ENOUGH_MEMORY;
    if (!err) {
        canonicalize(joined.p ? joined.p : "", joined.n, flags, &b);
        err = give_result(&b, buf, len, wide);
    }
    free(joined.p);
    free(b.p);
    return err;
}

OI_API BOOL WINAPI InternetCombineUrlA(LPCSTR lpszBaseUrl, LPCSTR lpszRelativeUrl, LPSTR lpszBuffer,
                                       LPDWORD lpdwBufferLength, DWORD dwFlags)
{
    if (!lpszBaseUrl || !lpszRelativeUrl || !lpszBuffer || !lpdwBufferLength)
        return finish(ERROR_INVALID_PARAMETER);
    return finish(
        combine_common(lpszBaseUrl, lpszRelativeUrl, lpszBuffer, lpdwBufferLength, dwFlags, 0));
}

OI_API BOOL WINAPI InternetCombineUrlW(LPCWSTR lpszBaseUrl, LPCWSTR lpszRelativeUrl,
                                       LPWSTR lpszBuffer, LPDWORD lpdwBufferLength, DWORD dwFlags)
{
    if (!lpszBaseUrl || !lpszRelativeUrl || !lpszBuffer || !lpdwBufferLength)
        return finish(ERROR_INVALID_PARAMETER);
    char *base, *rel;
    if (oi_w2a(lpszBaseUrl, (size_t)-1, &base, NULL) != 0)
        return finish(ERROR_NOT_ENOUGH_MEMORY);
    if (oi_w2a(lpszRelativeUrl, (size_t)-1, &rel, NULL) != 0) {
        free(base);
        return finish(ERROR_NOT_ENOUGH_MEMORY);
    }
    DWORD err = combine_common(base, rel, lpszBuffer, lpdwBufferLength, dwFlags, 1);
    free(base);
    free(rel);
    return finish(err);
}
