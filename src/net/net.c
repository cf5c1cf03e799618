/* DLRF-Net: stacks any latent layer solver (docs/METHOD.md section 2), keeping
 * the fused Z_l factored as F G with F = [V_1 V_2], G = [C_1; C_2] / 2. */
#include <stdlib.h>

#include "core/core.h"
#include "dlrf/net.h"
#include "linalg/linalg.h"

typedef struct {
    dlrf_layer *solve[2]; /* solve[1] is NULL at layer 1 */
    dlrf_mat *F, *G, *L, *P, *S;
    double scale_p, scale_s;
} net_layer;

struct dlrf_net {
    dlrf_model model;
    int layers;
    dlrf_opts opts;
    double *lambdas;
    dlrf_layer_scale scale;
    dlrf_progress_fn progress;
    void *progress_user;
    net_layer *ly;
    int done; /* layers 1..done hold a fit */
    char err[256];
};

static void layer_clear(net_layer *l) {
    dlrf_mat_free(l->F);
    dlrf_mat_free(l->G);
    dlrf_mat_free(l->L);
    dlrf_mat_free(l->P);
    dlrf_mat_free(l->S);
    l->F = l->G = l->L = l->P = l->S = NULL;
}

dlrf_net *dlrf_net_new(dlrf_model model, int layers) {
    if (layers < 1 || (unsigned)model > DLRF_SALATLRR) return NULL;
    dlrf_net *net = calloc(1, sizeof *net);
    if (!net) return NULL;
    net->model = model;
    net->layers = layers;
    dlrf_opts_default(&net->opts);
    net->lambdas = malloc((size_t)layers * sizeof(double));
    net->ly = calloc((size_t)layers, sizeof(net_layer));
    if (!net->lambdas || !net->ly) {
        dlrf_net_free(net);
        return NULL;
    }
    for (int l = 0; l < layers; l++)
        net->lambdas[l] = net->opts.lambda;
    return net;
}

void dlrf_net_free(dlrf_net *net) {
    if (!net) return;
    for (int l = 0; net->ly && l < net->layers; l++) {
        layer_clear(&net->ly[l]);
        dlrf_layer_free(net->ly[l].solve[0]);
        dlrf_layer_free(net->ly[l].solve[1]);
    }
    free(net->ly);
    free(net->lambdas);
    free(net);
}

dlrf_status dlrf_net_set_opts(dlrf_net *net, const dlrf_opts *o) {
    const char *why = dlrf_opts_check(o);
    if (why) {
        dlrf_set_err(net->err, sizeof net->err, "%s", why);
        return DLRF_EINVAL;
    }
    net->opts = *o;
    return DLRF_OK;
}

dlrf_status dlrf_net_set_lambdas(dlrf_net *net, const double *lambdas, int count) {
    if (count < 1) return DLRF_EINVAL;
    for (int l = 0; l < count && l < net->layers; l++)
        if (!(lambdas[l] >= 0.0)) {
            dlrf_set_err(net->err, sizeof net->err, "lambda of layer %d must be > 0 (0: automatic)",
                         l + 1);
            return DLRF_EINVAL;
        }
    for (int l = 0; l < net->layers; l++)
        net->lambdas[l] = lambdas[l < count ? l : count - 1];
    return DLRF_OK;
}

dlrf_status dlrf_net_set_layer_scale(dlrf_net *net, dlrf_layer_scale scale) {
    if (scale != DLRF_SCALE_NONE && scale != DLRF_SCALE_INPUT) return DLRF_EINVAL;
    net->scale = scale;
    return DLRF_OK;
}

void dlrf_net_set_progress(dlrf_net *net, dlrf_progress_fn fn, void *user) {
    net->progress = fn;
    net->progress_user = user;
}

const char *dlrf_net_errmsg(const dlrf_net *net) {
    return net->err;
}
int dlrf_net_layers(const dlrf_net *net) {
    return net->layers;
}
double dlrf_net_lambda(const dlrf_net *net, int layer) {
    return net->lambdas[layer - 1];
}

/* Runs solve k (0 or 1) of layer l on input A. */
static dlrf_status run_solve(dlrf_net *net, int l, int k, const dlrf_mat *A) {
    net_layer *ly = &net->ly[l];
    if (!ly->solve[k] && !(ly->solve[k] = dlrf_layer_new(net->model))) return DLRF_ENOMEM;
    dlrf_layer *s = ly->solve[k];
    dlrf_opts o = net->opts;
    o.lambda = net->lambdas[l];
    dlrf_layer_set_opts(s, &o);
    dlrf_layer_set_progress(s, net->progress, net->progress_user);
    dlrf_layer_set_progress_tags(s, l + 1, k + 1);
    dlrf_status st = dlrf_layer_run(s, A);
    if (st != DLRF_OK && st != DLRF_ENOCONV)
        dlrf_set_err(net->err, sizeof net->err, "layer %d, solve %d: %s", l + 1, k + 1,
                     dlrf_layer_errmsg(s));
    return st;
}

