/* UTF-16 <-> UTF-8 for the W entry points.
 *
 * WinInet's W functions take UTF-16 and its A functions the "ANSI" code
 * page, which is UTF-8 here; one implementation serves both, working in
 * UTF-8, and the W forms convert on the way in and out.  Invalid input is
 * never an error, as with Windows' own conversions without
 * WC_ERR_INVALID_CHARS: a lone surrogate, or a UTF-8 sequence that is cut
 * short, over-long, a surrogate or above U+10FFFF, becomes U+FFFD, one per
 * maximal ill-formed subpart (Unicode 15, section 3.9), so that a URL with
 * a stray byte still cracks and its other parts keep their places. */
#include "compat.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define REPLACEMENT 0xFFFDu

size_t oi_wstrlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

size_t oi_wstrnlen(const WCHAR *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

/* ---- UTF-16 to UTF-8 ---- */

/* The code point at s[*i] (advancing *i), pairs joined, lone halves
 * replaced. */
static uint32_t next_utf16(const WCHAR *s, size_t n, size_t *i)
{
    uint32_t c = s[(*i)++];
    if (c < 0xD800 || c > 0xDFFF)
        return c;
    if (c <= 0xDBFF && *i < n && s[*i] >= 0xDC00 && s[*i] <= 0xDFFF)
        return 0x10000 + ((c - 0xD800) << 10) + (uint32_t)(s[(*i)++] - 0xDC00);
    return REPLACEMENT;
}

/* Write c as UTF-8 at out (if not NULL); returns its length. */
static size_t put_utf8(uint32_t c, char *out)
{
    unsigned char b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (unsigned char)c;
        n = 1;
    } else if (c < 0x800) {
        b[0] = (unsigned char)(0xC0 | (c >> 6));
        b[1] = (unsigned char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (c >> 12));
        b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | (c >> 18));
        b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (c & 0x3F));
        n = 4;
    }
    if (out)
        memcpy(out, b, n);
    return n;
}

size_t oi_utf16_to_utf8(const WCHAR *s, size_t n, char *out)
{
    size_t i = 0, len = 0;
    while (i < n)
        len += put_utf8(next_utf16(s, n, &i), out ? out + len : NULL);
    return len;
}

/* ---- UTF-8 to UTF-16 ---- */

/* The range the second byte of a sequence led by `lead` must fall in;
 * the tighter ranges after E0, ED, F0 and F4 exclude over-long forms,
 * surrogates and code points past U+10FFFF. */
static void second_byte_range(unsigned char lead, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (lead == 0xE0)
        *lo = 0xA0;
    else if (lead == 0xED)
        *hi = 0x9F;
    else if (lead == 0xF0)
        *lo = 0x90;
    else if (lead == 0xF4)
        *hi = 0x8F;
}

/* How many bytes follow a lead byte, or -1 if it cannot start a sequence. */
static int trail_count(unsigned char lead)
{
    if (lead < 0x80)
        return 0;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 1;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 2;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 3;
    return -1;
}

/* The code point at s[*i] (advancing *i); an ill-formed sequence gives
 * U+FFFD and advances past its maximal subpart only. */
static uint32_t next_utf8(const unsigned char *s, size_t n, size_t *i)
{
    unsigned char lead = s[(*i)++];
    int trail = trail_count(lead);
    if (trail <= 0)
        return trail == 0 ? lead : REPLACEMENT;
    uint32_t c = lead & (0x3Fu >> trail);
    unsigned char lo, hi;
    second_byte_range(lead, &lo, &hi);
    for (int k = 0; k < trail; k++) {
        if (*i >= n || s[*i] < lo || s[*i] > hi)
            return REPLACEMENT;
        c = (c << 6) | (s[(*i)++] & 0x3Fu);
        lo = 0x80;
        hi = 0xBF;
    }
    return c;
}

static size_t put_utf16(uint32_t c, WCHAR *out)
{
    if (c < 0x10000) {
        if (out)
            out[0] = (WCHAR)c;
        return 1;
    }
    if (out) {
        out[0] = (WCHAR)(0xD800 + ((c - 0x10000) >> 10));
        out[1] = (WCHAR)(0xDC00 + ((c - 0x10000) & 0x3FF));
    }
    return 2;
}

size_t oi_utf8_to_utf16(const char *s, size_t n, WCHAR *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, len = 0;
    while (i < n)
        len += put_utf16(next_utf8(u, n, &i), out ? out + len : NULL);
    return len;
}

/* ---- allocating forms ---- */

