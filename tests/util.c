/* Helpers shared by the tests: data, norms, and the textbook dense solvers. */
#include <lapacke.h>

#include "harness.h"

double rel_diff(const dlrf_mat *A, const dlrf_mat *B) {
    double num = 0.0, den = 0.0;
    for (size_t j = 0; j < A->cols; j++)
        for (size_t i = 0; i < A->rows; i++) {
            double d = DLRF_AT(A, i, j) - DLRF_AT(B, i, j);
            num += d * d;
            den += DLRF_AT(B, i, j) * DLRF_AT(B, i, j);
        }
    return sqrt(num) / (den > 1e-300 ? sqrt(den) : 1e-150);
}

dlrf_mat *random_matrix(size_t m, size_t n, unsigned long long seed) {
    dlrf_rng r;
    dlrf_rng_seed(&r, seed);
    dlrf_mat *A = dlrf_mat_new(m, n);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++)
            DLRF_AT(A, i, j) = dlrf_rng_normal(&r);
    return A;
}

dlrf_mat *matmul(char ta, char tb, const dlrf_mat *A, const dlrf_mat *B) {
    size_t m = ta == 'T' ? A->cols : A->rows, n = tb == 'T' ? B->rows : B->cols;
    dlrf_mat *C = dlrf_mat_new(m, n);
    dlrf_gemm(ta, tb, 1.0, A, B, 0.0, C);
    return C;
}

dlrf_mat *make_subspace_data(size_t n, size_t N, size_t groups, size_t d, double frac, double amp,
                             unsigned long long seed, int *labels) {
    dlrf_mat *X = dlrf_mat_new(n, N);
    dlrf_rng r;
    dlrf_rng_seed(&r, seed + 1000);
    size_t per = N / groups;
    for (size_t g = 0; g < groups; g++) {
        dlrf_mat *U = random_matrix(n, d, seed * 31 + g);
        size_t c0 = g * per, cnt = g + 1 == groups ? N - c0 : per;
        dlrf_mat *Q = random_matrix(d, cnt, seed * 77 + g);
        dlrf_mat out = dlrf_mat_view(X, 0, c0, n, cnt);
        dlrf_gemm('N', 'N', 1.0 / sqrt((double)n), U, Q, 0.0, &out);
        for (size_t j = 0; labels && j < cnt; j++)
            labels[c0 + j] = (int)g;
        dlrf_mat_free(U);
        dlrf_mat_free(Q);
    }
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < n; i++)
            if (dlrf_rng_uniform(&r) < frac)
                DLRF_AT(X, i, j) += amp * (2 * dlrf_rng_uniform(&r) - 1);
    return X;
}

double spectral_norm(const dlrf_mat *A) {
    dlrf_mat *W = dlrf_mat_dup(A);
    size_t k = A->rows < A->cols ? A->rows : A->cols;
    double *s = malloc(k * sizeof *s);
    LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'N', (int)A->rows, (int)A->cols, W->data, (int)W->ld, s, NULL,
                   1, NULL, 1);
    double r = s[0];
    free(s);
    dlrf_mat_free(W);
    return r;
}

/* out = SVT_tau(M) by a full dgesdd, the textbook way. */
static void svt_dense(const dlrf_mat *M, double tau, dlrf_mat *out) {
    size_t m = M->rows, n = M->cols, k = m < n ? m : n;
    dlrf_mat *W = dlrf_mat_dup(M), *U = dlrf_mat_new(m, k), *Vt = dlrf_mat_new(k, n);
    double *s = malloc(k * sizeof *s);
    LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'S', (int)m, (int)n, W->data, (int)W->ld, s, U->data, (int)m,
                   Vt->data, (int)k);
    for (size_t j = 0; j < k; j++) {
        double f = s[j] > tau ? s[j] - tau : 0.0;
        for (size_t i = 0; i < m; i++)
            DLRF_AT(U, i, j) *= f;
    }
    dlrf_gemm('N', 'N', 1.0, U, Vt, 0.0, out);
    free(s);
    dlrf_mat_free(W);
    dlrf_mat_free(U);
    dlrf_mat_free(Vt);
}

/* X = (c I + G)^-1 B by Cholesky, G symmetric positive semidefinite. */
static void spd_solve(double c, const dlrf_mat *G, dlrf_mat *B) {
    dlrf_mat *S = dlrf_mat_dup(G);
    for (size_t i = 0; i < S->rows; i++)
        DLRF_AT(S, i, i) += c;
    LAPACKE_dposv(LAPACK_COL_MAJOR, 'U', (int)S->rows, (int)B->cols, S->data, (int)S->ld, B->data,
                  (int)B->ld);
    dlrf_mat_free(S);
}

static double shrink(double x, double t) {
    return x > t ? x - t : (x < -t ? x + t : 0.0);
}

