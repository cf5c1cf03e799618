/* Z = F G visited a block of columns at a time, so that nothing N x N is
 * formed to read it. */
#include "cluster/graph.h"

#define BLOCK 256

dlrf_status cl_for_each_zblock(const dlrf_mat *F, const dlrf_mat *G, cl_zblock_fn fn, void *ctx) {
    size_t N = F->rows, n_cols = G->cols;
    dlrf_mat *Zb = dlrf_mat_new(N, BLOCK);
    if (!Zb) return DLRF_ENOMEM;
    for (size_t j0 = 0; j0 < n_cols; j0 += BLOCK) {
        size_t b = n_cols - j0 < BLOCK ? n_cols - j0 : BLOCK;
        dlrf_mat gb = dlrf_mat_view(G, 0, j0, G->rows, b), z = dlrf_mat_view(Zb, 0, 0, N, b);
        dlrf_gemm('N', 'N', 1.0, F, &gb, 0.0, &z);
        fn(ctx, &z, j0);
    }
    dlrf_mat_free(Zb);
    return DLRF_OK;
}
