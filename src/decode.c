/* Content decoding.  Each coding to undo is a stage: the first reads the
 * caller's input, each later one reads what the stage before left in that
 * stage's buffer, and the last writes into the caller's buffer.  zlib,
 * brotli and zstd keep their own windows, so the buffers between stages are
 * the only memory of ours, allocated with the decoder in one block; no call
 * after oi_decoder_new allocates anything here. */
#define ZLIB_CONST
#include "decode.h"
#include "alloc.h"

#include <brotli/decode.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

/* Between stacked stages; stacking is rare, so small is enough. */
#define STAGE_BUF (16 * 1024)

/* RFC 9659: zstd content is encoded with windows of at most 8 MiB, which
 * caps what a hostile frame header can make us allocate. */
#define ZSTD_WINDOW_LOG_MAX 23

typedef enum coding { CODING_IDENTITY, CODING_GZIP, CODING_DEFLATE, CODING_BR, CODING_ZSTD } coding;

/* Results of one stage, in the numbering of oi_decoder_run. */
enum { ST_OK = 0, ST_CORRUPT = -1, ST_OVER_LIMIT = -2, ST_NO_MEMORY = -3 };

typedef struct stage {
    coding kind;
    int ended; /* the stream is complete here (gzip and zstd may go on) */
    int fed;   /* it has been given input */
    /* deflate: the first two bytes tell zlib-wrapped from raw; a first byte
     * that arrives alone is held until the second one comes. */
    int sniffed, held;
    unsigned char first;
    /* zstd: the current frame's first bytes (its header, 18 at most) and
     * its output so far, to hold the frame to the size it declares. */
    unsigned char zhead[18];
    size_t zhead_len;
    unsigned long long zmade;
    union {
        z_stream z;
        BrotliDecoderState *br;
        ZSTD_DCtx *zstd;
    } u;
    unsigned char *buf; /* output for the next stage (NULL for the last) */
    size_t start, end;  /* buf[start..end) is not read yet */
} stage;

struct oi_decoder {
    int n;      /* stages, st[0] undoing the coding applied last */
    int status; /* 0, or the error every call returns from now on */
    uint64_t max_out, total_out;
    stage st[OI_DECODER_MAX_CODINGS];
    unsigned char bufs[]; /* (n - 1) * STAGE_BUF */
};

/* One decoder call: in[0..in_len) to out[0..out_len), how much of each. */
typedef struct io {
    const unsigned char *in;
    size_t in_len, used;
    unsigned char *out;
    size_t out_len, made;
} io;

/* ---- parsing Content-Encoding ---- */

/* By hand rather than <ctype.h>, whose answers depend on the locale. */
static char to_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* One list element: its coding, or -1 when unknown.  Empty means none. */
static int coding_of(const char *p, size_t n)
{
    static const struct {
        const char *name;
        coding kind;
    } names[] = {{"gzip", CODING_GZIP}, {"x-gzip", CODING_GZIP}, {"deflate", CODING_DEFLATE},
                 {"br", CODING_BR},     {"zstd", CODING_ZSTD},   {"identity", CODING_IDENTITY},
                 {"", CODING_IDENTITY}};

    while (n > 0 && is_ows(*p))
        p++, n--;
    while (n > 0 && is_ows(p[n - 1]))
        n--;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t k = 0;
        if (strlen(names[i].name) != n)
            continue;
        while (k < n && to_lower(p[k]) == names[i].name[k])
            k++;
        if (k == n)
            return (int)names[i].kind;
    }
    return -1;
}

/* Fill kinds[] with the codings to undo, in the order to undo them (the
 * reverse of the list).  Returns how many, or -1. */
static int parse_codings(const char *s, size_t len, coding kinds[OI_DECODER_MAX_CODINGS])
{
    const char *end = s + len;
    int n = 0;

    for (;;) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        int kind = coding_of(s, (size_t)((comma ? comma : end) - s));
        if (kind < 0)
            return -1;
        if (kind != CODING_IDENTITY) {
            if (n == OI_DECODER_MAX_CODINGS)
                return -1;
            kinds[n++] = (coding)kind;
        }
        if (!comma)
            break;
        s = comma + 1;
    }
    for (int i = 0; i < n / 2; i++) {
        coding t = kinds[i];
        kinds[i] = kinds[n - 1 - i];
        kinds[n - 1 - i] = t;
    }
    return n;
}

/* ---- the codings ---- */

