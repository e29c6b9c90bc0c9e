/* Basic (RFC 7617) and Digest (RFC 7616) authentication: reading the
 * challenges of a 401/407 and writing the answer. */
#include "auth.h"
#include "internal.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- reading challenges ---- */

/* Digest algorithms we answer; others (SHA-512-256, unknown) are skipped. */
static const struct {
    const char *name;
    int sha256, sess;
} oi_digest_algorithms[] = {
    {"MD5", 0, 0},
    {"MD5-sess", 0, 1},
    {"SHA-256", 1, 0},
    {"SHA-256-sess", 1, 1},
};

/* Index in oi_digest_algorithms of a challenge's algorithm, or -1. */
static int oi_digest_algorithm(const char *name)
{
    if (!name)
        return 0; /* absent means MD5 */
    for (size_t i = 0; i < sizeof oi_digest_algorithms / sizeof oi_digest_algorithms[0]; i++)
        if (strcasecmp(name, oi_digest_algorithms[i].name) == 0)
            return (int)i;
    return -1;
}

/* How much we prefer a challenge: 0 cannot answer, then Basic < Digest
 * MD5 < Digest SHA-256. */
static int oi_auth_rank(const oi_auth_challenge *c)
{
    if (c->scheme == OI_AUTH_BASIC)
        return 1;
    if (c->scheme != OI_AUTH_DIGEST || !c->realm || !c->nonce)
        return 0;
    if (c->qop && !oi_http1_has_token(c->qop, strlen(c->qop), "auth"))
        return 0; /* auth-int only */
    int alg = oi_digest_algorithm(c->algorithm);
    /* The -sess variants mix in a cnonce, which is only sent with a qop. */
    if (alg < 0 || (oi_digest_algorithms[alg].sess && !c->qop))
        return 0;
    return oi_digest_algorithms[alg].sha256 ? 3 : 2;
}

void oi_auth_challenge_free(oi_auth_challenge *c)
{
    free(c->realm);
    free(c->nonce);
    free(c->opaque);
    free(c->algorithm);
    free(c->qop);
    memset(c, 0, sizeof *c);
}

/* The parse state: the best challenge so far and the one being read. */
typedef struct oi_auth_pick {
    oi_auth_challenge best, cur;
    int best_rank;
    int open; /* a challenge is being read: "name=value" belongs to it */
} oi_auth_pick;

/* The challenge being read is complete: keep it if it beats the best. */
static void oi_auth_close(oi_auth_pick *k)
{
    int rank = k->open ? oi_auth_rank(&k->cur) : 0;
    if (rank > k->best_rank) {
        oi_auth_challenge_free(&k->best);
        k->best = k->cur;
        k->best_rank = rank;
        memset(&k->cur, 0, sizeof k->cur);
    }
    oi_auth_challenge_free(&k->cur);
    k->open = 0;
}

typedef struct oi_scan {
    const char *p, *end;
} oi_scan;

static void oi_scan_ows(oi_scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
        s->p++;
}

static size_t oi_scan_token(oi_scan *s)
{
    const char *start = s->p;
    while (s->p < s->end && oi_http1_is_tchar((unsigned char)*s->p))
        s->p++;
    return (size_t)(s->p - start);
}

static int oi_is_token68_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           (ch && strchr("-._~+/", ch));
}

/* Skip a token68 (credentials such as Negotiate's) if one stands alone at
 * the cursor, up to a comma or the end; "realm=x" is a parameter, not one. */
static void oi_scan_token68(oi_scan *s)
{
    const char *q = s->p;
    while (q < s->end && oi_is_token68_char(*q))
        q++;
    if (q == s->p)
        return;
    while (q < s->end && *q == '=')
        q++;
    while (q < s->end && (*q == ' ' || *q == '\t'))
        q++;
    if (q == s->end || *q == ',')
        s->p = q;
}

/* A parameter value: a quoted-string (unescaped) or a bare word, which we
 * read leniently up to a delimiter.  Returns a new string, or NULL with
 * *err -1 (malformed) or -2 (out of memory). */
static char *oi_scan_value(oi_scan *s, int *err)
{
    int quoted = s->p < s->end && *s->p == '"';
    const char *start = s->p + quoted;
    char *out = oi_malloc((size_t)(s->end - start) + 1), *o = out;
    if (!out) {
        *err = -2;
        return NULL;
    }
    for (s->p = start; s->p < s->end; s->p++) {
        char ch = *s->p;
        if (quoted && ch == '"')
            break;
        if (!quoted && (ch == ',' || ch == ' ' || ch == '\t' || ch == '"'))
            break;
        if (quoted && ch == '\\' && s->p + 1 < s->end)
            ch = *++s->p; /* quoted-pair */
        *o++ = ch;
    }
    *o = '\0';
    if (quoted ? s->p == s->end : o == out) {
        free(out);
        *err = -1;
        return NULL;
    }
    s->p += quoted; /* the closing quote */
    return out;
}

