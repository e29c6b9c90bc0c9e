/* The handle tree: creation, errors, status events and closing. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t *oi_tree_lock(oi_handle *h)
{
    return h->session ? &h->session->tree_lock : NULL;
}

void oi_handle_init(oi_handle *h, oi_handle_type type, oi_handle *parent,
                    void (*destroy)(oi_handle *))
{
    h->type = type;
    h->destroy = destroy;
    h->parent = parent;
    if (!parent)
        return; /* a session is its own root; session.c sets h->session */
    h->session = parent->session;
    h->context = parent->context; /* until the caller sets its own */
    pthread_mutex_lock(oi_tree_lock(h));
    h->next = parent->child;
    if (parent->child)
        parent->child->prev = h;
    parent->child = h;
    pthread_mutex_unlock(oi_tree_lock(h));
}

/* Sessions and connections may fail in several threads at once (open_url,
 * cookie calls); their last error is written under this lock.  Requests
 * are used by one thread at a time and need none. */
static pthread_mutex_t oi_shared_error_lock = PTHREAD_MUTEX_INITIALIZER;

static int oi_error_shared(const oi_handle *h)
{
    return h->type != OI_HANDLE_REQUEST && h->type != OI_HANDLE_FILE;
}

static void oi_error_lock(const oi_handle *h)
{
    if (oi_error_shared(h))
        pthread_mutex_lock(&oi_shared_error_lock);
}

static void oi_error_unlock(const oi_handle *h)
{
    if (oi_error_shared(h))
        pthread_mutex_unlock(&oi_shared_error_lock);
}

oi_status oi_vfail(oi_handle *h, oi_status code, const char *fmt, va_list ap)
{
    oi_error_lock(h);
    h->error = code;
    vsnprintf(h->message, sizeof h->message, fmt, ap);
    oi_error_unlock(h);
    return code;
}

oi_status oi_fail(oi_handle *h, oi_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    oi_vfail(h, code, fmt, ap);
    va_end(ap);
    return code;
}

void oi_clear_error(oi_handle *h)
{
    oi_error_lock(h);
    h->error = OI_OK;
    h->message[0] = '\0';
    oi_error_unlock(h);
}

void oi_notify(oi_handle *h, oi_event event, const void *info, size_t info_len)
{
    for (const oi_handle *p = h; p; p = p->parent) {
        if (p->callback) {
            p->callback(h, h->context, event, info, info_len);
            return;
        }
    }
}

oi_status oi_check_kind(oi_handle *h, oi_handle_type type)
{
    if (!h)
        return OI_E_INVALID_PARAMETER;
    oi_clear_error(h);
    if (h->type != type)
        return oi_fail(h, OI_E_INCORRECT_HANDLE_TYPE,
                       "handle of kind %d used where kind %d is expected", (int)h->type, (int)type);
    return OI_OK;
}

static void oi_handle_unlink(oi_handle *h)
{
    oi_handle *parent = h->parent;
    if (!parent)
        return;
    pthread_mutex_t *lock = oi_tree_lock(h);
    pthread_mutex_lock(lock);
    if (h->prev)
        h->prev->next = h->next;
    else
        parent->child = h->next;
    if (h->next)
        h->next->prev = h->prev;
    pthread_mutex_unlock(lock);
}

/* Close h and its subtree, leaves first. */
void oi_handle_destroy(oi_handle *h)
{
    for (;;) {
        pthread_mutex_t *lock = oi_tree_lock(h);
        pthread_mutex_lock(lock);
        oi_handle *child = h->child;
        pthread_mutex_unlock(lock);
        if (!child)
            break;
        oi_handle_destroy(child);
    }
    /* Connections close before the handle says it is closing, as in
     * WinInet: HANDLE_CLOSING is the last event of a handle. */
    if (h->type == OI_HANDLE_REQUEST)
        oi_request_cancel((oi_request *)h); /* a call in another thread ends first */
    if (h->release)
        h->release(h);
    oi_handle *self = h;
    oi_notify(h, OI_EVENT_HANDLE_CLOSING, &self, sizeof self);
    oi_handle_unlink(h);
    h->destroy(h);
    oi_options_free(&h->options);
    free(h);
}

OI_API oi_status oi_handle_close(oi_handle *h)
{
    if (!h)
        return OI_OK;
    /* The hidden connection of open_url lives and dies with its request. */
    if (h->type == OI_HANDLE_REQUEST && ((oi_connection *)h->parent)->hidden)
        h = h->parent;
    oi_handle_destroy(h);
    return OI_OK;
}

OI_API oi_handle_type oi_handle_kind(const oi_handle *h)
{
    return h->type;
}

OI_API oi_status oi_handle_error(const oi_handle *h)
{
    return h ? h->error : OI_E_INVALID_PARAMETER;
}

OI_API const char *oi_handle_message(const oi_handle *h)
{
    return h ? h->message : "";
}

OI_API oi_status oi_handle_set_callback(oi_handle *h, oi_callback cb)
{
    if (!h)
        return OI_E_INVALID_PARAMETER;
    h->callback = cb;
    return OI_OK;
}

OI_API oi_status oi_handle_set_context(oi_handle *h, void *context)
{
    if (!h)
        return OI_E_INVALID_PARAMETER;
    h->context = context;
    return OI_OK;
}
