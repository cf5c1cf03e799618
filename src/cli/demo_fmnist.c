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

int demo_fmnist(int seed) {
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
    } else
        cli_error("demo", "Fashion-MNIST: %s", err);
    fit_result_free(&cx.last);
    dlrf_mat_free(X);
    free(labels);
    return st == DLRF_OK ? 0 : 2;
}
