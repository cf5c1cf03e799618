/* dlrf experiment NAME: the tasks not yet in results.csv, run by --jobs
 * worker processes (one BLAS thread each, so a task's numbers do not depend
 * on --jobs), then results.csv merged and report.md written. */
#define _POSIX_C_SOURCE 200809L
#include <cblas.h>
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/dataset.h"
#include "cli/experiment.h"
#include "core/core.h"

#define CAP 48
#define MAX_JOBS 64
#define FMNIST "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"

static const cli_opt exp_opts[] = {
    {"dataset", "FILE",
     "table2, noise, denoise, lambda: the data (default Fashion-MNIST t10k, " FMNIST
     "); any format "
     "dlrf reads (--image-shape for denoise's pictures)"},
    {"trials", "T",
     "trials per setting (default: table2, noise 30; lambda 10; denoise, subspaces 1)"},
    {"layers", "M", "network depth (default: table2, noise 5; subspaces 4; denoise, lambda 3)"},
    {"per-class", "N", "samples per class in each draw (default: all)"},
    {"baselines", "LIST|none",
     "table2: the further methods beside LRR and the networks, comma-separated (default "
     "rlatlrr,rlrr,salatlrr,plrsc; rlatlrr and rlrr solve N x N systems: their time and "
     "memory grow as N^2 or faster)"},
    {"seed", "S", "base seed of the draws (default 1)"},
    {"jobs", "J", "worker processes (default: the number of cores); results do not depend on it"},
    {"out", "DIR", "output directory (default experiments/NAME); rows already there are kept"},
    {"quiet", NULL, "no progress lines"},
    {"report-only", NULL, "merge what has finished and write the report; run nothing"},
};
#define N_EXP (sizeof exp_opts / sizeof exp_opts[0])

static int ensure_dir(const char *dir) {
    char p[4096];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0777);
            *s = '/';
        }
    if (mkdir(p, 0777) == 0 || errno == EEXIST) return 0;
    cli_error("experiment", "--out %s: cannot create the directory: %s", dir, strerror(errno));
    return -1;
}

/* One task in a fresh child: its rows appended to worker file j in one
 * write. A fresh process per task keeps its numbers independent of the
 * tasks run before it (the heap, and so the alignment OpenBLAS sees). */
static int run_one(const exp_ctx *e, const exp_task *t, int j, int quiet) {
    char path[4200], err[1024], *buf = malloc(64 * 2048);
    exp_row rows[64];
    double t0 = dlrf_now();
    int m = buf ? exp_run_task(e, t, rows, 64, err, sizeof err) : -1;
    if (m < 0) {
        cli_error("experiment", "%s", buf ? err : "out of memory");
        free(buf);
        return 1;
    }
    size_t at = 0;
    for (int r = 0; r < m; r++) {
        exp_row_format(&rows[r], buf + at, 2048);
        at += strlen(buf + at);
    }
    snprintf(path, sizeof path, "%s/results.part.%d", e->out, j);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    int rc = fd < 0 || write(fd, buf, at) != (ssize_t)at;
    if (fd >= 0) close(fd);
    free(buf);
    if (!quiet)
        fprintf(stderr,
                "dlrf experiment: %s K=%d trial %d: AC %.3f (layer 1) %.3f (layer %d), "
                "%.1f s\n",
                t->run, t->k, t->trial, rows[0].ac, rows[m - 1].ac, m, dlrf_now() - t0);
    return rc;
}

