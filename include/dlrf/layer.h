/* dlrf — single-layer latent low-rank solvers behind one interface.
 *
 * A layer solves, on an input A (n x N, one sample per column),
 *
 *   (LL)  min ||Z||_p + ||L||_p + lambda ||E||_1   s.t.  A = A Z + L A + E
 *
 * with ||.||_p the nuclear norm (DLRF_LATLRR) or 1/2 ||.||_F^2 (DLRF_FLLRR), or
 * LRR, min ||Z||_* + lambda ||E||_{2,1} s.t. A = A Z + E (DLRF_LRR, no L).
 * Z and L are kept factored, Z = V C and L = K U^T, where A = U S V^T is the thin
 * SVD of the input (docs/METHOD.md section 4); nothing N x N is formed until
 * dlrf_layer_z_materialise is called.
 *
 * Lifecycle: dlrf_layer_new -> dlrf_layer_set_* -> dlrf_layer_run -> getters ->
 * dlrf_layer_free. The input A is borrowed for the duration of dlrf_layer_run
 * only and never modified. Matrices returned by getters are owned by the layer
 * and stay valid until the next run or dlrf_layer_free.
 */
#ifndef DLRF_LAYER_H
#define DLRF_LAYER_H

#include "dlrf/common.h"
#include "dlrf/mat.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    DLRF_LATLRR = 0,
    DLRF_FLLRR = 1,
    DLRF_LRR = 2,
    DLRF_RLATLRR = 3, /* robust LatLRR: RPCA, then the sparsest Z (include/dlrf/robust.h) */
    DLRF_RLRR = 4,    /* Laplacian-regularised LatLRR, a reconstruction (docs/BASELINES.md 6):
                         LatLRR + alpha/2 [tr(AZ L_G Z^T A^T) + tr(LA L_G A^T L^T)], L_G the
                         Laplacian of the 0/1 kNN graph (graph_k) of the samples */
    DLRF_SALATLRR = 5 /* similarity-adaptive LatLRR, a reconstruction (docs/BASELINES.md 5):
                         LatLRR + alpha/2 ||LA - LAZ||_F^2 */
} dlrf_model;

/* The model's name ("latlrr", "fllrr", "lrr", "rlatlrr", "rlrr", "salatlrr"), and the lookup
 * (returns DLRF_EINVAL for an unknown name). */
const char *dlrf_model_name(dlrf_model m);
dlrf_status dlrf_model_from_name(const char *name, dlrf_model *out);
/* Non-zero when the model has a salient term L A (it can be a network layer). */
int dlrf_model_is_latent(dlrf_model m);

/* The automatic lambda for samples of unit norm: l1 error (latlrr, fllrr) and
 * column-wise l2,1 error (lrr), whose norm of a dense column is ~sqrt(n)
 * times smaller. */
#define DLRF_LAMBDA_AUTO 0.1
#define DLRF_LAMBDA_AUTO_L21 1.0

/* Solver options. Defaults (dlrf_opts_default) are those of the reference
 * codes: mu0 = 1e-6, rho = 1.1, mu_max = 1e6, tol = 1e-6, max_iter = 1000;
 * lambda = 0 selects the automatic, scale-free choice below. */
typedef struct {
    double lambda;   /* weight of the error term, > 0; 0 (the default) chooses
                        DLRF_LAMBDA_AUTO * sqrt(N) / ||A||_F for each input A, i.e.
                        0.1 for samples of unit norm (1 for lrr), so the choice does
                        not depend on the data's scale (docs/CLUSTERING.md) */
    double tol;      /* stop when the inf-norm of every residual is <= tol; 0 runs max_iter */
    double tol_dual; /* also require the dual residual <= tol_dual; 0 (default) skips this
                        test, as the reference codes do */
    double rho;      /* growth of the penalty mu per iteration, >= 1 */
    double mu0;      /* initial penalty, > 0 */
    double mu_max;   /* largest penalty, >= mu0 */
    int max_iter;    /* >= 1 */
    double rank_tol; /* singular values of the input below rank_tol * s_max are dropped;
                        <= 0 means max(n, N) * machine epsilon */
    double alpha;    /* rlrr, salatlrr: weight of the graph / locality terms; < 0 (the
                        default) is the model's own: 0.1 for rlrr, 10 for salatlrr, chosen
                        on synthetic independent subspaces (block-diagonality of Z) */
    int graph_k;     /* rlrr: neighbours of each sample in the kNN graph (default 5) */
} dlrf_opts;

