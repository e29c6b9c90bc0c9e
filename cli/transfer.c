#include "transfer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report.h"
#include "response.h"
#include "trace.h"
#include "upload.h"
#include "url.h"

/* Schemes the tool drives request by request (any method, headers, body);
 * every other URL goes through oi_session_open_url(), which knows file://
 * and reports the schemes it does not know. */
static const struct http_scheme {
    const char *name;
    unsigned default_port;
    unsigned connect_flags;
} http_schemes[] = {
    {"http", 80, 0},
    {"https", 443, OI_FLAG_SECURE},
};

static const struct http_scheme *find_http_scheme(const char *name)
{
    for (size_t i = 0; i < sizeof http_schemes / sizeof http_schemes[0]; i++) {
        if (strcmp(http_schemes[i].name, name) == 0)
            return &http_schemes[i];
    }
    return NULL;
}

/* curl's choice: -X wins, then -I, -T, -d. */
static const char *verb_of(const struct cli_options *o)
{
    if (o->method)
        return o->method;
    if (o->head)
        return "HEAD";
    if (o->upload)
        return "PUT";
    return o->data.bytes ? "POST" : "GET";
}

static unsigned flags_of(const struct cli_options *o)
{
    unsigned flags = 0;
    if (o->fail)
        flags |= OI_FLAG_FAIL_ON_ERROR;
    if (!o->location) /* --no-location; the library follows by default */
        flags |= OI_FLAG_NO_AUTO_REDIRECT;
    return flags;
}

/* Whether the user gave a header of that name with -H. */
static int user_header(const struct cli_options *o, const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < o->header_count; i++) {
        if (strncasecmp(o->headers[i], name, len) == 0 && o->headers[i][len] == ':')
            return 1;
    }
    return 0;
}

static int add_line(oi_handle *request, const char *line, unsigned modifiers)
{
    oi_status st = oi_request_add_headers(request, line, (size_t)-1, modifiers);
    return st == OI_OK ? 0 : cli_fail_status(request, st, CLI_PHASE_SEND);
}

/* A header the user gives replaces the one the library would generate
 * (User-Agent, Host, Accept, Cookie...): the library adds its own only
 * when the request has none of that name.  The cookies of -b join a Cookie
 * header of -H into one line. */
static int add_user_headers(const struct cli_options *o, oi_handle *request)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < o->header_count; i++)
        rc = add_line(request, o->headers[i], OI_HEADER_ADD);
    if (rc == 0 && o->cookie_header)
        rc = add_line(request, o->cookie_header, OI_HEADER_COALESCE_SEMICOLON);
    if (rc == 0 && o->data.bytes && !user_header(o, "Content-Type"))
        rc = add_line(request, "Content-Type: application/x-www-form-urlencoded", OI_HEADER_ADD);
    return rc;
}

/* 0, or the exit code of a failed send after printing why.  With -f a
 * status >= 400 is an HTTP error, whatever the library's code (a 404 is
 * "file not found" there); it fails before any body is written. */
static int send_verdict(const struct cli_options *o, const oi_handle *h, oi_status st)
{
    if (st == OI_OK)
        return 0;
    if (o->fail && oi_handle_kind(h) == OI_HANDLE_REQUEST && oi_request_status(h) >= 400)
        return cli_fail_handle(CLI_EXIT_HTTP_ERROR, h, st);
    return cli_fail_status(h, st, CLI_PHASE_SEND);
}

/* Send the body (from memory, or streamed for -T) and read the response
 * head. */
static int send_request(const struct cli_run *run, oi_handle *request)
{
    const struct cli_options *o = run->opt;
    oi_status st;
    cli_trace_request();
    if (o->upload) {
        int rc = cli_upload(request, o->upload, run->buf, run->buf_len, run->progress, &st);
        if (rc != 0)
            return rc;
    } else {
        st = oi_request_send(request, NULL, 0, o->data.bytes, o->data.len);
    }
    cli_trace_heads(request);
    return send_verdict(o, request, st);
}

static int open_and_send(const struct cli_run *run, oi_handle *connection, const char *target,
                         oi_handle **request)
{
    static const char *const accept_any[] = {"*/*", NULL}; /* curl's Accept */
    const struct cli_options *o = run->opt;
    oi_status st =
        oi_connection_open_request(connection, verb_of(o), target, o->http10 ? "HTTP/1.0" : NULL,
                                   NULL, accept_any, flags_of(o), request);
    if (st != OI_OK)
        return cli_fail_status(connection, st, CLI_PHASE_SEND);
    int rc = add_user_headers(o, *request);
    return rc ? rc : send_request(run, *request);
}

static int transfer_http(const struct cli_run *run, const char *url,
                         const struct http_scheme *scheme, size_t index)
{
    struct cli_url u;
    oi_status st = cli_url_split(url, &u);
    if (st != OI_OK)
        return cli_fail(cli_exit_code(st, CLI_PHASE_SEND), "%s: %s", oi_strerror(st), url);
    /* A connection per URL is cheap: the session's pool hands back the
     * socket an earlier URL of the same server left idle. */
    oi_handle *connection = NULL;
    oi_handle *request = NULL;
    unsigned port = u.port ? u.port : scheme->default_port;
    st = oi_session_connect(run->session, u.host, port, u.user, u.password, scheme->connect_flags,
                            &connection);
    int rc = st == OI_OK ? open_and_send(run, connection, u.target, &request)
                         : cli_fail_status(run->session, st, CLI_PHASE_SEND);
    if (rc == 0)
        rc = cli_response_deliver(run, request, url, index);
    oi_handle_close(connection);
    cli_url_free(&u);
    return rc;
}

static int transfer_other(const struct cli_run *run, const char *url, size_t index)
{
    const struct cli_options *o = run->opt;
    if (o->data.bytes || o->upload || o->method)
        return cli_fail(CLI_EXIT_UNSUPPORTED, "%s: -d, -T and -X need an http:// URL", url);
    oi_handle *h = NULL;
    cli_trace_request();
    oi_status st = oi_session_open_url(run->session, url, NULL, 0, flags_of(o), &h);
    if (h && oi_handle_kind(h) == OI_HANDLE_REQUEST)
        cli_trace_heads(h);
    int rc = send_verdict(o, h ? h : run->session, st);
    if (rc == 0)
        rc = cli_response_deliver(run, h, url, index);
    oi_handle_close(h);
    return rc;
}

int cli_transfer(const struct cli_run *run, const char *arg, size_t index)
{
    char *url = cli_url_complete(arg);
    if (!url)
        return cli_fail(CLI_EXIT_INTERNAL, "out of memory");
    char scheme[16];
    cli_url_scheme(url, scheme, sizeof scheme);
    const struct http_scheme *http = find_http_scheme(scheme);
    int rc = http ? transfer_http(run, url, http, index) : transfer_other(run, url, index);
    free(url);
    return rc;
}
