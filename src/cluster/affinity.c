/* Affinities from a factored Z = F G, built a block of columns at a time so
 * that at most one N x N matrix is ever held. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/graph.h"
#include "core/core.h"
#include "linalg/linalg.h"

void cl_graph_free(cl_graph *g) {
    dlrf_mat_free(g->dense);
    free(g->rowptr);
    free(g->col);
    free(g->val);
    memset(g, 0, sizeof *g);
}

/* W = (|Z| + |Z^T|) / 2: each column block of Z adds half of itself to the
 * columns and half of its transpose to the rows of W. */
static void add_abs_block(void *ctx, const dlrf_mat *z, size_t j0) {
    dlrf_mat *W = ctx;
    for (size_t j = 0; j < z->cols; j++)
        for (size_t i = 0; i < z->rows; i++) {
            double h = 0.5 * fabs(DLRF_AT(z, i, j));
            DLRF_AT(W, i, j0 + j) += h;
            DLRF_AT(W, j0 + j, i) += h;
        }
}

static dlrf_status graph_abs(cl_graph *g, const dlrf_mat *F, const dlrf_mat *G) {
    if (!(g->dense = dlrf_mat_new(g->n, g->n))) return DLRF_ENOMEM;
    dlrf_mat_fill(g->dense, 0.0);
    return cl_for_each_zblock(F, G, add_abs_block, g->dense);
}

dlrf_status cl_graph_build(cl_graph *g, const dlrf_mat *F, const dlrf_mat *G, int k,
                           const dlrf_cluster_opts *o, char *err, size_t errlen) {
    memset(g, 0, sizeof *g);
    if (!F || !G || F->cols != G->rows || G->cols != F->rows) {
        dlrf_set_err(err, errlen, "Z factors have mismatched shapes");
        return DLRF_EINVAL;
    }
    g->n = F->rows;
    int topk = o->topk > 0 ? o->topk : dlrf_topk_auto(g->n, k);
    dlrf_status st = o->affinity == DLRF_AFFINITY_TOPK       ? cl_graph_topk(g, F, G, topk)
                     : o->affinity == DLRF_AFFINITY_LRR_POST ? cl_graph_lrr_post(g, F, G, k, o)
                                                             : graph_abs(g, F, G);
    if (st != DLRF_OK) {
        dlrf_set_err(err, errlen, "building the %s affinity of %zu samples: %s",
                     dlrf_affinity_name(o->affinity), g->n, dlrf_status_str(st));
        cl_graph_free(g);
    }
    return st;
}

int dlrf_topk_auto(size_t n, int k) {
    /* a tenth of the mean cluster size, at least 3 */
    long t = lround((double)n / (10.0 * k));
    return t < 3 ? 3 : (int)t;
}

size_t cl_graph_normalise(cl_graph *g, double *dinv) {
    size_t n = g->n, isolated = 0;
    for (size_t i = 0; i < n; i++) {
        double d = 0.0;
        if (g->dense)
            for (size_t j = 0; j < n; j++)
                d += DLRF_AT(g->dense, j, i);
        else
            for (size_t p = g->rowptr[i]; p < g->rowptr[i + 1]; p++)
                d += g->val[p];
        dinv[i] = d > 0.0 ? 1.0 / sqrt(d) : 0.0;
        isolated += !(d > 0.0);
    }
    if (g->dense) {
        dlrf_scale_rows(g->dense, dinv);
        dlrf_scale_cols(g->dense, dinv);
    }
    if (g->rowptr)
        for (size_t i = 0; i < n; i++)
            for (size_t p = g->rowptr[i]; p < g->rowptr[i + 1]; p++)
                g->val[p] *= dinv[i] * dinv[g->col[p]];
    return isolated;
}

dlrf_status cl_graph_densify(cl_graph *g) {
    if (g->dense) return DLRF_OK;
    if (!(g->dense = dlrf_mat_new(g->n, g->n))) return DLRF_ENOMEM;
    dlrf_mat_fill(g->dense, 0.0);
    for (size_t i = 0; i < g->n; i++)
        for (size_t p = g->rowptr[i]; p < g->rowptr[i + 1]; p++)
            DLRF_AT(g->dense, i, g->col[p]) += g->val[p];
    return DLRF_OK;
}
