/*
 * The clocks every bench program reads: the monotonic wall clock and the
 * CPU times of getrusage, in nanoseconds.  Header-only, shared by the
 * client driver (bench.c) and the process runner (spawn.c).
 */
#ifndef OI_BENCH_TIMING_H
#define OI_BENCH_TIMING_H

#include <stdint.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

static inline int64_t timing_tv_ns(struct timeval tv)
{
    return (int64_t)tv.tv_sec * 1000000000 + (int64_t)tv.tv_usec * 1000;
}

static inline int64_t timing_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#endif
