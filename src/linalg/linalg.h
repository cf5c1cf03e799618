/* Internal linear algebra: thin wrappers over CBLAS/LAPACKE on dlrf_mat. */
#ifndef DLRF_LINALG_H
#define DLRF_LINALG_H

#include "dlrf/common.h"
#include "dlrf/mat.h"

/* C = alpha A^T A + beta C (upper triangle only) when trans = 'T'; A A^T when 'N'. */
void dlrf_syrk(char trans, double alpha, const dlrf_mat *A, double beta, dlrf_mat *C);
/* Scales row i of m by d[i] / column j by d[j]. */
void dlrf_scale_rows(dlrf_mat *m, const double *d);
void dlrf_scale_cols(dlrf_mat *m, const double *d);

/* Thin SVD A = U diag(s) Vt of an m x n matrix, k = min(m, n): U m x k, s k x 1,
 * Vt k x n, all new. Uses dgesdd; when it fails to converge falls back to
 * dgesvd and adds 1 to *fallbacks. */
dlrf_status dlrf_svd_thin(const dlrf_mat *A, dlrf_mat **U, dlrf_mat **s, dlrf_mat **Vt,
                          int *fallbacks);
/* Number of s[i] (sorted decreasingly) above reltol * s[0]. */
size_t dlrf_numerical_rank(const double *s, size_t k, double reltol);

/* Symmetric eigenproblem workspace for n x n matrices (dsytrd + dstemr +
 * dormtr), allocated once so that repeated solves never allocate. */
typedef struct {
    size_t n;
    double *work, *w, *z; /* z: n x n eigenvectors */
    double *d, *e, *tau;  /* the tridiagonal form and its reflectors */
    double *d0, *e0;      /* its copy, which dstemr overwrites, for the fallback */
    int *iwork, *isuppz;
    int lwork, liwork;
} dlrf_eig_ws;
dlrf_status dlrf_eig_ws_init(dlrf_eig_ws *ws, size_t n);
void dlrf_eig_ws_free(dlrf_eig_ws *ws);
/* Eigenpairs of symmetric S (upper triangle used, destroyed) with eigenvalue
 * > vl: *m pairs, ascending (within each split-off block of the tridiagonal
 * when MRRR failed and bisection with inverse iteration took over), from index
 * *first of ws->w and column *first of ws->z. */
dlrf_status dlrf_eig_sym_above(dlrf_eig_ws *ws, dlrf_mat *S, double vl, int *first, int *m);

/* Singular value thresholding workspace for rows x cols inputs. */
typedef struct {
    size_t rows, cols, k; /* k = min(rows, cols): Gram size */
    dlrf_mat *gram, *scratch;
    dlrf_eig_ws eig;
} dlrf_svt_ws;
dlrf_status dlrf_svt_ws_init(dlrf_svt_ws *ws, size_t rows, size_t cols);
void dlrf_svt_ws_free(dlrf_svt_ws *ws);
/* out = SVT_tau(M) = U shrink_tau(S) V^T (out may not alias M). Computed from the
 * eigenpairs of the small Gram matrix above tau^2, so only the kept singular
 * triplets are found. *nuclear = sum of shrunk singular values, *rank = their
 * number (either may be NULL). */
dlrf_status dlrf_svt(dlrf_svt_ws *ws, const dlrf_mat *M, double tau, dlrf_mat *out, double *nuclear,
                     int *rank);

/* Replaces A (m x n, m >= n) with an orthonormal basis Q of its columns
 * (Householder QR, signs fixed so diag(R) >= 0). */
dlrf_status dlrf_qr_orthonormal(dlrf_mat *A);

/* Soft thresholding shrink_tau(x) = sign(x) max(|x| - tau, 0). */
static inline double dlrf_shrink(double x, double tau) {
    return x > tau ? x - tau : (x < -tau ? x + tau : 0.0);
}
/* out = shrink_tau(M) entrywise (out may alias M). */
void dlrf_shrink_mat(const dlrf_mat *M, double tau, dlrf_mat *out);

#endif
