/* Seconds per iteration of fllrr and latlrr on Fashion-MNIST columns (n = 784)
 * for N = 1000..8000, against the machine's DGEMM rate measured in the same run.
 *
 *   bench_iteration [--data DIR] [--sizes 1000,2000,4000,8000] [--iters K | --schedule default]
 *   bench_iteration --solve N [--method fllrr|latlrr] [--iters K]   (one solve, for
 *                   /usr/bin/time -v; default schedule unless K fixed iterations)
 *
 * An fllrr iteration is 8 n r N flops of GEMM (its "GEMM floor" at the measured
 * rate); the report gives each method's time per iteration, GFLOP/s on that
 * count, the ratio to the floor, and the growth exponent fitted over N. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "dlrf/dlrf.h"

#define MAX_SIZES 8

typedef struct {
    int first; /* iteration after which timing starts */
    double t_first, t_last;
    int last;
} timing;

static int on_progress(const dlrf_progress *p, void *user) {
    timing *t = user;
    if (p->iter == t->first) t->t_first = p->elapsed_s;
    t->t_last = p->elapsed_s;
    t->last = p->iter;
    return 0;
}

/* Columns 0..N-1 of the t10k images, each scaled to unit norm. */
static dlrf_mat *load(const char *dirpath, size_t N) {
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/t10k-images-idx3-ubyte.gz", dirpath);
    dlrf_mat *X = NULL;
    if (dlrf_idx_read(path, N, &X, NULL, NULL, err, sizeof err) != DLRF_OK) {
        fprintf(stderr, "bench: %s (apt-get install dataset-fashion-mnist)\n", err);
        return NULL;
    }
    for (size_t j = 0; j < X->cols; j++) {
        dlrf_mat c = dlrf_mat_view(X, 0, j, X->rows, 1);
        double nrm = dlrf_mat_norm_fro(&c);
        if (nrm > 0) dlrf_mat_scale(&c, 1.0 / nrm);
    }
    return X;
}

static double gemm_rate(size_t n, size_t N) {
    dlrf_mat *A = dlrf_mat_new(n, n), *B = dlrf_mat_new(n, N), *C = dlrf_mat_new(n, N);
    for (size_t k = 0; k < n * n; k++)
        A->data[k] = sin((double)k);
    for (size_t k = 0; k < n * N; k++)
        B->data[k] = cos((double)k);
    dlrf_gemm('N', 'N', 1.0, A, B, 0.0, C); /* warm up */
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        double t0 = dlrf_now();
        dlrf_gemm('N', 'N', 1.0, A, B, 0.0, C);
        double dt = dlrf_now() - t0;
        if (dt < best) best = dt;
    }
    dlrf_mat_free(A), dlrf_mat_free(B), dlrf_mat_free(C);
    return 2.0 * (double)n * (double)n * (double)N / best / 1e9;
}

/* Seconds per iteration over iterations 3..iters; rank in *r. */
/* iters > 0: exactly that many iterations from mu0 = 1, a penalty at which the
 * SVTs keep a high rank (the expensive case); iters == 0: the default schedule
 * run to convergence, averaged over all its iterations. */
static double time_iterations(dlrf_model m, const dlrf_mat *X, int iters, size_t *r, int *done) {
    dlrf_layer *s = dlrf_layer_new(m);
    dlrf_opts o;
    dlrf_opts_default(&o);
    if (iters > 0) {
        o.tol = 0.0;
        o.max_iter = iters;
        o.mu0 = 1.0;
    }
    o.lambda = 1.0 / sqrt((double)X->cols);
    dlrf_layer_set_opts(s, &o);
    timing t = {2, 0, 0, 0};
    dlrf_layer_set_progress(s, on_progress, &t);
    dlrf_status st = dlrf_layer_run(s, X);
    *r = dlrf_layer_rank(s);
    *done = dlrf_layer_iterations(s);
    dlrf_layer_free(s);
    if (st != DLRF_OK && st != DLRF_ENOCONV) return NAN;
    return (t.t_last - t.t_first) / (t.last - t.first);
}

static double fit_exponent(const double *N, const double *t, int k) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < k; i++) {
        double x = log(N[i]), y = log(t[i]);
        sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    return (k * sxy - sx * sy) / (k * sxx - sx * sx);
}