/* Store a parameter of the current challenge; value is taken over. */
static void oi_auth_param(oi_auth_challenge *c, const char *name, size_t n, char *value)
{
    char **slot = NULL;
    if (n == 5 && strncasecmp(name, "realm", n) == 0)
        slot = &c->realm;
    else if (n == 5 && strncasecmp(name, "nonce", n) == 0)
        slot = &c->nonce;
    else if (n == 6 && strncasecmp(name, "opaque", n) == 0)
        slot = &c->opaque;
    else if (n == 9 && strncasecmp(name, "algorithm", n) == 0)
        slot = &c->algorithm;
    else if (n == 3 && strncasecmp(name, "qop", n) == 0)
        slot = &c->qop;
    else if (n == 5 && strncasecmp(name, "stale", n) == 0)
        c->stale = strcasecmp(value, "true") == 0;
    if (slot) {
        free(*slot);
        *slot = value;
    } else {
        free(value);
    }
}

/* Start a challenge of the scheme named name[0..n). */
static void oi_auth_open(oi_auth_pick *k, const char *name, size_t n)
{
    oi_auth_close(k);
    k->open = 1;
    if (n == 5 && strncasecmp(name, "Basic", n) == 0)
        k->cur.scheme = OI_AUTH_BASIC;
    else if (n == 6 && strncasecmp(name, "Digest", n) == 0)
        k->cur.scheme = OI_AUTH_DIGEST;
    else
        k->cur.scheme = OI_AUTH_NONE; /* read past its parameters */
}

/* One field value: #challenge, where commas separate both challenges and
 * the parameters of one.  A word followed by "=" is a parameter of the
 * open challenge; any other word starts the next challenge.  Returns 0,
 * -1 malformed, -2 out of memory. */
static int oi_auth_parse_value(oi_auth_pick *k, oi_scan s)
{
    for (;;) {
        while (s.p < s.end && (*s.p == ',' || *s.p == ' ' || *s.p == '\t'))
            s.p++;
        if (s.p == s.end)
            return 0;
        const char *name = s.p;
        size_t n = oi_scan_token(&s);
        if (n == 0)
            return -1;
        oi_scan_ows(&s);
        if (k->open && s.p < s.end && *s.p == '=') {
            s.p++;
            oi_scan_ows(&s);
            int err = 0;
            char *value = oi_scan_value(&s, &err);
            if (!value)
                return err;
            oi_auth_param(&k->cur, name, n, value);
        } else {
            oi_auth_open(k, name, n);
            oi_scan_token68(&s);
        }
    }
}

int oi_auth_parse(const char *const *values, const size_t *lens, size_t n, oi_auth_challenge *out)
{
    oi_auth_pick k;
    memset(&k, 0, sizeof k);
    int rc = 0;
    for (size_t i = 0; i < n && rc != -2; i++) {
        rc = oi_auth_parse_value(&k, (oi_scan){values[i], values[i] + lens[i]});
        if (rc != 0) { /* the challenge the fault is in does not count */
            oi_auth_challenge_free(&k.cur);
            k.open = 0;
        }
        oi_auth_close(&k); /* a challenge never spans two field values */
    }
    oi_auth_challenge_free(&k.cur);
    if (rc != -2 && k.best_rank > 0 && k.best.qop) {
        /* From here on, qop says what we answer with: the one we support. */
        free(k.best.qop);
        if (!(k.best.qop = oi_strdup("auth")))
            rc = -2;
    }
    if (rc == -2 || k.best_rank == 0) {
        oi_auth_challenge_free(&k.best);
        return rc == -2 ? -2 : -1;
    }
    *out = k.best;
    return 0;
}

/* ---- answering ---- */

static char *oi_basic_response(const char *user, const char *password)
{
    size_t ulen = strlen(user), plen = strlen(password);
    char *pair = oi_malloc(ulen + 1 + plen + 1);
    if (!pair)
        return NULL;
    memcpy(pair, user, ulen);
    pair[ulen] = ':';
    memcpy(pair + ulen + 1, password, plen + 1);
    char *b64 = oi_base64(pair, ulen + 1 + plen);
    OPENSSL_cleanse(pair, ulen + 1 + plen);
    free(pair);
    size_t n = b64 ? strlen(b64) + sizeof "Basic " : 0;
    char *out = b64 ? oi_malloc(n) : NULL;
    if (out)
        snprintf(out, n, "Basic %s", b64);
    free(b64);
    return out;
}

#define OI_HEX_MAX (2 * EVP_MAX_MD_SIZE + 1)

static void oi_hex(const unsigned char *d, size_t n, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * n] = '\0';
}

