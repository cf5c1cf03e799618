/* Running the configured method for dlrf fit. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/fit.h"

const char *fit_method_name(const fit_config *c) {
    if (c->plrsc) return "plrsc";
    if (!c->network) return dlrf_model_name(c->model);
    switch (c->model) {
    case DLRF_LATLRR:
        return "ndlrf";
    case DLRF_FLLRR:
        return "fdlrf";
    case DLRF_RLATLRR:
        return "rdlrf";
    case DLRF_RLRR:
        return "net:rlrr";
    case DLRF_SALATLRR:
        return "net:salatlrr";
    default:
        return "net";
    }
}

const dlrf_layer *fit_solver(const fit_result *r, int l, int solve) {
    if (r->plrsc) return dlrf_plrsc_lrr(r->plrsc);
    return r->net ? dlrf_net_solver(r->net, l, solve) : r->layer;
}

void fit_result_free(fit_result *r) {
    dlrf_layer_free(r->layer);
    dlrf_net_free(r->net);
    dlrf_plrsc_free(r->plrsc);
    r->plrsc = NULL;
    free(r->scores);
    r->layer = NULL;
    r->net = NULL;
    r->scores = NULL;
}

static int report(const fit_config *c, dlrf_status st, const char *msg) {
    if (st == DLRF_OK) return 0;
    if (st == DLRF_ENOCONV) {
        if (c->opts.tol > 0.0) fprintf(stderr, "dlrf %s: warning: %s\n", c->cmd, msg);
        return 0;
    }
    cli_error(c->cmd, "%s: %s", c->input, msg);
    return 2;
}

/* --lambda auto: one line per layer with the grid's scores. */
static void print_choice(const fit_config *c, const fit_result *r, int layers) {
    if (c->quiet) return;
    for (int l = 1; l <= layers; l++) {
        const dlrf_layer *s = fit_solver(r, l, 1);
        fprintf(stderr, "dlrf %s: layer %d: lambda auto chose %g (score", c->cmd, l,
                dlrf_layer_lambda(s));
        for (int g = 0; g < c->n_grid; g++)
            fprintf(stderr, " %g:%.3f", c->grid[g], r->scores[(size_t)(l - 1) * c->n_grid + g]);
        fprintf(stderr, ")\n");
    }
}

static int run_auto(const fit_config *c, const dlrf_mat *X, int k, fit_result *r) {
    int layers = r->net ? dlrf_net_layers(r->net) : 1;
    double chosen[FIT_MAX_LAYERS];
    char err[256] = "";
    if (k < 2) {
        cli_error(c->cmd, "--lambda auto: the number of clusters is unknown; pass --k K");
        return 2;
    }
    if (!(r->scores = malloc((size_t)layers * (size_t)c->n_grid * sizeof(double))))
        return report(c, DLRF_ENOMEM, "out of memory");
    dlrf_status st =
        r->net ? dlrf_net_select_lambdas(r->net, X, k, c->grid, c->n_grid, c->select_copts, chosen,
                                         r->scores, err, sizeof err)
               : dlrf_layer_select_lambda(r->layer, X, k, c->grid, c->n_grid, c->select_copts,
                                          chosen, r->scores, err, sizeof err);
    r->converged = st == DLRF_OK;
    if (st == DLRF_OK || st == DLRF_ENOCONV) print_choice(c, r, layers);
    return report(c, st,
                  st == DLRF_ENOCONV ? "some solves reached max_iter before converging" : err);
}

int fit_run(const fit_config *c, const dlrf_mat *X, cli_progress *prog, fit_result *r) {
    return fit_run_k(c, X, c->k, prog, r);
}

/* PLrSC on X into k clusters (its LRR with the model options). */
static int run_plrsc(const fit_config *c, const dlrf_mat *X, int k, cli_progress *prog,
                     fit_result *r) {
    if (!(r->plrsc = dlrf_plrsc_new())) return report(c, DLRF_ENOMEM, "out of memory");
    dlrf_plrsc_set_lrr_opts(r->plrsc, &c->opts);
    dlrf_plrsc_set_progress(r->plrsc, cli_progress_fn, prog);
    dlrf_status st = dlrf_plrsc_set_opts(r->plrsc, &c->popts);
    if (st == DLRF_OK) st = dlrf_plrsc_run(r->plrsc, X, k);
    r->converged = st == DLRF_OK;
    return report(c, st, dlrf_plrsc_errmsg(r->plrsc));
}

int fit_run_k(const fit_config *c, const dlrf_mat *X, int k, cli_progress *prog, fit_result *r) {
    dlrf_status st;
    if (c->plrsc) return run_plrsc(c, X, k, prog, r);
    if (!c->network) {
        if (!(r->layer = dlrf_layer_new(c->model))) return report(c, DLRF_ENOMEM, "out of memory");
        dlrf_layer_set_opts(r->layer, &c->opts);
        dlrf_layer_set_progress(r->layer, cli_progress_fn, prog);
        if (c->lambda_auto) return run_auto(c, X, k, r);
        st = dlrf_layer_run(r->layer, X);
        r->converged = st == DLRF_OK;
        return report(c, st, dlrf_layer_errmsg(r->layer));
    }
    if (!(r->net = dlrf_net_new(c->model, c->layers)))
        return report(c, DLRF_ENOMEM, "out of memory");
    dlrf_net_set_opts(r->net, &c->opts);
    dlrf_net_set_lambdas(r->net, c->lambdas, c->n_lambdas);
    dlrf_net_set_layer_scale(r->net, c->scale);
    dlrf_net_set_progress(r->net, cli_progress_fn, prog);
    if (c->lambda_auto) return run_auto(c, X, k, r);
    st = dlrf_net_run(r->net, X);
    r->converged = st == DLRF_OK;
    return report(c, st, dlrf_net_errmsg(r->net));
}
