/* DLRF-Net: layer 1 equals the single-layer solver, propagation, layer scale,
 * block-diagonality on synthetic independent subspaces, errors. */
#include "harness.h"

static dlrf_net *run_net(dlrf_model m, const dlrf_mat *X, int layers, double lambda,
                         dlrf_layer_scale scale) {
    dlrf_net *net = dlrf_net_new(m, layers);
    dlrf_net_set_lambdas(net, &lambda, 1);
    dlrf_net_set_layer_scale(net, scale);
    dlrf_status st = dlrf_net_run(net, X);
    if (st != DLRF_OK && st != DLRF_ENOCONV) {
        fprintf(stderr, "net: %s\n", dlrf_net_errmsg(net));
        dlrf_net_free(net);
        return NULL;
    }
    return net;
}

static int layer1_equals_single(dlrf_model m) {
    dlrf_mat *X = make_subspace_data(30, 50, 3, 3, 0.05, 0.5, 21, NULL);
    dlrf_net *net = run_net(m, X, 2, 0.3, DLRF_SCALE_INPUT);
    CHECK(net);
    dlrf_layer *s = dlrf_layer_new(m);
    dlrf_layer_set_lambda(s, 0.3);
    CHECK(dlrf_layer_run(s, X) == DLRF_OK);
    dlrf_mat *Zn = dlrf_net_z_materialise(net, 1), *Zs = dlrf_layer_z_materialise(s);
    dlrf_mat *Ls = dlrf_layer_l_materialise(s), Ln = dlrf_net_l(net, 1);
    CHECK_LE(rel_diff(Zn, Zs), 1e-14);
    CHECK_LE(rel_diff(&Ln, Ls), 1e-14);
    CHECK(dlrf_net_solver(net, 1, 1) == dlrf_net_solver(net, 1, 2)); /* one solve at layer 1 */
    CHECK(dlrf_net_solver(net, 2, 1) != dlrf_net_solver(net, 2, 2));
    dlrf_mat_free(Zn), dlrf_mat_free(Zs), dlrf_mat_free(Ls), dlrf_layer_free(s);
    dlrf_net_free(net), dlrf_mat_free(X);
    return 0;
}
static int fdlrf_layer1_is_fllrr(void) {
    return layer1_equals_single(DLRF_FLLRR);
}
static int ndlrf_layer1_is_latlrr(void) {
    return layer1_equals_single(DLRF_LATLRR);
}

/* With no rescaling, P_l = P_{l-1} Z_l and S_l = L_l S_{l-1} with the fused Z_l,
 * L_l = averages of the two solves' (eq. 6). */
static int propagation_unscaled(void) {
    dlrf_mat *X = make_subspace_data(30, 50, 3, 3, 0.05, 0.5, 23, NULL);
    dlrf_net *net = run_net(DLRF_FLLRR, X, 3, 0.3, DLRF_SCALE_NONE);
    CHECK(net);
    dlrf_mat Pprev = dlrf_mat_view(X, 0, 0, X->rows, X->cols), Sprev = Pprev;
    for (int l = 1; l <= 3; l++) {
        dlrf_mat *Z = dlrf_net_z_materialise(net, l), L = dlrf_net_l(net, l);
        dlrf_mat P = dlrf_net_p(net, l), S = dlrf_net_s(net, l);
        dlrf_mat *PZ = matmul('N', 'N', &Pprev, Z), *LS = matmul('N', 'N', &L, &Sprev);
        CHECK_LE(rel_diff(&P, PZ), 1e-12);
        CHECK_LE(rel_diff(&S, LS), 1e-12);
        CHECK(dlrf_net_scale_p(net, l) == 1.0);
        if (l > 1) { /* fusion: Z_l = (Z^1 + Z^2)/2 */
            dlrf_mat *Z1 = dlrf_layer_z_materialise(dlrf_net_solver(net, l, 1));
            dlrf_mat *Z2 = dlrf_layer_z_materialise(dlrf_net_solver(net, l, 2));
            for (size_t k = 0; k < Z1->rows * Z1->cols; k++)
                Z1->data[k] = 0.5 * (Z1->data[k] + Z2->data[k]);
            CHECK_LE(rel_diff(Z, Z1), 1e-13);
            dlrf_mat_free(Z1), dlrf_mat_free(Z2);
        }
        dlrf_mat_free(Z), dlrf_mat_free(PZ), dlrf_mat_free(LS);
        Pprev = P;
        Sprev = S;
    }
    dlrf_net_free(net), dlrf_mat_free(X);
    return 0;
}

