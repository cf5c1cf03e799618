/* RPCA and rLatLRR: planted recovery, the selection's constraints and
 * optimality, block-diagonal Z and exact clustering on independent subspaces,
 * and rLatLRR as a network layer. */
#include <lapacke.h>

#include "harness.h"
#include "solvers/solver.h"

static double l1_norm(const dlrf_mat *m) {
    return dlrf_mat_norm_l1(m);
}

/* A rank-3 60 x 80 matrix plus 5% sparse corruption of magnitude 1..2. */
static int rpca_recovers_planted(void) {
    dlrf_mat *F = random_matrix(60, 3, 1), *G = random_matrix(3, 80, 2);
    dlrf_mat *L0 = matmul('N', 'N', F, G), *S0 = dlrf_mat_new(60, 80), *X = dlrf_mat_new(60, 80);
    dlrf_rng rng;
    dlrf_rng_seed(&rng, 3);
    for (size_t j = 0; j < 80; j++)
        for (size_t i = 0; i < 60; i++) {
            if (dlrf_rng_uniform(&rng) < 0.05)
                DLRF_AT(S0, i, j) =
                    (dlrf_rng_uniform(&rng) < 0.5 ? -1 : 1) * (1.0 + dlrf_rng_uniform(&rng));
            DLRF_AT(X, i, j) = DLRF_AT(L0, i, j) + DLRF_AT(S0, i, j);
        }
    dlrf_mat *A = dlrf_mat_new(60, 80), *E = dlrf_mat_new(60, 80);
    dlrf_rpca_opts o;
    dlrf_rpca_opts_default(&o);
    int it = 0;
    char err[256];
    CHECK(dlrf_rpca(X, &o, A, E, &it, err, sizeof err) == DLRF_OK);
    CHECK(it > 5 && it < o.max_iter);
    CHECK_LE(rel_diff(A, L0), 1e-5);
    CHECK_LE(rel_diff(E, S0), 1e-5);
    o.max_iter = 3; /* cut short: readable, flagged */
    CHECK(dlrf_rpca(X, &o, A, E, &it, err, sizeof err) == DLRF_ENOCONV && it == 3);
    dlrf_mat *bad = dlrf_mat_new(5, 5);
    CHECK(dlrf_rpca(X, &o, bad, E, NULL, err, sizeof err) == DLRF_EINVAL);
    dlrf_mat_free(F), dlrf_mat_free(G), dlrf_mat_free(L0), dlrf_mat_free(S0), dlrf_mat_free(X);
    dlrf_mat_free(A), dlrf_mat_free(E), dlrf_mat_free(bad);
    return 0;
}

static int subspaces(dlrf_mat **X, int **y) {
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.subspaces = 5, so.dim = 4, so.ambient = 100, so.per_subspace = 20, so.corrupt = 0.0;
    return dlrf_synth_subspaces(&so, X, y) == DLRF_OK ? 0 : 1;
}

static double accuracy(const dlrf_mat *F, const dlrf_mat *G, const int *y, int k) {
    dlrf_spectral *s = dlrf_spectral_new(k);
    dlrf_metrics m = {0};
    if (dlrf_spectral_run(s, F, G) == DLRF_OK)
        dlrf_cluster_metrics(y, dlrf_spectral_labels(s), F->rows, &m);
    dlrf_spectral_free(s);
    return m.accuracy;
}

/* w on the simplex; Z = V diag(w) V^T block-diagonal, sparser than the start
 * W = I/r, and clustering exactly; X = XZ + LX + E with E ~ 0 on clean data. */
