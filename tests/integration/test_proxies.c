/* Proxies through the public API: OI_ACCESS_PROXY with tinyproxy (absolute
 * form for http://, a CONNECT tunnel for https://), its Basic-auth twin
 * with credentials in the proxy URL, in the options, or none; socks5h://
 * through danted and through socks5.py with user/password; the bypass
 * list (names, CIDR ranges, IPv6 addresses); and OI_ACCESS_PRECONFIG with
 * http_proxy, https_proxy, all_proxy and no_proxy set by the test.
 * test_proxy_peers.c tests the proxy handshakes underneath.
 *
 * How a test tells whether a request went through a proxy: tinyproxy adds
 * a Via header to what it relays; a proxy on a closed port makes every
 * proxied request fail with OI_E_CANNOT_CONNECT while a direct one works. */
#include "support.h"

#include <stdarg.h>

static unsigned httpbin, nginx, nginx_tls, tinyproxy, tinyproxy_auth, socks, socks_auth;
static const char *user, *password;

static oi_handle *session_access(oi_access access)
{
    oi_handle *s = NULL;
    if (oi_session_open("openinet-tests", access, &s) != OI_OK || !s) {
        fprintf(stderr, "oi_session_open failed\n");
        exit(1);
    }
    oi_handle_set_int(s, OI_OPT_CONNECT_TIMEOUT, TEST_CONNECT_TIMEOUT_MS);
    oi_handle_set_int(s, OI_OPT_SEND_TIMEOUT, TEST_IO_TIMEOUT_MS);
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS);
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, TEST_TOTAL_TIMEOUT_MS);
    oi_handle_set_str(s, OI_OPT_CA_FILE, env_need("OI_TEST_CA"));
    return s;
}

/* A session whose proxy is `fmt` (printf-style, e.g. the port). */
static oi_handle *session_via(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static oi_handle *session_via(const char *fmt, ...)
{
    char url[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(url, sizeof url, fmt, ap);
    va_end(ap);
    oi_handle *s = session_access(OI_ACCESS_PROXY);
    CHECK_INT(oi_handle_set_str(s, OI_OPT_PROXY, url), OI_OK);
    return s;
}

/* Open `url`, read the body into b; the handle stays in *h (NULL on
 * failure) and the code of open or read is returned. */
static oi_status open_read(oi_handle *s, const char *url, oi_handle **h, body *b)
{
    *h = NULL;
    oi_status rc = oi_session_open_url(s, url, NULL, 0, 0, h);
    return rc == OI_OK ? read_body(*h, b) : rc;
}

static int span_has(const char *p, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++)
        if (memcmp(p + i, word, w) == 0)
            return 1;
    return 0;
}

/* GET http://host:httpbin/get; 1 if it answered 200 through tinyproxy
 * (Via), 0 if it answered 200 directly, -1 on failure. */
static int httpbin_via_tinyproxy(oi_handle *s, const char *host)
{
    char url[256];
    oi_handle *h = NULL;
    body b = {0};
    snprintf(url, sizeof url, "http://%s:%u/get", host, httpbin);
    oi_status rc = open_read(s, url, &h, &b);
    int status = h ? oi_request_status(h) : 0, result = -1;
    const char *via = NULL;
    size_t via_len = 0;
    if (rc == OI_OK && status == 200)
        result = oi_request_header(h, "Via", 0, &via, &via_len) == OI_OK;
    else
        fprintf(stderr, "GET %s: %s, status %d: %s\n", url, oi_status_name(rc), status,
                oi_handle_message(h ? h : s));
    if (result == 1 && !span_has(via, via_len, "tinyproxy"))
        result = -1;
    body_free(&b);
    oi_handle_close(h);
    return result;
}

/* GET https://127.0.0.1:nginx_tls/1k.bin: its code, the body checked. */
static oi_status nginx_over_tls(oi_handle *s)
{
    char url[256], file[1024];
    oi_handle *h = NULL;
    oi_status rc;
    snprintf(url, sizeof url, "https://127.0.0.1:%u/1k.bin", nginx_tls);
    docroot_path(file, sizeof file, "1k.bin");
    rc = oi_session_open_url(s, url, NULL, 0, 0, &h);
    if (rc == OI_OK) {
        CHECK_INT(oi_request_status(h), 200);
        CHECK(body_matches_file(h, file, 4096, &rc));
    }
    oi_handle_close(h);
    return rc;
}

/* ------------------------------------------------------------------ */
/* HTTP proxy                                                         */
/* ------------------------------------------------------------------ */

TEST(http_target_goes_through_the_proxy_in_absolute_form)
{
    oi_handle *s = session_via("http://127.0.0.1:%u", tinyproxy), *h = NULL;
    char url[256], line[300], echoed[256] = "";
    body b = {0};
    snprintf(url, sizeof url, "http://127.0.0.1:%u/get", httpbin);
    CHECK_INT(open_read(s, url, &h, &b), OI_OK);
    CHECK(h && oi_request_status(h) == 200);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 1);
    snprintf(line, sizeof line, "GET %s HTTP/1.1\r\n", url);
    const char *head = h ? oi_request_sent_headers(h, NULL) : NULL;
    CHECK(head && strncmp(head, line, strlen(line)) == 0);
    CHECK(json_string_of(b.data, "url", echoed, sizeof echoed));
    CHECK_STR(echoed, url);
    CHECK_STR(h ? oi_request_final_url(h) : NULL, url);
    body_free(&b);
    oi_handle_close(s);
}

