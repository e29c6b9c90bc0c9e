/* Proxies without a network: proxy URLs, the environment, bypass lists,
 * and the SOCKS5 and CONNECT handshakes against a scripted peer on the
 * other end of a socket pair (its answer is written before the call, what
 * the client sent is read after). */
#include "auth.h"
#include "check.h"
#include "proxy.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static oi_proxy px;

static int parse(const char *url)
{
    oi_proxy_free(&px);
    return oi_proxy_parse(url, &px);
}

TEST(proxy_url_with_credentials_and_port)
{
    CHECK_INT(parse("http://u:p@proxy.example:3128"), 0);
    CHECK_INT(px.kind, OI_PROXY_HTTP);
    CHECK_STR(px.host, "proxy.example");
    CHECK_INT(px.port, 3128);
    CHECK_STR(px.user, "u");
    CHECK_STR(px.password, "p");
}

TEST(proxy_url_defaults_http_and_port_1080)
{
    CHECK_INT(parse("host:3128"), 0);
    CHECK_INT(px.kind, OI_PROXY_HTTP);
    CHECK_STR(px.host, "host");
    CHECK(px.user == NULL && px.password == NULL);
    CHECK_INT(parse("proxy.example/"), 0);
    CHECK_INT(px.port, 1080);
    CHECK_INT(parse("HTTP://[::1]:8080"), 0);
    CHECK_STR(px.host, "::1");
    CHECK_INT(px.port, 8080);
}

TEST(socks5_and_socks5h_both_let_the_proxy_resolve)
{
    CHECK_INT(parse("socks5h://127.0.0.1:1081"), 0);
    CHECK_INT(px.kind, OI_PROXY_SOCKS5H);
    CHECK_INT(px.port, 1081);
    CHECK_INT(parse("SOCKS5://sock.example"), 0);
    CHECK_INT(px.kind, OI_PROXY_SOCKS5H);
    CHECK_INT(px.port, 1080);
}

TEST(proxy_credentials_are_percent_decoded_and_split_at_the_last_at)
{
    CHECK_INT(parse("http://us%40er:p%3As%25s@h/"), 0);
    CHECK_STR(px.user, "us@er");
    CHECK_STR(px.password, "p:s%s");
    CHECK_INT(parse("http://u:p@ss@h:1"), 0);
    CHECK_STR(px.user, "u");
    CHECK_STR(px.password, "p@ss");
    CHECK_STR(px.host, "h");
    CHECK_INT(parse("http://only-user@h"), 0);
    CHECK_STR(px.user, "only-user");
    CHECK_STR(px.password, "");
}

TEST(malformed_or_unsupported_proxy_urls_fail)
{
    const char *bad[] = {
        "https://h",    "socks4://h",    "ftp://h",
        "http://",      "http://h:0",    "http://h:65536",
        "http://h:12x", "http://h:",     "http://h/pa",
        "http://[::1",  "http://[zz]:1", "http://u%zz@h",
        "http://u%0@h", "http://u%00@h", "http://bad host",
        "http://h?x",   "http://:3128",  "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse(bad[i]) != -1) {
            fprintf(stderr, "accepted: %s\n", bad[i]);
            CHECK(0);
        }
        CHECK(px.host == NULL && px.user == NULL);
    }
}

