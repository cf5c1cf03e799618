/* Which choices of the clustering pipeline matter? Fits a method once per
 * protocol trial and clusters every layer with every combination of affinity,
 * discretisation and Z choice, printing AC/NMI mean and std per combination
 * as tab-separated rows.
 *
 *   study_cluster --data FILE.mat|IDX-images|synthetic --k K --trials T [--per-class N]
 *       [--method fllrr|latlrr|fdlrf|ndlrf] [--layers M] [--lambda L|0|rpca]
 *       [--scale unit|none|01] [--layer-scale input|none] [--seed S]
 *       [--rho R] [--tol T] [--mu0 U]
 *       [--affinities abs,lrr-post,lrr-post:4,topk:5,...] [--disc njw,yushi]
 *       [--tag TEXT]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "dlrf/dlrf.h"

#define MAX_V 64

typedef struct {
    dlrf_cluster_opts o;
    char name[96];
    int product;
} variant;

typedef struct {
    dlrf_model model;
    int network, layers;
    double lambda;
    int rpca; /* lambda = sqrt(min(n, N)) / ||X||_F per trial: the earlier automatic rule */
    dlrf_layer_scale scale;
    dlrf_opts opts;
    variant v[MAX_V];
    int nv;
    double fit_s, cluster_s;
    int iters;
} study;

/* Splits a comma list into at most 16 items of buf. */
static int split(const char *list, char items[16][32]) {
    int n = 0;
    for (const char *p = list; *p && n < 16;) {
        size_t len = strcspn(p, ",");
        snprintf(items[n++], 32, "%.*s", (int)len, p);
        p += len + (p[len] == ',');
    }
    return n;
}

static int add_variants(study *s, const char *affs, const char *discs, uint64_t seed) {
    char a[16][32], d[16][32];
    int na = split(affs, a), nd = split(discs, d);
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nd; j++)
            for (int p = 0; p <= (s->network && s->layers > 1); p++) {
                if (s->nv == MAX_V) return -1;
                variant *v = &s->v[s->nv++];
                const char *sa = a[i], *sd = d[j];
                dlrf_cluster_opts_default(&v->o);
                v->o.seed = seed;
                v->product = p;
                if (strncmp(sa, "topk:", 5) == 0) {
                    v->o.affinity = DLRF_AFFINITY_TOPK;
                    v->o.topk = strcmp(sa + 5, "auto") == 0 ? 0 : atoi(sa + 5);
                } else if (strncmp(sa, "lrr-post", 8) == 0) {
                    v->o.affinity = DLRF_AFFINITY_LRR_POST;
                    v->o.post_dim = sa[8] == ':' ? atoi(sa + 9) : 0;
                }
                v->o.discretize =
                    strcmp(sd, "yushi") == 0 ? DLRF_DISCRETIZE_YUSHI : DLRF_DISCRETIZE_NJW;
                snprintf(v->name, sizeof v->name, "%.31s/%.31s/%s", sa, sd, p ? "product" : "last");
            }
    return 0;
}