/* R = A - A Z - L A - E (L may be NULL) */
static void residual(const dlrf_mat *A, const dlrf_mat *Z, const dlrf_mat *L, const dlrf_mat *E,
                     dlrf_mat *R) {
    dlrf_mat_copy(R, A);
    dlrf_gemm('N', 'N', -1.0, A, Z, 1.0, R);
    if (L) dlrf_gemm('N', 'N', -1.0, L, A, 1.0, R);
    for (size_t k = 0; k < R->rows * R->cols; k++)
        R->data[k] -= E->data[k];
}

int dense_fllrr(const dlrf_mat *A, const dlrf_opts *o, int iters, dlrf_mat **Zo, dlrf_mat **Lo) {
    size_t n = A->rows, N = A->cols;
    dlrf_mat *Z = dlrf_mat_new(N, N), *L = dlrf_mat_new(n, n), *E = dlrf_mat_new(n, N);
    dlrf_mat *Y = dlrf_mat_new(n, N), *M = dlrf_mat_new(n, N), *R = dlrf_mat_new(n, N);
    dlrf_mat *AtA = matmul('T', 'N', A, A), *AAt = matmul('N', 'T', A, A);
    double mu = o->mu0;
    for (int it = 0; it < iters; it++) {
        /* Z = (I/mu + A^T A)^-1 A^T (A - L A - E + Y/mu) */
        dlrf_mat_copy(M, A);
        dlrf_gemm('N', 'N', -1.0, L, A, 1.0, M);
        for (size_t k = 0; k < n * N; k++)
            M->data[k] += -E->data[k] + Y->data[k] / mu;
        dlrf_gemm('T', 'N', 1.0, A, M, 0.0, Z);
        spd_solve(1.0 / mu, AtA, Z);
        /* L^T = (I/mu + A A^T)^-1 A B^T, B = A - A Z - E + Y/mu */
        dlrf_mat_copy(M, A);
        dlrf_gemm('N', 'N', -1.0, A, Z, 1.0, M);
        for (size_t k = 0; k < n * N; k++)
            M->data[k] += -E->data[k] + Y->data[k] / mu;
        dlrf_mat *Lt = matmul('N', 'T', A, M);
        spd_solve(1.0 / mu, AAt, Lt);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                DLRF_AT(L, i, j) = DLRF_AT(Lt, j, i);
        dlrf_mat_free(Lt);
        dlrf_mat_fill(E, 0.0);
        residual(A, Z, L, E, R);
        for (size_t k = 0; k < n * N; k++) {
            E->data[k] = shrink(R->data[k] + Y->data[k] / mu, o->lambda / mu);
            Y->data[k] += mu * (R->data[k] - E->data[k]);
        }
        mu = fmin(mu * o->rho, o->mu_max);
    }
    *Zo = Z;
    *Lo = L;
    dlrf_mat_free(E), dlrf_mat_free(Y), dlrf_mat_free(M), dlrf_mat_free(R);
    dlrf_mat_free(AtA), dlrf_mat_free(AAt);
    return 0;
}

