/* PLrSC (include/dlrf/plrsc.h; docs/BASELINES.md section 7). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "dlrf/plrsc.h"
#include "dlrf/synth.h"

struct dlrf_plrsc {
    dlrf_plrsc_opts o;
    dlrf_opts lrr_opts;
    dlrf_layer *lrr;
    dlrf_encoder *enc;
    dlrf_mat *codes;
    int *labels;
    size_t *subset, m; /* the columns of the LRR dictionary */
    double *loss;
    dlrf_progress_fn progress;
    void *progress_user;
    int ready;
    char err[256];
};

void dlrf_plrsc_opts_default(dlrf_plrsc_opts *o) {
    o->subset = 0;
    o->hidden = 1500;
    o->depth = 2;
    o->outer_iter = 3;
    o->gd_steps = 20;
    o->ridge = 1e-3;
    dlrf_lsc_opts_default(&o->lsc);
    /* the authors' wrapper: 500 landmarks, 3 iterations, but 3 neighbours leave
     * the graph too sparse (AC below 1 on tests/test_plrsc.c's subspaces): LSC's 5 */
    o->lsc.landmarks = 500, o->lsc.neighbours = 5, o->lsc.landmark_iter = 3;
    o->seed = 1;
}

dlrf_plrsc *dlrf_plrsc_new(void) {
    dlrf_plrsc *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    dlrf_plrsc_opts_default(&p->o);
    dlrf_opts_default(&p->lrr_opts);
    return p;
}

static void clear(dlrf_plrsc *p) {
    dlrf_layer_free(p->lrr), dlrf_encoder_free(p->enc), dlrf_mat_free(p->codes);
    free(p->labels), free(p->loss), free(p->subset);
    p->lrr = NULL, p->enc = NULL, p->codes = NULL, p->labels = NULL, p->loss = NULL;
    p->subset = NULL, p->m = 0;
    p->ready = 0;
}

void dlrf_plrsc_free(dlrf_plrsc *p) {
    if (!p) return;
    clear(p);
    free(p);
}

dlrf_status dlrf_plrsc_set_opts(dlrf_plrsc *p, const dlrf_plrsc_opts *o) {
    if (o->subset < 0 || o->hidden < 1 || o->depth < 1 || o->depth > 8 || o->outer_iter < 1 ||
        o->gd_steps < 0 || !(o->ridge > 0.0)) {
        dlrf_set_err(p->err, sizeof p->err,
                     "plrsc: subset >= 0, hidden >= 1, depth 1..8, rounds >= 1, ridge > 0");
        return DLRF_EINVAL;
    }
    p->o = *o;
    return DLRF_OK;
}

void dlrf_plrsc_set_progress(dlrf_plrsc *p, dlrf_progress_fn fn, void *user) {
    p->progress = fn, p->progress_user = user;
}

dlrf_status dlrf_plrsc_set_lrr_opts(dlrf_plrsc *p, const dlrf_opts *o) {
    const char *why = dlrf_opts_check(o);
    if (why) {
        dlrf_set_err(p->err, sizeof p->err, "%s", why);
        return DLRF_EINVAL;
    }
    p->lrr_opts = *o;
    return DLRF_OK;
}

/* m columns of X drawn without replacement; their indices kept in p. */
static dlrf_mat *subset(dlrf_plrsc *p, const dlrf_mat *X, size_t m) {
    size_t N = X->cols, *idx = malloc(N * sizeof(size_t));
    dlrf_mat *S = dlrf_mat_new(X->rows, m);
    if (!idx || !S) {
        free(idx), dlrf_mat_free(S);
        return NULL;
    }
    dlrf_rng rng;
    dlrf_rng_seed(&rng, p->o.seed ^ 0x706C727363ULL);
    dlrf_rng_pick(&rng, N, m, idx);
    for (size_t i = 0; i < m; i++)
        memcpy(&DLRF_AT(S, 0, i), &DLRF_AT(X, 0, idx[i]), X->rows * sizeof(double));
    p->subset = idx, p->m = m; /* the first m are the draw */
    return S;
}

