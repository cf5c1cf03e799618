/* dlrf — pictures drawn with cairo: |Z| heatmaps (the paper's Fig. 3), image
 * grids of samples and their recovered features (Fig. 4), line plots with
 * error bars (Figs. 5, 6, convergence histories) and confusion matrices.
 *
 * The file type follows the name: .png, .svg or .pdf. Every picture is drawn
 * into a temporary file in the same directory and renamed when complete.
 * Colours: a viridis-like map whose lightness rises monotonically (it reads
 * in greyscale and for colour-blind readers); series use the Okabe-Ito
 * palette with distinct markers and dashes.
 */
#ifndef DLRF_VIZ_H
#define DLRF_VIZ_H

#include "dlrf/common.h"
#include "dlrf/mat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a plot's data area lies in the picture, in pixels (PNG) or points. */
typedef struct {
    double x0, y0, x1, y1;         /* data area: left, top, right, bottom */
    double xmin, xmax, ymin, ymax; /* the axis ranges (log10 of them on log axes) */
    int logx, logy;
} dlrf_plot_frame;

/* ---- |Z| heatmap ---------------------------------------------------------- */
typedef struct {
    const char *title; /* e.g. "fDLRF-Net layer 2, lambda 0.1" */
    int size;          /* pixels of the matrix area's side (default 512) */
} dlrf_heatmap_opts;

/* Draws |Z| for Z = F G (N x N; F is N x r, G is r x N; G NULL: F is Z).
 * labels (may be NULL) order the samples by class (stable) and draw thin
 * lines at the class boundaries. The matrix area is size x size pixels, each
 * pixel the mean |Z_ij| over the block of samples it covers (a sample covers
 * a whole number of pixels when N <= size), so no N x N bitmap is made;
 * colours run from the smallest to the 99.5th-percentile pixel value, with a
 * colour bar. frame (may be NULL) receives the matrix area. */
dlrf_status dlrf_plot_z(const char *path, const dlrf_mat *F, const dlrf_mat *G, const int *labels,
                        const dlrf_heatmap_opts *o, dlrf_plot_frame *frame, char *err,
                        size_t errlen);

/* ---- image grid ----------------------------------------------------------- */
typedef struct {
    size_t height, width; /* image shape of a sample */
    int colmajor;         /* pixels stored column by column (MATLAB) */
    int zoom;             /* pixels per image pixel (default: tiles about 64 px) */
    const char *title;
} dlrf_grid_opts;

/* One row of tiles per matrix (n x N, n = height*width), one column per
 * chosen sample: tile (r, c) shows column samples[c] of rows[r], labelled by
 * names[r]. Each tile is contrast-stretched on its own: its smallest value is
 * black (0), its largest white (255), grey round(255 (v - min) / (max - min))
 * between (a constant tile is mid-grey 128); each image pixel is a zoom x
 * zoom square. */
dlrf_status dlrf_plot_grid(const char *path, const dlrf_mat *const *rows, const char *const *names,
                           int n_rows, const size_t *samples, int n_samples,
                           const dlrf_grid_opts *o, char *err, size_t errlen);
/* The top-left pixel of tile (row, col) in a grid drawn with o. */
void dlrf_grid_tile_origin(const dlrf_grid_opts *o, int row, int col, int *x, int *y);

/* ---- line plots ----------------------------------------------------------- */
typedef struct {
    const char *name; /* legend entry */
    const double *x, *y;
    const double *err; /* half-length of an error bar at each point, or NULL */
    size_t n;
} dlrf_series;

typedef struct {
    const char *title, *xlabel, *ylabel;
    int logx, logy;    /* log10 axes (values <= 0 are left out) */
    int width, height; /* default 720 x 480 */
    int markers_only;  /* points without joining lines */
} dlrf_lineplot_opts;

/* The x axis spans the data's x range widened by 4% of it on each side; the
 * y axis a rounded range that holds every point and error bar. The data area
 * lies 72 pixels from the left, 170 from the right (the legend), 44 from the
 * top and 56 from the bottom. */
dlrf_status dlrf_plot_lines(const char *path, const dlrf_series *s, int n_series,
                            const dlrf_lineplot_opts *o, dlrf_plot_frame *frame, char *err,
                            size_t errlen);

/* Grouped bars: category c shows s[k].y[c] of every series k side by side,
 * with error bars from s[k].err; the y axis starts at 0 (or below it for
 * negative values) and ends at a whole tick. s[k].x is not used. The data
 * area is laid out as for dlrf_plot_lines; category c takes the c-th of
 * n_categories equal slots, its bars the middle 80%. */
dlrf_status dlrf_plot_bars(const char *path, const char *const *categories, size_t n_categories,
                           const dlrf_series *s, int n_series, const dlrf_lineplot_opts *o,
                           dlrf_plot_frame *frame, char *err, size_t errlen);

/* ---- confusion matrix ----------------------------------------------------- */
/* counts: rows x cols, row-major (a row per cluster, a column per class, as
 * dlrf_confusion returns); class_names (may be NULL) label the columns. */
dlrf_status dlrf_plot_confusion(const char *path, const long *counts, int rows, int cols,
                                const int *class_names, const char *title, char *err,
                                size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