/* --layer-scale input: every P_l, S_l has the Frobenius norm of X. */
static int layer_scale_input(void) {
    dlrf_mat *X = make_subspace_data(30, 50, 3, 3, 0.05, 0.5, 25, NULL);
    dlrf_net *net = run_net(DLRF_FLLRR, X, 3, 0.3, DLRF_SCALE_INPUT);
    CHECK(net);
    double nx = dlrf_mat_norm_fro(X);
    for (int l = 1; l <= 3; l++) {
        dlrf_mat P = dlrf_net_p(net, l), S = dlrf_net_s(net, l);
        CHECK_LE(fabs(dlrf_mat_norm_fro(&P) - nx), 1e-12 * nx);
        CHECK_LE(fabs(dlrf_mat_norm_fro(&S) - nx), 1e-12 * nx);
        CHECK(dlrf_net_scale_p(net, l) > 1.0); /* each layer shrinks what it passes on */
    }
    dlrf_net_free(net), dlrf_mat_free(X);
    return 0;
}

/* The paper's Fig. 3 data: Z of every layer is block-diagonal. */
static int synthetic_block_diagonal(dlrf_model m, double lambda, double min_score) {
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.corrupt = 0.0;
    dlrf_mat *X;
    int *labels;
    CHECK(dlrf_synth_subspaces(&so, &X, &labels) == DLRF_OK);
    dlrf_net *net = run_net(m, X, 3, lambda, DLRF_SCALE_INPUT);
    CHECK(net);
    for (int l = 1; l <= 3; l++) {
        dlrf_mat F = dlrf_net_z_left(net, l), G = dlrf_net_z_right(net, l);
        double score = dlrf_block_diag_score(&F, &G, labels);
        printf("  %s layer %d block-diagonality %.6f\n", dlrf_model_name(m), l, score);
        CHECK(score >= min_score);
    }
    dlrf_net_free(net), dlrf_mat_free(X), free(labels);
    return 0;
}
static int fdlrf_block_diagonal(void) {
    return synthetic_block_diagonal(DLRF_FLLRR, 1.0, 0.999);
}
static int ndlrf_block_diagonal(void) {
    return synthetic_block_diagonal(DLRF_LATLRR, 1.0, 0.85);
}

static int synthetic_deterministic(void) {
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.seed = 42;
    dlrf_mat *X1, *X2;
    int *l1, *l2;
    CHECK(dlrf_synth_subspaces(&so, &X1, &l1) == DLRF_OK);
    CHECK(dlrf_synth_subspaces(&so, &X2, &l2) == DLRF_OK);
    CHECK(X1->rows == 200 && X1->cols == 200);
    CHECK(memcmp(X1->data, X2->data, 200 * 200 * sizeof(double)) == 0);
    dlrf_net *a = run_net(DLRF_FLLRR, X1, 2, 0.5, DLRF_SCALE_INPUT);
    dlrf_net *b = run_net(DLRF_FLLRR, X2, 2, 0.5, DLRF_SCALE_INPUT);
    dlrf_mat Pa = dlrf_net_p(a, 2), Pb = dlrf_net_p(b, 2);
    CHECK(memcmp(Pa.data, Pb.data, Pa.rows * Pa.cols * sizeof(double)) == 0);
    so.seed = 43;
    dlrf_mat *X3;
    int *l3;
    CHECK(dlrf_synth_subspaces(&so, &X3, &l3) == DLRF_OK);
    CHECK(rel_diff(X1, X3) > 0.1); /* another seed, other data */
    dlrf_net_free(a), dlrf_net_free(b);
    dlrf_mat_free(X1), dlrf_mat_free(X2), dlrf_mat_free(X3), free(l1), free(l2), free(l3);
    return 0;
}

static int net_errors(void) {
    CHECK(dlrf_net_new(DLRF_FLLRR, 0) == NULL);
    dlrf_net *net = dlrf_net_new(DLRF_LRR, 2);
    dlrf_mat *X = random_matrix(5, 8, 1);
    CHECK(dlrf_net_run(net, X) == DLRF_EINVAL);
    CHECK(strstr(dlrf_net_errmsg(net), "salient") != NULL);
    dlrf_net_free(net);
    net = dlrf_net_new(DLRF_FLLRR, 2);
    double bad[2] = {0.1, -1.0};
    CHECK(dlrf_net_set_lambdas(net, bad, 2) == DLRF_EINVAL);
    CHECK(dlrf_net_p(net, 1).data == NULL); /* nothing before a run */
    DLRF_AT(X, 1, 1) = INFINITY;
    CHECK(dlrf_net_run(net, X) == DLRF_EINVAL);
    CHECK(strstr(dlrf_net_errmsg(net), "layer 1") != NULL);
    dlrf_net_free(net), dlrf_mat_free(X);
    dlrf_net_free(NULL);
    return 0;
}

TEST_MAIN({"fdlrf_layer1_is_fllrr", fdlrf_layer1_is_fllrr},
          {"ndlrf_layer1_is_latlrr", ndlrf_layer1_is_latlrr},
          {"propagation_unscaled", propagation_unscaled}, {"layer_scale_input", layer_scale_input},
          {"fdlrf_block_diagonal", fdlrf_block_diagonal},
          {"ndlrf_block_diagonal", ndlrf_block_diagonal},
          {"synthetic_deterministic", synthetic_deterministic}, {"net_errors", net_errors})
