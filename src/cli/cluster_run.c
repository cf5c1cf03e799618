/* Clustering the layers of a fitted method. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>
#include <math.h>

#include "cli/cluster.h"
#include "core/core.h"

int cluster_defaults(cluster_config *c, const char *cmd, const char *method, int layers) {
    static const cli_opt opts[] = {{"method", "NAME", ""}, {"layers", "M", ""}};
    char depth[16];
    snprintf(depth, sizeof depth, "%d", layers);
    const char *values[2] = {method, depth};
    cli_spec sp = {cmd, "", "", opts, 2, values};
    memset(c, 0, sizeof *c);
    if (!strcmp(method, "lrr") || !strcmp(method, "latlrr") || !strcmp(method, "fllrr") ||
        !strcmp(method, "rlatlrr") || !strcmp(method, "rlrr") || !strcmp(method, "salatlrr") ||
        !strcmp(method, "plrsc"))
        values[1] = NULL; /* single-layer methods take their one layer */
    if (fit_config_read(&sp, &c->fit)) return -1;
    c->fit.opts.rho = CLUSTER_RHO;
    c->fit.quiet = 1;
    dlrf_cluster_opts_default(&c->copts);
    c->trials = 1;
    c->product = 1;
    return 0;
}

int cluster_layer_factors(const void *ctx, const fit_result *r, int l, dlrf_mat *F, dlrf_mat *G,
                          dlrf_mat **owned_f, dlrf_mat **owned_g, const char **what) {
    const cluster_config *c = ctx;
    *owned_f = *owned_g = NULL;
    if (!r->net) {
        *what = "Z";
        *F = dlrf_layer_v(r->layer);
        *G = dlrf_layer_c(r->layer);
        return 0;
    }
    if (!c->product || l == 1) {
        *what = "fused Z_l";
        *F = dlrf_net_z_left(r->net, l);
        *G = dlrf_net_z_right(r->net, l);
        return 0;
    }
    *what = "Z_1...Z_l";
    if (dlrf_net_z_product(r->net, l, owned_f, owned_g) != DLRF_OK) return -1;
    *F = **owned_f;
    *G = **owned_g;
    return 0;
}

/* The columns of Z = F G as the rows of an N x k matrix with the same
 * distances: (Lam^1/2 Q^T G)^T, where F^T F = Q Lam Q^T (k = F's columns). */
static dlrf_mat *z_points(const dlrf_mat *F, const dlrf_mat *G) {
    size_t k = F->cols, N = G->cols;
    dlrf_mat *FF = dlrf_mat_new(k, k), *T = dlrf_mat_new(k, N), *P = dlrf_mat_new(N, k);
    double *ev = malloc(k * sizeof(double));
    int ok = FF && T && P && ev;
    if (ok) {
        dlrf_gemm('T', 'N', 1.0, F, F, 0.0, FF);
        ok = LAPACKE_dsyev(LAPACK_COL_MAJOR, 'V', 'U', (int)k, FF->data, (int)FF->ld, ev) == 0;
    }
    if (ok) {
        dlrf_gemm('T', 'N', 1.0, FF, G, 0.0, T);
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < k; i++)
                DLRF_AT(P, j, i) = sqrt(ev[i] > 0.0 ? ev[i] : 0.0) * DLRF_AT(T, i, j);
    }
    dlrf_mat_free(FF), dlrf_mat_free(T), free(ev);
    if (!ok) dlrf_mat_free(P);
    return ok ? P : NULL;
}

/* --cluster lsc on one layer's Z = F G. */
static int lsc_layer(const cluster_config *c, const dlrf_mat *F, const dlrf_mat *G, int k,
                     int *pred, char *err, size_t errlen) {
    dlrf_mat *P = z_points(F, G);
    if (!P) {
        snprintf(err, errlen, "out of memory (or dsyev failed) forming the columns of Z");
        return -1;
    }
    dlrf_status st = dlrf_lsc(P, k, &c->lopts, pred, err, errlen);
    dlrf_mat_free(P);
    return st == DLRF_OK ? 0 : -1;
}

int cluster_layers(const cluster_config *c, const fit_result *r, int k, int *pred,
                   cluster_stats *st, char *err, size_t errlen) {
    int layers = r->net ? dlrf_net_layers(r->net) : 1;
    if (r->plrsc) { /* it clusters itself */
        dlrf_mat codes = dlrf_plrsc_codes(r->plrsc);
        memcpy(pred, dlrf_plrsc_labels(r->plrsc), codes.cols * sizeof(int));
        return 0;
    }
    dlrf_spectral *s = dlrf_spectral_new(k);
    if (!s) {
        snprintf(err, errlen, "cannot cluster into k = %d groups", k);
        return -1;
    }
    dlrf_spectral_set_opts(s, &c->copts);
    int rc = 0;
    for (int l = 1; l <= layers && rc == 0; l++) {
        dlrf_mat F, G, *of, *og;
        const char *what;
        double t0 = dlrf_now();
        if (cluster_layer_factors(c, r, l, &F, &G, &of, &og, &what)) {
            snprintf(err, errlen, "out of memory forming Z_1...Z_%d", l);
            rc = -1;
        } else if (c->lsc) {
            rc = lsc_layer(c, &F, &G, k, pred + (size_t)(l - 1) * G.cols, err, errlen);
        } else if (dlrf_spectral_run(s, &F, &G) != DLRF_OK) {
            snprintf(err, errlen, "layer %d: %s", l, dlrf_spectral_errmsg(s));
            rc = -1;
        } else {
            size_t n = dlrf_spectral_n(s);
            memcpy(pred + (size_t)(l - 1) * n, dlrf_spectral_labels(s), n * sizeof(int));
            st->used_arpack |= dlrf_spectral_used_arpack(s);
            st->rank = dlrf_spectral_rank(s);
            st->isolated = dlrf_spectral_isolated(s);
        }
        st->cluster_s += dlrf_now() - t0;
        dlrf_mat_free(of);
        dlrf_mat_free(og);
    }
    dlrf_spectral_free(s);
    return rc;
}

int cluster_method(const dlrf_mat *X, int k, int *pred, void *ctx, char *err, size_t errlen) {
    cluster_ctx *cx = ctx;
    cli_progress prog = {0};
    fit_result_free(&cx->last);
    double t0 = dlrf_now();
    if (fit_run_k(&cx->c->fit, X, k, &prog, &cx->last)) {
        snprintf(err, errlen, "the fit failed (see above)");
        return -1;
    }
    cx->stats.fit_s += dlrf_now() - t0;
    if (cluster_layers(cx->c, &cx->last, k, pred, &cx->stats, err, errlen)) return -1;
    int layers = cx->last.net ? dlrf_net_layers(cx->last.net) : 1;
    size_t bytes = (size_t)layers * X->cols * sizeof(int);
    int *keep = realloc(cx->last_pred, bytes);
    if (keep) memcpy(keep, pred, bytes); /* for the pictures: not fatal when missing */
    cx->last_pred = keep;
    return 0;
}
