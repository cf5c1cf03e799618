/* Linear algebra layer: SVD, rank, SVT, QR, eigenpairs, shrink. */
#include "harness.h"
#include "linalg/linalg.h"

static int svd_reconstructs(void) {
    dlrf_mat *A = random_matrix(30, 50, 1), *U, *s, *Vt;
    int fb = 0;
    CHECK(dlrf_svd_thin(A, &U, &s, &Vt, &fb) == DLRF_OK);
    CHECK(U->cols == 30 && Vt->rows == 30 && fb == 0);
    dlrf_mat *US = dlrf_mat_dup(U);
    dlrf_scale_cols(US, s->data);
    dlrf_mat *R = matmul('N', 'N', US, Vt), *UtU = matmul('T', 'N', U, U);
    CHECK_LE(rel_diff(R, A), 1e-13);
    for (size_t i = 0; i < 30; i++)
        DLRF_AT(UtU, i, i) -= 1.0;
    CHECK_LE(dlrf_mat_norm_inf(UtU), 1e-13);
    for (size_t i = 1; i < 30; i++)
        CHECK(s->data[i] <= s->data[i - 1]);
    dlrf_mat_free(A), dlrf_mat_free(U), dlrf_mat_free(s), dlrf_mat_free(Vt);
    dlrf_mat_free(US), dlrf_mat_free(R), dlrf_mat_free(UtU);
    return 0;
}

static int numerical_rank(void) {
    dlrf_mat *P = random_matrix(40, 5, 2), *Q = random_matrix(5, 60, 3);
    dlrf_mat *A = matmul('N', 'N', P, Q), *U, *s, *Vt;
    CHECK(dlrf_svd_thin(A, &U, &s, &Vt, NULL) == DLRF_OK);
    CHECK(dlrf_numerical_rank(s->data, s->rows, 1e-10) == 5);
    CHECK(dlrf_numerical_rank(s->data, s->rows, 0.999) == 1);
    double zero[3] = {0, 0, 0};
    CHECK(dlrf_numerical_rank(zero, 3, 1e-10) == 0);
    dlrf_mat_free(P), dlrf_mat_free(Q), dlrf_mat_free(A);
    dlrf_mat_free(U), dlrf_mat_free(s), dlrf_mat_free(Vt);
    return 0;
}

/* SVT through the Gram matrix against SVT through a full dgesdd. */
static int svt_check(size_t m, size_t n, double tau, unsigned long long seed) {
    dlrf_mat *M = random_matrix(m, n, seed), *out = dlrf_mat_new(m, n), *ref = dlrf_mat_new(m, n);
    dlrf_mat *U, *s, *Vt;
    CHECK(dlrf_svd_thin(M, &U, &s, &Vt, NULL) == DLRF_OK);
    double nuc_ref = 0.0;
    int rank_ref = 0;
    for (size_t j = 0; j < s->rows; j++) {
        double f = s->data[j] > tau ? s->data[j] - tau : 0.0;
        nuc_ref += f;
        rank_ref += f > 0.0;
        for (size_t i = 0; i < m; i++)
            DLRF_AT(U, i, j) *= f;
    }
    dlrf_gemm('N', 'N', 1.0, U, Vt, 0.0, ref);
    dlrf_svt_ws ws;
    CHECK(dlrf_svt_ws_init(&ws, m, n) == DLRF_OK);
    double nuc;
    int rank;
    CHECK(dlrf_svt(&ws, M, tau, out, &nuc, &rank) == DLRF_OK);
    CHECK(rank == rank_ref);
    CHECK_LE(fabs(nuc - nuc_ref), 1e-10 * (1 + nuc_ref));
    CHECK_LE(dlrf_mat_norm_inf(ref) > 0 ? rel_diff(out, ref) : dlrf_mat_norm_inf(out), 1e-10);
    dlrf_svt_ws_free(&ws);
    dlrf_mat_free(M), dlrf_mat_free(out), dlrf_mat_free(ref);
    dlrf_mat_free(U), dlrf_mat_free(s), dlrf_mat_free(Vt);
    return 0;
}

