/*
 * Open URLs in one call each: http:// and file:// read alike.
 *
 *   open_url URL...
 *
 * Writes each body to stdout; exits 0 if all succeeded, else 1.
 */
#include <openinet.h>

#include <stdio.h>

static int fetch(oi_handle *session, const char *url)
{
    oi_handle *h;
    oi_status st = oi_session_open_url(session, url, NULL, 0, OI_FLAG_FAIL_ON_ERROR, &h);
    if (st != OI_OK) {
        fprintf(stderr, "%s: %s\n", url, oi_handle_message(session));
        oi_handle_close(h); /* a 4xx/5xx still returns its handle */
        return 1;
    }
    char buf[16384];
    size_t n;
    while ((st = oi_file_read(h, buf, sizeof buf, &n)) == OI_OK && n > 0)
        fwrite(buf, 1, n, stdout);
    if (st != OI_OK)
        fprintf(stderr, "%s: %s\n", url, oi_handle_message(h));
    oi_handle_close(h);
    return st != OI_OK;
}

int main(int argc, char **argv)
{
    oi_handle *session;
    if (oi_session_open(NULL, OI_ACCESS_DIRECT, &session) != OI_OK)
        return 1;
    oi_handle_set_int(session, OI_OPT_TOTAL_TIMEOUT, 30000);
    int failed = 0;
    for (int i = 1; i < argc; i++)
        failed |= fetch(session, argv[i]);
    oi_handle_close(session);
    return failed;
}