static int rlatlrr_sparsest(void) {
    dlrf_mat *X;
    int *y;
    CHECK(subspaces(&X, &y) == 0);
    dlrf_layer *s = dlrf_layer_new(DLRF_RLATLRR);
    dlrf_layer_set_lambda(s, 2.0 / sqrt(100.0)); /* the standard weight leaks rank 20 into E */
    CHECK(dlrf_layer_run(s, X) == DLRF_OK);
    dlrf_mat V = dlrf_layer_v(s), C = dlrf_layer_c(s);
    size_t r = dlrf_layer_rank(s), N = X->cols;
    CHECK(r == 20);                         /* 5 subspaces of dimension 4: RPCA kept X whole */
    dlrf_mat *W = matmul('N', 'N', &C, &V); /* diag(w) V^T V = diag(w) */
    double sum = 0.0;
    for (size_t i = 0; i < r; i++) {
        CHECK(DLRF_AT(W, i, i) >= -1e-6 && DLRF_AT(W, i, i) <= 1.0 + 1e-6);
        sum += DLRF_AT(W, i, i);
    }
    CHECK(fabs(sum - 1.0) < 1e-9);
    CHECK(dlrf_block_diag_score(&V, &C, y) > 0.999);
    CHECK(accuracy(&V, &C, y, 5) == 1.0);
    dlrf_mat *Z = dlrf_layer_z_materialise(s), *Z0 = matmul('N', 'T', &V, &V);
    dlrf_mat_scale(Z0, 1.0 / (double)r);
    /* the minimum over the set: no feasible w gives a sparser Z (the start
     * w = 1/r, and random points of the simplex) */
    CHECK_LE(l1_norm(Z), l1_norm(Z0) * (1 + 1e-4)); /* ADM accuracy */
    dlrf_rng rng;
    dlrf_rng_seed(&rng, 5);
    for (int trial = 0; trial < 20; trial++) {
        double w[64], tot = 0.0;
        for (size_t i = 0; i < r; i++)
            tot += w[i] = -log(1.0 - dlrf_rng_uniform(&rng)); /* uniform on the simplex */
        dlrf_mat *VW = dlrf_mat_dup(&V);
        for (size_t i = 0; i < r; i++)
            for (size_t j = 0; j < N; j++)
                DLRF_AT(VW, j, i) *= w[i] / tot;
        dlrf_mat *Zw = matmul('N', 'T', VW, &V);
        CHECK_LE(l1_norm(Z), l1_norm(Zw) * (1 + 1e-4));
        dlrf_mat_free(VW), dlrf_mat_free(Zw);
    }
    dlrf_mat *L = dlrf_layer_l_materialise(s), E = dlrf_layer_e(s);
    dlrf_mat *R = matmul('N', 'N', X, Z), *LX = matmul('N', 'N', L, X);
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < X->rows; i++)
            DLRF_AT(R, i, j) += DLRF_AT(LX, i, j) + DLRF_AT(&E, i, j);
    CHECK_LE(rel_diff(R, X), 1e-10); /* E is defined as the residual... */
    CHECK_LE(dlrf_mat_norm_fro(&E), 1e-5 * dlrf_mat_norm_fro(X)); /* ...and is ~0 here */
    dlrf_mat_free(W), dlrf_mat_free(Z), dlrf_mat_free(Z0), dlrf_mat_free(L), dlrf_mat_free(R);
    dlrf_mat_free(LX), dlrf_layer_free(s), dlrf_mat_free(X), free(y);
    return 0;
}

/* Sparse gross corruption (2% of the entries): with RPCA's standard weight
 * 1/sqrt(max(n, N)), the default, it goes into E and Z still clusters exactly. */
static int rlatlrr_sparse_corruption(void) {
    dlrf_mat *X;
    int *y;
    CHECK(subspaces(&X, &y) == 0);
    dlrf_rng rng;
    dlrf_rng_seed(&rng, 9);
    double scale = dlrf_mat_norm_inf(X);
    for (size_t j = 0; j < X->cols; j++)
        for (size_t i = 0; i < X->rows; i++)
            if (dlrf_rng_uniform(&rng) < 0.02)
                DLRF_AT(X, i, j) += scale * (2.0 * dlrf_rng_uniform(&rng) - 1.0);
    dlrf_layer *s = dlrf_layer_new(DLRF_RLATLRR);
    dlrf_status st = dlrf_layer_run(s, X);
    CHECK(st == DLRF_OK || st == DLRF_ENOCONV);
    dlrf_mat V = dlrf_layer_v(s), C = dlrf_layer_c(s);
    CHECK(accuracy(&V, &C, y, 5) == 1.0);
    CHECK(dlrf_block_diag_score(&V, &C, y) > 0.5); /* chance: 0.2 */
    dlrf_layer_free(s), dlrf_mat_free(X), free(y);
    return 0;
}

