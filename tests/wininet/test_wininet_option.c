/* InternetQueryOption and InternetSetOption: timeouts (and their copy at
 * creation), user agent, credentials, context value, handle type, parent,
 * callback, URL, request flags, decoding, HTTP version, proxy, the global
 * values of the NULL handle, TLS security flags and the certificate, and
 * the errors: unknown options, read-only ones, wrong handles and sizes. */
#include "wsupport.h"

static unsigned nginx, httpbin;

static DWORD query_dword(HINTERNET h, DWORD option)
{
    DWORD v = 0xdeadbeef, len = sizeof v;
    if (!InternetQueryOptionA(h, option, &v, &len))
        return 0xdeadbeef;
    return v;
}

static BOOL set_dword(HINTERNET h, DWORD option, DWORD v)
{
    return InternetSetOptionA(h, option, &v, sizeof v);
}

TEST(timeouts_are_copied_to_children_when_made)
{
    HINTERNET s = open_session();
    CHECK(set_dword(s, INTERNET_OPTION_RECEIVE_TIMEOUT, 5000));
    CHECK_INT(query_dword(s, INTERNET_OPTION_RECEIVE_TIMEOUT), 5000);
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0);
    CHECK(set_dword(s, INTERNET_OPTION_RECEIVE_TIMEOUT, 7000));
    CHECK_INT(query_dword(c, INTERNET_OPTION_RECEIVE_TIMEOUT), 5000);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/", NULL, NULL, NULL, 0, 0);
    CHECK_INT(query_dword(r, INTERNET_OPTION_RECEIVE_TIMEOUT), 5000);
    CHECK(set_dword(r, INTERNET_OPTION_CONNECT_TIMEOUT, 1234));
    CHECK_INT(query_dword(r, INTERNET_OPTION_CONNECT_TIMEOUT), 1234);
    CHECK(set_dword(r, INTERNET_OPTION_SEND_TIMEOUT, 4321));
    CHECK_INT(query_dword(r, INTERNET_OPTION_SEND_TIMEOUT), 4321);
    CHECK(set_dword(r, INTERNET_OPTION_CONNECT_RETRIES, 2));
    CHECK_INT(query_dword(r, INTERNET_OPTION_CONNECT_RETRIES), 2);
    CHECK(InternetCloseHandle(s));
}

TEST(a_receive_timeout_ends_a_silent_exchange)
{
    HINTERNET s = open_session();
    CHECK(set_dword(s, INTERNET_OPTION_RECEIVE_TIMEOUT, 200));
    HINTERNET r = http_request(s, env_port("OI_SCRIPTED_PORT"), "GET", "/silent", 0);
    SetLastError(0);
    CHECK(!HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_TIMEOUT);
    CHECK(InternetCloseHandle(s));
}

TEST(number_options_check_their_sizes)
{
    HINTERNET s = open_session();
    WORD small = 1;
    DWORD v = 0, len = 2;
    SetLastError(0);
    CHECK(!InternetSetOptionA(s, INTERNET_OPTION_CONNECT_TIMEOUT, &small, sizeof small));
    CHECK_INT(GetLastError(), ERROR_INTERNET_BAD_OPTION_LENGTH);
    CHECK(!InternetSetOptionA(s, INTERNET_OPTION_CONNECT_TIMEOUT, NULL, sizeof v));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!InternetQueryOptionA(s, INTERNET_OPTION_CONNECT_TIMEOUT, &v, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, 4);
    CHECK(!InternetQueryOptionA(s, INTERNET_OPTION_CONNECT_TIMEOUT, &v, NULL));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetCloseHandle(s));
}

TEST(global_values_reach_new_sessions)
{
    DWORD old = query_dword(NULL, INTERNET_OPTION_SEND_TIMEOUT);
    CHECK(old != 0xdeadbeef);
    CHECK(set_dword(NULL, INTERNET_OPTION_SEND_TIMEOUT, 12345));
    HINTERNET s = open_session();
    CHECK_INT(query_dword(s, INTERNET_OPTION_SEND_TIMEOUT), 12345);
    CHECK(InternetCloseHandle(s));
    CHECK(set_dword(NULL, INTERNET_OPTION_SEND_TIMEOUT, old));
    SetLastError(0);
    CHECK(!set_dword(NULL, INTERNET_OPTION_CONNECT_TIMEOUT, 0));
    CHECK_INT(GetLastError(), ERROR_BAD_ARGUMENTS);
}

