/* --plots DIR on fit, denoise and cluster: the pictures of a run. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/plots.h"

const cli_opt plot_opts[] = {
    {"plots", "DIR",
     "write pictures into DIR: |Z| heatmaps per layer and the convergence history (fit, "
     "cluster), confusion matrices (cluster with labels), accuracy per layer (cluster "
     "--trials), the image grid (denoise)"},
    {"plot-format", "png|svg|pdf", "file type of the pictures (default png)"},
    {"plot-samples", "I,J,..",
     "denoise: the samples (from 0) shown in the image grid (default: one per class, up to 8)"},
    {"plot-salient", NULL, "denoise: also rows of the salient features S_l and errors E_l"},
};
const size_t plot_opts_n = sizeof plot_opts / sizeof plot_opts[0];

int plots_config_read(const cli_spec *sp, plots_config *p) {
    memset(p, 0, sizeof *p);
    p->dir = cli_get(sp, "plots");
    const char *f = cli_get(sp, "plot-format");
    p->ext = f ? f : "png";
    p->samples = cli_get(sp, "plot-samples");
    p->salient = cli_get(sp, "plot-salient") != NULL;
    if (strcmp(p->ext, "png") && strcmp(p->ext, "svg") && strcmp(p->ext, "pdf")) {
        cli_error(sp->cmd, "--plot-format: '%s' is not one of png, svg, pdf", p->ext);
        return -1;
    }
    if ((f || p->samples) && !p->dir) {
        cli_error(sp->cmd, "--%s needs --plots DIR", f ? "plot-format" : "plot-samples");
        return -1;
    }
    struct stat sb;
    if (p->dir && stat(p->dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        cli_error(sp->cmd, "--plots %s: exists and is not a directory", p->dir);
        return -1;
    }
    return 0;
}

int plots_ready(const plots_config *p, const char *cmd) {
    struct stat sb;
    if (stat(p->dir, &sb) == 0 || mkdir(p->dir, 0777) == 0) return 0;
    cli_error(cmd, "--plots %s: cannot create the directory: %s", p->dir, strerror(errno));
    return -1;
}

static const char *file(const plots_config *p, const char *stem, int layer, char *buf, size_t len) {
    if (layer > 0)
        snprintf(buf, len, "%s/%s_%d.%s", p->dir, stem, layer, p->ext);
    else
        snprintf(buf, len, "%s/%s.%s", p->dir, stem, p->ext);
    return buf;
}

static int fail(const char *cmd, const char *err) {
    cli_error(cmd, "%s", err);
    return -1;
}

int plots_z(const plots_config *p, const fit_config *c, const fit_result *r, const int *labels,
            plots_factors_fn factors, const void *ctx) {
    if (!p->dir || plots_ready(p, c->cmd)) return p->dir ? -1 : 0;
    int layers = r->net ? dlrf_net_layers(r->net) : 1;
    for (int l = 1; l <= layers; l++) {
        dlrf_mat F, G, *of = NULL, *og = NULL;
        char path[4400], title[160], err[1024];
        const char *what = NULL;
        if (factors(ctx, r, l, &F, &G, &of, &og, &what)) return fail(c->cmd, "out of memory");
        snprintf(title, sizeof title, "%s, layer %d: %s, lambda %.3g", fit_method_name(c), l, what,
                 dlrf_layer_lambda(fit_solver(r, l, 1)));
        dlrf_heatmap_opts o = {title, 512};
        dlrf_status st = dlrf_plot_z(file(p, "z", l, path, sizeof path), &F, &G, labels, &o, NULL,
                                     err, sizeof err);
        dlrf_mat_free(of), dlrf_mat_free(og);
        if (st != DLRF_OK) return fail(c->cmd, err);
    }
    return 0;
}

int plots_history(const plots_config *p, const fit_config *c, const fit_result *r) {
    if (!p->dir || plots_ready(p, c->cmd)) return p->dir ? -1 : 0;
    int layers = r->net ? dlrf_net_layers(r->net) : 1;
    dlrf_series s[64];
    double *x[64] = {0};
    char names[64][32], path[4400], err[1024];
    int n = layers < 64 ? layers : 64, rc = 0;
    for (int l = 0; l < n && rc == 0; l++) {
        const dlrf_layer *sv = fit_solver(r, l + 1, 1);
        size_t it = (size_t)dlrf_layer_iterations(sv);
        x[l] = malloc((it ? it : 1) * sizeof(double));
        if (!x[l]) rc = -1;
        for (size_t i = 0; x[l] && i < it; i++)
            x[l][i] = (double)(i + 1);
        snprintf(names[l], sizeof names[l], "layer %d", l + 1);
        s[l] = (dlrf_series){names[l], x[l], dlrf_layer_history_residual(sv), NULL, it};
    }
    char title[128];
    snprintf(title, sizeof title, "%s: convergence", fit_method_name(c));
    dlrf_lineplot_opts o = {title, "iteration", "residual (inf-norm)", 0, 1, 720, 480, 0};
    if (rc == 0 && dlrf_plot_lines(file(p, "history", 0, path, sizeof path), s, n, &o, NULL, err,
                                   sizeof err) != DLRF_OK)
        rc = fail(c->cmd, err);
    for (int l = 0; l < n; l++)
        free(x[l]);
    return rc;
}

int plots_confusion(const plots_config *p, const char *cmd, const int *truth, const int *pred,
                    size_t n, int layers) {
    if (!p->dir || !truth || plots_ready(p, cmd)) return p->dir && truth ? -1 : 0;
    for (int l = 1; l <= layers; l++) {
        long *counts;
        int kp, kt;
        char path[4400], err[1024], title[64];
        if (dlrf_confusion(truth, pred + (size_t)(l - 1) * n, n, &counts, &kp, &kt) != DLRF_OK)
            return fail(cmd, "out of memory");
        int *names = malloc((size_t)kt * sizeof(int)), *sorted = malloc(n * sizeof(int));
        if (names && sorted) { /* the classes in increasing order, as the columns are */
            memcpy(sorted, truth, n * sizeof(int));
            int k = dlrf_labels_compact(truth, n, sorted);
            for (size_t i = 0; i < n && k == kt; i++)
                names[sorted[i]] = truth[i];
        }
        snprintf(title, sizeof title, "layer %d: clusters against classes", l);
        dlrf_status st = dlrf_plot_confusion(file(p, "confusion", l, path, sizeof path), counts, kp,
                                             kt, names, title, err, sizeof err);
        free(counts), free(names), free(sorted);
        if (st != DLRF_OK) return fail(cmd, err);
    }
    return 0;
}

