/* LatLRR: min ||Z||_* + ||L||_* + lambda||E||_1 s.t. A = AZ + LA + E, Liu & Yan's
 * inexact ALM with auxiliaries J = Z, G = L, in the factored coordinates of
 * docs/METHOD.md section 4: the SVTs act on r x N and n x r matrices, never N x N. */
#include <stdlib.h>

#include "solvers/solver.h"

typedef struct {
    dlrf_mat *J, *Y2, *TJ, *G, *Y3, *TG;
    dlrf_svt_ws svt_c, svt_k;
} latlrr_ws;

static void ws_free(latlrr_ws *w) {
    dlrf_mat_free(w->J);
    dlrf_mat_free(w->Y2);
    dlrf_mat_free(w->TJ);
    dlrf_mat_free(w->G);
    dlrf_mat_free(w->Y3);
    dlrf_mat_free(w->TG);
    dlrf_svt_ws_free(&w->svt_c);
    dlrf_svt_ws_free(&w->svt_k);
}

static dlrf_status ws_init(latlrr_ws *w, const dlrf_layer *s) {
    *w = (latlrr_ws){0};
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

/* K = ((A - U S C - E + Y/mu) V S + G - Y3/mu) (I + S^2)^-1, after dlrf_step_k_rhs. */
static void k_nuclear(dlrf_layer *s, const latlrr_ws *w, double mu) {
    const double *sg = s->sigma->data;
    for (size_t j = 0; j < s->r; j++)
        for (size_t i = 0; i < s->n; i++)
            DLRF_AT(s->K, i, j) =
                (sg[j] * DLRF_AT(s->K, i, j) + DLRF_AT(w->G, i, j) - DLRF_AT(w->Y3, i, j) / mu) /
                (1.0 + sg[j] * sg[j]);
}

static dlrf_status iterate(dlrf_layer *s) {
    const dlrf_opts *o = &s->opts;
    latlrr_ws w;
    dlrf_status st = ws_init(&w, s);
    if (st != DLRF_OK) {
        ws_free(&w);
        return st;
    }
    st = DLRF_ENOCONV;
    double mu = o->mu0;
    for (int it = 1; it <= o->max_iter; it++) {
        double mu_next = dlrf_next_mu(o, mu);
        double nuc_j, nuc_g, l1, de;
        dlrf_layer_keep_previous(s);
        dlrf_step_shift(w.TJ, s->C, w.Y2, mu);
        dlrf_status e1 = dlrf_svt(&w.svt_c, w.TJ, 1.0 / mu, w.J, &nuc_j, NULL);
        dlrf_step_shift(w.TG, s->K, w.Y3, mu);
        dlrf_status e2 = dlrf_svt(&w.svt_k, w.TG, 1.0 / mu, w.G, &nuc_g, NULL);
        if (e1 != DLRF_OK || e2 != DLRF_OK) {
            st = e1 != DLRF_OK ? e1 : e2;
            break;
        }
        dlrf_step_c_rhs(s);
        dlrf_step_c_nuclear(s, w.J, w.Y2, mu);
        dlrf_step_principal(s, mu);
        dlrf_step_k_rhs(s);
        k_nuclear(s, &w, mu);
        dlrf_step_salient(s);
        double res = dlrf_step_error_l1(s, mu, mu_next, &l1, &de);
        double dual = dlrf_layer_dual(s, mu, de);
        double rj = dlrf_step_dual(w.Y2, s->C, w.J, mu);
        double rg = dlrf_step_dual(w.Y3, s->K, w.G, mu);
        res = res > rj ? res : rj;
        res = res > rg ? res : rg;
        if (dlrf_layer_record(s, it, res, dual, nuc_j + nuc_g + s->lambda * l1)) {
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

const dlrf_layer_impl dlrf_impl_latlrr = {DLRF_LATLRR, "latlrr", 1, DLRF_LAMBDA_AUTO, iterate};