TEST(max_connections_are_global_only)
{
    DWORD old = query_dword(NULL, INTERNET_OPTION_MAX_CONNS_PER_SERVER);
    CHECK(set_dword(NULL, INTERNET_OPTION_MAX_CONNS_PER_SERVER, 3));
    CHECK_INT(query_dword(NULL, INTERNET_OPTION_MAX_CONNS_PER_SERVER), 3);
    SetLastError(0);
    CHECK(!set_dword(NULL, INTERNET_OPTION_MAX_CONNS_PER_SERVER, 0));
    CHECK_INT(GetLastError(), ERROR_BAD_ARGUMENTS);
    WORD small = 1;
    CHECK(!InternetSetOptionA(NULL, INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER, &small, 2));
    CHECK_INT(GetLastError(), ERROR_INTERNET_BAD_OPTION_LENGTH);
    HINTERNET s = open_session();
    CHECK(!set_dword(s, INTERNET_OPTION_MAX_CONNS_PER_SERVER, 3));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_OPERATION);
    CHECK_INT(query_dword(s, INTERNET_OPTION_MAX_CONNS_PER_SERVER), 0xdeadbeef);
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_OPERATION);
    CHECK(InternetCloseHandle(s));
    CHECK(set_dword(NULL, INTERNET_OPTION_MAX_CONNS_PER_SERVER, old));
}

TEST(user_agent_strings_and_their_sizes)
{
    HINTERNET s = open_session();
    char buf[64];
    DWORD len = 4;
    SetLastError(0);
    CHECK(!InternetQueryOptionA(s, INTERNET_OPTION_USER_AGENT, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, 17); /* "wininet-test/1.0" and its NUL */
    CHECK(InternetQueryOptionA(s, INTERNET_OPTION_USER_AGENT, buf, &len));
    CHECK_INT(len, 16);
    CHECK_STR(buf, "wininet-test/1.0");
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)httpbin, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0);
    len = sizeof buf;
    CHECK(!InternetQueryOptionA(c, INTERNET_OPTION_USER_AGENT, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!InternetQueryOptionA(NULL, INTERNET_OPTION_USER_AGENT, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    char agent[] = "changed-agent";
    CHECK(InternetSetOptionA(s, INTERNET_OPTION_USER_AGENT, agent, (DWORD)strlen(agent)));
    HINTERNET r = HttpOpenRequestA(c, "GET", "/user-agent", NULL, NULL, NULL, 0, 0);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    char *body = read_all(r, 256, NULL);
    CHECK(body && strstr(body, "changed-agent"));
    free(body);
    len = sizeof buf;
    CHECK(InternetQueryOptionA(r, INTERNET_OPTION_USER_AGENT, buf, &len));
    CHECK_STR(buf, "changed-agent");
    CHECK(InternetCloseHandle(s));
}

TEST(credentials_answer_basic_auth)
{
    HINTERNET s = open_session();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)httpbin, "alice", "wonder",
                                   INTERNET_SERVICE_HTTP, 0, 0);
    char buf[64];
    DWORD len = sizeof buf;
    CHECK(InternetQueryOptionA(c, INTERNET_OPTION_USERNAME, buf, &len));
    CHECK_STR(buf, "alice");
    HINTERNET r = HttpOpenRequestA(c, "GET", "/basic-auth/bob/builder", NULL, NULL, NULL, 0, 0);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(status_of(r), 401);
    CHECK(InternetSetOptionA(r, INTERNET_OPTION_USERNAME, "bob", 3));
    CHECK(InternetSetOptionA(r, INTERNET_OPTION_PASSWORD, "builder", 0));
    len = sizeof buf;
    CHECK(InternetQueryOptionA(r, INTERNET_OPTION_PASSWORD, buf, &len));
    CHECK_STR(buf, "builder");
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(status_of(r), 200);
    len = sizeof buf;
    SetLastError(0);
    CHECK(!InternetQueryOptionA(s, INTERNET_OPTION_USERNAME, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(InternetCloseHandle(s));
}

static void CALLBACK some_callback(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID i, DWORD l)
{
    (void)h, (void)c, (void)s, (void)i, (void)l;
}

TEST(handle_facts_context_parent_and_callback)
{
    HINTERNET s = open_session();
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)nginx, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0x42);
    DWORD_PTR ctx = 0;
    DWORD len = sizeof ctx;
    CHECK(InternetQueryOptionA(c, INTERNET_OPTION_CONTEXT_VALUE, &ctx, &len));
    CHECK_INT(ctx, 0x42);
    ctx = 0x43;
    CHECK(InternetSetOptionA(c, INTERNET_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx));
    ctx = 0;
    len = sizeof ctx;
    CHECK(InternetQueryOptionA(c, INTERNET_OPTION_CONTEXT_VALUE, &ctx, &len));
    CHECK_INT(ctx, 0x43);
    DWORD small = 1;
    SetLastError(0);
    CHECK(!InternetSetOptionA(c, INTERNET_OPTION_CONTEXT_VALUE, &small, 1));
    CHECK_INT(GetLastError(), ERROR_INTERNET_BAD_OPTION_LENGTH);
    HINTERNET parent = NULL;
    len = sizeof parent;
    CHECK(InternetQueryOptionA(c, INTERNET_OPTION_PARENT_HANDLE, &parent, &len));
    CHECK(parent == s);
    InternetSetStatusCallbackA(c, some_callback);
    INTERNET_STATUS_CALLBACK cb = NULL;
    len = sizeof cb;
    CHECK(InternetQueryOptionA(c, INTERNET_OPTION_CALLBACK, &cb, &len));
    CHECK(cb == some_callback);
    CHECK(!InternetSetOptionA(c, INTERNET_OPTION_CALLBACK, &cb, sizeof cb));
    CHECK_INT(GetLastError(), ERROR_INTERNET_OPTION_NOT_SETTABLE);
    CHECK(!InternetSetOptionA(NULL, INTERNET_OPTION_CALLBACK, &cb, sizeof cb));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!set_dword(c, INTERNET_OPTION_HANDLE_TYPE, 1));
    CHECK_INT(GetLastError(), ERROR_INTERNET_OPTION_NOT_SETTABLE);
    CHECK(InternetCloseHandle(s));
}

