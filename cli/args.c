#include "args.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "report.h"

enum opt_id {
    OPT_OUTPUT,
    OPT_REMOTE_NAME,
    OPT_INCLUDE,
    OPT_HEAD,
    OPT_HEADER,
    OPT_REQUEST,
    OPT_DATA,
    OPT_DATA_BINARY,
    OPT_UPLOAD,
    OPT_USER,
    OPT_SILENT,
    OPT_SHOW_ERROR,
    OPT_VERBOSE,
    OPT_FAIL,
    OPT_CONNECT_TIMEOUT,
    OPT_MAX_TIME,
    OPT_USER_AGENT,
    OPT_HTTP10,
    OPT_LOCATION,
    OPT_NO_LOCATION,
    OPT_MAX_REDIRS,
    OPT_COOKIE,
    OPT_COOKIE_JAR,
    OPT_PROXY,
    OPT_NOPROXY,
    OPT_PROXY_USER,
    OPT_COMPRESSED,
    OPT_INSECURE,
    OPT_CACERT,
    OPT_CAPATH,
    OPT_CERT,
    OPT_KEY,
    OPT_HELP,
    OPT_VERSION
};

struct opt_spec {
    char short_name; /* 0 if none */
    const char *long_name;
    const char *arg_name; /* NULL for a flag */
    enum opt_id id;
    const char *help; /* lines separated by '\n' */
};

/* The one list of options: parsing and --help both read it. */
static const struct opt_spec specs[] = {
    {'o', "output", "FILE", OPT_OUTPUT, "write the body to FILE (one -o per URL, in order)"},
    {'O', "remote-name", NULL, OPT_REMOTE_NAME,
     "write the body to a file named as the URL's\nlast path segment, in the current folder"},
    {'i', "include", NULL, OPT_INCLUDE, "write the response head before the body"},
    {'I', "head", NULL, OPT_HEAD, "send HEAD and write the response head"},
    {'H', "header", "LINE", OPT_HEADER,
     "add 'Name: value' to the request (repeatable);\nit replaces the tool's own header of that "
     "name"},
    {'X', "request", "METHOD", OPT_REQUEST, "use METHOD instead of GET, POST or PUT"},
    {'d', "data", "DATA", OPT_DATA, "POST DATA as a form; @FILE reads FILE without CR/LF"},
    {0, "data-binary", "DATA", OPT_DATA_BINARY, "POST DATA, or @FILE's bytes, unchanged"},
    {'T', "upload-file", "FILE", OPT_UPLOAD, "PUT FILE, streamed; '-' streams stdin chunked"},
    {'u', "user", "USER:PASS", OPT_USER, "credentials for server authentication"},
    {'s', "silent", NULL, OPT_SILENT, "no progress bar, no error messages"},
    {'S', "show-error", NULL, OPT_SHOW_ERROR, "with -s, still print error messages"},
    {'v', "verbose", NULL, OPT_VERBOSE, "trace events and heads on stderr"},
    {'f', "fail", NULL, OPT_FAIL, "HTTP status >= 400: no body, exit code 22"},
    {0, "connect-timeout", "SEC", OPT_CONNECT_TIMEOUT, "limit each connect to SEC seconds"},
    {'m', "max-time", "SEC", OPT_MAX_TIME, "limit each transfer to SEC seconds"},
    {'A', "user-agent", "AGENT", OPT_USER_AGENT, "send AGENT as the User-Agent"},
    {0, "http1.0", NULL, OPT_HTTP10, "send HTTP/1.0 requests"},
    {'L', "location", NULL, OPT_LOCATION, "follow redirects (the default)"},
    {0, "no-location", NULL, OPT_NO_LOCATION, "do not follow redirects: write the first response"},
    {0, "max-redirs", "N", OPT_MAX_REDIRS, "follow at most N redirects (default 10)"},
    {'b', "cookie", "DATA|FILE", OPT_COOKIE,
     "send 'name=value; ...' as the Cookie header, or\n(no '=') load the cookie FILE into the jar"},
    {'c', "cookie-jar", "FILE", OPT_COOKIE_JAR, "save the cookies to FILE at the end"},
    {'x', "proxy", "URL", OPT_PROXY,
     "use the proxy URL (http:// or socks5h://);\n'' for none, not even the environment's"},
    {0, "noproxy", "LIST", OPT_NOPROXY,
     "reach these hosts directly: names, .domains,\naddresses, CIDR ranges, comma-separated; "
     "'*': all"},
    {'U', "proxy-user", "USER:PASS", OPT_PROXY_USER, "credentials for the proxy"},
    {0, "compressed", NULL, OPT_COMPRESSED, "ask for a compressed body and decode it"},
    {'k', "insecure", NULL, OPT_INSECURE, "https: accept any server certificate"},
    {0, "cacert", "FILE", OPT_CACERT, "https: trust the CAs of PEM FILE, not the system's"},
    {0, "capath", "DIR", OPT_CAPATH, "https: trust the hashed CA certificates in DIR"},
    {'E', "cert", "FILE", OPT_CERT, "https: client certificate (PEM)"},
    {0, "key", "FILE", OPT_KEY, "https: private key of the client certificate (PEM)"},
    {'h', "help", NULL, OPT_HELP, "show this help"},
    {'V', "version", NULL, OPT_VERSION, "show the versions of the tool and its libraries"},
};
#define SPEC_COUNT (sizeof specs / sizeof specs[0])

