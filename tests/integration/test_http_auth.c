/* Server authentication through the public API, against httpbin: Basic and
 * Digest (MD5 and SHA-256, qop=auth) with credentials from the URL, from
 * oi_session_connect() and from the options; one retry only, so that a
 * wrong password ends with the 401 readable; OI_FLAG_NO_AUTH; and
 * credentials that stay with their server when a redirect leads to
 * another one.  SENDING_REQUEST events count the exchanges. */
#include "support.h"

static unsigned httpbin;

typedef enum source { FROM_URL, FROM_CONNECT, FROM_OPTIONS } source;

static const char *const source_name[] = {"URL", "connect", "options"};

typedef struct scheme {
    const char *path;   /* httpbin's endpoint for user "u", password "p" */
    const char *prefix; /* of the Authorization the library must send */
} scheme;

static const scheme schemes[] = {
    {"/basic-auth/u/p", "Basic "},
    {"/digest-auth/auth/u/p/MD5", "Digest "},
    {"/digest-auth/auth/u/p/SHA-256", "Digest "},
};

#define NSCHEMES (sizeof schemes / sizeof schemes[0])

static oi_handle *session_counting(void)
{
    oi_handle *s = session_new();
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    return s;
}

/* GET `path` on httpbin with user/password from `src`; the request is
 * returned answered, its body in b. */
static oi_handle *get_as(oi_handle *s, source src, const char *user, const char *password,
                         const char *path, unsigned flags, body *b)
{
    oi_handle *req = NULL, *conn = NULL;
    char url[512];
    if (src == FROM_URL) {
        snprintf(url, sizeof url, "http://%s:%s@127.0.0.1:%u%s", user, password, httpbin, path);
        CHECK_INT(oi_session_open_url(s, url, NULL, 0, flags, &req), OI_OK);
    } else {
        int own = src == FROM_CONNECT;
        CHECK_INT(oi_session_connect(s, "127.0.0.1", httpbin, own ? user : NULL,
                                     own ? password : NULL, 0, &conn),
                  OI_OK);
        if (conn)
            CHECK_INT(oi_connection_open_request(conn, "GET", path, NULL, NULL, NULL, flags, &req),
                      OI_OK);
        if (req && src == FROM_OPTIONS) {
            oi_handle_set_str(s, OI_OPT_USERNAME, user);
            oi_handle_set_str(s, OI_OPT_PASSWORD, password);
        }
        CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    }
    if (req)
        CHECK_INT(read_body(req, b), OI_OK);
    return req;
}

/* httpbin's answer to good credentials. */
static void check_authenticated(oi_handle *req, const body *b, const char *user)
{
    char got[64] = "";
    CHECK_INT(oi_request_status(req), 200);
    CHECK(json_is_true(b->data, "authenticated"));
    CHECK(json_string_of(b->data, "user", got, sizeof got));
    CHECK_STR(got, user);
}

/* ------------------------------------------------------------------ */
/* Good credentials                                                   */
/* ------------------------------------------------------------------ */

/* Every scheme with credentials from every source: one challenge, one
 * answer carrying the scheme's Authorization. */
static void check_every_scheme_from(source src)
{
    for (size_t i = 0; i < NSCHEMES; i++) {
        oi_handle *s = session_counting();
        char sent[1024] = "";
        body b = {0};
        oi_handle *req = get_as(s, src, "u", "p", schemes[i].path, 0, &b);
        if (!req || oi_request_status(req) != 200)
            fprintf(stderr, "%s with credentials from the %s: status %d\n", schemes[i].path,
                    source_name[src], req ? oi_request_status(req) : 0);
        if (req) {
            check_authenticated(req, &b, "u");
            CHECK(sent_header(req, "Authorization", sent, sizeof sent));
            CHECK(strncmp(sent, schemes[i].prefix, strlen(schemes[i].prefix)) == 0);
        }
        CHECK_INT(rec_count(OI_EVENT_SENDING_REQUEST), 2);
        body_free(&b);
        oi_handle_close(s);
    }
}

TEST(credentials_in_the_url_answer_basic_and_digest)
{
    check_every_scheme_from(FROM_URL);
}

TEST(credentials_of_the_connection_answer_basic_and_digest)
{
    check_every_scheme_from(FROM_CONNECT);
}

TEST(credentials_in_options_answer_basic_and_digest)
{
    check_every_scheme_from(FROM_OPTIONS);
}

