/* The progress bar on stderr: bytes so far, percent when the length is
 * known, and rate, redrawn at most ten times a second. */
#ifndef CLI_PROGRESS_H
#define CLI_PROGRESS_H

struct cli_progress {
    int on;
    long long total; /* -1: unknown */
    unsigned long long done;
    double start_ms;
    double drawn_ms;
};

/* Begin a bar for `total` bytes (-1 if unknown); `on` 0 makes every call a
 * no-op, so callers need not test it. */
void cli_progress_begin(struct cli_progress *p, int on, long long total);

/* `n` more bytes moved; redraws if the last drawing is old enough. */
void cli_progress_add(struct cli_progress *p, unsigned long long n);

/* Draw the final state and end the line. */
void cli_progress_end(struct cli_progress *p);

#endif
