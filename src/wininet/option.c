/* InternetQueryOption and InternetSetOption: the options openinet has,
 * with WinInet's scopes, sizes and errors; ERROR_INTERNET_INVALID_OPTION
 * for the others.  The NULL handle holds global values that new sessions
 * take, and children copy their parent's timeouts when they are made. */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- scopes ---- */

#define OI_SCOPE_GLOBAL 1u /* the NULL handle (no handle type is 0) */
#define OI_SCOPE_ALL    (OI_WININET_SESSION | OI_WININET_CONNECT | OI_WININET_REQUEST)

/* Options that are engine options. */
typedef struct oi_option_map {
    DWORD id;
    oi_option engine;
    unsigned scope;
    int is_string;
} oi_option_map;

static const oi_option_map oi_option_maps[] = {
    {INTERNET_OPTION_CONNECT_TIMEOUT, OI_OPT_CONNECT_TIMEOUT, OI_SCOPE_ALL | OI_SCOPE_GLOBAL, 0},
    {INTERNET_OPTION_SEND_TIMEOUT, OI_OPT_SEND_TIMEOUT, OI_SCOPE_ALL | OI_SCOPE_GLOBAL, 0},
    {INTERNET_OPTION_RECEIVE_TIMEOUT, OI_OPT_RECEIVE_TIMEOUT, OI_SCOPE_ALL | OI_SCOPE_GLOBAL, 0},
    {INTERNET_OPTION_CONNECT_RETRIES, OI_OPT_CONNECT_RETRIES, OI_SCOPE_ALL | OI_SCOPE_GLOBAL, 0},
    {INTERNET_OPTION_MAX_CONNS_PER_SERVER, OI_OPT_MAX_CONNS_PER_SERVER, OI_SCOPE_GLOBAL, 0},
    {INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER, OI_OPT_MAX_CONNS_PER_SERVER, OI_SCOPE_GLOBAL, 0},
    {INTERNET_OPTION_HTTP_DECODING, OI_OPT_DECODING, OI_SCOPE_ALL, 0},
    {INTERNET_OPTION_USER_AGENT, OI_OPT_USER_AGENT, OI_WININET_SESSION | OI_WININET_REQUEST, 1},
    {INTERNET_OPTION_PROXY_USERNAME, OI_OPT_PROXY_USERNAME, OI_SCOPE_ALL, 1},
    {INTERNET_OPTION_PROXY_PASSWORD, OI_OPT_PROXY_PASSWORD, OI_SCOPE_ALL, 1},
};

static const oi_option_map *oi_option_find(DWORD id)
{
    for (size_t i = 0; i < sizeof oi_option_maps / sizeof oi_option_maps[0]; i++)
        if (oi_option_maps[i].id == id)
            return &oi_option_maps[i];
    return NULL;
}

/* Is the option meant for this handle (NULL: the global scope)? */
static DWORD oi_option_scope(const oi_wininet_handle *e, unsigned scope)
{
    if (!e)
        return scope & OI_SCOPE_GLOBAL ? ERROR_SUCCESS : ERROR_INTERNET_INCORRECT_HANDLE_TYPE;
    if (scope == OI_SCOPE_GLOBAL)
        return ERROR_INTERNET_INVALID_OPERATION; /* global only, as MAX_CONNS_* */
    return scope & (1u << e->type) ? ERROR_SUCCESS : ERROR_INTERNET_INCORRECT_HANDLE_TYPE;
}

/* ---- global values ---- */

static pthread_mutex_t oi_globals_lock = PTHREAD_MUTEX_INITIALIZER;
static long long oi_globals[64]; /* by engine option id */
static uint64_t oi_globals_set;
static int oi_global_minor = 1;

static long long oi_option_default(oi_option opt)
{
    switch (opt) {
#define OI_OPTION(name, id, type, default_value, doc)                                              \
    case OI_OPT_##name:                                                                            \
        return (long long)(default_value);
#include "openinet/options.def"
#undef OI_OPTION
    }
    return 0;
}

static long long oi_global_get(oi_option opt)
{
    pthread_mutex_lock(&oi_globals_lock);
    long long v = oi_globals_set >> opt & 1 ? oi_globals[opt] : oi_option_default(opt);
    pthread_mutex_unlock(&oi_globals_lock);
    return v;
}