TEST(url_follows_redirects)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, httpbin, "GET", "/redirect-to?url=/get", 0);
    char buf[256], want[128];
    DWORD len = sizeof buf;
    snprintf(want, sizeof want, "http://127.0.0.1:%u/redirect-to?url=/get", httpbin);
    CHECK(InternetQueryOptionA(r, INTERNET_OPTION_URL, buf, &len));
    CHECK_STR(buf, want);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    len = sizeof buf;
    snprintf(want, sizeof want, "http://127.0.0.1:%u/get", httpbin);
    CHECK(InternetQueryOptionA(r, INTERNET_OPTION_URL, buf, &len));
    CHECK_STR(buf, want);
    CHECK_INT(len, strlen(want));
    HINTERNET c = NULL;
    len = sizeof c;
    InternetQueryOptionA(r, INTERNET_OPTION_PARENT_HANDLE, &c, &len);
    len = sizeof buf;
    SetLastError(0);
    CHECK(!InternetQueryOptionA(c, INTERNET_OPTION_URL, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(InternetCloseHandle(s));
}

TEST(request_flags_before_and_after_the_response)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, nginx, "GET", "/index.html", 0);
    CHECK(query_dword(r, INTERNET_OPTION_REQUEST_FLAGS) & INTERNET_REQFLAG_NO_HEADERS);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK(!(query_dword(r, INTERNET_OPTION_REQUEST_FLAGS) & INTERNET_REQFLAG_NO_HEADERS));
    SetLastError(0);
    CHECK_INT(query_dword(s, INTERNET_OPTION_REQUEST_FLAGS), 0xdeadbeef);
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(!set_dword(r, INTERNET_OPTION_REQUEST_FLAGS, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_OPTION_NOT_SETTABLE);
    CHECK(InternetCloseHandle(s));
}

TEST(decoding_is_opt_in)
{
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, httpbin, "GET", "/gzip", 0);
    CHECK_INT(query_dword(r, INTERNET_OPTION_HTTP_DECODING), 0);
    CHECK(set_dword(r, INTERNET_OPTION_HTTP_DECODING, TRUE));
    CHECK_INT(query_dword(r, INTERNET_OPTION_HTTP_DECODING), 1);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    char *body = read_all(r, 100, NULL);
    CHECK(body && strstr(body, "\"gzipped\":true"));
    free(body);
    SetLastError(0);
    CHECK(!set_dword(NULL, INTERNET_OPTION_HTTP_DECODING, TRUE));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(InternetCloseHandle(s));
}

