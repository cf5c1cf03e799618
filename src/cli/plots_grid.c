/* --plots on denoise: the paper's Fig. 4, samples and their recovered
 * principal features layer by layer. Also the Z factors fit draws. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/plots.h"

#define GRID_MAX_ROWS 40
#define GRID_MAX_SAMPLES 16

int plots_layer_z(const void *ctx, const fit_result *r, int l, dlrf_mat *F, dlrf_mat *G,
                  dlrf_mat **of, dlrf_mat **og, const char **what) {
    (void)ctx;
    *of = *og = NULL;
    *what = r->net ? "fused Z_l" : "Z";
    *F = r->net ? dlrf_net_z_left(r->net, l) : dlrf_layer_v(r->layer);
    *G = r->net ? dlrf_net_z_right(r->net, l) : dlrf_layer_c(r->layer);
    return 0;
}

/* --plot-samples, else the first sample of each class (up to 8), else 8
 * samples evenly spaced. The count, or -1 after an error. */
static int choose_samples(const char *list, const cli_dataset *d, const char *cmd, size_t *out) {
    size_t N = d->X->cols;
    int n = 0;
    if (list) {
        const char *s = list;
        while (*s && n < GRID_MAX_SAMPLES) {
            char *end;
            long v = strtol(s, &end, 10);
            if (end == s || (*end && *end != ',') || v < 0 || (size_t)v >= N) {
                cli_error(cmd, "--plot-samples: '%s' is not a list of sample numbers 0..%zu", list,
                          N - 1);
                return -1;
            }
            out[n++] = (size_t)v;
            s = *end ? end + 1 : end;
        }
        return n;
    }
    for (size_t j = 0; j < N && n < 8 && d->labels; j++) {
        int seen = 0;
        for (int q = 0; q < n; q++)
            seen |= d->labels[out[q]] == d->labels[j];
        if (!seen) out[n++] = j;
    }
    if (n > 1) return n;
    n = (int)(N < 8 ? N : 8);
    for (int q = 0; q < n; q++)
        out[q] = (size_t)q * N / (size_t)n;
    return n;
}

int plots_grid_rows(const cli_dataset *d, const grid_row *extra, int n_extra,
                    const char *samples_list, const char *title, int zoom, const char *path,
                    const char *cmd) {
    if (!d->img_h) {
        cli_error(cmd, "%s: the samples' image shape is unknown; pass --image-shape HxW", d->input);
        return -1;
    }
    size_t samples[GRID_MAX_SAMPLES];
    int ns = choose_samples(samples_list, d, cmd, samples), n = 0;
    if (ns < 0) return -1;
    const dlrf_mat *rows[GRID_MAX_ROWS];
    char names[2][48];
    const char *np[GRID_MAX_ROWS];
    if (d->X_clean) snprintf(names[n], 48, "original"), np[n] = names[n], rows[n++] = d->X_clean;
    snprintf(names[n], 48, d->X_clean || d->noise_var > 0 ? "noisy (var %g)" : "input",
             d->noise_var);
    np[n] = names[n], rows[n++] = d->X;
    for (int q = 0; q < n_extra && n < GRID_MAX_ROWS; q++)
        np[n] = extra[q].name, rows[n++] = extra[q].m;
    char err[1024];
    dlrf_grid_opts o = {d->img_h, d->img_w, d->img_colmajor, zoom, title};
    if (dlrf_plot_grid(path, rows, np, n, samples, ns, &o, err, sizeof err) != DLRF_OK) {
        cli_error(cmd, "%s", err);
        return -1;
    }
    return 0;
}

/* S = L X of a single-layer model (new; NULL for LRR or without memory). */
static dlrf_mat *single_s(const fit_result *r, const dlrf_mat *X) {
    if (!dlrf_model_is_latent(dlrf_layer_model(r->layer))) return NULL;
    dlrf_mat *L = dlrf_layer_l_materialise(r->layer), *S = dlrf_mat_new(X->rows, X->cols);
    if (L && S) dlrf_gemm('N', 'N', 1.0, L, X, 0.0, S);
    dlrf_mat_free(L);
    return S;
}

/* P_l of every layer, then with --plot-salient S_l and E_l. */
static int feature_rows(const plots_config *p, const fit_result *r, const dlrf_mat *X,
                        grid_row *rows, dlrf_mat **own, dlrf_mat *views) {
    int layers = r->net ? dlrf_net_layers(r->net) : 1, n = 0;
    const char *kinds[3] = {"P", "S", "E"};
    for (int kind = 0; kind < (p->salient ? 3 : 1); kind++)
        for (int l = 1; l <= layers && n < GRID_MAX_ROWS - 2; l++) {
            dlrf_mat *m = &views[n];
            if (kind == 2)
                *m = dlrf_layer_e(r->net ? dlrf_net_solver(r->net, l, 1) : r->layer);
            else if (r->net)
                *m = kind ? dlrf_net_s(r->net, l) : dlrf_net_p(r->net, l);
            else if (!(m = own[kind] = kind ? single_s(r, X) : dlrf_mat_new(X->rows, X->cols)))
                continue; /* LRR has no S */
            else if (kind == 0 && dlrf_layer_apply_z(r->layer, X, m) != DLRF_OK)
                return -1;
            rows[n].m = m;
            snprintf(rows[n++].name, sizeof rows[0].name, "%s_%d (layer %d)", kinds[kind], l, l);
        }
    return n;
}

int plots_grid(const plots_config *p, const fit_config *c, const fit_result *r,
               const cli_dataset *d) {
    if (!p->dir) return 0;
    if (plots_ready(p, c->cmd)) return -1;
    grid_row rows[GRID_MAX_ROWS];
    dlrf_mat views[GRID_MAX_ROWS], *own[2] = {NULL, NULL};
    int n = feature_rows(p, r, d->X, rows, own, views), rc = -1;
    char title[160], path[4400];
    snprintf(title, sizeof title, "%s: samples and recovered %sfeatures", fit_method_name(c),
             p->salient ? "" : "principal ");
    snprintf(path, sizeof path, "%s/images.%s", p->dir, p->ext);
    if (n < 0)
        cli_error(c->cmd, "out of memory");
    else
        rc = plots_grid_rows(d, rows, n, p->samples, title, 0, path, c->cmd);
    dlrf_mat_free(own[0]), dlrf_mat_free(own[1]);
    return rc;
}
