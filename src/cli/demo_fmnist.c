/* The demo's real-data part: dlrf cluster's defaults on Fashion-MNIST t10k,
 * K = 4 random classes of 250 samples, fDLRF-Net with 3 layers (its layer 1
 * is FLLRR), AC and NMI per layer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cluster.h"
#include "core/core.h"

#define FMNIST "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
#define FMNIST_LABELS "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"

static int load(dlrf_mat **X, int **labels) {
    char err[512];
    dlrf_mat *L = NULL;
    if (dlrf_idx_read(FMNIST, 0, X, NULL, NULL, err, sizeof err) != DLRF_OK ||
        dlrf_idx_read(FMNIST_LABELS, 0, &L, NULL, NULL, err, sizeof err) != DLRF_OK ||
        L->rows * L->cols != (*X)->cols || !(*labels = malloc((*X)->cols * sizeof(int)))) {
        cli_error("demo", "%s", *X && L ? FMNIST_LABELS ": labels do not match the images" : err);
        dlrf_mat_free(L);
        dlrf_mat_free(*X);
        return -1;
    }
    for (size_t i = 0; i < (*X)->cols; i++)
        (*labels)[i] = (int)L->data[i];
    dlrf_mat_free(L);
    dlrf_mat_unit_columns(*X); /* unit-norm samples, as dlrf cluster */
    return 0;
}

/* The trial's samples and their recovered features, and |Z_1 Z_2 Z_3|
 * ordered by class: DIR/fmnist_images.png, DIR/fmnist_z_3.png. */
static void pictures(const dlrf_mat *X, const int *labels, const fit_result *r, int seed,
                     const char *dir) {
    size_t N = X->cols, *cols = malloc(N * sizeof(size_t)), n = 0, show[8];
    char err[1024], path[4200];
    dlrf_mat *Xs = NULL, *F = NULL, *G = NULL;
    int *ls = malloc(N * sizeof(int)), ns = 0;
    if (!cols || !ls ||
        dlrf_protocol_draw(labels, N, 4, 250, (uint64_t)seed, cols, &n, err, sizeof err) ||
        !(Xs = dlrf_mat_new(X->rows, n)))
        goto done;
    for (size_t j = 0; j < n; j++) {
        memcpy(&DLRF_AT(Xs, 0, j), &DLRF_AT(X, 0, cols[j]), X->rows * sizeof(double));
        ls[j] = labels[cols[j]];
    }
    for (int pass = 0; pass < 2; pass++) /* the first, then the second sample of each class */
        for (size_t j = 0; j < n && ns < 8; j++) {
            int before = 0;
            for (size_t q = 0; q < j; q++)
                before += ls[q] == ls[j];
            if (before == pass) show[ns++] = j;
        }
    dlrf_mat P[3];
    const dlrf_mat *rows[4] = {Xs, &P[0], &P[1], &P[2]};
    const char *names[4] = {"input", "P_1 (layer 1)", "P_2 (layer 2)", "P_3 (layer 3)"};
    for (int l = 0; l < 3; l++)
        P[l] = dlrf_net_p(r->net, l + 1);
    dlrf_grid_opts o = {28, 28, 0, 2, "Fashion-MNIST: samples and fDLRF-Net principal features"};
    snprintf(path, sizeof path, "%s/fmnist_images.png", dir);
    if (dlrf_plot_grid(path, rows, names, 4, show, ns, &o, err, sizeof err) == DLRF_OK)
        printf("  picture: %s\n", path);
    else
        fprintf(stderr, "dlrf demo: %s\n", err);
    snprintf(path, sizeof path, "%s/fmnist_z_3.png", dir);
    dlrf_heatmap_opts ho = {"Fashion-MNIST, fDLRF-Net: |Z_1 Z_2 Z_3| by class", 500};
    if (dlrf_net_z_product(r->net, 3, &F, &G) == DLRF_OK &&
        dlrf_plot_z(path, F, G, ls, &ho, NULL, err, sizeof err) == DLRF_OK)
        printf("  picture: %s\n", path);
done:
    free(cols), free(ls);
    dlrf_mat_free(Xs), dlrf_mat_free(F), dlrf_mat_free(G);
}

int demo_fmnist(int seed, const char *dir) {
    if (access(FMNIST, R_OK) != 0 || access(FMNIST_LABELS, R_OK) != 0) {
        printf("\nFashion-MNIST: %s not found (Debian package dataset-fashion-mnist); "
               "skipped\n",
               FMNIST);
        return 0;
    }
    dlrf_mat *X = NULL;
    int *labels = NULL;
    if (load(&X, &labels)) return 2;
    cluster_config c;
    memset(&c, 0, sizeof c);
    dlrf_opts_default(&c.fit.opts);
    c.fit.cmd = "demo";
    c.fit.input = FMNIST;
    c.fit.network = 1;
    c.fit.model = DLRF_FLLRR;
    c.fit.layers = 3;
    c.fit.n_lambdas = 1;
    c.fit.scale = DLRF_SCALE_INPUT;
    c.fit.opts.rho = 1.5;
    dlrf_cluster_opts_default(&c.copts);
    c.copts.seed = (uint64_t)seed;
    c.product = 1;
    dlrf_protocol_opts po = {4, 1, 250, (uint64_t)seed, 3};
    dlrf_protocol_result r;
    cluster_ctx cx;
    memset(&cx, 0, sizeof cx);
    cx.c = &c;
    char err[512];
    double t0 = dlrf_now();
    dlrf_status st = dlrf_protocol_run(X, labels, &po, cluster_method, &cx, &r, err, sizeof err);
    if (st == DLRF_OK) {
        printf("\nFashion-MNIST t10k, classes %d %d %d %d, 250 samples each (unit norm), dlrf "
               "cluster defaults: %.1f s\n  layer  method              AC      NMI\n",
               r.classes[0], r.classes[1], r.classes[2], r.classes[3], dlrf_now() - t0);
        const char *names[] = {"FLLRR", "fDLRF-Net, 2 layers", "fDLRF-Net, 3 layers"};
        for (int l = 0; l < 3; l++)
            printf("  %5d  %-19s %.4f  %.4f\n", l + 1, names[l], r.accuracy[l], r.nmi[l]);
        dlrf_protocol_result_free(&r);
        pictures(X, labels, &cx.last, seed, dir);
    } else
        cli_error("demo", "Fashion-MNIST: %s", err);
    fit_result_free(&cx.last);
    free(cx.last_pred);
    dlrf_mat_free(X);
    free(labels);
    return st == DLRF_OK ? 0 : 2;
}
