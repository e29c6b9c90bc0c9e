/* file:// URLs: local files read like HTTP bodies.  The program writes its
 * own files into a fresh folder under /tmp, so it needs no peer; it covers
 * byte-identical reads, missing files, folders, and names that must be
 * percent-decoded. */
#include "support.h"

#include <sys/stat.h>

static char dir[] = "/tmp/openinet-file.XXXXXX";

/* Write n bytes of a fixed pseudo-random sequence to dir/name. */
static void make_file(const char *name, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    uint32_t x = 2463534242u;
    for (size_t i = 0; f && i < n; i++) {
        x ^= x << 13; /* xorshift32: every byte value, no pattern */
        x ^= x >> 17;
        x ^= x << 5;
        fputc((int)(x & 0xff), f);
    }
    if (!f || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

static void remove_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

/* file:// URL of dir/escaped, where escaped is already percent-encoded. */
static void file_url(char *buf, size_t cap, const char *escaped)
{
    snprintf(buf, cap, "file://%s/%s", dir, escaped);
}

/* Open the file URL and compare its content with dir/name. */
static void check_reads_as(const char *url, const char *name, size_t chunk)
{
    oi_handle *s = session_new(), *h = NULL;
    char path[512];
    oi_status rc = OI_OK;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_OK);
    CHECK(h && body_matches_file(h, path, chunk, &rc));
    CHECK_INT(rc, OI_OK);
    oi_handle_close(s);
}

TEST(file_url_reads_byte_identical)
{
    char url[600];
    file_url(url, sizeof url, "1m.bin");
    check_reads_as(url, "1m.bin", 65536);
    check_reads_as(url, "1m.bin", 7);
    check_reads_as(url, "1m.bin", (2u << 20));
}

TEST(file_handle_is_a_file)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[600];
    file_url(url, sizeof url, "1k.bin");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_OK);
    CHECK(h && oi_handle_kind(h) == OI_HANDLE_FILE);
    /* Request functions do not apply to a file. */
    CHECK_INT(oi_request_send(h, NULL, 0, NULL, 0), OI_E_INCORRECT_HANDLE_TYPE);
    oi_handle_close(s);
}

TEST(empty_file_reads_nothing)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[600], buf[16];
    size_t n = 99;
    file_url(url, sizeof url, "empty.bin");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_OK);
    CHECK_INT(oi_file_read(h, buf, sizeof buf, &n), OI_OK);
    CHECK_INT(n, 0);
    oi_handle_close(s);
}

TEST(read_after_end_keeps_returning_zero)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[600];
    body b = {0};
    size_t n = 99;
    file_url(url, sizeof url, "1k.bin");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_OK);
    CHECK_INT(read_body(h, &b), OI_OK);
    CHECK_INT(b.len, 1024);
    CHECK_INT(oi_file_read(h, b.data, 1, &n), OI_OK);
    CHECK_INT(n, 0);
    body_free(&b);
    oi_handle_close(s);
}

TEST(available_counts_file_bytes)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[600], buf[1024];
    size_t avail = 0, n = 0, total = 0;
    file_url(url, sizeof url, "1k.bin");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_OK);
    for (int guard = 0; guard < 2000; guard++) {
        CHECK_INT(oi_file_available(h, &avail), OI_OK);
        if (avail == 0 || avail > sizeof buf - total)
            break;
        CHECK_INT(oi_file_read(h, buf + total, avail, &n), OI_OK);
        CHECK_INT(n, avail);
        total += n;
    }
    CHECK_INT(avail, 0);
    CHECK_INT(total, 1024);
    oi_handle_close(s);
}

/* Two files open at once keep their own positions. */
TEST(two_files_read_independently)
{
    oi_handle *s = session_new(), *a = NULL, *b = NULL;
    char url[600], path[512];
    oi_status rc;
    char first[10];
    size_t n = 0;
    file_url(url, sizeof url, "1m.bin");
    snprintf(path, sizeof path, "%s/1m.bin", dir);
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &a), OI_OK);
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &b), OI_OK);
    CHECK_INT(oi_file_read(a, first, sizeof first, &n), OI_OK);
    CHECK(n > 0);
    CHECK(b && body_matches_file(b, path, 4096, &rc));
    oi_handle_close(s);
}

