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
#include "wininet_internal.h"

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
    if (err == ERROR_SUCCESS)
        return TRUE;
    SetLastError(err);
    return FALSE;
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
static const char *const scheme_names[] = {
    NULL, "ftp", "gopher", "http", "https", "file", "news", "mailto", "socks", "javascript",
    "vbscript", "res"};
#define SCHEME_COUNT (sizeof scheme_names / sizeof scheme_names[0])

static INTERNET_SCHEME scheme_id(const char *s, size_t n)
{
    for (size_t i = INTERNET_SCHEME_FIRST; i < SCHEME_COUNT; i++)
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

/* Where the caller wants one component: its pointer and length fields. */
typedef struct slot {
    void *ptr; /* char ** or WCHAR ** */
    DWORD *len;
} slot;

/* Which side of the API: the A form, or the W form with its input. */
typedef struct side {
    int wide;
    const WCHAR *wurl;
} side;

/* Pointer-into-the-input mode: no copy, lengths in the caller's units. */
static void point_into(const cracked *c, const side *sd, piece p, size_t len, slot s)
{
    if (!p.present) {
        *(void **)s.ptr = NULL;
        *s.len = 0;
    } else if (sd->wide) {
        size_t at = oi_utf8_to_utf16(c->url, p.off, NULL);
        *(const WCHAR **)s.ptr = sd->wurl + at;
        *s.len = (DWORD)oi_utf8_to_utf16(c->url + p.off, len, NULL);
    } else {
        *(const char **)s.ptr = c->url + p.off;
        *s.len = (DWORD)len;
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
    if (!*(void **)s.ptr) {
        point_into(c, sd, p, len, s);
        return ERROR_SUCCESS;
    }
    sbuf b = {0};
    if (p.present)
        component_value(c, which, len, flags, &b);
    if (b.failed)
        return ERROR_NOT_ENOUGH_MEMORY;
    size_t need = put_string(b.p ? b.p : "", b.n, *(void **)s.ptr, *s.len, sd->wide);
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

#define SLOTS(uc)                                                                                  \
    {                                                                                              \
        {&(uc)->lpszScheme, &(uc)->dwSchemeLength}, {&(uc)->lpszHostName, &(uc)->dwHostNameLength}, \
            {&(uc)->lpszUserName, &(uc)->dwUserNameLength},                                        \
            {&(uc)->lpszPassword, &(uc)->dwPasswordLength},                                        \
            {&(uc)->lpszUrlPath, &(uc)->dwUrlPathLength},                                          \
            {&(uc)->lpszExtraInfo, &(uc)->dwExtraInfoLength},                                      \
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
    slot s[C_COUNT] = SLOTS(lpUrlComponents);
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
    slot s[C_COUNT] = SLOTS(lpUrlComponents);
    DWORD err = crack_into(u, un, dwFlags, &sd, s, &lpUrlComponents->nScheme,
                           &lpUrlComponents->nPort);
    free(u);
    return finish(err);
}
