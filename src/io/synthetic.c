/* Independent subspaces as in Liu & Yan 2011 (paper Fig. 3). */
#include <math.h>
#include <stdlib.h>

#include "dlrf/synth.h"
#include "linalg/linalg.h"

void dlrf_synth_opts_default(dlrf_synth_opts *o) {
    o->ambient = 200;
    o->dim = 10;
    o->subspaces = 10;
    o->per_subspace = 20;
    o->corrupt = 0.2;
    o->noise = 0.3;
    o->seed = 1;
}

static void fill_normal(dlrf_mat *m, dlrf_rng *rng) {
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < m->rows; i++)
            DLRF_AT(m, i, j) = dlrf_rng_normal(rng);
}

/* Column j of X for subspace i: U_i q with q Gaussian. */
static void sample_subspace(dlrf_mat *X, size_t col0, const dlrf_mat *U, size_t count, dlrf_mat *Q,
                            dlrf_rng *rng) {
    fill_normal(Q, rng);
    dlrf_mat out = dlrf_mat_view(X, 0, col0, X->rows, count);
    dlrf_gemm('N', 'N', 1.0, U, Q, 0.0, &out);
}

/* Adds Gaussian noise of norm about noise * ||x|| to a random fraction of columns. */
static void corrupt_columns(dlrf_mat *X, const dlrf_synth_opts *o, dlrf_rng *rng) {
    size_t N = X->cols, k = (size_t)floor(o->corrupt * (double)N + 0.5);
    size_t *idx = malloc(N * sizeof *idx);
    if (!idx) return;
    for (size_t j = 0; j < N; j++)
        idx[j] = j;
    for (size_t j = 0; j < k && j < N; j++) { /* partial Fisher-Yates */
        size_t t = j + (size_t)(dlrf_rng_uniform(rng) * (double)(N - j));
        size_t c = idx[t];
        idx[t] = idx[j];
        idx[j] = c;
        dlrf_mat col = dlrf_mat_view(X, 0, c, X->rows, 1);
        double sd = o->noise * dlrf_mat_norm_fro(&col) / sqrt((double)X->rows);
        for (size_t i = 0; i < X->rows; i++)
            DLRF_AT(X, i, c) += sd * dlrf_rng_normal(rng);
    }
    free(idx);
}

dlrf_status dlrf_synth_subspaces(const dlrf_synth_opts *o, dlrf_mat **X, int **labels) {
    *X = NULL;
    *labels = NULL;
    if (o->dim < 1 || o->dim > o->ambient || o->subspaces < 1 || o->per_subspace < 1 ||
        o->corrupt < 0.0 || o->corrupt > 1.0 || o->noise < 0.0)
        return DLRF_EINVAL;
    size_t N = o->subspaces * o->per_subspace;
    dlrf_rng rng;
    dlrf_rng_seed(&rng, o->seed);
    dlrf_mat *U = dlrf_mat_new(o->ambient, o->dim), *U2 = dlrf_mat_new(o->ambient, o->dim);
    dlrf_mat *T = dlrf_mat_new(o->ambient, o->ambient), *Q = dlrf_mat_new(o->dim, o->per_subspace);
    *X = dlrf_mat_new(o->ambient, N);
    *labels = malloc(N * sizeof **labels);
    dlrf_status st = (U && U2 && T && Q && *X && *labels) ? DLRF_OK : DLRF_ENOMEM;
    if (st == DLRF_OK) {
        fill_normal(U, &rng);
        fill_normal(T, &rng);
        st = dlrf_qr_orthonormal(U);
        if (st == DLRF_OK) st = dlrf_qr_orthonormal(T); /* a random rotation */
    }
    for (size_t s = 0; st == DLRF_OK && s < o->subspaces; s++) {
        sample_subspace(*X, s * o->per_subspace, U, o->per_subspace, Q, &rng);
        for (size_t j = 0; j < o->per_subspace; j++)
            (*labels)[s * o->per_subspace + j] = (int)s;
        dlrf_gemm('N', 'N', 1.0, T, U, 0.0, U2); /* U_{i+1} = T U_i */
        dlrf_mat *t = U;
        U = U2;
        U2 = t;
    }
    if (st == DLRF_OK) corrupt_columns(*X, o, &rng);
    dlrf_mat_free(U);
    dlrf_mat_free(U2);
    dlrf_mat_free(T);
    dlrf_mat_free(Q);
    if (st != DLRF_OK) {
        dlrf_mat_free(*X);
        free(*labels);
        *X = NULL;
        *labels = NULL;
    }
    return st;
}
