/* Internal to the dlrf command-line tool. */
#ifndef DLRF_CLI_H
#define DLRF_CLI_H

#include <stddef.h>

#include "dlrf/common.h"

/* One option of a subcommand: `--name ARG` (arg non-NULL) or a flag. The same
 * table parses the command line and writes --help. */
typedef struct {
    const char *name;
    const char *arg;
    const char *help;
} cli_opt;

typedef struct {
    const char *cmd, *usage, *summary;
    const cli_opt *opts;
    size_t count;
    const char **values; /* parsed values, parallel to opts; "1" for a flag */
} cli_spec;

/* Parses argv[1..] (argv[0] is the subcommand). Returns 0, 1 when --help was
 * printed, or -1 after printing a one-line error. */
int cli_parse(cli_spec *spec, int argc, char **argv);
const char *cli_get(const cli_spec *spec, const char *name);
/* Number parsers that print "dlrf CMD: --NAME: ..." and return -1 on bad input. */
int cli_double(const cli_spec *spec, const char *name, double *out);
int cli_int(const cli_spec *spec, const char *name, int *out);
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The progress printer: on stderr when it is a terminal and not quiet. */
typedef struct {
    int enabled;
} cli_progress;
int cli_progress_fn(const dlrf_progress *p, void *user);

int cmd_fit(int argc, char **argv);
int cmd_cluster(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_experiment(int argc, char **argv);
int cmd_transform(int argc, char **argv);
int cmd_denoise(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_version(int argc, char **argv);

#endif