int oi_w2a(const WCHAR *s, size_t n, char **out, size_t *out_len)
{
    *out = NULL;
    if (!s)
        return 0;
    if (n == (size_t)-1)
        n = oi_wstrlen(s);
    size_t len = oi_utf16_to_utf8(s, n, NULL);
    char *a = oi_malloc(len + 1);
    if (!a)
        return -1;
    oi_utf16_to_utf8(s, n, a);
    a[len] = '\0';
    *out = a;
    if (out_len)
        *out_len = len;
    return 0;
}

int oi_a2w(const char *s, size_t n, WCHAR **out, size_t *out_len)
{
    *out = NULL;
    if (!s)
        return 0;
    if (n == (size_t)-1)
        n = strlen(s);
    size_t len = oi_utf8_to_utf16(s, n, NULL);
    WCHAR *w = oi_malloc((len + 1) * sizeof(WCHAR));
    if (!w)
        return -1;
    oi_utf8_to_utf16(s, n, w);
    w[len] = 0;
    *out = w;
    if (out_len)
        *out_len = len;
    return 0;
}

/* ------------------------------------------------------------------ */
/* The W entry points of the session, request and option calls: each  */
/* converts its strings and calls the A form (or the shared core that  */
/* takes a `wide` flag where results are strings), so that both forms  */
/* behave alike.  The A forms copy what they keep (an async job        */
/* outlives the call), so the conversions are freed on return.        */
/* ------------------------------------------------------------------ */

/* Up to three strings converted at once; *failed set when out of memory. */
typedef struct utf8_args {
    char *s[3];
    int failed;
} utf8_args;

static const char *arg(utf8_args *a, int i, LPCWSTR w)
{
    if (oi_w2a(w, (size_t)-1, &a->s[i], NULL) != 0)
        a->failed = 1;
    return a->s[i];
}

static void free_args(utf8_args *a)
{
    for (int i = 0; i < 3; i++)
        free(a->s[i]);
}

/* A header block given as W with its length in characters: (DWORD)-1, and
 * for the W forms 0 as well, mean NUL-terminated (Windows' rule for the W
 * forms).  A length that counts the terminating NUL stops at it.  *len
 * receives the UTF-8 length; NULL headers stay NULL. */
static int headers_arg(LPCWSTR w, DWORD wlen, char **out, DWORD *len)
{
    *len = 0;
    size_t n = !w ? 0 : (wlen == 0 || wlen == (DWORD)-1) ? oi_wstrlen(w) : oi_wstrnlen(w, wlen);
    size_t bytes = 0;
    if (oi_w2a(w, n, out, &bytes) != 0)
        return -1;
    *len = (DWORD)bytes;
    return 0;
}

OI_API HINTERNET WINAPI InternetOpenW(LPCWSTR lpszAgent, DWORD dwAccessType, LPCWSTR lpszProxy,
                                      LPCWSTR lpszProxyBypass, DWORD dwFlags)
{
    utf8_args a = {{NULL}, 0};
    const char *agent = arg(&a, 0, lpszAgent), *proxy = arg(&a, 1, lpszProxy),
               *bypass = arg(&a, 2, lpszProxyBypass);
    HINTERNET h = a.failed ? oi_wininet_fail_handle(ERROR_NOT_ENOUGH_MEMORY)
                           : InternetOpenA(agent, dwAccessType, proxy, bypass, dwFlags);
    free_args(&a);
    return h;
}

OI_API HINTERNET WINAPI InternetConnectW(HINTERNET hInternet, LPCWSTR lpszServerName,
                                         INTERNET_PORT nServerPort, LPCWSTR lpszUserName,
                                         LPCWSTR lpszPassword, DWORD dwService, DWORD dwFlags,
                                         DWORD_PTR dwContext)
{
    utf8_args a = {{NULL}, 0};
    const char *server = arg(&a, 0, lpszServerName), *user = arg(&a, 1, lpszUserName),
               *password = arg(&a, 2, lpszPassword);
    HINTERNET h = a.failed ? oi_wininet_fail_handle(ERROR_NOT_ENOUGH_MEMORY)
                           : InternetConnectA(hInternet, server, nServerPort, user, password,
                                              dwService, dwFlags, dwContext);
    free_args(&a);
    return h;
}

OI_API HINTERNET WINAPI InternetOpenUrlW(HINTERNET hInternet, LPCWSTR lpszUrl, LPCWSTR lpszHeaders,
                                         DWORD dwHeadersLength, DWORD dwFlags, DWORD_PTR dwContext)
{
    utf8_args a = {{NULL}, 0};
    const char *url = arg(&a, 0, lpszUrl);
    DWORD n;
    if (headers_arg(lpszHeaders, dwHeadersLength, &a.s[1], &n) != 0)
        a.failed = 1;
    HINTERNET h = a.failed ? oi_wininet_fail_handle(ERROR_NOT_ENOUGH_MEMORY)
                           : InternetOpenUrlA(hInternet, url, a.s[1], n, dwFlags, dwContext);
    free_args(&a);
    return h;
}