/* rDLRF-Net: rLatLRR stacks like any latent layer. */
static int rdlrf_network(void) {
    dlrf_mat *X;
    int *y;
    CHECK(subspaces(&X, &y) == 0);
    CHECK(dlrf_model_is_latent(DLRF_RLATLRR));
    dlrf_model m;
    CHECK(dlrf_model_from_name("rlatlrr", &m) == DLRF_OK && m == DLRF_RLATLRR);
    dlrf_net *net = dlrf_net_new(DLRF_RLATLRR, 2);
    double lam = 2.0 / sqrt(100.0); /* clean: the rank-20 input kept whole, as above */
    dlrf_net_set_lambdas(net, &lam, 1);
    dlrf_status st = dlrf_net_run(net, X);
    CHECK(st == DLRF_OK || st == DLRF_ENOCONV);
    dlrf_mat *F, *G;
    CHECK(dlrf_net_z_product(net, 2, &F, &G) == DLRF_OK);
    CHECK(accuracy(F, G, y, 5) == 1.0);
    dlrf_mat_free(F), dlrf_mat_free(G), dlrf_net_free(net), dlrf_mat_free(X), free(y);
    return 0;
}

/* rLRR and SA-LatLRR stack too: the network knows no model. Both solves of
 * layer 2 are of the model, and the 2-layer product clusters exactly. */
static int baseline_networks(void) {
    dlrf_mat *X;
    int *y;
    CHECK(subspaces(&X, &y) == 0);
    const dlrf_model models[] = {DLRF_RLRR, DLRF_SALATLRR};
    for (int i = 0; i < 2; i++) {
        CHECK(dlrf_model_is_latent(models[i]));
        dlrf_net *net = dlrf_net_new(models[i], 2);
        dlrf_status st = dlrf_net_run(net, X);
        CHECK(st == DLRF_OK || st == DLRF_ENOCONV);
        for (int solve = 1; solve <= 2; solve++)
            CHECK(dlrf_layer_model(dlrf_net_solver(net, 2, solve)) == models[i]);
        dlrf_mat *F, *G;
        CHECK(dlrf_net_z_product(net, 2, &F, &G) == DLRF_OK);
        CHECK(accuracy(F, G, y, 5) == 1.0);
        dlrf_mat_free(F), dlrf_mat_free(G), dlrf_net_free(net);
    }
    dlrf_mat_free(X), free(y);
    return 0;
}

/* The kNN Laplacian: symmetric, zero row sums, the nearest points of a line. */
static int knn_laplacian_line(void) {
    dlrf_mat *A = dlrf_mat_new(1, 6), *L = dlrf_mat_new(6, 6);
    const double x[] = {0, 1, 3, 7, 15, 31}; /* each point's nearest is its left one */
    for (int j = 0; j < 6; j++)
        DLRF_AT(A, 0, j) = x[j];
    CHECK(dlrf_knn_laplacian(A, 1, L) == DLRF_OK);
    for (int i = 0; i < 6; i++) {
        double sum = 0.0;
        for (int j = 0; j < 6; j++) {
            sum += DLRF_AT(L, i, j);
            CHECK(DLRF_AT(L, i, j) == DLRF_AT(L, j, i));
            int edge = (j == i - 1) || (j == i + 1);
            if (i != j) CHECK(DLRF_AT(L, i, j) == (edge ? -1.0 : 0.0));
        }
        CHECK(sum == 0.0);
    }
    dlrf_mat_free(A), dlrf_mat_free(L);
    return 0;
}

