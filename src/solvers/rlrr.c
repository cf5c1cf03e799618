/* rLRR, Laplacian-regularised LatLRR — a reconstruction (docs/BASELINES.md
 * section 6), since the paper's text is not available:
 *   min ||Z||_* + ||L||_* + alpha/2 [tr(AZ L_G Z^T A^T) + tr(LA L_G A^T L^T)]
 *       + lambda ||E||_1   s.t.  A = AZ + LA + E,
 * L_G the Laplacian of the 0/1 kNN graph of the samples. LatLRR's inexact ALM
 * in the factored coordinates Z = V C, L = K U^T (docs/METHOD.md section 4);
 * the graph terms turn its diagonal C- and K-steps into
 *   (S^2 + I) C + (alpha/mu) S^2 C L_G = S U^T B + J - Y2/mu      (Sylvester)
 *   K [(I + S^2) + (alpha/mu) M] = (A - USC - E + Y/mu) V S + G - Y3/mu,
 * M = S V^T L_G V S, solved from eigendecompositions made once per solve:
 * L_G = P diag(gamma) P^T and T^-1 M T^-1 = Q diag(theta) Q^T, T^2 = I + S^2.
 * The C-step costs O(r N^2) per iteration and P is N x N. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>

#include "solvers/solver.h"

typedef struct {
    dlrf_mat *CS, *KS, *P, *Q;
    double *gamma, *theta, *tinv;
} rlrr_ws;

static void ws_free(rlrr_ws *w) {
    dlrf_mat_free(w->CS), dlrf_mat_free(w->KS), dlrf_mat_free(w->P), dlrf_mat_free(w->Q);
    free(w->gamma), free(w->theta), free(w->tinv);
}

static dlrf_status ws_alloc(rlrr_ws *w, const dlrf_layer *s) {
    size_t n = s->n, N = s->N, r = s->r;
    *w = (rlrr_ws){0};
    w->CS = dlrf_mat_new(r, N), w->KS = dlrf_mat_new(n, r), w->P = dlrf_mat_new(N, N);
    w->Q = dlrf_mat_new(r, r);
    w->gamma = malloc(N * sizeof(double)), w->theta = malloc(r * sizeof(double));
    w->tinv = malloc(r * sizeof(double));
    return w->CS && w->KS && w->P && w->Q && w->gamma && w->theta && w->tinv ? DLRF_OK
                                                                             : DLRF_ENOMEM;
}

/* L_G = P diag(gamma) P^T; T^-1 M T^-1 = Q diag(theta) Q^T. */
static dlrf_status ws_factor(rlrr_ws *w, const dlrf_layer *s) {
    size_t N = s->N, r = s->r;
    const double *sg = s->sigma->data;
    dlrf_status st = dlrf_knn_laplacian(s->A, s->opts.graph_k, w->P);
    if (st != DLRF_OK) return st;
    if (LAPACKE_dsyev(LAPACK_COL_MAJOR, 'V', 'U', (int)N, w->P->data, (int)w->P->ld, w->gamma))
        return DLRF_ELAPACK;
    dlrf_mat *PV = dlrf_mat_new(N, r);
    if (!PV) return DLRF_ENOMEM;
    dlrf_gemm('T', 'N', 1.0, w->P, s->V, 0.0, PV); /* P^T V */
    for (size_t i = 0; i < r; i++) {
        w->tinv[i] = 1.0 / sqrt(1.0 + sg[i] * sg[i]);
        for (size_t j = 0; j <= i; j++) { /* (V^T L_G V)_ij, then S . S and T^-1 . T^-1 */
            double v = 0.0;
            for (size_t q = 0; q < N; q++)
                v += DLRF_AT(PV, q, i) * w->gamma[q] * DLRF_AT(PV, q, j);
            DLRF_AT(w->Q, i, j) = DLRF_AT(w->Q, j, i) = v * sg[i] * sg[j];
        }
    }
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < r; j++)
            DLRF_AT(w->Q, i, j) *= w->tinv[i] * w->tinv[j];
    dlrf_mat_free(PV);
    if (LAPACKE_dsyev(LAPACK_COL_MAJOR, 'V', 'U', (int)r, w->Q->data, (int)w->Q->ld, w->theta))
        return DLRF_ELAPACK;
    for (size_t i = 0; i < r; i++) /* M is positive semidefinite: rounding only */
        w->theta[i] = w->theta[i] > 0.0 ? w->theta[i] : 0.0;
    return DLRF_OK;
}

