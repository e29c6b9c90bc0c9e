/* The WinInet layer's handles, errors and calls shared by its files
 * (handle.c owns them).  Nothing here is public API.
 *
 * A HINTERNET is not a pointer: it is a slot number and a generation in a
 * table of oi_wininet_handle, as Wine's handles are small numbers.  A
 * closed handle, or one under a closed parent, is then simply not found
 * (ERROR_INVALID_HANDLE) instead of being memory that was freed.
 *
 * Each entry wraps one engine handle.  The engine reports its events to
 * one trampoline (installed on every session), whose `context` argument is
 * the entry: the trampoline turns each event into WinInet's status code
 * and info payload and calls the WinInet callback of that handle. */
#ifndef OI_WININET_COMPAT_H
#define OI_WININET_COMPAT_H

#include "wininet_internal.h"

typedef struct oi_wininet_handle oi_wininet_handle;

struct oi_wininet_handle {
    oi_handle *h; /* the engine's handle; NULL once the engine closed it */
    HINTERNET id; /* what the caller holds, given before the engine makes h */
    oi_wininet_handle *parent;
    DWORD type;                        /* INTERNET_HANDLE_TYPE_* */
    DWORD flags;                       /* INTERNET_FLAG_* given when it was made */
    int async;                         /* its session was opened with INTERNET_FLAG_ASYNC */
    DWORD_PTR context;                 /* dwContext; 0 means no status callbacks (as WinInet) */
    INTERNET_STATUS_CALLBACK callback; /* copied from the parent when made */
    int wide;                          /* callback set by the W form: WCHAR strings */
    /* Lifetime, under the table's lock: `busy` counts calls in progress
     * on this handle or below it (a close counts as one); a close while
     * other calls are busy waits for the last of them (close_pending), so
     * that no engine handle is freed under a running call and no two
     * threads close the same tree. */
    unsigned busy;
    int closed;        /* InternetCloseHandle was called: it and all below are gone */
    int close_pending; /* the engine handle is still to be closed */
    /* What the session was opened with (INTERNET_OPTION_PROXY). */
    char *proxy, *proxy_bypass;
    DWORD access;
    /* Requests: state of the WinInet calls on top of the engine's. */
    int upload; /* between HttpSendRequestEx and HttpEndRequest */
    /* Connections: the port as given (0: the scheme's default), and the
     * engine connection that serves their INTERNET_FLAG_SECURE requests
     * when they are not secure themselves (made on the first one). */
    INTERNET_PORT port;
    oi_handle *secure_twin;
};

/* ---- errors and thread state ---- */

/* Set the thread's last error and return FALSE, for `return oi_wininet_fail(..)`;
 * the same returning a NULL handle. */
BOOL oi_wininet_fail(DWORD error);
HINTERNET oi_wininet_fail_handle(DWORD error);

/* Set the thread's last error from an engine failure on h: its WinInet
 * number, and the engine's message as the thread's last response info.
 * Returns the WinInet number. */
DWORD oi_wininet_engine_error(const oi_handle *h, oi_status st);

/* The thread's last response info (InternetGetLastResponseInfo): the
 * message of the last engine failure on this thread, "" if none. */
const char *oi_wininet_response_info(DWORD *error);

/* ---- the handle table ---- */

/* Bits for oi_wininet_acquire(): which handle types a call accepts. */
#define OI_WININET_SESSION (1u << INTERNET_HANDLE_TYPE_INTERNET)
#define OI_WININET_CONNECT (1u << INTERNET_HANDLE_TYPE_CONNECT_HTTP)
#define OI_WININET_REQUEST (1u << INTERNET_HANDLE_TYPE_HTTP_REQUEST)
#define OI_WININET_FILE    (1u << INTERNET_HANDLE_TYPE_FILE_REQUEST)
#define OI_WININET_ANY     0xFFFFFFFFu

/* Look up a live handle and mark a call in progress on it.  NULL with the
 * last error set: ERROR_INVALID_HANDLE (NULL, unknown, closed) or
 * ERROR_INTERNET_INCORRECT_HANDLE_TYPE (a type not in `types`).  Pair
 * with oi_wininet_release(). */
oi_wininet_handle *oi_wininet_acquire(HINTERNET h, unsigned types);

/* One more call in progress on an acquired handle (an async operation
 * that outlives the call that started it); pair with release. */
void oi_wininet_hold(oi_wininet_handle *e);

/* The call is over; the last one after a close closes the handle. */
void oi_wininet_release(oi_wininet_handle *e);

/* A new entry below `parent` (NULL for a session), not yet registered:
 * callback, its flavour and async mode copied from the parent.  NULL with
 * ERROR_NOT_ENOUGH_MEMORY. */
oi_wininet_handle *oi_wininet_new(oi_wininet_handle *parent, DWORD type, DWORD flags,
                                  DWORD_PTR context);

/* Bind the entry to the engine handle that the engine creates while
 * `make` runs (so that its HANDLE_CREATED and later events already reach
 * the WinInet callback with the right context), then register it.  `make`
 * returns the engine's status and the new handle; on failure the entry is
 * freed and the last error set.  Returns the caller's HINTERNET or NULL. */
typedef oi_status (*oi_wininet_make_fn)(oi_wininet_handle *parent, void *args, oi_handle **out);
HINTERNET oi_wininet_create(oi_wininet_handle *e, oi_wininet_make_fn make, void *args);

