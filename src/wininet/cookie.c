/* InternetSetCookie and InternetGetCookie over the engine's cookie jar.
 *
 * WinInet keeps one cookie store for the whole process: a cookie that a
 * program sets is sent by every session's requests, and one that a server
 * sets is seen by InternetGetCookie.  The engine gives each session a jar of
 * its own, so the WinInet layer keeps one hidden engine session whose jar
 * is the process's store (made on first use, under pthread_once, and kept
 * for the life of the process); its sessions use that jar
 * (oi_wininet_cookie_jar()).
 *
 * Differences from Windows (docs/porting.md): the store lives in memory
 * only, so cookies with an expiry date do not outlive the process; the
 * engine's RFC 6265bis rules apply, so a Secure cookie needs an https URL;
 * the name argument of InternetGetCookie is ignored, as Windows documents. */
#include "compat.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cookie.h"

static pthread_once_t store_once = PTHREAD_ONCE_INIT;
static oi_handle *store; /* the hidden session; NULL if it could not be made */

static void make_store(void)
{
    if (oi_session_open("openinet-wininet", OI_ACCESS_DIRECT, &store) != OI_OK)
        store = NULL;
}

static oi_handle *cookie_store(void)
{
    pthread_once(&store_once, make_store);
    return store;
}

oi_cookie_jar *oi_wininet_cookie_jar(void)
{
    oi_handle *s = cookie_store();
    return s ? oi_session_jar(s) : NULL;
}

/* The WinInet number of an engine failure of the cookie calls: a URL they
 * cannot use and a cookie the jar refuses are both invalid parameters, as
 * Windows reports them. */
static DWORD cookie_error(oi_status st)
{
    switch (st) {
    case OI_OK:
        return ERROR_SUCCESS;
    case OI_E_HEADER_NOT_FOUND:
        return ERROR_NO_MORE_ITEMS;
    case OI_E_OUT_OF_MEMORY:
        return ERROR_NOT_ENOUGH_MEMORY;
    default:
        return ERROR_INVALID_PARAMETER;
    }
}

/* s[0..8) is "httponly" in any case (by hand: case rules of the locale
 * must not apply to protocol words). */
static int is_httponly(const char *s)
{
    static const char word[] = "httponly";
    for (size_t i = 0; i < 8; i++)
        if ((s[i] | 0x20) != word[i])
            return 0;
    return 1;
}

/* Does a Set-Cookie value carry the HttpOnly attribute?  InternetSetCookie
 * refuses those (InternetSetCookieEx with INTERNET_COOKIE_HTTPONLY is for
 * them). */
static int has_httponly(const char *cookie)
{
    const char *p = strchr(cookie, ';');
    while (p) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strcspn(p, "=;");
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == 8 && is_httponly(p))
            return 1;
        p = strchr(p, ';');
    }
    return 0;
}

/* Set the cookie "name=data" (or `data` alone when name is NULL) for url. */
static DWORD set_cookie(const char *url, const char *name, const char *data)
{
    if (!url || !data)
        return ERROR_INVALID_PARAMETER;
    oi_handle *s = cookie_store();
    if (!s)
        return ERROR_NOT_ENOUGH_MEMORY;
    char *joined = NULL;
    if (name) {
        size_t nn = strlen(name), dn = strlen(data);
        joined = oi_malloc(nn + dn + 2);
        if (!joined)
            return ERROR_NOT_ENOUGH_MEMORY;
        memcpy(joined, name, nn);
        joined[nn] = '=';
        memcpy(joined + nn + 1, data, dn + 1);
    }
    const char *cookie = joined ? joined : data;
    DWORD err = has_httponly(cookie) ? ERROR_INVALID_OPERATION
                                     : cookie_error(oi_session_set_cookie(s, url, cookie));
    free(joined);
    return err;
}

