/* Clustering: Hungarian against brute force, metrics against hand values,
 * k-means, spectral recovery of block-diagonal affinities, ARPACK against
 * dsyevr, the affinities against their dense definitions, the protocol and the
 * full pipeline on synthetic subspaces. */
#include "cluster/graph.h"
#include "harness.h"
#include "linalg/linalg.h"

static double brute(const double *c, int r, int k, int *perm, int depth, int *used) {
    if (depth == r) return 0.0;
    double best = INFINITY;
    for (int j = 0; j < k; j++) {
        if (used[j]) continue;
        used[j] = 1;
        double v = c[depth * k + j] + brute(c, r, k, perm, depth + 1, used);
        used[j] = 0;
        if (v < best) best = v;
    }
    return best;
}

/* Square and rectangular problems, K <= 7, against all permutations. */
static int hungarian_brute_force(void) {
    dlrf_rng rng;
    dlrf_rng_seed(&rng, 11);
    for (int trial = 0; trial < 300; trial++) {
        int r = 1 + trial % 7, k = 1 + (trial / 7) % 7;
        double c[49];
        int assign[7], perm[7], used[7] = {0};
        for (int i = 0; i < r * k; i++)
            c[i] = trial % 3 ? floor(dlrf_rng_uniform(&rng) * 10) : dlrf_rng_normal(&rng);
        double h = dlrf_hungarian(c, r, k, assign);
        /* brute force: with more rows than columns, transpose the question */
        double b;
        if (r <= k)
            b = brute(c, r, k, perm, 0, used);
        else {
            double ct[49];
            for (int i = 0; i < r; i++)
                for (int j = 0; j < k; j++)
                    ct[j * r + i] = c[i * k + j];
            b = brute(ct, k, r, perm, 0, used);
        }
        CHECK(fabs(h - b) < 1e-9);
        double sum = 0.0;
        int seen[7] = {0}, n_assigned = 0;
        for (int i = 0; i < r; i++) {
            if (assign[i] < 0) continue;
            CHECK(assign[i] < k && !seen[assign[i]]);
            seen[assign[i]] = 1;
            sum += c[i * k + assign[i]];
            n_assigned++;
        }
        CHECK(n_assigned == (r < k ? r : k));
        CHECK(fabs(sum - h) < 1e-9);
    }
    CHECK(isnan(dlrf_hungarian(NULL, 2, 2, (int[2]){0})));
    return 0;
}

/* truth {0,0,0,1,1,1}, pred {0,0,1,1,2,2}: confusion rows (2,0),(1,1),(0,2).
 * AC 4/6; purity 5/6; MI = (2/3) ln 2, H = ln 2 and ln 3;
 * ARI = (2 - 3*6/15) / ((3+6)/2 - 3*6/15) = 0.8 / 3.3. */
static int metrics_by_hand(void) {
    int t[] = {0, 0, 0, 1, 1, 1}, p[] = {0, 0, 1, 1, 2, 2};
    dlrf_metrics m;
    CHECK(dlrf_cluster_metrics(t, p, 6, &m) == DLRF_OK);
    CHECK(fabs(m.accuracy - 4.0 / 6.0) < 1e-15);
    CHECK(fabs(m.purity - 5.0 / 6.0) < 1e-15);
    CHECK(fabs(m.nmi - (2.0 / 3.0) * log(2.0) / ((log(2.0) + log(3.0)) / 2.0)) < 1e-14);
    CHECK(fabs(m.ari - 0.8 / 3.3) < 1e-14);
    CHECK(m.k_true == 2 && m.k_pred == 3);
    /* Fewer clusters than classes, arbitrary label values: truth {1,1,2,2,3,3,3},
     * pred {5,5,5,5,7,7,7}: AC = (2 + 3)/7 (one class must stay unmatched),
     * sum C(n_ij,2) = 1+1+3, clusters 6+3, classes 1+1+3, C(7,2) = 21:
     * ARI = (5 - 9*5/21) / ((9+5)/2 - 9*5/21). */
    int t2[] = {1, 1, 2, 2, 3, 3, 3}, p2[] = {5, 5, 5, 5, 7, 7, 7};
    CHECK(dlrf_cluster_metrics(t2, p2, 7, &m) == DLRF_OK);
    CHECK(fabs(m.accuracy - 5.0 / 7.0) < 1e-15);
    CHECK(fabs(m.ari - (5.0 - 45.0 / 21.0) / (7.0 - 45.0 / 21.0)) < 1e-14);
    /* MI = H(pred) here, since pred is a function of truth */
    double hp = -(4.0 / 7) * log(4.0 / 7) - (3.0 / 7) * log(3.0 / 7);
    double ht = -2 * (2.0 / 7) * log(2.0 / 7) - (3.0 / 7) * log(3.0 / 7);
    CHECK(fabs(m.nmi - hp / ((hp + ht) / 2.0)) < 1e-14);
    /* A relabelled perfect clustering scores 1 everywhere. */
    int p3[] = {9, 9, 9, 4, 4, 4};
    CHECK(dlrf_cluster_metrics(t, p3, 6, &m) == DLRF_OK);
    CHECK(m.accuracy == 1.0 && fabs(m.nmi - 1.0) < 1e-15 && fabs(m.ari - 1.0) < 1e-15);
    long *cnt;
    int kp, kt;
    CHECK(dlrf_confusion(t, p, 6, &cnt, &kp, &kt) == DLRF_OK);
    CHECK(kp == 3 && kt == 2 && cnt[0] == 2 && cnt[1] == 0 && cnt[2] == 1 && cnt[3] == 1 &&
          cnt[4] == 0 && cnt[5] == 2);
    free(cnt);
    return 0;
}

