/* report.md and the pictures of an experiment, from its rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/experiment.h"

#define MAX_LAYERS 8
#define N_K 4
static const int table2_k[N_K] = {2, 4, 6, 8};

/* The paper's Table 2 (AC %, mean and sd over 30 trials), rows as ours:
 * LRR, FLLRR, fDLRF-Net 2-5 layers, LatLRR, nDLRF-Net 2-5 layers, then
 * rLatLRR, SA-LatLRR, rLRR, PLrSC. */
#define N_PAPER 15
static const char *const paper_baselines[4] = {"rlatlrr", "salatlrr", "rlrr", "plrsc"};
static const double paper_umist[N_PAPER][N_K][2] = {
    {{78.57, 15.67}, {72.08, 14.57}, {66.67, 4.97}, {62.57, 9.56}},
    {{84.16, 17.37}, {79.25, 8.98}, {71.56, 8.18}, {66.29, 7.70}},
    {{88.17, 16.58}, {80.42, 10.61}, {73.83, 8.20}, {69.83, 7.96}},
    {{88.83, 16.64}, {81.08, 10.66}, {76.44, 8.19}, {70.88, 8.62}},
    {{90.16, 16.49}, {77.92, 11.14}, {71.50, 8.70}, {66.67, 8.30}},
    {{88.83, 16.05}, {75.0, 13.47}, {68.06, 8.98}, {65.08, 7.40}},
    {{81.50, 9.73}, {77.25, 15.02}, {69.17, 10.77}, {67.00, 7.58}},
    {{82.52, 9.14}, {79.52, 12.41}, {73.33, 7.54}, {67.38, 9.98}},
    {{85.05, 12.35}, {80.75, 11.74}, {76.59, 12.70}, {71.37, 6.07}},
    {{94.00, 7.75}, {76.25, 12.20}, {70.16, 10.33}, {65.00, 3.46}},
    {{90.20, 7.09}, {76.71, 15.48}, {68.83, 14.03}, {64.63, 6.48}},
    {{86.25, 15.06}, {79.44, 9.94}, {69.67, 7.40}, {67.51, 6.56}},
    {{84.57, 14.30}, {78.35, 12.26}, {72.08, 7.40}, {67.52, 9.29}},
    {{82.35, 14.41}, {78.52, 6.48}, {70.67, 9.49}, {66.57, 7.52}},
    {{87.89, 8.74}, {79.89, 6.77}, {71.11, 10.27}, {67.79, 7.38}}};
static const double paper_fmnist[N_PAPER][N_K][2] = {
    {{85.21, 4.37}, {62.27, 9.11}, {51.83, 1.99}, {45.75, 3.24}},
    {{90.52, 10.60}, {71.58, 10.31}, {62.67, 9.51}, {56.33, 5.78}},
    {{91.67, 10.69}, {73.50, 11.06}, {64.58, 9.92}, {58.38, 4.87}},
    {{92.67, 9.07}, {73.75, 11.51}, {64.61, 9.24}, {59.17, 5.84}},
    {{93.17, 8.76}, {72.75, 11.51}, {64.67, 10.03}, {57.87, 5.61}},
    {{92.33, 9.54}, {70.66, 11.91}, {60.78, 8.70}, {55.96, 5.48}},
    {{90.17, 13.03}, {70.25, 12.91}, {65.66, 8.39}, {59.83, 7.68}},
    {{92.17, 10.64}, {71.31, 11.43}, {67.00, 8.31}, {61.52, 7.37}},
    {{93.33, 8.54}, {73.03, 11.58}, {67.60, 9.16}, {61.56, 6.68}},
    {{89.33, 14.29}, {73.00, 12.27}, {66.06, 9.15}, {59.58, 6.25}},
    {{87.33, 15.52}, {72.11, 12.39}, {63.50, 8.18}, {57.13, 5.79}},
    {{89.55, 13.83}, {65.50, 9.01}, {63.33, 8.47}, {56.75, 4.83}},
    {{91.07, 11.74}, {68.74, 4.28}, {63.54, 11.91}, {56.12, 6.41}},
    {{89.48, 14.49}, {67.48, 8.74}, {62.17, 7.05}, {56.87, 5.47}},
    {{91.42, 5.39}, {72.06, 6.47}, {64.43, 8.27}, {57.61, 6.75}}};

