/* The URL helpers of the WinInet layer: InternetCrackUrl, InternetCreateUrl,
 * InternetCanonicalizeUrl and InternetCombineUrl, A and W forms, their
 * buffer-size protocols and documented errors.  The expected values are
 * those Windows gives (Wine's conformance tests record them), except where
 * docs/porting.md says why they differ. */
#include "wsupport.h"

#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

static void zero_a(URL_COMPONENTSA *uc, DWORD len)
{
    memset(uc, 0, sizeof *uc);
    uc->dwStructSize = sizeof *uc;
    uc->dwSchemeLength = uc->dwHostNameLength = uc->dwUserNameLength = len;
    uc->dwPasswordLength = uc->dwUrlPathLength = uc->dwExtraInfoLength = len;
}

static void zero_w(URL_COMPONENTSW *uc, DWORD len)
{
    memset(uc, 0, sizeof *uc);
    uc->dwStructSize = sizeof *uc;
    uc->dwSchemeLength = uc->dwHostNameLength = uc->dwUserNameLength = len;
    uc->dwPasswordLength = uc->dwUrlPathLength = uc->dwExtraInfoLength = len;
}

/* ---- InternetCrackUrl: the table of Windows' answers ---- */

/* Offsets of the parts in the input (-1: NULL pointer) with their lengths,
 * and what copies into buffers give. */
typedef struct crack_case {
    const char *url;
    int scheme_off, scheme_len;
    INTERNET_SCHEME scheme;
    int host_off, host_len;
    INTERNET_PORT port;
    int user_off, user_len, pass_off, pass_len;
    int path_off, path_len, extra_off, extra_len;
    const char *scheme_s, *host_s, *user_s, *pass_s, *path_s, *extra_s;
} crack_case;

