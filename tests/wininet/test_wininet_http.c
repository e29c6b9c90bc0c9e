/* WinInet requests against nginx, httpbin and the scripted server:
 * InternetOpen/Connect/OpenUrl, HttpOpenRequest, HttpAddRequestHeaders,
 * HttpSendRequest(Ex), InternetWriteFile, HttpEndRequest, the reads,
 * InternetSetFilePointer on local files, InternetGetLastResponseInfo and
 * the connectivity probes: success paths and documented errors. */
#include "wsupport.h"

static unsigned nginx, httpbin, scripted;

/* The request head as sent, for checks of what went out. */
static char *sent_head(HINTERNET r)
{
    static char buf[8192];
    DWORD len = sizeof buf;
    if (!HttpQueryInfoA(r, HTTP_QUERY_RAW_HEADERS_CRLF | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len,
                        NULL))
        return NULL;
    return buf;
}

/* ---- sessions and connections ---- */

TEST(open_refuses_bad_access_types)
{
    SetLastError(0);
    CHECK(!InternetOpenA("t", 2, NULL, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetOpenA("t", INTERNET_OPEN_TYPE_PROXY, NULL, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    HINTERNET s = InternetOpenA(NULL, INTERNET_OPEN_TYPE_PRECONFIG, NULL, NULL, 0);
    CHECK(s != NULL);
    CHECK(InternetCloseHandle(s));
}

TEST(connect_checks_its_arguments)
{
    HINTERNET s = open_session();
    SetLastError(0);
    CHECK(!InternetConnectA(s, NULL, 80, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetConnectA(s, "", 80, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetConnectA(s, "127.0.0.1", 21, NULL, NULL, INTERNET_SERVICE_FTP, 0, 0));
    CHECK_INT(GetLastError(), ERROR_NOT_SUPPORTED);
    CHECK(!InternetConnectA(s, "127.0.0.1", 80, NULL, NULL, 99, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetCloseHandle(s));
}

/* ---- GET ---- */

TEST(get_reads_the_file_byte_for_byte)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, nginx, "GET", "/1k.bin", 1);
    size_t n = 0, want_n = 0;
    char *body = r ? read_all(r, 100, &n) : NULL;
    char *want = docroot_file("1k.bin", &want_n);
    CHECK_INT(status_of(r), 200);
    CHECK(body && want && n == want_n && memcmp(body, want, n) == 0);
    free(body);
    free(want);
    CHECK(InternetCloseHandle(s));
}

TEST(reads_fill_the_buffer_until_the_end)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, nginx, "GET", "/1k.bin", 1);
    char buf[1000];
    DWORD n = 0;
    CHECK(InternetReadFile(r, buf, 1000, &n));
    CHECK_INT(n, 1000);
    CHECK(InternetReadFile(r, buf, 1000, &n));
    CHECK_INT(n, 24);
    CHECK(InternetReadFile(r, buf, 1000, &n));
    CHECK_INT(n, 0);
    CHECK(!InternetReadFile(r, buf, 10, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetCloseHandle(s));
}

TEST(error_statuses_are_successful_sends)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, nginx, "GET", "/no-such-file", 1);
    CHECK(r != NULL);
    CHECK_INT(status_of(r), 404);
    HINTERNET r2 = http_request(s, httpbin, "GET", "/status/500", 1);
    CHECK_INT(status_of(r2), 500);
    CHECK(InternetCloseHandle(s));
}

TEST(reading_before_sending_is_a_state_error)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, nginx, "GET", "/", 0);
    char buf[8];
    DWORD n;
    SetLastError(0);
    CHECK(!InternetReadFile(r, buf, sizeof buf, &n));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK(InternetCloseHandle(s));
}

TEST(a_request_can_be_sent_again)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, nginx, "GET", "/1k.bin", 1);
    char buf[10];
    DWORD n;
    CHECK(InternetReadFile(r, buf, sizeof buf, &n));
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    size_t total = 0;
    char *body = read_all(r, 333, &total);
    CHECK_INT(total, 1024);
    free(body);
    CHECK(InternetCloseHandle(s));
}

/* ---- HttpOpenRequest ---- */