static int stage_init(stage *s, coding kind)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
    switch (kind) {
    case CODING_GZIP:
        return inflateInit2(&s->u.z, 16 + MAX_WBITS) == Z_OK ? 0 : -1;
    case CODING_DEFLATE: /* zlib-wrapped until the first bytes say raw */
        return inflateInit2(&s->u.z, MAX_WBITS) == Z_OK ? 0 : -1;
    case CODING_BR:
        s->u.br = BrotliDecoderCreateInstance(NULL, NULL, NULL);
        return s->u.br ? 0 : -1;
    default:
        s->u.zstd = ZSTD_createDCtx();
        if (!s->u.zstd)
            return -1;
        /* Cannot fail: the value is within zstd's bounds. */
        (void)ZSTD_DCtx_setParameter(s->u.zstd, ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG_MAX);
        return 0;
    }
}

static void stage_free(stage *s)
{
    switch (s->kind) {
    case CODING_GZIP:
    case CODING_DEFLATE:
        inflateEnd(&s->u.z);
        break;
    case CODING_BR:
        BrotliDecoderDestroyInstance(s->u.br);
        break;
    default:
        ZSTD_freeDCtx(s->u.zstd);
        break;
    }
}

static int zlib_step(stage *s, io *x)
{
    z_stream *z = &s->u.z;
    uInt in_n = x->in_len > UINT_MAX ? UINT_MAX : (uInt)x->in_len;
    uInt out_n = x->out_len > UINT_MAX ? UINT_MAX : (uInt)x->out_len;
    int rc;

    z->next_in = x->in;
    z->avail_in = in_n;
    z->next_out = x->out;
    z->avail_out = out_n;
    rc = inflate(z, Z_NO_FLUSH);
    x->used = in_n - z->avail_in;
    x->made = out_n - z->avail_out;
    switch (rc) {
    case Z_STREAM_END:
        s->ended = 1;
        return ST_OK;
    case Z_OK:
    case Z_BUF_ERROR: /* no progress possible until more input comes */
        return ST_OK;
    case Z_MEM_ERROR:
        return ST_NO_MEMORY;
    default: /* Z_DATA_ERROR; Z_NEED_DICT: HTTP has no preset dictionaries */
        return ST_CORRUPT;
    }
}

/* RFC 1950: method 8 (deflate), a window of at most 32 KiB, and the two
 * bytes together a multiple of 31.  Raw deflate from zlib never matches:
 * its first byte would need a stored block with nonzero padding bits. */
static int is_zlib_header(unsigned char cmf, unsigned char flg)
{
    return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && (((unsigned)cmf << 8) | flg) % 31 == 0;
}

/* RFC 9110 means zlib-wrapped deflate; some servers send it raw.  Like
 * browsers, read the first two bytes to tell which. */
static int deflate_step(stage *s, io *x)
{
    if (!s->sniffed) {
        unsigned char second;
        if (x->in_len == 0)
            return ST_OK;
        if (!s->held && x->in_len == 1) {
            s->first = x->in[0];
            s->held = 1;
            x->used = 1;
            return ST_OK;
        }
        if (!s->held)
            s->first = x->in[0];
        second = s->held ? x->in[0] : x->in[1];
        s->sniffed = 1;
        if (!is_zlib_header(s->first, second))
            inflateReset2(&s->u.z, -MAX_WBITS);
        if (s->held) {
            /* One byte never completes a header or a symbol, so zlib takes
             * it whole and writes nothing: no output room is needed. */
            io one = {&s->first, 1, 0, x->out, 0, 0};
            int rc = zlib_step(s, &one);
            if (rc != ST_OK)
                return rc;
        }
    }
    return zlib_step(s, x);
}

static int br_step(stage *s, io *x)
{
    const uint8_t *next_in = x->in;
    uint8_t *next_out = x->out;
    size_t avail_in = x->in_len, avail_out = x->out_len;
    BrotliDecoderResult r;
    BrotliDecoderErrorCode e;

    r = BrotliDecoderDecompressStream(s->u.br, &avail_in, &next_in, &avail_out, &next_out, NULL);
    x->used = x->in_len - avail_in;
    x->made = x->out_len - avail_out;
    if (r == BROTLI_DECODER_RESULT_SUCCESS)
        s->ended = 1;
    if (r != BROTLI_DECODER_RESULT_ERROR)
        return ST_OK;
    e = BrotliDecoderGetErrorCode(s->u.br);
    return (e <= BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES &&
            e >= BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES)
               ? ST_NO_MEMORY
               : ST_CORRUPT;
}

