/* Single-layer solvers: feasibility, KKT conditions, closed forms, agreement with
 * the textbook dense iteration, block-diagonality, determinism, errors. */
#include <lapacke.h>

#include "harness.h"

/* Solves with the default schedule; the KKT tests also ask for a small dual
 * residual, since the reference stopping rule tests feasibility only. */
static dlrf_layer *solve_dual(dlrf_model m, const dlrf_mat *A, double lambda, double tol_dual,
                              dlrf_status *st) {
    dlrf_layer *s = dlrf_layer_new(m);
    dlrf_opts o;
    dlrf_opts_default(&o);
    o.lambda = lambda;
    if (tol_dual > 0.0) { /* a penalty cap at which the multiplier converges too */
        o.tol_dual = tol_dual;
        o.tol = m == DLRF_LATLRR ? 1e-6 : 1e-8;
        o.mu_max = m == DLRF_LATLRR ? 3.0 : 10.0;
        o.max_iter = 60000;
    }
    dlrf_layer_set_opts(s, &o);
    *st = dlrf_layer_run(s, A);
    return s;
}

static dlrf_layer *solve(dlrf_model m, const dlrf_mat *A, double lambda, dlrf_status *st) {
    return solve_dual(m, A, lambda, 0.0, st);
}

/* ||A - A Z - L A - E||_F / ||A||_F from the returned factors. */
static double feasibility(const dlrf_layer *s, const dlrf_mat *A) {
    dlrf_mat E = dlrf_layer_e(s);
    dlrf_mat *R = dlrf_mat_dup(A), *AZ = dlrf_mat_new(A->rows, A->cols);
    dlrf_layer_apply_z(s, A, AZ);
    dlrf_mat *L = dlrf_layer_l_materialise(s);
    dlrf_gemm('N', 'N', -1.0, L, A, 1.0, R);
    for (size_t k = 0; k < A->rows * A->cols; k++)
        R->data[k] -= AZ->data[k] + E.data[k];
    double r = dlrf_mat_norm_fro(R) / dlrf_mat_norm_fro(A);
    dlrf_mat_free(R), dlrf_mat_free(AZ), dlrf_mat_free(L);
    return r;
}

/* KKT of the l1 term: |Y| <= lambda, Y = lambda sign(E) where E != 0. */
static int kkt_l1(const dlrf_layer *s, double lambda) {
    dlrf_mat E = dlrf_layer_e(s), Y = dlrf_layer_y(s);
    size_t nz = 0;
    for (size_t k = 0; k < E.rows * E.cols; k++) {
        CHECK_LE(fabs(Y.data[k]), lambda * (1 + 1e-9));
        if (E.data[k] != 0.0) {
            nz++;
            CHECK_LE(fabs(Y.data[k] - copysign(lambda, E.data[k])), 1e-9 * lambda);
        }
    }
    CHECK(nz > 0); /* the test data has sparse corruption, so E must not be empty */
    return 0;
}

static dlrf_mat *corrupted(void) {
    return make_subspace_data(40, 60, 3, 4, 0.05, 0.5, 7, NULL);
}

static int fllrr_feasible_kkt(void) {
    dlrf_mat *A = corrupted();
    dlrf_status st;
    double lambda = 0.3;
    dlrf_layer *s = solve_dual(DLRF_FLLRR, A, lambda, 1e-7, &st);
    CHECK(st == DLRF_OK && dlrf_layer_converged(s));
    CHECK_LE(feasibility(s, A), 1e-6);
    CHECK(kkt_l1(s, lambda) == 0);
    /* Frobenius stationarity: Z = A^T Y and L = Y A^T. */
    dlrf_mat Y = dlrf_layer_y(s);
    dlrf_mat *Z = dlrf_layer_z_materialise(s), *L = dlrf_layer_l_materialise(s);
    dlrf_mat *AtY = matmul('T', 'N', A, &Y), *YAt = matmul('N', 'T', &Y, A);
    CHECK_LE(rel_diff(Z, AtY), 1e-4);
    CHECK_LE(rel_diff(L, YAt), 1e-4);
    dlrf_mat_free(Z), dlrf_mat_free(L), dlrf_mat_free(AtY), dlrf_mat_free(YAt);
    dlrf_layer_free(s), dlrf_mat_free(A);
    return 0;
}

/* Nuclear KKT: ||G||_2 <= 1 for G = A^T Y (or Y A^T), and u^T G v = 1 on the
 * leading singular pairs (u, v) of X = Z (or L): G is a subgradient of ||X||_*. */