static const struct opt_spec *find_short(char c)
{
    for (size_t i = 0; i < SPEC_COUNT; i++) {
        if (specs[i].short_name == c)
            return &specs[i];
    }
    return NULL;
}

static const struct opt_spec *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < SPEC_COUNT; i++) {
        const char *l = specs[i].long_name;
        if (strlen(l) == len && strncmp(l, name, len) == 0)
            return &specs[i];
    }
    return NULL;
}

static int usage_error(const char *what, const char *option)
{
    cli_fail(CLI_EXIT_USAGE, "%s: %s", option, what);
    return cli_fail(CLI_EXIT_USAGE, "try 'openinet --help'");
}

/* Seconds, fractional, to milliseconds; 0 stays "no limit" but a tiny
 * positive value must not round down to it. */
static int parse_seconds(const char *text, long long *ms)
{
    char *end;
    double sec = strtod(text, &end);
    if (end == text || *end || !isfinite(sec) || sec < 0 || sec > 1e9)
        return -1;
    double exact = sec * 1000.0;
    *ms = (long long)exact;
    if ((double)*ms < exact)
        (*ms)++;
    return 0;
}

static int set_timeout(long long *ms, const char *value, const char *option)
{
    if (parse_seconds(value, ms) != 0)
        return usage_error("expects a number of seconds", option);
    return 0;
}

/* A count, as --max-redirs takes: a whole number, 0 included. */
static int set_count(long long *count, const char *value, const char *option)
{
    char *end;
    long long n = strtoll(value, &end, 10);
    if (end == value || *end || n < 0 || n > INT_MAX)
        return usage_error("expects a whole number, 0 or more", option);
    *count = n;
    return 0;
}

static int add_header(struct cli_options *o, const char *line, const char *option)
{
    /* A line break would smuggle a second header past the library's checks. */
    if (strpbrk(line, "\r\n") || !strchr(line, ':'))
        return usage_error("expects one 'Name: value' line", option);
    o->headers[o->header_count++] = line;
    return 0;
}

/* The library reads and writes cookie files by name: curl's "-" for
 * standard input or output has no counterpart there. */
static int cookie_file(const char *name, const char *option)
{
    return strcmp(name, "-") == 0 ? usage_error("'-' is not supported: name a file", option) : 0;
}

/* curl's rule: an argument with '=' is cookies to send as they are,
 * anything else the name of a cookie file to load. */
static int add_cookie(struct cli_options *o, const char *arg, const char *option)
{
    if (!strchr(arg, '=')) {
        o->cookie_files[o->cookie_file_count++] = arg;
        return cookie_file(arg, option);
    }
    if (strpbrk(arg, "\r\n"))
        return usage_error("expects one line", option);
    /* Several join into one header, as curl sends them. */
    size_t old = o->cookie_header ? strlen(o->cookie_header) : 0;
    size_t size = old + strlen(arg) + sizeof "Cookie: " + 2;
    char *joined = realloc(o->cookie_header, size);
    if (!joined)
        return cli_fail(CLI_EXIT_INTERNAL, "out of memory");
    snprintf(joined + old, size - old, "%s%s", old ? "; " : "Cookie: ", arg);
    o->cookie_header = joined;
    return 0;
}

