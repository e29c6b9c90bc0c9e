/* WinInet handles: the table that maps HINTERNET values to engine handles,
 * closing, the thread's last error, status callbacks and the trampoline
 * that turns engine events into WinInet's, and the buffer-size protocol. */
#include "compat.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the thread's state ---- */

static _Thread_local DWORD oi_wininet_last_error;
static _Thread_local DWORD oi_wininet_response_error;
static _Thread_local char oi_wininet_response[sizeof((oi_handle *)0)->message];

OI_API DWORD WINAPI GetLastError(void)
{
    return oi_wininet_last_error;
}

OI_API void WINAPI SetLastError(DWORD code)
{
    oi_wininet_last_error = code;
}

OI_API void WINAPI Sleep(DWORD ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    if (ms == INFINITE)
        ts.tv_sec = (time_t)1 << 30; /* close enough to for ever; loops below */
    do {
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
            ;
    } while (ms == INFINITE);
}

OI_API HLOCAL WINAPI LocalFree(HLOCAL mem)
{
    free(mem);
    return NULL;
}

BOOL oi_wininet_fail(DWORD error)
{
    oi_wininet_last_error = error;
    return FALSE;
}

HINTERNET oi_wininet_fail_handle(DWORD error)
{
    oi_wininet_last_error = error;
    return NULL;
}

DWORD oi_wininet_engine_error(const oi_handle *h, oi_status st)
{
    DWORD error = (DWORD)oi_status_wininet(st);
    /* The handle's message, if it tells of this failure. */
    const char *msg = h && oi_handle_error(h) == st ? oi_handle_message(h) : "";
    snprintf(oi_wininet_response, sizeof oi_wininet_response, "%s", *msg ? msg : oi_strerror(st));
    oi_wininet_response_error = error;
    oi_wininet_last_error = error;
    return error;
}

const char *oi_wininet_response_info(DWORD *error)
{
    *error = oi_wininet_response_error;
    return oi_wininet_response;
}

/* ---- the table ---- */

/* A HINTERNET is (generation << OI_SLOT_BITS) | (slot + 1): never NULL,
 * and a stale value is refused once its slot is reused. */
#define OI_SLOT_BITS 20
#define OI_SLOT_MAX  ((1u << OI_SLOT_BITS) - 1)

typedef struct oi_wininet_slot {
    oi_wininet_handle *e;
    uintptr_t gen;
} oi_wininet_slot;

static pthread_mutex_t oi_table_lock = PTHREAD_MUTEX_INITIALIZER;
static oi_wininet_slot *oi_slots;
static size_t oi_nslots, oi_free_hint;

/* Entries being created on this thread: the next engine handle created
 * belongs to the innermost one. */
static _Thread_local oi_wininet_handle *oi_wininet_pending;

/* Under the lock: the live entry of h, or NULL. */
static oi_wininet_handle *oi_wininet_lookup(HINTERNET h)
{
    uintptr_t v = (uintptr_t)h;
    size_t slot = (size_t)(v & OI_SLOT_MAX);
    if (slot == 0 || slot > oi_nslots)
        return NULL;
    oi_wininet_slot *s = &oi_slots[slot - 1];
    if (!s->e || s->gen != v >> OI_SLOT_BITS || !s->e->h)
        return NULL;
    for (const oi_wininet_handle *p = s->e; p; p = p->parent)
        if (p->closed)
            return NULL;
    return s->e;
}

