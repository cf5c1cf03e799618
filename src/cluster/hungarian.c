/* Minimum-cost assignment by the Hungarian algorithm with potentials and
 * shortest augmenting paths (Kuhn-Munkres in the O(n^3) form of Jonker and
 * Volgenant). A rectangular problem is padded with zero-cost rows or columns. */
#include <math.h>
#include <stdlib.h>

#include "dlrf/cluster.h"

typedef struct {
    double *u, *v, *minv;
    int *p, *way, *used;
} hung_ws;

static int ws_alloc(hung_ws *w, int n) {
    w->u = calloc((size_t)n + 1, sizeof(double));
    w->v = calloc((size_t)n + 1, sizeof(double));
    w->minv = malloc(((size_t)n + 1) * sizeof(double));
    w->p = calloc((size_t)n + 1, sizeof(int));
    w->way = calloc((size_t)n + 1, sizeof(int));
    w->used = malloc(((size_t)n + 1) * sizeof(int));
    return w->u && w->v && w->minv && w->p && w->way && w->used;
}

static void ws_free(hung_ws *w) {
    free(w->u);
    free(w->v);
    free(w->minv);
    free(w->p);
    free(w->way);
    free(w->used);
}

/* Cost of padded entry (i, j), 1-based. */
static double at(const double *cost, int rows, int cols, int i, int j) {
    return (i <= rows && j <= cols) ? cost[(size_t)(i - 1) * cols + (j - 1)] : 0.0;
}

/* Adds row i to the matching along a shortest augmenting path. */
static void augment(hung_ws *w, const double *cost, int rows, int cols, int n, int i) {
    int j0 = 0;
    w->p[0] = i;
    for (int j = 0; j <= n; j++) {
        w->minv[j] = INFINITY;
        w->used[j] = 0;
    }
    do {
        w->used[j0] = 1;
        int i0 = w->p[j0], j1 = 0;
        double delta = INFINITY;
        for (int j = 1; j <= n; j++) {
            if (w->used[j]) continue;
            double cur = at(cost, rows, cols, i0, j) - w->u[i0] - w->v[j];
            if (cur < w->minv[j]) {
                w->minv[j] = cur;
                w->way[j] = j0;
            }
            if (w->minv[j] < delta) {
                delta = w->minv[j];
                j1 = j;
            }
        }
        for (int j = 0; j <= n; j++) {
            if (w->used[j]) {
                w->u[w->p[j]] += delta;
                w->v[j] -= delta;
            } else
                w->minv[j] -= delta;
        }
        j0 = j1;
    } while (w->p[j0] != 0);
    do {
        int j1 = w->way[j0];
        w->p[j0] = w->p[j1];
        j0 = j1;
    } while (j0);
}

double dlrf_hungarian(const double *cost, int rows, int cols, int *assign) {
    if (!cost || !assign || rows < 1 || cols < 1) return NAN;
    for (size_t t = 0; t < (size_t)rows * cols; t++)
        if (!isfinite(cost[t])) return NAN;
    int n = rows > cols ? rows : cols;
    hung_ws w;
    if (!ws_alloc(&w, n)) {
        ws_free(&w);
        return NAN;
    }
    for (int i = 1; i <= n; i++)
        augment(&w, cost, rows, cols, n, i);
    double total = 0.0;
    for (int i = 0; i < rows; i++)
        assign[i] = -1;
    for (int j = 1; j <= n; j++) {
        int i = w.p[j];
        if (i >= 1 && i <= rows && j <= cols) {
            assign[i - 1] = j - 1;
            total += cost[(size_t)(i - 1) * cols + (j - 1)];
        }
    }
    ws_free(&w);
    return total;
}
