/* Steps shared by the factored solvers (docs/METHOD.md section 4). Each is one
 * GEMM or one fused pass; together they make an iteration 8 n r N flops. */
#include <cblas.h>
#include <math.h>

#include "solvers/solver.h"

void dlrf_step_c_rhs(dlrf_layer *s) {
    dlrf_mat_copy(s->C, s->SVt);
    dlrf_gemm('T', 'N', -1.0, s->U, s->B2, 1.0, s->C);
}

void dlrf_step_principal(dlrf_layer *s, double mu) {
    dlrf_gemm('N', 'N', 1.0, s->US, s->C, 0.0, s->B1);
    double inv = 1.0 / mu;
    size_t count = s->n * s->N;
    const double *b1 = s->B1->data, *e = s->E->data, *y = s->Y->data;
    double *b2 = s->B2->data;
    for (size_t i = 0; i < count; i++)
        b2[i] = b1[i] + e[i] - y[i] * inv;
}

void dlrf_step_k_rhs(dlrf_layer *s) {
    dlrf_mat_copy(s->K, s->US);
    dlrf_gemm('N', 'T', -1.0, s->B2, s->Vt, 1.0, s->K);
}

void dlrf_step_salient(dlrf_layer *s) {
    dlrf_gemm('N', 'N', 1.0, s->K, s->SVt, 0.0, s->B2);
}

double dlrf_step_error_l1(dlrf_layer *s, double mu, double mu_next, double *l1, double *de) {
    double tau = s->lambda / mu, inv = 1.0 / mu, inv_next = 1.0 / mu_next;
    double rmax = 0.0, sum = 0.0, dmax = 0.0;
    const double *b1 = s->B1->data;
    double *b2 = s->B2->data, *e = s->E->data, *y = s->Y->data;
    /* A may be a view with ld > n; every other n x N buffer is contiguous. */
    for (size_t j = 0; j < s->N; j++) {
        const double *aj = s->A->data + j * s->A->ld;
        size_t off = j * s->n;
        for (size_t i = 0; i < s->n; i++) {
            size_t idx = off + i;
            double base = aj[i] - b1[idx] - b2[idx];
            double ei = dlrf_shrink(base + y[idx] * inv, tau);
            double res = base - ei;
            double yi = y[idx] + mu * res;
            if (fabs(ei - e[idx]) > dmax) dmax = fabs(ei - e[idx]);
            e[idx] = ei;
            y[idx] = yi;
            b2[idx] += ei - yi * inv_next;
            sum += fabs(ei);
            if (fabs(res) > rmax) rmax = fabs(res);
        }
    }
    *l1 = sum;
    *de = dmax;
    return rmax;
}

void dlrf_step_shift(dlrf_mat *out, const dlrf_mat *X, const dlrf_mat *Y, double mu) {
    double inv = 1.0 / mu;
    for (size_t j = 0; j < X->cols; j++)
        for (size_t i = 0; i < X->rows; i++)
            DLRF_AT(out, i, j) = DLRF_AT(X, i, j) + DLRF_AT(Y, i, j) * inv;
}

void dlrf_step_rhs(dlrf_mat *out, const double *sigma, int scale_cols, const dlrf_mat *X,
                   const dlrf_mat *B, const dlrf_mat *Y, double mu) {
    for (size_t j = 0; j < X->cols; j++)
        for (size_t i = 0; i < X->rows; i++)
            DLRF_AT(out, i, j) = sigma[scale_cols ? j : i] * DLRF_AT(X, i, j) + DLRF_AT(B, i, j) -
                                 DLRF_AT(Y, i, j) / mu;
}

void dlrf_step_c_nuclear(dlrf_layer *s, const dlrf_mat *J, const dlrf_mat *Y2, double mu) {
    const double *sg = s->sigma->data;
    double inv = 1.0 / mu;
    for (size_t j = 0; j < s->N; j++)
        for (size_t i = 0; i < s->r; i++)
            DLRF_AT(s->C, i, j) =
                (sg[i] * DLRF_AT(s->C, i, j) + DLRF_AT(J, i, j) - DLRF_AT(Y2, i, j) * inv) /
                (1.0 + sg[i] * sg[i]);
}

double dlrf_step_dual(dlrf_mat *Y2, const dlrf_mat *X, const dlrf_mat *J, double mu) {
    double rmax = 0.0;
    for (size_t j = 0; j < X->cols; j++)
        for (size_t i = 0; i < X->rows; i++) {
            double d = DLRF_AT(X, i, j) - DLRF_AT(J, i, j);
            DLRF_AT(Y2, i, j) += mu * d;
            if (fabs(d) > rmax) rmax = fabs(d);
        }
    return rmax;
}

double dlrf_sq_norm(const dlrf_mat *m) {
    /* Iterates are contiguous (ld == rows) and far from overflow. */
    return cblas_ddot((int)(m->rows * m->cols), m->data, 1, m->data, 1);
}

void dlrf_layer_keep_previous(dlrf_layer *s) {
    dlrf_mat_copy(s->Cprev, s->C);
    dlrf_mat_copy(s->Kprev, s->K);
}

static double max_abs_diff(const dlrf_mat *a, const dlrf_mat *b) {
    double m = 0.0;
    for (size_t k = 0; k < a->rows * a->cols; k++) {
        double d = fabs(a->data[k] - b->data[k]);
        if (d > m) m = d;
    }
    return m;
}

double dlrf_layer_dual(const dlrf_layer *s, double mu, double de) {
    double s1 = s->sigma->data[0];
    double dc = s1 * max_abs_diff(s->C, s->Cprev), dk = s1 * max_abs_diff(s->K, s->Kprev);
    double m = de > dc ? de : dc;
    return mu * (m > dk ? m : dk);
}
