#include "session.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "trace.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The access type is fixed when the session opens, so -x decides it
 * first: a proxy URL, "" for no proxy at all, and without -x the proxy
 * variables of the environment, which curl honours too. */
static oi_access access_of(const struct cli_options *o)
{
    if (!o->proxy)
        return OI_ACCESS_PRECONFIG;
    return *o->proxy ? OI_ACCESS_PROXY : OI_ACCESS_DIRECT;
}

/* "user:password" (-u, -U) into two options; without a colon the password
 * is empty. */
static oi_status set_userpwd(oi_handle *session, const char *userpwd, oi_option user_opt,
                             oi_option password_opt)
{
    const char *colon = strchr(userpwd, ':');
    char *user = strndup(userpwd, colon ? (size_t)(colon - userpwd) : strlen(userpwd));
    if (!user)
        return OI_E_OUT_OF_MEMORY;
    oi_status st = oi_handle_set_str(session, user_opt, user);
    free(user);
    if (st == OI_OK)
        st = oi_handle_set_str(session, password_opt, colon ? colon + 1 : "");
    return st;
}

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
        {OI_OPT_MAX_REDIRECTS, o->max_redirs},
        {OI_OPT_DECODING, o->compressed ? 1 : -1},
    };
    const struct {
        oi_option id;
        const char *value;
    } strings[] = {
        {OI_OPT_CA_FILE, o->cacert},
        {OI_OPT_CA_DIR, o->capath},
        {OI_OPT_CLIENT_CERT, o->cert},
        {OI_OPT_CLIENT_KEY, o->key},
        {OI_OPT_PROXY, access_of(o) == OI_ACCESS_PROXY ? o->proxy : NULL},
        {OI_OPT_PROXY_BYPASS, o->noproxy},
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

/* -b FILE: a file that does not exist yet is no error, so that
 * "-b jar -c jar" works from the first run on, as with curl. */
static int load_cookie_files(oi_handle *session, const struct cli_options *o)
{
    for (size_t i = 0; i < o->cookie_file_count; i++) {
        oi_status st = oi_session_load_cookies(session, o->cookie_files[i]);
        if (st == OI_E_OUT_OF_MEMORY)
            return cli_fail_status(session, st, CLI_PHASE_SEND);
        if (st != OI_OK && st != OI_E_FILE_NOT_FOUND)
            return cli_fail_handle(CLI_EXIT_READ, session, st);
    }
    return 0;
}

static int configure(oi_handle *session, const struct cli_options *o)
{
    oi_status st = set_options(session, o);
    if (st == OI_OK && o->userpwd)
        st = set_userpwd(session, o->userpwd, OI_OPT_USERNAME, OI_OPT_PASSWORD);
    if (st == OI_OK && o->proxy_userpwd)
        st = set_userpwd(session, o->proxy_userpwd, OI_OPT_PROXY_USERNAME, OI_OPT_PROXY_PASSWORD);
    if (st == OI_OK && o->verbose)
        st = cli_trace_start(session);
    if (st != OI_OK)
        return cli_fail_status(session, st, CLI_PHASE_SEND);
    return load_cookie_files(session, o);
}

int cli_session_open(const struct cli_options *o, oi_handle **out)
{
    *out = NULL;
    oi_handle *session = NULL;
    oi_status st = oi_session_open(o->agent, access_of(o), &session);
    if (st != OI_OK)
        return cli_fail_status(NULL, st, CLI_PHASE_SEND);
    int rc = configure(session, o);
    if (rc != 0) {
        /* Not saved: a jar that failed to load would overwrite its file. */
        oi_handle_close(session);
        return rc;
    }
    *out = session;
    return 0;
}

int cli_session_close(const struct cli_options *o, oi_handle *session, int rc)
{
    /* Saved whatever happened to the URLs, as curl does: the cookies of
     * those that worked are worth keeping. */
    if (o->cookie_jar) {
        oi_status st = oi_session_save_cookies(session, o->cookie_jar);
        int save_rc = st == OI_OK ? 0 : cli_fail_handle(CLI_EXIT_WRITE, session, st);
        rc = rc ? rc : save_rc;
    }
    oi_handle_close(session);
    return rc;
}
