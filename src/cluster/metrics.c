/* Clustering accuracy (Hungarian), NMI, ARI, purity and the confusion matrix. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dlrf/cluster.h"

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Index of v in the sorted distinct values u[0..k). */
static int find(const int *u, int k, int v) {
    int lo = 0, hi = k - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (u[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int dlrf_labels_compact(const int *in, size_t n, int *out) {
    if (n == 0) return 0;
    int *u = malloc(n * sizeof(int));
    if (!u) return -1;
    memcpy(u, in, n * sizeof(int));
    qsort(u, n, sizeof(int), cmp_int);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || u[i] != u[k - 1]) u[k++] = u[i];
    for (size_t i = 0; i < n; i++)
        out[i] = find(u, k, in[i]);
    free(u);
    return k;
}

dlrf_status dlrf_confusion(const int *truth, const int *pred, size_t n, long **counts, int *k_pred,
                           int *k_true) {
    *counts = NULL;
    if (!truth || !pred || n == 0) return DLRF_EINVAL;
    int *t = malloc(n * sizeof(int)), *p = malloc(n * sizeof(int));
    int kt = t ? dlrf_labels_compact(truth, n, t) : -1;
    int kp = p ? dlrf_labels_compact(pred, n, p) : -1;
    long *c = (kt > 0 && kp > 0) ? calloc((size_t)kt * kp, sizeof(long)) : NULL;
    if (c)
        for (size_t i = 0; i < n; i++)
            c[(size_t)p[i] * kt + t[i]]++;
    free(t);
    free(p);
    if (!c) return DLRF_ENOMEM;
    *counts = c;
    *k_pred = kp;
    *k_true = kt;
    return DLRF_OK;
}

/* Row sums (over classes) and column sums (over clusters) of the confusion. */
static void margins(const long *c, int kp, int kt, long *rows, long *cols) {
    for (int a = 0; a < kp; a++)
        rows[a] = 0;
    for (int b = 0; b < kt; b++)
        cols[b] = 0;
    for (int a = 0; a < kp; a++)
        for (int b = 0; b < kt; b++) {
            rows[a] += c[(size_t)a * kt + b];
            cols[b] += c[(size_t)a * kt + b];
        }
}

static double h_of(const long *s, int k, double n) {
    double h = 0.0;
    for (int a = 0; a < k; a++)
        if (s[a] > 0) h -= (s[a] / n) * log(s[a] / n);
    return h;
}

static double comb2(double x) {
    return x * (x - 1.0) / 2.0;
}

static void score(const long *c, int kp, int kt, size_t n, const long *rows, const long *cols,
                  dlrf_metrics *m) {
    double N = (double)n, mi = 0.0, sij = 0.0, sa = 0.0, sb = 0.0, pur = 0.0;
    for (int a = 0; a < kp; a++) {
        long best = 0;
        for (int b = 0; b < kt; b++) {
            long v = c[(size_t)a * kt + b];
            if (v > best) best = v;
            sij += comb2((double)v);
            if (v > 0) mi += (v / N) * log(v * N / ((double)rows[a] * cols[b]));
        }
        pur += (double)best;
        sa += comb2((double)rows[a]);
    }
    for (int b = 0; b < kt; b++)
        sb += comb2((double)cols[b]);
    double hp = h_of(rows, kp, N), ht = h_of(cols, kt, N);
    /* Both partitions trivial: identical, NMI 1 by convention (as scikit-learn). */
    m->nmi = (hp + ht) > 0.0 ? fmax(0.0, mi) / ((hp + ht) / 2.0) : 1.0;
    double expect = sa * sb / comb2(N), maxi = (sa + sb) / 2.0;
    m->ari = maxi - expect != 0.0 ? (sij - expect) / (maxi - expect) : 1.0;
    m->purity = pur / N;
}

dlrf_status dlrf_cluster_metrics(const int *truth, const int *pred, size_t n, dlrf_metrics *m) {
    long *c;
    int kp, kt;
    dlrf_status st = dlrf_confusion(truth, pred, n, &c, &kp, &kt);
    if (st != DLRF_OK) return st;
    long *rows = malloc((size_t)kp * sizeof(long)), *cols = malloc((size_t)kt * sizeof(long));
    double *cost = malloc((size_t)kp * kt * sizeof(double));
    int *assign = malloc((size_t)kp * sizeof(int));
    st = DLRF_ENOMEM;
    if (rows && cols && cost && assign) {
        margins(c, kp, kt, rows, cols);
        score(c, kp, kt, n, rows, cols, m);
        for (size_t t = 0; t < (size_t)kp * kt; t++)
            cost[t] = -(double)c[t];
        double best = dlrf_hungarian(cost, kp, kt, assign);
        if (!isnan(best)) {
            m->accuracy = -best / (double)n;
            m->k_pred = kp;
            m->k_true = kt;
            st = DLRF_OK;
        }
    }
    free(rows);
    free(cols);
    free(cost);
    free(assign);
    free(c);
    return st;
}
