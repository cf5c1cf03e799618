/* dlrf cluster: fit a method, cluster every layer's Z by normalized cuts and,
 * with labels, score it; or run the paper's protocol over random class draws. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cluster.h"
#include "cli/plots.h"
#include "cli/memguard.h"
#include "cli/outdir.h"
#include "core/core.h"

static const cli_opt cluster_opts[] = {
    {"k", "K", "number of clusters (default: the number of distinct labels)"},
    {"seed", "S", "seed of the class draws, k-means++, ARPACK and PLrSC's subset (default 1)"},
    {"trials", "T", "the paper's protocol: T trials of --random-classes K classes"},
    {"random-classes", "K", "classes drawn at random per trial (default: all)"},
    {"per-class", "N", "samples kept per class, drawn at random (default: all)"},
    {"affinity", "topk[:N]|abs|lrr-post[:D]",
     "the N largest |Z_ij| per column, symmetrised (default topk: N = samples/(10 K), "
     "at least 3); W = (|Z|+|Z^T|)/2; or LRR post-processing (rank D*K+1, or "
     "sigma > 1e-4 sigma_1 without D)"},
    {"discretize", "njw|yushi", "Ng-Jordan-Weiss k-means or Yu-Shi rotation (default njw)"},
    {"cluster-z", "product|last",
     "a network's layer l clusters Z_1...Z_l (default: it maps X to P_l) or its fused Z_l"},
    {"eigensolver", "auto|dense|arpack",
     "dsyevr on the wanted indices, or ARPACK Lanczos (auto: ARPACK above 1000 samples "
     "or for topk)"},
    {"n-init", "R", "k-means restarts (default 20)"},
    {"cluster", "spectral|lsc",
     "normalized cuts on the affinity of Z (default), or landmark-based spectral clustering "
     "of the columns of Z (PLrSC's way with its codes), linear in the samples; Euclidean, "
     "so far weaker where Z is dominated by its diagonal"},
    {"landmarks", "P", "--cluster lsc: landmarks (default 1000)"},
    {"json", NULL, "print a JSON object on stdout instead of the summary"},
};
#define N_CLUSTER_OPTS (sizeof cluster_opts / sizeof cluster_opts[0])
#define CAP 64

static int pick(const cli_spec *sp, const char *name, const char *const *names, int *out) {
    const char *v = cli_get(sp, name);
    if (!v) return 0;
    for (int i = 0; names[i]; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = i;
            return 0;
        }
    cli_error(sp->cmd, "--%s: '%s' is not one of %s%s%s%s%s", name, v, names[0],
              names[1] ? ", " : "", names[1] ? names[1] : "", names[2] ? ", " : "",
              names[2] ? names[2] : "");
    return -1;
}

static int parse_affinity(const cli_spec *sp, cluster_config *c) {
    const char *a = cli_get(sp, "affinity");
    c->affinity_arg = a;
    if (!a) return 0; /* the library's default */
    char *end;
    if (strcmp(a, "abs") == 0) {
        c->copts.affinity = DLRF_AFFINITY_ABS;
        return 0;
    }
    if (strcmp(a, "topk") == 0 || strcmp(a, "topk:auto") == 0) {
        c->copts.affinity = DLRF_AFFINITY_TOPK;
        c->copts.topk = 0;
        return 0;
    }
    if (strncmp(a, "topk:", 5) == 0) {
        long n = strtol(a + 5, &end, 10);
        c->copts.affinity = DLRF_AFFINITY_TOPK;
        c->copts.topk = (int)n;
        if (end != a + 5 && !*end && n >= 1 && n < 1000000) return 0;
    } else if (strncmp(a, "lrr-post", 8) == 0) {
        c->copts.affinity = DLRF_AFFINITY_LRR_POST;
        if (!a[8]) return 0;
        long d = a[8] == ':' ? strtol(a + 9, &end, 10) : -1;
        c->copts.post_dim = (int)d;
        if (a[8] == ':' && end != a + 9 && !*end && d >= 1 && d < 100000) return 0;
    }
    cli_error(sp->cmd,
              "--affinity: '%s' is not topk, topk:N, abs, lrr-post or lrr-post:D (D, N >= 1)", a);
    return -1;
}

