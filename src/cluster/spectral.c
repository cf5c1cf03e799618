/* Spectral clustering by normalized cuts: affinity, eigenvectors of the
 * normalized Laplacian, discretisation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/graph.h"
#include "core/core.h"

struct dlrf_spectral {
    int k;
    dlrf_cluster_opts opts;
    size_t n, isolated;
    int *labels;
    double *eigval, *dinv;
    dlrf_mat *U;
    int ready, used_arpack, arpack_fallback, rank;
    double t_aff, t_eig, t_disc;
    char err[256];
};

void dlrf_cluster_opts_default(dlrf_cluster_opts *o) {
    memset(o, 0, sizeof *o);
    o->affinity = DLRF_AFFINITY_TOPK;
    o->topk = 0;
    o->post_dim = 0;
    o->post_rank_tol = 1e-4;
    o->post_power = 4.0;
    o->eig = DLRF_EIG_AUTO;
    o->dense_max = 1000;
    o->arpack_restarts = 300;
    o->discretize = DLRF_DISCRETIZE_NJW;
    o->n_init = 20;
    o->kmeans_max_iter = 300;
    o->seed = 1;
}

const char *dlrf_cluster_opts_check(const dlrf_cluster_opts *o) {
    if (o->affinity < DLRF_AFFINITY_ABS || o->affinity > DLRF_AFFINITY_TOPK)
        return "unknown affinity";
    if (o->topk < 0) return "topk must be >= 0 (0: automatic)";
    if (o->post_dim < 0) return "post_dim must be >= 0";
    if (!(o->post_rank_tol > 0.0 && o->post_rank_tol < 1.0))
        return "post_rank_tol must be in (0, 1)";
    if (!(o->post_power > 0.0)) return "post_power must be positive";
    if (o->eig < DLRF_EIG_AUTO || o->eig > DLRF_EIG_ARPACK) return "unknown eigensolver";
    if (o->discretize < DLRF_DISCRETIZE_NJW || o->discretize > DLRF_DISCRETIZE_YUSHI)
        return "unknown discretisation";
    if (o->n_init < 1) return "n_init must be >= 1";
    if (o->arpack_restarts < 1) return "arpack_restarts must be >= 1";
    if (o->kmeans_max_iter < 1) return "kmeans_max_iter must be >= 1";
    return NULL;
}

const char *dlrf_affinity_name(dlrf_affinity a) {
    return a == DLRF_AFFINITY_TOPK ? "topk" : a == DLRF_AFFINITY_LRR_POST ? "lrr-post" : "abs";
}

const char *dlrf_discretize_name(dlrf_discretize d) {
    return d == DLRF_DISCRETIZE_YUSHI ? "yushi" : "njw";
}

dlrf_spectral *dlrf_spectral_new(int k) {
    if (k < 2) return NULL;
    dlrf_spectral *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->k = k;
    dlrf_cluster_opts_default(&s->opts);
    return s;
}

static void release(dlrf_spectral *s) {
    free(s->labels);
    free(s->eigval);
    free(s->dinv);
    dlrf_mat_free(s->U);
    s->labels = NULL;
    s->eigval = s->dinv = NULL;
    s->U = NULL;
    s->ready = 0;
}

void dlrf_spectral_free(dlrf_spectral *s) {
    if (!s) return;
    release(s);
    free(s);
}

void dlrf_spectral_set_opts(dlrf_spectral *s, const dlrf_cluster_opts *o) {
    s->opts = *o;
}

const char *dlrf_spectral_errmsg(const dlrf_spectral *s) {
    return s->err;
}

static dlrf_status fail(dlrf_spectral *s, dlrf_status st, const char *msg) {
    if (msg) snprintf(s->err, sizeof s->err, "%s", msg);
    release(s);
    return st;
}

static int want_arpack(const dlrf_spectral *s, const cl_graph *g) {
    /* Lanczos needs k < ncv <= n with room to restart. */
    if (g->n < (size_t)(2 * s->k + 2) || g->n <= 20) return 0;
    if (s->opts.eig != DLRF_EIG_AUTO) return s->opts.eig == DLRF_EIG_ARPACK;
    return !g->dense || g->n > s->opts.dense_max;
}

