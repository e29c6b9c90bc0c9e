/* Content decoding: every coding in one shot and a byte at a time, stacked
 * codings, gzip members and zstd frames in a row, corrupt, truncated and
 * trailing data, and decompression bombs stopped at the size limit.  The
 * test data is compressed here with the libraries' own encoders. */
#include "check.h"
#include "decode.h"

#include <brotli/encode.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <zlib.h>
#include <zstd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#define NUL_TERMINATED ((size_t)-1)
#define MIB            ((size_t)1 << 20)
#define BOMB_BYTES     (100 * MIB)

/* A growable byte buffer. */
typedef struct buf {
    unsigned char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const void *p, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        b->p = realloc(b->p, cap);
        if (!b->p)
            abort();
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->p + b->n, p, n);
    b->n += n;
}

static buf cat(const buf *a, const void *p, size_t n)
{
    buf b = {0};
    put(&b, a->p, a->n);
    put(&b, p, n);
    return b;
}

static int same(const buf *b, const void *p, size_t n)
{
    return b->n == n && (n == 0 || memcmp(b->p, p, n) == 0);
}

static int all_zero(const buf *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->p[i] != 0)
            return 0;
    return 1;
}

/* n bytes of text lines mixed with pseudo-random bytes: compressible, but
 * with literals, matches and stretches no encoder can shrink. */
static buf sample(size_t n)
{
    buf b = {0};
    uint32_t x = 12345;

    while (b.n < n) {
        char line[96];
        int k = snprintf(line, sizeof line,
                         "line %zu: the quick brown fox jumps over the lazy dog\n", b.n);
        put(&b, line, (size_t)k < n - b.n ? (size_t)k : n - b.n);
        for (int i = 0; i < 40 && b.n < n; i++) {
            unsigned char c;
            x = x * 1103515245u + 12345u;
            c = (unsigned char)(x >> 24);
            put(&b, &c, 1);
        }
    }
    return b;
}

/* ---- encoders: `times` copies of data[0..n), streamed so that a bomb
 * needs no large buffer ---- */

typedef enum method { M_GZIP, M_ZLIB, M_RAW, M_BR, M_ZSTD, M_COUNT } method;

/* The Content-Encoding name of each method. */
static const char *const coding[M_COUNT] = {"gzip", "deflate", "deflate", "br", "zstd"};