/* A baseline's display name and its row in the paper's table (-1: none). */
static int baseline_row(const char *run, char *name, size_t len) {
    static const char *const shown[4] = {"rLatLRR", "SA-LatLRR (reconstruction)",
                                         "rLRR (reconstruction)", "PLrSC"};
    for (int b = 0; b < 4; b++)
        if (!strcmp(run, paper_baselines[b])) {
            snprintf(name, len, "%s", shown[b]);
            return 11 + b;
        }
    snprintf(name, len, "%s", run);
    return -1;
}

/* Row r of the table: its run and layer, and its name. */
static void table_row(int r, int max_layers, const char **run, int *layer, char *name, size_t len) {
    int per = max_layers; /* rows per network */
    if (r == 0) {
        *run = "lrr", *layer = 1;
        snprintf(name, len, "LRR");
        return;
    }
    int net = (r - 1) / per, l = (r - 1) % per + 1;
    *run = net ? "ndlrf" : "fdlrf", *layer = l;
    if (l == 1)
        snprintf(name, len, "%s", net ? "LatLRR" : "FLLRR");
    else
        snprintf(name, len, "%s (%d layers)", net ? "nDLRF-Net" : "fDLRF-Net", l);
}

typedef struct {
    double mean, sd, nmi, nmi_sd, fit_s, bd;
    int n;
} cell;

static cell aggregate(const exp_row *rows, long n, const char *run, int layer, int k,
                      double setting) {
    cell c = {0};
    double q = 0, qn = 0;
    for (long i = 0; i < n; i++)
        if (!strcmp(rows[i].run, run) && rows[i].layer == layer && rows[i].k == k &&
            rows[i].setting == setting) {
            c.mean += rows[i].ac, c.nmi += rows[i].nmi, c.fit_s += rows[i].fit_s;
            c.bd += isnan(rows[i].bd) ? 0 : rows[i].bd;
            c.n++;
        }
    if (!c.n) return c;
    c.mean /= c.n, c.nmi /= c.n, c.fit_s /= c.n, c.bd /= c.n;
    for (long i = 0; i < n; i++)
        if (!strcmp(rows[i].run, run) && rows[i].layer == layer && rows[i].k == k &&
            rows[i].setting == setting) {
            q += pow(rows[i].ac - c.mean, 2);
            qn += pow(rows[i].nmi - c.nmi, 2);
        }
    c.sd = sqrt(q / c.n), c.nmi_sd = sqrt(qn / c.n);
    return c;
}

static const double (*paper_table(const char *data))[N_K][2] {
    if (strstr(data, "UMIST") || strstr(data, "umist")) return paper_umist;
    if (strstr(data, "t10k") || strstr(data, "fashion") || strstr(data, "train-images"))
        return paper_fmnist;
    return NULL;
}

static void table2_md(FILE *f, const exp_ctx *e, const exp_row *rows, long n, int nmi) {
    const double(*paper)[N_K][2] = nmi ? NULL : paper_table(e->data_name);
    fprintf(f, "| method |");
    for (int i = 0; i < N_K; i++)
        fprintf(f, " K=%d |%s", table2_k[i], paper ? " paper |" : "");
    fprintf(f, "\n|---|");
    for (int i = 0; i < N_K; i++)
        fprintf(f, "---|%s", paper ? "---|" : "");
    fprintf(f, "\n");
    int nets = 1 + 2 * e->max_layers;
    for (int r = 0; r < nets + e->n_baselines; r++) {
        const char *run;
        int layer, pr = r == 0 ? 0 : r <= e->max_layers ? r : r - e->max_layers + 5;
        char name[64];
        if (r < nets) {
            table_row(r, e->max_layers, &run, &layer, name, sizeof name);
        } else {
            run = e->baselines[r - nets], layer = 1;
            pr = baseline_row(run, name, sizeof name);
            if (pr < 0) pr = N_PAPER;
        }
        fprintf(f, "| %s |", name);
        for (int i = 0; i < N_K; i++) {
            cell c = aggregate(rows, n, run, layer, table2_k[i], 0);
            if (c.n)
                fprintf(f, " %.1f ± %.1f (%d) |", 100 * (nmi ? c.nmi : c.mean),
                        100 * (nmi ? c.nmi_sd : c.sd), c.n);
            else
                fprintf(f, " – |");
            if (paper && layer <= 5 && pr < N_PAPER)
                fprintf(f, " %.1f ± %.1f |", paper[pr][i][0], paper[pr][i][1]);
            else if (paper)
                fprintf(f, " – |");
        }
        fprintf(f, "\n");
    }
}