OI_API BOOL WINAPI InternetCheckConnectionW(LPCWSTR lpszUrl, DWORD dwFlags, DWORD dwReserved)
{
    utf8_args a = {{NULL}, 0};
    const char *url = arg(&a, 0, lpszUrl);
    BOOL ok = a.failed ? oi_wininet_fail(ERROR_NOT_ENOUGH_MEMORY)
                       : InternetCheckConnectionA(url, dwFlags, dwReserved);
    free_args(&a);
    return ok;
}

/* The accept types, a NULL-terminated list, in UTF-8; *out NULL for a
 * NULL list.  Returns 0, or -1 when out of memory. */
static int accept_types(LPCWSTR *w, char ***out)
{
    *out = NULL;
    if (!w)
        return 0;
    size_t n = 0;
    while (w[n])
        n++;
    char **a = oi_calloc(n + 1, sizeof *a);
    if (!a)
        return -1;
    *out = a;
    for (size_t i = 0; i < n; i++)
        if (oi_w2a(w[i], (size_t)-1, &a[i], NULL) != 0)
            return -1;
    return 0;
}

static void free_accept_types(char **a)
{
    for (size_t i = 0; a && a[i]; i++)
        free(a[i]);
    free(a);
}

OI_API HINTERNET WINAPI HttpOpenRequestW(HINTERNET hConnect, LPCWSTR lpszVerb,
                                         LPCWSTR lpszObjectName, LPCWSTR lpszVersion,
                                         LPCWSTR lpszReferrer, LPCWSTR *lplpszAcceptTypes,
                                         DWORD dwFlags, DWORD_PTR dwContext)
{
    utf8_args a = {{NULL}, 0}, b = {{NULL}, 0};
    const char *verb = arg(&a, 0, lpszVerb), *object = arg(&a, 1, lpszObjectName),
               *version = arg(&a, 2, lpszVersion), *referrer = arg(&b, 0, lpszReferrer);
    char **accept = NULL;
    if (accept_types(lplpszAcceptTypes, &accept) != 0)
        a.failed = 1;
    HINTERNET h = a.failed || b.failed ? oi_wininet_fail_handle(ERROR_NOT_ENOUGH_MEMORY)
                                       : HttpOpenRequestA(hConnect, verb, object, version, referrer,
                                                          (LPCSTR *)accept, dwFlags, dwContext);
    free_accept_types(accept);
    free_args(&a);
    free_args(&b);
    return h;
}

OI_API BOOL WINAPI HttpAddRequestHeadersW(HINTERNET hRequest, LPCWSTR lpszHeaders,
                                          DWORD dwHeadersLength, DWORD dwModifiers)
{
    char *headers;
    DWORD n;
    if (headers_arg(lpszHeaders, dwHeadersLength, &headers, &n) != 0)
        return oi_wininet_fail(ERROR_NOT_ENOUGH_MEMORY);
    BOOL ok = HttpAddRequestHeadersA(hRequest, headers, n ? n : (DWORD)-1, dwModifiers);
    free(headers);
    return ok;
}

OI_API BOOL WINAPI HttpSendRequestW(HINTERNET hRequest, LPCWSTR lpszHeaders, DWORD dwHeadersLength,
                                    LPVOID lpOptional, DWORD dwOptionalLength)
{
    char *headers;
    DWORD n;
    if (headers_arg(lpszHeaders, dwHeadersLength, &headers, &n) != 0)
        return oi_wininet_fail(ERROR_NOT_ENOUGH_MEMORY);
    /* no headers after all: none for the A form either (which refuses a
     * string with length 0) */
    BOOL ok = HttpSendRequestA(hRequest, n ? headers : NULL, n, lpOptional, dwOptionalLength);
    free(headers);
    return ok;
}

/* INTERNET_BUFFERSA and INTERNET_BUFFERSW differ only in the type of
 * lpcszHeader.  Calls that do not read the header take the caller's W
 * structure as it is, since an async read writes dwBufferLength back into
 * it when it completes. */
_Static_assert(sizeof(INTERNET_BUFFERSA) == sizeof(INTERNET_BUFFERSW), "same layout");
_Static_assert(offsetof(INTERNET_BUFFERSA, lpvBuffer) == offsetof(INTERNET_BUFFERSW, lpvBuffer),
               "same layout");
_Static_assert(offsetof(INTERNET_BUFFERSA, dwBufferLength) ==
                   offsetof(INTERNET_BUFFERSW, dwBufferLength),
               "same layout");
_Static_assert(offsetof(INTERNET_BUFFERSA, dwOffsetHigh) ==
                   offsetof(INTERNET_BUFFERSW, dwOffsetHigh),
               "same layout");

