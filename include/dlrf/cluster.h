/* dlrf — judging a coefficient matrix against known groups. */
#ifndef DLRF_CLUSTER_H
#define DLRF_CLUSTER_H

#include "dlrf/common.h"
#include "dlrf/mat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Block-diagonality of Z = F G (F: N x k, G: k x N): the fraction of the mass
 * sum |Z_ij| with labels[i] == labels[j]. Z is formed a block of columns at a
 * time, never whole. Returns a value in [0, 1], or -1 on bad input or memory. */
double dlrf_block_diag_score(const dlrf_mat *F, const dlrf_mat *G, const int *labels);

#ifdef __cplusplus
}
#endif
#endif