static const crack_case crack_cases[] = {
    {"http://www.winehq.org/site/about#hi",
     0,
     4,
     INTERNET_SCHEME_HTTP,
     7,
     14,
     80,
     -1,
     0,
     -1,
     0,
     21,
     11,
     32,
     3,
     "http",
     "www.winehq.org",
     "",
     "",
     "/site/about",
     "#hi"},
    {"http://www.myserver.com/myscript.php?arg=1",
     0,
     4,
     INTERNET_SCHEME_HTTP,
     7,
     16,
     80,
     -1,
     0,
     -1,
     0,
     23,
     13,
     36,
     6,
     "http",
     "www.myserver.com",
     "",
     "",
     "/myscript.php",
     "?arg=1"},
    {"http://www.winehq.org?test=123",
     0,
     4,
     INTERNET_SCHEME_HTTP,
     7,
     14,
     80,
     -1,
     0,
     -1,
     0,
     21,
     0,
     21,
     9,
     "http",
     "www.winehq.org",
     "",
     "",
     "",
     "?test=123"},
    {"http://www.winehq.org/myscript.php;test=123",
     0,
     4,
     INTERNET_SCHEME_HTTP,
     7,
     14,
     80,
     -1,
     0,
     -1,
     0,
     21,
     22,
     -1,
     0,
     "http",
     "www.winehq.org",
     "",
     "",
     "/myscript.php;test=123",
     ""},
    {"HtTp://www.winehq.org/scheme",
     0,
     4,
     INTERNET_SCHEME_HTTP,
     7,
     14,
     80,
     -1,
     0,
     -1,
     0,
     21,
     7,
     -1,
     0,
     "HtTp",
     "www.winehq.org",
     "",
     "",
     "/scheme",
     ""},
    {"http://www.winehq.org",
     0,
     4,
     INTERNET_SCHEME_HTTP,
     7,
     14,
     80,
     -1,
     0,
     -1,
     0,
     21,
     0,
     -1,
     0,
     "http",
     "www.winehq.org",
     "",
     "",
     "",
     ""},
    {"file:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml",
     0,
     4,
     INTERNET_SCHEME_FILE,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     7,
     55,
     -1,
     0,
     "file",
     "",
     "",
     "",
     "C:\\Program Files\\Atmel\\AVR Tools\\STK500\\STK500.xml",
     ""},
    {"fide:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml",
     0,
     4,
     INTERNET_SCHEME_UNKNOWN,
     7,
     0,
     0,
     -1,
     0,
     -1,
     0,
     7,
     55,
     -1,
     0,
     "fide",
     "",
     "",
     "",
     "/C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml",
     ""},
    {"file://C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml",
     0,
     4,
     INTERNET_SCHEME_FILE,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     7,
     54,
     -1,
     0,
     "file",
     "",
     "",
     "",
     "C:\\Program%20Files\\Atmel\\AVR%20Tools\\STK500\\STK500.xml",
     ""},
    {"file://C:/Program%20Files/Atmel/..",
     0,
     4,
     INTERNET_SCHEME_FILE,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     7,
     27,
     -1,
     0,
     "file",
     "",
     "",
     "",
     "C:\\Program%20Files\\Atmel\\..\\",
     ""},
    {"file://C:/Program%20Files/Atmel/../Asdf.xml",
     0,
     4,
     INTERNET_SCHEME_FILE,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     7,
     36,
     -1,
     0,
     "file",
     "",
     "",
     "",
     "C:\\Program%20Files\\Atmel\\..\\Asdf.xml",
     ""},
    {"file:///C:/Program%20Files/Atmel/..",
     0,
     4,
     INTERNET_SCHEME_FILE,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     7,
     28,
     -1,
     0,
     "file",
     "",
     "",
     "",
     "C:\\Program Files\\Atmel\\..\\",
     ""},
    {"file:///C:/Program%20Files/Atmel/../Asdf.xml",
     0,
     4,
     INTERNET_SCHEME_FILE,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     7,
     37,
     -1,
     0,
     "file",
     "",
     "",
     "",
     "C:\\Program Files\\Atmel\\..\\Asdf.xml",
     ""},
    {"file://C:/Program%20Files/Atmel/.",
     0,
     4,
     INTERNET_SCHEME_FILE,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     7,
     26,
     -1,
     0,
     "file",
     "",
     "",
     "",
     "C:\\Program%20Files\\Atmel\\.\\",
     ""},
    {"file:///C:/Program%20Files/Atmel/./Asdf.xml",
     0,
     4,
     INTERNET_SCHEME_FILE,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     7,
     36,
     -1,
     0,
     "file",
     "",
     "",
     "",
     "C:\\Program Files\\Atmel\\.\\Asdf.xml",
     ""},
    {"C:\\file.txt",
     0,
     1,
     INTERNET_SCHEME_UNKNOWN,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     2,
     9,
     -1,
     0,
     "C",
     "",
     "",
     "",
     "\\file.txt",
     ""},
    {"res://IELib.dll/test.htm",
     0,
     3,
     INTERNET_SCHEME_RES,
     6,
     9,
     0,
     -1,
     0,
     -1,
     0,
     15,
     9,
     -1,
     0,
     "res",
     "IELib.dll",
     "",
     "",
     "/test.htm",
     ""},
    {"gopher://www.winehq.org/site/about#hi",
     0,
     6,
     INTERNET_SCHEME_GOPHER,
     9,
     14,
     0,
     -1,
     0,
     -1,
     0,
     23,
     11,
     34,
     3,
     "gopher",
     "www.winehq.org",
     "",
     "",
     "/site/about",
     "#hi"},
    /* openinet's own cases: credentials, ports, IPv6, POSIX file paths */
    {"https://user:pa%20ss@example.com:8443/a/b?q=1#f",
     0,
     5,
     INTERNET_SCHEME_HTTPS,
     21,
     11,
     8443,
     8,
     4,
     13,
     7,
     37,
     4,
     41,
     6,
     "https",
     "example.com",
     "user",
     "pa%20ss",
     "/a/b",
     "?q=1#f"},
    {"ftp://anonymous@ftp.example.org/pub",
     0,
     3,
     INTERNET_SCHEME_FTP,
     16,
     15,
     21,
     6,
     9,
     -1,
     0,
     31,
     4,
     -1,
     0,
     "ftp",
     "ftp.example.org",
     "anonymous",
     "",
     "/pub",
     ""},
    {"http://[::1]:8080/x",
     0,
     4,
     INTERNET_SCHEME_HTTP,
     7,
     5,
     8080,
     -1,
     0,
     -1,
     0,
     17,
     2,
     -1,
     0,
     "http",
     "[::1]",
     "",
     "",
     "/x",
     ""},
    {"http://[::1]/",
     0,
     4,
     INTERNET_SCHEME_HTTP,
     7,
     5,
     80,
     -1,
     0,
     -1,
     0,
     12,
     1,
     -1,
     0,
     "http",
     "[::1]",
     "",
     "",
     "/",
     ""},
    {"http://h:/",
     0,
     4,
     INTERNET_SCHEME_HTTP,
     7,
     1,
     80,
     -1,
     0,
     -1,
     0,
     9,
     1,
     -1,
     0,
     "http",
     "h",
     "",
     "",
     "/",
     ""},
    {"http://u:@h/",
     0,
     4,
     INTERNET_SCHEME_HTTP,
     10,
     1,
     80,
     7,
     1,
     9,
     0,
     11,
     1,
     -1,
     0,
     "http",
     "h",
     "u",
     "",
     "/",
     ""},
    {"file:///home/user/my%20file.txt",
     0,
     4,
     INTERNET_SCHEME_FILE,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     7,
     24,
     -1,
     0,
     "file",
     "",
     "",
     "",
     "/home/user/my file.txt",
     ""},
    {"file://localhost/etc/hosts",
     0,
     4,
     INTERNET_SCHEME_FILE,
     7,
     9,
     0,
     -1,
     0,
     -1,
     0,
     16,
     10,
     -1,
     0,
     "file",
     "localhost",
     "",
     "",
     "/etc/hosts",
     ""},
    {"mailto:someone@example.com",
     0,
     6,
     INTERNET_SCHEME_MAILTO,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     7,
     19,
     -1,
     0,
     "mailto",
     "",
     "",
     "",
     "someone@example.com",
     ""},
    {"about:blank",
     0,
     5,
     INTERNET_SCHEME_UNKNOWN,
     -1,
     0,
     0,
     -1,
     0,
     -1,
     0,
     6,
     5,
     -1,
     0,
     "about",
     "",
     "",
     "",
     "blank",
     ""},
};

/* Pointer-into-the-input mode (NULL pointers, lengths 1), A form. */
static void check_pointers_a(const crack_case *t)
{
    URL_COMPONENTSA uc;
    zero_a(&uc, 1);
    CHECK(InternetCrackUrlA(t->url, (DWORD)strlen(t->url), 0, &uc));
    const int off[6] = {t->scheme_off, t->host_off, t->user_off,
                        t->pass_off,   t->path_off, t->extra_off};
    const int len[6] = {t->scheme_len, t->host_len, t->user_len,
                        t->pass_len,   t->path_len, t->extra_len};
    LPSTR got[6] = {uc.lpszScheme,   uc.lpszHostName, uc.lpszUserName,
                    uc.lpszPassword, uc.lpszUrlPath,  uc.lpszExtraInfo};
    DWORD got_len[6] = {uc.dwSchemeLength,   uc.dwHostNameLength, uc.dwUserNameLength,
                        uc.dwPasswordLength, uc.dwUrlPathLength,  uc.dwExtraInfoLength};
    for (int i = 0; i < 6; i++) {
        if (off[i] < 0)
            CHECK(got[i] == NULL);
        else
            CHECK(got[i] == t->url + off[i]);
        CHECK_INT(got_len[i], len[i]);
        if ((off[i] < 0 && got[i]) || (off[i] >= 0 && got[i] != t->url + off[i]) ||
            (int)got_len[i] != len[i])
            fprintf(stderr, "  %s: component %d\n", t->url, i);
    }
    CHECK_INT(uc.nScheme, t->scheme);
    CHECK_INT(uc.nPort, t->port);
}

