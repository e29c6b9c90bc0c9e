/*
 * Run one command and measure it from process start to exit:
 *
 *   spawn COMMAND [ARG...]
 *   -> wall_ns=... user_ns=... sys_ns=... maxrss_kb=...
 *
 * The command's standard output goes to /dev/null; its standard error is
 * kept.  The times are the child's (wait4), wall time from just before
 * posix_spawn to just after wait4; maxrss_kb is its peak resident set.
 * Exits 1, printing why, when the command cannot start or does not exit 0.
 */
#define _DEFAULT_SOURCE /* wait4 */
#include "timing.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: spawn COMMAND [ARG...]\n");
        return 2;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int status;
    struct rusage ru;
    int64_t t0 = timing_now_ns();
    int rc = posix_spawnp(&pid, argv[1], &fa, NULL, argv + 1, environ);
    if (rc != 0) {
        fprintf(stderr, "spawn: cannot run %s\n", argv[1]);
        return 1;
    }
    if (wait4(pid, &status, 0, &ru) != pid) {
        perror("spawn: wait4");
        return 1;
    }
    int64_t t1 = timing_now_ns();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "spawn: %s failed (status %d)\n", argv[1], status);
        return 1;
    }
    printf("wall_ns=%lld user_ns=%lld sys_ns=%lld maxrss_kb=%ld\n", (long long)(t1 - t0),
           (long long)timing_tv_ns(ru.ru_utime), (long long)timing_tv_ns(ru.ru_stime),
           ru.ru_maxrss);
    return 0;
}
