/* What the fuzz targets share: parameters read from the front of the
 * input, split points that follow from it, heap copies of exactly the bytes
 * a function may read (so that AddressSanitizer catches one byte too far),
 * and a property check that stops the fuzzer with the line that failed. */
#ifndef OI_FUZZ_H
#define OI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A property that must hold: a failure is a finding, so abort, which
 * libFuzzer reports with the input that caused it. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond);            \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The input, read from the front: parameters first, the data after. */
typedef struct fuzz_in {
    const uint8_t *p;
    size_t n;
} fuzz_in;

/* The next byte, 0 once the input is used up. */
static inline unsigned fuzz_byte(fuzz_in *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

/* A deterministic sequence of sizes in [1, max], seeded by the input, for
 * split points and buffer sizes: the same input always splits the same
 * way, so that a finding reproduces. */
typedef struct fuzz_seq {
    uint32_t state;
    size_t max;
} fuzz_seq;

static inline fuzz_seq fuzz_seq_make(unsigned seed, size_t max)
{
    fuzz_seq s = {seed * 2654435761u + 0x9e3779b9u, max ? max : 1};
    return s;
}

static inline size_t fuzz_seq_next(fuzz_seq *s)
{
    /* xorshift32: cheap and never stuck at zero from a nonzero state. */
    uint32_t x = s->state ? s->state : 1;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s->state = x;
    /* Small sizes most of the time: boundaries are where bugs live. */
    size_t max = (x & 0x300) ? (s->max < 16 ? s->max : 16) : s->max;
    return 1 + (x >> 10) % max;
}

/* A heap copy of p[0..n), exactly n bytes long (never NULL). */
static inline char *fuzz_dup(const void *p, size_t n)
{
    char *c = malloc(n ? n : 1);
    if (!c)
        abort();
    if (n)
        memcpy(c, p, n);
    return c;
}

/* A NUL-terminated heap copy of p[0..n). */
static inline char *fuzz_strdup(const void *p, size_t n)
{
    char *c = malloc(n + 1);
    if (!c)
        abort();
    if (n)
        memcpy(c, p, n);
    c[n] = '\0';
    return c;
}

/* A growing byte buffer for collected output. */
typedef struct fuzz_buf {
    char *p;
    size_t len, cap;
} fuzz_buf;

static inline void fuzz_buf_add(fuzz_buf *b, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q)
            abort();
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

/* Is a a prefix of b, or b of a? */
static inline int fuzz_prefix_compatible(const fuzz_buf *a, const fuzz_buf *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    return n == 0 || memcmp(a->p, b->p, n) == 0;
}

#endif