static int method(const dlrf_mat *X, int k, int *pred, void *ctx, char *err, size_t errlen) {
    study *s = ctx;
    size_t N = X->cols;
    if (s->rpca) s->lambda = sqrt((double)(X->rows < N ? X->rows : N)) / dlrf_mat_norm_fro(X);
    double t0 = dlrf_now();
    dlrf_layer *ly = NULL;
    dlrf_net *net = NULL;
    dlrf_status st;
    if (s->network) {
        net = dlrf_net_new(s->model, s->layers);
        dlrf_net_set_opts(net, &s->opts);
        dlrf_net_set_lambdas(net, &s->lambda, 1);
        dlrf_net_set_layer_scale(net, s->scale);
        st = dlrf_net_run(net, X);
        s->iters += dlrf_layer_iterations(dlrf_net_solver(net, 1, 1));
    } else {
        ly = dlrf_layer_new(s->model);
        dlrf_layer_set_opts(ly, &s->opts);
        dlrf_layer_set_lambda(ly, s->lambda);
        st = dlrf_layer_run(ly, X);
        s->iters += dlrf_layer_iterations(ly);
    }
    double t1 = dlrf_now();
    s->fit_s += t1 - t0;
    if (st != DLRF_OK && st != DLRF_ENOCONV) {
        snprintf(err, errlen, "fit failed: %s", net ? dlrf_net_errmsg(net) : dlrf_layer_errmsg(ly));
        return -1;
    }
    int L = s->network ? s->layers : 1, rc = 0;
    for (int v = 0; v < s->nv && !rc; v++) {
        dlrf_spectral *sp = dlrf_spectral_new(k);
        dlrf_spectral_set_opts(sp, &s->v[v].o);
        for (int l = 1; l <= L && !rc; l++) {
            dlrf_mat F, G, *fo = NULL, *go = NULL;
            if (!net) {
                F = dlrf_layer_v(ly);
                G = dlrf_layer_c(ly);
            } else if (s->v[v].product && l > 1) {
                dlrf_net_z_product(net, l, &fo, &go);
                F = *fo;
                G = *go;
            } else {
                F = dlrf_net_z_left(net, l);
                G = dlrf_net_z_right(net, l);
            }
            if (dlrf_spectral_run(sp, &F, &G) != DLRF_OK) {
                snprintf(err, errlen, "%s layer %d: %s", s->v[v].name, l, dlrf_spectral_errmsg(sp));
                rc = -1;
            } else
                memcpy(pred + ((size_t)v * L + (l - 1)) * N, dlrf_spectral_labels(sp),
                       N * sizeof(int));
            dlrf_mat_free(fo);
            dlrf_mat_free(go);
        }
        dlrf_spectral_free(sp);
    }
    s->cluster_s += dlrf_now() - t1;
    dlrf_layer_free(ly);
    dlrf_net_free(net);
    return rc;
}

static const char *arg(int argc, char **argv, const char *name, const char *def) {
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0) return argv[i + 1];
    return def;
}

