/* dlrf version: the library and the BLAS it runs on. */
#include <stdio.h>

#include "cli/cli.h"
#include "dlrf/dlrf.h"

int cmd_version(int argc, char **argv) {
    const char *values[1] = {0};
    static const cli_opt opts[] = {{"x-unused", NULL, ""}};
    cli_spec spec = {"version", "", "Print the library version and the BLAS in use.",
                     opts,      0,  values};
    int p = cli_parse(&spec, argc, argv);
    if (p) return p > 0 ? 0 : 2;
    printf("dlrf %s\n", dlrf_version());
    printf("blas: %s\n", dlrf_blas_config());
    printf("blas core: %s\n", dlrf_blas_corename());
    printf("blas threads: %d\n", dlrf_blas_threads());
    const char *hint = dlrf_blas_kernel_hint();
    if (hint) printf("hint: %s\n", hint);
    return 0;
}
