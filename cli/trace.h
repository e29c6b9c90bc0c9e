/* -v: the session's status events with timestamps, and the request and
 * response heads, on stderr. */
#ifndef CLI_TRACE_H
#define CLI_TRACE_H

#include "openinet.h"

/* Install the trace callback on the session; times count from here. */
oi_status cli_trace_start(oi_handle *session);

/* A new request begins: its head has not been shown yet. */
void cli_trace_request(void);

/* While a body streams, hush the per-chunk sending/receiving events that
 * would otherwise bury the trace (thousands for a large file). */
void cli_trace_quiet(int quiet);

/* Show the request head as sent ("> " lines) unless shown already, then
 * the response head ("< " lines) if there is one. */
void cli_trace_heads(const oi_handle *request);

#endif