static void env_clear(void)
{
    const char *names[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                           "ALL_PROXY",  "no_proxy",   "NO_PROXY",    "ftp_proxy",   "FTP_PROXY"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unsetenv(names[i]);
}

TEST(http_proxy_is_read_in_lower_case_only)
{
    env_clear();
    setenv("HTTP_PROXY", "http://attacker:1", 1); /* httpoxy: a CGI request's Proxy header */
    CHECK(oi_proxy_from_env("http") == NULL);
    setenv("http_proxy", "http://lower:1", 1);
    CHECK_STR(oi_proxy_from_env("HTTP"), "http://lower:1");
    env_clear();
}

TEST(https_proxy_in_either_case_then_all_proxy)
{
    env_clear();
    setenv("HTTPS_PROXY", "http://upper:1", 1);
    CHECK_STR(oi_proxy_from_env("https"), "http://upper:1");
    setenv("https_proxy", "http://lower:1", 1);
    CHECK_STR(oi_proxy_from_env("https"), "http://lower:1");
    env_clear();
    setenv("https_proxy", "", 1); /* empty counts as unset */
    setenv("ALL_PROXY", "socks5h://all:1", 1);
    CHECK_STR(oi_proxy_from_env("https"), "socks5h://all:1");
    CHECK_STR(oi_proxy_from_env("http"), "socks5h://all:1");
    setenv("all_proxy", "socks5h://lower-all:1", 1);
    CHECK_STR(oi_proxy_from_env("ftp"), "socks5h://lower-all:1");
    env_clear();
    CHECK(oi_proxy_from_env("http") == NULL);
}

TEST(no_proxy_in_either_case)
{
    env_clear();
    CHECK(oi_proxy_no_proxy_env() == NULL);
    setenv("NO_PROXY", "upper.example", 1);
    CHECK_STR(oi_proxy_no_proxy_env(), "upper.example");
    setenv("no_proxy", "lower.example", 1);
    CHECK_STR(oi_proxy_no_proxy_env(), "lower.example");
    env_clear();
}

TEST(bypass_names_match_themselves_and_subdomains)
{
    const char *list = "example.com";
    CHECK_INT(oi_proxy_bypassed(list, "example.com"), 1);
    CHECK_INT(oi_proxy_bypassed(list, "a.b.example.com"), 1);
    CHECK_INT(oi_proxy_bypassed(list, "A.EXAMPLE.COM."), 1);
    CHECK_INT(oi_proxy_bypassed(list, "notexample.com"), 0);
    CHECK_INT(oi_proxy_bypassed(list, "example.com.evil"), 0);
    CHECK_INT(oi_proxy_bypassed("Example.Com.", "www.example.com"), 1);
    CHECK_INT(oi_proxy_bypassed(".example.com", "example.com"), 1);
    CHECK_INT(oi_proxy_bypassed(".example.com", "x.example.com"), 1);
    CHECK_INT(oi_proxy_bypassed("*.example.com", "x.example.com"), 1);
    CHECK_INT(oi_proxy_bypassed("*.example.com", "xexample.com"), 0);
}

TEST(bypass_lists_split_at_commas_and_spaces)
{
    const char *list = " a.test,b.test\tc.test ,, d.test ";
    CHECK_INT(oi_proxy_bypassed(list, "a.test"), 1);
    CHECK_INT(oi_proxy_bypassed(list, "b.test"), 1);
    CHECK_INT(oi_proxy_bypassed(list, "c.test"), 1);
    CHECK_INT(oi_proxy_bypassed(list, "d.test"), 1);
    CHECK_INT(oi_proxy_bypassed(list, "e.test"), 0);
    CHECK_INT(oi_proxy_bypassed(NULL, "a.test"), 0);
    CHECK_INT(oi_proxy_bypassed("", "a.test"), 0);
    CHECK_INT(oi_proxy_bypassed("x, *", "anything.at.all"), 1);
    CHECK_INT(oi_proxy_bypassed("*", "::1"), 1);
}

TEST(bypass_addresses_compare_as_numbers)
{
    CHECK_INT(oi_proxy_bypassed("127.0.0.1", "127.0.0.1"), 1);
    CHECK_INT(oi_proxy_bypassed("127.0.0.1", "127.0.0.2"), 0);
    CHECK_INT(oi_proxy_bypassed("::1", "0:0:0::1"), 1);
    CHECK_INT(oi_proxy_bypassed("[::1]", "::1"), 1);
    CHECK_INT(oi_proxy_bypassed("::1", "[::1]"), 1);
    CHECK_INT(oi_proxy_bypassed("localhost", "127.0.0.1"), 0); /* no lookups */
    CHECK_INT(oi_proxy_bypassed("0.1", "10.0.0.1"), 0);        /* not a suffix */
    CHECK_INT(oi_proxy_bypassed("127.0.0.1", "localhost"), 0);
}

TEST(bypass_cidr_ranges_v4_and_v6)
{
    CHECK_INT(oi_proxy_bypassed("10.0.0.0/8", "10.200.3.4"), 1);
    CHECK_INT(oi_proxy_bypassed("10.0.0.0/8", "11.0.0.1"), 0);
    CHECK_INT(oi_proxy_bypassed("192.168.1.128/25", "192.168.1.200"), 1);
    CHECK_INT(oi_proxy_bypassed("192.168.1.128/25", "192.168.1.100"), 0);
    CHECK_INT(oi_proxy_bypassed("0.0.0.0/0", "8.8.8.8"), 1);
    CHECK_INT(oi_proxy_bypassed("fe80::/10", "fe80::1"), 1);
    CHECK_INT(oi_proxy_bypassed("fe80::/10", "febf::1"), 1);
    CHECK_INT(oi_proxy_bypassed("fe80::/10", "fec0::1"), 0);
    CHECK_INT(oi_proxy_bypassed("[fe80::]/10", "fe80::2"), 1);
    CHECK_INT(oi_proxy_bypassed("10.0.0.0/8", "::ffff:10.0.0.1"), 0); /* families apart */
    CHECK_INT(oi_proxy_bypassed("10.0.0.0/33", "10.0.0.1"), 0);
    CHECK_INT(oi_proxy_bypassed("10.0.0.0/x", "10.0.0.1"), 0);
    CHECK_INT(oi_proxy_bypassed("10.0.0.0/", "10.0.0.1"), 0);
    CHECK_INT(oi_proxy_bypassed("10.0.0.0/8", "ten.example"), 0);
}

TEST(bypass_local_means_names_without_a_dot)
{
    CHECK_INT(oi_proxy_bypassed("<local>", "intranet"), 1);
    CHECK_INT(oi_proxy_bypassed("<LOCAL>", "intranet."), 1);
    CHECK_INT(oi_proxy_bypassed("<local>", "www.example"), 0);
    CHECK_INT(oi_proxy_bypassed("<local>", "::1"), 0);
}

/* ---- handshakes against a scripted peer ---- */

static oi_handle *session;
static oi_conn *conn;
static int peer = -1;

/* A connection whose other end is `peer`; `answer` (n bytes) is what the
 * proxy will have said. */
static void fake_proxy(const void *answer, size_t n)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 ||
        fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK) != 0) {
        perror("socketpair");
        exit(1);
    }
    conn = calloc(1, sizeof *conn);
    conn->fd = sv[0];
    conn->host = strdup("proxy.test");
    conn->port = 1080;
    peer = sv[1];
    if (n && write(peer, answer, n) != (ssize_t)n) {
        perror("write");
        exit(1);
    }
}

