/* A monotonic clock for the progress bar and the -v timestamps. */
#ifndef CLI_CLOCK_H
#define CLI_CLOCK_H

/* Milliseconds since an arbitrary fixed point; never goes backwards. */
double cli_clock_ms(void);

#endif
