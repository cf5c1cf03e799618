/* Line plots with error bars, log axes and a legend: accuracy against
 * layers, noise or lambda (the paper's Figs. 5, 6) and convergence histories. */
#include <math.h>
#include <stdio.h>

#include "core/core.h"
#include "viz/viz.h"

enum { LP_LEFT = 72, LP_RIGHT = 170, LP_TOP = 44, LP_BOTTOM = 56 };

static int usable(double v, int log_axis) {
    return isfinite(v) && (!log_axis || v > 0.0);
}

static double axis_value(double v, int log_axis) {
    return log_axis ? log10(v) : v;
}

/* Data ranges of the usable points (y including error bars); 0 when none. */
static int ranges(const dlrf_series *s, int n, const dlrf_lineplot_opts *o, double r[4]) {
    int any = 0;
    for (int k = 0; k < n; k++)
        for (size_t i = 0; i < s[k].n; i++) {
            double e = s[k].err ? fabs(s[k].err[i]) : 0.0, y = s[k].y[i];
            if (!usable(s[k].x[i], o->logx) || !usable(y, o->logy)) continue;
            double x = axis_value(s[k].x[i], o->logx);
            double lo = axis_value(usable(y - e, o->logy) ? y - e : y, o->logy);
            double hi = axis_value(y + e, o->logy);
            if (!any) r[0] = r[1] = x, r[2] = lo, r[3] = hi;
            r[0] = x < r[0] ? x : r[0], r[1] = x > r[1] ? x : r[1];
            r[2] = lo < r[2] ? lo : r[2], r[3] = hi > r[3] ? hi : r[3];
            any = 1;
        }
    return any;
}

/* The frame: x spans the data exactly, y is widened to whole ticks. */
static void make_frame(const dlrf_lineplot_opts *o, int W, int H, const double r[4],
                       dlrf_plot_frame *f) {
    f->x0 = LP_LEFT, f->y0 = LP_TOP, f->x1 = W - LP_RIGHT, f->y1 = H - LP_BOTTOM;
    f->logx = o->logx, f->logy = o->logy;
    f->xmin = r[0], f->xmax = r[1];
    if (!(f->xmax > f->xmin)) f->xmin -= 0.5, f->xmax += 0.5;
    double pad = 0.04 * (f->xmax - f->xmin); /* points clear of the frame */
    f->xmin -= pad, f->xmax += pad;
    double lo = r[2], hi = r[3];
    if (!(hi > lo)) lo -= 0.5, hi += 0.5;
    if (o->logy) {
        f->ymin = floor(lo), f->ymax = ceil(hi);
        if (f->ymax == f->ymin) f->ymax += 1;
    } else {
        double t[32];
        int n = viz_ticks(lo, hi, 6, t, 32);
        double step = n > 1 ? t[1] - t[0] : hi - lo;
        f->ymin = floor(lo / step + 1e-9) * step, f->ymax = ceil(hi / step - 1e-9) * step;
    }
}

static double px(const dlrf_plot_frame *f, double x) {
    return f->x0 + (axis_value(x, f->logx) - f->xmin) / (f->xmax - f->xmin) * (f->x1 - f->x0);
}

static double py(const dlrf_plot_frame *f, double y) {
    return f->y1 - (axis_value(y, f->logy) - f->ymin) / (f->ymax - f->ymin) * (f->y1 - f->y0);
}

/* Ticks of one axis: decades on a log axis, 1-2-5 steps otherwise. */
static int axis_ticks(double lo, double hi, int log_axis, int integers, double *t, int cap) {
    if (integers && hi - lo <= 12) { /* layer counts and the like */
        int n = 0;
        for (double v = ceil(lo); v <= hi && n < cap; v += 1)
            t[n++] = v;
        return n;
    }
    if (!log_axis) return viz_ticks(lo, hi, 6, t, cap);
    int n = 0, step = (int)ceil((hi - lo) / 8.0);
    step = step < 1 ? 1 : step;
    for (double v = ceil(lo - 1e-9); v <= hi + 1e-9 && n < cap; v += step)
        t[n++] = v;
    return n;
}