double dlrf_sylvester_c(const double *sig, const dlrf_mat *P, const double *gamma, double a,
                        const dlrf_mat *R, dlrf_mat *C, dlrf_mat *scratch) {
    double tr = 0.0;
    dlrf_gemm('N', 'N', 1.0, R, P, 0.0, scratch); /* in the eigenbasis of L_G */
    for (size_t j = 0; j < scratch->cols; j++)
        for (size_t i = 0; i < scratch->rows; i++) {
            double s2 = sig[i] * sig[i],
                   c = DLRF_AT(scratch, i, j) / (1.0 + s2 + a * s2 * gamma[j]);
            DLRF_AT(scratch, i, j) = c;
            tr += s2 * c * c * gamma[j];
        }
    dlrf_gemm('N', 'T', 1.0, scratch, P, 0.0, C);
    return tr;
}

/* TJ = S C + J - Y2/mu (C holding U^T B), then the Sylvester step; *extra
 * = alpha/2 tr(S C L_G C^T S). */
static dlrf_status c_step(dlrf_layer *s, dlrf_nuclear_ws *nw, void *ctx, double mu, double *extra) {
    rlrr_ws *w = ctx;
    const double *sg = s->sigma->data;
    dlrf_step_rhs(nw->TJ, sg, 0, s->C, nw->J, nw->Y2, mu);
    double tr = dlrf_sylvester_c(sg, w->P, w->gamma, s->opts.alpha / mu, nw->TJ, s->C, w->CS);
    *extra = 0.5 * s->opts.alpha * tr;
    return DLRF_OK;
}

/* K = (K S + G - Y3/mu) T^-1 Q diag(1/(1 + (alpha/mu) theta)) Q^T T^-1 (K holding
 * the k_rhs); *extra = alpha/2 tr(K M K^T). */
static dlrf_status k_step(dlrf_layer *s, dlrf_nuclear_ws *nw, void *ctx, double mu, double *extra) {
    rlrr_ws *w = ctx;
    const double *sg = s->sigma->data;
    size_t n = s->n, r = s->r;
    dlrf_step_rhs(nw->TG, sg, 1, s->K, nw->G, nw->Y3, mu);
    dlrf_scale_cols(nw->TG, w->tinv);
    dlrf_gemm('N', 'N', 1.0, nw->TG, w->Q, 0.0, w->KS);
    double tr = 0.0;
    for (size_t j = 0; j < r; j++) {
        double f = 1.0 / (1.0 + s->opts.alpha / mu * w->theta[j]), q = 0.0;
        for (size_t i = 0; i < n; i++) {
            DLRF_AT(w->KS, i, j) *= f;
            q += DLRF_AT(w->KS, i, j) * DLRF_AT(w->KS, i, j);
        }
        tr += q * w->theta[j]; /* K T Q = KS: tr(K M K^T) = sum theta_j ||KS_j||^2 */
    }
    dlrf_gemm('N', 'T', 1.0, w->KS, w->Q, 0.0, s->K);
    dlrf_scale_cols(s->K, w->tinv);
    *extra = 0.5 * s->opts.alpha * tr;
    return DLRF_OK;
}

/* Synthetic subspaces: block-diagonality 0.997 at 0.1, 0.71 at 1, 0.97 at 0. */
#define RLRR_ALPHA 0.1

static dlrf_status iterate(dlrf_layer *s) {
    if (s->opts.alpha < 0.0) s->opts.alpha = RLRR_ALPHA;
    rlrr_ws w;
    dlrf_status st = ws_alloc(&w, s);
    if (st == DLRF_OK) st = ws_factor(&w, s);
    if (st == DLRF_OK) {
        const dlrf_nuclear_steps steps = {c_step, k_step, &w};
        st = dlrf_nuclear_alm(s, &steps);
    }
    ws_free(&w);
    return st;
}

const dlrf_layer_impl dlrf_impl_rlrr = {DLRF_RLRR, "rlrr", 1, DLRF_LAMBDA_AUTO, iterate};