/* The proxy hangs up after its answer. */
static void fake_proxy_hangs_up(void)
{
    shutdown(peer, SHUT_WR);
}

/* What the client sent, as a static buffer; *n its length. */
static const char *sent(size_t *n)
{
    static char buf[4096];
    fcntl(peer, F_SETFL, fcntl(peer, F_GETFL) | O_NONBLOCK);
    ssize_t r = read(peer, buf, sizeof buf - 1);
    *n = r > 0 ? (size_t)r : 0;
    buf[*n] = '\0';
    return buf;
}

static void fake_proxy_end(void)
{
    oi_conn_close(conn);
    close(peer);
    conn = NULL;
    peer = -1;
}

static int message_has(const char *part)
{
    const char *m = oi_handle_message(session);
    if (strstr(m, part))
        return 1;
    fprintf(stderr, "message \"%s\" lacks \"%s\"\n", m, part);
    return 0;
}

#define BYTES(...) ((const unsigned char[]){__VA_ARGS__})
#define CHECK_SENT(...)                                                                            \
    do {                                                                                           \
        static const unsigned char want_[] = {__VA_ARGS__};                                        \
        size_t n_;                                                                                 \
        const char *got_ = sent(&n_);                                                              \
        CHECK_INT(n_, sizeof want_);                                                               \
        CHECK(n_ == sizeof want_ && memcmp(got_, want_, n_) == 0);                                 \
    } while (0)

static oi_status socks(const char *user, const char *password, const char *host, unsigned port)
{
    oi_proxy p = {OI_PROXY_SOCKS5H, "proxy.test", 1080, (char *)user, (char *)password};
    return oi_socks5_connect(session, conn, &p, host, port, 0);
}

TEST(socks_sends_names_for_the_proxy_to_resolve)
{
    fake_proxy(BYTES(5, 0, 5, 0, 0, 1, 127, 0, 0, 1, 0, 80), 12);
    CHECK_INT(socks(NULL, NULL, "example.com", 80), OI_OK);
    CHECK_SENT(5, 1, 0, 5, 1, 0, 3, 11, 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm', 0,
               80);
    fake_proxy_end();
}

