/* openinet: fetch URLs with the openinet library, curl's habits where the
 * two tools overlap.  See docs/cli.md. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "report.h"
#include "trace.h"
#include "transfer.h"
#include "version.h"

/* Large reads amortise the per-call cost; one buffer serves every URL, so
 * memory stays flat however large the bodies are. */
#define BODY_BUFFER_BYTES (256 * 1024)

/* -u user:password; without a colon the password is empty. */
static oi_status set_credentials(oi_handle *session, const char *userpwd)
{
    const char *colon = strchr(userpwd, ':');
    char *user = strndup(userpwd, colon ? (size_t)(colon - userpwd) : strlen(userpwd));
    if (!user)
        return OI_E_OUT_OF_MEMORY;
    oi_status st = oi_handle_set_str(session, OI_OPT_USERNAME, user);
    free(user);
    if (st == OI_OK)
        st = oi_handle_set_str(session, OI_OPT_PASSWORD, colon ? colon + 1 : "");
    return st;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Options set on the session reach every connection and request below it.
 * -1 and NULL mean "not given": the library's default stays. */
static oi_status set_options(oi_handle *session, const struct cli_options *o)
{
    const long long all_checks_off = OI_SECURITY_IGNORE_UNKNOWN_CA |
                                     OI_SECURITY_IGNORE_CERT_CN_INVALID |
                                     OI_SECURITY_IGNORE_CERT_DATE_INVALID;
    const struct {
        oi_option id;
        long long value;
    } numbers[] = {
        {OI_OPT_CONNECT_TIMEOUT, o->connect_timeout_ms},
        {OI_OPT_TOTAL_TIMEOUT, o->max_time_ms},
        {OI_OPT_SECURITY_FLAGS, o->insecure ? all_checks_off : -1},
    };
    const struct {
        oi_option id;
        const char *value;
    } strings[] = {
        {OI_OPT_CA_FILE, o->cacert},
        {OI_OPT_CA_DIR, o->capath},
        {OI_OPT_CLIENT_CERT, o->cert},
        {OI_OPT_CLIENT_KEY, o->key},
    };
    oi_status st = OI_OK;
    for (size_t i = 0; st == OI_OK && i < COUNT(numbers); i++) {
        if (numbers[i].value >= 0)
            st = oi_handle_set_int(session, numbers[i].id, numbers[i].value);
    }
    for (size_t i = 0; st == OI_OK && i < COUNT(strings); i++) {
        if (strings[i].value)
            st = oi_handle_set_str(session, strings[i].id, strings[i].value);
    }
    return st;
}

static int configure(oi_handle *session, const struct cli_options *o)
{
    oi_status st = set_options(session, o);
    if (st == OI_OK && o->userpwd)
        st = set_credentials(session, o->userpwd);
    if (st == OI_OK && o->verbose)
        st = cli_trace_start(session);
    return st == OI_OK ? 0 : cli_fail_status(session, st, CLI_PHASE_SEND);
}

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
    oi_status st = oi_session_open(o->agent, OI_ACCESS_DIRECT, &run.session);
    if (st != OI_OK)
        return cli_fail_status(NULL, st, CLI_PHASE_SEND);
    int rc = configure(run.session, o);
    run.buf = rc == 0 ? malloc(run.buf_len) : NULL;
    if (rc == 0 && !run.buf)
        rc = cli_fail(CLI_EXIT_INTERNAL, "out of memory");
    if (rc == 0)
        rc = fetch_all(&run);
    free(run.buf);
    oi_handle_close(run.session);
    return rc;
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
