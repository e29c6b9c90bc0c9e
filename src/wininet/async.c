/* Asynchronous operations (INTERNET_FLAG_ASYNC): the calls that would block
 * return FALSE (or NULL) with ERROR_IO_PENDING, their blocking part runs on
 * a library thread, and INTERNET_STATUS_REQUEST_COMPLETE reports the result
 * as an INTERNET_ASYNC_RESULT, as WinInet does.
 *
 * The threads form one small pool for the process: a thread is started
 * when a job arrives and none is idle (up to OI_ASYNC_MAX_THREADS; beyond
 * that jobs wait their turn), and an idle thread ends after
 * OI_ASYNC_IDLE_MS.  Jobs on one request run one at a time, in the order
 * they were made, since an engine request serves one thread at a time.
 *
 * Closing a handle while work on it or below it is pending cancels that
 * work: a job that has not started completes without running, one that is
 * running has its request's wait interrupted (the engine's cancellation);
 * both report ERROR_INTERNET_OPERATION_CANCELLED.  The handle itself is
 * closed once the last of them is done (the job holds it), so that
 * REQUEST_COMPLETE comes before HANDLE_CLOSING. */
#include "compat.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OI_ASYNC_MAX_THREADS 32
#define OI_ASYNC_IDLE_MS     30000

typedef struct oi_async_task {
    struct oi_async_task *next;
    oi_wininet_handle *e;
    const oi_wininet_job *job;
    int running;
    int cancelled;
    HINTERNET id;                      /* t->e's */
    INTERNET_STATUS_CALLBACK callback; /* a session's, when the job was made */
    /* the job's arguments follow, aligned for any type */
    _Alignas(max_align_t) unsigned char args[];
} oi_async_task;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t work; /* a job arrived, or a handle became free */
    oi_async_task *head; /* queued and running jobs, oldest first */
    unsigned threads, idle;
} oi_async_pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0};

/* Under the lock: is a job on the same handle running, or queued before t?
 * Only request handles serve one call at a time: jobs on a session
 * (InternetOpenUrl, each making a request of its own) run side by side. */
static int oi_async_blocked(const oi_async_task *t)
{
    if (t->e->type == INTERNET_HANDLE_TYPE_INTERNET)
        return 0;
    for (const oi_async_task *p = oi_async_pool.head; p != t; p = p->next)
        if (p->e == t->e)
            return 1;
    return 0;
}

/* Under the lock: the oldest queued job free to run, or NULL. */
static oi_async_task *oi_async_next(void)
{
    for (oi_async_task *t = oi_async_pool.head; t; t = t->next)
        if (!t->running && !oi_async_blocked(t))
            return t;
    return NULL;
}

static void oi_async_unlink(oi_async_task *t)
{
    oi_async_task **p = &oi_async_pool.head;
    while (*p != t)
        p = &(*p)->next;
    *p = t->next;
}

/* The context a running job asked REQUEST_COMPLETE to carry, if not its
 * handle's (oi_wininet_async_report_context). */
typedef struct oi_async_context {
    int set;
    DWORD_PTR context;
} oi_async_context;
static _Thread_local oi_async_context oi_async_report;

void oi_wininet_async_report_context(DWORD_PTR context)
{
    oi_async_report.set = 1;
    oi_async_report.context = context;
}

/* Deliver REQUEST_COMPLETE for t, with the context its job named if any:
 * through the callback its handle had when the job was made (the new
 * request of an InternetOpenUrl copies the same one). */
static void oi_async_complete(const oi_async_task *t, INTERNET_ASYNC_RESULT *r)
{
    int named = oi_async_report.set;
    oi_async_report.set = 0;
    if (!named || t->e->type != INTERNET_HANDLE_TYPE_INTERNET) {
        oi_wininet_notify(t->e, INTERNET_STATUS_REQUEST_COMPLETE, r, sizeof *r);
        return;
    }
    INTERNET_STATUS_CALLBACK cb = t->callback;
    if (cb && cb != INTERNET_INVALID_STATUS_CALLBACK && oi_async_report.context)
        cb(t->id, oi_async_report.context, INTERNET_STATUS_REQUEST_COMPLETE, r, sizeof *r);
}

/* Run one job and report it.  A cancelled job reports the cancellation,
 * whatever it did (an InternetOpenUrl that completed made a handle under
 * one being closed, which goes with it).  An InternetOpenUrl cancelled
 * before it started (all threads busy) reports with the session's context,
 * having had no chance to name its own. */
static void oi_async_execute(oi_async_task *t)
{
    INTERNET_ASYNC_RESULT r = {0, ERROR_INTERNET_OPERATION_CANCELLED};
    pthread_mutex_lock(&oi_async_pool.lock);
    int cancelled = t->cancelled;
    pthread_mutex_unlock(&oi_async_pool.lock);
    if (!cancelled)
        t->job->run(t->e, t->args, &r);
    if (t->job->cleanup)
        t->job->cleanup(t->args);
    pthread_mutex_lock(&oi_async_pool.lock);
    if (t->cancelled)
        r = (INTERNET_ASYNC_RESULT){0, ERROR_INTERNET_OPERATION_CANCELLED};
    oi_async_unlink(t);
    pthread_cond_broadcast(&oi_async_pool.work); /* jobs queued behind t may run */
    pthread_mutex_unlock(&oi_async_pool.lock);
    oi_async_complete(t, &r);
    /* The last release of a handle closed meanwhile closes it here: keep
     * its parent busy until that is over, so that a close of the parent on
     * another thread waits for it instead of freeing the same handles. */
    oi_wininet_handle *parent = t->e->parent;
    if (parent)
        oi_wininet_hold(parent);
    oi_wininet_release(t->e);
    if (parent)
        oi_wininet_release(parent);
    free(t);
}

