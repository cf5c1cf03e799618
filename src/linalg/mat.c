/* Column-major matrices and views. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dlrf/mat.h"

dlrf_mat *dlrf_mat_new(size_t rows, size_t cols) {
    dlrf_mat *m = malloc(sizeof *m);
    if (!m) return NULL;
    size_t count = rows * cols;
    m->data = calloc(count ? count : 1, sizeof(double));
    if (!m->data) {
        free(m);
        return NULL;
    }
    m->rows = rows;
    m->cols = cols;
    m->ld = rows ? rows : 1;
    m->owner = 1;
    return m;
}

dlrf_mat *dlrf_mat_dup(const dlrf_mat *src) {
    dlrf_mat *m = dlrf_mat_new(src->rows, src->cols);
    if (m) dlrf_mat_copy(m, src);
    return m;
}

void dlrf_mat_free(dlrf_mat *m) {
    if (!m) return;
    if (m->owner) free(m->data);
    free(m);
}

dlrf_mat dlrf_mat_view(const dlrf_mat *m, size_t r0, size_t c0, size_t rows, size_t cols) {
    dlrf_mat v = {m->data + r0 + c0 * m->ld, rows, cols, m->ld, 0};
    return v;
}

dlrf_mat dlrf_mat_wrap(double *data, size_t rows, size_t cols, size_t ld) {
    dlrf_mat v = {data, rows, cols, ld, 0};
    return v;
}

void dlrf_mat_copy(dlrf_mat *dst, const dlrf_mat *src) {
    for (size_t j = 0; j < src->cols; j++)
        memcpy(dst->data + j * dst->ld, src->data + j * src->ld, src->rows * sizeof(double));
}

void dlrf_mat_fill(dlrf_mat *m, double v) {
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < m->rows; i++)
            DLRF_AT(m, i, j) = v;
}

void dlrf_mat_scale(dlrf_mat *m, double a) {
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < m->rows; i++)
            DLRF_AT(m, i, j) *= a;
}

void dlrf_mat_unit_columns(dlrf_mat *m) {
    for (size_t j = 0; j < m->cols; j++) {
        dlrf_mat c = dlrf_mat_view(m, 0, j, m->rows, 1);
        double n = dlrf_mat_norm_fro(&c);
        if (n > 0.0) dlrf_mat_scale(&c, 1.0 / n);
    }
}

double dlrf_mat_norm_fro(const dlrf_mat *m) {
    /* Scaled sum of squares, as LAPACK's dlange, to avoid overflow. */
    double scale = 0.0, ssq = 1.0;
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < m->rows; i++) {
            double a = fabs(DLRF_AT(m, i, j));
            if (a == 0.0) continue;
            if (scale < a) {
                ssq = 1.0 + ssq * (scale / a) * (scale / a);
                scale = a;
            } else {
                ssq += (a / scale) * (a / scale);
            }
        }
    return scale * sqrt(ssq);
}

double dlrf_mat_norm_inf(const dlrf_mat *m) {
    double r = 0.0;
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < m->rows; i++) {
            double a = fabs(DLRF_AT(m, i, j));
            if (a > r) r = a;
        }
    return r;
}

double dlrf_mat_norm_l1(const dlrf_mat *m) {
    double r = 0.0;
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < m->rows; i++)
            r += fabs(DLRF_AT(m, i, j));
    return r;
}

size_t dlrf_mat_count_nonfinite(const dlrf_mat *m) {
    size_t c = 0;
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < m->rows; i++)
            c += !isfinite(DLRF_AT(m, i, j));
    return c;
}