/* At most J children at a time, a task each; slot j writes worker file j. */
static int run_pool(const exp_ctx *e, const exp_task *todo, long n, int quiet) {
    int J = e->jobs < n ? e->jobs : (int)n, rc = 0, running = 0;
    pid_t slot[MAX_JOBS] = {0};
    openblas_set_num_threads(1); /* in every child: rows independent of --jobs */
    for (long i = 0; i < n || running; i++) {
        if (i >= n || running == J) { /* wait for a slot */
            int status;
            pid_t done = wait(&status);
            if (done < 0) break;
            rc |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
            for (int j = 0; j < J; j++)
                if (slot[j] == done) slot[j] = 0;
            running--;
            if (i >= n) continue;
        }
        int j = 0;
        while (slot[j])
            j++;
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        if (pid == 0) _exit(run_one(e, &todo[i], j, quiet));
        if (pid < 0) {
            rc = 1;
            break;
        }
        slot[j] = pid;
        running++;
    }
    while (running > 0 && wait(NULL) > 0)
        running--;
    return rc ? -1 : 0;
}

static const char *base_name(const char *path, char *buf, size_t len) {
    const char *b = strrchr(path, '/');
    snprintf(buf, len, "%s", b ? b + 1 : path);
    char *dot = strchr(buf, '.');
    if (dot && dot != buf) *dot = 0;
    return buf;
}

/* --baselines: names of single-layer methods dlrf_model_from_name knows. */
static int parse_baselines(cli_spec *sp, exp_ctx *e) {
    const char *v = cli_get(sp, "baselines");
    if (!v) v = "rlatlrr,rlrr,salatlrr,plrsc";
    e->n_baselines = 0;
    if (!strcmp(v, "none")) return 0;
    for (const char *p = v; *p;) {
        size_t len = strcspn(p, ",");
        char name[16];
        snprintf(name, sizeof name, "%.*s", (int)(len < 15 ? len : 15), p);
        dlrf_model m = DLRF_LRR;
        int plrsc = !strcmp(name, "plrsc");
        if ((!plrsc && (dlrf_model_from_name(name, &m) != DLRF_OK || m == DLRF_LATLRR ||
                        m == DLRF_FLLRR || m == DLRF_LRR)) ||
            e->n_baselines == 8) {
            cli_error(sp->cmd,
                      "--baselines: '%s' is not one of rlatlrr, rlrr, salatlrr, plrsc (or none)",
                      name);
            return -1;
        }
        snprintf(e->baselines[e->n_baselines++], 16, "%s", name);
        p += len + (p[len] == ',');
    }
    return 0;
}

static int parse(cli_spec *sp, exp_ctx *e, const char *name) {
    int sub = !strcmp(name, "subspaces"), den = !strcmp(name, "denoise"),
        lam = !strcmp(name, "lambda"), per = 0, seed = 1;
    e->name = name;
    e->trials = sub || den ? 1 : lam ? 10 : 30;
    e->max_layers = sub ? 4 : den || lam ? 3 : 5;
    e->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (cli_int(sp, "trials", &e->trials) || cli_int(sp, "layers", &e->max_layers) ||
        cli_int(sp, "per-class", &per) || cli_int(sp, "seed", &seed) ||
        cli_int(sp, "jobs", &e->jobs))
        return -1;
    const char *bad = e->trials < 1                            ? "--trials must be >= 1"
                      : e->max_layers < 1 || e->max_layers > 8 ? "--layers must be 1..8"
                      : per < 0                                ? "--per-class must be >= 1"
                      : seed < 0                               ? "--seed must be >= 0"
                      : e->jobs < 1 || e->jobs > MAX_JOBS      ? "--jobs must be 1..64"
                                                               : NULL;
    if (bad) {
        cli_error(sp->cmd, "%s", bad);
        return -1;
    }
    e->per_class = (size_t)per;
    e->seed = (uint64_t)seed;
    return parse_baselines(sp, e);
}

/* The rows of this experiment and dataset, moved to the front; their count. */
static long own_rows(const exp_ctx *e, exp_row *rows, long n) {
    long m = 0;
    for (long i = 0; i < n; i++)
        if (!strcmp(rows[i].experiment, e->name) && !strcmp(rows[i].dataset, e->data_name))
            rows[m++] = rows[i];
    return m;
}

