/* Label-free lambda: partial network runs, the scores recomputed independently,
 * the winner kept in the net, exact clustering on independent subspaces. */
#include "harness.h"

static const double grid[] = {1e-3, 10.0, 1e-1}; /* any order; the winner is not last */
#define NG 3

static int subspaces_c(dlrf_mat **X, int **labels, double corrupt) {
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.corrupt = corrupt;
    so.subspaces = 4;
    so.per_subspace = 12;
    so.dim = 4; /* rank 16 + the corrupted samples < 48: Z = I is not a solution */
    so.ambient = 60;
    return dlrf_synth_subspaces(&so, X, labels) == DLRF_OK ? 0 : 1;
}
static int subspaces(dlrf_mat **X, int **labels) {
    return subspaces_c(X, labels, 0.2);
}

/* The score of Z = F G, computed here from its definition. */
static double score_here(const dlrf_mat *F, const dlrf_mat *G, int k) {
    dlrf_spectral *s = dlrf_spectral_new(k);
    double v = -1.0;
    if (dlrf_spectral_run(s, F, G) == DLRF_OK)
        v = dlrf_block_diag_score_offdiag(F, G, dlrf_spectral_labels(s));
    dlrf_spectral_free(s);
    return v;
}

static int argmax(const double *v, int n) {
    int b = 0;
    for (int i = 1; i < n; i++)
        if (v[i] > v[b]) b = i;
    return b;
}

/* Rerunning layer 2 alone gives what the full run gave; layer 3 cannot run
 * before layer 2. */
static int run_layers_partial(void) {
    dlrf_mat *X;
    int *y;
    CHECK(subspaces(&X, &y) == 0);
    dlrf_net *a = dlrf_net_new(DLRF_LATLRR, 3), *b = dlrf_net_new(DLRF_LATLRR, 3);
    double lam[] = {0.1, 1.0, 0.5};
    dlrf_net_set_lambdas(a, lam, 3);
    CHECK(dlrf_net_run(a, X) == DLRF_OK);
    CHECK(dlrf_net_run_layers(b, X, 2, 2) == DLRF_EINVAL); /* layer 1 not fitted */
    double other = 50.0;
    dlrf_net_set_lambdas(b, &other, 1);
    CHECK(dlrf_net_run_layers(b, X, 1, 2) == DLRF_OK);
    CHECK(dlrf_net_layers_done(b) == 2);
    CHECK(dlrf_net_z_left(b, 3).data == NULL);
    dlrf_net_set_lambdas(b, lam, 3);
    CHECK(dlrf_net_run_layers(b, X, 1, 1) == DLRF_OK);
    CHECK(dlrf_net_layers_done(b) == 1); /* the stale layer 2 is dropped */
    CHECK(dlrf_net_run_layers(b, X, 2, 3) == DLRF_OK);
    for (int l = 1; l <= 3; l++) {
        dlrf_mat *Za = dlrf_net_z_materialise(a, l), *Zb = dlrf_net_z_materialise(b, l);
        CHECK_LE(rel_diff(Za, Zb), 1e-13);
        dlrf_mat_free(Za), dlrf_mat_free(Zb);
    }
    dlrf_net_free(a), dlrf_net_free(b), dlrf_mat_free(X), free(y);
    return 0;
}

