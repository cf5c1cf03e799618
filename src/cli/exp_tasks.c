/* The experiments' tasks and how one is run: draw the data, fit, cluster
 * every layer, score. Everything random follows the task's seed, so a task
 * gives the same rows in any process and any order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cluster.h"
#include "cli/dataset.h"
#include "cli/experiment.h"
#include "core/core.h"

static const int table2_k[] = {2, 4, 6, 8};
const double exp_lambda_grid[EXP_N_LAMBDA] = {1e-8, 1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6, 1e8};

static void add(exp_task *t, long *n, const char *run, int layers, int k, double setting, int trial,
                uint64_t seed) {
    exp_task *x = &t[(*n)++];
    snprintf(x->run, sizeof x->run, "%s", run);
    x->layers = layers, x->k = k, x->setting = setting, x->trial = trial, x->seed = seed;
}

/* The seed of a draw: the same for every model, so they compare on one
 * sample; it also tells runs with another --per-class apart in results.csv. */
static uint64_t draw_seed(const exp_ctx *e, int k, double setting, int trial) {
    return e->seed * 1000003ULL + (uint64_t)k * 10007ULL + (uint64_t)setting * 101ULL +
           (uint64_t)trial + (uint64_t)e->per_class * 0x9E3779B97F4A7C15ULL;
}

long exp_tasks(const exp_ctx *e, exp_task **out) {
    long cap = (18L + 4L * e->n_baselines) * e->trials + 16, n = 0;
    exp_task *t = calloc((size_t)cap, sizeof *t);
    if (!t) return -1;
    if (strcmp(e->name, "table2") == 0) {
        for (int trial = 0; trial < e->trials; trial++) /* trial-major: a cut-short run */
            for (int i = 0; i < 4; i++) {               /* still covers every K */
                uint64_t s = draw_seed(e, table2_k[i], 0, trial);
                add(t, &n, "lrr", 1, table2_k[i], 0, trial, s);
                add(t, &n, "fdlrf", e->max_layers, table2_k[i], 0, trial, s);
                add(t, &n, "ndlrf", e->max_layers, table2_k[i], 0, trial, s);
                for (int b = 0; b < e->n_baselines; b++)
                    add(t, &n, e->baselines[b], 1, table2_k[i], 0, trial, s);
            }
    } else if (strcmp(e->name, "noise") == 0) {
        for (int trial = 0; trial < e->trials; trial++)
            for (int v = 100; v <= 500; v += 100) {
                uint64_t s = draw_seed(e, 5, 0, trial); /* the same draw at every level */
                add(t, &n, "fdlrf", e->max_layers, 5, v, trial, s);
                add(t, &n, "ndlrf", e->max_layers, 5, v, trial, s);
            }
    } else if (strcmp(e->name, "lambda") == 0 && e->stage == 0) { /* --lambda auto */
        for (int trial = 0; trial < e->trials; trial++)
            for (int r = 0; r < 2; r++)
                add(t, &n, r ? "ndlrf" : "fdlrf", e->max_layers, 5, EXP_AUTO, trial,
                    draw_seed(e, 5, 0, trial));
    } else if (strcmp(e->name, "lambda") == 0) { /* one stage: layer e->stage */
        for (int trial = 0; trial < e->trials; trial++)
            for (int r = 0; r < 2; r++)
                for (int i = 0; i < EXP_N_LAMBDA; i++) {
                    add(t, &n, r ? "ndlrf" : "fdlrf", e->stage, 5, exp_lambda_grid[i], trial,
                        draw_seed(e, 5, 0, trial));
                    snprintf(t[n - 1].prefix, sizeof t[n - 1].prefix, "%s", e->prefix[r]);
                }
    } else if (strcmp(e->name, "denoise") == 0) {
        for (int trial = 0; trial < e->trials; trial++) {
            uint64_t s = draw_seed(e, 5, 0, trial);
            add(t, &n, "fdlrf", e->max_layers, 5, 500, trial, s);
            add(t, &n, "ndlrf", e->max_layers, 5, 500, trial, s);
        }
    } else if (strcmp(e->name, "subspaces") == 0) {
        for (int trial = 0; trial < e->trials; trial++) {
            uint64_t s = draw_seed(e, 10, 0, trial);
            add(t, &n, "fdlrf", e->max_layers, 10, 0, trial, s);
            add(t, &n, "ndlrf", e->max_layers, 10, 0, trial, s);
        }
    } else {
        free(t);
        return -1;
    }
    *out = t;
    return n;
}

/* The task's samples: a draw of k classes (per_class each) of the dataset,
 * or the synthetic subspaces; new X and truth. */
