/* Content-Encoding (gzip, deflate, br, zstd) undone between the body as
 * received and the caller's buffer, when OI_OPT_DECODING is on. */
#include "decode.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define OI_RAW_BUFFER 16384

typedef struct oi_decoding {
    oi_decoder *decoder;
    char raw[OI_RAW_BUFFER]; /* encoded bytes not decoded yet: raw[start..end) */
    size_t start, end;
    int raw_done; /* the encoded body is over */
    int done;     /* the decoded stream is over */
    char *out;    /* decoded bytes counted by available, not read yet */
    size_t out_start, out_end;
} oi_decoding;

oi_status oi_decoding_start(oi_request *r)
{
    const char *coding;
    size_t len;
    if (!oi_opt_int(&r->h, OI_OPTIDX_DECODING) ||
        oi_request_header(&r->h, "Content-Encoding", 0, &coding, &len) != OI_OK)
        return OI_OK;
    oi_decoder *d = NULL;
    uint64_t max = (uint64_t)oi_opt_int(&r->h, OI_OPTIDX_MAX_DECODED_SIZE);
    int rc = oi_decoder_new(coding, len, max, &d);
    if (rc == -1 || (rc == 0 && !d))
        return OI_OK; /* identity, or a coding we do not know: the raw bytes */
    if (rc == 0 && (r->decoding = oi_calloc(1, sizeof *r->decoding)))
        r->decoding->decoder = d;
    else
        oi_decoder_free(d);
    return r->decoding ? OI_OK : oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "decoding: out of memory");
}

void oi_decoding_free(oi_decoding *d)
{
    if (!d)
        return;
    oi_decoder_free(d->decoder);
    free(d->out);
    free(d);
}

static oi_status oi_decoding_failed(oi_request *r, int rc)
{
    r->keep_alive = 0;
    r->state = OI_REQ_FAILED;
    oi_request_release(r);
    if (rc == -2)
        return oi_fail(&r->h, OI_E_DECODED_TOO_LARGE, "decoded body from %s over %lld bytes",
                       r->host, oi_opt_int(&r->h, OI_OPTIDX_MAX_DECODED_SIZE));
    if (rc == -3)
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "decoding: out of memory");
    return oi_fail(&r->h, OI_E_DECODING_FAILED, "encoded body from %s is corrupt or truncated",
                   r->host);
}

/* The decoded stream ended.  Usually only framing remains of the encoded
 * body (the last chunk of a chunked one): read it so that the connection
 * can be reused.  Bytes after the stream cannot be trusted: close. */
static void oi_decoding_over(oi_request *r)
{
    r->decoding->done = 1;
    char extra;
    size_t n = 0;
    if (r->conn && !r->body.done && (oi_request_read_raw(r, &extra, 1, &n) != OI_OK || n != 0) &&
        r->conn) {
        r->keep_alive = 0;
        oi_request_release(r);
    }
}

/* Decode into buf; reads encoded bytes as needed.  *nread 0 at the end. */
static oi_status oi_decode_into(oi_request *r, char *buf, size_t len, size_t *nread)
{
    oi_decoding *d = r->decoding;
    *nread = 0;
    while (!d->done && len) {
        size_t used = 0, made = 0;
        int rc = oi_decoder_run(d->decoder, d->raw + d->start, d->end - d->start, &used, buf, len,
                                &made);
        d->start += used;
        if (rc < 0)
            return oi_decoding_failed(r, rc);
        if (rc == 1)
            oi_decoding_over(r);
        if (made) {
            *nread = made;
            return OI_OK;
        }
        if (d->done || used)
            continue;
        if (d->raw_done) {
            if (oi_decoder_finish(d->decoder) != 0)
                return oi_decoding_failed(r, -1);
            d->done = 1;
            break;
        }
        size_t got;
        oi_status st = oi_request_read_raw(r, d->raw, sizeof d->raw, &got);
        if (st != OI_OK)
            return st;
        d->start = 0;
        d->end = got;
        d->raw_done = got == 0;
    }
    return OI_OK;
}

oi_status oi_decoded_read(oi_request *r, char *buf, size_t len, size_t *nread)
{
    oi_decoding *d = r->decoding;
    if (d->out_start < d->out_end) {
        size_t n = d->out_end - d->out_start;
        n = n < len ? n : len;
        memcpy(buf, d->out + d->out_start, n);
        d->out_start += n;
        *nread = n;
        return OI_OK;
    }
    return oi_decode_into(r, buf, len, nread);
}

/* Decode ahead into our own buffer, so that the count is exact. */
oi_status oi_decoded_available(oi_request *r, size_t *avail)
{
    oi_decoding *d = r->decoding;
    if (d->out_start == d->out_end) {
        if (!d->out && !(d->out = oi_malloc(OI_RAW_BUFFER)))
            return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "decoding: out of memory");
        size_t n;
        oi_status st = oi_decode_into(r, d->out, OI_RAW_BUFFER, &n);
        if (st != OI_OK)
            return st;
        d->out_start = 0;
        d->out_end = n;
    }
    *avail = d->out_end - d->out_start;
    return OI_OK;
}