/* n points around k well-separated centres in d dims; truth[i] = i % k. */
static dlrf_mat *blobs(size_t n, int k, size_t d, double spread, int *truth, uint64_t seed) {
    dlrf_rng rng;
    dlrf_rng_seed(&rng, seed);
    dlrf_mat *X = dlrf_mat_new(n, d);
    for (size_t i = 0; i < n; i++) {
        truth[i] = (int)(i % (size_t)k);
        for (size_t j = 0; j < d; j++)
            DLRF_AT(X, i, j) =
                (j == (size_t)truth[i] ? 10.0 : 0.0) + spread * dlrf_rng_normal(&rng);
    }
    return X;
}

static int kmeans_deterministic(void) {
    int truth[300], a[300], b[300];
    dlrf_mat *X = blobs(300, 5, 6, 1.5, truth, 3);
    double ia, ib;
    CHECK(dlrf_kmeans(X, 5, 10, 300, 42, a, &ia) == DLRF_OK);
    CHECK(dlrf_kmeans(X, 5, 10, 300, 42, b, &ib) == DLRF_OK);
    CHECK(memcmp(a, b, sizeof a) == 0 && ia == ib);
    dlrf_metrics m;
    CHECK(dlrf_cluster_metrics(truth, a, 300, &m) == DLRF_OK);
    CHECK(m.accuracy == 1.0);
    /* More restarts never give a higher inertia (the first restarts are shared). */
    CHECK(dlrf_kmeans(X, 5, 20, 300, 42, b, &ib) == DLRF_OK);
    CHECK(ib <= ia);
    CHECK(dlrf_kmeans(X, 301, 1, 10, 1, a, NULL) == DLRF_EINVAL);
    dlrf_mat_free(X);
    return 0;
}

/* A block-diagonal affinity of k blocks (sizes 20..), entries in [0.5, 1],
 * plus off-block entries of size noise; labels in shuffled order. */
static dlrf_mat *block_affinity(int k, double noise, int *truth, size_t *n_out, uint64_t seed) {
    dlrf_rng rng;
    dlrf_rng_seed(&rng, seed);
    size_t n = 0;
    for (int c = 0; c < k; c++)
        n += 20 + 3 * (size_t)c;
    size_t *perm = malloc(n * sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        perm[i] = i;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = (size_t)(dlrf_rng_uniform(&rng) * (double)(i + 1)), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    size_t at = 0;
    for (int c = 0; c < k; c++)
        for (size_t m = 0; m < 20 + 3 * (size_t)c; m++)
            truth[perm[at++]] = c;
    dlrf_mat *W = dlrf_mat_new(n, n);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i <= j; i++) {
            double v = truth[i] == truth[j] ? 0.5 + 0.5 * dlrf_rng_uniform(&rng)
                                            : noise * dlrf_rng_uniform(&rng);
            DLRF_AT(W, i, j) = DLRF_AT(W, j, i) = v;
        }
    free(perm);
    *n_out = n;
    return W;
}

