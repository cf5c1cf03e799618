/* Internal to the CLI: the fit pipeline, shared by fit and later subcommands. */
#ifndef DLRF_CLI_FIT_H
#define DLRF_CLI_FIT_H

#include "cli/cli.h"
#include "cli/outdir.h"
#include "dlrf/dlrf.h"

#define FIT_MAX_LAYERS 32
#define FIT_MAX_GRID 32

typedef struct {
    const char *cmd, *input, *out;
    const char *scale_name; /* how the data were scaled (--scale), for result.json */
    const char *data_json;  /* the input as loaded (a JSON object), or NULL */
    int force, quiet;
    int network; /* ndlrf / fdlrf / rdlrf */
    int plrsc;   /* --method plrsc: its LRR takes opts, the rest popts */
    dlrf_plrsc_opts popts;
    dlrf_model model;
    int layers;
    double lambdas[FIT_MAX_LAYERS];
    int n_lambdas;
    dlrf_layer_scale scale;
    dlrf_opts opts;
    double mem_limit;  /* bytes; 0: the memory available */
    int format;        /* of the written matrices: 0 npy, 1 mat, 2 csv */
    int features_only; /* denoise: write P_l and S_l only */
    /* --lambda auto (include/dlrf/select.h): the grid, the clusters its score
     * counts (0: none given) and how it clusters (NULL: the defaults). */
    int lambda_auto, n_grid, k;
    double grid[FIT_MAX_GRID];
    const dlrf_cluster_opts *select_copts;
} fit_config;

typedef struct {
    dlrf_layer *layer; /* single-layer methods */
    dlrf_net *net;     /* networks */
    dlrf_plrsc *plrsc; /* PLrSC: its labels; no Z of all samples */
    int converged;
    double time_s;
    double *scores; /* --lambda auto: layers x n_grid label-free scores (-1: none) */
} fit_result;

/* The model options (--method .. --rank-tol) and --out/--force/--quiet. */
extern const cli_opt fit_model_opts[], fit_out_opts[], fit_k_opts[];
extern const size_t fit_model_opts_n, fit_out_opts_n, fit_k_opts_n;
/* Reads the options of those tables from a parsed spec (--out not required).
 * 0, or -1 after printing an error. */
int fit_config_read(const cli_spec *sp, fit_config *c);

/* Writes more files into an output directory being built: 0, or -1 with err. */
typedef int (*fit_extra_fn)(const char *dir, void *ctx, char *err, size_t errlen);

/* Runs the configured method on X. 0, or 2 after printing an error. A solve
 * that reached max_iter prints a one-line warning and is not an error. */
int fit_run(const fit_config *c, const dlrf_mat *X, cli_progress *prog, fit_result *r);
/* The same with --lambda auto's score counting k clusters (fit_run: c->k). */
int fit_run_k(const fit_config *c, const dlrf_mat *X, int k, cli_progress *prog, fit_result *r);
/* Writes every output into c->out, whole or not at all, plus what extra
 * writes (may be NULL). 0 or 2. */
int fit_write(const fit_config *c, const dlrf_mat *X, const fit_result *r, fit_extra_fn extra,
              void *ctx);
void fit_result_free(fit_result *r);
/* Writes m as STEM_LAYER.{npy,mat,csv} (o->format) into o; frees m when owned
 * (also on failure). 0, or -1 with err filled. */
int fit_write_matrix(const outdir *o, const char *stem, int layer, dlrf_mat *m, int owned,
                     char *err, size_t errlen);
const char *fit_method_name(const fit_config *c);
/* The solver whose lambda and iterations describe layer l of a result. */
const dlrf_layer *fit_solver(const fit_result *r, int l, int solve);

#endif