/* https through an HTTP proxy is a CONNECT tunnel: the request inside is
 * in origin form and the server's certificate is the one checked. */
TEST(https_target_goes_through_a_connect_tunnel)
{
    oi_handle *s = session_via("http://127.0.0.1:%u", tinyproxy), *h = NULL;
    char url[256];
    oi_certificate_info info;
    body b = {0};
    CHECK_INT(nginx_over_tls(s), OI_OK);
    snprintf(url, sizeof url, "https://127.0.0.1:%u/index.html", nginx_tls);
    CHECK_INT(open_read(s, url, &h, &b), OI_OK);
    const char *head = h ? oi_request_sent_headers(h, NULL) : NULL;
    CHECK(head && strncmp(head, "GET /index.html HTTP/1.1\r\n", 26) == 0);
    CHECK(h && oi_request_certificate(h, &info) == OI_OK && strstr(info.subject, "localhost"));
    body_free(&b);
    oi_handle_close(s);
}

TEST(proxy_on_a_closed_port_fails_both_ways)
{
    unsigned port;
    int fd = closed_port(&port);
    oi_handle *s = session_via("http://127.0.0.1:%u", port);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), -1);
    CHECK_INT(oi_handle_error(s), OI_E_CANNOT_CONNECT);
    CHECK_INT(nginx_over_tls(s), OI_E_CANNOT_CONNECT);
    oi_handle_close(s);
    close(fd);
}

/* ------------------------------------------------------------------ */
/* HTTP proxy with Basic credentials                                  */
/* ------------------------------------------------------------------ */

TEST(proxy_credentials_in_the_proxy_url)
{
    oi_handle *s = session_via("http://%s:%s@127.0.0.1:%u", user, password, tinyproxy_auth);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 1);
    CHECK_INT(nginx_over_tls(s), OI_OK);
    oi_handle_close(s);
}

TEST(proxy_credentials_in_the_options)
{
    oi_handle *s = session_via("http://127.0.0.1:%u", tinyproxy_auth);
    oi_handle_set_str(s, OI_OPT_PROXY_USERNAME, user);
    oi_handle_set_str(s, OI_OPT_PROXY_PASSWORD, password);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 1);
    CHECK_INT(nginx_over_tls(s), OI_OK);
    oi_handle_close(s);
}

/* Without credentials: for http the proxy's 407 is the answer, readable
 * like any response; for https the CONNECT is refused before any request
 * exists, so the send fails with OI_E_PROXY_FAILED. */
TEST(proxy_without_credentials_answers_407_or_refuses_the_tunnel)
{
    oi_handle *s = session_via("http://127.0.0.1:%u", tinyproxy_auth), *h = NULL;
    char url[256];
    body b = {0};
    url_for(url, sizeof url, httpbin, "/get");
    CHECK_INT(open_read(s, url, &h, &b), OI_OK);
    CHECK(h && oi_request_status(h) == 407);
    CHECK(h && oi_request_header(h, "Proxy-Authenticate", 0, NULL, NULL) == OI_OK);
    CHECK(b.data && strstr(b.data, "Proxy Authentication Required") != NULL);
    body_free(&b);
    oi_handle_close(h);
    CHECK_INT(nginx_over_tls(s), OI_E_PROXY_FAILED);
    oi_handle_close(s);
}

