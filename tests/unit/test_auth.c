/* Basic and Digest authentication: choosing among challenges, and answers
 * checked against the RFCs' worked examples. */
#include "auth.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* RFC 7616 section 3.9.1: the values both of its examples share. */
#define RFC7616_NONCE  "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
#define RFC7616_OPAQUE "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
#define RFC7616_CNONCE "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
#define RFC7616_CHALLENGE(alg)                                                                     \
    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=" alg               \
    ", nonce=\"" RFC7616_NONCE "\", opaque=\"" RFC7616_OPAQUE "\""

/* RFC 2617 section 3.5. */
#define RFC2617_CHALLENGE                                                                          \
    "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "                                 \
    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""

static oi_auth_challenge ch;

/* Parse field values given as C strings; returns oi_auth_parse's result. */
static int parse_n(const char *const *values, size_t n)
{
    size_t lens[8];
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(values[i]);
    oi_auth_challenge_free(&ch);
    return oi_auth_parse(values, lens, n, &ch);
}

static int parse1(const char *value)
{
    return parse_n(&value, 1);
}

/* The answer to `ch`, as a static string for comparisons. */
static const char *answer(const char *user, const char *password, const char *uri, unsigned nc,
                          const char *cnonce)
{
    static char buf[1024];
    char *r = oi_auth_response(&ch, user, password, "GET", uri, nc, cnonce);
    snprintf(buf, sizeof buf, "%s", r ? r : "(null)");
    free(r);
    return buf;
}

/* The value of response="..." in a Digest answer. */
static const char *response_of(const char *digest)
{
    static char buf[130];
    const char *p = strstr(digest, "response=\"");
    buf[0] = '\0';
    if (p)
        sscanf(p + 10, "%129[0-9a-f]", buf);
    return buf;
}

TEST(rfc7616_sha256_example_gives_the_rfc_answer)
{
    /* The RFC's 401 carries two challenges; SHA-256 is the stronger. */
    const char *values[] = {RFC7616_CHALLENGE("SHA-256"), RFC7616_CHALLENGE("MD5")};
    CHECK_INT(parse_n(values, 2), 0);
    CHECK_INT(ch.scheme, OI_AUTH_DIGEST);
    CHECK_STR(ch.algorithm, "SHA-256");
    CHECK_STR(ch.qop, "auth");
    CHECK_STR(answer("Mufasa", "Circle of Life", "/dir/index.html", 1, RFC7616_CNONCE),
              "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
              "uri=\"/dir/index.html\", algorithm=SHA-256, nonce=\"" RFC7616_NONCE "\", "
              "nc=00000001, cnonce=\"" RFC7616_CNONCE "\", qop=auth, "
              "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
              "opaque=\"" RFC7616_OPAQUE "\"");
}

TEST(rfc7616_md5_example_gives_the_rfc_answer)
{
    CHECK_INT(parse1(RFC7616_CHALLENGE("MD5")), 0);
    const char *a = answer("Mufasa", "Circle of Life", "/dir/index.html", 1, RFC7616_CNONCE);
    CHECK_STR(response_of(a), "8ca523f5e9506fed4657c9700eebdbec");
    CHECK(strstr(a, ", algorithm=MD5, ") != NULL);
}

TEST(rfc2617_example_gives_the_rfc_answer_without_algorithm)
{
    CHECK_INT(parse1(RFC2617_CHALLENGE), 0);
    CHECK(ch.algorithm == NULL);
    CHECK_STR(ch.opaque, "5ccc069c403ebaf9f0171e9517f40e41");
    const char *a = answer("Mufasa", "Circle Of Life", "/dir/index.html", 1, "0a4f113b");
    CHECK_STR(response_of(a), "6629fae49393a05397450978507c4ef1");
    CHECK(strstr(a, "algorithm") == NULL); /* the server sent none */
    CHECK(strstr(a, "nc=00000001, cnonce=\"0a4f113b\", qop=auth") != NULL);
}

/* Expected answers below were computed independently (Python hashlib) from
 * the RFC formulas, with the RFC examples' values. */