int oi_wininet_default_minor(void)
{
    pthread_mutex_lock(&oi_globals_lock);
    int minor = oi_global_minor;
    pthread_mutex_unlock(&oi_globals_lock);
    return minor;
}

static const oi_option oi_copied_timeouts[] = {OI_OPT_CONNECT_TIMEOUT, OI_OPT_SEND_TIMEOUT,
                                               OI_OPT_RECEIVE_TIMEOUT};

void oi_wininet_inherit_options(oi_wininet_handle *e)
{
    if (!e->parent) {
        pthread_mutex_lock(&oi_globals_lock);
        for (int opt = 0; opt < 64; opt++)
            if (oi_globals_set >> opt & 1)
                oi_handle_set_int(e->h, (oi_option)opt, oi_globals[opt]);
        pthread_mutex_unlock(&oi_globals_lock);
        return;
    }
    /* WinInet copies timeouts at creation: a later change on the parent
     * leaves existing children alone. */
    for (size_t i = 0; i < sizeof oi_copied_timeouts / sizeof oi_copied_timeouts[0]; i++) {
        long long v;
        if (oi_handle_get_int(e->parent->h, oi_copied_timeouts[i], &v) == OI_OK)
            oi_handle_set_int(e->h, oi_copied_timeouts[i], v);
    }
}

/* ---- typed copies ---- */

static DWORD oi_put_fixed(const void *v, DWORD size, LPVOID buf, LPDWORD len)
{
    if (!buf || *len < size) {
        *len = size;
        return ERROR_INSUFFICIENT_BUFFER;
    }
    memcpy(buf, v, size);
    *len = size;
    return ERROR_SUCCESS;
}

static DWORD oi_put_dword(DWORD v, LPVOID buf, LPDWORD len)
{
    return oi_put_fixed(&v, sizeof v, buf, len);
}

static DWORD oi_put_string(const char *s, int wide, LPVOID buf, LPDWORD len)
{
    s = s ? s : "";
    return oi_wininet_copy_string(s, strlen(s), wide, OI_UNITS_RESULT_CHARS, buf, len)
               ? ERROR_SUCCESS
               : GetLastError();
}

static DWORD oi_get_dword(LPVOID buf, DWORD len, DWORD *v)
{
    if (!buf)
        return ERROR_INVALID_PARAMETER;
    if (len != sizeof(DWORD))
        return ERROR_INTERNET_BAD_OPTION_LENGTH;
    memcpy(v, buf, sizeof *v);
    return ERROR_SUCCESS;
}

/* A caller's string option: UTF-8 or (wide) UTF-16, len characters at
 * most (0: NUL-terminated).  *out is a new string. */
static DWORD oi_get_string(LPVOID buf, DWORD len, int wide, char **out)
{
    if (!buf)
        return ERROR_INVALID_PARAMETER;
    size_t n = wide ? (len ? oi_wstrnlen(buf, len) : oi_wstrlen(buf))
                    : (len ? strnlen(buf, len) : strlen(buf));
    if (wide)
        return oi_w2a(buf, n, out, NULL) == 0 ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    *out = oi_malloc(n + 1);
    if (!*out)
        return ERROR_NOT_ENOUGH_MEMORY;
    memcpy(*out, buf, n);
    (*out)[n] = '\0';
    return ERROR_SUCCESS;
}

/* ---- engine options ---- */

/* USERNAME and PASSWORD are the credentials of the connection, as in
 * WinInet: those InternetConnect was given, which a request's option
 * replaces for every request of its connection. */
static char **oi_credential(const oi_wininet_handle *e, DWORD id)
{
    oi_handle *h = e->type == INTERNET_HANDLE_TYPE_HTTP_REQUEST ? e->h->parent : e->h;
    if (!h || oi_handle_kind(h) != OI_HANDLE_CONNECTION)
        return NULL;
    oi_connection *c = (oi_connection *)h;
    return id == INTERNET_OPTION_USERNAME ? &c->user : &c->password;
}

static DWORD oi_set_credential(const oi_wininet_handle *e, DWORD id, int wide, LPVOID buf,
                               DWORD len)
{
    char **slot = oi_credential(e, id), *s = NULL;
    DWORD err = slot ? oi_get_string(buf, len, wide, &s) : ERROR_INTERNET_INCORRECT_HANDLE_TYPE;
    if (err == ERROR_SUCCESS) {
        free(*slot);
        *slot = s;
    }
    return err;
}

