/* dlrf — synthetic data: independent subspaces (paper Fig. 3; Liu & Yan 2011). */
#ifndef DLRF_SYNTH_H
#define DLRF_SYNTH_H

#include <stdint.h>
#include "dlrf/common.h"
#include "dlrf/mat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Subspace i+1 has basis U_{i+1} = T U_i with T a random rotation and U_1 a
 * random orthonormal ambient x dim basis; each subspace gives per_subspace
 * samples U_i Q_i with Q_i Gaussian. A fraction `corrupt` of the samples, chosen
 * at random, get Gaussian noise of standard deviation noise * ||x||. */
typedef struct {
    size_t ambient;      /* default 200 */
    size_t dim;          /* default 10 */
    size_t subspaces;    /* default 10 */
    size_t per_subspace; /* default 20 */
    double corrupt;      /* fraction of corrupted samples, default 0.2 */
    double noise;        /* relative noise level of a corrupted sample, default 0.3 */
    uint64_t seed;       /* default 1 */
} dlrf_synth_opts;

void dlrf_synth_opts_default(dlrf_synth_opts *o);
/* X: ambient x (subspaces * per_subspace), samples grouped by subspace;
 * labels: subspace index 0.. of each column (caller frees with free()). */
dlrf_status dlrf_synth_subspaces(const dlrf_synth_opts *o, dlrf_mat **X, int **labels);

/* A small seeded pseudo-random generator (xoshiro256**). Each object has its
 * own; there is no global state. */
typedef struct {
    uint64_t s[4];
} dlrf_rng;
void dlrf_rng_seed(dlrf_rng *r, uint64_t seed);
uint64_t dlrf_rng_next(dlrf_rng *r);
double dlrf_rng_uniform(dlrf_rng *r); /* in [0, 1) */
double dlrf_rng_normal(dlrf_rng *r);  /* standard normal */
/* m distinct indices of 0..n-1 drawn at random into idx[0..m) (idx holds n). */
void dlrf_rng_pick(dlrf_rng *r, size_t n, size_t m, size_t *idx);

#ifdef __cplusplus
}
#endif
#endif
