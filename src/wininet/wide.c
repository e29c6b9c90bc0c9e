/* UTF-16 <-> UTF-8 for the W entry points.
 *
 * WinInet's W functions take UTF-16 and its A functions the "ANSI" code
 * page, which is UTF-8 here; one implementation serves both, working in
 * UTF-8, and the W forms convert on the way in and out.  Invalid input is
 * never an error, as with Windows' own conversions without
 * WC_ERR_INVALID_CHARS: a lone surrogate, or a UTF-8 sequence that is cut
 * short, over-long, a surrogate or above U+10FFFF, becomes U+FFFD, one per
 * maximal ill-formed subpart (Unicode 15, section 3.9), so that a URL with
 * a stray byte still cracks and its other parts keep their places. */
#include "wininet_internal.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT 0xFFFDu

size_t oi_wstrlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

size_t oi_wstrnlen(const WCHAR *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

/* ---- UTF-16 to UTF-8 ---- */

/* The code point at s[*i] (advancing *i), pairs joined, lone halves
 * replaced. */
static uint32_t next_utf16(const WCHAR *s, size_t n, size_t *i)
{
    uint32_t c = s[(*i)++];
    if (c < 0xD800 || c > 0xDFFF)
        return c;
    if (c <= 0xDBFF && *i < n && s[*i] >= 0xDC00 && s[*i] <= 0xDFFF)
        return 0x10000 + ((c - 0xD800) << 10) + (uint32_t)(s[(*i)++] - 0xDC00);
    return REPLACEMENT;
}

/* Write c as UTF-8 at out (if not NULL); returns its length. */
static size_t put_utf8(uint32_t c, char *out)
{
    unsigned char b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (unsigned char)c;
        n = 1;
    } else if (c < 0x800) {
        b[0] = (unsigned char)(0xC0 | (c >> 6));
        b[1] = (unsigned char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (c >> 12));
        b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | (c >> 18));
        b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (c & 0x3F));
        n = 4;
    }
    if (out)
        memcpy(out, b, n);
    return n;
}

size_t oi_utf16_to_utf8(const WCHAR *s, size_t n, char *out)
{
    size_t i = 0, len = 0;
    while (i < n)
        len += put_utf8(next_utf16(s, n, &i), out ? out + len : NULL);
    return len;
}

/* ---- UTF-8 to UTF-16 ---- */

/* The range the second byte of a sequence led by `lead` must fall in;
 * the tighter ranges after E0, ED, F0 and F4 exclude over-long forms,
 * surrogates and code points past U+10FFFF. */
static void second_byte_range(unsigned char lead, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (lead == 0xE0)
        *lo = 0xA0;
    else if (lead == 0xED)
        *hi = 0x9F;
    else if (lead == 0xF0)
        *lo = 0x90;
    else if (lead == 0xF4)
        *hi = 0x8F;
}

/* How many bytes follow a lead byte, or -1 if it cannot start a sequence. */
static int trail_count(unsigned char lead)
{
    if (lead < 0x80)
        return 0;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 1;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 2;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 3;
    return -1;
}

/* The code point at s[*i] (advancing *i); an ill-formed sequence gives
 * U+FFFD and advances past its maximal subpart only. */
static uint32_t next_utf8(const unsigned char *s, size_t n, size_t *i)
{
    unsigned char lead = s[(*i)++];
    int trail = trail_count(lead);
    if (trail <= 0)
        return trail == 0 ? lead : REPLACEMENT;
    uint32_t c = lead & (0x3Fu >> trail);
    unsigned char lo, hi;
    second_byte_range(lead, &lo, &hi);
    for (int k = 0; k < trail; k++) {
        if (*i >= n || s[*i] < lo || s[*i] > hi)
            return REPLACEMENT;
        c = (c << 6) | (s[(*i)++] & 0x3Fu);
        lo = 0x80;
        hi = 0xBF;
    }
    return c;
}

static size_t put_utf16(uint32_t c, WCHAR *out)
{
    if (c < 0x10000) {
        if (out)
            out[0] = (WCHAR)c;
        return 1;
    }
    if (out) {
        out[0] = (WCHAR)(0xD800 + ((c - 0x10000) >> 10));
        out[1] = (WCHAR)(0xDC00 + ((c - 0x10000) & 0x3FF));
    }
    return 2;
}

size_t oi_utf8_to_utf16(const char *s, size_t n, WCHAR *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, len = 0;
    while (i < n)
        len += put_utf16(next_utf8(u, n, &i), out ? out + len : NULL);
    return len;
}

/* ---- allocating forms ---- */

int oi_w2a(const WCHAR *s, size_t n, char **out, size_t *out_len)
{
    *out = NULL;
    if (!s)
        return 0;
    if (n == (size_t)-1)
        n = oi_wstrlen(s);
    size_t len = oi_utf16_to_utf8(s, n, NULL);
    char *a = oi_malloc(len + 1);
    if (!a)
        return -1;
    oi_utf16_to_utf8(s, n, a);
    a[len] = '\0';
    *out = a;
    if (out_len)
        *out_len = len;
    return 0;
}

int oi_a2w(const char *s, size_t n, WCHAR **out, size_t *out_len)
{
    *out = NULL;
    if (!s)
        return 0;
    if (n == (size_t)-1)
        n = strlen(s);
    size_t len = oi_utf8_to_utf16(s, n, NULL);
    WCHAR *w = oi_malloc((len + 1) * sizeof(WCHAR));
    if (!w)
        return -1;
    oi_utf8_to_utf16(s, n, w);
    w[len] = 0;
    *out = w;
    if (out_len)
        *out_len = len;
    return 0;
}