static DWORD oi_query_mapped(const oi_wininet_handle *e, const oi_option_map *m, int wide,
                             LPVOID buf, LPDWORD len)
{
    if (m->is_string) {
        const char *v = NULL;
        if (oi_handle_get_str(e->h, m->engine, &v) != OI_OK)
            return ERROR_INTERNET_INTERNAL_ERROR;
        return oi_put_string(v, wide, buf, len);
    }
    long long v = 0;
    if (!e)
        v = oi_global_get(m->engine);
    else if (oi_handle_get_int(e->h, m->engine, &v) != OI_OK)
        return ERROR_INTERNET_INTERNAL_ERROR;
    return oi_put_dword(v > 0xFFFFFFFFLL ? 0xFFFFFFFFu : (DWORD)v, buf, len);
}

/* A DWORD as the engine takes it: INFINITE timeouts are "no limit" (0). */
static DWORD oi_engine_number(const oi_option_map *m, const oi_wininet_handle *e, DWORD v,
                              long long *out)
{
    int timeout = m->engine == OI_OPT_CONNECT_TIMEOUT || m->engine == OI_OPT_SEND_TIMEOUT ||
                  m->engine == OI_OPT_RECEIVE_TIMEOUT;
    /* As WinInet: no global connect timeout of 0, no limit of 0 connections. */
    if ((!e && m->engine == OI_OPT_CONNECT_TIMEOUT && v == 0) ||
        (m->engine == OI_OPT_MAX_CONNS_PER_SERVER && v == 0))
        return ERROR_BAD_ARGUMENTS;
    *out = timeout && v == INFINITE ? 0 : m->engine == OI_OPT_DECODING ? v != 0 : (long long)v;
    return ERROR_SUCCESS;
}

static DWORD oi_set_mapped(oi_wininet_handle *e, const oi_option_map *m, int wide, LPVOID buf,
                           DWORD len)
{
    if (m->is_string) {
        char *s = NULL;
        DWORD err = oi_get_string(buf, len, wide, &s);
        if (err == ERROR_SUCCESS && oi_handle_set_str(e->h, m->engine, s) != OI_OK)
            err = ERROR_NOT_ENOUGH_MEMORY;
        free(s);
        return err;
    }
    DWORD v;
    long long n;
    DWORD err = oi_get_dword(buf, len, &v);
    if (err == ERROR_SUCCESS)
        err = oi_engine_number(m, e, v, &n);
    if (err != ERROR_SUCCESS)
        return err;
    if (e)
        return oi_handle_set_int(e->h, m->engine, n) == OI_OK ? ERROR_SUCCESS
                                                              : ERROR_INVALID_PARAMETER;
    pthread_mutex_lock(&oi_globals_lock);
    oi_globals[m->engine] = n;
    oi_globals_set |= 1ull << m->engine;
    pthread_mutex_unlock(&oi_globals_lock);
    return ERROR_SUCCESS;
}

/* ---- the others, one by one ---- */

/* Seconds since 1970 of "YYYY-MM-DD HH:MM:SS GMT" as a FILETIME (100 ns
 * units since 1601). */
static FILETIME oi_filetime(const char *s)
{
    int y = 1970, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
    FILETIME ft = {0, 0};
    if (!s || sscanf(s, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec) != 6)
        return ft;
    /* Days from civil (proleptic Gregorian), without timegm(). */
    int a = mo <= 2, yy = y - a, era = (yy >= 0 ? yy : yy - 399) / 400;
    int yoe = yy - era * 400, doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long days = (long long)era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    long long t = ((days * 24 + h) * 60 + mi) * 60 + sec;
    unsigned long long v = (unsigned long long)(t + 11644473600LL) * 10000000ULL;
    ft.dwLowDateTime = (DWORD)v;
    ft.dwHighDateTime = (DWORD)(v >> 32);
    return ft;
}

/* A string for the caller to LocalFree: UTF-8, or UTF-16 for the W form. */
static LPSTR oi_local_string(const char *s, int wide)
{
    if (!s)
        return NULL;
    if (wide) {
        WCHAR *w = NULL;
        return oi_a2w(s, (size_t)-1, &w, NULL) == 0 ? (LPSTR)w : NULL;
    }
    return oi_strdup(s);
}