/* tinyproxy 1.11 answers wrong credentials with 401 (see proxy.h): for
 * http that is the readable answer, for https a refused tunnel. */
TEST(proxy_with_a_wrong_password_is_refused)
{
    oi_handle *s = session_via("http://%s:wrong@127.0.0.1:%u", user, tinyproxy_auth), *h = NULL;
    char url[256];
    body b = {0};
    url_for(url, sizeof url, httpbin, "/get");
    CHECK_INT(open_read(s, url, &h, &b), OI_OK);
    CHECK(h && (oi_request_status(h) == 407 || oi_request_status(h) == 401));
    body_free(&b);
    oi_handle_close(h);
    CHECK_INT(nginx_over_tls(s), OI_E_PROXY_FAILED);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* SOCKS5                                                             */
/* ------------------------------------------------------------------ */

/* socks5h: the proxy resolves the name; no Via, since SOCKS relays bytes. */
TEST(socks5h_through_danted)
{
    oi_handle *s = session_via("socks5h://127.0.0.1:%u", socks);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 0);
    CHECK_INT(httpbin_via_tinyproxy(s, "localhost"), 0);
    CHECK_INT(nginx_over_tls(s), OI_OK);
    oi_handle_close(s);
}

TEST(socks5h_with_user_and_password_in_the_url)
{
    oi_handle *s = session_via("socks5h://%s:%s@127.0.0.1:%u", user, password, socks_auth);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 0);
    CHECK_INT(nginx_over_tls(s), OI_OK);
    oi_handle_close(s);
}

TEST(socks5h_with_user_and_password_in_the_options)
{
    oi_handle *s = session_via("socks5h://127.0.0.1:%u", socks_auth);
    oi_handle_set_str(s, OI_OPT_PROXY_USERNAME, user);
    oi_handle_set_str(s, OI_OPT_PROXY_PASSWORD, password);
    CHECK_INT(httpbin_via_tinyproxy(s, "localhost"), 0);
    CHECK_INT(nginx_over_tls(s), OI_OK);
    oi_handle_close(s);
}

TEST(socks5h_without_or_with_wrong_credentials_fails_as_the_proxy)
{
    oi_handle *s = session_via("socks5h://127.0.0.1:%u", socks_auth);
    CHECK_INT(nginx_over_tls(s), OI_E_PROXY_FAILED);
    oi_handle_close(s);
    s = session_via("socks5h://%s:wrong@127.0.0.1:%u", user, socks_auth);
    CHECK_INT(nginx_over_tls(s), OI_E_PROXY_FAILED);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Bypass list                                                        */
/* ------------------------------------------------------------------ */

static oi_handle *session_bypassing(const char *list)
{
    oi_handle *s = session_via("http://127.0.0.1:%u", tinyproxy);
    CHECK_INT(oi_handle_set_str(s, OI_OPT_PROXY_BYPASS, list), OI_OK);
    return s;
}

TEST(bypass_by_name)
{
    oi_handle *s = session_bypassing("example.com, localhost");
    CHECK_INT(httpbin_via_tinyproxy(s, "localhost"), 0);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 1);
    oi_handle_close(s);
}

TEST(bypass_by_cidr_range)
{
    oi_handle *s = session_bypassing("10.0.0.0/8");
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 1);
    oi_handle_close(s);
    s = session_bypassing("10.0.0.0/8,127.0.0.0/8");
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 0);
    CHECK_INT(httpbin_via_tinyproxy(s, "localhost"), 1); /* a name, not an address */
    oi_handle_close(s);
}

/* https bypassed: no tunnel, so a closed proxy does not matter. */
TEST(bypass_applies_to_https)
{
    unsigned port;
    int fd = closed_port(&port);
    oi_handle *s = session_via("http://127.0.0.1:%u", port);
    CHECK_INT(nginx_over_tls(s), OI_E_CANNOT_CONNECT);
    oi_handle_set_str(s, OI_OPT_PROXY_BYPASS, "127.0.0.1");
    CHECK_INT(nginx_over_tls(s), OI_OK);
    oi_handle_close(s);
    close(fd);
}

