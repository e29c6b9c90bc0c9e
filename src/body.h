/* Message body framing (RFC 9112 section 6 and 7.1), sans-I/O: turns the
 * bytes that follow a head into body data, whatever the framing. */
#ifndef OI_BODY_H
#define OI_BODY_H

#include <stddef.h>
#include <stdint.h>

typedef enum oi_body_mode {
    OI_BODY_NONE,    /* no body (HEAD, 1xx, 204, 304, Content-Length: 0) */
    OI_BODY_LENGTH,  /* Content-Length bytes */
    OI_BODY_CHUNKED, /* chunked transfer coding */
    OI_BODY_CLOSE    /* until the server closes the connection */
} oi_body_mode;

typedef struct oi_body {
    oi_body_mode mode;
    int done;           /* the body ended; for CHUNKED, after the trailers */
    uint64_t remaining; /* LENGTH: bytes left; CHUNKED: bytes left in this chunk */
    int state;          /* chunked decoder state, private */
    size_t line_len;    /* length of the framing line being read, private */
    size_t max_line;    /* longest chunk-size line (with extensions) accepted */
    size_t max_trailer; /* most trailer bytes accepted */
    /* CHUNKED: the raw trailer section (field lines and the final empty line,
     * line ends as received), collected here; owned, free with oi_body_free.
     * NULL and 0 when the body has no trailer fields.  max_trailer counts
     * the field lines only; max_line excludes the line end. */
    char *trailer;
    size_t trailer_len, trailer_cap;
} oi_body;

/* Results besides a length. */
#define OI_BODY_ERROR     (-1) /* bad framing: chunk size, missing CRLF... */
#define OI_BODY_TOO_LARGE (-2) /* a framing line or the trailers over a limit */
#define OI_BODY_NO_MEMORY (-3)

void oi_body_init(oi_body *b, oi_body_mode mode, uint64_t length, size_t max_line,
                  size_t max_trailer);
void oi_body_free(oi_body *b);

/*
 * Decode the framing in in[0..len).  Returns how many input bytes were
 * consumed (>= 0) or an OI_BODY_* error.  *data and *data_len receive the
 * span of body bytes found, which lies inside in[0..consumed) and is at
 * most max_data long (it may be empty).  Consumes nothing past the end of
 * the body.  Returning 0 with done unset means more input is needed.
 * Call again with the rest of the input until it returns 0.
 */
long oi_body_decode(oi_body *b, const char *in, size_t len, size_t max_data, const char **data,
                    size_t *data_len);

/*
 * How many of the next input bytes are pure body data (the rest of this
 * chunk or of the Content-Length, SIZE_MAX for CLOSE, 0 when a framing line
 * comes next or at the end).  A reader may receive that many bytes straight
 * into the caller's buffer and then report them with oi_body_skip_data.
 */
uint64_t oi_body_direct(const oi_body *b);
void oi_body_skip_data(oi_body *b, size_t n);

/* The connection ended (EOF).  Returns 0 if that is a clean end of this
 * body (CLOSE mode, or already done), else OI_BODY_ERROR (truncated). */
int oi_body_eof(oi_body *b);

#endif
