/* Authentication challenges: oi_auth_parse on the input cut into header
 * values, then oi_auth_response to the challenge chosen.
 *
 * Input: WWW-Authenticate values, cut at each control character but HTAB
 * (which a parsed header value never holds), at most 16 as the engine
 * reads.
 *
 * Properties, besides surviving the sanitizers:
 * - the chosen challenge is one the header promises: Basic, or Digest with
 *   a realm and a nonce, qop NULL or "auth", an algorithm we answer;
 * - the answer is one header value: no control characters but HTAB;
 * - a Digest answer read back as a challenge gives the same realm, nonce,
 *   opaque, algorithm and qop: quoted strings are escaped so that what the
 *   server sent is what it gets back. */
#include "auth.h"
#include "fuzz.h"

#include <strings.h>

#define MAX_VALUES 16

static int str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int is_ctl(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

static void check_answer(const oi_auth_challenge *c, const char *answer)
{
    FUZZ_CHECK(answer != NULL);
    for (const char *p = answer; *p; p++)
        FUZZ_CHECK(!is_ctl((unsigned char)*p));
    if (c->scheme == OI_AUTH_BASIC) {
        FUZZ_CHECK(strncmp(answer, "Basic ", 6) == 0);
        return;
    }
    FUZZ_CHECK(strncmp(answer, "Digest ", 7) == 0);
    /* Our answer carries realm, nonce, qop, algorithm and opaque the way a
     * challenge does: read it back as one. */
    const char *values[1] = {answer};
    size_t lens[1] = {strlen(answer)};
    oi_auth_challenge back;
    FUZZ_CHECK(oi_auth_parse(values, lens, 1, &back) == 0);
    FUZZ_CHECK(back.scheme == OI_AUTH_DIGEST);
    FUZZ_CHECK(str_eq(back.realm, c->realm) && str_eq(back.nonce, c->nonce));
    FUZZ_CHECK(str_eq(back.opaque, c->opaque) && str_eq(back.algorithm, c->algorithm));
    FUZZ_CHECK(str_eq(back.qop, c->qop));
    oi_auth_challenge_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *values[MAX_VALUES];
    size_t lens[MAX_VALUES], n = 0;
    const char *p = (const char *)data, *end = p + size;
    while (p < end && n < MAX_VALUES) {
        size_t k = 0;
        while (p + k < end && !is_ctl((unsigned char)p[k]))
            k++;
        values[n] = fuzz_dup(p, k);
        lens[n++] = k;
        p += k < (size_t)(end - p) ? k + 1 : k;
    }

    oi_auth_challenge c;
    int rc = oi_auth_parse(values, lens, n, &c);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == 0) {
        FUZZ_CHECK(c.scheme == OI_AUTH_BASIC || c.scheme == OI_AUTH_DIGEST);
        if (c.scheme == OI_AUTH_DIGEST) {
            FUZZ_CHECK(c.realm && c.nonce);
            FUZZ_CHECK(!c.qop || strcmp(c.qop, "auth") == 0);
            static const char *const algs[] = {"MD5", "MD5-sess", "SHA-256", "SHA-256-sess"};
            int known = !c.algorithm;
            for (size_t i = 0; i < 4; i++)
                known |= c.algorithm && strcasecmp(c.algorithm, algs[i]) == 0;
            FUZZ_CHECK(known);
        }
        /* A fixed client nonce keeps the run deterministic; the user name
         * and password have the characters quoting must get right. */
        char *answer = oi_auth_response(&c, "Mu\"fa\\sa", "Circle Of Life", "GET",
                                        "/dir/index.html?a=\"b\"", 1, "0a4f113b");
        check_answer(&c, answer);
        free(answer);
        oi_auth_challenge_free(&c);
    }
    for (size_t i = 0; i < n; i++)
        free((void *)values[i]);
    return 0;
}
