/* The paper's evaluation protocol: K classes drawn at random per trial, the
 * method run on their samples, AC/NMI/ARI aggregated as mean and std. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "dlrf/cluster.h"
#include "dlrf/synth.h"

void dlrf_protocol_result_free(dlrf_protocol_result *r) {
    free(r->accuracy);
    free(r->nmi);
    free(r->ari);
    free(r->acc_mean);
    free(r->acc_std);
    free(r->nmi_mean);
    free(r->nmi_std);
    free(r->ari_mean);
    free(r->classes);
    free(r->n_samples);
    free(r->time_s);
    free(r->last_cols);
    memset(r, 0, sizeof *r);
}

static int alloc_result(dlrf_protocol_result *r, const dlrf_protocol_opts *o) {
    size_t t = (size_t)o->trials, m = t * (size_t)o->n_out, q = (size_t)o->n_out;
    memset(r, 0, sizeof *r);
    r->trials = o->trials;
    r->n_out = o->n_out;
    r->accuracy = calloc(m, sizeof(double));
    r->nmi = calloc(m, sizeof(double));
    r->ari = calloc(m, sizeof(double));
    r->acc_mean = calloc(q, sizeof(double));
    r->acc_std = calloc(q, sizeof(double));
    r->nmi_mean = calloc(q, sizeof(double));
    r->nmi_std = calloc(q, sizeof(double));
    r->ari_mean = calloc(q, sizeof(double));
    r->classes = calloc(t * (size_t)o->k, sizeof(int));
    r->n_samples = calloc(t, sizeof(size_t));
    r->time_s = calloc(t, sizeof(double));
    return r->accuracy && r->nmi && r->ari && r->acc_mean && r->acc_std && r->nmi_mean &&
           r->nmi_std && r->ari_mean && r->classes && r->n_samples && r->time_s;
}

/* Partial Fisher-Yates: the first m entries of a become a random m-subset. */
static void shuffle_prefix(size_t *a, size_t n, size_t m, dlrf_rng *rng) {
    for (size_t i = 0; i < m && i < n; i++) {
        size_t j = i + (size_t)(dlrf_rng_uniform(rng) * (double)(n - i));
        size_t t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Columns of the drawn classes (per_class of each when set), in data order. */
static size_t select_samples(const int *compact, size_t N, const size_t *drawn, int k,
                             size_t per_class, dlrf_rng *rng, size_t *cols, size_t *tmp) {
    size_t total = 0;
    for (int c = 0; c < k; c++) {
        size_t m = 0;
        for (size_t i = 0; i < N; i++)
            if ((size_t)compact[i] == drawn[c]) tmp[m++] = i;
        size_t keep = per_class && per_class < m ? per_class : m;
        if (keep < m) shuffle_prefix(tmp, m, keep, rng);
        memcpy(cols + total, tmp, keep * sizeof(size_t));
        total += keep;
    }
    qsort(cols, total, sizeof(size_t), cmp_size);
    return total;
}

/* One draw of the protocol: k of the K classes, then per_class samples of
 * each; cls receives the drawn classes in increasing order, cols the samples. */
static size_t draw(const int *compact, size_t N, int K, int k, size_t per_class, dlrf_rng *rng,
                   size_t *cls, size_t *cols, size_t *tmp) {
    for (int c = 0; c < K; c++)
        cls[c] = (size_t)c;
    shuffle_prefix(cls, (size_t)K, (size_t)k, rng);
    qsort(cls, (size_t)k, sizeof(size_t), cmp_size);
    return select_samples(compact, N, cls, k, per_class, rng, cols, tmp);
}

dlrf_status dlrf_protocol_draw(const int *labels, size_t N, int k, size_t per_class, uint64_t seed,
                               size_t *cols, size_t *n, char *err, size_t errlen) {
    int *compact = malloc((N ? N : 1) * sizeof(int));
    size_t *tmp = malloc((N ? N : 1) * sizeof(size_t)), *cls = malloc((N ? N : 1) * sizeof(size_t));
    int K = compact && tmp && cls ? dlrf_labels_compact(labels, N, compact) : -1;
    dlrf_status st = DLRF_OK;
    if (K < 0) {
        dlrf_set_err(err, errlen, "draw: out of memory");
        st = DLRF_ENOMEM;
    } else if (k < 1 || k > K) {
        dlrf_set_err(err, errlen, "%d classes asked for, the labels have %d", k, K);
        st = DLRF_EINVAL;
    } else {
        dlrf_rng rng;
        dlrf_rng_seed(&rng, seed);
        *n = draw(compact, N, K, k, per_class, &rng, cls, cols, tmp);
    }
    free(compact);
    free(tmp);
    free(cls);
    return st;
}

static void aggregate(dlrf_protocol_result *r) {
    int T = r->trials;
    for (int o = 0; o < r->n_out; o++) {
        double sa = 0, sn = 0, sr = 0, qa = 0, qn = 0;
        for (int t = 0; t < T; t++) {
            size_t p = (size_t)t * r->n_out + o;
            sa += r->accuracy[p];
            sn += r->nmi[p];
            sr += r->ari[p];
        }
        r->acc_mean[o] = sa / T;
        r->nmi_mean[o] = sn / T;
        r->ari_mean[o] = sr / T;
        for (int t = 0; t < T; t++) {
            size_t p = (size_t)t * r->n_out + o;
            qa += pow(r->accuracy[p] - r->acc_mean[o], 2);
            qn += pow(r->nmi[p] - r->nmi_mean[o], 2);
        }
        r->acc_std[o] = sqrt(qa / T);
        r->nmi_std[o] = sqrt(qn / T);
    }
}

typedef struct {
    int *compact, *uniq_vals, *truth, *pred;
    size_t *cls, *cols, *tmp;
    dlrf_mat *Xs;
} proto_ws;

static void ws_free(proto_ws *w) {
    free(w->compact);
    free(w->uniq_vals);
    free(w->truth);
    free(w->pred);
    free(w->cls);
    free(w->cols);
    free(w->tmp);
    dlrf_mat_free(w->Xs);
}

/* One trial: draw, select, run, score. */
static dlrf_status trial(const dlrf_mat *X, const dlrf_protocol_opts *o, int K, int t, proto_ws *w,
                         dlrf_rng *rng, dlrf_cluster_method fn, void *ctx, dlrf_protocol_result *r,
                         char *err, size_t errlen) {
    size_t n = draw(w->compact, X->cols, K, o->k, o->per_class, rng, w->cls, w->cols, w->tmp);
    for (int c = 0; c < o->k; c++)
        r->classes[(size_t)t * o->k + c] = w->uniq_vals[w->cls[c]];
    r->n_samples[t] = n;
    memcpy(r->last_cols, w->cols, n * sizeof(size_t));
    dlrf_mat Xs = dlrf_mat_view(w->Xs, 0, 0, X->rows, n);
    for (size_t j = 0; j < n; j++) {
        memcpy(&DLRF_AT(&Xs, 0, j), &DLRF_AT(X, 0, w->cols[j]), X->rows * sizeof(double));
        w->truth[j] = w->compact[w->cols[j]];
    }
    double t0 = dlrf_now();
    if (fn(&Xs, o->k, w->pred, ctx, err, errlen) != 0) return DLRF_EINVAL;
    r->time_s[t] = dlrf_now() - t0;
    for (int q = 0; q < o->n_out; q++) {
        dlrf_metrics m;
        dlrf_status st = dlrf_cluster_metrics(w->truth, w->pred + (size_t)q * n, n, &m);
        if (st != DLRF_OK) return st;
        size_t p = (size_t)t * o->n_out + q;
        r->accuracy[p] = m.accuracy;
        r->nmi[p] = m.nmi;
        r->ari[p] = m.ari;
    }
    return DLRF_OK;
}

dlrf_status dlrf_protocol_run(const dlrf_mat *X, const int *labels, const dlrf_protocol_opts *o,
                              dlrf_cluster_method fn, void *ctx, dlrf_protocol_result *res,
                              char *err, size_t errlen) {
    size_t N = X ? X->cols : 0;
    if (res) memset(res, 0, sizeof *res);
    if (!X || !labels || !o || !fn || !res || o->trials < 1 || o->n_out < 1 || o->k < 2) {
        dlrf_set_err(err, errlen, "protocol: need data, labels, k >= 2, trials >= 1");
        return DLRF_EINVAL;
    }
    proto_ws w = {0};
    w.compact = malloc(N * sizeof(int));
    w.uniq_vals = malloc(N * sizeof(int));
    int K = w.compact ? dlrf_labels_compact(labels, N, w.compact) : -1;
    dlrf_status st = DLRF_ENOMEM;
    if (K > 0 && o->k > K) {
        dlrf_set_err(err, errlen, "protocol: %d classes asked for, the labels have only %d", o->k,
                     K);
        st = DLRF_EINVAL;
    } else if (K > 0 && w.uniq_vals && alloc_result(res, o) &&
               (res->last_cols = malloc(N * sizeof(size_t)))) {
        for (size_t i = 0; i < N; i++)
            w.uniq_vals[w.compact[i]] = labels[i];
        w.truth = malloc(N * sizeof(int));
        w.pred = malloc(N * (size_t)o->n_out * sizeof(int));
        w.cls = malloc((size_t)K * sizeof(size_t));
        w.cols = malloc(N * sizeof(size_t));
        w.tmp = malloc(N * sizeof(size_t));
        w.Xs = dlrf_mat_new(X->rows, N);
        if (w.truth && w.pred && w.cls && w.cols && w.tmp && w.Xs) {
            dlrf_rng rng;
            dlrf_rng_seed(&rng, o->seed);
            st = DLRF_OK;
            for (int t = 0; t < o->trials && st == DLRF_OK; t++)
                st = trial(X, o, K, t, &w, &rng, fn, ctx, res, err, errlen);
            if (st == DLRF_OK) aggregate(res);
        }
    }
    if (st == DLRF_ENOMEM) dlrf_set_err(err, errlen, "protocol: out of memory");
    if (st != DLRF_OK && res->accuracy) dlrf_protocol_result_free(res);
    ws_free(&w);
    return st;
}
