/* PLrSC's deep encoder (include/dlrf/plrsc.h): f(x) = W_out g(W_D ... g(W_1 x)),
 * g = ReLU, no biases (as the authors'), hidden weights 0.01 N(0,1). It
 * minimises J = 1/2 ||Z - f(X)||_F^2 + ridge/2 ||W_out||_F^2 by rounds of an
 * exact ridge step for W_out, W_out = Z (H^T H + ridge I)^-1 H^T (the
 * push-through form of Z H^T (H H^T + ridge I)^-1: an m x m system), then
 * gradient steps on the hidden weights with Armijo backtracking, so J never
 * increases. Workspace is allocated once per fit. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>

#include "dlrf/plrsc.h"
#include "dlrf/synth.h"

#define ENC_MAX_DEPTH 8
#define ENC_BLOCK 1024 /* columns encoded at a time */

struct dlrf_encoder {
    size_t in, out, h;
    int depth;
    dlrf_plrsc_opts o;
    dlrf_mat *W[ENC_MAX_DEPTH], *Wout;
};

typedef struct {
    dlrf_mat *A[ENC_MAX_DEPTH], *D[2], *grad[ENC_MAX_DEPTH], *old[ENC_MAX_DEPTH];
    dlrf_mat *R, *M, *B;
} fit_ws;

dlrf_encoder *dlrf_encoder_new(size_t inputs, size_t outputs, const dlrf_plrsc_opts *o) {
    if (o->depth < 1 || o->depth > ENC_MAX_DEPTH || o->hidden < 1) return NULL;
    dlrf_encoder *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->in = inputs, e->out = outputs, e->h = (size_t)o->hidden, e->depth = o->depth, e->o = *o;
    dlrf_rng rng;
    dlrf_rng_seed(&rng, o->seed ^ 0x656E636F646572ULL);
    int ok = (e->Wout = dlrf_mat_new(outputs, e->h)) != NULL;
    for (int l = 0; ok && l < e->depth; l++) {
        ok = (e->W[l] = dlrf_mat_new(e->h, l ? e->h : inputs)) != NULL;
        for (size_t j = 0; ok && j < e->W[l]->cols; j++)
            for (size_t i = 0; i < e->h; i++)
                DLRF_AT(e->W[l], i, j) = 0.01 * dlrf_rng_normal(&rng);
    }
    if (!ok) {
        dlrf_encoder_free(e);
        return NULL;
    }
    return e;
}

void dlrf_encoder_free(dlrf_encoder *e) {
    if (!e) return;
    for (int l = 0; l < e->depth; l++)
        dlrf_mat_free(e->W[l]);
    dlrf_mat_free(e->Wout);
    free(e);
}

dlrf_mat dlrf_encoder_weights(const dlrf_encoder *e, int layer) {
    dlrf_mat empty = {NULL, 0, 0, 1, 0};
    if (layer < 1 || layer > e->depth) return empty;
    const dlrf_mat *w = e->W[layer - 1];
    return dlrf_mat_view(w, 0, 0, w->rows, w->cols);
}

static void relu(dlrf_mat *m) {
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < m->rows; i++)
            if (DLRF_AT(m, i, j) < 0.0) DLRF_AT(m, i, j) = 0.0;
}

/* A[l] = g(W_l A[l-1]), A[-1] = X (the columns of the A's: X's). */
static void forward(dlrf_mat *const *W, int depth, const dlrf_mat *X, dlrf_mat **A) {
    for (int l = 0; l < depth; l++) {
        dlrf_gemm('N', 'N', 1.0, W[l], l ? A[l - 1] : X, 0.0, A[l]);
        relu(A[l]);
    }
}

/* R = W_out H - Z; returns J. */
static double objective(const dlrf_encoder *e, const dlrf_mat *H, const dlrf_mat *Z, dlrf_mat *R) {
    dlrf_mat_copy(R, Z);
    dlrf_gemm('N', 'N', 1.0, e->Wout, H, -1.0, R);
    double w = dlrf_mat_norm_fro(e->Wout), r = dlrf_mat_norm_fro(R);
    return 0.5 * r * r + 0.5 * e->o.ridge * w * w;
}

