/* Block-diagonality of a factored coefficient matrix against known groups. */
#include <math.h>

#include "dlrf/cluster.h"
#include "cluster/graph.h"

typedef struct {
    const int *labels;
    double in, total;
    int skip_diagonal;
} score_ctx;

static void score_block(void *ctx, const dlrf_mat *z, size_t j0) {
    score_ctx *c = ctx;
    for (size_t j = 0; j < z->cols; j++)
        for (size_t i = 0; i < z->rows; i++) {
            double a = fabs(DLRF_AT(z, i, j));
            c->total += a; /* the diagonal counts in the total either way */
            if (c->skip_diagonal && i == j0 + j) continue;
            if (c->labels[i] == c->labels[j0 + j]) c->in += a;
        }
}

static double score(const dlrf_mat *F, const dlrf_mat *G, const int *labels, int skip) {
    if (F->cols != G->rows || G->cols != F->rows || !labels) return -1.0;
    score_ctx c = {labels, 0.0, 0.0, skip};
    if (cl_for_each_zblock(F, G, score_block, &c) != DLRF_OK) return -1.0;
    return c.total > 0.0 ? c.in / c.total : 0.0;
}

double dlrf_block_diag_score(const dlrf_mat *F, const dlrf_mat *G, const int *labels) {
    return score(F, G, labels, 0);
}

double dlrf_block_diag_score_offdiag(const dlrf_mat *F, const dlrf_mat *G, const int *labels) {
    return score(F, G, labels, 1);
}
