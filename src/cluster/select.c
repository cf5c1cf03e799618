/* Label-free lambda, layer by layer (include/dlrf/select.h). */
#include <math.h>
#include <stdlib.h>

#include "core/core.h"
#include "dlrf/select.h"

static const double default_grid[] = {1e-4, 1e-2, 1.0, 1e2, 1e4};

int dlrf_lambda_grid_default(const double **grid) {
    *grid = default_grid;
    return (int)(sizeof default_grid / sizeof default_grid[0]);
}

static dlrf_status check_args(const dlrf_mat *X, int k, const double *grid, int n_grid, char *err,
                              size_t errlen) {
    if (k < 2 || (size_t)k > X->cols) {
        dlrf_set_err(err, errlen, "choosing lambda needs 2 <= k <= %zu clusters, not %d", X->cols,
                     k);
        return DLRF_EINVAL;
    }
    if (!grid || n_grid < 1) {
        dlrf_set_err(err, errlen, "the lambda grid is empty");
        return DLRF_EINVAL;
    }
    for (int g = 0; g < n_grid; g++)
        if (!(grid[g] > 0.0) || !isfinite(grid[g])) {
            dlrf_set_err(err, errlen, "lambda grid value %g is not a positive number", grid[g]);
            return DLRF_EINVAL;
        }
    return DLRF_OK;
}

/* The score of Z = F G; -1 when its affinity cannot be clustered (a Z with no
 * off-diagonal mass, e.g. all of X taken as error), which never wins. */
static dlrf_status score_of(dlrf_spectral *s, const dlrf_mat *F, const dlrf_mat *G, double *score,
                            char *err, size_t errlen) {
    dlrf_status st = dlrf_spectral_run(s, F, G);
    *score = -1.0;
    if (st == DLRF_EINVAL) return DLRF_OK;
    if (st != DLRF_OK) {
        dlrf_set_err(err, errlen, "%s", dlrf_spectral_errmsg(s));
        return st;
    }
    *score = dlrf_block_diag_score_offdiag(F, G, dlrf_spectral_labels(s));
    return *score < 0.0 ? DLRF_ENOMEM : DLRF_OK;
}

/* Layer l of a network at its current lambdas: fit it, score Z_1...Z_l. */
static dlrf_status net_try(dlrf_net *net, const dlrf_mat *X, int l, dlrf_spectral *s, double *score,
                           dlrf_status *fit_st, char *err, size_t errlen) {
    *fit_st = dlrf_net_run_layers(net, X, l, l);
    if (*fit_st != DLRF_OK && *fit_st != DLRF_ENOCONV) {
        dlrf_set_err(err, errlen, "%s", dlrf_net_errmsg(net));
        return *fit_st;
    }
    dlrf_mat F = dlrf_net_z_left(net, 1), G = dlrf_net_z_right(net, 1), *pf = NULL, *pg = NULL;
    if (l > 1) {
        if (dlrf_net_z_product(net, l, &pf, &pg) != DLRF_OK) {
            dlrf_set_err(err, errlen, "out of memory forming Z_1...Z_%d", l);
            return DLRF_ENOMEM;
        }
        F = *pf, G = *pg;
    }
    dlrf_status st = score_of(s, &F, &G, score, err, errlen);
    dlrf_mat_free(pf);
    dlrf_mat_free(pg);
    return st;
}

static dlrf_status no_winner(int layer, char *err, size_t errlen) {
    dlrf_set_err(err, errlen,
                 "layer %d: no lambda of the grid gave a Z whose affinity can be clustered", layer);
    return DLRF_EINVAL;
}