int plots_accuracy(const plots_config *p, const char *cmd, const dlrf_protocol_result *pr, int k,
                   const char *method) {
    if (!p->dir || plots_ready(p, cmd)) return p->dir ? -1 : 0;
    int L = pr->n_out;
    double *x = malloc((size_t)L * sizeof(double)), *a = malloc((size_t)L * 4 * sizeof(double));
    int rc = x && a ? 0 : fail(cmd, "out of memory");
    for (int l = 0; rc == 0 && l < L; l++) {
        x[l] = l + 1;
        a[l] = 100 * pr->acc_mean[l], a[L + l] = 100 * pr->acc_std[l];
        a[2 * L + l] = 100 * pr->nmi_mean[l], a[3 * L + l] = 100 * pr->nmi_std[l];
    }
    dlrf_series s[2] = {{"AC", x, a, a + L, (size_t)L},
                        {"NMI", x, a + 2 * L, a + 3 * L, (size_t)L}};
    char title[160], path[4400], err[1024];
    snprintf(title, sizeof title, "%s: %d trials of %d classes (mean +- sd)", method, pr->trials,
             k);
    dlrf_lineplot_opts o = {title, "layers", "%", 0, 0, 720, 480, 0};
    if (rc == 0 && dlrf_plot_lines(file(p, "accuracy", 0, path, sizeof path), s, 2, &o, NULL, err,
                                   sizeof err) != DLRF_OK)
        rc = fail(cmd, err);
    free(x), free(a);
    return rc;
}