/* The same through the W form: offsets and lengths in UTF-16 units. */
static void check_pointers_w(const crack_case *t)
{
    WCHAR *w = to_w(t->url);
    URL_COMPONENTSW uc;
    zero_w(&uc, 1);
    CHECK(InternetCrackUrlW(w, (DWORD)wlen(w), 0, &uc));
    const int off[6] = {t->scheme_off, t->host_off, t->user_off,
                        t->pass_off,   t->path_off, t->extra_off};
    const int len[6] = {t->scheme_len, t->host_len, t->user_len,
                        t->pass_len,   t->path_len, t->extra_len};
    LPWSTR got[6] = {uc.lpszScheme,   uc.lpszHostName, uc.lpszUserName,
                     uc.lpszPassword, uc.lpszUrlPath,  uc.lpszExtraInfo};
    DWORD got_len[6] = {uc.dwSchemeLength,   uc.dwHostNameLength, uc.dwUserNameLength,
                        uc.dwPasswordLength, uc.dwUrlPathLength,  uc.dwExtraInfoLength};
    for (int i = 0; i < 6; i++) {
        if (off[i] < 0)
            CHECK(got[i] == NULL);
        else
            CHECK(got[i] == w + off[i]);
        CHECK_INT(got_len[i], len[i]);
    }
    CHECK_INT(uc.nScheme, t->scheme);
    CHECK_INT(uc.nPort, t->port);
    free(w);
}

/* Copy mode: every component into its own buffer. */
static void check_copies_a(const crack_case *t)
{
    char buf[6][256];
    URL_COMPONENTSA uc;
    zero_a(&uc, 256);
    uc.lpszScheme = buf[0];
    uc.lpszHostName = buf[1];
    uc.lpszUserName = buf[2];
    uc.lpszPassword = buf[3];
    uc.lpszUrlPath = buf[4];
    uc.lpszExtraInfo = buf[5];
    CHECK(InternetCrackUrlA(t->url, 0, 0, &uc));
    CHECK_STR(buf[0], t->scheme_s);
    CHECK_STR(buf[1], t->host_s);
    CHECK_STR(buf[2], t->user_s);
    CHECK_STR(buf[3], t->pass_s);
    CHECK_STR(buf[4], t->path_s);
    CHECK_STR(buf[5], t->extra_s);
    CHECK_INT(uc.dwUrlPathLength, strlen(t->path_s));
    CHECK_INT(uc.dwHostNameLength, strlen(t->host_s));
    CHECK_INT(uc.dwExtraInfoLength, strlen(t->extra_s));
}

static void check_copies_w(const crack_case *t)
{
    WCHAR buf[6][256];
    WCHAR *w = to_w(t->url);
    URL_COMPONENTSW uc;
    zero_w(&uc, 256);
    uc.lpszScheme = buf[0];
    uc.lpszHostName = buf[1];
    uc.lpszUserName = buf[2];
    uc.lpszPassword = buf[3];
    uc.lpszUrlPath = buf[4];
    uc.lpszExtraInfo = buf[5];
    CHECK(InternetCrackUrlW(w, 0, 0, &uc));
    CHECK(w_equals(buf[0], uc.dwSchemeLength, t->scheme_s));
    CHECK(w_equals(buf[1], uc.dwHostNameLength, t->host_s));
    CHECK(w_equals(buf[2], uc.dwUserNameLength, t->user_s));
    CHECK(w_equals(buf[3], uc.dwPasswordLength, t->pass_s));
    CHECK(w_equals(buf[4], uc.dwUrlPathLength, t->path_s));
    CHECK(w_equals(buf[5], uc.dwExtraInfoLength, t->extra_s));
    free(w);
}

TEST(crack_table_matches_windows)
{
    for (size_t i = 0; i < sizeof crack_cases / sizeof crack_cases[0]; i++) {
        int before = check_failed_now;
        check_failed_now = 0;
        check_pointers_a(&crack_cases[i]);
        check_pointers_w(&crack_cases[i]);
        check_copies_a(&crack_cases[i]);
        check_copies_w(&crack_cases[i]);
        if (check_failed_now)
            fprintf(stderr, "  in case %s\n", crack_cases[i].url);
        check_failed_now |= before;
    }
}

TEST(crack_extra_info_stays_in_path_without_a_place)
{
    URL_COMPONENTSA uc;
    zero_a(&uc, 0);
    uc.dwHostNameLength = 1;
    uc.dwUrlPathLength = 1;
    const char *url = "http://www.myserver.com/myscript.php?arg=1";
    CHECK(InternetCrackUrlA(url, 0, 0, &uc));
    CHECK_SPAN(uc.lpszUrlPath, uc.dwUrlPathLength, "/myscript.php?arg=1");
    CHECK_SPAN(uc.lpszHostName, uc.dwHostNameLength, "www.myserver.com");
    CHECK(uc.lpszScheme == NULL && uc.dwSchemeLength == 0);
    CHECK_INT(uc.nPort, 80);
    CHECK_INT(uc.nScheme, INTERNET_SCHEME_HTTP);
}

TEST(crack_long_url_copies_and_points)
{
    static char path[6000], url[7000];
    memset(path, 'x', sizeof path - 1);
    path[0] = '/';
    strcpy(url, "http://www.winehq.org");
    strcat(url, path);
    URL_COMPONENTSA uc;
    zero_a(&uc, 1);
    CHECK(InternetCrackUrlA(url, 0, 0, &uc));
    CHECK_INT(uc.dwUrlPathLength, sizeof path - 1);
    CHECK(uc.lpszUrlPath == url + 21);
}

