/* Content decoding (RFC 9110 8.4.1): gzip, deflate, br and zstd, stacked as
 * a Content-Encoding lists them, streaming and sans-I/O.  The decoded size
 * is bounded so that a small body cannot expand without limit. */
#ifndef OI_DECODE_H
#define OI_DECODE_H

#include <stddef.h>
#include <stdint.h>

typedef struct oi_decoder oi_decoder;

/* The most non-identity codings one Content-Encoding may stack. */
#define OI_DECODER_MAX_CODINGS 4

/*
 * Make a decoder for encoding[0..len) ((size_t)-1: NUL-terminated), a
 * Content-Encoding value: a comma list of codings in the order they were
 * applied, which are undone in reverse order.  Tokens: gzip, x-gzip,
 * deflate, br, zstd, identity; case-insensitive; spaces, tabs and empty
 * list elements are ignored.  max_out bounds the decoded bytes (0: none).
 * Returns 0 with *out set (NULL when every coding is identity: pass the
 * bytes through), -1 an unknown coding or more than
 * OI_DECODER_MAX_CODINGS, -2 out of memory.
 *
 * deflate takes zlib-wrapped data (RFC 1950, what RFC 9110 means) and raw
 * deflate (what some servers send), told apart by the first two bytes as
 * browsers do.  A zstd frame may ask for a window of 8 MiB at most
 * (RFC 9659), so a decoder never holds more than about that much.
 */
int oi_decoder_new(const char *encoding, size_t len, uint64_t max_out, oi_decoder **out);

/*
 * Decode in[0..in_len) into out[0..out_len) (either may be NULL when its
 * length is 0).  *consumed and *produced say how many bytes were taken and
 * written, whatever the result.  It runs until the input is all consumed
 * or out is full, so a 0 return with *produced < out_len means that it
 * needs more input.  Returns
 *    0  progress made (or nothing to do); when out is full, *produced ==
 *       out_len and it must be called again, with the input not consumed;
 *    1  the stream ended: every coding is complete and all of the output
 *       was delivered.  gzip and zstd streams may go on with a further
 *       member or frame (as gzip -d and zstd -d accept), so input given
 *       after that is decoded; any other coding then fails with -1;
 *   -1  corrupt data (including data after the end of a deflate or br
 *       stream, or after a gzip member when it is not another member);
 *   -2  the decoded data would exceed max_out: *produced brings the total
 *       to exactly max_out, nothing more;
 *   -3  out of memory.
 * Errors are final: every later call returns the same one.
 */
int oi_decoder_run(oi_decoder *d, const char *in, size_t in_len, size_t *consumed, char *out,
                   size_t out_len, size_t *produced);

/* The input ended.  Returns 0 if the stream was complete (an empty body
 * counts as complete: servers label empty answers with their coding too),
 * -1 if it was truncated or decoding had failed. */
int oi_decoder_finish(oi_decoder *d);

void oi_decoder_free(oi_decoder *d);

/* The Accept-Encoding value naming every coding decoded here. */
const char *oi_decoder_accept(void);

#endif