TEST(rfc2069_style_without_qop_omits_nc_and_cnonce)
{
    CHECK_INT(parse1("Digest realm=\"testrealm@host.com\", "
                     "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\""),
              0);
    CHECK(ch.qop == NULL);
    const char *a = answer("Mufasa", "CircleOfLife", "/dir/index.html", 1, "unused");
    CHECK_STR(response_of(a), "1949323746fe6a43ef61f9606e7febea");
    CHECK(strstr(a, "cnonce") == NULL && strstr(a, "nc=") == NULL && strstr(a, "qop") == NULL);
}

TEST(md5_sess_mixes_nonce_and_cnonce_into_a1)
{
    CHECK_INT(parse1("Digest realm=\"testrealm@host.com\", qop=\"auth\", algorithm=MD5-sess, "
                     "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\""),
              0);
    const char *a = answer("Mufasa", "Circle Of Life", "/dir/index.html", 1, "0a4f113b");
    CHECK_STR(response_of(a), "8e3825c57e897f5a0dec6c2d4e5059d0");
    CHECK(strstr(a, "algorithm=MD5-sess") != NULL);
}

TEST(sha256_sess_mixes_nonce_and_cnonce_into_a1)
{
    CHECK_INT(parse1(RFC7616_CHALLENGE("SHA-256-sess")), 0);
    const char *a = answer("Mufasa", "Circle of Life", "/dir/index.html", 1, RFC7616_CNONCE);
    CHECK_STR(response_of(a), "2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7");
}

TEST(several_challenges_in_one_header)
{
    /* RFC 9110 section 11.6.1's example, with escapes in a quoted string. */
    CHECK_INT(parse1("Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", "
                     "Basic realm=\"simple\""),
              0);
    CHECK_INT(ch.scheme, OI_AUTH_BASIC);
    CHECK_STR(ch.realm, "simple");

    CHECK_INT(parse1("Basic realm=\"b\", Digest realm=\"d\", nonce=\"n\", qop=auth"), 0);
    CHECK_INT(ch.scheme, OI_AUTH_DIGEST);
    CHECK_STR(ch.realm, "d");
    CHECK_STR(ch.nonce, "n");
}

TEST(strongest_wins_across_headers_first_of_equals)
{
    const char *values[] = {
        "Basic realm=\"b\"",
        "Digest realm=\"md5\", nonce=\"1\", Digest realm=\"sha\", nonce=\"2\", algorithm=SHA-256",
        "Digest realm=\"sha-later\", nonce=\"3\", algorithm=SHA-256",
    };
    CHECK_INT(parse_n(values, 3), 0);
    CHECK_STR(ch.realm, "sha");
    CHECK_INT(parse_n(values, 1), 0);
    CHECK_INT(ch.scheme, OI_AUTH_BASIC);
}

TEST(quoted_string_escapes_are_undone_and_redone)
{
    CHECK_INT(parse1("Digest realm=\"a \\\"quoted\\\" realm\\\\\", nonce=\"x,y\""), 0);
    CHECK_STR(ch.realm, "a \"quoted\" realm\\");
    CHECK_STR(ch.nonce, "x,y");
    const char *a = answer("us\"er", "pw", "/", 1, "c");
    CHECK(strstr(a, "username=\"us\\\"er\", realm=\"a \\\"quoted\\\" realm\\\\\"") != NULL);
}

TEST(unknown_schemes_and_token68_are_skipped)
{
    CHECK_INT(parse1("Negotiate abc+/de==, NTLM"), -1);
    CHECK_INT(parse1("Negotiate abc+/de==, Basic realm=x"), 0);
    CHECK_INT(ch.scheme, OI_AUTH_BASIC);
    CHECK_STR(ch.realm, "x");
    const char *values[] = {"Bearer realm=\"api\", error=\"invalid_token\"", "NTLM"};
    CHECK_INT(parse_n(values, 2), -1);
}

TEST(digest_we_cannot_answer_is_skipped)
{
    CHECK_INT(parse1("Digest realm=r, nonce=n, algorithm=SHA-512-256"), -1);
    CHECK_INT(parse1("Digest realm=r, nonce=n, qop=\"auth-int\""), -1);
    CHECK_INT(parse1("Digest realm=r, nonce=n, algorithm=MD5-sess"), -1); /* no qop */
    CHECK_INT(parse1("Digest realm=r"), -1);                              /* no nonce */
    CHECK_INT(parse1("Digest realm=r, nonce=n, algorithm=SHA-512-256, Basic realm=b"), 0);
    CHECK_INT(ch.scheme, OI_AUTH_BASIC);
}