static void zlib_encode(int wbits, const void *data, size_t n, size_t times, buf *out)
{
    z_stream z;
    unsigned char tmp[16384];

    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        abort();
    for (size_t i = 0; i <= times; i++) {
        z.next_in = (unsigned char *)data;
        z.avail_in = i < times ? (uInt)n : 0;
        do {
            z.next_out = tmp;
            z.avail_out = sizeof tmp;
            deflate(&z, i < times ? Z_NO_FLUSH : Z_FINISH);
            put(out, tmp, sizeof tmp - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
}

static void br_encode(const void *data, size_t n, size_t times, buf *out)
{
    BrotliEncoderState *e = BrotliEncoderCreateInstance(NULL, NULL, NULL);
    unsigned char tmp[16384];

    if (!e)
        abort();
    BrotliEncoderSetParameter(e, BROTLI_PARAM_QUALITY, 5); /* quick, even for a bomb */
    for (size_t i = 0; i <= times; i++) {
        BrotliEncoderOperation op = i < times ? BROTLI_OPERATION_PROCESS : BROTLI_OPERATION_FINISH;
        const uint8_t *next_in = data;
        size_t avail_in = i < times ? n : 0;
        do {
            uint8_t *next_out = tmp;
            size_t avail_out = sizeof tmp;
            if (!BrotliEncoderCompressStream(e, op, &avail_in, &next_in, &avail_out, &next_out,
                                             NULL))
                abort();
            put(out, tmp, sizeof tmp - avail_out);
        } while (avail_in > 0 || BrotliEncoderHasMoreOutput(e) ||
                 (op == BROTLI_OPERATION_FINISH && !BrotliEncoderIsFinished(e)));
    }
    BrotliEncoderDestroyInstance(e);
}

/* window_log 0: the library's choice.  Streamed frames give no content
 * size, so their header states the window as set. */
static void zstd_encode(int window_log, const void *data, size_t n, size_t times, buf *out)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    unsigned char tmp[16384];

    if (!c)
        abort();
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, window_log);
    for (size_t i = 0; i <= times; i++) {
        ZSTD_EndDirective mode = i < times ? ZSTD_e_continue : ZSTD_e_end;
        ZSTD_inBuffer in = {data, i < times ? n : 0, 0};
        size_t left;
        do {
            ZSTD_outBuffer o = {tmp, sizeof tmp, 0};
            left = ZSTD_compressStream2(c, &o, &in, mode);
            if (ZSTD_isError(left))
                abort();
            put(out, tmp, o.pos);
        } while (mode == ZSTD_e_end ? left != 0 : in.pos < in.size);
    }
    ZSTD_freeCCtx(c);
}

static buf encode_times(method m, const void *data, size_t n, size_t times)
{
    buf out = {0};

    switch (m) {
    case M_GZIP:
        zlib_encode(16 + MAX_WBITS, data, n, times, &out);
        break;
    case M_ZLIB:
        zlib_encode(MAX_WBITS, data, n, times, &out);
        break;
    case M_RAW:
        zlib_encode(-MAX_WBITS, data, n, times, &out);
        break;
    case M_BR:
        br_encode(data, n, times, &out);
        break;
    default:
        zstd_encode(0, data, n, times, &out);
        break;
    }
    return out;
}

static buf encode(method m, const buf *data)
{
    return encode_times(m, data->p, data->n, 1);
}

/* 100 MiB of zeros per method, encoded once and shared by the bomb tests. */
static buf bombs[M_COUNT];

static const buf *bomb(method m)
{
    static const unsigned char zeros[64 * 1024];

    if (!bombs[m].p)
        bombs[m] = encode_times(m, zeros, sizeof zeros, BOMB_BYTES / sizeof zeros);
    return &bombs[m];
}

/* ---- decoding the way a reader does ---- */

typedef struct result {
    int rc;          /* the last oi_decoder_run result */
    int fin;         /* oi_decoder_finish */
    size_t consumed; /* input taken in all */
    buf out;
} result;

/* Decode in[0..n) giving the decoder in_step input bytes and out_step
 * bytes of room (an exact-size heap buffer, for ASan) per call, until the
 * input is used up and the decoder has no more output, or an error; then
 * finish.  Checks the calling contract on every call. */
static result decode(const char *encoding, const void *in, size_t n, size_t in_step,
                     size_t out_step, uint64_t max_out)
{
    result r = {0, -1, 0, {0}};
    char *out = malloc(out_step);
    oi_decoder *d = NULL;

    CHECK_INT(oi_decoder_new(encoding, NUL_TERMINATED, max_out, &d), 0);
    CHECK(d != NULL);
    if (!d || !out) {
        free(out);
        return r;
    }
    for (;;) {
        size_t give = in_step < n - r.consumed ? in_step : n - r.consumed;
        size_t used = 0, made = 0;
        r.rc = oi_decoder_run(d, (const char *)in + r.consumed, give, &used, out, out_step, &made);
        CHECK(used <= give);
        CHECK(made <= out_step);
        put(&r.out, out, made);
        r.consumed += used;
        if (r.rc < 0)
            break;
        if (made == out_step)
            continue;
        CHECK_INT(used, give); /* room left, so it must have taken everything */
        if (used < give || r.consumed == n)
            break;
    }
    r.fin = oi_decoder_finish(d);
    oi_decoder_free(d);
    free(out);
    return r;
}

/* Decode encoded with the given steps and expect exactly plain back. */
static void check_roundtrip(const char *encoding, const buf *encoded, const buf *plain,
                            size_t in_step, size_t out_step)
{
    result r = decode(encoding, encoded->p, encoded->n, in_step, out_step, 0);

    CHECK_INT(r.rc, 1);
    CHECK_INT(r.fin, 0);
    CHECK_INT(r.consumed, encoded->n);
    CHECK_INT(r.out.n, plain->n);
    CHECK(same(&r.out, plain->p, plain->n));
    free(r.out.p);
}

/* The result of decoding data that must fail with rc. */
static void check_fails(const char *encoding, const void *in, size_t n, int rc)
{
    result r = decode(encoding, in, n, n ? n : 1, 64 * 1024, 0);

    CHECK_INT(r.rc, rc);
    CHECK_INT(r.fin, -1);
    free(r.out.p);
}

static int new_rc(const char *encoding, size_t len, oi_decoder **d)
{
    return oi_decoder_new(encoding, len, 0, d);
}

/* ---- Content-Encoding values ---- */

TEST(accept_names_every_coding)
{
    oi_decoder *d = NULL;

    CHECK_STR(oi_decoder_accept(), "gzip, deflate, br, zstd");
    /* Read as a Content-Encoding, it is a valid stack of four. */
    CHECK_INT(new_rc(oi_decoder_accept(), NUL_TERMINATED, &d), 0);
    CHECK(d != NULL);
    oi_decoder_free(d);
}

TEST(identity_and_empty_need_no_decoder)
{
    static const char *const none[] = {"identity", "IDENTITY", "", " \t", ",", " , identity ,"};

    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        oi_decoder *d = (oi_decoder *)&d; /* must be overwritten */
        CHECK_INT(new_rc(none[i], NUL_TERMINATED, &d), 0);
        CHECK(d == NULL);
    }
}