TEST(crack_small_buffer_says_the_size_needed)
{
    char host[5], path[64];
    URL_COMPONENTSA uc;
    zero_a(&uc, 0);
    uc.lpszHostName = host;
    uc.dwHostNameLength = sizeof host;
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = sizeof path;
    SetLastError(0);
    CHECK(!InternetCrackUrlA("http://www.winehq.org/x", 0, 0, &uc));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(uc.dwHostNameLength, 15);
    /* exactly the length, no room for the NUL: still too small */
    uc.dwHostNameLength = 14;
    CHECK(!InternetCrackUrlA("http://www.winehq.org/x", 0, 0, &uc));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(uc.dwHostNameLength, 15);

    WCHAR whost[4];
    URL_COMPONENTSW wc;
    zero_w(&wc, 0);
    wc.lpszHostName = whost;
    wc.dwHostNameLength = 4;
    WCHAR *w = to_w("http://www.winehq.org/x");
    CHECK(!InternetCrackUrlW(w, 0, 0, &wc));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(wc.dwHostNameLength, 15);
    free(w);
}

TEST(crack_argument_errors)
{
    URL_COMPONENTSA uc;
    zero_a(&uc, 1);
    SetLastError(0);
    CHECK(!InternetCrackUrlA(NULL, 0, 0, &uc));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetCrackUrlA("", 0, 0, &uc));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetCrackUrlA("http://x.org/", 0, 0, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    uc.dwStructSize = 0;
    CHECK(!InternetCrackUrlA("http://x.org/", 0, 0, &uc));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    uc.dwStructSize = sizeof uc + 1;
    CHECK(!InternetCrackUrlA("http://x.org/", 0, 0, &uc));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);

    URL_COMPONENTSW wc;
    zero_w(&wc, 1);
    CHECK(!InternetCrackUrlW(NULL, 0, 0, &wc));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    WCHAR *w = to_w("http://x.org/");
    CHECK(!InternetCrackUrlW(w, 0, 0, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    /* Windows checks dwStructSize in the A form only */
    wc.dwStructSize = 0;
    CHECK(InternetCrackUrlW(w, 0, 0, &wc));
    free(w);
}

TEST(crack_without_scheme_is_unrecognized)
{
    const char *urls[] = {"file.txt", "www.winehq.org", "../Ritz.xml", ":nothing", "/a:b"};
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        URL_COMPONENTSA uc;
        zero_a(&uc, 0);
        SetLastError(0);
        CHECK(!InternetCrackUrlA(urls[i], 0, 0, &uc));
        CHECK_INT(GetLastError(), ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    }
    WCHAR *w = to_w("../Ritz.xml");
    URL_COMPONENTSW wc;
    zero_w(&wc, 1);
    CHECK(!InternetCrackUrlW(w, 0, 0, &wc));
    CHECK_INT(GetLastError(), ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    free(w);
}

TEST(crack_malformed_authority_is_invalid_url)
{
    const char *urls[] = {"http://",      "http:///path",    "https://:443/",
                          "http://h:8x/", "http://h:65536/", "ftp://user@/"};
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        URL_COMPONENTSA uc;
        zero_a(&uc, 1);
        SetLastError(0);
        CHECK(!InternetCrackUrlA(urls[i], 0, 0, &uc));
        CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_URL);
    }
    URL_COMPONENTSA uc;
    zero_a(&uc, 1);
    CHECK(InternetCrackUrlA("http://h:65535/", 0, 0, &uc));
    CHECK_INT(uc.nPort, 65535);
}

TEST(crack_length_is_a_maximum)
{
    URL_COMPONENTSA uc;
    zero_a(&uc, 1);
    CHECK(InternetCrackUrlA("http://x.org", 13, 0, &uc));
    CHECK_INT(uc.dwHostNameLength, 5);
    zero_a(&uc, 1);
    CHECK(InternetCrackUrlA("http://x.org\0/x", 15, 0, &uc));
    CHECK_INT(uc.dwUrlPathLength, 0);
    /* a shorter length cuts the URL */
    zero_a(&uc, 1);
    CHECK(InternetCrackUrlA("http://x.org/abc", 14, 0, &uc));
    CHECK_SPAN(uc.lpszUrlPath, uc.dwUrlPathLength, "/a");

    static const WCHAR url5[] = {'h', 't', 't', 'p', ':', '/', '/', 'x',
                                 '.', 'o', 'r', 'g', 0,   '/', 'x', 0};
    URL_COMPONENTSW wc;
    zero_w(&wc, 1);
    CHECK(InternetCrackUrlW(url5, 15, 0, &wc));
    CHECK_INT(wc.dwUrlPathLength, 0);
    CHECK_INT(wc.dwHostNameLength, 5);
}

