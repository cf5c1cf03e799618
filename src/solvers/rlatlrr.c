/* rLatLRR (docs/BASELINES.md section 4): RPCA of the input, then the sparsest
 * noiseless LatLRR solution Z = V diag(w) V^T of the recovered low-rank part
 * A_L = U S V^T, min ||Z||_1 s.t. 0 <= w, sum w = 1, by the authors' ADM:
 *   Z = shrink_{1/mu}(S + Y/mu), with S = V diag(w) V^T;
 *   w_i = (t_i - beta)/2, t_i = v_i^T (Z - Y/mu) v_i + c_i - a_i/mu, beta
 *     = (sum t - 2)/r (the minimiser on sum w = 1, using V^T V = I);
 *   c = max(w + a/mu, 0); Y += mu (S - Z); a += mu (w - c).
 * Z, Y and S are N x N: the l1 norm has no factored form. The layer then holds
 * Z = V C with C = diag(w) V^T and L = K U^T with K = U (I - diag(w)). */
#include <math.h>
#include <stdlib.h>

#include "dlrf/robust.h"
#include "solvers/solver.h"

#define ADM_MU0 1e-3
#define ADM_RHO 1.25
#define ADM_MU_MAX 1e10

typedef struct {
    dlrf_mat *Z, *Y, *S, *VW, *MV;
    double *t, *c, *a;
} adm_ws;

static void adm_free(adm_ws *w) {
    dlrf_mat_free(w->Z), dlrf_mat_free(w->Y), dlrf_mat_free(w->S);
    dlrf_mat_free(w->VW), dlrf_mat_free(w->MV);
    free(w->t), free(w->c), free(w->a);
}

static dlrf_status adm_init(adm_ws *w, size_t N, size_t r) {
    *w = (adm_ws){0};
    w->Z = dlrf_mat_new(N, N), w->Y = dlrf_mat_new(N, N), w->S = dlrf_mat_new(N, N);
    w->VW = dlrf_mat_new(N, r), w->MV = dlrf_mat_new(N, r);
    w->t = calloc(r, sizeof(double)), w->c = calloc(r, sizeof(double));
    w->a = calloc(r, sizeof(double));
    return w->Z && w->Y && w->S && w->VW && w->MV && w->t && w->c && w->a ? DLRF_OK : DLRF_ENOMEM;
}

/* S = V diag(w) V^T */
static void form_s(adm_ws *ws, const dlrf_mat *V, const double *w) {
    dlrf_mat_copy(ws->VW, V);
    dlrf_scale_cols(ws->VW, w);
    dlrf_gemm('N', 'T', 1.0, ws->VW, V, 0.0, ws->S);
}

/* Z = shrink(S + Y/mu, 1/mu), then S = Z - Y/mu; returns ||Z||_1. */
static double z_step(adm_ws *ws, double mu) {
    double l1 = 0.0;
    size_t N = ws->Z->rows;
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < N; i++) {
            double y = DLRF_AT(ws->Y, i, j) / mu;
            double z = dlrf_shrink(DLRF_AT(ws->S, i, j) + y, 1.0 / mu);
            DLRF_AT(ws->Z, i, j) = z;
            DLRF_AT(ws->S, i, j) = z - y;
            l1 += fabs(z);
        }
    return l1;
}

/* w on the plane sum w = 1, then c = max(w + a/mu, 0). */
static void w_step(adm_ws *ws, const dlrf_mat *V, double *w, double mu) {
    size_t r = V->cols, N = V->rows;
    dlrf_gemm('N', 'N', 1.0, ws->S, V, 0.0, ws->MV); /* (Z - Y/mu) V */
    double sum = 0.0;
    for (size_t i = 0; i < r; i++) {
        double d = 0.0;
        for (size_t k = 0; k < N; k++)
            d += DLRF_AT(V, k, i) * DLRF_AT(ws->MV, k, i);
        ws->t[i] = d + ws->c[i] - ws->a[i] / mu;
        sum += ws->t[i];
    }
    double beta = (sum - 2.0) / (double)r;
    for (size_t i = 0; i < r; i++) {
        w[i] = (ws->t[i] - beta) / 2.0;
        ws->c[i] = fmax(w[i] + ws->a[i] / mu, 0.0);
    }
}

/* Y += mu (S - Z), a += mu (w - c); returns max(||S - Z||_inf, ||w - c||_inf). */
static double dual_step(adm_ws *ws, const double *w, size_t r, double mu) {
    double res = 0.0;
    size_t N = ws->Z->rows;
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < N; i++) {
            double d = DLRF_AT(ws->S, i, j) - DLRF_AT(ws->Z, i, j);
            DLRF_AT(ws->Y, i, j) += mu * d;
            res = fmax(res, fabs(d));
        }
    for (size_t i = 0; i < r; i++) {
        double d = w[i] - ws->c[i];
        ws->a[i] += mu * d;
        res = fmax(res, fabs(d));
    }
    return res;
}

