/* Loading data and labels for fit and cluster. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/dataset.h"
#include "cli/memguard.h"

const cli_opt data_opts[] = {
    {"input", "FILE",
     "data matrix: .npy (any numeric dtype), MATLAB .mat, IDX images (.gz ok), a "
     ".csv/.tsv/.txt table with one sample per row, or a folder of .pgm/.png images with one "
     "subfolder per class; required"},
    {"var", "NAME", ".mat variable of the data (default: the first of X, fea, data, x)"},
    {"samples", "rows|cols",
     "whether samples are the columns or the rows of FILE (default: guessed from the "
     "label count, else cols)"},
    {"labels", "FILE",
     "integer labels: .npy, .mat, IDX or text/CSV (default: the .mat's Y/gnd/labels, or "
     "the IDX images' sibling labels file)"},
    {"labels-var", "NAME", ".mat variable of the labels (default: Y, gnd, labels, y)"},
    {"label-col", "N|last", "CSV input: the column (from 1) holding integer labels"},
    {"image-shape", "HxW",
     "the samples are H x W images (default: from IDX and image folders, else square when "
     "the feature count is a square; .mat images are column-major)"},
    {"classes", "C1,C2,..", "keep only the samples with these labels"},
    {"noise-var", "V",
     "add Gaussian noise of variance V on the 0-255 pixel scale (sd sqrt(V)/255 for data "
     "in [0,1]) before scaling"},
    {"scale", "unit|none|01|zscore",
     "scale the data first: unit-norm samples, [0,1] by the largest |value|, or each "
     "feature to mean 0 and sd 1 (default: fit none, cluster unit)"},
};
const size_t data_opts_n = sizeof data_opts / sizeof data_opts[0];

void cli_opts_append(cli_opt *dst, size_t cap, size_t *at, const cli_opt *src, size_t n) {
    for (size_t i = 0; i < n && *at < cap; i++)
        dst[(*at)++] = src[i];
}

const char *data_scale_name(data_scale s) {
    return s == SCALE_UNIT ? "unit" : s == SCALE_01 ? "01" : s == SCALE_ZSCORE ? "zscore" : "none";
}

void dataset_free(cli_dataset *d) {
    dlrf_mat_free(d->X);
    dlrf_mat_free(d->X_clean);
    free(d->labels);
    free(d->json);
    d->X_clean = NULL;
    d->X = NULL;
    d->labels = NULL;
    d->json = NULL;
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int is_idx(const char *p) {
    return strstr(p, "idx") != NULL || ends_with(p, "-ubyte") || ends_with(p, "-ubyte.gz");
}

static const char *first_var(const char *path, const char *const *names) {
    for (int i = 0; names[i]; i++)
        if (dlrf_matfile_has(path, names[i])) return names[i];
    return NULL;
}

static const char *const data_names[] = {"X", "fea", "data", "x", NULL};
static const char *const label_names[] = {"Y", "gnd", "labels", "y", "label", NULL};

/* Refuses, before anything is allocated, a file whose header declares more
 * values than the memory limit holds as doubles (limit 0: no check). */
static dlrf_status check_declared(const char *path, const char *var, double limit, int limited,
                                  char *err, size_t len) {
    size_t r = 0, c = 0, items;
    dlrf_status st = ends_with(path, ".mat") ? dlrf_matfile_shape(path, var, &r, &c, err, len)
                     : is_idx(path)          ? dlrf_idx_shape(path, &items, &r, &c, err, len)
                                             : dlrf_npy_shape(path, &r, &c, NULL, err, len);
    if (st != DLRF_OK || limit <= 0.0) return st;
    if (is_idx(path)) {
        r *= c;
        c = items;
    }
    double need = 8.0 * (double)r * (double)c;
    if (need <= limit) return DLRF_OK;
    char a[32], b[32];
    memguard_human(need, a, sizeof a);
    memguard_human(limit, b, sizeof b);
    snprintf(err, len,
             "%s: holds %zu x %zu values (%s as doubles), more than the %s %s; use a smaller "
             "file or %s --memory-limit",
             path, r, c, a, b, limited ? "the memory limit allows" : "of memory available",
             limited ? "raise" : "a larger");
    return DLRF_ENOMEM;
}