TEST(socks_sends_address_literals_as_addresses)
{
    fake_proxy(BYTES(5, 0, 5, 0, 0, 1, 127, 0, 0, 1, 0, 80), 12);
    CHECK_INT(socks(NULL, NULL, "10.0.0.1", 8080), OI_OK);
    CHECK_SENT(5, 1, 0, 5, 1, 0, 1, 10, 0, 0, 1, 0x1f, 0x90);
    fake_proxy_end();

    fake_proxy(BYTES(5, 0, 5, 0, 0, 1, 127, 0, 0, 1, 0, 80), 12);
    CHECK_INT(socks(NULL, NULL, "::1", 443), OI_OK);
    CHECK_SENT(5, 1, 0, 5, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0xbb);
    fake_proxy_end();
}

TEST(socks_user_password_subnegotiation)
{
    fake_proxy(BYTES(5, 2, 1, 0, 5, 0, 0, 1, 127, 0, 0, 1, 0, 80), 14);
    CHECK_INT(socks("user", "pass", "h", 80), OI_OK);
    CHECK_SENT(5, 2, 0, 2, 1, 4, 'u', 's', 'e', 'r', 4, 'p', 'a', 's', 's', 5, 1, 0, 3, 1, 'h', 0,
               80);
    fake_proxy_end();
}

TEST(socks_wrong_password_is_a_proxy_failure)
{
    fake_proxy(BYTES(5, 2, 1, 1), 4);
    CHECK_INT(socks("user", "wrong", "h", 80), OI_E_PROXY_FAILED);
    CHECK(message_has("authentication failed for user 'user'"));
    fake_proxy_end();
}

TEST(socks_proxy_that_wants_credentials_we_lack)
{
    fake_proxy(BYTES(5, 0xff), 2);
    CHECK_INT(socks(NULL, NULL, "h", 80), OI_E_PROXY_FAILED);
    CHECK(message_has("requires authentication"));
    fake_proxy_end();

    fake_proxy(BYTES(5, 2), 2); /* picks a method we did not offer */
    CHECK_INT(socks(NULL, NULL, "h", 80), OI_E_PROXY_FAILED);
    CHECK(message_has("not offered"));
    fake_proxy_end();
}

TEST(socks_reply_codes_name_the_reason)
{
    fake_proxy(BYTES(5, 0, 5, 5, 0, 1, 0, 0, 0, 0, 0, 0), 12);
    CHECK_INT(socks(NULL, NULL, "h.test", 9), OI_E_PROXY_FAILED);
    CHECK(message_has("SOCKS5 proxy proxy.test port 1080: connect to h.test port 9: "
                      "connection refused (reply 5)"));
    fake_proxy_end();

    fake_proxy(BYTES(5, 0, 5, 2, 0, 1, 0, 0, 0, 0, 0, 0), 12);
    CHECK_INT(socks(NULL, NULL, "h.test", 9), OI_E_PROXY_FAILED);
    CHECK(message_has("not allowed by ruleset (reply 2)"));
    fake_proxy_end();
}

TEST(socks_bound_name_in_reply_is_skipped_and_target_bytes_follow)
{
    fake_proxy(BYTES(5, 0, 5, 0, 0, 3, 4, 'b', 'n', 'd', '!', 0, 80, 'h', 'i'), 15);
    CHECK_INT(socks(NULL, NULL, "h", 80), OI_OK);
    char buf[8];
    size_t got = 0;
    CHECK_INT(oi_conn_recv(session, conn, buf, sizeof buf, 0, &got), OI_OK);
    CHECK_SPAN(buf, got, "hi");
    fake_proxy_end();
}

TEST(socks_proxy_closing_or_not_speaking_socks)
{
    fake_proxy(BYTES(5, 0, 5), 3);
    fake_proxy_hangs_up();
    CHECK_INT(socks(NULL, NULL, "h", 80), OI_E_PROXY_FAILED);
    CHECK(message_has("closed the connection during the connect reply"));
    fake_proxy_end();

    fake_proxy("HTTP/1.1 400 Bad Request\r\n\r\n", 28);
    CHECK_INT(socks(NULL, NULL, "h", 80), OI_E_PROXY_FAILED);
    CHECK(message_has("not a SOCKS5 proxy"));
    fake_proxy_end();

    fake_proxy(BYTES(5, 0, 5, 0, 0, 9), 6);
    CHECK_INT(socks(NULL, NULL, "h", 80), OI_E_PROXY_FAILED);
    CHECK(message_has("invalid address type 9"));
    fake_proxy_end();
}