/* AC against the layer, a line per K, for one network. */
static void table2_plot(const exp_ctx *e, const exp_row *rows, long n, const char *run) {
    double x[MAX_LAYERS], y[N_K][MAX_LAYERS], sd[N_K][MAX_LAYERS];
    dlrf_series s[N_K];
    char names[N_K][16], path[4200], title[128], err[1024];
    int L = e->max_layers < MAX_LAYERS ? e->max_layers : MAX_LAYERS, ns = 0;
    for (int i = 0; i < N_K; i++) {
        int any = 0;
        for (int l = 1; l <= L; l++) {
            cell c = aggregate(rows, n, run, l, table2_k[i], 0);
            x[l - 1] = l, y[ns][l - 1] = 100 * c.mean, sd[ns][l - 1] = 100 * c.sd;
            any |= c.n > 0;
            if (!c.n) y[ns][l - 1] = NAN;
        }
        if (!any) continue;
        snprintf(names[ns], sizeof names[ns], "K = %d", table2_k[i]);
        s[ns] = (dlrf_series){names[ns], x, y[ns], sd[ns], (size_t)L};
        ns++;
    }
    if (!ns) return;
    snprintf(path, sizeof path, "%s/table2_%s.png", e->out, run);
    snprintf(title, sizeof title, "%s on %s: AC against depth (mean ± sd)",
             strcmp(run, "fdlrf") ? "nDLRF-Net" : "fDLRF-Net", e->data_name);
    dlrf_lineplot_opts o = {title, "layers", "AC (%)", 0, 0, 720, 480, 0};
    if (dlrf_plot_lines(path, s, ns, &o, NULL, err, sizeof err) != DLRF_OK)
        fprintf(stderr, "dlrf experiment: %s\n", err);
}

static void table2_report(FILE *f, const exp_ctx *e, const exp_row *rows, long n) {
    fprintf(f, "# Table 2 on %s\n\n", e->data_name);
    fprintf(f,
            "Clustering accuracy (%%), mean ± sd over the trials (their number in brackets); "
            "K classes drawn at random per trial%s; `dlrf cluster`'s defaults: unit-norm "
            "samples, automatic λ = 0.1·sqrt(N)/‖A‖_F per solve, top-k affinity, NJW, "
            "Z_1⋯Z_l. A network's layer 1 is the single-layer model.%s\n\n",
            e->per_class ? " (a fixed number per class)" : "",
            paper_table(e->data_name) ? " The paper's numbers (30 trials, W = (|Z|+|Zᵀ|)/2) "
                                        "are beside ours."
                                      : "");
    table2_md(f, e, rows, n, 0);
    fprintf(f, "\nNMI (%%):\n\n");
    table2_md(f, e, rows, n, 1);
    fprintf(f, "\nSeconds per trial (fit of all layers, one BLAS thread):\n\n| K | LRR | fDLRF-Net "
               "| nDLRF-Net |");
    char name[64];
    for (int b = 0; b < e->n_baselines; b++) {
        baseline_row(e->baselines[b], name, sizeof name);
        fprintf(f, " %s |", name);
    }
    fprintf(f, "\n|---|---|---|---|");
    for (int b = 0; b < e->n_baselines; b++)
        fprintf(f, "---|");
    fprintf(f, "\n");
    for (int i = 0; i < N_K; i++) {
        cell a = aggregate(rows, n, "lrr", 1, table2_k[i], 0),
             b = aggregate(rows, n, "fdlrf", 1, table2_k[i], 0),
             c = aggregate(rows, n, "ndlrf", 1, table2_k[i], 0);
        fprintf(f, "| %d | %.1f | %.1f | %.1f |", table2_k[i], a.fit_s, b.fit_s, c.fit_s);
        for (int q = 0; q < e->n_baselines; q++) {
            cell x = aggregate(rows, n, e->baselines[q], 1, table2_k[i], 0);
            fprintf(f, x.n ? " %.1f |" : " – |", x.fit_s);
        }
        fprintf(f, "\n");
    }
    table2_plot(e, rows, n, "fdlrf");
    table2_plot(e, rows, n, "ndlrf");
    fprintf(f, "\n![fDLRF-Net](table2_fdlrf.png)\n![nDLRF-Net](table2_ndlrf.png)\n");
}