/* Under the lock: give e a slot and its HINTERNET.  0 when out of room. */
static int oi_wininet_register(oi_wininet_handle *e)
{
    size_t i = oi_free_hint;
    while (i < oi_nslots && oi_slots[i].e)
        i++;
    if (i == oi_nslots) {
        if (oi_nslots == OI_SLOT_MAX)
            return 0;
        size_t n = oi_nslots ? oi_nslots * 2 : 64;
        n = n > OI_SLOT_MAX ? OI_SLOT_MAX : n;
        oi_wininet_slot *s = oi_realloc(oi_slots, n * sizeof *s);
        if (!s)
            return 0;
        memset(s + oi_nslots, 0, (n - oi_nslots) * sizeof *s);
        oi_slots = s;
        oi_nslots = n;
    }
    oi_slots[i].e = e;
    oi_slots[i].gen = (oi_slots[i].gen + 1) & (UINTPTR_MAX >> OI_SLOT_BITS);
    if (oi_slots[i].gen == 0)
        oi_slots[i].gen = 1;
    oi_free_hint = i + 1;
    e->id = (HINTERNET)((oi_slots[i].gen << OI_SLOT_BITS) | (i + 1));
    return 1;
}

/* Under the lock: free e's slot. */
static void oi_wininet_unregister(oi_wininet_handle *e)
{
    size_t slot = (size_t)((uintptr_t)e->id & OI_SLOT_MAX);
    if (slot == 0 || slot > oi_nslots || oi_slots[slot - 1].e != e)
        return;
    oi_slots[slot - 1].e = NULL;
    if (slot - 1 < oi_free_hint)
        oi_free_hint = slot - 1;
}

static void oi_wininet_free(oi_wininet_handle *e)
{
    free(e->proxy);
    free(e->proxy_bypass);
    free(e);
}

oi_wininet_handle *oi_wininet_acquire(HINTERNET h, unsigned types)
{
    pthread_mutex_lock(&oi_table_lock);
    oi_wininet_handle *e = oi_wininet_lookup(h);
    DWORD error = !e                           ? ERROR_INVALID_HANDLE
                  : !(types & (1u << e->type)) ? ERROR_INTERNET_INCORRECT_HANDLE_TYPE
                                               : ERROR_SUCCESS;
    if (error == ERROR_SUCCESS)
        for (oi_wininet_handle *p = e; p; p = p->parent)
            p->busy++;
    pthread_mutex_unlock(&oi_table_lock);
    if (error != ERROR_SUCCESS) {
        oi_wininet_fail(error);
        return NULL;
    }
    return e;
}

void oi_wininet_hold(oi_wininet_handle *e)
{
    pthread_mutex_lock(&oi_table_lock);
    for (oi_wininet_handle *p = e; p; p = p->parent)
        p->busy++;
    pthread_mutex_unlock(&oi_table_lock);
}

void oi_wininet_release(oi_wininet_handle *e)
{
    while (e) {
        /* The highest handle whose close waited for this call only is
         * closed now.  It and the handles above it keep their count until
         * the engine has closed it, so that no other thread closes them (and
         * it with them) meanwhile. */
        oi_wininet_handle *close = NULL;
        pthread_mutex_lock(&oi_table_lock);
        for (oi_wininet_handle *p = e; p; p = p->parent)
            if (p->busy == 1 && p->close_pending)
                close = p;
        for (oi_wininet_handle *p = e; p != close; p = p->parent)
            p->busy--;
        if (close)
            close->close_pending = 0;
        pthread_mutex_unlock(&oi_table_lock);
        if (!close)
            return;
        e = close->parent;
        oi_handle_close(close->h); /* the trampoline frees the entries */
    }
}

