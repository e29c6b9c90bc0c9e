#include "progress.h"

#include <stdio.h>

#include "clock.h"

#define REDRAW_MS 100.0

void cli_progress_begin(struct cli_progress *p, int on, long long total)
{
    p->on = on;
    p->total = total;
    p->done = 0;
    p->start_ms = p->drawn_ms = cli_clock_ms();
}

/* "999.9 KiB" style, in a buffer of at least 16 bytes. */
static const char *human(double bytes, char *buf, size_t len)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    size_t u = 0;
    while (bytes >= 1024.0 && u + 1 < sizeof units / sizeof units[0]) {
        bytes /= 1024.0;
        u++;
    }
    if (u == 0)
        snprintf(buf, len, "%.0f B", bytes);
    else
        snprintf(buf, len, "%.1f %s", bytes, units[u]);
    return buf;
}

/* Fixed-width fields, so each drawing covers the previous one entirely. */
static void draw(const struct cli_progress *p, double now)
{
    char done[16], total[16], rate[16];
    double seconds = (now - p->start_ms) / 1e3;
    human((double)p->done, done, sizeof done);
    human(seconds > 0 ? (double)p->done / seconds : 0.0, rate, sizeof rate);
    if (p->total > 0)
        fprintf(stderr, "\r %10s / %-10s %3d%%  %10s/s ", done,
                human((double)p->total, total, sizeof total),
                (int)((double)p->done * 100.0 / (double)p->total), rate);
    else
        fprintf(stderr, "\r %10s  %10s/s ", done, rate);
    fflush(stderr);
}

void cli_progress_add(struct cli_progress *p, unsigned long long n)
{
    if (!p->on)
        return;
    p->done += n;
    double now = cli_clock_ms();
    if (now - p->drawn_ms >= REDRAW_MS) {
        draw(p, now);
        p->drawn_ms = now;
    }
}

void cli_progress_end(struct cli_progress *p)
{
    if (!p->on)
        return;
    draw(p, cli_clock_ms());
    fputc('\n', stderr);
    p->on = 0;
}