static void subspaces_report(FILE *f, const exp_ctx *e, const exp_row *rows, long n) {
    fprintf(f, "# Synthetic independent subspaces (the paper's Fig. 3)\n\n10 subspaces of "
               "dimension 10 in R^200, 20 samples each, 20%% corrupted; mean over the trials of "
               "the clustering accuracy and of the block-diagonality of Z_l (the share of |Z_l| "
               "inside the true blocks).\n\n| layer | fDLRF-Net AC | fDLRF-Net block-diag. | "
               "nDLRF-Net AC | nDLRF-Net block-diag. | trials |\n|---|---|---|---|---|---|\n");
    for (int l = 1; l <= e->max_layers; l++) {
        cell a = aggregate(rows, n, "fdlrf", l, 10, 0), b = aggregate(rows, n, "ndlrf", l, 10, 0);
        fprintf(f, "| %d | %.1f | %.3f | %.1f | %.3f | %d |\n", l, 100 * a.mean, a.bd, 100 * b.mean,
                b.bd, a.n);
    }
    fprintf(f, "\n");
    for (int l = 1; l <= e->max_layers; l++)
        fprintf(f, "![fDLRF-Net layer %d](fdlrf_z_%d.png) ![nDLRF-Net layer %d](ndlrf_z_%d.png)\n",
                l, l, l, l);
}

/* AC against the noise variance, a line per layer, for one network. */
static void noise_plot(const exp_ctx *e, const exp_row *rows, long n, const char *run) {
    double x[5], y[MAX_LAYERS][5], sd[MAX_LAYERS][5];
    dlrf_series s[MAX_LAYERS];
    char names[MAX_LAYERS][16], path[4200], title[128], err[1024];
    int L = e->max_layers < MAX_LAYERS ? e->max_layers : MAX_LAYERS;
    for (int l = 1; l <= L; l++) {
        for (int v = 0; v < 5; v++) {
            cell c = aggregate(rows, n, run, l, 5, 100.0 * (v + 1));
            x[v] = 100.0 * (v + 1), y[l - 1][v] = c.n ? 100 * c.mean : NAN;
            sd[l - 1][v] = 100 * c.sd;
        }
        snprintf(names[l - 1], sizeof names[0], "layer %d", l);
        s[l - 1] = (dlrf_series){names[l - 1], x, y[l - 1], sd[l - 1], 5};
    }
    snprintf(path, sizeof path, "%s/noise_%s.png", e->out, run);
    snprintf(title, sizeof title, "%s on %s, K = 5: AC against noise (mean ± sd)",
             strcmp(run, "fdlrf") ? "nDLRF-Net" : "fDLRF-Net", e->data_name);
    dlrf_lineplot_opts o = {title, "noise variance", "AC (%)", 0, 0, 720, 480, 0};
    if (dlrf_plot_lines(path, s, L, &o, NULL, err, sizeof err) != DLRF_OK)
        fprintf(stderr, "dlrf experiment: %s\n", err);
}