/* The Digest answer names the algorithm, qop=auth and its counters. */
TEST(digest_sha256_answer_uses_qop_auth)
{
    oi_handle *s = session_counting();
    char sent[1024] = "";
    body b = {0};
    oi_handle *req = get_as(s, FROM_CONNECT, "u", "p", "/digest-auth/auth/u/p/SHA-256", 0, &b);
    CHECK(req && sent_header(req, "Authorization", sent, sizeof sent));
    CHECK(strstr(sent, "algorithm=SHA-256") != NULL);
    CHECK(strstr(sent, "qop=auth") != NULL);
    CHECK(strstr(sent, "nc=00000001") != NULL);
    CHECK(strstr(sent, "cnonce=") != NULL);
    CHECK(strstr(sent, "username=\"u\"") != NULL);
    body_free(&b);
    oi_handle_close(s);
}

/* User info in a URL is percent-encoded; the credentials are not. */
TEST(percent_encoded_url_credentials_are_decoded)
{
    oi_handle *s = session_counting();
    body b = {0};
    oi_handle *req = get_as(s, FROM_URL, "u%40x", "p%3Aw", "/basic-auth/u%40x/p%3Aw", 0, &b);
    if (req)
        check_authenticated(req, &b, "u@x");
    body_free(&b);
    oi_handle_close(s);
}

/* Options set on the request alone are enough. */
TEST(credentials_set_on_the_request_handle)
{
    oi_handle *s = session_counting(), *req = NULL;
    body b = {0};
    CHECK_INT(request_open(s, "127.0.0.1", httpbin, "GET", "/digest-auth/auth/u/p/MD5", 0, &req),
              OI_OK);
    oi_handle_set_str(req, OI_OPT_USERNAME, "u");
    oi_handle_set_str(req, OI_OPT_PASSWORD, "p");
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    check_authenticated(req, &b, "u");
    body_free(&b);
    oi_handle_close(s);
}

/* A request sent again is authenticated again.  A Digest answer may be
 * reused on the same server (no new challenge needed), but not verbatim:
 * RFC 7616 3.4 wants the nonce count to grow with each use of a nonce, and
 * a server that tracks counts takes the same answer twice for a replay. */
