/* FLLRR: min 1/2||Z||_F^2 + 1/2||L||_F^2 + lambda||E||_1 s.t. A = AZ + LA + E, by
 * inexact ALM with the closed-form Z and L steps of docs/METHOD.md section 4
 * (the corrected eqs. 12 and 14/15): with D = diag(mu s / (1 + mu s^2)),
 *   C = D U^T (A - K S V^T - E + Y/mu),   K = (A - U S C - E + Y/mu) V D. */
#include <stdlib.h>

#include "solvers/solver.h"

static dlrf_status iterate(dlrf_layer *s) {
    const dlrf_opts *o = &s->opts;
    const double *sg = s->sigma->data;
    double *d = malloc(s->r * sizeof *d);
    if (!d) return DLRF_ENOMEM;
    dlrf_status st = DLRF_ENOCONV;
    double mu = o->mu0;
    for (int it = 1; it <= o->max_iter; it++) {
        double mu_next = dlrf_next_mu(o, mu), l1, de;
        dlrf_layer_keep_previous(s);
        for (size_t i = 0; i < s->r; i++)
            d[i] = mu * sg[i] / (1.0 + mu * sg[i] * sg[i]);
        dlrf_step_c_rhs(s);
        dlrf_scale_rows(s->C, d);
        dlrf_step_principal(s, mu);
        dlrf_step_k_rhs(s);
        dlrf_scale_cols(s->K, d);
        dlrf_step_salient(s);
        double res = dlrf_step_error_l1(s, mu, mu_next, &l1, &de);
        double dual = dlrf_layer_dual(s, mu, de);
        double obj = 0.5 * (dlrf_sq_norm(s->C) + dlrf_sq_norm(s->K)) + s->lambda * l1;
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
    free(d);
    return st;
}

const dlrf_layer_impl dlrf_impl_fllrr = {DLRF_FLLRR, "fllrr", 1, DLRF_LAMBDA_AUTO, iterate};
