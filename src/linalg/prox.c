/* Proximal maps of the l1 norm. */
#include "linalg/linalg.h"

void dlrf_shrink_mat(const dlrf_mat *M, double tau, dlrf_mat *out) {
    for (size_t j = 0; j < M->cols; j++)
        for (size_t i = 0; i < M->rows; i++)
            DLRF_AT(out, i, j) = dlrf_shrink(DLRF_AT(M, i, j), tau);
}
