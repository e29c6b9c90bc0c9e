/* The request body of -d and --data-binary, built like curl builds it. */
#ifndef CLI_DATA_H
#define CLI_DATA_H

#include <stddef.h>

struct cli_data {
    char *bytes; /* NULL until the first -d */
    size_t len;
    size_t cap;
};

/* Append one -d (binary = 0) or --data-binary (binary = 1) argument: the
 * text itself, or with "@FILE" the file's contents ("@-": standard input),
 * from which -d strips CR and LF.  Several arguments join with '&'.
 * Returns 0 or an exit code, after printing why. */
int cli_data_add(struct cli_data *d, const char *arg, int binary);

void cli_data_free(struct cli_data *d);

#endif
