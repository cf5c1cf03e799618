/* Validation, the thin SVD of the input, and allocation of the iterates. */
#include <math.h>
#include <stdlib.h>

#include "core/core.h"
#include "solvers/solver.h"

static void free_mat(dlrf_mat **m) {
    dlrf_mat_free(*m);
    *m = NULL;
}

void dlrf_layer_release_scratch(dlrf_layer *s) {
    free_mat(&s->Vt);
    free_mat(&s->SVt);
    free_mat(&s->US);
    free_mat(&s->B1);
    free_mat(&s->B2);
    free_mat(&s->Cprev);
    free_mat(&s->Kprev);
}

void dlrf_layer_release_all(dlrf_layer *s) {
    dlrf_layer_release_scratch(s);
    free_mat(&s->U);
    free_mat(&s->sigma);
    free_mat(&s->V);
    free_mat(&s->C);
    free_mat(&s->K);
    free_mat(&s->E);
    free_mat(&s->Y);
    free(s->hist_res);
    free(s->hist_obj);
    free(s->hist_dual);
    s->hist_res = s->hist_obj = s->hist_dual = NULL;
    s->ready = 0;
}

static dlrf_status check_input(dlrf_layer *s, const dlrf_mat *A) {
    if (!A || !A->data) {
        dlrf_set_err(s->err, sizeof s->err, "input matrix is missing");
        return DLRF_EINVAL;
    }
    if (A->rows < 1 || A->cols < 2) {
        dlrf_set_err(s->err, sizeof s->err,
                     "input is %zu x %zu; need at least 1 feature and 2 samples (columns)", A->rows,
                     A->cols);
        return DLRF_EINVAL;
    }
    size_t bad = dlrf_mat_count_nonfinite(A);
    if (bad) {
        dlrf_set_err(s->err, sizeof s->err, "input has %zu NaN or Inf entries", bad);
        return DLRF_EINVAL;
    }
    const char *why = dlrf_opts_check(&s->opts);
    if (why) {
        dlrf_set_err(s->err, sizeof s->err, "%s", why);
        return DLRF_EINVAL;
    }
    return DLRF_OK;
}

/* Keeps the leading r singular triplets: U (n x r), sigma, V^T (r x N). */
static dlrf_status truncate_factors(dlrf_layer *s, dlrf_mat *U, dlrf_mat *sv, dlrf_mat *Vt) {
    size_t k = sv->rows;
    double tol =
        s->opts.rank_tol > 0.0 ? s->opts.rank_tol : (double)(s->n > s->N ? s->n : s->N) * 0x1p-52;
    s->r = dlrf_numerical_rank(sv->data, k, tol);
    if (s->r == 0) {
        dlrf_set_err(s->err, sizeof s->err, "input matrix is zero (numerical rank 0)");
        return DLRF_EINVAL;
    }
    s->U = dlrf_mat_new(s->n, s->r);
    s->sigma = dlrf_mat_new(s->r, 1);
    s->Vt = dlrf_mat_new(s->r, s->N);
    if (!s->U || !s->sigma || !s->Vt) return DLRF_ENOMEM;
    dlrf_mat u = dlrf_mat_view(U, 0, 0, s->n, s->r), v = dlrf_mat_view(Vt, 0, 0, s->r, s->N);
    dlrf_mat_copy(s->U, &u);
    dlrf_mat_copy(s->Vt, &v);
    for (size_t i = 0; i < s->r; i++)
        s->sigma->data[i] = sv->data[i];
    return DLRF_OK;
}

static dlrf_status alloc_iterates(dlrf_layer *s) {
    size_t n = s->n, N = s->N, r = s->r, hist = (size_t)s->opts.max_iter;
    s->SVt = dlrf_mat_dup(s->Vt);
    s->US = dlrf_mat_dup(s->U);
    s->V = dlrf_mat_new(N, r);
    s->C = dlrf_mat_new(r, N);
    s->K = dlrf_mat_new(n, r);
    s->E = dlrf_mat_new(n, N);
    s->Y = dlrf_mat_new(n, N);
    s->B1 = dlrf_mat_new(n, N);
    s->B2 = dlrf_mat_new(n, N);
    s->hist_res = calloc(hist, sizeof(double));
    s->hist_obj = calloc(hist, sizeof(double));
    s->hist_dual = calloc(hist, sizeof(double));
    s->Cprev = dlrf_mat_new(r, N);
    s->Kprev = dlrf_mat_new(n, r);
    if (!s->SVt || !s->US || !s->V || !s->C || !s->K || !s->E || !s->Y || !s->B1 || !s->B2 ||
        !s->hist_res || !s->hist_obj || !s->hist_dual || !s->Cprev || !s->Kprev)
        return DLRF_ENOMEM;
    dlrf_scale_rows(s->SVt, s->sigma->data);
    dlrf_scale_cols(s->US, s->sigma->data);
    for (size_t j = 0; j < r; j++) /* V = (V^T)^T, kept for Z = V C */
        for (size_t i = 0; i < N; i++)
            DLRF_AT(s->V, i, j) = DLRF_AT(s->Vt, j, i);
    return DLRF_OK;
}

dlrf_status dlrf_layer_prepare(dlrf_layer *s, const dlrf_mat *A) {
    dlrf_layer_release_all(s);
    s->err[0] = '\0';
    s->iters = s->converged = 0;
    s->svd_fallbacks = 0;
    s->residual = s->objective = s->dual = NAN;
    dlrf_status st = check_input(s, A);
    if (st != DLRF_OK) return st;
    s->A = A;
    s->n = A->rows;
    s->N = A->cols;
    /* Automatic lambda: the model's value for unit-norm samples over the RMS
     * sample norm, lambda_unit sqrt(N) / ||A||_F (docs/CLUSTERING.md). */
    double fro = dlrf_mat_norm_fro(A);
    s->lambda = s->opts.lambda > 0.0
                    ? s->opts.lambda
                    : (fro > 0.0 ? s->impl->lambda_unit * sqrt((double)s->N) / fro : 1.0);
    dlrf_mat *U = NULL, *sv = NULL, *Vt = NULL;
    st = dlrf_svd_thin(A, &U, &sv, &Vt, &s->svd_fallbacks);
    if (st == DLRF_OK) st = truncate_factors(s, U, sv, Vt);
    dlrf_mat_free(U);
    dlrf_mat_free(sv);
    dlrf_mat_free(Vt);
    if (st == DLRF_OK) st = alloc_iterates(s);
    if (st == DLRF_ENOMEM)
        dlrf_set_err(s->err, sizeof s->err, "out of memory for a %zu x %zu input", s->n, s->N);
    else if (st == DLRF_ELAPACK)
        dlrf_set_err(s->err, sizeof s->err, "the SVD of the input failed (dgesdd and dgesvd)");
    if (st != DLRF_OK) dlrf_layer_release_all(s);
    return st;
}
