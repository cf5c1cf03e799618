/* What the loader does to the samples after reading them: keep classes,
 * draw classes and samples, add noise, know the image shape, scale. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/dataset.h"

const cli_opt select_opts[] = {
    {"random-classes", "K", "keep K classes drawn at random with --seed (needs labels)"},
    {"per-class", "N", "keep N random samples of each class (needs labels)"},
    {"seed", "S", "seed of the draws, of --noise-var and of PLrSC's subset (default 1)"},
};
const size_t select_opts_n = sizeof select_opts / sizeof select_opts[0];

/* Keeps the columns cols[0..n) of X and the labels, in that order. */
static int keep_columns(cli_dataset *d, const size_t *cols, size_t n) {
    dlrf_mat *Y = dlrf_mat_new(d->X->rows, n);
    if (!Y) return -1;
    for (size_t j = 0; j < n; j++) {
        memcpy(&DLRF_AT(Y, 0, j), &DLRF_AT(d->X, 0, cols[j]), d->X->rows * sizeof(double));
        if (d->labels) d->labels[j] = d->labels[cols[j]];
    }
    dlrf_mat_free(d->X);
    d->X = Y;
    return 0;
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* "3,7,9": the distinct labels of the kept samples, in increasing order. */
static void list_classes(cli_dataset *d) {
    size_t N = d->X->cols, at = 0;
    int *v = malloc((N ? N : 1) * sizeof(int));
    if (!v) return;
    memcpy(v, d->labels, N * sizeof(int));
    qsort(v, N, sizeof(int), cmp_int);
    for (size_t i = 0; i < N && at + 16 < sizeof d->classes; i++)
        if (i == 0 || v[i] != v[i - 1])
            at += (size_t)snprintf(d->classes + at, sizeof d->classes - at, "%s%d", at ? "," : "",
                                   v[i]);
    free(v);
}

static int need_labels(const cli_spec *sp, const cli_dataset *d, const char *opt) {
    if (d->labels) return 0;
    cli_error(sp->cmd,
              "--%s needs labels: pass --labels FILE (a .mat's Y/gnd and an IDX file's sibling "
              "labels file are found by themselves)",
              opt);
    return -1;
}

/* The integers of "3,7,9" into v (cap entries); their count, or -1. */
static int parse_int_list(const char *s, int *v, int cap) {
    int n = 0;
    const char *p = s;
    while (*p) {
        char *end;
        long x = strtol(p, &end, 10);
        if (end == p || (*end && *end != ',') || n == cap || x < -2000000000L || x > 2000000000L)
            return -1;
        v[n++] = (int)x;
        p = *end ? end + 1 : end;
    }
    return n;
}

static int has_label(const cli_dataset *d, int c) {
    for (size_t j = 0; j < d->X->cols; j++)
        if (d->labels[j] == c) return 1;
    return 0;
}

int dataset_keep_classes(const cli_spec *sp, cli_dataset *d) {
    const char *s = cli_get(sp, "classes");
    int want[1024];
    if (!s) return 0;
    if (need_labels(sp, d, "classes")) return -1;
    int n = parse_int_list(s, want, 1024);
    if (n < 1) {
        cli_error(sp->cmd,
                  "--classes: '%s' is not a comma-separated list of integer labels "
                  "(e.g. 3,7,9)",
                  s);
        return -1;
    }
    for (int i = 0; i < n; i++)
        if (!has_label(d, want[i])) {
            d->classes[0] = 0;
            list_classes(d);
            cli_error(sp->cmd, "--classes: no sample has label %d (%s has labels %s)", want[i],
                      d->labels_from, d->classes);
            return -1;
        }
    size_t *cols = malloc(d->X->cols * sizeof(size_t)), m = 0;
    if (!cols) return -1;
    for (size_t j = 0; j < d->X->cols; j++)
        for (int i = 0; i < n; i++)
            if (d->labels[j] == want[i]) {
                cols[m++] = j;
                break;
            }
    int rc = keep_columns(d, cols, m);
    free(cols);
    if (rc == 0) list_classes(d);
    return rc;
}

static int seed_of(const cli_spec *sp, int *seed) {
    *seed = 1;
    if (cli_int(sp, "seed", seed)) return -1;
    if (*seed < 0) {
        cli_error(sp->cmd, "--seed must be >= 0");
        return -1;
    }
    return 0;
}

int dataset_draw(const cli_spec *sp, cli_dataset *d) {
    int k = 0, per = 0, seed;
    const char *rk = cli_get(sp, "random-classes"), *pc = cli_get(sp, "per-class");
    if (!rk && !pc) return 0;
    if (cli_int(sp, "random-classes", &k) || cli_int(sp, "per-class", &per) || seed_of(sp, &seed))
        return -1;
    if ((rk && k < 1) || (pc && per < 1)) {
        cli_error(sp->cmd, "--%s must be at least 1", rk && k < 1 ? "random-classes" : "per-class");
        return -1;
    }
    if (need_labels(sp, d, rk ? "random-classes" : "per-class")) return -1;
    int *tmp = malloc(d->X->cols * sizeof(int));
    size_t *cols = malloc(d->X->cols * sizeof(size_t)), n = 0;
    int K = tmp && cols ? dlrf_labels_compact(d->labels, d->X->cols, tmp) : -1;
    free(tmp);
    int rc = -1;
    char err[256];
    if (K < 0)
        cli_error(sp->cmd, "out of memory");
    else if (k > K)
        cli_error(sp->cmd, "--random-classes %d: %s has only %d classes", k, d->labels_from, K);
    else if (dlrf_protocol_draw(d->labels, d->X->cols, k ? k : K, (size_t)per, (uint64_t)seed, cols,
                                &n, err, sizeof err) != DLRF_OK)
        cli_error(sp->cmd, "%s", err);
    else
        rc = keep_columns(d, cols, n);
    free(cols);
    if (rc == 0) list_classes(d);
    return rc;
}

int dataset_add_noise(const cli_spec *sp, cli_dataset *d) {
    double v = 0.0;
    int seed;
    if (!cli_get(sp, "noise-var")) return 0;
    if (cli_double(sp, "noise-var", &v) || seed_of(sp, &seed)) return -1;
    if (!(v >= 0.0)) {
        cli_error(sp->cmd, "--noise-var must be >= 0 (a variance on the 0-255 pixel scale)");
        return -1;
    }
    int pictured = cli_get(sp, "plots") || strcmp(sp->cmd, "plot grid") == 0;
    if (pictured && !(d->X_clean = dlrf_mat_dup(d->X))) { /* the "original" row */
        cli_error(sp->cmd, "out of memory");
        return -1;
    }
    data_pixel_noise(d->X, v, (uint64_t)seed ^ DATA_NOISE_STREAM);
    d->noise_var = v;
    return 0;
}

void data_pixel_noise(dlrf_mat *X, double var, uint64_t rng_seed) {
    /* Data stored in [0, 1] are pixels divided by 255. */
    double sd = sqrt(var) * (dlrf_mat_norm_inf(X) <= 1.0 ? 1.0 / 255.0 : 1.0);
    dlrf_rng rng;
    dlrf_rng_seed(&rng, rng_seed);
    for (size_t j = 0; j < X->cols; j++)
        for (size_t i = 0; i < X->rows; i++)
            DLRF_AT(X, i, j) += sd * dlrf_rng_normal(&rng);
}

int dataset_image_shape(const cli_spec *sp, cli_dataset *d) {
    const char *s = cli_get(sp, "image-shape");
    size_t n = d->X->rows;
    if (s) {
        unsigned long h, w;
        char x, tail;
        if (sscanf(s, "%lu%c%lu%c", &h, &x, &w, &tail) != 3 || (x != 'x' && x != 'X') || !h || !w) {
            cli_error(sp->cmd, "--image-shape: '%s' is not HEIGHTxWIDTH (e.g. 32x32)", s);
            return -1;
        }
        if ((size_t)h * w != n) {
            cli_error(sp->cmd,
                      "--image-shape %s: %lu pixels, but the samples of %s have %zu "
                      "features",
                      s, h * w, d->input, n);
            return -1;
        }
        d->img_h = h;
        d->img_w = w;
        d->img_guessed = 0;
    } else if (!d->img_h || d->img_h * d->img_w != n) {
        d->img_h = d->img_w = 0;
        size_t q = (size_t)llround(sqrt((double)n));
        if (q * q == n && n > 1) {
            d->img_h = d->img_w = q;
            d->img_guessed = 1;
        }
    }
    return 0;
}

/* Per feature: mean 0 and standard deviation 1 over the samples; a constant
 * feature becomes 0. */
static void zscore(dlrf_mat *X) {
    size_t N = X->cols;
    for (size_t i = 0; i < X->rows; i++) {
        double m = 0.0, q = 0.0;
        for (size_t j = 0; j < N; j++)
            m += DLRF_AT(X, i, j);
        m /= (double)N;
        for (size_t j = 0; j < N; j++)
            q += (DLRF_AT(X, i, j) - m) * (DLRF_AT(X, i, j) - m);
        double sd = sqrt(q / (double)N), inv = sd > 0.0 ? 1.0 / sd : 0.0;
        for (size_t j = 0; j < N; j++)
            DLRF_AT(X, i, j) = (DLRF_AT(X, i, j) - m) * inv;
    }
}

void dataset_apply_scale(dlrf_mat *X, data_scale s) {
    if (s == SCALE_01) {
        double m = dlrf_mat_norm_inf(X); /* the largest |entry| */
        if (m > 0.0) dlrf_mat_scale(X, 1.0 / m);
    }
    if (s == SCALE_UNIT) dlrf_mat_unit_columns(X);
    if (s == SCALE_ZSCORE) zscore(X);
}

static void key(dlrf_json *j, const char *k) {
    dlrf_json_raw(j, ", ");
    dlrf_json_key(j, k);
}

void dataset_describe(cli_dataset *d) {
    dlrf_json j;
    dlrf_json_init(&j);
    dlrf_json_raw(&j, "{");
    dlrf_json_key(&j, "file");
    dlrf_json_str(&j, d->input);
    if (d->var[0]) {
        key(&j, "var");
        dlrf_json_str(&j, d->var);
    }
    key(&j, "dtype");
    dlrf_json_str(&j, d->dtype);
    key(&j, "labels");
    if (d->labels_from)
        dlrf_json_str(&j, d->labels_from);
    else
        dlrf_json_raw(&j, "null");
    key(&j, "samples_in_file");
    dlrf_json_int(&j, (long long)d->n_file);
    key(&j, "samples");
    dlrf_json_int(&j, (long long)d->X->cols);
    key(&j, "features");
    dlrf_json_int(&j, (long long)d->X->rows);
    key(&j, "classes");
    if (d->classes[0])
        dlrf_json_str(&j, d->classes);
    else
        dlrf_json_raw(&j, "null");
    key(&j, "noise_var");
    dlrf_json_num(&j, d->noise_var);
    key(&j, "scale");
    dlrf_json_str(&j, data_scale_name(d->scale));
    key(&j, "image_shape");
    if (d->img_h) {
        char buf[64];
        snprintf(buf, sizeof buf, "[%zu, %zu]", d->img_h, d->img_w);
        dlrf_json_raw(&j, buf);
        key(&j, "image_order");
        dlrf_json_str(&j, d->img_colmajor ? "column-major" : "row-major");
        key(&j, "image_shape_guessed");
        dlrf_json_raw(&j, d->img_guessed ? "true" : "false");
    } else
        dlrf_json_raw(&j, "null");
    dlrf_json_raw(&j, "}");
    free(d->json);
    d->json = j.failed ? NULL : j.buf;
    if (j.failed) dlrf_json_free(&j);
}