static int recover(const dlrf_mat *W, const int *truth, int k, dlrf_eigensolver e,
                   dlrf_discretize d) {
    dlrf_spectral *s = dlrf_spectral_new(k);
    dlrf_cluster_opts o;
    dlrf_cluster_opts_default(&o);
    o.eig = e;
    o.discretize = d;
    dlrf_spectral_set_opts(s, &o);
    CHECK(dlrf_spectral_run_affinity(s, W) == DLRF_OK);
    CHECK(dlrf_spectral_used_arpack(s) == (e == DLRF_EIG_ARPACK));
    dlrf_metrics m;
    CHECK(dlrf_cluster_metrics(truth, dlrf_spectral_labels(s), W->rows, &m) == DLRF_OK);
    if (m.accuracy != 1.0) fprintf(stderr, "eig %d disc %d: AC %.4f\n", (int)e, (int)d, m.accuracy);
    CHECK(m.accuracy == 1.0);
    dlrf_spectral_free(s);
    return 0;
}

static int spectral_block_diagonal(void) {
    int truth[400];
    size_t n;
    for (int noisy = 0; noisy < 2; noisy++) {
        dlrf_mat *W = block_affinity(6, noisy ? 0.05 : 0.0, truth, &n, 5 + noisy);
        for (int e = DLRF_EIG_DENSE; e <= DLRF_EIG_ARPACK; e++)
            for (int d = DLRF_DISCRETIZE_NJW; d <= DLRF_DISCRETIZE_YUSHI; d++)
                CHECK(recover(W, truth, 6, (dlrf_eigensolver)e, (dlrf_discretize)d) == 0);
        dlrf_mat_free(W);
    }
    return 0;
}

/* Both solvers find the same k largest eigenvalues and the same invariant
 * subspace (compared through the projectors U U^T) on a noisy 8-block W. */
static int arpack_matches_dsyevr(void) {
    int truth[400], k = 8;
    size_t n;
    dlrf_mat *W = block_affinity(k, 0.2, truth, &n, 9);
    dlrf_spectral *a = dlrf_spectral_new(k), *b = dlrf_spectral_new(k);
    dlrf_cluster_opts o;
    dlrf_cluster_opts_default(&o);
    o.eig = DLRF_EIG_DENSE;
    dlrf_spectral_set_opts(a, &o);
    o.eig = DLRF_EIG_ARPACK;
    dlrf_spectral_set_opts(b, &o);
    CHECK(dlrf_spectral_run_affinity(a, W) == DLRF_OK);
    CHECK(dlrf_spectral_run_affinity(b, W) == DLRF_OK);
    const double *wa = dlrf_spectral_eigenvalues(a), *wb = dlrf_spectral_eigenvalues(b);
    CHECK(fabs(wa[0] - 1.0) < 1e-10); /* the constant-degree eigenvector */
    for (int j = 0; j < k; j++)
        CHECK(fabs(wa[j] - wb[j]) < 1e-10);
    dlrf_mat Ua = dlrf_spectral_embedding(a), Ub = dlrf_spectral_embedding(b);
    dlrf_mat *C = dlrf_mat_new((size_t)k, (size_t)k);
    dlrf_gemm('T', 'N', 1.0, &Ua, &Ub, 0.0, C);
    /* ||Pa - Pb||_F^2 = 2k - 2 ||Ua^T Ub||_F^2 */
    double f = dlrf_mat_norm_fro(C);
    CHECK(fabs(2.0 * k - 2.0 * f * f) < 1e-12);
    dlrf_mat_free(C);
    dlrf_spectral_free(a);
    dlrf_spectral_free(b);
    dlrf_mat_free(W);
    return 0;
}

/* When Lanczos does not converge within its restart limit (one restart on a
 * noisy 8-block affinity), forced ARPACK reports it and the automatic choice
 * falls back to dsyevr with the same result. */