/* F = [V_1 V_2], G = [C_1; C_2]/2, L = (K_1 U_1^T + K_2 U_2^T)/2 (eq. 6); one
 * solve at layer 1. */
static dlrf_status fuse(net_layer *ly, size_t n, size_t N) {
    int two = ly->solve[1] != NULL;
    size_t r1 = dlrf_layer_rank(ly->solve[0]), r2 = two ? dlrf_layer_rank(ly->solve[1]) : 0;
    ly->F = dlrf_mat_new(N, r1 + r2);
    ly->G = dlrf_mat_new(r1 + r2, N);
    ly->L = dlrf_mat_new(n, n);
    if (!ly->F || !ly->G || !ly->L) return DLRF_ENOMEM;
    double w = two ? 0.5 : 1.0;
    size_t off = 0;
    for (int k = 0; k < 1 + two; k++) {
        const dlrf_layer *s = ly->solve[k];
        dlrf_mat V = dlrf_layer_v(s), C = dlrf_layer_c(s), K = dlrf_layer_k(s), U = dlrf_layer_u(s);
        dlrf_mat f = dlrf_mat_view(ly->F, 0, off, N, V.cols),
                 g = dlrf_mat_view(ly->G, off, 0, C.rows, N);
        dlrf_mat_copy(&f, &V);
        dlrf_mat_copy(&g, &C);
        dlrf_mat_scale(&g, w);
        dlrf_gemm('N', 'T', w, &K, &U, 1.0, ly->L);
        off += V.cols;
    }
    return DLRF_OK;
}

/* P_l = (P_{l-1} F) G, S_l = L_l S_{l-1}, optionally rescaled to the input's norm. */
static dlrf_status propagate(dlrf_net *net, net_layer *ly, const dlrf_mat *P0, const dlrf_mat *S0) {
    size_t n = P0->rows, N = P0->cols;
    dlrf_mat *PF = dlrf_mat_new(n, ly->F->cols);
    ly->P = dlrf_mat_new(n, N);
    ly->S = dlrf_mat_new(n, N);
    if (!PF || !ly->P || !ly->S) {
        dlrf_mat_free(PF);
        return DLRF_ENOMEM;
    }
    dlrf_gemm('N', 'N', 1.0, P0, ly->F, 0.0, PF);
    dlrf_gemm('N', 'N', 1.0, PF, ly->G, 0.0, ly->P);
    dlrf_mat_free(PF);
    dlrf_gemm('N', 'N', 1.0, ly->L, S0, 0.0, ly->S);
    ly->scale_p = ly->scale_s = 1.0;
    if (net->scale == DLRF_SCALE_INPUT) {
        double p = dlrf_mat_norm_fro(ly->P), s = dlrf_mat_norm_fro(ly->S);
        if (p > 0.0) ly->scale_p = dlrf_mat_norm_fro(P0) / p;
        if (s > 0.0) ly->scale_s = dlrf_mat_norm_fro(S0) / s;
        dlrf_mat_scale(ly->P, ly->scale_p);
        dlrf_mat_scale(ly->S, ly->scale_s);
    }
    return DLRF_OK;
}

dlrf_status dlrf_net_run(dlrf_net *net, const dlrf_mat *X) {
    return dlrf_net_run_layers(net, X, 1, net->layers);
}

static dlrf_status check_run(dlrf_net *net, const dlrf_mat *X, int first, int last) {
    if (!dlrf_model_is_latent(net->model)) {
        dlrf_set_err(net->err, sizeof net->err,
                     "%s has no salient term L A, so it cannot be a network layer; use a latent "
                     "model (latlrr, fllrr)",
                     dlrf_model_name(net->model));
        return DLRF_EINVAL;
    }
    if (first < 1 || last < first || last > net->layers || first > net->done + 1) {
        dlrf_set_err(net->err, sizeof net->err,
                     "cannot run layers %d..%d of %d with layers 1..%d fitted", first, last,
                     net->layers, net->done);
        return DLRF_EINVAL;
    }
    if (first > 1 && (net->ly[0].P->rows != X->rows || net->ly[0].P->cols != X->cols)) {
        dlrf_set_err(net->err, sizeof net->err, "X is not the matrix the earlier layers saw");
        return DLRF_EINVAL;
    }
    return DLRF_OK;
}