TEST(open_request_fills_in_defaults)
{
    HINTERNET s = open_session();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)httpbin, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0);
    LPCSTR accept[] = {"text/html", "", "application/json", NULL};
    HINTERNET r = HttpOpenRequestA(c, NULL, "/anything/a b", NULL, NULL, accept, 0, 0);
    CHECK(r && HttpSendRequestA(r, NULL, 0, NULL, 0));
    const char *head = sent_head(r);
    CHECK(head && strncmp(head, "GET /anything/a%20b HTTP/1.1\r\n", 30) == 0);
    CHECK(head && strstr(head, "\r\nAccept: text/html, application/json\r\n"));
    CHECK(head && strstr(head, "\r\nUser-Agent: wininet-test/1.0\r\n"));
    HINTERNET r2 = HttpOpenRequestA(c, "", "", "", "", NULL, 0, 0);
    CHECK(r2 && HttpSendRequestA(r2, NULL, 0, NULL, 0));
    head = sent_head(r2);
    CHECK(head && strncmp(head, "GET / HTTP/1.1\r\n", 16) == 0);
    HINTERNET r3 =
        HttpOpenRequestA(c, "GET", "/get", "HTTP/1.0", "http://example.test/", NULL, 0, 0);
    CHECK(r3 && HttpSendRequestA(r3, NULL, 0, NULL, 0));
    head = sent_head(r3);
    CHECK(head && strncmp(head, "GET /get HTTP/1.0\r\n", 19) == 0);
    CHECK(head && strstr(head, "\r\nReferer: http://example.test/\r\n"));
    SetLastError(0);
    CHECK(!HttpOpenRequestA(c, "BAD VERB", "/", NULL, NULL, NULL, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetCloseHandle(s));
}

/* ---- HttpAddRequestHeaders ---- */

static DWORD request_header(HINTERNET r, const char *name, char *buf, DWORD size)
{
    strcpy(buf, name);
    DWORD len = size;
    return HttpQueryInfoA(r, HTTP_QUERY_CUSTOM | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len, NULL)
               ? ERROR_SUCCESS
               : GetLastError();
}

TEST(add_headers_follows_the_modifiers)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, httpbin, "GET", "/headers", 0);
    char v[256];
    CHECK(HttpAddRequestHeadersA(r, "X-One: 1\r\nX-Two: 2\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD));
    CHECK_INT(request_header(r, "X-Two", v, sizeof v), ERROR_SUCCESS);
    CHECK_STR(v, "2");
    SetLastError(0);
    CHECK(!HttpAddRequestHeadersA(r, "X-One: again", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD_IF_NEW));
    CHECK_INT(GetLastError(), ERROR_HTTP_HEADER_ALREADY_EXISTS);
    CHECK(!HttpAddRequestHeadersA(r, "X-One: again", (DWORD)-1, 0)); /* no modifier: if new */
    CHECK_INT(GetLastError(), ERROR_HTTP_HEADER_ALREADY_EXISTS);
    CHECK(HttpAddRequestHeadersA(r, "X-One: 3", (DWORD)-1, HTTP_ADDREQ_FLAG_REPLACE));
    CHECK_INT(request_header(r, "X-One", v, sizeof v), ERROR_SUCCESS);
    CHECK_STR(v, "3");
    CHECK(HttpAddRequestHeadersA(r, "X-One: 4", (DWORD)-1, HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA));
    CHECK_INT(request_header(r, "X-One", v, sizeof v), ERROR_SUCCESS);
    CHECK_STR(v, "3, 4");
    CHECK(HttpAddRequestHeadersA(r, "X-Two:", (DWORD)-1, HTTP_ADDREQ_FLAG_REPLACE));
    CHECK_INT(request_header(r, "X-Two", v, sizeof v), ERROR_HTTP_HEADER_NOT_FOUND);
    CHECK(HttpAddRequestHeadersA(r, "X-Len: abcdef", 8, HTTP_ADDREQ_FLAG_ADD)); /* "X-Len: a" */
    CHECK_INT(request_header(r, "X-Len", v, sizeof v), ERROR_SUCCESS);
    CHECK_STR(v, "a");
    CHECK(HttpAddRequestHeadersA(r, NULL, 0, HTTP_ADDREQ_FLAG_ADD)); /* nothing to do */
    CHECK(!HttpAddRequestHeadersA(r, "no colon here", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD));
    CHECK_INT(GetLastError(), ERROR_HTTP_INVALID_HEADER);
    CHECK(!HttpAddRequestHeadersA(r, "X-Empty: 1", 0, HTTP_ADDREQ_FLAG_ADD));
    CHECK_INT(GetLastError(), ERROR_HTTP_INVALID_HEADER);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    char *body = read_all(r, 4096, NULL);
    CHECK(body && strstr(body, "\"X-One\":\"3, 4\""));
    CHECK(body && !strstr(body, "X-Two"));
    free(body);
    CHECK(InternetCloseHandle(s));
}

/* ---- HttpSendRequest with headers and a body ---- */

TEST(post_sends_headers_and_body)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, httpbin, "POST", "/post", 0);
    static const char hdrs[] = "Content-Type: application/x-www-form-urlencoded\r\n";
    char form[] = "a=1&b=two";
    CHECK(HttpSendRequestA(r, hdrs, (DWORD)strlen(hdrs), form, (DWORD)strlen(form)));
    CHECK_INT(status_of(r), 200);
    char *body = read_all(r, 512, NULL);
    CHECK(body && strstr(body, "\"a\":\"1\"") && strstr(body, "\"b\":\"two\""));
    free(body);
    /* The send's headers stay on the request, replacing namesakes. */
    CHECK(HttpSendRequestA(r, "Content-Type: text/plain\r\n", (DWORD)-1, form, 3));
    body = read_all(r, 512, NULL);
    CHECK(body && strstr(body, "\"data\":\"a=1\"") && strstr(body, "text/plain"));
    CHECK(body && !strstr(body, "urlencoded"));
    free(body);
    SetLastError(0);
    CHECK(!HttpSendRequestA(r, hdrs, 0, NULL, 0)); /* the A form wants a length */
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!HttpSendRequestA(r, NULL, 0, NULL, 5));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetCloseHandle(s));
}

