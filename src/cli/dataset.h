/* Internal to the CLI: loading a data matrix and its labels from the formats
 * dlrf reads (.npy, MATLAB .mat, IDX(.gz); labels also CSV/text). */
#ifndef DLRF_CLI_DATASET_H
#define DLRF_CLI_DATASET_H

#include "cli/cli.h"
#include "dlrf/dlrf.h"

typedef enum { SCALE_NONE, SCALE_UNIT, SCALE_01 } data_scale;

typedef struct {
    dlrf_mat *X; /* features x samples */
    int *labels; /* one per sample, or NULL */
    const char *input, *labels_from;
    data_scale scale;
    char dtype[32];         /* the element type as stored ("float64", "uint8", "mat uint8") */
    char var[64];           /* the .mat variable read, if any */
    char labels_path[4096]; /* a labels file found next to the input */
} cli_dataset;

/* --input, --var, --samples, --labels, --labels-var, --scale */
extern const cli_opt data_opts[];
extern const size_t data_opts_n;

/* Loads what the options name. 0, or 2 after printing a one-line error.
 * want_labels: read the labels (guessing a .mat's or IDX file's own); scale:
 * the default when --scale is not given. */
int dataset_load(const cli_spec *sp, int want_labels, data_scale scale, cli_dataset *d);
/* As dataset_load with labels, but keeps NaN/Inf cells and does not scale:
 * for describing a file. */
int dataset_load_raw(const cli_spec *sp, cli_dataset *d);
void dataset_free(cli_dataset *d);
const char *data_scale_name(data_scale s);

/* Appends n options to dst at *at (cap entries). */
void cli_opts_append(cli_opt *dst, size_t cap, size_t *at, const cli_opt *src, size_t n);

#endif
