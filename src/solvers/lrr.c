/* LRR (Liu et al. 2013): min ||Z||_* + lambda||E||_{2,1} s.t. A = AZ + E, inexact
 * ALM with the orthonormal row-space reduction: the dictionary A is replaced by
 * A V = U S, so Z = V C with C (r x N) and every SVT is of an r x N matrix. */
#include <math.h>

#include "solvers/solver.h"

/* E = column-wise shrink_{lambda/mu}(A - B1 + Y/mu) (prox of the l2,1 norm),
 * Y += mu (A - B1 - E), B2 = E - Y/mu_next. Returns ||residual||_inf; stores
 * sum_j ||E_j|| in *l21 and ||E_new - E_old||_inf in *de. */
static double error_l21(dlrf_layer *s, double mu, double mu_next, double *l21, double *de) {
    double tau = s->lambda / mu, rmax = 0.0, sum = 0.0, dmax = 0.0;
    for (size_t j = 0; j < s->N; j++) {
        const double *a = s->A->data + j * s->A->ld, *b1 = s->B1->data + j * s->n;
        double *e = s->E->data + j * s->n, *y = s->Y->data + j * s->n;
        double *b2 = s->B2->data + j * s->n, sq = 0.0;
        for (size_t i = 0; i < s->n; i++) {
            double q = a[i] - b1[i] + y[i] / mu;
            sq += q * q;
        }
        double nrm = sqrt(sq), f = nrm > tau ? (nrm - tau) / nrm : 0.0;
        sum += nrm > tau ? nrm - tau : 0.0;
        for (size_t i = 0; i < s->n; i++) {
            double base = a[i] - b1[i], ei = f * (base + y[i] / mu), res = base - ei;
            if (fabs(ei - e[i]) > dmax) dmax = fabs(ei - e[i]);
            e[i] = ei;
            y[i] += mu * res;
            b2[i] = ei - y[i] / mu_next;
            if (fabs(res) > rmax) rmax = fabs(res);
        }
    }
    *l21 = sum;
    *de = dmax;
    return rmax;
}

static dlrf_status iterate(dlrf_layer *s) {
    const dlrf_opts *o = &s->opts;
    dlrf_mat *J = dlrf_mat_new(s->r, s->N), *Y2 = dlrf_mat_new(s->r, s->N);
    dlrf_mat *T = dlrf_mat_new(s->r, s->N);
    dlrf_svt_ws svt = {0};
    dlrf_status st = (J && Y2 && T) ? dlrf_svt_ws_init(&svt, s->r, s->N) : DLRF_ENOMEM;
    double mu = o->mu0;
    int done = 0;
    for (int it = 1; st == DLRF_OK && !done && it <= o->max_iter; it++) {
        double mu_next = dlrf_next_mu(o, mu), nuc, l21, de;
        dlrf_layer_keep_previous(s);
        dlrf_step_shift(T, s->C, Y2, mu);
        st = dlrf_svt(&svt, T, 1.0 / mu, J, &nuc, NULL);
        if (st != DLRF_OK) break;
        dlrf_step_c_rhs(s); /* K = 0, so B2 = E - Y/mu here */
        dlrf_step_c_nuclear(s, J, Y2, mu);
        dlrf_gemm('N', 'N', 1.0, s->US, s->C, 0.0, s->B1);
        double res = error_l21(s, mu, mu_next, &l21, &de);
        double dual = dlrf_layer_dual(s, mu, de);
        double rj = dlrf_step_dual(Y2, s->C, J, mu);
        res = res > rj ? res : rj;
        if (dlrf_layer_record(s, it, res, dual, nuc + s->lambda * l21)) {
            st = DLRF_ECANCELLED;
            break;
        }
        done = dlrf_layer_done(s, res, dual);
        mu = mu_next;
    }
    dlrf_mat_free(J);
    dlrf_mat_free(Y2);
    dlrf_mat_free(T);
    dlrf_svt_ws_free(&svt);
    if (st != DLRF_OK) return st;
    return done ? DLRF_OK : DLRF_ENOCONV;
}

const dlrf_layer_impl dlrf_impl_lrr = {DLRF_LRR, "lrr", 0, DLRF_LAMBDA_AUTO_L21, iterate};
