/*
 * The openinet side of the bench, used as a user would: one session, one
 * connection handle (OI_FLAG_SECURE and OI_OPT_CA_FILE for https), and
 * either one request handle sent again for every GET (the default) or a
 * fresh request handle per GET (--fresh).  --parallel: as many threads,
 * each sending its own request handle again on the shared connection
 * handle, the session's pool holding one connection per thread.
 */
#include "bench.h"
#include "openinet.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_BUFFER 16384

struct client {
    const struct bench_case *bc;
    oi_handle *session, *conn, *req;
    char *buf;
    size_t bufsize;
};

/* Connections are counted through the status callback, installed only
 * with --count-conns, so the timed runs do not pay for it. */
static atomic_long connected;

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
    return oi_connection_open_request(cl->conn, "GET", cl->bc->path, "HTTP/1.1", NULL, NULL, 0,
                                      req);
}

static int open_handles(struct client *cl, const struct bench_case *bc)
{
    oi_status rc = oi_session_open("openinet-bench", OI_ACCESS_DIRECT, &cl->session);
    if (rc != OI_OK) {
        fprintf(stderr, "openinet: session: %s\n", oi_strerror(rc));
        return 0;
    }
    oi_handle *s = cl->session;
    if (bc->count_conns && (rc = oi_handle_set_callback(s, count_connects)) != OI_OK)
        return fail(s, "set callback", rc);
    long long pooled = bc->parallel > bc->idle ? bc->parallel : bc->idle;
    if (pooled > 6 && ((rc = oi_handle_set_int(s, OI_OPT_MAX_CONNS_PER_SERVER, pooled)) != OI_OK ||
                       (rc = oi_handle_set_int(s, OI_OPT_MAX_IDLE_CONNECTIONS, pooled)) != OI_OK))
        return fail(s, "pool size", rc);
    if (bc->cafile && (rc = oi_handle_set_str(s, OI_OPT_CA_FILE, bc->cafile)) != OI_OK)
        return fail(s, "CA file", rc);
    rc = oi_session_connect(s, bc->host, bc->port, NULL, NULL, bc->cafile ? OI_FLAG_SECURE : 0,
                            &cl->conn);
    if (rc != OI_OK)
        return fail(s, "connect", rc);
    if (!bc->fresh && (rc = open_request(cl, &cl->req)) != OI_OK)
        return fail(cl->conn, "open request", rc);
    return 1;
}

struct client *client_open(const struct bench_case *bc)
{
    struct client *cl = calloc(1, sizeof *cl);
    if (cl == NULL)
        return NULL;
    cl->bc = bc;
    cl->bufsize = bc->bufsize ? bc->bufsize : DEFAULT_BUFFER;
    cl->buf = malloc(cl->bufsize);
    if (cl->buf == NULL || !open_handles(cl, bc)) {
        client_close(cl);
        return NULL;
    }
    return cl;
}

static int send_and_read(oi_handle *req, char *buf, size_t bufsize, uint64_t *bytes)
{
    oi_status rc = oi_request_send(req, NULL, 0, NULL, 0);
    if (rc != OI_OK)
        return fail(req, "send", rc);
    for (;;) {
        size_t n;
        rc = oi_file_read(req, buf, bufsize, &n);
        if (rc != OI_OK)
            return fail(req, "read", rc);
        if (n == 0)
            return oi_request_status(req);
        bench_body(buf, n);
        *bytes += n;
    }
}

int client_fetch(struct client *cl, uint64_t *bytes)
{
    if (!cl->bc->fresh)
        return send_and_read(cl->req, cl->buf, cl->bufsize, bytes);
    oi_handle *req;
    oi_status rc = open_request(cl, &req);
    if (rc != OI_OK)
        return fail(cl->conn, "open request", rc);
    int status = send_and_read(req, cl->buf, cl->bufsize, bytes);
    oi_handle_close(req);
    return status;
}

struct worker {
    struct client *cl;
    pthread_t thread;
    long first, count; /* the GETs this thread makes */
    uint64_t bytes;
    int ok;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    oi_handle *req;
    char *buf = malloc(w->cl->bufsize);
    oi_status rc = open_request(w->cl, &req);
    if (buf == NULL || rc != OI_OK) {
        fail(w->cl->conn, "open request", rc);
        free(buf);
        return NULL;
    }
    w->ok = 1;
    for (long i = 0; i < w->count && w->ok; i++) {
        uint64_t bytes = 0;
        int status = send_and_read(req, buf, w->cl->bufsize, &bytes);
        w->bytes += bytes;
        w->ok = bench_check(w->cl->bc, w->first + i, status, bytes);
    }
    oi_handle_close(req);
    free(buf);
    return NULL;
}

int client_run_parallel(struct client *cl, uint64_t *bytes)
{
    int n = cl->bc->parallel, started = 0, ok = 1;
    struct worker *w = calloc((size_t)n, sizeof *w);
    if (w == NULL)
        return -1;
    for (int i = 0; i < n; i++) {
        w[i].cl = cl;
        w[i].first = cl->bc->count * i / n;
        w[i].count = cl->bc->count * (i + 1) / n - w[i].first;
        if (pthread_create(&w[i].thread, NULL, work, &w[i]) != 0) {
            fprintf(stderr, "openinet: cannot start thread %d\n", i + 1);
            ok = 0;
            break;
        }
        started++;
    }
    for (int i = 0; i < started; i++) {
        pthread_join(w[i].thread, NULL);
        ok = ok && w[i].ok;
        *bytes += w[i].bytes;
    }
    free(w);
    return ok ? 0 : -1;
}

long client_hold_idle(struct client *cl, int n)
{
    oi_handle **reqs = calloc((size_t)n, sizeof *reqs);
    int ok = reqs != NULL;
    for (int i = 0; ok && i < n; i++) { /* send all: each waits for its answer */
        oi_status rc = open_request(cl, &reqs[i]);
        if (rc != OI_OK)
            ok = fail(cl->conn, "open request", rc);
        else if ((rc = oi_request_send(reqs[i], NULL, 0, NULL, 0)) != OI_OK)
            ok = fail(reqs[i], "send", rc);
    }
    for (int i = 0; ok && i < n; i++) { /* then read each to its end */
        uint64_t bytes = 0;
        size_t got;
        oi_status rc;
        while ((rc = oi_file_read(reqs[i], cl->buf, cl->bufsize, &got)) == OI_OK && got > 0)
            bytes += got;
        if (rc != OI_OK)
            ok = fail(reqs[i], "read", rc);
        else
            ok = bench_check(cl->bc, i, oi_request_status(reqs[i]), bytes);
    }
    for (int i = 0; reqs != NULL && i < n; i++)
        oi_handle_close(reqs[i]);
    free(reqs);
    return ok ? connected : -1;
}

long client_connections(struct client *cl)
{
    return cl->bc->count_conns ? connected : -1;
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
