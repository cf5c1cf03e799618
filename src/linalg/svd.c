/* Thin SVD through LAPACK, with dgesdd -> dgesvd fallback, and numerical rank. */
#include <lapacke.h>

#include "linalg/linalg.h"

static dlrf_status run_svd(const dlrf_mat *A, dlrf_mat *U, dlrf_mat *s, dlrf_mat *Vt, int dc) {
    dlrf_mat *work = dlrf_mat_dup(A); /* LAPACK destroys its input */
    if (!work) return DLRF_ENOMEM;
    lapack_int info;
    if (dc) {
        info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'S', (lapack_int)A->rows, (lapack_int)A->cols,
                              work->data, (lapack_int)work->ld, s->data, U->data, (lapack_int)U->ld,
                              Vt->data, (lapack_int)Vt->ld);
    } else {
        size_t k = s->rows;
        double *superb = malloc((k > 1 ? k - 1 : 1) * sizeof(double));
        if (!superb) {
            dlrf_mat_free(work);
            return DLRF_ENOMEM;
        }
        info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'S', 'S', (lapack_int)A->rows, (lapack_int)A->cols,
                              work->data, (lapack_int)work->ld, s->data, U->data, (lapack_int)U->ld,
                              Vt->data, (lapack_int)Vt->ld, superb);
        free(superb);
    }
    dlrf_mat_free(work);
    if (info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR)
        return DLRF_ENOMEM;
    return info == 0 ? DLRF_OK : DLRF_ELAPACK;
}

dlrf_status dlrf_svd_thin(const dlrf_mat *A, dlrf_mat **U, dlrf_mat **s, dlrf_mat **Vt,
                          int *fallbacks) {
    size_t k = A->rows < A->cols ? A->rows : A->cols;
    *U = dlrf_mat_new(A->rows, k);
    *s = dlrf_mat_new(k, 1);
    *Vt = dlrf_mat_new(k, A->cols);
    dlrf_status st = DLRF_ENOMEM;
    if (*U && *s && *Vt) {
        st = run_svd(A, *U, *s, *Vt, 1);
        if (st == DLRF_ELAPACK) { /* dgesdd did not converge: the slower, sturdier dgesvd */
            if (fallbacks) (*fallbacks)++;
            st = run_svd(A, *U, *s, *Vt, 0);
        }
    }
    if (st != DLRF_OK) {
        dlrf_mat_free(*U);
        dlrf_mat_free(*s);
        dlrf_mat_free(*Vt);
        *U = *s = *Vt = NULL;
    }
    return st;
}

size_t dlrf_numerical_rank(const double *s, size_t k, double reltol) {
    if (k == 0 || !(s[0] > 0.0)) return 0;
    size_t r = 0;
    while (r < k && s[r] > reltol * s[0])
        r++;
    return r;
}