static void noise_report(FILE *f, const exp_ctx *e, const exp_row *rows, long n) {
    fprintf(f,
            "# Noise (the paper's Fig. 5) on %s\n\nGaussian noise of the given variance on "
            "the 0-255 pixel scale added to K = 5 random classes per trial, then `dlrf "
            "cluster`'s defaults. AC (%%), mean ± sd (trials).\n\n",
            e->data_name);
    const char *runs[2] = {"fdlrf", "ndlrf"};
    for (int q = 0; q < 2; q++) {
        fprintf(f, "%s:\n\n| layer |",
                q ? "nDLRF-Net (layer 1: LatLRR)"
                  : "fDLRF-Net (layer 1: "
                    "FLLRR)");
        for (int v = 1; v <= 5; v++)
            fprintf(f, " var %d |", 100 * v);
        fprintf(f, "\n|---|---|---|---|---|---|\n");
        for (int l = 1; l <= e->max_layers; l++) {
            fprintf(f, "| %d |", l);
            for (int v = 1; v <= 5; v++) {
                cell c = aggregate(rows, n, runs[q], l, 5, 100.0 * v);
                if (c.n)
                    fprintf(f, " %.1f ± %.1f (%d) |", 100 * c.mean, 100 * c.sd, c.n);
                else
                    fprintf(f, " – |");
            }
            fprintf(f, "\n");
        }
        fprintf(f, "\n![%s](noise_%s.png)\n\n", runs[q], runs[q]);
        noise_plot(e, rows, n, runs[q]);
    }
}

static void denoise_report(FILE *f, const exp_ctx *e, const exp_row *rows, long n) {
    fprintf(f,
            "# Denoising (the paper's Fig. 4) on %s\n\nK = 5 random classes, Gaussian noise "
            "of variance 500 on the 0-255 pixel scale; rows: the original samples, the noisy "
            "ones and their principal features P_l = X Z_1...Z_l of each layer. AC (%%) of "
            "clustering the noisy samples, mean over the trials:\n\n| layer | fDLRF-Net | "
            "nDLRF-Net |\n|---|---|---|\n",
            e->data_name);
    for (int l = 1; l <= e->max_layers; l++) {
        cell a = aggregate(rows, n, "fdlrf", l, 5, 500), b = aggregate(rows, n, "ndlrf", l, 5, 500);
        fprintf(f, "| %d | %.1f (%d) | %.1f (%d) |\n", l, 100 * a.mean, a.n, 100 * b.mean, b.n);
    }
    fprintf(f, "\n![fDLRF-Net](fdlrf_images.png)\n![nDLRF-Net](ndlrf_images.png)\n");
}

/* Mean AC, sd, label-free score and count of run's rows at a layer with the
 * λ list prefix;λ. */
static cell lambda_cell(const exp_row *rows, long n, const char *run, int layer, const char *prefix,
                        double lambda) {
    char want[128];
    snprintf(want, sizeof want, "%s%s%.6g", prefix, prefix[0] ? ";" : "", lambda);
    cell c = {0};
    double q = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (long i = 0; i < n; i++) {
            if (strcmp(rows[i].run, run) || rows[i].layer != layer || rows[i].setting == EXP_AUTO ||
                strcmp(rows[i].lambda, want))
                continue;
            if (pass == 0)
                c.mean += rows[i].ac, c.bd += isnan(rows[i].self) ? 0 : rows[i].self, c.n++;
            else
                q += pow(rows[i].ac - c.mean, 2);
        }
        if (pass == 0 && c.n) c.mean /= c.n, c.bd /= c.n;
    }
    if (c.n) c.sd = sqrt(q / c.n);
    return c;
}

double exp_lambda_best(const exp_ctx *e, const exp_row *rows, long n, const char *run, int layer,
                       const char *prefix, int by_self) {
    (void)e;
    double best = NAN, top = -1.0;
    for (int i = 0; i < EXP_N_LAMBDA; i++) {
        cell c = lambda_cell(rows, n, run, layer, prefix, exp_lambda_grid[i]);
        double v = by_self ? c.bd : c.mean;
        if (c.n && v > top) top = v, best = exp_lambda_grid[i];
    }
    return best;
}

