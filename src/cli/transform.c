/* dlrf transform: salient features of new samples with the projections a fit
 * learned, S_l = L_l ... L_1 x (the out-of-sample use of LatLRR). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/dataset.h"
#include "cli/fit.h"

static const cli_opt transform_opts[] = {
    {"model", "DIR", "the --out directory of a dlrf fit (written with --format npy); required"},
    {"out", "DIR", "output directory for S_1 ... S_M (created whole at the end); required"},
    {"format", "npy|mat|csv", "file type of the features written (default npy)"},
    {"force", NULL, "write into an existing non-empty --out directory"},
};
#define N_TRANSFORM (sizeof transform_opts / sizeof transform_opts[0])
#define CAP 32

/* The model's layer count and input scaling, from its result.json. */
static int read_model(const char *dir, int *layers, data_scale *scale) {
    char path[4096], buf[1 << 16];
    snprintf(path, sizeof path, "%s/result.json", dir);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f) fclose(f);
    buf[n] = 0;
    const char *l = strstr(buf, "\"layers\": "), *s = strstr(buf, "\"scale\": \"");
    if (!l || sscanf(l + 10, "%d", layers) != 1 || *layers < 1) {
        cli_error("transform", "%s: not the result.json of a dlrf fit (--model DIR)", path);
        return -1;
    }
    const char *m = strstr(buf, "\"method\": \"");
    if (m && (strncmp(m + 11, "plrsc\"", 6) == 0 || strncmp(m + 11, "lrr\"", 4) == 0)) {
        cli_error("transform",
                  "%s: the model is a %.*s fit, which learns no salient projection L; fit a "
                  "latent model (latlrr, fllrr, a network, ...)",
                  path, m[11] == 'p' ? 5 : 3, m + 11);
        return -1;
    }
    if (s && strncmp(s + 10, "zscore", 6) == 0) {
        cli_error("transform",
                  "%s: the model was fit with --scale zscore, whose per-feature statistics "
                  "belong to its own data; refit it with --scale unit or none",
                  path);
        return -1;
    }
    *scale = !s                                ? SCALE_NONE
             : strncmp(s + 10, "unit", 4) == 0 ? SCALE_UNIT
             : strncmp(s + 10, "01", 2) == 0   ? SCALE_01
                                               : SCALE_NONE;
    return 0;
}

/* S_l = L_l S_{l-1} for every layer, written into o. */
static int project(const char *dir, int layers, const dlrf_mat *X, outdir *o) {
    char path[4096], err[1024];
    dlrf_mat *S = dlrf_mat_dup(X);
    int done = 0;
    for (int l = 1; l <= layers && S; l++) {
        dlrf_mat *L = NULL, *next = NULL;
        snprintf(path, sizeof path, "%s/L_%d.npy", dir, l);
        if (dlrf_npy_read(path, &L, NULL, err, sizeof err) != DLRF_OK) {
            cli_error("transform", "%s (the model must hold L_l.npy: fit --format npy)", err);
        } else if (L->rows != X->rows || L->cols != X->rows) {
            cli_error("transform", "%s is %zu x %zu but the input has %zu features", path, L->rows,
                      L->cols, X->rows);
        } else if ((next = dlrf_mat_new(X->rows, X->cols))) {
            dlrf_gemm('N', 'N', 1.0, L, S, 0.0, next);
            if (fit_write_matrix(o, "S", l, next, 0, err, sizeof err)) {
                cli_error("transform", "%s", err);
                dlrf_mat_free(next);
                next = NULL;
            }
        }
        dlrf_mat_free(L);
        dlrf_mat_free(S);
        S = next;
        done += next != NULL;
    }
    dlrf_mat_free(S);
    return done == layers ? 0 : -1;
}

int cmd_transform(int argc, char **argv) {
    cli_opt opts[CAP];
    const char *values[CAP] = {0};
    size_t n = 0;
    cli_opts_append(opts, CAP, &n, data_opts, data_opts_n - 1); /* the model's --scale */
    cli_opts_append(opts, CAP, &n, transform_opts, N_TRANSFORM);
    cli_spec sp = {"transform",
                   "--model DIR --input FILE --out DIR [options]",
                   "Salient features S_l = L_l ... L_1 x of new samples with the projections of a "
                   "fitted model\n(scaled as the model's input was).",
                   opts,
                   n,
                   values};
    int p = cli_parse(&sp, argc, argv);
    if (p) return p > 0 ? 0 : 2;
    const char *dir = cli_get(&sp, "model"), *out = cli_get(&sp, "out");
    if (!dir || !out) {
        cli_error("transform", "--%s is required (see dlrf transform --help)",
                  dir ? "out" : "model");
        return 2;
    }
    fit_config fc = {0};
    fc.cmd = "transform";
    if (fit_config_read(&sp, &fc)) return 2;
    int layers;
    data_scale scale;
    cli_dataset d;
    if (read_model(dir, &layers, &scale) || dataset_load(&sp, 0, scale, &d)) return 2;
    char err[1024];
    outdir o;
    int rc = outdir_begin(&o, out, cli_get(&sp, "force") != NULL, err, sizeof err);
    o.format = fc.format;
    if (rc)
        cli_error("transform", "%s", err);
    else if (project(dir, layers, d.X, &o))
        outdir_abort(&o), rc = -1;
    else if ((rc = outdir_commit(&o, err, sizeof err)))
        cli_error("transform", "%s", err);
    dataset_free(&d);
    return rc ? 2 : 0;
}
