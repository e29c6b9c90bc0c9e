#include "version.h"

#include <brotli/decode.h>
#include <libpsl.h>
#include <openssl/crypto.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <zlib.h>
#include <zstd.h>

#include "openinet.h"

/* Any libc header defines __GLIBC__ on glibc; only there is the call. */
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

static const char *openssl_version(void)
{
    return OpenSSL_version(OPENSSL_VERSION_STRING);
}

/* Brotli gives one number: major << 24 | minor << 12 | patch. */
static const char *brotli_version(void)
{
    static char text[32];
    uint32_t v = BrotliDecoderVersion();
    snprintf(text, sizeof text, "%u.%u.%u", (unsigned)(v >> 24), (unsigned)((v >> 12) & 0xfff),
             (unsigned)(v & 0xfff));
    return text;
}

/* One line per linked library: each reports its own run-time version. */
static const struct {
    const char *name;
    const char *(*version)(void);
} libraries[] = {
    {"libopeninet", oi_version},     {"OpenSSL", openssl_version}, {"zlib", zlibVersion},
    {"brotli", brotli_version},      {"zstd", ZSTD_versionString}, {"libpsl", psl_get_version},
#ifdef __GLIBC__
    {"glibc", gnu_get_libc_version},
#endif
};

void cli_version_print(FILE *out)
{
    fprintf(out, "openinet %s", OI_VERSION_STRING);
    for (size_t i = 0; i < sizeof libraries / sizeof libraries[0]; i++)
        fprintf(out, " %s/%s", libraries[i].name, libraries[i].version());
    fputc('\n', out);
}
