/* dlrf info: what a data file holds — shape, stored type, value range,
 * non-finite cells, labels and their class counts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/dataset.h"

static void value_range(const dlrf_mat *X, double *lo, double *hi, size_t *nan, size_t *inf) {
    *lo = INFINITY;
    *hi = -INFINITY;
    *nan = *inf = 0;
    for (size_t j = 0; j < X->cols; j++)
        for (size_t i = 0; i < X->rows; i++) {
            double v = DLRF_AT(X, i, j);
            if (isnan(v))
                (*nan)++;
            else if (isinf(v))
                (*inf)++;
            else {
                *lo = v < *lo ? v : *lo;
                *hi = v > *hi ? v : *hi;
            }
        }
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* "K classes: v1 (c1), v2 (c2), ..." in label order. */
static void print_classes(const int *labels, size_t n) {
    int *s = malloc(n * sizeof(int));
    if (!s) return;
    memcpy(s, labels, n * sizeof(int));
    qsort(s, n, sizeof(int), cmp_int);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += i == 0 || s[i] != s[i - 1];
    printf("classes:  %zu:", k);
    for (size_t i = 0, run = 1; i < n; i++, run++)
        if (i + 1 == n || s[i + 1] != s[i]) {
            printf(" %d (%zu)", s[i], run);
            run = 0;
        }
    printf("\n");
    free(s);
}

int cmd_info(int argc, char **argv) {
    const char *values[8] = {0};
    cli_spec sp = {"info",
                   "FILE [--labels FILE] [options]",
                   "Describe a data file: samples and features, the stored element type, the "
                   "value range,\nNaN/Inf cells, and the labels with their class counts.",
                   data_opts,
                   DATA_OPTS_READ /* reading only: no selection, noise or scaling */,
                   values};
    /* dlrf info FILE [options] is dlrf info --input FILE [options] */
    char **args = malloc(((size_t)argc + 2) * sizeof(char *));
    if (!args) return 2;
    int n = 0;
    args[n++] = argv[0];
    if (argc > 1 && argv[1][0] != '-') args[n++] = "--input";
    for (int i = 1; i < argc; i++)
        args[n++] = argv[i];
    int p = cli_parse(&sp, n, args);
    free(args);
    if (p) return p > 0 ? 0 : 2;
    cli_dataset d;
    if (dataset_load_raw(&sp, &d)) return 2;
    double lo, hi;
    size_t nan, inf;
    value_range(d.X, &lo, &hi, &nan, &inf);
    printf("file:     %s%s%s\n", d.input, d.var[0] ? "  variable " : "", d.var);
    printf("samples:  %zu\nfeatures: %zu\ndtype:    %s\n", d.X->cols, d.X->rows, d.dtype);
    if (nan + inf < d.X->rows * d.X->cols) printf("range:    %.6g .. %.6g\n", lo, hi);
    printf("nan:      %zu\ninf:      %zu\n", nan, inf);
    if (d.img_h)
        printf("images:   %zu x %zu, %s%s\n", d.img_h, d.img_w,
               d.img_colmajor ? "column-major (MATLAB)" : "row-major",
               d.img_guessed ? " (guessed from the square feature count; --image-shape sets it)"
                             : "");
    if (d.labels) {
        printf("labels:   %s\n", d.labels_from);
        print_classes(d.labels, d.X->cols);
    } else
        printf("labels:   none\n");
    dataset_free(&d);
    return 0;
}
