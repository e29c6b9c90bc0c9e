/* The session's cookie jar through the public API, against httpbin: what a
 * server sets comes back on later requests, OI_FLAG_NO_COOKIES neither
 * sends nor stores, deletion works, the set/get calls agree with what goes
 * on the wire, the jar survives a save and a load into another session,
 * public-suffix domains are refused and Secure cookies stay off plain
 * http.  httpbin's /cookies echoes the cookies it received as JSON;
 * /response-headers sets any Set-Cookie we ask for. */
#include "support.h"

static unsigned httpbin, nginx_tls;

/* GET httpbin's `path` with `flags` into b; returns the request (read). */
static oi_handle *get(oi_handle *s, const char *path, unsigned flags, body *b)
{
    oi_handle *req = NULL;
    CHECK_INT(http_send(s, httpbin, "GET", path, flags, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(read_body(req, b), OI_OK);
    return req;
}

/* The value httpbin's /cookies says it received for `name`, or "" if
 * none ("cookies" is the only object in its answer). */
static void cookie_seen(oi_handle *s, const char *name, char *out, size_t cap, unsigned flags)
{
    body b = {0};
    oi_handle *req = get(s, "/cookies", flags, &b);
    out[0] = '\0';
    CHECK(b.data && strstr(b.data, "\"cookies\"") != NULL);
    if (!json_string_of(b.data, name, out, cap))
        out[0] = '\0';
    oi_handle_close(req);
    body_free(&b);
}

static void check_server_sees(oi_handle *s, const char *name, const char *want)
{
    char got[256];
    cookie_seen(s, name, got, sizeof got, 0);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "httpbin received %s=\"%s\", expected \"%s\"\n", name, got, want);
    CHECK_STR(got, want);
}

static oi_status jar_for(oi_handle *s, const char *url, char *buf, size_t cap)
{
    size_t len = cap;
    buf[0] = '\0';
    return oi_session_get_cookies(s, url, buf, &len);
}

static void httpbin_url(char *buf, size_t cap, const char *path)
{
    url_for(buf, cap, httpbin, path);
}

/* ------------------------------------------------------------------ */
/* From the server and back                                           */
/* ------------------------------------------------------------------ */

/* /cookies/set answers 302 to /cookies with Set-Cookie: the cookie is
 * stored from the 302 and already sent on its redirect. */
TEST(cookie_set_by_the_server_is_sent_back)
{
    oi_handle *s = session_new();
    char got[64] = "";
    body b = {0};
    oi_handle *req = get(s, "/cookies/set?a=1", 0, &b);
    CHECK(json_string_of(b.data, "a", got, sizeof got));
    CHECK_STR(got, "1");
    oi_handle_close(req);
    body_free(&b);
    check_server_sees(s, "a", "1");
    oi_handle_close(s);
}

TEST(jars_of_two_sessions_are_independent)
{
    oi_handle *s = session_new(), *other = session_new();
    body b = {0};
    oi_handle_close(get(s, "/cookies/set?mine=1", 0, &b));
    body_free(&b);
    check_server_sees(other, "mine", "");
    check_server_sees(s, "mine", "1");
    oi_handle_close(other);
    oi_handle_close(s);
}

TEST(no_cookies_flag_neither_stores_nor_sends)
{
    oi_handle *s = session_new();
    char got[64], url[256], buf[256], sent[256];
    body b = {0};
    httpbin_url(url, sizeof url, "/cookies");
    oi_handle_close(get(s, "/cookies/set?b=2", OI_FLAG_NO_COOKIES, &b));
    body_free(&b);
    CHECK_INT(jar_for(s, url, buf, sizeof buf), OI_E_HEADER_NOT_FOUND);
    check_server_sees(s, "b", "");
    /* A cookie in the jar stays home on a request with the flag. */
    CHECK_INT(oi_session_set_cookie(s, url, "c=3; Path=/"), OI_OK);
    oi_handle *req = get(s, "/cookies", OI_FLAG_NO_COOKIES, &b);
    CHECK(!sent_header(req, "Cookie", sent, sizeof sent));
    CHECK(!json_string_of(b.data, "c", got, sizeof got));
    oi_handle_close(req);
    body_free(&b);
    check_server_sees(s, "c", "3");
    oi_handle_close(s);
}

TEST(deleted_cookie_is_gone)
{
    oi_handle *s = session_new();
    char url[256], buf[256];
    body b = {0};
    httpbin_url(url, sizeof url, "/");
    oi_handle_close(get(s, "/cookies/set?gone=1&kept=2", 0, &b));
    body_free(&b);
    check_server_sees(s, "gone", "1");
    oi_handle_close(get(s, "/cookies/delete?gone", 0, &b));
    body_free(&b);
    check_server_sees(s, "gone", "");
    check_server_sees(s, "kept", "2");
    CHECK_INT(jar_for(s, url, buf, sizeof buf), OI_OK);
    CHECK_STR(buf, "kept=2");
    oi_handle_close(s);
}

/* A host-only cookie of 127.0.0.1 does not go to localhost, the same
 * server under another name. */
TEST(host_only_cookie_stays_with_its_host)
{
    oi_handle *s = session_new(), *req = NULL;
    char path[64], sent[256];
    body b = {0};
    oi_handle_close(get(s, "/cookies/set?host=1", 0, &b));
    body_free(&b);
    snprintf(path, sizeof path, "/cookies");
    CHECK_INT(request_open(s, "localhost", httpbin, "GET", path, 0, &req), OI_OK);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK(!sent_header(req, "Cookie", sent, sizeof sent));
    oi_handle_close(s);
}

/* Path=/anything: sent under /anything, not to /cookies. */
TEST(path_attribute_limits_where_the_cookie_goes)
{
    oi_handle *s = session_new();
    char got[64] = "";
    body b = {0};
    oi_handle_close(get(s, "/response-headers?Set-Cookie=p%3D1%3B%20Path%3D%2Fanything", 0, &b));
    body_free(&b);
    check_server_sees(s, "p", "");
    oi_handle_close(get(s, "/anything/deeper", 0, &b));
    CHECK(json_string_of(b.data, "Cookie", got, sizeof got));
    CHECK_STR(got, "p=1");
    body_free(&b);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* The set and get calls                                              */
/* ------------------------------------------------------------------ */

TEST(cookie_set_by_the_caller_is_sent)
{
    oi_handle *s = session_new();
    char url[256];
    httpbin_url(url, sizeof url, "/");
    CHECK_INT(oi_session_set_cookie(s, url, "z=9; Path=/; Max-Age=60"), OI_OK);
    check_server_sees(s, "z", "9");
    oi_handle_close(s);
}

/* The buffer-size protocol: too small says how much is needed (NUL
 * included); then the value fits. */
TEST(get_cookies_returns_what_the_server_set)
{
    oi_handle *s = session_new();
    char url[256], buf[64], tiny[4];
    size_t len = sizeof tiny;
    body b = {0};
    httpbin_url(url, sizeof url, "/cookies");
    CHECK_INT(jar_for(s, url, buf, sizeof buf), OI_E_HEADER_NOT_FOUND);
    oi_handle_close(get(s, "/cookies/set?name=value", 0, &b));
    body_free(&b);
    CHECK_INT(oi_session_get_cookies(s, url, tiny, &len), OI_E_INVALID_PARAMETER);
    CHECK_INT(len, sizeof "name=value");
    len = 0;
    CHECK_INT(oi_session_get_cookies(s, url, NULL, &len), OI_E_INVALID_PARAMETER);
    CHECK_INT(len, sizeof "name=value");
    char *exact = malloc(len);
    CHECK_INT(oi_session_get_cookies(s, url, exact, &len), OI_OK);
    CHECK_INT(len, strlen("name=value"));
    CHECK_STR(exact, "name=value");
    free(exact);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Cookie files                                                       */
/* ------------------------------------------------------------------ */

static void temp_cookie_file(char *path, size_t cap)
{
    snprintf(path, cap, "%s/openinet-cookies-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        exit(1);
    }
    close(fd);
}

/* The file is in the Netscape format: a line of seven tab-separated
 * fields with the host and the cookie. */
static int file_has_cookie_line(const char *path, const char *name, const char *value)
{
    FILE *f = fopen(path, "r");
    char line[1024], want[256];
    int found = 0;
    snprintf(want, sizeof want, "\t%s\t%s\n", name, value);
    while (f && !found && fgets(line, sizeof line, f))
        found = line[0] != '#' && strncmp(line, "127.0.0.1\t", 10) == 0 && strstr(line, want);
    if (f)
        fclose(f);
    return found;
}

TEST(saved_jar_loads_into_a_new_session)
{
    oi_handle *s = session_new(), *again = session_new();
    char path[1024];
    body b = {0};
    temp_cookie_file(path, sizeof path);
    oi_handle_close(get(s, "/cookies/set?kept=yes", 0, &b));
    body_free(&b);
    CHECK_INT(oi_session_save_cookies(s, path), OI_OK);
    CHECK(file_has_cookie_line(path, "kept", "yes"));
    oi_handle_close(s);
    CHECK_INT(oi_session_load_cookies(again, path), OI_OK);
    check_server_sees(again, "kept", "yes");
    unlink(path);
    CHECK_INT(oi_session_load_cookies(again, path), OI_E_FILE_NOT_FOUND);
    oi_handle_close(again);
}

/* ------------------------------------------------------------------ */
/* Refusals (no traffic: the jar decides)                             */
/* ------------------------------------------------------------------ */

TEST(public_suffix_domain_is_refused)
{
    oi_handle *s = session_new();
    char buf[64];
    CHECK_INT(oi_session_set_cookie(s, "http://example.com/", "x=1; Domain=com"),
              OI_E_COOKIE_DECLINED);
    CHECK_INT(oi_session_set_cookie(s, "http://www.example.co.uk/", "y=1; Domain=co.uk"),
              OI_E_COOKIE_DECLINED);
    CHECK_INT(jar_for(s, "http://other.com/", buf, sizeof buf), OI_E_HEADER_NOT_FOUND);
    /* The registrable domain itself is fine, and covers its subdomains. */
    CHECK_INT(oi_session_set_cookie(s, "http://example.com/", "x=2; Domain=example.com"), OI_OK);
    CHECK_INT(jar_for(s, "http://www.example.com/", buf, sizeof buf), OI_OK);
    CHECK_STR(buf, "x=2");
    CHECK_INT(jar_for(s, "http://other.com/", buf, sizeof buf), OI_E_HEADER_NOT_FOUND);
    oi_handle_close(s);
}

TEST(domain_of_another_site_is_refused)
{
    oi_handle *s = session_new();
    CHECK_INT(oi_session_set_cookie(s, "http://example.com/", "x=1; Domain=example.org"),
              OI_E_COOKIE_DECLINED);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Secure cookies                                                     */
/* ------------------------------------------------------------------ */

TEST(secure_cookie_is_not_sent_over_http)
{
    oi_handle *s = session_new();
    char url[256], buf[64];
    snprintf(url, sizeof url, "https://127.0.0.1:%u/", httpbin);
    CHECK_INT(oi_session_set_cookie(s, url, "s=1; Secure; Path=/"), OI_OK);
    CHECK_INT(jar_for(s, url, buf, sizeof buf), OI_OK);
    CHECK_STR(buf, "s=1");
    httpbin_url(url, sizeof url, "/cookies");
    CHECK_INT(jar_for(s, url, buf, sizeof buf), OI_E_HEADER_NOT_FOUND);
    check_server_sees(s, "s", "");
    oi_handle_close(s);
}

/* The same cookie goes over https (nginx's TLS port: the head as sent). */
TEST(secure_cookie_is_sent_over_https)
{
    oi_handle *s = session_new_trusting_test_ca(), *h = NULL;
    char url[256], sent[256] = "";
    snprintf(url, sizeof url, "https://127.0.0.1:%u/index.html", nginx_tls);
    CHECK_INT(oi_session_set_cookie(s, url, "s=1; Secure; Path=/"), OI_OK);
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_OK);
    CHECK(h && sent_header(h, "Cookie", sent, sizeof sent));
    CHECK_STR(sent, "s=1");
    oi_handle_close(s);
}

/* RFC 6265bis 5.4: a plain http response may not set a Secure cookie. */
TEST(secure_cookie_from_plain_http_is_refused)
{
    oi_handle *s = session_new();
    char url[256], buf[64];
    body b = {0};
    oi_handle_close(
        get(s, "/response-headers?Set-Cookie=s2%3D1%3B%20Secure%3B%20Path%3D%2F", 0, &b));
    body_free(&b);
    snprintf(url, sizeof url, "https://127.0.0.1:%u/", httpbin);
    CHECK_INT(jar_for(s, url, buf, sizeof buf), OI_E_HEADER_NOT_FOUND);
    oi_handle_close(s);
}

int main(void)
{
    httpbin = env_port("OI_HTTPBIN_PORT");
    nginx_tls = env_port("OI_NGINX_TLS_PORT");

    RUN(cookie_set_by_the_server_is_sent_back);
    RUN(jars_of_two_sessions_are_independent);
    RUN(no_cookies_flag_neither_stores_nor_sends);
    RUN(deleted_cookie_is_gone);
    RUN(host_only_cookie_stays_with_its_host);
    RUN(path_attribute_limits_where_the_cookie_goes);
    RUN(cookie_set_by_the_caller_is_sent);
    RUN(get_cookies_returns_what_the_server_set);
    RUN(saved_jar_loads_into_a_new_session);
    RUN(public_suffix_domain_is_refused);
    RUN(domain_of_another_site_is_refused);
    RUN(secure_cookie_is_not_sent_over_http);
    RUN(secure_cookie_is_sent_over_https);
    RUN(secure_cookie_from_plain_http_is_refused);
    return check_summary();
}
