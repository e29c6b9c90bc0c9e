/*
 * The floor of the bench: a hand-written HTTP/1.1 client over a blocking
 * socket.  Each GET is one write() of a fixed request; the answer is read
 * with read() until the blank line that ends the head, whose status code
 * and Content-Length are the only things looked at, then the body to its
 * length.  No TLS, no concurrency: plain sequential GETs only.
 */
#include "bench.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_BUFFER 16384

struct client {
    int fd;
    char request[1024];
    size_t request_len;
    char *buf;
    size_t bufsize;
};

struct client *client_open(const struct bench_case *bc)
{
    if (bc->cafile || bc->parallel || bc->idle || bc->fresh) {
        fprintf(stderr, "raw: only plain sequential GETs\n");
        return NULL;
    }
    struct client *cl = calloc(1, sizeof *cl);
    if (cl == NULL)
        return NULL;
    cl->bufsize = bc->bufsize ? bc->bufsize : DEFAULT_BUFFER;
    cl->buf = malloc(cl->bufsize);
    int len = snprintf(cl->request, sizeof cl->request, "GET %s HTTP/1.1\r\nHost: %s:%u\r\n\r\n",
                       bc->path, bc->host, bc->port);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)bc->port)};
    cl->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (cl->buf == NULL || len < 0 || len >= (int)sizeof cl->request || cl->bufsize < 1024 ||
        inet_pton(AF_INET, bc->host, &sa.sin_addr) != 1 || cl->fd < 0 ||
        connect(cl->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("raw: connect");
        client_close(cl);
        return NULL;
    }
    cl->request_len = (size_t)len;
    return cl;
}

int client_fetch(struct client *cl, uint64_t *bytes)
{
    if (write(cl->fd, cl->request, cl->request_len) != (ssize_t)cl->request_len)
        return 0;
    size_t have = 0;
    char *end = NULL;
    while (end == NULL) { /* the head: up to the blank line */
        ssize_t n = read(cl->fd, cl->buf + have, cl->bufsize - 1 - have);
        if (n <= 0)
            return 0;
        have += (size_t)n;
        cl->buf[have] = '\0';
        end = strstr(cl->buf, "\r\n\r\n");
        if (end == NULL && have == cl->bufsize - 1)
            return 0;
    }
    *end = '\0';
    const char *cl_line = strstr(cl->buf, "\r\nContent-Length: ");
    if (cl_line == NULL || strncmp(cl->buf, "HTTP/1.1 ", 9) != 0)
        return 0;
    int status = atoi(cl->buf + 9);
    uint64_t length = strtoull(cl_line + 18, NULL, 10);
    uint64_t got = have - (size_t)(end + 4 - cl->buf);
    bench_body(end + 4, got);
    while (got < length) {
        size_t want = length - got < cl->bufsize ? (size_t)(length - got) : cl->bufsize;
        ssize_t n = read(cl->fd, cl->buf, want);
        if (n <= 0)
            return 0;
        bench_body(cl->buf, (size_t)n);
        got += (size_t)n;
    }
    *bytes = got;
    return status;
}

int client_run_parallel(struct client *cl, uint64_t *bytes)
{
    (void)cl, (void)bytes;
    return -1; /* refused by client_open */
}

long client_hold_idle(struct client *cl, int n)
{
    (void)cl, (void)n;
    return -1; /* refused by client_open */
}

long client_connections(struct client *cl)
{
    (void)cl;
    return 1; /* a closed connection fails the next GET */
}

void client_close(struct client *cl)
{
    if (cl->fd >= 0)
        close(cl->fd);
    free(cl->buf);
    free(cl);
}

const char *client_version(void)
{
    return "raw socket client";
}
