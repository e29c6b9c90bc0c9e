/* Content decoding: oi_decoder_new with a Content-Encoding taken from the
 * input, then the rest of the input decoded twice: in one call with room
 * for everything, and in pieces of input-derived sizes into small output
 * buffers, as the reader does.
 *
 * Input: a length byte L (0..31), L bytes of Content-Encoding, a byte that
 * sets max_out (1 to 256 KiB), the split seed, the output size seed, then
 * the encoded body.
 *
 * Properties, besides surviving the sanitizers:
 * - counts stay within what was offered, the total within max_out, and a
 *   0 result with room left in out means all the input was taken;
 * - -2 comes with exactly max_out bytes delivered; errors are final;
 * - both ways end alike (complete, truncated, or failed), with the same
 *   bytes when they succeed; when they fail, the bytes delivered before
 *   the failure are the same stream (one is a prefix of the other). */
#include "decode.h"
#include "fuzz.h"

enum { COMPLETE, TRUNCATED, FAILED };

typedef struct outcome {
    int end;  /* COMPLETE, TRUNCATED or FAILED */
    int code; /* the error for FAILED */
    fuzz_buf out;
} outcome;

static const uint64_t max_outs[] = {1, 7, 100, 4096, 65536, 262144, 262144, 262144};

/* One oi_decoder_run on heap copies of exactly the bytes offered. */
static int run(oi_decoder *d, const uint8_t *in, size_t in_len, size_t out_len, size_t *consumed,
               outcome *o, uint64_t max_out)
{
    char *win = in_len ? fuzz_dup(in, in_len) : NULL;
    char *out = out_len ? malloc(out_len) : NULL;
    size_t produced = 99;
    *consumed = 99;
    int rc = oi_decoder_run(d, win, in_len, consumed, out, out_len, &produced);
    FUZZ_CHECK(rc >= -3 && rc <= 1);
    FUZZ_CHECK(*consumed <= in_len && produced <= out_len);
    if (rc == 0 && produced < out_len)
        FUZZ_CHECK(*consumed == in_len);
    fuzz_buf_add(&o->out, out, produced);
    FUZZ_CHECK(o->out.len <= max_out);
    if (rc == -2)
        FUZZ_CHECK(o->out.len == max_out);
    free(win);
    free(out);
    return rc;
}

static void settle(oi_decoder *d, int rc, outcome *o)
{
    if (rc < 0) {
        o->end = FAILED;
        o->code = rc;
        /* Errors are final. */
        size_t consumed, produced;
        char byte;
        FUZZ_CHECK(oi_decoder_run(d, "x", 1, &consumed, &byte, 1, &produced) == rc);
        FUZZ_CHECK(consumed == 0 && produced == 0);
        FUZZ_CHECK(oi_decoder_finish(d) == -1);
    } else {
        o->end = oi_decoder_finish(d) == 0 ? COMPLETE : TRUNCATED;
        FUZZ_CHECK(rc == 0 || o->end == COMPLETE); /* 1 means complete */
    }
}

static void whole(oi_decoder *d, const uint8_t *in, size_t len, uint64_t max_out, outcome *o)
{
    size_t consumed;
    int rc = run(d, in, len, (size_t)max_out + 1, &consumed, o, max_out);
    settle(d, rc, o);
}

static void pieces(oi_decoder *d, const uint8_t *in, size_t len, uint64_t max_out,
                   unsigned split_seed, unsigned out_seed, outcome *o)
{
    fuzz_seq split = fuzz_seq_make(split_seed, 512), outs = fuzz_seq_make(out_seed, 300);
    size_t pos = 0, avail = 0;
    int rc = 0;
    /* Every call consumes input or fills its output, or is the last of a
     * piece; the bound only guards against a decoder that spins. */
    for (long calls = 0; rc >= 0; calls++) {
        FUZZ_CHECK(calls < 10000000);
        if (pos == avail && rc == 0 && avail == len)
            break;
        if (pos == avail)
            avail += fuzz_seq_next(&split) % (len - avail + 1); /* 0: an empty call */
        size_t consumed, out_len = fuzz_seq_next(&outs);
        size_t before = o->out.len;
        rc = run(d, in + pos, avail - pos, out_len, &consumed, o, max_out);
        pos += consumed;
        if (rc == 1 && pos == len)
            break;
        /* A full output may hide more: call again before taking input. */
        while (rc == 0 && o->out.len - before == out_len) {
            before = o->out.len;
            rc = run(d, in + pos, avail - pos, out_len, &consumed, o, max_out);
            pos += consumed;
            FUZZ_CHECK(calls++ < 10000000);
        }
    }
    settle(d, rc, o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    size_t clen = fuzz_byte(&in) % 32;
    if (clen > in.n)
        clen = in.n;
    char *coding = fuzz_dup(in.p, clen);
    in.p += clen;
    in.n -= clen;
    uint64_t max_out = max_outs[fuzz_byte(&in) % 8];
    unsigned split_seed = fuzz_byte(&in), out_seed = fuzz_byte(&in);

    oi_decoder *d1 = NULL, *d2 = NULL;
    int rc = oi_decoder_new(coding, clen, max_out, &d1);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == 0 && d1) {
        FUZZ_CHECK(oi_decoder_new(coding, clen, max_out, &d2) == 0 && d2);
        outcome a = {0}, b = {0};
        whole(d1, in.p, in.n, max_out, &a);
        pieces(d2, in.p, in.n, max_out, split_seed, out_seed, &b);
        FUZZ_CHECK((a.end == FAILED) == (b.end == FAILED));
        if (a.end != FAILED) {
            FUZZ_CHECK(a.end == b.end);
            FUZZ_CHECK(a.out.len == b.out.len);
            FUZZ_CHECK(a.out.len == 0 || memcmp(a.out.p, b.out.p, a.out.len) == 0);
        } else {
            FUZZ_CHECK(fuzz_prefix_compatible(&a.out, &b.out));
        }
        free(a.out.p);
        free(b.out.p);
    }
    oi_decoder_free(d1);
    oi_decoder_free(d2);
    free(coding);
    return 0;
}
