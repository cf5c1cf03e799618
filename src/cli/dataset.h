/* Internal to the CLI: loading a data matrix and its labels from the formats
 * dlrf reads (.npy, MATLAB .mat, IDX(.gz); labels also CSV/text). */
#ifndef DLRF_CLI_DATASET_H
#define DLRF_CLI_DATASET_H

#include "cli/cli.h"
#include "dlrf/dlrf.h"

typedef enum { SCALE_NONE, SCALE_UNIT, SCALE_01, SCALE_ZSCORE } data_scale;

typedef struct {
    dlrf_mat *X;       /* features x samples */
    dlrf_mat *X_clean; /* X before --noise-var, kept for --plots; else NULL */
    int *labels;       /* one per sample, or NULL */
    const char *input, *labels_from;
    data_scale scale;
    char dtype[32];         /* the element type as stored ("float64", "uint8", "mat uint8") */
    char var[64];           /* the .mat variable read, if any */
    char labels_path[4096]; /* a labels file found next to the input */
    size_t img_h, img_w;    /* image shape (0: unknown) */
    int img_colmajor;       /* pixels stored column by column (MATLAB reshape) */
    int img_guessed;        /* shape guessed from a square feature count */
    size_t n_file;          /* samples in the file, before any selection */
    double noise_var;       /* --noise-var */
    char classes[256];      /* the classes kept, as given or drawn ("" = all) */
    char *json;             /* all of the above as a JSON object, for reports */
} cli_dataset;

/* How the loader selects samples (fit, denoise): --random-classes,
 * --per-class and --seed; cluster draws per trial instead. */
typedef enum { DATA_SELECT_NONE, DATA_SELECT_DRAW } data_select;

/* --input, --var, --samples, --labels, --labels-var, --label-col,
 * --classes, --noise-var, --image-shape, --scale (last) */
#define DATA_OPTS_READ 7 /* the first ones: where the data are, not what is done to them */
extern const cli_opt data_opts[];
extern const size_t data_opts_n;
/* --random-classes, --per-class, --seed: one draw, for fit and denoise */
extern const cli_opt select_opts[];
extern const size_t select_opts_n;

/* Loads what the options name. 0, or 2 after printing a one-line error.
 * want_labels: read the labels (guessing a .mat's or IDX file's own); scale:
 * the default when --scale is not given. */
int dataset_load(const cli_spec *sp, int want_labels, data_scale scale, cli_dataset *d);
/* As dataset_load, then the draw of select_opts when sel is DATA_SELECT_DRAW. */
int dataset_load_select(const cli_spec *sp, int want_labels, data_scale scale, data_select sel,
                        cli_dataset *d);
/* As dataset_load with labels, but keeps NaN/Inf cells and does not scale:
 * for describing a file. */
int dataset_load_raw(const cli_spec *sp, cli_dataset *d);
void dataset_free(cli_dataset *d);
const char *data_scale_name(data_scale s);

/* Internal to the loader (dataset_prep.c): after reading, in this order. */
int dataset_keep_classes(const cli_spec *sp, cli_dataset *d);
int dataset_draw(const cli_spec *sp, cli_dataset *d);
int dataset_add_noise(const cli_spec *sp, cli_dataset *d);
int dataset_image_shape(const cli_spec *sp, cli_dataset *d);
void dataset_apply_scale(dlrf_mat *X, data_scale s);
/* Gaussian noise of variance var on the 0-255 pixel scale (sd sqrt(var)/255
 * for data in [0, 1]), drawn from a generator seeded with rng_seed. */
void data_pixel_noise(dlrf_mat *X, double var, uint64_t rng_seed);
#define DATA_NOISE_STREAM 0x6e6f697365ULL /* xor-ed into a seed: not the draws' stream */
void dataset_describe(cli_dataset *d);

/* Appends n options to dst at *at (cap entries). */
void cli_opts_append(cli_opt *dst, size_t cap, size_t *at, const cli_opt *src, size_t n);

#endif