/* nginx answers on [::1] too; tinyproxy reaches it and says so in Via. */
static int nginx_v6_via_tinyproxy(oi_handle *s)
{
    char url[256];
    oi_handle *h = NULL;
    body b = {0};
    snprintf(url, sizeof url, "http://[::1]:%u/index.html", nginx);
    oi_status rc = open_read(s, url, &h, &b);
    int result = rc == OI_OK && h && oi_request_status(h) == 200
                     ? oi_request_header(h, "Via", 0, NULL, NULL) == OI_OK
                     : -1;
    if (result < 0)
        fprintf(stderr, "GET %s: %s\n", url, oi_status_name(rc));
    body_free(&b);
    oi_handle_close(h);
    return result;
}

TEST(bypass_by_ipv6_address_and_range)
{
    const char *v6 = getenv("OI_NGINX_IPV6");
    if (v6 && strcmp(v6, "0") == 0) {
        printf("SKIP bypass_by_ipv6_address_and_range: no IPv6 loopback\n");
        return;
    }
    oi_handle *s = session_bypassing("127.0.0.1");
    CHECK_INT(nginx_v6_via_tinyproxy(s), 1);
    oi_handle_close(s);
    s = session_bypassing("::1");
    CHECK_INT(nginx_v6_via_tinyproxy(s), 0);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 1);
    oi_handle_close(s);
    s = session_bypassing("[::1]");
    CHECK_INT(nginx_v6_via_tinyproxy(s), 0);
    oi_handle_close(s);
    s = session_bypassing("::/64");
    CHECK_INT(nginx_v6_via_tinyproxy(s), 0);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* The environment (OI_ACCESS_PRECONFIG)                              */
/* ------------------------------------------------------------------ */

static const char *const proxy_vars[] = {"http_proxy", "https_proxy", "all_proxy", "no_proxy",
                                         "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"};
#define NVARS (sizeof proxy_vars / sizeof proxy_vars[0])

static char *saved_env[NVARS];

/* Every case starts from an environment without proxy variables and ends
 * with the one the program had. */
static void env_clear_proxies(void)
{
    for (size_t i = 0; i < NVARS; i++) {
        const char *v = getenv(proxy_vars[i]);
        saved_env[i] = v ? strdup(v) : NULL;
        unsetenv(proxy_vars[i]);
    }
}

static void env_restore_proxies(void)
{
    for (size_t i = 0; i < NVARS; i++) {
        if (saved_env[i])
            setenv(proxy_vars[i], saved_env[i], 1);
        else
            unsetenv(proxy_vars[i]);
        free(saved_env[i]);
        saved_env[i] = NULL;
    }
}

/* name=scheme://127.0.0.1:port */
static void env_set(const char *name, const char *scheme, unsigned port)
{
    char v[256];
    snprintf(v, sizeof v, "%s://127.0.0.1:%u", scheme, port);
    setenv(name, v, 1);
}

TEST(environment_without_proxies_is_direct)
{
    env_clear_proxies();
    oi_handle *s = session_access(OI_ACCESS_PRECONFIG);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 0);
    CHECK_INT(nginx_over_tls(s), OI_OK);
    oi_handle_close(s);
    env_restore_proxies();
}

TEST(http_proxy_variable_carries_http_only)
{
    unsigned closed;
    int fd = closed_port(&closed);
    env_clear_proxies();
    env_set("http_proxy", "http", tinyproxy);
    oi_handle *s = session_access(OI_ACCESS_PRECONFIG);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 1);
    CHECK_INT(nginx_over_tls(s), OI_OK); /* direct: no https_proxy */
    oi_handle_close(s);
    env_restore_proxies();
    close(fd);
}

TEST(https_proxy_variable_carries_https_only)
{
    unsigned closed;
    int fd = closed_port(&closed);
    env_clear_proxies();
    env_set("https_proxy", "http", closed);
    oi_handle *s = session_access(OI_ACCESS_PRECONFIG);
    CHECK_INT(nginx_over_tls(s), OI_E_CANNOT_CONNECT);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 0);
    env_set("https_proxy", "http", tinyproxy);
    CHECK_INT(nginx_over_tls(s), OI_OK);
    oi_handle_close(s);
    env_restore_proxies();
    close(fd);
}

/* Upper-case HTTP_PROXY is ignored (CGI servers set it from a request
 * header); HTTPS_PROXY and NO_PROXY count like their lower-case forms. */
