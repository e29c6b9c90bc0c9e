/* The one mapping from library status to exit code, and the exit codes'
 * meanings as --help and docs/cli.md list them. */
#include "exitcode.h"

#include <stddef.h>

struct status_exit {
    oi_status status;
    unsigned char on_send; /* while connecting, sending, reading the head */
    unsigned char on_body; /* while reading the body */
};

static const struct status_exit status_exits[] = {
    {OI_OK, CLI_EXIT_OK, CLI_EXIT_OK},
    {OI_E_INVALID_URL, CLI_EXIT_BAD_URL, CLI_EXIT_BAD_URL},
    {OI_E_UNRECOGNIZED_SCHEME, CLI_EXIT_UNSUPPORTED, CLI_EXIT_UNSUPPORTED},
    {OI_E_NAME_NOT_RESOLVED, CLI_EXIT_RESOLVE, CLI_EXIT_RESOLVE},
    {OI_E_CANNOT_CONNECT, CLI_EXIT_CONNECT, CLI_EXIT_CONNECT},
    {OI_E_TIMEOUT, CLI_EXIT_TIMEOUT, CLI_EXIT_TIMEOUT},
    {OI_E_CONNECTION_ABORTED, CLI_EXIT_RECV, CLI_EXIT_PARTIAL},
    {OI_E_CONNECTION_RESET, CLI_EXIT_SEND, CLI_EXIT_RECV},
    {OI_E_INVALID_RESPONSE, CLI_EXIT_BAD_RESPONSE, CLI_EXIT_BAD_RESPONSE},
    {OI_E_HEADER_TOO_LARGE, CLI_EXIT_BAD_RESPONSE, CLI_EXIT_BAD_RESPONSE},
    /* Header and parameter errors come from what the user typed (-H, -X). */
    {OI_E_INVALID_HEADER, CLI_EXIT_USAGE, CLI_EXIT_USAGE},
    {OI_E_INVALID_PARAMETER, CLI_EXIT_USAGE, CLI_EXIT_USAGE},
    {OI_E_FILE_NOT_FOUND, CLI_EXIT_FILE, CLI_EXIT_FILE},
    {OI_E_ACCESS_DENIED, CLI_EXIT_FILE, CLI_EXIT_FILE},
    {OI_E_IO, CLI_EXIT_FILE, CLI_EXIT_FILE},
    {OI_E_HTTP_ERROR, CLI_EXIT_HTTP_ERROR, CLI_EXIT_HTTP_ERROR},
    {OI_E_SEC_INVALID_CA, CLI_EXIT_CERTIFICATE, CLI_EXIT_CERTIFICATE},
    {OI_E_SEC_CERT_CN_INVALID, CLI_EXIT_CERTIFICATE, CLI_EXIT_CERTIFICATE},
    {OI_E_SEC_CERT_DATE_INVALID, CLI_EXIT_CERTIFICATE, CLI_EXIT_CERTIFICATE},
    {OI_E_TLS_HANDSHAKE, CLI_EXIT_TLS_HANDSHAKE, CLI_EXIT_TLS_HANDSHAKE},
    {OI_E_CLIENT_CERT_NEEDED, CLI_EXIT_TLS_HANDSHAKE, CLI_EXIT_TLS_HANDSHAKE},
    {OI_E_TLS_IO, CLI_EXIT_SEND, CLI_EXIT_RECV},
    {OI_E_REDIRECT_FAILED, CLI_EXIT_REDIRECT, CLI_EXIT_REDIRECT},
    {OI_E_HTTPS_TO_HTTP_REDIRECT, CLI_EXIT_REDIRECT, CLI_EXIT_REDIRECT},
    {OI_E_DECODING_FAILED, CLI_EXIT_DECODING, CLI_EXIT_DECODING},
    {OI_E_DECODED_TOO_LARGE, CLI_EXIT_TOO_LARGE, CLI_EXIT_TOO_LARGE},
    {OI_E_PROXY_FAILED, CLI_EXIT_PROXY, CLI_EXIT_PROXY},
};

int cli_exit_code(oi_status status, enum cli_phase phase)
{
    for (size_t i = 0; i < sizeof status_exits / sizeof status_exits[0]; i++) {
        if (status_exits[i].status == status)
            return phase == CLI_PHASE_SEND ? status_exits[i].on_send : status_exits[i].on_body;
    }
    /* Handle misuse, out of memory, cancellation: nothing the user did. */
    return CLI_EXIT_INTERNAL;
}

static const struct {
    int code;
    const char *meaning;
} exit_meanings[] = {
    {CLI_EXIT_OK, "success"},
    {CLI_EXIT_UNSUPPORTED, "unsupported URL scheme"},
    {CLI_EXIT_USAGE,
     "bad usage: unknown option, missing argument, invalid header, method or proxy"},
    {CLI_EXIT_BAD_URL, "malformed URL"},
    {CLI_EXIT_RESOLVE, "host name not resolved"},
    {CLI_EXIT_CONNECT, "cannot connect to the server"},
    {CLI_EXIT_BAD_RESPONSE, "invalid server response (or response head too large)"},
    {CLI_EXIT_PARTIAL, "body cut short: connection closed before its end"},
    {CLI_EXIT_HTTP_ERROR, "HTTP status 400 or above, with -f"},
    {CLI_EXIT_WRITE, "write error (output file, standard output, -c cookie file)"},
    {CLI_EXIT_READ, "read error (file to upload, to send with -d @FILE, or -b cookie file)"},
    {CLI_EXIT_TIMEOUT, "timeout (--connect-timeout, --max-time, or a silent server)"},
    {CLI_EXIT_TLS_HANDSHAKE, "TLS handshake failed (or the server wants a client certificate)"},
    {CLI_EXIT_FILE, "local file not found or unreadable (file:// URL)"},
    {CLI_EXIT_INTERNAL, "internal error (out of memory, library misuse)"},
    {CLI_EXIT_REDIRECT, "redirect not followed (more than --max-redirs, or from https to http)"},
    {CLI_EXIT_SEND, "failure sending the request (connection reset)"},
    {CLI_EXIT_RECV, "failure receiving the response (connection reset or closed)"},
    {CLI_EXIT_CERTIFICATE, "server certificate not trusted (unknown CA, wrong name, expired)"},
    {CLI_EXIT_DECODING, "content decoding failed"},
    {CLI_EXIT_TOO_LARGE, "decoded body over the size limit"},
    {CLI_EXIT_PROXY, "proxy refused or failed the request"},
};

void cli_exit_print_table(FILE *out)
{
    for (size_t i = 0; i < sizeof exit_meanings / sizeof exit_meanings[0]; i++)
        fprintf(out, "  %2d  %s\n", exit_meanings[i].code, exit_meanings[i].meaning);
}