TEST(socks_silent_proxy_times_out)
{
    oi_handle_set_int(session, OI_OPT_RECEIVE_TIMEOUT, 50);
    fake_proxy(NULL, 0);
    CHECK_INT(socks(NULL, NULL, "h", 80), OI_E_TIMEOUT);
    fake_proxy_end();
    oi_handle_set_int(session, OI_OPT_RECEIVE_TIMEOUT, 5000);
}

TEST(socks_refuses_what_it_cannot_encode)
{
    char name[300];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    fake_proxy(NULL, 0);
    CHECK_INT(socks(NULL, NULL, name, 80), OI_E_INVALID_PARAMETER);
    CHECK_INT(socks(NULL, NULL, "h", 0), OI_E_INVALID_PARAMETER);
    CHECK_INT(socks("", "p", "h", 80), OI_E_INVALID_PARAMETER);
    CHECK_INT(socks(name, "p", "h", 80), OI_E_INVALID_PARAMETER);
    size_t n;
    sent(&n);
    CHECK_INT(n, 0);
    fake_proxy_end();
}

static oi_tunnel_reply reply;

static oi_status tunnel(const char *host, unsigned port, const char *ua, const char *auth)
{
    oi_tunnel_reply_free(&reply);
    return oi_tunnel_connect(session, conn, host, port, ua, auth, 0, &reply);
}

static void answer(const char *text)
{
    fake_proxy(text, strlen(text));
}

TEST(tunnel_request_and_200)
{
    answer("HTTP/1.1 200 Connection established\r\n\r\n");
    CHECK_INT(tunnel("example.com", 443, "ua/1", NULL), OI_OK);
    size_t n;
    CHECK_STR(sent(&n), "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n"
                        "User-Agent: ua/1\r\n\r\n");
    CHECK_INT(reply.status, 200);
    CHECK_INT(conn->end - conn->start, 0);
    fake_proxy_end();
}

TEST(tunnel_ipv6_target_in_brackets_with_credentials)
{
    answer("HTTP/1.0 200 OK\nX: y\n\n"); /* bare LF heads are read too */
    CHECK_INT(tunnel("::1", 8443, NULL, "Basic dTpw"), OI_OK);
    size_t n;
    CHECK_STR(sent(&n), "CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n"
                        "Proxy-Authorization: Basic dTpw\r\n\r\n");
    fake_proxy_end();
}

TEST(tunnel_407_keeps_the_challenges_for_a_retry)
{
    answer("HTTP/1.1 407 Proxy Authentication Required\r\n"
           "Proxy-Authenticate: Basic realm=\"tiny\"\r\n"
           "Content-Length: 3\r\n"
           "proxy-authenticate: Digest realm=\"d\", nonce=\"n\", algorithm=SHA-256\r\n"
           "\r\nabc");
    CHECK_INT(tunnel("h.test", 443, NULL, NULL), OI_E_PROXY_FAILED);
    CHECK(message_has("refused CONNECT h.test:443: 407 Proxy Authentication Required"));
    CHECK_INT(reply.status, 407);
    CHECK_INT(reply.nauth, 2);
    CHECK_SPAN(reply.auth[0], reply.auth_len[0], "Basic realm=\"tiny\"");
    CHECK(strncmp(reply.head, "HTTP/1.1 407", 12) == 0);
    oi_auth_challenge ch;
    CHECK_INT(oi_auth_parse(reply.auth, reply.auth_len, reply.nauth, &ch), 0);
    CHECK_INT(ch.scheme, OI_AUTH_DIGEST);
    oi_auth_challenge_free(&ch);
    fake_proxy_end();
}

TEST(tunnel_skips_1xx_answers)
{
    answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n");
    CHECK_INT(tunnel("h", 443, NULL, NULL), OI_OK);
    CHECK_INT(reply.status, 200);
    fake_proxy_end();
}

