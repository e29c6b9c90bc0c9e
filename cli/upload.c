#include "upload.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progress.h"
#include "report.h"
#include "trace.h"

/* -1 (send chunked) unless the size is known before reading: a pipe or a
 * terminal has none. */
static long long known_size(int fd)
{
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        return (long long)st.st_size;
    return -1;
}

static ssize_t read_some(int fd, void *buf, size_t len)
{
    ssize_t n;
    do
        n = read(fd, buf, len);
    while (n < 0 && errno == EINTR);
    return n;
}

/* Copy the file into the request.  Returns 0 with *status set by the
 * library (OI_OK: all written), or CLI_EXIT_READ. */
static int stream(oi_handle *request, int fd, const char *name, void *buf, size_t len,
                  struct cli_progress *bar, oi_status *status)
{
    long long total = bar->total;
    unsigned long long sent = 0;
    for (;;) {
        /* Never more than announced: a file that grows is cut at its size. */
        size_t want = len;
        if (total >= 0 && (unsigned long long)total - sent < want)
            want = (size_t)((unsigned long long)total - sent);
        ssize_t n = want ? read_some(fd, buf, want) : 0;
        if (n < 0)
            return cli_fail(CLI_EXIT_READ, "%s: %s", name, strerror(errno));
        if (n == 0 && total >= 0 && sent < (unsigned long long)total)
            return cli_fail(CLI_EXIT_READ, "%s: file shrank while being sent", name);
        if (n == 0)
            break;
        *status = oi_request_write(request, buf, (size_t)n);
        if (*status != OI_OK)
            return 0;
        sent += (unsigned long long)n;
        cli_progress_add(bar, (unsigned long long)n);
    }
    return 0;
}

int cli_upload(oi_handle *request, const char *path, void *buf, size_t len, int progress,
               oi_status *status)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "standard input" : path;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0)
        return cli_fail(CLI_EXIT_READ, "%s: %s", name, strerror(errno));
    struct cli_progress bar;
    /* Standard input goes chunked, like curl's -T -, even from a file. */
    cli_progress_begin(&bar, progress, is_stdin ? -1 : known_size(fd));
    int rc = 0;
    *status = oi_request_begin(request, NULL, 0, bar.total);
    if (*status == OI_OK) {
        cli_trace_quiet(1);
        rc = stream(request, fd, name, buf, len, &bar, status);
        cli_trace_quiet(0);
    }
    cli_progress_end(&bar);
    if (rc == 0 && *status == OI_OK)
        *status = oi_request_end(request);
    if (!is_stdin)
        close(fd);
    return rc;
}