/* Deliver a WinInet status event for handle e to its callback, if it has
 * one and a non-zero context (WinInet sends nothing for context 0). */
void oi_wininet_notify(oi_wininet_handle *e, DWORD status, LPVOID info, DWORD len);

/* ---- blocking operations, synchronous or not ---- */

/* The blocking part of a call.  run() fills *out as REQUEST_COMPLETE
 * reports it: dwResult TRUE, FALSE or a new HINTERNET; dwError the error
 * when dwResult is 0 (InternetQueryDataAvailable: the byte count).
 * cleanup(), if set, frees what args own once run() is over or will
 * never happen. */
typedef struct oi_wininet_job {
    void (*run)(oi_wininet_handle *e, void *args, INTERNET_ASYNC_RESULT *out);
    void (*cleanup)(void *args);
} oi_wininet_job;

/* Run a job for an acquired handle: now on this thread for a synchronous
 * session (returns dwResult; last error = dwError when it is 0); through
 * oi_wininet_run_async() for an INTERNET_FLAG_ASYNC one. */
DWORD_PTR oi_wininet_run(oi_wininet_handle *e, const oi_wininet_job *job, void *args,
                         size_t args_size);

/* async.c: queue the job (args copied, args_size bytes) on a library
 * thread, holding e until it is done, and report its result with
 * INTERNET_STATUS_REQUEST_COMPLETE.  Returns 0 with ERROR_IO_PENDING (or
 * another error if it cannot be queued; cleanup is then called). */
DWORD_PTR oi_wininet_run_async(oi_wininet_handle *e, const oi_wininet_job *job, void *args,
                               size_t args_size);

/* ---- copying results out (the buffer-size protocol) ---- */

/* How a function counts the lengths of a wide result (A results count
 * bytes, which are characters). */
typedef enum oi_wininet_units {
    OI_UNITS_BYTES,        /* size, need and result in bytes (HttpQueryInfoW) */
    OI_UNITS_RESULT_CHARS, /* size and need in bytes, result in characters
                            * (InternetQueryOptionW) */
    OI_UNITS_CHARS         /* all in characters (InternetGetLastResponseInfoW) */
} oi_wininet_units;

/* Copy s[0..n) to buf as a NUL-terminated string, UTF-8 or (wide) UTF-16.
 * *len is buf's size on entry.  Success: *len = the length without the
 * NUL.  Too small or buf NULL: ERROR_INSUFFICIENT_BUFFER, *len = the size
 * needed with the NUL.  s may hold NULs of its own (raw headers).  Returns
 * TRUE, or FALSE with the last error set. */
BOOL oi_wininet_copy_string(const char *s, size_t n, int wide, oi_wininet_units units, LPVOID buf,
                            LPDWORD len);

/* ---- engine flags and options (session.c, option.c) ---- */

/* The INTERNET_FLAG_* bits the engine takes as they are (it numbers its
 * flags as WinInet does; INTERNET_FLAG_TRANSFER_ASCII must not reach it). */
#define OI_WININET_ENGINE_FLAGS                                                                    \
    (INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_CACHE_WRITE | INTERNET_FLAG_KEEP_CONNECTION |         \
     INTERNET_FLAG_NO_AUTO_REDIRECT | INTERNET_FLAG_PRAGMA_NOCACHE | INTERNET_FLAG_SECURE |        \
     INTERNET_FLAG_NO_COOKIES | INTERNET_FLAG_NO_AUTH)

/* Set a session's access type and WinInet proxy list and bypass list
 * (InternetOpen, INTERNET_OPTION_PROXY).  Returns a WinInet error. */
DWORD oi_wininet_set_proxy(oi_wininet_handle *s, DWORD access_type, const char *proxy,
                           const char *bypass);

/* The flags that are options on the engine's side (IGNORE_CERT_*,
 * IGNORE_REDIRECT_TO_HTTP), set on a new request. */
oi_status oi_wininet_apply_flags(oi_handle *h, DWORD flags);

/* A new handle's options: the global ones (NULL handle) for a session;
 * its parent's timeouts, copied as WinInet does, for the others. */
void oi_wininet_inherit_options(oi_wininet_handle *e);

/* The HTTP minor version of requests opened with no version: 1 unless
 * INTERNET_OPTION_HTTP_VERSION said 1.0. */
int oi_wininet_default_minor(void);

/* ---- the A/W cores: the W forms (wide.c) call these with wide = 1 ---- */

INTERNET_STATUS_CALLBACK oi_wininet_set_status_callback(HINTERNET h, INTERNET_STATUS_CALLBACK cb,
                                                        int wide);
BOOL oi_wininet_query_info(HINTERNET h, DWORD level, LPVOID buf, LPDWORD len, LPDWORD index,
                           int wide);
BOOL oi_wininet_query_option(HINTERNET h, DWORD option, LPVOID buf, LPDWORD len, int wide);
BOOL oi_wininet_set_option(HINTERNET h, DWORD option, LPVOID buf, DWORD len, int wide);
BOOL oi_wininet_last_response_info(LPDWORD error, LPVOID buf, LPDWORD len, int wide);
/* INTERNET_BUFFERSA and INTERNET_BUFFERSW differ only in the type of
 * lpcszHeader: the W forms pass their buffers with the header converted. */
BOOL oi_wininet_read_file_ex(HINTERNET h, LPINTERNET_BUFFERSA buffers, DWORD flags,
                             DWORD_PTR context);

#endif
