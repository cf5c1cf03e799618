/* |Z| heatmaps (the paper's Fig. 3), block-averaged so that no N x N bitmap
 * is made, and confusion matrices with their counts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/graph.h"
#include "core/core.h"
#include "viz/viz.h"

enum { HM_LEFT = 30, HM_TOP = 44, HM_RIGHT = 110, HM_BOTTOM = 24 };

typedef struct {
    const size_t *pix; /* sample -> pixel row/column of the accumulator */
    double *acc;       /* P x P, column-major */
    size_t P;
} hm_ctx;

static void accumulate(void *ctx, const dlrf_mat *Zb, size_t j0) {
    hm_ctx *h = ctx;
    for (size_t jj = 0; jj < Zb->cols; jj++) {
        double *col = h->acc + h->pix[j0 + jj] * h->P;
        const double *z = &DLRF_AT(Zb, 0, jj);
        for (size_t i = 0; i < Zb->rows; i++)
            col[h->pix[i]] += fabs(z[i]);
    }
}

typedef struct {
    int label;
    size_t index;
} keyed;

static int by_label(const void *a, const void *b) {
    const keyed *x = a, *y = b;
    return x->label != y->label ? (x->label > y->label) - (x->label < y->label)
                                : (x->index > y->index) - (x->index < y->index); /* stable */
}

/* order[k]: the sample at sorted position k (by label, then index). */
static int class_order(const int *labels, size_t N, size_t *order) {
    keyed *k = labels ? malloc(N * sizeof(keyed)) : NULL;
    if (labels && !k) return -1;
    for (size_t i = 0; i < N; i++)
        if (k) k[i] = (keyed){labels[i], i};
    if (k) qsort(k, N, sizeof(keyed), by_label);
    for (size_t i = 0; i < N; i++)
        order[i] = k ? k[i].index : i;
    free(k);
    return 0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The smallest value and the 99.5th percentile. */
static void colour_range(const double *v, size_t n, double *lo, double *hi) {
    double *s = malloc(n * sizeof(double));
    if (!s) {
        *lo = 0.0, *hi = 1.0;
        return;
    }
    memcpy(s, v, n * sizeof(double));
    qsort(s, n, sizeof(double), cmp_double);
    *lo = s[0];
    *hi = s[(size_t)floor(0.995 * (double)(n - 1))];
    if (!(*hi > *lo)) *hi = s[n - 1] > *lo ? s[n - 1] : *lo + 1.0;
    free(s);
}

/* The accumulator as an S x S image (zoom k: a cell is k x k pixels). */
static cairo_surface_t *raster(const double *acc, size_t P, int k, double lo, double hi) {
    int S = (int)P * k;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, S, S);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) return img;
    cairo_surface_flush(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int y = 0; y < S; y++) {
        uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < S; x++) {
            double rgb[3];
            viz_colormap((acc[(size_t)(y / k) + (size_t)(x / k) * P] - lo) / (hi - lo), rgb);
            row[x] = (uint32_t)lround(rgb[0] * 255) << 16 | (uint32_t)lround(rgb[1] * 255) << 8 |
                     (uint32_t)lround(rgb[2] * 255);
        }
    }
    cairo_surface_mark_dirty(img);
    return img;
}

static void colour_bar(cairo_t *cr, double x, double y, double h, double lo, double hi) {
    for (int i = 0; i < (int)h; i++) {
        double rgb[3];
        viz_colormap(1.0 - (i + 0.5) / h, rgb);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_rectangle(cr, x, y + i, 14, 1);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    char buf[32];
    for (int t = 0; t <= 4; t++) {
        snprintf(buf, sizeof buf, "%.3g", hi - (hi - lo) * t / 4.0);
        viz_text(cr, x + 18, y + h * t / 4.0, 10, 0, 0.5, buf);
    }
}

/* Thin white lines where the class changes along the sorted samples. */
static void boundaries(cairo_t *cr, const int *labels, const size_t *order, size_t N, double x0,
                       double y0, double S) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 1.0);
    for (size_t k = 1; k < N; k++) {
        if (labels[order[k]] == labels[order[k - 1]]) continue;
        double p = floor((double)k * S / (double)N) + 0.5;
        cairo_move_to(cr, x0 + p, y0);
        cairo_line_to(cr, x0 + p, y0 + S);
        cairo_move_to(cr, x0, y0 + p);
        cairo_line_to(cr, x0 + S, y0 + p);
    }
    cairo_stroke(cr);
}

