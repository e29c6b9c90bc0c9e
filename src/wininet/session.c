/* InternetOpen, InternetConnect, InternetOpenUrl and the connectivity
 * probes, on the engine's sessions and connections. */
#include "compat.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>

/* ---- InternetOpen ---- */

/* WinInet's proxy list ("host:port", "http=host:port https=...",
 * separated by spaces or ';') as the engine's proxy URL: the "http=" entry
 * (WinInet uses it for https too), else the first one without a scheme,
 * else a "socks=" one.  NULL if none fits or out of memory. */
static char *oi_wininet_proxy_url(const char *list)
{
    const char *best = NULL, *prefix = "http://";
    size_t best_len = 0;
    int best_rank = 0; /* 3 http=, 2 plain, 1 socks= */
    for (const char *p = list; *p;) {
        p += strspn(p, " ;");
        size_t n = strcspn(p, " ;");
        const char *eq = memchr(p, '=', n);
        int rank = !eq                                            ? 2
                   : (eq - p == 4 && strncmp(p, "http", 4) == 0)  ? 3
                   : (eq - p == 5 && strncmp(p, "socks", 5) == 0) ? 1
                                                                  : 0;
        const char *v = eq ? eq + 1 : p;
        size_t vn = n - (size_t)(v - p);
        if (vn > 0 && rank > best_rank) {
            best = v, best_len = vn, best_rank = rank;
            prefix = rank == 1 ? "socks5h://" : "http://";
        }
        p += n;
    }
    if (!best)
        return NULL;
    int has_scheme = 0;
    for (size_t i = 0; i + 3 <= best_len && !has_scheme; i++)
        has_scheme = memcmp(best + i, "://", 3) == 0;
    size_t plen = has_scheme ? 0 : strlen(prefix);
    char *url = oi_malloc(plen + best_len + 1);
    if (url) {
        memcpy(url, prefix, plen);
        memcpy(url + plen, best, best_len);
        url[plen + best_len] = '\0';
    }
    return url;
}

/* WinInet separates bypass entries with ';' or spaces, the engine with
 * commas; "<local>" and "*.domain" mean the same to both. */
static char *oi_wininet_bypass_list(const char *list)
{
    char *s = oi_strdup(list);
    for (char *p = s; p && *p; p++)
        if (*p == ';')
            *p = ',';
    return s;
}

static oi_status oi_wininet_make_session(oi_wininet_handle *parent, void *p, oi_handle **out)
{
    (void)parent;
    const char *const *agent = p;
    /* The access type is set with the proxy, once the session exists. */
    oi_status st = oi_session_open(*agent, OI_ACCESS_DIRECT, out);
    /* One cookie store for the process, as WinInet has (cookie.c); the
     * session lets go of it before the engine frees it (handle.c). */
    if (st == OI_OK)
        ((oi_session *)*out)->jar = oi_wininet_cookie_jar();
    return st;
}

static int oi_wininet_access(DWORD type, oi_access *out)
{
    switch (type) {
    case INTERNET_OPEN_TYPE_PRECONFIG:
    case INTERNET_OPEN_TYPE_PRECONFIG_WITH_NO_AUTOPROXY:
        *out = OI_ACCESS_PRECONFIG;
        return 1;
    case INTERNET_OPEN_TYPE_DIRECT:
        *out = OI_ACCESS_DIRECT;
        return 1;
    case INTERNET_OPEN_TYPE_PROXY:
        *out = OI_ACCESS_PROXY;
        return 1;
    default:
        return 0;
    }
}

