/* HttpQueryInfo: status code and text, version, raw headers in both forms,
 * content length and type, HTTP_QUERY_CUSTOM, the index of repeated
 * headers, FLAG_NUMBER, FLAG_SYSTEMTIME, FLAG_COALESCE, the request head
 * with FLAG_REQUEST_HEADERS, the W form's sizes in bytes, and the
 * buffer-size protocol with its errors. */
#include "wsupport.h"

#include <sys/stat.h>
#include <time.h>

static unsigned nginx, httpbin;
static HINTERNET session;

static HINTERNET get(unsigned port, const char *path)
{
    return http_request(session, port, "GET", path, 1);
}

TEST(status_code_as_string_and_number)
{
    HINTERNET r = get(nginx, "/1k.bin");
    char buf[16];
    DWORD len = 2;
    SetLastError(0);
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, buf, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, 4); /* "200" and its NUL */
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, NULL, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, 4);
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, buf, &len, NULL));
    CHECK_INT(len, 3);
    CHECK_STR(buf, "200");
    DWORD code = 0;
    len = sizeof code;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL));
    CHECK_INT(code, 200);
    CHECK_INT(len, 4);
    ULONGLONG big = 0;
    len = sizeof big;
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &big, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_HTTP_INVALID_HEADER); /* the size must be 4 */
    DWORD index = 1;
    len = sizeof code;
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, &index));
    CHECK_INT(GetLastError(), ERROR_HTTP_HEADER_NOT_FOUND);
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, buf, NULL, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    index = 0;
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, buf, &len, &index));
    CHECK_INT(index, 1);
    InternetCloseHandle(r);
}

TEST(status_text_and_version)
{
    HINTERNET r = get(nginx, "/no-such-file");
    char buf[64];
    DWORD len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_STATUS_TEXT, buf, &len, NULL));
    CHECK_STR(buf, "Not Found");
    CHECK_INT(len, 9);
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_VERSION, buf, &len, NULL));
    CHECK_STR(buf, "HTTP/1.1");
    InternetCloseHandle(r);
}

TEST(raw_headers_with_crlf)
{
    HINTERNET r = get(nginx, "/1k.bin");
    char buf[4096];
    DWORD len = 0;
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_RAW_HEADERS_CRLF, NULL, &len, NULL));
    DWORD need = len;
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_RAW_HEADERS_CRLF, buf, &len, NULL));
    CHECK_INT(len, need - 1);
    CHECK_INT(strlen(buf), len);
    CHECK(strncmp(buf, "HTTP/1.1 200 OK\r\n", 17) == 0);
    CHECK(strstr(buf, "\r\nContent-Length: 1024\r\n") != NULL);
    CHECK(len >= 4 && strcmp(buf + len - 4, "\r\n\r\n") == 0);
    InternetCloseHandle(r);
}

TEST(raw_headers_separated_by_nuls)
{
    HINTERNET r = get(nginx, "/1k.bin");
    char buf[4096];
    DWORD len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_RAW_HEADERS, buf, &len, NULL));
    CHECK_STR(buf, "HTTP/1.1 200 OK");
    /* Lines each end in a NUL and the list in a second one. */
    size_t pos = 0, lines = 0;
    int has_length = 0;
    while (pos < len && buf[pos]) {
        has_length |= strcmp(buf + pos, "Content-Length: 1024") == 0;
        pos += strlen(buf + pos) + 1;
        lines++;
    }
    CHECK_INT(pos, len);
    CHECK(buf[len] == '\0' && buf[len - 1] == '\0');
    CHECK(lines > 3 && has_length);
    InternetCloseHandle(r);
}

TEST(content_length_and_type)
{
    HINTERNET r = get(nginx, "/1k.bin");
    char buf[64];
    DWORD len = sizeof buf, n = 0;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_CONTENT_LENGTH, buf, &len, NULL));
    CHECK_STR(buf, "1024");
    len = sizeof n;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER, &n, &len, NULL));
    CHECK_INT(n, 1024);
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_CONTENT_TYPE, buf, &len, NULL));
    CHECK_STR(buf, "application/octet-stream");
    len = sizeof n;
    SetLastError(0);
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_CONTENT_TYPE | HTTP_QUERY_FLAG_NUMBER, &n, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_HTTP_INVALID_HEADER);
    len = sizeof buf;
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_CONTENT_MD5, buf, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_HTTP_HEADER_NOT_FOUND);
    InternetCloseHandle(r);
}