TEST(upper_case_variables_follow_unix_conventions)
{
    unsigned closed;
    int fd = closed_port(&closed);
    env_clear_proxies();
    env_set("HTTP_PROXY", "http", closed);
    env_set("HTTPS_PROXY", "http", closed);
    oi_handle *s = session_access(OI_ACCESS_PRECONFIG);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 0);
    CHECK_INT(nginx_over_tls(s), OI_E_CANNOT_CONNECT);
    setenv("NO_PROXY", "127.0.0.1", 1);
    CHECK_INT(nginx_over_tls(s), OI_OK);
    oi_handle_close(s);
    env_restore_proxies();
    close(fd);
}

TEST(no_proxy_variable_takes_names_and_ranges)
{
    env_clear_proxies();
    env_set("http_proxy", "http", tinyproxy);
    oi_handle *s = session_access(OI_ACCESS_PRECONFIG);
    setenv("no_proxy", "localhost", 1);
    CHECK_INT(httpbin_via_tinyproxy(s, "localhost"), 0);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 1);
    setenv("no_proxy", "example.com,127.0.0.0/8", 1);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 0);
    CHECK_INT(httpbin_via_tinyproxy(s, "localhost"), 1);
    setenv("no_proxy", "*", 1);
    CHECK_INT(httpbin_via_tinyproxy(s, "localhost"), 0);
    oi_handle_close(s);
    env_restore_proxies();
}

TEST(all_proxy_variable_serves_both_schemes)
{
    unsigned closed;
    int fd = closed_port(&closed);
    env_clear_proxies();
    env_set("all_proxy", "socks5h", socks);
    oi_handle *s = session_access(OI_ACCESS_PRECONFIG);
    CHECK_INT(httpbin_via_tinyproxy(s, "localhost"), 0);
    CHECK_INT(nginx_over_tls(s), OI_OK);
    env_set("all_proxy", "socks5h", closed);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), -1);
    CHECK_INT(nginx_over_tls(s), OI_E_CANNOT_CONNECT);
    oi_handle_close(s);
    env_restore_proxies();
    close(fd);
}

/* OI_ACCESS_DIRECT ignores the environment. */
TEST(direct_access_ignores_the_environment)
{
    unsigned closed;
    int fd = closed_port(&closed);
    env_clear_proxies();
    env_set("http_proxy", "http", closed);
    env_set("https_proxy", "http", closed);
    oi_handle *s = session_access(OI_ACCESS_DIRECT);
    CHECK_INT(httpbin_via_tinyproxy(s, "127.0.0.1"), 0);
    CHECK_INT(nginx_over_tls(s), OI_OK);
    oi_handle_close(s);
    env_restore_proxies();
    close(fd);
}

int main(void)
{
    httpbin = env_port("OI_HTTPBIN_PORT");
    nginx = env_port("OI_NGINX_PORT");
    nginx_tls = env_port("OI_NGINX_TLS_PORT");
    tinyproxy = env_port("OI_TINYPROXY_PORT");
    tinyproxy_auth = env_port("OI_TINYPROXY_AUTH_PORT");
    socks = env_port("OI_SOCKS_PORT");
    socks_auth = env_port("OI_SOCKS_AUTH_PORT");
    user = env_need("OI_PROXY_USER");
    password = env_need("OI_PROXY_PASSWORD");
    env_need("OI_DOCROOT");

    RUN(http_target_goes_through_the_proxy_in_absolute_form);
    RUN(https_target_goes_through_a_connect_tunnel);
    RUN(proxy_on_a_closed_port_fails_both_ways);
    RUN(proxy_credentials_in_the_proxy_url);
    RUN(proxy_credentials_in_the_options);
    RUN(proxy_without_credentials_answers_407_or_refuses_the_tunnel);
    RUN(proxy_with_a_wrong_password_is_refused);
    RUN(socks5h_through_danted);
    RUN(socks5h_with_user_and_password_in_the_url);
    RUN(socks5h_with_user_and_password_in_the_options);
    RUN(socks5h_without_or_with_wrong_credentials_fails_as_the_proxy);
    RUN(bypass_by_name);
    RUN(bypass_by_cidr_range);
    RUN(bypass_applies_to_https);
    RUN(bypass_by_ipv6_address_and_range);
    RUN(environment_without_proxies_is_direct);
    RUN(http_proxy_variable_carries_http_only);
    RUN(https_proxy_variable_carries_https_only);
    RUN(upper_case_variables_follow_unix_conventions);
    RUN(no_proxy_variable_takes_names_and_ranges);
    RUN(all_proxy_variable_serves_both_schemes);
    RUN(direct_access_ignores_the_environment);
    return check_summary();
}
