/*
 * The libcurl side of the bench, as libcurl documents it: one easy handle
 * reused for every GET (so it keeps its connection), HTTP/1.1 forced, a
 * write callback that only counts; for https, CURLOPT_CAINFO.  --buffer
 * sets CURLOPT_BUFFERSIZE; without it libcurl uses its default.  --fresh
 * does not apply here.  --parallel and --idle use the multi interface, one
 * easy handle per connection wanted.
 */
#include "bench.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

struct transfer {
    CURL *easy;
    uint64_t bytes;
};

struct client {
    const struct bench_case *bc;
    struct transfer one; /* the sequential GETs */
    CURLM *multi;        /* --parallel, --idle */
    long conns;
};

static size_t discard(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct transfer *t = userdata;
    bench_body(data, size * nmemb);
    t->bytes += size * nmemb;
    return size * nmemb;
}

static CURL *new_easy(const struct bench_case *bc, struct transfer *t)
{
    char url[1024];
    if (snprintf(url, sizeof url, "%s://%s:%u%s", bc->cafile ? "https" : "http", bc->host, bc->port,
                 bc->path) >= (int)sizeof url)
        return NULL;
    CURL *e = curl_easy_init();
    int ok = e != NULL && curl_easy_setopt(e, CURLOPT_URL, url) == CURLE_OK &&
             curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1) == CURLE_OK &&
             curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard) == CURLE_OK &&
             curl_easy_setopt(e, CURLOPT_WRITEDATA, t) == CURLE_OK;
    if (ok && bc->bufsize)
        ok = curl_easy_setopt(e, CURLOPT_BUFFERSIZE, (long)bc->bufsize) == CURLE_OK;
    if (ok && bc->cafile)
        ok = curl_easy_setopt(e, CURLOPT_CAINFO, bc->cafile) == CURLE_OK;
    if (!ok) {
        fprintf(stderr, "libcurl: cannot set up an easy handle\n");
        curl_easy_cleanup(e);
        return NULL;
    }
    return e;
}

struct client *client_open(const struct bench_case *bc)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return NULL;
    struct client *cl = calloc(1, sizeof *cl);
    if (cl == NULL)
        return NULL;
    cl->bc = bc;
    int ok = (cl->one.easy = new_easy(bc, &cl->one)) != NULL;
    if (ok && (bc->parallel || bc->idle)) {
        long limit = bc->parallel; /* --idle: no limit, the cache keeps them all */
        ok = (cl->multi = curl_multi_init()) != NULL &&
             curl_multi_setopt(cl->multi, CURLMOPT_MAX_HOST_CONNECTIONS, limit) == CURLM_OK &&
             curl_multi_setopt(cl->multi, CURLMOPT_MAXCONNECTS, 64L + bc->idle) == CURLM_OK;
    }
    if (!ok) {
        client_close(cl);
        return NULL;
    }
    return cl;
}

/* The status of a finished transfer; counts its new connections. */
static int finish(struct client *cl, CURL *e, CURLcode rc)
{
    long status = 0, conns = 0;
    if (rc != CURLE_OK) {
        fprintf(stderr, "libcurl: %s\n", curl_easy_strerror(rc));
        return 0;
    }
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    if (cl->bc->count_conns) {
        curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &conns);
        cl->conns += conns;
    }
    return (int)status;
}

int client_fetch(struct client *cl, uint64_t *bytes)
{
    cl->one.bytes = 0;
    CURLcode rc = curl_easy_perform(cl->one.easy);
    *bytes = cl->one.bytes;
    return finish(cl, cl->one.easy, rc);
}

/* Run `count` GETs through the multi handle, `n` at a time on n easy
 * handles, each restarted (removed and added again) when it finishes. */
static int run_multi(struct client *cl, int n, long count, uint64_t *bytes)
{
    struct transfer *t = calloc((size_t)n, sizeof *t);
    long started = 0, done = 0;
    int ok = t != NULL;
    for (int i = 0; ok && i < n && started < count; i++, started++)
        ok = (t[i].easy = new_easy(cl->bc, &t[i])) != NULL &&
             curl_easy_setopt(t[i].easy, CURLOPT_PRIVATE, &t[i]) == CURLE_OK &&
             curl_multi_add_handle(cl->multi, t[i].easy) == CURLM_OK;
    while (ok && done < count) {
        int running, left, restarted = 0;
        CURLMcode mc = curl_multi_perform(cl->multi, &running);
        CURLMsg *msg;
        while (mc == CURLM_OK && ok && (msg = curl_multi_info_read(cl->multi, &left)) != NULL) {
            struct transfer *x;
            if (msg->msg != CURLMSG_DONE)
                continue;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            ok = bench_check(cl->bc, done, finish(cl, x->easy, msg->data.result), x->bytes);
            *bytes += x->bytes;
            done++;
            curl_multi_remove_handle(cl->multi, x->easy);
            x->bytes = 0;
            if (ok && started < count) {
                ok = curl_multi_add_handle(cl->multi, x->easy) == CURLM_OK;
                started++, restarted++;
            }
        }
        if (mc == CURLM_OK && ok && running > 0 && !restarted) /* wait only with nothing to do */
            mc = curl_multi_poll(cl->multi, NULL, 0, 1000, NULL);
        if (mc != CURLM_OK) {
            fprintf(stderr, "libcurl multi: %s\n", curl_multi_strerror(mc));
            ok = 0;
        }
    }
    for (int i = 0; t != NULL && i < n; i++) {
        if (t[i].easy != NULL)
            curl_multi_remove_handle(cl->multi, t[i].easy);
        curl_easy_cleanup(t[i].easy);
    }
    free(t);
    return ok ? 0 : -1;
}

int client_run_parallel(struct client *cl, uint64_t *bytes)
{
    return run_multi(cl, cl->bc->parallel, cl->bc->count, bytes);
}

long client_hold_idle(struct client *cl, int n)
{
    uint64_t bytes = 0;
    return run_multi(cl, n, n, &bytes) == 0 ? cl->conns : -1;
}

long client_connections(struct client *cl)
{
    return cl->bc->count_conns ? cl->conns : -1;
}

void client_close(struct client *cl)
{
    curl_multi_cleanup(cl->multi);
    curl_easy_cleanup(cl->one.easy);
    free(cl);
    curl_global_cleanup();
}

const char *client_version(void)
{
    static char version[64];
    snprintf(version, sizeof version, "libcurl %s", curl_version_info(CURLVERSION_NOW)->version);
    return version;
}