static DWORD oi_query_certificate(const oi_wininet_handle *e, int wide, LPVOID buf, LPDWORD len)
{
    oi_certificate_info c;
    if (oi_request_certificate(e->h, &c) != OI_OK)
        return ERROR_INTERNET_INVALID_OPERATION; /* no TLS connection (yet) */
    if (!buf || *len < sizeof(INTERNET_CERTIFICATE_INFOA)) {
        *len = sizeof(INTERNET_CERTIFICATE_INFOA);
        return ERROR_INSUFFICIENT_BUFFER;
    }
    /* A and W differ only in the type of the string pointers. */
    INTERNET_CERTIFICATE_INFOA info = {
        oi_filetime(c.not_after),          oi_filetime(c.not_before),
        oi_local_string(c.subject, wide),  oi_local_string(c.issuer, wide),
        oi_local_string(c.protocol, wide), NULL,
        oi_local_string(c.cipher, wide),   (DWORD)c.key_bits,
    };
    memcpy(buf, &info, sizeof info);
    *len = sizeof info;
    return ERROR_SUCCESS;
}

static DWORD oi_query_security_flags(const oi_wininet_handle *e, LPVOID buf, LPDWORD len)
{
    long long set = 0;
    oi_handle_get_int(e->h, OI_OPT_SECURITY_FLAGS, &set);
    DWORD flags = (DWORD)set & SECURITY_SET_MASK;
    oi_certificate_info c;
    if (((const oi_request *)e->h)->secure)
        flags |= SECURITY_FLAG_SECURE;
    if (oi_request_certificate(e->h, &c) == OI_OK)
        flags |= c.key_bits >= 128  ? SECURITY_FLAG_STRENGTH_STRONG
                 : c.key_bits >= 56 ? SECURITY_FLAG_STRENGTH_MEDIUM
                                    : SECURITY_FLAG_STRENGTH_WEAK;
    return oi_put_dword(flags, buf, len);
}

static DWORD oi_set_security_flags(oi_wininet_handle *e, LPVOID buf, DWORD len)
{
    DWORD v;
    DWORD err = oi_get_dword(buf, len, &v);
    long long set = 0;
    if (err != ERROR_SUCCESS)
        return err;
    /* Only the IGNORE_* bits can be set; they add to those set already. */
    oi_handle_get_int(e->h, OI_OPT_SECURITY_FLAGS, &set);
    set |= v & SECURITY_SET_MASK;
    return oi_handle_set_int(e->h, OI_OPT_SECURITY_FLAGS, set) == OI_OK ? ERROR_SUCCESS
                                                                        : ERROR_INVALID_PARAMETER;
}

static DWORD oi_query_request_flags(const oi_wininet_handle *e, LPVOID buf, LPDWORD len)
{
    const oi_request *r = (const oi_request *)e->h;
    DWORD flags = 0;
    if (oi_request_status(e->h) == 0)
        flags |= INTERNET_REQFLAG_NO_HEADERS;
    if (r->proxy)
        flags |= INTERNET_REQFLAG_VIA_PROXY;
    if (e->async)
        flags |= INTERNET_REQFLAG_ASYNC;
    if (e->flags & INTERNET_FLAG_NO_CACHE_WRITE)
        flags |= INTERNET_REQFLAG_CACHE_WRITE_DISABLED;
    return oi_put_dword(flags, buf, len);
}

/* INTERNET_PROXY_INFO with its strings after it in the same buffer. */
static DWORD oi_query_proxy(const oi_wininet_handle *e, int wide, LPVOID buf, LPDWORD len)
{
    const char *proxy = e ? e->proxy : NULL, *bypass = e ? e->proxy_bypass : NULL;
    size_t unit = wide ? sizeof(WCHAR) : 1;
    size_t pn = proxy ? oi_utf8_to_utf16(proxy, strlen(proxy), NULL) : 0;
    size_t bn = bypass ? oi_utf8_to_utf16(bypass, strlen(bypass), NULL) : 0;
    if (!wide)
        pn = proxy ? strlen(proxy) : 0, bn = bypass ? strlen(bypass) : 0;
    size_t need = sizeof(INTERNET_PROXY_INFO) + (proxy ? (pn + 1) * unit : 0) +
                  (bypass ? (bn + 1) * unit : 0);
    if (!buf || *len < need) {
        *len = (DWORD)need;
        return ERROR_INSUFFICIENT_BUFFER;
    }
    INTERNET_PROXY_INFO info = {e ? e->access : INTERNET_OPEN_TYPE_DIRECT, NULL, NULL};
    char *p = (char *)buf + sizeof info;
    const char *strings[2] = {proxy, bypass};
    LPCSTR *slots[2] = {&info.lpszProxy, &info.lpszProxyBypass};
    for (int i = 0; i < 2; i++) {
        if (!strings[i])
            continue;
        DWORD room = (DWORD)(need - (size_t)(p - (char *)buf));
        oi_wininet_copy_string(strings[i], strlen(strings[i]), wide, OI_UNITS_BYTES, p, &room);
        *slots[i] = p;
        p += room + unit;
    }
    memcpy(buf, &info, sizeof info);
    *len = (DWORD)need;
    return ERROR_SUCCESS;
}

