/* Sessions, connection handles and open_url. */
#include "cookie.h"
#include "internal.h"
#include "tls.h"
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oi_session_release(oi_handle *h)
{
    oi_pool_close_all(&((oi_session *)h)->pool, h);
}

static void oi_session_destroy(oi_handle *h)
{
    oi_session *s = (oi_session *)h;
    oi_tls_cache_free(s->tls);
    oi_jar_free(s->jar);
    pthread_mutex_destroy(&s->tree_lock);
}

OI_API oi_status oi_session_open(const char *user_agent, oi_access access, oi_handle **out)
{
    if (!out)
        return OI_E_INVALID_PARAMETER;
    *out = NULL;
    if (access != OI_ACCESS_DIRECT && access != OI_ACCESS_PRECONFIG && access != OI_ACCESS_PROXY)
        return OI_E_INVALID_PARAMETER;
    oi_session *s = oi_calloc(1, sizeof *s);
    if (!s)
        return OI_E_OUT_OF_MEMORY;
    oi_handle_init(&s->h, OI_HANDLE_SESSION, NULL, oi_session_destroy);
    s->h.session = s;
    s->h.release = oi_session_release;
    s->access = access;
    pthread_mutex_init(&s->tree_lock, NULL);
    oi_pool_init(&s->pool);
    if (oi_handle_set_str(&s->h, OI_OPT_USER_AGENT,
                          user_agent ? user_agent : "openinet/" OI_VERSION_STRING) != OI_OK) {
        oi_handle_close(&s->h);
        return OI_E_OUT_OF_MEMORY;
    }
    *out = &s->h;
    oi_handle *self = &s->h;
    oi_notify(self, OI_EVENT_HANDLE_CREATED, &self, sizeof self);
    return OI_OK;
}

static void oi_connection_destroy(oi_handle *h)
{
    oi_connection *c = (oi_connection *)h;
    free(c->host);
    free(c->user);
    free(c->password);
}

static oi_status oi_connection_create(oi_handle *session, const char *host, unsigned port,
                                      const char *user, const char *password, unsigned flags,
                                      int hidden, oi_connection **out)
{
    oi_connection *c = oi_calloc(1, sizeof *c);
    if (!c)
        return oi_fail(session, OI_E_OUT_OF_MEMORY, "connect to %s: out of memory", host);
    c->port = port ? port : (flags & OI_FLAG_SECURE) ? 443 : 80;
    c->flags = flags;
    c->hidden = hidden;
    c->host = oi_strdup(host);
    c->user = oi_strdup(user);
    c->password = oi_strdup(password);
    oi_handle_init(&c->h, OI_HANDLE_CONNECTION, session, oi_connection_destroy);
    if (!c->host || (user && !c->user) || (password && !c->password)) {
        oi_handle_close(&c->h);
        return oi_fail(session, OI_E_OUT_OF_MEMORY, "connect to %s: out of memory", host);
    }
    *out = c;
    if (!hidden) {
        oi_handle *self = &c->h;
        oi_notify(self, OI_EVENT_HANDLE_CREATED, &self, sizeof self);
    }
    return OI_OK;
}

OI_API oi_status oi_session_connect(oi_handle *session, const char *host, unsigned port,
                                    const char *user, const char *password, unsigned flags,
                                    oi_handle **out)
{
    if (out)
        *out = NULL;
    oi_status st = oi_check_kind(session, OI_HANDLE_SESSION);
    if (st != OI_OK)
        return st;
    if (!out)
        return oi_fail(session, OI_E_INVALID_PARAMETER, "connect: no place for the handle");
    if (!host || !*host || port > 65535)
        return oi_fail(session, OI_E_INVALID_PARAMETER, "connect: %s",
                       (!host || !*host) ? "empty host name" : "port out of range");
    oi_connection *c;
    st = oi_connection_create(session, host, port, user, password, flags, 0, &c);
    if (st == OI_OK)
        *out = &c->h;
    return st;
}

/* The failure of a handle about to be closed, moved to the session. */
static oi_status oi_fail_from(oi_handle *session, const oi_handle *h, oi_status st)
{
    return oi_fail(session, st, "%s", h->message);
}

static oi_status oi_open_http(oi_handle *session, const oi_url *u, const char *headers,
                              size_t headers_len, unsigned flags, oi_handle **out)
{
    oi_connection *c;
    /* User info in a URL is percent-encoded; credentials are not. */
    if ((u->user && oi_url_unescape(u->user) < 0) ||
        (u->password && oi_url_unescape(u->password) < 0))
        return oi_fail(session, OI_E_INVALID_URL, "URL: bad escape in the user name or password");
    unsigned secure = u->scheme == OI_SCHEME_HTTPS ? OI_FLAG_SECURE : 0;
    oi_status st =
        oi_connection_create(session, u->host, u->port, u->user, u->password, secure, 1, &c);
    if (st != OI_OK)
        return st;
    oi_request *r;
    st = oi_request_create(c, "GET", u->target, 1, NULL, NULL, flags, &r);
    if (st == OI_OK) {
        st = oi_request_send(&r->h, headers, headers_len, NULL, 0);
        /* A failed status with FAIL_ON_ERROR still gives the handle back. */
        if (st == OI_OK || r->state == OI_REQ_RECEIVED) {
            *out = &r->h;
            if (st != OI_OK)
                oi_fail_from(session, &r->h, st);
            return st;
        }
        oi_fail_from(session, &r->h, st);
    } else {
        oi_fail_from(session, &c->h, st);
    }
    oi_handle_close(&c->h);
    return st;
}

static oi_status oi_open_file_url(oi_handle *session, const oi_url *u, oi_handle **out)
{
    if (oi_url_unescape(u->path) < 0)
        return oi_fail(session, OI_E_INVALID_URL, "file URL: bad escape in path");
    return oi_file_open(session, u->path, out);
}

OI_API oi_status oi_session_open_url(oi_handle *session, const char *url, const char *headers,
                                     size_t headers_len, unsigned flags, oi_handle **out)
{
    if (out)
        *out = NULL;
    oi_status st = oi_check_kind(session, OI_HANDLE_SESSION);
    if (st != OI_OK)
        return st;
    if (!url || !out)
        return oi_fail(session, OI_E_INVALID_PARAMETER, "open URL: no %s", url ? "out" : "URL");
    oi_url u;
    int rc = oi_url_parse(&u, url, (size_t)-1);
    if (rc == -2)
        return oi_fail(session, OI_E_OUT_OF_MEMORY, "open URL: out of memory");
    if (rc < 0)
        return oi_fail(session, OI_E_INVALID_URL, "malformed URL \"%.100s\"", url);
    if (u.scheme == OI_SCHEME_HTTP || u.scheme == OI_SCHEME_HTTPS)
        st = oi_open_http(session, &u, headers, headers_len, flags, out);
    else if (u.scheme == OI_SCHEME_FILE)
        st = oi_open_file_url(session, &u, out);
    else
        st = oi_fail(session, OI_E_UNRECOGNIZED_SCHEME, "URL scheme \"%s\" is not supported",
                     u.scheme_name);
    oi_url_free(&u);
    return st;
}