static int parse_cluster(const cli_spec *sp, cluster_config *c) {
    static const char *const disc[] = {"njw", "yushi", NULL, NULL};
    static const char *const zs[] = {"product", "last", NULL, NULL};
    static const char *const eig[] = {"auto", "dense", "arpack", NULL};
    static const char *const how[] = {"spectral", "lsc", NULL, NULL};
    int d = 0, z = 0, e = 0, seed = 1, per = 0, lsc = 0;
    dlrf_cluster_opts_default(&c->copts);
    dlrf_lsc_opts_default(&c->lopts);
    c->trials = 1;
    if (cli_int(sp, "k", &c->k) || cli_int(sp, "seed", &seed) ||
        cli_int(sp, "trials", &c->trials) || cli_int(sp, "random-classes", &c->random_classes) ||
        cli_int(sp, "per-class", &per) || cli_int(sp, "n-init", &c->copts.n_init) ||
        pick(sp, "discretize", disc, &d) || pick(sp, "cluster-z", zs, &z) ||
        pick(sp, "eigensolver", eig, &e) || parse_affinity(sp, c) || pick(sp, "cluster", how, &lsc))
        return -1;
    const char *bad = cli_get(sp, "k") && c->k < 2 ? "--k must be at least 2"
                      : c->trials < 1              ? "--trials must be >= 1"
                      : cli_get(sp, "random-classes") && c->random_classes < 2
                          ? "--random-classes must be at least 2"
                      : per < 0 || (cli_get(sp, "per-class") && per < 1)
                          ? "--per-class must be >= 1"
                      : seed < 0                                      ? "--seed must be >= 0"
                      : c->copts.n_init < 1                           ? "--n-init must be >= 1"
                      : cli_int(sp, "landmarks", &c->lopts.landmarks) ? ""
                      : c->lopts.landmarks < 2                        ? "--landmarks must be >= 2"
                      : cli_get(sp, "landmarks") && !lsc ? "--landmarks: only --cluster lsc uses it"
                                                         : NULL;
    if (bad) {
        if (bad[0]) cli_error(sp->cmd, "%s", bad);
        return -1;
    }
    c->lsc = lsc;
    c->lopts.seed = (uint64_t)seed;
    c->per_class = (size_t)per;
    c->fit.select_copts = &c->copts; /* --lambda auto scores the clustering used */
    c->copts.seed = (uint64_t)seed;
    c->copts.discretize = (dlrf_discretize)d;
    c->copts.eig = (dlrf_eigensolver)e;
    c->product = z == 0;
    c->json = cli_get(sp, "json") != NULL;
    return 0;
}

static int distinct(const int *labels, size_t n) {
    int *t = malloc(n * sizeof(int));
    int k = t ? dlrf_labels_compact(labels, n, t) : -1;
    free(t);
    return k;
}

/* k from --k or the labels; checks 2 <= k <= N and the protocol's needs. */
static int resolve_k(const cli_spec *sp, const cluster_config *c, const cli_dataset *d, int *k) {
    size_t N = d->X->cols;
    int classes = d->labels ? distinct(d->labels, N) : 0;
    int protocol = c->trials > 1 || c->random_classes || c->per_class;
    if (protocol && !d->labels) {
        cli_error(sp->cmd,
                  "--trials, --random-classes and --per-class need labels (--labels FILE)");
        return -1;
    }
    *k = protocol ? (c->random_classes ? c->random_classes : classes) : c->k ? c->k : classes;
    if (!d->labels && !c->k) {
        cli_error(sp->cmd, "%s has no labels: pass --k K (the number of clusters) or --labels FILE",
                  d->input);
        return -1;
    }
    if (protocol && c->k && c->k != *k) {
        cli_error(sp->cmd, "--k %d contradicts the %d classes drawn per trial; drop --k", c->k, *k);
        return -1;
    }
    if (protocol && *k > classes) {
        cli_error(sp->cmd, "--random-classes %d: the labels have only %d classes", *k, classes);
        return -1;
    }
    if (*k < 2 || (size_t)*k > N) {
        cli_error(sp->cmd, "k = %d is out of range: need 2 <= k <= %zu samples", *k, N);
        return -1;
    }
    return 0;
}

