/* Cancellation: a request handle closed from another thread while one of
 * its calls waits makes that call return OI_E_CANCELLED promptly.
 *
 * The waiting thread publishes its request's flag in a thread-local while
 * it is inside a blocking call; every wait polls in short slices and looks
 * at the flag between them, so no file descriptor is needed to wake it.
 * The closing thread sets the flag and then waits, on the request's busy
 * lock, for the call to leave before it frees anything. */
#include "internal.h"

#include <errno.h>
#include <poll.h>

/* How long a cancelled wait may go on unnoticed. */
#define OI_CANCEL_SLICE_MS 20

/* initial-exec: the flag is read on every wait and set on every call; the
 * general TLS model would cost a function call each time in the shared
 * library. */
#if defined(__GNUC__)
#define OI_TLS_FAST __attribute__((tls_model("initial-exec")))
#else
#define OI_TLS_FAST
#endif
static _Thread_local atomic_int *oi_current_cancel OI_TLS_FAST;

int oi_poll(struct pollfd *fds, unsigned long n, int timeout)
{
    atomic_int *flag = oi_current_cancel;
    if (!flag)
        return poll(fds, (nfds_t)n, timeout);
    for (;;) {
        if (atomic_load(flag)) {
            errno = ECANCELED;
            return -1;
        }
        int slice = timeout < 0 || timeout > OI_CANCEL_SLICE_MS ? OI_CANCEL_SLICE_MS : timeout;
        int r = poll(fds, (nfds_t)n, slice);
        if (r != 0 || timeout == slice)
            return r;
        if (timeout > 0)
            timeout -= slice;
    }
}

oi_status oi_request_enter(oi_request *r)
{
    pthread_mutex_lock(&r->busy);
    if (atomic_load(&r->cancelled)) {
        pthread_mutex_unlock(&r->busy);
        return oi_fail(&r->h, OI_E_CANCELLED, "the request is being closed");
    }
    oi_current_cancel = &r->cancelled;
    return OI_OK;
}

oi_status oi_request_leave(oi_request *r, oi_status st)
{
    oi_current_cancel = NULL;
    if (st != OI_OK && atomic_load(&r->cancelled))
        st = oi_fail(&r->h, OI_E_CANCELLED, "cancelled: the handle was closed");
    pthread_mutex_unlock(&r->busy);
    return st;
}

void oi_request_cancel(oi_request *r)
{
    if (pthread_mutex_trylock(&r->busy) == 0) {
        pthread_mutex_unlock(&r->busy); /* nobody is waiting: a plain close */
        return;
    }
    atomic_store(&r->cancelled, 1);
    pthread_mutex_lock(&r->busy); /* until the waiting call has left */
    pthread_mutex_unlock(&r->busy);
}
