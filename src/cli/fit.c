/* dlrf fit: a single-layer model or a DLRF-Net on a .npy matrix; writes Z, L, E,
 * P, S of every layer and result.json into an output directory. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/dataset.h"
#include "cli/fit.h"
#include "cli/memguard.h"
#include "cli/outdir.h"
#include "cli/plots.h"
#include "core/core.h"
#include "dlrf/dlrf.h"

const cli_opt fit_model_opts[] = {
    {"method", "NAME",
     "latlrr, fllrr, lrr, rlatlrr (robust LatLRR: RPCA, then the sparsest Z), rlrr "
     "(Laplacian-regularised LatLRR, a reconstruction), salatlrr (similarity-adaptive LatLRR, "
     "a reconstruction), plrsc (LRR of a subset, a deep encoder of its codes, LSC; fit writes "
     "the codes), ndlrf "
     "(network of latlrr), fdlrf "
     "(of fllrr), rdlrf (of rlatlrr), net:MODEL (of any latent model, e.g. net:rlrr); default "
     "fdlrf"},
    {"layers", "M", "network depth (default 3; single-layer methods: 1)"},
    {"lambda", "L1[,L2,..]|auto",
     "error weight per layer, the last repeated (default: "
     "0.1*sqrt(N)/||input||_F per solve, i.e. 0.1 for unit-norm samples; lrr: 1); auto: "
     "chosen without labels, layer by layer, from --lambda-grid: the lambda whose Z_1...Z_l "
     "puts most of its mass off the diagonal and inside the k clusters it gives (one fit per grid "
     "value and layer)"},
    {"lambda-grid", "G1,G2,..", "the values --lambda auto tries (default 1e-4,1e-2,1,1e2,1e4)"},
    {"layer-scale", "none|input", "rescale P_l, S_l to the layer input's norm (default input)"},
    {"tol", "T", "stop when every residual inf-norm <= T (default 1e-6; 0 runs --max-iter)"},
    {"max-iter", "I", "iteration limit per solve (default 1000)"},
    {"rho", "R", "penalty growth per iteration (default 1.1; cluster: 1.5)"},
    {"mu0", "U", "initial penalty (default 1e-6)"},
    {"mu-max", "U", "largest penalty (default 1e6)"},
    {"alpha", "A",
     "rlrr, salatlrr: weight of the kNN-graph / locality terms (default 0.1 for rlrr, 10 for "
     "salatlrr)"},
    {"graph-k", "K", "rlrr: neighbours per sample in the kNN graph (default 5)"},
    {"subset", "M", "plrsc: samples in the LRR dictionary (default 50 per cluster)"},
    {"hidden", "H", "plrsc: units per hidden layer of the encoder (default 1500)"},
    {"hidden-layers", "D", "plrsc: hidden layers of the encoder (default 2)"},
    {"rank-tol", "T",
     "drop singular values of a layer input below T * largest "
     "(default max(n,N) * eps)"},
};
const size_t fit_model_opts_n = sizeof fit_model_opts / sizeof fit_model_opts[0];

const cli_opt fit_k_opts[] = {
    {"k", "K",
     "--lambda auto: the number of clusters its score counts; --method plrsc: the clusters "
     "its subset and LSC are sized for (default: the number of distinct labels)"},
};
const size_t fit_k_opts_n = 1;

const cli_opt fit_out_opts[] = {
    {"out", "DIR", "output directory (created whole at the end)"},
    {"force", NULL, "write into an existing non-empty --out directory"},
    {"format", "npy|mat|csv",
     "file type of the matrices written to --out (default npy; mat: one variable per file, "
     "named like the file)"},
    {"quiet", NULL, "no progress on stderr"},
    {"memory-limit", "SIZE",
     "refuse runs estimated to need more (e.g. 8G, 500M; default: the memory available)"},
};
const size_t fit_out_opts_n = sizeof fit_out_opts / sizeof fit_out_opts[0];

/* A list of positive numbers into out (at most cap): their count, or -1 after
 * printing an error. */
