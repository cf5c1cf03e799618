/* Running the configured method for dlrf fit. */
#include <stdio.h>

#include "cli/fit.h"

const char *fit_method_name(const fit_config *c) {
    if (!c->network) return dlrf_model_name(c->model);
    return c->model == DLRF_LATLRR ? "ndlrf" : "fdlrf";
}

void fit_result_free(fit_result *r) {
    dlrf_layer_free(r->layer);
    dlrf_net_free(r->net);
    r->layer = NULL;
    r->net = NULL;
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

int fit_run(const fit_config *c, const dlrf_mat *X, cli_progress *prog, fit_result *r) {
    dlrf_status st;
    if (!c->network) {
        if (!(r->layer = dlrf_layer_new(c->model))) return report(c, DLRF_ENOMEM, "out of memory");
        dlrf_layer_set_opts(r->layer, &c->opts);
        dlrf_layer_set_progress(r->layer, cli_progress_fn, prog);
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
    st = dlrf_net_run(r->net, X);
    r->converged = st == DLRF_OK;
    return report(c, st, dlrf_net_errmsg(r->net));
}