/* RFC 8878 frames only: 28 b5 2f fd, or a skippable frame's 5? 2a 4d 18,
 * as far as the frame has come.  The legacy formats (first byte 0x22 to
 * 0x27) that libzstd may still read are no content coding; a frame's
 * first byte goes in alone, so they end here before libzstd reads more. */
static int zstd_magic_ok(const stage *s)
{
    static const unsigned char frame[4] = {0x28, 0xb5, 0x2f, 0xfd}, skip[4] = {0, 0x2a, 0x4d, 0x18};
    int skippable = (s->zhead[0] & 0xf0) == 0x50;
    const unsigned char *want = skippable ? skip : frame;
    for (size_t i = skippable ? 1 : 0; i < s->zhead_len && i < 4; i++)
        if (s->zhead[i] != want[i])
            return 0;
    return 1;
}

/* Keep the first bytes of the frame that the decoder consumed. */
static void zstd_keep_head(stage *s, const io *x)
{
    size_t room = sizeof s->zhead - s->zhead_len;
    size_t take = x->used < room ? x->used : room;
    memcpy(s->zhead + s->zhead_len, x->in, take);
    s->zhead_len += take;
    s->zmade += x->made;
}

/* A frame that ends short of (or past) its declared content size is
 * corrupt; libzstd notices only in some ways of feeding it. */
static int zstd_frame_size_ok(stage *s)
{
    unsigned long long want = ZSTD_getFrameContentSize(s->zhead, s->zhead_len);
    int ok = (s->zhead[0] & 0xf0) == 0x50 || want == ZSTD_CONTENTSIZE_UNKNOWN ||
             want == ZSTD_CONTENTSIZE_ERROR || want == s->zmade;
    s->zhead_len = 0;
    s->zmade = 0;
    return ok;
}

static int zstd_step(stage *s, io *x)
{
    /* A frame's first byte goes in alone.  Handed a whole frame at once,
     * libzstd decodes it in one pass that judges some odd frames (RLE
     * blocks of size 0) otherwise than its streaming decoder does, and the
     * outcome must not depend on where the network split the body. */
    size_t take = s->zhead_len == 0 && x->in_len > 1 ? 1 : x->in_len;
    ZSTD_inBuffer in = {x->in, take, 0};
    ZSTD_outBuffer out = {x->out, x->out_len, 0};
    size_t rc = ZSTD_decompressStream(s->u.zstd, &out, &in);

    x->used = in.pos;
    x->made = out.pos;
    if (ZSTD_isError(rc))
        return ZSTD_getErrorCode(rc) == ZSTD_error_memory_allocation ? ST_NO_MEMORY : ST_CORRUPT;
    zstd_keep_head(s, x);
    if (!zstd_magic_ok(s))
        return ST_CORRUPT;
    s->ended = rc == 0; /* 0: a frame is complete and flushed */
    if (s->ended && !zstd_frame_size_ok(s))
        return ST_CORRUPT;
    return ST_OK;
}

static int step(stage *s, io *x)
{
    switch (s->kind) {
    case CODING_GZIP:
        return zlib_step(s, x);
    case CODING_DEFLATE:
        return deflate_step(s, x);
    case CODING_BR:
        return br_step(s, x);
    default:
        return zstd_step(s, x);
    }
}

/* Input after the end of a stream: gzip -d reads another member, zstd
 * another frame (it starts one by itself); for the others it is garbage. */
static int restart(stage *s)
{
    switch (s->kind) {
    case CODING_GZIP:
        inflateReset(&s->u.z);
        break;
    case CODING_ZSTD:
        break;
    default:
        return ST_CORRUPT;
    }
    s->ended = 0;
    return ST_OK;
}

/* ---- the pipeline ---- */

/* The caller's side of one oi_decoder_run. */
typedef struct call {
    const unsigned char *in;
    size_t in_len, consumed;
    unsigned char *out;
    size_t out_len, produced;
    int moved; /* some stage took or gave bytes in this round */
} call;

/* Where the last stage may write.  At the limit it decodes into a one-byte
 * probe: a byte there means the data goes on past max_out. */
static void final_window(oi_decoder *d, call *c, unsigned char *probe, io *x)
{
    uint64_t left = d->max_out ? d->max_out - d->total_out : UINT64_MAX;
    size_t room = c->out_len - c->produced;

    if (left == 0) {
        x->out = probe;
        x->out_len = 1;
    } else {
        x->out = c->out + c->produced;
        x->out_len = room < left ? room : (size_t)left;
    }
}

