/* Symmetric eigenpairs above a threshold with preallocated workspace: Householder
 * tridiagonalisation (dsytrd), MRRR on the wanted part of the spectrum only
 * (dstemr with a value range) and back-transformation of just those vectors
 * (dormtr). dsyevr would switch to bisection and inverse iteration for a value
 * range, which is several times slower when many eigenpairs are kept. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>

#include "linalg/linalg.h"

dlrf_status dlrf_eig_ws_init(dlrf_eig_ws *ws, size_t n) {
    *ws = (dlrf_eig_ws){0};
    ws->n = n;
    lapack_int nn = (lapack_int)(n ? n : 1), m = 0, iwq = 0, tryrac = 1;
    ws->w = calloc((size_t)nn, sizeof(double));
    ws->z = calloc((size_t)nn * (size_t)nn, sizeof(double));
    ws->d = calloc((size_t)nn, sizeof(double)); /* dstemr's query reads d and e */
    ws->e = calloc((size_t)nn, sizeof(double));
    ws->d0 = calloc((size_t)nn, sizeof(double));
    ws->e0 = calloc((size_t)nn, sizeof(double));
    ws->tau = calloc((size_t)nn, sizeof(double));
    ws->isuppz = malloc(2 * (size_t)nn * sizeof(int));
    if (!ws->w || !ws->z || !ws->d || !ws->e || !ws->d0 || !ws->e0 || !ws->tau || !ws->isuppz)
        goto oom;
    /* Workspace queries; each routine reports its need for an n x n problem. */
    double q1 = 0, q2 = 0, q3 = 0;
    lapack_int i1 =
        LAPACKE_dsytrd_work(LAPACK_COL_MAJOR, 'U', nn, ws->z, nn, ws->d, ws->e, ws->tau, &q1, -1);
    lapack_int i2 =
        LAPACKE_dstemr_work(LAPACK_COL_MAJOR, 'V', 'V', nn, ws->d, ws->e, 0.0, 1.0, 0, 0, &m, ws->w,
                            ws->z, nn, nn, ws->isuppz, &tryrac, &q2, -1, &iwq, -1);
    lapack_int i3 = LAPACKE_dormtr_work(LAPACK_COL_MAJOR, 'L', 'U', 'N', nn, nn, ws->z, nn, ws->tau,
                                        ws->w, nn, &q3, -1);
    if (i1 || i2 || i3) {
        dlrf_eig_ws_free(ws);
        return DLRF_ELAPACK;
    }
    /* dstemr documents 18n and 10n as the least it needs for any range. */
    ws->lwork = (int)fmax(fmax(q1, q2), fmax(q3, 18.0 * nn)) + 1;
    ws->liwork = (int)(iwq > 10 * nn ? iwq : 10 * nn) + 1;
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
    free(ws->d);
    free(ws->e);
    free(ws->d0);
    free(ws->e0);
    free(ws->tau);
    free(ws->iwork);
    free(ws->isuppz);
    *ws = (dlrf_eig_ws){0};
}

/* Gershgorin bound on the eigenvalues of the tridiagonal (d, e). */
static double tridiagonal_bound(const double *d, const double *e, size_t n) {
    double best = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = fabs(d[i]) + (i + 1 < n ? fabs(e[i]) : 0.0) + (i > 0 ? fabs(e[i - 1]) : 0.0);
        if (r > best) best = r;
    }
    return best;
}

/* Number of eigenvalues of the tridiagonal (d, e) below x: the negative pivots of
 * the LDL^T factorisation of T - x I (Sturm sequence), O(n). */
static lapack_int sturm_count_below(const double *d, const double *e, size_t n, double x) {
    const double tiny = 1e-300;
    lapack_int count = 0;
    double q = d[0] - x;
    for (size_t i = 0;;) {
        if (q == 0.0) q = -tiny; /* a zero pivot counts as negative, as in LAPACK's dlaneg */
        count += q < 0.0;
        if (++i == n) break;
        q = d[i] - x - e[i - 1] * e[i - 1] / q;
    }
    return count;
}

/* Eigenvalues il..iu of the tridiagonal (d0, e0) by bisection and their vectors
 * by inverse iteration (dstebz + dstein): slower than MRRR, but it does not
 * fail where MRRR cannot separate close eigenvalues. Workspace: work 5n,
 * iwork 7n, both within what ws holds. */
static lapack_int bisection(dlrf_eig_ws *ws, lapack_int n, lapack_int il, lapack_int iu,
                            lapack_int *found) {
    lapack_int nsplit = 0, *iblock = ws->iwork, *isplit = ws->iwork + n;
    lapack_int info =
        LAPACKE_dstebz_work('I', 'B', n, 0.0, 0.0, il, iu, 0.0, ws->d0, ws->e0, found, &nsplit,
                            ws->w, iblock, isplit, ws->work, ws->iwork + 2 * n);
    if (info != 0) return info;
    return LAPACKE_dstein_work(LAPACK_COL_MAJOR, n, ws->d0, ws->e0, *found, ws->w, iblock, isplit,
                               ws->z, n, ws->work, ws->iwork + 5 * n, ws->iwork + 6 * n);
}

dlrf_status dlrf_eig_sym_above(dlrf_eig_ws *ws, dlrf_mat *S, double vl, int *first, int *m) {
    lapack_int n = (lapack_int)S->rows, found = 0, tryrac = 1;
    *first = 0;
    *m = 0;
    if (n == 0) return DLRF_OK;
    lapack_int info = LAPACKE_dsytrd_work(LAPACK_COL_MAJOR, 'U', n, S->data, (lapack_int)S->ld,
                                          ws->d, ws->e, ws->tau, ws->work, ws->lwork);
    if (info != 0) return DLRF_ELAPACK;
    double vu = 1.01 * tridiagonal_bound(ws->d, ws->e, (size_t)n) + 1e-300;
    if (vu <= vl) return DLRF_OK; /* no eigenvalue exceeds vl */
    /* MRRR on the index range of the eigenvalues above vl (dstemr given an empty
     * value range can fail); the range comes from a Sturm count. */
    lapack_int count = n - sturm_count_below(ws->d, ws->e, (size_t)n, vl);
    if (count <= 0) return DLRF_OK;
    memcpy(ws->d0, ws->d, (size_t)n * sizeof(double));
    memcpy(ws->e0, ws->e, (size_t)n * sizeof(double));
    info = LAPACKE_dstemr_work(LAPACK_COL_MAJOR, 'V', 'I', n, ws->d, ws->e, 0.0, 0.0, n - count + 1,
                               n, &found, ws->w, ws->z, n, n, ws->isuppz, &tryrac, ws->work,
                               ws->lwork, ws->iwork, ws->liwork);
    if (info != 0) info = bisection(ws, n, n - count + 1, n, &found);
    if (info != 0) return DLRF_ELAPACK;
    if (found > 0)
        info = LAPACKE_dormtr_work(LAPACK_COL_MAJOR, 'L', 'U', 'N', n, found, S->data,
                                   (lapack_int)S->ld, ws->tau, ws->z, n, ws->work, ws->lwork);
    if (info != 0) return DLRF_ELAPACK;
    *m = (int)found;
    return DLRF_OK;
}