TEST(names_are_case_insensitive_and_stale_is_read)
{
    CHECK_INT(parse1("DIGEST REALM=\"r\", Nonce=\"n2\", STALE=TRUE, Algorithm=sha-256"), 0);
    CHECK_INT(ch.scheme, OI_AUTH_DIGEST);
    CHECK_STR(ch.nonce, "n2");
    CHECK_INT(ch.stale, 1);
    CHECK_STR(ch.algorithm, "sha-256");
    CHECK_INT(parse1("Digest realm=r, nonce=n, stale=false"), 0);
    CHECK_INT(ch.stale, 0);
}

TEST(malformed_value_keeps_what_came_before)
{
    CHECK_INT(parse1("Basic realm=\"b\", Digest realm=\"unterminated"), 0);
    CHECK_INT(ch.scheme, OI_AUTH_BASIC);
    CHECK_INT(parse1("Digest realm=\"unterminated, nonce=\"n\""), -1);
    CHECK_INT(parse1("=Basic"), -1);
    CHECK_INT(parse1("Basic realm=\"x\", charset="), -1); /* the faulty one is dropped */
    CHECK_INT(parse1("Basic realm="), 0);                 /* grammar: token68 "realm=" */
    CHECK_INT(parse1(""), -1);
    CHECK_INT(parse_n(NULL, 0), -1);
}

TEST(basic_answers_rfc7617_and_utf8_users)
{
    CHECK_INT(parse1("Basic realm=\"WallyWorld\""), 0);
    CHECK_STR(answer("Aladdin", "open sesame", "/", 1, NULL), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    CHECK_STR(answer("j\xc3\xbcrgen", "p\xc3\xa4ssword", "/", 1, NULL),
              "Basic asO8cmdlbjpww6Rzc3dvcmQ=");
    CHECK_INT(parse1("basic"), 0); /* no realm: still answerable */
    CHECK_STR(answer("a", "", "/", 1, NULL), "Basic YTo=");
}

TEST(fresh_cnonce_is_random_hex_and_nc_is_eight_hex_digits)
{
    CHECK_INT(parse1(RFC2617_CHALLENGE), 0);
    char first[1024];
    snprintf(first, sizeof first, "%s", answer("u", "p", "/a?b=c", 0x1a, NULL));
    const char *second = answer("u", "p", "/a?b=c", 0x1a, NULL);
    char cnonce[64] = "";
    const char *at = strstr(first, "cnonce=\"");
    CHECK(at && sscanf(at + 8, "%63[0-9a-f]", cnonce) == 1);
    CHECK_INT(strlen(cnonce), 32);
    CHECK(strstr(second, cnonce) == NULL);
    CHECK(strstr(first, "nc=0000001a") != NULL);
    CHECK(strstr(first, "uri=\"/a?b=c\"") != NULL);
}

int main(void)
{
    RUN(rfc7616_sha256_example_gives_the_rfc_answer);
    RUN(rfc7616_md5_example_gives_the_rfc_answer);
    RUN(rfc2617_example_gives_the_rfc_answer_without_algorithm);
    RUN(rfc2069_style_without_qop_omits_nc_and_cnonce);
    RUN(md5_sess_mixes_nonce_and_cnonce_into_a1);
    RUN(sha256_sess_mixes_nonce_and_cnonce_into_a1);
    RUN(several_challenges_in_one_header);
    RUN(strongest_wins_across_headers_first_of_equals);
    RUN(quoted_string_escapes_are_undone_and_redone);
    RUN(unknown_schemes_and_token68_are_skipped);
    RUN(digest_we_cannot_answer_is_skipped);
    RUN(names_are_case_insensitive_and_stale_is_read);
    RUN(malformed_value_keeps_what_came_before);
    RUN(basic_answers_rfc7617_and_utf8_users);
    RUN(fresh_cnonce_is_random_hex_and_nc_is_eight_hex_digits);
    oi_auth_challenge_free(&ch);
    return check_summary();
}
