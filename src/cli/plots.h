/* Internal to the CLI: --plots DIR, the pictures of a fit, cluster or
 * denoise run. Each function does nothing without --plots and returns 0, or
 * -1 after printing a one-line error. */
#ifndef DLRF_CLI_PLOTS_H
#define DLRF_CLI_PLOTS_H

#include "cli/dataset.h"
#include "cli/fit.h"

typedef struct {
    const char *dir;     /* NULL: no pictures */
    const char *ext;     /* png, svg or pdf */
    const char *samples; /* --plot-samples, or NULL */
    int salient;         /* --plot-salient: S_l and E_l rows in the image grid */
} plots_config;

/* --plots, --plot-format, --plot-samples */
extern const cli_opt plot_opts[];
extern const size_t plot_opts_n;
int plots_config_read(const cli_spec *sp, plots_config *p);
/* Creates --plots DIR when missing. */
int plots_ready(const plots_config *p, const char *cmd);

/* The factors of the Z drawn at layer l (new ones in *of, *og), and what it is. */
typedef int (*plots_factors_fn)(const void *ctx, const fit_result *r, int l, dlrf_mat *F,
                                dlrf_mat *G, dlrf_mat **of, dlrf_mat **og, const char **what);
/* z_L.EXT: |Z| of every layer, samples ordered by labels (may be NULL). */
int plots_z(const plots_config *p, const fit_config *c, const fit_result *r, const int *labels,
            plots_factors_fn factors, const void *ctx);
/* The fused Z_l of each layer (fit's choice). */
int plots_layer_z(const void *ctx, const fit_result *r, int l, dlrf_mat *F, dlrf_mat *G,
                  dlrf_mat **of, dlrf_mat **og, const char **what);
/* history.EXT: the residual against the iteration, one line per layer. */
int plots_history(const plots_config *p, const fit_config *c, const fit_result *r);
/* confusion_L.EXT for every layer of pred (layers x n). */
int plots_confusion(const plots_config *p, const char *cmd, const int *truth, const int *pred,
                    size_t n, int layers);
/* accuracy.EXT: AC and NMI (mean +- sd over the trials) against the layer. */
int plots_accuracy(const plots_config *p, const char *cmd, const dlrf_protocol_result *pr, int k,
                   const char *method);
/* images.EXT: original (and noisy) samples and their P_l of every layer. */
int plots_grid(const plots_config *p, const fit_config *c, const fit_result *r,
               const cli_dataset *d);

/* A row of an image grid: a matrix of d's shape and its label. */
typedef struct {
    const dlrf_mat *m;
    char name[48];
} grid_row;
/* The grid of d's samples (original and noisy when d kept both) and the
 * extra rows into path. samples_list: "I,J" or NULL (one per class). */
int plots_grid_rows(const cli_dataset *d, const grid_row *extra, int n_extra,
                    const char *samples_list, const char *title, int zoom, const char *path,
                    const char *cmd);

#endif