/* The library sends the agent as it is: a line break would add headers. */
static int set_agent(struct cli_options *o, const char *agent, const char *option)
{
    if (strpbrk(agent, "\r\n"))
        return usage_error("expects one line", option);
    o->agent = agent;
    return 0;
}

/* Where an option whose value is kept as given goes; NULL for the others. */
static const char **plain_value(struct cli_options *o, enum opt_id id)
{
    switch (id) {
    case OPT_REQUEST:
        return &o->method;
    case OPT_UPLOAD:
        return &o->upload;
    case OPT_USER:
        return &o->userpwd;
    case OPT_CACERT:
        return &o->cacert;
    case OPT_CAPATH:
        return &o->capath;
    case OPT_CERT:
        return &o->cert;
    case OPT_KEY:
        return &o->key;
    case OPT_PROXY:
        return &o->proxy;
    case OPT_NOPROXY:
        return &o->noproxy;
    case OPT_PROXY_USER:
        return &o->proxy_userpwd;
    default:
        return NULL;
    }
}

static int apply_value(struct cli_options *o, enum opt_id id, const char *value, const char *option)
{
    const char **plain = plain_value(o, id);
    if (plain) {
        *plain = value;
        return 0;
    }
    switch (id) {
    case OPT_OUTPUT:
        o->outputs[o->output_count++] = value;
        return 0;
    case OPT_HEADER:
        return add_header(o, value, option);
    case OPT_DATA:
        return cli_data_add(&o->data, value, 0);
    case OPT_DATA_BINARY:
        return cli_data_add(&o->data, value, 1);
    case OPT_CONNECT_TIMEOUT:
        return set_timeout(&o->connect_timeout_ms, value, option);
    case OPT_MAX_TIME:
        return set_timeout(&o->max_time_ms, value, option);
    case OPT_MAX_REDIRS:
        return set_count(&o->max_redirs, value, option);
    case OPT_COOKIE:
        return add_cookie(o, value, option);
    case OPT_COOKIE_JAR:
        o->cookie_jar = value;
        return cookie_file(value, option);
    case OPT_USER_AGENT:
        return set_agent(o, value, option);
    default:
        return CLI_EXIT_INTERNAL;
    }
}

static int apply_flag(struct cli_options *o, enum opt_id id)
{
    switch (id) {
    case OPT_REMOTE_NAME:
        o->outputs[o->output_count++] = NULL;
        break;
    case OPT_INCLUDE:
        o->include = 1;
        break;
    case OPT_HEAD:
        o->head = 1;
        break;
    case OPT_SILENT:
        o->silent = 1;
        break;
    case OPT_SHOW_ERROR:
        o->show_error = 1;
        break;
    case OPT_VERBOSE:
        o->verbose = 1;
        break;
    case OPT_FAIL:
        o->fail = 1;
        break;
    case OPT_HTTP10:
        o->http10 = 1;
        break;
    case OPT_LOCATION:
        o->location = 1;
        break;
    case OPT_NO_LOCATION:
        o->location = 0;
        break;
    case OPT_COMPRESSED:
        o->compressed = 1;
        break;
    case OPT_INSECURE:
        o->insecure = 1;
        break;
    case OPT_HELP:
        o->action = CLI_ACTION_HELP;
        break;
    case OPT_VERSION:
        o->action = CLI_ACTION_VERSION;
        break;
    default:
        return CLI_EXIT_INTERNAL;
    }
    return 0;
}

/* "--name", "--name=value" or "--name value"; *i moves past a value taken
 * from the next argument. */
static int parse_long(struct cli_options *o, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    const char *name = arg + 2;
    const char *eq = strchr(name, '=');
    const struct opt_spec *s = find_long(name, eq ? (size_t)(eq - name) : strlen(name));
    if (!s)
        return usage_error("unknown option", arg);
    if (!s->arg_name)
        return eq ? usage_error("takes no value", arg) : apply_flag(o, s->id);
    if (eq)
        return apply_value(o, s->id, eq + 1, arg);
    if (*i + 1 >= argc)
        return usage_error("needs a value", arg);
    return apply_value(o, s->id, argv[++*i], arg);
}