static int arpack_stall_falls_back(void) {
    int truth[400];
    size_t n;
    dlrf_mat *W = block_affinity(8, 0.3, truth, &n, 13);
    dlrf_cluster_opts o;
    dlrf_cluster_opts_default(&o);
    o.dense_max = 100;
    o.arpack_restarts = 1;
    dlrf_spectral *s = dlrf_spectral_new(8);
    o.eig = DLRF_EIG_ARPACK;
    dlrf_spectral_set_opts(s, &o);
    CHECK(dlrf_spectral_run_affinity(s, W) == DLRF_ELAPACK);
    CHECK(strstr(dlrf_spectral_errmsg(s), "--eigensolver dense") != NULL);
    o.eig = DLRF_EIG_AUTO;
    dlrf_spectral_set_opts(s, &o);
    CHECK(dlrf_spectral_run_affinity(s, W) == DLRF_OK);
    CHECK(dlrf_spectral_arpack_fallback(s) == 1 && dlrf_spectral_used_arpack(s) == 0);
    dlrf_metrics m;
    CHECK(dlrf_cluster_metrics(truth, dlrf_spectral_labels(s), n, &m) == DLRF_OK);
    CHECK(m.accuracy == 1.0);
    dlrf_spectral_free(s);
    dlrf_mat_free(W);
    return 0;
}

/* A random rank-r factorisation F G of an N x N matrix. */
static void random_factors(size_t N, size_t r, dlrf_mat **F, dlrf_mat **G, uint64_t seed) {
    dlrf_rng rng;
    dlrf_rng_seed(&rng, seed);
    *F = dlrf_mat_new(N, r);
    *G = dlrf_mat_new(r, N);
    for (size_t i = 0; i < N * r; i++) {
        (*F)->data[i] = dlrf_rng_normal(&rng);
        (*G)->data[i] = dlrf_rng_normal(&rng);
    }
}

/* The block-built W equals (|Z| + |Z^T|)/2 of the materialised Z, and top-k
 * keeps exactly the k largest off-diagonal entries of each column. */
static int affinities_match_definitions(void) {
    size_t N = 300, r = 7;
    dlrf_mat *F, *G;
    random_factors(N, r, &F, &G, 4);
    dlrf_mat *Z = dlrf_mat_new(N, N);
    dlrf_gemm('N', 'N', 1.0, F, G, 0.0, Z);
    dlrf_cluster_opts o;
    dlrf_cluster_opts_default(&o);
    o.affinity = DLRF_AFFINITY_ABS;
    cl_graph g;
    CHECK(cl_graph_build(&g, F, G, 3, &o, NULL, 0) == DLRF_OK);
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < N; i++)
            CHECK(fabs(DLRF_AT(g.dense, i, j) -
                       0.5 * (fabs(DLRF_AT(Z, i, j)) + fabs(DLRF_AT(Z, j, i)))) < 1e-12);
    cl_graph_free(&g);
    o.affinity = DLRF_AFFINITY_TOPK;
    o.topk = 5;
    CHECK(cl_graph_build(&g, F, G, 3, &o, NULL, 0) == DLRF_OK);
    CHECK(cl_graph_densify(&g) == DLRF_OK);
    double *t5 = malloc(N * sizeof(double)); /* 5th largest off-diagonal |Z_ij| of column j */
    for (size_t j = 0; j < N; j++) {
        double top[5] = {0};
        for (size_t i = 0; i < N; i++) {
            double a = i == j ? 0.0 : fabs(DLRF_AT(Z, i, j));
            for (int p = 0; p < 5; p++)
                if (a > top[p]) {
                    for (int q = 4; q > p; q--)
                        top[q] = top[q - 1];
                    top[p] = a;
                    break;
                }
        }
        t5[j] = top[4];
    }
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < N; i++) {
            double a = fabs(DLRF_AT(Z, i, j)), b = fabs(DLRF_AT(Z, j, i));
            double aij = i != j && a >= t5[j] ? a : 0.0, aji = i != j && b >= t5[i] ? b : 0.0;
            CHECK(fabs(DLRF_AT(g.dense, i, j) - 0.5 * (aij + aji)) < 1e-12);
        }
    free(t5);
    cl_graph_free(&g);
    dlrf_mat_free(Z);
    dlrf_mat_free(F);
    dlrf_mat_free(G);
    return 0;
}

/* LRR post-processing from the factors equals the recipe applied to the thin
 * SVD of the materialised Z (rank chosen by post_dim * k + 1), for thin
 * factors and for factors wider than N (as a network's fused Z has). */
static int lrr_post_case(size_t N, size_t r);
static int lrr_post_matches_dense_svd(void) {
    CHECK(lrr_post_case(120, 12) == 0);
    CHECK(lrr_post_case(30, 40) == 0);
    return 0;
}