/* A .mat's images are column-major (MATLAB's reshape) unless the file says
 * otherwise in image_shape = [H W row-major], as dlrf convert writes it. */
static void mat_image_shape(const char *path, cli_dataset *d) {
    dlrf_mat *S = NULL;
    char err[256];
    d->img_colmajor = 1;
    if (!dlrf_matfile_has(path, "image_shape") ||
        dlrf_matfile_read(path, "image_shape", &S, err, sizeof err) != DLRF_OK)
        return;
    if (S->rows * S->cols == 3 && S->data[0] >= 1 && S->data[1] >= 1) {
        d->img_h = (size_t)S->data[0];
        d->img_w = (size_t)S->data[1];
        d->img_colmajor = S->data[2] == 0.0;
    }
    dlrf_mat_free(S);
}

/* Reads a matrix from any supported container; d (may be NULL) receives the
 * stored element type, the .mat variable and the image shape. */
static dlrf_status read_matrix(const char *path, const char *var, const char *const *guess,
                               double limit, dlrf_mat **out, char *err, size_t len,
                               cli_dataset *d) {
    const char *v = var;
    if (ends_with(path, ".mat") && !v && !(v = first_var(path, guess))) {
        char names[256];
        dlrf_status st = dlrf_matfile_list(path, names, sizeof names, err, len);
        if (st != DLRF_OK) return st;
        snprintf(err, len,
                 "%s: none of the usual variable names (%s) found; pass --%s NAME (the file "
                 "has: %s)",
                 path, guess == data_names ? "X, fea, data, x" : "Y, gnd, labels, y, label",
                 guess == data_names ? "var" : "labels-var", names[0] ? names : "none");
        return DLRF_EFORMAT;
    }
    dlrf_status st = check_declared(path, v, limit > 0 ? limit : -limit, limit > 0, err, len);
    if (st != DLRF_OK) return st;
    if (ends_with(path, ".mat")) {
        if (d) {
            const char *cls = dlrf_matfile_class(path, v);
            snprintf(d->dtype, sizeof d->dtype, "mat %s", cls ? cls : "?");
            snprintf(d->var, sizeof d->var, "%s", v);
            mat_image_shape(path, d);
        }
        return dlrf_matfile_read(path, v, out, err, len);
    }
    if (is_idx(path)) {
        if (d) snprintf(d->dtype, sizeof d->dtype, "idx uint8");
        return dlrf_idx_read(path, 0, out, d ? &d->img_h : NULL, d ? &d->img_w : NULL, err, len);
    }
    dlrf_dtype t;
    st = dlrf_npy_read(path, out, &t, err, len);
    if (d && st == DLRF_OK) snprintf(d->dtype, sizeof d->dtype, "%s", dlrf_dtype_name(t));
    return st;
}

/* Integers separated by commas, semicolons or white space; a first line that
 * does not start with a number is a header. */
