/* The library's allocator (free() releases what it gives).  Tests call
 * oi_alloc_fail_after(n) to make every allocation after the next n fail
 * (-1: none fails). */
#ifndef OI_ALLOC_H
#define OI_ALLOC_H

#include <stddef.h>

void *oi_malloc(size_t n);
void *oi_calloc(size_t count, size_t n);
void *oi_realloc(void *p, size_t n);
void oi_alloc_fail_after(long n);

#endif
