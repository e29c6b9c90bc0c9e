/* Writing a response: the head for -i and -I, the body to standard output
 * or to the file of -o/-O. */
#ifndef CLI_RESPONSE_H
#define CLI_RESPONSE_H

#include <stddef.h>

#include "openinet.h"
#include "transfer.h"

/* Write the response of `h` (a request or a local file) for the index-th
 * URL, `url` completed.  Returns 0 or an exit code after printing why. */
int cli_response_deliver(const struct cli_run *run, oi_handle *h, const char *url, size_t index);

#endif