/* W_out = Z (H^T H + ridge I)^-1 H^T. */
static dlrf_status ridge_step(dlrf_encoder *e, const dlrf_mat *H, const dlrf_mat *Z, fit_ws *w) {
    size_t m = H->cols;
    dlrf_gemm('T', 'N', 1.0, H, H, 0.0, w->M);
    for (size_t i = 0; i < m; i++)
        DLRF_AT(w->M, i, i) += e->o.ridge;
    for (size_t j = 0; j < Z->rows; j++) /* B = Z^T */
        for (size_t i = 0; i < m; i++)
            DLRF_AT(w->B, i, j) = DLRF_AT(Z, j, i);
    if (LAPACKE_dposv(LAPACK_COL_MAJOR, 'U', (int)m, (int)Z->rows, w->M->data, (int)w->M->ld,
                      w->B->data, (int)w->B->ld) != 0)
        return DLRF_ELAPACK;
    dlrf_gemm('T', 'T', 1.0, w->B, H, 0.0, e->Wout); /* (M^-1 Z^T)^T H^T */
    return DLRF_OK;
}

/* The gradient of J in the hidden weights (R holding W_out H - Z); returns
 * its squared norm. */
static double gradient(const dlrf_encoder *e, const dlrf_mat *X, fit_ws *w) {
    int D = e->depth, cur = 0;
    dlrf_gemm('T', 'N', 1.0, e->Wout, w->R, 0.0, w->D[cur]);
    double g2 = 0.0;
    for (int l = D - 1; l >= 0; l--) {
        dlrf_mat *d = w->D[cur];
        for (size_t j = 0; j < d->cols; j++) /* through the ReLU */
            for (size_t i = 0; i < d->rows; i++)
                if (DLRF_AT(w->A[l], i, j) <= 0.0) DLRF_AT(d, i, j) = 0.0;
        dlrf_gemm('N', 'T', 1.0, d, l ? w->A[l - 1] : X, 0.0, w->grad[l]);
        double gn = dlrf_mat_norm_fro(w->grad[l]);
        g2 += gn * gn;
        if (l) dlrf_gemm('T', 'N', 1.0, e->W[l], d, 0.0, w->D[cur ^ 1]);
        cur ^= 1;
    }
    return g2;
}

/* One Armijo-backtracked step of size *eta (adapted); returns the new J, or
 * J itself when no step decreases it. */
static double gd_step(dlrf_encoder *e, const dlrf_mat *X, const dlrf_mat *Z, fit_ws *w, double J,
                      double *eta) {
    double g2 = gradient(e, X, w);
    if (!(g2 > 0.0)) return J;
    for (int l = 0; l < e->depth; l++)
        dlrf_mat_copy(w->old[l], e->W[l]);
    for (int tries = 0; tries < 40; tries++) {
        for (int l = 0; l < e->depth; l++) {
            dlrf_mat_copy(e->W[l], w->old[l]);
            for (size_t j = 0; j < e->W[l]->cols; j++)
                for (size_t i = 0; i < e->h; i++)
                    DLRF_AT(e->W[l], i, j) -= *eta * DLRF_AT(w->grad[l], i, j);
        }
        forward(e->W, e->depth, X, w->A);
        double Jn = objective(e, w->A[e->depth - 1], Z, w->R);
        if (Jn <= J - 1e-4 * *eta * g2) {
            *eta *= 2.0;
            return Jn;
        }
        *eta *= 0.5;
    }
    for (int l = 0; l < e->depth; l++) /* no decrease: keep the weights */
        dlrf_mat_copy(e->W[l], w->old[l]);
    forward(e->W, e->depth, X, w->A);
    return objective(e, w->A[e->depth - 1], Z, w->R);
}

