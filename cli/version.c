#include "version.h"

#include <openssl/crypto.h>
#include <stddef.h>
#include <stdio.h>
#include <zlib.h>

#include "openinet.h"

/* Any libc header defines __GLIBC__ on glibc; only there is the call. */
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

static const char *openssl_version(void)
{
    return OpenSSL_version(OPENSSL_VERSION_STRING);
}

/* One line per linked library: each reports its own run-time version. */
static const struct {
    const char *name;
    const char *(*version)(void);
} libraries[] = {
    {"libopeninet", oi_version},
    {"OpenSSL", openssl_version},
    {"zlib", zlibVersion},
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