void dlrf_opts_default(dlrf_opts *o);
/* NULL when the options are valid, else a static one-line reason. */
const char *dlrf_opts_check(const dlrf_opts *o);

typedef struct dlrf_layer dlrf_layer;

/* A new solver of the given model, or NULL when out of memory. */
dlrf_layer *dlrf_layer_new(dlrf_model model);
void dlrf_layer_free(dlrf_layer *s);
dlrf_status dlrf_layer_set_opts(dlrf_layer *s, const dlrf_opts *o);
dlrf_status dlrf_layer_set_lambda(dlrf_layer *s, double lambda);
void dlrf_layer_set_progress(dlrf_layer *s, dlrf_progress_fn fn, void *user);
/* The layer and solve numbers this solver reports in progress (default 1, 1). */
void dlrf_layer_set_progress_tags(dlrf_layer *s, int layer, int solve);
dlrf_model dlrf_layer_model(const dlrf_layer *s);

/* Solves (LL) on A. Returns DLRF_OK on convergence, DLRF_ENOCONV when max_iter
 * was reached (the iterates are still readable), or an error. */
dlrf_status dlrf_layer_run(dlrf_layer *s, const dlrf_mat *A);
/* The message of the last failure, or "" after success. Owned by s. */
const char *dlrf_layer_errmsg(const dlrf_layer *s);

/* Results of the last run (views owned by s). Z = V C, L = K U^T. */
size_t dlrf_layer_rank(const dlrf_layer *s);    /* r, numerical rank of A */
dlrf_mat dlrf_layer_u(const dlrf_layer *s);     /* n x r */
dlrf_mat dlrf_layer_sigma(const dlrf_layer *s); /* r x 1 */
dlrf_mat dlrf_layer_v(const dlrf_layer *s);     /* N x r */
dlrf_mat dlrf_layer_c(const dlrf_layer *s);     /* r x N */
dlrf_mat dlrf_layer_k(const dlrf_layer *s);     /* n x r (zero for LRR) */
dlrf_mat dlrf_layer_e(const dlrf_layer *s);     /* n x N */
dlrf_mat dlrf_layer_y(const dlrf_layer *s);     /* n x N, final multiplier of A = AZ+LA+E */
double dlrf_layer_lambda(const dlrf_layer *s);  /* the lambda used (resolved if automatic) */
int dlrf_layer_iterations(const dlrf_layer *s);
int dlrf_layer_converged(const dlrf_layer *s);
double dlrf_layer_residual(const dlrf_layer *s);   /* final stopping quantity */
double dlrf_layer_objective(const dlrf_layer *s);  /* final objective */
int dlrf_layer_svd_fallbacks(const dlrf_layer *s); /* dgesdd -> dgesvd fallbacks */
/* The dual residual of the last iteration: mu * max(s1 ||dC||_inf, s1 ||dK||_inf,
 * ||dE||_inf) with s1 the largest singular value of A, the change of the primal
 * iterates scaled as in the optimality conditions; it bounds how far the final
 * multiplier Y is from satisfying them. */
double dlrf_layer_dual_residual(const dlrf_layer *s);
/* Per-iteration history; arrays of dlrf_layer_iterations() values. */
const double *dlrf_layer_history_residual(const dlrf_layer *s);
const double *dlrf_layer_history_dual(const dlrf_layer *s);
const double *dlrf_layer_history_objective(const dlrf_layer *s);

/* out = X Z for X (m x N), out m x N; never forms Z. */
dlrf_status dlrf_layer_apply_z(const dlrf_layer *s, const dlrf_mat *X, dlrf_mat *out);
/* The N x N matrix Z (a new matrix the caller frees), or NULL on error. */
dlrf_mat *dlrf_layer_z_materialise(const dlrf_layer *s);
/* The n x n matrix L (new; caller frees), or NULL on error. */
dlrf_mat *dlrf_layer_l_materialise(const dlrf_layer *s);

#ifdef __cplusplus
}
#endif
#endif
