/* Singular value thresholding of a wide or tall matrix through its small Gram
 * matrix: only the singular triplets above the threshold are computed. */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>

#include "linalg/linalg.h"

dlrf_status dlrf_svt_ws_init(dlrf_svt_ws *ws, size_t rows, size_t cols) {
    *ws = (dlrf_svt_ws){0};
    ws->rows = rows;
    ws->cols = cols;
    ws->k = rows < cols ? rows : cols;
    ws->gram = dlrf_mat_new(ws->k, ws->k);
    ws->scratch = dlrf_mat_new(rows, cols); /* scratch for the low-rank product */
    if (!ws->gram || !ws->scratch) {
        dlrf_svt_ws_free(ws);
        return DLRF_ENOMEM;
    }
    dlrf_status st = dlrf_eig_ws_init(&ws->eig, ws->k);
    if (st != DLRF_OK) dlrf_svt_ws_free(ws);
    return st;
}

void dlrf_svt_ws_free(dlrf_svt_ws *ws) {
    dlrf_mat_free(ws->gram);
    dlrf_mat_free(ws->scratch);
    dlrf_eig_ws_free(&ws->eig);
    *ws = (dlrf_svt_ws){0};
}

/* Scales eigenvector j of the Gram matrix by sqrt(shrink(s)/s), s = sqrt(w_j),
 * so that out = Q Q^T M (wide) or M Q Q^T (tall) is the thresholded matrix. */
static double weight_vectors(dlrf_svt_ws *ws, int first, int m, double tau) {
    double nuclear = 0.0;
    for (int j = first; j < first + m; j++) {
        double s = sqrt(ws->eig.w[j] > 0.0 ? ws->eig.w[j] : 0.0);
        double f = s > tau ? (s - tau) / s : 0.0;
        nuclear += s > tau ? s - tau : 0.0;
        cblas_dscal((int)ws->k, sqrt(f), ws->eig.z + (size_t)j * ws->k, 1);
    }
    return nuclear;
}

dlrf_status dlrf_svt(dlrf_svt_ws *ws, const dlrf_mat *M, double tau, dlrf_mat *out, double *nuclear,
                     int *rank) {
    int wide = M->rows <= M->cols;
    if (rank) *rank = 0;
    if (nuclear) *nuclear = 0.0;
    if (dlrf_mat_norm_fro(M) <= tau) { /* sigma_max <= ||M||_F <= tau: all shrink to 0 */
        dlrf_mat_fill(out, 0.0);
        return DLRF_OK;
    }
    dlrf_syrk(wide ? 'N' : 'T', 1.0, M, 0.0, ws->gram);
    int first = 0, m = 0;
    dlrf_status st = dlrf_eig_sym_above(&ws->eig, ws->gram, tau * tau, &first, &m);
    if (st != DLRF_OK) return st;
    double nn = weight_vectors(ws, first, m, tau);
    if (nuclear) *nuclear = nn;
    if (rank) *rank = m;
    if (m == 0) {
        dlrf_mat_fill(out, 0.0);
        return DLRF_OK;
    }
    dlrf_mat Q = dlrf_mat_wrap(ws->eig.z + (size_t)first * ws->k, ws->k, (size_t)m, ws->k);
    if (2 * (size_t)m > ws->k) { /* many kept: P = Q Q^T once (k^2 m), then one k x k product */
        dlrf_syrk('N', 1.0, &Q, 0.0, ws->gram);
        cblas_dsymm(CblasColMajor, wide ? CblasLeft : CblasRight, CblasUpper, (int)out->rows,
                    (int)out->cols, 1.0, ws->gram->data, (int)ws->k, M->data, (int)M->ld, 0.0,
                    out->data, (int)out->ld);
    } else if (wide) { /* out = Q (Q^T M) */
        dlrf_mat T = dlrf_mat_wrap(ws->scratch->data, (size_t)m, M->cols, (size_t)m);
        dlrf_gemm('T', 'N', 1.0, &Q, M, 0.0, &T);
        dlrf_gemm('N', 'N', 1.0, &Q, &T, 0.0, out);
    } else { /* out = (M Q) Q^T */
        dlrf_mat T = dlrf_mat_wrap(ws->scratch->data, M->rows, (size_t)m, M->rows);
        dlrf_gemm('N', 'N', 1.0, M, &Q, 0.0, &T);
        dlrf_gemm('N', 'T', 1.0, &T, &Q, 0.0, out);
    }
    return DLRF_OK;
}
