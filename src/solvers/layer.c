/* The common layer-solver object: options, run, results. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "solvers/solver.h"

static const dlrf_layer_impl *const impls[] = {&dlrf_impl_latlrr, &dlrf_impl_fllrr,
                                               &dlrf_impl_lrr,    &dlrf_impl_rlatlrr,
                                               &dlrf_impl_rlrr,   &dlrf_impl_salatlrr};
#define N_IMPLS (sizeof impls / sizeof impls[0])

const char *dlrf_model_name(dlrf_model m) {
    return (unsigned)m < N_IMPLS ? impls[m]->name : "unknown";
}

dlrf_status dlrf_model_from_name(const char *name, dlrf_model *out) {
    for (size_t i = 0; name && i < N_IMPLS; i++)
        if (strcmp(name, impls[i]->name) == 0) {
            *out = impls[i]->model;
            return DLRF_OK;
        }
    return DLRF_EINVAL;
}

int dlrf_model_is_latent(dlrf_model m) {
    return (unsigned)m < N_IMPLS && impls[m]->latent;
}

void dlrf_opts_default(dlrf_opts *o) {
    o->lambda = 0.0; /* automatic */
    o->tol = 1e-6;
    o->tol_dual = 0.0;
    o->rho = 1.1;
    o->mu0 = 1e-6;
    o->mu_max = 1e6;
    o->max_iter = 1000;
    o->rank_tol = 0.0;
    o->alpha = -1.0; /* the model's own default */
    o->graph_k = 5;
}

const char *dlrf_opts_check(const dlrf_opts *o) {
    if (!(o->lambda >= 0.0) || !isfinite(o->lambda))
        return "lambda must be a positive number (or 0 for the automatic choice)";
    if (!(o->tol >= 0.0)) return "tol must be >= 0";
    if (!(o->tol_dual >= 0.0)) return "tol_dual must be >= 0";
    if (!(o->rho >= 1.0) || !isfinite(o->rho)) return "rho must be >= 1";
    if (!(o->mu0 > 0.0) || !isfinite(o->mu0)) return "mu0 must be > 0";
    if (!(o->mu_max >= o->mu0) || !isfinite(o->mu_max)) return "mu_max must be >= mu0";
    if (o->max_iter < 1) return "max_iter must be >= 1";
    if (!(o->rank_tol < 1.0)) return "rank_tol must be < 1";
    if (!isfinite(o->alpha)) return "alpha must be >= 0 (< 0: the model's default)";
    if (o->graph_k < 1) return "graph_k must be >= 1";
    return NULL;
}

dlrf_layer *dlrf_layer_new(dlrf_model model) {
    if ((unsigned)model >= N_IMPLS) return NULL;
    dlrf_layer *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->impl = impls[model];
    dlrf_opts_default(&s->opts);
    s->tag_layer = s->tag_solve = 1;
    return s;
}

void dlrf_layer_free(dlrf_layer *s) {
    if (!s) return;
    dlrf_layer_release_all(s);
    free(s);
}

dlrf_status dlrf_layer_set_opts(dlrf_layer *s, const dlrf_opts *o) {
    const char *why = dlrf_opts_check(o);
    if (why) {
        dlrf_set_err(s->err, sizeof s->err, "%s", why);
        return DLRF_EINVAL;
    }
    s->opts = *o;
    return DLRF_OK;
}

dlrf_status dlrf_layer_set_lambda(dlrf_layer *s, double lambda) {
    dlrf_opts o = s->opts;
    o.lambda = lambda;
    return dlrf_layer_set_opts(s, &o);
}

void dlrf_layer_set_progress(dlrf_layer *s, dlrf_progress_fn fn, void *user) {
    s->progress = fn;
    s->progress_user = user;
}

dlrf_model dlrf_layer_model(const dlrf_layer *s) {
    return s->impl->model;
}
const char *dlrf_layer_errmsg(const dlrf_layer *s) {
    return s->err;
}

int dlrf_layer_record(dlrf_layer *s, int iter, double residual, double dual, double objective) {
    s->hist_res[iter - 1] = residual;
    s->hist_dual[iter - 1] = dual;
    s->dual = dual;
    s->hist_obj[iter - 1] = objective;
    s->iters = iter;
    s->residual = residual;
    s->objective = objective;
    if (!s->progress) return 0;
    dlrf_progress p = {s->tag_layer, s->tag_solve, iter, residual, objective, dlrf_now() - s->t0};
    return s->progress(&p, s->progress_user);
}

