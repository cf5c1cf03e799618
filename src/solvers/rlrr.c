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
    dlrf_mat *J, *Y2, *TJ, *G, *Y3, *TG, *CS, *KS, *P, *Q;
    double *gamma, *theta, *tinv;
    dlrf_svt_ws svt_c, svt_k;
} rlrr_ws;

static void ws_free(rlrr_ws *w) {
    dlrf_mat *m[] = {w->J, w->Y2, w->TJ, w->G, w->Y3, w->TG, w->CS, w->KS, w->P, w->Q};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        dlrf_mat_free(m[i]);
    free(w->gamma), free(w->theta), free(w->tinv);
    dlrf_svt_ws_free(&w->svt_c);
    dlrf_svt_ws_free(&w->svt_k);
}

static dlrf_status ws_alloc(rlrr_ws *w, const dlrf_layer *s) {
    size_t n = s->n, N = s->N, r = s->r;
    *w = (rlrr_ws){0};
    w->J = dlrf_mat_new(r, N), w->Y2 = dlrf_mat_new(r, N), w->TJ = dlrf_mat_new(r, N);
    w->CS = dlrf_mat_new(r, N), w->G = dlrf_mat_new(n, r), w->Y3 = dlrf_mat_new(n, r);
    w->TG = dlrf_mat_new(n, r), w->KS = dlrf_mat_new(n, r), w->P = dlrf_mat_new(N, N);
    w->Q = dlrf_mat_new(r, r);
    w->gamma = malloc(N * sizeof(double)), w->theta = malloc(r * sizeof(double));
    w->tinv = malloc(r * sizeof(double));
    if (!w->J || !w->Y2 || !w->TJ || !w->CS || !w->G || !w->Y3 || !w->TG || !w->KS || !w->P ||
        !w->Q || !w->gamma || !w->theta || !w->tinv)
        return DLRF_ENOMEM;
    dlrf_status st = dlrf_svt_ws_init(&w->svt_c, r, N);
    return st == DLRF_OK ? dlrf_svt_ws_init(&w->svt_k, n, r) : st;
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

/* TJ = S C + J - Y2/mu (C holding U^T B), then the Sylvester step. */
static double c_step(dlrf_layer *s, rlrr_ws *w, double mu) {
    const double *sg = s->sigma->data;
    for (size_t j = 0; j < s->N; j++)
        for (size_t i = 0; i < s->r; i++)
            DLRF_AT(w->TJ, i, j) =
                sg[i] * DLRF_AT(s->C, i, j) + DLRF_AT(w->J, i, j) - DLRF_AT(w->Y2, i, j) / mu;
    return dlrf_sylvester_c(sg, w->P, w->gamma, s->opts.alpha / mu, w->TJ, s->C, w->CS);
}

/* K = (K S + G - Y3/mu) T^-1 Q diag(1/(1 + (alpha/mu) theta)) Q^T T^-1 (K holding
 * the k_rhs); returns tr(K M K^T). */
static double k_step(dlrf_layer *s, rlrr_ws *w, double mu) {
    const double *sg = s->sigma->data;
    size_t n = s->n, r = s->r;
    for (size_t j = 0; j < r; j++)
        for (size_t i = 0; i < n; i++)
            DLRF_AT(w->TG, i, j) =
                (sg[j] * DLRF_AT(s->K, i, j) + DLRF_AT(w->G, i, j) - DLRF_AT(w->Y3, i, j) / mu) *
                w->tinv[j];
    dlrf_gemm('N', 'N', 1.0, w->TG, w->Q, 0.0, w->KS);
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
    return tr;
}

/* Synthetic subspaces: block-diagonality 0.997 at 0.1, 0.71 at 1, 0.97 at 0. */
#define RLRR_ALPHA 0.1

static dlrf_status iterate(dlrf_layer *s) {
    if (s->opts.alpha < 0.0) s->opts.alpha = RLRR_ALPHA;
    const dlrf_opts *o = &s->opts;
    rlrr_ws w;
    dlrf_status st = ws_alloc(&w, s);
    if (st == DLRF_OK) st = ws_factor(&w, s);
    if (st != DLRF_OK) {
        ws_free(&w);
        return st;
    }
    st = DLRF_ENOCONV;
    double mu = o->mu0;
    for (int it = 1; it <= o->max_iter; it++) {
        double mu_next = dlrf_next_mu(o, mu), nuc_j, nuc_g, l1, de;
        dlrf_layer_keep_previous(s);
        dlrf_step_shift(w.TJ, s->C, w.Y2, mu);
        dlrf_status e1 = dlrf_svt(&w.svt_c, w.TJ, 1.0 / mu, w.J, &nuc_j, NULL);
        dlrf_step_shift(w.TG, s->K, w.Y3, mu);
        dlrf_status e2 = dlrf_svt(&w.svt_k, w.TG, 1.0 / mu, w.G, &nuc_g, NULL);
        if (e1 != DLRF_OK || e2 != DLRF_OK) {
            st = e1 != DLRF_OK ? e1 : e2;
            break;
        }
        dlrf_step_c_rhs(s);
        double graph = c_step(s, &w, mu);
        dlrf_step_principal(s, mu);
        dlrf_step_k_rhs(s);
        graph += k_step(s, &w, mu);
        dlrf_step_salient(s);
        double res = dlrf_step_error_l1(s, mu, mu_next, &l1, &de);
        double dual = dlrf_layer_dual(s, mu, de);
        double rj = dlrf_step_dual(w.Y2, s->C, w.J, mu);
        double rg = dlrf_step_dual(w.Y3, s->K, w.G, mu);
        res = fmax(res, fmax(rj, rg));
        if (dlrf_layer_record(s, it, res, dual,
                              nuc_j + nuc_g + s->lambda * l1 + 0.5 * o->alpha * graph)) {
            st = DLRF_ECANCELLED;
            break;
        }
        if (dlrf_layer_done(s, res, dual)) {
            st = DLRF_OK;
            break;
        }
        mu = mu_next;
    }
    ws_free(&w);
    return st;
}

const dlrf_layer_impl dlrf_impl_rlrr = {DLRF_RLRR, "rlrr", 1, DLRF_LAMBDA_AUTO, iterate};
