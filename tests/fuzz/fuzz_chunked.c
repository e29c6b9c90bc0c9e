/* The chunked decoder (oi_body_decode in chunked mode).
 *
 * Input: four parameter bytes (max_line, max_trailer, the split seed, the
 * max_data seed), then the bytes that follow a response head.
 *
 * The input is decoded twice: in one piece, and the way the reader does it:
 * bytes arriving in pieces of input-derived sizes, unconsumed bytes offered
 * again, small max_data, and pure chunk data sometimes taken "directly"
 * (oi_body_direct / oi_body_skip_data, as a large caller buffer does).
 * Properties: both ways give the same result, the same body bytes, the
 * same end of body and the same trailer section; spans lie inside what was
 * consumed and respect max_data; the stored trailer respects max_trailer
 * and parses as a complete field block; an unfinished body is an error at
 * EOF. */
#include "body.h"
#include "fuzz.h"
#include "http1.h"

typedef struct outcome {
    long err; /* 0 or the OI_BODY_* error */
    int done;
    size_t consumed;
    fuzz_buf data;
    char *trailer;
    size_t trailer_len;
} outcome;

/* One call on a heap copy of exactly in[0..n); the data span goes to out. */
static long decode(oi_body *b, const uint8_t *in, size_t n, size_t max_data, outcome *out)
{
    char *win = fuzz_dup(in, n);
    const char *data = NULL;
    size_t data_len = 0;
    long r = oi_body_decode(b, win, n, max_data, &data, &data_len);
    if (r >= 0) {
        FUZZ_CHECK((size_t)r <= n);
        FUZZ_CHECK(data_len <= max_data && data_len <= (size_t)r);
        FUZZ_CHECK(data_len == 0 || (data >= win && data + data_len <= win + r));
        fuzz_buf_add(&out->data, data, data_len);
    } else {
        FUZZ_CHECK(r == OI_BODY_ERROR || r == OI_BODY_TOO_LARGE);
    }
    free(win);
    return r;
}

static void finish(oi_body *b, outcome *out, size_t len, size_t max_trailer)
{
    out->done = b->done;
    if (!out->err && !b->done) {
        FUZZ_CHECK(out->consumed == len); /* it stopped only for want of input */
        FUZZ_CHECK(oi_body_eof(b) == OI_BODY_ERROR);
    }
    if (b->done) {
        FUZZ_CHECK(oi_body_direct(b) == 0);
        FUZZ_CHECK(oi_body_eof(b) == 0);
        FUZZ_CHECK((b->trailer == NULL) == (b->trailer_len == 0));
        FUZZ_CHECK(b->trailer_len <= max_trailer + 2); /* field lines + the empty line */
    }
    out->trailer = b->trailer;
    out->trailer_len = b->trailer_len;
    b->trailer = NULL; /* kept by out */
    oi_body_free(b);
}

static void one_piece(const uint8_t *in, size_t len, size_t max_line, size_t max_trailer,
                      outcome *out)
{
    oi_body b;
    oi_body_init(&b, OI_BODY_CHUNKED, 0, max_line, max_trailer);
    while (!b.done) {
        long r = decode(&b, in + out->consumed, len - out->consumed, SIZE_MAX, out);
        if (r < 0) {
            out->err = r;
            break;
        }
        out->consumed += (size_t)r;
        if (r == 0)
            break;
    }
    finish(&b, out, len, max_trailer);
}

static void in_pieces(const uint8_t *in, size_t len, size_t max_line, size_t max_trailer,
                      unsigned split_seed, unsigned data_seed, outcome *out)
{
    oi_body b;
    fuzz_seq split = fuzz_seq_make(split_seed, 64), sizes = fuzz_seq_make(data_seed, 32);
    size_t avail = 0; /* bytes arrived: the unconsumed ones are in[consumed..avail) */
    oi_body_init(&b, OI_BODY_CHUNKED, 0, max_line, max_trailer);
    while (!b.done) {
        size_t piece = fuzz_seq_next(&split);
        uint64_t direct = oi_body_direct(&b);
        if (avail == out->consumed && direct > 0 && avail < len && (piece & 1)) {
            /* Nothing buffered and chunk data next: receive it straight
             * into the caller's buffer, as the reader does. */
            size_t n = len - avail < piece ? len - avail : piece;
            n = direct < n ? (size_t)direct : n;
            fuzz_buf_add(&out->data, in + avail, n);
            oi_body_skip_data(&b, n);
            avail += n;
            out->consumed += n;
            continue;
        }
        long r = decode(&b, in + out->consumed, avail - out->consumed, fuzz_seq_next(&sizes), out);
        if (r < 0) {
            out->err = r;
            break;
        }
        out->consumed += (size_t)r;
        if (r == 0 && !b.done) { /* needs more input */
            if (avail == len)
                break;
            avail = len - avail < piece ? len : avail + piece;
        }
    }
    finish(&b, out, len, max_trailer);
}

static const size_t limits[] = {4096, 1, 2, 8, 17, 64, 300, 16384};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    size_t max_line = limits[fuzz_byte(&in) % 8];
    size_t max_trailer = limits[fuzz_byte(&in) % 8];
    unsigned split_seed = fuzz_byte(&in), data_seed = fuzz_byte(&in);

    outcome a = {0}, b = {0};
    one_piece(in.p, in.n, max_line, max_trailer, &a);
    in_pieces(in.p, in.n, max_line, max_trailer, split_seed, data_seed, &b);

    FUZZ_CHECK(a.err == b.err);
    if (a.err == 0) {
        FUZZ_CHECK(a.done == b.done);
        FUZZ_CHECK(a.consumed == b.consumed);
        FUZZ_CHECK(a.data.len == b.data.len);
        FUZZ_CHECK(a.data.len == 0 || memcmp(a.data.p, b.data.p, a.data.len) == 0);
        FUZZ_CHECK(a.trailer_len == b.trailer_len);
        FUZZ_CHECK(a.trailer_len == 0 || memcmp(a.trailer, b.trailer, a.trailer_len) == 0);
    } else {
        /* Data handed out before the fault depends on the split; what
         * was handed out is body data all the same. */
        FUZZ_CHECK(fuzz_prefix_compatible(&a.data, &b.data));
    }
    if (a.done && a.trailer_len) {
        /* The engine parses the trailer section as header fields: it
         * ends with its empty line, so it is never incomplete. */
        oi_field fields[32];
        size_t n;
        char *copy = fuzz_dup(a.trailer, a.trailer_len);
        long r = oi_http1_parse_fields(copy, a.trailer_len, fields, 32, &n);
        FUZZ_CHECK(r != OI_PARSE_INCOMPLETE);
        FUZZ_CHECK(r < 0 || (size_t)r == a.trailer_len);
        free(copy);
    }
    free(a.data.p);
    free(b.data.p);
    free(a.trailer);
    free(b.trailer);
    return 0;
}
