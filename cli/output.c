#include "output.h"

#include <errno.h>
#include <string.h>

#include "report.h"

int cli_output_open(struct cli_output *out, const char *path)
{
    out->name = path ? path : "standard output";
    out->fp = path ? fopen(path, "wb") : stdout;
    if (!out->fp)
        return cli_fail(CLI_EXIT_WRITE, "%s: %s", path, strerror(errno));
    return 0;
}

static int write_failed(const struct cli_output *out)
{
    return cli_fail(CLI_EXIT_WRITE, "write to %s: %s", out->name, strerror(errno));
}

int cli_output_write(struct cli_output *out, const void *buf, size_t len)
{
    if (fwrite(buf, 1, len, out->fp) != len)
        return write_failed(out);
    return 0;
}

int cli_output_close(struct cli_output *out)
{
    if (!out->fp)
        return 0;
    /* Buffered bytes can still fail to go out (a full disk, a closed pipe). */
    int failed = out->fp == stdout ? fflush(out->fp) != 0 : fclose(out->fp) != 0;
    int rc = failed ? write_failed(out) : 0;
    out->fp = NULL;
    return rc;
}
