/* Resident memory stays flat across many sessions (issue 4): 10,000
 * sessions, each opened, used for one request to nginx and closed, must not
 * grow the process once the allocator has warmed up.  The resident size
 * (VmRSS) is read after the first 1,000 sessions and at the end; growth
 * must stay under 1 MiB.  An https loop does the same with fewer sessions,
 * each with its own TLS context, CA file and handshake.
 *
 * Under AddressSanitizer the RSS comparison is skipped (its quarantine
 * holds freed memory on purpose, so RSS grows whatever the library does);
 * the loops still run (the https one shorter: handshakes are slow there),
 * and LeakSanitizer checks at exit that every session freed all it
 * allocated.  A few seconds in either build. */
#include "support.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#define RSS_GROWTH_LIMIT_KIB 1024

/* The resident set size in KiB from /proc/self/status, or -1 where there
 * is no such file (not Linux): the RSS check is then skipped. */
static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

/* One session, one request of `url`, read to the end, session closed.
 * Returns 1 if the body had `want_len` bytes. */
static int one_session(const char *url, const char *ca_file, long long want_len)
{
    static char buf[65536];
    oi_handle *s = NULL, *h = NULL;
    long long got = 0;
    size_t n = 0;
    oi_status rc = oi_session_open("openinet-memory-test", OI_ACCESS_DIRECT, &s);
    if (rc == OI_OK) {
        oi_handle_set_int(s, OI_OPT_CONNECT_TIMEOUT, TEST_CONNECT_TIMEOUT_MS);
        oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS);
        oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, TEST_IO_TIMEOUT_MS);
        if (ca_file)
            rc = oi_handle_set_str(s, OI_OPT_CA_FILE, ca_file);
    }
    if (rc == OI_OK)
        rc = oi_session_open_url(s, url, NULL, 0, 0, &h);
    while (rc == OI_OK && (rc = oi_file_read(h, buf, sizeof buf, &n)) == OI_OK && n > 0)
        got += (long long)n;
    if (rc != OI_OK)
        fprintf(stderr, "%s: %s: %s\n", url, oi_status_name(rc),
                h ? oi_handle_message(h) : oi_handle_message(s));
    oi_handle_close(s);
    return rc == OI_OK && got == want_len;
}

/* Run `total` sessions; RSS is taken after `warm` of them and at the end.
 * Stops early after a few failures, which then fail the case. */
static void check_flat(const char *url, const char *ca_file, long long want_len, int warm,
                       int total)
{
    int failures = 0, i;
    long rss_warm = -1;
    long long t0 = now_ms();
    for (i = 0; i < total && failures < 5; i++) {
        failures += !one_session(url, ca_file, want_len);
        if (i + 1 == warm)
            rss_warm = rss_kib();
    }
    long rss_end = rss_kib();
    printf("%s: %d sessions in %lld ms; VmRSS %ld KiB after %d, %ld KiB after %d\n", url, i,
           now_ms() - t0, rss_warm, warm, rss_end, total);
    CHECK_INT(failures, 0);
    if (UNDER_ASAN || rss_warm < 0 || rss_end < 0) {
        printf("SKIP RSS growth check: %s\n",
               UNDER_ASAN ? "AddressSanitizer's quarantine grows RSS" : "no /proc/self/status");
        return;
    }
    if (rss_end - rss_warm >= RSS_GROWTH_LIMIT_KIB)
        fprintf(stderr, "%s: RSS grew by %ld KiB\n", url, rss_end - rss_warm);
    CHECK(rss_end - rss_warm < RSS_GROWTH_LIMIT_KIB);
}

TEST(ten_thousand_http_sessions_keep_memory_flat)
{
    char url[128];
    url_for(url, sizeof url, env_port("OI_NGINX_PORT"), "/1k.bin");
    check_flat(url, NULL, 1024, 1000, 10000);
}

TEST(https_sessions_keep_memory_flat)
{
    char url[128];
    snprintf(url, sizeof url, "https://127.0.0.1:%u/1k.bin", env_port("OI_NGINX_TLS_PORT"));
    check_flat(url, env_need("OI_TEST_CA"), 1024, 200, UNDER_ASAN ? 300 : 1000);
}

int main(void)
{
    RUN(ten_thousand_http_sessions_keep_memory_flat);
    RUN(https_sessions_keep_memory_flat);
    return check_summary();
}