static void draw_axes(cairo_t *cr, const dlrf_plot_frame *f, const dlrf_lineplot_opts *o,
                      int x_integers) {
    double t[64];
    char buf[32];
    int n = axis_ticks(f->xmin, f->xmax, f->logx, x_integers && !f->logx, t, 64);
    cairo_set_line_width(cr, 1.0);
    for (int i = 0; i < n; i++) {
        double x = f->x0 + (t[i] - f->xmin) / (f->xmax - f->xmin) * (f->x1 - f->x0);
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_move_to(cr, x, f->y0), cairo_line_to(cr, x, f->y1), cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_move_to(cr, x, f->y1), cairo_line_to(cr, x, f->y1 + 5), cairo_stroke(cr);
        viz_tick_label(t[i], f->logx, buf, sizeof buf);
        viz_text(cr, x, f->y1 + 8, 11, 0.5, 0, buf);
    }
    n = axis_ticks(f->ymin, f->ymax, f->logy, 0, t, 64);
    for (int i = 0; i < n; i++) {
        double y = f->y1 - (t[i] - f->ymin) / (f->ymax - f->ymin) * (f->y1 - f->y0);
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_move_to(cr, f->x0, y), cairo_line_to(cr, f->x1, y), cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_move_to(cr, f->x0 - 5, y), cairo_line_to(cr, f->x0, y), cairo_stroke(cr);
        viz_tick_label(t[i], f->logy, buf, sizeof buf);
        viz_text(cr, f->x0 - 8, y, 11, 1, 0.5, buf);
    }
    cairo_rectangle(cr, f->x0, f->y0, f->x1 - f->x0, f->y1 - f->y0);
    cairo_stroke(cr);
    if (o->xlabel) viz_text(cr, (f->x0 + f->x1) / 2, f->y1 + 30, 12, 0.5, 0, o->xlabel);
    if (o->ylabel) viz_text_up(cr, 18, (f->y0 + f->y1) / 2, 12, o->ylabel);
    if (o->title) viz_text(cr, (f->x0 + f->x1) / 2, LP_TOP / 2.0, 14, 0.5, 0.5, o->title);
}

