/*
 * The bench clients: one driver (bench.c: arguments, timing, checks, the
 * result line) and one small file per client (openinet, libcurl, and the
 * raw-socket floor) that implements the functions below.  The driver times
 * only the fetch loop, so start-up and handle creation are outside the
 * figures for every client alike.
 */
#ifndef OI_BENCH_H
#define OI_BENCH_H

#include <stddef.h>
#include <stdint.h>

struct bench_case {
    const char *host;
    unsigned port;
    const char *path;
    long count;         /* how many GETs in all */
    uint64_t expect;    /* body bytes each GET must deliver */
    size_t bufsize;     /* read buffer; 0 = the client's default */
    int fresh;          /* a new request handle per GET (when it applies) */
    int count_conns;    /* count the connections opened (costs a little) */
    const char *cafile; /* non-NULL: https, trusting the certificates of this PEM file */
    int parallel;       /* > 0: the GETs run over this many connections at once */
    int idle;           /* > 0: open this many connections and leave them idle */
    int check_zero;     /* count the body bytes that are not zero */
};

struct client;

/* Create the client's handles; no traffic yet.  NULL on failure (the
 * client prints why on stderr). */
struct client *client_open(const struct bench_case *bc);

/* One GET of bc->path, body read to its end and discarded (each piece
 * passed to bench_body()).  Returns the HTTP status (0 on a failure the
 * client already reported on stderr); *bytes receives the body bytes. */
int client_fetch(struct client *cl, uint64_t *bytes);

/* bc->count GETs over bc->parallel connections at once, each response
 * checked with bench_check().  0 when all succeeded; *bytes receives the
 * body bytes of all of them. */
int client_run_parallel(struct client *cl, uint64_t *bytes);

/* Open n connections to the server at once (n GETs in flight), read every
 * response to its end and keep the connections idle for reuse, releasing
 * the request handles.  Called again, it must reuse them.  Returns the
 * connections opened so far, or -1 on a failure reported on stderr. */
long client_hold_idle(struct client *cl, int n);

/* Connections opened so far, or -1 when not counted. */
long client_connections(struct client *cl);

void client_close(struct client *cl);

/* The client's name and version, for the report, e.g. "libcurl 7.88.1". */
const char *client_version(void);

/* From the driver, for the clients: check one response (1 when it is 200
 * with bc->expect bytes, else print why and return 0); pass every piece of
 * a body read (counts non-zero bytes when bc->check_zero). */
int bench_check(const struct bench_case *bc, long index, int status, uint64_t bytes);
void bench_body(const void *data, size_t len);

#endif