static int read_text_labels(const char *path, int **out, size_t *n, char *err, size_t len) {
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, len, "%s: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1024, m = 0, line = 1;
    int *v = malloc(cap * sizeof(int)), c, first = 1, rc = 0;
    char tok[64];
    size_t tl = 0;
    while (v && rc == 0) {
        c = fgetc(f);
        if (c != EOF && !isspace(c) && c != ',' && c != ';') {
            if (tl < sizeof tok - 1) tok[tl++] = (char)c;
            continue;
        }
        if (tl) {
            tok[tl] = 0;
            char *end;
            double x = strtod(tok, &end);
            if (*end || !isfinite(x) || x != floor(x) || fabs(x) > 2e9) {
                if (!(first && line == 1)) {
                    snprintf(err, len, "%s:%zu: '%s' is not an integer label", path, line, tok);
                    rc = -1;
                }
                /* header line: skip to its end */
                while (c != EOF && c != '\n' && rc == 0)
                    c = fgetc(f);
            } else {
                if (m == cap) {
                    int *nv = realloc(v, (cap *= 2) * sizeof(int));
                    if (!nv) break;
                    v = nv;
                }
                v[m++] = (int)x;
            }
            first = 0;
            tl = 0;
        }
        if (c == '\n') line++;
        if (c == EOF) break;
    }
    fclose(f);
    if (!v || rc) {
        if (!v) snprintf(err, len, "%s: out of memory", path);
        free(v);
        return -1;
    }
    *out = v;
    *n = m;
    return 0;
}

/* A k x 1 or 1 x k matrix of integral values -> int labels. */
static int matrix_labels(const char *path, const dlrf_mat *L, int **out, size_t *n, char *err,
                         size_t len) {
    if (L->rows != 1 && L->cols != 1) {
        snprintf(err, len, "%s: labels must be a vector, got %zu x %zu", path, L->rows, L->cols);
        return -1;
    }
    size_t m = L->rows * L->cols;
    int *v = malloc((m ? m : 1) * sizeof(int));
    if (!v) {
        snprintf(err, len, "%s: out of memory", path);
        return -1;
    }
    for (size_t i = 0; i < m; i++) {
        double x = L->data[i];
        if (!isfinite(x) || x != floor(x) || fabs(x) > 2e9) {
            snprintf(err, len, "%s: label %zu is %g, not an integer", path, i + 1, x);
            free(v);
            return -1;
        }
        v[i] = (int)x;
    }
    *out = v;
    *n = m;
    return 0;
}

/* t10k-images-idx3-ubyte.gz -> t10k-labels-idx1-ubyte.gz, when it exists. */
static int idx_sibling(const char *images, char *buf, size_t len) {
    const char *p = strstr(images, "images-idx3");
    if (!p || strlen(images) + 1 > len) return 0;
    snprintf(buf, len, "%.*slabels-idx1%s", (int)(p - images), images, p + strlen("images-idx3"));
    return access(buf, R_OK) == 0;
}

static int load_labels(const cli_spec *sp, cli_dataset *d, int **lab, size_t *n, char *err,
                       size_t len, char *sib, size_t siblen) {
    const char *file = cli_get(sp, "labels"), *var = cli_get(sp, "labels-var");
    *lab = NULL;
    if (!file && ends_with(d->input, ".mat") && (var || first_var(d->input, label_names)))
        file = d->input;
    if (!file && is_idx(d->input) && idx_sibling(d->input, sib, siblen)) file = sib;
    if (!file) return 0;
    d->labels_from = file;
    if (!ends_with(file, ".mat") && !ends_with(file, ".npy") && !is_idx(file))
        return read_text_labels(file, lab, n, err, len);
    dlrf_mat *L;
    if (read_matrix(file, var, label_names, 0.0, &L, err, len, NULL) != DLRF_OK) return -1;
    int rc = matrix_labels(file, L, lab, n, err, len);
    dlrf_mat_free(L);
    return rc;
}

static int transpose(dlrf_mat **X) {
    dlrf_mat *T = dlrf_mat_new((*X)->cols, (*X)->rows);
    if (!T) return -1;
    for (size_t j = 0; j < (*X)->cols; j++)
        for (size_t i = 0; i < (*X)->rows; i++)
            DLRF_AT(T, j, i) = DLRF_AT(*X, i, j);
    dlrf_mat_free(*X);
    *X = T;
    return 0;
}