/* The memory guard for the largest problem the run solves. */
static int check_memory(const cluster_config *c, const cli_dataset *d, int k) {
    int protocol = c->trials > 1 || c->random_classes || c->per_class;
    size_t N = d->X->cols;
    if (protocol && c->per_class && c->per_class * (size_t)k < N) N = c->per_class * (size_t)k;
    int topk = c->copts.affinity == DLRF_AFFINITY_TOPK;
    memguard_job job = {d->X->rows,
                        N,
                        c->fit.network,
                        c->fit.layers,
                        1,
                        !topk || N <= c->copts.dense_max,
                        c->copts.topk > 0 ? c->copts.topk : dlrf_topk_auto(N, k),
                        c->fit.out && !protocol,
                        topk ? "fewer samples (--per-class, --random-classes) or layers"
                             : "--affinity topk (sparse), fewer samples (--per-class, "
                               "--random-classes) or layers",
                        c->fit.model == DLRF_RLATLRR || c->fit.model == DLRF_RLRR};
    return memguard_check("cluster", &job, c->fit.mem_limit);
}

static int run_single(cluster_config *c, cli_dataset *d, int k, cluster_report *rep,
                      fit_result *r) {
    char err[512];
    cli_progress prog = {!c->fit.quiet && !c->json && isatty(2)};
    double t0 = dlrf_now();
    if (fit_run_k(&c->fit, d->X, k, &prog, r)) return 2;
    if (prog.enabled) fputc('\n', stderr);
    rep->stats.fit_s = r->time_s = dlrf_now() - t0;
    rep->r = r;
    rep->layers = r->net ? dlrf_net_layers(r->net) : 1;
    int *pred = malloc((size_t)rep->layers * rep->n * sizeof(int));
    if (!pred || cluster_layers(c, r, k, pred, &rep->stats, err, sizeof err)) {
        cli_error(c->fit.cmd, "%s: %s", d->input, pred ? err : "out of memory");
        free(pred);
        return 2;
    }
    rep->pred = pred;
    if (d->labels) {
        rep->m = calloc((size_t)rep->layers, sizeof(dlrf_metrics));
        for (int l = 0; rep->m && l < rep->layers; l++)
            dlrf_cluster_metrics(d->labels, pred + (size_t)l * rep->n, rep->n, &rep->m[l]);
    }
    return 0;
}

static int run_protocol(cluster_config *c, cli_dataset *d, int k, cluster_report *rep,
                        dlrf_protocol_result *pr, cluster_ctx *cx) {
    char err[512];
    dlrf_protocol_opts po = {k, c->trials, c->per_class, c->copts.seed,
                             c->fit.network ? c->fit.layers : 1};
    cx->c = c;
    if (dlrf_protocol_run(d->X, d->labels, &po, cluster_method, cx, pr, err, sizeof err) !=
        DLRF_OK) {
        cli_error(c->fit.cmd, "%s: %s", d->input, err);
        return 2;
    }
    rep->proto = pr;
    rep->r = &cx->last;
    rep->layers = po.n_out;
    rep->stats = cx->stats;
    rep->n = pr->n_samples[pr->trials - 1];
    return 0;
}

static int report(cluster_config *c, cluster_report *rep) {
    if (c->fit.out && !rep->proto) {
        if (fit_write(&c->fit, rep->d->X, rep->r, cluster_write_extra, rep)) return 2;
    } else if (c->fit.out) {
        char err[1024];
        outdir o;
        if (outdir_begin(&o, c->fit.out, c->fit.force, err, sizeof err) ||
            cluster_write_extra(o.dir, rep, err, sizeof err) ||
            outdir_commit(&o, err, sizeof err)) {
            cli_error(c->fit.cmd, "%s", err);
            return 2;
        }
    }
    if (!c->json) {
        cluster_print(rep);
        return 0;
    }
    char *j = cluster_json(rep);
    if (!j) return 2;
    fputs(j, stdout);
    free(j);
    return 0;
}

/* |Z| of what was clustered, convergence and confusion of a single run, or
 * of the protocol's last trial (its samples and labels), plus the accuracy
 * per layer over the trials. */