static void draw_series(cairo_t *cr, const dlrf_plot_frame *f, const dlrf_series *s, int k,
                        const dlrf_lineplot_opts *o) {
    int started = 0;
    cairo_save(cr);
    cairo_rectangle(cr, f->x0 - 6, f->y0 - 6, f->x1 - f->x0 + 12, f->y1 - f->y0 + 12);
    cairo_clip(cr);
    viz_series_style(cr, k);
    cairo_set_line_width(cr, 2.0);
    for (size_t i = 0; i < s->n && !o->markers_only; i++) {
        if (!usable(s->x[i], o->logx) || !usable(s->y[i], o->logy)) continue;
        if (started)
            cairo_line_to(cr, px(f, s->x[i]), py(f, s->y[i]));
        else
            cairo_move_to(cr, px(f, s->x[i]), py(f, s->y[i]));
        started = 1;
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_width(cr, 1.2);
    size_t every = s->n > 40 && !o->markers_only ? (s->n + 29) / 30 : 1; /* long histories */
    for (size_t i = 0; i < s->n; i++) {
        if (!usable(s->x[i], o->logx) || !usable(s->y[i], o->logy)) continue;
        double x = px(f, s->x[i]), e = s->err ? fabs(s->err[i]) : 0.0;
        if (e > 0.0) {
            double lo = usable(s->y[i] - e, o->logy) ? py(f, s->y[i] - e) : f->y1;
            double hi = py(f, s->y[i] + e);
            cairo_move_to(cr, x, lo), cairo_line_to(cr, x, hi);
            cairo_move_to(cr, x - 4, lo), cairo_line_to(cr, x + 4, lo);
            cairo_move_to(cr, x - 4, hi), cairo_line_to(cr, x + 4, hi);
            cairo_stroke(cr);
        }
        if (i % every == 0 || i + 1 == s->n) viz_marker(cr, k, x, py(f, s->y[i]), 3.5);
    }
    cairo_restore(cr);
}

static void draw_legend(cairo_t *cr, const dlrf_plot_frame *f, const dlrf_series *s, int n) {
    for (int k = 0; k < n; k++) {
        double y = f->y0 + 10 + 20 * k, x = f->x1 + 14;
        viz_series_style(cr, k);
        cairo_set_line_width(cr, 2.0);
        cairo_move_to(cr, x, y), cairo_line_to(cr, x + 28, y), cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        viz_marker(cr, k, x + 14, y, 3.5);
        cairo_set_source_rgb(cr, 0, 0, 0);
        viz_text(cr, x + 34, y, 11, 0, 0.5, s[k].name ? s[k].name : "");
    }
}

static int integer_xs(const dlrf_series *s, int n) {
    for (int k = 0; k < n; k++)
        for (size_t i = 0; i < s[k].n; i++)
            if (s[k].x[i] != floor(s[k].x[i])) return 0;
    return 1;
}

dlrf_status dlrf_plot_lines(const char *path, const dlrf_series *s, int n_series,
                            const dlrf_lineplot_opts *opts, dlrf_plot_frame *frame, char *err,
                            size_t errlen) {
    dlrf_lineplot_opts o = opts ? *opts : (dlrf_lineplot_opts){0};
    int W = o.width > 0 ? o.width : 720, H = o.height > 0 ? o.height : 480;
    double r[4];
    if (!s || n_series < 1 || !ranges(s, n_series, &o, r)) {
        dlrf_set_err(err, errlen, "%s: no points to plot%s", path,
                     o.logx || o.logy ? " (a log axis leaves out values <= 0)" : "");
        return DLRF_EINVAL;
    }
    if (W < LP_LEFT + LP_RIGHT + 50 || H < LP_TOP + LP_BOTTOM + 50) {
        dlrf_set_err(err, errlen, "%s: %d x %d is too small for a plot", path, W, H);
        return DLRF_EINVAL;
    }
    dlrf_plot_frame f;
    make_frame(&o, W, H, r, &f);
    viz_canvas c;
    if (viz_begin(&c, path, W, H, err, errlen)) return DLRF_EINVAL;
    draw_axes(c.cr, &f, &o, integer_xs(s, n_series));
    for (int k = 0; k < n_series; k++)
        draw_series(c.cr, &f, &s[k], k, &o);
    draw_legend(c.cr, &f, s, n_series);
    if (frame) *frame = f;
    return viz_end(&c, err, errlen);
}

/* ---- bar charts ----------------------------------------------------------- */

static void draw_bars(cairo_t *cr, const dlrf_plot_frame *f, const dlrf_series *s, int ns,
                      size_t nc) {
    double group = (f->x1 - f->x0) / (double)nc, bar = group * 0.8 / ns;
    for (int k = 0; k < ns; k++)
        for (size_t c = 0; c < nc && c < s[k].n; c++) {
            double x = f->x0 + group * ((double)c + 0.1) + bar * k, y = py(f, s[k].y[c]);
            double base = py(f, f->ymin > 0 ? f->ymin : 0.0);
            viz_series_style(cr, k);
            cairo_set_dash(cr, NULL, 0, 0);
            cairo_rectangle(cr, x, y < base ? y : base, bar, fabs(base - y));
            cairo_fill(cr);
            double e = s[k].err ? fabs(s[k].err[c]) : 0.0, xm = x + bar / 2;
            if (e > 0.0) {
                cairo_set_source_rgb(cr, 0, 0, 0);
                cairo_set_line_width(cr, 1.2);
                cairo_move_to(cr, xm, py(f, s[k].y[c] - e)),
                    cairo_line_to(cr, xm, py(f, s[k].y[c] + e));
                cairo_move_to(cr, xm - 4, py(f, s[k].y[c] - e)),
                    cairo_line_to(cr, xm + 4, py(f, s[k].y[c] - e));
                cairo_move_to(cr, xm - 4, py(f, s[k].y[c] + e)),
                    cairo_line_to(cr, xm + 4, py(f, s[k].y[c] + e));
                cairo_stroke(cr);
            }
        }
}

static void bar_axes(cairo_t *cr, const dlrf_plot_frame *f, const char *const *names, size_t nc,
                     const dlrf_lineplot_opts *o) {
    dlrf_plot_frame g = *f;
    g.xmin = 0, g.xmax = 1; /* no x ticks: the categories are named instead */
    double t[64];
    char buf[32];
    int n = axis_ticks(g.ymin, g.ymax, 0, 0, t, 64);
    cairo_set_line_width(cr, 1.0);
    for (int i = 0; i < n; i++) {
        double y = g.y1 - (t[i] - g.ymin) / (g.ymax - g.ymin) * (g.y1 - g.y0);
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_move_to(cr, g.x0, y), cairo_line_to(cr, g.x1, y), cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        viz_tick_label(t[i], 0, buf, sizeof buf);
        viz_text(cr, g.x0 - 8, y, 11, 1, 0.5, buf);
    }
    cairo_rectangle(cr, g.x0, g.y0, g.x1 - g.x0, g.y1 - g.y0);
    cairo_stroke(cr);
    double group = (g.x1 - g.x0) / (double)nc;
    for (size_t c = 0; c < nc; c++)
        viz_text(cr, g.x0 + group * ((double)c + 0.5), g.y1 + 8, 11, 0.5, 0,
                 names && names[c] ? names[c] : "");
    if (o->xlabel) viz_text(cr, (g.x0 + g.x1) / 2, g.y1 + 30, 12, 0.5, 0, o->xlabel);
    if (o->ylabel) viz_text_up(cr, 18, (g.y0 + g.y1) / 2, 12, o->ylabel);
    if (o->title) viz_text(cr, (g.x0 + g.x1) / 2, LP_TOP / 2.0, 14, 0.5, 0.5, o->title);
}

dlrf_status dlrf_plot_bars(const char *path, const char *const *categories, size_t n_categories,
                           const dlrf_series *s, int n_series, const dlrf_lineplot_opts *opts,
                           dlrf_plot_frame *frame, char *err, size_t errlen) {
    dlrf_lineplot_opts o = opts ? *opts : (dlrf_lineplot_opts){0};
    int W = o.width > 0 ? o.width : 720, H = o.height > 0 ? o.height : 480;
    double r[4] = {0, 1, 0, 0};
    int any = 0;
    for (int k = 0; k < n_series; k++)
        for (size_t c = 0; c < s[k].n && c < n_categories; c++) {
            double e = s[k].err ? fabs(s[k].err[c]) : 0.0, y = s[k].y[c];
            if (!isfinite(y)) continue;
            r[2] = fmin(r[2], y - e), r[3] = fmax(r[3], y + e), any = 1;
        }
    if (!s || n_series < 1 || n_categories < 1 || !any) {
        dlrf_set_err(err, errlen, "%s: no bars to draw", path);
        return DLRF_EINVAL;
    }
    o.logx = o.logy = 0;
    dlrf_plot_frame f;
    make_frame(&o, W, H, r, &f); /* y from 0 (or below) to a whole tick */
    viz_canvas c;
    if (viz_begin(&c, path, W, H, err, errlen)) return DLRF_EINVAL;
    bar_axes(c.cr, &f, categories, n_categories, &o);
    draw_bars(c.cr, &f, s, n_series, n_categories);
    draw_legend(c.cr, &f, s, n_series);
    if (frame) *frame = f;
    return viz_end(&c, err, errlen);
}
