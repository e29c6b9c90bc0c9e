/* Where a body goes: standard output or a file, with every write checked. */
#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

struct cli_output {
    FILE *fp;
    const char *name; /* for messages */
};

/* Open `path` for writing, or take standard output when path is NULL.
 * Returns 0 or an exit code after printing why. */
int cli_output_open(struct cli_output *out, const char *path);

/* Write all of buf; 0 or CLI_EXIT_WRITE after printing why. */
int cli_output_write(struct cli_output *out, const void *buf, size_t len);

/* Flush, and close a file; 0 or CLI_EXIT_WRITE.  Safe on an unopened one. */
int cli_output_close(struct cli_output *out);

#endif