static int kkt_nuclear(const dlrf_mat *G, const dlrf_mat *X) {
    CHECK_LE(spectral_norm(G), 1.0 + 2e-3);
    dlrf_mat *W = dlrf_mat_dup(X);
    size_t m = X->rows, n = X->cols, k = m < n ? m : n;
    dlrf_mat *U = dlrf_mat_new(m, k), *Vt = dlrf_mat_new(k, n);
    double *sv = malloc(k * sizeof *sv);
    LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'S', (int)m, (int)n, W->data, (int)m, sv, U->data, (int)m,
                   Vt->data, (int)k);
    int checked = 0;
    for (size_t j = 0; j < k && sv[j] > 1e-3 * sv[0]; j++, checked++) {
        dlrf_mat u = dlrf_mat_view(U, 0, j, m, 1), vt = dlrf_mat_view(Vt, j, 0, 1, n);
        dlrf_mat *Gv = matmul('N', 'T', G, &vt), *uGv = matmul('T', 'N', &u, Gv);
        CHECK_LE(fabs(uGv->data[0] - 1.0), 2e-3);
        dlrf_mat_free(Gv), dlrf_mat_free(uGv);
    }
    CHECK(checked > 0);
    free(sv), dlrf_mat_free(W), dlrf_mat_free(U), dlrf_mat_free(Vt);
    return 0;
}

static int latlrr_feasible_kkt(void) {
    dlrf_mat *A = corrupted();
    dlrf_status st;
    double lambda = 0.3;
    dlrf_layer *s = solve_dual(DLRF_LATLRR, A, lambda, 1e-4, &st);
    CHECK(st == DLRF_OK);
    CHECK_LE(feasibility(s, A), 1e-6);
    CHECK(kkt_l1(s, lambda) == 0);
    dlrf_mat Y = dlrf_layer_y(s);
    dlrf_mat *Z = dlrf_layer_z_materialise(s), *L = dlrf_layer_l_materialise(s);
    dlrf_mat *AtY = matmul('T', 'N', A, &Y), *YAt = matmul('N', 'T', &Y, A);
    CHECK(kkt_nuclear(AtY, Z) == 0);
    CHECK(kkt_nuclear(YAt, L) == 0);
    dlrf_mat_free(Z), dlrf_mat_free(L), dlrf_mat_free(AtY), dlrf_mat_free(YAt);
    dlrf_layer_free(s), dlrf_mat_free(A);
    return 0;
}

static int lrr_feasible_kkt(void) {
    dlrf_mat *A = corrupted();
    double lambda = 0.5;
    dlrf_status st;
    dlrf_layer *s = solve_dual(DLRF_LRR, A, lambda, 1e-6, &st);
    CHECK(st == DLRF_OK);
    CHECK_LE(feasibility(s, A), 1e-6); /* L = 0 for LRR */
    dlrf_mat E = dlrf_layer_e(s), Y = dlrf_layer_y(s);
    size_t nz = 0;
    for (size_t j = 0; j < A->cols; j++) { /* l2,1: ||Y_j|| <= lambda, = lambda E_j/||E_j|| */
        dlrf_mat e = dlrf_mat_view(&E, 0, j, E.rows, 1), y = dlrf_mat_view(&Y, 0, j, Y.rows, 1);
        double ne = dlrf_mat_norm_fro(&e), ny = dlrf_mat_norm_fro(&y);
        CHECK_LE(ny, lambda * (1 + 1e-9));
        if (ne > 0) {
            nz++;
            for (size_t i = 0; i < E.rows; i++)
                CHECK_LE(fabs(DLRF_AT(&y, i, 0) - lambda * DLRF_AT(&e, i, 0) / ne), 1e-8);
        }
    }
    CHECK(nz > 0);
    dlrf_mat *Z = dlrf_layer_z_materialise(s), *AtY = matmul('T', 'N', A, &Y);
    CHECK(kkt_nuclear(AtY, Z) == 0);
    dlrf_mat_free(Z), dlrf_mat_free(AtY), dlrf_layer_free(s), dlrf_mat_free(A);
    return 0;
}

