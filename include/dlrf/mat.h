/* dlrf — column-major dense matrices and views. */
#ifndef DLRF_MAT_H
#define DLRF_MAT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A column-major matrix: element (i, j) is data[i + j*ld]. A matrix made by
 * dlrf_mat_new owns its data (owner = 1); a view (owner = 0) borrows it and is
 * passed by value. */
typedef struct {
    double *data;
    size_t rows, cols, ld;
    int owner;
} dlrf_mat;

#define DLRF_AT(m, i, j) ((m)->data[(size_t)(i) + (size_t)(j) * (m)->ld])

/* A new zero matrix, or NULL when out of memory. Free with dlrf_mat_free. */
dlrf_mat *dlrf_mat_new(size_t rows, size_t cols);
/* A new owning copy of any matrix or view, or NULL when out of memory. */
dlrf_mat *dlrf_mat_dup(const dlrf_mat *m);
/* Frees a matrix made by dlrf_mat_new/dup; NULL is a no-op. */
void dlrf_mat_free(dlrf_mat *m);
/* A view of rows [r0, r0+rows) and columns [c0, c0+cols) of m. */
dlrf_mat dlrf_mat_view(const dlrf_mat *m, size_t r0, size_t c0, size_t rows, size_t cols);
/* A view of a caller-owned column-major buffer. */
dlrf_mat dlrf_mat_wrap(double *data, size_t rows, size_t cols, size_t ld);

/* Copies src into dst (same shape). */
void dlrf_mat_copy(dlrf_mat *dst, const dlrf_mat *src);
void dlrf_mat_fill(dlrf_mat *m, double v);
void dlrf_mat_scale(dlrf_mat *m, double a);
/* Scales every non-zero column to unit Euclidean norm (zero columns stay). */
void dlrf_mat_unit_columns(dlrf_mat *m);
/* Frobenius norm, largest absolute entry, sum of absolute entries. */
double dlrf_mat_norm_fro(const dlrf_mat *m);
double dlrf_mat_norm_inf(const dlrf_mat *m);
double dlrf_mat_norm_l1(const dlrf_mat *m);
/* C = alpha op(A) op(B) + beta C (DGEMM), op chosen by ta/tb: 'N' or 'T'. */
void dlrf_gemm(char ta, char tb, double alpha, const dlrf_mat *A, const dlrf_mat *B, double beta,
               dlrf_mat *C);
/* Number of non-finite (NaN or Inf) entries. */
size_t dlrf_mat_count_nonfinite(const dlrf_mat *m);

#ifdef __cplusplus
}
#endif
#endif
