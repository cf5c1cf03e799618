/* Writing the results of dlrf fit: .npy per layer and result.json. */
#include <stdio.h>
#include <string.h>

#include "cli/fit.h"
#include "cli/outdir.h"

/* Writes m as DIR/<stem>_<layer>.npy (<stem>.npy for layer 0); frees m when
 * `owned`. */
int fit_write_matrix(const outdir *o, const char *stem, int layer, dlrf_mat *m, int owned,
                     char *err, size_t errlen) {
    char name[96], path[8192];
    if (!m) {
        snprintf(err, errlen, "out of memory forming %s_%d", stem, layer);
        return -1;
    }
    static const char *const ext[] = {"npy", "mat", "csv"};
    char var[64];
    if (layer > 0)
        snprintf(var, sizeof var, "%s_%d", stem, layer);
    else
        snprintf(var, sizeof var, "%s", stem);
    snprintf(name, sizeof name, "%s.%s", var, ext[o->format]);
    outdir_path(o, name, path, sizeof path);
    dlrf_status st = o->format == 1   ? dlrf_matfile_write(path, var, m, err, errlen)
                     : o->format == 2 ? dlrf_csv_write(path, m, err, errlen)
                                      : dlrf_npy_write(path, m, err, errlen);
    if (owned) dlrf_mat_free(m);
    return st == DLRF_OK ? 0 : -1;
}

/* all = 0 (denoise): only the deep features P and S. */
static int write_single(const outdir *o, const dlrf_layer *s, const dlrf_mat *X, int all, char *err,
                        size_t errlen) {
    dlrf_mat E = dlrf_layer_e(s);
    dlrf_mat *P = dlrf_mat_new(X->rows, X->cols);
    if (P && dlrf_layer_apply_z(s, X, P) != DLRF_OK) {
        dlrf_mat_free(P);
        P = NULL;
    }
    if (all && (fit_write_matrix(o, "Z", 1, dlrf_layer_z_materialise(s), 1, err, errlen) ||
                fit_write_matrix(o, "E1", 1, &E, 0, err, errlen))) {
        dlrf_mat_free(P);
        return -1;
    }
    if (fit_write_matrix(o, "P", 1, P, 1, err, errlen)) return -1;
    if (!dlrf_model_is_latent(dlrf_layer_model(s))) return 0; /* LRR has no L */
    dlrf_mat *L = dlrf_layer_l_materialise(s), *S = dlrf_mat_new(X->rows, X->cols);
    if (L && S) dlrf_gemm('N', 'N', 1.0, L, X, 0.0, S);
    int rc = fit_write_matrix(o, "S", 1, S, 1, err, errlen); /* it frees what it is given, */
    if (!all) {
        dlrf_mat_free(L);
        return rc;
    }
    return fit_write_matrix(o, "L", 1, L, 1, err, errlen) || rc; /* so L is freed either way */
}

static int write_net(const outdir *o, const dlrf_net *net, int all, char *err, size_t errlen) {
    for (int l = 1; l <= dlrf_net_layers(net); l++) {
        dlrf_mat L = dlrf_net_l(net, l), P = dlrf_net_p(net, l), S = dlrf_net_s(net, l);
        dlrf_mat E1 = dlrf_layer_e(dlrf_net_solver(net, l, 1));
        dlrf_mat E2 = dlrf_layer_e(dlrf_net_solver(net, l, 2));
        if ((all && (fit_write_matrix(o, "Z", l, dlrf_net_z_materialise(net, l), 1, err, errlen) ||
                     fit_write_matrix(o, "L", l, &L, 0, err, errlen) ||
                     fit_write_matrix(o, "E1", l, &E1, 0, err, errlen) ||
                     fit_write_matrix(o, "E2", l, &E2, 0, err, errlen))) ||
            fit_write_matrix(o, "P", l, &P, 0, err, errlen) ||
            fit_write_matrix(o, "S", l, &S, 0, err, errlen))
            return -1;
    }
    return 0;
}

/* PLrSC: every sample's code (m x N), the subset's indices (from 0) and its
 * LRR representation (m x m). */
static int write_plrsc(const outdir *o, const dlrf_plrsc *p, char *err, size_t errlen) {
    size_t m;
    const size_t *idx = dlrf_plrsc_subset(p, &m);
    dlrf_mat codes = dlrf_plrsc_codes(p), *ids = dlrf_mat_new(m, 1);
    for (size_t i = 0; ids && i < m; i++)
        DLRF_AT(ids, i, 0) = (double)idx[i];
    if (fit_write_matrix(o, "subset", 0, ids, 1, err, errlen)) return -1; /* it frees ids */
    return fit_write_matrix(o, "codes", 0, &codes, 0, err, errlen) ||
           fit_write_matrix(o, "subset_Z", 0, dlrf_layer_z_materialise(dlrf_plrsc_lrr(p)), 1, err,
                            errlen);
}

