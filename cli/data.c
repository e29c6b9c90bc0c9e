#include "data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static int reserve(struct cli_data *d, size_t more)
{
    if (d->bytes && d->cap - d->len >= more)
        return 0;
    size_t cap = d->cap ? d->cap : 256;
    while (cap - d->len < more) {
        if (cap > (size_t)-1 / 2)
            return cli_fail(CLI_EXIT_INTERNAL, "request body too large");
        cap *= 2;
    }
    char *bytes = realloc(d->bytes, cap);
    if (!bytes)
        return cli_fail(CLI_EXIT_INTERNAL, "out of memory");
    d->bytes = bytes;
    d->cap = cap;
    return 0;
}

static int append(struct cli_data *d, const char *bytes, size_t len)
{
    int rc = reserve(d, len);
    if (rc == 0) {
        memcpy(d->bytes + d->len, bytes, len);
        d->len += len;
    }
    return rc;
}

/* curl's -d @FILE sends a file of form fields written one per line as one
 * line: line ends are dropped, not turned into '&'. */
static size_t strip_line_ends(char *bytes, size_t len)
{
    size_t kept = 0;
    for (size_t i = 0; i < len; i++) {
        if (bytes[i] != '\r' && bytes[i] != '\n')
            bytes[kept++] = bytes[i];
    }
    return kept;
}

static int append_file(struct cli_data *d, const char *path, int binary)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp)
        return cli_fail(CLI_EXIT_READ, "%s: %s", path, strerror(errno));
    size_t start = d->len;
    int rc = 0;
    while (rc == 0 && !feof(fp)) {
        rc = reserve(d, 65536);
        if (rc != 0)
            break;
        d->len += fread(d->bytes + d->len, 1, d->cap - d->len, fp);
        if (ferror(fp))
            rc = cli_fail(CLI_EXIT_READ, "%s: %s", is_stdin ? "stdin" : path, strerror(errno));
    }
    if (!is_stdin)
        fclose(fp);
    if (rc == 0 && !binary)
        d->len = start + strip_line_ends(d->bytes + start, d->len - start);
    return rc;
}

int cli_data_add(struct cli_data *d, const char *arg, int binary)
{
    /* bytes != NULL marks a body as given, even an empty one (-d ''). */
    int rc = d->bytes ? append(d, "&", 1) : reserve(d, 1);
    if (rc != 0)
        return rc;
    if (arg[0] == '@')
        return append_file(d, arg + 1, binary);
    return append(d, arg, strlen(arg));
}

void cli_data_free(struct cli_data *d)
{
    free(d->bytes);
    d->bytes = NULL;
    d->len = d->cap = 0;
}
