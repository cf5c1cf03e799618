/* Landmark-based spectral clustering (Chen & Cai 2011; docs/BASELINES.md
 * section 7): p landmarks by a few k-means iterations; each sample keeps its r
 * nearest landmarks with weights exp(-D / (2 sigma^2)), D the squared distance
 * and sigma the mean kept distance (the paper's bandwidth; the authors' code
 * takes the mean of D itself, whose kernel, on unit-scale data, is so sharp
 * that a sample next to a landmark hangs on it alone and spectral clustering
 * cuts it off: Fashion-MNIST's classes 0 and 9 in PLrSC, AC 0.50), normalised
 * per sample;
 * columns scaled by their sum^-1/2; the top k left singular vectors of that
 * N x p matrix from its p x p Gram matrix, rows normalised, then k-means
 * (Ng-Jordan-Weiss). The authors' code takes k+1 and drops the first, the
 * constant vector of a connected graph; when the graph falls into k
 * components, that drops a cluster indicator instead (40 landmarks on the
 * blobs of tests/test_cluster.c: AC 0.64 against 1). Memory and time are
 * linear in N. */
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "dlrf/cluster.h"
#include "dlrf/synth.h"

#define LSC_BLOCK 1024 /* samples whose distances to the landmarks are held at once */

void dlrf_lsc_opts_default(dlrf_lsc_opts *o) {
    o->landmarks = 1000;
    o->neighbours = 5;
    o->landmark_iter = 5;
    o->n_init = 10;
    o->max_iter = 100;
    o->seed = 1;
}

typedef struct {
    size_t N, d, p;
    int r;
    dlrf_mat *L; /* p x d landmarks */
    size_t *idx; /* N x r nearest landmarks, row-major */
    double *w;   /* N x r their weights */
} lsc_state;

/* The landmarks: the means of a short k-means into p groups (an empty group
 * keeps a sample of its own). */
/* p distinct samples drawn at random (landmark_iter 0). */
static dlrf_status random_landmarks(lsc_state *s, const dlrf_mat *X, uint64_t seed) {
    size_t *idx = malloc(s->N * sizeof(size_t));
    s->L = dlrf_mat_new(s->p, s->d);
    if (!idx || !s->L) {
        free(idx);
        return DLRF_ENOMEM;
    }
    dlrf_rng rng;
    dlrf_rng_seed(&rng, seed ^ 0x6C616E646DULL);
    dlrf_rng_pick(&rng, s->N, s->p, idx);
    for (size_t c = 0; c < s->p; c++)
        for (size_t q = 0; q < s->d; q++)
            DLRF_AT(s->L, c, q) = DLRF_AT(X, idx[c], q);
    free(idx);
    return DLRF_OK;
}

static dlrf_status landmarks(lsc_state *s, const dlrf_mat *X, const dlrf_lsc_opts *o) {
    if (o->landmark_iter == 0) return random_landmarks(s, X, o->seed);
    int *lab = malloc(s->N * sizeof(int));
    size_t *count = calloc(s->p, sizeof(size_t));
    s->L = dlrf_mat_new(s->p, s->d);
    dlrf_status st = lab && count && s->L ? DLRF_OK : DLRF_ENOMEM;
    if (st == DLRF_OK) st = dlrf_kmeans(X, (int)s->p, 1, o->landmark_iter, o->seed, lab, NULL);
    for (size_t i = 0; st == DLRF_OK && i < s->N; i++) {
        count[lab[i]]++;
        for (size_t j = 0; j < s->d; j++)
            DLRF_AT(s->L, lab[i], j) += DLRF_AT(X, i, j);
    }
    for (size_t c = 0; st == DLRF_OK && c < s->p; c++)
        for (size_t j = 0; j < s->d; j++)
            DLRF_AT(s->L, c, j) =
                count[c] ? DLRF_AT(s->L, c, j) / (double)count[c] : DLRF_AT(X, c % s->N, j);
    free(lab), free(count);
    return st;
}