static int load(const char *path, dlrf_mat **X, int **labels) {
    char err[512];
    dlrf_mat *L = NULL;
    size_t len = strlen(path);
    if (strcmp(path, "synthetic") == 0) {
        /* the paper's Fig. 3 data: 10 subspaces of dim 10 in R^200, 20 samples
         * each, 20 % of the samples corrupted */
        dlrf_synth_opts so;
        dlrf_synth_opts_default(&so);
        return dlrf_synth_subspaces(&so, X, labels) == DLRF_OK ? 0 : -1;
    }
    if (len > 4 && strcmp(path + len - 4, ".mat") == 0) {
        dlrf_mat *A;
        const char *xv = dlrf_matfile_has(path, "X") ? "X" : "fea";
        const char *yv = dlrf_matfile_has(path, "Y") ? "Y" : "gnd";
        if (dlrf_matfile_read(path, xv, &A, err, sizeof err) ||
            dlrf_matfile_read(path, yv, &L, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return -1;
        }
        *X = dlrf_mat_new(A->cols, A->rows); /* rows are samples */
        for (size_t j = 0; j < A->cols; j++)
            for (size_t i = 0; i < A->rows; i++)
                DLRF_AT(*X, j, i) = DLRF_AT(A, i, j);
        dlrf_mat_free(A);
    } else {
        char lp[4096];
        const char *p = strstr(path, "images-idx3");
        snprintf(lp, sizeof lp, "%.*slabels-idx1%s", (int)(p - path), path, p + 11);
        if (dlrf_idx_read(path, 0, X, NULL, NULL, err, sizeof err) ||
            dlrf_idx_read(lp, 0, &L, NULL, NULL, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return -1;
        }
    }
    *labels = malloc(L->rows * L->cols * sizeof(int));
    for (size_t i = 0; i < L->rows * L->cols; i++)
        (*labels)[i] = (int)L->data[i];
    dlrf_mat_free(L);
    return 0;
}

static void scale(dlrf_mat *X, const char *how) {
    if (strcmp(how, "unit") == 0)
        dlrf_mat_unit_columns(X);
    else if (strcmp(how, "01") == 0)
        dlrf_mat_scale(X, 1.0 / dlrf_mat_norm_inf(X));
}

int main(int argc, char **argv) {
    const char *data = arg(argc, argv, "--data", NULL), *m = arg(argc, argv, "--method", "fllrr");
    if (!data) {
        fprintf(stderr, "usage: see the comment at the top of bench/study_cluster.c\n");
        return 2;
    }
    study s = {0};
    s.network = strcmp(m, "fdlrf") == 0 || strcmp(m, "ndlrf") == 0;
    s.model = (strcmp(m, "latlrr") == 0 || strcmp(m, "ndlrf") == 0) ? DLRF_LATLRR : DLRF_FLLRR;
    s.layers = s.network ? atoi(arg(argc, argv, "--layers", "2")) : 1;
    const char *lam = arg(argc, argv, "--lambda", "0");
    s.rpca = strcmp(lam, "rpca") == 0;
    s.lambda = s.rpca ? 0.0 : atof(lam);
    s.scale = strcmp(arg(argc, argv, "--layer-scale", "input"), "none") ? DLRF_SCALE_INPUT
                                                                        : DLRF_SCALE_NONE;
    uint64_t seed = (uint64_t)atoll(arg(argc, argv, "--seed", "1"));
    dlrf_opts_default(&s.opts);
    s.opts.rho = atof(arg(argc, argv, "--rho", "1.1"));
    s.opts.tol = atof(arg(argc, argv, "--tol", "1e-6"));
    s.opts.mu0 = atof(arg(argc, argv, "--mu0", "1e-6"));
    if (add_variants(
            &s,
            arg(argc, argv, "--affinities",
                "abs,lrr-post,lrr-post:4,lrr-post:8,topk:3,topk:5,topk:10,topk:20,topk:auto"),
            arg(argc, argv, "--disc", "njw,yushi"), seed)) {
        fprintf(stderr, "too many variants\n");
        return 2;
    }
    dlrf_mat *X;
    int *labels;
    if (load(data, &X, &labels)) return 1;
    const char *sc = arg(argc, argv, "--scale", "unit");
    scale(X, sc);
    int L = s.network ? s.layers : 1;
    dlrf_protocol_opts po = {atoi(arg(argc, argv, "--k", "4")),
                             atoi(arg(argc, argv, "--trials", "10")),
                             (size_t)atoi(arg(argc, argv, "--per-class", "0")), seed, s.nv * L};
    dlrf_protocol_result r;
    char err[512];
    if (dlrf_protocol_run(X, labels, &po, method, &s, &r, err, sizeof err) != DLRF_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    const char *tag = arg(argc, argv, "--tag", "");
    for (int v = 0; v < s.nv; v++)
        for (int l = 0; l < L; l++) {
            int o = v * L + l;
            printf(
                "%s\t%s\tK=%d\tT=%d\t%s\tM=%d\tlambda=%s\tscale=%s\t%s\tlayer=%d\tAC=%.4f\t+-%.4f"
                "\tNMI=%.4f\t+-%.4f\n",
                tag, data, po.k, po.trials, m, L, lam, sc, s.v[v].name, l + 1, r.acc_mean[o],
                r.acc_std[o], r.nmi_mean[o], r.nmi_std[o]);
        }
    printf("%s\t#time\t%s\t%s\tK=%d\tlambda=%s\tfit_s=%.2f\tcluster_s=%.2f\tmean_iters=%.1f\n", tag,
           data, m, po.k, lam, s.fit_s / po.trials, s.cluster_s / po.trials / s.nv,
           (double)s.iters / po.trials);
    fflush(stdout);
    dlrf_protocol_result_free(&r);
    dlrf_mat_free(X);
    free(labels);
    return 0;
}