TEST(unknown_codings_are_refused)
{
    static const char *const bad[] = {"compress", "x-compress", "sdch",      "gzip, foo", "gz",
                                      "gzipp",    "g zip",      "gzip;q=1",  "br2",       "*",
                                      "xgzip",    "zstd\x80",   "deflate br"};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        oi_decoder *d = (oi_decoder *)&d;
        CHECK_INT(new_rc(bad[i], NUL_TERMINATED, &d), -1);
        CHECK(d == NULL);
    }
}

TEST(null_encoding_is_refused)
{
    oi_decoder *d = (oi_decoder *)&d;
    CHECK_INT(new_rc(NULL, 0, &d), -1);
    CHECK(d == NULL);
}

TEST(more_than_four_codings_are_refused_identity_aside)
{
    oi_decoder *d = NULL;

    CHECK_INT(new_rc("gzip, gzip, gzip, gzip, gzip", NUL_TERMINATED, &d), -1);
    CHECK(d == NULL);
    CHECK_INT(new_rc("identity, br, gzip, identity, zstd, deflate, identity", NUL_TERMINATED, &d),
              0);
    CHECK(d != NULL);
    oi_decoder_free(d);
}

TEST(coding_names_ignore_case_spaces_and_empty_elements)
{
    static const struct {
        const char *encoding;
        method m;
    } cases[] = {{" GZip\t", M_GZIP}, {"X-Gzip", M_GZIP}, {",,gzip,", M_GZIP},
                 {"Deflate", M_ZLIB}, {"BR", M_BR},       {"\tZstd ", M_ZSTD}};
    buf plain = sample(3000);

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf enc = encode(cases[i].m, &plain);
        check_roundtrip(cases[i].encoding, &enc, &plain, enc.n, plain.n + 1);
        free(enc.p);
    }
    free(plain.p);
}

TEST(encoding_length_bounds_the_value)
{
    buf plain = sample(1000);
    buf enc = encode(M_GZIP, &plain);
    oi_decoder *d = NULL;
    char out[1000];
    size_t used, made;

    /* "gzip, br" cut to "gzip": the br that follows is not read. */
    CHECK_INT(new_rc("gzip, br", 4, &d), 0);
    CHECK(d != NULL);
    if (d) {
        CHECK_INT(oi_decoder_run(d, (char *)enc.p, enc.n, &used, out, sizeof out, &made), 1);
        CHECK(made == plain.n && memcmp(out, plain.p, made) == 0);
        oi_decoder_free(d);
    }
    CHECK_INT(new_rc("gzipped", 4, &d), 0);
    CHECK(d != NULL);
    oi_decoder_free(d);
    free(enc.p);
    free(plain.p);
}

/* ---- single codings ---- */

TEST(each_coding_decodes_in_one_shot)
{
    buf plain = sample(200 * 1024);

    for (method m = 0; m < M_COUNT; m++) {
        buf enc = encode(m, &plain);
        check_roundtrip(coding[m], &enc, &plain, enc.n, plain.n + 1);
        free(enc.p);
    }
    free(plain.p);
}

TEST(each_coding_decodes_a_byte_at_a_time_into_one_byte_buffers)
{
    buf plain = sample(20 * 1024);

    for (method m = 0; m < M_COUNT; m++) {
        buf enc = encode(m, &plain);
        check_roundtrip(coding[m], &enc, &plain, 1, 1);
        free(enc.p);
    }
    free(plain.p);
}

TEST(each_coding_decodes_in_odd_sized_pieces)
{
    buf plain = sample(100 * 1024);

    for (method m = 0; m < M_COUNT; m++) {
        buf enc = encode(m, &plain);
        check_roundtrip(coding[m], &enc, &plain, 7, 4093);
        check_roundtrip(coding[m], &enc, &plain, 4093, 7);
        free(enc.p);
    }
    free(plain.p);
}

