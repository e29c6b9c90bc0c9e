/* The W forms: UTF-16 in and out, one implementation with the A forms.
 *
 * The conversions are seen through the URL helpers, which need no server:
 * escaping shows the UTF-8 bytes a UTF-16 string became, and ICU_DECODE
 * turns UTF-8 bytes back into UTF-16 — surrogate pairs, lone surrogates and
 * ill-formed UTF-8 included (each becomes U+FFFD, one per maximal
 * ill-formed subpart, never an error).  The W entry points of the session,
 * request, query and option calls then run against httpbin and nginx when
 * tests/run.sh gives their ports. */
#include "wsupport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does UTF-16 s[0..n) equal the units of want[0..want_n)? */
static int w_same(const WCHAR *s, size_t n, const WCHAR *want, size_t want_n)
{
    return n == want_n && memcmp(s, want, n * sizeof(WCHAR)) == 0;
}

/* "http://h/" followed by the given units, escaped by
 * InternetCanonicalizeUrlW: the UTF-8 of the units, as %XX. */
static const char *escaped(const WCHAR *units, size_t n)
{
    static char out[256];
    WCHAR url[64] = {'h', 't', 't', 'p', ':', '/', '/', 'h', '/'};
    memcpy(url + 9, units, n * sizeof(WCHAR));
    url[9 + n] = 0;
    WCHAR buf[256];
    DWORD len = 256;
    if (!InternetCanonicalizeUrlW(url, buf, &len, 0))
        return "(failed)";
    for (DWORD i = 0; i < len; i++)
        out[i] = buf[i] < 0x80 ? (char)buf[i] : '?';
    out[len] = '\0';
    return strncmp(out, "http://h/", 9) == 0 ? out + 9 : out;
}

/* The UTF-16 that "http://h/" + UTF-8 bytes (written as %XX) decode to:
 * only the part after "http://h/". */
static size_t decoded(const char *percent_bytes, WCHAR *out)
{
    char url[256];
    snprintf(url, sizeof url, "http://h/%s", percent_bytes);
    WCHAR *wu = to_w(url);
    WCHAR buf[256];
    DWORD len = 256;
    size_t n = 0;
    if (InternetCanonicalizeUrlW(wu, buf, &len, ICU_DECODE | ICU_NO_ENCODE) && len >= 9) {
        n = len - 9;
        memcpy(out, buf + 9, n * sizeof(WCHAR));
    }
    free(wu);
    return n;
}

/* ---- UTF-16 to UTF-8 ---- */

TEST(bmp_characters_become_utf8)
{
    const WCHAR e_acute[] = {0xE9};
    const WCHAR euro[] = {0x20AC};
    const WCHAR mixed[] = {'a', 0x7FF, 0x800, 0xFFFF};
    CHECK_STR(escaped(e_acute, 1), "%C3%A9");
    CHECK_STR(escaped(euro, 1), "%E2%82%AC");
    CHECK_STR(escaped(mixed, 4), "a%DF%BF%E0%A0%80%EF%BF%BF");
}

TEST(surrogate_pairs_become_four_bytes)
{
    const WCHAR grin[] = {0xD83D, 0xDE00};  /* U+1F600 */
    const WCHAR last[] = {0xDBFF, 0xDFFF};  /* U+10FFFF */
    const WCHAR first[] = {0xD800, 0xDC00}; /* U+10000 */
    CHECK_STR(escaped(grin, 2), "%F0%9F%98%80");
    CHECK_STR(escaped(last, 2), "%F4%8F%BF%BF");
    CHECK_STR(escaped(first, 2), "%F0%90%80%80");
}

TEST(lone_surrogates_become_replacement_characters)
{
    const WCHAR high_then_ascii[] = {0xD83D, 'x'};
    const WCHAR low_alone[] = {0xDE00};
    const WCHAR reversed[] = {0xDE00, 0xD83D};
    const WCHAR high_at_end[] = {'a', 0xD800};
    CHECK_STR(escaped(high_then_ascii, 2), "%EF%BF%BDx");
    CHECK_STR(escaped(low_alone, 1), "%EF%BF%BD");
    CHECK_STR(escaped(reversed, 2), "%EF%BF%BD%EF%BF%BD");
    CHECK_STR(escaped(high_at_end, 2), "a%EF%BF%BD");
}

/* ---- UTF-8 to UTF-16 ---- */

