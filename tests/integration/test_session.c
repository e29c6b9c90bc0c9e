/* Sessions and the handle tree: kinds, options and their inheritance, the
 * status callback (order, context, overriding), closing a subtree, pools
 * that belong to one session, and sessions used from several threads.
 * Peers: nginx (plain traffic) and the scripted server (/conn-id shows
 * which connection answered). */
#include "support.h"

#include <pthread.h>

static unsigned nginx_port, scripted_port;

static int conn_id(oi_handle *session, int *conn, int *req)
{
    return scripted_conn_id(session, scripted_port, conn, req);
}

/* The sent head of a finished GET of /index.html from nginx, copied into
 * buf. */
static oi_status sent_head_of_get(oi_handle *session, oi_handle *conn_or_null, char *buf,
                                  size_t cap)
{
    oi_handle *req = NULL;
    oi_status rc;
    buf[0] = '\0';
    if (conn_or_null)
        rc = oi_connection_open_request(conn_or_null, "GET", "/index.html", NULL, NULL, NULL, 0,
                                        &req);
    else
        rc = request_open(session, "127.0.0.1", nginx_port, "GET", "/index.html", 0, &req);
    if (rc == OI_OK)
        rc = oi_request_send(req, NULL, 0, NULL, 0);
    const char *head = req ? oi_request_sent_headers(req, NULL) : NULL;
    if (head)
        snprintf(buf, cap, "%s", head);
    oi_handle_close(req);
    return rc;
}

TEST(version_matches_header)
{
    CHECK_STR(oi_version(), OI_VERSION_STRING);
}

TEST(handles_report_their_kind)
{
    oi_handle *s = session_new(), *c = NULL, *r = NULL;
    CHECK_INT(oi_handle_kind(s), OI_HANDLE_SESSION);
    CHECK_INT(oi_session_connect(s, "127.0.0.1", nginx_port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_handle_kind(c), OI_HANDLE_CONNECTION);
    CHECK_INT(oi_connection_open_request(c, NULL, NULL, NULL, NULL, NULL, 0, &r), OI_OK);
    CHECK_INT(oi_handle_kind(r), OI_HANDLE_REQUEST);
    oi_handle_close(s);
}

TEST(closing_null_is_ok)
{
    CHECK_INT(oi_handle_close(NULL), OI_OK);
}

TEST(default_user_agent_names_the_library)
{
    oi_handle *s = NULL;
    char head[4096];
    CHECK_INT(oi_session_open(NULL, OI_ACCESS_DIRECT, &s), OI_OK);
    if (!s)
        return;
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS);
    CHECK_INT(sent_head_of_get(s, NULL, head, sizeof head), OI_OK);
    CHECK(strstr(head, "\r\nUser-Agent: openinet/" OI_VERSION_STRING "\r\n") != NULL);
    oi_handle_close(s);
}

TEST(session_user_agent_is_sent)
{
    oi_handle *s = NULL;
    char head[4096];
    CHECK_INT(oi_session_open("probe/1.0", OI_ACCESS_DIRECT, &s), OI_OK);
    if (!s)
        return;
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS);
    CHECK_INT(sent_head_of_get(s, NULL, head, sizeof head), OI_OK);
    CHECK(strstr(head, "\r\nUser-Agent: probe/1.0\r\n") != NULL);
    oi_handle_close(s);
}

