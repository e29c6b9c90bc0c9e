#include "trace.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"

/* The tool runs one transfer at a time on one thread, and some events
 * (HANDLE_CREATED) come before a context could be set: file state it is. */
static struct {
    int on;
    int quiet;
    int sent_shown;
    double start_ms;
} trace;

static const char *kind_name(const oi_handle *h)
{
    switch (oi_handle_kind(h)) {
    case OI_HANDLE_SESSION:
        return "session";
    case OI_HANDLE_CONNECTION:
        return "connection";
    case OI_HANDLE_REQUEST:
        return "request";
    case OI_HANDLE_FILE:
        return "file";
    }
    return "handle";
}

/* Each line of a head with a prefix, CR dropped. */
static void print_head(const char *prefix, const char *head, size_t len)
{
    while (len > 0) {
        const char *nl = memchr(head, '\n', len);
        size_t line = nl ? (size_t)(nl - head) + 1 : len;
        size_t text = line;
        while (text > 0 && (head[text - 1] == '\n' || head[text - 1] == '\r'))
            text--;
        fprintf(stderr, "%s%.*s\n", prefix, (int)text, head);
        head += line;
        len -= line;
    }
}

static void show_sent_head(const oi_handle *request)
{
    size_t len;
    const char *head = oi_request_sent_headers(request, &len);
    if (head && !trace.sent_shown) {
        print_head("> ", head, len);
        trace.sent_shown = 1;
    }
}

static void show_received_head(const oi_handle *request)
{
    size_t len;
    const char *head = oi_request_raw_headers(request, &len);
    if (head)
        print_head("< ", head, len);
}

static int is_chunk_event(oi_event event)
{
    return event == OI_EVENT_SENDING_REQUEST || event == OI_EVENT_REQUEST_SENT ||
           event == OI_EVENT_RECEIVING_RESPONSE || event == OI_EVENT_RESPONSE_RECEIVED;
}

static void print_info(oi_event event, const void *info)
{
    switch (event) {
    case OI_EVENT_RESOLVING_NAME:
    case OI_EVENT_NAME_RESOLVED:
    case OI_EVENT_CONNECTING_TO_SERVER:
    case OI_EVENT_CONNECTED_TO_SERVER:
    case OI_EVENT_REDIRECT:
        fprintf(stderr, " %s", (const char *)info);
        break;
    case OI_EVENT_REQUEST_SENT:
    case OI_EVENT_RESPONSE_RECEIVED:
        fprintf(stderr, " %" PRIu64 " bytes", *(const uint64_t *)info);
        break;
    case OI_EVENT_INTERMEDIATE_RESPONSE:
        fprintf(stderr, " %d", *(const int *)info);
        break;
    case OI_EVENT_HANDLE_CREATED:
    case OI_EVENT_HANDLE_CLOSING:
        fprintf(stderr, " %s", kind_name(*(oi_handle *const *)info));
        break;
    default:
        break;
    }
}

static void on_event(oi_handle *h, void *context, oi_event event, const void *info, size_t info_len)
{
    (void)context;
    (void)info_len;
    if (trace.quiet && is_chunk_event(event))
        return;
    int is_request = oi_handle_kind(h) == OI_HANDLE_REQUEST;
    /* A redirect ends one exchange of the request: show the response that
     * caused it now (the next one replaces it), and the next head sent. */
    if (event == OI_EVENT_REDIRECT && is_request) {
        show_received_head(h);
        trace.sent_shown = 0;
    }
    fprintf(stderr, "* [%.3f ms] %s", cli_clock_ms() - trace.start_ms, oi_event_name(event));
    if (info)
        print_info(event, info);
    fputc('\n', stderr);
    /* The head goes out before the response comes back: show it in order. */
    if (event == OI_EVENT_REQUEST_SENT && is_request)
        show_sent_head(h);
}

oi_status cli_trace_start(oi_handle *session)
{
    trace.on = 1;
    trace.start_ms = cli_clock_ms();
    return oi_handle_set_callback(session, on_event);
}

void cli_trace_request(void)
{
    trace.sent_shown = 0;
}

void cli_trace_quiet(int quiet)
{
    trace.quiet = quiet;
}

void cli_trace_heads(const oi_handle *request)
{
    if (!trace.on)
        return;
    show_sent_head(request);
    show_received_head(request);
}
