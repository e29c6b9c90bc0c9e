/* Connecting to an address list (oi_conn_open_list, what oi_conn_open does
 * after resolving): Happy Eyeballs (RFC 8305) with both families, plain
 * order with one.  Loopback sockets only, no peers.  An attempt "stalls"
 * on a listening socket whose accept queue is full: Linux drops the SYNs
 * of further clients, so their connect neither succeeds nor fails. */
#include "check.h"
#include "transport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- events ---- */

#define MAX_EVENTS 16
static struct {
    int n;
    oi_event event[MAX_EVENTS];
    char addr[MAX_EVENTS][64];
} seen;

static void record(oi_handle *h, void *context, oi_event event, const void *info, size_t len)
{
    (void)h;
    (void)context;
    (void)len;
    if (seen.n == MAX_EVENTS ||
        (event != OI_EVENT_CONNECTING_TO_SERVER && event != OI_EVENT_CONNECTED_TO_SERVER))
        return;
    seen.event[seen.n] = event;
    snprintf(seen.addr[seen.n], sizeof seen.addr[0], "%s", (const char *)info);
    seen.n++;
}

/* "C:::1 C:127.0.0.1 W:127.0.0.1": connecting (C) and connected (W). */
static const char *events(void)
{
    static char out[512];
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < seen.n && len < sizeof out; i++)
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%c:%s", i ? " " : "",
                                seen.event[i] == OI_EVENT_CONNECTED_TO_SERVER ? 'W' : 'C',
                                seen.addr[i]);
    return out;
}

/* ---- sockets ---- */