/* Clean data, lambda -> infinity (E = 0): Z = V V^T / 2, L = U U^T / 2. */
static int fllrr_closed_form(void) {
    dlrf_mat *A = make_subspace_data(30, 45, 3, 3, 0.0, 0.0, 9, NULL);
    dlrf_status st;
    dlrf_layer *s = solve(DLRF_FLLRR, A, 1e8, &st);
    CHECK(st == DLRF_OK);
    CHECK(dlrf_layer_rank(s) == 9);
    dlrf_mat V = dlrf_layer_v(s), U = dlrf_layer_u(s);
    dlrf_mat *VVt = matmul('N', 'T', &V, &V), *UUt = matmul('N', 'T', &U, &U);
    dlrf_mat_scale(VVt, 0.5);
    dlrf_mat_scale(UUt, 0.5);
    dlrf_mat *Z = dlrf_layer_z_materialise(s), *L = dlrf_layer_l_materialise(s);
    CHECK_LE(rel_diff(Z, VVt), 1e-5);
    CHECK_LE(rel_diff(L, UUt), 1e-5);
    CHECK_LE(dlrf_mat_norm_inf((dlrf_mat[]){dlrf_layer_e(s)}), 1e-8);
    dlrf_mat_free(VVt), dlrf_mat_free(UUt), dlrf_mat_free(Z), dlrf_mat_free(L);
    dlrf_layer_free(s), dlrf_mat_free(A);
    return 0;
}

/* LRR on clean data gives the shape interaction matrix Z = V V^T. */
static int lrr_shape_interaction(void) {
    dlrf_mat *A = make_subspace_data(30, 45, 3, 3, 0.0, 0.0, 11, NULL);
    dlrf_status st;
    dlrf_layer *s = solve(DLRF_LRR, A, 1e8, &st);
    CHECK(st == DLRF_OK);
    dlrf_mat V = dlrf_layer_v(s);
    dlrf_mat *VVt = matmul('N', 'T', &V, &V), *Z = dlrf_layer_z_materialise(s);
    CHECK_LE(rel_diff(Z, VVt), 1e-5);
    dlrf_mat_free(VVt), dlrf_mat_free(Z), dlrf_layer_free(s), dlrf_mat_free(A);
    return 0;
}

/* The factored solver and the textbook N x N iteration, same schedule. */
static int matches_dense(dlrf_model m) {
    dlrf_mat *A = make_subspace_data(24, 36, 3, 3, 0.08, 0.5, 13, NULL);
    dlrf_opts o;
    dlrf_opts_default(&o);
    o.lambda = 0.4;
    o.mu0 = 0.05;
    o.rho = 1.2;
    o.tol = 0.0;
    o.max_iter = 40;
    dlrf_layer *s = dlrf_layer_new(m);
    dlrf_layer_set_opts(s, &o);
    CHECK(dlrf_layer_run(s, A) == DLRF_ENOCONV); /* tol 0 runs exactly max_iter */
    CHECK(dlrf_layer_iterations(s) == 40);
    dlrf_mat *Zd = NULL, *Ld = NULL;
    if (m == DLRF_FLLRR) dense_fllrr(A, &o, 40, &Zd, &Ld);
    if (m == DLRF_LATLRR) dense_latlrr(A, &o, 40, &Zd, &Ld);
    if (m == DLRF_LRR) dense_lrr(A, &o, 40, &Zd);
    dlrf_mat *Z = dlrf_layer_z_materialise(s);
    CHECK(dlrf_mat_norm_fro(Zd) > 1e-3); /* a non-trivial iterate */
    CHECK_LE(rel_diff(Z, Zd), 1e-8);
    if (Ld) {
        dlrf_mat *L = dlrf_layer_l_materialise(s);
        CHECK_LE(rel_diff(L, Ld), 1e-8);
        dlrf_mat_free(L);
    }
    dlrf_mat_free(Z), dlrf_mat_free(Zd), dlrf_mat_free(Ld), dlrf_layer_free(s), dlrf_mat_free(A);
    return 0;
}
static int fllrr_matches_dense(void) {
    return matches_dense(DLRF_FLLRR);
}
static int latlrr_matches_dense(void) {
    return matches_dense(DLRF_LATLRR);
}
static int lrr_matches_dense(void) {
    return matches_dense(DLRF_LRR);
}

