/* The cookie jar: oi_jar_store of Set-Cookie values for a fixed request,
 * then oi_jar_header for neighbouring requests; oi_cookie_date on each
 * value; and, for a quarter of the inputs, the jar saved to a cookie file
 * and loaded into a new jar.
 *
 * Input: one parameter byte (request host, path, secure, from_http, save),
 * then Set-Cookie values, one per line.  Lines are cut at CR, LF and NUL,
 * which a response head never carries inside a value.
 *
 * Properties, besides surviving the sanitizers:
 * - a Cookie header holds no control characters but HTAB (a cookie must
 *   not smuggle a line into the request);
 * - a parsed cookie date is within the years 1601 to 9999, and the
 *   RFC 1123 form of a date parses back to the same second;
 * - a saved and reloaded jar holds the same cookies and sends the same
 *   Cookie headers. */
#include "cookie.h"
#include "fuzz.h"

#include <time.h>
#include <unistd.h>

#define NOW          INT64_C(1700000000) /* 2023-11-14: a fixed clock */
#define MAX_LINES    16
#define FIRST_SECOND INT64_C(-11644473600) /* 1601-01-01 */
#define PAST_LAST    INT64_C(253402300800) /* 10000-01-01 */

static const char *const hosts[] = {
    "www.example.com", "example.com",     "a.b.example.co.uk", "127.0.0.1", "::1",
    "localhost",       "sub.example.com", "www.example.com."};
static const char *const paths[] = {"/", "/dir/page?q=1", "/dir/sub/", "/Dir"};

static char file[64]; /* the cookie file, in a folder of its own */

static void remove_file(void)
{
    unlink(file);
    char dir[sizeof file];
    snprintf(dir, sizeof dir, "%s", file);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        rmdir(dir);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* Memory-backed when the system has it: saving syncs the file. */
    char dir[] = "/dev/shm/oi-fuzz-cookie-XXXXXX", fallback[] = "/tmp/oi-fuzz-cookie-XXXXXX";
    const char *d = mkdtemp(dir);
    if (!d)
        d = mkdtemp(fallback);
    if (!d)
        abort();
    snprintf(file, sizeof file, "%s/jar.txt", d);
    atexit(remove_file);
    return 0;
}

static void check_header(const char *h)
{
    for (const char *p = h; p && *p; p++)
        FUZZ_CHECK((unsigned char)*p >= 0x20 || *p == '\t');
    FUZZ_CHECK(!h || !strchr(h, 0x7f));
}

static void check_date(const char *s, size_t n)
{
    int64_t t;
    if (oi_cookie_date(s, n, &t) != 0)
        return;
    FUZZ_CHECK(t >= FIRST_SECOND && t < PAST_LAST);
    /* Its canonical form reads back the same. */
    time_t tt = (time_t)t;
    struct tm tm;
    char canon[64];
    if (!gmtime_r(&tt, &tm))
        return;
    size_t len = strftime(canon, sizeof canon, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    int64_t back;
    if (tm.tm_year + 1900 < 1000)
        return; /* %Y would not give four digits */
    FUZZ_CHECK(len > 0 && oi_cookie_date(canon, len, &back) == 0 && back == t);
}

/* Every header the jar gives for the requests around the one stored for. */
static char *all_headers(oi_cookie_jar *jar)
{
    fuzz_buf b = {0};
    for (size_t h = 0; h < sizeof hosts / sizeof hosts[0]; h++)
        for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++)
            for (int secure = 0; secure < 2; secure++) {
                int failed = 0;
                char *v = oi_jar_header(jar, hosts[h], paths[p], secure, NOW, &failed);
                FUZZ_CHECK(!failed);
                check_header(v);
                fuzz_buf_add(&b, v ? v : "-", v ? strlen(v) : 1);
                fuzz_buf_add(&b, "\n", 1);
                free(v);
            }
    fuzz_buf_add(&b, "", 1);
    return b.p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    unsigned conf = fuzz_byte(&in);
    const char *host = hosts[conf % 8], *path = paths[(conf >> 3) % 4];
    int secure = (conf >> 5) & 1, from_http = !((conf >> 6) & 1), save = conf >> 7 && size < 4096;

    oi_cookie_jar *jar = oi_jar_new();
    FUZZ_CHECK(jar != NULL);
    const char *p = (const char *)in.p, *end = p + in.n;
    for (int lines = 0; p < end && lines < MAX_LINES; lines++) {
        size_t n = 0;
        while (p + n < end && p[n] != '\r' && p[n] != '\n' && p[n] != '\0')
            n++;
        char *line = fuzz_dup(p, n);
        int rc = oi_jar_store(jar, host, path, secure, from_http, line, n, NOW);
        FUZZ_CHECK(rc == 0 || rc == -1);
        check_date(line, n);
        free(line);
        p += n < (size_t)(end - p) ? n + 1 : n;
    }
    char *before = all_headers(jar);

    if (save) {
        size_t count = oi_jar_count(jar); /* expired ones went with the headers */
        FUZZ_CHECK(oi_jar_save(jar, file, NOW) == 0);
        oi_cookie_jar *loaded = oi_jar_new();
        FUZZ_CHECK(loaded && oi_jar_load(loaded, file, NOW) == 0);
        FUZZ_CHECK(oi_jar_count(loaded) == count);
        char *after = all_headers(loaded);
        FUZZ_CHECK(strcmp(before, after) == 0);
        free(after);
        oi_jar_free(loaded);
    }
    free(before);
    oi_jar_free(jar);
    return 0;
}