TEST(one_shot_encoders_output_decodes)
{
    buf plain = sample(50 * 1024);
    size_t cap = ZSTD_compressBound(plain.n) + 1024;
    unsigned char *enc = malloc(cap);
    uLongf zn = (uLongf)cap;
    size_t bn = cap, sn;

    CHECK(enc != NULL);
    if (!enc)
        return;
    /* compress2: a zlib stream, what RFC 9110's deflate means. */
    CHECK_INT(compress2(enc, &zn, plain.p, plain.n, 9), Z_OK);
    check_roundtrip("deflate", &(buf){enc, zn, cap}, &plain, zn, plain.n + 1);
    CHECK(BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_DEFAULT_MODE,
                                plain.n, plain.p, &bn, enc));
    check_roundtrip("br", &(buf){enc, bn, cap}, &plain, bn, plain.n + 1);
    /* One-shot zstd writes a single-segment frame with its content size. */
    sn = ZSTD_compress(enc, cap, plain.p, plain.n, 19);
    CHECK(!ZSTD_isError(sn));
    check_roundtrip("zstd", &(buf){enc, sn, cap}, &plain, 1, 1);
    free(enc);
    free(plain.p);
}

TEST(raw_and_zlib_deflate_are_told_apart_from_two_bytes_split_over_calls)
{
    buf plain = sample(5000);

    for (method m = M_ZLIB; m <= M_RAW; m++) {
        buf enc = encode(m, &plain);
        oi_decoder *d = NULL;
        char *out = malloc(plain.n);
        size_t used, made;

        CHECK_INT(new_rc("deflate", NUL_TERMINATED, &d), 0);
        if (!d || !out) {
            free(out);
            free(enc.p);
            continue;
        }
        /* The first byte alone is taken and held, nothing is written. */
        CHECK_INT(oi_decoder_run(d, (char *)enc.p, 1, &used, out, plain.n, &made), 0);
        CHECK_INT(used, 1);
        CHECK_INT(made, 0);
        CHECK_INT(oi_decoder_run(d, (char *)enc.p + 1, enc.n - 1, &used, out, plain.n, &made), 1);
        CHECK_INT(used, enc.n - 1);
        CHECK(made == plain.n && memcmp(out, plain.p, made) == 0);
        CHECK_INT(oi_decoder_finish(d), 0);
        oi_decoder_free(d);
        free(out);
        free(enc.p);
    }
    free(plain.p);
}

TEST(identity_in_a_list_is_skipped)
{
    buf plain = sample(10000);
    buf enc = encode(M_GZIP, &plain);

    check_roundtrip("identity, gzip, identity", &enc, &plain, enc.n, plain.n + 1);
    free(enc.p);
    free(plain.p);
}

/* ---- stacked codings ---- */

TEST(gzip_then_br_is_undone_in_reverse)
{
    buf plain = sample(100 * 1024);
    buf gz = encode(M_GZIP, &plain);
    buf both = encode(M_BR, &gz);

    check_roundtrip("gzip, br", &both, &plain, both.n, plain.n + 1);
    check_roundtrip("gzip, br", &both, &plain, 1, 1);
    check_roundtrip("gzip, br", &both, &plain, 3, 100000);
    free(both.p);
    free(gz.p);
    free(plain.p);
}

TEST(four_stacked_codings_decode)
{
    /* Applied zlib deflate, zstd, gzip, then br. */
    static const method order[] = {M_ZLIB, M_ZSTD, M_GZIP, M_BR};
    buf plain = sample(300 * 1024);
    buf enc = {0};

    put(&enc, plain.p, plain.n);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        buf next = encode(order[i], &enc);
        free(enc.p);
        enc = next;
    }
    check_roundtrip("deflate, zstd, gzip, br", &enc, &plain, enc.n, plain.n + 1);
    check_roundtrip("deflate, zstd, gzip, br", &enc, &plain, 1, 1);
    check_roundtrip("deflate, zstd, gzip, br", &enc, &plain, 100000, 3);
    free(enc.p);
    free(plain.p);
}

TEST(stacked_codings_in_the_wrong_order_are_corrupt)
{
    buf plain = sample(5000);
    buf gz = encode(M_GZIP, &plain);
    buf both = encode(M_BR, &gz);

    check_fails("br, gzip", both.p, both.n, -1);
    free(both.p);
    free(gz.p);
    free(plain.p);
}