TEST(crack_decode_applies_to_copies)
{
    char user[32], pass[32], host[32], path[64], extra[64];
    const char *url = "http://us%65r:p%40ss@ex%61mple.com/a%20b?x=%41";
    DWORD flags[] = {ICU_DECODE, ICU_ESCAPE};
    for (int k = 0; k < 2; k++) {
        URL_COMPONENTSA uc;
        zero_a(&uc, 32);
        uc.lpszUserName = user;
        uc.lpszPassword = pass;
        uc.lpszHostName = host;
        uc.lpszUrlPath = path;
        uc.dwUrlPathLength = sizeof path;
        uc.lpszExtraInfo = extra;
        uc.dwExtraInfoLength = sizeof extra;
        uc.dwSchemeLength = 0;
        CHECK(InternetCrackUrlA(url, 0, flags[k], &uc));
        CHECK_STR(user, "user");
        CHECK_STR(pass, "p@ss");
        CHECK_STR(host, "example.com");
        CHECK_STR(path, "/a b");
        CHECK_INT(uc.dwUrlPathLength, 4);
        CHECK_STR(extra, "?x=A");
    }
    /* pointers into the input cannot be decoded: they stay as given */
    URL_COMPONENTSA uc;
    zero_a(&uc, 1);
    CHECK(InternetCrackUrlA(url, 0, ICU_DECODE, &uc));
    CHECK_SPAN(uc.lpszUrlPath, uc.dwUrlPathLength, "/a%20b");
    /* and without the flag, copies are not decoded either */
    zero_a(&uc, 0);
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = sizeof path;
    CHECK(InternetCrackUrlA(url, 0, 0, &uc));
    CHECK_STR(path, "/a%20b?x=%41");
}

TEST(crack_w_counts_utf16_units)
{
    /* "http://h\u00e9.example/\U0001F600?q" with a non-BMP character */
    static const WCHAR url[] = {'h', 't', 't', 'p', ':', '/', '/',    'h',    0xE9, '.', 'e', 'x',
                                'a', 'm', 'p', 'l', 'e', '/', 0xD83D, 0xDE00, '?',  'q', 0};
    URL_COMPONENTSW uc;
    zero_w(&uc, 1);
    CHECK(InternetCrackUrlW(url, 0, 0, &uc));
    CHECK(uc.lpszHostName == url + 7);
    CHECK_INT(uc.dwHostNameLength, 10);
    CHECK(uc.lpszUrlPath == url + 17);
    CHECK_INT(uc.dwUrlPathLength, 3);
    CHECK(uc.lpszExtraInfo == url + 20);
    CHECK_INT(uc.dwExtraInfoLength, 2);

    WCHAR path[8];
    zero_w(&uc, 0);
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = 8;
    uc.dwExtraInfoLength = 1;
    CHECK(InternetCrackUrlW(url, 0, 0, &uc));
    CHECK_INT(uc.dwUrlPathLength, 3);
    CHECK(path[0] == '/' && path[1] == 0xD83D && path[2] == 0xDE00 && path[3] == 0);

    /* the A form sees the same URL in UTF-8: byte offsets */
    const char *a = "http://h\xc3\xa9.example/\xf0\x9f\x98\x80?q";
    URL_COMPONENTSA ua;
    zero_a(&ua, 1);
    CHECK(InternetCrackUrlA(a, 0, 0, &ua));
    CHECK_INT(ua.dwHostNameLength, 11);
    CHECK_SPAN(ua.lpszUrlPath, ua.dwUrlPathLength, "/\xf0\x9f\x98\x80");
}

TEST(crack_w_lone_surrogate_keeps_places)
{
    /* a lone high surrogate in the host: the parts after it keep their
     * offsets in the caller's string */
    static const WCHAR url[] = {'h', 't', 't', 'p', ':', '/', '/', 'a', 0xD800, 'b', '/', 'p', 0};
    URL_COMPONENTSW uc;
    zero_w(&uc, 1);
    CHECK(InternetCrackUrlW(url, 0, 0, &uc));
    CHECK(uc.lpszHostName == url + 7);
    CHECK_INT(uc.dwHostNameLength, 3);
    CHECK(uc.lpszUrlPath == url + 10);
    CHECK_INT(uc.dwUrlPathLength, 2);
}

/* ---- InternetCreateUrl ---- */

static void fill_components(URL_COMPONENTSA *uc)
{
    static char http[] = "http", host[] = "www.winehq.org", user[] = "username",
                pass[] = "password", path[] = "/site/about", empty[] = "";
    memset(uc, 0, sizeof *uc);
    uc->dwStructSize = sizeof *uc;
    uc->lpszScheme = http;
    uc->nScheme = INTERNET_SCHEME_HTTP;
    uc->lpszHostName = host;
    uc->nPort = 80;
    uc->lpszUserName = user;
    uc->lpszPassword = pass;
    uc->lpszUrlPath = path;
    uc->lpszExtraInfo = empty;
}

