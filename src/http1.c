/* HTTP/1.1 response heads (RFC 9112), parsed in place without allocation.
 *
 * The parser is strict: anything RFC 9112 does not allow is an error, with
 * three tolerances that real servers need: bare LF line ends, an absent
 * reason phrase (with or without the space before it), and obsolete line
 * folding, which is unfolded in place.  It is also restartable: the caller
 * re-parses the whole buffer as more bytes arrive, so every decision depends
 * only on the bytes seen, and in-place unfolding gives the same result when
 * it is seen again. */
#include "http1.h"

#include <limits.h>
#include <string.h>

/* Offsets are uint32_t and the result is a long: a longer buffer is parsed
 * only up to this bound (callers limit heads to far less). */
#define HEAD_MAX                                                                                   \
    ((size_t)((unsigned long)LONG_MAX < UINT32_MAX ? (unsigned long)LONG_MAX : UINT32_MAX))

/* RFC 9110 tchar: "!#$%&'*+-.^_`|~", digits and letters. */
static const unsigned char tchar_table[256] = {
    /* clang-format off */
    0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,
    /*  ! " # $ % & '  ( ) * + , - . / */
    0,1,0,1,1,1,1,1, 0,0,1,1,0,1,1,0,
    /* 0-9 : ; < = > ? */
    1,1,1,1,1,1,1,1, 1,1,0,0,0,0,0,0,
    /* @ A-O */
    0,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,
    /* P-Z [ \ ] ^ _ */
    1,1,1,1,1,1,1,1, 1,1,1,0,0,0,1,1,
    /* ` a-o */
    1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,
    /* p-z { | } ~ DEL */
    1,1,1,1,1,1,1,1, 1,1,1,0,1,0,1,0,
    /* 0x80-0xFF: none */
    /* clang-format on */
};

int oi_http1_is_tchar(unsigned char c)
{
    return tchar_table[c];
}

static unsigned char ascii_lower(unsigned char c)
{
    return (unsigned char)((unsigned)(c - 'A') < 26u ? c + ('a' - 'A') : c);
}

static int ascii_ieq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
            return 0;
    }
    return 1;
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Flags, in the high bit of each byte, the bytes of w that are control
 * characters or DEL (the classic "has a byte less than n" and "has a zero
 * byte" word tricks).  A borrow can flag a byte above a true hit, never
 * below one, so the lowest flag is exact. */
static uint64_t ctl_mask(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t del = w ^ (ones * 0x7f);
    return (((w - ones * 0x20) & ~w) | ((del - ones) & ~del)) & highs;
}

/* First byte in [p, end) that is a control character or DEL.  Field values
 * and reason phrases are mostly plain text, so test eight bytes at a time. */
static char *skip_text(char *p, const char *end)
{
    while (end - p >= 8) {
        uint64_t w, m;
        memcpy(&w, p, sizeof w);
        m = ctl_mask(w);
        if (m) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* The first byte in memory is the least significant one. */
            return p + (__builtin_ctzll(m) >> 3);
#else
            break;
#endif
        }
        p += 8;
    }
    while (p < end && (unsigned char)*p >= 0x20 && *p != 0x7f)
        p++;
    return p;
}

/* Scan a line of text (field value or reason phrase: HTAB, SP, VCHAR,
 * obs-text) from p.  On success (1), *eol is where the line's content ends
 * and *next is just past its LF.  0 means the line is not complete yet,
 * OI_PARSE_ERROR a forbidden byte, including a CR not followed by LF. */
static int scan_line(char *p, char *end, char **eol, char **next)
{
    for (;;) {
        p = skip_text(p, end);
        if (p == end)
            return OI_PARSE_INCOMPLETE;
        if (*p != '\t')
            break;
        p++;
    }
    *eol = p;
    if (*p == '\r') {
        if (++p == end)
            return OI_PARSE_INCOMPLETE;
        if (*p != '\n')
            return OI_PARSE_ERROR;
    } else if (*p != '\n') {
        return OI_PARSE_ERROR;
    }
    *next = p + 1;
    return 1;
}

/* "HTTP/1.x SSS[ reason]" up to its line end; *pp receives the start of
 * the next line. */
static int parse_status_line(char *buf, size_t len, oi_response_head *head, char **pp)
{
    static const char proto[] = "HTTP/1.";
    char *p, *eol;
    int r;

    /* Reject what is not HTTP/1 at once rather than wait for a whole line. */
    if (memcmp(buf, proto, len < 7 ? len : 7) != 0)
        return OI_PARSE_ERROR;
    if (len < 13)
        return OI_PARSE_INCOMPLETE;
    if ((unsigned)(buf[7] - '0') > 9 || buf[8] != ' ' || (unsigned)(buf[9] - '1') > 8 ||
        (unsigned)(buf[10] - '0') > 9 || (unsigned)(buf[11] - '0') > 9)
        return OI_PARSE_ERROR;
    /* A later HTTP/1.x speaks at least 1.1 (RFC 9110 section 6.2). */
    head->minor = buf[7] == '0' ? 0 : 1;
    head->status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
    p = buf + 12;
    if (*p == ' ')
        p++;
    else if (*p != '\r' && *p != '\n')
        return OI_PARSE_ERROR;
    r = scan_line(p, buf + len, &eol, pp);
    if (r <= 0)
        return r;
    head->reason_off = (uint32_t)(p - buf);
    head->reason_len = (uint32_t)(eol - p);
    return 1;
}