static DWORD oi_set_proxy_option(oi_wininet_handle *e, int wide, LPVOID buf, DWORD len)
{
    if (!e)
        return ERROR_INTERNET_INVALID_OPTION; /* no global proxy: sessions have their own */
    if (!buf || len < sizeof(INTERNET_PROXY_INFO))
        return ERROR_INVALID_PARAMETER;
    INTERNET_PROXY_INFO info;
    memcpy(&info, buf, sizeof info);
    char *proxy = NULL, *bypass = NULL;
    DWORD err = ERROR_SUCCESS;
    if (info.lpszProxy)
        err = oi_get_string((LPVOID)info.lpszProxy, 0, wide, &proxy);
    if (err == ERROR_SUCCESS && info.lpszProxyBypass)
        err = oi_get_string((LPVOID)info.lpszProxyBypass, 0, wide, &bypass);
    if (err == ERROR_SUCCESS)
        err = oi_wininet_set_proxy(e, info.dwAccessType, proxy, bypass);
    free(proxy);
    free(bypass);
    return err;
}

static DWORD oi_query_url(const oi_wininet_handle *e, int wide, LPVOID buf, LPDWORD len)
{
    const char *url = oi_request_final_url(e->h);
    return oi_put_string(url ? url : ((const oi_request *)e->h)->url, wide, buf, len);
}

static DWORD oi_query_special(const oi_wininet_handle *e, DWORD id, int wide, LPVOID buf,
                              LPDWORD len)
{
    unsigned kinds = OI_SCOPE_ALL | OI_WININET_FILE;
    switch (id) {
    case INTERNET_OPTION_CALLBACK: {
        DWORD err = oi_option_scope(e, kinds);
        INTERNET_STATUS_CALLBACK cb = e ? e->callback : NULL;
        return err != ERROR_SUCCESS ? err : oi_put_fixed(&cb, sizeof cb, buf, len);
    }
    case INTERNET_OPTION_HANDLE_TYPE: {
        DWORD err = oi_option_scope(e, kinds);
        return err != ERROR_SUCCESS ? err : oi_put_dword(e->type, buf, len);
    }
    case INTERNET_OPTION_PARENT_HANDLE: {
        DWORD err = oi_option_scope(e, kinds);
        HINTERNET parent = e && e->parent ? e->parent->id : NULL;
        return err != ERROR_SUCCESS ? err : oi_put_fixed(&parent, sizeof parent, buf, len);
    }
    case INTERNET_OPTION_CONTEXT_VALUE: {
        DWORD err = oi_option_scope(e, kinds);
        return err != ERROR_SUCCESS ? err : oi_put_fixed(&e->context, sizeof e->context, buf, len);
    }
    case INTERNET_OPTION_VERSION: {
        INTERNET_VERSION_INFO v = {1, 2};
        return oi_put_fixed(&v, sizeof v, buf, len);
    }
    case INTERNET_OPTION_HTTP_VERSION: {
        HTTP_VERSION_INFO v = {1, (DWORD)oi_wininet_default_minor()};
        DWORD err = oi_option_scope(e, OI_WININET_SESSION | OI_SCOPE_GLOBAL);
        return err != ERROR_SUCCESS ? err : oi_put_fixed(&v, sizeof v, buf, len);
    }
    case INTERNET_OPTION_PROXY: {
        DWORD err = oi_option_scope(e, OI_WININET_SESSION | OI_SCOPE_GLOBAL);
        return err != ERROR_SUCCESS ? err : oi_query_proxy(e, wide, buf, len);
    }
    case INTERNET_OPTION_USERNAME:
    case INTERNET_OPTION_PASSWORD: {
        DWORD err = oi_option_scope(e, OI_WININET_CONNECT | OI_WININET_REQUEST);
        char **slot = err == ERROR_SUCCESS ? oi_credential(e, id) : NULL;
        return err != ERROR_SUCCESS ? err
               : slot               ? oi_put_string(*slot, wide, buf, len)
                                    : ERROR_INTERNET_INCORRECT_HANDLE_TYPE;
    }
    default:
        break;
    }
    /* The rest are the request's. */
    DWORD err = oi_option_scope(e, OI_WININET_REQUEST);
    if (err != ERROR_SUCCESS)
        return err;
    switch (id) {
    case INTERNET_OPTION_REQUEST_FLAGS:
        return oi_query_request_flags(e, buf, len);
    case INTERNET_OPTION_SECURITY_FLAGS:
        return oi_query_security_flags(e, buf, len);
    case INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT:
        return oi_query_certificate(e, wide, buf, len);
    case INTERNET_OPTION_SECURITY_KEY_BITNESS: {
        oi_certificate_info c;
        if (oi_request_certificate(e->h, &c) != OI_OK)
            return ERROR_INTERNET_INVALID_OPERATION;
        return oi_put_dword((DWORD)c.key_bits, buf, len);
    }
    case INTERNET_OPTION_URL:
        return oi_query_url(e, wide, buf, len);
    }
    return ERROR_INTERNET_INVALID_OPTION;
}