TEST(stacked_empty_inner_stream_is_complete)
{
    /* zstd of an empty gzip body: the gzip stage never sees a byte. */
    buf empty = {0};
    buf enc = encode(M_ZSTD, &empty);

    check_roundtrip("gzip, zstd", &enc, &empty, enc.n, 16);
    free(enc.p);
}

/* ---- several members and frames, data after the end ---- */

TEST(gzip_members_in_a_row_decode_as_one_like_gzip_d)
{
    buf a = sample(3000), b = sample(7000);
    buf ga = encode(M_GZIP, &a), gb = encode(M_GZIP, &b);
    buf both = cat(&ga, gb.p, gb.n), plain = cat(&a, b.p, b.n);

    check_roundtrip("gzip", &both, &plain, both.n, plain.n + 1);
    check_roundtrip("gzip", &both, &plain, 1, 1);
    free(both.p);
    free(plain.p);
    free(ga.p);
    free(gb.p);
    free(a.p);
    free(b.p);
}

TEST(gzip_member_after_the_end_was_reported_is_decoded)
{
    buf a = sample(3000);
    buf ga = encode(M_GZIP, &a);
    oi_decoder *d = NULL;
    char *out = malloc(a.n);
    size_t used, made;

    CHECK_INT(new_rc("gzip", NUL_TERMINATED, &d), 0);
    if (!d || !out) {
        free(out);
        return;
    }
    for (int i = 0; i < 2; i++) {
        CHECK_INT(oi_decoder_run(d, (char *)ga.p, ga.n, &used, out, a.n, &made), 1);
        CHECK_INT(used, ga.n);
        CHECK(made == a.n && memcmp(out, a.p, made) == 0);
    }
    CHECK_INT(oi_decoder_finish(d), 0);
    oi_decoder_free(d);
    free(out);
    free(ga.p);
    free(a.p);
}

TEST(garbage_after_a_gzip_member_is_corrupt)
{
    buf plain = sample(3000);
    buf enc = encode(M_GZIP, &plain);
    buf junk = cat(&enc, "junk", 4), zeros = cat(&enc, "\0\0\0\0", 4);
    result r = decode("gzip", junk.p, junk.n, junk.n, plain.n + 10, 0);

    /* What came before the garbage was delivered. */
    CHECK_INT(r.rc, -1);
    CHECK_INT(r.fin, -1);
    CHECK(same(&r.out, plain.p, plain.n));
    free(r.out.p);
    check_fails("gzip", zeros.p, zeros.n, -1);
    free(zeros.p);
    free(junk.p);
    free(enc.p);
    free(plain.p);
}

TEST(part_of_a_second_gzip_member_is_truncated)
{
    buf plain = sample(3000);
    buf enc = encode(M_GZIP, &plain);
    buf more = cat(&enc, enc.p, 12);
    result r = decode("gzip", more.p, more.n, more.n, plain.n + 10, 0);

    CHECK_INT(r.rc, 0);
    CHECK_INT(r.fin, -1);
    free(r.out.p);
    free(more.p);
    free(enc.p);
    free(plain.p);
}

TEST(data_after_a_deflate_or_br_stream_is_corrupt)
{
    static const method once[] = {M_ZLIB, M_RAW, M_BR};
    buf plain = sample(3000);

    for (size_t i = 0; i < sizeof once / sizeof once[0]; i++) {
        buf enc = encode(once[i], &plain);
        buf more = cat(&enc, "x", 1), twice = cat(&enc, enc.p, enc.n);
        check_fails(coding[once[i]], more.p, more.n, -1);
        check_fails(coding[once[i]], twice.p, twice.n, -1);
        free(twice.p);
        free(more.p);
        free(enc.p);
    }
    free(plain.p);
}

TEST(zstd_frames_in_a_row_decode_as_one_skippable_frames_too)
{
    /* A skippable frame: magic 0x184D2A50, 4-byte length, payload. */
    static const unsigned char skip[] = {0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 'n', 'o', 'p', 'e'};
    buf a = sample(3000), b = sample(9000);
    buf za = encode(M_ZSTD, &a), zb = encode(M_ZSTD, &b);
    buf with_skip = cat(&za, skip, sizeof skip);
    buf all = cat(&with_skip, zb.p, zb.n), plain = cat(&a, b.p, b.n);

    check_roundtrip("zstd", &all, &plain, all.n, plain.n + 1);
    check_roundtrip("zstd", &all, &plain, 1, 1);
    free(all.p);
    free(with_skip.p);
    free(plain.p);
    free(za.p);
    free(zb.p);
    free(a.p);
    free(b.p);
}

