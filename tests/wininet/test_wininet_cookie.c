/* InternetSetCookie and InternetGetCookie: the process-wide store, domain
 * and path matching, the size protocols of the A and W forms, the
 * documented errors, and first use from many threads at once.  Cases
 * marked "Windows" give the answers Windows gives (Wine's conformance tests
 * record them).  The store is shared with the sessions' requests: that
 * part runs against httpbin when OI_HTTPBIN_PORT is set. */
#include "wsupport.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The cookies for url, or "(none)" / "(error N)". */
static const char *cookies(const char *url)
{
    static char buf[1024];
    DWORD len = sizeof buf;
    if (!InternetGetCookieA(url, NULL, buf, &len)) {
        if (GetLastError() == ERROR_NO_MORE_ITEMS)
            return "(none)";
        snprintf(buf, sizeof buf, "(error %u)", (unsigned)GetLastError());
    }
    return buf;
}

static int has(const char *list, const char *cookie)
{
    size_t n = strlen(cookie);
    for (const char *p = list; (p = strstr(p, cookie)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ';'))
            return 1;
    return 0;
}

TEST(no_cookie_is_no_more_items)
{
    DWORD len = 1024;
    SetLastError(0);
    CHECK(!InternetGetCookieA("http://www.nothing-here.example/", NULL, NULL, &len));
    CHECK_INT(GetLastError(), ERROR_NO_MORE_ITEMS);
    CHECK_INT(len, 0);
}

/* Windows' own scenario: domain and path rules, and the sizes. */
TEST(domain_and_path_matching)
{
    CHECK(InternetSetCookieA("http://www.example.com/bar", NULL, "A=B; domain=.example.com"));
    CHECK(
        InternetSetCookieA("http://www.example.com/bar", NULL, "C=D; domain=.example.com; path=/"));
    CHECK(InternetSetCookieA("http://www.example.com", NULL, "E=F; domain=example.com"));
    CHECK(InternetSetCookieA("http://www.example.com", NULL,
                             "G=H; domain=.example.com; invalid=attr; path=/foo"));
    CHECK(InternetSetCookieA("http://www.example.com/bar.html", NULL, "I=J; domain=.example.com"));
    CHECK(InternetSetCookieA("http://www.example.com/bar/", NULL, "K=L; domain=.example.com"));
    CHECK(InternetSetCookieA("http://www.example.com/bar/", NULL,
                             "M=N; domain=.example.com; path=/foo/"));

    const char *c = cookies("http://testing.example.com");
    CHECK(has(c, "A=B") && has(c, "C=D") && has(c, "E=F") && has(c, "I=J"));
    CHECK(!has(c, "G=H") && !has(c, "K=L") && !has(c, "M=N"));
    CHECK_INT(strlen(c), 18);

    /* paths match as RFC 6265 says: "/foo" is not a prefix of "/foobar/"
     * (Windows says it is; docs/porting.md) */
    c = cookies("http://testing.example.com/foobar/");
    CHECK(!has(c, "G=H") && !has(c, "M=N"));
    c = cookies("http://testing.example.com/foo/bar");
    CHECK(has(c, "G=H") && has(c, "M=N"));
    c = cookies("http://testing.example.com/barfoo");
    CHECK(!has(c, "K=L") && !has(c, "G=H"));
    c = cookies("http://testing.example.com/bar/foo");
    CHECK(has(c, "K=L"));
    CHECK_INT(strlen(c), 23);
    /* another site sees none of them */
    CHECK_STR(cookies("http://www.example.org/"), "(none)");
}