/* PLrSC's own part of result.json. */
static void json_plrsc(dlrf_json *j, const fit_config *c, const dlrf_plrsc *p) {
    size_t m;
    int nl;
    dlrf_plrsc_subset(p, &m);
    const double *loss = dlrf_plrsc_loss(p, &nl);
    dlrf_json_key(j, "plrsc");
    dlrf_json_raw(j, "{");
    dlrf_json_key(j, "k");
    dlrf_json_int(j, c->k);
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, "subset");
    dlrf_json_int(j, (long long)m);
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, "hidden");
    dlrf_json_int(j, c->popts.hidden);
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, "hidden_layers");
    dlrf_json_int(j, c->popts.depth);
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, "encoder_loss");
    dlrf_json_raw(j, "[");
    for (int i = 0; i < nl; i++) {
        if (i) dlrf_json_raw(j, ", ");
        dlrf_json_num(j, loss[i]);
    }
    dlrf_json_raw(j, "]},\n  ");
}

static void json_solve(dlrf_json *j, const dlrf_layer *s) {
    dlrf_json_raw(j, "{");
    dlrf_json_key(j, "lambda");
    dlrf_json_num(j, dlrf_layer_lambda(s));
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, "iterations");
    dlrf_json_int(j, dlrf_layer_iterations(s));
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, "residual");
    dlrf_json_num(j, dlrf_layer_residual(s));
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, "objective");
    dlrf_json_num(j, dlrf_layer_objective(s));
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, "converged");
    dlrf_json_raw(j, dlrf_layer_converged(s) ? "true" : "false");
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, "rank");
    dlrf_json_int(j, (long long)dlrf_layer_rank(s));
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, "svd_fallbacks");
    dlrf_json_int(j, dlrf_layer_svd_fallbacks(s));
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, "residual_history");
    dlrf_json_raw(j, "[");
    const double *h = dlrf_layer_history_residual(s);
    for (int i = 0; i < dlrf_layer_iterations(s); i++) {
        if (i) dlrf_json_raw(j, ", ");
        dlrf_json_num(j, h[i]);
    }
    dlrf_json_raw(j, "]}");
}

static void json_layers(dlrf_json *j, const fit_result *r) {
    dlrf_json_key(j, "per_layer");
    dlrf_json_raw(j, "[");
    int M = r->net ? dlrf_net_layers(r->net) : 1;
    for (int l = 1; l <= M; l++) {
        dlrf_json_raw(j, l > 1 ? ",\n    {" : "\n    {");
        dlrf_json_key(j, "layer");
        dlrf_json_int(j, l);
        dlrf_json_raw(j, ", ");
        dlrf_json_key(j, "lambda");
        dlrf_json_num(j, dlrf_layer_lambda(fit_solver(r, l, 1)));
        if (r->net) {
            dlrf_json_raw(j, ", ");
            dlrf_json_key(j, "scale_p");
            dlrf_json_num(j, dlrf_net_scale_p(r->net, l));
            dlrf_json_raw(j, ", ");
            dlrf_json_key(j, "scale_s");
            dlrf_json_num(j, dlrf_net_scale_s(r->net, l));
        }
        dlrf_json_raw(j, ", ");
        dlrf_json_key(j, "solves");
        dlrf_json_raw(j, "[");
        int two = r->net && l > 1;
        for (int k = 1; k <= 1 + two; k++) {
            if (k > 1) dlrf_json_raw(j, ", ");
            json_solve(j, fit_solver(r, l, k));
        }
        dlrf_json_raw(j, "]}");
    }
    dlrf_json_raw(j, "\n  ]");
}

/* --lambda auto: the grid and every layer's scores. */
static void json_auto(dlrf_json *j, const fit_config *c, const fit_result *r) {
    if (!r->scores) return;
    dlrf_json_key(j, "lambda_auto");
    dlrf_json_raw(j, "{");
    dlrf_json_key(j, "grid");
    dlrf_json_raw(j, "[");
    for (int g = 0; g < c->n_grid; g++) {
        if (g) dlrf_json_raw(j, ", ");
        dlrf_json_num(j, c->grid[g]);
    }
    dlrf_json_raw(j, "], ");
    dlrf_json_key(j, "scores");
    dlrf_json_raw(j, "[");
    int M = r->net ? dlrf_net_layers(r->net) : 1;
    for (int l = 0; l < M; l++) {
        dlrf_json_raw(j, l ? ", [" : "[");
        for (int g = 0; g < c->n_grid; g++) {
            if (g) dlrf_json_raw(j, ", ");
            dlrf_json_num(j, r->scores[(size_t)l * (size_t)c->n_grid + (size_t)g]);
        }
        dlrf_json_raw(j, "]");
    }
    dlrf_json_raw(j, "]},\n  ");
}

