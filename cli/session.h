/* The one session of a run: opened with the access -x asks for, set up
 * from the options, its cookie jar loaded from -b files and saved to -c. */
#ifndef CLI_SESSION_H
#define CLI_SESSION_H

#include "args.h"
#include "openinet.h"

/* Open and set up the session.  Returns 0 with *out set, or an exit code
 * after printing why (the session, if any, closed). */
int cli_session_open(const struct cli_options *o, oi_handle **out);

/* Save the jar for -c, then close the session.  Returns `rc`, the run's
 * exit code so far, or when that is 0 a failed save's. */
int cli_session_close(const struct cli_options *o, oi_handle *session, int rc);

#endif