/* Independent subspaces, clean: off-block mass of Z is a tiny fraction. */
static int block_diagonal(dlrf_model m, double lambda, double min_score) {
    int labels[100];
    dlrf_mat *A = make_subspace_data(60, 100, 5, 3, 0.0, 0.0, 17, labels);
    dlrf_status st;
    dlrf_layer *s = solve(m, A, lambda, &st);
    CHECK(st == DLRF_OK);
    dlrf_mat V = dlrf_layer_v(s), C = dlrf_layer_c(s);
    double score = dlrf_block_diag_score(&V, &C, labels);
    printf("  %s block-diagonality %.6f\n", dlrf_model_name(m), score);
    CHECK(score >= min_score);
    dlrf_layer_free(s), dlrf_mat_free(A);
    return 0;
}
static int fllrr_block_diagonal(void) {
    return block_diagonal(DLRF_FLLRR, 10.0, 0.999);
}
static int lrr_block_diagonal(void) {
    return block_diagonal(DLRF_LRR, 10.0, 0.999);
}
/* LatLRR's solution set on clean data is {Z = V W V^T, L = U (I - W) U^T}, not
 * all block-diagonal (Zhang et al. 2013), so its Z is only mostly so. */
static int latlrr_block_diagonal(void) {
    return block_diagonal(DLRF_LATLRR, 10.0, 0.95);
}

static int deterministic(void) {
    dlrf_mat *A = corrupted();
    dlrf_status st1, st2;
    dlrf_layer *a = solve(DLRF_LATLRR, A, 0.3, &st1), *b = solve(DLRF_LATLRR, A, 0.3, &st2);
    dlrf_mat *Za = dlrf_layer_z_materialise(a), *Zb = dlrf_layer_z_materialise(b);
    CHECK(st1 == st2 && dlrf_layer_iterations(a) == dlrf_layer_iterations(b));
    CHECK(memcmp(Za->data, Zb->data, Za->rows * Za->cols * sizeof(double)) == 0);
    dlrf_mat_free(Za), dlrf_mat_free(Zb), dlrf_layer_free(a), dlrf_layer_free(b), dlrf_mat_free(A);
    return 0;
}

static int not_converged_is_readable(void) {
    dlrf_mat *A = corrupted();
    dlrf_layer *s = dlrf_layer_new(DLRF_FLLRR);
    dlrf_opts o;
    dlrf_opts_default(&o);
    o.max_iter = 5;
    dlrf_layer_set_opts(s, &o);
    CHECK(dlrf_layer_run(s, A) == DLRF_ENOCONV);
    CHECK(!dlrf_layer_converged(s) && dlrf_layer_iterations(s) == 5);
    CHECK(strstr(dlrf_layer_errmsg(s), "did not converge") != NULL);
    dlrf_mat C = dlrf_layer_c(s);
    CHECK(C.data != NULL && dlrf_layer_history_residual(s)[4] == dlrf_layer_residual(s));
    dlrf_layer_free(s), dlrf_mat_free(A);
    return 0;
}

/* An SVT whose Gram matrix has eigenvalues MRRR (dstemr) cannot separate: LRR
 * at lambda 10 on these subspaces failed with a LAPACK error at iteration 160
 * before bisection with inverse iteration took over. */
static int lrr_mrrr_fallback(void) {
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.subspaces = 4, so.per_subspace = 12, so.dim = 4, so.ambient = 60;
    dlrf_mat *X;
    int *y;
    CHECK(dlrf_synth_subspaces(&so, &X, &y) == DLRF_OK);
    dlrf_layer *s = dlrf_layer_new(DLRF_LRR);
    dlrf_layer_set_lambda(s, 10.0);
    CHECK(dlrf_layer_run(s, X) == DLRF_OK);
    CHECK_LE(dlrf_layer_residual(s), 1e-6);
    dlrf_layer_free(s), dlrf_mat_free(X), free(y);
    return 0;
}

static int bad_inputs(void) {
    dlrf_layer *s = dlrf_layer_new(DLRF_FLLRR);
    dlrf_mat *A = random_matrix(5, 8, 3), *one = random_matrix(5, 1, 3), *zero = dlrf_mat_new(4, 4);
    CHECK(dlrf_layer_set_lambda(s, -1.0) == DLRF_EINVAL);
    CHECK(strstr(dlrf_layer_errmsg(s), "lambda") != NULL);
    CHECK(dlrf_layer_set_lambda(s, NAN) == DLRF_EINVAL);
    CHECK(dlrf_layer_run(s, one) == DLRF_EINVAL);
    CHECK(strstr(dlrf_layer_errmsg(s), "2 samples") != NULL);
    CHECK(dlrf_layer_run(s, zero) == DLRF_EINVAL);
    DLRF_AT(A, 2, 3) = NAN;
    CHECK(dlrf_layer_run(s, A) == DLRF_EINVAL);
    CHECK(strstr(dlrf_layer_errmsg(s), "NaN") != NULL);
    CHECK(dlrf_layer_c(s).data == NULL); /* nothing readable after a failed run */
    dlrf_opts o;
    dlrf_opts_default(&o);
    o.rho = 0.5;
    CHECK(dlrf_layer_set_opts(s, &o) == DLRF_EINVAL);
    dlrf_model m;
    CHECK(dlrf_model_from_name("nope", &m) == DLRF_EINVAL);
    CHECK(dlrf_model_from_name("latlrr", &m) == DLRF_OK && m == DLRF_LATLRR);
    dlrf_layer_free(NULL);
    dlrf_layer_free(s), dlrf_mat_free(A), dlrf_mat_free(one), dlrf_mat_free(zero);
    return 0;
}

