/* Message body framing (RFC 9112 sections 6 and 7.1).
 *
 * The chunked decoder is a byte-level state machine for the framing lines,
 * so that input may be split anywhere, and hands out chunk data as spans of
 * the input without copying.  It stops exactly at the end of the body: what
 * follows belongs to the next response on the connection. */
#include "body.h"
#include "alloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Chunk sizes stay below 2^63 so that they fit an off_t or int64_t. */
#define CHUNK_SIZE_MAX UINT64_C(0x7fffffffffffffff)

enum chunked_state {
    CH_SIZE_FIRST, /* first hex digit of a chunk size */
    CH_SIZE,       /* more hex digits */
    CH_SIZE_BWS,   /* white space after the size: ';' or the line end next */
    CH_EXT,        /* chunk extensions, up to the line end */
    CH_SIZE_LF,    /* LF after the size line's CR */
    CH_DATA,       /* chunk data: remaining bytes */
    CH_DATA_CR,    /* CR or LF after the data */
    CH_DATA_LF,    /* LF after the data's CR */
    CH_TR_FIRST,   /* start of the trailer section */
    CH_TR_FIRST_LF,
    CH_TR_LINE_START, /* start of a line after a trailer field line */
    CH_TR_LINE,       /* inside a trailer field line */
    CH_TR_LINE_LF,
    CH_TR_END_LF /* LF of the empty line that ends the trailers */
};

void oi_body_init(oi_body *b, oi_body_mode mode, uint64_t length, size_t max_line,
                  size_t max_trailer)
{
    memset(b, 0, sizeof *b);
    b->mode = mode;
    b->max_line = max_line;
    b->max_trailer = max_trailer;
    b->state = CH_SIZE_FIRST;
    if (mode == OI_BODY_LENGTH)
        b->remaining = length;
    b->done = mode == OI_BODY_NONE || (mode == OI_BODY_LENGTH && length == 0);
}

void oi_body_free(oi_body *b)
{
    free(b->trailer);
    b->trailer = NULL;
    b->trailer_len = b->trailer_cap = 0;
}

static int hex_value(unsigned char c)
{
    if ((unsigned)(c - '0') < 10u)
        return c - '0';
    c |= 0x20;
    if ((unsigned)(c - 'a') < 6u)
        return c - 'a' + 10;
    return -1;
}

