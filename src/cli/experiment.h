/* Internal to the CLI: dlrf experiment, the paper's experiments as
 * independent, seeded tasks whose result rows go to results.csv. */
#ifndef DLRF_CLI_EXPERIMENT_H
#define DLRF_CLI_EXPERIMENT_H

#include <stdint.h>

#include "cli/cli.h"
#include "dlrf/dlrf.h"

/* One independent run: a model (lrr, or a network whose layer 1 is the
 * single-layer model) fitted and clustered on one draw of the data. */
typedef struct {
    char run[16]; /* lrr, fdlrf, ndlrf */
    int layers;
    int k;          /* classes drawn */
    double setting; /* noise variance (0: none) */
    int trial;
    uint64_t seed;   /* of the draw, the noise and the clustering */
    char prefix[96]; /* lambda: the λs of the earlier layers, ';'-separated */
} exp_task;

typedef struct {
    const char *name;    /* the experiment */
    const char *dataset; /* its path, or "synthetic" */
    char data_name[64];  /* file name without directory and extension */
    dlrf_mat *X;         /* features x samples, as stored (not scaled) */
    int *labels;
    size_t img_h, img_w; /* the samples' image shape (0: unknown) */
    int img_colmajor;
    int trials, jobs, max_layers;
    size_t per_class;
    uint64_t seed;
    const char *out;
    int stage;             /* lambda: the layer whose λ is searched */
    char baselines[8][16]; /* table2: the further single-layer methods (--baselines) */
    int n_baselines;
    char prefix[2][96]; /* lambda: the λs chosen so far, fDLRF-Net and nDLRF-Net */
} exp_ctx;

/* lambda: the setting of a task that runs --lambda auto. */
#define EXP_AUTO (-1.0)
/* lambda: the grid of the paper's Fig. 6. */
#define EXP_N_LAMBDA 9
extern const double exp_lambda_grid[EXP_N_LAMBDA];

/* A result row: one layer of one task. */
typedef struct {
    char experiment[16], dataset[64], run[16], method[16], lambda[128];
    int k, trial, layer, iterations;
    double setting, fit_s, cluster_s, ac, nmi, ari, bd;
    double self; /* lambda: share of |Z_1...Z_l| inside the predicted clusters (no labels) */
    unsigned long long seed;
    long n_samples;
} exp_row;

/* The tasks of an experiment (new array, free()); -1 after an error. */
long exp_tasks(const exp_ctx *e, exp_task **out);
/* Runs one task: its rows into rows (cap), their count; -1 with err. */
int exp_run_task(const exp_ctx *e, const exp_task *t, exp_row *rows, int cap, char *err,
                 size_t errlen);

/* results.csv: the header, one row as a line, and parsing a line. */
extern const char exp_csv_header[];
void exp_row_format(const exp_row *r, char *buf, size_t len);
int exp_row_parse(const char *line, exp_row *r);
/* Reads results.csv and any leftover worker files of dir, merges them
 * (sorted, without duplicates) into results.csv, and returns the rows (new
 * array, free()); -1 after an error. */
long exp_results_merge(const char *dir, exp_row **rows);
/* "prefix;setting": the λ list of a lambda task. */
void exp_task_lambdas(const exp_task *t, char *buf, size_t len);
/* Whether task t of experiment e already has its rows. */
int exp_task_done(const exp_ctx *e, const exp_task *t, const exp_row *rows, long n);

/* lambda: the grid λ with the largest mean AC (by_self: the largest mean
 * label-free score) over the rows of run at that layer whose earlier λs are
 * prefix; NAN when there are none. */
double exp_lambda_best(const exp_ctx *e, const exp_row *rows, long n, const char *run, int layer,
                       const char *prefix, int by_self);

/* report.md and the pictures, from all rows. 0, or -1 after an error. */
int exp_report(const exp_ctx *e, const exp_row *rows, long n);

#endif
