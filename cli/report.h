/* Error messages on stderr, as "openinet: <message>"; -s hides them, -S
 * brings them back. */
#ifndef CLI_REPORT_H
#define CLI_REPORT_H

#include "exitcode.h"
#include "openinet.h"

#if defined(__GNUC__)
#define CLI_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CLI_PRINTF(fmt, args)
#endif

/* Whether failures print a message; on until told otherwise. */
void cli_report_enable(int show);

/* Print the message and return `code`, so callers can `return cli_fail(...)`. */
int cli_fail(int code, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Report a library failure with the context `h` recorded (h may be NULL),
 * and return `code`. */
int cli_fail_handle(int code, const oi_handle *h, oi_status status);

/* The same, with the exit code of the status in the phase it happened in. */
int cli_fail_status(const oi_handle *h, oi_status status, enum cli_phase phase);

#endif