/* Keeps the r smallest of row i of D (b x p) in idx/w (w: the squared distance). */
static void nearest(lsc_state *s, const dlrf_mat *D, size_t row, size_t i) {
    size_t *id = s->idx + i * (size_t)s->r;
    double *dv = s->w + i * (size_t)s->r;
    int kept = 0;
    for (size_t c = 0; c < s->p; c++) {
        double v = fmax(DLRF_AT(D, row, c), 0.0);
        if (kept == s->r && v >= dv[kept - 1]) continue;
        int at = kept < s->r ? kept++ : s->r - 1;
        while (at > 0 && dv[at - 1] > v) {
            dv[at] = dv[at - 1], id[at] = id[at - 1];
            at--;
        }
        dv[at] = v, id[at] = c;
    }
}

/* Squared distances of every sample to the landmarks, a block at a time. */
static dlrf_status distances(lsc_state *s, const dlrf_mat *X) {
    size_t B = s->N < LSC_BLOCK ? s->N : LSC_BLOCK;
    dlrf_mat *D = dlrf_mat_new(B, s->p);
    double *ln = malloc(s->p * sizeof(double));
    if (!D || !ln) {
        dlrf_mat_free(D), free(ln);
        return DLRF_ENOMEM;
    }
    for (size_t c = 0; c < s->p; c++) {
        ln[c] = 0.0;
        for (size_t j = 0; j < s->d; j++)
            ln[c] += DLRF_AT(s->L, c, j) * DLRF_AT(s->L, c, j);
    }
    for (size_t i0 = 0; i0 < s->N; i0 += B) {
        size_t b = s->N - i0 < B ? s->N - i0 : B;
        dlrf_mat xb = dlrf_mat_view(X, i0, 0, b, s->d), db = dlrf_mat_view(D, 0, 0, b, s->p);
        dlrf_gemm('N', 'T', -2.0, &xb, s->L, 0.0, &db);
        for (size_t i = 0; i < b; i++) {
            double xn = 0.0;
            for (size_t j = 0; j < s->d; j++)
                xn += DLRF_AT(X, i0 + i, j) * DLRF_AT(X, i0 + i, j);
            for (size_t c = 0; c < s->p; c++)
                DLRF_AT(&db, i, c) += xn + ln[c];
            nearest(s, &db, i, i0 + i);
        }
    }
    dlrf_mat_free(D), free(ln);
    return DLRF_OK;
}

/* Distances -> normalised Gaussian weights -> columns scaled by sum^-1/2. */
static dlrf_status weights(lsc_state *s) {
    size_t nr = s->N * (size_t)s->r;
    double sigma = 0.0, *col = calloc(s->p, sizeof(double));
    if (!col) return DLRF_ENOMEM;
    for (size_t q = 0; q < nr; q++) /* the paper's bandwidth: the mean kept distance */
        sigma += sqrt(s->w[q]);
    sigma /= (double)nr;
    for (size_t i = 0; i < s->N; i++) {
        double *w = s->w + i * (size_t)s->r, tot = 0.0;
        for (int a = 0; a < s->r; a++)
            tot += w[a] = sigma > 0.0 ? exp(-w[a] / (2.0 * sigma * sigma)) : 1.0;
        for (int a = 0; a < s->r; a++) {
            w[a] = tot > 0.0 ? w[a] / tot : 1.0 / s->r;
            col[s->idx[i * (size_t)s->r + (size_t)a]] += w[a];
        }
    }
    for (size_t q = 0; q < nr; q++)
        s->w[q] /= sqrt(fmax(col[s->idx[q]], 1e-12));
    free(col);
    return DLRF_OK;
}

/* The k leading left singular vectors of the sparse N x p matrix, rows
 * normalised: E (N x k). */
