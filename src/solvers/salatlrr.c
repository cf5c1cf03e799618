/* SA-LatLRR, similarity-adaptive LatLRR — a reconstruction (docs/BASELINES.md
 * section 5, form R1), since the paper is not available: the coefficients
 * double as adaptive similarity weights of the salient features,
 *   min ||Z||_* + ||L||_* + alpha/2 ||LA - LAZ||_F^2 + lambda ||E||_1
 *       s.t.  A = AZ + LA + E.
 * LatLRR's inexact ALM in the factored coordinates Z = V C, L = K U^T, where
 * LA - LAZ = K S (V^T - C). The coupling turns the diagonal C- and K-steps
 * into r x r systems that change every iteration, solved by Cholesky:
 *   [(S^2 + I) + (alpha/mu) H1] C = S U^T B + J - Y2/mu + (alpha/mu) H1 V^T,
 *   K [(S^2 + I) + (alpha/mu) H2] = (A - USC - E + Y/mu) V S + G - Y3/mu,
 * H1 = S K^T K S, H2 = S D D^T S, D = V^T - C, D D^T = I - CV - (CV)^T + CC^T. */
#include <lapacke.h>
#include <stdlib.h>

#include "solvers/solver.h"

typedef struct {
    dlrf_mat *H, *CV, *KK; /* r x r */
} sa_ws;

/* H = (S^2 + I) + a S M S for symmetric M (r x r), then its Cholesky factor. */
static dlrf_status factor(sa_ws *w, const double *sg, const dlrf_mat *M, double a) {
    size_t r = M->rows;
    for (size_t j = 0; j < r; j++)
        for (size_t i = 0; i <= j; i++)
            DLRF_AT(w->H, i, j) =
                a * sg[i] * sg[j] * DLRF_AT(M, i, j) + (i == j ? 1.0 + sg[i] * sg[i] : 0.0);
    return LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'U', (int)r, w->H->data, (int)w->H->ld) == 0
               ? DLRF_OK
               : DLRF_ELAPACK;
}

/* C, holding U^T B: TJ = S C + J - Y2/mu + a H1 V^T, then solve. */
static dlrf_status c_step(dlrf_layer *s, dlrf_nuclear_ws *nw, void *ctx, double mu, double *extra) {
    sa_ws *w = ctx;
    const double *sg = s->sigma->data;
    double a = s->opts.alpha / mu;
    *extra = 0.0; /* the locality term is counted once, after the K-step */
    dlrf_gemm('T', 'N', 1.0, s->K, s->K, 0.0, w->KK); /* H1 = S K^T K S */
    dlrf_step_rhs(nw->TJ, sg, 0, s->C, nw->J, nw->Y2, mu);
    dlrf_mat *H1 = w->CV; /* scratch: S K^T K S */
    for (size_t j = 0; j < s->r; j++)
        for (size_t i = 0; i < s->r; i++)
            DLRF_AT(H1, i, j) = sg[i] * DLRF_AT(w->KK, i, j) * sg[j];
    dlrf_gemm('N', 'N', a, H1, s->Vt, 1.0, nw->TJ);
    dlrf_status st = factor(w, sg, w->KK, a);
    if (st != DLRF_OK) return st;
    dlrf_mat_copy(s->C, nw->TJ);
    return LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'U', (int)s->r, (int)s->N, w->H->data, (int)w->H->ld,
                          s->C->data, (int)s->C->ld) == 0
               ? DLRF_OK
               : DLRF_ELAPACK;
}

/* D D^T = I - CV - (CV)^T + C C^T into KK. */
static void ddt(dlrf_layer *s, sa_ws *w) {
    dlrf_gemm('N', 'N', 1.0, s->C, s->V, 0.0, w->CV);
    dlrf_syrk('N', 1.0, s->C, 0.0, w->KK); /* upper triangle */
    for (size_t j = 0; j < s->r; j++)
        for (size_t i = 0; i <= j; i++) {
            double v = DLRF_AT(w->KK, i, j) - DLRF_AT(w->CV, i, j) - DLRF_AT(w->CV, j, i) +
                       (i == j ? 1.0 : 0.0);
            DLRF_AT(w->KK, i, j) = DLRF_AT(w->KK, j, i) = v;
        }
}

/* K, holding the k_rhs: TG = K S + G - Y3/mu, then K H = TG; *extra =
 * alpha/2 ||K S D||_F^2 = alpha/2 tr(K S DD^T S K^T). */
static dlrf_status k_step(dlrf_layer *s, dlrf_nuclear_ws *nw, void *ctx, double mu, double *extra) {
    sa_ws *w = ctx;
    const double *sg = s->sigma->data;
    size_t n = s->n, r = s->r;
    dlrf_step_rhs(nw->TG, sg, 1, s->K, nw->G, nw->Y3, mu);
    ddt(s, w);
    dlrf_status st = factor(w, sg, w->KK, s->opts.alpha / mu);
    if (st != DLRF_OK) return st;
    for (size_t j = 0; j < r; j++) /* K H = TG  <=>  H K^T = TG^T */
        for (size_t i = 0; i < n; i++)
            DLRF_AT(s->K, i, j) = DLRF_AT(nw->TG, i, j);
    if (LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'L', (int)r, (int)n, w->H->data, (int)w->H->ld, s->K->data,
                       (int)s->K->ld) != 0)
        return DLRF_ELAPACK;
    dlrf_gemm('T', 'N', 1.0, s->K, s->K, 0.0, w->CV); /* tr(K S DD^T S K^T) */
    double t = 0.0;
    for (size_t j = 0; j < r; j++)
        for (size_t i = 0; i < r; i++)
            t += sg[i] * sg[j] * DLRF_AT(w->CV, i, j) * DLRF_AT(w->KK, i, j);
    *extra = 0.5 * s->opts.alpha * t;
    return DLRF_OK;
}

/* Synthetic subspaces: block-diagonality 0.994 at 10, 0.98 at 1, 0.95 at 0.1,
 * 0.97 at 0. */
#define SALATLRR_ALPHA 10.0

static dlrf_status iterate(dlrf_layer *s) {
    if (s->opts.alpha < 0.0) s->opts.alpha = SALATLRR_ALPHA;
    size_t r = s->r;
    sa_ws w = {dlrf_mat_new(r, r), dlrf_mat_new(r, r), dlrf_mat_new(r, r)};
    dlrf_status st = DLRF_ENOMEM;
    if (w.H && w.CV && w.KK) {
        const dlrf_nuclear_steps steps = {c_step, k_step, &w};
        st = dlrf_nuclear_alm(s, &steps);
    }
    dlrf_mat_free(w.H), dlrf_mat_free(w.CV), dlrf_mat_free(w.KK);
    return st;
}

const dlrf_layer_impl dlrf_impl_salatlrr = {DLRF_SALATLRR, "salatlrr", 1, DLRF_LAMBDA_AUTO,
                                            iterate};
