/* dlrf — robust PCA and the sparsest latent representation (rLatLRR).
 *
 * RPCA (Candes, Li, Ma, Wright 2011) splits X into a low-rank part and a
 * sparse one, min ||A||_* + lambda ||E||_1 s.t. X = A + E, by the inexact ALM
 * of Lin, Chen and Ma (2009). Each SVT computes only the singular triplets
 * above its threshold (a partial SVD, from the small Gram matrix).
 *
 * rLatLRR (Zhang, Lin, Zhang, Gao 2014; docs/BASELINES.md section 4) is a
 * layer model (DLRF_RLATLRR, include/dlrf/layer.h): RPCA of the input, then,
 * among the noiseless LatLRR solutions Z = V diag(w) V^T of the recovered
 * A = U S V^T, the sparsest, min ||Z||_1 over 0 <= w <= 1, sum w = 1, by ADM;
 * L = U (I - diag(w)) U^T.
 */
#ifndef DLRF_ROBUST_H
#define DLRF_ROBUST_H

#include "dlrf/common.h"
#include "dlrf/mat.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double lambda; /* weight of ||E||_1; 0 (default): 1 / sqrt(max(n, N)) */
    double tol;    /* stop when ||X - A - E||_F <= tol ||X||_F (default 1e-7) */
    double rho;    /* penalty growth (default 1.5) */
    int max_iter;  /* default 1000 */
} dlrf_rpca_opts;

void dlrf_rpca_opts_default(dlrf_rpca_opts *o);
/* RPCA of X (n x N): A and E are the caller's n x N matrices. *iters (may be
 * NULL) gets the iterations run. DLRF_ENOCONV when max_iter was reached. */
dlrf_status dlrf_rpca(const dlrf_mat *X, const dlrf_rpca_opts *o, dlrf_mat *A, dlrf_mat *E,
                      int *iters, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