DWORD oi_wininet_set_proxy(oi_wininet_handle *s, DWORD access_type, const char *proxy,
                           const char *bypass)
{
    oi_access access;
    if (!oi_wininet_access(access_type, &access))
        return ERROR_INVALID_PARAMETER;
    int use_proxy = access == OI_ACCESS_PROXY;
    if (use_proxy && (!proxy || !*proxy))
        return ERROR_INVALID_PARAMETER;
    char *url = use_proxy ? oi_wininet_proxy_url(proxy) : NULL;
    char *list = use_proxy && bypass ? oi_wininet_bypass_list(bypass) : NULL;
    char *proxy_copy = use_proxy ? oi_strdup(proxy) : NULL;
    char *bypass_copy = use_proxy ? oi_strdup(bypass) : NULL;
    DWORD err = ERROR_SUCCESS;
    if (use_proxy && !url)
        err = ERROR_INVALID_PARAMETER; /* no entry WinInet would use for http */
    else if (use_proxy && (!proxy_copy || (bypass && (!list || !bypass_copy))))
        err = ERROR_NOT_ENOUGH_MEMORY;
    else if (oi_handle_set_str(s->h, OI_OPT_PROXY, url) != OI_OK ||
             oi_handle_set_str(s->h, OI_OPT_PROXY_BYPASS, list) != OI_OK)
        err = ERROR_NOT_ENOUGH_MEMORY;
    if (err == ERROR_SUCCESS) {
        ((oi_session *)s->h)->access = access;
        s->access = access_type;
        free(s->proxy);
        free(s->proxy_bypass);
        s->proxy = proxy_copy; /* as given, for INTERNET_OPTION_PROXY */
        s->proxy_bypass = bypass_copy;
    } else {
        free(proxy_copy);
        free(bypass_copy);
    }
    free(url);
    free(list);
    return err;
}

OI_API HINTERNET WINAPI InternetOpenA(LPCSTR agent, DWORD access_type, LPCSTR proxy,
                                      LPCSTR proxy_bypass, DWORD flags)
{
    oi_access access;
    if (!oi_wininet_access(access_type, &access))
        return oi_wininet_fail_handle(ERROR_INVALID_PARAMETER);
    oi_wininet_handle *e = oi_wininet_new(NULL, INTERNET_HANDLE_TYPE_INTERNET, flags, 0);
    if (!e)
        return NULL;
    e->async = (flags & INTERNET_FLAG_ASYNC) != 0;
    HINTERNET h = oi_wininet_create(e, oi_wininet_make_session, &agent);
    DWORD err = h ? oi_wininet_set_proxy(e, access_type, proxy, proxy_bypass) : ERROR_SUCCESS;
    if (err != ERROR_SUCCESS) {
        InternetCloseHandle(h);
        return oi_wininet_fail_handle(err);
    }
    return h;
}

/* ---- InternetConnect ---- */

typedef struct oi_connect_args {
    const char *server, *user, *password;
    INTERNET_PORT port;
    DWORD flags;
} oi_connect_args;

static oi_status oi_wininet_make_connection(oi_wininet_handle *parent, void *p, oi_handle **out)
{
    const oi_connect_args *a = p;
    return oi_session_connect(parent->h, a->server, a->port, a->user, a->password,
                              a->flags & OI_WININET_ENGINE_FLAGS, out);
}

OI_API HINTERNET WINAPI InternetConnectA(HINTERNET session, LPCSTR server, INTERNET_PORT port,
                                         LPCSTR user, LPCSTR password, DWORD service, DWORD flags,
                                         DWORD_PTR context)
{
    oi_wininet_handle *s = oi_wininet_acquire(session, OI_WININET_SESSION);
    if (!s)
        return NULL;
    HINTERNET h = NULL;
    if (service == INTERNET_SERVICE_FTP || service == INTERNET_SERVICE_GOPHER)
        oi_wininet_fail(ERROR_NOT_SUPPORTED); /* HTTP only, for now */
    else if (service != INTERNET_SERVICE_HTTP || !server || !*server)
        oi_wininet_fail(ERROR_INVALID_PARAMETER);
    else {
        oi_connect_args a = {server, user, password, port, flags};
        oi_wininet_handle *e = oi_wininet_new(s, INTERNET_HANDLE_TYPE_CONNECT_HTTP, flags, context);
        if (e)
            e->port = port;
        h = e ? oi_wininet_create(e, oi_wininet_make_connection, &a) : NULL;
    }
    oi_wininet_release(s);
    return h;
}

/* ---- flags that are options on the engine's side ---- */

oi_status oi_wininet_apply_flags(oi_handle *h, DWORD flags)
{
    long long security = 0;
    if (flags & INTERNET_FLAG_IGNORE_CERT_CN_INVALID)
        security |= OI_SECURITY_IGNORE_CERT_CN_INVALID;
    if (flags & INTERNET_FLAG_IGNORE_CERT_DATE_INVALID)
        security |= OI_SECURITY_IGNORE_CERT_DATE_INVALID;
    oi_status st = OI_OK;
    if (security)
        st = oi_handle_set_int(h, OI_OPT_SECURITY_FLAGS, security);
    if (st == OI_OK && (flags & INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP))
        st = oi_handle_set_int(h, OI_OPT_ALLOW_HTTPS_TO_HTTP, 1);
    return st;
}