/* The λ lists of the chosen earlier layers, from the rows (stage by stage). */
static void chosen_prefix(const exp_row *rows, long n, const char *run, int layer, char *buf,
                          size_t len) {
    buf[0] = 0;
    for (int l = 1; l < layer; l++) {
        double b = exp_lambda_best(NULL, rows, n, run, l, buf, 0);
        size_t at = strlen(buf);
        if (isnan(b)) return;
        snprintf(buf + at, len - at, "%s%.6g", at ? ";" : "", b);
    }
}

static void lambda_plot(const exp_ctx *e, const exp_row *rows, long n, const char *run) {
    double y[MAX_LAYERS][EXP_N_LAMBDA], sd[MAX_LAYERS][EXP_N_LAMBDA];
    dlrf_series s[MAX_LAYERS];
    char names[MAX_LAYERS][48], path[4200], title[160], err[1024], prefix[128];
    int L = e->max_layers < MAX_LAYERS ? e->max_layers : MAX_LAYERS;
    for (int l = 1; l <= L; l++) {
        chosen_prefix(rows, n, run, l, prefix, sizeof prefix);
        for (int i = 0; i < EXP_N_LAMBDA; i++) {
            cell c = lambda_cell(rows, n, run, l, prefix, exp_lambda_grid[i]);
            y[l - 1][i] = c.n ? 100 * c.mean : NAN, sd[l - 1][i] = 100 * c.sd;
        }
        /* the choices, marked as in the report: * by the labels, + without */
        snprintf(names[l - 1], sizeof names[0], "layer %d *%g +%g", l,
                 exp_lambda_best(e, rows, n, run, l, prefix, 0),
                 exp_lambda_best(e, rows, n, run, l, prefix, 1));
        s[l - 1] = (dlrf_series){names[l - 1], exp_lambda_grid, y[l - 1], sd[l - 1], EXP_N_LAMBDA};
    }
    snprintf(path, sizeof path, "%s/lambda_%s.png", e->out, run);
    snprintf(title, sizeof title,
             "%s on %s, K = 5: AC against lambda (* labels' choice, + label-free)",
             strcmp(run, "fdlrf") ? "nDLRF-Net" : "fDLRF-Net", e->data_name);
    dlrf_lineplot_opts o = {title, "lambda", "AC (%)", 1, 0, 720, 480, 0};
    if (dlrf_plot_lines(path, s, L, &o, NULL, err, sizeof err) != DLRF_OK)
        fprintf(stderr, "dlrf experiment: %s\n", err);
}

/* The layer's own λ (the last of a row's list). */
static double own_lambda(const exp_row *r) {
    const char *semi = strrchr(r->lambda, ';');
    return strtod(semi ? semi + 1 : r->lambda, NULL);
}

/* --lambda auto end to end: AC per layer and how often each λ was chosen. */
static void auto_table(FILE *f, const exp_ctx *e, const exp_row *rows, long n, const char *run) {
    cell c1 = aggregate(rows, n, run, 1, 5, EXP_AUTO);
    if (!c1.n) return;
    const double *grid;
    int ng = dlrf_lambda_grid_default(&grid);
    fprintf(
        f, "`--lambda auto` (no labels; grid 1e-4, 1e-2, 1, 1e2, 1e4; each layer on the earlier "
           "layers' own choice):\n\n| layer | AC | NMI | λ chosen (trials) |\n|---|---|---|---|\n");
    for (int l = 1; l <= e->max_layers; l++) {
        cell c = aggregate(rows, n, run, l, 5, EXP_AUTO);
        fprintf(f, "| %d | %.1f ± %.1f (%d) | %.1f ± %.1f | ", l, 100 * c.mean, 100 * c.sd, c.n,
                100 * c.nmi, 100 * c.nmi_sd);
        for (int g = 0, first = 1; g < ng; g++) {
            int count = 0;
            for (long i = 0; i < n; i++)
                count += !strcmp(rows[i].run, run) && rows[i].layer == l &&
                         rows[i].setting == EXP_AUTO && own_lambda(&rows[i]) == grid[g];
            if (count) fprintf(f, "%s%g (%d)", first ? "" : ", ", grid[g], count), first = 0;
        }
        fprintf(f, " |\n");
    }
    fprintf(f, "\n");
}