TEST(garbage_after_a_zstd_frame_is_corrupt)
{
    buf plain = sample(3000);
    buf enc = encode(M_ZSTD, &plain);
    buf junk = cat(&enc, "junkjunk", 8);

    check_fails("zstd", junk.p, junk.n, -1);
    free(junk.p);
    free(enc.p);
    free(plain.p);
}

/* libzstd judges an RLE block of size 0 one way when it decodes a whole
 * frame in one pass and another when it streams: the outcome of a body
 * must not depend on how the network splits it. */
TEST(odd_zstd_frames_end_alike_however_split)
{
    /* A frame whose last block, RLE of size 0, ends it, then a first byte
     * of another frame: truncated. */
    static const unsigned char cut[] = {0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00, 0x05, 0x00, 0x00, 0x28};
    /* Empty blocks, then an RLE block of size 0 in a frame of content size
     * 0, whose blocks may hold nothing: corrupt. */
    static const unsigned char empty[] = {0x28, 0xb5, 0x2f, 0xfd, 0x23, 0, 0, 0, 0, 0, 0, 0,
                                          0,    0,    0,    0,    0,    0, 0, 3, 0, 0, 0};
    size_t steps[] = {sizeof empty, 2, 1};

    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        result a = decode("zstd", cut, sizeof cut, steps[i], 64, 0);
        result b = decode("zstd", empty, sizeof empty, steps[i], 64, 0);
        CHECK_INT(a.rc, 0);
        CHECK_INT(a.fin, -1);
        CHECK_INT(a.out.n, 0);
        CHECK_INT(b.rc, -1);
        CHECK_INT(b.fin, -1);
        free(a.out.p);
        free(b.out.p);
    }
}

/* ---- corrupt and truncated input ---- */

TEST(garbage_is_corrupt_for_every_coding)
{
    unsigned char junk[64];

    memset(junk, 0xff, sizeof junk);
    for (method m = 0; m < M_COUNT; m++)
        check_fails(coding[m], junk, sizeof junk, -1);
    check_fails("gzip", "hello, world", 12, -1);
    check_fails("zstd", "hello, world", 12, -1);
}

TEST(check_values_catch_corrupt_data)
{
    buf plain = sample(20000);
    buf gz = encode(M_GZIP, &plain), zl = encode(M_ZLIB, &plain), zs = encode(M_ZSTD, &plain);

    gz.p[gz.n - 8] ^= 1; /* the CRC-32 */
    check_fails("gzip", gz.p, gz.n, -1);
    gz.p[gz.n - 8] ^= 1;
    gz.p[gz.n - 1] ^= 1; /* the length */
    check_fails("gzip", gz.p, gz.n, -1);
    zl.p[zl.n - 1] ^= 1; /* the Adler-32 */
    check_fails("deflate", zl.p, zl.n, -1);
    zs.p[zs.n - 1] ^= 1; /* the content checksum */
    check_fails("zstd", zs.p, zs.n, -1);
    free(gz.p);
    free(zl.p);
    free(zs.p);
    free(plain.p);
}

TEST(corrupt_data_in_the_middle_is_caught)
{
    buf plain = sample(20000);

    for (method m = 0; m < M_COUNT; m++) {
        buf enc = encode(m, &plain);
        /* Zero a stretch in the middle.  gzip, zlib and zstd would notice
         * by their checksums at the latest; raw deflate and brotli have
         * none, and fail here because their structure breaks. */
        memset(enc.p + enc.n / 2, 0, 64);
        check_fails(coding[m], enc.p, enc.n, -1);
        free(enc.p);
    }
    free(plain.p);
}

TEST(truncated_streams_end_incomplete)
{
    buf plain = sample(20000);

    for (method m = 0; m < M_COUNT; m++) {
        buf enc = encode(m, &plain);
        size_t cuts[] = {1, 2, enc.n / 2, enc.n - 1};
        for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
            result r = decode(coding[m], enc.p, cuts[i], cuts[i], plain.n, 0);
            CHECK_INT(r.rc, 0);
            CHECK_INT(r.consumed, cuts[i]);
            CHECK_INT(r.fin, -1);
            CHECK(r.out.n <= plain.n);
            CHECK(r.out.n == 0 || memcmp(r.out.p, plain.p, r.out.n) == 0);
            free(r.out.p);
        }
        free(enc.p);
    }
    free(plain.p);
}

