/*
 * Driver shared by the bench clients: parse the case, run COUNT GETs with
 * the client, check every response, and print one result line:
 *
 *   count=10000 bytes=10240000 wall_ns=... user_ns=... sys_ns=... conns=1
 *
 * Usage: PROG HOST PORT PATH COUNT EXPECT [--buffer BYTES] [--fresh]
 *             [--count-conns]
 *        PROG --version
 * EXPECT is the body size of each response.  Any failure (status other
 * than 200, a body of another size) prints why and exits 1, so that a run
 * that measured an error is never reported.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct sample {
    int64_t wall_ns, user_ns, sys_ns;
};

static int64_t tv_ns(struct timeval tv)
{
    return (int64_t)tv.tv_sec * 1000000000 + (int64_t)tv.tv_usec * 1000;
}

static void sample_now(struct sample *s)
{
    struct timespec ts;
    struct rusage ru;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    getrusage(RUSAGE_SELF, &ru);
    s->wall_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    s->user_ns = tv_ns(ru.ru_utime);
    s->sys_ns = tv_ns(ru.ru_stime);
}

static int usage(void)
{
    fprintf(stderr, "usage: bench HOST PORT PATH COUNT EXPECT [--buffer BYTES] [--fresh] "
                    "[--count-conns]\n       bench --version\n");
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
    unsigned long long port, count, expect, bufsize;
    if (argc < 6 || !parse_number(argv[2], &port) || !parse_number(argv[4], &count) ||
        !parse_number(argv[5], &expect) || port > 65535 || count == 0)
        return 0;
    memset(bc, 0, sizeof *bc);
    bc->host = argv[1];
    bc->port = (unsigned)port;
    bc->path = argv[3];
    bc->count = (long)count;
    bc->expect = expect;
    for (int i = 6; i < argc; i++) {
        if (strcmp(argv[i], "--fresh") == 0)
            bc->fresh = 1;
        else if (strcmp(argv[i], "--count-conns") == 0)
            bc->count_conns = 1;
        else if (strcmp(argv[i], "--buffer") == 0 && i + 1 < argc &&
                 parse_number(argv[i + 1], &bufsize) && bufsize > 0)
            bc->bufsize = (size_t)bufsize, i++;
        else
            return 0;
    }
    return 1;
}

/* Run the GETs; 0 when every one answered 200 with EXPECT bytes. */
static int run_case(struct client *cl, const struct bench_case *bc, uint64_t *total)
{
    *total = 0;
    for (long i = 0; i < bc->count; i++) {
        uint64_t bytes = 0;
        int status = client_fetch(cl, &bytes);
        *total += bytes;
        if (status != 200 || bytes != bc->expect) {
            fprintf(stderr, "GET %ld of %ld: status %d, %llu bytes, expected 200 and %llu\n", i + 1,
                    bc->count, status, (unsigned long long)bytes, (unsigned long long)bc->expect);
            return -1;
        }
    }
    return 0;
}

static void print_result(const struct bench_case *bc, uint64_t total, const struct sample *t0,
                         const struct sample *t1, long conns)
{
    printf("count=%ld bytes=%llu wall_ns=%lld user_ns=%lld sys_ns=%lld conns=%ld\n", bc->count,
           (unsigned long long)total, (long long)(t1->wall_ns - t0->wall_ns),
           (long long)(t1->user_ns - t0->user_ns), (long long)(t1->sys_ns - t0->sys_ns), conns);
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
    struct client *cl = client_open(&bc);
    if (cl == NULL)
        return 1;
    struct sample t0, t1;
    uint64_t total;
    sample_now(&t0);
    int rc = run_case(cl, &bc, &total);
    sample_now(&t1);
    long conns = client_connections(cl);
    client_close(cl);
    if (rc != 0)
        return 1;
    if (bc.count_conns && conns != 1) {
        fprintf(stderr, "%ld GETs used %ld connections, expected 1\n", bc.count, conns);
        return 1;
    }
    print_result(&bc, total, &t0, &t1, conns);
    return 0;
}