dlrf_status dlrf_net_run_layers(dlrf_net *net, const dlrf_mat *X, int first, int last) {
    net->err[0] = '\0';
    dlrf_status worst = check_run(net, X, first, last);
    if (worst != DLRF_OK) return worst;
    net->done = first - 1;
    const dlrf_mat *P0 = first > 1 ? net->ly[first - 2].P : X;
    const dlrf_mat *S0 = first > 1 ? net->ly[first - 2].S : X;
    for (int l = first - 1; l < last; l++) {
        net_layer *ly = &net->ly[l];
        layer_clear(ly);
        dlrf_layer_free(ly->solve[1]);
        ly->solve[1] = NULL;
        dlrf_status st = run_solve(net, l, 0, P0);
        if (l > 0 && (st == DLRF_OK || st == DLRF_ENOCONV)) {
            dlrf_status st2 = run_solve(net, l, 1, S0);
            st = st2 == DLRF_OK ? st : st2;
        }
        if (st != DLRF_OK && st != DLRF_ENOCONV) return st;
        if (st == DLRF_ENOCONV) worst = DLRF_ENOCONV;
        dlrf_status fs = fuse(ly, X->rows, X->cols);
        if (fs == DLRF_OK) fs = propagate(net, ly, P0, S0);
        if (fs != DLRF_OK) {
            dlrf_set_err(net->err, sizeof net->err, "layer %d: out of memory", l + 1);
            return fs;
        }
        P0 = ly->P;
        S0 = ly->S;
        net->done = l + 1;
    }
    if (worst == DLRF_ENOCONV)
        dlrf_set_err(net->err, sizeof net->err, "some solves reached max_iter before converging");
    return worst;
}

int dlrf_net_layers_done(const dlrf_net *net) {
    return net->done;
}

static int valid(const dlrf_net *net, int layer) {
    return layer >= 1 && layer <= net->done;
}

const dlrf_layer *dlrf_net_solver(const dlrf_net *net, int layer, int solve) {
    if (!valid(net, layer) || solve < 1 || solve > 2) return NULL;
    const net_layer *ly = &net->ly[layer - 1];
    return (solve == 2 && ly->solve[1]) ? ly->solve[1] : ly->solve[0];
}

static dlrf_mat view_of(const dlrf_net *net, int layer, size_t which) {
    dlrf_mat empty = {NULL, 0, 0, 1, 0};
    if (!valid(net, layer)) return empty;
    const net_layer *ly = &net->ly[layer - 1];
    const dlrf_mat *m[] = {ly->P, ly->S, ly->L, ly->F, ly->G};
    return dlrf_mat_view(m[which], 0, 0, m[which]->rows, m[which]->cols);
}

dlrf_mat dlrf_net_p(const dlrf_net *net, int layer) {
    return view_of(net, layer, 0);
}
dlrf_mat dlrf_net_s(const dlrf_net *net, int layer) {
    return view_of(net, layer, 1);
}
dlrf_mat dlrf_net_l(const dlrf_net *net, int layer) {
    return view_of(net, layer, 2);
}
dlrf_mat dlrf_net_z_left(const dlrf_net *net, int layer) {
    return view_of(net, layer, 3);
}
dlrf_mat dlrf_net_z_right(const dlrf_net *net, int layer) {
    return view_of(net, layer, 4);
}

dlrf_mat *dlrf_net_z_materialise(const dlrf_net *net, int layer) {
    if (!valid(net, layer)) return NULL;
    const net_layer *ly = &net->ly[layer - 1];
    dlrf_mat *Z = dlrf_mat_new(ly->F->rows, ly->G->cols);
    if (Z) dlrf_gemm('N', 'N', 1.0, ly->F, ly->G, 0.0, Z);
    return Z;
}

dlrf_status dlrf_net_z_product(const dlrf_net *net, int layer, dlrf_mat **F, dlrf_mat **G) {
    *F = *G = NULL;
    if (!valid(net, layer)) return DLRF_ENOTREADY;
    dlrf_mat *cur = dlrf_mat_dup(net->ly[0].F);
    for (int m = 1; m < layer && cur; m++) {
        const net_layer *prev = &net->ly[m - 1], *ly = &net->ly[m];
        dlrf_mat *T = dlrf_mat_new(prev->G->rows, ly->F->cols);
        dlrf_mat *next = T ? dlrf_mat_new(cur->rows, ly->F->cols) : NULL;
        if (next) {
            dlrf_gemm('N', 'N', 1.0, prev->G, ly->F, 0.0, T);
            dlrf_gemm('N', 'N', 1.0, cur, T, 0.0, next);
        }
        dlrf_mat_free(T);
        dlrf_mat_free(cur);
        cur = next;
    }
    dlrf_mat *g = cur ? dlrf_mat_dup(net->ly[layer - 1].G) : NULL;
    if (!g) {
        dlrf_mat_free(cur);
        return DLRF_ENOMEM;
    }
    *F = cur;
    *G = g;
    return DLRF_OK;
}

double dlrf_net_scale_p(const dlrf_net *net, int layer) {
    return valid(net, layer) ? net->ly[layer - 1].scale_p : 0.0;
}
double dlrf_net_scale_s(const dlrf_net *net, int layer) {
    return valid(net, layer) ? net->ly[layer - 1].scale_s : 0.0;
}