TEST(utf8_becomes_utf16)
{
    WCHAR out[64];
    const WCHAR e_acute[] = {0xE9}, euro[] = {0x20AC}, grin[] = {0xD83D, 0xDE00};
    size_t n = decoded("%C3%A9", out);
    CHECK(w_same(out, n, e_acute, 1));
    n = decoded("%E2%82%AC", out);
    CHECK(w_same(out, n, euro, 1));
    n = decoded("%F0%9F%98%80", out);
    CHECK(w_same(out, n, grin, 2));
}

TEST(ill_formed_utf8_becomes_replacement_characters)
{
    WCHAR out[64];
    const WCHAR one[] = {0xFFFD}, two[] = {0xFFFD, 0xFFFD}, three[] = {0xFFFD, 0xFFFD, 0xFFFD};
    const WCHAR four[] = {0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}, cut_then_x[] = {0xFFFD, 'x'};
    size_t n = decoded("%FF", out); /* never a UTF-8 byte */
    CHECK(w_same(out, n, one, 1));
    n = decoded("%C3", out); /* cut short at the end */
    CHECK(w_same(out, n, one, 1));
    n = decoded("%E2%82x", out); /* cut short: one U+FFFD for the two bytes */
    CHECK(w_same(out, n, cut_then_x, 2));
    n = decoded("%C0%AF", out); /* over-long '/' */
    CHECK(w_same(out, n, two, 2));
    n = decoded("%ED%A0%80", out); /* a surrogate in UTF-8 */
    CHECK(w_same(out, n, three, 3));
    n = decoded("%F4%90%80%80", out); /* past U+10FFFF */
    CHECK(w_same(out, n, four, 4));
    n = decoded("%80", out); /* a continuation byte alone */
    CHECK(w_same(out, n, one, 1));
}

TEST(round_trip_keeps_every_unit)
{
    const WCHAR url[] = {'h',  't',    't',    'p',    ':', '/', '/', 'h',  '/',
                         0xE9, 0x4E2D, 0xD83D, 0xDE00, '?', 'q', '=', 0xFC, 0};
    WCHAR buf[64];
    DWORD len = 64;
    CHECK(InternetCanonicalizeUrlW(url, buf, &len, ICU_NO_ENCODE | ICU_BROWSER_MODE));
    CHECK(w_same(buf, len, url, wlen(url)));
    const WCHAR base[] = {'h', 't', 't', 'p', ':', '/', '/', 'h', '/', 0x4E2D, '/', 'x', 0};
    const WCHAR rel[] = {0xD83D, 0xDE00, 0};
    const WCHAR want[] = {'h', 't', 't', 'p', ':', '/', '/', 'h', '/', 0x4E2D, '/', 0xD83D, 0xDE00};
    len = 64;
    CHECK(InternetCombineUrlW(base, rel, buf, &len, ICU_NO_ENCODE));
    CHECK(w_same(buf, len, want, 13));
}

/* ---- the W entry points against the peers ---- */

/* Read a whole response into a static NUL-terminated buffer. */
static const char *body_of(HINTERNET h)
{
    static char body[65536];
    DWORD got, total = 0;
    while (total < sizeof body - 1 &&
           InternetReadFile(h, body + total, (DWORD)(sizeof body - 1 - total), &got) && got)
        total += got;
    body[total] = '\0';
    return body;
}

static int resolving_wide; /* RESOLVING_NAME came as UTF-16 */

static void CALLBACK on_status(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    (void)ctx;
    if (status == INTERNET_STATUS_RESOLVING_NAME)
        resolving_wide = len == (strlen("127.0.0.1") + 1) * sizeof(WCHAR) &&
                         w_equals(info, len / sizeof(WCHAR) - 1, "127.0.0.1");
}