/* Bytes allowed in chunk extensions: HTAB, SP, VCHAR, obs-text. */
static int is_ext_byte(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static int size_line_end(oi_body *b)
{
    b->line_len = 0;
    b->state = b->remaining ? CH_DATA : CH_TR_FIRST;
    return 0;
}

/* One byte of a chunk-size line. */
static int size_line_byte(oi_body *b, unsigned char c)
{
    int h;

    if (b->state == CH_SIZE_LF)
        return c == '\n' ? size_line_end(b) : OI_BODY_ERROR;
    if (c == '\n' && b->state != CH_SIZE_FIRST)
        return size_line_end(b);
    if (c == '\r' && b->state != CH_SIZE_FIRST) {
        b->state = CH_SIZE_LF;
        return 0;
    }
    if (++b->line_len > b->max_line)
        return OI_BODY_TOO_LARGE;
    if (b->state == CH_EXT)
        return is_ext_byte(c) ? 0 : OI_BODY_ERROR;
    if (b->state != CH_SIZE_BWS) {
        h = hex_value(c);
        if (h >= 0) {
            if (b->remaining > CHUNK_SIZE_MAX >> 4)
                return OI_BODY_ERROR;
            b->remaining = b->remaining << 4 | (uint64_t)h;
            b->state = CH_SIZE;
            return 0;
        }
        if (b->state == CH_SIZE_FIRST)
            return OI_BODY_ERROR;
    }
    /* After the size: BWS, then extensions or the line end. */
    if (c == ' ' || c == '\t')
        b->state = CH_SIZE_BWS;
    else if (c == ';')
        b->state = CH_EXT;
    else
        return OI_BODY_ERROR;
    return 0;
}

/* One byte of the line end that follows chunk data. */
static int data_end_byte(oi_body *b, unsigned char c)
{
    if (c == '\n') {
        b->state = CH_SIZE_FIRST;
        return 0;
    }
    if (c == '\r' && b->state == CH_DATA_CR) {
        b->state = CH_DATA_LF;
        return 0;
    }
    return OI_BODY_ERROR;
}

static int trailer_append(oi_body *b, const char *p, size_t n)
{
    size_t need = b->trailer_len + n;

    if (n == 0)
        return 0;
    if (need > b->trailer_cap) {
        /* Field lines are bounded by max_trailer, the empty line by 2. */
        size_t cap = b->trailer_cap ? b->trailer_cap * 2 : 256;
        char *t;
        if (cap > b->max_trailer + 2)
            cap = b->max_trailer + 2;
        if (cap < need)
            cap = need;
        t = oi_realloc(b->trailer, cap);
        if (!t)
            return OI_BODY_NO_MEMORY;
        b->trailer = t;
        b->trailer_cap = cap;
    }
    memcpy(b->trailer + b->trailer_len, p, n);
    b->trailer_len = need;
    return 0;
}

/* One byte of the trailer section.  line_len counts the bytes of field
 * lines, which max_trailer bounds. */
static int trailer_byte(oi_body *b, unsigned char c)
{
    switch (b->state) {
    case CH_TR_FIRST:
    case CH_TR_LINE_START:
        if (c == '\n') {
            b->done = 1;
            return 0;
        }
        if (c == '\r') {
            b->state = b->state == CH_TR_FIRST ? CH_TR_FIRST_LF : CH_TR_END_LF;
            return 0;
        }
        b->state = CH_TR_LINE;
        break;
    case CH_TR_FIRST_LF:
    case CH_TR_END_LF:
        if (c != '\n')
            return OI_BODY_ERROR;
        b->done = 1;
        return 0;
    case CH_TR_LINE:
        if (c == '\n')
            b->state = CH_TR_LINE_START;
        else if (c == '\r')
            b->state = CH_TR_LINE_LF;
        break;
    default: /* CH_TR_LINE_LF */
        if (c != '\n')
            return OI_BODY_ERROR;
        b->state = CH_TR_LINE_START;
        break;
    }
    return ++b->line_len > b->max_trailer ? OI_BODY_TOO_LARGE : 0;
}

/* Trailer bytes from in[pos..len); returns the new position or an error.
 * An empty trailer section, by far the most common, is not stored, so that
 * a chunked body costs no allocation: trailer stays NULL. */
static long trailer_run(oi_body *b, const char *in, size_t len, size_t pos)
{
    size_t start = pos;
    int r;

    while (pos < len && !b->done) {
        int first = b->state == CH_TR_FIRST || b->state == CH_TR_FIRST_LF;
        r = trailer_byte(b, (unsigned char)in[pos++]);
        if (r < 0)
            return r;
        if (first && b->state != CH_TR_LINE)
            start = pos;
    }
    r = trailer_append(b, in + start, pos - start);
    return r < 0 ? r : (long)pos;
}

static long chunked_decode(oi_body *b, const char *in, size_t len, size_t max_data,
                           const char **data, size_t *data_len)
{
    size_t pos = 0;
    int r;

    while (pos < len && !b->done) {
        switch (b->state) {
        case CH_DATA: {
            /* One span per call; stop at the data when it cannot be taken. */
            size_t n = len - pos;
            if (*data_len || max_data == 0)
                return (long)pos;
            if (n > max_data)
                n = max_data;
            if (n > b->remaining)
                n = (size_t)b->remaining;
            *data = in + pos;
            *data_len = n;
            pos += n;
            b->remaining -= n;
            if (b->remaining == 0)
                b->state = CH_DATA_CR;
            continue;
        }
        case CH_DATA_CR:
        case CH_DATA_LF:
            r = data_end_byte(b, (unsigned char)in[pos++]);
            break;
        case CH_SIZE_FIRST:
        case CH_SIZE:
        case CH_SIZE_BWS:
        case CH_EXT:
        case CH_SIZE_LF:
            r = size_line_byte(b, (unsigned char)in[pos++]);
            break;
        default: {
            long p = trailer_run(b, in, len, pos);
            if (p < 0)
                return p;
            pos = (size_t)p;
            continue;
        }
        }
        if (r < 0)
            return r;
    }
    return (long)pos;
}

long oi_body_decode(oi_body *b, const char *in, size_t len, size_t max_data, const char **data,
                    size_t *data_len)
{
    size_t n;

    *data = in;
    *data_len = 0;
    if (b->done)
        return 0;
    /* The result is a long: never take more than it can report. */
    if (len > LONG_MAX)
        len = LONG_MAX;
    if (b->mode == OI_BODY_CHUNKED)
        return chunked_decode(b, in, len, max_data, data, data_len);
    n = len < max_data ? len : max_data;
    if (b->mode == OI_BODY_LENGTH) {
        if (n > b->remaining)
            n = (size_t)b->remaining;
        b->remaining -= n;
        b->done = b->remaining == 0;
    }
    *data_len = n;
    return (long)n;
}

uint64_t oi_body_direct(const oi_body *b)
{
    if (b->done)
        return 0;
    if (b->mode == OI_BODY_CLOSE)
        return SIZE_MAX;
    if (b->mode == OI_BODY_CHUNKED && b->state != CH_DATA)
        return 0;
    return b->remaining;
}

void oi_body_skip_data(oi_body *b, size_t n)
{
    uint64_t direct = oi_body_direct(b);

    /* More than oi_body_direct allowed is a caller bug; never let the
     * counters wrap because of it. */
    if (n > direct)
        n = (size_t)direct;
    if (n == 0 || b->mode == OI_BODY_CLOSE)
        return;
    b->remaining -= n;
    if (b->remaining > 0)
        return;
    if (b->mode == OI_BODY_LENGTH)
        b->done = 1;
    else
        b->state = CH_DATA_CR;
}

int oi_body_eof(oi_body *b)
{
    if (b->mode == OI_BODY_CLOSE)
        b->done = 1;
    return b->done ? 0 : OI_BODY_ERROR;
}
