/* PLrSC: the encoder learns (its loss falls, its hidden weights move) and the
 * whole method clusters independent subspaces exactly. */
#include "harness.h"

static int encoder_trains(void) {
    dlrf_mat *X = random_matrix(20, 30, 1), *Z = random_matrix(30, 30, 2);
    dlrf_plrsc_opts o;
    dlrf_plrsc_opts_default(&o);
    o.hidden = 300;
    dlrf_encoder *e = dlrf_encoder_new(20, 30, &o), *init = dlrf_encoder_new(20, 30, &o);
    CHECK(e && init);
    double loss[4];
    CHECK(dlrf_encoder_fit(e, X, Z, loss) == DLRF_OK);
    for (int i = 0; i < 3; i++)
        CHECK_LE(loss[i + 1], loss[i]);
    CHECK(loss[3] < 0.9 * loss[1]); /* the hidden layers' descent, beyond the first ridge */
    for (int l = 1; l <= 2; l++) {
        dlrf_mat a = dlrf_encoder_weights(e, l), b = dlrf_encoder_weights(init, l);
        CHECK(rel_diff(&a, &b) > 1e-2);
    }
    dlrf_mat *out = dlrf_mat_new(30, 30);
    CHECK(dlrf_encoder_apply(e, X, out) == DLRF_OK);
    double r = rel_diff(out, Z) * dlrf_mat_norm_fro(Z);
    CHECK_LE(0.5 * r * r, loss[3] * (1 + 1e-12)); /* J: the fit plus the ridge term */
    dlrf_mat_free(out), dlrf_encoder_free(e), dlrf_encoder_free(init);
    dlrf_mat_free(X), dlrf_mat_free(Z);
    return 0;
}

static int stop_at_3(const dlrf_progress *pr, void *user) {
    (void)pr;
    return ++*(int *)user >= 3;
}

static int plrsc_subspaces(void) {
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.subspaces = 5, so.dim = 4, so.ambient = 100, so.per_subspace = 100, so.corrupt = 0.0;
    dlrf_mat *X;
    int *y;
    CHECK(dlrf_synth_subspaces(&so, &X, &y) == DLRF_OK);
    dlrf_mat_unit_columns(X);
    dlrf_plrsc *p = dlrf_plrsc_new();
    dlrf_plrsc_opts o;
    dlrf_plrsc_opts_default(&o);
    o.hidden = 300;
    CHECK(dlrf_plrsc_set_opts(p, &o) == DLRF_OK);
    CHECK(dlrf_plrsc_run(p, X, 5) == DLRF_OK);
    dlrf_metrics m;
    CHECK(dlrf_cluster_metrics(y, dlrf_plrsc_labels(p), X->cols, &m) == DLRF_OK);
    CHECK(m.accuracy == 1.0);
    dlrf_mat codes = dlrf_plrsc_codes(p);
    CHECK(codes.rows == 250 && codes.cols == 500); /* 50 per cluster */
    int nl;
    const double *loss = dlrf_plrsc_loss(p, &nl);
    CHECK(nl == 4 && loss[3] <= loss[0]);
    size_t ms;
    const size_t *sub = dlrf_plrsc_subset(p, &ms);
    CHECK(sub && ms == 250);
    for (size_t i = 0; i < ms; i++)
        CHECK(sub[i] < 500);
    /* the LRR's progress reaches the caller, and stopping it stops the run */
    int calls = 0;
    dlrf_plrsc_set_progress(p, stop_at_3, &calls);
    CHECK(dlrf_plrsc_run(p, X, 5) == DLRF_ECANCELLED && calls == 3);
    CHECK(!dlrf_plrsc_labels(p) && !dlrf_plrsc_subset(p, &ms) && ms == 0);
    dlrf_plrsc_set_progress(p, NULL, NULL);
    CHECK(dlrf_plrsc_run(p, X, 1) == DLRF_EINVAL && strstr(dlrf_plrsc_errmsg(p), "k"));
    o.depth = 0;
    CHECK(dlrf_plrsc_set_opts(p, &o) == DLRF_EINVAL);
    dlrf_plrsc_free(p), dlrf_mat_free(X), free(y);
    return 0;
}

TEST_MAIN({"encoder_trains", encoder_trains}, {"plrsc_subspaces", plrsc_subspaces})