/* rlrr's Sylvester step solves (S^2 + I) C + a S^2 C L_G = R. */
static int rlrr_sylvester(void) {
    size_t r = 7, N = 40;
    dlrf_mat *pts = random_matrix(3, N, 11), *L = dlrf_mat_new(N, N), *P = dlrf_mat_new(N, N);
    dlrf_mat *R = random_matrix(r, N, 12), *C = dlrf_mat_new(r, N), *W = dlrf_mat_new(r, N);
    double gamma[40], sig[7], a = 3.7;
    CHECK(dlrf_knn_laplacian(pts, 4, L) == DLRF_OK);
    dlrf_mat_copy(P, L);
    CHECK(LAPACKE_dsyev(LAPACK_COL_MAJOR, 'V', 'U', (int)N, P->data, (int)N, gamma) == 0);
    for (size_t i = 0; i < r; i++)
        sig[i] = 0.3 + (double)i;
    double tr = dlrf_sylvester_c(sig, P, gamma, a, R, C, W);
    dlrf_mat *CL = matmul('N', 'N', C, L), *lhs = dlrf_mat_new(r, N);
    double t2 = 0.0;
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < r; i++) {
            double s2 = sig[i] * sig[i];
            DLRF_AT(lhs, i, j) = (s2 + 1.0) * DLRF_AT(C, i, j) + a * s2 * DLRF_AT(CL, i, j);
            t2 += s2 * DLRF_AT(C, i, j) * DLRF_AT(CL, i, j); /* tr(S C L_G C^T S) */
        }
    CHECK_LE(rel_diff(lhs, R), 1e-10);
    CHECK(fabs(tr - t2) <= 1e-10 * fabs(t2));
    dlrf_mat_free(pts), dlrf_mat_free(L), dlrf_mat_free(P), dlrf_mat_free(R), dlrf_mat_free(C);
    dlrf_mat_free(W), dlrf_mat_free(CL), dlrf_mat_free(lhs);
    return 0;
}

/* tr(A Z L_G Z^T A^T) of a fitted layer. */
static double graph_term(const dlrf_layer *s, const dlrf_mat *X, int k) {
    dlrf_mat *L = dlrf_mat_new(X->cols, X->cols), *Z = dlrf_layer_z_materialise(s);
    dlrf_knn_laplacian(X, k, L);
    dlrf_mat *XZ = matmul('N', 'N', X, Z), *T = matmul('N', 'N', XZ, L);
    double t = 0.0;
    for (size_t j = 0; j < X->cols; j++)
        for (size_t i = 0; i < X->rows; i++)
            t += DLRF_AT(T, i, j) * DLRF_AT(XZ, i, j);
    dlrf_mat_free(L), dlrf_mat_free(Z), dlrf_mat_free(XZ), dlrf_mat_free(T);
    return t;
}

/* rlrr with alpha = 0 is LatLRR; alpha > 0 makes A Z smoother on the graph
 * and stays feasible; the defaults cluster independent subspaces exactly. */
static int rlrr_reduces_and_smooths(void) {
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.subspaces = 4, so.dim = 3, so.ambient = 40, so.per_subspace = 15;
    dlrf_mat *X;
    int *y;
    CHECK(dlrf_synth_subspaces(&so, &X, &y) == DLRF_OK);
    dlrf_opts o;
    dlrf_opts_default(&o);
    o.lambda = 0.5, o.alpha = 0.0;
    dlrf_layer *a = dlrf_layer_new(DLRF_RLRR), *b = dlrf_layer_new(DLRF_LATLRR),
               *c = dlrf_layer_new(DLRF_RLRR);
    dlrf_layer_set_opts(a, &o), dlrf_layer_set_opts(b, &o);
    o.alpha = 10.0;
    dlrf_layer_set_opts(c, &o);
    CHECK(dlrf_layer_run(a, X) == DLRF_OK && dlrf_layer_run(b, X) == DLRF_OK);
    CHECK(dlrf_layer_run(c, X) == DLRF_OK);
    dlrf_mat *Za = dlrf_layer_z_materialise(a), *Zb = dlrf_layer_z_materialise(b);
    CHECK_LE(rel_diff(Za, Zb), 1e-8);
    CHECK(dlrf_layer_iterations(a) == dlrf_layer_iterations(b));
    CHECK(graph_term(c, X, 5) < 0.5 * graph_term(b, X, 5));
    CHECK_LE(dlrf_layer_residual(c), 1e-6);
    dlrf_mat_free(Za), dlrf_mat_free(Zb), dlrf_layer_free(a), dlrf_layer_free(b);
    dlrf_layer_free(c), dlrf_mat_free(X), free(y);
    CHECK(subspaces(&X, &y) == 0); /* the defaults on unit samples (dlrf cluster's): exact */
    dlrf_mat_unit_columns(X);
    c = dlrf_layer_new(DLRF_RLRR);
    CHECK(dlrf_layer_run(c, X) == DLRF_OK);
    dlrf_mat V = dlrf_layer_v(c), C = dlrf_layer_c(c);
    CHECK(accuracy(&V, &C, y, 5) == 1.0 && dlrf_block_diag_score(&V, &C, y) > 0.99);
    dlrf_layer_free(c), dlrf_mat_free(X), free(y);
    return 0;
}

