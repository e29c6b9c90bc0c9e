/* Private declarations shared by the files of the WinInet layer
 * (src/wininet/).  Nothing here is public API. */
#ifndef OI_WININET_INTERNAL_H
#define OI_WININET_INTERNAL_H

#include "internal.h"

#include "openinet/wininet.h"

#include <stddef.h>
#include <stdint.h>

/* ---- wide.c: UTF-16 <-> UTF-8 (the A forms take UTF-8) ---- */

/* Length of a NUL-terminated UTF-16 string, in units; and the same
 * stopping at max units. */
size_t oi_wstrlen(const WCHAR *s);
size_t oi_wstrnlen(const WCHAR *s, size_t max);

/* Convert s[0..n) and return the length of the result (UTF-8 bytes, or
 * UTF-16 units), writing it to out unless out is NULL (no NUL is added).
 * Invalid input is replaced, never refused: lone surrogates and ill-formed
 * UTF-8 become U+FFFD. */
size_t oi_utf16_to_utf8(const WCHAR *s, size_t n, char *out);
size_t oi_utf8_to_utf16(const char *s, size_t n, WCHAR *out);

/* Allocating forms: *out receives a new NUL-terminated string (NULL when s
 * is NULL) and *out_len, if not NULL, its length; n (size_t)-1 means
 * NUL-terminated.  Returns 0, or -1 when out of memory. */
int oi_w2a(const WCHAR *s, size_t n, char **out, size_t *out_len);
int oi_a2w(const char *s, size_t n, WCHAR **out, size_t *out_len);

/* ---- async.c: cancelling pending work ---- */

/* InternetCloseHandle calls this for a handle it closes while calls are in
 * progress on it or below it: jobs not started yet complete without
 * running, running ones have their request's wait interrupted; both report
 * ERROR_INTERNET_OPERATION_CANCELLED in REQUEST_COMPLETE. */
struct oi_wininet_handle;
void oi_wininet_cancel_jobs(struct oi_wininet_handle *closed);

/* A job's run() calls this when REQUEST_COMPLETE must carry another
 * context than its handle's: InternetOpenUrl runs on the session, and
 * WinInet reports its completion (the new handle, or the error) with the
 * context given to InternetOpenUrl. */
void oi_wininet_async_report_context(DWORD_PTR context);

/* ---- cookie.c: the process-wide cookie store ---- */

/* The jar every WinInet session shares, as WinInet has one cookie store
 * per process (InternetSetCookie and InternetGetCookie use it too); made
 * on first use, never freed.  NULL when out of memory.  A session that
 * uses it must not free it (the engine frees a session's jar on close). */
struct oi_cookie_jar *oi_wininet_cookie_jar(void);

#endif
