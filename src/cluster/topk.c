/* Sparse affinity: the topk largest |Z_ij| (i != j) of every column of Z,
 * symmetrised as W = (A + A^T) / 2 and stored in CSR. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/graph.h"

typedef struct {
    int row, col;
    double v;
} triplet;

/* Inserts (i, a) into the descending top list of length *len <= k. */
static void keep_top(int *idx, double *val, int *len, int k, int i, double a) {
    if (*len == k && a <= val[k - 1]) return;
    int p = *len < k ? (*len)++ : k - 1;
    while (p > 0 && val[p - 1] < a) {
        val[p] = val[p - 1];
        idx[p] = idx[p - 1];
        p--;
    }
    val[p] = a;
    idx[p] = i;
}

static int cmp_triplet(const void *a, const void *b) {
    const triplet *x = a, *y = b;
    if (x->row != y->row) return (x->row > y->row) - (x->row < y->row);
    return (x->col > y->col) - (x->col < y->col);
}

/* Sorted triplets -> CSR, summing duplicates. */
static dlrf_status to_csr(cl_graph *g, triplet *t, size_t nt) {
    qsort(t, nt, sizeof *t, cmp_triplet);
    g->rowptr = calloc(g->n + 1, sizeof(size_t));
    g->col = malloc((nt ? nt : 1) * sizeof(int));
    g->val = malloc((nt ? nt : 1) * sizeof(double));
    if (!g->rowptr || !g->col || !g->val) return DLRF_ENOMEM;
    size_t m = 0;
    for (size_t p = 0; p < nt; p++) {
        if (m > 0 && t[p].row == t[p - 1].row && t[p].col == t[p - 1].col) {
            g->val[m - 1] += t[p].v;
            continue;
        }
        g->col[m] = t[p].col;
        g->val[m] = t[p].v;
        g->rowptr[t[p].row + 1]++;
        m++;
    }
    for (size_t i = 0; i < g->n; i++)
        g->rowptr[i + 1] += g->rowptr[i];
    return DLRF_OK;
}

typedef struct {
    int k, *idx;
    double *val;
    triplet *t;
    size_t nt;
} topk_ctx;

/* Keeps the k largest off-diagonal |Z_ij| of each column of the block. */
static void topk_block(void *ctx, const dlrf_mat *z, size_t j0) {
    topk_ctx *c = ctx;
    for (size_t j = 0; j < z->cols; j++) {
        int len = 0, col = (int)(j0 + j);
        for (size_t i = 0; i < z->rows; i++) {
            double a = fabs(DLRF_AT(z, i, j));
            if ((int)i != col && a > 0.0) keep_top(c->idx, c->val, &len, c->k, (int)i, a);
        }
        for (int p = 0; p < len; p++) {
            c->t[c->nt++] = (triplet){c->idx[p], col, 0.5 * c->val[p]};
            c->t[c->nt++] = (triplet){col, c->idx[p], 0.5 * c->val[p]};
        }
    }
}

dlrf_status cl_graph_topk(cl_graph *g, const dlrf_mat *F, const dlrf_mat *G, int topk) {
    size_t N = g->n;
    int k = topk < (int)N - 1 ? topk : (int)N - 1;
    if (k < 1) return DLRF_EINVAL;
    topk_ctx c = {k, malloc((size_t)k * sizeof(int)), malloc((size_t)k * sizeof(double)),
                  malloc(2 * N * (size_t)k * sizeof(triplet)), 0};
    dlrf_status st = DLRF_ENOMEM;
    if (c.idx && c.val && c.t) st = cl_for_each_zblock(F, G, topk_block, &c);
    if (st == DLRF_OK) st = to_csr(g, c.t, c.nt);
    free(c.t);
    free(c.idx);
    free(c.val);
    return st;
}