/* The option set on a connection wins over the session's agent. */
TEST(connection_user_agent_overrides_session)
{
    oi_handle *s = session_new(), *c = NULL;
    char head[4096];
    CHECK_INT(oi_session_connect(s, "127.0.0.1", nginx_port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_handle_set_str(c, OI_OPT_USER_AGENT, "conn-agent/2"), OI_OK);
    CHECK_INT(sent_head_of_get(s, c, head, sizeof head), OI_OK);
    CHECK(strstr(head, "\r\nUser-Agent: conn-agent/2\r\n") != NULL);
    CHECK(strstr(head, "openinet-tests") == NULL);
    oi_handle_close(s);
}

static void unset_proxy_environment(void)
{
    static const char *names[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                                  "all_proxy",  "ALL_PROXY",  "ftp_proxy",   "FTP_PROXY"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unsetenv(names[i]);
}

TEST(preconfig_without_proxy_environment_is_direct)
{
    oi_handle *s = NULL;
    char head[4096];
    unset_proxy_environment();
    CHECK_INT(oi_session_open(NULL, OI_ACCESS_PRECONFIG, &s), OI_OK);
    if (!s)
        return;
    oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, TEST_IO_TIMEOUT_MS);
    CHECK_INT(sent_head_of_get(s, NULL, head, sizeof head), OI_OK);
    oi_handle_close(s);
}

/* Open the nginx index through the session; tinyproxy marks what it
 * carried with a Via header. */
static int went_through_proxy(oi_handle *s)
{
    oi_handle *req = NULL;
    char url[256];
    url_for(url, sizeof url, env_port("OI_NGINX_PORT"), "/1k.bin");
    CHECK_INT(oi_session_open_url(s, url, NULL, 0, 0, &req), OI_OK);
    CHECK_INT(oi_request_status(req), 200);
    int via = req && oi_request_header(req, "Via", 0, NULL, NULL) == OI_OK;
    oi_handle_close(req);
    return via;
}

TEST(proxy_access_uses_the_proxy_option)
{
    oi_handle *s = NULL;
    char proxy[64];
    snprintf(proxy, sizeof proxy, "http://127.0.0.1:%u", env_port("OI_TINYPROXY_PORT"));
    CHECK_INT(oi_session_open(NULL, OI_ACCESS_PROXY, &s), OI_OK);
    CHECK_INT(oi_handle_set_str(s, OI_OPT_PROXY, proxy), OI_OK);
    CHECK(went_through_proxy(s));
    CHECK_INT(oi_handle_set_str(s, OI_OPT_PROXY_BYPASS, "localhost, 127.0.0.0/8"), OI_OK);
    CHECK(!went_through_proxy(s));
    oi_handle_close(s);
}

TEST(preconfig_follows_the_proxy_environment)
{
    oi_handle *s = NULL;
    char proxy[64];
    snprintf(proxy, sizeof proxy, "http://127.0.0.1:%u", env_port("OI_TINYPROXY_PORT"));
    unset_proxy_environment();
    setenv("http_proxy", proxy, 1);
    CHECK_INT(oi_session_open(NULL, OI_ACCESS_PRECONFIG, &s), OI_OK);
    CHECK(went_through_proxy(s));
    setenv("no_proxy", "127.0.0.1", 1);
    CHECK(!went_through_proxy(s));
    oi_handle_close(s);
    unsetenv("no_proxy");
    unset_proxy_environment();
}

TEST(connect_makes_no_traffic)
{
    unsigned port;
    int fd = closed_port(&port);
    oi_handle *s = session_new(), *c = NULL;
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    /* Nothing listens there: only a real connect attempt could fail. */
    CHECK_INT(oi_session_connect(s, "127.0.0.1", port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(rec_count(OI_EVENT_CONNECTING_TO_SERVER), 0);
    CHECK_INT(rec_count(OI_EVENT_RESOLVING_NAME), 0);
    CHECK_INT(oi_handle_close(c), OI_OK);
    oi_handle_close(s);
    close(fd);
}

/* Every number option reads back its documented default on a new session. */
TEST(option_defaults_match_table)
{
    static const struct {
        oi_option opt;
        const char *type;
        long long def;
        const char *name;
    } table[] = {
#define OI_OPTION(name, id, type, default_value, doc) {OI_OPT_##name, #type, default_value, #name},
#include "openinet/options.def"
#undef OI_OPTION
    };
    oi_handle *s = NULL;
    CHECK_INT(oi_session_open(NULL, OI_ACCESS_DIRECT, &s), OI_OK);
    for (size_t i = 0; s && i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(table[i].type, "INT") != 0)
            continue;
        long long v = -12345;
        CHECK_INT(oi_handle_get_int(s, table[i].opt, &v), OI_OK);
        if (v != table[i].def)
            fprintf(stderr, "option %s: %lld, default %lld\n", table[i].name, v, table[i].def);
        CHECK_INT(v, table[i].def);
    }
    const char *user = "x";
    CHECK_INT(oi_handle_get_str(s, OI_OPT_USERNAME, &user), OI_OK);
    CHECK(user == NULL);
    oi_handle_close(s);
}

static long long get_int(const oi_handle *h, oi_option opt)
{
    long long v = -1;
    CHECK_INT(oi_handle_get_int(h, opt, &v), OI_OK);
    return v;
}

TEST(options_are_inherited_downwards)
{
    oi_handle *s = session_new(), *c = NULL, *r = NULL;
    CHECK_INT(oi_session_connect(s, "127.0.0.1", nginx_port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_connection_open_request(c, NULL, NULL, NULL, NULL, NULL, 0, &r), OI_OK);
    CHECK_INT(oi_handle_set_int(s, OI_OPT_RECEIVE_TIMEOUT, 1234), OI_OK);
    CHECK_INT(get_int(c, OI_OPT_RECEIVE_TIMEOUT), 1234);
    CHECK_INT(get_int(r, OI_OPT_RECEIVE_TIMEOUT), 1234);

    CHECK_INT(oi_handle_set_int(c, OI_OPT_RECEIVE_TIMEOUT, 2345), OI_OK);
    CHECK_INT(get_int(s, OI_OPT_RECEIVE_TIMEOUT), 1234);
    CHECK_INT(get_int(r, OI_OPT_RECEIVE_TIMEOUT), 2345);

    CHECK_INT(oi_handle_set_int(r, OI_OPT_RECEIVE_TIMEOUT, 3456), OI_OK);
    CHECK_INT(get_int(c, OI_OPT_RECEIVE_TIMEOUT), 2345);
    CHECK_INT(get_int(r, OI_OPT_RECEIVE_TIMEOUT), 3456);
    oi_handle_close(s);
}

/* Inheritance is a lookup at use time: a value set on the session after
 * its children exist still reaches them. */
TEST(option_set_on_parent_later_reaches_children)
{
    oi_handle *s = session_new(), *c = NULL, *r = NULL;
    CHECK_INT(oi_session_connect(s, "127.0.0.1", nginx_port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_connection_open_request(c, NULL, NULL, NULL, NULL, NULL, 0, &r), OI_OK);
    CHECK_INT(oi_handle_set_int(s, OI_OPT_MAX_DRAIN_BYTES, 777), OI_OK);
    CHECK_INT(get_int(r, OI_OPT_MAX_DRAIN_BYTES), 777);
    oi_handle_close(s);
}

static const char *get_str(const oi_handle *h, oi_option opt)
{
    const char *v = "unset";
    CHECK_INT(oi_handle_get_str(h, opt, &v), OI_OK);
    return v;
}

TEST(string_option_null_restores_inherited_value)
{
    oi_handle *s = session_new(), *c = NULL, *r = NULL;
    CHECK_INT(oi_session_connect(s, "127.0.0.1", nginx_port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_connection_open_request(c, NULL, NULL, NULL, NULL, NULL, 0, &r), OI_OK);
    CHECK_INT(oi_handle_set_str(s, OI_OPT_USERNAME, "alice"), OI_OK);
    CHECK_INT(oi_handle_set_str(r, OI_OPT_USERNAME, "bob"), OI_OK);
    CHECK_STR(get_str(r, OI_OPT_USERNAME), "bob");
    CHECK_STR(get_str(c, OI_OPT_USERNAME), "alice");
    CHECK_INT(oi_handle_set_str(r, OI_OPT_USERNAME, NULL), OI_OK);
    CHECK_STR(get_str(r, OI_OPT_USERNAME), "alice");
    oi_handle_close(s);
}

TEST(string_option_is_copied)
{
    oi_handle *s = session_new();
    char value[16] = "secret";
    CHECK_INT(oi_handle_set_str(s, OI_OPT_PASSWORD, value), OI_OK);
    memcpy(value, "XXXXXX", 6);
    CHECK_STR(get_str(s, OI_OPT_PASSWORD), "secret");
    oi_handle_close(s);
}

/* GET nginx /1k.bin on `s` and read it; the callback sees the events. */
static void get_1k(oi_handle *s, oi_handle **req_out)
{
    oi_handle *req = NULL;
    body b = {0};
    CHECK_INT(http_send(s, nginx_port, "GET", "/1k.bin", 0, &req), OI_OK);
    CHECK_INT(read_body(req, &b), OI_OK);
    CHECK_INT(b.len, 1024);
    body_free(&b);
    if (req_out)
        *req_out = req;
    else
        oi_handle_close(req);
}

/* Each event must follow the one before it; events a numeric host may
 * skip (resolving) are checked only when present. */
static void check_in_order(const oi_event *order, size_t n)
{
    int at = -1;
    for (size_t i = 0; i < n; i++) {
        int next = rec_find(order[i], at + 1);
        if (next < 0) {
            fprintf(stderr, "no %s after event %d\n", oi_event_name(order[i]), at);
            rec_dump();
            CHECK(next >= 0);
            return;
        }
        at = next;
    }
}

TEST(callback_events_come_in_protocol_order)
{
    static const oi_event order[] = {
        OI_EVENT_CONNECTING_TO_SERVER, OI_EVENT_CONNECTED_TO_SERVER, OI_EVENT_SENDING_REQUEST,
        OI_EVENT_REQUEST_SENT,         OI_EVENT_RECEIVING_RESPONSE,  OI_EVENT_RESPONSE_RECEIVED,
    };
    oi_handle *s = session_new(), *req = NULL;
    rec_reset();
    CHECK_INT(oi_handle_set_callback(s, rec_callback), OI_OK);
    get_1k(s, &req);
    check_in_order(order, sizeof order / sizeof order[0]);

    int resolving = rec_find(OI_EVENT_RESOLVING_NAME, 0);
    int connecting = rec_find(OI_EVENT_CONNECTING_TO_SERVER, 0);
    if (resolving >= 0)
        CHECK(resolving < rec_find(OI_EVENT_NAME_RESOLVED, resolving) &&
              rec_find(OI_EVENT_NAME_RESOLVED, resolving) < connecting);
    if (connecting >= 0)
        CHECK(strncmp(rec()->e[connecting].text, "127.0.0.1", 9) == 0);

    /* REQUEST_SENT counts the bytes of the head (a GET has no body). */
    int sent = rec_find(OI_EVENT_REQUEST_SENT, 0);
    size_t head_len = 0;
    if (req && oi_request_sent_headers(req, &head_len) && sent >= 0)
        CHECK_INT(rec()->e[sent].count, head_len);
    int received = rec_find(OI_EVENT_RESPONSE_RECEIVED, 0);
    if (received >= 0)
        CHECK(rec()->e[received].count > 0);
    oi_handle_close(s);
}

TEST(handle_created_reports_each_new_handle)
{
    oi_handle *s = session_new(), *c = NULL, *r = NULL;
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(oi_session_connect(s, "127.0.0.1", nginx_port, NULL, NULL, 0, &c), OI_OK);
    CHECK_INT(oi_connection_open_request(c, NULL, NULL, NULL, NULL, NULL, 0, &r), OI_OK);
    int first = rec_find(OI_EVENT_HANDLE_CREATED, 0);
    int second = rec_find(OI_EVENT_HANDLE_CREATED, first + 1);
    CHECK(first >= 0 && second >= 0);
    if (first >= 0 && second >= 0) {
        CHECK(rec()->e[first].subject == c);
        CHECK(rec()->e[second].subject == r);
    }
    oi_handle_close(s);
}

/* Position of the HANDLE_CLOSING event for the handle whose address was h,
 * or -1; also counts them.  Addresses are kept as integers because the
 * handles are gone by the time they are compared. */
static int closing_index(uintptr_t h, int *count)
{
    int at = -1;
    *count = 0;
    for (int i = 0; i < rec()->n; i++)
        if (rec()->e[i].event == OI_EVENT_HANDLE_CLOSING && (uintptr_t)rec()->e[i].subject == h) {
            (*count)++;
            at = i;
        }
    return at;
}

TEST(closing_session_closes_tree_leaves_first)
{
    oi_handle *s = session_new(), *c1 = NULL, *c2 = NULL, *r1a = NULL, *r1b = NULL, *r2 = NULL;
    CHECK_INT(oi_session_connect(s, "127.0.0.1", nginx_port, NULL, NULL, 0, &c1), OI_OK);
    CHECK_INT(oi_session_connect(s, "127.0.0.1", nginx_port, NULL, NULL, 0, &c2), OI_OK);
    CHECK_INT(oi_connection_open_request(c1, NULL, NULL, NULL, NULL, NULL, 0, &r1a), OI_OK);
    CHECK_INT(oi_connection_open_request(c1, NULL, NULL, NULL, NULL, NULL, 0, &r1b), OI_OK);
    CHECK_INT(oi_connection_open_request(c2, NULL, NULL, NULL, NULL, NULL, 0, &r2), OI_OK);
    /* One request has a live response whose body is never read. */
    CHECK_INT(oi_request_send(r2, NULL, 0, NULL, 0), OI_OK);
    uintptr_t id[6] = {(uintptr_t)s,   (uintptr_t)c1,  (uintptr_t)c2,
                       (uintptr_t)r1a, (uintptr_t)r1b, (uintptr_t)r2};
    int at[6], n;
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(oi_handle_close(s), OI_OK);
    for (int i = 0; i < 6; i++) {
        at[i] = closing_index(id[i], &n);
        CHECK_INT(n, 1);
    }
    int i_s = at[0], i_c1 = at[1], i_c2 = at[2], i_r1a = at[3], i_r1b = at[4], i_r2 = at[5];
    CHECK(i_r1a < i_c1 && i_r1b < i_c1 && i_r2 < i_c2);
    CHECK(i_c1 < i_s && i_c2 < i_s);
}

TEST(closing_connection_closes_only_its_subtree)
{
    oi_handle *s = session_new(), *c1 = NULL, *c2 = NULL, *r1 = NULL, *r2 = NULL;
    body b = {0};
    CHECK_INT(oi_session_connect(s, "127.0.0.1", nginx_port, NULL, NULL, 0, &c1), OI_OK);
    CHECK_INT(oi_session_connect(s, "127.0.0.1", nginx_port, NULL, NULL, 0, &c2), OI_OK);
    CHECK_INT(oi_connection_open_request(c1, NULL, "/1k.bin", NULL, NULL, NULL, 0, &r1), OI_OK);
    CHECK_INT(oi_connection_open_request(c2, NULL, "/1k.bin", NULL, NULL, NULL, 0, &r2), OI_OK);
    uintptr_t id_c1 = (uintptr_t)c1, id_r1 = (uintptr_t)r1;
    rec_reset();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(oi_handle_close(c1), OI_OK);
    CHECK_INT(rec_count(OI_EVENT_HANDLE_CLOSING), 2);
    int n;
    CHECK(closing_index(id_r1, &n) < closing_index(id_c1, &n));
    oi_handle_set_callback(s, NULL);
    /* The sibling subtree is untouched and works. */
    CHECK_INT(oi_request_send(r2, NULL, 0, NULL, 0), OI_OK);
    CHECK_INT(read_body(r2, &b), OI_OK);
    CHECK_INT(b.len, 1024);
    body_free(&b);
    oi_handle_close(s);
}

TEST(request_callback_overrides_session_callback)
{
    oi_handle *s = session_new(), *req = NULL;
    CHECK_INT(request_open(s, "127.0.0.1", nginx_port, "GET", "/1k.bin", 0, &req), OI_OK);
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(oi_handle_set_callback(req, rec_callback2), OI_OK);
    rec_reset();
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    int tag1 = 0, tag2 = 0;
    for (int i = 0; i < rec()->n; i++) {
        if (rec()->e[i].event != OI_EVENT_SENDING_REQUEST)
            continue;
        if (rec()->e[i].tag == 1)
            tag1++;
        else
            tag2++;
    }
    CHECK_INT(tag1, 0);
    CHECK_INT(tag2, 1);
    oi_handle_close(s);
}

TEST(callback_receives_context_of_its_handle)
{
    static int session_ctx, request_ctx;
    oi_handle *s = session_new(), *req = NULL;
    oi_handle_set_context(s, &session_ctx);
    CHECK_INT(request_open(s, "127.0.0.1", nginx_port, "GET", "/1k.bin", 0, &req), OI_OK);
    CHECK_INT(oi_handle_set_context(req, &request_ctx), OI_OK);
    oi_handle_set_callback(s, rec_callback);
    rec_reset();
    CHECK_INT(oi_request_send(req, NULL, 0, NULL, 0), OI_OK);
    int seen = 0;
    for (int i = 0; i < rec()->n; i++)
        if (rec()->e[i].h == req) {
            seen++;
            CHECK(rec()->e[i].context == &request_ctx);
        }
    CHECK(seen > 0);
    uintptr_t id_s = (uintptr_t)s;
    int n;
    rec_reset();
    oi_handle_close(s);
    int i_s = closing_index(id_s, &n);
    CHECK(i_s >= 0 && rec()->e[i_s].context == &session_ctx);
}

TEST(removing_callback_stops_events)
{
    oi_handle *s = session_new();
    oi_handle_set_callback(s, rec_callback);
    CHECK_INT(oi_handle_set_callback(s, NULL), OI_OK);
    rec_reset();
    get_1k(s, NULL);
    CHECK_INT(rec()->n, 0);
    oi_handle_close(s);
}

TEST(event_names_drop_the_prefix)
{
    CHECK_STR(oi_event_name(OI_EVENT_CONNECTED_TO_SERVER), "CONNECTED_TO_SERVER");
    CHECK_STR(oi_event_name(OI_EVENT_HANDLE_CLOSING), "HANDLE_CLOSING");
    CHECK_STR(oi_event_name(OI_EVENT_INTERMEDIATE_RESPONSE), "INTERMEDIATE_RESPONSE");
}

TEST(sessions_do_not_share_connections)
{
    oi_handle *a = session_new(), *b = session_new();
    int ca = 0, ra = 0, cb = 0, rb = 0, ca2 = 0, ra2 = 0;
    CHECK(conn_id(a, &ca, &ra));
    CHECK(conn_id(b, &cb, &rb));
    CHECK(conn_id(a, &ca2, &ra2));
    CHECK(ca != cb);
    CHECK_INT(rb, 1);
    CHECK_INT(ca2, ca);
    CHECK_INT(ra2, ra + 1);
    oi_handle_close(a);
    oi_handle_close(b);
}

/* Two requests in flight at once need two connections; when both end,
 * the session keeps at most MAX_CONNS_PER_SERVER of them idle.  A request
 * holds its connection until its body is read, even when the few bytes of
 * /conn-id arrived with the head. */
static int reused_of_two_parallel(oi_handle *s)
{
    oi_handle *r[2] = {NULL, NULL};
    body b[2] = {{0}, {0}};
    int reused = 0;
    for (int i = 0; i < 2; i++)
        CHECK_INT(http_send(s, scripted_port, "GET", "/conn-id", 0, &r[i]), OI_OK);
    for (int i = 0; i < 2; i++) {
        int conn = 0, nreq = 0;
        CHECK_INT(read_body(r[i], &b[i]), OI_OK);
        if (b[i].data && sscanf(b[i].data, "conn=%d req=%d", &conn, &nreq) == 2)
            reused += nreq > 1;
        body_free(&b[i]);
        oi_handle_close(r[i]);
    }
    return reused;
}

TEST(max_conns_per_server_limits_idle_pool)
{
    oi_handle *s = session_new();
    reused_of_two_parallel(s); /* opens two connections */
    CHECK_INT(reused_of_two_parallel(s), 2);
    CHECK_INT(oi_handle_set_int(s, OI_OPT_MAX_CONNS_PER_SERVER, 1), OI_OK);
    reused_of_two_parallel(s); /* both end; one stays idle */
    CHECK_INT(reused_of_two_parallel(s), 1);
    oi_handle_close(s);
}

/* The pool limits only what is kept idle: more requests than that may be
 * in flight at once.  1m.bin is too large to arrive with the head, so each
 * request holds its connection until its body is read. */
TEST(more_requests_in_flight_than_pool_limit_all_complete)
{
    enum { N = 10 };
    oi_handle *s = session_new(), *r[N];
    char file[1024];
    oi_status rc;
    docroot_path(file, sizeof file, "1m.bin");
    for (int i = 0; i < N; i++)
        CHECK_INT(http_send(s, nginx_port, "GET", "/1m.bin", 0, &r[i]), OI_OK);
    for (int i = N - 1; i >= 0; i--) {
        CHECK(r[i] && body_matches_file(r[i], file, 65536, &rc));
        oi_handle_close(r[i]);
    }
    oi_handle_close(s);
}

/* With either idle limit at 0 no connection is kept. */
TEST(zero_idle_limits_disable_reuse)
{
    static const oi_option limits[] = {OI_OPT_MAX_CONNS_PER_SERVER, OI_OPT_MAX_IDLE_CONNECTIONS};
    for (int i = 0; i < 2; i++) {
        oi_handle *s = session_new();
        int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
        CHECK_INT(oi_handle_set_int(s, limits[i], 0), OI_OK);
        CHECK(conn_id(s, &c1, &r1));
        CHECK(conn_id(s, &c2, &r2));
        CHECK(c1 != c2);
        CHECK_INT(r2, 1);
        oi_handle_close(s);
    }
}

/* Threads: failures are counted, not CHECKed, because the check counters
 * are not thread-safe. */
#define THREADS             4
#define REQUESTS_PER_THREAD 25

typedef struct worker {
    oi_handle *session; /* shared, or NULL for a session of its own */
    int failures;
} worker;

static void *worker_run(void *arg)
{
    worker *w = arg;
    oi_handle *s = w->session ? w->session : session_new();
    char path[512];
    docroot_path(path, sizeof path, "1k.bin");
    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
        oi_handle *req = NULL;
        oi_status rc = http_send(s, nginx_port, "GET", "/1k.bin", 0, &req);
        if (rc != OI_OK || !body_matches_file(req, path, 300, &rc))
            w->failures++;
        oi_handle_close(req);
    }
    if (!w->session)
        oi_handle_close(s);
    return NULL;
}

static void run_workers(oi_handle *shared)
{
    pthread_t t[THREADS];
    worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i].session = shared;
        w[i].failures = 0;
        CHECK_INT(pthread_create(&t[i], NULL, worker_run, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        CHECK_INT(w[i].failures, 0);
    }
}

TEST(independent_sessions_work_in_parallel_threads)
{
    run_workers(NULL);
}

TEST(one_session_serves_several_threads)
{
    oi_handle *s = session_new();
    run_workers(s);
    oi_handle_close(s);
}

int main(void)
{
    nginx_port = env_port("OI_NGINX_PORT");
    scripted_port = env_port("OI_SCRIPTED_PORT");
    env_need("OI_DOCROOT");

    RUN(version_matches_header);
    RUN(handles_report_their_kind);
    RUN(closing_null_is_ok);
    RUN(default_user_agent_names_the_library);
    RUN(session_user_agent_is_sent);
    RUN(connection_user_agent_overrides_session);
    RUN(proxy_access_uses_the_proxy_option);
    RUN(preconfig_without_proxy_environment_is_direct);
    RUN(preconfig_follows_the_proxy_environment);
    RUN(connect_makes_no_traffic);
    RUN(option_defaults_match_table);
    RUN(options_are_inherited_downwards);
    RUN(option_set_on_parent_later_reaches_children);
    RUN(string_option_null_restores_inherited_value);
    RUN(string_option_is_copied);
    RUN(callback_events_come_in_protocol_order);
    RUN(handle_created_reports_each_new_handle);
    RUN(closing_session_closes_tree_leaves_first);
    RUN(closing_connection_closes_only_its_subtree);
    RUN(request_callback_overrides_session_callback);
    RUN(callback_receives_context_of_its_handle);
    RUN(removing_callback_stops_events);
    RUN(event_names_drop_the_prefix);
    RUN(sessions_do_not_share_connections);
    RUN(max_conns_per_server_limits_idle_pool);
    RUN(more_requests_in_flight_than_pool_limit_all_complete);
    RUN(zero_idle_limits_disable_reuse);
    RUN(independent_sessions_work_in_parallel_threads);
    RUN(one_session_serves_several_threads);
    return check_summary();
}
