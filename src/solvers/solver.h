/* Internal: the common layer-solver interface and the steps the models share.
 *
 * Every model works in the coordinates of docs/METHOD.md section 4: with the thin
 * SVD A = U S V^T (rank r), Z = V C and L = K U^T. A model is a row of
 * `dlrf_layer_impl`; adding one means writing its `iterate` and listing it in
 * layer.c. */
#ifndef DLRF_SOLVER_H
#define DLRF_SOLVER_H

#include "dlrf/layer.h"
#include "linalg/linalg.h"

typedef struct {
    dlrf_model model;
    const char *name;
    int latent; /* has the salient term L A (can be a network layer) */
    /* The automatic lambda for samples of unit norm (docs/CLUSTERING.md). */
    double lambda_unit;
    /* Runs the iterations on the prepared state (s->A, factors, zeroed
     * iterates); allocates its own workspace before the loop, none inside. */
    dlrf_status (*iterate)(dlrf_layer *s);
} dlrf_layer_impl;

extern const dlrf_layer_impl dlrf_impl_latlrr, dlrf_impl_fllrr, dlrf_impl_lrr, dlrf_impl_rlatlrr,
    dlrf_impl_rlrr, dlrf_impl_salatlrr;

struct dlrf_layer {
    const dlrf_layer_impl *impl;
    dlrf_opts opts;
    dlrf_progress_fn progress;
    void *progress_user;
    int tag_layer, tag_solve; /* reported in progress (set by a network) */
    char err[256];

    /* Problem, borrowed during a run, and its factors. */
    const dlrf_mat *A;
    size_t n, N, r;
    dlrf_mat *U, *sigma, *V; /* n x r, r x 1, N x r */
    dlrf_mat *Vt, *SVt, *US; /* r x N, S V^T r x N, U S n x r (during a run) */
    /* Iterates and results. */
    dlrf_mat *C, *K, *E, *Y; /* r x N, n x r, n x N, n x N */
    dlrf_mat *B1, *B2;       /* n x N scratch (during a run) */
    dlrf_mat *Cprev, *Kprev; /* previous C, K for the dual residual (during a run) */
    double *hist_res, *hist_obj, *hist_dual;
    int iters, converged, ready, svd_fallbacks;
    double lambda; /* opts.lambda, or the automatic choice for this input */
    double residual, objective, dual, t0;
};

/* Steps shared by the models (steps.c). Q = E - Y/mu + K S V^T is carried in B2
 * from one iteration to the next so that no r x r x N product is needed. */
/* C = S V^T - U^T B2 */
void dlrf_step_c_rhs(dlrf_layer *s);
/* B1 = U S C; then B2 = B1 + E - Y/mu */
void dlrf_step_principal(dlrf_layer *s, double mu);
/* K = U S - B2 V */
void dlrf_step_k_rhs(dlrf_layer *s);
/* B2 = K S V^T */
void dlrf_step_salient(dlrf_layer *s);
/* E = shrink_{lambda/mu}(A - B1 - B2 + Y/mu), Y += mu (A - B1 - B2 - E), then
 * B2 = E - Y/mu_next + B2 for the next iteration. Returns ||residual||_inf and
 * stores ||E||_1 in *l1 and ||E_new - E_old||_inf in *de. */
double dlrf_step_error_l1(dlrf_layer *s, double mu, double mu_next, double *l1, double *de);
/* out = X + Y/mu: the argument of a proximal step. */
void dlrf_step_shift(dlrf_mat *out, const dlrf_mat *X, const dlrf_mat *Y, double mu);
/* The right-hand side of the C- or K-step with a coupling term:
 * out = S X + B - Y/mu (rows scaled: C-step) or X S + B - Y/mu (columns
 * scaled: K-step), S = diag(sigma). */
void dlrf_step_rhs(dlrf_mat *out, const double *sigma, int scale_cols, const dlrf_mat *X,
                   const dlrf_mat *B, const dlrf_mat *Y, double mu);
