/* HTTP/1.1 message heads (RFC 9112), sans-I/O: parse a response head that
 * sits in a buffer, never touching a socket and never allocating. */
#ifndef OI_HTTP1_H
#define OI_HTTP1_H

#include <stddef.h>
#include <stdint.h>

/* A header field as offsets into the buffer that was parsed, so that the
 * buffer can be copied or moved without fixing pointers. */
typedef struct oi_field {
    uint32_t name_off, name_len;
    uint32_t value_off, value_len; /* value without leading/trailing SP/HTAB */
} oi_field;

typedef struct oi_response_head {
    int minor;  /* HTTP/1.<minor>: 0 or 1 */
    int status; /* 100..999 */
    uint32_t reason_off, reason_len;
    size_t nfields;
} oi_response_head;

/* Results of the parsers besides a positive length. */
#define OI_PARSE_INCOMPLETE 0
#define OI_PARSE_ERROR      (-1) /* malformed */
#define OI_PARSE_TOO_MANY   (-2) /* more fields than max_fields */

/*
 * Parse a response head at buf[0..len).  Returns the length of the head
 * including the empty line that ends it (> 0), OI_PARSE_INCOMPLETE when the
 * head is not complete yet, or OI_PARSE_ERROR / OI_PARSE_TOO_MANY.
 * Lines end in CRLF or a bare LF.  Obsolete line folding (CRLF followed by
 * SP or HTAB inside a field) is replaced in place by spaces, so buf is
 * modified.  fields[0..head->nfields) receive the header fields.
 */
long oi_http1_parse_response(char *buf, size_t len, oi_response_head *head, oi_field *fields,
                             size_t max_fields);

/*
 * Parse a block of header fields ending with an empty line (a chunked
 * trailer section, for instance) at buf[0..len).  Same results and rules
 * as oi_http1_parse_response; *nfields receives the count.
 */
long oi_http1_parse_fields(char *buf, size_t len, oi_field *fields, size_t max_fields,
                           size_t *nfields);

/* Index in fields[0..n) of the index-th field named `name` (ASCII case-
 * insensitive), or -1. */
long oi_http1_find(const char *base, const oi_field *fields, size_t n, const char *name,
                   size_t name_len, size_t index);

/* 1 if the comma-separated list in value[0..len) holds `token` (case-
 * insensitive, white space around elements ignored), else 0. */
int oi_http1_has_token(const char *value, size_t len, const char *token);

/* Is c a token character (RFC 9110 tchar)? */
int oi_http1_is_tchar(unsigned char c);

#endif
