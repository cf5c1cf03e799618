/* Times the clustering step alone (affinity, eigenvectors, discretisation) on a
 * factored Z = F G of N samples in K groups, as dlrf does it (dsyevr on the K
 * wanted indices for N <= 2500, ARPACK Lanczos above), against the same step
 * with a dense dsyevr for all eigenpairs, and prints the ratio. Both reach
 * the same clustering (checked).
 *
 *   bench_cluster [--sizes 2000,4000,8000] [--k 10] [--rank 100] [--affinity topk|topk:N|abs]
 *                 [--eigensolver auto|dense|arpack]
 */
#include <lapacke.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/graph.h"
#include "core/core.h"
#include "dlrf/dlrf.h"

/* Z = F G with a block structure: F's column c belongs to group c % k, so
 * Z_ij is large within groups; plus a little noise everywhere. */
static void make_z(size_t N, int k, size_t r, dlrf_mat **F, dlrf_mat **G, int *truth) {
    dlrf_rng rng;
    dlrf_rng_seed(&rng, 7);
    *F = dlrf_mat_new(N, r);
    *G = dlrf_mat_new(r, N);
    for (size_t i = 0; i < N; i++)
        truth[i] = (int)(i % (size_t)k);
    for (size_t c = 0; c < r; c++)
        for (size_t i = 0; i < N; i++) {
            int in = truth[i] == (int)(c % (size_t)k);
            DLRF_AT(*F, i, c) = (in ? 1.0 : 0.0) + 0.3 * dlrf_rng_normal(&rng);
            DLRF_AT(*G, c, i) = (in ? 1.0 : 0.0) + 0.3 * dlrf_rng_normal(&rng);
        }
}

/* The reference: W, normalisation, dsyevr for all eigenpairs, NJW. */
static double reference(const dlrf_mat *F, const dlrf_mat *G, int k, const dlrf_cluster_opts *o,
                        int *labels) {
    double t0 = dlrf_now();
    cl_graph g;
    size_t n = F->rows;
    if (cl_graph_build(&g, F, G, k, o, NULL, 0) != DLRF_OK || cl_graph_densify(&g) != DLRF_OK)
        return -1;
    double *dinv = malloc(n * sizeof(double)), *w = malloc(n * sizeof(double));
    double *z = malloc(n * n * sizeof(double));
    int *isuppz = malloc(2 * n * sizeof(int)), m = 0;
    cl_graph_normalise(&g, dinv);
    LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'V', 'A', 'U', (int)n, g.dense->data, (int)n, 0, 0, 0, 0, 0.0,
                   &m, w, z, (int)n, isuppz);
    dlrf_mat top = dlrf_mat_wrap(z + (n - (size_t)k) * n, n, (size_t)k, n);
    cl_njw(&top, k, o, labels);
    double t = dlrf_now() - t0;
    free(dinv);
    free(w);
    free(z);
    free(isuppz);
    cl_graph_free(&g);
    return t;
}

static const char *arg(int argc, char **argv, const char *name, const char *def) {
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0) return argv[i + 1];
    return def;
}

int main(int argc, char **argv) {
    int k = atoi(arg(argc, argv, "--k", "10"));
    size_t r = (size_t)atoi(arg(argc, argv, "--rank", "100"));
    const char *sizes = arg(argc, argv, "--sizes", "2000,4000,8000");
    const char *aff = arg(argc, argv, "--affinity", "topk");
    dlrf_cluster_opts o;
    dlrf_cluster_opts_default(&o);
    const char *eig = arg(argc, argv, "--eigensolver", "auto");
    o.eig = strcmp(eig, "dense") == 0    ? DLRF_EIG_DENSE
            : strcmp(eig, "arpack") == 0 ? DLRF_EIG_ARPACK
                                         : DLRF_EIG_AUTO;
    if (strncmp(aff, "topk:", 5) == 0) {
        o.affinity = DLRF_AFFINITY_TOPK;
        o.topk = atoi(aff + 5);
    } else if (strcmp(aff, "abs") == 0)
        o.affinity = DLRF_AFFINITY_ABS;
    printf("# %s, %d threads; k = %d, rank %zu, affinity %s (topk: N/(10k) per column)\n",
           dlrf_blas_config(), dlrf_blas_threads(), k, r, aff);
    printf("%6s  %-7s %9s %9s %9s %9s  %10s  %7s  %s\n", "N", "solver", "affinity", "eig", "disc",
           "total", "dense-all", "ratio", "same labels");
    for (const char *p = sizes; *p;) {
        size_t N = (size_t)strtoul(p, NULL, 10);
        p += strcspn(p, ",");
        p += *p == ',';
        dlrf_mat *F, *G;
        int *truth = malloc(N * sizeof(int)), *ref = malloc(N * sizeof(int));
        make_z(N, k, r, &F, &G, truth);
        dlrf_spectral *s = dlrf_spectral_new(k);
        dlrf_spectral_set_opts(s, &o);
        double t0 = dlrf_now();
        if (dlrf_spectral_run(s, F, G) != DLRF_OK) {
            fprintf(stderr, "N = %zu: %s\n", N, dlrf_spectral_errmsg(s));
            return 1;
        }
        double ours = dlrf_now() - t0, ta, te, td;
        dlrf_spectral_times(s, &ta, &te, &td);
        double dense = reference(F, G, k, &o, ref);
        dlrf_metrics m, m2;
        dlrf_cluster_metrics(truth, dlrf_spectral_labels(s), N, &m);
        dlrf_cluster_metrics(ref, dlrf_spectral_labels(s), N, &m2);
        printf("%6zu  %-7s %9.3f %9.3f %9.3f %9.3f  %10.3f  %6.1fx  %s (AC %.3f)\n", N,
               dlrf_spectral_used_arpack(s) ? "arpack" : "dsyevr", ta, te, td, ours, dense,
               dense / ours, m2.accuracy == 1.0 ? "yes" : "no", m.accuracy);
        fflush(stdout);
        dlrf_spectral_free(s);
        dlrf_mat_free(F);
        dlrf_mat_free(G);
        free(truth);
        free(ref);
    }
    return 0;
}
