/* Base64 (RFC 4648) for Basic credentials. */
#include "internal.h"

#include <stdlib.h>

char *oi_base64(const char *src, size_t n)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *s = (const unsigned char *)src;
    char *out = oi_malloc((n + 2) / 3 * 4 + 1), *p = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        *p++ = digits[(v >> 18) & 63];
        *p++ = digits[(v >> 12) & 63];
        *p++ = i + 1 < n ? digits[(v >> 6) & 63] : '=';
        *p++ = i + 2 < n ? digits[v & 63] : '=';
    }
    *p = '\0';
    return out;
}
