/* dlrf: one binary, one function per subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} command;

static const command commands[] = {
    {"fit", cmd_fit, "learn Z, L, E of a single-layer model or a DLRF-Net"},
    {"cluster", cmd_cluster, "cluster the samples by normalized cuts on Z; score against labels"},
    {"denoise", cmd_denoise, "the recovered principal features P_l = X Z_1...Z_l of every layer"},
    {"transform", cmd_transform, "salient features L_l...L_1 x of new samples with a fitted model"},
    {"info", cmd_info, "describe a data file: shape, type, value range, NaN/Inf, labels"},
    {"experiment", cmd_experiment,
     "the paper's experiments: Table 2, Fig. 3, as resumable parallel trials"},
    {"plot", cmd_plot, "pictures from files: |Z| heatmaps, image grids, line plots"},
    {"convert", cmd_convert, "write the data as dlrf reads them (after selection, noise, scaling)"},
    {"demo", cmd_demo, "fDLRF-Net and nDLRF-Net on synthetic independent subspaces"},
    {"version", cmd_version, "library version, BLAS library, kernel and threads"},
};

static void usage(FILE *f) {
    fprintf(f, "usage: dlrf COMMAND [OPTIONS]   (dlrf COMMAND --help for its options)\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) return cmd_version(1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "dlrf: unknown command '%s' (see dlrf --help)\n", argv[1]);
    return 2;
}