/* The reference schedule stops on feasibility: ||A - AZ - LA - E||_F/||A||_F <= tol. */
static int default_schedule_feasible(void) {
    dlrf_mat *A = corrupted();
    dlrf_model models[] = {DLRF_FLLRR, DLRF_LATLRR, DLRF_LRR};
    for (int k = 0; k < 3; k++) {
        dlrf_status st;
        dlrf_layer *s = solve(models[k], A, 0.3, &st);
        CHECK(st == DLRF_OK && dlrf_layer_converged(s));
        CHECK(dlrf_layer_iterations(s) > 10 && dlrf_layer_residual(s) <= 1e-6);
        CHECK_LE(feasibility(s, A), 1e-6);
        dlrf_layer_free(s);
    }
    dlrf_mat_free(A);
    return 0;
}

/* lambda = 0 resolves to sqrt(min(n, N)) / ||A||_F, so scaling the data leaves Z alone. */
static int automatic_lambda_scale_free(void) {
    dlrf_mat *A = corrupted(), *A7 = dlrf_mat_dup(A);
    dlrf_mat_scale(A7, 7.0);
    dlrf_layer *a = dlrf_layer_new(DLRF_FLLRR), *b = dlrf_layer_new(DLRF_FLLRR);
    CHECK(dlrf_layer_run(a, A) == DLRF_OK && dlrf_layer_run(b, A7) == DLRF_OK);
    CHECK_LE(fabs(dlrf_layer_lambda(a) - 0.1 * sqrt((double)A->cols) / dlrf_mat_norm_fro(A)),
             1e-15);
    CHECK_LE(fabs(dlrf_layer_lambda(b) * 7.0 - dlrf_layer_lambda(a)), 1e-14);
    dlrf_mat *Za = dlrf_layer_z_materialise(a), *Zb = dlrf_layer_z_materialise(b);
    CHECK_LE(rel_diff(Zb, Za),
             1e-3); /* the schedule is not scale-free: both stop near, not at, the optimum */
    dlrf_mat_free(Za), dlrf_mat_free(Zb), dlrf_layer_free(a), dlrf_layer_free(b);
    /* LRR's l2,1 error has its own scale: 1 for unit-norm samples */
    dlrf_layer *c = dlrf_layer_new(DLRF_LRR);
    CHECK(dlrf_layer_run(c, A) == DLRF_OK);
    CHECK_LE(fabs(dlrf_layer_lambda(c) - sqrt((double)A->cols) / dlrf_mat_norm_fro(A)), 1e-15);
    dlrf_layer_free(c);
    dlrf_mat_free(A), dlrf_mat_free(A7);
    return 0;
}

TEST_MAIN({"automatic_lambda_scale_free", automatic_lambda_scale_free},
          {"lrr_mrrr_fallback", lrr_mrrr_fallback},
          {"default_schedule_feasible", default_schedule_feasible},
          {"fllrr_feasible_kkt", fllrr_feasible_kkt}, {"latlrr_feasible_kkt", latlrr_feasible_kkt},
          {"lrr_feasible_kkt", lrr_feasible_kkt}, {"fllrr_closed_form", fllrr_closed_form},
          {"lrr_shape_interaction", lrr_shape_interaction},
          {"fllrr_matches_dense", fllrr_matches_dense},
          {"latlrr_matches_dense", latlrr_matches_dense}, {"lrr_matches_dense", lrr_matches_dense},
          {"fllrr_block_diagonal", fllrr_block_diagonal},
          {"lrr_block_diagonal", lrr_block_diagonal},
          {"latlrr_block_diagonal", latlrr_block_diagonal}, {"deterministic", deterministic},
          {"not_converged_is_readable", not_converged_is_readable}, {"bad_inputs", bad_inputs})
