#include "response.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "progress.h"
#include "report.h"
#include "trace.h"
#include "url.h"

/* The file the index-th URL's body goes to: NULL for standard output (no
 * -o, or "-o -"), the -o name, or for -O the URL's last path segment (then
 * *owned frees it). */
static int output_path(const struct cli_options *o, const char *url, size_t index,
                       const char **path, char **owned)
{
    *path = NULL;
    *owned = NULL;
    if (index >= o->output_count)
        return 0;
    *path = o->outputs[index];
    if (*path && strcmp(*path, "-") == 0)
        *path = NULL; /* curl's "-o -": standard output */
    if (*path || o->outputs[index])
        return 0;
    *path = *owned = cli_url_file_name(url);
    if (!*path)
        return cli_fail(CLI_EXIT_WRITE, "%s: no file name in the URL for -O", url);
    return 0;
}

static int write_head(struct cli_output *out, const oi_handle *request)
{
    size_t len;
    const char *head = oi_request_raw_headers(request, &len);
    if (!head)
        return 0;
    int rc = cli_output_write(out, head, len);
    /* The head ends with an empty line, as on the wire, so that the body
     * after it stands apart. */
    if (rc == 0 && !(len >= 4 && memcmp(head + len - 4, "\r\n\r\n", 4) == 0))
        rc = cli_output_write(out, "\r\n", 2);
    return rc;
}

/* The body's length for the progress bar, or -1 if unknown.  A body that
 * --compressed decodes grows past its Content-Length: no percentage then. */
static long long body_total(const struct cli_options *o, const oi_handle *h)
{
    if (oi_handle_kind(h) != OI_HANDLE_REQUEST)
        return -1;
    const char *coding;
    size_t len;
    if (o->compressed && oi_request_header(h, "Content-Encoding", 0, &coding, &len) == OI_OK)
        return -1;
    return oi_request_content_length(h);
}

static int copy_body(const struct cli_run *run, oi_handle *h, struct cli_output *out, int progress)
{
    struct cli_progress bar;
    cli_progress_begin(&bar, progress, body_total(run->opt, h));
    cli_trace_quiet(1);
    int rc = 0;
    for (;;) {
        size_t n;
        oi_status st = oi_file_read(h, run->buf, run->buf_len, &n);
        if (st != OI_OK) {
            rc = cli_fail_status(h, st, CLI_PHASE_BODY);
            break;
        }
        if (n == 0)
            break;
        rc = cli_output_write(out, run->buf, n);
        if (rc != 0)
            break;
        cli_progress_add(&bar, n);
    }
    cli_trace_quiet(0);
    cli_progress_end(&bar);
    return rc;
}

int cli_response_deliver(const struct cli_run *run, oi_handle *h, const char *url, size_t index)
{
    const struct cli_options *o = run->opt;
    const char *path;
    char *owned;
    int rc = output_path(o, url, index, &path, &owned);
    struct cli_output out = {NULL, NULL};
    if (rc == 0)
        rc = cli_output_open(&out, path);
    if (rc == 0 && (o->include || o->head) && oi_handle_kind(h) == OI_HANDLE_REQUEST)
        rc = write_head(&out, h);
    /* A bar on the terminal that also shows the body would garble both. */
    int progress = run->progress && (path || !isatty(STDOUT_FILENO));
    if (rc == 0 && !o->head)
        rc = copy_body(run, h, &out, progress);
    int close_rc = cli_output_close(&out);
    free(owned);
    return rc ? rc : close_rc;
}
