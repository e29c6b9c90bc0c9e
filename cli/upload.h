/* -T: a request body streamed from a file or standard input. */
#ifndef CLI_UPLOAD_H
#define CLI_UPLOAD_H

#include <stddef.h>

#include "openinet.h"

/* Send `request` with the contents of `path` ("-": standard input) as its
 * body, through oi_request_begin/write/end: with Content-Length when the
 * size is known (a regular file), chunked otherwise.  `buf` is scratch
 * space.  Returns 0 with the library's verdict in *status, or
 * CLI_EXIT_READ after printing why the file could not be read. */
int cli_upload(oi_handle *request, const char *path, void *buf, size_t len, int progress,
               oi_status *status);

#endif
