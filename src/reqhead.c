/* The request head: request line, the headers the library adds (Host,
 * User-Agent, credentials, cookies, encodings, framing) and the caller's. */
#include "cookie.h"
#include "decode.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

typedef struct oi_writer {
    oi_request *r;
    int failed;
} oi_writer;

static void oi_put(oi_writer *w, const char *s, size_t n)
{
    oi_request *r = w->r;
    if (w->failed)
        return;
    if (r->out_len + n + 1 > r->out_cap) {
        size_t cap = r->out_cap ? r->out_cap : 512;
        while (cap < r->out_len + n + 1)
            cap *= 2;
        char *out = oi_realloc(r->out, cap);
        if (!out) {
            w->failed = 1;
            return;
        }
        r->out = out;
        r->out_cap = cap;
    }
    memcpy(r->out + r->out_len, s, n);
    r->out_len += n;
    r->out[r->out_len] = '\0';
}

static void oi_puts(oi_writer *w, const char *s)
{
    oi_put(w, s, strlen(s));
}

/* "Name: value\r\n", unless the value is NULL or the caller set that header. */
static void oi_put_default(oi_writer *w, const char *name, const char *value)
{
    if (!value || oi_headers_has(&w->r->headers, name))
        return;
    oi_puts(w, name);
    oi_put(w, ": ", 2);
    oi_puts(w, value);
    oi_put(w, "\r\n", 2);
}

/* Built by hand: it runs for every new request handle, where snprintf
 * alone cost more than the rest of setting the handle up. */
int oi_format_authority(char *out, size_t n, const char *host, unsigned port, int secure)
{
    char tail[8], *t = tail + sizeof tail;
    size_t hn = strlen(host), tn = 0;
    int v6 = memchr(host, ':', hn) != NULL;
    if (port != (secure ? 443u : 80u)) {
        do {
            *--t = (char)('0' + port % 10);
        } while ((port /= 10) && t > tail + 1);
        *--t = ':';
        tn = (size_t)(tail + sizeof tail - t);
    }
    size_t len = hn + tn + (v6 ? 2 : 0);
    if (len + 1 > n)
        return -1;
    char *p = out;
    if (v6)
        *p++ = '[';
    memcpy(p, host, hn);
    p += hn;
    if (v6)
        *p++ = ']';
    memcpy(p, t, tn);
    p[tn] = '\0';
    return (int)len;
}

/* The URL's authority is the Host value: no formatting per request. */
static void oi_put_host(oi_writer *w)
{
    const oi_request *r = w->r;
    if (oi_headers_has(&r->headers, "Host"))
        return;
    const char *authority = strstr(r->url, "://") + 3;
    oi_put(w, "Host: ", 6);
    oi_put(w, authority, (size_t)(r->url + r->authority_end - authority));
    oi_put(w, "\r\n", 2);
}

/* Cookies of the session's jar that match this request. */
static void oi_put_cookies(oi_writer *w)
{
    oi_request *r = w->r;
    if ((r->flags & OI_FLAG_NO_COOKIES) ||
        (oi_request_at_home(r) && oi_headers_has(&r->headers, "Cookie")))
        return;
    oi_cookie_jar *jar = r->h.session->jar; /* atomic: none yet means no cookies */
    if (!jar)
        return;
    int failed = 0;
    char *value = oi_jar_header(jar, r->host, r->path, r->secure, (int64_t)time(NULL), &failed);
    w->failed |= failed;
    oi_put_default(w, "Cookie", value);
    free(value);
}

/* The request target: origin form, or absolute form through an HTTP proxy. */
static void oi_put_target(oi_writer *w)
{
    const oi_request *r = w->r;
    if (r->via_http_proxy && !r->secure)
        oi_put(w, r->url, r->authority_end);
    oi_puts(w, r->path);
}

static int oi_verb_expects_body(const char *verb)
{
    return strcmp(verb, "POST") == 0 || strcmp(verb, "PUT") == 0 || strcmp(verb, "PATCH") == 0;
}

static void oi_put_framing(oi_writer *w, long long body_len)
{
    char line[32];
    if (body_len == -1) {
        oi_put_default(w, "Transfer-Encoding", "chunked");
    } else if (body_len > 0 || oi_verb_expects_body(w->r->method)) {
        snprintf(line, sizeof line, "%lld", body_len > 0 ? body_len : 0);
        oi_put_default(w, "Content-Length", line);
    }
}

static int oi_is_credential_line(const char *line, size_t n)
{
    return (n > 14 && strncasecmp(line, "Authorization:", 14) == 0) ||
           (n > 7 && strncasecmp(line, "Cookie:", 7) == 0);
}

/* The caller's headers; after a redirect to another server, without the
 * credentials and cookies the caller meant for the first one. */
static void oi_put_caller_headers(oi_writer *w)
{
    const oi_header_list *l = &w->r->headers;
    if (!l->len)
        return;
    if (oi_request_at_home(w->r)) {
        oi_put(w, l->buf, l->len);
        return;
    }
    for (size_t pos = 0; pos < l->len;) {
        const char *line = l->buf + pos;
        size_t n = (size_t)((const char *)memchr(line, '\n', l->len - pos) - line) + 1;
        if (!oi_is_credential_line(line, n))
            oi_put(w, line, n);
        pos += n;
    }
}

oi_status oi_build_head(oi_request *r, long long body_len)
{
    oi_writer w = {r, 0};
    r->out_len = 0;
    oi_puts(&w, r->method);
    oi_put(&w, " ", 1);
    oi_put_target(&w);
    oi_puts(&w, r->minor ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n");
    oi_put_host(&w);
    oi_put_default(&w, "User-Agent", oi_opt_str(&r->h, OI_OPTIDX_USER_AGENT));
    oi_put_default(&w, "Accept", r->accept);
    oi_put_default(&w, "Referer", r->referrer);
    oi_put_default(&w, "Authorization", r->authorization);
    if (r->via_http_proxy && !r->secure)
        oi_put_default(&w, "Proxy-Authorization", r->proxy_authorization);
    oi_put_cookies(&w);
    if (oi_opt_int(&r->h, OI_OPTIDX_DECODING))
        oi_put_default(&w, "Accept-Encoding", oi_decoder_accept());
    if (r->minor == 0 && (r->flags & OI_FLAG_KEEP_CONNECTION))
        oi_put_default(&w, "Connection", "keep-alive");
    if (r->flags & OI_FLAG_PRAGMA_NOCACHE)
        oi_put_default(&w, "Pragma", "no-cache");
    oi_put_framing(&w, body_len);
    oi_put_caller_headers(&w);
    oi_put(&w, "\r\n", 2);
    if (w.failed)
        return oi_fail(&r->h, OI_E_OUT_OF_MEMORY, "building the request: out of memory");
    return OI_OK;
}