/* Fills acc with the block means of |Z| (Z = F G, or F when G is NULL). */
static dlrf_status block_means(const dlrf_mat *F, const dlrf_mat *G, const size_t *pix, size_t P,
                               double *acc) {
    size_t N = F->rows;
    hm_ctx h = {pix, acc, P};
    double *cnt = calloc(P, sizeof(double));
    if (!cnt) return DLRF_ENOMEM;
    dlrf_status st = DLRF_OK;
    if (G)
        st = cl_for_each_zblock(F, G, accumulate, &h);
    else
        for (size_t j0 = 0; j0 < N; j0 += 256) {
            dlrf_mat v = dlrf_mat_view(F, 0, j0, N, N - j0 < 256 ? N - j0 : 256);
            accumulate(&h, &v, j0);
        }
    for (size_t i = 0; i < N; i++)
        cnt[pix[i]] += 1.0;
    for (size_t c = 0; c < P; c++)
        for (size_t r = 0; r < P; r++)
            acc[r + c * P] /= cnt[r] * cnt[c] > 0 ? cnt[r] * cnt[c] : 1.0;
    free(cnt);
    return st;
}

static dlrf_status draw_z(viz_canvas *c, const double *acc, size_t P, int k, const int *labels,
                          const size_t *order, size_t N, const char *title) {
    double lo, hi, S = (double)P * k;
    colour_range(acc, P * P, &lo, &hi);
    cairo_surface_t *img = raster(acc, P, k, lo, hi);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return DLRF_ENOMEM;
    }
    cairo_set_source_surface(c->cr, img, HM_LEFT, HM_TOP);
    cairo_pattern_set_filter(cairo_get_source(c->cr), CAIRO_FILTER_NEAREST);
    cairo_paint(c->cr);
    cairo_surface_destroy(img);
    if (labels) boundaries(c->cr, labels, order, N, HM_LEFT, HM_TOP, S);
    colour_bar(c->cr, HM_LEFT + S + 16, HM_TOP, S, lo, hi);
    cairo_set_source_rgb(c->cr, 0, 0, 0);
    if (title) viz_text(c->cr, HM_LEFT + S / 2, HM_TOP / 2.0, 14, 0.5, 0.5, title);
    char buf[64];
    snprintf(buf, sizeof buf, "|Z|, %zu samples%s", N, labels ? " by class" : "");
    viz_text(c->cr, HM_LEFT + S / 2, HM_TOP + S + HM_BOTTOM / 2.0, 11, 0.5, 0.5, buf);
    return DLRF_OK;
}

