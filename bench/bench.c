/*
 * Driver shared by the bench clients: parse the case, run the GETs with the
 * client, check every response, and print one result line:
 *
 *   count=10000 bytes=10240000 wall_ns=... user_ns=... sys_ns=... conns=1
 *
 * Usage: PROG HOST PORT PATH COUNT EXPECT [--buffer BYTES] [--fresh]
 *             [--count-conns] [--tls CAFILE] [--parallel P] [--check-zero]
 *        PROG HOST PORT PATH N EXPECT --idle [--tls CAFILE]
 *        PROG --version
 * EXPECT is the body size of each response.  --parallel spreads the COUNT
 * GETs over P connections at once.  --check-zero adds nonzero=N, the body
 * bytes that were not zero.  --idle opens N connections at once, leaves
 * them idle and adds heap=BYTES, the heap in use then (glibc's mallinfo2);
 * a second round must reuse them.  Any failure (status other than 200, a
 * body of another size) prints why and exits 1, so that a run that
 * measured an error is never reported.
 */
#include "bench.h"
#include "timing.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sample {
    int64_t wall_ns, user_ns, sys_ns;
};

static void sample_now(struct sample *s)
{
    struct rusage ru;
    s->wall_ns = timing_now_ns();
    getrusage(RUSAGE_SELF, &ru);
    s->user_ns = timing_tv_ns(ru.ru_utime);
    s->sys_ns = timing_tv_ns(ru.ru_stime);
}

static int usage(void)
{
    fprintf(stderr, "usage: bench HOST PORT PATH COUNT EXPECT [--buffer BYTES] [--fresh] "
                    "[--count-conns] [--tls CAFILE] [--parallel P] [--check-zero] [--idle]\n"
                    "       bench --version\n");
    return 2;
}

static int parse_number(const char *s, unsigned long long *out)
{
    char *end;
    *out = strtoull(s, &end, 10);
    return *s != '\0' && *end == '\0';
}

static int parse_case(int argc, char **argv, struct bench_case *bc)
{
    unsigned long long port, count, expect, n;
    if (argc < 6 || !parse_number(argv[2], &port) || !parse_number(argv[4], &count) ||
        !parse_number(argv[5], &expect) || port > 65535 || count == 0 || count > 1000000000)
        return 0;
    memset(bc, 0, sizeof *bc);
    bc->host = argv[1];
    bc->port = (unsigned)port;
    bc->path = argv[3];
    bc->count = (long)count;
    bc->expect = expect;
    for (int i = 6; i < argc; i++) {
        const char *arg = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--fresh") == 0)
            bc->fresh = 1;
        else if (strcmp(arg, "--count-conns") == 0)
            bc->count_conns = 1;
        else if (strcmp(arg, "--check-zero") == 0)
            bc->check_zero = 1;
        else if (strcmp(arg, "--idle") == 0)
            bc->idle = (int)count, bc->count_conns = 1;
        else if (strcmp(arg, "--tls") == 0 && next != NULL)
            bc->cafile = next, i++;
        else if (strcmp(arg, "--buffer") == 0 && next && parse_number(next, &n) && n > 0)
            bc->bufsize = (size_t)n, i++;
        else if (strcmp(arg, "--parallel") == 0 && next && parse_number(next, &n) && n > 0 &&
                 n <= 1000)
            bc->parallel = (int)n, i++;
        else
            return 0;
    }
    if (bc->idle && count > 1000)
        return 0;
    return !(bc->parallel && (bc->check_zero || bc->fresh || bc->idle));
}

static const struct bench_case *the_case;
static uint64_t nonzero;

int bench_check(const struct bench_case *bc, long index, int status, uint64_t bytes)
{
    if (status == 200 && bytes == bc->expect)
        return 1;
    fprintf(stderr, "GET %ld of %ld: status %d, %llu bytes, expected 200 and %llu\n", index + 1,
            bc->count, status, (unsigned long long)bytes, (unsigned long long)bc->expect);
    return 0;
}

void bench_body(const void *data, size_t len)
{
    static const unsigned char zeros[4096];
    if (!the_case->check_zero)
        return;
    const unsigned char *p = data;
    while (len > 0) { /* memcmp is fast; count byte by byte only a block with a non-zero */
        size_t n = len < sizeof zeros ? len : sizeof zeros;
        if (memcmp(p, zeros, n) != 0)
            for (size_t i = 0; i < n; i++)
                nonzero += p[i] != 0;
        p += n, len -= n;
    }
}

/* Run the GETs one after the other; 0 when every one was right.  Not
 * inlined: the callgrind runs count instructions inside it only. */
__attribute__((noinline)) static int run_sequential(struct client *cl, const struct bench_case *bc,
                                                    uint64_t *total)
{
    *total = 0;
    for (long i = 0; i < bc->count; i++) {
        uint64_t bytes = 0;
        int status = client_fetch(cl, &bytes);
        *total += bytes;
        if (!bench_check(bc, i, status, bytes))
            return -1;
    }
    return 0;
}

/* Heap bytes in use, all arenas and mmapped blocks. */
static unsigned long long heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return (unsigned long long)mi.uordblks + mi.hblkhd;
}

/* --idle: open the connections, measure, then check that they are reused. */
static int run_idle(struct client *cl, const struct bench_case *bc)
{
    long conns = client_hold_idle(cl, bc->idle);
    if (conns < 0)
        return 1;
    unsigned long long heap = heap_in_use();
    if (conns != bc->idle) {
        fprintf(stderr, "%d GETs at once opened %ld connections\n", bc->idle, conns);
        return 1;
    }
    long again = client_hold_idle(cl, bc->idle);
    if (again != conns) {
        fprintf(stderr, "the %ld idle connections were not reused (%ld opened)\n", conns, again);
        return 1;
    }
    printf("count=%d bytes=%llu heap=%llu conns=%ld\n", bc->idle,
           (unsigned long long)bc->idle * bc->expect, heap, conns);
    return 0;
}

int main(int argc, char **argv)
{
    struct bench_case bc;
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("%s\n", client_version());
        return 0;
    }
    if (!parse_case(argc, argv, &bc))
        return usage();
    the_case = &bc;
    struct client *cl = client_open(&bc);
    if (cl == NULL)
        return 1;
    if (bc.idle) {
        int rc = run_idle(cl, &bc);
        client_close(cl);
        return rc;
    }
    struct sample t0, t1;
    uint64_t total = 0;
    sample_now(&t0);
    int rc = bc.parallel ? client_run_parallel(cl, &total) : run_sequential(cl, &bc, &total);
    sample_now(&t1);
    long conns = client_connections(cl);
    client_close(cl);
    if (rc != 0)
        return 1;
    long want = bc.parallel ? bc.parallel : 1;
    if (bc.count_conns && (conns < 1 || conns > want)) {
        fprintf(stderr, "%ld GETs used %ld connections, expected at most %ld\n", bc.count, conns,
                want);
        return 1;
    }
    printf("count=%ld bytes=%llu wall_ns=%lld user_ns=%lld sys_ns=%lld conns=%ld", bc.count,
           (unsigned long long)total, (long long)(t1.wall_ns - t0.wall_ns),
           (long long)(t1.user_ns - t0.user_ns), (long long)(t1.sys_ns - t0.sys_ns), conns);
    if (bc.check_zero)
        printf(" nonzero=%llu", (unsigned long long)nonzero);
    printf("\n");
    return 0;
}
