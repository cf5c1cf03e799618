/* Image grids (the paper's Fig. 4): a row per matrix (original, noisy,
 * recovered features of each layer), a column per chosen sample. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "viz/viz.h"

enum { GRID_LEFT = 120, GRID_TOP = 40, GRID_GAP = 4, GRID_RIGHT = 10, GRID_BOTTOM = 10 };

static int zoom_of(const dlrf_grid_opts *o) {
    size_t side = o->height > o->width ? o->height : o->width;
    return o->zoom > 0 ? o->zoom : side >= 64 ? 1 : (int)lround(64.0 / (double)side);
}

void dlrf_grid_tile_origin(const dlrf_grid_opts *o, int row, int col, int *x, int *y) {
    int z = zoom_of(o);
    *x = GRID_LEFT + col * ((int)o->width * z + GRID_GAP);
    *y = GRID_TOP + row * ((int)o->height * z + GRID_GAP);
}

/* Grey level of value v in a tile spanning [lo, hi]. */
static unsigned grey(double v, double lo, double hi) {
    return hi > lo ? (unsigned)lround(255.0 * (v - lo) / (hi - lo)) : 128u;
}

/* One tile: column j of M as an image, stretched to its own range. */
static cairo_surface_t *tile(const dlrf_mat *M, size_t j, const dlrf_grid_opts *o, int z) {
    size_t h = o->height, w = o->width;
    const double *v = &DLRF_AT(M, 0, j);
    double lo = v[0], hi = v[0];
    for (size_t i = 1; i < h * w; i++)
        lo = v[i] < lo ? v[i] : lo, hi = v[i] > hi ? v[i] : hi;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w * z, (int)h * z);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) return img;
    cairo_surface_flush(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (size_t y = 0; y < h * (size_t)z; y++) {
        uint32_t *row = (uint32_t *)(void *)(data + y * (size_t)stride);
        for (size_t x = 0; x < w * (size_t)z; x++) {
            size_t r = y / (size_t)z, c = x / (size_t)z;
            unsigned g = grey(v[o->colmajor ? r + c * h : r * w + c], lo, hi);
            row[x] = g << 16 | g << 8 | g;
        }
    }
    cairo_surface_mark_dirty(img);
    return img;
}

static dlrf_status check(const char *path, const dlrf_mat *const *rows, int n_rows,
                         const size_t *samples, int n_samples, const dlrf_grid_opts *o, char *err,
                         size_t errlen) {
    if (!o || !o->height || !o->width || n_rows < 1 || n_samples < 1 || !rows || !samples) {
        dlrf_set_err(err, errlen, "%s: an image grid needs an image shape, rows and samples", path);
        return DLRF_EINVAL;
    }
    for (int r = 0; r < n_rows; r++) {
        if (rows[r]->rows != o->height * o->width) {
            dlrf_set_err(err, errlen, "%s: row %d has %zu features, not %zu x %zu", path, r + 1,
                         rows[r]->rows, o->height, o->width);
            return DLRF_EINVAL;
        }
        for (int c = 0; c < n_samples; c++)
            if (samples[c] >= rows[r]->cols) {
                dlrf_set_err(err, errlen, "%s: sample %zu is out of range (%zu samples)", path,
                             samples[c], rows[r]->cols);
                return DLRF_EINVAL;
            }
    }
    return DLRF_OK;
}

dlrf_status dlrf_plot_grid(const char *path, const dlrf_mat *const *rows, const char *const *names,
                           int n_rows, const size_t *samples, int n_samples,
                           const dlrf_grid_opts *o, char *err, size_t errlen) {
    dlrf_status st = check(path, rows, n_rows, samples, n_samples, o, err, errlen);
    if (st != DLRF_OK) return st;
    int z = zoom_of(o), W, H, x, y;
    dlrf_grid_tile_origin(o, n_rows, n_samples, &W, &H);
    viz_canvas c;
    W = W - GRID_GAP + GRID_RIGHT;
    if (o->title && W < GRID_LEFT + 8 * (int)strlen(o->title)) /* room for the title */
        W = GRID_LEFT + 8 * (int)strlen(o->title);
    if (viz_begin(&c, path, W, H - GRID_GAP + GRID_BOTTOM, err, errlen)) return DLRF_EINVAL;
    for (int r = 0; r < n_rows && st == DLRF_OK; r++) {
        for (int q = 0; q < n_samples && st == DLRF_OK; q++) {
            cairo_surface_t *img = tile(rows[r], samples[q], o, z);
            if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) st = DLRF_ENOMEM;
            dlrf_grid_tile_origin(o, r, q, &x, &y);
            cairo_set_source_surface(c.cr, img, x, y);
            cairo_paint(c.cr);
            cairo_surface_destroy(img);
        }
        dlrf_grid_tile_origin(o, r, 0, &x, &y);
        cairo_set_source_rgb(c.cr, 0, 0, 0);
        viz_text(c.cr, GRID_LEFT - 8, y + (double)o->height * z / 2, 12, 1, 0.5,
                 names && names[r] ? names[r] : "");
    }
    cairo_set_source_rgb(c.cr, 0, 0, 0);
    if (o->title) viz_text(c.cr, 10, GRID_TOP / 2.0, 14, 0, 0.5, o->title);
    if (st != DLRF_OK) {
        viz_abort(&c);
        dlrf_set_err(err, errlen, "%s: out of memory", path);
        return st;
    }
    return viz_end(&c, err, errlen);
}
