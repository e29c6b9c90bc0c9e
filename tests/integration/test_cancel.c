/* Cancellation: closing a request (or its session) from another thread
 * while a call waits makes that call return OI_E_CANCELLED promptly,
 * whatever it waits for: connect, send or receive. */
#include "check.h"
#include "support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* What the waiting thread did, and when its call came back. */
typedef struct waiter {
    oi_handle *req;
    int what; /* 0 send, 1 upload, 2 read */
    oi_status result;
    long long returned_at;
} waiter;

static void *wait_in_call(void *arg)
{
    waiter *w = arg;
    if (w->what == 0) {
        w->result = oi_request_send(w->req, NULL, 0, NULL, 0);
    } else if (w->what == 1) {
        static char chunk[1 << 20];
        w->result = oi_request_begin(w->req, NULL, 0, -1);
        for (int i = 0; i < 1024 && w->result == OI_OK; i++)
            w->result = oi_request_write(w->req, chunk, sizeof chunk);
    } else {
        char buf[64];
        size_t n = 1;
        w->result = OI_OK;
        while (w->result == OI_OK && n)
            w->result = oi_file_read(w->req, buf, sizeof buf, &n);
    }
    w->returned_at = now_ms();
    return NULL;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Start the call in a thread, close `victim` 300 ms later, and check the
 * call came back cancelled within a second of the close. */
static void check_cancelled(waiter *w, oi_handle *victim)
{
    pthread_t t;
    pthread_create(&t, NULL, wait_in_call, w);
    sleep_ms(300);
    long long closed_at = now_ms();
    CHECK_INT(oi_handle_close(victim), OI_OK);
    pthread_join(t, NULL);
    CHECK_INT(w->result, OI_E_CANCELLED);
    CHECK(w->returned_at - closed_at < 1000);
}

static oi_handle *long_session(void)
{
    oi_handle *s = session_new();
    oi_handle_set_int(s, OI_OPT_CONNECT_TIMEOUT, 20000);
    oi_handle_set_int(s, OI_OPT_SEND_TIMEOUT, 20000);
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, 20000);
    oi_handle_set_int(s, OI_OPT_TOTAL_TIMEOUT, 60000);
    return s;
}

TEST(close_cancels_a_send_waiting_for_the_answer)
{
    oi_handle *s = long_session(), *req;
    CHECK_INT(request_open(s, "127.0.0.1", env_port("OI_SCRIPTED_PORT"), "GET", "/silent", 0, &req),
              OI_OK);
    waiter w = {req, 0, OI_OK, 0};
    check_cancelled(&w, req);
    check_get_ok(s, env_port("OI_SCRIPTED_PORT"), "/ok", "hello");
    oi_handle_close(s);
}

TEST(close_cancels_a_read_waiting_for_body_bytes)
{
    oi_handle *s = long_session(), *req;
    CHECK_INT(http_send(s, env_port("OI_SCRIPTED_PORT"), "GET", "/drip?ms=2000&n=20", 0, &req),
              OI_OK);
    waiter w = {req, 2, OI_OK, 0};
    check_cancelled(&w, req);
    oi_handle_close(s);
}

/* A listener that accepts and never reads: the upload fills the socket
 * buffers and the writer waits. */
static int silent_listener(unsigned *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    bind(fd, (struct sockaddr *)&a, sizeof a);
    listen(fd, 8);
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return fd;
}

TEST(close_cancels_an_upload_waiting_to_send)
{
    unsigned port;
    int lfd = silent_listener(&port);
    oi_handle *s = long_session(), *req;
    CHECK_INT(request_open(s, "127.0.0.1", port, "PUT", "/", 0, &req), OI_OK);
    waiter w = {req, 1, OI_OK, 0};
    check_cancelled(&w, req);
    oi_handle_close(s);
    close(lfd);
}

/* A listener whose accept queue is full drops new SYNs: connect waits. */
static int full_listener(unsigned *port, int *fillers, int nfill)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    bind(fd, (struct sockaddr *)&a, sizeof a);
    listen(fd, 0);
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    for (int i = 0; i < nfill; i++) {
        fillers[i] = socket(AF_INET, SOCK_STREAM, 0);
        fcntl(fillers[i], F_SETFL, O_NONBLOCK);
        connect(fillers[i], (struct sockaddr *)&a, sizeof a);
    }
    sleep_ms(100);
    return fd;
}

TEST(closing_the_session_cancels_a_connect)
{
    int fillers[4];
    unsigned port;
    int lfd = full_listener(&port, fillers, 4);
    oi_handle *s = long_session(), *req;
    CHECK_INT(request_open(s, "127.0.0.1", port, "GET", "/", 0, &req), OI_OK);
    waiter w = {req, 0, OI_OK, 0};
    check_cancelled(&w, s); /* the parent's close reaches the request */
    for (int i = 0; i < 4; i++)
        close(fillers[i]);
    close(lfd);
}

TEST(closing_an_idle_request_still_drains_for_reuse)
{
    oi_handle *s = session_new(), *req;
    int c1, r1, c2, r2;
    CHECK(scripted_conn_id(s, env_port("OI_SCRIPTED_PORT"), &c1, &r1));
    CHECK_INT(http_send(s, env_port("OI_SCRIPTED_PORT"), "GET", "/conn-id", 0, &req), OI_OK);
    oi_handle_close(req); /* body unread, nobody waiting: drained, pooled */
    CHECK(scripted_conn_id(s, env_port("OI_SCRIPTED_PORT"), &c2, &r2));
    CHECK_INT(c2, c1);
    oi_handle_close(s);
}

int main(void)
{
    env_need("OI_SCRIPTED_PORT");
    RUN(close_cancels_a_send_waiting_for_the_answer);
    RUN(close_cancels_a_read_waiting_for_body_bytes);
    RUN(close_cancels_an_upload_waiting_to_send);
    RUN(closing_the_session_cancels_a_connect);
    RUN(closing_an_idle_request_still_drains_for_reuse);
    return check_summary();
}