/* The Cookie header for url into a new string (*out NULL when none). */
static DWORD get_cookies(const char *url, char **out)
{
    *out = NULL;
    oi_handle *s = cookie_store();
    if (!s)
        return ERROR_NOT_ENOUGH_MEMORY;
    size_t cap = 256;
    for (;;) {
        char *buf = oi_malloc(cap);
        if (!buf)
            return ERROR_NOT_ENOUGH_MEMORY;
        size_t len = cap;
        oi_status st = oi_session_get_cookies(s, url, buf, &len);
        if (st == OI_OK) {
            *out = buf;
            return ERROR_SUCCESS;
        }
        free(buf);
        /* too small: len says what is needed; another thread may add a
         * cookie before the next try, hence the loop */
        if (st != OI_E_INVALID_PARAMETER || len <= cap)
            return cookie_error(st);
        cap = len;
    }
}

/* InternetGetCookie's size protocol, which counts the NUL on success too:
 * the A form in bytes; the W form in characters, except that probing
 * (no buffer) and "too small" answer in bytes (Windows does so). */
static DWORD give_cookies(const char *header, void *buf, DWORD *len, int wide)
{
    size_t n = strlen(header);
    size_t units = wide ? oi_utf8_to_utf16(header, n, NULL) : n;
    size_t bytes = (units + 1) * (wide ? sizeof(WCHAR) : 1);
    if (!buf) {
        *len = (DWORD)bytes;
        return ERROR_SUCCESS;
    }
    if (*len < units + 1) {
        *len = (DWORD)bytes;
        return ERROR_INSUFFICIENT_BUFFER;
    }
    if (wide) {
        oi_utf8_to_utf16(header, n, buf);
        ((WCHAR *)buf)[units] = 0;
    } else {
        memcpy(buf, header, n + 1);
    }
    *len = (DWORD)(units + 1);
    return ERROR_SUCCESS;
}

static DWORD get_cookie(const char *url, void *buf, DWORD *len, int wide)
{
    if (!url || !len)
        return ERROR_INVALID_PARAMETER;
    char *header;
    DWORD err = get_cookies(url, &header);
    if (err == ERROR_NO_MORE_ITEMS)
        *len = 0;
    if (err)
        return err;
    err = give_cookies(header, buf, len, wide);
    free(header);
    return err;
}

static BOOL finish(DWORD err)
{
    return err == ERROR_SUCCESS ? TRUE : oi_wininet_fail(err);
}

OI_API BOOL WINAPI InternetSetCookieA(LPCSTR lpszUrl, LPCSTR lpszCookieName, LPCSTR lpszCookieData)
{
    return finish(set_cookie(lpszUrl, lpszCookieName, lpszCookieData));
}

OI_API BOOL WINAPI InternetGetCookieA(LPCSTR lpszUrl, LPCSTR lpszCookieName, LPSTR lpszCookieData,
                                      LPDWORD lpdwSize)
{
    (void)lpszCookieName; /* "not implemented", says Windows' documentation */
    return finish(get_cookie(lpszUrl, lpszCookieData, lpdwSize, 0));
}

OI_API BOOL WINAPI InternetSetCookieW(LPCWSTR lpszUrl, LPCWSTR lpszCookieName,
                                      LPCWSTR lpszCookieData)
{
    char *url, *name = NULL, *data = NULL;
    DWORD err = ERROR_NOT_ENOUGH_MEMORY;
    if (oi_w2a(lpszUrl, (size_t)-1, &url, NULL) == 0 &&
        oi_w2a(lpszCookieName, (size_t)-1, &name, NULL) == 0 &&
        oi_w2a(lpszCookieData, (size_t)-1, &data, NULL) == 0)
        err = set_cookie(url, name, data);
    free(url);
    free(name);
    free(data);
    return finish(err);
}

OI_API BOOL WINAPI InternetGetCookieW(LPCWSTR lpszUrl, LPCWSTR lpszCookieName,
                                      LPWSTR lpszCookieData, LPDWORD lpdwSize)
{
    (void)lpszCookieName;
    char *url;
    if (oi_w2a(lpszUrl, (size_t)-1, &url, NULL) != 0)
        return finish(ERROR_NOT_ENOUGH_MEMORY);
    DWORD err = get_cookie(url, lpszCookieData, lpdwSize, 1);
    free(url);
    return finish(err);
}