TEST(versions)
{
    INTERNET_VERSION_INFO v = {0, 0};
    DWORD len = sizeof v;
    CHECK(InternetQueryOptionA(NULL, INTERNET_OPTION_VERSION, &v, &len));
    CHECK(v.dwMajorVersion == 1 && v.dwMinorVersion == 2);
    HTTP_VERSION_INFO hv = {0, 0};
    len = sizeof hv;
    CHECK(InternetQueryOptionA(NULL, INTERNET_OPTION_HTTP_VERSION, &hv, &len));
    CHECK(hv.dwMajorVersion == 1 && hv.dwMinorVersion == 1);
    /* HTTP/1.0 for requests opened without a version, until set back. */
    hv.dwMinorVersion = 0;
    CHECK(InternetSetOptionA(NULL, INTERNET_OPTION_HTTP_VERSION, &hv, sizeof hv));
    HINTERNET s = open_session();
    HINTERNET r = http_request(s, nginx, "GET", "/index.html", 1);
    char buf[32];
    len = sizeof buf;
    CHECK(HttpQueryInfoA(r, HTTP_QUERY_VERSION | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len, NULL));
    CHECK_STR(buf, "HTTP/1.0");
    hv.dwMinorVersion = 1;
    CHECK(InternetSetOptionA(NULL, INTERNET_OPTION_HTTP_VERSION, &hv, sizeof hv));
    hv.dwMajorVersion = 2;
    SetLastError(0);
    CHECK(!InternetSetOptionA(NULL, INTERNET_OPTION_HTTP_VERSION, &hv, sizeof hv));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetCloseHandle(s));
}

