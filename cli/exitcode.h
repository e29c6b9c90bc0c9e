/* Exit codes of the openinet tool: curl's numbers where the two overlap. */
#ifndef CLI_EXITCODE_H
#define CLI_EXITCODE_H

#include <stdio.h>

#include "openinet.h"

enum cli_exit {
    CLI_EXIT_OK = 0,
    CLI_EXIT_UNSUPPORTED = 1,
    CLI_EXIT_USAGE = 2,
    CLI_EXIT_BAD_URL = 3,
    CLI_EXIT_RESOLVE = 6,
    CLI_EXIT_CONNECT = 7,
    CLI_EXIT_BAD_RESPONSE = 8,
    CLI_EXIT_PARTIAL = 18,
    CLI_EXIT_HTTP_ERROR = 22,
    CLI_EXIT_WRITE = 23,
    CLI_EXIT_READ = 26,
    CLI_EXIT_TIMEOUT = 28,
    CLI_EXIT_TLS_HANDSHAKE = 35,
    CLI_EXIT_FILE = 37,
    CLI_EXIT_INTERNAL = 43,
    CLI_EXIT_REDIRECT = 47,
    CLI_EXIT_SEND = 55,
    CLI_EXIT_RECV = 56,
    CLI_EXIT_CERTIFICATE = 60,
    CLI_EXIT_DECODING = 61,
    CLI_EXIT_TOO_LARGE = 63,
    CLI_EXIT_PROXY = 97
};

/* A lost connection means a failed send while the request goes out, and a
 * failed or short receive while the body comes in: the phase decides. */
enum cli_phase { CLI_PHASE_SEND, CLI_PHASE_BODY };

/* The exit code for a library failure in the given phase. */
int cli_exit_code(oi_status status, enum cli_phase phase);

/* Print the table of exit codes, one "  N  meaning" line each (--help). */
void cli_exit_print_table(FILE *out);

#endif
