/*
 * The bench clients: one driver (bench.c: arguments, timing, checks, the
 * result line) and one small file per client library that implements the
 * four functions below.  The driver times only the fetch loop, so start-up
 * and handle creation are outside the figures for both clients alike.
 */
#ifndef OI_BENCH_H
#define OI_BENCH_H

#include <stddef.h>
#include <stdint.h>

struct bench_case {
    const char *host;
    unsigned port;
    const char *path;
    long count;      /* how many GETs, one after the other */
    uint64_t expect; /* body bytes each GET must deliver */
    size_t bufsize;  /* read buffer; 0 = the client's default */
    int fresh;       /* a new request handle per GET (when it applies) */
    int count_conns; /* count the connections opened (costs a little) */
};

struct client;

/* Create the client's handles; no traffic yet.  NULL on failure (the
 * client prints why on stderr). */
struct client *client_open(const struct bench_case *bc);

/* One GET of bc->path, body read to its end and discarded.  Returns the
 * HTTP status (0 on a failure the client already reported on stderr);
 * *bytes receives the body bytes received. */
int client_fetch(struct client *cl, uint64_t *bytes);

/* Connections opened so far, or -1 when not counted. */
long client_connections(struct client *cl);

void client_close(struct client *cl);

/* The client's name and version, for the report, e.g. "libcurl 7.88.1". */
const char *client_version(void);

#endif
