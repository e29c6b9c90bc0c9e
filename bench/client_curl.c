/*
 * The libcurl side of the bench, as libcurl documents it: one easy handle
 * reused for every GET (so it keeps its connection), HTTP/1.1 forced, a
 * write callback that only counts.  --buffer sets CURLOPT_BUFFERSIZE;
 * without it libcurl uses its default.  --fresh does not apply here.
 */
#include "bench.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

struct client {
    CURL *easy;
    uint64_t bytes;
    long conns;
    int count_conns;
};

static size_t discard(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct client *cl = userdata;
    (void)data;
    cl->bytes += size * nmemb;
    return size * nmemb;
}

static int setup(struct client *cl, const struct bench_case *bc)
{
    char url[1024];
    if (snprintf(url, sizeof url, "http://%s:%u%s", bc->host, bc->port, bc->path) >=
        (int)sizeof url)
        return 0;
    CURL *e = cl->easy;
    int ok = curl_easy_setopt(e, CURLOPT_URL, url) == CURLE_OK &&
             curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1) == CURLE_OK &&
             curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard) == CURLE_OK &&
             curl_easy_setopt(e, CURLOPT_WRITEDATA, cl) == CURLE_OK;
    if (ok && bc->bufsize)
        ok = curl_easy_setopt(e, CURLOPT_BUFFERSIZE, (long)bc->bufsize) == CURLE_OK;
    return ok;
}

struct client *client_open(const struct bench_case *bc)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return NULL;
    struct client *cl = calloc(1, sizeof *cl);
    if (cl == NULL)
        return NULL;
    cl->count_conns = bc->count_conns;
    cl->easy = curl_easy_init();
    if (cl->easy == NULL || !setup(cl, bc)) {
        fprintf(stderr, "libcurl: cannot set up the easy handle\n");
        client_close(cl);
        return NULL;
    }
    return cl;
}

int client_fetch(struct client *cl, uint64_t *bytes)
{
    long status = 0, conns = 0;
    cl->bytes = 0;
    CURLcode rc = curl_easy_perform(cl->easy);
    *bytes = cl->bytes;
    if (rc != CURLE_OK) {
        fprintf(stderr, "libcurl: %s\n", curl_easy_strerror(rc));
        return 0;
    }
    curl_easy_getinfo(cl->easy, CURLINFO_RESPONSE_CODE, &status);
    if (cl->count_conns) {
        curl_easy_getinfo(cl->easy, CURLINFO_NUM_CONNECTS, &conns);
        cl->conns += conns;
    }
    return (int)status;
}

long client_connections(struct client *cl)
{
    return cl->count_conns ? cl->conns : -1;
}

void client_close(struct client *cl)
{
    curl_easy_cleanup(cl->easy);
    free(cl);
    curl_global_cleanup();
}

const char *client_version(void)
{
    static char version[64];
    snprintf(version, sizeof version, "libcurl %s", curl_version_info(CURLVERSION_NOW)->version);
    return version;
}