TEST(tunnel_failures_of_the_proxy)
{
    answer("HTTP/1.1 200 OK\r\n\r\nearly");
    CHECK_INT(tunnel("h", 443, NULL, NULL), OI_E_PROXY_FAILED);
    CHECK(message_has("sent 5 bytes after opening the tunnel"));
    fake_proxy_end();

    answer("HTTP/1.1 200 OK\r\n");
    fake_proxy_hangs_up();
    CHECK_INT(tunnel("h", 443, NULL, NULL), OI_E_PROXY_FAILED);
    CHECK(message_has("closed the connection before answering CONNECT"));
    CHECK_INT(reply.status, 0);
    fake_proxy_end();

    fake_proxy(BYTES(5, 0), 2); /* a SOCKS proxy */
    fake_proxy_hangs_up();
    CHECK_INT(tunnel("h", 443, NULL, NULL), OI_E_PROXY_FAILED);
    CHECK(message_has("invalid answer to CONNECT"));
    fake_proxy_end();

    answer("HTTP/1.1 502 Bad Gateway\r\n\r\n");
    CHECK_INT(tunnel("h", 443, NULL, NULL), OI_E_PROXY_FAILED);
    CHECK_INT(reply.status, 502);
    CHECK_INT(reply.nauth, 0);
    fake_proxy_end();
}

TEST(tunnel_refuses_header_injection)
{
    fake_proxy(NULL, 0);
    CHECK_INT(tunnel("h", 443, "ua\r\nX-Evil: 1", NULL), OI_E_INVALID_PARAMETER);
    CHECK_INT(tunnel("h", 443, NULL, "Basic x\nX-Evil: 1"), OI_E_INVALID_PARAMETER);
    CHECK_INT(tunnel("h h", 443, NULL, NULL), OI_E_INVALID_PARAMETER);
    CHECK_INT(tunnel("h", 0, NULL, NULL), OI_E_INVALID_PARAMETER);
    CHECK_INT(tunnel("", 443, NULL, NULL), OI_E_INVALID_PARAMETER);
    size_t n;
    sent(&n);
    CHECK_INT(n, 0);
    fake_proxy_end();
}

int main(void)
{
    if (oi_session_open("test", OI_ACCESS_DIRECT, &session) != OI_OK)
        return 1;
    oi_handle_set_int(session, OI_OPT_RECEIVE_TIMEOUT, 5000);
    oi_handle_set_int(session, OI_OPT_SEND_TIMEOUT, 5000);
    RUN(proxy_url_with_credentials_and_port);
    RUN(proxy_url_defaults_http_and_port_1080);
    RUN(socks5_and_socks5h_both_let_the_proxy_resolve);
    RUN(proxy_credentials_are_percent_decoded_and_split_at_the_last_at);
    RUN(malformed_or_unsupported_proxy_urls_fail);
    RUN(http_proxy_is_read_in_lower_case_only);
    RUN(https_proxy_in_either_case_then_all_proxy);
    RUN(no_proxy_in_either_case);
    RUN(bypass_names_match_themselves_and_subdomains);
    RUN(bypass_lists_split_at_commas_and_spaces);
    RUN(bypass_addresses_compare_as_numbers);
    RUN(bypass_cidr_ranges_v4_and_v6);
    RUN(bypass_local_means_names_without_a_dot);
    RUN(socks_sends_names_for_the_proxy_to_resolve);
    RUN(socks_sends_address_literals_as_addresses);
    RUN(socks_user_password_subnegotiation);
    RUN(socks_wrong_password_is_a_proxy_failure);
    RUN(socks_proxy_that_wants_credentials_we_lack);
    RUN(socks_reply_codes_name_the_reason);
    RUN(socks_bound_name_in_reply_is_skipped_and_target_bytes_follow);
    RUN(socks_proxy_closing_or_not_speaking_socks);
    RUN(socks_silent_proxy_times_out);
    RUN(socks_refuses_what_it_cannot_encode);
    RUN(tunnel_request_and_200);
    RUN(tunnel_ipv6_target_in_brackets_with_credentials);
    RUN(tunnel_407_keeps_the_challenges_for_a_retry);
    RUN(tunnel_skips_1xx_answers);
    RUN(tunnel_failures_of_the_proxy);
    RUN(tunnel_refuses_header_injection);
    oi_tunnel_reply_free(&reply);
    oi_proxy_free(&px);
    oi_handle_close(session);
    return check_summary();
}
