/* The cookie calls of the public API (WinInet's InternetSetCookie and
 * InternetGetCookie, curl's -b and -c files) over the session's jar. */
#include "cookie.h"
#include "internal.h"
#include "url.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Any handle of the session will do, so that the engine can pass a
 * request.  The jar is created under the tree lock so that two threads
 * making the first cookie call at once share one jar. */
oi_cookie_jar *oi_session_jar(oi_handle *session)
{
    oi_session *s = session->session;
    oi_cookie_jar *made = s->jar; /* an atomic read: no lock once it exists */
    if (made)
        return made;
    pthread_mutex_lock(&s->tree_lock);
    if (!s->jar)
        s->jar = oi_jar_new();
    oi_cookie_jar *jar = s->jar;
    pthread_mutex_unlock(&s->tree_lock);
    return jar;
}

static int64_t wall_clock(void)
{
    return (int64_t)time(NULL);
}

/* Check the handle and the arguments common to every cookie call. */
static oi_status cookie_call(oi_handle *session, const char *what, const void *arg,
                             const char *arg_name)
{
    oi_status st = oi_check_kind(session, OI_HANDLE_SESSION);
    if (st == OI_OK && !arg)
        st = oi_fail(session, OI_E_INVALID_PARAMETER, "%s: no %s", what, arg_name);
    return st;
}

/* Cookies belong to HTTP (RFC 6265), so only http and https URLs have
 * them; another scheme is OI_E_INVALID_URL, the code the header gives for
 * a URL these calls cannot use. */
static oi_status cookie_url(oi_handle *session, const char *what, const char *url, oi_url *u)
{
    int rc = oi_url_parse(u, url, (size_t)-1);
    if (rc == -2)
        return oi_fail(session, OI_E_OUT_OF_MEMORY, "%s: out of memory", what);
    if (rc != 0)
        return oi_fail(session, OI_E_INVALID_URL, "%s: malformed URL \"%.100s\"", what, url);
    if (u->scheme != OI_SCHEME_HTTP && u->scheme != OI_SCHEME_HTTPS)
        return oi_fail(session, OI_E_INVALID_URL,
                       "%s: cookies need an http or https URL, not %s:", what, u->scheme_name);
    return OI_OK;
}

static oi_status set_for_url(oi_handle *session, const oi_url *u, const char *cookie)
{
    oi_cookie_jar *jar = oi_session_jar(session);
    const char *why = NULL;
    int rc = jar ? oi_jar_store_why(jar, u->host, u->path, u->scheme == OI_SCHEME_HTTPS, 0, cookie,
                                    strlen(cookie), wall_clock(), &why)
                 : -2;
    if (rc == -2)
        return oi_fail(session, OI_E_OUT_OF_MEMORY, "set cookie: out of memory");
    if (rc != 0)
        return oi_fail(session, OI_E_COOKIE_DECLINED, "cookie for %s declined: %s", u->host, why);
    return OI_OK;
}

OI_API oi_status oi_session_set_cookie(oi_handle *session, const char *url, const char *cookie)
{
    oi_status st = cookie_call(session, "set cookie", url, "URL");
    if (st == OI_OK && !cookie)
        st = oi_fail(session, OI_E_INVALID_PARAMETER, "set cookie: no cookie");
    if (st != OI_OK)
        return st;
    oi_url u;
    st = cookie_url(session, "set cookie", url, &u);
    if (st == OI_OK)
        st = set_for_url(session, &u, cookie);
    oi_url_free(&u);
    return st;
}

/* Copy the header into buf[0..*len) with the size protocol of the header:
 * too small (or no buffer) says how much is needed, NUL included. */
static oi_status copy_out(oi_handle *session, const char *header, char *buf, size_t *len)
{
    size_t n = strlen(header);
    if (!buf || *len <= n) {
        size_t had = buf ? *len : 0;
        *len = n + 1;
        return oi_fail(session, OI_E_INVALID_PARAMETER,
                       "get cookies: the buffer holds %zu bytes, %zu are needed", had, n + 1);
    }
    memcpy(buf, header, n + 1);
    *len = n;
    return OI_OK;
}

static oi_status get_for_url(oi_handle *session, const oi_url *u, const char *url, char *buf,
                             size_t *len)
{
    oi_cookie_jar *jar = oi_session_jar(session);
    int failed = !jar;
    char *header = jar ? oi_jar_header(jar, u->host, u->path, u->scheme == OI_SCHEME_HTTPS,
                                       wall_clock(), &failed)
                       : NULL;
    if (failed)
        return oi_fail(session, OI_E_OUT_OF_MEMORY, "get cookies: out of memory");
    if (!header)
        return oi_fail(session, OI_E_HEADER_NOT_FOUND, "no cookie for %.200s", url);
    oi_status st = copy_out(session, header, buf, len);
    free(header);
    return st;
}

OI_API oi_status oi_session_get_cookies(oi_handle *session, const char *url, char *buf, size_t *len)
{
    oi_status st = cookie_call(session, "get cookies", url, "URL");
    if (st == OI_OK && !len)
        st = oi_fail(session, OI_E_INVALID_PARAMETER, "get cookies: no length");
    if (st != OI_OK)
        return st;
    oi_url u;
    st = cookie_url(session, "get cookies", url, &u);
    if (st == OI_OK)
        st = get_for_url(session, &u, url, buf, len);
    oi_url_free(&u);
    return st;
}

OI_API oi_status oi_session_load_cookies(oi_handle *session, const char *path)
{
    oi_status st = cookie_call(session, "load cookies", path, "file name");
    if (st != OI_OK)
        return st;
    oi_cookie_jar *jar = oi_session_jar(session);
    int rc = jar ? oi_jar_load(jar, path, wall_clock()) : -2;
    if (rc == -2)
        return oi_fail(session, OI_E_OUT_OF_MEMORY, "load cookies from %s: out of memory", path);
    return rc ? oi_fail_errno(session, "load cookies from", path, errno) : OI_OK;
}

OI_API oi_status oi_session_save_cookies(oi_handle *session, const char *path)
{
    oi_status st = cookie_call(session, "save cookies", path, "file name");
    if (st != OI_OK)
        return st;
    oi_cookie_jar *jar = oi_session_jar(session);
    if (!jar)
        return oi_fail(session, OI_E_OUT_OF_MEMORY, "save cookies to %s: out of memory", path);
    return oi_jar_save(jar, path, wall_clock())
               ? oi_fail_errno(session, "save cookies to", path, errno)
               : OI_OK;
}
