/* A session's idle keep-alive connections, shared by its threads. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void oi_pool_init(oi_pool *p)
{
    pthread_mutex_init(&p->lock, NULL);
    p->idle = NULL;
    p->count = 0;
}

static int oi_conn_matches(const oi_conn *c, const char *key, size_t len)
{
    return strncmp(c->key, key, len) == 0 && c->key[len] == '\0';
}

/* Unlink and return the first connection to host:port, or NULL. */
static oi_conn *oi_pool_unlink(oi_pool *p, const char *key, size_t len)
{
    for (oi_conn **link = &p->idle; *link; link = &(*link)->next) {
        oi_conn *c = *link;
        if (oi_conn_matches(c, key, len)) {
            *link = c->next;
            c->next = NULL;
            p->count--;
            return c;
        }
    }
    return NULL;
}

oi_conn *oi_pool_take(oi_pool *p, const char *key, size_t len)
{
    for (;;) {
        pthread_mutex_lock(&p->lock);
        oi_conn *c = oi_pool_unlink(p, key, len);
        pthread_mutex_unlock(&p->lock);
        if (!c || oi_conn_is_alive(c))
            return c;
        oi_conn_close(c); /* the server closed it while it was idle */
    }
}

static size_t oi_pool_count_server(const oi_pool *p, const oi_conn *like)
{
    size_t n = 0;
    for (const oi_conn *c = p->idle; c; c = c->next)
        n += oi_conn_matches(c, like->key, strlen(like->key));
    return n;
}

/* Unlink the least recently used connection (the last). */
static oi_conn *oi_pool_unlink_oldest(oi_pool *p)
{
    oi_conn **link = &p->idle;
    while (*link && (*link)->next)
        link = &(*link)->next;
    oi_conn *c = *link;
    if (c) {
        *link = NULL;
        p->count--;
    }
    return c;
}

void oi_pool_put(oi_pool *p, oi_conn *c, size_t max_per_server, size_t max_total)
{
    oi_conn *evicted = NULL;
    if (!c->key) { /* never keyed: cannot be found again */
        oi_conn_close(c);
        return;
    }
    c->start = c->end = 0;
    c->idle_since = oi_now_ms();
    pthread_mutex_lock(&p->lock);
    if (oi_pool_count_server(p, c) >= max_per_server || max_total == 0) {
        evicted = c;
    } else {
        if (p->count >= max_total)
            evicted = oi_pool_unlink_oldest(p);
        c->next = p->idle;
        p->idle = c;
        p->count++;
    }
    pthread_mutex_unlock(&p->lock);
    oi_conn_close(evicted);
}

void oi_pool_close_all(oi_pool *p, oi_handle *h)
{
    pthread_mutex_lock(&p->lock);
    oi_conn *c = p->idle;
    p->idle = NULL;
    p->count = 0;
    pthread_mutex_unlock(&p->lock);
    while (c) {
        oi_conn *next = c->next;
        oi_notify(h, OI_EVENT_CLOSING_CONNECTION, NULL, 0);
        oi_conn_close(c);
        oi_notify(h, OI_EVENT_CONNECTION_CLOSED, NULL, 0);
        c = next;
    }
    pthread_mutex_destroy(&p->lock);
}
