/* GEMM, SYRK and diagonal scaling on dlrf_mat. */
#include <cblas.h>

#include "linalg/linalg.h"

static CBLAS_TRANSPOSE op(char t) {
    return (t == 'T' || t == 't') ? CblasTrans : CblasNoTrans;
}

void dlrf_gemm(char ta, char tb, double alpha, const dlrf_mat *A, const dlrf_mat *B, double beta,
               dlrf_mat *C) {
    size_t k = (op(ta) == CblasTrans) ? A->rows : A->cols;
    if (C->rows == 0 || C->cols == 0) return;
    if (k == 0) {
        dlrf_mat_scale(C, beta);
        return;
    }
    cblas_dgemm(CblasColMajor, op(ta), op(tb), (int)C->rows, (int)C->cols, (int)k, alpha, A->data,
                (int)A->ld, B->data, (int)B->ld, beta, C->data, (int)C->ld);
}

void dlrf_syrk(char trans, double alpha, const dlrf_mat *A, double beta, dlrf_mat *C) {
    int t = (trans == 'T' || trans == 't');
    size_t k = t ? A->rows : A->cols;
    cblas_dsyrk(CblasColMajor, CblasUpper, t ? CblasTrans : CblasNoTrans, (int)C->rows, (int)k,
                alpha, A->data, (int)A->ld, beta, C->data, (int)C->ld);
}

void dlrf_scale_rows(dlrf_mat *m, const double *d) {
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < m->rows; i++)
            DLRF_AT(m, i, j) *= d[i];
}

void dlrf_scale_cols(dlrf_mat *m, const double *d) {
    for (size_t j = 0; j < m->cols; j++)
        cblas_dscal((int)m->rows, d[j], m->data + j * m->ld, 1);
}