static void lambda_report(FILE *f, const exp_ctx *e, const exp_row *rows, long n) {
    fprintf(
        f,
        "# λ layer by layer (the paper's Fig. 6) on %s\n\nK = 5 random classes per trial; "
        "for each layer, every λ of the grid with the earlier layers' λ fixed at the one "
        "with the best AC (the paper's greedy search, which chooses with the labels it "
        "scores: an oracle). Beside it, a label-free choice: the λ whose Z_1⋯Z_l puts "
        "the largest share of its mass off the diagonal and inside the clusters it yields. AC %%, "
        "mean ± sd "
        "(trials); `*` the oracle's choice, `+` the label-free one.\n\n",
        e->data_name);
    const char *runs[2] = {"fdlrf", "ndlrf"};
    for (int q = 0; q < 2; q++) {
        fprintf(f, "%s:\n\n| λ |",
                q ? "nDLRF-Net (layer 1: LatLRR)"
                  : "fDLRF-Net (layer 1: "
                    "FLLRR)");
        for (int l = 1; l <= e->max_layers; l++)
            fprintf(f, " layer %d AC | layer %d score |", l, l);
        fprintf(f, "\n|---|");
        for (int l = 1; l <= e->max_layers; l++)
            fprintf(f, "---|---|");
        fprintf(f, "\n");
        char prefix[MAX_LAYERS][128];
        double oracle[MAX_LAYERS], free_[MAX_LAYERS];
        for (int l = 1; l <= e->max_layers && l <= MAX_LAYERS; l++) {
            chosen_prefix(rows, n, runs[q], l, prefix[l - 1], sizeof prefix[0]);
            oracle[l - 1] = exp_lambda_best(e, rows, n, runs[q], l, prefix[l - 1], 0);
            free_[l - 1] = exp_lambda_best(e, rows, n, runs[q], l, prefix[l - 1], 1);
        }
        for (int i = 0; i < EXP_N_LAMBDA; i++) {
            double lam = exp_lambda_grid[i];
            fprintf(f, "| %g |", lam);
            for (int l = 1; l <= e->max_layers && l <= MAX_LAYERS; l++) {
                cell c = lambda_cell(rows, n, runs[q], l, prefix[l - 1], lam);
                if (c.n)
                    fprintf(f, " %.1f ± %.1f (%d)%s%s | %.3f |", 100 * c.mean, 100 * c.sd, c.n,
                            lam == oracle[l - 1] ? " *" : "", lam == free_[l - 1] ? " +" : "",
                            c.bd);
                else
                    fprintf(f, " – | – |");
            }
            fprintf(f, "\n");
        }
        fprintf(f, "\n![%s](lambda_%s.png)\n\n", runs[q], runs[q]);
        lambda_plot(e, rows, n, runs[q]);
        auto_table(f, e, rows, n, runs[q]);
    }
}

int exp_report(const exp_ctx *e, const exp_row *rows, long n) {
    char path[4200], tmp[4300];
    snprintf(path, sizeof path, "%s/report.md", e->out);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        cli_error("experiment", "%s: cannot write the report", path);
        return -1;
    }
    if (!strcmp(e->name, "table2"))
        table2_report(f, e, rows, n);
    else if (!strcmp(e->name, "noise"))
        noise_report(f, e, rows, n);
    else if (!strcmp(e->name, "denoise"))
        denoise_report(f, e, rows, n);
    else if (!strcmp(e->name, "lambda"))
        lambda_report(f, e, rows, n);
    else
        subspaces_report(f, e, rows, n);
    fprintf(f, "\nRaw numbers: `results.csv` (a row per method, layer, setting and trial, with "
               "its seed, λs, iterations and seconds).\n");
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        cli_error("experiment", "%s: cannot write the report", path);
        return -1;
    }
    return 0;
}