static int task_data(const exp_ctx *e, const exp_task *t, int noisy, dlrf_mat **X, int **truth,
                     char *err, size_t errlen) {
    if (!e->X) {
        dlrf_synth_opts so;
        dlrf_synth_opts_default(&so);
        so.seed = t->seed;
        so.subspaces = (size_t)t->k;
        return dlrf_synth_subspaces(&so, X, truth) == DLRF_OK ? 0 : -1;
    }
    size_t N = e->X->cols, n, *cols = malloc(N * sizeof(size_t));
    if (!cols || dlrf_protocol_draw(e->labels, N, t->k, e->per_class, t->seed, cols, &n, err,
                                    errlen) != DLRF_OK) {
        free(cols);
        return -1;
    }
    *X = dlrf_mat_new(e->X->rows, n);
    *truth = malloc(n * sizeof(int));
    for (size_t j = 0; *X && *truth && j < n; j++) {
        memcpy(&DLRF_AT(*X, 0, j), &DLRF_AT(e->X, 0, cols[j]), e->X->rows * sizeof(double));
        (*truth)[j] = e->labels[cols[j]];
    }
    free(cols);
    if (!*X || !*truth) return -1;
    /* noise and denoise: the setting is a noise variance (lambda's is a λ); a
     * stream of its own for each level */
    if (noisy && t->setting > 0 && (!strcmp(e->name, "noise") || !strcmp(e->name, "denoise")))
        data_pixel_noise(*X, t->setting,
                         t->seed ^ DATA_NOISE_STREAM ^ (uint64_t)(t->setting * 1000003.0));
    dlrf_mat_unit_columns(*X); /* dlrf cluster's default scaling */
    return 0;
}

static void fill_row(const exp_ctx *e, const exp_task *t, const fit_result *r, int l,
                     const dlrf_metrics *m, size_t n, exp_row *row) {
    memset(row, 0, sizeof *row);
    snprintf(row->experiment, sizeof row->experiment, "%s", e->name);
    snprintf(row->dataset, sizeof row->dataset, "%s", e->data_name);
    snprintf(row->run, sizeof row->run, "%s", t->run);
    const char *single = !strcmp(t->run, "fdlrf")   ? "fllrr"
                         : !strcmp(t->run, "ndlrf") ? "latlrr"
                                                    : t->run;
    snprintf(row->method, sizeof row->method, "%s", l == 1 ? single : t->run);
    row->k = t->k, row->trial = t->trial, row->layer = l, row->setting = t->setting;
    row->seed = t->seed, row->n_samples = (long)n;
    size_t at = 0;
    for (int q = 1; q <= l && at + 24 < sizeof row->lambda; q++)
        at += (size_t)snprintf(row->lambda + at, sizeof row->lambda - at, "%s%.6g",
                               q > 1 ? ";" : "", dlrf_layer_lambda(fit_solver(r, q, 1)));
    row->iterations = dlrf_layer_iterations(fit_solver(r, l, 1)) +
                      (r->net && l > 1 ? dlrf_layer_iterations(fit_solver(r, l, 2)) : 0);
    row->ac = m->accuracy, row->nmi = m->nmi, row->ari = m->ari;
    row->bd = NAN;
    row->self = NAN;
}

/* The subspaces experiment: |Z_l| of the first trial (the paper's Fig. 3). */
static void draw_layers(const exp_ctx *e, const exp_task *t, const fit_result *r,
                        const int *truth) {
    char path[4200], title[128], err[1024];
    for (int l = 1; l <= dlrf_net_layers(r->net); l++) {
        dlrf_mat F = dlrf_net_z_left(r->net, l), G = dlrf_net_z_right(r->net, l);
        snprintf(path, sizeof path, "%s/%s_z_%d.png", e->out, t->run, l);
        snprintf(title, sizeof title, "%s layer %d: |Z_%d|",
                 !strcmp(t->run, "fdlrf") ? "fDLRF-Net" : "nDLRF-Net", l, l);
        dlrf_heatmap_opts o = {title, 400};
        if (dlrf_plot_z(path, &F, &G, truth, &o, NULL, err, sizeof err) != DLRF_OK)
            fprintf(stderr, "dlrf experiment: %s\n", err);
    }
}

/* The denoise experiment: original, noisy and P_l of the first trial (the
 * paper's Fig. 4), one sample per class. */
