#include "report.h"

#include <stdarg.h>
#include <stdio.h>

/* The tool runs one transfer at a time on one thread; a flag is enough. */
static int show_errors = 1;

void cli_report_enable(int show)
{
    show_errors = show;
}

int cli_fail(int code, const char *fmt, ...)
{
    if (show_errors) {
        va_list ap;
        va_start(ap, fmt);
        fputs("openinet: ", stderr);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
    }
    return code;
}

int cli_fail_handle(int code, const oi_handle *h, oi_status status)
{
    const char *message = h ? oi_handle_message(h) : "";
    if (!message || !*message)
        message = oi_strerror(status);
    return cli_fail(code, "%s", message);
}

int cli_fail_status(const oi_handle *h, oi_status status, enum cli_phase phase)
{
    return cli_fail_handle(cli_exit_code(status, phase), h, status);
}