/* Samples as rows or columns: the flag, else the label count, else columns. */
static int orient(const cli_spec *sp, cli_dataset *d, size_t n_labels) {
    const char *s = cli_get(sp, "samples");
    size_t r = d->X->rows, c = d->X->cols;
    int rows;
    if (s && strcmp(s, "rows") && strcmp(s, "cols")) {
        cli_error(sp->cmd, "--samples: '%s' is not one of rows, cols", s);
        return -1;
    }
    if (!s && d->labels && r == c && n_labels == r) {
        cli_error(sp->cmd,
                  "%s is %zu x %zu with %zu labels: pass --samples rows or --samples cols to say "
                  "which are the samples",
                  d->input, r, c, n_labels);
        return -1;
    }
    if (s)
        rows = strcmp(s, "rows") == 0;
    else
        rows = d->labels && n_labels == r && n_labels != c;
    if (d->labels && n_labels != (rows ? r : c)) {
        cli_error(sp->cmd,
                  "%s: %zu labels for %zu samples (%s is %zu x %zu); pass labels of the "
                  "right length%s",
                  d->labels_from, n_labels, rows ? r : c, d->input, r, c,
                  s ? " or the other --samples" : "");
        return -1;
    }
    if (rows && transpose(&d->X)) {
        cli_error(sp->cmd, "%s: out of memory", d->input);
        return -1;
    }
    return 0;
}

static int parse_scale(const cli_spec *sp, data_scale *out) {
    const char *s = cli_get(sp, "scale");
    if (!s) return 0;
    *out = SCALE_NONE;
    if (strcmp(s, "none") == 0) return 0;
    if (strcmp(s, "unit") == 0)
        *out = SCALE_UNIT;
    else if (strcmp(s, "01") == 0)
        *out = SCALE_01;
    else if (strcmp(s, "zscore") == 0)
        *out = SCALE_ZSCORE;
    else {
        cli_error(sp->cmd, "--scale: '%s' is not one of none, unit, 01, zscore", s);
        return -1;
    }
    return 0;
}

static int check_values(const cli_spec *sp, const cli_dataset *d) {
    size_t bad = dlrf_mat_count_nonfinite(d->X);
    const char *why = bad              ? "contains NaN or Inf values; clean or impute them first"
                      : d->X->cols < 2 ? "has fewer than 2 samples; need N >= 2 (check --samples)"
                                       : NULL;
    if (why)
        cli_error(sp->cmd, "%s: %s (%zu features x %zu samples)", d->input, why, d->X->rows,
                  d->X->cols);
    return why ? -1 : 0;
}

static int is_csv(const char *p) {
    return ends_with(p, ".csv") || ends_with(p, ".tsv") || ends_with(p, ".txt");
}

/* A CSV table: one sample per row, labels from --label-col. 0, or -1 with err
 * filled (empty when already printed). */
static int read_csv(const cli_spec *sp, cli_dataset *d, size_t *n_labels, char *err, size_t len) {
    const char *lc = cli_get(sp, "label-col");
    int col = 0;
    err[0] = 0;
    if (cli_get(sp, "samples")) {
        snprintf(err, len, "%s: a CSV table holds one sample per row; drop --samples", d->input);
        return -1;
    }
    if (lc) {
        char *end;
        long v = strcmp(lc, "last") == 0 ? -1 : strtol(lc, &end, 10);
        if (v == 0 || (v > 0 && (*end || v > 65536))) {
            snprintf(err, len, "--label-col: '%s' is not a column number (from 1) or 'last'", lc);
            return -1;
        }
        col = (int)v;
    }
    if (dlrf_csv_read(d->input, col, &d->X, col ? &d->labels : NULL, err, len) != DLRF_OK)
        return -1;
    snprintf(d->dtype, sizeof d->dtype, "csv");
    if (col) {
        *n_labels = d->X->cols;
        d->labels_from = d->input;
    }
    return 0;
}

/* The input's memory limit: --memory-limit when the command has it and it is
 * valid (the command reports a bad one), else minus the memory available now
 * (the sign tells the error message which it is). */
static double input_limit(const cli_spec *sp) {
    const char *ml = cli_get(sp, "memory-limit");
    double b;
    return ml && memguard_parse(ml, &b) == 0 ? b : -memguard_available();
}