TEST(resent_request_does_not_replay_the_digest_answer)
{
    oi_handle *s = session_counting();
    char first[1024] = "", second[1024] = "";
    body b = {0};
    oi_handle *req = get_as(s, FROM_CONNECT, "u", "p", "/digest-auth/auth/u/p/MD5", 0, &b);
    CHECK(req && sent_header(req, "Authorization", first, sizeof first));
    body_free(&b);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    check_authenticated(req, &b, "u");
    CHECK(sent_header(req, "Authorization", second, sizeof second));
    if (strcmp(first, second) == 0)
        fprintf(stderr, "the same Digest answer was sent twice: %s\n", first);
    CHECK(strcmp(first, second) != 0);
    body_free(&b);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Refusals                                                           */
/* ------------------------------------------------------------------ */

/* One retry, then the second 401 is the answer, readable. */
TEST(wrong_password_ends_with_the_401_after_one_retry)
{
    for (size_t i = 0; i < NSCHEMES; i++) {
        for (int src = FROM_URL; src <= FROM_OPTIONS; src++) {
            oi_handle *s = session_counting();
            body b = {0};
            oi_handle *req = get_as(s, (source)src, "u", "wrong", schemes[i].path, 0, &b);
            if (req)
                CHECK_INT(oi_request_status(req), 401);
            if (rec_count(OI_EVENT_SENDING_REQUEST) != 2)
                fprintf(stderr, "%s, credentials from the %s: %d exchanges\n", schemes[i].path,
                        source_name[src], rec_count(OI_EVENT_SENDING_REQUEST));
            CHECK_INT(rec_count(OI_EVENT_SENDING_REQUEST), 2);
            body_free(&b);
            oi_handle_close(s);
        }
    }
}

TEST(no_credentials_leave_the_401)
{
    oi_handle *s = session_counting(), *req = NULL;
    CHECK_INT(http_send(s, httpbin, "GET", "/basic-auth/u/p", 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 401);
    CHECK_INT(rec_count(OI_EVENT_SENDING_REQUEST), 1);
    oi_handle_close(s);
}

TEST(no_auth_flag_leaves_the_401)
{
    for (size_t i = 0; i < NSCHEMES; i++) {
        oi_handle *s = session_counting();
        char sent[256];
        body b = {0};
        oi_handle *req = get_as(s, FROM_CONNECT, "u", "p", schemes[i].path, OI_FLAG_NO_AUTH, &b);
        if (req) {
            CHECK_INT(oi_request_status(req), 401);
            CHECK(!sent_header(req, "Authorization", sent, sizeof sent));
        }
        CHECK_INT(rec_count(OI_EVENT_SENDING_REQUEST), 1);
        body_free(&b);
        oi_handle_close(s);
    }
}

/* With FAIL_ON_ERROR the final 401 becomes an error, still readable. */
TEST(wrong_password_with_fail_on_error_is_an_http_error)
{
    oi_handle *s = session_counting(), *conn = NULL, *req = NULL;
    CHECK_INT(oi_session_connect(s, "127.0.0.1", httpbin, "u", "wrong", 0, &conn), OI_OK);
    CHECK_INT(oi_connection_open_request(conn, "GET", "/basic-auth/u/p", NULL, NULL, NULL,
                                         OI_FLAG_FAIL_ON_ERROR, &req),
              OI_OK);
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_E_HTTP_ERROR);
    CHECK_INT(oi_request_status(req), 401);
    CHECK_INT(rec_count(OI_EVENT_SENDING_REQUEST), 2);
    oi_handle_close(s);
}

/* ------------------------------------------------------------------ */
/* Redirects                                                          */
/* ------------------------------------------------------------------ */

/* A redirect on the same server keeps the credentials; one to another
 * host (localhost: the same httpbin under another name) must not get
 * them, so its 401 is the answer. */
static void check_credentials_stay_home(source src)
{
    char same[128], other[256], sent[256];
    snprintf(same, sizeof same, "/redirect-to?url=%%2Fbasic-auth%%2Fu%%2Fp");
    snprintf(other, sizeof other,
             "/redirect-to?url=http%%3A%%2F%%2Flocalhost%%3A%u%%2Fbasic-auth%%2Fu%%2Fp", httpbin);
    oi_handle *s = session_counting();
    body b = {0};
    oi_handle *req = get_as(s, src, "u", "p", same, 0, &b);
    if (req)
        check_authenticated(req, &b, "u");
    body_free(&b);
    oi_handle_close(s);

    s = session_counting();
    req = get_as(s, src, "u", "p", other, 0, &b);
    if (req) {
        if (oi_request_status(req) != 401)
            fprintf(stderr, "credentials from the %s reached localhost\n", source_name[src]);
        CHECK_INT(oi_request_status(req), 401);
        CHECK(!sent_header(req, "Authorization", sent, sizeof sent));
    }
    CHECK_INT(rec_count(OI_EVENT_SENDING_REQUEST), 2); /* the redirect, its 401: no retry */
    body_free(&b);
    oi_handle_close(s);
}

TEST(url_credentials_are_not_sent_to_another_host)
{
    check_credentials_stay_home(FROM_URL);
}

TEST(connection_credentials_are_not_sent_to_another_host)
{
    check_credentials_stay_home(FROM_CONNECT);
}

TEST(option_credentials_are_not_sent_to_another_host)
{
    check_credentials_stay_home(FROM_OPTIONS);
}

int main(void)
{
    httpbin = env_port("OI_HTTPBIN_PORT");

    RUN(credentials_in_the_url_answer_basic_and_digest);
    RUN(credentials_of_the_connection_answer_basic_and_digest);
    RUN(credentials_in_options_answer_basic_and_digest);
    RUN(digest_sha256_answer_uses_qop_auth);
    RUN(percent_encoded_url_credentials_are_decoded);
    RUN(credentials_set_on_the_request_handle);
    RUN(resent_request_does_not_replay_the_digest_answer);
    RUN(wrong_password_ends_with_the_401_after_one_retry);
    RUN(no_credentials_leave_the_401);
    RUN(no_auth_flag_leaves_the_401);
    RUN(wrong_password_with_fail_on_error_is_an_http_error);
    RUN(url_credentials_are_not_sent_to_another_host);
    RUN(connection_credentials_are_not_sent_to_another_host);
    RUN(option_credentials_are_not_sent_to_another_host);
    return check_summary();
}
