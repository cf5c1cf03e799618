/* dlrf — choosing lambda without labels.
 *
 * The paper picks each layer's lambda with the labels it then scores. Users
 * have no labels, so dlrf chooses, layer by layer (the paper's greedy order),
 * the lambda of a grid whose Z_1...Z_l, clustered into k groups, puts the
 * largest share of its mass off the diagonal and inside the clusters it gives
 * (dlrf_block_diag_score_offdiag with the clustering's own labels). A Z near
 * the identity scores near 0, a Z blind to the clusters about 1/k of its
 * off-diagonal share.
 * docs/RESULTS.md measures how far this choice falls from the labels' one.
 */
#ifndef DLRF_SELECT_H
#define DLRF_SELECT_H

#include "dlrf/cluster.h"
#include "dlrf/net.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The default grid, 1e-4, 1e-2, 1, 1e2, 1e4 (the paper's grid, step 100,
 * without its ends, which no layer chose in docs/RESULTS.md). Returns its
 * length; *grid points to static storage. */
int dlrf_lambda_grid_default(const double **grid);

/* Fits the network's layers one after the other, each with every lambda of
 * grid (n_grid > 0 values > 0) and the earlier layers fixed at their choice,
 * and keeps the best by the score above (clustering with copts into k groups).
 * On return the net holds the fit with the chosen lambdas; chosen (layers
 * values) receives them and scores, when not NULL, every score (layers x
 * n_grid, row-major). DLRF_ENOCONV when a solve of the final fit hit
 * max_iter. */
dlrf_status dlrf_net_select_lambdas(dlrf_net *net, const dlrf_mat *X, int k, const double *grid,
                                    int n_grid, const dlrf_cluster_opts *copts, double *chosen,
                                    double *scores, char *err, size_t errlen);
/* The same for a single-layer solver (any model): *chosen, scores[n_grid]. */
dlrf_status dlrf_layer_select_lambda(dlrf_layer *layer, const dlrf_mat *X, int k,
                                     const double *grid, int n_grid, const dlrf_cluster_opts *copts,
                                     double *chosen, double *scores, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
