/* Robust PCA by the inexact ALM of Lin, Chen and Ma (2009), Algorithm 5:
 * E = shrink_{lambda/mu}(X - A + Y/mu), A = SVT_{1/mu}(X - E + Y/mu),
 * Y += mu (X - A - E), mu <- min(rho mu, 1e7 mu0). */
#include <cblas.h>
#include <math.h>

#include "core/core.h"
#include "dlrf/robust.h"
#include "linalg/linalg.h"

void dlrf_rpca_opts_default(dlrf_rpca_opts *o) {
    o->lambda = 0.0;
    o->tol = 1e-7;
    o->rho = 1.5;
    o->max_iter = 1000;
}

/* ||X||_2 by power iteration on the Gram matrix in ws (k x k, filled here). */
static double spectral_norm(dlrf_svt_ws *ws, const dlrf_mat *X) {
    size_t k = ws->k;
    dlrf_syrk(X->rows <= X->cols ? 'N' : 'T', 1.0, X, 0.0, ws->gram);
    double *v = ws->eig.w, *u = ws->eig.d, lam = 0.0; /* k-long scratch */
    for (size_t i = 0; i < k; i++)
        v[i] = 1.0 / sqrt((double)k) * (1.0 + 0.01 * (double)(i % 7)); /* not orthogonal to u1 */
    for (int it = 0; it < 200; it++) {
        cblas_dsymv(CblasColMajor, CblasUpper, (int)k, 1.0, ws->gram->data, (int)ws->gram->ld, v, 1,
                    0.0, u, 1);
        double nrm = cblas_dnrm2((int)k, u, 1);
        if (!(nrm > 0.0)) return 0.0;
        for (size_t i = 0; i < k; i++)
            v[i] = u[i] / nrm;
        if (fabs(nrm - lam) <= 1e-12 * nrm) return sqrt(nrm);
        lam = nrm;
    }
    return sqrt(lam);
}

/* E = shrink(X - A + Y/mu, lambda/mu); T = X - E + Y/mu. */
static void sparse_step(const dlrf_mat *X, const dlrf_mat *A, const dlrf_mat *Y, double mu,
                        double lambda, dlrf_mat *E, dlrf_mat *T) {
    for (size_t j = 0; j < X->cols; j++)
        for (size_t i = 0; i < X->rows; i++) {
            double x = DLRF_AT(X, i, j), y = DLRF_AT(Y, i, j) / mu;
            double e = dlrf_shrink(x - DLRF_AT(A, i, j) + y, lambda / mu);
            DLRF_AT(E, i, j) = e;
            DLRF_AT(T, i, j) = x - e + y;
        }
}

/* Y += mu (X - A - E); returns ||X - A - E||_F. */
static double dual_step(const dlrf_mat *X, const dlrf_mat *A, const dlrf_mat *E, dlrf_mat *Y,
                        double mu) {
    double sq = 0.0;
    for (size_t j = 0; j < X->cols; j++)
        for (size_t i = 0; i < X->rows; i++) {
            double r = DLRF_AT(X, i, j) - DLRF_AT(A, i, j) - DLRF_AT(E, i, j);
            DLRF_AT(Y, i, j) += mu * r;
            sq += r * r;
        }
    return sqrt(sq);
}

dlrf_status dlrf_rpca(const dlrf_mat *X, const dlrf_rpca_opts *o, dlrf_mat *A, dlrf_mat *E,
                      int *iters, char *err, size_t errlen) {
    size_t n = X->rows, N = X->cols;
    if (iters) *iters = 0;
    if (n < 1 || N < 1 || A->rows != n || A->cols != N || E->rows != n || E->cols != N ||
        !(o->tol > 0.0) || !(o->rho >= 1.0) || o->max_iter < 1 || !(o->lambda >= 0.0)) {
        dlrf_set_err(err, errlen, "rpca: bad sizes or options");
        return DLRF_EINVAL;
    }
    double lambda = o->lambda > 0.0 ? o->lambda : 1.0 / sqrt((double)(n > N ? n : N));
    dlrf_svt_ws ws;
    dlrf_mat *Y = dlrf_mat_new(n, N), *T = dlrf_mat_new(n, N);
    dlrf_status st = Y && T ? dlrf_svt_ws_init(&ws, n, N) : DLRF_ENOMEM;
    if (st != DLRF_OK) {
        dlrf_mat_free(Y), dlrf_mat_free(T);
        dlrf_set_err(err, errlen, "rpca: out of memory for a %zu x %zu input", n, N);
        return st;
    }
    double norm2 = spectral_norm(&ws, X), fro = dlrf_mat_norm_fro(X);
    double dual0 = fmax(norm2, dlrf_mat_norm_inf(X) / lambda);
    dlrf_mat_copy(Y, X); /* Y0 = X / max(||X||_2, ||X||_inf / lambda) */
    dlrf_mat_scale(Y, dual0 > 0.0 ? 1.0 / dual0 : 0.0);
    dlrf_mat_fill(A, 0.0);
    double mu = norm2 > 0.0 ? 1.25 / norm2 : 1.0, mu_bar = mu * 1e7;
    int it = 0, done = fro == 0.0;
    if (done) dlrf_mat_fill(E, 0.0);
    while (!done && st == DLRF_OK && it < o->max_iter) {
        it++;
        sparse_step(X, A, Y, mu, lambda, E, T);
        st = dlrf_svt(&ws, T, 1.0 / mu, A, NULL, NULL);
        if (st != DLRF_OK) break;
        done = dual_step(X, A, E, Y, mu) <= o->tol * fro;
        mu = fmin(mu * o->rho, mu_bar);
    }
    dlrf_svt_ws_free(&ws);
    dlrf_mat_free(Y), dlrf_mat_free(T);
    if (iters) *iters = it;
    if (st != DLRF_OK) {
        dlrf_set_err(err, errlen, "rpca: %s", dlrf_status_str(st));
        return st;
    }
    return done ? DLRF_OK : DLRF_ENOCONV;
}
