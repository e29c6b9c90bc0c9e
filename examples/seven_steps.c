/*
 * The steps of a typical HTTP client, one by one:
 * session, options, status callback, connection, request, headers and send,
 * read into our own buffer, errors, and closing the session.
 *
 *   seven_steps HOST PORT PATH
 *
 * Prints the status events on stderr and the body on stdout.  Exits 0 on
 * success, 1 on any failure (after printing the error).
 */
#include <openinet.h>

#include <stdio.h>
#include <stdlib.h>

static void on_status(oi_handle *h, void *context, oi_event event, const void *info,
                      size_t info_len)
{
    (void)h;
    (void)info_len;
    const char *label = context;
    if (event == OI_EVENT_RESOLVING_NAME || event == OI_EVENT_NAME_RESOLVED ||
        event == OI_EVENT_CONNECTING_TO_SERVER || event == OI_EVENT_CONNECTED_TO_SERVER)
        fprintf(stderr, "[%s] %s %s\n", label, oi_event_name(event), (const char *)info);
    else if (event == OI_EVENT_REQUEST_SENT || event == OI_EVENT_RESPONSE_RECEIVED)
        fprintf(stderr, "[%s] %s %llu bytes\n", label, oi_event_name(event),
                (unsigned long long)*(const uint64_t *)info);
    else
        fprintf(stderr, "[%s] %s\n", label, oi_event_name(event));
}

/* Step 8: every failure carries a code and a message with context. */
static int fail(const oi_handle *h, oi_status st, oi_handle *session)
{
    fprintf(stderr, "error %s (WinInet %lu): %s\n", oi_status_name(st), oi_status_wininet(st),
            oi_handle_message(h));
    oi_handle_close(session); /* step 9 also on the way out of an error */
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s HOST PORT PATH\n", argv[0]);
        return 2;
    }
    oi_handle *session, *connection, *request;

    /* 1. Begin a session. */
    oi_status st = oi_session_open("seven-steps/1.0", OI_ACCESS_DIRECT, &session);
    if (st != OI_OK) {
        fprintf(stderr, "cannot open a session: %s\n", oi_strerror(st));
        return 1;
    }
    /* 2. Options: connections get 5 s, silence 10 s, the whole request 30 s. */
    oi_handle_set_int(session, OI_OPT_CONNECT_TIMEOUT, 5000);
    oi_handle_set_int(session, OI_OPT_RECEIVE_TIMEOUT, 10000);
    oi_handle_set_int(session, OI_OPT_TOTAL_TIMEOUT, 30000);
    oi_handle_set_int(session, OI_OPT_CONNECT_RETRIES, 1);

    /* 3. A status callback; the request will get its own context. */
    oi_handle_set_callback(session, on_status);
    oi_handle_set_context(session, "session");

    /* 4. Connect to the server: no traffic yet. */
    st = oi_session_connect(session, argv[1], (unsigned)atoi(argv[2]), NULL, NULL, 0, &connection);
    if (st != OI_OK)
        return fail(session, st, session);

    /* 5. Open a request. */
    const char *accept[] = {"text/html", "*/*", NULL};
    st = oi_connection_open_request(connection, "GET", argv[3], "HTTP/1.1", NULL, accept, 0,
                                    &request);
    if (st != OI_OK)
        return fail(connection, st, session);
    oi_handle_set_context(request, "request");

    /* 6. Add headers and send. */
    st = oi_request_add_headers(request, "X-Example: seven steps\r\n", (size_t)-1, OI_HEADER_ADD);
    if (st == OI_OK)
        st = oi_request_send(request, NULL, 0, NULL, 0);
    if (st != OI_OK)
        return fail(request, st, session);
    fprintf(stderr, "status %d %s, length %lld\n", oi_request_status(request),
            oi_request_reason(request), oi_request_content_length(request));

    /* 7. Read the answer into our own buffer until 0 bytes come back. */
    char buf[4096];
    size_t n;
    while ((st = oi_file_read(request, buf, sizeof buf, &n)) == OI_OK && n > 0)
        fwrite(buf, 1, n, stdout);
    if (st != OI_OK)
        return fail(request, st, session);

    /* 9. End the session: closes the connection and the request too. */
    oi_handle_close(session);
    return 0;
}