static int lrr_post_case(size_t N, size_t r) {
    int k = 2;
    dlrf_mat *F, *G;
    random_factors(N, r, &F, &G, 8);
    dlrf_mat *Z = dlrf_mat_new(N, N);
    dlrf_gemm('N', 'N', 1.0, F, G, 0.0, Z);
    dlrf_mat *U, *s, *Vt;
    int fb = 0;
    CHECK(dlrf_svd_thin(Z, &U, &s, &Vt, &fb) == DLRF_OK);
    dlrf_cluster_opts o;
    dlrf_cluster_opts_default(&o);
    o.affinity = DLRF_AFFINITY_LRR_POST;
    o.post_dim = 4;
    int rank = 4 * k + 1;
    cl_graph g;
    CHECK(cl_graph_build(&g, F, G, k, &o, NULL, 0) == DLRF_OK);
    CHECK(g.rank == rank);
    double *u = malloc(N * (size_t)rank * sizeof(double));
    for (size_t i = 0; i < N; i++) {
        double nrm = 0.0;
        for (int j = 0; j < rank; j++) {
            u[i * rank + j] = DLRF_AT(U, i, j) * sqrt(s->data[j]);
            nrm += u[i * rank + j] * u[i * rank + j];
        }
        for (int j = 0; j < rank; j++)
            u[i * rank + j] /= sqrt(nrm);
    }
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            double d = 0.0;
            for (int q = 0; q < rank; q++)
                d += u[i * rank + q] * u[j * rank + q];
            CHECK(fabs(DLRF_AT(g.dense, i, j) - pow(fmax(0.0, d), 4.0)) < 1e-10);
        }
    cl_graph_free(&g);
    /* the threshold rule keeps every non-zero singular value of a rank-min(r, N) Z */
    o.post_dim = 0;
    CHECK(cl_graph_build(&g, F, G, k, &o, NULL, 0) == DLRF_OK);
    CHECK(g.rank == (int)(r < N ? r : N));
    cl_graph_free(&g);
    free(u);
    dlrf_mat_free(U);
    dlrf_mat_free(s);
    dlrf_mat_free(Vt);
    dlrf_mat_free(Z);
    dlrf_mat_free(F);
    dlrf_mat_free(G);
    return 0;
}

/* An isolated node is reported and clustered; an all-zero affinity is an error;
 * k out of range is refused. */
static int isolated_and_zero_affinity(void) {
    int truth[400];
    size_t n;
    dlrf_mat *W = block_affinity(3, 0.0, truth, &n, 2);
    for (size_t i = 0; i < n; i++)
        DLRF_AT(W, i, 0) = DLRF_AT(W, 0, i) = 0.0;
    dlrf_spectral *s = dlrf_spectral_new(3);
    CHECK(dlrf_spectral_run_affinity(s, W) == DLRF_OK);
    CHECK(dlrf_spectral_isolated(s) == 1);
    dlrf_metrics m;
    CHECK(dlrf_cluster_metrics(truth + 1, dlrf_spectral_labels(s) + 1, n - 1, &m) == DLRF_OK);
    CHECK(m.accuracy == 1.0);
    dlrf_spectral_free(s);
    /* More connected components (6) than clusters (3): eigenvalue 1 has
     * multiplicity 6; both solvers return 3 of its vectors and every
     * component stays whole. */
    int t6[400];
    size_t n6;
    dlrf_mat *W6 = block_affinity(6, 0.0, t6, &n6, 3);
    for (int e = DLRF_EIG_DENSE; e <= DLRF_EIG_ARPACK; e++) {
        dlrf_cluster_opts o;
        dlrf_cluster_opts_default(&o);
        o.eig = (dlrf_eigensolver)e;
        s = dlrf_spectral_new(3);
        dlrf_spectral_set_opts(s, &o);
        CHECK(dlrf_spectral_run_affinity(s, W6) == DLRF_OK);
        CHECK(fabs(dlrf_spectral_eigenvalues(s)[2] - 1.0) < 1e-8);
        const int *lab = dlrf_spectral_labels(s);
        for (size_t i = 0; i < n6; i++)
            for (size_t j = 0; j < n6; j++)
                if (t6[i] == t6[j]) CHECK(lab[i] == lab[j]); /* no component is split */
        dlrf_spectral_free(s);
    }
    dlrf_mat_free(W6);
    s = dlrf_spectral_new(3);
    dlrf_mat_fill(W, 0.0);
    CHECK(dlrf_spectral_run_affinity(s, W) == DLRF_EINVAL);
    CHECK(strstr(dlrf_spectral_errmsg(s), "all zero") != NULL);
    CHECK(dlrf_spectral_labels(s) == NULL);
    DLRF_AT(W, 0, 1) = 1.0;
    CHECK(dlrf_spectral_run_affinity(s, W) == DLRF_EINVAL); /* not symmetric */
    dlrf_spectral_free(s);
    CHECK(dlrf_spectral_new(1) == NULL);
    s = dlrf_spectral_new((int)n + 1);
    dlrf_mat_fill(W, 1.0);
    CHECK(dlrf_spectral_run_affinity(s, W) == DLRF_EINVAL);
    CHECK(strstr(dlrf_spectral_errmsg(s), "more than") != NULL);
    dlrf_spectral_free(s);
    dlrf_mat_free(W);
    return 0;
}

