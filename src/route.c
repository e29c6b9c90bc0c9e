/* Connecting a request to its current route: a pooled connection when one
 * is idle, else a new one, with TLS for https. */
#include "internal.h"
#include "tls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The pool key says everything that makes two connections interchangeable. */
static void oi_route_key(const oi_request *r, char *key, size_t n)
{
    snprintf(key, n, "%s://%s:%u", r->secure ? "https" : "http", r->host, r->port);
}

/* Keep the peer certificate's description with the request: the
 * connection goes back to the pool long before the caller asks. */
static oi_status oi_route_keep_certificate(oi_request *r)
{
    free(r->cert_block);
    r->cert_block = NULL;
    if (!r->conn->tls)
        return OI_OK;
    if (oi_tls_certificate(r->conn, &r->cert_block, &r->cert) != OI_OK)
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "certificate details: out of memory");
    return OI_OK;
}

static oi_status oi_route_open(oi_request *r, const char *key)
{
    oi_status st = oi_conn_open(&r->h, r->host, r->port, r->deadline, &r->conn);
    if (st == OI_OK && !(r->conn->key = oi_strdup(key)))
        st = oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "connect: out of memory");
    if (st == OI_OK && r->secure)
        st = oi_conn_start_tls(&r->h, r->conn, r->host, r->deadline);
    if (st != OI_OK && r->conn) {
        oi_conn_close(r->conn);
        r->conn = NULL;
    }
    return st;
}

oi_status oi_route_connect(oi_request *r, int pooled, int *reused)
{
    char key[320];
    oi_route_key(r, key, sizeof key);
    r->conn = pooled ? oi_pool_take(&r->h.session->pool, key) : NULL;
    *reused = r->conn != NULL;
    oi_status st = r->conn ? OI_OK : oi_route_open(r, key);
    if (st == OI_OK && r->secure)
        st = oi_route_keep_certificate(r);
    return st;
}

OI_API oi_status oi_request_certificate(const oi_handle *h, oi_certificate_info *info)
{
    if (!h || !info)
        return OI_E_INVALID_PARAMETER;
    if (h->type != OI_HANDLE_REQUEST)
        return OI_E_INCORRECT_HANDLE_TYPE;
    const oi_request *r = (const oi_request *)h;
    if (!r->cert_block)
        return OI_E_INCORRECT_HANDLE_STATE;
    *info = r->cert;
    return OI_OK;
}