/* Steps 1-2: LRR of the subset, the encoder fitted to its Z. */
static dlrf_status learn(dlrf_plrsc *p, const dlrf_mat *S) {
    if (!(p->lrr = dlrf_layer_new(DLRF_LRR))) return DLRF_ENOMEM;
    dlrf_layer_set_opts(p->lrr, &p->lrr_opts);
    dlrf_layer_set_progress(p->lrr, p->progress, p->progress_user);
    dlrf_status st = dlrf_layer_run(p->lrr, S);
    if (st != DLRF_OK && st != DLRF_ENOCONV) {
        dlrf_set_err(p->err, sizeof p->err, "plrsc: %s", dlrf_layer_errmsg(p->lrr));
        return st;
    }
    dlrf_mat *Z = dlrf_layer_z_materialise(p->lrr); /* m x m: the subset is small */
    p->enc = dlrf_encoder_new(S->rows, S->cols, &p->o);
    p->loss = malloc((size_t)(p->o.outer_iter + 1) * sizeof(double));
    st = Z && p->enc && p->loss ? dlrf_encoder_fit(p->enc, S, Z, p->loss) : DLRF_ENOMEM;
    dlrf_mat_free(Z);
    if (st != DLRF_OK) dlrf_set_err(p->err, sizeof p->err, "plrsc: fitting the encoder failed");
    return st;
}

/* Step 3: every sample's code, then LSC of the codes' unit absolute values. */
static dlrf_status cluster(dlrf_plrsc *p, const dlrf_mat *X, int k, size_t m) {
    size_t N = X->cols;
    p->codes = dlrf_mat_new(m, N);
    p->labels = malloc(N * sizeof(int));
    dlrf_mat *P = dlrf_mat_new(N, m);
    dlrf_status st =
        p->codes && p->labels && P ? dlrf_encoder_apply(p->enc, X, p->codes) : DLRF_ENOMEM;
    for (size_t j = 0; st == DLRF_OK && j < N; j++) { /* |f(y)| / ||f(y)||: see the header */
        double nrm = 0.0;
        for (size_t i = 0; i < m; i++)
            nrm += DLRF_AT(p->codes, i, j) * DLRF_AT(p->codes, i, j);
        nrm = nrm > 0.0 ? 1.0 / sqrt(nrm) : 0.0;
        for (size_t i = 0; i < m; i++)
            DLRF_AT(P, j, i) = fabs(DLRF_AT(p->codes, i, j)) * nrm;
    }
    dlrf_lsc_opts lo = p->o.lsc;
    lo.seed = p->o.seed;
    if (st == DLRF_OK) st = dlrf_lsc(P, k, &lo, p->labels, p->err, sizeof p->err);
    dlrf_mat_free(P);
    return st;
}

dlrf_status dlrf_plrsc_run(dlrf_plrsc *p, const dlrf_mat *X, int k) {
    clear(p);
    p->err[0] = '\0';
    size_t N = X->cols, m = p->o.subset > 0 ? (size_t)p->o.subset : 50 * (size_t)(k > 0 ? k : 1);
    if (k < 2 || (size_t)k > N || dlrf_mat_count_nonfinite(X)) {
        dlrf_set_err(p->err, sizeof p->err, "plrsc: need 2 <= k <= %zu and finite data", N);
        return DLRF_EINVAL;
    }
    if (m > N) m = N;
    dlrf_mat *S = subset(p, X, m);
    dlrf_status st = S ? learn(p, S) : DLRF_ENOMEM;
    dlrf_mat_free(S);
    if (st == DLRF_OK) st = cluster(p, X, k, m);
    if (st == DLRF_ENOMEM && !p->err[0])
        dlrf_set_err(p->err, sizeof p->err, "plrsc: out of memory");
    if (st != DLRF_OK) {
        clear(p);
        return st;
    }
    p->ready = 1;
    return DLRF_OK;
}

const char *dlrf_plrsc_errmsg(const dlrf_plrsc *p) {
    return p->err;
}
const int *dlrf_plrsc_labels(const dlrf_plrsc *p) {
    return p->ready ? p->labels : NULL;
}
dlrf_mat dlrf_plrsc_codes(const dlrf_plrsc *p) {
    dlrf_mat empty = {NULL, 0, 0, 1, 0};
    return p->ready ? dlrf_mat_view(p->codes, 0, 0, p->codes->rows, p->codes->cols) : empty;
}
const dlrf_layer *dlrf_plrsc_lrr(const dlrf_plrsc *p) {
    return p->ready ? p->lrr : NULL;
}
const double *dlrf_plrsc_loss(const dlrf_plrsc *p, int *count) {
    if (count) *count = p->ready ? p->o.outer_iter + 1 : 0;
    return p->ready ? p->loss : NULL;
}
dlrf_mat dlrf_plrsc_weights(const dlrf_plrsc *p, int layer) {
    dlrf_mat empty = {NULL, 0, 0, 1, 0};
    return p->ready ? dlrf_encoder_weights(p->enc, layer) : empty;
}
const size_t *dlrf_plrsc_subset(const dlrf_plrsc *p, size_t *m) {
    if (m) *m = p->ready ? p->m : 0;
    return p->ready ? p->subset : NULL;
}
