/* HTTPS through the public API, end to end: oi_session_open_url() with
 * https:// URLs and connections made with OI_FLAG_SECURE, against nginx's
 * TLS servers (tests/servers/README.md).  Bodies must arrive
 * byte-identical, each bad certificate must fail with its own code, each
 * security flag must forgive its own check and no other, client
 * certificates and the minimum version must reach the handshake, and the
 * peer certificate must be queryable on the request.  test_tls.c tests the
 * same TLS layer underneath, connection by connection. */
#include "support.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

static unsigned tls_port, plain_port;

#define IGNORE_CA   OI_SECURITY_IGNORE_UNKNOWN_CA
#define IGNORE_CN   OI_SECURITY_IGNORE_CERT_CN_INVALID
#define IGNORE_DATE OI_SECURITY_IGNORE_CERT_DATE_INVALID

static void https_url(char *buf, size_t cap, const char *port_var, const char *path)
{
    snprintf(buf, cap, "https://127.0.0.1:%u%s", env_port(port_var), path);
}

/* open_url on the server of `port_var`; returns the code, and the status
 * (0 without a response) in *status.  The body is read and dropped. */
static oi_status open_status(oi_handle *s, const char *port_var, const char *path, int *status)
{
    char url[256];
    oi_handle *h = NULL;
    body b = {0};
    https_url(url, sizeof url, port_var, path);
    oi_status rc = oi_session_open_url(s, url, NULL, 0, 0, &h);
    *status = h ? oi_request_status(h) : 0;
    if (rc == OI_OK)
        rc = read_body(h, &b);
    body_free(&b);
    oi_handle_close(h);
    return rc;
}

/* GET /index.html from the server of `port_var` in a new session with
 * `flags` as OI_OPT_SECURITY_FLAGS, trusting the test CA if `trust`. */
static oi_status get_with_flags(const char *port_var, int trust, unsigned flags)
{
    oi_handle *s = trust ? session_new_trusting_test_ca() : session_new();
    int status = 0;
    oi_handle_set_int(s, OI_OPT_SECURITY_FLAGS, flags);
    oi_status rc = open_status(s, port_var, "/index.html", &status);
    if (rc == OI_OK && status != 200) {
        fprintf(stderr, "%s: status %d\n", port_var, status);
        rc = OI_E_HTTP_ERROR;
    }
    oi_handle_close(s);
    return rc;
}

/* A request on a connection made with OI_FLAG_SECURE, not sent yet. */
static oi_handle *secure_request(oi_handle *s, unsigned port, const char *path)
{
    oi_handle *conn = NULL, *req = NULL;
    CHECK_INT(oi_session_connect(s, "127.0.0.1", port, NULL, NULL, OI_FLAG_SECURE, &conn), OI_OK);
    if (conn)
        CHECK_INT(oi_connection_open_request(conn, "GET", path, NULL, NULL, NULL, 0, &req), OI_OK);
    return req;
}

/* ------------------------------------------------------------------ */
/* Downloads                                                          */
/* ------------------------------------------------------------------ */

TEST(open_url_https_kilobyte_is_byte_identical)
{
    oi_handle *s = session_new_trusting_test_ca(), *h = NULL;
    char url[256], file[1024];
    oi_status rc = OI_E_INTERNAL;
    https_url(url, sizeof url, "OI_NGINX_TLS_PORT", "/1k.bin");
    docroot_path(file, sizeof file, "1k.bin");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_OK);
    if (h) {
        CHECK_INT(oi_request_status(h), 200);
        CHECK_STR(oi_request_final_url(h), url);
        CHECK(body_matches_file(h, file, 100, &rc));
        CHECK_INT(rc, OI_OK);
    }
    oi_handle_close(s);
}

TEST(secure_connection_megabyte_is_byte_identical)
{
    oi_handle *s = session_new_trusting_test_ca();
    oi_handle *req = secure_request(s, tls_port, "/1m.bin");
    char file[1024], url[256];
    oi_status rc = OI_E_INTERNAL;
    docroot_path(file, sizeof file, "1m.bin");
    snprintf(url, sizeof url, "https://127.0.0.1:%u/1m.bin", tls_port);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(oi_request_content_length(req), 1048576);
    CHECK_STR(oi_request_final_url(req), url);
    CHECK(body_matches_file(req, file, 65536, &rc));
    CHECK_INT(rc, OI_OK);
    oi_handle_close(s);
}

