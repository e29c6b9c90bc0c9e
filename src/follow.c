/* What follows a response: its cookies go to the jar, a challenge is
 * answered once with credentials, a redirect is followed within limits. */
#include "auth.h"
#include "cookie.h"
#include "internal.h"
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OI_MAX_CHALLENGES 16

oi_status oi_request_update_url(oi_request *r)
{
    const char *scheme = r->secure ? "https://" : "http://";
    size_t sn = strlen(scheme), hn = strlen(r->host), pn = strlen(r->path);
    size_t cap = sn + hn + 8 + pn + 1; /* brackets, ':' and five digits at most */
    char *url = oi_malloc(cap);
    if (!url)
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "URL: out of memory");
    memcpy(url, scheme, sn);
    size_t end = sn + (size_t)oi_format_authority(url + sn, cap - sn, r->host, r->port, r->secure);
    memcpy(url + end, r->path, pn + 1);
    free(r->url);
    r->url = url;
    r->authority_end = end;
    return OI_OK;
}

/* Replace the route; credentials meant for the old server do not follow. */
static oi_status oi_request_route_to(oi_request *r, int secure, const char *host, unsigned port,
                                     const char *path)
{
    char *h = oi_strdup(host), *p = oi_strdup(path);
    if (!h || !p) {
        free(h);
        free(p);
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "redirect: out of memory");
    }
    if (secure != r->secure || port != r->port || strcmp(host, r->host) != 0) {
        free(r->authorization);
        r->authorization = NULL;
        oi_request_forget_challenge(r);
    }
    free(r->host);
    free(r->path);
    r->secure = secure;
    r->host = h;
    r->port = port;
    r->path = p;
    return oi_request_update_url(r);
}

oi_status oi_request_reset_route(oi_request *r)
{
    const oi_connection *c = (const oi_connection *)r->h.parent;
    r->redirected = 0;
    return oi_request_route_to(r, (c->flags & OI_FLAG_SECURE) != 0, c->host, c->port, r->target);
}

OI_API const char *oi_request_final_url(const oi_handle *h)
{
    if (!h || h->type != OI_HANDLE_REQUEST)
        return NULL;
    const oi_request *r = (const oi_request *)h;
    return r->head_len ? r->url : NULL;
}

oi_status oi_request_set_url(oi_request *r, const char *url)
{
    oi_url u;
    int rc = oi_url_parse(&u, url, (size_t)-1);
    if (rc == -2)
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "redirect: out of memory");
    if (rc < 0)
        return oi_fail(&r->h, OI_E_INVALID_URL, "invalid redirect URL \"%.100s\"", url);
    oi_status st;
    if (u.scheme != OI_SCHEME_HTTP && u.scheme != OI_SCHEME_HTTPS)
        st = oi_fail(&r->h, OI_E_REDIRECT_FAILED,
                     "redirect to \"%.100s\" not followed: only http and https are", url);
    else
        st = oi_request_route_to(r, u.scheme == OI_SCHEME_HTTPS, u.host, u.port, u.target);
    oi_url_free(&u);
    if (st == OI_OK)
        r->redirected = 1;
    /* Another host may take another proxy, or none. */
    return st == OI_OK ? oi_route_plan(r) : st;
}

/* ---- cookies ---- */

/* Returns 0, or -1 when memory ran out (a cookie lost silently would
 * change what later requests send). */
static int oi_store_cookies(oi_request *r)
{
    if (r->flags & OI_FLAG_NO_COOKIES)
        return 0;
    int64_t now = (int64_t)time(NULL);
    const char *value;
    size_t len;
    for (size_t i = 0; oi_request_header(&r->h, "Set-Cookie", i, &value, &len) == OI_OK; i++) {
        oi_cookie_jar *jar = oi_session_jar(&r->h.session->h);
        if (!jar || oi_jar_store(jar, r->host, r->path, r->secure, 1, value, len, now) == -2)
            return -1;
    }
    return 0;
}