TEST(a_sizes_count_the_nul)
{
    CHECK(InternetSetCookieA("http://sizes.test/", NULL, "abc=defghijklmnopq")); /* 18 chars */
    DWORD len = 1024;
    CHECK(InternetGetCookieA("http://sizes.test/", NULL, NULL, &len));
    CHECK_INT(len, 19);
    char buf[64];
    memset(buf, 0x55, sizeof buf);
    len = sizeof buf;
    CHECK(InternetGetCookieA("http://sizes.test/", NULL, buf, &len));
    CHECK_INT(len, 19);
    CHECK_STR(buf, "abc=defghijklmnopq");
    len = 10;
    SetLastError(0);
    CHECK(!InternetGetCookieA("http://sizes.test/", NULL, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, 19);
    len = 18; /* no room for the NUL */
    CHECK(!InternetGetCookieA("http://sizes.test/", NULL, buf, &len));
    CHECK_INT(len, 19);
    len = 19;
    CHECK(InternetGetCookieA("http://sizes.test/", NULL, buf, &len));
    CHECK_INT(len, 19);
}

TEST(w_sizes_bytes_when_probing_characters_on_success)
{
    WCHAR *url = to_w("http://wsizes.test/");
    CHECK(InternetSetCookieA("http://wsizes.test/", NULL, "abc=defghijklmnopq"));
    DWORD len = 1024;
    CHECK(InternetGetCookieW(url, NULL, NULL, &len));
    CHECK_INT(len, 38);
    WCHAR buf[64];
    len = 64;
    CHECK(InternetGetCookieW(url, NULL, buf, &len));
    CHECK_INT(len, 19);
    CHECK_INT(wlen(buf), 18);
    len = 10;
    SetLastError(0);
    CHECK(!InternetGetCookieW(url, NULL, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, 38);
    free(url);
}

TEST(w_forms_convert_utf16)
{
    /* value "caf\u00e9", set with W, read with A (UTF-8) and W */
    static const WCHAR url[] = {'h', 't', 't', 'p', ':', '/', '/', 'w',
                                '.', 't', 'e', 's', 't', '/', 0};
    static const WCHAR name[] = {'d', 'r', 'i', 'n', 'k', 0};
    static const WCHAR data[] = {'c', 'a', 'f', 0xE9, 0};
    CHECK(InternetSetCookieW(url, name, data));
    CHECK_STR(cookies("http://w.test/"), "drink=caf\xc3\xa9");
    WCHAR buf[32];
    DWORD len = 32;
    CHECK(InternetGetCookieW(url, NULL, buf, &len));
    CHECK_INT(len, 11);
    CHECK(buf[9] == 0xE9 && buf[10] == 0);
    CHECK(!InternetSetCookieW(NULL, name, data));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetSetCookieW(url, name, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetGetCookieW(NULL, NULL, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

TEST(name_and_data_make_one_cookie)
{
    CHECK(InternetSetCookieA("http://named.test/", "session", "42; path=/"));
    CHECK_STR(cookies("http://named.test/any"), "session=42");
    /* Windows ignores the name when reading */
    char buf[64];
    DWORD len = sizeof buf;
    CHECK(InternetGetCookieA("http://named.test/", "other", buf, &len));
    CHECK_STR(buf, "session=42");
}

TEST(expiry_keeps_replaces_and_deletes)
{
    CHECK(InternetSetCookieA("http://expiry.test/", NULL,
                             "A=B; expires=Fri, 01-Jan-2038 00:00:00 GMT"));
    CHECK(InternetSetCookieA("http://expiry.test/", NULL, "Q=R; expires="));
    const char *c = cookies("http://expiry.test/");
    CHECK(has(c, "A=B") && has(c, "Q=R"));
    CHECK(InternetSetCookieA("http://expiry.test/", NULL, "A=C"));
    CHECK(has(cookies("http://expiry.test/"), "A=C"));
    CHECK(InternetSetCookieA("http://expiry.test/", NULL,
                             "A=gone; expires=Thu, 01-Jan-1970 00:00:01 GMT"));
    CHECK(InternetSetCookieA("http://expiry.test/", "Q", "x; max-age=0"));
    CHECK_STR(cookies("http://expiry.test/"), "(none)");
}

TEST(refusals)
{
    SetLastError(0);
    CHECK(!InternetSetCookieA("http://www.aaa.example.com/bar", NULL, "E=F; domain=different.com"));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetSetCookieA("http://www.aaa.example.com.pl/bar", NULL,
                             "E=F; domain=example.com.pl"));
    CHECK(!InternetSetCookieA("http://www.aaa.example.com.pl/bar", NULL, "E=F; domain=com.pl"));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    /* HttpOnly cookies are InternetSetCookieEx's */
    CHECK(!InternetSetCookieA("http://cookie.attrs.com/bar", NULL, "A=data; httponly"));
    CHECK_INT(GetLastError(), ERROR_INVALID_OPERATION);
    CHECK(!InternetSetCookieA("http://cookie.attrs.com/bar", NULL, "A=data; Path=/; HttpOnly "));
    CHECK_INT(GetLastError(), ERROR_INVALID_OPERATION);
    CHECK_STR(cookies("http://cookie.attrs.com/"), "(none)");
    /* the word in a value is not the attribute */
    CHECK(InternetSetCookieA("http://cookie.attrs.com/", NULL, "httponly=1"));
    /* Secure cookies need an https URL (RFC 6265bis; docs/porting.md) */
    CHECK(!InternetSetCookieA("http://www.example.com/bar/", NULL, "O=P; secure; path=/bar"));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetSetCookieA("https://secure.test/", NULL, "S=1; secure"));
    CHECK_STR(cookies("https://secure.test/"), "S=1");
    CHECK_STR(cookies("http://secure.test/"), "(none)");
}

TEST(argument_errors)
{
    char buf[16];
    DWORD len = sizeof buf;
    SetLastError(0);
    CHECK(!InternetSetCookieA(NULL, NULL, "a=b"));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetSetCookieA("http://args.test/", NULL, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetGetCookieA(NULL, NULL, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetGetCookieA("http://args.test/", NULL, buf, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetGetCookieA("about:blank", NULL, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetSetCookieA("about:blank", NULL, "a=b"));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetSetCookieA("not a url", NULL, "a=b"));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

/* Many threads make their first cookie call at once: one store. */
static void *set_from_thread(void *arg)
{
    char data[32];
    snprintf(data, sizeof data, "t%d=%d", (int)(intptr_t)arg, (int)(intptr_t)arg);
    return InternetSetCookieA("http://threads.test/", NULL, data) ? NULL : (void *)1;
}

TEST(threads_share_one_store)
{
    enum { N = 16 };
    pthread_t t[N];
    for (int i = 0; i < N; i++)
        pthread_create(&t[i], NULL, set_from_thread, (void *)(intptr_t)i);
    for (int i = 0; i < N; i++) {
        void *r;
        pthread_join(t[i], &r);
        CHECK(r == NULL);
    }
    const char *c = cookies("http://threads.test/");
    for (int i = 0; i < N; i++) {
        char one[16];
        snprintf(one, sizeof one, "t%d=%d", i, i);
        CHECK(has(c, one));
    }
}

/* ---- with a session: the store is the requests' ---- */

/* GET path from httpbin and return the body (static buffer). */
static const char *httpbin_get(const char *path)
{
    static char body[8192];
    body[0] = '\0';
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", peer_port("OI_HTTPBIN_PORT"), path);
    HINTERNET s = InternetOpenA("cookie-test", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    HINTERNET f = s ? InternetOpenUrlA(s, url, NULL, 0, INTERNET_FLAG_NO_AUTO_REDIRECT, 0) : NULL;
    DWORD got, total = 0;
    while (f && InternetReadFile(f, body + total, (DWORD)(sizeof body - 1 - total), &got) && got)
        total += got;
    body[total] = '\0';
    InternetCloseHandle(f);
    InternetCloseHandle(s);
    return body;
}

TEST(requests_share_the_store)
{
    if (!peer_port("OI_HTTPBIN_PORT")) {
        printf("skip requests_share_the_store: OI_HTTPBIN_PORT not set\n");
        return;
    }
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", peer_port("OI_HTTPBIN_PORT"));
    /* set here, sent by a session's request */
    CHECK(InternetSetCookieA(url, "fromapi", "yes"));
    CHECK(json_has(httpbin_get("/cookies"), "fromapi", "yes"));
    /* set by the server through a session, seen here */
    httpbin_get("/cookies/set?fromserver=ok");
    CHECK(has(cookies(url), "fromserver=ok"));
    /* and by another session's request */
    CHECK(json_has(httpbin_get("/cookies"), "fromserver", "ok"));
}

int main(void)
{
    RUN(no_cookie_is_no_more_items);
    RUN(domain_and_path_matching);
    RUN(a_sizes_count_the_nul);
    RUN(w_sizes_bytes_when_probing_characters_on_success);
    RUN(w_forms_convert_utf16);
    RUN(name_and_data_make_one_cookie);
    RUN(expiry_keeps_replaces_and_deletes);
    RUN(refusals);
    RUN(argument_errors);
    RUN(threads_share_one_store);
    RUN(requests_share_the_store);
    return check_summary();
}