/* The certificate names ::1 too: an IPv6 literal is verified as an
 * address, and the URL keeps its brackets. */
TEST(https_over_ipv6_loopback)
{
    const char *v6 = getenv("OI_NGINX_IPV6");
    if (v6 && strcmp(v6, "0") == 0) {
        printf("SKIP https_over_ipv6_loopback: no IPv6 loopback\n");
        return;
    }
    oi_handle *s = session_new_trusting_test_ca();
    char url[256];
    body b = {0};
    snprintf(url, sizeof url, "https://[::1]:%u/index.html", tls_port);
    CHECK_INT(fetch_url(s, url, 0, &b), OI_OK);
    CHECK(b.data && strstr(b.data, "It works.") != NULL);
    body_free(&b);
    oi_handle_close(s);
}

TEST(hundred_megabyte_file_over_https_is_byte_identical)
{
    oi_handle *s = session_new_trusting_test_ca();
    oi_handle *req = secure_request(s, tls_port, "/100m.bin");
    char file[1024];
    oi_status rc = OI_E_INTERNAL;
    long long t0 = now_ms();
    docroot_path(file, sizeof file, "100m.bin");
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(oi_request_content_length(req), 104857600);
    CHECK(body_matches_file(req, file, 1 << 20, &rc));
    CHECK_INT(rc, OI_OK);
    printf("100 MiB over https in %lld ms\n", now_ms() - t0);
    oi_handle_close(s);
}

/* A DNS name is verified against the certificate's names (and sent as
 * SNI): localhost is one of them. */
TEST(https_by_host_name)
{
    oi_handle *s = session_new_trusting_test_ca();
    char url[256];
    body b = {0};
    snprintf(url, sizeof url, "https://localhost:%u/index.html", tls_port);
    CHECK_INT(fetch_url(s, url, 0, &b), OI_OK);
    CHECK(b.data && strstr(b.data, "It works.") != NULL);
    body_free(&b);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Certificate checks                                                 */
/* ------------------------------------------------------------------ */

/* The test CA is in no system store: without OI_OPT_CA_FILE the good
 * server is unknown, through both ways of opening a request, and the
 * session keeps the failure too for open_url. */
TEST(default_trust_store_rejects_the_test_ca)
{
    oi_handle *s = session_new(), *h = (oi_handle *)1;
    char url[256];
    https_url(url, sizeof url, "OI_NGINX_TLS_PORT", "/index.html");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_E_SEC_INVALID_CA);
    CHECK(h == NULL);
    CHECK_INT(oi_handle_error(s), OI_E_SEC_INVALID_CA);
    oi_handle *req = secure_request(s, tls_port, "/index.html");
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_E_SEC_INVALID_CA);
    CHECK_INT(oi_request_status(req), 0);
    CHECK_INT(oi_handle_error(req), OI_E_SEC_INVALID_CA);
    CHECK(*oi_handle_message(req) != '\0');
    oi_handle_close(s);
}

/* OI_OPT_CA_DIR: a folder of certificates named by subject hash, as
 * c_rehash makes it.  The test makes one with a link to the test CA. */