TEST(create_size_protocol)
{
    URL_COMPONENTSA uc;
    fill_components(&uc);
    const char *want = "http://username:password@www.winehq.org/site/about";
    DWORD len = 0;
    SetLastError(0);
    CHECK(!InternetCreateUrlA(&uc, 0, NULL, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, strlen(want) + 1);
    char buf[128];
    len = (DWORD)strlen(want);
    CHECK(!InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, strlen(want) + 1);
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_INT(len, strlen(want));
    CHECK_STR(buf, want);
}

TEST(create_w_reports_bytes_when_too_small)
{
    URL_COMPONENTSW uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = to_w("http");
    uc.lpszHostName = to_w("h\xe9");
    uc.lpszHostName[1] = 0xE9;
    uc.lpszUrlPath = to_w("/p");
    DWORD len = 3;
    WCHAR buf[64];
    SetLastError(0);
    CHECK(!InternetCreateUrlW(&uc, 0, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, (strlen("http://h\xe9/p") + 1) * sizeof(WCHAR));
    len = 64;
    CHECK(InternetCreateUrlW(&uc, 0, buf, &len));
    CHECK_INT(len, 11);
    CHECK(buf[8] == 0xE9 && buf[11] == 0);
    free(uc.lpszScheme);
    free(uc.lpszHostName);
    free(uc.lpszUrlPath);
}

TEST(create_credentials_combinations)
{
    URL_COMPONENTSA uc;
    char buf[128];
    DWORD len;

    fill_components(&uc);
    uc.lpszPassword = NULL;
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_STR(buf, "http://username@www.winehq.org/site/about");
    CHECK_INT(len, 41);

    fill_components(&uc);
    uc.lpszPassword = (char *)"";
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_STR(buf, "http://username:@www.winehq.org/site/about");

    fill_components(&uc);
    uc.lpszUserName = NULL;
    len = 42;
    SetLastError(0);
    CHECK(!InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_INT(len, 42);

    fill_components(&uc);
    uc.lpszUserName = NULL;
    uc.lpszPassword = NULL;
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_STR(buf, "http://www.winehq.org/site/about");
    CHECK_INT(len, 32);
}

TEST(create_scheme_and_port_rules)
{
    URL_COMPONENTSA uc;
    char buf[128];
    DWORD len;

    /* no scheme string: nScheme names it */
    fill_components(&uc);
    uc.lpszScheme = NULL;
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_STR(buf, "http://username:password@www.winehq.org/site/about");
    uc.nScheme = INTERNET_SCHEME_DEFAULT;
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_STR(buf, "http://username:password@www.winehq.org/site/about");
    uc.nScheme = INTERNET_SCHEME_HTTPS;
    uc.nPort = 443;
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_STR(buf, "https://username:password@www.winehq.org/site/about");
    uc.nScheme = (INTERNET_SCHEME)99;
    len = sizeof buf;
    SetLastError(0);
    CHECK(!InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);

    /* the scheme string wins over nScheme; 80 is not nhttp's default */
    fill_components(&uc);
    uc.lpszScheme = (char *)"nhttp";
    uc.nScheme = (INTERNET_SCHEME)-3;
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, ICU_ESCAPE, buf, &len));
    CHECK_STR(buf, "nhttp://username:password@www.winehq.org:80/site/about");

    fill_components(&uc);
    uc.nPort = 42;
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_STR(buf, "http://username:password@www.winehq.org:42/site/about");

    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = (char *)"http";
    uc.lpszHostName = (char *)"www.winehq.org";
    uc.nPort = 65535;
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_STR(buf, "http://www.winehq.org:65535");

    /* lengths, when given, are used instead of the NUL */
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = (char *)"https-and-more";
    uc.dwSchemeLength = 5;
    uc.lpszHostName = (char *)"example.com:junk";
    uc.dwHostNameLength = 11;
    uc.lpszUrlPath = (char *)"x";
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_STR(buf, "https://example.com/x");
}

TEST(create_opaque_schemes)
{
    URL_COMPONENTSA uc;
    char buf[64];
    DWORD len = sizeof buf;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = (char *)"about";
    uc.lpszUrlPath = (char *)"blank";
    CHECK(InternetCreateUrlA(&uc, ICU_ESCAPE, buf, &len));
    CHECK_STR(buf, "about:blank");
    CHECK_INT(len, 11);

    uc.lpszHostName = (char *)"host";
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, ICU_ESCAPE, buf, &len));
    CHECK_STR(buf, "about://host/blank");

    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = (char *)"about";
    uc.nPort = 8080;
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, ICU_ESCAPE, buf, &len));
    CHECK_STR(buf, "about:");
}

TEST(create_extra_info_and_escape)
{
    URL_COMPONENTSA uc;
    char buf[128];
    DWORD len = sizeof buf;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = (char *)"http";
    uc.lpszHostName = (char *)"localhost";
    uc.nPort = 80;
    uc.lpszUrlPath = (char *)"/";
    uc.lpszExtraInfo = (char *)"?test=123";
    CHECK(InternetCreateUrlA(&uc, ICU_ESCAPE, buf, &len));
    CHECK_STR(buf, "http://localhost/?test=123");

    uc.lpszUrlPath = (char *)"a b/<c>";
    uc.lpszExtraInfo = (char *)"?q=x y";
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    CHECK_STR(buf, "http://localhost/a b/<c>?q=x y");
    len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, ICU_ESCAPE, buf, &len));
    CHECK_STR(buf, "http://localhost/a%20b/%3Cc%3E?q=x%20y");
}