oi_wininet_handle *oi_wininet_new(oi_wininet_handle *parent, DWORD type, DWORD flags,
                                  DWORD_PTR context)
{
    oi_wininet_handle *e = oi_calloc(1, sizeof *e);
    if (!e) {
        oi_wininet_fail(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    e->parent = parent;
    e->type = type;
    e->flags = flags;
    e->context = context;
    if (parent) {
        pthread_mutex_lock(&oi_table_lock);
        e->callback = parent->callback;
        e->wide = parent->wide;
        pthread_mutex_unlock(&oi_table_lock);
        e->async = parent->async;
    }
    return e;
}

static void oi_wininet_trampoline(oi_handle *h, void *context, oi_event event, const void *info,
                                  size_t info_len);

static void oi_wininet_bind(oi_wininet_handle *e, oi_handle *h)
{
    e->h = h;
    e->type = (DWORD)oi_handle_kind(h); /* numbered as INTERNET_HANDLE_TYPE_* */
    oi_handle_set_context(h, e);
    if (!e->parent)
        oi_handle_set_callback(h, oi_wininet_trampoline);
    oi_wininet_inherit_options(e);
    if (e->type == INTERNET_HANDLE_TYPE_HTTP_REQUEST)
        oi_wininet_apply_flags(h, e->flags); /* before InternetOpenUrl sends it */
}

HINTERNET oi_wininet_create(oi_wininet_handle *e, oi_wininet_make_fn make, void *args)
{
    pthread_mutex_lock(&oi_table_lock);
    int ok = oi_wininet_register(e);
    pthread_mutex_unlock(&oi_table_lock);
    if (!ok) {
        oi_wininet_free(e);
        oi_wininet_fail(ERROR_INTERNET_OUT_OF_HANDLES);
        return NULL;
    }
    oi_wininet_handle *outer = oi_wininet_pending;
    oi_wininet_pending = e;
    oi_handle *out = NULL;
    oi_status st = make(e->parent, args, &out);
    oi_wininet_pending = outer;
    pthread_mutex_lock(&oi_table_lock);
    if (st == OI_OK && !e->h)
        oi_wininet_bind(e, out); /* a session: no callback saw it being made */
    if (st != OI_OK)
        oi_wininet_unregister(e);
    pthread_mutex_unlock(&oi_table_lock);
    if (st == OI_OK)
        return e->id;
    oi_wininet_engine_error(e->parent ? e->parent->h : NULL, st);
    oi_wininet_free(e);
    return NULL;
}

/* ---- closing ---- */

/* Under the lock: is e `top` or below it? */
static int oi_wininet_under(const oi_wininet_handle *e, const oi_wininet_handle *top)
{
    for (; e; e = e->parent)
        if (e == top)
            return 1;
    return 0;
}

/* Under the lock: end the waits of the calls in progress on requests at or
 * below top (the engine's cancellation: they return OI_E_CANCELLED). */
static void oi_wininet_interrupt(const oi_wininet_handle *top)
{
    for (size_t i = 0; i < oi_nslots; i++) {
        oi_wininet_handle *e = oi_slots[i].e;
        if (e && e->busy && e->h && e->type == INTERNET_HANDLE_TYPE_HTTP_REQUEST &&
            oi_wininet_under(e, top))
            atomic_store(&((oi_request *)e->h)->cancelled, 1);
    }
}

OI_API BOOL WINAPI InternetCloseHandle(HINTERNET h)
{
    pthread_mutex_lock(&oi_table_lock);
    oi_wininet_handle *e = oi_wininet_lookup(h);
    if (!e) {
        pthread_mutex_unlock(&oi_table_lock);
        return oi_wininet_fail(ERROR_INVALID_HANDLE);
    }
    e->closed = 1; /* from now on neither e nor anything below it is found */
    e->close_pending = 1;
    int busy = e->busy != 0;
    for (oi_wininet_handle *p = e; p; p = p->parent)
        p->busy++; /* this close is a call in progress too */
    if (busy)
        oi_wininet_interrupt(e);
    pthread_mutex_unlock(&oi_table_lock);
    /* Calls in progress at or below e (other threads, a callback of this
     * one, async jobs) end first, cancelled; the last to end closes e.
     * With none, that is this one, now. */
    if (busy)
        oi_wininet_cancel_jobs(e);
    oi_wininet_release(e);
    return TRUE;
}

/* The engine is closing e's handle: tell the application, then forget e. */
static void oi_wininet_closing(oi_wininet_handle *e)
{
    HINTERNET id = e->id;
    oi_wininet_notify(e, INTERNET_STATUS_HANDLE_CLOSING, &id, sizeof id);
    /* The process's cookie store is not the session's to free. */
    oi_session *s = e->type == INTERNET_HANDLE_TYPE_INTERNET ? (oi_session *)e->h : NULL;
    if (s && s->jar == oi_wininet_cookie_jar())
        s->jar = NULL;
    /* A connection's secure twin and its requests go with it, first: their
     * entries name this one as their parent. */
    if (e->secure_twin)
        oi_handle_close(e->secure_twin);
    pthread_mutex_lock(&oi_table_lock);
    oi_wininet_unregister(e);
    e->h = NULL;
    pthread_mutex_unlock(&oi_table_lock);
    if (e != oi_wininet_pending)
        oi_wininet_free(e); /* else oi_wininet_create() does, having failed */
}

/* ---- status callbacks ---- */

void oi_wininet_notify(oi_wininet_handle *e, DWORD status, LPVOID info, DWORD len)
{
    pthread_mutex_lock(&oi_table_lock);
    INTERNET_STATUS_CALLBACK cb = e->callback;
    DWORD_PTR context = e->context;
    HINTERNET id = e->id;
    pthread_mutex_unlock(&oi_table_lock);
    if (cb && cb != INTERNET_INVALID_STATUS_CALLBACK && context)
        cb(id, context, status, info, len);
}

/* A string payload: UTF-16 for a callback set with the W form. */
static void oi_wininet_notify_string(oi_wininet_handle *e, DWORD status, const char *s,
                                     int follows_flavour)
{
    WCHAR *w = NULL;
    size_t n = strlen(s);
    if (follows_flavour && e->wide && oi_a2w(s, n, &w, &n) == 0) {
        oi_wininet_notify(e, status, w, (DWORD)((n + 1) * sizeof(WCHAR)));
        free(w);
        return;
    }
    oi_wininet_notify(e, status, (LPVOID)s, (DWORD)(n + 1));
}

/* The engine's payloads in WinInet's form (wininet.h lists them). */
static void oi_wininet_deliver(oi_wininet_handle *e, oi_event event, const void *info)
{
    DWORD number;
    switch (event) {
    case OI_EVENT_RESOLVING_NAME:
    case OI_EVENT_REDIRECT:
        /* Only these follow the callback's flavour; addresses stay CHAR
         * (as Wine does). */
        oi_wininet_notify_string(e, (DWORD)event, info, 1);
        return;
    case OI_EVENT_NAME_RESOLVED:
    case OI_EVENT_CONNECTING_TO_SERVER:
    case OI_EVENT_CONNECTED_TO_SERVER:
        oi_wininet_notify_string(e, (DWORD)event, info, 0);
        return;
    case OI_EVENT_REQUEST_SENT:
    case OI_EVENT_RESPONSE_RECEIVED:
        number = (DWORD) * (const uint64_t *)info;
        oi_wininet_notify(e, (DWORD)event, &number, sizeof number);
        return;
    case OI_EVENT_INTERMEDIATE_RESPONSE:
        number = (DWORD) * (const int *)info;
        oi_wininet_notify(e, (DWORD)event, &number, sizeof number);
        return;
    case OI_EVENT_HANDLE_CREATED: {
        /* The handle first, as an INTERNET_ASYNC_RESULT whose dwResult it
         * is: both readings of the documentation hold. */
        INTERNET_ASYNC_RESULT r = {(DWORD_PTR)e->id, 0};
        oi_wininet_notify(e, (DWORD)event, &r, sizeof r);
        return;
    }
    default:
        oi_wininet_notify(e, (DWORD)event, NULL, 0);
        return;
    }
}

/* Is h the handle a pending entry waits for?  Not an engine connection made
 * on the way (a request's secure twin); InternetOpenUrl's "request" may be
 * a local file. */
static int oi_wininet_kind_fits(const oi_wininet_handle *e, const oi_handle *h)
{
    DWORD kind = (DWORD)oi_handle_kind(h);
    return kind == e->type || (e->type == INTERNET_HANDLE_TYPE_HTTP_REQUEST &&
                               kind == INTERNET_HANDLE_TYPE_FILE_REQUEST);
}

static void oi_wininet_trampoline(oi_handle *h, void *context, oi_event event, const void *info,
                                  size_t info_len)
{
    (void)info_len;
    oi_wininet_handle *e = context;
    if (event == OI_EVENT_HANDLE_CREATED && oi_wininet_pending && !oi_wininet_pending->h &&
        oi_wininet_kind_fits(oi_wininet_pending, h)) {
        e = oi_wininet_pending;
        pthread_mutex_lock(&oi_table_lock);
        oi_wininet_bind(e, h);
        pthread_mutex_unlock(&oi_table_lock);
    }
    /* A connection's secure twin names the connection as its context: the
     * engine may close it first, with the session. */
    if (e && event == OI_EVENT_HANDLE_CLOSING && e->secure_twin == h) {
        e->secure_twin = NULL;
        return;
    }
    /* Handles the WinInet layer does not know (InternetOpenUrl's hidden
     * connection) inherit their parent's context: stay silent for them. */
    if (!e || e->h != h)
        return;
    if (event == OI_EVENT_HANDLE_CLOSING)
        oi_wininet_closing(e);
    else
        oi_wininet_deliver(e, event, info);
}

INTERNET_STATUS_CALLBACK oi_wininet_set_status_callback(HINTERNET h, INTERNET_STATUS_CALLBACK cb,
                                                        int wide)
{
    oi_wininet_handle *e = oi_wininet_acquire(h, OI_WININET_ANY);
    if (!e)
        return INTERNET_INVALID_STATUS_CALLBACK;
    pthread_mutex_lock(&oi_table_lock);
    INTERNET_STATUS_CALLBACK old = e->callback;
    e->callback = cb;
    e->wide = wide;
    pthread_mutex_unlock(&oi_table_lock);
    oi_wininet_release(e);
    return old;
}

OI_API INTERNET_STATUS_CALLBACK WINAPI InternetSetStatusCallbackA(HINTERNET h,
                                                                  INTERNET_STATUS_CALLBACK cb)
{
    return oi_wininet_set_status_callback(h, cb, 0);
}

/* ---- jobs ---- */

DWORD_PTR oi_wininet_run(oi_wininet_handle *e, const oi_wininet_job *job, void *args,
                         size_t args_size)
{
    if (e->async)
        return oi_wininet_run_async(e, job, args, args_size);
    INTERNET_ASYNC_RESULT r = {0, 0};
    job->run(e, args, &r);
    if (job->cleanup)
        job->cleanup(args);
    if (!r.dwResult)
        oi_wininet_fail(r.dwError);
    return r.dwResult;
}

/* ---- the buffer-size protocol ---- */

BOOL oi_wininet_copy_string(const char *s, size_t n, int wide, oi_wininet_units units_of,
                            LPVOID buf, LPDWORD len)
{
    if (!len)
        return oi_wininet_fail(ERROR_INVALID_PARAMETER);
    size_t units = wide ? oi_utf8_to_utf16(s, n, NULL) : n;
    size_t unit = wide ? sizeof(WCHAR) : 1;
    size_t size_unit = wide && units_of == OI_UNITS_CHARS ? unit : 1;
    size_t need = (units + 1) * unit;
    if (need > 0xFFFFFFFFu)
        return oi_wininet_fail(ERROR_NOT_ENOUGH_MEMORY);
    if (!buf || (size_t)*len * size_unit < need) {
        *len = (DWORD)(need / size_unit);
        return oi_wininet_fail(ERROR_INSUFFICIENT_BUFFER);
    }
    if (wide) {
        WCHAR *w = buf;
        oi_utf8_to_utf16(s, n, w);
        w[units] = 0;
    } else {
        memcpy(buf, s, n);
        ((char *)buf)[n] = '\0';
    }
    *len = (DWORD)(units_of == OI_UNITS_BYTES ? units * unit : units);
    return TRUE;
}