/* Options only the request handle has: which ids they are. */
static int oi_is_request_option(DWORD id)
{
    return id == INTERNET_OPTION_REQUEST_FLAGS || id == INTERNET_OPTION_SECURITY_FLAGS ||
           id == INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT ||
           id == INTERNET_OPTION_SECURITY_KEY_BITNESS || id == INTERNET_OPTION_URL;
}

static int oi_is_special_option(DWORD id)
{
    return oi_is_request_option(id) || id == INTERNET_OPTION_CALLBACK ||
           id == INTERNET_OPTION_HANDLE_TYPE || id == INTERNET_OPTION_PARENT_HANDLE ||
           id == INTERNET_OPTION_CONTEXT_VALUE || id == INTERNET_OPTION_VERSION ||
           id == INTERNET_OPTION_HTTP_VERSION || id == INTERNET_OPTION_PROXY ||
           id == INTERNET_OPTION_USERNAME || id == INTERNET_OPTION_PASSWORD;
}

static DWORD oi_option_query(const oi_wininet_handle *e, DWORD id, int wide, LPVOID buf,
                             LPDWORD len)
{
    const oi_option_map *m = oi_option_find(id);
    if (m) {
        DWORD err = oi_option_scope(e, m->scope);
        return err != ERROR_SUCCESS ? err : oi_query_mapped(e, m, wide, buf, len);
    }
    if (oi_is_special_option(id))
        return oi_query_special(e, id, wide, buf, len);
    return ERROR_INTERNET_INVALID_OPTION;
}

static DWORD oi_set_http_version(const oi_wininet_handle *e, LPVOID buf, DWORD len)
{
    DWORD err = oi_option_scope(e, OI_WININET_SESSION | OI_SCOPE_GLOBAL);
    HTTP_VERSION_INFO v;
    if (err != ERROR_SUCCESS)
        return err;
    if (!buf || len != sizeof v)
        return buf ? ERROR_INTERNET_BAD_OPTION_LENGTH : ERROR_INVALID_PARAMETER;
    memcpy(&v, buf, sizeof v);
    if (v.dwMajorVersion != 1 || v.dwMinorVersion > 1)
        return ERROR_INVALID_PARAMETER;
    pthread_mutex_lock(&oi_globals_lock);
    oi_global_minor = (int)v.dwMinorVersion; /* for requests opened with no version */
    pthread_mutex_unlock(&oi_globals_lock);
    return ERROR_SUCCESS;
}