TEST(request_calls_in_w_form)
{
    WCHAR *agent = to_w("wide-agent/1.0"), *server = to_w("127.0.0.1"), *verb = to_w("GET");
    WCHAR *object = to_w("/headers"), *accept0 = to_w("text/plain"),
          *accept1 = to_w("application/json");
    LPCWSTR accept[] = {accept0, accept1, NULL};
    WCHAR *hdr_ni = to_w("X-One: 1\r\n"), *hdr_counted = to_w("X-Two: 2\r\n"),
          *hdr_send = to_w("X-Three: 3");

    HINTERNET s = InternetOpenW(agent, INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    CHECK(s != NULL);
    CHECK(InternetSetStatusCallbackW(s, on_status) != INTERNET_INVALID_STATUS_CALLBACK);
    HINTERNET c = InternetConnectW(s, server, (INTERNET_PORT)peer_port("OI_HTTPBIN_PORT"), NULL,
                                   NULL, INTERNET_SERVICE_HTTP, 0, 1);
    CHECK(c != NULL);
    HINTERNET r = HttpOpenRequestW(c, verb, object, NULL, NULL, accept, 0, 1);
    CHECK(r != NULL);
    /* -1: NUL-terminated; a count that includes the NUL stops at it */
    CHECK(HttpAddRequestHeadersW(r, hdr_ni, (DWORD)-1, HTTP_ADDREQ_FLAG_ADD));
    CHECK(
        HttpAddRequestHeadersW(r, hdr_counted, (DWORD)wlen(hdr_counted) + 1, HTTP_ADDREQ_FLAG_ADD));
    /* the W form reads a length of 0 as NUL-terminated */
    CHECK(HttpSendRequestW(r, hdr_send, 0, NULL, 0));
    CHECK(resolving_wide);
    const char *body = body_of(r);
    CHECK(json_has(body, "User-Agent", "wide-agent/1.0"));
    CHECK(json_has(body, "Accept", "text/plain, application/json"));
    CHECK(json_has(body, "X-One", "1"));
    CHECK(json_has(body, "X-Two", "2"));
    CHECK(json_has(body, "X-Three", "3"));

    /* HttpQueryInfoW counts bytes */
    WCHAR text[16];
    DWORD len = 2;
    SetLastError(0);
    CHECK(!HttpQueryInfoW(r, HTTP_QUERY_STATUS_TEXT, text, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, 3 * sizeof(WCHAR));
    len = sizeof text;
    CHECK(HttpQueryInfoW(r, HTTP_QUERY_STATUS_TEXT, text, &len, NULL));
    CHECK_INT(len, 2 * sizeof(WCHAR));
    CHECK(w_equals(text, 2, "OK"));
    WCHAR *custom = calloc(64, sizeof(WCHAR)), *name = to_w("Content-Type");
    memcpy(custom, name, 13 * sizeof(WCHAR));
    free(name);
    len = 64 * sizeof(WCHAR);
    CHECK(HttpQueryInfoW(r, HTTP_QUERY_CUSTOM, custom, &len, NULL));
    CHECK(w_equals(custom, len / sizeof(WCHAR), "application/json"));

    /* InternetQueryOptionW: characters on success */
    WCHAR url[128];
    len = sizeof url;
    CHECK(InternetQueryOptionW(r, INTERNET_OPTION_URL, url, &len));
    char want[64];
    snprintf(want, sizeof want, "http://127.0.0.1:%d/headers", peer_port("OI_HTTPBIN_PORT"));
    CHECK(w_equals(url, len, want));
    InternetCloseHandle(s);
    free(custom);
    free(agent), free(server), free(verb), free(object), free(accept0), free(accept1);
    free(hdr_ni), free(hdr_counted), free(hdr_send);
}

TEST(open_url_and_read_ex_in_w_form)
{
    char u[128];
    snprintf(u, sizeof u, "http://127.0.0.1:%d/headers", peer_port("OI_HTTPBIN_PORT"));
    WCHAR *url = to_w(u), *headers = to_w("X-Four: 4\r\nX-Five: 5\r\n");
    HINTERNET s = InternetOpenW(NULL, INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    HINTERNET h = InternetOpenUrlW(s, url, headers, 0, 0, 0);
    CHECK(h != NULL);
    char buf[4096];
    INTERNET_BUFFERSW b = {0};
    b.dwStructSize = sizeof b;
    b.lpvBuffer = buf;
    b.dwBufferLength = sizeof buf - 1;
    CHECK(InternetReadFileExW(h, &b, 0, 0));
    CHECK(b.dwBufferLength > 0);
    buf[b.dwBufferLength] = '\0';
    CHECK(json_has(buf, "X-Four", "4"));
    CHECK(json_has(buf, "X-Five", "5"));
    b.dwStructSize = 0;
    SetLastError(0);
    CHECK(!InternetReadFileExW(h, &b, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    InternetCloseHandle(s);
    free(url);
    free(headers);
}

TEST(streamed_upload_in_w_form)
{
    WCHAR *server = to_w("127.0.0.1"), *verb = to_w("POST"), *object = to_w("/post");
    WCHAR *headers = to_w("Content-Type: text/plain\r\n");
    HINTERNET s = InternetOpenW(NULL, INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    HINTERNET c = InternetConnectW(s, server, (INTERNET_PORT)peer_port("OI_HTTPBIN_PORT"), NULL,
                                   NULL, INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = HttpOpenRequestW(c, verb, object, NULL, NULL, NULL, 0, 0);
    INTERNET_BUFFERSW in = {0};
    in.dwStructSize = sizeof in;
    in.lpcszHeader = headers;
    in.dwHeadersLength = (DWORD)wlen(headers);
    in.lpvBuffer = "hello ";
    in.dwBufferLength = 6;
    in.dwBufferTotal = 11;
    CHECK(HttpSendRequestExW(r, &in, NULL, 0, 0));
    DWORD written = 0;
    CHECK(InternetWriteFile(r, "world", 5, &written));
    INTERNET_BUFFERSW out = {0};
    SetLastError(0);
    CHECK(!HttpEndRequestW(r, &out, 0, 0)); /* must be NULL */
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(HttpEndRequestW(r, NULL, 0, 0));
    const char *body = body_of(r);
    CHECK(json_has(body, "data", "hello world"));
    CHECK(json_has(body, "Content-Type", "text/plain"));
    /* a chain of buffers is refused, as by the A form */
    HINTERNET r2 = HttpOpenRequestW(c, verb, object, NULL, NULL, NULL, 0, 0);
    INTERNET_BUFFERSW second = in;
    in.Next = &second;
    CHECK(!HttpSendRequestExW(r2, &in, NULL, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    InternetCloseHandle(s);
    free(server), free(verb), free(object), free(headers);
}

TEST(options_and_errors_in_w_form)
{
    WCHAR *agent = to_w("first");
    HINTERNET s = InternetOpenW(agent, INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    WCHAR *second = to_w("second-agent");
    CHECK(InternetSetOptionW(s, INTERNET_OPTION_USER_AGENT, second, (DWORD)wlen(second)));
    WCHAR got[32];
    DWORD len = 2;
    SetLastError(0);
    CHECK(!InternetQueryOptionW(s, INTERNET_OPTION_USER_AGENT, got, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, (wlen(second) + 1) * sizeof(WCHAR));
    len = sizeof got;
    CHECK(InternetQueryOptionW(s, INTERNET_OPTION_USER_AGENT, got, &len));
    CHECK(w_equals(got, len, "second-agent"));
    DWORD timeout = 1234;
    CHECK(InternetSetOptionExW(s, INTERNET_OPTION_CONNECT_TIMEOUT, &timeout, sizeof timeout,
                               ISO_GLOBAL));
    CHECK(!InternetSetOptionExW(s, INTERNET_OPTION_CONNECT_TIMEOUT, &timeout, sizeof timeout, 4));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);

    /* a failure leaves its message for InternetGetLastResponseInfoW */
    WCHAR *bad = to_w("http://127.0.0.1:1/");
    CHECK(InternetOpenUrlW(s, bad, NULL, 0, 0, 0) == NULL);
    CHECK_INT(GetLastError(), ERROR_INTERNET_CANNOT_CONNECT);
    DWORD error = 0;
    WCHAR info[512];
    len = 512;
    CHECK(InternetGetLastResponseInfoW(&error, info, &len));
    CHECK(len > 0 && info[len] == 0);
    CHECK(!InternetCheckConnectionW(bad, FLAG_ICC_FORCE_CONNECTION, 0));
    CHECK_INT(GetLastError(), ERROR_NOT_CONNECTED);
    char ok[64];
    snprintf(ok, sizeof ok, "http://127.0.0.1:%d/", peer_port("OI_NGINX_PORT"));
    WCHAR *good = to_w(ok);
    CHECK(InternetCheckConnectionW(good, FLAG_ICC_FORCE_CONNECTION, 0));

    /* handle checks come through the W forms unchanged */
    WCHAR *server = to_w("127.0.0.1");
    SetLastError(0);
    CHECK(InternetConnectW(NULL, server, 80, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0) == NULL);
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK(HttpOpenRequestW(s, NULL, NULL, NULL, NULL, NULL, 0, 0) == NULL);
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(InternetOpenW(agent, 12345, NULL, NULL, 0) == NULL);
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    InternetCloseHandle(s);
    free(agent), free(second), free(bad), free(good), free(server);
}

int main(void)
{
    RUN(bmp_characters_become_utf8);
    RUN(surrogate_pairs_become_four_bytes);
    RUN(lone_surrogates_become_replacement_characters);
    RUN(utf8_becomes_utf16);
    RUN(ill_formed_utf8_becomes_replacement_characters);
    RUN(round_trip_keeps_every_unit);
    if (peer_port("OI_HTTPBIN_PORT") && peer_port("OI_NGINX_PORT")) {
        RUN(request_calls_in_w_form);
        RUN(open_url_and_read_ex_in_w_form);
        RUN(streamed_upload_in_w_form);
        RUN(options_and_errors_in_w_form);
    } else {
        printf("skip the W entry points: OI_HTTPBIN_PORT and OI_NGINX_PORT not set\n");
    }
    return check_summary();
}