static int make_ca_dir(char *dir, size_t cap, char *link, size_t link_cap)
{
    FILE *f = fopen(env_need("OI_TEST_CA"), "r");
    X509 *ca = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    snprintf(dir, cap, "%s/openinet-ca-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    int ok = ca && mkdtemp(dir) != NULL;
    if (ok) {
        snprintf(link, link_cap, "%s/%08lx.0", dir, X509_subject_name_hash(ca));
        ok = symlink(env_need("OI_TEST_CA"), link) == 0;
    }
    X509_free(ca);
    return ok;
}

TEST(ca_folder_is_a_trust_store)
{
    char dir[1024], link[1100];
    int status = 0;
    CHECK(make_ca_dir(dir, sizeof dir, link, sizeof link));
    oi_handle *s = session_new();
    oi_handle_set_str(s, OI_OPT_CA_DIR, dir);
    CHECK_INT(open_status(s, "OI_NGINX_TLS_PORT", "/index.html", &status), OI_OK);
    CHECK_INT(status, 200);
    oi_handle_close(s);
    unlink(link);
    /* Empty, it trusts nothing. */
    s = session_new();
    oi_handle_set_str(s, OI_OPT_CA_DIR, dir);
    CHECK_INT(open_status(s, "OI_NGINX_TLS_PORT", "/index.html", &status), OI_E_SEC_INVALID_CA);
    oi_handle_close(s);
    rmdir(dir);
}

TEST(certificate_of_an_unknown_ca_is_rejected)
{
    CHECK_INT(get_with_flags("OI_NGINX_TLS_UNKNOWNCA_PORT", 1, 0), OI_E_SEC_INVALID_CA);
}

TEST(expired_certificate_is_a_date_error)
{
    CHECK_INT(get_with_flags("OI_NGINX_TLS_EXPIRED_PORT", 1, 0), OI_E_SEC_CERT_DATE_INVALID);
}

TEST(not_yet_valid_certificate_is_a_date_error)
{
    CHECK_INT(get_with_flags("OI_NGINX_TLS_NOTYET_PORT", 1, 0), OI_E_SEC_CERT_DATE_INVALID);
}

TEST(certificate_for_another_host_is_a_name_error)
{
    CHECK_INT(get_with_flags("OI_NGINX_TLS_WRONGHOST_PORT", 1, 0), OI_E_SEC_CERT_CN_INVALID);
}

/* Each flag forgives its own check; the others still fail. */
TEST(ignore_unknown_ca_relaxes_only_the_ca_check)
{
    CHECK_INT(get_with_flags("OI_NGINX_TLS_PORT", 0, IGNORE_CA), OI_OK);
    CHECK_INT(get_with_flags("OI_NGINX_TLS_UNKNOWNCA_PORT", 1, IGNORE_CA), OI_OK);
    CHECK_INT(get_with_flags("OI_NGINX_TLS_EXPIRED_PORT", 1, IGNORE_CA),
              OI_E_SEC_CERT_DATE_INVALID);
    CHECK_INT(get_with_flags("OI_NGINX_TLS_WRONGHOST_PORT", 1, IGNORE_CA),
              OI_E_SEC_CERT_CN_INVALID);
}

TEST(ignore_cn_invalid_relaxes_only_the_name_check)
{
    CHECK_INT(get_with_flags("OI_NGINX_TLS_WRONGHOST_PORT", 1, IGNORE_CN), OI_OK);
    CHECK_INT(get_with_flags("OI_NGINX_TLS_UNKNOWNCA_PORT", 1, IGNORE_CN), OI_E_SEC_INVALID_CA);
    CHECK_INT(get_with_flags("OI_NGINX_TLS_EXPIRED_PORT", 1, IGNORE_CN),
              OI_E_SEC_CERT_DATE_INVALID);
    CHECK_INT(get_with_flags("OI_NGINX_TLS_NOTYET_PORT", 1, IGNORE_CN), OI_E_SEC_CERT_DATE_INVALID);
}

TEST(ignore_date_invalid_relaxes_only_the_date_check)
{
    CHECK_INT(get_with_flags("OI_NGINX_TLS_EXPIRED_PORT", 1, IGNORE_DATE), OI_OK);
    CHECK_INT(get_with_flags("OI_NGINX_TLS_NOTYET_PORT", 1, IGNORE_DATE), OI_OK);
    CHECK_INT(get_with_flags("OI_NGINX_TLS_WRONGHOST_PORT", 1, IGNORE_DATE),
              OI_E_SEC_CERT_CN_INVALID);
    CHECK_INT(get_with_flags("OI_NGINX_TLS_UNKNOWNCA_PORT", 1, IGNORE_DATE), OI_E_SEC_INVALID_CA);
}

TEST(all_ignore_flags_together_accept_every_bad_certificate)
{
    unsigned all = IGNORE_CA | IGNORE_CN | IGNORE_DATE;
    CHECK_INT(get_with_flags("OI_NGINX_TLS_EXPIRED_PORT", 0, all), OI_OK);
    CHECK_INT(get_with_flags("OI_NGINX_TLS_WRONGHOST_PORT", 0, all), OI_OK);
    CHECK_INT(get_with_flags("OI_NGINX_TLS_UNKNOWNCA_PORT", 0, all), OI_OK);
}

/* A flag set on one request relaxes that request only: the connection it
 * verified under relaxed checks must not serve a strict request later. */
TEST(relaxed_request_does_not_lend_its_connection_to_a_strict_one)
{
    oi_handle *s = session_new_trusting_test_ca();
    unsigned port = env_port("OI_NGINX_TLS_WRONGHOST_PORT");
    oi_handle *relaxed = secure_request(s, port, "/index.html");
    oi_handle *strict = secure_request(s, port, "/index.html");
    body b = {0};
    CHECK_INT(oi_handle_set_int(relaxed, OI_OPT_SECURITY_FLAGS, IGNORE_CN), OI_OK);
    CHECK_INT(oi_request_send(relaxed, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(oi_request_status(relaxed), 200);
    CHECK_INT(read_body(relaxed, &b), OI_OK); /* its connection goes back to the pool */
    CHECK_INT(oi_request_send(strict, NULL, 0, NULL, 0), OI_E_SEC_CERT_CN_INVALID);
    body_free(&b);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Client certificates and versions                                   */
/* ------------------------------------------------------------------ */

/* nginx finishes the handshake without a client certificate and answers
 * 400 (test_tls.c shows the same at the TLS layer): the request succeeds
 * with that status. */
TEST(client_certificate_port_answers_400_without_certificate)
{
    oi_handle *s = session_new_trusting_test_ca();
    int status = 0;
    CHECK_INT(open_status(s, "OI_NGINX_TLS_CLIENTCERT_PORT", "/index.html", &status), OI_OK);
    CHECK_INT(status, 400);
    oi_handle_close(s);
}

TEST(client_certificate_port_answers_200_with_certificate)
{
    oi_handle *s = session_new_trusting_test_ca();
    int status = 0;
    oi_handle_set_str(s, OI_OPT_CLIENT_CERT, env_need("OI_CLIENT_CERT"));
    oi_handle_set_str(s, OI_OPT_CLIENT_KEY, env_need("OI_CLIENT_KEY"));
    CHECK_INT(open_status(s, "OI_NGINX_TLS_CLIENTCERT_PORT", "/index.html", &status), OI_OK);
    CHECK_INT(status, 200);
    oi_handle_close(s);
}

TEST(minimum_tls13_fails_against_a_tls12_server)
{
    oi_handle *s = session_new_trusting_test_ca();
    int status = -1;
    oi_handle_set_int(s, OI_OPT_TLS_MIN_VERSION, 13);
    CHECK_INT(open_status(s, "OI_NGINX_TLS12_PORT", "/index.html", &status), OI_E_TLS_HANDSHAKE);
    CHECK_INT(status, 0);
    /* The same session reaches a TLS 1.3 server. */
    CHECK_INT(open_status(s, "OI_NGINX_TLS_PORT", "/index.html", &status), OI_OK);
    CHECK_INT(status, 200);
    oi_handle_close(s);
}

TEST(default_minimum_accepts_a_tls12_server)
{
    oi_handle *s = session_new_trusting_test_ca();
    oi_handle *req = secure_request(s, env_port("OI_NGINX_TLS12_PORT"), "/index.html");
    oi_certificate_info info;
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    CHECK_INT(oi_request_certificate(req, &info), OI_OK);
    if (oi_request_certificate(req, &info) == OI_OK)
        CHECK_STR(info.protocol, "TLSv1.2");
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Certificate information                                            */
/* ------------------------------------------------------------------ */

TEST(certificate_info_describes_the_peer_and_the_channel)
{
    oi_handle *s = session_new_trusting_test_ca();
    oi_handle *req = secure_request(s, tls_port, "/index.html");
    oi_certificate_info info;
    memset(&info, 0, sizeof info);
    CHECK_INT(oi_request_certificate(req, &info), OI_E_INCORRECT_HANDLE_STATE); /* not sent */
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(oi_request_certificate(req, &info), OI_OK);
    CHECK(info.subject && strstr(info.subject, "localhost") != NULL);
    CHECK(info.issuer && strstr(info.issuer, "openinet test CA") != NULL);
    CHECK(info.not_before && *info.not_before);
    CHECK(info.not_after && *info.not_after);
    CHECK(info.protocol && strncmp(info.protocol, "TLS", 3) == 0);
    CHECK(info.cipher && *info.cipher);
    CHECK(info.key_bits >= 128);
    /* Still there after the body was read and the connection pooled. */
    body b = {0};
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_INT(oi_request_certificate(req, &info), OI_OK);
    CHECK(info.subject && strstr(info.subject, "localhost") != NULL);
    body_free(&b);
    oi_handle_close(s);
}

TEST(plain_http_request_has_no_certificate)
{
    oi_handle *s = session_new(), *req = NULL;
    oi_certificate_info info;
    CHECK_INT(http_send(s, plain_port, "GET", "/index.html", 0, &req), OI_OK);
    CHECK_INT(oi_request_certificate(req, &info), OI_E_INCORRECT_HANDLE_STATE);
    CHECK_INT(oi_request_certificate(s, &info), OI_E_INCORRECT_HANDLE_TYPE);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Connections                                                        */
/* ------------------------------------------------------------------ */

/* Two requests, one TLS connection: the second takes the pooled one. */
TEST(keep_alive_reuses_the_tls_connection)
{
    oi_handle *s = session_new_trusting_test_ca();
    char file[1024];
    oi_status rc;
    docroot_path(file, sizeof file, "1k.bin");
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    for (int i = 0; i < 2; i++) {
        oi_handle *req = secure_request(s, tls_port, "/1k.bin");
        CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
        CHECK(body_matches_file(req, file, 4096, &rc));
        oi_handle_close(req);
    }
    CHECK_INT(rec_count(OI_EVENT_SENDING_REQUEST), 2);
    CHECK_INT(rec_count(OI_EVENT_CONNECTED_TO_SERVER), 1);
    oi_handle_set_callback(s, NULL);
    oi_handle_close(s);
}

TEST(keep_alive_reuses_the_tls_connection_across_open_url)
{
    oi_handle *s = session_new_trusting_test_ca();
    char url[256];
    body b = {0};
    https_url(url, sizeof url, "OI_NGINX_TLS_PORT", "/index.html");
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(fetch_url(s, url, 0, &b), OI_OK);
    CHECK_INT(fetch_url(s, url, 0, &b), OI_OK);
    CHECK_INT(rec_count(OI_EVENT_CONNECTED_TO_SERVER), 1);
    oi_handle_set_callback(s, NULL);
    body_free(&b);
    oi_handle_close(s);
}

/* Port 0 with OI_FLAG_SECURE, and an https URL without a port, mean 443.
 * Nothing listens there on loopback, so the connect is refused at once;
 * the message names the port that was tried. */
static void check_tried_443(oi_handle *h, oi_status rc)
{
    const char *m = oi_handle_message(h);
    CHECK_INT(rc, OI_E_CANNOT_CONNECT);
    if (!strstr(m, "443"))
        fprintf(stderr, "message \"%s\" does not name port 443\n", m);
    CHECK(strstr(m, "443") != NULL);
}

TEST(secure_flag_with_port_zero_means_443)
{
    oi_handle *s = session_new();
    oi_handle *req = secure_request(s, 0, "/");
    check_tried_443(req, oi_request_send(req, NULL, 0, NULL, 0));
    oi_handle *h = NULL;
    check_tried_443(s, oi_session_open_url(s, "https://127.0.0.1/", NULL, 0, 0, &h));
    oi_handle_close(h);
    oi_handle_close(s);
}

int main(void)
{
    tls_port = env_port("OI_NGINX_TLS_PORT");
    plain_port = env_port("OI_NGINX_PORT");
    env_need("OI_TEST_CA");
    env_need("OI_DOCROOT");

    RUN(open_url_https_kilobyte_is_byte_identical);
    RUN(secure_connection_megabyte_is_byte_identical);
    RUN(hundred_megabyte_file_over_https_is_byte_identical);
    RUN(https_by_host_name);
    RUN(https_over_ipv6_loopback);
    RUN(default_trust_store_rejects_the_test_ca);
    RUN(ca_folder_is_a_trust_store);
    RUN(certificate_of_an_unknown_ca_is_rejected);
    RUN(expired_certificate_is_a_date_error);
    RUN(not_yet_valid_certificate_is_a_date_error);
    RUN(certificate_for_another_host_is_a_name_error);
    RUN(ignore_unknown_ca_relaxes_only_the_ca_check);
    RUN(ignore_cn_invalid_relaxes_only_the_name_check);
    RUN(ignore_date_invalid_relaxes_only_the_date_check);
    RUN(all_ignore_flags_together_accept_every_bad_certificate);
    RUN(relaxed_request_does_not_lend_its_connection_to_a_strict_one);
    RUN(client_certificate_port_answers_400_without_certificate);
    RUN(client_certificate_port_answers_200_with_certificate);
    RUN(minimum_tls13_fails_against_a_tls12_server);
    RUN(default_minimum_accepts_a_tls12_server);
    RUN(certificate_info_describes_the_peer_and_the_channel);
    RUN(plain_http_request_has_no_certificate);
    RUN(keep_alive_reuses_the_tls_connection);
    RUN(keep_alive_reuses_the_tls_connection_across_open_url);
    RUN(secure_flag_with_port_zero_means_443);
    return check_summary();
}