/* ---- HttpSendRequestEx, InternetWriteFile, HttpEndRequest ---- */

TEST(streamed_upload_with_send_request_ex)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, httpbin, "PUT", "/put", 0);
    INTERNET_BUFFERSA in;
    memset(&in, 0, sizeof in);
    in.dwStructSize = sizeof in;
    in.lpcszHeader = "Content-Type: text/plain\r\n";
    in.dwHeadersLength = (DWORD)strlen(in.lpcszHeader);
    in.lpvBuffer = "hello";
    in.dwBufferLength = 5;
    in.dwBufferTotal = 10;
    DWORD written = 0;
    SetLastError(0);
    CHECK(!InternetWriteFile(r, "x", 1, &written)); /* nothing begun yet */
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK(!HttpEndRequestA(r, NULL, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK(HttpSendRequestExA(r, &in, NULL, HSR_INITIATE, 0));
    CHECK(InternetWriteFile(r, "world", 5, &written));
    CHECK_INT(written, 5);
    INTERNET_BUFFERSA out;
    memset(&out, 0, sizeof out);
    out.dwStructSize = sizeof out;
    CHECK(!HttpEndRequestA(r, &out, 0, 0)); /* reserved: must be NULL */
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(HttpEndRequestA(r, NULL, 0, 0));
    CHECK_INT(status_of(r), 200);
    char *body = read_all(r, 512, NULL);
    CHECK(body && strstr(body, "\"data\":\"helloworld\""));
    free(body);
    CHECK(InternetCloseHandle(s));
}

TEST(send_request_ex_checks_its_buffers)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, httpbin, "POST", "/post", 0);
    INTERNET_BUFFERSA in, out;
    memset(&in, 0, sizeof in);
    memset(&out, 0, sizeof out);
    in.dwStructSize = sizeof in - 1;
    SetLastError(0);
    CHECK(!HttpSendRequestExA(r, &in, NULL, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    in.dwStructSize = out.dwStructSize = sizeof in;
    CHECK(!HttpSendRequestExA(r, &in, &out, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    /* No buffers: an empty body. */
    CHECK(HttpSendRequestExA(r, NULL, NULL, 0, 0));
    DWORD written;
    CHECK(!InternetWriteFile(r, "x", 1, &written)); /* over the announced 0 bytes */
    CHECK(!HttpEndRequestA(r, NULL, 0, 0));
    CHECK(InternetCloseHandle(s));
}

/* ---- InternetReadFileEx, InternetQueryDataAvailable ---- */

TEST(read_file_ex_fills_the_buffers)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, nginx, "GET", "/1k.bin", 1);
    char buf[2048];
    INTERNET_BUFFERSA b;
    memset(&b, 0, sizeof b);
    b.dwStructSize = sizeof b;
    b.lpvBuffer = buf;
    b.dwBufferLength = 100;
    CHECK(InternetReadFileExA(r, &b, 0, 0));
    CHECK_INT(b.dwBufferLength, 100);
    b.dwBufferLength = sizeof buf;
    CHECK(InternetReadFileExA(r, &b, IRF_NO_WAIT, 0)); /* what is there, at most 924 */
    CHECK(b.dwBufferLength > 0 && b.dwBufferLength <= 924);
    b.dwStructSize = 0;
    SetLastError(0);
    CHECK(!InternetReadFileExA(r, &b, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetReadFileExA(r, NULL, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetCloseHandle(s));
}

TEST(query_data_available_counts_and_ends_at_zero)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, nginx, "GET", "/1k.bin", 1);
    DWORD avail = 0;
    CHECK(InternetQueryDataAvailable(r, &avail, 0, 0));
    CHECK(avail > 0 && avail <= 1024);
    free(read_all(r, 4096, NULL));
    CHECK(InternetQueryDataAvailable(r, &avail, 0, 0));
    CHECK_INT(avail, 0);
    SetLastError(0);
    CHECK(!InternetQueryDataAvailable(r, NULL, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetCloseHandle(s));
}

/* ---- failures and InternetGetLastResponseInfo ---- */

TEST(connect_failure_and_its_response_info)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, 1, "GET", "/", 0);
    SetLastError(0);
    CHECK(!HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_CANNOT_CONNECT);
    DWORD err = 0, len = 0;
    char text[512];
    CHECK(!InternetGetLastResponseInfoA(&err, NULL, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK(len > 1);
    DWORD need = len;
    len = sizeof text;
    CHECK(InternetGetLastResponseInfoA(&err, text, &len));
    CHECK_INT(err, ERROR_INTERNET_CANNOT_CONNECT);
    CHECK_INT(len, need - 1);
    CHECK_INT(strlen(text), len);
    CHECK(!InternetGetLastResponseInfoA(NULL, text, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetGetLastResponseInfoA(&err, text, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetCloseHandle(s));
}

TEST(protocol_failures_have_their_codes)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, scripted, "GET", "/garbage", 0);
    SetLastError(0);
    CHECK(!HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_HTTP_INVALID_SERVER_RESPONSE);
    HINTERNET r2 = http_request(s, scripted, "GET", "/reset", 0);
    CHECK(!HttpSendRequestA(r2, NULL, 0, NULL, 0));
    CHECK(GetLastError() == ERROR_INTERNET_CONNECTION_RESET ||
          GetLastError() == ERROR_INTERNET_CONNECTION_ABORTED);
    HINTERNET r3 = http_request(s, scripted, "GET", "/truncated-length", 1);
    CHECK(r3 != NULL);
    size_t n;
    CHECK(read_all(r3, 64, &n) == NULL); /* the body is cut short */
    CHECK_INT(GetLastError(), ERROR_INTERNET_CONNECTION_ABORTED);
    CHECK(InternetCloseHandle(s));
}

/* ---- InternetOpenUrl ---- */

TEST(open_url_reads_http_and_owns_its_connection)
{
    HINTERNET s = open_session();
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/index.html", nginx);
    /* TRANSFER_ASCII is MFC's default: it must change nothing for http. */
    HINTERNET r = InternetOpenUrlA(s, url, NULL, 0, INTERNET_FLAG_TRANSFER_ASCII, 0);
    CHECK(r != NULL);
    size_t n = 0, want_n = 0;
    char *body = read_all(r, 64, &n);
    char *want = docroot_file("index.html", &want_n);
    CHECK(body && want && n == want_n && memcmp(body, want, n) == 0);
    free(body);
    free(want);
    DWORD type = 0, len = sizeof type;
    CHECK(InternetQueryOptionA(r, INTERNET_OPTION_HANDLE_TYPE, &type, &len));
    CHECK_INT(type, INTERNET_HANDLE_TYPE_HTTP_REQUEST);
    HINTERNET parent = NULL;
    len = sizeof parent;
    CHECK(InternetQueryOptionA(r, INTERNET_OPTION_PARENT_HANDLE, &parent, &len));
    CHECK(InternetCloseHandle(r));
    snprintf(url, sizeof url, "http://127.0.0.1:%u/no-such-file", nginx);
    r = InternetOpenUrlA(s, url, NULL, 0, INTERNET_FLAG_TRANSFER_ASCII, 0);
    CHECK(r != NULL);
    CHECK_INT(status_of(r), 404);
    CHECK(InternetCloseHandle(s));
}

TEST(open_url_sends_its_headers)
{
    HINTERNET s = open_session();
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/headers", httpbin);
    HINTERNET r = InternetOpenUrlA(s, url, "X-Open: yes\r\n", (DWORD)-1, INTERNET_FLAG_RELOAD, 7);
    char *body = r ? read_all(r, 512, NULL) : NULL;
    CHECK(body && strstr(body, "\"X-Open\":\"yes\""));
    free(body);
    r = InternetOpenUrlA(s, url, "X-Open: yes\r\n", 6, 0, 0); /* "X-Open" alone: refused */
    CHECK(r == NULL);
    CHECK_INT(GetLastError(), ERROR_HTTP_INVALID_HEADER);
    CHECK(InternetCloseHandle(s));
}

TEST(open_url_errors)
{
    HINTERNET s = open_session();
    SetLastError(0);
    CHECK(!InternetOpenUrlA(s, "gopher://127.0.0.1/", NULL, 0, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    CHECK(!InternetOpenUrlA(s, "http://", NULL, 0, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_URL);
    CHECK(!InternetOpenUrlA(s, NULL, NULL, 0, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetOpenUrlA(s, "file:///no/such/file/here", NULL, 0, 0, 0));
    CHECK_INT(GetLastError(), ERROR_FILE_NOT_FOUND);
    CHECK(!InternetOpenUrlA(s, "http://127.0.0.1:1/", NULL, 0, 0, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_CANNOT_CONNECT);
    CHECK(InternetCloseHandle(s));
}

/* ---- local files and InternetSetFilePointer ---- */

TEST(file_urls_read_and_seek)
{
    HINTERNET s = open_session();
    char url[1024];
    snprintf(url, sizeof url, "file://%s/1k.bin", env_need("OI_DOCROOT"));
    HINTERNET f = InternetOpenUrlA(s, url, NULL, 0, 0, 0);
    size_t want_n;
    char *want = docroot_file("1k.bin", &want_n);
    char buf[16];
    DWORD n = 0;
    CHECK(f && InternetReadFile(f, buf, 10, &n) && n == 10 && memcmp(buf, want, 10) == 0);
    CHECK_INT(InternetSetFilePointer(f, 100, NULL, FILE_BEGIN, 0), 100);
    CHECK(InternetReadFile(f, buf, 4, &n) && n == 4 && memcmp(buf, want + 100, 4) == 0);
    CHECK_INT(InternetSetFilePointer(f, -4, NULL, FILE_CURRENT, 0), 100);
    LONG high = -1; /* with a high part, the distance is high:low, as on Windows */
    CHECK_INT(InternetSetFilePointer(f, -24, &high, FILE_END, 0), 1000);
    CHECK_INT(high, 0);
    CHECK(InternetReadFile(f, buf, 16, &n) && n == 16 && memcmp(buf, want + 1000, 16) == 0);
    SetLastError(0);
    CHECK_INT(InternetSetFilePointer(f, 0, NULL, 7, 0), INVALID_SET_FILE_POINTER);
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_INT(InternetSetFilePointer(f, -1, NULL, FILE_BEGIN, 0), INVALID_SET_FILE_POINTER);
    CHECK_INT(GetLastError(), ERROR_NEGATIVE_SEEK);
    free(want);
    HINTERNET r = http_request(s, nginx, "GET", "/1k.bin", 1);
    CHECK_INT(InternetSetFilePointer(r, 0, NULL, FILE_BEGIN, 0), INVALID_SET_FILE_POINTER);
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_OPERATION);
    CHECK_INT(InternetSetFilePointer(s, 0, NULL, FILE_BEGIN, 0), INVALID_SET_FILE_POINTER);
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    DWORD written;
    CHECK(!InternetWriteFile(f, "x", 1, &written));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(InternetCloseHandle(s));
}

/* ---- proxies ---- */

TEST(sessions_go_through_the_given_proxy)
{
    unsigned proxy = env_port("OI_TINYPROXY_PORT");
    char list[128];
    snprintf(list, sizeof list, "ftp=127.0.0.1:9 http=127.0.0.1:%u", proxy);
    HINTERNET s = InternetOpenA("t", INTERNET_OPEN_TYPE_PROXY, list, NULL, 0);
    HINTERNET r = http_request(s, nginx, "GET", "/index.html", 1);
    DWORD flags = 0, len = sizeof flags;
    CHECK(r && InternetQueryOptionA(r, INTERNET_OPTION_REQUEST_FLAGS, &flags, &len));
    CHECK(flags & INTERNET_REQFLAG_VIA_PROXY);
    CHECK_INT(status_of(r), 200);
    CHECK(InternetCloseHandle(s));
    /* Bypassed hosts go direct. */
    s = InternetOpenA("t", INTERNET_OPEN_TYPE_PROXY, list, "localhost;127.0.0.1", 0);
    r = http_request(s, nginx, "GET", "/index.html", 1);
    CHECK(r && InternetQueryOptionA(r, INTERNET_OPTION_REQUEST_FLAGS, &flags, &len));
    CHECK(!(flags & INTERNET_REQFLAG_VIA_PROXY));
    CHECK(InternetCloseHandle(s));
}

/* ---- connectivity ---- */

TEST(check_connection_and_attempt_connect)
{
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/", nginx);
    CHECK(InternetCheckConnectionA(url, FLAG_ICC_FORCE_CONNECTION, 0));
    CHECK(InternetCheckConnectionA(url, 0, 0));
    SetLastError(0);
    CHECK(!InternetCheckConnectionA("http://127.0.0.1:1/", FLAG_ICC_FORCE_CONNECTION, 0));
    CHECK_INT(GetLastError(), ERROR_NOT_CONNECTED);
    CHECK(!InternetCheckConnectionA("not a url", 0, 0));
    CHECK_INT(GetLastError(), ERROR_NOT_CONNECTED);
    CHECK(InternetCheckConnectionA(NULL, 0, 0));
    CHECK_INT(InternetAttemptConnect(0), ERROR_SUCCESS);
}

int main(void)
{
    nginx = env_port("OI_NGINX_PORT");
    httpbin = env_port("OI_HTTPBIN_PORT");
    scripted = env_port("OI_SCRIPTED_PORT");
    RUN(open_refuses_bad_access_types);
    RUN(connect_checks_its_arguments);
    RUN(get_reads_the_file_byte_for_byte);
    RUN(reads_fill_the_buffer_until_the_end);
    RUN(error_statuses_are_successful_sends);
    RUN(reading_before_sending_is_a_state_error);
    RUN(a_request_can_be_sent_again);
    RUN(open_request_fills_in_defaults);
    RUN(add_headers_follows_the_modifiers);
    RUN(post_sends_headers_and_body);
    RUN(streamed_upload_with_send_request_ex);
    RUN(send_request_ex_checks_its_buffers);
    RUN(read_file_ex_fills_the_buffers);
    RUN(query_data_available_counts_and_ends_at_zero);
    RUN(connect_failure_and_its_response_info);
    RUN(protocol_failures_have_their_codes);
    RUN(open_url_reads_http_and_owns_its_connection);
    RUN(open_url_sends_its_headers);
    RUN(open_url_errors);
    RUN(file_urls_read_and_seek);
    RUN(sessions_go_through_the_given_proxy);
    RUN(check_connection_and_attempt_connect);
    return check_summary();
}