int dense_latlrr(const dlrf_mat *A, const dlrf_opts *o, int iters, dlrf_mat **Zo, dlrf_mat **Lo) {
    size_t n = A->rows, N = A->cols;
    dlrf_mat *Z = dlrf_mat_new(N, N), *J = dlrf_mat_new(N, N), *Y2 = dlrf_mat_new(N, N);
    dlrf_mat *L = dlrf_mat_new(n, n), *S = dlrf_mat_new(n, n), *Y3 = dlrf_mat_new(n, n);
    dlrf_mat *E = dlrf_mat_new(n, N), *Y1 = dlrf_mat_new(n, N), *M = dlrf_mat_new(n, N);
    dlrf_mat *R = dlrf_mat_new(n, N), *TN = dlrf_mat_new(N, N), *Tn = dlrf_mat_new(n, n);
    dlrf_mat *AtA = matmul('T', 'N', A, A), *AAt = matmul('N', 'T', A, A);
    double mu = o->mu0;
    for (int it = 0; it < iters; it++) {
        for (size_t k = 0; k < N * N; k++)
            TN->data[k] = Z->data[k] + Y2->data[k] / mu;
        svt_dense(TN, 1.0 / mu, J);
        for (size_t k = 0; k < n * n; k++)
            Tn->data[k] = L->data[k] + Y3->data[k] / mu;
        svt_dense(Tn, 1.0 / mu, S);
        /* Z = (I + A^T A)^-1 (A^T (A - L A - E + Y1/mu) + J - Y2/mu) */
        dlrf_mat_copy(M, A);
        dlrf_gemm('N', 'N', -1.0, L, A, 1.0, M);
        for (size_t k = 0; k < n * N; k++)
            M->data[k] += -E->data[k] + Y1->data[k] / mu;
        dlrf_gemm('T', 'N', 1.0, A, M, 0.0, Z);
        for (size_t k = 0; k < N * N; k++)
            Z->data[k] += J->data[k] - Y2->data[k] / mu;
        spd_solve(1.0, AtA, Z);
        /* L = ((A - A Z - E + Y1/mu) A^T + S - Y3/mu) (I + A A^T)^-1 */
        dlrf_mat_copy(M, A);
        dlrf_gemm('N', 'N', -1.0, A, Z, 1.0, M);
        for (size_t k = 0; k < n * N; k++)
            M->data[k] += -E->data[k] + Y1->data[k] / mu;
        dlrf_mat *Lt = matmul('N', 'T', A, M); /* (M A^T)^T */
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                DLRF_AT(Lt, i, j) += DLRF_AT(S, j, i) - DLRF_AT(Y3, j, i) / mu;
        spd_solve(1.0, AAt, Lt);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                DLRF_AT(L, i, j) = DLRF_AT(Lt, j, i);
        dlrf_mat_free(Lt);
        dlrf_mat_fill(E, 0.0);
        residual(A, Z, L, E, R);
        for (size_t k = 0; k < n * N; k++) {
            E->data[k] = shrink(R->data[k] + Y1->data[k] / mu, o->lambda / mu);
            Y1->data[k] += mu * (R->data[k] - E->data[k]);
        }
        for (size_t k = 0; k < N * N; k++)
            Y2->data[k] += mu * (Z->data[k] - J->data[k]);
        for (size_t k = 0; k < n * n; k++)
            Y3->data[k] += mu * (L->data[k] - S->data[k]);
        mu = fmin(mu * o->rho, o->mu_max);
    }
    *Zo = Z;
    *Lo = L;
    dlrf_mat_free(J), dlrf_mat_free(Y2), dlrf_mat_free(S), dlrf_mat_free(Y3), dlrf_mat_free(E);
    dlrf_mat_free(Y1), dlrf_mat_free(M), dlrf_mat_free(R), dlrf_mat_free(TN), dlrf_mat_free(Tn);
    dlrf_mat_free(AtA), dlrf_mat_free(AAt);
    return 0;
}

int dense_lrr(const dlrf_mat *A, const dlrf_opts *o, int iters, dlrf_mat **Zo) {
    size_t n = A->rows, N = A->cols;
    dlrf_mat *Z = dlrf_mat_new(N, N), *J = dlrf_mat_new(N, N), *Y2 = dlrf_mat_new(N, N);
    dlrf_mat *E = dlrf_mat_new(n, N), *Y1 = dlrf_mat_new(n, N), *M = dlrf_mat_new(n, N);
    dlrf_mat *R = dlrf_mat_new(n, N), *TN = dlrf_mat_new(N, N), *AtA = matmul('T', 'N', A, A);
    double mu = o->mu0;
    for (int it = 0; it < iters; it++) {
        for (size_t k = 0; k < N * N; k++)
            TN->data[k] = Z->data[k] + Y2->data[k] / mu;
        svt_dense(TN, 1.0 / mu, J);
        dlrf_mat_copy(M, A);
        for (size_t k = 0; k < n * N; k++)
            M->data[k] += -E->data[k] + Y1->data[k] / mu;
        dlrf_gemm('T', 'N', 1.0, A, M, 0.0, Z);
        for (size_t k = 0; k < N * N; k++)
            Z->data[k] += J->data[k] - Y2->data[k] / mu;
        spd_solve(1.0, AtA, Z);
        dlrf_mat_fill(E, 0.0);
        residual(A, Z, NULL, E, R);
        for (size_t j = 0; j < N; j++) { /* column-wise shrink: prox of the l2,1 norm */
            double sq = 0.0;
            for (size_t i = 0; i < n; i++) {
                double q = DLRF_AT(R, i, j) + DLRF_AT(Y1, i, j) / mu;
                sq += q * q;
            }
            double nrm = sqrt(sq), f = nrm > o->lambda / mu ? (nrm - o->lambda / mu) / nrm : 0.0;
            for (size_t i = 0; i < n; i++) {
                DLRF_AT(E, i, j) = f * (DLRF_AT(R, i, j) + DLRF_AT(Y1, i, j) / mu);
                DLRF_AT(Y1, i, j) += mu * (DLRF_AT(R, i, j) - DLRF_AT(E, i, j));
            }
        }
        for (size_t k = 0; k < N * N; k++)
            Y2->data[k] += mu * (Z->data[k] - J->data[k]);
        mu = fmin(mu * o->rho, o->mu_max);
    }
    *Zo = Z;
    dlrf_mat_free(J), dlrf_mat_free(Y2), dlrf_mat_free(E), dlrf_mat_free(Y1), dlrf_mat_free(M);
    dlrf_mat_free(R), dlrf_mat_free(TN), dlrf_mat_free(AtA);
    return 0;
}