static int pictures(const plots_config *pc, const cluster_config *c, const cluster_report *rep,
                    const cluster_ctx *cx) {
    if (!pc->dir) return 0;
    const int *truth = rep->d->labels, *pred = rep->pred;
    int *own = NULL, rc = 0;
    if (rep->proto) {
        own = malloc(rep->n * sizeof(int));
        for (size_t j = 0; own && j < rep->n; j++)
            own[j] = rep->d->labels[rep->proto->last_cols[j]];
        truth = own;
        pred = cx->last_pred;
        rc = plots_accuracy(pc, c->fit.cmd, rep->proto, rep->k, fit_method_name(&c->fit));
    }
    rc = rc || plots_z(pc, &c->fit, rep->r, truth, cluster_layer_factors, c) ||
         plots_history(pc, &c->fit, rep->r) ||
         (pred && plots_confusion(pc, c->fit.cmd, truth, pred, rep->n, rep->layers));
    free(own);
    return rc;
}

int cmd_cluster(int argc, char **argv) {
    cli_opt opts[CAP];
    const char *values[CAP] = {0};
    size_t n = 0;
    cli_opts_append(opts, CAP, &n, data_opts, data_opts_n);
    cli_opts_append(opts, CAP, &n, fit_model_opts, fit_model_opts_n);
    cli_opts_append(opts, CAP, &n, cluster_opts, N_CLUSTER_OPTS);
    cli_opts_append(opts, CAP, &n, fit_out_opts, fit_out_opts_n);
    cli_opts_append(opts, CAP, &n, plot_opts, 2); /* no image grid: no --plot-samples, -salient */
    cli_spec sp = {"cluster",
                   "--input FILE [--labels FILE | --k K] [options]",
                   "Fit a method, then cluster the samples of FILE by normalized cuts on the "
                   "affinity of each layer's Z;\nwith labels, report AC, NMI and ARI. "
                   "--trials/--random-classes run the paper's protocol.",
                   opts,
                   n,
                   values};
    int p = cli_parse(&sp, argc, argv);
    if (p) return p > 0 ? 0 : 2;
    cluster_config c;
    plots_config pc;
    memset(&c, 0, sizeof c);
    if (fit_config_read(&sp, &c.fit) || parse_cluster(&sp, &c) || plots_config_read(&sp, &pc))
        return 2;
    const char *no_plrsc = !c.fit.plrsc        ? NULL
                           : c.fit.out         ? "--out"
                           : pc.dir            ? "--plots"
                           : c.fit.lambda_auto ? "--lambda auto"
                           : c.lsc             ? "--cluster lsc"
                                               : NULL;
    if (no_plrsc) {
        cli_error("cluster",
                  "%s: --method plrsc has no Z of all samples (it clusters with its "
                  "own LSC); drop %s",
                  no_plrsc, no_plrsc);
        return 2;
    }
    /* Clustering does not change with the faster penalty schedule (CLUSTERING.md). */
    if (!cli_get(&sp, "rho")) c.fit.opts.rho = CLUSTER_RHO;
    cli_dataset d;
    if (dataset_load(&sp, 1, SCALE_UNIT, &d)) return 2;
    c.fit.scale_name = data_scale_name(d.scale);
    c.fit.data_json = d.json;
    int k, rc = 2;
    cluster_report rep;
    memset(&rep, 0, sizeof rep);
    rep.c = &c;
    rep.d = &d;
    rep.n = d.X->cols;
    dlrf_protocol_result pr = {0};
    cluster_ctx cx = {0};
    fit_result fr = {0};
    double t0 = dlrf_now();
    if (resolve_k(&sp, &c, &d, &k) == 0 && check_memory(&c, &d, k) == 0) {
        rep.k = k;
        int protocol = c.trials > 1 || c.random_classes || c.per_class;
        rc = protocol ? run_protocol(&c, &d, k, &rep, &pr, &cx) : run_single(&c, &d, k, &rep, &fr);
        rep.time_s = dlrf_now() - t0;
        if (rc == 0) rc = report(&c, &rep);
        if (rc == 0 && pictures(&pc, &c, &rep, &cx)) rc = 2;
    }
    fit_result_free(&fr);
    fit_result_free(&cx.last);
    free(cx.last_pred);
    dlrf_protocol_result_free(&pr);
    free((void *)rep.pred);
    free(rep.m);
    dataset_free(&d);
    return rc;
}
