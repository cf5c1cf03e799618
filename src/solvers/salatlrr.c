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
#include <math.h>
#include <stdlib.h>

#include "solvers/solver.h"

typedef struct {
    dlrf_mat *J, *Y2, *TJ, *G, *Y3, *TG, *H, *CV, *KK;
    dlrf_svt_ws svt_c, svt_k;
} sa_ws;

static void ws_free(sa_ws *w) {
    dlrf_mat *m[] = {w->J, w->Y2, w->TJ, w->G, w->Y3, w->TG, w->H, w->CV, w->KK};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        dlrf_mat_free(m[i]);
    dlrf_svt_ws_free(&w->svt_c);
    dlrf_svt_ws_free(&w->svt_k);
}

static dlrf_status ws_init(sa_ws *w, const dlrf_layer *s) {
    size_t n = s->n, N = s->N, r = s->r;
    *w = (sa_ws){0};
    w->J = dlrf_mat_new(r, N), w->Y2 = dlrf_mat_new(r, N), w->TJ = dlrf_mat_new(r, N);
    w->G = dlrf_mat_new(n, r), w->Y3 = dlrf_mat_new(n, r), w->TG = dlrf_mat_new(n, r);
    w->H = dlrf_mat_new(r, r), w->CV = dlrf_mat_new(r, r), w->KK = dlrf_mat_new(r, r);
    if (!w->J || !w->Y2 || !w->TJ || !w->G || !w->Y3 || !w->TG || !w->H || !w->CV || !w->KK)
        return DLRF_ENOMEM;
    dlrf_status st = dlrf_svt_ws_init(&w->svt_c, r, N);
    return st == DLRF_OK ? dlrf_svt_ws_init(&w->svt_k, n, r) : st;
}

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
static dlrf_status c_step(dlrf_layer *s, sa_ws *w, double mu) {
    const double *sg = s->sigma->data;
    double a = s->opts.alpha / mu;
    dlrf_gemm('T', 'N', 1.0, s->K, s->K, 0.0, w->KK); /* H1 = S K^T K S */
    for (size_t j = 0; j < s->N; j++)
        for (size_t i = 0; i < s->r; i++)
            DLRF_AT(w->TJ, i, j) =
                sg[i] * DLRF_AT(s->C, i, j) + DLRF_AT(w->J, i, j) - DLRF_AT(w->Y2, i, j) / mu;
    dlrf_mat *H1 = w->CV; /* scratch: S K^T K S */
    for (size_t j = 0; j < s->r; j++)
        for (size_t i = 0; i < s->r; i++)
            DLRF_AT(H1, i, j) = sg[i] * DLRF_AT(w->KK, i, j) * sg[j];
    dlrf_gemm('N', 'N', a, H1, s->Vt, 1.0, w->TJ);
    dlrf_status st = factor(w, sg, w->KK, a);
    if (st != DLRF_OK) return st;
    dlrf_mat_copy(s->C, w->TJ);
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

/* K, holding the k_rhs: TG = K S + G - Y3/mu, then K H = TG. Returns
 * ||K S D||_F^2 = tr(K S DD^T S K^T) for the objective. */
static dlrf_status k_step(dlrf_layer *s, sa_ws *w, double mu, double *loc) {
    const double *sg = s->sigma->data;
    size_t n = s->n, r = s->r;
    for (size_t j = 0; j < r; j++)
        for (size_t i = 0; i < n; i++)
            DLRF_AT(w->TG, i, j) =
                sg[j] * DLRF_AT(s->K, i, j) + DLRF_AT(w->G, i, j) - DLRF_AT(w->Y3, i, j) / mu;
    ddt(s, w);
    dlrf_status st = factor(w, sg, w->KK, s->opts.alpha / mu);
    if (st != DLRF_OK) return st;
    for (size_t j = 0; j < r; j++) /* K H = TG  <=>  H K^T = TG^T */
        for (size_t i = 0; i < n; i++)
            DLRF_AT(s->K, i, j) = DLRF_AT(w->TG, i, j);
    if (LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'L', (int)r, (int)n, w->H->data, (int)w->H->ld, s->K->data,
                       (int)s->K->ld) != 0)
        return DLRF_ELAPACK;
    dlrf_gemm('T', 'N', 1.0, s->K, s->K, 0.0, w->CV); /* tr(K S DD^T S K^T) */
    double t = 0.0;
    for (size_t j = 0; j < r; j++)
        for (size_t i = 0; i < r; i++)
            t += sg[i] * sg[j] * DLRF_AT(w->CV, i, j) * DLRF_AT(w->KK, i, j);
    *loc = t;
    return DLRF_OK;
}

/* Synthetic subspaces: block-diagonality 0.994 at 10, 0.98 at 1, 0.95 at 0.1,
 * 0.97 at 0. */
#define SALATLRR_ALPHA 10.0

static dlrf_status iterate(dlrf_layer *s) {
    if (s->opts.alpha < 0.0) s->opts.alpha = SALATLRR_ALPHA;
    const dlrf_opts *o = &s->opts;
    sa_ws w;
    dlrf_status st = ws_init(&w, s);
    if (st != DLRF_OK) {
        ws_free(&w);
        return st;
    }
    st = DLRF_ENOCONV;
    double mu = o->mu0;
    for (int it = 1; it <= o->max_iter; it++) {
        double mu_next = dlrf_next_mu(o, mu), nuc_j, nuc_g, l1, de, loc = 0.0;
        dlrf_layer_keep_previous(s);
        dlrf_step_shift(w.TJ, s->C, w.Y2, mu);
        dlrf_status e1 = dlrf_svt(&w.svt_c, w.TJ, 1.0 / mu, w.J, &nuc_j, NULL);
        dlrf_step_shift(w.TG, s->K, w.Y3, mu);
        dlrf_status e2 = dlrf_svt(&w.svt_k, w.TG, 1.0 / mu, w.G, &nuc_g, NULL);
        if (e1 == DLRF_OK && e2 == DLRF_OK) {
            dlrf_step_c_rhs(s);
            e1 = c_step(s, &w, mu);
        }
        if (e1 == DLRF_OK && e2 == DLRF_OK) {
            dlrf_step_principal(s, mu);
            dlrf_step_k_rhs(s);
            e2 = k_step(s, &w, mu, &loc);
        }
        if (e1 != DLRF_OK || e2 != DLRF_OK) {
            st = e1 != DLRF_OK ? e1 : e2;
            break;
        }
        dlrf_step_salient(s);
        double res = dlrf_step_error_l1(s, mu, mu_next, &l1, &de);
        double dual = dlrf_layer_dual(s, mu, de);
        double rj = dlrf_step_dual(w.Y2, s->C, w.J, mu);
        double rg = dlrf_step_dual(w.Y3, s->K, w.G, mu);
        res = fmax(res, fmax(rj, rg));
        if (dlrf_layer_record(s, it, res, dual,
                              nuc_j + nuc_g + s->lambda * l1 + 0.5 * o->alpha * loc)) {
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

const dlrf_layer_impl dlrf_impl_salatlrr = {DLRF_SALATLRR, "salatlrr", 1, DLRF_LAMBDA_AUTO,
                                            iterate};