static int have_ipv6(void)
{
    struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    int ok = fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

/* A socket bound to addr:port (port 0: any); listening with `backlog`
 * unless backlog < 0 (then connects to it are refused).  -1 on failure. */
static int bound(const char *addr, unsigned port, int backlog, unsigned *out_port)
{
    struct sockaddr_storage ss = {0};
    socklen_t len;
    int family = strchr(addr, ':') ? AF_INET6 : AF_INET;
    if (family == AF_INET6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((unsigned short)port);
        inet_pton(AF_INET6, addr, &a->sin6_addr);
        len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((unsigned short)port);
        inet_pton(AF_INET, addr, &a->sin_addr);
        len = sizeof *a;
    }
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) != 0 ||
        (backlog >= 0 && listen(fd, backlog) != 0) ||
        getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *out_port = ntohs(family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                         : ((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

/* A blocking client connected to addr:port. */
static int client(const char *addr, unsigned port)
{
    struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
                             .ai_socktype = SOCK_STREAM};
    struct addrinfo *ai;
    char service[8];
    snprintf(service, sizeof service, "%u", port);
    if (getaddrinfo(addr, service, &hints, &ai) != 0)
        return -1;
    int fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(ai);
    return fd;
}

/* A server whose accept queue is full: connects to it stall. */
typedef struct stalled {
    int listener, filler;
} stalled;

static int stall(stalled *s, const char *addr, unsigned port, unsigned *out_port)
{
    s->listener = bound(addr, port, 0, out_port);
    s->filler = s->listener >= 0 ? client(addr, *out_port) : -1;
    return s->filler >= 0;
}

static void unstall(stalled *s)
{
    if (s->filler >= 0)
        close(s->filler);
    if (s->listener >= 0)
        close(s->listener);
}

/* ---- address lists ---- */

typedef struct addrs {
    struct addrinfo *part[4];
    int n;
} addrs;

/* Append addr:port to the list l (linked through ai_next). */
static void add(addrs *l, const char *addr, unsigned port)
{
    struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
                             .ai_socktype = SOCK_STREAM};
    char service[8];
    snprintf(service, sizeof service, "%u", port);
    if (l->n == 4 || getaddrinfo(addr, service, &hints, &l->part[l->n]) != 0) {
        fprintf(stderr, "cannot make the address %s\n", addr);
        exit(1);
    }
    if (l->n > 0)
        l->part[l->n - 1]->ai_next = l->part[l->n];
    l->n++;
}

static void addrs_free(addrs *l)
{
    for (int i = 0; i < l->n; i++) {
        l->part[i]->ai_next = NULL;
        freeaddrinfo(l->part[i]);
    }
    l->n = 0;
}

/* ---- the call under test ---- */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#define DEFAULT (-1) /* leave the option at its default */

typedef struct settings {
    long long delay, timeout, retries;
    int64_t deadline; /* the caller's, 0: none */
} settings;

static char message[256]; /* of the last open_list */

/* Connect to the list in a fresh session; *took receives the time it
 * took, in ms. */
static oi_status open_list(const addrs *l, settings set, long long *took)
{
    oi_handle *s = NULL;
    oi_conn *c = NULL;
    seen.n = 0;
    if (oi_session_open(NULL, OI_ACCESS_DIRECT, &s) != OI_OK)
        exit(1);
    oi_handle_set_callback(s, record);
    if (set.delay != DEFAULT)
        oi_handle_set_int(s, OI_OPT_HAPPY_EYEBALLS_DELAY, set.delay);
    oi_handle_set_int(s, OI_OPT_CONNECT_TIMEOUT, set.timeout);
    oi_handle_set_int(s, OI_OPT_CONNECT_RETRIES, set.retries);
    long long t0 = now_ms();
    oi_status st = oi_conn_open_list(s, "test", 80, l->part[0], set.deadline, &c);
    *took = now_ms() - t0;
    snprintf(message, sizeof message, "%s", oi_handle_message(s));
    oi_conn_close(c);
    oi_handle_close(s);
    return st;
}

/* A stalled IPv6 server and a working IPv4 one on the same port, as a
 * dual-stack name gives them. */
typedef struct dual {
    stalled v6;
    int v4;
    unsigned port;
} dual;

/* An IPv6 and an IPv4 socket on one port (listening with the backlogs
 * given, as bound() takes them).  The port comes free on ::1; when another
 * process holds it on 127.0.0.1, the pair is tried again on another. */
static int same_port_pair(int v6_backlog, int v4_backlog, int *v6, int *v4, unsigned *port)
{
    for (int tries = 0; tries < 20; tries++) {
        unsigned same;
        if ((*v6 = bound("::1", 0, v6_backlog, port)) < 0)
            return 0;
        if ((*v4 = bound("127.0.0.1", *port, v4_backlog, &same)) >= 0)
            return 1;
        close(*v6);
    }
    return 0;
}

static int dual_start(dual *d)
{
    d->v6.filler = -1;
    if (!same_port_pair(0, 16, &d->v6.listener, &d->v4, &d->port))
        return 0;
    d->v6.filler = client("::1", d->port);
    return d->v6.filler >= 0;
}

static void dual_stop(dual *d)
{
    unstall(&d->v6);
    close(d->v4);
}

static int skip_without_ipv6(const char *name)
{
    if (have_ipv6())
        return 0;
    printf("SKIP %s: no IPv6 loopback\n", name);
    return 1;
}

TEST(stalled_ipv6_gives_way_to_ipv4_after_the_delay)
{
    dual d;
    addrs l = {0};
    long long took;
    if (skip_without_ipv6("stalled_ipv6_gives_way_to_ipv4_after_the_delay"))
        return;
    CHECK(dual_start(&d));
    add(&l, "::1", d.port);
    add(&l, "127.0.0.1", d.port);
    CHECK_INT(open_list(&l, (settings){100, 5000, 0, 0}, &took), OI_OK);
    CHECK(took >= 95 && took < 1000);
    CHECK_STR(events(), "C:::1 C:127.0.0.1 W:127.0.0.1");
    addrs_free(&l);
    dual_stop(&d);
}

TEST(default_delay_is_a_quarter_second)
{
    dual d;
    addrs l = {0};
    long long took;
    if (skip_without_ipv6("default_delay_is_a_quarter_second"))
        return;
    CHECK(dual_start(&d));
    add(&l, "::1", d.port);
    add(&l, "127.0.0.1", d.port);
    CHECK_INT(open_list(&l, (settings){DEFAULT, 5000, 0, 0}, &took), OI_OK);
    CHECK(took >= 245 && took < 1500);
    addrs_free(&l);
    dual_stop(&d);
}

/* A refused attempt does not wait for the delay: the next starts at once. */
TEST(refused_address_hands_over_at_once)
{
    addrs l = {0};
    unsigned port;
    long long took;
    if (skip_without_ipv6("refused_address_hands_over_at_once"))
        return;
    int v6, v4; /* IPv6 bound, not listening: refused */
    CHECK(same_port_pair(-1, 16, &v6, &v4, &port));
    add(&l, "::1", port);
    add(&l, "127.0.0.1", port);
    CHECK_INT(open_list(&l, (settings){2000, 5000, 0, 0}, &took), OI_OK);
    CHECK(took < 500);
    CHECK_STR(events(), "C:::1 C:127.0.0.1 W:127.0.0.1");
    addrs_free(&l);
    close(v6);
    close(v4);
}

/* Each attempt keeps its own connect timeout; the last failure is reported. */
TEST(every_family_stalled_times_out)
{
    stalled s6, s4;
    addrs l = {0};
    unsigned p6, p4;
    long long took;
    if (skip_without_ipv6("every_family_stalled_times_out"))
        return;
    CHECK(stall(&s6, "::1", 0, &p6) && stall(&s4, "127.0.0.1", 0, &p4));
    add(&l, "::1", p6);
    add(&l, "127.0.0.1", p4);
    CHECK_INT(open_list(&l, (settings){100, 300, 0, 0}, &took), OI_E_TIMEOUT);
    CHECK(took >= 390 && took < 1500); /* IPv4 started at 100 ms, gave up at 400 */
    CHECK_STR(events(), "C:::1 C:127.0.0.1");
    CHECK_STR(message, "connect to 127.0.0.1 port 80: timed out");
    /* The caller's deadline ends every attempt. */
    CHECK_INT(open_list(&l, (settings){100, 5000, 0, oi_deadline(250, 0)}, &took), OI_E_TIMEOUT);
    CHECK(took >= 245 && took < 1000);
    addrs_free(&l);
    unstall(&s6);
    unstall(&s4);
}

/* Families alternate (RFC 8305 section 4): ::1, 127.0.0.1, ::1. */
TEST(families_alternate)
{
    addrs l = {0};
    unsigned a, b, c;
    long long took;
    if (skip_without_ipv6("families_alternate"))
        return;
    int fa = bound("::1", 0, -1, &a), fb = bound("::1", 0, -1, &b);
    int fc = bound("127.0.0.1", 0, -1, &c);
    add(&l, "::1", a);
    add(&l, "::1", b);
    add(&l, "127.0.0.1", c);
    CHECK_INT(open_list(&l, (settings){100, 5000, 0, 0}, &took), OI_E_CANNOT_CONNECT);
    CHECK_STR(events(), "C:::1 C:127.0.0.1 C:::1");
    CHECK(strstr(message, "refused") != NULL);
    addrs_free(&l);
    close(fa);
    close(fb);
    close(fc);
}

/* One family: addresses in turn, each given its whole timeout, no racing. */
TEST(one_family_tries_addresses_in_order)
{
    stalled s;
    addrs l = {0};
    unsigned p1, p2, p3;
    long long took;
    CHECK(stall(&s, "127.0.0.1", 0, &p1));
    int refused = bound("127.0.0.1", 0, -1, &p2);
    int ok = bound("127.0.0.1", 0, 16, &p3);
    add(&l, "127.0.0.1", p1);
    add(&l, "127.0.0.1", p2);
    add(&l, "127.0.0.1", p3);
    CHECK_INT(open_list(&l, (settings){50, 300, 0, 0}, &took), OI_OK);
    CHECK(took >= 295 && took < 1500); /* the stalled one had its full 300 ms */
    CHECK_STR(events(), "C:127.0.0.1 C:127.0.0.1 C:127.0.0.1 W:127.0.0.1");
    addrs_free(&l);
    unstall(&s);
    close(refused);
    close(ok);
}

/* Retries: extra passes over the list when every address failed. */
TEST(retries_pass_over_the_list_again)
{
    addrs l = {0};
    unsigned p;
    long long took;
    int refused = bound("127.0.0.1", 0, -1, &p);
    add(&l, "127.0.0.1", p);
    CHECK_INT(open_list(&l, (settings){100, 300, 2, 0}, &took), OI_E_CANNOT_CONNECT);
    CHECK_STR(events(), "C:127.0.0.1 C:127.0.0.1 C:127.0.0.1");
    addrs_free(&l);
    close(refused);
}

int main(void)
{
    RUN(stalled_ipv6_gives_way_to_ipv4_after_the_delay);
    RUN(default_delay_is_a_quarter_second);
    RUN(refused_address_hands_over_at_once);
    RUN(every_family_stalled_times_out);
    RUN(families_alternate);
    RUN(one_family_tries_addresses_in_order);
    RUN(retries_pass_over_the_list_again);
    return check_summary();
}