static int write_json(const outdir *o, const fit_config *c, const dlrf_mat *X, const fit_result *r,
                      char *err, size_t errlen) {
    dlrf_json j;
    dlrf_json_init(&j);
    dlrf_json_raw(&j, "{\n  ");
    dlrf_json_key(&j, "method");
    dlrf_json_str(&j, fit_method_name(c));
    dlrf_json_raw(&j, ",\n  ");
    dlrf_json_key(&j, "input");
    dlrf_json_str(&j, c->input);
    dlrf_json_raw(&j, ",\n  ");
    dlrf_json_key(&j, "scale");
    dlrf_json_str(&j, c->scale_name ? c->scale_name : "none");
    dlrf_json_raw(&j, ",\n  ");
    dlrf_json_key(&j, "n_features");
    dlrf_json_int(&j, (long long)X->rows);
    dlrf_json_raw(&j, ",\n  ");
    dlrf_json_key(&j, "n_samples");
    dlrf_json_int(&j, (long long)X->cols);
    dlrf_json_raw(&j, ",\n  ");
    dlrf_json_key(&j, "layers");
    dlrf_json_int(&j, r->net ? dlrf_net_layers(r->net) : 1);
    dlrf_json_raw(&j, ",\n  ");
    dlrf_json_key(&j, "lambda");
    dlrf_json_raw(&j, "[");
    for (int l = 1; l <= (r->net ? dlrf_net_layers(r->net) : 1); l++) {
        if (l > 1) dlrf_json_raw(&j, ", ");
        dlrf_json_num(&j, dlrf_layer_lambda(fit_solver(r, l, 1)));
    }
    dlrf_json_raw(&j, "],\n  ");
    json_auto(&j, c, r);
    if (r->plrsc) json_plrsc(&j, c, r->plrsc);
    dlrf_json_key(&j, "layer_scale");
    dlrf_json_str(&j, !r->net ? "none" : c->scale == DLRF_SCALE_INPUT ? "input" : "none");
    dlrf_json_raw(&j, ",\n  ");
    dlrf_json_key(&j, "options");
    dlrf_json_raw(&j, "{");
    const char *names[] = {"tol", "rho", "mu0", "mu_max", "rank_tol"};
    const double vals[] = {c->opts.tol, c->opts.rho, c->opts.mu0, c->opts.mu_max, c->opts.rank_tol};
    for (int i = 0; i < 5; i++) {
        dlrf_json_key(&j, names[i]);
        dlrf_json_num(&j, vals[i]);
        dlrf_json_raw(&j, ", ");
    }
    dlrf_json_key(&j, "max_iter");
    dlrf_json_int(&j, c->opts.max_iter);
    dlrf_json_raw(&j, "},\n  ");
    dlrf_json_key(&j, "converged");
    dlrf_json_raw(&j, r->converged ? "true" : "false");
    dlrf_json_raw(&j, ",\n  ");
    dlrf_json_key(&j, "time_s");
    dlrf_json_num(&j, r->time_s);
    dlrf_json_raw(&j, ",\n  ");
    json_layers(&j, r);
    if (c->data_json) {
        dlrf_json_raw(&j, ",\n  ");
        dlrf_json_key(&j, "data");
        dlrf_json_raw(&j, c->data_json);
    }
    dlrf_json_raw(&j, "\n}\n");
    char path[8192];
    outdir_path(o, "result.json", path, sizeof path);
    int rc = -1;
    if (j.failed)
        snprintf(err, errlen, "out of memory writing result.json");
    else
        rc = dlrf_write_file_atomic(path, j.buf, j.len, err, errlen) == DLRF_OK ? 0 : -1;
    dlrf_json_free(&j);
    return rc;
}

int fit_write(const fit_config *c, const dlrf_mat *X, const fit_result *r, fit_extra_fn extra,
              void *ctx) {
    char err[8192];
    outdir o;
    int began = outdir_begin(&o, c->out, c->force, err, sizeof err);
    o.format = c->format;
    if (began) {
        cli_error(c->cmd, "%s", err);
        return 2;
    }
    int rc = r->plrsc ? write_plrsc(&o, r->plrsc, err, sizeof err)
             : r->net ? write_net(&o, r->net, !c->features_only, err, sizeof err)
                      : write_single(&o, r->layer, X, !c->features_only, err, sizeof err);
    if (rc == 0) rc = write_json(&o, c, X, r, err, sizeof err);
    if (rc == 0 && extra) rc = extra(o.dir, ctx, err, sizeof err);
    if (rc == 0)
        rc = outdir_commit(&o, err, sizeof err);
    else
        outdir_abort(&o);
    if (rc) {
        cli_error(c->cmd, "%s", err);
        return 2;
    }
    return 0;
}