static int parse_list(const char *cmd, const char *opt, const char *s, double *out, int cap) {
    int n = 0;
    const char *p = s;
    while (*p && n < cap) {
        char *end;
        double v = strtod(p, &end);
        if (end == p || !isfinite(v) || !(v > 0.0) || (*end && *end != ',')) {
            cli_error(cmd, "--%s: '%s' is not a list of positive numbers (e.g. 0.1,0.2)", opt, s);
            return -1;
        }
        out[n++] = v;
        p = *end ? end + 1 : end;
    }
    if (*p) {
        cli_error(cmd, "--%s: more than %d values", opt, cap);
        return -1;
    }
    return n;
}

static int parse_lambdas(const cli_spec *sp, fit_config *c) {
    const char *lam = cli_get(sp, "lambda"), *grid = cli_get(sp, "lambda-grid");
    const double *g0;
    c->n_grid = dlrf_lambda_grid_default(&g0);
    memcpy(c->grid, g0, (size_t)c->n_grid * sizeof(double));
    if (grid && (c->n_grid = parse_list(sp->cmd, "lambda-grid", grid, c->grid, FIT_MAX_GRID)) < 0)
        return -1;
    if (lam && strcmp(lam, "auto") == 0) {
        c->lambda_auto = 1;
        return 0;
    }
    if (grid) {
        cli_error(sp->cmd, "--lambda-grid: only --lambda auto uses a grid; add --lambda auto");
        return -1;
    }
    if (lam && (c->n_lambdas = parse_list(sp->cmd, "lambda", lam, c->lambdas, FIT_MAX_LAYERS)) < 0)
        return -1;
    return 0;
}

static int parse_method(const cli_spec *sp, fit_config *c) {
    const char *m = cli_get(sp, "method");
    c->network = 1;
    c->model = DLRF_FLLRR;
    if (!m || strcmp(m, "fdlrf") == 0) return 0;
    if (strcmp(m, "plrsc") == 0) { /* its LRR step takes the model options */
        c->network = 0, c->plrsc = 1, c->model = DLRF_LRR;
        return 0;
    }
    if (strcmp(m, "ndlrf") == 0 || strcmp(m, "rdlrf") == 0) {
        c->model = m[0] == 'n' ? DLRF_LATLRR : DLRF_RLATLRR;
        return 0;
    }
    if (strncmp(m, "net:", 4) == 0) { /* a DLRF-Net of any latent layer model */
        if (dlrf_model_from_name(m + 4, &c->model) == DLRF_OK && dlrf_model_is_latent(c->model))
            return 0;
        cli_error(sp->cmd,
                  "--method %s: net: takes a latent model (latlrr, fllrr, rlatlrr, rlrr, "
                  "salatlrr)",
                  m);
        return -1;
    }
    c->network = 0;
    if (dlrf_model_from_name(m, &c->model) == DLRF_OK) return 0;
    cli_error(sp->cmd,
              "--method: unknown method '%s'; use latlrr, fllrr, lrr, rlatlrr, rlrr, salatlrr, "
              "plrsc, ndlrf, fdlrf, rdlrf or net:MODEL",
              m);
    return -1;
}

static int parse_enum(const cli_spec *sp, const char *name, const char *a, const char *b,
                      int *out) {
    const char *v = cli_get(sp, name);
    if (!v) return 0;
    if (strcmp(v, a) == 0)
        *out = 0;
    else if (strcmp(v, b) == 0)
        *out = 1;
    else {
        cli_error(sp->cmd, "--%s: '%s' is not one of %s, %s", name, v, a, b);
        return -1;
    }
    return 0;
}

/* --subset, --hidden, --hidden-layers: PLrSC's own options. */
static int parse_plrsc(const cli_spec *sp, fit_config *c) {
    static const char *const names[] = {"subset", "hidden", "hidden-layers"};
    int *fields[] = {&c->popts.subset, &c->popts.hidden, &c->popts.depth};
    const int lo[] = {2, 1, 1}, hi[] = {1 << 30, 1 << 20, 8};
    dlrf_plrsc_opts_default(&c->popts);
    int seed = 1; /* --seed (cluster, fit) also draws PLrSC's subset and weights */
    if (cli_int(sp, "seed", &seed)) return -1;
    c->popts.seed = (uint64_t)(seed >= 0 ? seed : 1);
    for (int i = 0; i < 3; i++) {
        if (!cli_get(sp, names[i])) continue;
        if (!c->plrsc) {
            cli_error(sp->cmd, "--%s: only --method plrsc uses it", names[i]);
            return -1;
        }
        if (cli_int(sp, names[i], fields[i])) return -1;
        if (*fields[i] < lo[i] || *fields[i] > hi[i]) {
            cli_error(sp->cmd, "--%s: %d is out of range (%d..%d)", names[i], *fields[i], lo[i],
                      hi[i]);
            return -1;
        }
    }
    return 0;
}

