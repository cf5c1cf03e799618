/* dlrf convert: the data as dlrf sees them after reading, selection, noise
 * and scaling, written to .npy, .mat or CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/dataset.h"

static const cli_opt convert_opts[] = {
    {"out", "FILE",
     "the data: .npy or .mat (features x samples; a .mat also holds the labels as Y and "
     "image_shape = [H W row-major]) or .csv (one sample per row)"},
    {"labels-out", "FILE", "the labels of the kept samples: .npy or .csv"},
    {"force", NULL, "replace existing output files"},
};
#define N_CONVERT (sizeof convert_opts / sizeof convert_opts[0])
#define CAP 32

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* 0 when path may be written: a known extension, and absent unless --force. */
static int check_target(const char *opt, const char *path, int mat_ok, int force) {
    struct stat sb;
    if (!ends_with(path, ".npy") && !ends_with(path, ".csv") &&
        !(mat_ok && ends_with(path, ".mat"))) {
        cli_error("convert", "--%s %s: the name must end in .npy%s or .csv", opt, path,
                  mat_ok ? ", .mat" : "");
        return -1;
    }
    if (!force && stat(path, &sb) == 0) {
        cli_error("convert", "--%s %s: exists; pass --force to replace it", opt, path);
        return -1;
    }
    return 0;
}

static dlrf_mat *labels_row(const cli_dataset *d) {
    dlrf_mat *Y = dlrf_mat_new(1, d->X->cols);
    for (size_t j = 0; Y && j < d->X->cols; j++)
        Y->data[j] = d->labels[j];
    return Y;
}

/* A matrix as .npy, or as CSV with its columns as the rows. */
static dlrf_status write_one(const char *path, const dlrf_mat *M, char *err, size_t len) {
    if (ends_with(path, ".npy")) return dlrf_npy_write(path, M, err, len);
    dlrf_mat *T = dlrf_mat_new(M->cols, M->rows);
    if (!T) {
        snprintf(err, len, "%s: out of memory", path);
        return DLRF_ENOMEM;
    }
    for (size_t j = 0; j < M->cols; j++)
        for (size_t i = 0; i < M->rows; i++)
            DLRF_AT(T, j, i) = DLRF_AT(M, i, j);
    dlrf_status st = dlrf_csv_write(path, T, err, len);
    dlrf_mat_free(T);
    return st;
}

static int write_outputs(const cli_dataset *d, const char *out, const char *lout) {
    char err[1024];
    dlrf_mat *Y = d->labels ? labels_row(d) : NULL;
    dlrf_status st = DLRF_OK;
    if (ends_with(out, ".mat")) {
        /* the image shape and pixel order travel with the data */
        double shape[3] = {(double)d->img_h, (double)d->img_w, d->img_colmajor ? 0.0 : 1.0};
        dlrf_mat S = {shape, 1, 3, 1, 0};
        const char *names[3] = {"X", "image_shape", "Y"};
        const dlrf_mat *mats[3] = {d->X, &S, Y};
        if (!d->img_h) names[1] = "Y", mats[1] = Y;
        size_t count = 1 + (d->img_h != 0) + (Y != NULL);
        st = dlrf_matfile_write_vars(out, names, mats, count, err, sizeof err);
    } else
        st = write_one(out, d->X, err, sizeof err);
    if (st == DLRF_OK && lout) {
        if (!Y) {
            snprintf(err, sizeof err, "--labels-out: %s has no labels (pass --labels FILE)",
                     d->input);
            st = DLRF_EINVAL;
        } else
            st = write_one(lout, Y, err, sizeof err);
        if (st != DLRF_OK) remove(out); /* all or nothing */
    }
    dlrf_mat_free(Y);
    if (st != DLRF_OK) cli_error("convert", "%s", err);
    return st == DLRF_OK ? 0 : 2;
}

int cmd_convert(int argc, char **argv) {
    cli_opt opts[CAP];
    const char *values[CAP] = {0};
    size_t n = 0;
    cli_opts_append(opts, CAP, &n, data_opts, data_opts_n);
    cli_opts_append(opts, CAP, &n, select_opts, select_opts_n);
    cli_opts_append(opts, CAP, &n, convert_opts, N_CONVERT);
    cli_spec sp = {"convert",
                   "--input FILE --out FILE [options]",
                   "Write the data as dlrf reads them, after --classes, the draw, --noise-var and "
                   "--scale\n(default none), to .npy, .mat or CSV.",
                   opts,
                   n,
                   values};
    int p = cli_parse(&sp, argc, argv);
    if (p) return p > 0 ? 0 : 2;
    const char *out = cli_get(&sp, "out"), *lout = cli_get(&sp, "labels-out");
    int force = cli_get(&sp, "force") != NULL;
    if (!out) {
        cli_error("convert", "--out is required (see dlrf convert --help)");
        return 2;
    }
    if (check_target("out", out, 1, force) || (lout && check_target("labels-out", lout, 0, force)))
        return 2;
    cli_dataset d;
    if (dataset_load_select(&sp, 1, SCALE_NONE, DATA_SELECT_DRAW, &d)) return 2;
    int rc = write_outputs(&d, out, lout);
    dataset_free(&d);
    return rc;
}