TEST(empty_body_is_complete_for_every_coding)
{
    for (method m = 0; m < M_COUNT; m++) {
        oi_decoder *d = NULL;
        size_t used = 1, made = 1;
        char out[8];
        CHECK_INT(new_rc(coding[m], NUL_TERMINATED, &d), 0);
        if (!d)
            continue;
        /* Nothing to do is not the end: the body may still come. */
        CHECK_INT(oi_decoder_run(d, "", 0, &used, out, sizeof out, &made), 0);
        CHECK_INT(used, 0);
        CHECK_INT(made, 0);
        CHECK_INT(oi_decoder_finish(d), 0);
        oi_decoder_free(d);
    }
}

TEST(errors_are_final)
{
    oi_decoder *d = NULL;
    buf plain = sample(1000);
    buf enc = encode(M_GZIP, &plain);
    char out[2000];
    size_t used, made;

    CHECK_INT(new_rc("gzip", NUL_TERMINATED, &d), 0);
    if (!d)
        return;
    CHECK_INT(oi_decoder_run(d, "garbage", 7, &used, out, sizeof out, &made), -1);
    CHECK_INT(oi_decoder_run(d, (char *)enc.p, enc.n, &used, out, sizeof out, &made), -1);
    CHECK_INT(used, 0);
    CHECK_INT(made, 0);
    CHECK_INT(oi_decoder_finish(d), -1);
    oi_decoder_free(d);
    free(enc.p);
    free(plain.p);
}

/* ---- buffers and limits ---- */

TEST(full_output_returns_zero_with_the_buffer_filled)
{
    buf plain = sample(50000);

    for (method m = 0; m < M_COUNT; m++) {
        buf enc = encode(m, &plain);
        oi_decoder *d = NULL;
        char out[1000];
        size_t used, made;

        CHECK_INT(new_rc(coding[m], NUL_TERMINATED, &d), 0);
        if (d) {
            CHECK_INT(oi_decoder_run(d, (char *)enc.p, enc.n, &used, out, sizeof out, &made), 0);
            CHECK_INT(made, sizeof out);
            CHECK(memcmp(out, plain.p, sizeof out) == 0);
        }
        oi_decoder_free(d);
        free(enc.p);
    }
    free(plain.p);
}

TEST(empty_spans_may_be_null)
{
    oi_decoder *d = NULL;
    size_t used = 1, made = 1;

    CHECK_INT(new_rc("zstd", NUL_TERMINATED, &d), 0);
    if (!d)
        return;
    CHECK_INT(oi_decoder_run(d, NULL, 0, &used, NULL, 0, &made), 0);
    CHECK_INT(used, 0);
    CHECK_INT(made, 0);
    oi_decoder_free(d);
    oi_decoder_free(NULL);
}

TEST(output_limit_is_inclusive)
{
    buf plain = sample(30000);

    for (method m = 0; m < M_COUNT; m++) {
        buf enc = encode(m, &plain);
        result exact = decode(coding[m], enc.p, enc.n, enc.n, 4096, plain.n);
        result over = decode(coding[m], enc.p, enc.n, enc.n, 4096, plain.n - 1);
        CHECK_INT(exact.rc, 1);
        CHECK_INT(exact.fin, 0);
        CHECK(same(&exact.out, plain.p, plain.n));
        CHECK_INT(over.rc, -2);
        CHECK_INT(over.fin, -1);
        CHECK(same(&over.out, plain.p, plain.n - 1));
        free(exact.out.p);
        free(over.out.p);
        free(enc.p);
    }
    free(plain.p);
}

TEST(bombs_stop_at_the_limit)
{
    for (method m = 0; m < M_COUNT; m++) {
        const buf *b = bomb(m);
        result r = decode(coding[m], b->p, b->n, b->n, 64 * 1024, MIB);
        CHECK(b->n < BOMB_BYTES / 500); /* it is a bomb */
        CHECK_INT(r.rc, -2);
        CHECK_INT(r.fin, -1);
        CHECK_INT(r.out.n, MIB);
        CHECK(all_zero(&r.out));
        CHECK(r.consumed < b->n); /* it stopped early */
        free(r.out.p);
    }
}

TEST(stacked_bomb_stops_at_the_limit_a_byte_at_a_time)
{
    const buf *inner = bomb(M_GZIP);
    buf enc = encode(M_ZSTD, inner);
    result r = decode("gzip, zstd", enc.p, enc.n, 1, 1, 5000);

    CHECK_INT(r.rc, -2);
    CHECK_INT(r.out.n, 5000);
    CHECK(all_zero(&r.out));
    free(r.out.p);
    free(enc.p);
}