/* fDLRF-Net (2 layers) then spectral clustering on independent subspaces:
 * every affinity and both Z choices reach AC = 1. */
static int pipeline_fdlrf_synthetic(void) {
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.subspaces = 5;
    so.corrupt = 0.0;
    dlrf_mat *X;
    int *labels;
    CHECK(dlrf_synth_subspaces(&so, &X, &labels) == DLRF_OK);
    dlrf_net *net = dlrf_net_new(DLRF_FLLRR, 2);
    CHECK(dlrf_net_run(net, X) == DLRF_OK);
    dlrf_affinity aff[] = {DLRF_AFFINITY_ABS, DLRF_AFFINITY_LRR_POST, DLRF_AFFINITY_TOPK};
    for (int product = 0; product < 2; product++) {
        dlrf_mat *F = NULL, *G = NULL, f, g;
        if (product) {
            CHECK(dlrf_net_z_product(net, 2, &F, &G) == DLRF_OK);
            f = *F;
            g = *G;
        } else {
            f = dlrf_net_z_left(net, 2);
            g = dlrf_net_z_right(net, 2);
        }
        for (int a = 0; a < 3; a++) {
            dlrf_spectral *s = dlrf_spectral_new(5);
            dlrf_cluster_opts o;
            dlrf_cluster_opts_default(&o);
            o.affinity = aff[a];
            o.post_dim = 10;
            dlrf_spectral_set_opts(s, &o);
            CHECK(dlrf_spectral_run(s, &f, &g) == DLRF_OK);
            dlrf_metrics m;
            CHECK(dlrf_cluster_metrics(labels, dlrf_spectral_labels(s), X->cols, &m) == DLRF_OK);
            if (m.accuracy != 1.0)
                fprintf(stderr, "product %d aff %d: %g\n", product, a, m.accuracy);
            CHECK(m.accuracy == 1.0);
            dlrf_spectral_free(s);
        }
        dlrf_mat_free(F);
        dlrf_mat_free(G);
    }
    dlrf_net_free(net);
    dlrf_mat_free(X);
    free(labels);
    return 0;
}

/* z_product of layer 2 equals Z_1 Z_2 materialised. */
static int z_product_is_product(void) {
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.subspaces = 3;
    dlrf_mat *X;
    int *labels;
    CHECK(dlrf_synth_subspaces(&so, &X, &labels) == DLRF_OK);
    dlrf_net *net = dlrf_net_new(DLRF_FLLRR, 3);
    CHECK(dlrf_net_run(net, X) == DLRF_OK);
    dlrf_mat *Z1 = dlrf_net_z_materialise(net, 1), *Z2 = dlrf_net_z_materialise(net, 2);
    dlrf_mat *Z3 = dlrf_net_z_materialise(net, 3);
    size_t N = X->cols;
    dlrf_mat *P = dlrf_mat_new(N, N), *Q = dlrf_mat_new(N, N), *R = dlrf_mat_new(N, N);
    dlrf_gemm('N', 'N', 1.0, Z1, Z2, 0.0, P);
    dlrf_gemm('N', 'N', 1.0, P, Z3, 0.0, Q);
    dlrf_mat *F, *G;
    CHECK(dlrf_net_z_product(net, 3, &F, &G) == DLRF_OK);
    dlrf_gemm('N', 'N', 1.0, F, G, 0.0, R);
    dlrf_gemm('N', 'N', -1.0, F, G, 1.0, Q);
    CHECK_LE(dlrf_mat_norm_fro(Q), 1e-10 * dlrf_mat_norm_fro(R));
    dlrf_mat *F4, *G4;
    CHECK(dlrf_net_z_product(net, 4, &F4, &G4) != DLRF_OK && !F4 && !G4);
    dlrf_mat *m[] = {Z1, Z2, Z3, P, Q, R, F, G};
    for (int i = 0; i < 8; i++)
        dlrf_mat_free(m[i]);
    dlrf_net_free(net);
    dlrf_mat_free(X);
    free(labels);
    return 0;
}