/* One "name: value" line at *pp, with any obsolete folds that continue
 * it; *pp advances to the next line. */
static int parse_field(char *buf, char **pp, char *end, oi_field *f)
{
    char *name = *pp, *p = name, *colon, *v, *eol, *next;
    int r;

    while (p < end && tchar_table[(unsigned char)*p])
        p++;
    if (p == end)
        return OI_PARSE_INCOMPLETE;
    /* Also rejects white space before the colon (RFC 9112 section 5.1) and
     * a fold with no field to continue. */
    if (*p != ':' || p == name)
        return OI_PARSE_ERROR;
    colon = p++;
    v = p;
    for (;;) {
        r = scan_line(p, end, &eol, &next);
        if (r <= 0)
            return r;
        /* Whether the next line folds into this one is unknown until its
         * first byte has arrived. */
        if (next == end)
            return OI_PARSE_INCOMPLETE;
        if (!is_ows(*next))
            break;
        /* Unfold in place so that the value stays one span (RFC 9112
         * section 5.2); a re-parse then sees an ordinary long line. */
        memset(eol, ' ', (size_t)(next - eol));
        p = next;
    }
    while (v < eol && is_ows(*v))
        v++;
    while (eol > v && is_ows(eol[-1]))
        eol--;
    f->name_off = (uint32_t)(name - buf);
    f->name_len = (uint32_t)(colon - name);
    f->value_off = (uint32_t)(v - buf);
    f->value_len = (uint32_t)(eol - v);
    *pp = next;
    return 1;
}

/* Field lines from p up to and including the empty line that ends them. */
static long parse_fields_from(char *buf, char *p, char *end, oi_field *fields, size_t max_fields,
                              size_t *nfields)
{
    size_t n = 0;
    int r;

    for (;;) {
        if (p == end)
            return OI_PARSE_INCOMPLETE;
        if (*p == '\r') {
            if (p + 1 == end)
                return OI_PARSE_INCOMPLETE;
            if (p[1] != '\n')
                return OI_PARSE_ERROR;
            p++;
        }
        if (*p == '\n')
            break;
        if (n == max_fields)
            return OI_PARSE_TOO_MANY;
        r = parse_field(buf, &p, end, &fields[n]);
        if (r <= 0)
            return r;
        n++;
    }
    *nfields = n;
    return (long)(p + 1 - buf);
}

long oi_http1_parse_response(char *buf, size_t len, oi_response_head *head, oi_field *fields,
                             size_t max_fields)
{
    char *p;
    int r;

    if (len == 0)
        return OI_PARSE_INCOMPLETE;
    if (len > HEAD_MAX)
        len = HEAD_MAX;
    r = parse_status_line(buf, len, head, &p);
    if (r <= 0)
        return r;
    return parse_fields_from(buf, p, buf + len, fields, max_fields, &head->nfields);
}

long oi_http1_parse_fields(char *buf, size_t len, oi_field *fields, size_t max_fields,
                           size_t *nfields)
{
    if (len == 0)
        return OI_PARSE_INCOMPLETE;
    if (len > HEAD_MAX)
        len = HEAD_MAX;
    return parse_fields_from(buf, buf, buf + len, fields, max_fields, nfields);
}

long oi_http1_find(const char *base, const oi_field *fields, size_t n, const char *name,
                   size_t name_len, size_t index)
{
    for (size_t i = 0; i < n; i++) {
        if (fields[i].name_len != name_len || !ascii_ieq(base + fields[i].name_off, name, name_len))
            continue;
        if (index-- == 0)
            return (long)i;
    }
    return -1;
}

/* Elements are compared whole, so "chunked;x=1" does not hold "chunked":
 * the lists this serves (Connection, Transfer-Encoding) have no quoted
 * commas, and a coding with parameters is not the bare coding. */
int oi_http1_has_token(const char *value, size_t len, const char *token)
{
    const char *p = value, *end;
    size_t token_len = strlen(token);

    if (len == 0)
        return 0;
    end = value + len;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *e = comma ? comma : end;
        while (p < e && is_ows(*p))
            p++;
        while (e > p && is_ows(e[-1]))
            e--;
        if (e > p && (size_t)(e - p) == token_len && ascii_ieq(p, token, token_len))
            return 1;
        p = comma ? comma + 1 : end;
    }
    return 0;
}