/* ---- authentication ---- */

typedef struct oi_credentials {
    const char *user, *password;
} oi_credentials;

int oi_request_at_home(const oi_request *r)
{
    const oi_connection *c = (const oi_connection *)r->h.parent;
    return r->secure == ((c->flags & OI_FLAG_SECURE) != 0) && r->port == c->port &&
           strcmp(r->host, c->host) == 0;
}

/* Server credentials go only to the connection's own server. */
static oi_credentials oi_server_credentials(const oi_request *r)
{
    const oi_connection *c = (const oi_connection *)r->h.parent;
    oi_credentials none = {NULL, NULL};
    if (!oi_request_at_home(r))
        return none;
    if (c->user)
        return (oi_credentials){c->user, c->password};
    return (oi_credentials){oi_opt_str(&r->h, OI_OPTIDX_USERNAME),
                            oi_opt_str(&r->h, OI_OPTIDX_PASSWORD)};
}

void oi_request_forget_challenge(oi_request *r)
{
    if (r->challenge) {
        oi_auth_challenge_free(r->challenge);
        free(r->challenge);
    }
    r->challenge = NULL;
    r->nc = 0;
}

/* The answer to the current challenge, counting one more use of it. */
static char *oi_answer(oi_request *r, oi_credentials cred)
{
    return oi_auth_response(r->challenge, cred.user, cred.password ? cred.password : "", r->method,
                            r->path, ++r->nc, NULL);
}

oi_status oi_request_authorize(oi_request *r)
{
    if (!r->challenge || r->challenge->scheme != OI_AUTH_DIGEST)
        return OI_OK;
    oi_credentials cred = oi_server_credentials(r);
    if (!cred.user)
        return OI_OK;
    char *answer = oi_answer(r, cred);
    if (!answer)
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "authorization: out of memory");
    free(r->authorization);
    r->authorization = answer;
    return OI_OK;
}

/* Keep the strongest challenge of the response's WWW-Authenticate headers. */
static int oi_take_challenge(oi_request *r)
{
    const char *values[OI_MAX_CHALLENGES];
    size_t lens[OI_MAX_CHALLENGES], n = 0;
    while (n < OI_MAX_CHALLENGES &&
           oi_request_header(&r->h, "WWW-Authenticate", n, &values[n], &lens[n]) == OI_OK)
        n++;
    oi_auth_challenge *ch = oi_calloc(1, sizeof *ch);
    int rc = ch ? oi_auth_parse(values, lens, n, ch) : -2;
    if (rc != 0) {
        free(ch);
        return rc == -2 ? -1 : 0;
    }
    oi_request_forget_challenge(r);
    r->challenge = ch;
    return 1;
}

/* 407 from an HTTP proxy carrying plain http: answer once per send.
 * Returns 1 to send again, 0 when the 407 is the answer, -1 out of memory. */
static int oi_follow_proxy_auth(oi_request *r)
{
    if (r->resp.status != 407 || !r->via_http_proxy || r->secure || (r->auth_tried & 2))
        return 0;
    const char *values[OI_MAX_CHALLENGES];
    size_t lens[OI_MAX_CHALLENGES], n = 0;
    while (n < OI_MAX_CHALLENGES &&
           oi_request_header(&r->h, "Proxy-Authenticate", n, &values[n], &lens[n]) == OI_OK)
        n++;
    char *answer = NULL;
    int rc = oi_route_proxy_answer(r, values, lens, n, r->method, r->url, &answer);
    if (rc <= 0)
        return rc;
    free(r->proxy_authorization);
    r->proxy_authorization = answer;
    r->auth_tried |= 2;
    return 1;
}

/* 401: answer once per send; a second 401 is the answer the caller reads.
 * Returns 1 to send again, 0 when the 401 is the answer, -1 out of memory. */