static void ws_free(fit_ws *w, int depth) {
    for (int l = 0; l < depth; l++)
        dlrf_mat_free(w->A[l]), dlrf_mat_free(w->grad[l]), dlrf_mat_free(w->old[l]);
    dlrf_mat_free(w->D[0]), dlrf_mat_free(w->D[1]);
    dlrf_mat_free(w->R), dlrf_mat_free(w->M), dlrf_mat_free(w->B);
}

static dlrf_status ws_init(fit_ws *w, const dlrf_encoder *e, size_t m) {
    *w = (fit_ws){0};
    int ok = 1;
    for (int l = 0; l < e->depth; l++) {
        w->A[l] = dlrf_mat_new(e->h, m);
        w->grad[l] = dlrf_mat_new(e->h, e->W[l]->cols);
        w->old[l] = dlrf_mat_new(e->h, e->W[l]->cols);
        ok &= w->A[l] && w->grad[l] && w->old[l];
    }
    w->D[0] = dlrf_mat_new(e->h, m), w->D[1] = dlrf_mat_new(e->h, m);
    w->R = dlrf_mat_new(e->out, m), w->M = dlrf_mat_new(m, m), w->B = dlrf_mat_new(m, e->out);
    return ok && w->D[0] && w->D[1] && w->R && w->M && w->B ? DLRF_OK : DLRF_ENOMEM;
}

dlrf_status dlrf_encoder_fit(dlrf_encoder *e, const dlrf_mat *X, const dlrf_mat *Z, double *loss) {
    if (X->rows != e->in || Z->rows != e->out || Z->cols != X->cols) return DLRF_EINVAL;
    fit_ws w;
    dlrf_status st = ws_init(&w, e, X->cols);
    double eta = 1.0;
    if (st == DLRF_OK) {
        forward(e->W, e->depth, X, w.A);
        double J = objective(e, w.A[e->depth - 1], Z, w.R);
        if (loss) loss[0] = J;
        for (int it = 0; st == DLRF_OK && it < e->o.outer_iter; it++) {
            st = ridge_step(e, w.A[e->depth - 1], Z, &w);
            if (st != DLRF_OK) break;
            J = objective(e, w.A[e->depth - 1], Z, w.R);
            for (int s = 0; s < e->o.gd_steps; s++)
                J = gd_step(e, X, Z, &w, J, &eta);
            if (loss) loss[it + 1] = J;
        }
    }
    ws_free(&w, e->depth);
    return st;
}

dlrf_status dlrf_encoder_apply(const dlrf_encoder *e, const dlrf_mat *Y, dlrf_mat *out) {
    if (Y->rows != e->in || out->rows != e->out || out->cols != Y->cols) return DLRF_EINVAL;
    size_t B = Y->cols < ENC_BLOCK ? Y->cols : ENC_BLOCK;
    dlrf_mat *A[ENC_MAX_DEPTH] = {0};
    int ok = 1;
    for (int l = 0; l < e->depth; l++)
        ok &= (A[l] = dlrf_mat_new(e->h, B)) != NULL;
    for (size_t j0 = 0; ok && j0 < Y->cols; j0 += B) {
        size_t b = Y->cols - j0 < B ? Y->cols - j0 : B;
        dlrf_mat y = dlrf_mat_view(Y, 0, j0, Y->rows, b), o = dlrf_mat_view(out, 0, j0, e->out, b);
        dlrf_mat a[ENC_MAX_DEPTH], *ap[ENC_MAX_DEPTH];
        for (int l = 0; l < e->depth; l++)
            a[l] = dlrf_mat_view(A[l], 0, 0, e->h, b), ap[l] = &a[l];
        forward(e->W, e->depth, &y, ap);
        dlrf_gemm('N', 'N', 1.0, e->Wout, ap[e->depth - 1], 0.0, &o);
    }
    for (int l = 0; l < e->depth; l++)
        dlrf_mat_free(A[l]);
    return ok ? DLRF_OK : DLRF_ENOMEM;
}