static dlrf_status embedding(lsc_state *s, int k, dlrf_mat *E, char *err, size_t errlen) {
    int p = (int)s->p, m = 0, kk = k < p ? k : p;
    dlrf_mat *G = dlrf_mat_new(s->p, s->p), *V = dlrf_mat_new(s->p, (size_t)kk);
    double *ev = malloc(s->p * sizeof(double));
    int *supp = malloc(2 * (size_t)kk * sizeof(int));
    dlrf_status st = G && V && ev && supp ? DLRF_OK : DLRF_ENOMEM;
    for (size_t i = 0; st == DLRF_OK && i < s->N; i++) { /* G = Zh^T Zh, O(N r^2) */
        const size_t *id = s->idx + i * (size_t)s->r;
        const double *w = s->w + i * (size_t)s->r;
        for (int a = 0; a < s->r; a++)
            for (int b = 0; b < s->r; b++)
                DLRF_AT(G, id[a], id[b]) += w[a] * w[b];
    }
    if (st == DLRF_OK &&
        LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'V', 'I', 'U', p, G->data, (int)G->ld, 0.0, 0.0,
                       p - kk + 1, p, 0.0, &m, ev, V->data, (int)V->ld, supp) != 0) {
        dlrf_set_err(err, errlen, "lsc: dsyevr failed on the %d x %d landmark Gram matrix", p, p);
        st = DLRF_ELAPACK;
    }
    /* ascending: column kk-1 is the leading vector */
    for (size_t i = 0; st == DLRF_OK && i < s->N; i++) {
        const size_t *id = s->idx + i * (size_t)s->r;
        const double *w = s->w + i * (size_t)s->r;
        double nrm = 0.0;
        for (int c = 0; c < k; c++) {
            int col = kk - 1 - c;
            double v = 0.0;
            if (col >= 0) {
                for (int a = 0; a < s->r; a++)
                    v += w[a] * DLRF_AT(V, id[a], col);
                v /= sqrt(fmax(ev[col], DBL_MIN));
            }
            DLRF_AT(E, i, c) = v;
            nrm += v * v;
        }
        for (int c = 0; c < k && nrm > 0.0; c++)
            DLRF_AT(E, i, c) /= sqrt(nrm);
    }
    dlrf_mat_free(G), dlrf_mat_free(V), free(ev), free(supp);
    return st;
}

dlrf_status dlrf_lsc(const dlrf_mat *X, int k, const dlrf_lsc_opts *o, int *labels, char *err,
                     size_t errlen) {
    if (k < 2 || (size_t)k > X->rows || X->cols < 1 || o->landmarks < 2 || o->neighbours < 1 ||
        o->landmark_iter < 0 || o->n_init < 1 || o->max_iter < 1) {
        dlrf_set_err(err, errlen, "lsc: need 2 <= k <= N samples, >= 2 landmarks, >= 1 neighbour");
        return DLRF_EINVAL;
    }
    lsc_state s = {X->rows, X->cols, 0, 0, NULL, NULL, NULL};
    s.p = (size_t)o->landmarks < s.N ? (size_t)o->landmarks : s.N;
    if ((size_t)k >= s.p) s.p = (size_t)k + 1 < s.N ? (size_t)k + 1 : s.N;
    s.r = (size_t)o->neighbours < s.p ? o->neighbours : (int)s.p;
    s.idx = malloc(s.N * (size_t)s.r * sizeof(size_t));
    s.w = malloc(s.N * (size_t)s.r * sizeof(double));
    dlrf_mat *E = dlrf_mat_new(s.N, (size_t)k);
    dlrf_status st = s.idx && s.w && E ? landmarks(&s, X, o) : DLRF_ENOMEM;
    if (st == DLRF_OK) st = distances(&s, X);
    if (st == DLRF_OK) st = weights(&s);
    if (st == DLRF_OK) st = embedding(&s, k, E, err, errlen);
    if (st == DLRF_OK) st = dlrf_kmeans(E, k, o->n_init, o->max_iter, o->seed, labels, NULL);
    if (st == DLRF_ENOMEM) dlrf_set_err(err, errlen, "lsc: out of memory for %zu samples", s.N);
    dlrf_mat_free(s.L), dlrf_mat_free(E), free(s.idx), free(s.w);
    return st;
}
