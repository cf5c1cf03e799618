/* k-means: k-means++ seeding (Arthur and Vassilvitskii), Lloyd iterations, the
 * best of n_init restarts. One RNG stream seeded once, so a seed fixes the
 * result; nothing here is threaded. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "dlrf/cluster.h"
#include "dlrf/synth.h"

typedef struct {
    const dlrf_mat *X;
    size_t n, d;
    int k;
    double *centres; /* k x d, row-major */
    double *dist;    /* n: squared distance to the nearest chosen centre */
    double *sums;    /* k x d */
    size_t *count;
    int *lab;
} km;

static double sqdist(const km *s, size_t i, const double *c) {
    double t = 0.0;
    for (size_t j = 0; j < s->d; j++) {
        double e = DLRF_AT(s->X, i, j) - c[j];
        t += e * e;
    }
    return t;
}

static void set_centre(km *s, int c, size_t i) {
    for (size_t j = 0; j < s->d; j++)
        s->centres[(size_t)c * s->d + j] = DLRF_AT(s->X, i, j);
}

/* Index drawn with probability proportional to dist (uniform when all zero). */
static size_t draw(const km *s, dlrf_rng *rng) {
    double total = 0.0;
    for (size_t i = 0; i < s->n; i++)
        total += s->dist[i];
    if (!(total > 0.0)) return (size_t)(dlrf_rng_uniform(rng) * (double)s->n);
    double r = dlrf_rng_uniform(rng) * total, acc = 0.0;
    for (size_t i = 0; i < s->n; i++) {
        acc += s->dist[i];
        if (r < acc && s->dist[i] > 0.0) return i;
    }
    for (size_t i = s->n; i-- > 0;)
        if (s->dist[i] > 0.0) return i;
    return 0;
}

static void seed_plusplus(km *s, dlrf_rng *rng) {
    size_t first = (size_t)(dlrf_rng_uniform(rng) * (double)s->n);
    set_centre(s, 0, first);
    for (size_t i = 0; i < s->n; i++)
        s->dist[i] = sqdist(s, i, s->centres);
    for (int c = 1; c < s->k; c++) {
        set_centre(s, c, draw(s, rng));
        for (size_t i = 0; i < s->n; i++) {
            double t = sqdist(s, i, s->centres + (size_t)c * s->d);
            if (t < s->dist[i]) s->dist[i] = t;
        }
    }
}

/* Assigns every row to its nearest centre; returns the inertia and how many
 * labels changed. dist[i] receives row i's squared distance. */
static double assign(km *s, size_t *changed) {
    double inertia = 0.0;
    *changed = 0;
    for (size_t i = 0; i < s->n; i++) {
        int best = 0;
        double bd = DBL_MAX;
        for (int c = 0; c < s->k; c++) {
            double t = sqdist(s, i, s->centres + (size_t)c * s->d);
            if (t < bd) {
                bd = t;
                best = c;
            }
        }
        if (s->lab[i] != best) (*changed)++;
        s->lab[i] = best;
        s->dist[i] = bd;
        inertia += bd;
    }
    return inertia;
}

/* Centres := means; an emptied cluster takes the row farthest from its centre. */
static void update(km *s) {
    memset(s->sums, 0, (size_t)s->k * s->d * sizeof(double));
    memset(s->count, 0, (size_t)s->k * sizeof(size_t));
    for (size_t i = 0; i < s->n; i++) {
        s->count[s->lab[i]]++;
        for (size_t j = 0; j < s->d; j++)
            s->sums[(size_t)s->lab[i] * s->d + j] += DLRF_AT(s->X, i, j);
    }
    for (int c = 0; c < s->k; c++) {
        if (s->count[c] == 0) {
            size_t far = 0;
            for (size_t i = 1; i < s->n; i++)
                if (s->dist[i] > s->dist[far]) far = i;
            set_centre(s, c, far);
            s->dist[far] = 0.0;
            continue;
        }
        for (size_t j = 0; j < s->d; j++)
            s->centres[(size_t)c * s->d + j] = s->sums[(size_t)c * s->d + j] / (double)s->count[c];
    }
}

static double lloyd(km *s, int max_iter) {
    size_t changed;
    for (size_t i = 0; i < s->n; i++)
        s->lab[i] = -1;
    double inertia = assign(s, &changed);
    for (int it = 0; it < max_iter && changed; it++) {
        update(s);
        inertia = assign(s, &changed);
    }
    return inertia;
}

dlrf_status dlrf_kmeans(const dlrf_mat *X, int k, int n_init, int max_iter, uint64_t seed,
                        int *labels, double *inertia) {
    if (!X || !labels || k < 1 || (size_t)k > X->rows || n_init < 1 || max_iter < 1 || X->cols < 1)
        return DLRF_EINVAL;
    km s = {X, X->rows, X->cols, k, NULL, NULL, NULL, NULL, NULL};
    s.centres = malloc((size_t)k * s.d * sizeof(double));
    s.sums = malloc((size_t)k * s.d * sizeof(double));
    s.dist = malloc(s.n * sizeof(double));
    s.count = malloc((size_t)k * sizeof(size_t));
    s.lab = malloc(s.n * sizeof(int));
    dlrf_status st = DLRF_ENOMEM;
    if (s.centres && s.sums && s.dist && s.count && s.lab) {
        dlrf_rng rng;
        dlrf_rng_seed(&rng, seed);
        double best = DBL_MAX;
        for (int r = 0; r < n_init; r++) {
            seed_plusplus(&s, &rng);
            double in = lloyd(&s, max_iter);
            if (in < best) {
                best = in;
                memcpy(labels, s.lab, s.n * sizeof(int));
            }
        }
        if (inertia) *inertia = best;
        st = DLRF_OK;
    }
    free(s.centres);
    free(s.sums);
    free(s.dist);
    free(s.count);
    free(s.lab);
    return st;
}
