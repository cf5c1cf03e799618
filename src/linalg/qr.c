/* Orthonormal basis of the columns of a tall matrix (Householder QR). */
#include <stdlib.h>
#include <lapacke.h>

#include "linalg/linalg.h"

dlrf_status dlrf_qr_orthonormal(dlrf_mat *A) {
    size_t m = A->rows, n = A->cols;
    if (m < n) return DLRF_EINVAL;
    if (n == 0) return DLRF_OK;
    double *tau = malloc(n * sizeof(double)), *sign = malloc(n * sizeof(double));
    dlrf_status st = DLRF_ENOMEM;
    if (tau && sign) {
        lapack_int info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int)m, (lapack_int)n, A->data,
                                         (lapack_int)A->ld, tau);
        for (size_t j = 0; info == 0 && j < n; j++)
            sign[j] = DLRF_AT(A, j, j) < 0.0 ? -1.0 : 1.0;
        if (info == 0)
            info = LAPACKE_dorgqr(LAPACK_COL_MAJOR, (lapack_int)m, (lapack_int)n, (lapack_int)n,
                                  A->data, (lapack_int)A->ld, tau);
        if (info == 0) dlrf_scale_cols(A, sign); /* unique Q with diag(R) >= 0 */
        st = info == 0 ? DLRF_OK : DLRF_ELAPACK;
    }
    free(tau);
    free(sign);
    return st;
}
