/* One URL: request it, and write its response where the options say. */
#ifndef CLI_TRANSFER_H
#define CLI_TRANSFER_H

#include <stddef.h>

#include "args.h"
#include "openinet.h"

/* What every transfer of a run shares. */
struct cli_run {
    const struct cli_options *opt;
    oi_handle *session; /* one for all URLs: its pool keeps connections alive */
    void *buf;          /* the body buffer, allocated once */
    size_t buf_len;
    int progress; /* a bar is wanted on stderr (a terminal, not -s or -v) */
};

/* Fetch the index-th URL of the command line (as typed: no scheme means
 * http://).  Returns 0 or an exit code, after printing why. */
int cli_transfer(const struct cli_run *run, const char *arg, size_t index);

#endif