static int svt_matches_dgesdd(void) {
    double taus[] = {0.0, 1e-6, 1.0, 5.0, 8.0, 100.0};
    for (int k = 0; k < 6; k++) {
        CHECK(svt_check(20, 70, taus[k], 10 + k) == 0); /* wide */
        CHECK(svt_check(70, 20, taus[k], 20 + k) == 0); /* tall */
        CHECK(svt_check(25, 25, taus[k], 30 + k) == 0);
    }
    return 0;
}

static int qr_orthonormal(void) {
    dlrf_mat *A = random_matrix(50, 8, 4), *Q = dlrf_mat_dup(A);
    CHECK(dlrf_qr_orthonormal(Q) == DLRF_OK);
    dlrf_mat *QtQ = matmul('T', 'N', Q, Q), *R = matmul('T', 'N', Q, A);
    for (size_t i = 0; i < 8; i++)
        DLRF_AT(QtQ, i, i) -= 1.0;
    CHECK_LE(dlrf_mat_norm_inf(QtQ), 1e-13);
    for (size_t j = 0; j < 8; j++) { /* R = Q^T A upper triangular with positive diagonal */
        CHECK(DLRF_AT(R, j, j) > 0.0);
        for (size_t i = j + 1; i < 8; i++)
            CHECK_LE(fabs(DLRF_AT(R, i, j)), 1e-12);
    }
    dlrf_mat *QR = matmul('N', 'N', Q, R);
    CHECK_LE(rel_diff(QR, A), 1e-13);
    dlrf_mat_free(A), dlrf_mat_free(Q), dlrf_mat_free(QtQ), dlrf_mat_free(R), dlrf_mat_free(QR);
    return 0;
}

static int eig_above_threshold(void) {
    /* S = Q diag(1..6) Q^T: eigenvalues above 3.5 are 4, 5, 6 with vectors Q(:,3:5). */
    dlrf_mat *Q = random_matrix(6, 6, 5);
    dlrf_qr_orthonormal(Q);
    dlrf_mat *QD = dlrf_mat_dup(Q);
    double d[6] = {1, 2, 3, 4, 5, 6};
    dlrf_scale_cols(QD, d);
    dlrf_mat *S = matmul('N', 'T', QD, Q);
    dlrf_eig_ws ws;
    CHECK(dlrf_eig_ws_init(&ws, 6) == DLRF_OK);
    int first, m;
    CHECK(dlrf_eig_sym_above(&ws, S, 3.5, &first, &m) == DLRF_OK);
    CHECK(m == 3);
    for (int k = 0; k < 3; k++) {
        CHECK_LE(fabs(ws.w[first + k] - (4.0 + k)), 1e-12);
        double dot = 0.0;
        for (int i = 0; i < 6; i++)
            dot += ws.z[(first + k) * 6 + i] * DLRF_AT(Q, i, 3 + k);
        CHECK_LE(fabs(fabs(dot) - 1.0), 1e-12);
    }
    dlrf_eig_ws_free(&ws);
    dlrf_mat_free(Q), dlrf_mat_free(QD), dlrf_mat_free(S);
    return 0;
}

static int soft_threshold(void) {
    CHECK(dlrf_shrink(3.0, 1.0) == 2.0);
    CHECK(dlrf_shrink(-3.0, 1.0) == -2.0);
    CHECK(dlrf_shrink(0.5, 1.0) == 0.0);
    CHECK(dlrf_shrink(-1.0, 1.0) == 0.0);
    double v[4] = {2, -0.2, 0.3, -5};
    dlrf_mat m = dlrf_mat_wrap(v, 2, 2, 2);
    dlrf_shrink_mat(&m, 0.25, &m);
    CHECK(v[0] == 1.75 && v[1] == 0.0 && fabs(v[2] - 0.05) < 1e-15 && v[3] == -4.75);
    return 0;
}

TEST_MAIN({"svd_reconstructs", svd_reconstructs}, {"numerical_rank", numerical_rank},
          {"svt_matches_dgesdd", svt_matches_dgesdd}, {"qr_orthonormal", qr_orthonormal},
          {"eig_above_threshold", eig_above_threshold}, {"soft_threshold", soft_threshold})