static long peak_rss_kib(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
#ifdef __APPLE__
    return ru.ru_maxrss / 1024; /* bytes there, KiB elsewhere */
#else
    return ru.ru_maxrss;
#endif
}

TEST(bombs_without_limit_decode_in_little_memory)
{
    /* Decoding 100 MiB must not hold it: the peak may grow by the codec
     * windows (at most 16 MiB for br), not by the output. */
    for (method m = 0; m < M_COUNT; m++) {
        const buf *b = bomb(m);
        long before = peak_rss_kib();
        oi_decoder *d = NULL;
        static char out[64 * 1024];
        size_t pos = 0, used, made, total = 0;
        int rc = 0;

        CHECK_INT(new_rc(coding[m], NUL_TERMINATED, &d), 0);
        if (!d)
            continue;
        while (rc == 0) {
            rc = oi_decoder_run(d, (char *)b->p + pos, b->n - pos, &used, out, sizeof out, &made);
            pos += used;
            total += made;
        }
        CHECK_INT(rc, 1);
        CHECK_INT(total, BOMB_BYTES);
        CHECK_INT(oi_decoder_finish(d), 0);
        oi_decoder_free(d);
#ifndef UNDER_ASAN
        CHECK(peak_rss_kib() - before < 24 * 1024);
#else
        (void)before;
#endif
    }
}

TEST(zstd_window_over_8_mib_is_refused)
{
    buf plain = sample(10000);
    buf small = {0}, large = {0};

    zstd_encode(23, plain.p, plain.n, 1, &small);
    zstd_encode(24, plain.p, plain.n, 1, &large);
    check_roundtrip("zstd", &small, &plain, small.n, plain.n + 1);
    check_fails("zstd", large.p, large.n, -1);
    free(small.p);
    free(large.p);
    free(plain.p);
}

int main(void)
{
    RUN(accept_names_every_coding);
    RUN(identity_and_empty_need_no_decoder);
    RUN(unknown_codings_are_refused);
    RUN(null_encoding_is_refused);
    RUN(more_than_four_codings_are_refused_identity_aside);
    RUN(coding_names_ignore_case_spaces_and_empty_elements);
    RUN(encoding_length_bounds_the_value);
    RUN(each_coding_decodes_in_one_shot);
    RUN(each_coding_decodes_a_byte_at_a_time_into_one_byte_buffers);
    RUN(each_coding_decodes_in_odd_sized_pieces);
    RUN(one_shot_encoders_output_decodes);
    RUN(raw_and_zlib_deflate_are_told_apart_from_two_bytes_split_over_calls);
    RUN(identity_in_a_list_is_skipped);
    RUN(gzip_then_br_is_undone_in_reverse);
    RUN(four_stacked_codings_decode);
    RUN(stacked_codings_in_the_wrong_order_are_corrupt);
    RUN(stacked_empty_inner_stream_is_complete);
    RUN(gzip_members_in_a_row_decode_as_one_like_gzip_d);
    RUN(gzip_member_after_the_end_was_reported_is_decoded);
    RUN(garbage_after_a_gzip_member_is_corrupt);
    RUN(part_of_a_second_gzip_member_is_truncated);
    RUN(data_after_a_deflate_or_br_stream_is_corrupt);
    RUN(zstd_frames_in_a_row_decode_as_one_skippable_frames_too);
    RUN(garbage_after_a_zstd_frame_is_corrupt);
    RUN(odd_zstd_frames_end_alike_however_split);
    RUN(garbage_is_corrupt_for_every_coding);
    RUN(check_values_catch_corrupt_data);
    RUN(corrupt_data_in_the_middle_is_caught);
    RUN(truncated_streams_end_incomplete);
    RUN(empty_body_is_complete_for_every_coding);
    RUN(errors_are_final);
    RUN(full_output_returns_zero_with_the_buffer_filled);
    RUN(empty_spans_may_be_null);
    RUN(output_limit_is_inclusive);
    RUN(bombs_stop_at_the_limit);
    RUN(stacked_bomb_stops_at_the_limit_a_byte_at_a_time);
    RUN(bombs_without_limit_decode_in_little_memory);
    RUN(zstd_window_over_8_mib_is_refused);
    for (method m = 0; m < M_COUNT; m++)
        free(bombs[m].p);
    return check_summary();
}