/* ---- InternetOpenUrl ---- */

typedef struct oi_open_url_args {
    char *url, *headers; /* owned: an async open outlives the caller's strings */
    size_t headers_len;
    DWORD flags;
    DWORD_PTR context;
} oi_open_url_args;

static oi_status oi_wininet_make_url(oi_wininet_handle *parent, void *p, oi_handle **out)
{
    const oi_open_url_args *a = p;
    return oi_session_open_url(parent->h, a->url, a->headers, a->headers_len,
                               a->flags & OI_WININET_ENGINE_FLAGS, out);
}

static void oi_wininet_open_url_run(oi_wininet_handle *s, void *p, INTERNET_ASYNC_RESULT *out)
{
    oi_open_url_args *a = p;
    oi_wininet_handle *e =
        oi_wininet_new(s, INTERNET_HANDLE_TYPE_HTTP_REQUEST, a->flags, a->context);
    HINTERNET h = e ? oi_wininet_create(e, oi_wininet_make_url, a) : NULL;
    out->dwResult = (DWORD_PTR)h;
    out->dwError = h ? ERROR_SUCCESS : GetLastError();
    /* WinInet reports the completion with InternetOpenUrl's context, not
     * the session's (often 0, which would silence it). */
    if (s->async)
        oi_wininet_async_report_context(a->context);
}

static void oi_wininet_open_url_cleanup(void *p)
{
    oi_open_url_args *a = p;
    free(a->url);
    free(a->headers);
}

static const oi_wininet_job oi_wininet_open_url_job = {oi_wininet_open_url_run,
                                                       oi_wininet_open_url_cleanup};

OI_API HINTERNET WINAPI InternetOpenUrlA(HINTERNET session, LPCSTR url, LPCSTR headers,
                                         DWORD headers_len, DWORD flags, DWORD_PTR context)
{
    oi_wininet_handle *s = oi_wininet_acquire(session, OI_WININET_SESSION);
    if (!s)
        return NULL;
    if (!url || !*url) {
        oi_wininet_release(s);
        return oi_wininet_fail_handle(ERROR_INVALID_PARAMETER);
    }
    /* Length -1: NUL-terminated; 0: no headers (as documented). */
    size_t n = !headers ? 0 : headers_len == (DWORD)-1 ? strlen(headers) : headers_len;
    oi_open_url_args a = {oi_strdup(url), n ? oi_malloc(n + 1) : NULL, n, flags, context};
    HINTERNET h = NULL;
    if (!a.url || (n && !a.headers)) {
        oi_wininet_open_url_cleanup(&a);
        oi_wininet_fail(ERROR_NOT_ENOUGH_MEMORY);
    } else {
        if (n) {
            memcpy(a.headers, headers, n);
            a.headers[n] = '\0';
        }
        h = (HINTERNET)oi_wininet_run(s, &oi_wininet_open_url_job, &a, sizeof a);
    }
    oi_wininet_release(s);
    return h;
}

/* ---- connectivity ---- */

OI_API DWORD WINAPI InternetAttemptConnect(DWORD reserved)
{
    (void)reserved;
    return ERROR_SUCCESS; /* no dial-up to start: the network is there or not */
}

/* Can a TCP connection to the URL's server be made now? */
static int oi_wininet_reachable(const char *url)
{
    oi_url u;
    oi_handle *session = NULL;
    oi_conn *conn = NULL;
    int ok = oi_url_parse(&u, url, (size_t)-1) == 0 && u.host && *u.host && u.port &&
             oi_session_open(NULL, OI_ACCESS_DIRECT, &session) == OI_OK &&
             oi_conn_open(session, u.host, u.port, 0, &conn) == OI_OK;
    oi_conn_close(conn);
    oi_handle_close(session);
    oi_url_free(&u);
    return ok;
}

OI_API BOOL WINAPI InternetCheckConnectionA(LPCSTR url, DWORD flags, DWORD reserved)
{
    (void)flags; /* with or without FLAG_ICC_FORCE_CONNECTION: a TCP connect */
    (void)reserved;
    /* No URL asks about a server database WinInet keeps; like Wine, say yes. */
    if (!url)
        return TRUE;
    return oi_wininet_reachable(url) ? TRUE : oi_wininet_fail(ERROR_NOT_CONNECTED);
}