TEST(missing_file_is_file_not_found)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[600];
    file_url(url, sizeof url, "no-such-file.txt");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_E_FILE_NOT_FOUND);
    CHECK_INT(oi_handle_error(s), OI_E_FILE_NOT_FOUND);
    oi_handle_close(s);
}

/* A folder is not a file: opening it or reading from it fails. */
TEST(folder_is_an_error)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[600], buf[64];
    size_t n = 0;
    file_url(url, sizeof url, "sub");
    oi_status rc = oi_session_open_url(s, url, NULL, 0, 0, &h);
    if (rc == OI_OK)
        rc = oi_file_read(h, buf, sizeof buf, &n);
    CHECK(rc < 0);
    oi_handle_close(s);
}

TEST(percent_escaped_names_are_decoded)
{
    char url[600];
    file_url(url, sizeof url, "a%20b%25c.txt");
    check_reads_as(url, "a b%c.txt", 4096);
    file_url(url, sizeof url, "caf%C3%A9.txt");
    check_reads_as(url, "caf\xc3\xa9.txt", 4096);
    file_url(url, sizeof url, "sub/in%2dsub.bin");
    check_reads_as(url, "sub/in-sub.bin", 4096);
}

/* A %00 would cut the path short: the URL is refused. */
TEST(escaped_nul_is_invalid_url)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[600];
    file_url(url, sizeof url, "1k.bin%00.txt");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_E_INVALID_URL);
    oi_handle_close(s);
}

/* RFC 8089: "localhost" names this machine. */
TEST(localhost_host_is_this_machine)
{
    char url[600];
    snprintf(url, sizeof url, "file://localhost%s/1k.bin", dir);
    check_reads_as(url, "1k.bin", 4096);
}

/* A fragment is not part of the path (RFC 3986 3.5). */
TEST(fragment_is_not_part_of_the_path)
{
    char url[600];
    file_url(url, sizeof url, "1k.bin#part");
    check_reads_as(url, "1k.bin", 4096);
}

/* RFC 8089 2: "file:/path" without an authority names a local file too. */
TEST(file_url_without_authority_is_local)
{
    char url[600];
    snprintf(url, sizeof url, "file:%s/1k.bin", dir);
    check_reads_as(url, "1k.bin", 4096);
}

/* A file handle left open is closed with its session (ASan reports a
 * leak otherwise). */
TEST(closing_session_closes_open_file)
{
    oi_handle *s = session_new(), *h = NULL;
    char url[600];
    file_url(url, sizeof url, "1k.bin");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &h), OI_OK);
    CHECK_INT(oi_handle_close(s), OI_OK);
}

static void setup(void)
{
    char sub[600];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0755);
    make_file("1m.bin", 1 << 20);
    make_file("1k.bin", 1024);
    make_file("empty.bin", 0);
    make_file("a b%c.txt", 300);
    make_file("caf\xc3\xa9.txt", 301);
    make_file("sub/in-sub.bin", 302);
}

static void teardown(void)
{
    static const char *names[] = {"1m.bin",    "1k.bin",          "empty.bin",
                                  "a b%c.txt", "caf\xc3\xa9.txt", "sub/in-sub.bin"};
    char sub[600];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        remove_file(names[i]);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    rmdir(sub);
    rmdir(dir);
}

int main(void)
{
    setup();
    RUN(file_url_reads_byte_identical);
    RUN(file_handle_is_a_file);
    RUN(empty_file_reads_nothing);
    RUN(read_after_end_keeps_returning_zero);
    RUN(available_counts_file_bytes);
    RUN(two_files_read_independently);
    RUN(missing_file_is_file_not_found);
    RUN(folder_is_an_error);
    RUN(percent_escaped_names_are_decoded);
    RUN(escaped_nul_is_invalid_url);
    RUN(localhost_host_is_this_machine);
    RUN(fragment_is_not_part_of_the_path);
    RUN(file_url_without_authority_is_local);
    RUN(closing_session_closes_open_file);
    teardown();
    return check_summary();
}