static int is_directory(const char *p) {
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The data matrix (and a CSV's or image folder's labels). 0, or -1 with err
 * filled (empty when already printed). */
static int read_data(const cli_spec *sp, cli_dataset *d, size_t *n_labels, char *err, size_t len) {
    if (is_csv(d->input) && !is_directory(d->input)) return read_csv(sp, d, n_labels, err, len);
    if (is_directory(d->input) && !ends_with(d->input, ".npy") && !ends_with(d->input, ".mat") &&
        !is_idx(d->input) && !is_csv(d->input)) {
        if (dlrf_images_read(d->input, &d->X, &d->labels, &d->img_h, &d->img_w, err, len) !=
            DLRF_OK)
            return -1;
        snprintf(d->dtype, sizeof d->dtype, "images");
        if (d->labels) {
            *n_labels = d->X->cols;
            d->labels_from = d->input;
        }
        return 0;
    }
    if (is_csv(d->input)) {
        snprintf(err, len, "%s: is a directory, not a table", d->input);
        return -1;
    }
    return read_matrix(d->input, cli_get(sp, "var"), data_names, input_limit(sp), &d->X, err, len,
                       d) == DLRF_OK
               ? 0
               : -1;
}

/* --classes, the draw, noise, image shape, scaling: in that order. */
static int prepare(const cli_spec *sp, data_select sel, cli_dataset *d) {
    d->n_file = d->X->cols;
    if (dataset_keep_classes(sp, d) || (sel == DATA_SELECT_DRAW && dataset_draw(sp, d)) ||
        dataset_add_noise(sp, d) || dataset_image_shape(sp, d))
        return -1;
    dataset_apply_scale(d->X, d->scale);
    dataset_describe(d);
    return 0;
}

static int load(const cli_spec *sp, int want_labels, int raw, data_scale scale, data_select sel,
                cli_dataset *d) {
    char err[1024], sib[4096];
    memset(d, 0, sizeof *d);
    d->scale = scale;
    d->input = cli_get(sp, "input");
    if (!d->input) {
        cli_error(sp->cmd, "--input is required (see dlrf %s --help)", sp->cmd);
        return 2;
    }
    if (parse_scale(sp, &d->scale)) return 2;
    size_t n_labels = 0;
    if (read_data(sp, d, &n_labels, err, sizeof err)) {
        if (err[0]) cli_error(sp->cmd, "%s", err);
        dataset_free(d);
        return 2;
    }
    if (want_labels && !d->labels &&
        load_labels(sp, d, &d->labels, &n_labels, err, sizeof err, sib, sizeof sib)) {
        cli_error(sp->cmd, "%s", err);
        dataset_free(d);
        return 2;
    }
    if (orient(sp, d, n_labels) || (!raw && check_values(sp, d))) {
        dataset_free(d);
        return 2;
    }
    if (d->labels_from == sib) { /* sib is about to go out of scope */
        snprintf(d->labels_path, sizeof d->labels_path, "%s", sib);
        d->labels_from = d->labels_path;
    }
    if (raw) {
        d->n_file = d->X->cols;
        return dataset_image_shape(sp, d) ? (dataset_free(d), 2) : 0;
    }
    if (prepare(sp, sel, d)) {
        dataset_free(d);
        return 2;
    }
    return 0;
}

int dataset_load(const cli_spec *sp, int want_labels, data_scale scale, cli_dataset *d) {
    return load(sp, want_labels, 0, scale, DATA_SELECT_NONE, d);
}

int dataset_load_select(const cli_spec *sp, int want_labels, data_scale scale, data_select sel,
                        cli_dataset *d) {
    return load(sp, want_labels, 0, scale, sel, d);
}

int dataset_load_raw(const cli_spec *sp, cli_dataset *d) {
    return load(sp, 1, 1, SCALE_NONE, DATA_SELECT_NONE, d);
}