/* Under the lock: wait for work; 0 when idle too long. */
static int oi_async_wait(void)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += OI_ASYNC_IDLE_MS / 1000;
    oi_async_pool.idle++;
    int rc = 0;
    while (!oi_async_next() && rc == 0)
        rc = pthread_cond_timedwait(&oi_async_pool.work, &oi_async_pool.lock, &until);
    oi_async_pool.idle--;
    return oi_async_next() != NULL;
}

static void *oi_async_worker(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&oi_async_pool.lock);
    while (oi_async_wait()) {
        oi_async_task *t = oi_async_next();
        t->running = 1;
        pthread_mutex_unlock(&oi_async_pool.lock);
        oi_async_execute(t);
        pthread_mutex_lock(&oi_async_pool.lock);
    }
    oi_async_pool.threads--;
    pthread_mutex_unlock(&oi_async_pool.lock);
    return NULL;
}

/* Under the lock: how many queued jobs could start now. */
static unsigned oi_async_runnable(void)
{
    unsigned n = 0;
    for (const oi_async_task *t = oi_async_pool.head; t; t = t->next)
        n += !t->running && !oi_async_blocked(t);
    return n;
}

/* Under the lock: start a thread unless enough idle ones will take the
 * jobs that could run (a callback may wait for another job's completion,
 * so jobs that could run in parallel must not wait for one another).
 * Returns 0 when no thread at all will run the queue. */
static int oi_async_staff(void)
{
    if (oi_async_pool.idle >= oi_async_runnable() || oi_async_pool.threads >= OI_ASYNC_MAX_THREADS)
        return oi_async_pool.threads > 0;
    pthread_attr_t attr;
    pthread_t tid;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int ok = pthread_create(&tid, &attr, oi_async_worker, NULL) == 0;
    pthread_attr_destroy(&attr);
    if (ok)
        oi_async_pool.threads++;
    return ok || oi_async_pool.threads > 0;
}

DWORD_PTR oi_wininet_run_async(oi_wininet_handle *e, const oi_wininet_job *job, void *args,
                               size_t args_size)
{
    oi_async_task *t = oi_calloc(1, sizeof *t + args_size);
    if (!t) {
        if (job->cleanup)
            job->cleanup(args);
        return (DWORD_PTR)oi_wininet_fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    t->e = e;
    t->id = e->id;
    t->job = job;
    /* A session's jobs may report with another context than the
     * session's (oi_wininet_async_report_context): keep its callback. */
    DWORD len = sizeof t->callback;
    if (e->type == INTERNET_HANDLE_TYPE_INTERNET &&
        !InternetQueryOptionA(e->id, INTERNET_OPTION_CALLBACK, &t->callback, &len))
        t->callback = NULL;
    memcpy(t->args, args, args_size);
    oi_wininet_hold(e); /* until the job has reported */
    pthread_mutex_lock(&oi_async_pool.lock);
    oi_async_task **tail = &oi_async_pool.head;
    while (*tail)
        tail = &(*tail)->next;
    *tail = t;
    int staffed = oi_async_staff();
    if (!staffed)
        oi_async_unlink(t);
    else
        pthread_cond_broadcast(&oi_async_pool.work);
    pthread_mutex_unlock(&oi_async_pool.lock);
    if (!staffed) {
        if (job->cleanup)
            job->cleanup(t->args);
        oi_wininet_release(e);
        free(t);
        return (DWORD_PTR)oi_wininet_fail(ERROR_INTERNET_ASYNC_THREAD_FAILED);
    }
    return (DWORD_PTR)oi_wininet_fail(ERROR_IO_PENDING);
}

/* Is e `closed` or below it? */
static int oi_async_under(const oi_wininet_handle *e, const oi_wininet_handle *closed)
{
    for (; e; e = e->parent)
        if (e == closed)
            return 1;
    return 0;
}

void oi_wininet_cancel_jobs(oi_wininet_handle *closed)
{
    pthread_mutex_lock(&oi_async_pool.lock);
    for (oi_async_task *t = oi_async_pool.head; t; t = t->next) {
        if (!oi_async_under(t->e, closed))
            continue;
        t->cancelled = 1;
        /* A running job waits in the engine: end the wait.  Its handle is
         * held by the job, so the engine handle is still there. */
        if (t->running && t->e->h && oi_handle_kind(t->e->h) == OI_HANDLE_REQUEST)
            atomic_store(&((oi_request *)t->e->h)->cancelled, 1);
    }
    pthread_mutex_unlock(&oi_async_pool.lock);
}
