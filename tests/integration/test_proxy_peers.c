/* SOCKS5 and CONNECT against real proxies: tinyproxy, danted and
 * socks5.py (tests/servers/README.md), reaching nginx and httpbin through
 * them.  The engine's proxy path is tested elsewhere; here each handshake
 * runs on its own connection and a plain GET proves the tunnel carries the
 * target's bytes. */
#include "auth.h"
#include "proxy.h"
#include "support.h"

#include <sys/uio.h>

static oi_handle *session, *h; /* h: a request handle, for events and errors */
static unsigned nginx, httpbin, tinyproxy, tinyproxy_auth, socks, socks_auth;
static const char *user, *password;

static int64_t deadline(void)
{
    return oi_now_ms() + TEST_TOTAL_TIMEOUT_MS;
}

static oi_conn *open_proxy(unsigned port)
{
    oi_conn *c = NULL;
    oi_status rc = oi_conn_open(h, "127.0.0.1", port, deadline(), &c);
    if (rc != OI_OK)
        fprintf(stderr, "proxy port %u: %s\n", port, oi_handle_message(h));
    CHECK_INT(rc, OI_OK);
    return c;
}

static int message_has(const char *part)
{
    const char *m = oi_handle_message(h);
    if (strstr(m, part))
        return 1;
    fprintf(stderr, "message \"%s\" lacks \"%s\"\n", m, part);
    return 0;
}

/* GET path from the target at the end of c (Host 127.0.0.1:port); 1 if
 * the answer is a 200 whose bytes hold `want`. */
static int get_through(oi_conn *c, unsigned port, const char *path, const char *want)
{
    char req[256], answer[8192];
    size_t len = 0, got = 0;
    snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n\r\n",
             path, port);
    struct iovec iov = {.iov_base = req, .iov_len = strlen(req)};
    if (oi_conn_send(h, c, &iov, 1, deadline()) != OI_OK)
        return 0;
    do { /* Connection: close, so the answer ends at EOF */
        if (oi_conn_recv(h, c, answer + len, sizeof answer - 1 - len, deadline(), &got) != OI_OK)
            return 0;
        len += got;
    } while (got > 0 && len < sizeof answer - 1);
    answer[len] = '\0';
    int ok = strncmp(answer, "HTTP/1.1 200 ", 13) == 0 && strstr(answer, want);
    if (!ok)
        fprintf(stderr, "through the proxy, GET %s answered:\n%.300s\n", path, answer);
    return ok;
}

/* ---- HTTP CONNECT through tinyproxy ---- */

static oi_status tunnel(oi_conn *c, unsigned port, const char *authorization,
                        oi_tunnel_reply *reply)
{
    return oi_tunnel_connect(h, c, "127.0.0.1", port, "openinet-tests", authorization, deadline(),
                             reply);
}

TEST(tunnel_without_credentials_reaches_nginx_and_httpbin)
{
    oi_tunnel_reply reply;
    oi_conn *c = open_proxy(tinyproxy);
    CHECK_INT(tunnel(c, nginx, NULL, &reply), OI_OK);
    CHECK_INT(reply.status, 200);
    CHECK(get_through(c, nginx, "/index.html", "It works."));
    oi_tunnel_reply_free(&reply);
    oi_conn_close(c);

    c = open_proxy(tinyproxy);
    CHECK_INT(tunnel(c, httpbin, NULL, &reply), OI_OK);
    CHECK(get_through(c, httpbin, "/get", "\"url\""));
    oi_tunnel_reply_free(&reply);
    oi_conn_close(c);
}

/* The engine's 407 flow: read the challenge, answer it on a new
 * connection. */
TEST(tunnel_407_then_credentials_on_a_new_connection)
{
    oi_tunnel_reply reply;
    oi_conn *c = open_proxy(tinyproxy_auth);
    CHECK_INT(tunnel(c, nginx, NULL, &reply), OI_E_PROXY_FAILED);
    CHECK_INT(reply.status, 407);
    CHECK(message_has("407"));
    oi_conn_close(c);

    oi_auth_challenge ch;
    CHECK_INT(oi_auth_parse(reply.auth, reply.auth_len, reply.nauth, &ch), 0);
    CHECK_INT(ch.scheme, OI_AUTH_BASIC);
    char target[32];
    snprintf(target, sizeof target, "127.0.0.1:%u", nginx);
    char *authorization = oi_auth_response(&ch, user, password, "CONNECT", target, 1, NULL);
    oi_tunnel_reply_free(&reply);

    c = open_proxy(tinyproxy_auth);
    CHECK_INT(tunnel(c, nginx, authorization, &reply), OI_OK);
    CHECK(get_through(c, nginx, "/index.html", "It works."));
    oi_tunnel_reply_free(&reply);
    oi_conn_close(c);
    oi_auth_challenge_free(&ch);
    free(authorization);
}

/* A proxy answers wrong credentials with 407 again; tinyproxy 1.11
 * (Debian 12) answers 401 with WWW-Authenticate instead (tinyproxy issue
 * 532).  Either way the engine stops there. */
TEST(tunnel_wrong_password_is_refused_again)
{
    oi_auth_challenge basic = {.scheme = OI_AUTH_BASIC};
    char *authorization = oi_auth_response(&basic, user, "wrong", "CONNECT", "", 1, NULL);
    oi_tunnel_reply reply;
    oi_conn *c = open_proxy(tinyproxy_auth);
    CHECK_INT(tunnel(c, nginx, authorization, &reply), OI_E_PROXY_FAILED);
    CHECK(reply.status == 407 || reply.status == 401);
    oi_tunnel_reply_free(&reply);
    oi_conn_close(c);
    free(authorization);
}

