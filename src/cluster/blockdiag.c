/* Block-diagonality of a factored coefficient matrix against known groups. */
#include <math.h>

#include "dlrf/cluster.h"
#include "linalg/linalg.h"

double dlrf_block_diag_score(const dlrf_mat *F, const dlrf_mat *G, const int *labels) {
    size_t N = F->rows, chunk = 256;
    if (F->cols != G->rows || G->cols != N || !labels) return -1.0;
    dlrf_mat *Zb = dlrf_mat_new(N, chunk);
    if (!Zb) return -1.0;
    double in = 0.0, total = 0.0;
    for (size_t j0 = 0; j0 < N; j0 += chunk) {
        size_t b = N - j0 < chunk ? N - j0 : chunk;
        dlrf_mat g = dlrf_mat_view(G, 0, j0, G->rows, b), z = dlrf_mat_view(Zb, 0, 0, N, b);
        dlrf_gemm('N', 'N', 1.0, F, &g, 0.0, &z);
        for (size_t j = 0; j < b; j++)
            for (size_t i = 0; i < N; i++) {
                double a = fabs(DLRF_AT(&z, i, j));
                total += a;
                if (labels[i] == labels[j0 + j]) in += a;
            }
    }
    dlrf_mat_free(Zb);
    return total > 0.0 ? in / total : 0.0;
}