TEST(create_argument_errors)
{
    URL_COMPONENTSA uc;
    DWORD len = (DWORD)-1;
    SetLastError(0);
    CHECK(!InternetCreateUrlA(NULL, 0, NULL, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_INT(len, (DWORD)-1);
    memset(&uc, 0, sizeof uc);
    CHECK(!InternetCreateUrlA(&uc, 0, NULL, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_INT(len, (DWORD)-1);
    fill_components(&uc);
    CHECK(!InternetCreateUrlA(&uc, 0, NULL, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    URL_COMPONENTSW wc;
    memset(&wc, 0, sizeof wc);
    CHECK(!InternetCreateUrlW(&wc, 0, NULL, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

TEST(create_then_crack_round_trip)
{
    URL_COMPONENTSA uc;
    fill_components(&uc);
    uc.nPort = 8080;
    uc.lpszExtraInfo = (char *)"?a=1#top";
    char buf[128];
    DWORD len = sizeof buf;
    CHECK(InternetCreateUrlA(&uc, 0, buf, &len));
    URL_COMPONENTSA back;
    zero_a(&back, 1);
    CHECK(InternetCrackUrlA(buf, len, 0, &back));
    CHECK_SPAN(back.lpszUserName, back.dwUserNameLength, "username");
    CHECK_SPAN(back.lpszPassword, back.dwPasswordLength, "password");
    CHECK_SPAN(back.lpszHostName, back.dwHostNameLength, "www.winehq.org");
    CHECK_INT(back.nPort, 8080);
    CHECK_SPAN(back.lpszUrlPath, back.dwUrlPathLength, "/site/about");
    CHECK_SPAN(back.lpszExtraInfo, back.dwExtraInfoLength, "?a=1#top");
}

/* ---- InternetCanonicalizeUrl ---- */

static const char *canon(const char *url, DWORD flags)
{
    static char buf[512];
    DWORD len = sizeof buf;
    if (!InternetCanonicalizeUrlA(url, buf, &len, flags))
        return "(failed)";
    if (len != strlen(buf))
        return "(bad length)";
    return buf;
}

TEST(canonicalize_flags_as_windows)
{
    const char *src = "http://www.winehq.org/%27/ /./>/#>  ";
    CHECK_STR(canon(src, 0), "http://www.winehq.org/%27/%20/%3E/#>");
    CHECK_STR(canon(src, ICU_BROWSER_MODE), "http://www.winehq.org/%27/%20/%3E/#>");
    CHECK_STR(canon(src, ICU_ESCAPE), "http://www.winehq.org/%27/%20/%3E/#>");
    CHECK_STR(canon(src, ICU_DECODE), "http://www.winehq.org/'/%20/%3E/#>");
    CHECK_STR(canon(src, ICU_ENCODE_PERCENT), "http://www.winehq.org/%2527/%20/%3E/#>");
    CHECK_STR(canon(src, ICU_ENCODE_SPACES_ONLY), "http://www.winehq.org/%27/%20/>/#>");
    CHECK_STR(canon(src, ICU_NO_ENCODE), "http://www.winehq.org/%27/ />/#>");
    CHECK_STR(canon(src, ICU_NO_META), "http://www.winehq.org/%27/%20/./%3E/#>");
}

TEST(canonicalize_dot_segments)
{
    CHECK_STR(canon("http://h/a/b/../c/./d", 0), "http://h/a/c/d");
    CHECK_STR(canon("http://h/a/b/..", 0), "http://h/a/");
    CHECK_STR(canon("http://h/a/b/.", 0), "http://h/a/b/");
    CHECK_STR(canon("http://h/../../x", 0), "http://h/x");
    CHECK_STR(canon("http://h/tests/..?query=x", 0), "http://h/?query=x");
    CHECK_STR(canon("http://h/a/../b", ICU_NO_META), "http://h/a/../b");
    CHECK_STR(canon("http://www.winehq.org", 0), "http://www.winehq.org/");
    CHECK_STR(canon("http://h\\tests/../#example", 0), "http://h/#example");
    CHECK_STR(canon("http://h/a\\b", 0), "http://h/a/b");
    /* an opaque URL has no segments to resolve */
    CHECK_STR(canon("mailto:a/../b@c", 0), "mailto:a/../b@c");
}

TEST(canonicalize_escapes)
{
    CHECK_STR(canon("http://h/a\"b<c>d^e`f{g|h}i", 0),
              "http://h/a%22b%3Cc%3Ed%5Ee%60f%7Bg%7Ch%7Di");
    CHECK_STR(canon("http://h/\xc3\xa9t\xc3\xa9", 0), "http://h/%C3%A9t%C3%A9");
    CHECK_STR(canon("http://h/a%2fb", ICU_DECODE), "http://h/a/b");
    /* a '?' or '#' that decoding yields stays escaped */
    CHECK_STR(canon("http://h/a%3Fb%23c", ICU_DECODE), "http://h/a%3Fb%23c");
    CHECK_STR(canon("http://h/a%20b?q=%41 b", ICU_DECODE), "http://h/a%20b?q=A%20b");
    CHECK_STR(canon("http://h/a%20b?q=%41 b", ICU_DECODE | ICU_NO_ENCODE), "http://h/a b?q=A b");
    CHECK_STR(canon("http://h/p?q=a b", ICU_BROWSER_MODE), "http://h/p?q=a b");
    CHECK_STR(canon("  http://h/p\t\r\n", 0), "http://h/p");
    CHECK_STR(canon("http://www.winehq.org/index.php?x= ", ICU_BROWSER_MODE),
              "http://www.winehq.org/index.php?x=");
}

TEST(canonicalize_file_urls)
{
    CHECK_STR(canon("file:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml",
                    ICU_DECODE | ICU_NO_ENCODE),
              "file://C:\\Program Files\\Atmel\\AVR Tools\\STK500\\STK500.xml");
    CHECK_STR(canon("file://C:/a/../b%20c", 0), "file://C:\\b%20c");
    CHECK_STR(canon("file://localhost/C|/x", 0), "file://C:\\x");
    /* POSIX paths stay URLs */
    CHECK_STR(canon("file:///home/user/a b/../c", 0), "file:///home/user/c");
}

TEST(canonicalize_size_protocol)
{
    const char *url = "http://swupmf.adobe.com/manifest/50/win/AdobeUpdater.upd";
    size_t n = strlen(url);
    char buf[256];
    DWORD len = 1;
    SetLastError(0);
    CHECK(!InternetCanonicalizeUrlA(url, buf, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, n + 1);
    len = (DWORD)n;
    CHECK(!InternetCanonicalizeUrlA(url, buf, &len, 0));
    CHECK_INT(len, n + 1);
    len = (DWORD)n + 1;
    CHECK(InternetCanonicalizeUrlA(url, buf, &len, 0));
    CHECK_INT(len, n);
    CHECK_STR(buf, url);
    len = (DWORD)n + 2;
    CHECK(InternetCanonicalizeUrlA(url, buf, &len, 0));
    CHECK_INT(len, n);

    len = (DWORD)n + 1;
    CHECK(!InternetCanonicalizeUrlA(NULL, buf, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetCanonicalizeUrlA(url, NULL, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetCanonicalizeUrlA(url, buf, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

TEST(canonicalize_w_sizes_in_characters)
{
    static const WCHAR url[] = {'h', 't', 't', 'p', ':', '/', '/', 'h', '/', 0xE9, ' ', 0};
    WCHAR buf[64];
    DWORD len = 4;
    SetLastError(0);
    CHECK(!InternetCanonicalizeUrlW(url, buf, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, strlen("http://h/%C3%A9") + 1);
    len = 64;
    CHECK(InternetCanonicalizeUrlW(url, buf, &len, 0));
    CHECK(w_equals(buf, len, "http://h/%C3%A9"));
    len = 64;
    CHECK(InternetCanonicalizeUrlW(url, buf, &len, ICU_NO_ENCODE));
    CHECK_INT(len, 10);
    CHECK(buf[9] == 0xE9 && buf[10] == 0);
    CHECK(!InternetCanonicalizeUrlW(NULL, buf, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
}

/* ---- InternetCombineUrl ---- */

static const char *combine(const char *base, const char *rel, DWORD flags)
{
    static char buf[512];
    DWORD len = sizeof buf;
    if (!InternetCombineUrlA(base, rel, buf, &len, flags))
        return "(failed)";
    if (len != strlen(buf))
        return "(bad length)";
    return buf;
}

TEST(combine_resolves_references)
{
    const char *base = "http://a/b/c/d;p?q#f";
    /* RFC 3986 section 5.4.1 */
    CHECK_STR(combine(base, "g", 0), "http://a/b/c/g");
    CHECK_STR(combine(base, "./g", 0), "http://a/b/c/g");
    CHECK_STR(combine(base, "g/", 0), "http://a/b/c/g/");
    CHECK_STR(combine(base, "/g", 0), "http://a/g");
    CHECK_STR(combine(base, "//g", 0), "http://g/");
    CHECK_STR(combine(base, "?y", 0), "http://a/b/c/d;p?y");
    CHECK_STR(combine(base, "g?y", 0), "http://a/b/c/g?y");
    CHECK_STR(combine(base, "#s", 0), "http://a/b/c/d;p?q#s");
    CHECK_STR(combine(base, "g#s", 0), "http://a/b/c/g#s");
    CHECK_STR(combine(base, "..", 0), "http://a/b/");
    CHECK_STR(combine(base, "../g", 0), "http://a/b/g");
    CHECK_STR(combine(base, "../../g", 0), "http://a/g");
    CHECK_STR(combine(base, "../../../g", 0), "http://a/g");
    CHECK_STR(combine(base, "", 0), "http://a/b/c/d;p?q");
    CHECK_STR(combine(base, "https://other/x", 0), "https://other/x");
    CHECK_STR(combine(base, "http:g", 0), "http://a/b/c/g");
    CHECK_STR(combine("http://www.winehq.org/tests/", "../tests3", 0),
              "http://www.winehq.org/tests3");
    CHECK_STR(combine("http://www.winehq.org", "x", 0), "http://www.winehq.org/x");
}

TEST(combine_canonicalizes_with_the_flags)
{
    CHECK_STR(combine("http://h/a/", "b c/../d e", 0), "http://h/a/d%20e");
    CHECK_STR(combine("http://h/a/", "b c/../d e", ICU_NO_ENCODE), "http://h/a/d e");
    CHECK_STR(combine("http://h/a/", "b/../c", ICU_NO_META), "http://h/a/b/../c");
    CHECK_STR(combine("http://h/a/", "x%41", ICU_DECODE), "http://h/a/xA");
}

TEST(combine_errors_and_sizes)
{
    char buf[64];
    DWORD len = sizeof buf;
    SetLastError(0);
    CHECK(!InternetCombineUrlA("about:blank", "x", buf, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_URL);
    CHECK(!InternetCombineUrlA("no-scheme/x", "y", buf, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_URL);
    CHECK(!InternetCombineUrlA(NULL, "y", buf, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetCombineUrlA("http://h/", NULL, buf, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetCombineUrlA("http://h/", "y", NULL, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetCombineUrlA("http://h/", "y", buf, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    len = 5;
    CHECK(!InternetCombineUrlA("http://h/", "y", buf, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, strlen("http://h/y") + 1);
    CHECK(InternetCombineUrlA("http://h/", "y", buf, &len, 0));
    CHECK_INT(len, strlen("http://h/y"));

    WCHAR *base = to_w("http://h/dir/page"), *rel = to_w("other?x");
    WCHAR wbuf[64];
    len = 3;
    CHECK(!InternetCombineUrlW(base, rel, wbuf, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, strlen("http://h/dir/other?x") + 1);
    CHECK(InternetCombineUrlW(base, rel, wbuf, &len, 0));
    CHECK(w_equals(wbuf, len, "http://h/dir/other?x"));
    CHECK(!InternetCombineUrlW(NULL, rel, wbuf, &len, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    free(base);
    free(rel);
}

int main(void)
{
    RUN(crack_table_matches_windows);
    RUN(crack_extra_info_stays_in_path_without_a_place);
    RUN(crack_long_url_copies_and_points);
    RUN(crack_small_buffer_says_the_size_needed);
    RUN(crack_argument_errors);
    RUN(crack_without_scheme_is_unrecognized);
    RUN(crack_malformed_authority_is_invalid_url);
    RUN(crack_length_is_a_maximum);
    RUN(crack_decode_applies_to_copies);
    RUN(crack_w_counts_utf16_units);
    RUN(crack_w_lone_surrogate_keeps_places);
    RUN(create_size_protocol);
    RUN(create_w_reports_bytes_when_too_small);
    RUN(create_credentials_combinations);
    RUN(create_scheme_and_port_rules);
    RUN(create_opaque_schemes);
    RUN(create_extra_info_and_escape);
    RUN(create_argument_errors);
    RUN(create_then_crack_round_trip);
    RUN(canonicalize_flags_as_windows);
    RUN(canonicalize_dot_segments);
    RUN(canonicalize_escapes);
    RUN(canonicalize_file_urls);
    RUN(canonicalize_size_protocol);
    RUN(canonicalize_w_sizes_in_characters);
    RUN(combine_resolves_references);
    RUN(combine_canonicalizes_with_the_flags);
    RUN(combine_errors_and_sizes);
    return check_summary();
}