/* ||LA - LAZ||_F of a fitted layer. */
static double locality(const dlrf_layer *s, const dlrf_mat *X) {
    dlrf_mat *L = dlrf_layer_l_materialise(s), *Z = dlrf_layer_z_materialise(s);
    dlrf_mat *LX = matmul('N', 'N', L, X), *LXZ = matmul('N', 'N', LX, Z);
    double d = rel_diff(LX, LXZ) * dlrf_mat_norm_fro(LXZ);
    dlrf_mat_free(L), dlrf_mat_free(Z), dlrf_mat_free(LX), dlrf_mat_free(LXZ);
    return d;
}

/* salatlrr with alpha = 0 is LatLRR; alpha > 0 shrinks ||LA - LAZ|| and stays
 * feasible; the defaults cluster independent subspaces exactly. */
static int salatlrr_reduces_and_localises(void) {
    dlrf_mat *X;
    int *y;
    CHECK(subspaces(&X, &y) == 0);
    dlrf_mat_unit_columns(X);
    dlrf_opts o;
    dlrf_opts_default(&o);
    o.alpha = 0.0;
    dlrf_layer *a = dlrf_layer_new(DLRF_SALATLRR), *b = dlrf_layer_new(DLRF_LATLRR),
               *c = dlrf_layer_new(DLRF_SALATLRR);
    dlrf_layer_set_opts(a, &o), dlrf_layer_set_opts(b, &o);
    CHECK(dlrf_layer_run(a, X) == DLRF_OK && dlrf_layer_run(b, X) == DLRF_OK);
    CHECK(dlrf_layer_run(c, X) == DLRF_OK); /* the default alpha */
    dlrf_mat *Za = dlrf_layer_z_materialise(a), *Zb = dlrf_layer_z_materialise(b);
    CHECK_LE(rel_diff(Za, Zb), 1e-8);
    CHECK(dlrf_layer_iterations(a) == dlrf_layer_iterations(b));
    CHECK(locality(c, X) < 0.5 * locality(b, X));
    CHECK_LE(dlrf_layer_residual(c), 1e-6);
    dlrf_mat V = dlrf_layer_v(c), C = dlrf_layer_c(c);
    CHECK(accuracy(&V, &C, y, 5) == 1.0 && dlrf_block_diag_score(&V, &C, y) > 0.99);
    dlrf_mat_free(Za), dlrf_mat_free(Zb), dlrf_layer_free(a), dlrf_layer_free(b);
    dlrf_layer_free(c), dlrf_mat_free(X), free(y);
    return 0;
}

TEST_MAIN({"rpca_recovers_planted", rpca_recovers_planted}, {"rlatlrr_sparsest", rlatlrr_sparsest},
          {"rlatlrr_sparse_corruption", rlatlrr_sparse_corruption},
          {"rdlrf_network", rdlrf_network}, {"baseline_networks", baseline_networks},
          {"knn_laplacian_line", knn_laplacian_line}, {"rlrr_sylvester", rlrr_sylvester},
          {"rlrr_reduces_and_smooths", rlrr_reduces_and_smooths},
          {"salatlrr_reduces_and_localises", salatlrr_reduces_and_localises})