int fit_config_read(const cli_spec *sp, fit_config *c) {
    memset(c, 0, sizeof *c);
    c->cmd = sp->cmd;
    dlrf_opts_default(&c->opts);
    c->input = cli_get(sp, "input");
    c->out = cli_get(sp, "out");
    c->force = cli_get(sp, "force") != NULL;
    c->quiet = cli_get(sp, "quiet") != NULL;
    c->scale = DLRF_SCALE_INPUT;
    c->lambdas[0] = c->opts.lambda;
    c->n_lambdas = 1;
    int scale = 1;
    if (parse_method(sp, c) || parse_enum(sp, "layer-scale", "none", "input", &scale) ||
        cli_double(sp, "tol", &c->opts.tol) || cli_double(sp, "rho", &c->opts.rho) ||
        cli_double(sp, "mu0", &c->opts.mu0) || cli_double(sp, "mu-max", &c->opts.mu_max) ||
        cli_double(sp, "rank-tol", &c->opts.rank_tol) || cli_double(sp, "alpha", &c->opts.alpha) ||
        cli_int(sp, "graph-k", &c->opts.graph_k) || cli_int(sp, "max-iter", &c->opts.max_iter))
        return -1;
    c->scale = scale ? DLRF_SCALE_INPUT : DLRF_SCALE_NONE;
    c->layers = c->network ? 3 : 1;
    if (cli_int(sp, "layers", &c->layers)) return -1;
    if (c->layers < 1 || c->layers > FIT_MAX_LAYERS || (!c->network && c->layers != 1)) {
        cli_error(sp->cmd, "--layers: %d is out of range (1..%d; single-layer methods take 1)",
                  c->layers, FIT_MAX_LAYERS);
        return -1;
    }
    if (parse_lambdas(sp, c) || cli_int(sp, "k", &c->k) || parse_plrsc(sp, c)) return -1;
    c->opts.lambda = c->lambdas[0];
    const char *fmt = cli_get(sp, "format");
    if (fmt) {
        static const char *const names[] = {"npy", "mat", "csv"};
        c->format = -1;
        for (int i = 0; i < 3; i++)
            if (strcmp(fmt, names[i]) == 0) c->format = i;
        if (c->format < 0) {
            cli_error(sp->cmd, "--format: '%s' is not one of npy, mat, csv", fmt);
            return -1;
        }
    }
    const char *ml = cli_get(sp, "memory-limit");
    if (ml && memguard_parse(ml, &c->mem_limit)) {
        cli_error(sp->cmd, "--memory-limit: '%s' is not a size (e.g. 8G, 500M, 1.5G)", ml);
        return -1;
    }
    const char *why = dlrf_opts_check(&c->opts);
    if (why) {
        cli_error(sp->cmd, "%s", why);
        return -1;
    }
    return 0;
}

#define FIT_OPTS_CAP 64

/* The number of distinct labels (0 on memory). */
static int labels_distinct(const int *labels, size_t n) {
    int *tmp = malloc(n * sizeof(int));
    int k = tmp ? dlrf_labels_compact(labels, n, tmp) : 0;
    free(tmp);
    return k > 0 ? k : 0;
}