static int kmeans_method(const dlrf_mat *X, int k, int *pred, void *ctx, char *err, size_t len) {
    (void)ctx;
    (void)err;
    (void)len;
    dlrf_mat *T = dlrf_mat_new(X->cols, X->rows);
    for (size_t j = 0; j < X->cols; j++)
        for (size_t i = 0; i < X->rows; i++)
            DLRF_AT(T, j, i) = DLRF_AT(X, i, j);
    dlrf_status st = dlrf_kmeans(T, k, 5, 100, 1, pred, NULL);
    /* a second output: everything in one cluster */
    for (size_t j = 0; j < X->cols; j++)
        pred[X->cols + j] = 0;
    dlrf_mat_free(T);
    return st == DLRF_OK ? 0 : 1;
}

/* The protocol draws k distinct classes, per_class samples of each, and scores
 * every output: separable blobs give AC 1, a single cluster 1/k. */
static int protocol_draws_and_scores(void) {
    int truth[600];
    dlrf_mat *B = blobs(600, 10, 10, 0.5, truth, 6);
    dlrf_mat *X = dlrf_mat_new(10, 600);
    int labels[600];
    for (size_t i = 0; i < 600; i++) {
        labels[i] = 100 + truth[i];
        for (size_t j = 0; j < 10; j++)
            DLRF_AT(X, j, i) = DLRF_AT(B, i, j);
    }
    dlrf_protocol_opts o = {4, 5, 12, 7, 2};
    dlrf_protocol_result r, r2;
    char err[256];
    CHECK(dlrf_protocol_run(X, labels, &o, kmeans_method, NULL, &r, err, sizeof err) == DLRF_OK);
    CHECK(r.acc_mean[0] == 1.0 && r.acc_std[0] == 0.0 && fabs(r.nmi_mean[0] - 1.0) < 1e-12);
    CHECK(fabs(r.acc_mean[1] - 0.25) < 1e-15 && r.nmi_mean[1] == 0.0);
    for (int t = 0; t < 5; t++) {
        CHECK(r.n_samples[t] == 48);
        for (int c = 0; c < 4; c++) {
            int v = r.classes[t * 4 + c];
            CHECK(v >= 100 && v < 110);
            if (c) CHECK(v > r.classes[t * 4 + c - 1]);
        }
    }
    CHECK(dlrf_protocol_run(X, labels, &o, kmeans_method, NULL, &r2, err, sizeof err) == DLRF_OK);
    CHECK(memcmp(r.classes, r2.classes, 20 * sizeof(int)) == 0);
    /* the last trial's samples: 12 of each drawn class, in data order */
    for (size_t j = 0; j < 48; j++) {
        int v = labels[r.last_cols[j]], in = 0;
        for (int c = 0; c < 4; c++)
            in |= v == r.classes[4 * 4 + c];
        CHECK(in && (j == 0 || r.last_cols[j] > r.last_cols[j - 1]));
    }
    dlrf_protocol_result_free(&r2);
    /* one trial draws what dlrf_protocol_draw draws with the same seed */
    size_t cols[600], n;
    o.trials = 1;
    CHECK(dlrf_protocol_run(X, labels, &o, kmeans_method, NULL, &r2, err, sizeof err) == DLRF_OK);
    CHECK(dlrf_protocol_draw(labels, 600, 4, 12, 7, cols, &n, err, sizeof err) == DLRF_OK);
    CHECK(n == 48 && memcmp(cols, r2.last_cols, n * sizeof(size_t)) == 0);
    dlrf_protocol_result_free(&r2);
    o.trials = 5;
    dlrf_protocol_result_free(&r);
    o.k = 11;
    CHECK(dlrf_protocol_run(X, labels, &o, kmeans_method, NULL, &r, err, sizeof err) ==
          DLRF_EINVAL);
    CHECK(strstr(err, "only 10") != NULL);
    dlrf_mat_free(B);
    dlrf_mat_free(X);
    return 0;
}

/* The block score with and without the diagonal, on a Z known by hand:
 * 4 samples in 2 groups, Z_ii = 3, in-group off-diagonal 1, across 0.5. */