dlrf_status dlrf_plot_z(const char *path, const dlrf_mat *F, const dlrf_mat *G, const int *labels,
                        const dlrf_heatmap_opts *o, dlrf_plot_frame *frame, char *err,
                        size_t errlen) {
    size_t N = F ? F->rows : 0;
    if (!F || N == 0 || (G ? F->cols != G->rows || G->cols != N : F->cols != N)) {
        dlrf_set_err(err, errlen, "%s: Z must be N x N (or F N x r and G r x N)", path);
        return DLRF_EINVAL;
    }
    size_t size = o && o->size > 0 ? (size_t)o->size : 512;
    size_t P = N <= size ? N : size;
    int k = N <= size ? (int)(size / N) : 1;
    size_t *order = malloc(N * sizeof(size_t)), *pix = malloc(N * sizeof(size_t));
    double *acc = calloc(P * P, sizeof(double));
    dlrf_status st = order && pix && acc ? DLRF_OK : DLRF_ENOMEM;
    viz_canvas c;
    if (st == DLRF_OK) {
        for (size_t q = 0; q < N; q++)
            pix[q] = 0;
        st = class_order(labels, N, order) ? DLRF_ENOMEM : DLRF_OK;
        for (size_t q = 0; q < N && st == DLRF_OK; q++)
            pix[order[q]] = q * P / N;
        if (st == DLRF_OK) st = block_means(F, G, pix, P, acc);
    }
    int S = (int)P * k;
    if (st == DLRF_OK &&
        viz_begin(&c, path, HM_LEFT + S + HM_RIGHT, HM_TOP + S + HM_BOTTOM, err, errlen) == 0) {
        st = draw_z(&c, acc, P, k, labels, order, N, o ? o->title : NULL);
        st = st == DLRF_OK ? viz_end(&c, err, errlen) : (viz_abort(&c), st);
    } else if (st == DLRF_OK)
        st = DLRF_EINVAL;
    if (st == DLRF_ENOMEM) dlrf_set_err(err, errlen, "%s: out of memory", path);
    if (st == DLRF_OK && frame)
        *frame = (dlrf_plot_frame){HM_LEFT,   HM_TOP, HM_LEFT + S, HM_TOP + S, 0,
                                   (double)N, 0,      (double)N,   0,          0};
    free(order), free(pix), free(acc);
    return st;
}

/* ---- confusion matrix ----------------------------------------------------- */

static void confusion_cells(cairo_t *cr, const long *counts, int rows, int cols, double x0,
                            double y0, double cell) {
    long top = 1;
    for (int t = 0; t < rows * cols; t++)
        top = counts[t] > top ? counts[t] : top;
    char buf[32];
    for (int r = 0; r < rows; r++)
        for (int q = 0; q < cols; q++) {
            double t = (double)counts[r * cols + q] / (double)top, rgb[3];
            viz_colormap(t, rgb);
            cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
            cairo_rectangle(cr, x0 + q * cell, y0 + r * cell, cell, cell);
            cairo_fill(cr);
            double ink = t < 0.6 ? 1.0 : 0.0; /* white on the dark end of the map */
            cairo_set_source_rgb(cr, ink, ink, ink);
            snprintf(buf, sizeof buf, "%ld", counts[r * cols + q]);
            viz_text(cr, x0 + (q + 0.5) * cell, y0 + (r + 0.5) * cell, cell * 0.3, 0.5, 0.5, buf);
        }
}

dlrf_status dlrf_plot_confusion(const char *path, const long *counts, int rows, int cols,
                                const int *class_names, const char *title, char *err,
                                size_t errlen) {
    if (!counts || rows < 1 || cols < 1) {
        dlrf_set_err(err, errlen, "%s: an empty confusion matrix", path);
        return DLRF_EINVAL;
    }
    int big = rows > cols ? rows : cols;
    double cell = big <= 6 ? 60 : big >= 15 ? 24 : 360.0 / big;
    double x0 = 80, y0 = 70, W = x0 + cols * cell + 30, H = y0 + rows * cell + 40;
    viz_canvas c;
    if (viz_begin(&c, path, (int)W, (int)H, err, errlen)) return DLRF_EINVAL;
    confusion_cells(c.cr, counts, rows, cols, x0, y0, cell);
    cairo_set_source_rgb(c.cr, 0, 0, 0);
    char buf[48];
    for (int q = 0; q < cols; q++) {
        snprintf(buf, sizeof buf, "%d", class_names ? class_names[q] : q);
        viz_text(c.cr, x0 + (q + 0.5) * cell, y0 - 10, 11, 0.5, 1, buf);
    }
    for (int r = 0; r < rows; r++) {
        snprintf(buf, sizeof buf, "cluster %d", r + 1);
        viz_text(c.cr, x0 - 6, y0 + (r + 0.5) * cell, 11, 1, 0.5, buf);
    }
    viz_text(c.cr, x0 + cols * cell / 2, y0 - 30, 11, 0.5, 1, "true class");
    viz_text(c.cr, x0 + cols * cell / 2, 18, 14, 0.5, 0.5, title ? title : "confusion matrix");
    return viz_end(&c, err, errlen);
}
