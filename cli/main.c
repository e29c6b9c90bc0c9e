/* openinet: fetch URLs with the openinet library, curl's habits where the
 * two tools overlap.  See docs/cli.md. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "args.h"
#include "report.h"
#include "session.h"
#include "transfer.h"
#include "version.h"

/* Large reads amortise the per-call cost; one buffer serves every URL, so
 * memory stays flat however large the bodies are. */
#define BODY_BUFFER_BYTES (256 * 1024)

/* Every URL is fetched, whatever happened to the ones before; the exit
 * code is the last failure's. */
static int fetch_all(const struct cli_run *run)
{
    int last_failure = 0;
    for (size_t i = 0; i < run->opt->url_count; i++) {
        int rc = cli_transfer(run, run->opt->urls[i], i);
        if (rc != 0)
            last_failure = rc;
    }
    return last_failure;
}

static int run_all(const struct cli_options *o)
{
    /* A closed pipe must show as a write error (exit 23), not kill us. */
    signal(SIGPIPE, SIG_IGN);
    cli_report_enable(!o->silent || o->show_error);
    struct cli_run run = {o, NULL, NULL, BODY_BUFFER_BYTES, 0};
    run.progress = !o->silent && !o->verbose && isatty(STDERR_FILENO);
    int rc = cli_session_open(o, &run.session);
    if (rc != 0)
        return rc;
    run.buf = malloc(run.buf_len);
    rc = run.buf ? fetch_all(&run) : cli_fail(CLI_EXIT_INTERNAL, "out of memory");
    free(run.buf);
    return cli_session_close(o, run.session, rc);
}

/* --help and --version write to standard output, which can fail too. */
static int print_info(void (*print)(FILE *))
{
    print(stdout);
    return fflush(stdout) == 0 ? 0 : cli_fail(CLI_EXIT_WRITE, "write to standard output failed");
}

int main(int argc, char **argv)
{
    struct cli_options o;
    int rc = cli_args_parse(argc, argv, &o);
    if (rc == 0 && o.action == CLI_ACTION_HELP)
        rc = print_info(cli_args_print_help);
    else if (rc == 0 && o.action == CLI_ACTION_VERSION)
        rc = print_info(cli_version_print);
    else if (rc == 0)
        rc = run_all(&o);
    cli_args_free(&o);
    return rc;
}
