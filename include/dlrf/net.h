/* dlrf — the deep latent low-rank fusion network (DLRF-Net).
 *
 * P_0 = S_0 = X. Layer l solves (LL) on P_{l-1} and on S_{l-1} (once at layer 1,
 * where both inputs are X), fuses Z_l = (Z_l^1 + Z_l^2)/2, L_l = (L_l^1 + L_l^2)/2,
 * and propagates P_l = P_{l-1} Z_l, S_l = L_l S_{l-1} (docs/METHOD.md section 2).
 * nDLRF-Net is the network over DLRF_LATLRR layers, fDLRF-Net over DLRF_FLLRR.
 *
 * Lambda convention: the lambda given for a layer is the lambda of each of its
 * (LL) solves, so layer 1 of the network equals the single-layer solver with the
 * same lambda exactly. The factor 1/2 that eq. 7 puts on the norms only rescales
 * lambda and is absorbed into it.
 *
 * Layer scale: each layer passes on roughly half the scale it receives, so a
 * fixed lambda acts ever smaller deeper down. DLRF_SCALE_INPUT rescales P_l and
 * S_l to the Frobenius norm of the layer's input before the next layer;
 * DLRF_SCALE_NONE is the paper's network exactly.
 */
#ifndef DLRF_NET_H
#define DLRF_NET_H

#include "dlrf/layer.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { DLRF_SCALE_NONE = 0, DLRF_SCALE_INPUT = 1 } dlrf_layer_scale;

typedef struct dlrf_net dlrf_net;

/* A network of `layers` layers of the given model, or NULL (bad count or memory). */
dlrf_net *dlrf_net_new(dlrf_model model, int layers);
void dlrf_net_free(dlrf_net *net);
/* Solver options shared by all layers (their lambda is overridden per layer). */
dlrf_status dlrf_net_set_opts(dlrf_net *net, const dlrf_opts *o);
/* lambda of each layer: count values, the last one repeated for deeper layers;
 * 0 (the default) is the automatic choice of dlrf_opts, made per solve. */
dlrf_status dlrf_net_set_lambdas(dlrf_net *net, const double *lambdas, int count);
dlrf_status dlrf_net_set_layer_scale(dlrf_net *net, dlrf_layer_scale scale);
void dlrf_net_set_progress(dlrf_net *net, dlrf_progress_fn fn, void *user);

/* Runs all layers on X (n x N), borrowed. DLRF_ENOCONV when some solve hit
 * max_iter (all layers still ran); another code on error. */
dlrf_status dlrf_net_run(dlrf_net *net, const dlrf_mat *X);
/* Runs layers first..last (1-based) on X, keeping layers 1..first-1 from an
 * earlier run on the same X (first <= dlrf_net_layers_done + 1); later layers
 * are dropped. Lets a caller refit one layer with another lambda without
 * refitting the layers above it. */
dlrf_status dlrf_net_run_layers(dlrf_net *net, const dlrf_mat *X, int first, int last);
/* How many layers hold a fit (the accessors below answer for those only). */
int dlrf_net_layers_done(const dlrf_net *net);
const char *dlrf_net_errmsg(const dlrf_net *net);

int dlrf_net_layers(const dlrf_net *net);
/* The lambda set for a layer (0: automatic; the solvers report what they used). */
double dlrf_net_lambda(const dlrf_net *net, int layer);
/* Solver of solve 1 (on P_{l-1}) or 2 (on S_{l-1}) of a 1-based layer; at
 * layer 1 both return the single solve. Owned by net. */
const dlrf_layer *dlrf_net_solver(const dlrf_net *net, int layer, int solve);
/* Deep features of a layer (views owned by net): P_l, S_l (n x N), as passed
 * to the next layer (rescaled under DLRF_SCALE_INPUT). */
dlrf_mat dlrf_net_p(const dlrf_net *net, int layer);
dlrf_mat dlrf_net_s(const dlrf_net *net, int layer);
/* L_l (n x n), materialised (n is the feature dimension). */
dlrf_mat dlrf_net_l(const dlrf_net *net, int layer);
/* Fused Z_l kept factored as F G with F (N x k), G (k x N). */
dlrf_mat dlrf_net_z_left(const dlrf_net *net, int layer);
dlrf_mat dlrf_net_z_right(const dlrf_net *net, int layer);
/* The N x N matrix Z_l (new; caller frees), or NULL on error. */
dlrf_mat *dlrf_net_z_materialise(const dlrf_net *net, int layer);
/* The product Z_1 Z_2 ... Z_layer (which maps the data to the deep principal
 * features: P_layer = X Z_1 ... Z_layer up to the layer scales), factored as
 * F G with F (N x k), G (k x N): two new matrices the caller frees. */
dlrf_status dlrf_net_z_product(const dlrf_net *net, int layer, dlrf_mat **F, dlrf_mat **G);
/* The scale factor applied to P_l and S_l (1 under DLRF_SCALE_NONE). */
double dlrf_net_scale_p(const dlrf_net *net, int layer);
double dlrf_net_scale_s(const dlrf_net *net, int layer);

#ifdef __cplusplus
}
#endif
#endif
