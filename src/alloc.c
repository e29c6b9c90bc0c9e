/* Every allocation the library makes goes through here, so that a test
 * can make the Nth one fail and prove each path survives it. */
#include "alloc.h"

#include <stdatomic.h>
#include <stdlib.h>

/* Allocations left before failures start; negative: never fail. */
static atomic_long oi_alloc_left = -1;

void oi_alloc_fail_after(long n)
{
    atomic_store(&oi_alloc_left, n);
}

static int oi_alloc_refused(void)
{
    long left = atomic_load(&oi_alloc_left);
    while (left >= 0) {
        if (left == 0)
            return 1;
        if (atomic_compare_exchange_weak(&oi_alloc_left, &left, left - 1))
            return 0;
    }
    return 0;
}

void *oi_malloc(size_t n)
{
    return oi_alloc_refused() ? NULL : malloc(n);
}

void *oi_calloc(size_t count, size_t n)
{
    return oi_alloc_refused() ? NULL : calloc(count, n);
}

void *oi_realloc(void *p, size_t n)
{
    return oi_alloc_refused() ? NULL : realloc(p, n);
}