dlrf_status dlrf_layer_run(dlrf_layer *s, const dlrf_mat *A) {
    s->t0 = dlrf_now();
    dlrf_status st = dlrf_layer_prepare(s, A);
    if (st != DLRF_OK) return st;
    st = s->impl->iterate(s);
    dlrf_layer_release_scratch(s);
    s->A = NULL;
    if (st == DLRF_ECANCELLED)
        dlrf_set_err(s->err, sizeof s->err, "cancelled at iteration %d", s->iters);
    if (st == DLRF_OK || st == DLRF_ENOCONV) {
        s->ready = 1;
        s->converged = (st == DLRF_OK);
        if (!s->converged)
            dlrf_set_err(s->err, sizeof s->err,
                         "%s did not converge in %d iterations (residual %.3g > tol %.3g)",
                         s->impl->name, s->iters, s->residual, s->opts.tol);
        return st;
    }
    if (!s->err[0])
        dlrf_set_err(s->err, sizeof s->err, "%s failed: %s", s->impl->name, dlrf_status_str(st));
    dlrf_layer_release_all(s);
    return st;
}

static dlrf_mat view_or_empty(const dlrf_layer *s, const dlrf_mat *m) {
    dlrf_mat empty = {NULL, 0, 0, 1, 0};
    return (s->ready && m) ? dlrf_mat_view(m, 0, 0, m->rows, m->cols) : empty;
}

size_t dlrf_layer_rank(const dlrf_layer *s) {
    return s->ready ? s->r : 0;
}
dlrf_mat dlrf_layer_u(const dlrf_layer *s) {
    return view_or_empty(s, s->U);
}
dlrf_mat dlrf_layer_sigma(const dlrf_layer *s) {
    return view_or_empty(s, s->sigma);
}
dlrf_mat dlrf_layer_v(const dlrf_layer *s) {
    return view_or_empty(s, s->V);
}
dlrf_mat dlrf_layer_c(const dlrf_layer *s) {
    return view_or_empty(s, s->C);
}
dlrf_mat dlrf_layer_k(const dlrf_layer *s) {
    return view_or_empty(s, s->K);
}
dlrf_mat dlrf_layer_e(const dlrf_layer *s) {
    return view_or_empty(s, s->E);
}
dlrf_mat dlrf_layer_y(const dlrf_layer *s) {
    return view_or_empty(s, s->Y);
}
int dlrf_layer_iterations(const dlrf_layer *s) {
    return s->iters;
}
double dlrf_layer_lambda(const dlrf_layer *s) {
    return s->lambda;
}
int dlrf_layer_converged(const dlrf_layer *s) {
    return s->ready && s->converged;
}
double dlrf_layer_residual(const dlrf_layer *s) {
    return s->residual;
}
double dlrf_layer_objective(const dlrf_layer *s) {
    return s->objective;
}
int dlrf_layer_svd_fallbacks(const dlrf_layer *s) {
    return s->svd_fallbacks;
}
const double *dlrf_layer_history_residual(const dlrf_layer *s) {
    return s->hist_res;
}
const double *dlrf_layer_history_dual(const dlrf_layer *s) {
    return s->hist_dual;
}
double dlrf_layer_dual_residual(const dlrf_layer *s) {
    return s->dual;
}
const double *dlrf_layer_history_objective(const dlrf_layer *s) {
    return s->hist_obj;
}

dlrf_status dlrf_layer_apply_z(const dlrf_layer *s, const dlrf_mat *X, dlrf_mat *out) {
    if (!s->ready) return DLRF_ENOTREADY;
    if (X->cols != s->N || out->rows != X->rows || out->cols != s->N) return DLRF_EINVAL;
    dlrf_mat *XV = dlrf_mat_new(X->rows, s->r);
    if (!XV) return DLRF_ENOMEM;
    dlrf_gemm('N', 'N', 1.0, X, s->V, 0.0, XV);
    dlrf_gemm('N', 'N', 1.0, XV, s->C, 0.0, out);
    dlrf_mat_free(XV);
    return DLRF_OK;
}

dlrf_mat *dlrf_layer_z_materialise(const dlrf_layer *s) {
    if (!s->ready) return NULL;
    dlrf_mat *Z = dlrf_mat_new(s->N, s->N);
    if (Z) dlrf_gemm('N', 'N', 1.0, s->V, s->C, 0.0, Z);
    return Z;
}

dlrf_mat *dlrf_layer_l_materialise(const dlrf_layer *s) {
    if (!s->ready) return NULL;
    dlrf_mat *L = dlrf_mat_new(s->n, s->n);
    if (L) dlrf_gemm('N', 'T', 1.0, s->K, s->U, 0.0, L);
    return L;
}

void dlrf_layer_set_progress_tags(dlrf_layer *s, int layer, int solve) {
    s->tag_layer = layer;
    s->tag_solve = solve;
}
