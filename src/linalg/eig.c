/* Symmetric eigenpairs above a threshold (dsyevr) with preallocated workspace. */
#include <math.h>
#include <stdlib.h>
#include <lapacke.h>

#include "linalg/linalg.h"

dlrf_status dlrf_eig_ws_init(dlrf_eig_ws *ws, size_t n) {
    *ws = (dlrf_eig_ws){0};
    ws->n = n;
    size_t nn = n ? n : 1;
    ws->w = malloc(nn * sizeof(double));
    ws->z = malloc(nn * nn * sizeof(double));
    ws->isuppz = malloc(2 * nn * sizeof(int));
    if (!ws->w || !ws->z || !ws->isuppz) goto oom;
    /* Workspace query on a dummy matrix of the right size. */
    double wq = 0.0, a = 0.0;
    lapack_int iwq = 0, m = 0;
    lapack_int info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, 'V', 'A', 'U', (lapack_int)nn, &a,
                                          (lapack_int)nn, 0.0, 0.0, 0, 0, 0.0, &m, ws->w, ws->z,
                                          (lapack_int)nn, ws->isuppz, &wq, -1, &iwq, -1);
    if (info != 0) {
        dlrf_eig_ws_free(ws);
        return DLRF_ELAPACK;
    }
    ws->lwork = (int)wq;
    ws->liwork = (int)iwq;
    ws->work = malloc((size_t)ws->lwork * sizeof(double));
    ws->iwork = malloc((size_t)ws->liwork * sizeof(int));
    if (!ws->work || !ws->iwork) goto oom;
    return DLRF_OK;
oom:
    dlrf_eig_ws_free(ws);
    return DLRF_ENOMEM;
}

void dlrf_eig_ws_free(dlrf_eig_ws *ws) {
    free(ws->work);
    free(ws->w);
    free(ws->z);
    free(ws->iwork);
    free(ws->isuppz);
    *ws = (dlrf_eig_ws){0};
}

dlrf_status dlrf_eig_sym_above(dlrf_eig_ws *ws, dlrf_mat *S, double vl, int *first, int *m) {
    lapack_int n = (lapack_int)S->rows, found = 0;
    *first = 0;
    *m = 0;
    if (n == 0) return DLRF_OK;
    /* All eigenpairs by MRRR: for a subset selected by value dsyevr switches to
     * bisection and inverse iteration, which is several times slower here. */
    lapack_int info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, 'V', 'A', 'U', n, S->data,
                                          (lapack_int)S->ld, 0.0, 0.0, 0, 0, 0.0, &found, ws->w,
                                          ws->z, n, ws->isuppz, ws->work, ws->lwork, ws->iwork,
                                          ws->liwork);
    if (info != 0) return DLRF_ELAPACK;
    int k = (int)found;
    while (k > 0 && ws->w[k - 1] > vl) k--; /* ascending: the kept ones are the tail */
    *first = k;
    *m = (int)found - k;
    return DLRF_OK;
}
