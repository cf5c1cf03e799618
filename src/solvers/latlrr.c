/* LatLRR: min ||Z||_* + ||L||_* + lambda||E||_1 s.t. A = AZ + LA + E, Liu & Yan's
 * inexact ALM with auxiliaries J = Z, G = L, in the factored coordinates of
 * docs/METHOD.md section 4: the SVTs act on r x N and n x r matrices, never N x N.
 * The loop (dlrf_nuclear_alm) also runs the models that add a term to LatLRR's
 * objective and so change only its C- and K-steps (rlrr, salatlrr). */
#include <stdlib.h>

#include "solvers/solver.h"

static void ws_free(dlrf_nuclear_ws *w) {
    dlrf_mat_free(w->J);
    dlrf_mat_free(w->Y2);
    dlrf_mat_free(w->TJ);
    dlrf_mat_free(w->G);
    dlrf_mat_free(w->Y3);
    dlrf_mat_free(w->TG);
    dlrf_svt_ws_free(&w->svt_c);
    dlrf_svt_ws_free(&w->svt_k);
}

static dlrf_status ws_init(dlrf_nuclear_ws *w, const dlrf_layer *s) {
    *w = (dlrf_nuclear_ws){0};
    w->J = dlrf_mat_new(s->r, s->N);
    w->Y2 = dlrf_mat_new(s->r, s->N);
    w->TJ = dlrf_mat_new(s->r, s->N);
    w->G = dlrf_mat_new(s->n, s->r);
    w->Y3 = dlrf_mat_new(s->n, s->r);
    w->TG = dlrf_mat_new(s->n, s->r);
    if (!w->J || !w->Y2 || !w->TJ || !w->G || !w->Y3 || !w->TG) return DLRF_ENOMEM;
    dlrf_status st = dlrf_svt_ws_init(&w->svt_c, s->r, s->N);
    if (st == DLRF_OK) st = dlrf_svt_ws_init(&w->svt_k, s->n, s->r);
    return st;
}

dlrf_status dlrf_nuclear_alm(dlrf_layer *s, const dlrf_nuclear_steps *steps) {
    const dlrf_opts *o = &s->opts;
    dlrf_nuclear_ws w;
    dlrf_status st = ws_init(&w, s);
    if (st != DLRF_OK) {
        ws_free(&w);
        return st;
    }
    st = DLRF_ENOCONV;
    double mu = o->mu0;
    for (int it = 1; it <= o->max_iter; it++) {
        double mu_next = dlrf_next_mu(o, mu), nuc_j, nuc_g, l1, de, extra_c = 0.0, extra_k = 0.0;
        dlrf_layer_keep_previous(s);
        dlrf_step_shift(w.TJ, s->C, w.Y2, mu);
        dlrf_status e1 = dlrf_svt(&w.svt_c, w.TJ, 1.0 / mu, w.J, &nuc_j, NULL);
        dlrf_step_shift(w.TG, s->K, w.Y3, mu);
        dlrf_status e2 = dlrf_svt(&w.svt_k, w.TG, 1.0 / mu, w.G, &nuc_g, NULL);
        if (e1 == DLRF_OK && e2 == DLRF_OK) {
            dlrf_step_c_rhs(s);
            e1 = steps->c_step(s, &w, steps->ctx, mu, &extra_c);
        }
        if (e1 == DLRF_OK && e2 == DLRF_OK) {
            dlrf_step_principal(s, mu);
            dlrf_step_k_rhs(s);
            e2 = steps->k_step(s, &w, steps->ctx, mu, &extra_k);
        }
        if (e1 != DLRF_OK || e2 != DLRF_OK) {
            st = e1 != DLRF_OK ? e1 : e2;
            break;
        }
        dlrf_step_salient(s);
        double res = dlrf_step_error_l1(s, mu, mu_next, &l1, &de);
        double dual = dlrf_layer_dual(s, mu, de);
        double rj = dlrf_step_dual(w.Y2, s->C, w.J, mu);
        double rg = dlrf_step_dual(w.Y3, s->K, w.G, mu);
        res = res > rj ? res : rj;
        res = res > rg ? res : rg;
        double obj = nuc_j + nuc_g + s->lambda * l1 + extra_c + extra_k;
        if (dlrf_layer_record(s, it, res, dual, obj)) {
            st = DLRF_ECANCELLED;
            break;
        }
        if (dlrf_layer_done(s, res, dual)) {
            st = DLRF_OK;
            break;
        }
        mu = mu_next;
    }
    ws_free(&w);
    return st;
}

/* C = (S C + J - Y2/mu) (I + S^2)^-1, after dlrf_step_c_rhs. */
static dlrf_status c_nuclear(dlrf_layer *s, dlrf_nuclear_ws *w, void *ctx, double mu,
                             double *extra) {
    (void)ctx, (void)extra;
    dlrf_step_c_nuclear(s, w->J, w->Y2, mu);
    return DLRF_OK;
}

/* K = ((A - U S C - E + Y/mu) V S + G - Y3/mu) (I + S^2)^-1, after dlrf_step_k_rhs. */
static dlrf_status k_nuclear(dlrf_layer *s, dlrf_nuclear_ws *w, void *ctx, double mu,
                             double *extra) {
    (void)ctx, (void)extra;
    const double *sg = s->sigma->data;
    for (size_t j = 0; j < s->r; j++)
        for (size_t i = 0; i < s->n; i++)
            DLRF_AT(s->K, i, j) =
                (sg[j] * DLRF_AT(s->K, i, j) + DLRF_AT(w->G, i, j) - DLRF_AT(w->Y3, i, j) / mu) /
                (1.0 + sg[j] * sg[j]);
    return DLRF_OK;
}

static dlrf_status iterate(dlrf_layer *s) {
    const dlrf_nuclear_steps steps = {c_nuclear, k_nuclear, NULL};
    return dlrf_nuclear_alm(s, &steps);
}

const dlrf_layer_impl dlrf_impl_latlrr = {DLRF_LATLRR, "latlrr", 1, DLRF_LAMBDA_AUTO, iterate};
