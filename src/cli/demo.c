/* dlrf demo: fDLRF-Net and nDLRF-Net for 4 layers on the synthetic independent
 * subspaces of the paper's Fig. 3, printing per layer the constraint residual
 * and the block-diagonality of Z. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/core.h"
#include "dlrf/dlrf.h"

int demo_fmnist(int seed, const char *dir);

static const cli_opt demo_opts[] = {
    {"no-real", NULL, "skip the Fashion-MNIST clustering that follows the synthetic data"},
    {"layers", "M", "network depth (default 4)"},
    {"lambda", "L", "error weight of every layer (default: automatic, 0.1*sqrt(N)/||A||_F)"},
    {"seed", "S", "random seed of the data (default 1)"},
    {"layer-scale", "none|input", "rescale each layer's output (default input)"},
    {"plots", "DIR", "where the pictures go (default demo-out)"},
};
#define N_DEMO_OPTS (sizeof demo_opts / sizeof demo_opts[0])

/* ||X - X Z - L X - E||_F / ||X||_F of one solve (its input is recomputed as
 * the layer's input so the residual is of the actual constraint). */
static double rel_residual(const dlrf_layer *s, const dlrf_mat *A) {
    dlrf_mat E = dlrf_layer_e(s);
    dlrf_mat *R = dlrf_mat_dup(A), *L = dlrf_layer_l_materialise(s);
    double out = -1.0;
    if (R && L && dlrf_layer_apply_z(s, A, R) == DLRF_OK) { /* R = A Z */
        for (size_t j = 0; j < A->cols; j++)
            for (size_t i = 0; i < A->rows; i++)
                DLRF_AT(R, i, j) = DLRF_AT(A, i, j) - DLRF_AT(R, i, j) - DLRF_AT(&E, i, j);
        dlrf_gemm('N', 'N', -1.0, L, A, 1.0, R);
        out = dlrf_mat_norm_fro(R) / dlrf_mat_norm_fro(A);
    }
    dlrf_mat_free(R);
    dlrf_mat_free(L);
    return out;
}

/* AC of spectral clustering (default options) of Z_1...Z_l into k groups. */
static double layer_accuracy(const dlrf_net *net, int l, const int *labels, int k, size_t n) {
    dlrf_mat *F, *G;
    double ac = -1.0;
    if (dlrf_net_z_product(net, l, &F, &G) != DLRF_OK) return ac;
    dlrf_spectral *s = dlrf_spectral_new(k);
    dlrf_metrics m;
    if (s && dlrf_spectral_run(s, F, G) == DLRF_OK &&
        dlrf_cluster_metrics(labels, dlrf_spectral_labels(s), n, &m) == DLRF_OK)
        ac = m.accuracy;
    dlrf_spectral_free(s);
    dlrf_mat_free(F);
    dlrf_mat_free(G);
    return ac;
}

/* |Z_l| of every layer, the paper's Fig. 3: DIR/synthetic_NAME_z_L.png. */
static void plot_layers(const dlrf_net *net, const char *name, const int *labels, const char *dir) {
    char path[4200], title[128], err[1024];
    for (int l = 1; l <= dlrf_net_layers(net); l++) {
        dlrf_mat F = dlrf_net_z_left(net, l), G = dlrf_net_z_right(net, l);
        snprintf(path, sizeof path, "%s/synthetic_%c%s_z_%d.png", dir, name[0] == 'f' ? 'f' : 'n',
                 "dlrf", l);
        snprintf(title, sizeof title, "%s layer %d: |Z_%d|, lambda %.3g", name, l, l,
                 dlrf_layer_lambda(dlrf_net_solver(net, l, 1)));
        dlrf_heatmap_opts o = {title, 400};
        if (dlrf_plot_z(path, &F, &G, labels, &o, NULL, err, sizeof err) == DLRF_OK)
            printf("  picture: %s\n", path);
        else
            fprintf(stderr, "dlrf demo: %s\n", err);
    }
}