TEST(tunnel_to_a_closed_port_is_refused_by_the_proxy)
{
    unsigned port;
    int fd = closed_port(&port);
    oi_tunnel_reply reply;
    oi_conn *c = open_proxy(tinyproxy);
    CHECK_INT(tunnel(c, port, NULL, &reply), OI_E_PROXY_FAILED);
    CHECK(reply.status >= 500); /* tinyproxy: "500 Unable to connect" */
    CHECK(message_has("refused CONNECT 127.0.0.1:"));
    oi_tunnel_reply_free(&reply);
    oi_conn_close(c);
    close(fd);
}

TEST(tunnel_through_a_socks_port_fails_as_the_proxy)
{
    oi_tunnel_reply reply;
    oi_conn *c = open_proxy(socks);
    CHECK_INT(tunnel(c, nginx, NULL, &reply), OI_E_PROXY_FAILED);
    CHECK_INT(reply.status, 0);
    oi_tunnel_reply_free(&reply);
    oi_conn_close(c);
}

/* ---- SOCKS5 through danted (no authentication) and socks5.py ---- */

static oi_status socks5(oi_conn *c, const char *u, const char *p, const char *host, unsigned port)
{
    oi_proxy proxy = {OI_PROXY_SOCKS5H, "127.0.0.1", 0, (char *)u, (char *)p};
    return oi_socks5_connect(h, c, &proxy, host, port, deadline());
}

TEST(socks_without_authentication_by_address_and_by_name)
{
    oi_conn *c = open_proxy(socks);
    CHECK_INT(socks5(c, NULL, NULL, "127.0.0.1", nginx), OI_OK);
    CHECK(get_through(c, nginx, "/index.html", "It works."));
    oi_conn_close(c);

    c = open_proxy(socks); /* the proxy resolves the name */
    CHECK_INT(socks5(c, NULL, NULL, "localhost", httpbin), OI_OK);
    CHECK(get_through(c, httpbin, "/get", "\"url\""));
    oi_conn_close(c);
}

TEST(socks_ipv6_target)
{
    if (strcmp(env_need("OI_NGINX_IPV6"), "1") != 0) {
        fprintf(stderr, "socks_ipv6_target: skipped, nginx has no IPv6 loopback\n");
        return;
    }
    oi_conn *c = open_proxy(socks);
    CHECK_INT(socks5(c, NULL, NULL, "::1", nginx), OI_OK);
    CHECK(get_through(c, nginx, "/index.html", "It works."));
    oi_conn_close(c);
}

TEST(socks_user_password_accepted)
{
    oi_conn *c = open_proxy(socks_auth);
    CHECK_INT(socks5(c, user, password, "127.0.0.1", nginx), OI_OK);
    CHECK(get_through(c, nginx, "/index.html", "It works."));
    oi_conn_close(c);
}

TEST(socks_wrong_password_or_none)
{
    oi_conn *c = open_proxy(socks_auth);
    CHECK_INT(socks5(c, user, "wrong", "127.0.0.1", nginx), OI_E_PROXY_FAILED);
    CHECK(message_has("authentication failed"));
    oi_conn_close(c);

    c = open_proxy(socks_auth);
    CHECK_INT(socks5(c, NULL, NULL, "127.0.0.1", nginx), OI_E_PROXY_FAILED);
    CHECK(message_has("requires authentication"));
    oi_conn_close(c);
}

TEST(socks_unreachable_target_is_reported_by_the_proxy)
{
    unsigned port;
    int fd = closed_port(&port);
    const unsigned proxies[] = {socks, socks_auth};
    for (int i = 0; i < 2; i++) {
        oi_conn *c = open_proxy(proxies[i]);
        CHECK_INT(socks5(c, user, password, "127.0.0.1", port), OI_E_PROXY_FAILED);
        CHECK(message_has("connection refused (reply 5)"));
        oi_conn_close(c);
    }
    close(fd);
}

TEST(closed_proxy_port_cannot_connect)
{
    unsigned port;
    int fd = closed_port(&port);
    oi_conn *c = NULL;
    CHECK_INT(oi_conn_open(h, "127.0.0.1", port, deadline(), &c), OI_E_CANNOT_CONNECT);
    CHECK(c == NULL);
    close(fd);
}

int main(void)
{
    nginx = env_port("OI_NGINX_PORT");
    httpbin = env_port("OI_HTTPBIN_PORT");
    tinyproxy = env_port("OI_TINYPROXY_PORT");
    tinyproxy_auth = env_port("OI_TINYPROXY_AUTH_PORT");
    socks = env_port("OI_SOCKS_PORT");
    socks_auth = env_port("OI_SOCKS_AUTH_PORT");
    user = env_need("OI_PROXY_USER");
    password = env_need("OI_PROXY_PASSWORD");
    session = session_new();
    if (request_open(session, "127.0.0.1", nginx, "GET", "/", 0, &h) != OI_OK)
        return 1;

    RUN(tunnel_without_credentials_reaches_nginx_and_httpbin);
    RUN(tunnel_407_then_credentials_on_a_new_connection);
    RUN(tunnel_wrong_password_is_refused_again);
    RUN(tunnel_to_a_closed_port_is_refused_by_the_proxy);
    RUN(tunnel_through_a_socks_port_fails_as_the_proxy);
    RUN(socks_without_authentication_by_address_and_by_name);
    RUN(socks_ipv6_target);
    RUN(socks_user_password_accepted);
    RUN(socks_wrong_password_or_none);
    RUN(socks_unreachable_target_is_reported_by_the_proxy);
    RUN(closed_proxy_port_cannot_connect);
    oi_handle_close(session);
    return check_summary();
}
