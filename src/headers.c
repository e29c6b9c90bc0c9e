/* Request headers set by the caller, kept as wire-ready "Name: value\r\n"
 * lines in one buffer, with WinInet's add/replace/add-if-new/coalesce. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct oi_span {
    const char *p;
    size_t n;
} oi_span;

typedef struct oi_header_line {
    oi_span name, value;
} oi_header_line;

static int oi_reserve(oi_header_list *l, size_t more)
{
    if (l->len + more <= l->cap)
        return 0;
    size_t cap = l->cap ? l->cap : 256;
    while (cap < l->len + more)
        cap *= 2;
    char *buf = oi_realloc(l->buf, cap);
    if (!buf)
        return -1;
    l->buf = buf;
    l->cap = cap;
    return 0;
}

/* Start offset of the first line named `name` (*end: just past it), or -1. */
static long oi_find(const oi_header_list *l, oi_span name, size_t *end)
{
    size_t pos = 0;
    while (pos < l->len) {
        const char *line = l->buf + pos;
        const char *eol = memchr(line, '\n', l->len - pos);
        size_t next = (size_t)(eol - l->buf) + 1;
        if (next - pos > name.n && line[name.n] == ':' && strncasecmp(line, name.p, name.n) == 0) {
            *end = next;
            return (long)pos;
        }
        pos = next;
    }
    return -1;
}

int oi_headers_has(const oi_header_list *l, const char *name)
{
    size_t end;
    oi_span s = {name, strlen(name)};
    return oi_find(l, s, &end) >= 0;
}

static void oi_remove_all(oi_header_list *l, oi_span name)
{
    size_t end;
    long start;
    while ((start = oi_find(l, name, &end)) >= 0) {
        memmove(l->buf + start, l->buf + end, l->len - end);
        l->len -= end - (size_t)start;
    }
}

static int oi_append(oi_header_list *l, const oi_header_line *h)
{
    if (oi_reserve(l, h->name.n + h->value.n + 4) < 0)
        return -1;
    char *p = l->buf + l->len;
    memcpy(p, h->name.p, h->name.n);
    p += h->name.n;
    *p++ = ':';
    *p++ = ' ';
    memcpy(p, h->value.p, h->value.n);
    p += h->value.n;
    *p++ = '\r';
    *p++ = '\n';
    l->len = (size_t)(p - l->buf);
    return 0;
}

/* Append sep and the value to the first line with that name. */
static int oi_coalesce(oi_header_list *l, const oi_header_line *h, char sep)
{
    size_t end;
    if (oi_find(l, h->name, &end) < 0)
        return oi_append(l, h);
    size_t add = h->value.n + 2;
    if (oi_reserve(l, add) < 0)
        return -1;
    size_t at = end - 2; /* before the CRLF */
    memmove(l->buf + at + add, l->buf + at, l->len - at);
    l->buf[at] = sep;
    l->buf[at + 1] = ' ';
    memcpy(l->buf + at + 2, h->value.p, h->value.n);
    l->len += add;
    return 0;
}

static int oi_is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Split one "Name: value" line; 0 if well formed. */
static int oi_parse_line(const char *p, size_t n, oi_header_line *out)
{
    const char *colon = memchr(p, ':', n);
    if (!colon || colon == p)
        return -1;
    out->name.p = p;
    out->name.n = (size_t)(colon - p);
    for (size_t i = 0; i < out->name.n; i++)
        if (!oi_http1_is_tchar((unsigned char)p[i]))
            return -1;
    const char *v = colon + 1, *end = p + n;
    while (v < end && oi_is_space(*v))
        v++;
    while (end > v && oi_is_space(end[-1]))
        end--;
    for (const char *q = v; q < end; q++)
        if (((unsigned char)*q < 0x20 && *q != '\t') || *q == 0x7f)
            return -1; /* CR, LF, NUL and other controls would split or smuggle */
    out->value.p = v;
    out->value.n = (size_t)(end - v);
    return 0;
}

static int oi_apply_one(oi_header_list *l, const oi_header_line *h, unsigned modifiers)
{
    if (modifiers & OI_HEADER_REPLACE) {
        oi_remove_all(l, h->name);
        return h->value.n ? oi_append(l, h) : 0;
    }
    if (modifiers & OI_HEADER_COALESCE)
        return oi_coalesce(l, h, ',');
    if (modifiers & OI_HEADER_COALESCE_SEMICOLON)
        return oi_coalesce(l, h, ';');
    return oi_append(l, h);
}

/* Calls fn on each non-empty line of text; stops at the first non-zero. */
static int oi_each_line(const char *text, size_t len,
                        int (*fn)(const char *line, size_t n, void *arg), void *arg)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *stop = eol ? eol : end;
        size_t n = (size_t)(stop - p);
        if (n && p[n - 1] == '\r')
            n--;
        if (n) {
            int r = fn(p, n, arg);
            if (r)
                return r;
        }
        p = eol ? eol + 1 : end;
    }
    return 0;
}

typedef struct oi_apply_ctx {
    oi_header_list *list;
    unsigned modifiers;
    oi_header_line bad; /* the offending line's name, for the message */
} oi_apply_ctx;

static int oi_check_line(const char *line, size_t n, void *arg)
{
    oi_apply_ctx *ctx = arg;
    oi_header_line h;
    size_t end;
    if (oi_parse_line(line, n, &h) < 0) {
        ctx->bad.name.p = line;
        ctx->bad.name.n = n > 40 ? 40 : n;
        return 1;
    }
    if ((ctx->modifiers & OI_HEADER_ADD_IF_NEW) && !(ctx->modifiers & OI_HEADER_REPLACE) &&
        oi_find(ctx->list, h.name, &end) >= 0) {
        ctx->bad = h;
        return 2;
    }
    return 0;
}

static int oi_apply_line(const char *line, size_t n, void *arg)
{
    oi_apply_ctx *ctx = arg;
    oi_header_line h;
    oi_parse_line(line, n, &h);
    return oi_apply_one(ctx->list, &h, ctx->modifiers) < 0 ? 3 : 0;
}

oi_status oi_headers_apply(oi_handle *h, oi_header_list *l, const char *text, size_t len,
                           unsigned modifiers)
{
    oi_apply_ctx ctx = {l, modifiers, {{NULL, 0}, {NULL, 0}}};
    if (len == (size_t)-1)
        len = strlen(text);
    /* Check every line first so that a bad one leaves the list unchanged. */
    int r = oi_each_line(text, len, oi_check_line, &ctx);
    if (r == 1)
        return oi_fail(h, OI_E_INVALID_HEADER, "invalid header line \"%.*s\"", (int)ctx.bad.name.n,
                       ctx.bad.name.p);
    if (r == 2)
        return oi_fail(h, OI_E_HEADER_EXISTS, "header %.*s is already set", (int)ctx.bad.name.n,
                       ctx.bad.name.p);
    if (oi_each_line(text, len, oi_apply_line, &ctx))
        return oi_fail(h, OI_E_OUT_OF_MEMORY, "adding headers: out of memory");
    return OI_OK;
}

void oi_headers_free(oi_header_list *l)
{
    free(l->buf);
    l->buf = NULL;
    l->len = l->cap = 0;
}