/* fit and denoise: the same run; denoise writes only the deep features. */
static int fit_command(int argc, char **argv, const char *cmd, const char *summary,
                       int features_only) {
    cli_opt opts[FIT_OPTS_CAP];
    const char *values[FIT_OPTS_CAP] = {0};
    size_t n = 0;
    cli_opts_append(opts, FIT_OPTS_CAP, &n, data_opts, data_opts_n);
    cli_opts_append(opts, FIT_OPTS_CAP, &n, select_opts, select_opts_n);
    cli_opts_append(opts, FIT_OPTS_CAP, &n, fit_model_opts, fit_model_opts_n);
    cli_opts_append(opts, FIT_OPTS_CAP, &n, fit_k_opts, fit_k_opts_n);
    cli_opts_append(opts, FIT_OPTS_CAP, &n, fit_out_opts, fit_out_opts_n);
    cli_opts_append(opts, FIT_OPTS_CAP, &n, plot_opts, plot_opts_n);
    cli_spec sp = {cmd, "--input FILE --out DIR [options]", summary, opts, n, values};
    int p = cli_parse(&sp, argc, argv);
    if (p) return p > 0 ? 0 : 2;
    fit_config c;
    plots_config pc;
    if (fit_config_read(&sp, &c) || plots_config_read(&sp, &pc)) return 2;
    c.features_only = features_only;
    const char *no_plrsc = !c.plrsc        ? NULL
                           : features_only ? "dlrf denoise"
                           : pc.dir        ? "--plots"
                           : c.lambda_auto ? "--lambda auto"
                                           : NULL;
    if (no_plrsc) {
        cli_error(cmd, "%s: --method plrsc has no Z or features of all samples, only codes; %s",
                  no_plrsc, features_only ? "use dlrf fit" : "drop it");
        return 2;
    }
    if (!c.input || !c.out) {
        cli_error(cmd, "--%s is required (see dlrf %s --help)", c.input ? "out" : "input", cmd);
        return 2;
    }
    cli_dataset d;
    int selects =
        cli_get(&sp, "classes") || cli_get(&sp, "random-classes") || cli_get(&sp, "per-class");
    if (dataset_load_select(&sp, selects || pc.dir, SCALE_NONE, DATA_SELECT_DRAW, &d)) return 2;
    c.scale_name = data_scale_name(d.scale);
    c.data_json = d.json;
    int uses_k = c.lambda_auto || c.plrsc;
    if (cli_get(&sp, "k") && (!uses_k || c.k < 2)) {
        cli_error(cmd, uses_k ? "--k must be at least 2"
                              : "--k: only --lambda auto and --method plrsc use it");
        dataset_free(&d);
        return 2;
    }
    if (uses_k && !c.k && d.labels) c.k = labels_distinct(d.labels, d.X->cols);
    if (c.plrsc && c.k < 2) {
        cli_error(cmd, "--method plrsc: the number of clusters is unknown; pass --k K");
        dataset_free(&d);
        return 2;
    }
    if (features_only && pc.dir && !d.img_h) { /* before the run, not after it */
        cli_error(cmd, "--plots: %s's image shape is unknown; pass --image-shape HxW", d.input);
        dataset_free(&d);
        return 2;
    }
    memguard_job job = {d.X->rows,
                        d.X->cols,
                        c.network,
                        c.layers,
                        0,
                        0,
                        0,
                        !features_only && !c.plrsc,
                        "fewer samples or layers",
                        c.model == DLRF_RLATLRR || c.model == DLRF_RLRR};
    if (memguard_check(cmd, &job, c.mem_limit)) {
        dataset_free(&d);
        return 2;
    }
    cli_progress prog = {!c.quiet && isatty(2)};
    fit_result r = {0};
    double t0 = dlrf_now();
    int rc = fit_run(&c, d.X, &prog, &r);
    if (prog.enabled) fputc('\n', stderr);
    r.time_s = dlrf_now() - t0;
    if (rc == 0) rc = fit_write(&c, d.X, &r, NULL, NULL);
    if (rc == 0 && (features_only ? plots_grid(&pc, &c, &r, &d)
                                  : plots_z(&pc, &c, &r, d.labels, plots_layer_z, NULL) ||
                                        plots_history(&pc, &c, &r)))
        rc = 2;
    fit_result_free(&r);
    dataset_free(&d);
    return rc;
}

int cmd_fit(int argc, char **argv) {
    return fit_command(argc, argv, "fit",
                       "Learn the latent low-rank representation of FILE with a single-layer "
                       "model or a DLRF-Net.\nWrites Z_l, L_l, E1_l, E2_l, P_l, S_l (.npy) per "
                       "layer and result.json into DIR\n(plrsc: codes, subset, subset_Z and "
                       "result.json).",
                       0);
}

int cmd_denoise(int argc, char **argv) {
    return fit_command(argc, argv, "denoise",
                       "Recover FILE's principal features P_l = X Z_1...Z_l (the denoised "
                       "samples) and salient\nfeatures S_l of every layer: writes P_l, S_l and "
                       "result.json into DIR.",
                       1);
}
