/*
 * The openinet side of the bench, used as a user would: one session, one
 * connection handle, and either one request handle sent again for every
 * GET (the default) or a fresh request handle per GET (--fresh).
 */
#include "bench.h"
#include "openinet.h"

#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_BUFFER 16384

struct client {
    oi_handle *session, *conn, *req;
    const char *path;
    int fresh, count_conns;
    char *buf;
    size_t bufsize;
};

/* Connections are counted through the status callback, installed only
 * with --count-conns, so the timed runs do not pay for it. */
static long connected;

static void count_connects(oi_handle *h, void *context, oi_event event, const void *info,
                           size_t info_len)
{
    (void)h, (void)context, (void)info, (void)info_len;
    if (event == OI_EVENT_CONNECTED_TO_SERVER)
        connected++;
}

static int fail(const oi_handle *h, const char *what, oi_status rc)
{
    fprintf(stderr, "openinet: %s: %s (%s)\n", what, oi_handle_message(h), oi_status_name(rc));
    return 0;
}

static oi_status open_request(struct client *cl, oi_handle **req)
{
    return oi_connection_open_request(cl->conn, "GET", cl->path, "HTTP/1.1", NULL, NULL, 0, req);
}

static int open_handles(struct client *cl, const struct bench_case *bc)
{
    oi_status rc = oi_session_open("openinet-bench", OI_ACCESS_DIRECT, &cl->session);
    if (rc != OI_OK) {
        fprintf(stderr, "openinet: session: %s\n", oi_strerror(rc));
        return 0;
    }
    if (bc->count_conns && (rc = oi_handle_set_callback(cl->session, count_connects)) != OI_OK)
        return fail(cl->session, "set callback", rc);
    rc = oi_session_connect(cl->session, bc->host, bc->port, NULL, NULL, 0, &cl->conn);
    if (rc != OI_OK)
        return fail(cl->session, "connect", rc);
    if (!cl->fresh && (rc = open_request(cl, &cl->req)) != OI_OK)
        return fail(cl->conn, "open request", rc);
    return 1;
}

struct client *client_open(const struct bench_case *bc)
{
    struct client *cl = calloc(1, sizeof *cl);
    if (cl == NULL)
        return NULL;
    cl->path = bc->path;
    cl->fresh = bc->fresh;
    cl->count_conns = bc->count_conns;
    cl->bufsize = bc->bufsize ? bc->bufsize : DEFAULT_BUFFER;
    cl->buf = malloc(cl->bufsize);
    if (cl->buf == NULL || !open_handles(cl, bc)) {
        client_close(cl);
        return NULL;
    }
    return cl;
}

static int send_and_read(struct client *cl, oi_handle *req, uint64_t *bytes)
{
    oi_status rc = oi_request_send(req, NULL, 0, NULL, 0);
    if (rc != OI_OK)
        return fail(req, "send", rc);
    for (;;) {
        size_t n;
        rc = oi_file_read(req, cl->buf, cl->bufsize, &n);
        if (rc != OI_OK)
            return fail(req, "read", rc);
        if (n == 0)
            return oi_request_status(req);
        *bytes += n;
    }
}

int client_fetch(struct client *cl, uint64_t *bytes)
{
    if (!cl->fresh)
        return send_and_read(cl, cl->req, bytes);
    oi_handle *req;
    oi_status rc = open_request(cl, &req);
    if (rc != OI_OK)
        return fail(cl->conn, "open request", rc);
    int status = send_and_read(cl, req, bytes);
    oi_handle_close(req);
    return status;
}

long client_connections(struct client *cl)
{
    return cl->count_conns ? connected : -1;
}

void client_close(struct client *cl)
{
    oi_handle_close(cl->session);
    free(cl->buf);
    free(cl);
}

const char *client_version(void)
{
    static char version[64];
    snprintf(version, sizeof version, "openinet %s", oi_version());
    return version;
}