static DWORD oi_set_special(oi_wininet_handle *e, DWORD id, int wide, LPVOID buf, DWORD len)
{
    unsigned kinds = OI_SCOPE_ALL | OI_WININET_FILE;
    DWORD err;
    switch (id) {
    case INTERNET_OPTION_CONTEXT_VALUE:
        if ((err = oi_option_scope(e, kinds)) != ERROR_SUCCESS)
            return err;
        if (!buf)
            return ERROR_INVALID_PARAMETER;
        if (len != sizeof(DWORD_PTR))
            return ERROR_INTERNET_BAD_OPTION_LENGTH;
        memcpy(&e->context, buf, sizeof e->context);
        return ERROR_SUCCESS;
    case INTERNET_OPTION_HTTP_VERSION:
        return oi_set_http_version(e, buf, len);
    case INTERNET_OPTION_PROXY:
        return e && e->type != INTERNET_HANDLE_TYPE_INTERNET
                   ? ERROR_INTERNET_INCORRECT_HANDLE_TYPE
                   : oi_set_proxy_option(e, wide, buf, len);
    case INTERNET_OPTION_SECURITY_FLAGS:
        if ((err = oi_option_scope(e, OI_WININET_REQUEST)) != ERROR_SUCCESS)
            return err;
        return oi_set_security_flags(e, buf, len);
    case INTERNET_OPTION_USERNAME:
    case INTERNET_OPTION_PASSWORD:
        if ((err = oi_option_scope(e, OI_WININET_CONNECT | OI_WININET_REQUEST)) != ERROR_SUCCESS)
            return err;
        return oi_set_credential(e, id, wide, buf, len);
    case INTERNET_OPTION_CALLBACK:
    case INTERNET_OPTION_HANDLE_TYPE:
    case INTERNET_OPTION_PARENT_HANDLE:
    case INTERNET_OPTION_VERSION:
    case INTERNET_OPTION_REQUEST_FLAGS:
    case INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT:
    case INTERNET_OPTION_SECURITY_KEY_BITNESS:
    case INTERNET_OPTION_URL:
        /* Read-only; on the NULL handle WinInet first says it is the
         * wrong handle. */
        return !e && id != INTERNET_OPTION_VERSION ? ERROR_INTERNET_INCORRECT_HANDLE_TYPE
                                                   : ERROR_INTERNET_OPTION_NOT_SETTABLE;
    case INTERNET_OPTION_SETTINGS_CHANGED:
    case INTERNET_OPTION_REFRESH:
        /* No registry settings to read again: there is nothing to do. */
        return e ? ERROR_INTERNET_INCORRECT_HANDLE_TYPE : ERROR_SUCCESS;
    }
    return ERROR_INTERNET_INVALID_OPTION;
}

static DWORD oi_option_set(oi_wininet_handle *e, DWORD id, int wide, LPVOID buf, DWORD len)
{
    const oi_option_map *m = oi_option_find(id);
    if (m) {
        DWORD err = oi_option_scope(e, m->scope);
        return err != ERROR_SUCCESS ? err : oi_set_mapped(e, m, wide, buf, len);
    }
    return oi_set_special(e, id, wide, buf, len);
}

/* ---- entry points ---- */

BOOL oi_wininet_query_option(HINTERNET h, DWORD option, LPVOID buf, LPDWORD len, int wide)
{
    oi_wininet_handle *e = NULL;
    if (h && !(e = oi_wininet_acquire(h, OI_WININET_ANY)))
        return FALSE;
    DWORD err = len ? oi_option_query(e, option, wide, buf, len) : ERROR_INVALID_PARAMETER;
    if (e)
        oi_wininet_release(e);
    return err == ERROR_SUCCESS ? TRUE : oi_wininet_fail(err);
}

BOOL oi_wininet_set_option(HINTERNET h, DWORD option, LPVOID buf, DWORD len, int wide)
{
    oi_wininet_handle *e = NULL;
    if (h && !(e = oi_wininet_acquire(h, OI_WININET_ANY)))
        return FALSE;
    DWORD err = oi_option_set(e, option, wide, buf, len);
    if (e)
        oi_wininet_release(e);
    return err == ERROR_SUCCESS ? TRUE : oi_wininet_fail(err);
}

OI_API BOOL WINAPI InternetQueryOptionA(HINTERNET h, DWORD option, LPVOID buf, LPDWORD len)
{
    return oi_wininet_query_option(h, option, buf, len, 0);
}

OI_API BOOL WINAPI InternetSetOptionA(HINTERNET h, DWORD option, LPVOID buf, DWORD len)
{
    return oi_wininet_set_option(h, option, buf, len, 0);
}

OI_API BOOL WINAPI InternetSetOptionExA(HINTERNET h, DWORD option, LPVOID buf, DWORD len,
                                        DWORD flags)
{
    if (flags & ~(DWORD)ISO_VALID_FLAGS)
        return oi_wininet_fail(ERROR_INVALID_PARAMETER);
    return oi_wininet_set_option(h, option, buf, len, 0);
}
