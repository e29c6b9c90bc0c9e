/* The HTTP/1.1 head parsers: oi_http1_parse_response and
 * oi_http1_parse_fields on the input.
 *
 * Input: one byte that sets max_fields (0..64), then the bytes to parse.
 *
 * Properties, besides surviving the sanitizers:
 * - a result is a length within the input or one of the OI_PARSE_* codes,
 *   and the fields it reports lie inside the head, with token names and
 *   values free of control characters (a strict parser's output, which the
 *   engine copies into requests and the cookie jar);
 * - every prefix gives INCOMPLETE or the result of the whole input (a
 *   prefix of a good head is never an error, an error stays an error);
 * - the parser is restartable as the client uses it: re-parsing one buffer
 *   in place (with the obs-fold unfolding of earlier calls in it) as bytes
 *   arrive gives, at every step, what a fresh copy of the same bytes gives;
 * - oi_http1_find finds each field under its own name and index. */
#include "fuzz.h"
#include "http1.h"

#define MAX_FIELDS 64

typedef struct parsed {
    long r;
    oi_response_head head;
    oi_field fields[MAX_FIELDS];
    size_t nfields;
} parsed;

static void parse(int response, char *buf, size_t len, size_t max_fields, parsed *out)
{
    memset(out, 0, sizeof *out);
    if (response) {
        out->r = oi_http1_parse_response(buf, len, &out->head, out->fields, max_fields);
        out->nfields = out->r > 0 ? out->head.nfields : 0;
    } else {
        out->r = oi_http1_parse_fields(buf, len, out->fields, max_fields, &out->nfields);
        if (out->r <= 0)
            out->nfields = 0;
    }
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* The reported head makes sense for buf[0..r). */
static void check_head(int response, const char *buf, size_t len, const parsed *p,
                       size_t max_fields)
{
    FUZZ_CHECK(p->r == OI_PARSE_INCOMPLETE || p->r == OI_PARSE_ERROR || p->r == OI_PARSE_TOO_MANY ||
               (p->r > 0 && (size_t)p->r <= len));
    if (p->r <= 0)
        return;
    size_t r = (size_t)p->r;
    FUZZ_CHECK(buf[r - 1] == '\n');
    FUZZ_CHECK(p->nfields <= max_fields);
    if (response) {
        FUZZ_CHECK(p->head.minor == 0 || p->head.minor == 1);
        FUZZ_CHECK(p->head.status >= 100 && p->head.status <= 999);
        FUZZ_CHECK((size_t)p->head.reason_off + p->head.reason_len <= r);
        for (uint32_t i = 0; i < p->head.reason_len; i++) {
            unsigned char c = (unsigned char)buf[p->head.reason_off + i];
            FUZZ_CHECK(c == '\t' || (c >= 0x20 && c != 0x7f));
        }
    }
    for (size_t i = 0; i < p->nfields; i++) {
        const oi_field *f = &p->fields[i];
        FUZZ_CHECK(f->name_len > 0 && (size_t)f->name_off + f->name_len <= r);
        FUZZ_CHECK((size_t)f->value_off + f->value_len <= r);
        for (uint32_t k = 0; k < f->name_len; k++)
            FUZZ_CHECK(oi_http1_is_tchar((unsigned char)buf[f->name_off + k]));
        const char *v = buf + f->value_off;
        for (uint32_t k = 0; k < f->value_len; k++) {
            unsigned char c = (unsigned char)v[k];
            FUZZ_CHECK(c == '\t' || (c >= 0x20 && c != 0x7f));
        }
        if (f->value_len > 0)
            FUZZ_CHECK(!is_ows(v[0]) && !is_ows(v[f->value_len - 1]));
        /* The index-th field of this name is this one. */
        size_t index = 0;
        for (size_t j = 0; j < i; j++)
            index += p->fields[j].name_len == f->name_len &&
                     oi_http1_find(buf, &p->fields[j], 1, buf + f->name_off, f->name_len, 0) == 0;
        FUZZ_CHECK(oi_http1_find(buf, p->fields, p->nfields, buf + f->name_off, f->name_len,
                                 index) == (long)i);
        (void)oi_http1_has_token(v, f->value_len, "chunked");
        (void)oi_http1_has_token(v, f->value_len, "close");
    }
}

static int same(const parsed *a, const parsed *b)
{
    if (a->r != b->r)
        return 0;
    if (a->r <= 0)
        return 1;
    return a->nfields == b->nfields &&
           memcmp(a->fields, b->fields, a->nfields * sizeof a->fields[0]) == 0 &&
           a->head.minor == b->head.minor && a->head.status == b->head.status &&
           a->head.reason_off == b->head.reason_off && a->head.reason_len == b->head.reason_len;
}

/* The prefix lengths to try: all of the short ones, then a spread that
 * follows from the input, and those around the end of the head. */
static size_t prefix_points(size_t len, long whole, size_t *k, size_t cap)
{
    size_t n = 0;
    fuzz_seq seq = fuzz_seq_make((unsigned)len, len / 32 + 1);
    for (size_t i = 1; i <= len && n < cap - 4; i += i < 96 ? 1 : fuzz_seq_next(&seq))
        k[n++] = i;
    if (whole > 0) { /* around the end of the head: the interesting edge */
        for (long d = -2; d <= 1; d++)
            if (whole + d >= 1 && (size_t)(whole + d) <= len)
                k[n++] = (size_t)(whole + d);
    }
    /* Sort (insertion: few points) and drop repeats. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && k[j - 1] > k[j]; j--) {
            size_t t = k[j];
            k[j] = k[j - 1];
            k[j - 1] = t;
        }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || k[m - 1] != k[i])
            k[m++] = k[i];
    return m;
}

static void run(int response, const uint8_t *data, size_t len, size_t max_fields)
{
    static parsed whole, step, fresh;
    char *buf = fuzz_dup(data, len);
    parse(response, buf, len, max_fields, &whole);
    check_head(response, buf, len, &whole, max_fields);

    /* In place, as the client re-parses its buffer while bytes arrive. */
    char *work = fuzz_dup(data, len);
    size_t points[256];
    size_t npoints = prefix_points(len, whole.r, points, sizeof points / sizeof points[0]);
    int settled = 0; /* a prefix already gave the final error */
    for (size_t i = 0; i < npoints; i++) {
        size_t k = points[i];
        parse(response, work, k, max_fields, &step);
        char *copy = fuzz_dup(data, k);
        parse(response, copy, k, max_fields, &fresh);
        FUZZ_CHECK(same(&step, &fresh));
        check_head(response, copy, k, &fresh, max_fields);
        if (whole.r > 0) {
            if (k < (size_t)whole.r)
                FUZZ_CHECK(step.r == OI_PARSE_INCOMPLETE);
            else
                FUZZ_CHECK(same(&step, &whole));
            if (step.r > 0) /* unfolded the same way as the whole */
                FUZZ_CHECK(memcmp(work, buf, (size_t)step.r) == 0);
        } else {
            FUZZ_CHECK(step.r == OI_PARSE_INCOMPLETE || step.r == whole.r);
            FUZZ_CHECK(!settled || step.r == whole.r);
            settled |= step.r == whole.r && step.r != OI_PARSE_INCOMPLETE;
        }
        free(copy);
    }
    free(work);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    size_t max_fields = fuzz_byte(&in) % (MAX_FIELDS + 1);
    run(1, in.p, in.n, max_fields);
    run(0, in.p, in.n, max_fields);
    return 0;
}