TEST(custom_headers_by_name)
{
    HINTERNET r = get(nginx, "/1k.bin");
    char buf[64];
    strcpy(buf, "content-type");
    DWORD len = 13; /* the name fits, the value does not */
    SetLastError(0);
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_CUSTOM, buf, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, 25);
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_CUSTOM, buf, &len, NULL));
    CHECK_STR(buf, "application/octet-stream");
    strcpy(buf, "X-Not-There");
    len = sizeof buf;
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_CUSTOM, buf, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_HTTP_HEADER_NOT_FOUND);
    len = sizeof buf;
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_CUSTOM, NULL, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    InternetCloseHandle(r);
}

TEST(index_walks_repeated_headers)
{
    HINTERNET r = get(httpbin, "/response-headers?X-Rep=a&X-Rep=b");
    char buf[64];
    DWORD index = 0, len;
    const char *want[] = {"a", "b"};
    for (int i = 0; i < 2; i++) {
        strcpy(buf, "X-Rep");
        len = sizeof buf;
        CHECK(HttpQueryInfoA(r, HTTP_QUERY_CUSTOM, buf, &len, &index));
        CHECK_STR(buf, want[i]);
        CHECK_INT(index, i + 1);
    }
    strcpy(buf, "X-Rep");
    len = sizeof buf;
    SetLastError(0);
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_CUSTOM, buf, &len, &index));
    CHECK_INT(GetLastError(), ERROR_HTTP_HEADER_NOT_FOUND);
    CHECK_INT(index, 2);
    strcpy(buf, "X-Rep");
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_CUSTOM | HTTP_QUERY_FLAG_COALESCE, buf, &len, NULL));
    CHECK_STR(buf, "a, b");
    InternetCloseHandle(r);
}

static void check_time(const SYSTEMTIME *t, int y, int mo, int dow, int d, int h, int mi, int s)
{
    CHECK_INT(t->wYear, y);
    CHECK_INT(t->wMonth, mo);
    CHECK_INT(t->wDayOfWeek, dow);
    CHECK_INT(t->wDay, d);
    CHECK_INT(t->wHour, h);
    CHECK_INT(t->wMinute, mi);
    CHECK_INT(t->wSecond, s);
    CHECK_INT(t->wMilliseconds, 0);
}

TEST(dates_as_systemtime)
{
    /* The three forms of HTTP dates (RFC 9110 section 5.6.7). */
    HINTERNET r = get(httpbin, "/response-headers?Expires=Sun,%2006%20Nov%201994%2008:49:37%20GMT"
                               "&X-D850=Sunday,%2006-Nov-94%2008:49:37%20GMT"
                               "&X-Dasc=Sun%20Nov%20%206%2008:49:37%201994&X-Bad=soon");
    SYSTEMTIME t;
    DWORD len = sizeof t;
    memset(&t, 0xff, sizeof t);
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_EXPIRES | HTTP_QUERY_FLAG_SYSTEMTIME, &t, &len, NULL));
    CHECK_INT(len, sizeof t);
    check_time(&t, 1994, 11, 0, 6, 8, 49, 37);
    const char *names[] = {"X-D850", "X-Dasc"};
    for (int i = 0; i < 2; i++) {
        char buf[sizeof t > 16 ? sizeof t : 16];
        strcpy(buf, names[i]);
        len = sizeof t;
        CHECK(HttpQueryInfoA(r, HTTP_QUERY_CUSTOM | HTTP_QUERY_FLAG_SYSTEMTIME, buf, &len, NULL));
        memcpy(&t, buf, sizeof t);
        check_time(&t, 1994, 11, 0, 6, 8, 49, 37);
    }
    len = 4;
    SetLastError(0);
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_EXPIRES | HTTP_QUERY_FLAG_SYSTEMTIME, &t, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, sizeof t);
    char buf[32] = "X-Bad";
    len = sizeof buf;
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_CUSTOM | HTTP_QUERY_FLAG_SYSTEMTIME, buf, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_HTTP_INVALID_HEADER);
    InternetCloseHandle(r);
}