static int oi_follow_auth(oi_request *r)
{
    if (r->resp.status != 401 || (r->flags & OI_FLAG_NO_AUTH) || (r->auth_tried & 1))
        return 0;
    oi_credentials cred = oi_server_credentials(r);
    if (!cred.user)
        return 0;
    int rc = oi_take_challenge(r);
    if (rc <= 0)
        return rc;
    char *answer = oi_answer(r, cred);
    if (!answer)
        return -1;
    free(r->authorization);
    r->authorization = answer;
    r->auth_tried |= 1;
    return 1;
}

/* ---- redirects ---- */

static int oi_is_redirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* Resolve the Location against the current URL; the caller frees *next. */
static oi_status oi_redirect_target(oi_request *r, char **next)
{
    const char *loc;
    size_t len;
    oi_request_header(&r->h, "Location", 0, &loc, &len);
    char *ref = oi_malloc(len + 1);
    if (!ref)
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "redirect: out of memory");
    memcpy(ref, loc, len);
    ref[len] = '\0';
    int rc = oi_url_resolve(r->url, ref, next);
    oi_status st =
        rc == 0    ? OI_OK
        : rc == -2 ? oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "redirect: out of memory")
                   : oi_fail(&r->h, OI_E_INVALID_URL, "invalid redirect location \"%.100s\"", ref);
    free(ref);
    return st;
}

static oi_status oi_follow_redirect(oi_request *r, int replayable, int *again, int *drop_body)
{
    int status = r->resp.status;
    if (!oi_is_redirect(status) || (r->flags & OI_FLAG_NO_AUTO_REDIRECT) ||
        oi_request_header(&r->h, "Location", 0, NULL, NULL) != OI_OK)
        return OI_OK;
    int to_get = (status == 303 && strcmp(r->method, "HEAD") != 0) ||
                 ((status == 301 || status == 302) && strcmp(r->method, "POST") == 0);
    if (!replayable && !to_get)
        return OI_OK; /* the body it needs again is gone: this is the answer */
    long long max = oi_opt_int(&r->h, OI_OPTIDX_MAX_REDIRECTS);
    if (r->hops >= max)
        return oi_fail(&r->h, OI_E_REDIRECT_FAILED, "stopped after %u redirects", r->hops);
    char *next;
    oi_status st = oi_redirect_target(r, &next);
    if (st != OI_OK)
        return st;
    if (strncmp(next, "http:", 5) != 0 && strncmp(next, "https:", 6) != 0) {
        st = oi_fail(&r->h, OI_E_REDIRECT_FAILED,
                     "redirect to \"%.100s\" not followed: only http and https are", next);
        free(next);
        return st;
    }
    if (r->secure && strncmp(next, "http:", 5) == 0 &&
        !oi_opt_int(&r->h, OI_OPTIDX_ALLOW_HTTPS_TO_HTTP)) {
        st = oi_fail(&r->h, OI_E_HTTPS_TO_HTTP_REDIRECT, "redirect from %s to %.100s refused",
                     r->url, next);
        free(next);
        return st;
    }
    oi_notify(&r->h, OI_EVENT_REDIRECT, next, strlen(next) + 1);
    oi_request_release(r);
    st = oi_request_set_url(r, next);
    free(next);
    if (st != OI_OK)
        return st;
    if (to_get) {
        r->method = "GET";
        *drop_body = 1;
    }
    r->hops++;
    *again = 1;
    return OI_OK;
}

oi_status oi_request_next(oi_request *r, int replayable, int *again, int *drop_body)
{
    *again = 0;
    *drop_body = 0;
    int rc = oi_store_cookies(r);
    if (rc == 0 && replayable && (rc = oi_follow_auth(r)) == 0)
        rc = oi_follow_proxy_auth(r);
    if (rc < 0)
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "after the response: out of memory");
    if (rc > 0) {
        oi_request_release(r);
        *again = 1;
        return OI_OK;
    }
    return oi_follow_redirect(r, replayable, again, drop_body);
}
