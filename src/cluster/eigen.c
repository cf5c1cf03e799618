/* The k largest eigenpairs of the normalised affinity D^-1/2 W D^-1/2, i.e.
 * the k smallest of the normalized Laplacian: LAPACK dsyevr on an index range
 * for a dense W, ARPACK's implicitly restarted Lanczos (dsaupd/dseupd) with a
 * matrix-vector product for a large or sparse one. */
#include <arpack.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/graph.h"
#include "core/core.h"
#include "dlrf/synth.h"
#include "linalg/linalg.h"

#include <cblas.h>

/* Stores eigenpairs given ascending (w_in, V columns) as descending. */
static void store_descending(const double *w_in, const double *V, size_t ldv, size_t n, int k,
                             double *w, dlrf_mat *U) {
    for (int j = 0; j < k; j++) {
        w[j] = w_in[k - 1 - j];
        memcpy(&DLRF_AT(U, 0, j), V + (size_t)(k - 1 - j) * ldv, n * sizeof(double));
    }
}

dlrf_status cl_eig_dense(cl_graph *g, int k, double *w, dlrf_mat *U, char *err, size_t errlen) {
    int n = (int)g->n, m = 0;
    double *wl = malloc((size_t)n * sizeof(double));
    double *z = malloc((size_t)n * k * sizeof(double));
    int *isuppz = malloc(2 * (size_t)k * sizeof(int));
    if (!wl || !z || !isuppz) {
        free(wl);
        free(z);
        free(isuppz);
        dlrf_set_err(err, errlen, "out of memory for the eigenvectors of %d samples", n);
        return DLRF_ENOMEM;
    }
    int info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'V', 'I', 'U', n, g->dense->data, (int)g->dense->ld,
                              0.0, 0.0, n - k + 1, n, 0.0, &m, wl, z, n, isuppz);
    dlrf_status st = DLRF_OK;
    if (info != 0 || m != k) {
        dlrf_set_err(err, errlen, "dsyevr failed on the %d x %d affinity (info %d)", n, n, info);
        st = DLRF_ELAPACK;
    } else
        store_descending(wl, z, (size_t)n, (size_t)n, k, w, U);
    free(wl);
    free(z);
    free(isuppz);
    return st;
}

static void matvec(const cl_graph *g, const double *x, double *y) {
    size_t n = g->n;
    if (g->dense) {
        cblas_dsymv(CblasColMajor, CblasUpper, (int)n, 1.0, g->dense->data, (int)g->dense->ld, x, 1,
                    0.0, y, 1);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        double t = 0.0;
        for (size_t p = g->rowptr[i]; p < g->rowptr[i + 1]; p++)
            t += g->val[p] * x[g->col[p]];
        y[i] = t;
    }
}

typedef struct {
    double *resid, *v, *workd, *workl, *d, *z;
    int *select;
    int ncv, lworkl;
} arpack_ws;

static int arpack_alloc(arpack_ws *a, size_t n, int k) {
    a->ncv = 2 * k + 1 > 20 ? 2 * k + 1 : 20;
    if ((size_t)a->ncv > n) a->ncv = (int)n;
    a->lworkl = a->ncv * (a->ncv + 8);
    a->resid = malloc(n * sizeof(double));
    a->v = malloc(n * (size_t)a->ncv * sizeof(double));
    a->workd = malloc(3 * n * sizeof(double));
    a->workl = malloc((size_t)a->lworkl * sizeof(double));
    a->d = malloc((size_t)a->ncv * sizeof(double));
    a->z = malloc(n * (size_t)k * sizeof(double));
    a->select = calloc((size_t)a->ncv, sizeof(int));
    return a->resid && a->v && a->workd && a->workl && a->d && a->z && a->select;
}

static void arpack_free(arpack_ws *a) {
    free(a->resid);
    free(a->v);
    free(a->workd);
    free(a->workl);
    free(a->d);
    free(a->z);
    free(a->select);
}

/* Reverse-communication Lanczos loop; returns dsaupd's info. */
static int lanczos(const cl_graph *g, int k, arpack_ws *a, int *iparam, int *ipntr) {
    int ido = 0, info = 1, n = (int)g->n;
    for (;;) {
        dsaupd_c(&ido, "I", n, "LA", k, 0.0, a->resid, a->ncv, a->v, n, iparam, ipntr, a->workd,
                 a->workl, a->lworkl, &info);
        if (ido != 1 && ido != -1) return info;
        matvec(g, a->workd + ipntr[0] - 1, a->workd + ipntr[1] - 1);
    }
}

dlrf_status cl_eig_arpack(const cl_graph *g, int k, const dlrf_cluster_opts *o, double *w,
                          dlrf_mat *U, char *err, size_t errlen) {
    size_t n = g->n;
    arpack_ws a;
    if (!arpack_alloc(&a, n, k)) {
        arpack_free(&a);
        dlrf_set_err(err, errlen, "out of memory for ARPACK on %zu samples", n);
        return DLRF_ENOMEM;
    }
    /* Our own start vector: ARPACK's default draws from a generator whose
     * state persists between calls, which would make results order-dependent. */
    dlrf_rng rng;
    dlrf_rng_seed(&rng, o->seed);
    for (size_t i = 0; i < n; i++)
        a.resid[i] = dlrf_rng_uniform(&rng) - 0.5;
    int iparam[11] = {1, 0, o->arpack_restarts, 1, 0, 0, 1, 0, 0, 0, 0}, ipntr[11] = {0};
    int info = lanczos(g, k, &a, iparam, ipntr);
    dlrf_status st = DLRF_OK;
    if (info != 0 || iparam[4] < k) {
        dlrf_set_err(err, errlen,
                     "ARPACK dsaupd did not converge on %zu samples (info %d, %d of %d "
                     "eigenvalues); try --eigensolver dense",
                     n, info, iparam[4], k);
        st = DLRF_ELAPACK;
    } else {
        dseupd_c(1, "A", a.select, a.d, a.z, (int)n, 0.0, "I", (int)n, "LA", k, 0.0, a.resid, a.ncv,
                 a.v, (int)n, iparam, ipntr, a.workd, a.workl, a.lworkl, &info);
        if (info != 0) {
            dlrf_set_err(err, errlen, "ARPACK dseupd failed on %zu samples (info %d)", n, info);
            st = DLRF_ELAPACK;
        } else
            store_descending(a.d, a.z, n, n, k, w, U);
    }
    arpack_free(&a);
    return st;
}