TEST(last_modified_is_the_file_time)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/1k.bin", env_need("OI_DOCROOT"));
    struct stat st;
    CHECK(stat(path, &st) == 0);
    struct tm tm;
    gmtime_r(&st.st_mtime, &tm);
    HINTERNET r = get(nginx, "/1k.bin");
    SYSTEMTIME t;
    DWORD len = sizeof t;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_LAST_MODIFIED | HTTP_QUERY_FLAG_SYSTEMTIME, &t, &len, NULL));
    check_time(&t, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_wday, tm.tm_mday, tm.tm_hour, tm.tm_min,
               tm.tm_sec);
    InternetCloseHandle(r);
}

TEST(request_headers_as_sent)
{
    HINTERNET r = http_request(session, httpbin, "POST", "/post", 0);
    char buf[1024];
    DWORD len = sizeof buf;
    /* Before sending: the method, the version and the headers added so far. */
    CHECK(HttpAddRequestHeadersA(r, "X-Added: yes\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD));
    strcpy(buf, "X-Added");
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_CUSTOM | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len, NULL));
    CHECK_STR(buf, "yes");
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_REQUEST_METHOD, buf, &len, NULL));
    CHECK_STR(buf, "POST");
    len = sizeof buf;
    SetLastError(0);
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, buf, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_HTTP_HEADER_NOT_FOUND); /* no response yet */
    CHECK(HttpSendRequestA(r, NULL, 0, "x", 1));
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_HOST | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len, NULL));
    char want[64];
    snprintf(want, sizeof want, "127.0.0.1:%u", httpbin);
    CHECK_STR(buf, want);
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_USER_AGENT | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len,
                         NULL));
    CHECK_STR(buf, "wininet-test/1.0");
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_VERSION | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len, NULL));
    CHECK_STR(buf, "HTTP/1.1");
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_RAW_HEADERS_CRLF | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf,
                         &len, NULL));
    CHECK(strncmp(buf, "POST /post HTTP/1.1\r\n", 21) == 0);
    CHECK(strstr(buf, "\r\nX-Added: yes\r\n") != NULL);
    len = sizeof buf;
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len,
                          NULL));
    CHECK_INT(GetLastError(), ERROR_HTTP_INVALID_QUERY_REQUEST);
    InternetCloseHandle(r);
}

TEST(unknown_levels)
{
    HINTERNET r = get(nginx, "/index.html");
    char buf[64];
    DWORD len = sizeof buf;
    SetLastError(0);
    CHECK(!HttpQueryInfoA(r, 200, buf, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_HTTP_INVALID_QUERY_REQUEST);
    len = sizeof buf;
    CHECK(!HttpQueryInfoA(r, HTTP_QUERY_ECHO_REQUEST, buf, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_HTTP_HEADER_NOT_FOUND);
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_SERVER, buf, &len, NULL));
    CHECK(strncmp(buf, "nginx", 5) == 0);
    InternetCloseHandle(r);
}

TEST(wide_sizes_are_in_bytes)
{
    HINTERNET r = get(nginx, "/1k.bin");
    WCHAR buf[64];
    DWORD len = 4;
    SetLastError(0);
    CHECK(!HttpQueryInfoW(r, HTTP_QUERY_STATUS_CODE, buf, &len, NULL));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, 8); /* (3 + 1) * 2 */
    CHECK(HttpQueryInfoW(r, HTTP_QUERY_STATUS_CODE, buf, &len, NULL));
    CHECK_INT(len, 6);
    CHECK(buf[0] == u'2' && buf[1] == u'0' && buf[2] == u'0' && buf[3] == 0);
    static const WCHAR name[] = u"Content-Length";
    memcpy(buf, name, sizeof name);
    len = sizeof buf;
    CHECK(HttpQueryInfoW(r, HTTP_QUERY_CUSTOM, buf, &len, NULL));
    CHECK_INT(len, 8);
    CHECK(memcmp(buf, u"1024", 10) == 0);
    InternetCloseHandle(r);
}

int main(void)
{
    nginx = env_port("OI_NGINX_PORT");
    httpbin = env_port("OI_HTTPBIN_PORT");
    session = open_session();
    RUN(status_code_as_string_and_number);
    RUN(status_text_and_version);
    RUN(raw_headers_with_crlf);
    RUN(raw_headers_separated_by_nuls);
    RUN(content_length_and_type);
    RUN(custom_headers_by_name);
    RUN(index_walks_repeated_headers);
    RUN(dates_as_systemtime);
    RUN(last_modified_is_the_file_time);
    RUN(request_headers_as_sent);
    RUN(unknown_levels);
    RUN(wide_sizes_are_in_bytes);
    InternetCloseHandle(session);
    return check_summary();
}