static LPINTERNET_BUFFERSA same_buffers(LPINTERNET_BUFFERSW b)
{
    return (LPINTERNET_BUFFERSA)(void *)b;
}

OI_API BOOL WINAPI HttpSendRequestExW(HINTERNET hRequest, LPINTERNET_BUFFERSW lpBuffersIn,
                                      LPINTERNET_BUFFERSW lpBuffersOut, DWORD dwFlags,
                                      DWORD_PTR dwContext)
{
    if (!lpBuffersIn)
        return HttpSendRequestExA(hRequest, NULL, same_buffers(lpBuffersOut), dwFlags, dwContext);
    /* The first buffer with its header in UTF-8.  A chain (Next) is
     * refused by the A form: keep it non-NULL for it to see. */
    INTERNET_BUFFERSA in = {0};
    in.dwStructSize = lpBuffersIn->dwStructSize == sizeof(INTERNET_BUFFERSW)
                          ? sizeof in
                          : lpBuffersIn->dwStructSize;
    in.Next = lpBuffersIn->Next ? &in : NULL;
    in.dwHeadersTotal = lpBuffersIn->dwHeadersTotal;
    in.lpvBuffer = lpBuffersIn->lpvBuffer;
    in.dwBufferLength = lpBuffersIn->dwBufferLength;
    in.dwBufferTotal = lpBuffersIn->dwBufferTotal;
    in.dwOffsetLow = lpBuffersIn->dwOffsetLow;
    in.dwOffsetHigh = lpBuffersIn->dwOffsetHigh;
    char *headers;
    if (headers_arg(lpBuffersIn->lpcszHeader, lpBuffersIn->dwHeadersLength, &headers,
                    &in.dwHeadersLength) != 0)
        return oi_wininet_fail(ERROR_NOT_ENOUGH_MEMORY);
    in.lpcszHeader = headers;
    BOOL ok = HttpSendRequestExA(hRequest, &in, same_buffers(lpBuffersOut), dwFlags, dwContext);
    free(headers);
    return ok;
}

OI_API BOOL WINAPI HttpEndRequestW(HINTERNET hRequest, LPINTERNET_BUFFERSW lpBuffersOut,
                                   DWORD dwFlags, DWORD_PTR dwContext)
{
    return HttpEndRequestA(hRequest, same_buffers(lpBuffersOut), dwFlags, dwContext);
}

OI_API BOOL WINAPI InternetReadFileExW(HINTERNET hFile, LPINTERNET_BUFFERSW lpBuffersOut,
                                       DWORD dwFlags, DWORD_PTR dwContext)
{
    return oi_wininet_read_file_ex(hFile, same_buffers(lpBuffersOut), dwFlags, dwContext);
}

OI_API BOOL WINAPI HttpQueryInfoW(HINTERNET hRequest, DWORD dwInfoLevel, LPVOID lpBuffer,
                                  LPDWORD lpdwBufferLength, LPDWORD lpdwIndex)
{
    return oi_wininet_query_info(hRequest, dwInfoLevel, lpBuffer, lpdwBufferLength, lpdwIndex, 1);
}

OI_API BOOL WINAPI InternetQueryOptionW(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer,
                                        LPDWORD lpdwBufferLength)
{
    return oi_wininet_query_option(hInternet, dwOption, lpBuffer, lpdwBufferLength, 1);
}

OI_API BOOL WINAPI InternetSetOptionW(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer,
                                      DWORD dwBufferLength)
{
    return oi_wininet_set_option(hInternet, dwOption, lpBuffer, dwBufferLength, 1);
}

OI_API BOOL WINAPI InternetSetOptionExW(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer,
                                        DWORD dwBufferLength, DWORD dwFlags)
{
    /* ISO_GLOBAL and ISO_REGISTRY are accepted and change nothing, as in
     * Wine; other bits are an error. */
    if (dwFlags & ~(DWORD)ISO_VALID_FLAGS)
        return oi_wininet_fail(ERROR_INVALID_PARAMETER);
    return oi_wininet_set_option(hInternet, dwOption, lpBuffer, dwBufferLength, 1);
}

OI_API INTERNET_STATUS_CALLBACK WINAPI
InternetSetStatusCallbackW(HINTERNET hInternet, INTERNET_STATUS_CALLBACK lpfnInternetCallback)
{
    return oi_wininet_set_status_callback(hInternet, lpfnInternetCallback, 1);
}

OI_API BOOL WINAPI InternetGetLastResponseInfoW(LPDWORD lpdwError, LPWSTR lpszBuffer,
                                                LPDWORD lpdwBufferLength)
{
    return oi_wininet_last_response_info(lpdwError, lpszBuffer, lpdwBufferLength, 1);
}