static int run_network(dlrf_model model, const char *name, const dlrf_mat *X, const int *labels,
                       int k, int layers, double lambda, dlrf_layer_scale scale, const char *dir) {
    dlrf_net *net = dlrf_net_new(model, layers);
    if (!net) return 2;
    dlrf_net_set_lambdas(net, &lambda, 1);
    dlrf_net_set_layer_scale(net, scale);
    double t0 = dlrf_now();
    dlrf_status st = dlrf_net_run(net, X);
    double dt = dlrf_now() - t0;
    if (st != DLRF_OK && st != DLRF_ENOCONV) {
        fprintf(stderr, "dlrf demo: %s: %s\n", name, dlrf_net_errmsg(net));
        dlrf_net_free(net);
        return 2;
    }
    printf("\n%s (%d layers, lambda %.4g%s, layer scale %s): %.2f s\n", name, layers,
           dlrf_layer_lambda(dlrf_net_solver(net, 1, 1)), lambda > 0 ? "" : " automatic",
           scale == DLRF_SCALE_INPUT ? "input" : "none", dt);
    printf("  layer  iterations  residual ||A-AZ-LA-E||/||A||  block-diagonality of Z  rank(input)"
           "  clustering AC\n");
    dlrf_mat in_p = dlrf_mat_view(X, 0, 0, X->rows, X->cols);
    for (int l = 1; l <= layers; l++) {
        const dlrf_layer *s1 = dlrf_net_solver(net, l, 1), *s2 = dlrf_net_solver(net, l, 2);
        dlrf_mat F = dlrf_net_z_left(net, l), G = dlrf_net_z_right(net, l);
        int iters = dlrf_layer_iterations(s1) + (l > 1 ? dlrf_layer_iterations(s2) : 0);
        printf("  %5d  %10d  %30.2e  %22.4f  %11zu  %13.4f\n", l, iters, rel_residual(s1, &in_p),
               dlrf_block_diag_score(&F, &G, labels), dlrf_layer_rank(s1),
               layer_accuracy(net, l, labels, k, X->cols));
        in_p = dlrf_net_p(net, l);
    }
    plot_layers(net, name, labels, dir);
    dlrf_net_free(net);
    return 0;
}

int cmd_demo(int argc, char **argv) {
    const char *values[N_DEMO_OPTS] = {0};
    cli_spec sp = {"demo",
                   "[options]",
                   "Run fDLRF-Net and nDLRF-Net on 10 synthetic independent subspaces "
                   "(ambient dim 200, subspace dim 10, 20 samples each, 20% corrupted),\nthen "
                   "cluster 4 random Fashion-MNIST classes (250 each) with fDLRF-Net.",
                   demo_opts,
                   N_DEMO_OPTS,
                   values};
    int p = cli_parse(&sp, argc, argv);
    if (p) return p > 0 ? 0 : 2;
    int layers = 4, seed = 1, scale = 1;
    double lambda = 0.0;
    if (cli_int(&sp, "layers", &layers) || cli_double(&sp, "lambda", &lambda) ||
        cli_int(&sp, "seed", &seed))
        return 2;
    const char *ls = cli_get(&sp, "layer-scale");
    if (ls) scale = ls[0] == 'i';
    if (layers < 1 || !(lambda >= 0.0)) {
        cli_error("demo", "--layers must be >= 1 and --lambda > 0");
        return 2;
    }
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.seed = (uint64_t)seed;
    dlrf_mat *X;
    int *labels;
    if (dlrf_synth_subspaces(&so, &X, &labels) != DLRF_OK) {
        cli_error("demo", "could not generate the synthetic data");
        return 2;
    }
    printf("synthetic data: %zu subspaces of dimension %zu in R^%zu, %zu samples, %.0f%% "
           "corrupted (seed %d)\n",
           so.subspaces, so.dim, so.ambient, X->cols, 100.0 * so.corrupt, seed);
    dlrf_layer_scale sc = scale ? DLRF_SCALE_INPUT : DLRF_SCALE_NONE;
    int k = (int)so.subspaces;
    const char *dir = cli_get(&sp, "plots") ? cli_get(&sp, "plots") : "demo-out";
    struct stat sb;
    if (stat(dir, &sb) != 0 && mkdir(dir, 0777) != 0) {
        cli_error("demo", "--plots %s: cannot create the directory: %s", dir, strerror(errno));
        dlrf_mat_free(X);
        free(labels);
        return 2;
    }
    int rc = run_network(DLRF_FLLRR, "fDLRF-Net", X, labels, k, layers, lambda, sc, dir);
    if (rc == 0) rc = run_network(DLRF_LATLRR, "nDLRF-Net", X, labels, k, layers, lambda, sc, dir);
    dlrf_mat_free(X);
    free(labels);
    if (rc == 0 && !cli_get(&sp, "no-real")) rc = demo_fmnist(seed, dir);
    return rc;
}