/* The sparsest selection: w (r) from V (N x r, orthonormal columns). */
static dlrf_status select_w(dlrf_layer *s, const dlrf_mat *V, double *w) {
    size_t r = V->cols;
    adm_ws ws;
    dlrf_status st = adm_init(&ws, V->rows, r);
    double mu = ADM_MU0;
    int done = 0;
    for (size_t i = 0; st == DLRF_OK && i < r; i++)
        w[i] = ws.c[i] = 1.0 / (double)r; /* the centre of the simplex */
    if (st == DLRF_OK) form_s(&ws, V, w);
    for (int it = 1; st == DLRF_OK && !done && it <= s->opts.max_iter; it++) {
        double l1 = z_step(&ws, mu);
        w_step(&ws, V, w, mu);
        form_s(&ws, V, w);
        double res = dual_step(&ws, w, r, mu);
        if (dlrf_layer_record(s, it, res, NAN, l1)) st = DLRF_ECANCELLED;
        done = dlrf_layer_done(s, res, 0.0);
        mu = fmin(mu * ADM_RHO, ADM_MU_MAX);
    }
    adm_free(&ws);
    return st != DLRF_OK ? st : done ? DLRF_OK : DLRF_ENOCONV;
}

/* A_L's thin SVD, truncated at its numerical rank, replaces the input's factors. */
static dlrf_status install_svd(dlrf_layer *s, const dlrf_mat *AL) {
    dlrf_mat *U = NULL, *sv = NULL, *Vt = NULL;
    dlrf_status st = dlrf_svd_thin(AL, &U, &sv, &Vt, &s->svd_fallbacks);
    if (st != DLRF_OK) return st;
    double tol = fmax(s->opts.rank_tol, 1e-10); /* A_L is exactly low-rank up to rounding */
    size_t r = dlrf_numerical_rank(sv->data, sv->rows, tol);
    if (r == 0) r = 1; /* an all-sparse input: keep the leading direction */
    dlrf_mat_free(s->U), dlrf_mat_free(s->sigma), dlrf_mat_free(s->V);
    dlrf_mat_free(s->C), dlrf_mat_free(s->K);
    s->r = r;
    s->U = dlrf_mat_new(s->n, r), s->sigma = dlrf_mat_new(r, 1), s->V = dlrf_mat_new(s->N, r);
    s->C = dlrf_mat_new(r, s->N), s->K = dlrf_mat_new(s->n, r);
    if (s->U && s->sigma && s->V && s->C && s->K) {
        dlrf_mat u = dlrf_mat_view(U, 0, 0, s->n, r);
        dlrf_mat_copy(s->U, &u);
        for (size_t i = 0; i < r; i++) {
            s->sigma->data[i] = sv->data[i];
            for (size_t j = 0; j < s->N; j++)
                DLRF_AT(s->V, j, i) = DLRF_AT(Vt, i, j);
        }
    } else {
        st = DLRF_ENOMEM;
    }
    dlrf_mat_free(U), dlrf_mat_free(sv), dlrf_mat_free(Vt);
    return st;
}

/* C = diag(w) V^T, K = U (I - diag(w)), E = A - A V C - K U^T A. */
static dlrf_status install_solution(dlrf_layer *s, const double *w) {
    size_t r = s->r;
    dlrf_mat *AV = dlrf_mat_new(s->n, r), *UtA = dlrf_mat_new(r, s->N);
    if (!AV || !UtA) {
        dlrf_mat_free(AV), dlrf_mat_free(UtA);
        return DLRF_ENOMEM;
    }
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < s->N; j++)
            DLRF_AT(s->C, i, j) = w[i] * DLRF_AT(s->V, j, i);
    for (size_t i = 0; i < r; i++)
        for (size_t k = 0; k < s->n; k++)
            DLRF_AT(s->K, k, i) = (1.0 - w[i]) * DLRF_AT(s->U, k, i);
    dlrf_mat_copy(s->E, s->A);
    dlrf_gemm('N', 'N', 1.0, s->A, s->V, 0.0, AV);
    dlrf_gemm('N', 'N', -1.0, AV, s->C, 1.0, s->E);
    dlrf_gemm('T', 'N', 1.0, s->U, s->A, 0.0, UtA);
    dlrf_gemm('N', 'N', -1.0, s->K, UtA, 1.0, s->E);
    dlrf_mat_fill(s->Y, 0.0); /* no multiplier of A = AZ + LA + E in this model */
    dlrf_mat_free(AV), dlrf_mat_free(UtA);
    return DLRF_OK;
}

static dlrf_status iterate(dlrf_layer *s) {
    /* RPCA's standard, scale-free weight. The authors' code doubles it; on UMIST
     * (more pixels than samples) that keeps the input whole, of full column
     * rank, where every sparsest Z is meaningless: AC 0.37 against 0.83 with
     * K = 4 (docs/RESULTS.md). */
    if (!(s->opts.lambda > 0.0)) s->lambda = 1.0 / sqrt((double)(s->n > s->N ? s->n : s->N));
    dlrf_rpca_opts ro;
    dlrf_rpca_opts_default(&ro);
    ro.lambda = s->lambda;
    ro.max_iter = s->opts.max_iter;
    dlrf_mat *AL = dlrf_mat_new(s->n, s->N);
    if (!AL) return DLRF_ENOMEM;
    dlrf_status st = dlrf_rpca(s->A, &ro, AL, s->E, NULL, s->err, sizeof s->err);
    if (st == DLRF_OK || st == DLRF_ENOCONV) st = install_svd(s, AL);
    dlrf_mat_free(AL);
    double *w = st == DLRF_OK ? malloc(s->r * sizeof(double)) : NULL;
    if (st == DLRF_OK && !w) st = DLRF_ENOMEM;
    dlrf_status sel = st == DLRF_OK ? select_w(s, s->V, w) : st;
    if (sel == DLRF_OK || sel == DLRF_ENOCONV) st = install_solution(s, w);
    free(w);
    return st == DLRF_OK ? sel : st;
}

const dlrf_layer_impl dlrf_impl_rlatlrr = {DLRF_RLATLRR, "rlatlrr", 1, 0.0, iterate};