static int block_scores_by_hand(void) {
    dlrf_mat *Z = dlrf_mat_new(4, 4), *I = dlrf_mat_new(4, 4);
    int labels[4] = {0, 0, 1, 1};
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++)
            DLRF_AT(Z, i, j) = i == j ? 3.0 : labels[i] == labels[j] ? -1.0 : 0.5;
    for (int i = 0; i < 4; i++)
        DLRF_AT(I, i, i) = 1.0;
    dlrf_mat *Id = dlrf_mat_new(4, 4); /* G: the identity, so Z = Z * I */
    for (int i = 0; i < 4; i++)
        DLRF_AT(Id, i, i) = 1.0;
    /* with the diagonal: (12 + 4) / (12 + 4 + 4); off it: 4 / 20 */
    CHECK(fabs(dlrf_block_diag_score(Z, Id, labels) - 16.0 / 20.0) < 1e-15);
    CHECK(fabs(dlrf_block_diag_score_offdiag(Z, Id, labels) - 4.0 / 20.0) < 1e-15);
    CHECK(dlrf_block_diag_score(I, Id, labels) == 1.0);
    CHECK(dlrf_block_diag_score_offdiag(I, Id, labels) == 0.0); /* the identity scores nothing */
    dlrf_mat_free(Z), dlrf_mat_free(I), dlrf_mat_free(Id);
    return 0;
}

/* LSC on Gaussian blobs (centres 8 apart, unit spread): exact, the same for
 * a seed, and linear in N (20000 samples, a 1000-landmark default). */
static int lsc_blobs(void) {
    size_t per = 5000, d = 6;
    int k = 4;
    dlrf_mat *X = dlrf_mat_new(per * (size_t)k, d);
    int *y = malloc(per * (size_t)k * sizeof(int)), *a = malloc(per * (size_t)k * sizeof(int)),
        *b = malloc(per * (size_t)k * sizeof(int));
    dlrf_rng rng;
    dlrf_rng_seed(&rng, 4);
    for (size_t i = 0; i < per * (size_t)k; i++) {
        y[i] = (int)(i / per);
        for (size_t j = 0; j < d; j++)
            DLRF_AT(X, i, j) = dlrf_rng_normal(&rng) + ((size_t)y[i] == j ? 8.0 : 0.0);
    }
    dlrf_lsc_opts o;
    dlrf_lsc_opts_default(&o);
    char err[256];
    CHECK(dlrf_lsc(X, k, &o, a, err, sizeof err) == DLRF_OK);
    dlrf_metrics m;
    CHECK(dlrf_cluster_metrics(y, a, X->rows, &m) == DLRF_OK && m.accuracy == 1.0);
    o.landmarks = 40, o.neighbours = 3;
    CHECK(dlrf_lsc(X, k, &o, a, err, sizeof err) == DLRF_OK);
    CHECK(dlrf_lsc(X, k, &o, b, err, sizeof err) == DLRF_OK);
    CHECK(memcmp(a, b, X->rows * sizeof(int)) == 0);
    CHECK(dlrf_cluster_metrics(y, a, X->rows, &m) == DLRF_OK && m.accuracy == 1.0);
    CHECK(dlrf_lsc(X, 1, &o, a, err, sizeof err) == DLRF_EINVAL && strstr(err, "k"));
    dlrf_mat_free(X), free(y), free(a), free(b);
    return 0;
}

TEST_MAIN({"hungarian_brute_force", hungarian_brute_force},
          {"block_scores_by_hand", block_scores_by_hand}, {"metrics_by_hand", metrics_by_hand},
          {"kmeans_deterministic", kmeans_deterministic},
          {"spectral_block_diagonal", spectral_block_diagonal},
          {"arpack_matches_dsyevr", arpack_matches_dsyevr},
          {"arpack_stall_falls_back", arpack_stall_falls_back},
          {"affinities_match_definitions", affinities_match_definitions},
          {"lrr_post_matches_dense_svd", lrr_post_matches_dense_svd},
          {"isolated_and_zero_affinity", isolated_and_zero_affinity},
          {"pipeline_fdlrf_synthetic", pipeline_fdlrf_synthetic},
          {"z_product_is_product", z_product_is_product},
          {"protocol_draws_and_scores", protocol_draws_and_scores}, {"lsc_blobs", lsc_blobs})
