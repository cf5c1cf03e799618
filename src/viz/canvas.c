/* The canvas every picture is drawn on, and what all of them share: text,
 * colours, ticks. */
#define _POSIX_C_SOURCE 200809L
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "viz/viz.h"

static int kind_of(const char *path) {
    size_t n = strlen(path);
    if (n >= 4 && strcmp(path + n - 4, ".png") == 0) return 0;
    if (n >= 4 && strcmp(path + n - 4, ".svg") == 0) return 1;
    if (n >= 4 && strcmp(path + n - 4, ".pdf") == 0) return 2;
    return -1;
}

int viz_begin(viz_canvas *c, const char *path, int width, int height, char *err, size_t errlen) {
    memset(c, 0, sizeof *c);
    c->kind = kind_of(path);
    if (c->kind < 0) {
        dlrf_set_err(err, errlen, "%s: a picture's name must end in .png, .svg or .pdf", path);
        return -1;
    }
    snprintf(c->path, sizeof c->path, "%s", path);
    snprintf(c->tmp, sizeof c->tmp, "%s.tmp%ld", path, (long)getpid());
    c->surface = c->kind == 0   ? cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height)
                 : c->kind == 1 ? cairo_svg_surface_create(c->tmp, width, height)
                                : cairo_pdf_surface_create(c->tmp, width, height);
    if (cairo_surface_status(c->surface) != CAIRO_STATUS_SUCCESS) {
        dlrf_set_err(err, errlen, "%s: cannot create the picture: %s", path,
                     cairo_status_to_string(cairo_surface_status(c->surface)));
        viz_abort(c);
        return -1;
    }
    c->cr = cairo_create(c->surface);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_paint(c->cr);
    cairo_select_font_face(c->cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    return 0;
}

void viz_abort(viz_canvas *c) {
    if (c->cr) cairo_destroy(c->cr);
    if (c->surface) cairo_surface_destroy(c->surface);
    c->cr = NULL;
    c->surface = NULL;
    if (c->tmp[0]) remove(c->tmp);
}

dlrf_status viz_end(viz_canvas *c, char *err, size_t errlen) {
    cairo_status_t st = cairo_status(c->cr);
    cairo_destroy(c->cr);
    c->cr = NULL;
    if (st == CAIRO_STATUS_SUCCESS && c->kind == 0)
        st = cairo_surface_write_to_png(c->surface, c->tmp);
    cairo_surface_finish(c->surface);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(c->surface);
    cairo_surface_destroy(c->surface);
    c->surface = NULL;
    if (st != CAIRO_STATUS_SUCCESS || rename(c->tmp, c->path) != 0) {
        dlrf_set_err(err, errlen, "%s: cannot write the picture: %s", c->path,
                     st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st) : strerror(errno));
        remove(c->tmp);
        return DLRF_EIO;
    }
    return DLRF_OK;
}

void viz_text(cairo_t *cr, double x, double y, double size, double ax, double ay, const char *s) {
    cairo_text_extents_t e;
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, s, &e);
    /* horizontally by the advance, vertically by the cap height */
    double h = size * 0.72;
    cairo_move_to(cr, x - ax * e.x_advance, y + (1.0 - ay) * h);
    cairo_show_text(cr, s);
}

void viz_text_up(cairo_t *cr, double x, double y, double size, const char *s) {
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, -VIZ_PI / 2);
    viz_text(cr, 0, 0, size, 0.5, 0.5, s);
    cairo_restore(cr);
}

/* Viridis at nine evenly spaced stops, interpolated linearly. */
void viz_colormap(double t, double rgb[3]) {
    static const unsigned char stops[9][3] = {{68, 1, 84},    {72, 40, 120},  {62, 73, 137},
                                              {49, 104, 142}, {38, 130, 142}, {31, 158, 137},
                                              {53, 183, 121}, {110, 206, 88}, {253, 231, 37}};
    if (!(t > 0.0)) t = 0.0;
    if (t > 1.0) t = 1.0;
    double u = t * 8.0;
    int k = (int)u < 8 ? (int)u : 7;
    double f = u - k;
    for (int i = 0; i < 3; i++)
        rgb[i] = ((1.0 - f) * stops[k][i] + f * stops[k + 1][i]) / 255.0;
}

/* Okabe-Ito colours, with dashes and markers so that series differ in grey. */
void viz_series_style(cairo_t *cr, int k) {
    static const unsigned colours[] = {0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                                       0xE69F00, 0x56B4E9, 0x000000, 0xF0E442};
    static const double dashes[4][2] = {{1, 0}, {6, 3}, {2, 2}, {8, 2}};
    unsigned c = colours[k % 8];
    cairo_set_source_rgb(cr, (c >> 16 & 255) / 255.0, (c >> 8 & 255) / 255.0, (c & 255) / 255.0);
    int d = k % 4;
    cairo_set_dash(cr, dashes[d], d ? 2 : 0, 0);
}

void viz_marker(cairo_t *cr, int k, double x, double y, double r) {
    switch (k % 4) {
    case 0:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * VIZ_PI);
        break;
    case 1:
        cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
        break;
    case 2:
        cairo_move_to(cr, x, y - 1.2 * r);
        cairo_line_to(cr, x + 1.1 * r, y + 0.8 * r);
        cairo_line_to(cr, x - 1.1 * r, y + 0.8 * r);
        cairo_close_path(cr);
        break;
    default:
        cairo_move_to(cr, x, y - 1.3 * r);
        cairo_line_to(cr, x + 1.3 * r, y);
        cairo_line_to(cr, x, y + 1.3 * r);
        cairo_line_to(cr, x - 1.3 * r, y);
        cairo_close_path(cr);
    }
    cairo_fill(cr);
}

int viz_ticks(double lo, double hi, int target, double *ticks, int cap) {
    if (!(hi > lo)) {
        ticks[0] = lo;
        return 1;
    }
    double raw = (hi - lo) / (target > 1 ? target : 2), e = pow(10.0, floor(log10(raw)));
    double step = raw / e < 1.5 ? e : raw / e < 3.5 ? 2 * e : raw / e < 7.5 ? 5 * e : 10 * e;
    int n = 0;
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step && n < cap; v += step)
        ticks[n++] = fabs(v) < 1e-12 * step ? 0.0 : v;
    return n;
}

void viz_tick_label(double v, int log_axis, char *buf, size_t len) {
    if (log_axis)
        snprintf(buf, len, "1e%d", (int)lround(v));
    else
        snprintf(buf, len, "%.4g", v);
}