/* Eigenvectors and labels from a built graph (consumed). */
static dlrf_status cluster_graph(dlrf_spectral *s, cl_graph *g) {
    size_t n = g->n;
    s->n = n;
    s->rank = g->rank;
    s->labels = malloc(n * sizeof(int));
    s->eigval = malloc((size_t)s->k * sizeof(double));
    s->dinv = malloc(n * sizeof(double));
    s->U = dlrf_mat_new(n, (size_t)s->k);
    if (!s->labels || !s->eigval || !s->dinv || !s->U)
        return fail(s, DLRF_ENOMEM, "out of memory for the spectral embedding");
    double t0 = dlrf_now();
    s->isolated = cl_graph_normalise(g, s->dinv);
    if (s->isolated == n)
        return fail(s, DLRF_EINVAL,
                    "the affinity is all zero (every sample is isolated): Z is zero; "
                    "use a smaller lambda");
    s->used_arpack = want_arpack(s, g);
    dlrf_status st = DLRF_ELAPACK;
    if (s->used_arpack) {
        st = cl_eig_arpack(g, s->k, &s->opts, s->eigval, s->U, s->err, sizeof s->err);
        /* Lanczos stalls when the leading eigenvalues are (nearly) equal, e.g.
         * an affinity close to the identity: the automatic choice then falls
         * back to the dense solver. */
        if (st == DLRF_ELAPACK && s->opts.eig == DLRF_EIG_AUTO) {
            s->used_arpack = 0;
            s->arpack_fallback = 1;
        }
    }
    if (!s->used_arpack) {
        st = cl_graph_densify(g);
        if (st == DLRF_OK) st = cl_eig_dense(g, s->k, s->eigval, s->U, s->err, sizeof s->err);
    }
    if (st != DLRF_OK) return fail(s, st, NULL);
    double t1 = dlrf_now();
    s->t_eig = t1 - t0;
    st = s->opts.discretize == DLRF_DISCRETIZE_YUSHI
             ? cl_yushi(s->U, s->dinv, s->k, &s->opts, s->labels)
             : cl_njw(s->U, s->k, &s->opts, s->labels);
    if (st != DLRF_OK) return fail(s, st, "discretising the spectral embedding failed");
    s->t_disc = dlrf_now() - t1;
    s->ready = 1;
    return DLRF_OK;
}

static dlrf_status check(dlrf_spectral *s, size_t n) {
    release(s);
    s->err[0] = 0;
    s->arpack_fallback = 0;
    const char *why = dlrf_cluster_opts_check(&s->opts);
    if (why) return fail(s, DLRF_EINVAL, why);
    if ((size_t)s->k > n) {
        snprintf(s->err, sizeof s->err, "k = %d clusters is more than the %zu samples", s->k, n);
        return DLRF_EINVAL;
    }
    return DLRF_OK;
}

dlrf_status dlrf_spectral_run(dlrf_spectral *s, const dlrf_mat *F, const dlrf_mat *G) {
    if (!F || !G) return fail(s, DLRF_EINVAL, "missing Z factors");
    dlrf_status st = check(s, F->rows);
    if (st != DLRF_OK) return st;
    cl_graph g;
    double t0 = dlrf_now();
    st = cl_graph_build(&g, F, G, s->k, &s->opts, s->err, sizeof s->err);
    if (st != DLRF_OK) return fail(s, st, NULL);
    s->t_aff = dlrf_now() - t0;
    st = cluster_graph(s, &g);
    cl_graph_free(&g);
    return st;
}

dlrf_status dlrf_spectral_run_affinity(dlrf_spectral *s, const dlrf_mat *W) {
    if (!W || W->rows != W->cols) return fail(s, DLRF_EINVAL, "the affinity must be square");
    dlrf_status st = check(s, W->rows);
    if (st != DLRF_OK) return st;
    for (size_t j = 0; j < W->cols; j++)
        for (size_t i = 0; i < W->rows; i++) {
            double a = DLRF_AT(W, i, j);
            if (!(a >= 0.0) || a != DLRF_AT(W, j, i))
                return fail(s, DLRF_EINVAL,
                            "the affinity must be symmetric, finite and non-negative");
        }
    cl_graph g = {0};
    g.n = W->rows;
    if (!(g.dense = dlrf_mat_dup(W))) return fail(s, DLRF_ENOMEM, "out of memory");
    s->t_aff = 0.0;
    st = cluster_graph(s, &g);
    cl_graph_free(&g);
    return st;
}

const int *dlrf_spectral_labels(const dlrf_spectral *s) {
    return s->ready ? s->labels : NULL;
}
size_t dlrf_spectral_n(const dlrf_spectral *s) {
    return s->ready ? s->n : 0;
}
const double *dlrf_spectral_eigenvalues(const dlrf_spectral *s) {
    return s->ready ? s->eigval : NULL;
}
dlrf_mat dlrf_spectral_embedding(const dlrf_spectral *s) {
    dlrf_mat none = {0};
    return s->ready ? *s->U : none;
}
size_t dlrf_spectral_isolated(const dlrf_spectral *s) {
    return s->isolated;
}
int dlrf_spectral_used_arpack(const dlrf_spectral *s) {
    return s->used_arpack;
}
int dlrf_spectral_arpack_fallback(const dlrf_spectral *s) {
    return s->arpack_fallback;
}
int dlrf_spectral_rank(const dlrf_spectral *s) {
    return s->rank;
}
void dlrf_spectral_times(const dlrf_spectral *s, double *affinity, double *eig, double *disc) {
    if (affinity) *affinity = s->t_aff;
    if (eig) *eig = s->t_eig;
    if (disc) *disc = s->t_disc;
}
