/* Internal to src/cluster: the affinity graph, dense or sparse (CSR). */
#ifndef DLRF_CLUSTER_GRAPH_H
#define DLRF_CLUSTER_GRAPH_H

#include "dlrf/cluster.h"

typedef struct {
    size_t n;
    dlrf_mat *dense; /* n x n, symmetric, both triangles; NULL when sparse */
    size_t *rowptr;  /* CSR, n + 1 */
    int *col;
    double *val;
    int rank; /* LRR post-processing: the rank kept; 0 otherwise */
} cl_graph;

void cl_graph_free(cl_graph *g);

/* Calls fn(ctx, Zb, j0) for each block Zb = Z[:, j0 : j0 + b] (N x b, at most
 * 256 columns, valid during the call) of Z = F G. DLRF_ENOMEM if the block
 * cannot be allocated. */
typedef void (*cl_zblock_fn)(void *ctx, const dlrf_mat *Zb, size_t j0);
dlrf_status cl_for_each_zblock(const dlrf_mat *F, const dlrf_mat *G, cl_zblock_fn fn, void *ctx);
/* Builds W from Z = F G as o->affinity says (k: the number of clusters). */
dlrf_status cl_graph_build(cl_graph *g, const dlrf_mat *F, const dlrf_mat *G, int k,
                           const dlrf_cluster_opts *o, char *err, size_t errlen);
/* Sparse W: the topk largest |Z_ij| (i != j) per column, symmetrised. */
dlrf_status cl_graph_topk(cl_graph *g, const dlrf_mat *F, const dlrf_mat *G, int topk);
/* Dense W of the LRR post-processing. */
dlrf_status cl_graph_lrr_post(cl_graph *g, const dlrf_mat *F, const dlrf_mat *G, int k,
                              const dlrf_cluster_opts *o);
/* Dense copy of a sparse W (kept both). */
dlrf_status cl_graph_densify(cl_graph *g);
/* d[i] = 1/sqrt(degree i), 0 for isolated nodes; W := D^-1/2 W D^-1/2.
 * Returns the number of isolated nodes. */
size_t cl_graph_normalise(cl_graph *g, double *dinv);

/* The k largest eigenpairs of the normalised W: values descending in w[k],
 * vectors in U (n x k). Dense: W is destroyed. */
dlrf_status cl_eig_dense(cl_graph *g, int k, double *w, dlrf_mat *U, char *err, size_t errlen);
dlrf_status cl_eig_arpack(const cl_graph *g, int k, const dlrf_cluster_opts *o, double *w,
                          dlrf_mat *U, char *err, size_t errlen);

/* Discretisations of the embedding U (n x k) into labels. dinv as above. */
dlrf_status cl_njw(const dlrf_mat *U, int k, const dlrf_cluster_opts *o, int *labels);
dlrf_status cl_yushi(const dlrf_mat *U, const double *dinv, int k, const dlrf_cluster_opts *o,
                     int *labels);

#endif
