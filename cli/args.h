/* The command line: curl's option names where the two tools overlap. */
#ifndef CLI_ARGS_H
#define CLI_ARGS_H

#include <stdio.h>

#include "data.h"

enum cli_action { CLI_ACTION_RUN, CLI_ACTION_HELP, CLI_ACTION_VERSION };

struct cli_options {
    enum cli_action action;
    /* Arrays of argv pointers, each sized for argc so they never grow. */
    const char **urls;
    size_t url_count;
    const char **outputs; /* -o FILE, or NULL for -O; the i-th goes to the i-th URL */
    size_t output_count;
    const char **headers; /* -H "Name: value" */
    size_t header_count;
    const char **cookie_files; /* -b FILE: Netscape cookie files to load */
    size_t cookie_file_count;
    const char *method;           /* -X */
    const char *upload;           /* -T FILE, "-" for stdin */
    const char *userpwd;          /* -u user:password */
    const char *agent;            /* -A */
    const char *cacert;           /* --cacert */
    const char *capath;           /* --capath */
    const char *cert;             /* -E */
    const char *key;              /* --key */
    const char *cookie_jar;       /* -c FILE: where the jar is saved at the end */
    const char *proxy;            /* -x URL; "" means no proxy at all */
    const char *noproxy;          /* --noproxy LIST */
    const char *proxy_userpwd;    /* -U user:password */
    struct cli_data data;         /* -d, --data-binary; data.bytes NULL if none */
    char *cookie_header;          /* "Cookie: ..." of the -b 'name=value', or NULL */
    long long connect_timeout_ms; /* -1 when not given */
    long long max_time_ms;
    long long max_redirs; /* -1 when not given */
    int include;          /* -i */
    int head;             /* -I */
    int silent;           /* -s */
    int show_error;       /* -S */
    int verbose;          /* -v */
    int fail;             /* -f */
    int http10;           /* --http1.0 */
    int location;         /* follow redirects: on unless --no-location (-L turns it back on) */
    int insecure;         /* -k */
    int compressed;       /* --compressed */
};

/* Parse argv into *o (which the caller frees with cli_args_free, whatever
 * the result).  Returns 0, or an exit code after printing why. */
int cli_args_parse(int argc, char **argv, struct cli_options *o);

void cli_args_free(struct cli_options *o);

/* The --help text, options and exit codes included. */
void cli_args_print_help(FILE *out);

#endif