/* Run stage i once, from what it may read to where it may write. */
static int pump(oi_decoder *d, int i, call *c)
{
    stage *s = &d->st[i], *up = i > 0 ? &d->st[i - 1] : NULL;
    int last = i == d->n - 1;
    unsigned char probe;
    io x = {0};
    int rc;

    x.in = up ? up->buf + up->start : c->in + c->consumed;
    x.in_len = up ? up->end - up->start : c->in_len - c->consumed;
    if (s->ended && x.in_len == 0)
        return ST_OK;
    if (s->ended && (rc = restart(s)) != ST_OK)
        return rc;
    if (last) {
        final_window(d, c, &probe, &x);
    } else {
        if (s->start == s->end)
            s->start = s->end = 0;
        x.out = s->buf + s->end;
        x.out_len = STAGE_BUF - s->end;
    }
    if (x.out_len == 0)
        return ST_OK;
    rc = step(s, &x);
    s->fed |= x.used > 0;
    c->moved |= x.used > 0 || x.made > 0;
    if (up)
        up->start += x.used;
    else
        c->consumed += x.used;
    if (!last) {
        s->end += x.made;
    } else if (x.out == &probe) {
        if (x.made > 0)
            return ST_OVER_LIMIT;
    } else {
        c->produced += x.made;
        d->total_out += x.made;
    }
    return rc;
}

/* Every stream complete and nothing left between stages.  A stage that
 * was never fed is complete when nothing will come any more: always for
 * the later stages (the one before ended empty), and for the first only
 * once the input has ended. */
static int complete(const oi_decoder *d, int input_ended)
{
    for (int i = 0; i < d->n; i++) {
        const stage *s = &d->st[i];
        if (!s->ended && (s->fed || (i == 0 && !input_ended)))
            return 0;
        if (s->start != s->end)
            return 0;
    }
    return 1;
}

int oi_decoder_new(const char *encoding, size_t len, uint64_t max_out, oi_decoder **out)
{
    coding kinds[OI_DECODER_MAX_CODINGS];
    oi_decoder *d;
    int n;

    *out = NULL;
    if (!encoding)
        return -1;
    if (len == (size_t)-1)
        len = strlen(encoding);
    n = parse_codings(encoding, len, kinds);
    if (n <= 0)
        return n;
    d = oi_malloc(sizeof *d + (size_t)(n - 1) * STAGE_BUF);
    if (!d)
        return -2;
    d->n = 0;
    d->status = 0;
    d->max_out = max_out;
    d->total_out = 0;
    for (int i = 0; i < n; i++) {
        /* The libraries fail to start only for want of memory. */
        if (stage_init(&d->st[i], kinds[i]) != 0) {
            oi_decoder_free(d);
            return -2;
        }
        d->n++;
        d->st[i].buf = i < n - 1 ? d->bufs + (size_t)i * STAGE_BUF : NULL;
    }
    *out = d;
    return 0;
}

int oi_decoder_run(oi_decoder *d, const char *in, size_t in_len, size_t *consumed, char *out,
                   size_t out_len, size_t *produced)
{
    /* Empty spans may come as NULL; point them somewhere so that no
     * arithmetic is ever done on a null pointer. */
    static const char no_input[1];
    char no_output[1];
    call c = {(const unsigned char *)(in ? in : no_input),
              in ? in_len : 0,
              0,
              (unsigned char *)(out ? out : no_output),
              out ? out_len : 0,
              0,
              0};
    int rc = d->status;

    /* Rounds through every stage until bytes stop moving: each round
     * either moves some or ends the call, so it never spins. */
    while (rc == ST_OK) {
        c.moved = 0;
        for (int i = 0; i < d->n && rc == ST_OK; i++)
            rc = pump(d, i, &c);
        if (!c.moved)
            break;
    }
    d->status = rc;
    *consumed = c.consumed;
    *produced = c.produced;
    if (rc != ST_OK)
        return rc;
    return c.consumed == c.in_len && complete(d, 0) ? 1 : 0;
}

int oi_decoder_finish(oi_decoder *d)
{
    return d->status == ST_OK && complete(d, 1) ? 0 : -1;
}

void oi_decoder_free(oi_decoder *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->n; i++)
        stage_free(&d->st[i]);
    free(d);
}

const char *oi_decoder_accept(void)
{
    return "gzip, deflate, br, zstd";
}