static int net_select(dlrf_model model) {
    dlrf_mat *X;
    int *y;
    CHECK(subspaces(&X, &y) == 0);
    dlrf_net *net = dlrf_net_new(model, 2);
    double chosen[2], scores[2 * NG];
    char err[256];
    dlrf_status st =
        dlrf_net_select_lambdas(net, X, 4, grid, NG, NULL, chosen, scores, err, sizeof err);
    CHECK(st == DLRF_OK || st == DLRF_ENOCONV);
    for (int l = 0; l < 2; l++)
        CHECK(chosen[l] == grid[argmax(scores + l * NG, NG)]);
    /* layer 1's scores, each from a fresh fit; layer 2's on the chosen layer 1 */
    for (int l = 1; l <= 2; l++)
        for (int g = 0; g < NG; g++) {
            dlrf_net *f = dlrf_net_new(model, l);
            double lam[2] = {chosen[0], grid[g]};
            if (l == 1) lam[0] = grid[g];
            dlrf_net_set_lambdas(f, lam, l);
            dlrf_net_run(f, X);
            dlrf_mat *F, *G;
            CHECK(dlrf_net_z_product(f, l, &F, &G) == DLRF_OK);
            CHECK(fabs(score_here(F, G, 4) - scores[(l - 1) * NG + g]) < 1e-12);
            dlrf_mat_free(F), dlrf_mat_free(G), dlrf_net_free(f);
        }
    /* the net holds the winner's fit */
    dlrf_net *ref = dlrf_net_new(model, 2);
    dlrf_net_set_lambdas(ref, chosen, 2);
    dlrf_net_run(ref, X);
    dlrf_mat *Z1 = dlrf_net_z_materialise(net, 2), *Z2 = dlrf_net_z_materialise(ref, 2);
    CHECK_LE(rel_diff(Z1, Z2), 1e-13);
    dlrf_mat_free(Z1), dlrf_mat_free(Z2), dlrf_net_free(ref), dlrf_net_free(net);
    dlrf_mat_free(X), free(y);
    /* Clean independent subspaces: the choice clusters them exactly. (With the
     * corrupted samples above, a lambda large enough to represent each of them
     * by itself wins: they then have no edge and land in any cluster.) */
    CHECK(subspaces_c(&X, &y, 0.0) == 0);
    net = dlrf_net_new(model, 2);
    st = dlrf_net_select_lambdas(net, X, 4, grid, NG, NULL, chosen, NULL, err, sizeof err);
    CHECK(st == DLRF_OK || st == DLRF_ENOCONV);
    dlrf_mat *F, *G;
    CHECK(dlrf_net_z_product(net, 2, &F, &G) == DLRF_OK);
    dlrf_spectral *s = dlrf_spectral_new(4);
    CHECK(dlrf_spectral_run(s, F, G) == DLRF_OK);
    dlrf_metrics m;
    dlrf_cluster_metrics(y, dlrf_spectral_labels(s), X->cols, &m);
    CHECK(m.accuracy == 1.0);
    dlrf_spectral_free(s), dlrf_mat_free(F), dlrf_mat_free(G);
    dlrf_net_free(net), dlrf_mat_free(X), free(y);
    return 0;
}
static int fdlrf_select(void) {
    return net_select(DLRF_FLLRR);
}
static int ndlrf_select(void) {
    return net_select(DLRF_LATLRR);
}

/* A single-layer model, LRR included (it cannot be a network layer). */
static int layer_select(void) {
    dlrf_mat *X;
    int *y;
    CHECK(subspaces(&X, &y) == 0);
    dlrf_layer *s = dlrf_layer_new(DLRF_LRR);
    double chosen, scores[NG];
    char err[256];
    dlrf_status st =
        dlrf_layer_select_lambda(s, X, 4, grid, NG, NULL, &chosen, scores, err, sizeof err);
    CHECK(st == DLRF_OK || st == DLRF_ENOCONV);
    CHECK(chosen == grid[argmax(scores, NG)]);
    CHECK(dlrf_layer_lambda(s) == chosen);
    for (int g = 0; g < NG; g++) {
        dlrf_layer *f = dlrf_layer_new(DLRF_LRR);
        dlrf_layer_set_lambda(f, grid[g]);
        dlrf_layer_run(f, X);
        dlrf_mat F = dlrf_layer_v(f), G = dlrf_layer_c(f);
        CHECK(fabs(score_here(&F, &G, 4) - scores[g]) < 1e-12);
        dlrf_layer_free(f);
    }
    dlrf_layer_free(s), dlrf_mat_free(X), free(y);
    return 0;
}

static int select_errors(void) {
    dlrf_mat *X;
    int *y;
    CHECK(subspaces(&X, &y) == 0);
    dlrf_net *net = dlrf_net_new(DLRF_FLLRR, 2);
    double chosen[2], bad[] = {1.0, 0.0};
    char err[256] = "";
    CHECK(dlrf_net_select_lambdas(net, X, 1, grid, NG, NULL, chosen, NULL, err, sizeof err) ==
          DLRF_EINVAL);
    CHECK(strstr(err, "k") != NULL);
    CHECK(dlrf_net_select_lambdas(net, X, 4, bad, 2, NULL, chosen, NULL, err, sizeof err) ==
          DLRF_EINVAL);
    CHECK(strstr(err, "grid") != NULL);
    CHECK(dlrf_net_select_lambdas(net, X, 4, grid, 0, NULL, chosen, NULL, err, sizeof err) ==
          DLRF_EINVAL);
    dlrf_net *lrr = dlrf_net_new(DLRF_LRR, 2); /* no latent term: not a network layer */
    CHECK(dlrf_net_select_lambdas(lrr, X, 4, grid, NG, NULL, chosen, NULL, err, sizeof err) ==
          DLRF_EINVAL);
    const double *g0;
    CHECK(dlrf_lambda_grid_default(&g0) == 5 && g0[2] == 1.0);
    dlrf_net_free(lrr), dlrf_net_free(net), dlrf_mat_free(X), free(y);
    return 0;
}

TEST_MAIN({"run_layers_partial", run_layers_partial}, {"fdlrf_select", fdlrf_select},
          {"ndlrf_select", ndlrf_select}, {"layer_select", layer_select},
          {"select_errors", select_errors})