/* One pass: the tasks not yet done, run, then results.csv merged. */
static int run_tasks(exp_ctx *e, int quiet, int report_only) {
    exp_task *tasks = NULL, *todo = NULL;
    exp_row *rows = NULL;
    long nt = exp_tasks(e, &tasks), nr = nt < 0 ? -1 : exp_results_merge(e->out, &rows), n = 0;
    nr = nr < 0 ? nr : own_rows(e, rows, nr);
    int rc = nt < 0 || nr < 0 ? -1 : 0;
    if (rc == 0 && !(todo = malloc((size_t)(nt ? nt : 1) * sizeof *todo))) rc = -1;
    for (long i = 0; rc == 0 && i < nt; i++)
        if (!exp_task_done(e, &tasks[i], rows, nr)) todo[n++] = tasks[i];
    if (rc == 0 && !quiet)
        fprintf(stderr, "dlrf experiment %s: %ld of %ld tasks to run (%ld done), %d jobs\n",
                e->name, n, nt, nt - n, e->jobs < n ? e->jobs : (int)n);
    if (rc == 0 && n && !report_only) rc = run_pool(e, todo, n, quiet);
    free(tasks), free(todo), free(rows);
    return rc;
}

/* lambda: the stages, each searching one layer's λ with the earlier layers'
 * λs fixed at the best AC found (the paper's greedy, label-chosen search). */
static int run_stages(exp_ctx *e, int quiet, int report_only) {
    int rc = 0;
    e->prefix[0][0] = e->prefix[1][0] = 0;
    for (e->stage = 1; e->stage <= e->max_layers && rc == 0; e->stage++) {
        rc = run_tasks(e, quiet, report_only);
        exp_row *rows = NULL;
        long n = exp_results_merge(e->out, &rows);
        for (int r = 0; r < 2 && n >= 0; r++) {
            double best = exp_lambda_best(e, rows, own_rows(e, rows, n), r ? "ndlrf" : "fdlrf",
                                          e->stage, e->prefix[r], 0);
            if (isnan(best)) rc = rc ? rc : -1; /* nothing to build the next layer on */
            size_t at = strlen(e->prefix[r]);
            snprintf(e->prefix[r] + at, sizeof e->prefix[r] - at, "%s%.6g", at ? ";" : "", best);
        }
        free(rows);
    }
    e->stage = 0; /* then --lambda auto, end to end */
    if (rc == 0) rc = run_tasks(e, quiet, report_only);
    return rc;
}

static int run_experiment(exp_ctx *e, int quiet, int report_only) {
    int rc = strcmp(e->name, "lambda") ? run_tasks(e, quiet, report_only)
                                       : run_stages(e, quiet, report_only);
    exp_row *rows = NULL;
    long nr = exp_results_merge(e->out, &rows); /* what finished, even after a failure */
    if (nr >= 0 && exp_report(e, rows, own_rows(e, rows, nr)) == 0 && !quiet)
        printf("%s/report.md\n%s/results.csv\n", e->out, e->out);
    free(rows);
    return rc || nr < 0 ? 2 : 0;
}

static int load_data(cli_spec *sp, exp_ctx *e, cli_dataset *d) {
    const char *ds = cli_get(sp, "dataset");
    if (strcmp(e->name, "subspaces") == 0) {
        e->dataset = "synthetic";
        snprintf(e->data_name, sizeof e->data_name, "synthetic");
        return 0;
    }
    for (size_t i = 0; i < sp->count; i++) /* --dataset is the loader's --input */
        if (!strcmp(sp->opts[i].name, "input"))
            sp->values[i] = ds ? ds : sp->values[i] ? sp->values[i] : FMNIST;
    if (dataset_load(sp, 1, SCALE_NONE, d)) return -1;
    if (!d->labels) {
        cli_error(sp->cmd, "%s: the experiment needs labels (--labels FILE)", d->input);
        dataset_free(d);
        return -1;
    }
    e->dataset = d->input;
    e->X = d->X;
    e->labels = d->labels;
    e->img_h = d->img_h, e->img_w = d->img_w, e->img_colmajor = d->img_colmajor;
    base_name(d->input, e->data_name, sizeof e->data_name);
    return 0;
}

