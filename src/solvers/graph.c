/* The kNN graph Laplacian of rlrr (docs/BASELINES.md section 6). */
#include <stdlib.h>

#include "solvers/solver.h"

/* Marks the k nearest of column j (squared distances in d, j excluded). */
static void mark_nearest(const double *d, size_t N, size_t j, int k, dlrf_mat *W, size_t *pick) {
    int kept = 0;
    for (size_t i = 0; i < N; i++) {
        if (i == j) continue;
        if (kept == k && d[i] >= d[pick[kept - 1]]) continue;
        int at = kept < k ? kept++ : k - 1;
        while (at > 0 && d[pick[at - 1]] > d[i]) {
            pick[at] = pick[at - 1];
            at--;
        }
        pick[at] = i;
    }
    for (int q = 0; q < kept; q++) { /* symmetrised: either one's neighbour */
        DLRF_AT(W, pick[q], j) = 1.0;
        DLRF_AT(W, j, pick[q]) = 1.0;
    }
}

dlrf_status dlrf_knn_laplacian(const dlrf_mat *A, int k, dlrf_mat *L) {
    size_t N = A->cols;
    double *norm = malloc(N * sizeof(double)), *d = malloc(N * sizeof(double));
    size_t *pick = malloc((size_t)(k > 0 ? k : 1) * sizeof(size_t));
    dlrf_mat *G = dlrf_mat_new(N, N);
    if (!norm || !d || !pick || !G) {
        free(norm), free(d), free(pick), dlrf_mat_free(G);
        return DLRF_ENOMEM;
    }
    dlrf_gemm('T', 'N', 1.0, A, A, 0.0, G); /* Gram: the distances from it */
    for (size_t j = 0; j < N; j++)
        norm[j] = DLRF_AT(G, j, j);
    dlrf_mat_fill(L, 0.0);
    for (size_t j = 0; j < N; j++) {
        for (size_t i = 0; i < N; i++)
            d[i] = norm[i] + norm[j] - 2.0 * DLRF_AT(G, i, j);
        mark_nearest(d, N, j, k, L, pick); /* W, for now, in L */
    }
    for (size_t j = 0; j < N; j++) {
        double deg = 0.0;
        for (size_t i = 0; i < N; i++) {
            deg += DLRF_AT(L, i, j);
            DLRF_AT(L, i, j) = -DLRF_AT(L, i, j);
        }
        DLRF_AT(L, j, j) = deg;
    }
    free(norm), free(d), free(pick), dlrf_mat_free(G);
    return DLRF_OK;
}