/* Nuclear-norm C-update after dlrf_step_c_rhs: C = (S C + J - Y2/mu) / (1 + S^2). */
void dlrf_step_c_nuclear(dlrf_layer *s, const dlrf_mat *J, const dlrf_mat *Y2, double mu);
/* Y2 += mu (X - J); returns ||X - J||_inf. */
double dlrf_step_dual(dlrf_mat *Y2, const dlrf_mat *X, const dlrf_mat *J, double mu);
/* ||m||_F^2 */
double dlrf_sq_norm(const dlrf_mat *m);

/* Saves C and K before an iteration changes them (for the dual residual). */
void dlrf_layer_keep_previous(dlrf_layer *s);
/* mu * max(s1 ||C - Cprev||_inf, s1 ||K - Kprev||_inf, de) */
double dlrf_layer_dual(const dlrf_layer *s, double mu, double de);
/* Records one iteration's history and reports progress. Returns non-zero
 * when the progress callback asks to cancel. */
int dlrf_layer_record(dlrf_layer *s, int iter, double residual, double dual, double objective);
/* The inexact-ALM penalty schedule shared by all models: mu <- min(rho mu, mu_max). */
static inline double dlrf_next_mu(const dlrf_opts *o, double mu) {
    return mu * o->rho < o->mu_max ? mu * o->rho : o->mu_max;
}
/* The stopping test shared by all models. */
static inline int dlrf_layer_done(const dlrf_layer *s, double residual, double dual) {
    return s->opts.tol > 0.0 && residual <= s->opts.tol &&
           (s->opts.tol_dual <= 0.0 || dual <= s->opts.tol_dual);
}

/* LatLRR's inexact ALM (latlrr.c) for the models that share its auxiliaries
 * J = Z, G = L and change only its C- and K-steps. */
typedef struct {
    dlrf_mat *J, *Y2, *TJ, *G, *Y3, *TG; /* TJ, TG: scratch once the SVTs have run */
    dlrf_svt_ws svt_c, svt_k;
} dlrf_nuclear_ws;
/* A step finds C (called with C = U^T B, after dlrf_step_c_rhs) or K (with
 * K = (A - USC - E + Y/mu) V, after dlrf_step_k_rhs) and stores in *extra its
 * model's added objective term at the new iterate (0 for LatLRR). */
typedef dlrf_status (*dlrf_nuclear_step)(dlrf_layer *s, dlrf_nuclear_ws *w, void *ctx, double mu,
                                         double *extra);
typedef struct {
    dlrf_nuclear_step c_step, k_step;
    void *ctx;
} dlrf_nuclear_steps;
dlrf_status dlrf_nuclear_alm(dlrf_layer *s, const dlrf_nuclear_steps *steps);

/* graph.c: L = D - W (N x N) of the symmetrised 0/1 graph joining each column
 * of A to its k nearest columns (Euclidean). */
dlrf_status dlrf_knn_laplacian(const dlrf_mat *A, int k, dlrf_mat *L);
/* The Sylvester step of rlrr (rlrr.c): with L_G = P diag(gamma) P^T, solves
 * (S^2 + I) C + a S^2 C L_G = R for C (r x N), S = diag(sig); scratch r x N.
 * Returns sum_ij sig_i^2 (C P)_ij^2 gamma_j = tr(S C L_G C^T S). */
double dlrf_sylvester_c(const double *sig, const dlrf_mat *P, const double *gamma, double a,
                        const dlrf_mat *R, dlrf_mat *C, dlrf_mat *scratch);

/* prepare.c: validates A, computes its thin SVD and allocates the iterates.
 * dlrf_layer_release_scratch frees what only the iterations need. */
dlrf_status dlrf_layer_prepare(dlrf_layer *s, const dlrf_mat *A);
void dlrf_layer_release_scratch(dlrf_layer *s);
void dlrf_layer_release_all(dlrf_layer *s);

#endif
