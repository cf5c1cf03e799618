/* dlrf — PLrSC (Li, Liu, Zhao, Fu 2017; docs/BASELINES.md section 7):
 * projective low-rank subspace clustering through a deep encoder.
 *
 * 1. LRR on a random subset X of m samples (label-free: m drawn from all).
 * 2. A ReLU encoder f(x) = W_out g(W_D ... g(W_1 x)) fitted to those codes,
 *    min 1/2 ||Z - f(X)||_F^2: the output layer by ridge regression, the hidden
 *    layers by gradient descent with backtracking, alternately. (The authors'
 *    public code never trains its hidden layers: a loop bound bug.)
 * 3. Every sample encoded, f(y) in R^m, and the codes clustered by LSC. dlrf
 *    clusters |f(y)| / ||f(y)||, not f(y) as the authors do: the codes of a
 *    subspace share their support (which samples of the subset represent
 *    them), not their signs, and raw codes cluster independent subspaces at
 *    chance (AC 0.26 on tests/test_plrsc.c's, against 1).
 * Nothing N x N is formed: time and memory are linear in N.
 */
#ifndef DLRF_PLRSC_H
#define DLRF_PLRSC_H

#include "dlrf/cluster.h"
#include "dlrf/layer.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int subset;        /* m, samples of the LRR dictionary (default 0: 50 per cluster) */
    int hidden;        /* units per hidden layer (default 1500, the authors') */
    int depth;         /* hidden layers (default 2) */
    int outer_iter;    /* ridge / gradient-descent rounds (default 3, the authors') */
    int gd_steps;      /* gradient steps per round (default 20) */
    double ridge;      /* output layer's ridge weight (default 1e-3) */
    dlrf_lsc_opts lsc; /* default: 500 landmarks, 5 neighbours, 3 k-means iterations */
    uint64_t seed;     /* subset, weights (default 1) */
} dlrf_plrsc_opts;

typedef struct dlrf_plrsc dlrf_plrsc;

void dlrf_plrsc_opts_default(dlrf_plrsc_opts *o);
dlrf_plrsc *dlrf_plrsc_new(void);
void dlrf_plrsc_free(dlrf_plrsc *p);
dlrf_status dlrf_plrsc_set_opts(dlrf_plrsc *p, const dlrf_plrsc_opts *o);
/* LRR options of step 1 (default: dlrf_opts_default). */
dlrf_status dlrf_plrsc_set_lrr_opts(dlrf_plrsc *p, const dlrf_opts *o);
/* Progress of step 1's LRR solve, as dlrf_layer_set_progress (default none). */
void dlrf_plrsc_set_progress(dlrf_plrsc *p, dlrf_progress_fn fn, void *user);
/* Clusters the N columns of X (n x N, borrowed) into k groups. */
dlrf_status dlrf_plrsc_run(dlrf_plrsc *p, const dlrf_mat *X, int k);
const char *dlrf_plrsc_errmsg(const dlrf_plrsc *p);
/* After a run (owned by p): the N labels, the m x N codes f(X), the LRR
 * solver of step 1, the encoder's loss before training and after each round
 * (outer_iter + 1 values; *count receives their number), and the hidden
 * weights of layer 1..depth (hidden x input). */
const int *dlrf_plrsc_labels(const dlrf_plrsc *p);
dlrf_mat dlrf_plrsc_codes(const dlrf_plrsc *p);
const dlrf_layer *dlrf_plrsc_lrr(const dlrf_plrsc *p);
const double *dlrf_plrsc_loss(const dlrf_plrsc *p, int *count);
dlrf_mat dlrf_plrsc_weights(const dlrf_plrsc *p, int layer);
/* After a run (owned by p): the columns of X that form the LRR dictionary of
 * step 1, in the order of the codes' rows; *m receives their number. */
const size_t *dlrf_plrsc_subset(const dlrf_plrsc *p, size_t *m);

/* The encoder alone: fits f to targets Z (m x m) on inputs X (d x m). */
typedef struct dlrf_encoder dlrf_encoder;
dlrf_encoder *dlrf_encoder_new(size_t inputs, size_t outputs, const dlrf_plrsc_opts *o);
void dlrf_encoder_free(dlrf_encoder *e);
/* Fits; loss (outer_iter + 1 values, may be NULL) gets the loss before
 * training and after each round. */
dlrf_status dlrf_encoder_fit(dlrf_encoder *e, const dlrf_mat *X, const dlrf_mat *Z, double *loss);
/* out (outputs x N) = f(Y) for Y (inputs x N), a block of columns at a time. */
dlrf_status dlrf_encoder_apply(const dlrf_encoder *e, const dlrf_mat *Y, dlrf_mat *out);
dlrf_mat dlrf_encoder_weights(const dlrf_encoder *e, int layer);

#ifdef __cplusplus
}
#endif
#endif