/* hex = lower-case hex of H(parts[0] ":" parts[1] ":" ...).  1 on success. */
static int oi_hash_join(const EVP_MD *md, char *hex, const char *const *parts, size_t n)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx && EVP_DigestInit_ex(ctx, md, NULL);
    for (size_t i = 0; ok && i < n; i++)
        ok = (i == 0 || EVP_DigestUpdate(ctx, ":", 1)) &&
             EVP_DigestUpdate(ctx, parts[i], strlen(parts[i]));
    ok = ok && EVP_DigestFinal_ex(ctx, d, &len);
    EVP_MD_CTX_free(ctx);
    if (ok)
        oi_hex(d, len, hex);
    return ok;
}

/* The request-digest of RFC 7616 section 3.4.1 into hex. */
static int oi_digest_compute(const oi_auth_challenge *c, const char *user, const char *password,
                             const char *method, const char *uri, const char *nc,
                             const char *cnonce, char *hex)
{
    int alg = oi_digest_algorithm(c->algorithm);
    if (alg < 0)
        return 0;
    const EVP_MD *md = oi_digest_algorithms[alg].sha256 ? EVP_sha256() : EVP_md5();
    char ha1[OI_HEX_MAX], ha2[OI_HEX_MAX];
    const char *a1[] = {user, c->realm, password};
    const char *a2[] = {method, uri};
    if (!oi_hash_join(md, ha1, a1, 3) || !oi_hash_join(md, ha2, a2, 2))
        return 0;
    if (oi_digest_algorithms[alg].sess) {
        const char *sess[] = {ha1, c->nonce, cnonce};
        if (!oi_hash_join(md, ha1, sess, 3))
            return 0;
    }
    const char *with_qop[] = {ha1, c->nonce, nc, cnonce, c->qop, ha2};
    const char *without[] = {ha1, c->nonce, ha2};
    int ok = c->qop ? oi_hash_join(md, hex, with_qop, 6) : oi_hash_join(md, hex, without, 3);
    OPENSSL_cleanse(ha1, sizeof ha1);
    return ok;
}

/* Append sep, name, "=" and the value (quoted and escaped when `quote`);
 * returns the new end.  The caller sized the buffer for twice every value. */
static char *oi_put_param(char *o, const char *sep, const char *name, const char *value, int quote)
{
    o += sprintf(o, "%s%s=%s", sep, name, quote ? "\"" : "");
    for (const char *v = value; *v; v++) {
        if (quote && (*v == '"' || *v == '\\'))
            *o++ = '\\';
        *o++ = *v;
    }
    if (quote)
        *o++ = '"';
    *o = '\0';
    return o;
}

static char *oi_digest_response(const oi_auth_challenge *c, const char *user, const char *password,
                                const char *method, const char *uri, unsigned nc,
                                const char *cnonce)
{
    char hex[OI_HEX_MAX], count[9];
    snprintf(count, sizeof count, "%08x", nc & 0xffffffffu);
    if (!oi_digest_compute(c, user, password, method, uri, count, cnonce, hex))
        return NULL;
    const char *values[] = {user, c->realm, uri, c->algorithm, c->nonce, cnonce, c->qop, c->opaque};
    size_t need = 200 + strlen(hex); /* names, separators, nc */
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        need += values[i] ? 2 * strlen(values[i]) : 0;
    char *out = oi_malloc(need), *o = out;
    if (!out)
        return NULL;
    o = oi_put_param(o, "Digest ", "username", user, 1);
    o = oi_put_param(o, ", ", "realm", c->realm, 1);
    o = oi_put_param(o, ", ", "uri", uri, 1);
    if (c->algorithm) /* echoed as the server spelled it; absent means MD5 */
        o = oi_put_param(o, ", ", "algorithm", c->algorithm, 0);
    o = oi_put_param(o, ", ", "nonce", c->nonce, 1);
    if (c->qop) {
        o = oi_put_param(o, ", ", "nc", count, 0);
        o = oi_put_param(o, ", ", "cnonce", cnonce, 1);
        o = oi_put_param(o, ", ", "qop", c->qop, 0);
    }
    o = oi_put_param(o, ", ", "response", hex, 1);
    if (c->opaque)
        oi_put_param(o, ", ", "opaque", c->opaque, 1);
    return out;
}

char *oi_auth_response(const oi_auth_challenge *c, const char *user, const char *password,
                       const char *method, const char *uri, unsigned nc, const char *cnonce)
{
    if (c->scheme == OI_AUTH_BASIC)
        return oi_basic_response(user, password);
    if (c->scheme != OI_AUTH_DIGEST)
        return NULL;
    char fresh[33];
    if (!cnonce) {
        unsigned char r[16];
        if (RAND_bytes(r, sizeof r) != 1)
            return NULL;
        oi_hex(r, sizeof r, fresh);
        cnonce = fresh;
    }
    return oi_digest_response(c, user, password, method, uri, nc, cnonce);
}
