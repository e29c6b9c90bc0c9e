/* --version: the tool's version and those of the libraries it links. */
#ifndef CLI_VERSION_H
#define CLI_VERSION_H

#include <stdio.h>

void cli_version_print(FILE *out);

#endif