dlrf_status dlrf_net_select_lambdas(dlrf_net *net, const dlrf_mat *X, int k, const double *grid,
                                    int n_grid, const dlrf_cluster_opts *copts, double *chosen,
                                    double *scores, char *err, size_t errlen) {
    dlrf_status st = check_args(X, k, grid, n_grid, err, errlen), worst = DLRF_OK;
    if (st != DLRF_OK) return st;
    int L = dlrf_net_layers(net);
    double *lam = malloc((size_t)L * sizeof(double));
    dlrf_spectral *s = dlrf_spectral_new(k);
    if (!lam || !s) st = DLRF_ENOMEM;
    if (s && copts) dlrf_spectral_set_opts(s, copts);
    for (int l = 0; st == DLRF_OK && l < L; l++)
        lam[l] = dlrf_net_lambda(net, l + 1);
    for (int l = 1; st == DLRF_OK && l <= L; l++) {
        int best = -1;
        double top = -1.0, sc = -1.0;
        dlrf_status fit_st = DLRF_OK, best_st = DLRF_OK;
        for (int g = 0; st == DLRF_OK && g < n_grid; g++) {
            lam[l - 1] = grid[g];
            dlrf_net_set_lambdas(net, lam, L);
            st = net_try(net, X, l, s, &sc, &fit_st, err, errlen);
            if (scores) scores[(size_t)(l - 1) * (size_t)n_grid + (size_t)g] = sc;
            if (st == DLRF_OK && sc > top) top = sc, best = g, best_st = fit_st;
        }
        if (st != DLRF_OK) break;
        if (best < 0) {
            st = no_winner(l, err, errlen);
            break;
        }
        lam[l - 1] = chosen[l - 1] = grid[best];
        dlrf_net_set_lambdas(net, lam, L);
        if (best != n_grid - 1) { /* refit the winner: the net holds the last try */
            best_st = dlrf_net_run_layers(net, X, l, l);
            if (best_st != DLRF_OK && best_st != DLRF_ENOCONV) {
                dlrf_set_err(err, errlen, "%s", dlrf_net_errmsg(net));
                st = best_st;
            }
        }
        if (best_st == DLRF_ENOCONV) worst = DLRF_ENOCONV;
    }
    free(lam);
    dlrf_spectral_free(s);
    return st == DLRF_OK ? worst : st;
}

dlrf_status dlrf_layer_select_lambda(dlrf_layer *layer, const dlrf_mat *X, int k,
                                     const double *grid, int n_grid, const dlrf_cluster_opts *copts,
                                     double *chosen, double *scores, char *err, size_t errlen) {
    dlrf_status st = check_args(X, k, grid, n_grid, err, errlen), fit_st = DLRF_OK,
                best_st = DLRF_OK;
    if (st != DLRF_OK) return st;
    dlrf_spectral *s = dlrf_spectral_new(k);
    if (!s) return DLRF_ENOMEM;
    if (copts) dlrf_spectral_set_opts(s, copts);
    int best = -1;
    double top = -1.0, sc = -1.0;
    for (int g = 0; st == DLRF_OK && g < n_grid; g++) {
        dlrf_layer_set_lambda(layer, grid[g]);
        fit_st = dlrf_layer_run(layer, X);
        if (fit_st != DLRF_OK && fit_st != DLRF_ENOCONV) {
            dlrf_set_err(err, errlen, "%s", dlrf_layer_errmsg(layer));
            st = fit_st;
            break;
        }
        dlrf_mat F = dlrf_layer_v(layer), G = dlrf_layer_c(layer);
        st = score_of(s, &F, &G, &sc, err, errlen);
        if (scores) scores[g] = sc;
        if (st == DLRF_OK && sc > top) top = sc, best = g, best_st = fit_st;
    }
    dlrf_spectral_free(s);
    if (st != DLRF_OK) return st;
    if (best < 0) return no_winner(1, err, errlen);
    *chosen = grid[best];
    dlrf_layer_set_lambda(layer, grid[best]);
    if (best != n_grid - 1) {
        best_st = dlrf_layer_run(layer, X);
        if (best_st != DLRF_OK && best_st != DLRF_ENOCONV) {
            dlrf_set_err(err, errlen, "%s", dlrf_layer_errmsg(layer));
            return best_st;
        }
    }
    return best_st;
}
