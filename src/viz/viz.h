/* Internal to src/viz: a cairo canvas written atomically, text, colours,
 * axis ticks. */
#ifndef DLRF_VIZ_INTERNAL_H
#define DLRF_VIZ_INTERNAL_H

#include <cairo.h>

#include "dlrf/viz.h"

#define VIZ_PI 3.14159265358979323846

typedef struct {
    cairo_surface_t *surface;
    cairo_t *cr;
    int kind; /* 0 png, 1 svg, 2 pdf */
    char path[4096], tmp[4160];
} viz_canvas;

/* A white width x height canvas for path (.png/.svg/.pdf). 0, or -1 with err. */
int viz_begin(viz_canvas *c, const char *path, int width, int height, char *err, size_t errlen);
/* Finishes the picture and renames it into place; frees the canvas. */
dlrf_status viz_end(viz_canvas *c, char *err, size_t errlen);
/* Frees the canvas and removes its temporary file. */
void viz_abort(viz_canvas *c);

/* Text at (x, y); ax, ay in [0, 1] place the anchor (0 left/top, 0.5 centre,
 * 1 right/bottom). */
void viz_text(cairo_t *cr, double x, double y, double size, double ax, double ay, const char *s);
/* Text rotated a quarter turn anticlockwise, centred on (x, y). */
void viz_text_up(cairo_t *cr, double x, double y, double size, const char *s);

/* The colour map at t in [0, 1]. */
void viz_colormap(double t, double rgb[3]);
/* Series colour, dash pattern and marker k (cycling). */
void viz_series_style(cairo_t *cr, int k);
void viz_marker(cairo_t *cr, int k, double x, double y, double r);

/* "Nice" tick values (1, 2, 5 x 10^e) covering [lo, hi]: count (<= cap). */
int viz_ticks(double lo, double hi, int target, double *ticks, int cap);
/* A tick label: %g with at most 4 significant digits; 10^e on log axes. */
void viz_tick_label(double v, int log_axis, char *buf, size_t len);

#endif