static int solve_once(const char *data, size_t N, const char *method, int iters) {
    dlrf_model m = DLRF_FLLRR;
    if (method && dlrf_model_from_name(method, &m) != DLRF_OK) return 2;
    dlrf_mat *X = load(data, N);
    if (!X) return 2;
    dlrf_layer *s = dlrf_layer_new(m);
    dlrf_opts o;
    dlrf_opts_default(&o);
    o.lambda = 1.0 / sqrt((double)N);
    if (iters > 0) { /* a fixed number of iterations: enough to reach the peak memory */
        o.tol = 0.0;
        o.max_iter = iters;
    }
    dlrf_layer_set_opts(s, &o);
    double t0 = dlrf_now();
    dlrf_status st = dlrf_layer_run(s, X);
    printf("%s N=%zu: %s after %d iterations, %.1f s, rank %zu\n", dlrf_model_name(m), N,
           st == DLRF_OK ? "converged" : "stopped", dlrf_layer_iterations(s), dlrf_now() - t0,
           dlrf_layer_rank(s));
    dlrf_layer_free(s);
    dlrf_mat_free(X);
    return 0;
}

int main(int argc, char **argv) {
    const char *data = "/usr/share/datasets/fashion-mnist", *method = NULL;
    double sizes[MAX_SIZES] = {1000, 2000, 4000, 8000};
    int nsizes = 4, iters = 12, schedule = 0, iters_given = 0;
    size_t solve_n = 0;
    for (int k = 1; k + 1 < argc; k += 2) {
        if (!strcmp(argv[k], "--data"))
            data = argv[k + 1];
        else if (!strcmp(argv[k], "--iters"))
            iters = atoi(argv[k + 1]), iters_given = 1;
        else if (!strcmp(argv[k], "--solve"))
            solve_n = (size_t)atol(argv[k + 1]);
        else if (!strcmp(argv[k], "--method"))
            method = argv[k + 1];
        else if (!strcmp(argv[k], "--schedule"))
            schedule = !strcmp(argv[k + 1], "default");
        else if (!strcmp(argv[k], "--sizes")) {
            nsizes = 0;
            for (char *p = argv[k + 1]; *p && nsizes < MAX_SIZES; p += *p == ',')
                sizes[nsizes++] = strtod(p, &p);
        }
    }
    if (solve_n) return solve_once(data, solve_n, method, iters_given ? iters : 0);
    if (iters < 4) iters = 4;
    if (schedule) iters = 0;
    printf("dlrf %s, BLAS %s, core %s, %d threads\n", dlrf_version(), dlrf_blas_config(),
           dlrf_blas_corename(), dlrf_blas_threads());
    if (dlrf_blas_kernel_hint()) printf("hint: %s\n", dlrf_blas_kernel_hint());
    double tf[MAX_SIZES], tl[MAX_SIZES];
    printf("\n%s\n", iters ? "fixed iterations from mu0 = 1 (high-rank SVTs)"
                           : "default schedule to convergence, mean over all iterations");
    printf("%6s %5s %9s | %12s %8s %9s | %12s %8s %9s %9s %9s\n", "N", "r", "DGEMM", "fllrr s/it",
           "GFLOP/s", "x floor", "latlrr s/it", "GFLOP/s", "x floor", "lat/fl", "iters");
    for (int i = 0; i < nsizes; i++) {
        size_t N = (size_t)sizes[i], r;
        int it_f = 0, it_l = 0;
        dlrf_mat *X = load(data, N);
        if (!X) return 2;
        double rate = gemm_rate(X->rows, N);
        tf[i] = time_iterations(DLRF_FLLRR, X, iters, &r, &it_f);
        tl[i] = time_iterations(DLRF_LATLRR, X, iters, &r, &it_l);
        double flops = 8.0 * (double)X->rows * (double)r * (double)N, floor_s = flops / rate / 1e9;
        printf("%6zu %5zu %8.1fG | %12.4f %8.1f %9.2f | %12.4f %8.1f %9.2f %9.2f %4d/%-4d\n", N, r,
               rate, tf[i], flops / tf[i] / 1e9, tf[i] / floor_s, tl[i], flops / tl[i] / 1e9,
               tl[i] / floor_s, tl[i] / tf[i], it_f, it_l);
        fflush(stdout);
        dlrf_mat_free(X);
    }
    if (nsizes > 1)
        printf("\ngrowth exponent in N: fllrr %.2f, latlrr %.2f (textbook N x N form: 3)\n",
               fit_exponent(sizes, tf, nsizes), fit_exponent(sizes, tl, nsizes));
    return 0;
}
