/* From a spectral embedding to labels: Ng-Jordan-Weiss (unit rows + k-means)
 * and the multiclass discretisation of Yu and Shi (ICCV 2003), which looks for
 * the rotation R that brings the embedding closest to a partition matrix. */
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/graph.h"
#include "dlrf/synth.h"

static void unit_rows(dlrf_mat *Y) {
    for (size_t i = 0; i < Y->rows; i++) {
        double s = 0.0;
        for (size_t j = 0; j < Y->cols; j++)
            s += DLRF_AT(Y, i, j) * DLRF_AT(Y, i, j);
        s = sqrt(s);
        if (s > 0.0)
            for (size_t j = 0; j < Y->cols; j++)
                DLRF_AT(Y, i, j) /= s;
    }
}

dlrf_status cl_njw(const dlrf_mat *U, int k, const dlrf_cluster_opts *o, int *labels) {
    dlrf_mat *Y = dlrf_mat_dup(U);
    if (!Y) return DLRF_ENOMEM;
    unit_rows(Y);
    dlrf_status st = dlrf_kmeans(Y, k, o->n_init, o->kmeans_max_iter, o->seed, labels, NULL);
    dlrf_mat_free(Y);
    return st;
}

typedef struct {
    size_t n;
    int k;
    double *R, *M, *s, *u, *vt; /* k x k, column-major */
    double *work;               /* dgesvd's workspace, sized once */
    int lwork;
    int *lab;
} yushi_ws;

/* Labels := argmax of each row of Y R. */
static void discrete(const dlrf_mat *Y, yushi_ws *w) {
    int k = w->k;
    for (size_t i = 0; i < w->n; i++) {
        double best = -DBL_MAX;
        for (int c = 0; c < k; c++) {
            double t = 0.0;
            for (int j = 0; j < k; j++)
                t += DLRF_AT(Y, i, j) * w->R[j + (size_t)c * k];
            if (t > best) {
                best = t;
                w->lab[i] = c;
            }
        }
    }
}

/* Initial R: a random row, then each next column the row least aligned with
 * those already chosen. */
static void init_rotation(const dlrf_mat *Y, yushi_ws *w, dlrf_rng *rng, double *c) {
    int k = w->k;
    size_t pick = (size_t)(dlrf_rng_uniform(rng) * (double)w->n);
    for (size_t i = 0; i < w->n; i++)
        c[i] = 0.0;
    for (int col = 0; col < k; col++) {
        for (int j = 0; j < k; j++)
            w->R[j + (size_t)col * k] = DLRF_AT(Y, pick, j);
        size_t best = 0;
        for (size_t i = 0; i < w->n; i++) {
            double t = 0.0;
            for (int j = 0; j < k; j++)
                t += DLRF_AT(Y, i, j) * w->R[j + (size_t)col * k];
            c[i] += fabs(t);
            if (c[i] < c[best]) best = i;
        }
        pick = best;
    }
}

/* One restart: alternate the partition and the rotation (Procrustes) until
 * the objective 2 (n - trace S) stops changing. Returns the objective. */
static double yushi_once(const dlrf_mat *Y, yushi_ws *w, dlrf_rng *rng, double *c) {
    int k = w->k;
    double last = 0.0, obj = DBL_MAX;
    init_rotation(Y, w, rng, c);
    for (int it = 0; it < 30; it++) {
        discrete(Y, w);
        memset(w->M, 0, (size_t)k * k * sizeof(double));
        for (size_t i = 0; i < w->n; i++)
            for (int j = 0; j < k; j++)
                w->M[w->lab[i] + (size_t)j * k] += DLRF_AT(Y, i, j); /* M = D^T Y */
        if (LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, 'A', 'A', k, k, w->M, k, w->s, w->u, k, w->vt, k,
                                w->work, w->lwork) != 0)
            return DBL_MAX;
        double tr = 0.0;
        for (int j = 0; j < k; j++)
            tr += w->s[j];
        obj = 2.0 * ((double)w->n - tr);
        if (it > 0 && fabs(obj - last) < DBL_EPSILON * (double)w->n) break;
        last = obj;
        /* R = V U^T with M = U S V^T */
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++) {
                double t = 0.0;
                for (int j = 0; j < k; j++)
                    t += w->vt[j + (size_t)a * k] * w->u[b + (size_t)j * k];
                w->R[a + (size_t)b * k] = t;
            }
    }
    return obj;
}

dlrf_status cl_yushi(const dlrf_mat *U, const double *dinv, int k, const dlrf_cluster_opts *o,
                     int *labels) {
    size_t n = U->rows;
    dlrf_mat *Y = dlrf_mat_new(n, (size_t)k);
    size_t kk = (size_t)k * k;
    yushi_ws w = {n,
                  k,
                  malloc(kk * sizeof(double)),
                  malloc(kk * sizeof(double)),
                  malloc((size_t)k * sizeof(double)),
                  malloc(kk * sizeof(double)),
                  malloc(kk * sizeof(double)),
                  NULL,
                  0,
                  malloc(n * sizeof(int))};
    double *c = malloc(n * sizeof(double)), q = 0.0;
    /* the workspace query, so that the iterations never allocate */
    if (w.M && LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, 'A', 'A', k, k, w.M, k, w.s, w.u, k, w.vt, k,
                                   &q, -1) == 0) {
        w.lwork = (int)q > 5 * k ? (int)q : 5 * k;
        w.work = malloc((size_t)w.lwork * sizeof(double));
    }
    dlrf_status st = DLRF_ENOMEM;
    if (Y && w.R && w.M && w.s && w.u && w.vt && w.work && w.lab && c) {
        /* Shi's ncut: eigenvectors of the Laplacian's generalised problem,
         * D^-1/2 U, each column scaled to norm sqrt(n); then unit rows. */
        for (int j = 0; j < k; j++) {
            double s = 0.0;
            for (size_t i = 0; i < n; i++) {
                DLRF_AT(Y, i, j) = dinv[i] * DLRF_AT(U, i, j);
                s += DLRF_AT(Y, i, j) * DLRF_AT(Y, i, j);
            }
            s = s > 0.0 ? sqrt((double)n / s) : 0.0;
            for (size_t i = 0; i < n; i++)
                DLRF_AT(Y, i, j) *= s;
        }
        unit_rows(Y);
        dlrf_rng rng;
        dlrf_rng_seed(&rng, o->seed);
        double best = DBL_MAX;
        for (int r = 0; r < o->n_init; r++) {
            double obj = yushi_once(Y, &w, &rng, c);
            if (obj < best) {
                best = obj;
                memcpy(labels, w.lab, n * sizeof(int));
            }
        }
        st = best < DBL_MAX ? DLRF_OK : DLRF_ELAPACK;
    }
    dlrf_mat_free(Y);
    free(w.R);
    free(w.M);
    free(w.s);
    free(w.u);
    free(w.vt);
    free(w.work);
    free(w.lab);
    free(c);
    return st;
}