static void draw_grid(const exp_ctx *e, const exp_task *t, const fit_result *r,
                      const dlrf_mat *noisy, const int *truth) {
    dlrf_mat *clean = NULL, P[8];
    int *tc = NULL, ns = 0;
    char err[1024], path[4200], title[160], names[10][32];
    if (!e->img_h || task_data(e, t, 0, &clean, &tc, err, sizeof err)) {
        dlrf_mat_free(clean), free(tc);
        return;
    }
    size_t show[8];
    for (size_t j = 0; j < noisy->cols && ns < 8; j++) {
        int first = 1;
        for (int q = 0; q < ns; q++)
            first &= truth[show[q]] != truth[j];
        if (first) show[ns++] = j;
    }
    const dlrf_mat *rows[10] = {clean, noisy};
    const char *np[10] = {"original", names[1]};
    snprintf(names[1], 32, "noisy (var %g)", t->setting);
    int L = dlrf_net_layers(r->net) < 8 ? dlrf_net_layers(r->net) : 8;
    for (int l = 0; l < L; l++) {
        P[l] = dlrf_net_p(r->net, l + 1), rows[2 + l] = &P[l];
        snprintf(names[2 + l], 32, "P_%d (layer %d)", l + 1, l + 1), np[2 + l] = names[2 + l];
    }
    snprintf(path, sizeof path, "%s/%s_images.png", e->out, t->run);
    snprintf(title, sizeof title, "%s on %s: noisy samples and principal features",
             strcmp(t->run, "fdlrf") ? "nDLRF-Net" : "fDLRF-Net", e->data_name);
    dlrf_grid_opts o = {e->img_h, e->img_w, e->img_colmajor, 0, title};
    if (dlrf_plot_grid(path, rows, np, 2 + L, show, ns, &o, err, sizeof err) != DLRF_OK)
        fprintf(stderr, "dlrf experiment: %s\n", err);
    dlrf_mat_free(clean), free(tc);
}

/* lambda: the earlier layers' chosen λs, then the task's own. */
static void set_lambdas(fit_config *f, const exp_task *t) {
    const char *p = t->prefix;
    f->n_lambdas = 0;
    while (*p && f->n_lambdas < t->layers - 1) {
        char *end;
        f->lambdas[f->n_lambdas++] = strtod(p, &end);
        p = *end == ';' ? end + 1 : end;
    }
    f->lambdas[f->n_lambdas++] = t->setting;
    f->opts.lambda = f->lambdas[0];
}

/* Without labels: the share of the off-diagonal |Z_1...Z_l| inside the
 * predicted clusters. */
static double self_score(const cluster_config *c, const fit_result *r, int l, const int *pred) {
    dlrf_mat F, G, *of, *og;
    const char *what;
    if (cluster_layer_factors(c, r, l, &F, &G, &of, &og, &what)) return NAN;
    double s = dlrf_block_diag_score_offdiag(&F, &G, pred);
    dlrf_mat_free(of), dlrf_mat_free(og);
    return s;
}

int exp_run_task(const exp_ctx *e, const exp_task *t, exp_row *rows, int cap, char *err,
                 size_t errlen) {
    dlrf_mat *X = NULL;
    int *truth = NULL, *pred = NULL, n_rows = -1;
    cluster_config c;
    fit_result r = {0};
    cli_progress prog = {0};
    cluster_stats st = {0};
    snprintf(err, errlen, "out of memory");
    if (task_data(e, t, 1, &X, &truth, err, errlen) ||
        cluster_defaults(&c, "experiment", t->run, t->layers))
        goto done;
    c.copts.seed = t->seed;
    int lambda = !strcmp(e->name, "lambda"), autol = lambda && t->setting == EXP_AUTO;
    if (autol) {
        c.fit.lambda_auto = 1;
        c.fit.select_copts = &c.copts;
    } else if (lambda) {
        set_lambdas(&c.fit, t);
    }
    double t0 = dlrf_now();
    if (fit_run_k(&c.fit, X, t->k, &prog, &r)) {
        snprintf(err, errlen, "%s on trial %d of K = %d: the fit failed", t->run, t->trial, t->k);
        goto done;
    }
    double fit_s = dlrf_now() - t0;
    int layers = r.net ? dlrf_net_layers(r.net) : 1;
    size_t n = X->cols;
    if (!(pred = malloc((size_t)layers * n * sizeof(int))) ||
        cluster_layers(&c, &r, t->k, pred, &st, err, errlen))
        goto done;
    int first = lambda && !autol ? layers : 1; /* a λ-grid task: its last layer */
    for (int l = first; l <= layers && l - first < cap; l++) {
        dlrf_metrics m;
        exp_row *row = &rows[l - first];
        dlrf_cluster_metrics(truth, pred + (size_t)(l - 1) * n, n, &m);
        fill_row(e, t, &r, l, &m, n, row);
        row->fit_s = fit_s;
        row->cluster_s = st.cluster_s;
        if (lambda) row->self = self_score(&c, &r, l, pred + (size_t)(l - 1) * n);
        if (!e->X) {
            dlrf_mat F = dlrf_net_z_left(r.net, l), G = dlrf_net_z_right(r.net, l);
            row->bd = dlrf_block_diag_score(&F, &G, truth);
        }
    }
    if (!e->X && t->trial == 0) draw_layers(e, t, &r, truth);
    if (!strcmp(e->name, "denoise") && t->trial == 0) draw_grid(e, t, &r, X, truth);
    n_rows = layers - first + 1 < cap ? layers - first + 1 : cap;
done:
    fit_result_free(&r);
    dlrf_mat_free(X);
    free(truth), free(pred);
    return n_rows;
}
