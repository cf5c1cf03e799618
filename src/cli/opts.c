/* Table-driven option parsing shared by the subcommands. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

void cli_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "dlrf %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void print_help(const cli_spec *s) {
    printf("usage: dlrf %s %s\n\n%s\n\noptions:\n", s->cmd, s->usage, s->summary);
    for (size_t i = 0; i < s->count; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", s->opts[i].name, s->opts[i].arg ? " " : "",
                 s->opts[i].arg ? s->opts[i].arg : "");
        int pad = 27 - (int)strlen(left); /* at least two spaces before the help */
        printf("  %s%*s%s\n", left, pad < 2 ? 2 : pad, "", s->opts[i].help);
    }
    printf("  %-25s  %s\n", "--help", "show this help");
}

static long find(const cli_spec *s, const char *name, size_t len) {
    for (size_t i = 0; i < s->count; i++)
        if (strlen(s->opts[i].name) == len && strncmp(s->opts[i].name, name, len) == 0)
            return (long)i;
    return -1;
}

int cli_parse(cli_spec *s, int argc, char **argv) {
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_help(s);
            return 1;
        }
        if (strncmp(a, "--", 2) != 0) {
            cli_error(s->cmd, "unexpected argument '%s' (see dlrf %s --help)", a, s->cmd);
            return -1;
        }
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        long i = find(s, a + 2, len);
        if (i < 0) {
            cli_error(s->cmd, "unknown option '%s' (see dlrf %s --help)", a, s->cmd);
            return -1;
        }
        if (!s->opts[i].arg) {
            if (eq) {
                cli_error(s->cmd, "option --%s takes no value", s->opts[i].name);
                return -1;
            }
            s->values[i] = "1";
        } else if (eq) {
            s->values[i] = eq + 1;
        } else if (k + 1 < argc) {
            s->values[i] = argv[++k];
        } else {
            cli_error(s->cmd, "option --%s needs a value %s", s->opts[i].name, s->opts[i].arg);
            return -1;
        }
    }
    return 0;
}

const char *cli_get(const cli_spec *s, const char *name) {
    long i = find(s, name, strlen(name));
    return i < 0 ? NULL : s->values[i];
}

int cli_double(const cli_spec *s, const char *name, double *out) {
    const char *v = cli_get(s, name);
    if (!v) return 0;
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (end == v || *end || errno || !isfinite(d)) {
        cli_error(s->cmd, "--%s: '%s' is not a finite number", name, v);
        return -1;
    }
    *out = d;
    return 0;
}

int cli_int(const cli_spec *s, const char *name, int *out) {
    const char *v = cli_get(s, name);
    if (!v) return 0;
    char *end;
    errno = 0;
    long d = strtol(v, &end, 10);
    if (end == v || *end || errno || d < -1000000000L || d > 1000000000L) {
        cli_error(s->cmd, "--%s: '%s' is not an integer", name, v);
        return -1;
    }
    *out = (int)d;
    return 0;
}