TEST(proxy_settings_of_a_session)
{
    HINTERNET s = InternetOpenA("t", INTERNET_OPEN_TYPE_PROXY, "proxy.test:3128", "<local>", 0);
    DWORD len = sizeof(INTERNET_PROXY_INFO);
    char buf[256];
    SetLastError(0);
    CHECK(!InternetQueryOptionA(s, INTERNET_OPTION_PROXY, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, sizeof(INTERNET_PROXY_INFO) + 16 + 8);
    len = sizeof buf;
    CHECK(InternetQueryOptionA(s, INTERNET_OPTION_PROXY, buf, &len));
    INTERNET_PROXY_INFO *info = (INTERNET_PROXY_INFO *)buf;
    CHECK_INT(info->dwAccessType, INTERNET_OPEN_TYPE_PROXY);
    CHECK_STR(info->lpszProxy, "proxy.test:3128");
    CHECK_STR(info->lpszProxyBypass, "<local>");
    INTERNET_PROXY_INFO direct = {INTERNET_OPEN_TYPE_DIRECT, NULL, NULL};
    CHECK(InternetSetOptionA(s, INTERNET_OPTION_PROXY, &direct, sizeof direct));
    len = sizeof buf;
    CHECK(InternetQueryOptionA(s, INTERNET_OPTION_PROXY, buf, &len));
    CHECK_INT(info->dwAccessType, INTERNET_OPEN_TYPE_DIRECT);
    CHECK(info->lpszProxy == NULL);
    /* Direct now: the request reaches nginx without the unknown proxy. */
    HINTERNET r = http_request(s, nginx, "GET", "/index.html", 1);
    CHECK_INT(status_of(r), 200);
    HINTERNET c = InternetConnectA(s, "127.0.0.1", 80, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    CHECK(!InternetSetOptionA(c, INTERNET_OPTION_PROXY, &direct, sizeof direct));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(InternetCloseHandle(s));
}

TEST(unsupported_and_global_only_options)
{
    HINTERNET s = open_session();
    char buf[64];
    DWORD len = sizeof buf;
    SetLastError(0);
    CHECK(!InternetQueryOptionA(s, INTERNET_OPTION_DATAFILE_NAME, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_OPTION);
    CHECK(!InternetQueryOptionA(s, 9999, buf, &len));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_OPTION);
    CHECK(!set_dword(s, INTERNET_OPTION_DATA_RECEIVE_TIMEOUT, 10));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_OPTION);
    CHECK(!set_dword(NULL, 9999, 1));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_OPTION);
    CHECK(InternetSetOptionA(NULL, INTERNET_OPTION_SETTINGS_CHANGED, NULL, 0));
    CHECK(InternetSetOptionA(NULL, INTERNET_OPTION_REFRESH, NULL, 0));
    CHECK(!InternetSetOptionA(s, INTERNET_OPTION_SETTINGS_CHANGED, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    DWORD v = 1000;
    CHECK(InternetSetOptionExA(s, INTERNET_OPTION_CONNECT_TIMEOUT, &v, sizeof v, ISO_GLOBAL));
    CHECK(!InternetSetOptionExA(s, INTERNET_OPTION_CONNECT_TIMEOUT, &v, sizeof v, 0x100));
    CHECK_INT(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(InternetCloseHandle(s));
    CHECK(!InternetQueryOptionA(s, INTERNET_OPTION_CONNECT_TIMEOUT, &v, &len));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
}

/* ---- TLS: security flags and the certificate ---- */

static HINTERNET tls_request(HINTERNET s, const char *port_var, DWORD flags)
{
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)env_port(port_var), NULL, NULL,
                                   INTERNET_SERVICE_HTTP, INTERNET_FLAG_SECURE, 0);
    return HttpOpenRequestA(c, "GET", "/index.html", NULL, NULL, NULL, flags, 0);
}

TEST(tls_flags_and_certificate)
{
    HINTERNET s = open_session();
    HINTERNET r = tls_request(s, "OI_NGINX_TLS_PORT", 0);
    INTERNET_CERTIFICATE_INFOA cert;
    DWORD len = sizeof cert;
    SetLastError(0);
    CHECK(!InternetQueryOptionA(r, INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT, &cert, &len));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_OPERATION); /* no TLS yet */
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(status_of(r), 200);
    DWORD flags = query_dword(r, INTERNET_OPTION_SECURITY_FLAGS);
    CHECK(flags & SECURITY_FLAG_SECURE);
    CHECK(flags & SECURITY_FLAG_STRENGTH_STRONG);
    len = 4;
    CHECK(!InternetQueryOptionA(r, INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT, &cert, &len));
    CHECK_INT(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_INT(len, sizeof cert);
    CHECK(InternetQueryOptionA(r, INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT, &cert, &len));
    CHECK(cert.lpszSubjectInfo && cert.lpszIssuerInfo && cert.lpszProtocolName);
    CHECK(cert.lpszProtocolName && strncmp(cert.lpszProtocolName, "TLS", 3) == 0);
    CHECK(cert.dwKeySize >= 128);
    CHECK(cert.ftExpiry.dwHighDateTime > cert.ftStart.dwHighDateTime);
    CHECK(cert.ftStart.dwHighDateTime > 0x01d00000); /* after 2014 */
    LocalFree(cert.lpszSubjectInfo);
    LocalFree(cert.lpszIssuerInfo);
    LocalFree(cert.lpszProtocolName);
    LocalFree(cert.lpszSignatureAlgName);
    LocalFree(cert.lpszEncryptionAlgName);
    CHECK(query_dword(r, INTERNET_OPTION_SECURITY_KEY_BITNESS) >= 128);
    CHECK(InternetCloseHandle(s));
}

TEST(security_flags_forgive_certificate_errors)
{
    HINTERNET s = open_session();
    HINTERNET r = tls_request(s, "OI_NGINX_TLS_UNKNOWNCA_PORT", 0);
    SetLastError(0);
    CHECK(!HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INVALID_CA);
    CHECK(set_dword(r, INTERNET_OPTION_SECURITY_FLAGS, SECURITY_FLAG_IGNORE_UNKNOWN_CA));
    CHECK(query_dword(r, INTERNET_OPTION_SECURITY_FLAGS) & SECURITY_FLAG_IGNORE_UNKNOWN_CA);
    CHECK(HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(status_of(r), 200);
    HINTERNET e = tls_request(s, "OI_NGINX_TLS_EXPIRED_PORT", 0);
    CHECK(!HttpSendRequestA(e, NULL, 0, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_SEC_CERT_DATE_INVALID);
    e = tls_request(s, "OI_NGINX_TLS_EXPIRED_PORT", INTERNET_FLAG_IGNORE_CERT_DATE_INVALID);
    CHECK(HttpSendRequestA(e, NULL, 0, NULL, 0));
    HINTERNET w = tls_request(s, "OI_NGINX_TLS_WRONGHOST_PORT", 0);
    CHECK(!HttpSendRequestA(w, NULL, 0, NULL, 0));
    CHECK_INT(GetLastError(), ERROR_INTERNET_SEC_CERT_CN_INVALID);
    w = tls_request(s, "OI_NGINX_TLS_WRONGHOST_PORT", INTERNET_FLAG_IGNORE_CERT_CN_INVALID);
    CHECK(HttpSendRequestA(w, NULL, 0, NULL, 0));
    HINTERNET c = NULL;
    DWORD len = sizeof c;
    InternetQueryOptionA(w, INTERNET_OPTION_PARENT_HANDLE, &c, &len);
    CHECK(!set_dword(c, INTERNET_OPTION_SECURITY_FLAGS, SECURITY_FLAG_IGNORE_UNKNOWN_CA));
    CHECK_INT(GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK(InternetCloseHandle(s));
}

/* The usual WinInet way to https: a plain connection, secure requests. */
TEST(secure_requests_on_a_plain_connection)
{
    HINTERNET s = open_session();
    unsigned tls = env_port("OI_NGINX_TLS_PORT");
    HINTERNET c = InternetConnectA(s, "127.0.0.1", (INTERNET_PORT)tls, NULL, NULL,
                                   INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/index.html", NULL, NULL, NULL,
                                   INTERNET_FLAG_SECURE | INTERNET_FLAG_RELOAD, 0);
    CHECK(r && HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_INT(status_of(r), 200);
    CHECK(query_dword(r, INTERNET_OPTION_SECURITY_FLAGS) & SECURITY_FLAG_SECURE);
    char buf[256], want[128];
    DWORD len = sizeof buf;
    snprintf(want, sizeof want, "https://127.0.0.1:%u/index.html", tls);
    CHECK(InternetQueryOptionA(r, INTERNET_OPTION_URL, buf, &len));
    CHECK_STR(buf, want);
    HINTERNET parent = NULL;
    len = sizeof parent;
    CHECK(InternetQueryOptionA(r, INTERNET_OPTION_PARENT_HANDLE, &parent, &len) && parent == c);
    /* Port 0 means 443 for a secure request, 80 for a plain one. */
    HINTERNET c0 = InternetConnectA(s, "127.0.0.1", INTERNET_INVALID_PORT_NUMBER, NULL, NULL,
                                    INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r443 = HttpOpenRequestA(c0, "GET", "/", NULL, NULL, NULL, INTERNET_FLAG_SECURE, 0);
    HINTERNET r80 = HttpOpenRequestA(c0, "GET", "/", NULL, NULL, NULL, 0, 0);
    len = sizeof buf;
    CHECK(InternetQueryOptionA(r443, INTERNET_OPTION_URL, buf, &len));
    CHECK_STR(buf, "https://127.0.0.1/");
    len = sizeof buf;
    CHECK(InternetQueryOptionA(r80, INTERNET_OPTION_URL, buf, &len));
    CHECK_STR(buf, "http://127.0.0.1/");
    /* Closing the connection closes its secure requests too. */
    CHECK(InternetCloseHandle(c));
    CHECK(!InternetCloseHandle(r));
    CHECK_INT(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK(InternetCloseHandle(s));
    CHECK(!InternetCloseHandle(r443));
}

int main(void)
{
    nginx = env_port("OI_NGINX_PORT");
    httpbin = env_port("OI_HTTPBIN_PORT");
    /* WinInet trusts the system store; here the store is the test CA. */
    setenv("SSL_CERT_FILE", env_need("OI_TEST_CA"), 1);
    RUN(timeouts_are_copied_to_children_when_made);
    RUN(a_receive_timeout_ends_a_silent_exchange);
    RUN(number_options_check_their_sizes);
    RUN(global_values_reach_new_sessions);
    RUN(max_connections_are_global_only);
    RUN(user_agent_strings_and_their_sizes);
    RUN(credentials_answer_basic_auth);
    RUN(handle_facts_context_parent_and_callback);
    RUN(url_follows_redirects);
    RUN(request_flags_before_and_after_the_response);
    RUN(decoding_is_opt_in);
    RUN(versions);
    RUN(proxy_settings_of_a_session);
    RUN(unsupported_and_global_only_options);
    RUN(tls_flags_and_certificate);
    RUN(security_flags_forgive_certificate_errors);
    RUN(secure_requests_on_a_plain_connection);
    return check_summary();
}