#define N_ALL 5
static const char *const all_names[N_ALL] = {"subspaces", "table2", "noise", "denoise", "lambda"};

/* One experiment into out. */
static int one(cli_spec *sp, const char *name, const char *out) {
    exp_ctx e = {0};
    cli_dataset d = {0};
    if (parse(sp, &e, name) || load_data(sp, &e, &d)) return 2;
    e.out = out;
    int rc = ensure_dir(e.out) ? 2
                               : run_experiment(&e, cli_get(sp, "quiet") != NULL,
                                                cli_get(sp, "report-only") != NULL);
    dataset_free(&d);
    return rc;
}

/* all: every experiment into DIR/NAME, and DIR/index.md. */
static int all(cli_spec *sp, const char *dir) {
    char out[4200], path[4200];
    int rc = 0;
    for (int i = 0; i < N_ALL; i++) {
        snprintf(out, sizeof out, "%s/%s", dir, all_names[i]);
        rc |= one(sp, all_names[i], out);
    }
    snprintf(path, sizeof path, "%s/index.md", dir);
    FILE *f = fopen(path, "w");
    if (!f) return 2;
    fprintf(f, "# The paper's experiments\n\n");
    for (int i = 0; i < N_ALL; i++)
        fprintf(f, "- [%s](%s/report.md)\n", all_names[i], all_names[i]);
    return fclose(f) != 0 || rc ? 2 : 0;
}

static int known(const char *name) {
    for (int i = 0; i < N_ALL; i++)
        if (!strcmp(name, all_names[i])) return 1;
    return !strcmp(name, "all");
}

int cmd_experiment(int argc, char **argv) {
    const char *name = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
    if (name && !known(name)) {
        cli_error("experiment",
                  "unknown experiment '%s' (table2, noise, denoise, lambda, subspaces, all)", name);
        return 2;
    }
    if (!name) {
        FILE *f = argc > 1 && !strcmp(argv[1], "--help") ? stdout : stderr;
        fprintf(f, "usage: dlrf experiment NAME [options]   (dlrf experiment NAME --help)\n\n"
                   "  table2      the paper's Table 2: K = 2, 4, 6, 8 random classes, T trials\n"
                   "  noise       the paper's Fig. 5: noise variance 100..500, K = 5, layers 1-5\n"
                   "  denoise     the paper's Fig. 4: noise variance 500, K = 5, image grids\n"
                   "  lambda      the paper's Fig. 6: λ 1e-8..1e8 layer by layer, K = 5, with a "
                   "label-free choice\n"
                   "  subspaces   the paper's Fig. 3: synthetic independent subspaces\n"
                   "  all         all of them into DIR/NAME, with DIR/index.md\n");
        return f == stdout ? 0 : 2;
    }
    cli_opt opts[CAP];
    const char *values[CAP] = {0};
    size_t n = 0;
    cli_opts_append(opts, CAP, &n, data_opts, DATA_OPTS_READ);
    cli_opts_append(opts, CAP, &n, exp_opts, N_EXP);
    char cmd[64], out[4096];
    snprintf(cmd, sizeof cmd, "experiment %s", name);
    cli_spec sp = {cmd,
                   "[--dataset FILE] [--trials T] [--jobs J] [--out DIR]",
                   "Run one of the paper's experiments as independent seeded trials in parallel; "
                   "write results.csv\n(a row per method, layer, setting and trial), report.md "
                   "and pictures into DIR. Rows already in\nDIR/results.csv are not recomputed.",
                   opts,
                   n,
                   values};
    int p = cli_parse(&sp, argc - 1, argv + 1);
    if (p) return p > 0 ? 0 : 2;
    snprintf(out, sizeof out, "experiments/%s", name);
    const char *dir = cli_get(&sp, "out") ? cli_get(&sp, "out") : out;
    return strcmp(name, "all") ? one(&sp, name, dir) : all(&sp, dir);
}