/* "-sS", "-ofile", "-o file", "-sSo file": flags bundle, and the first
 * option that takes a value takes the rest of the word or the next one. */
static int parse_short(struct cli_options *o, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    for (size_t j = 1; arg[j]; j++) {
        char option[3] = {'-', arg[j], 0};
        const struct opt_spec *s = find_short(arg[j]);
        if (!s)
            return usage_error("unknown option", option);
        if (!s->arg_name) {
            int rc = apply_flag(o, s->id);
            if (rc != 0)
                return rc;
            continue;
        }
        if (arg[j + 1])
            return apply_value(o, s->id, arg + j + 1, option);
        if (*i + 1 >= argc)
            return usage_error("needs a value", option);
        return apply_value(o, s->id, argv[++*i], option);
    }
    return 0;
}

static int check_combination(const struct cli_options *o)
{
    if (o->action != CLI_ACTION_RUN)
        return 0;
    if (o->url_count == 0)
        return usage_error("no URL given", "openinet");
    if (o->head && (o->data.bytes || o->upload))
        return usage_error("cannot be combined with -d or -T", "-I");
    if (o->data.bytes && o->upload)
        return usage_error("cannot be combined with -T", "-d");
    if (o->output_count > o->url_count)
        return usage_error("more outputs than URLs", "-o");
    return 0;
}

static int allocate(struct cli_options *o, int argc)
{
    size_t n = (size_t)argc;
    o->urls = calloc(n, sizeof *o->urls);
    o->outputs = calloc(n, sizeof *o->outputs);
    o->headers = calloc(n, sizeof *o->headers);
    o->cookie_files = calloc(n, sizeof *o->cookie_files);
    if (!o->urls || !o->outputs || !o->headers || !o->cookie_files)
        return cli_fail(CLI_EXIT_INTERNAL, "out of memory");
    return 0;
}

int cli_args_parse(int argc, char **argv, struct cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->connect_timeout_ms = -1;
    o->max_time_ms = -1;
    o->max_redirs = -1;
    o->location = 1; /* as the library: redirects are followed */
    int rc = allocate(o, argc);
    int options_done = 0;
    for (int i = 1; rc == 0 && i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || arg[1] == '\0')
            o->urls[o->url_count++] = arg;
        else if (strcmp(arg, "--") == 0)
            options_done = 1;
        else if (arg[1] == '-')
            rc = parse_long(o, argc, argv, &i);
        else
            rc = parse_short(o, argc, argv, &i);
    }
    return rc ? rc : check_combination(o);
}

void cli_args_free(struct cli_options *o)
{
    free(o->urls);
    free(o->outputs);
    free(o->headers);
    free(o->cookie_files);
    free(o->cookie_header);
    cli_data_free(&o->data);
}

static void print_option(FILE *out, const struct opt_spec *s)
{
    char names[48];
    const char *value = s->arg_name ? s->arg_name : "";
    if (s->short_name)
        snprintf(names, sizeof names, "-%c, --%s %s", s->short_name, s->long_name, value);
    else
        snprintf(names, sizeof names, "    --%s %s", s->long_name, value);
    const char *line = s->help;
    for (const char *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
        fprintf(out, "  %-28s %.*s\n", names, (int)(nl - line), line);
        names[0] = '\0';
    }
    fprintf(out, "  %-28s %s\n", names, line);
}

void cli_args_print_help(FILE *out)
{
    fputs("Usage: openinet [options] URL...\n"
          "Fetch each URL in turn, over one session whose connections are reused,\n"
          "and write each body to standard output.  URLs without a scheme get http://.\n"
          "Options may come before or after URLs; '--' ends them.\n\n"
          "Options:\n",
          out);
    for (size_t i = 0; i < SPEC_COUNT; i++)
        print_option(out, &specs[i]);
    fputs("\nExit codes (the last failure when several URLs are given):\n", out);
    cli_exit_print_table(out);
}
