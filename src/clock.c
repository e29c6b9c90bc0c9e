/* Monotonic time and deadlines: every wait in the library is bounded by one. */
#include "internal.h"

#include <time.h>

int64_t oi_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t oi_deadline(int64_t ms, int64_t outer)
{
    if (ms <= 0)
        return outer;
    int64_t d = oi_now_ms() + ms;
    return (outer && outer < d) ? outer : d;
}
