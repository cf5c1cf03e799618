/* Pictures: the PNGs are read back with cairo and their pixels checked. */
#define _POSIX_C_SOURCE 200809L
#include <cairo.h>
#include <dirent.h>
#include <stdint.h>
#include <unistd.h>

#include "harness.h"

static char dir[64];
static const char *tmp(const char *name) {
    static char p[2][256];
    static int k;
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/dlrf-viz-XXXXXX");
        if (!mkdtemp(dir)) return NULL;
    }
    k ^= 1;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

typedef struct {
    cairo_surface_t *s;
    const unsigned char *data;
    int w, h, stride;
} png;

static int png_open(png *p, const char *path) {
    p->s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(p->s) != CAIRO_STATUS_SUCCESS) return -1;
    p->data = cairo_image_surface_get_data(p->s);
    p->w = cairo_image_surface_get_width(p->s);
    p->h = cairo_image_surface_get_height(p->s);
    p->stride = cairo_image_surface_get_stride(p->s);
    return 0;
}

static uint32_t pixel(const png *p, int x, int y) {
    return ((const uint32_t *)(const void *)(p->data + (size_t)y * (size_t)p->stride))[x] &
           0xffffff;
}

static double lum(uint32_t c) {
    return (0.299 * (c >> 16 & 255) + 0.587 * (c >> 8 & 255) + 0.114 * (c & 255)) / 255.0;
}

/* A block-diagonal Z of k blocks of m samples, the samples shuffled; labels
 * receive each sample's block. Noise off the blocks when dense. */
static dlrf_mat *block_z(int k, int m, int *labels, int dense, dlrf_mat **G) {
    size_t N = (size_t)k * m, perm[4000];
    dlrf_rng rng;
    dlrf_rng_seed(&rng, 5);
    for (size_t i = 0; i < N; i++)
        perm[i] = i;
    for (size_t i = N - 1; i > 0; i--) {
        size_t j = (size_t)(dlrf_rng_uniform(&rng) * (double)(i + 1)), t = perm[i];
        perm[i] = perm[j], perm[j] = t;
    }
    for (size_t i = 0; i < N; i++)
        labels[perm[i]] = (int)(i / (size_t)m);
    if (!dense) { /* Z = F G with F the block indicator, G its transpose / m */
        dlrf_mat *F = dlrf_mat_new(N, (size_t)k);
        *G = dlrf_mat_new((size_t)k, N);
        for (size_t i = 0; i < N; i++)
            DLRF_AT(F, i, labels[i]) = 1.0, DLRF_AT(*G, labels[i], i) = 1.0 / m;
        return F;
    }
    dlrf_mat *Z = dlrf_mat_new(N, N);
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < N; i++)
            DLRF_AT(Z, i, j) = (labels[i] == labels[j] ? 1.0 / m : 0.0) +
                               0.002 / m * (dlrf_rng_uniform(&rng) - 0.5);
    *G = NULL;
    return Z;
}

/* In-block pixels are brighter than off-block ones by a clear margin. */
static int check_blocks(const char *path, const dlrf_plot_frame *f, int k) {
    png p;
    CHECK(png_open(&p, path) == 0);
    CHECK(p.w >= f->x1 && p.h >= f->y1);
    double in = 0, off = 0, n_in = 0, n_off = 0, S = f->x1 - f->x0, cell = S / k;
    for (int y = (int)f->y0; y < (int)f->y1; y++)
        for (int x = (int)f->x0; x < (int)f->x1; x++) {
            double u = (x - f->x0) / cell, v = (y - f->y0) / cell;
            if (fabs(u - lround(u)) * cell < 2 || fabs(v - lround(v)) * cell < 2) continue;
            double l = lum(pixel(&p, x, y));
            if ((int)u == (int)v)
                in += l, n_in++;
            else
                off += l, n_off++;
        }
    cairo_surface_destroy(p.s);
    CHECK(n_in > 0 && n_off > 0);
    CHECK_LE(off / n_off + 0.5, in / n_in);
    return 0;
}

static int heatmap_blocks(void) {
    int labels[1500];
    char err[256];
    dlrf_plot_frame f;
    for (int dense = 0; dense < 2; dense++) {
        dlrf_mat *G, *F = block_z(4, 30, labels, dense, &G);
        dlrf_heatmap_opts o = {"test", 240};
        CHECK(dlrf_plot_z(tmp("z.png"), F, G, labels, &o, &f, err, sizeof err) == DLRF_OK);
        CHECK(f.x1 - f.x0 == 240 && f.y1 - f.y0 == 240); /* 2 x 2 pixels per sample */
        CHECK(check_blocks(tmp("z.png"), &f, 4) == 0);
        /* without the labels the shuffled samples show no blocks */
        CHECK(dlrf_plot_z(tmp("z.png"), F, G, NULL, &o, &f, err, sizeof err) == DLRF_OK);
        CHECK(check_blocks(tmp("z.png"), &f, 4) != 0);
        dlrf_mat_free(F), dlrf_mat_free(G);
    }
    /* more samples than pixels: block means, 5 samples per pixel */
    dlrf_mat *G, *F = block_z(5, 300, labels, 0, &G);
    dlrf_heatmap_opts o = {NULL, 300};
    CHECK(dlrf_plot_z(tmp("big.png"), F, G, labels, &o, &f, err, sizeof err) == DLRF_OK);
    CHECK(f.x1 - f.x0 == 300);
    CHECK(check_blocks(tmp("big.png"), &f, 5) == 0);
    dlrf_mat_free(F), dlrf_mat_free(G);
    return 0;
}

/* Each tile is the source image, stretched to 0..255, in the stored order. */
static int grid_tiles(void) {
    size_t h = 5, w = 7, samples[2] = {4, 1};
    dlrf_mat *A = random_matrix(h * w, 6, 3), *B = random_matrix(h * w, 6, 4);
    const dlrf_mat *rows[2] = {A, B};
    const char *names[2] = {"original", "P_1"};
    char err[256];
    for (int colmajor = 0; colmajor < 2; colmajor++) {
        dlrf_grid_opts o = {h, w, colmajor, 3, "grid"};
        CHECK(dlrf_plot_grid(tmp("g.png"), rows, names, 2, samples, 2, &o, err, sizeof err) ==
              DLRF_OK);
        png p;
        CHECK(png_open(&p, tmp("g.png")) == 0);
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 2; c++) {
                const double *v = &DLRF_AT(rows[r], 0, samples[c]);
                double lo = v[0], hi = v[0];
                for (size_t i = 0; i < h * w; i++)
                    lo = fmin(lo, v[i]), hi = fmax(hi, v[i]);
                int x0, y0;
                dlrf_grid_tile_origin(&o, r, c, &x0, &y0);
                for (size_t y = 0; y < h * 3; y++)
                    for (size_t x = 0; x < w * 3; x++) {
                        size_t i = colmajor ? y / 3 + (x / 3) * h : (y / 3) * w + x / 3;
                        uint32_t g = (uint32_t)lround(255 * (v[i] - lo) / (hi - lo));
                        CHECK(pixel(&p, x0 + (int)x, y0 + (int)y) == (g << 16 | g << 8 | g));
                    }
            }
        cairo_surface_destroy(p.s);
    }
    dlrf_mat_free(A), dlrf_mat_free(B);
    return 0;
}

/* The columns holding series 0's colour (Okabe-Ito blue). */
static int blue_at(const png *p, int x, int y0, int y1) {
    for (int y = y0; y < y1; y++)
        if (pixel(p, x, y) == 0x0072B2) return 1;
    return 0;
}

static int line_positions(void) {
    double x[5] = {1, 2, 3, 4, 5}, y[5] = {10, 20, 15, 30, 25};
    dlrf_series s = {"known", x, y, NULL, 5};
    dlrf_lineplot_opts o = {"t", "x", "y", 0, 0, 600, 400, 1};
    dlrf_plot_frame f;
    char err[256];
    CHECK(dlrf_plot_lines(tmp("l.png"), &s, 1, &o, &f, err, sizeof err) == DLRF_OK);
    CHECK(f.x0 == 72 && f.x1 == 600 - 170); /* documented */
    CHECK(fabs(f.xmin - 0.84) < 1e-12 && fabs(f.xmax - 5.16) < 1e-12);
    png p;
    CHECK(png_open(&p, tmp("l.png")) == 0);
    for (int i = 0; i < 5; i++) {
        double cx = f.x0 + (x[i] - 0.84) / 4.32 * (f.x1 - f.x0);
        double cy = f.y1 - (y[i] - f.ymin) / (f.ymax - f.ymin) * (f.y1 - f.y0);
        CHECK(blue_at(&p, (int)cx, (int)cy - 2, (int)cy + 3));
        CHECK(!blue_at(&p, (int)cx + 12, (int)f.y0, (int)f.y1)); /* markers only */
    }
    CHECK(f.ymin <= 10 && f.ymax >= 30);
    cairo_surface_destroy(p.s);
    /* a log axis spaces decades evenly */
    double lx[5] = {1e-8, 1e-4, 1, 1e4, 1e8};
    dlrf_series ls = {"log", lx, y, NULL, 5};
    o.logx = 1;
    CHECK(dlrf_plot_lines(tmp("l.png"), &ls, 1, &o, &f, err, sizeof err) == DLRF_OK);
    CHECK(png_open(&p, tmp("l.png")) == 0);
    for (int i = 0; i < 5; i++) {
        double cx = f.x0 + (0.04 + i / 4.0) / 1.08 * (f.x1 - f.x0); /* decades evenly */
        double cy = f.y1 - (y[i] - f.ymin) / (f.ymax - f.ymin) * (f.y1 - f.y0);
        CHECK(blue_at(&p, (int)cx, (int)cy - 2, (int)cy + 3));
    }
    cairo_surface_destroy(p.s);
    return 0;
}

/* Each bar fills its slot from the axis up to its value, and no higher. */
static int bar_heights(void) {
    double a[2] = {40, 80}, b[2] = {60, 20}, e[2] = {5, 5};
    dlrf_series s[2] = {{"A", NULL, a, e, 2}, {"B", NULL, b, NULL, 2}};
    const char *cat[2] = {"K = 2", "K = 4"};
    dlrf_lineplot_opts o = {"bars", NULL, "AC %", 0, 0, 600, 400, 0};
    dlrf_plot_frame f;
    char err[256];
    CHECK(dlrf_plot_bars(tmp("b.png"), cat, 2, s, 2, &o, &f, err, sizeof err) == DLRF_OK);
    CHECK(f.ymin == 0 && f.ymax >= 85);
    png p;
    CHECK(png_open(&p, tmp("b.png")) == 0);
    double slot = (f.x1 - f.x0) / 2, bar = slot * 0.8 / 2;
    const uint32_t colour[2] = {0x0072B2, 0xD55E00};
    const double *v[2] = {a, b};
    for (int k = 0; k < 2; k++)
        for (int c = 0; c < 2; c++) {
            int x = (int)(f.x0 + slot * (c + 0.1) + bar * k + bar / 4); /* off the error bar */
            double top = f.y1 - v[k][c] / (f.ymax - f.ymin) * (f.y1 - f.y0);
            CHECK(pixel(&p, x, (int)top + 3) == colour[k]);
            CHECK(pixel(&p, x, (int)f.y1 - 3) == colour[k]);
            CHECK(pixel(&p, x, (int)top - 3) != colour[k]);
        }
    cairo_surface_destroy(p.s);
    return 0;
}

/* Brighter cells for larger counts (sampled at a corner, away from the text). */
static int confusion_cells(void) {
    long counts[6] = {0, 40, 3, 20, 0, 10};
    char err[256];
    CHECK(dlrf_plot_confusion(tmp("c.png"), counts, 2, 3, NULL, "c", err, sizeof err) == DLRF_OK);
    png p;
    CHECK(png_open(&p, tmp("c.png")) == 0);
    double l[6];
    for (int t = 0; t < 6; t++) /* cells of 60 pixels from (80, 70) */
        l[t] = lum(pixel(&p, 80 + (t % 3) * 60 + 4, 70 + (t / 3) * 60 + 4));
    CHECK(l[1] > l[3] && l[3] > l[5] && l[5] > l[2] && l[2] > l[0] && l[0] == l[4]);
    cairo_surface_destroy(p.s);
    return 0;
}

/* SVG and PDF by name; a bad name is an error; no temporary file is left. */
static int formats_and_errors(void) {
    double x[2] = {0, 1}, y[2] = {1, 2};
    dlrf_series s = {"s", x, y, NULL, 2};
    char err[256], head[8] = {0};
    const char *names[2] = {"p.svg", "p.pdf"}, *magic[2] = {"<?xml", "%PDF"};
    for (int k = 0; k < 2; k++) {
        CHECK(dlrf_plot_lines(tmp(names[k]), &s, 1, NULL, NULL, err, sizeof err) == DLRF_OK);
        FILE *fp = fopen(tmp(names[k]), "rb");
        CHECK(fp && fread(head, 1, 5, fp) >= 4);
        fclose(fp);
        CHECK(strncmp(head, magic[k], strlen(magic[k])) == 0);
    }
    CHECK(dlrf_plot_lines(tmp("p.gif"), &s, 1, NULL, NULL, err, sizeof err) != DLRF_OK);
    CHECK(strstr(err, ".png, .svg or .pdf") != NULL);
    double bad[2] = {-1, 0};
    dlrf_lineplot_opts o = {0};
    o.logy = 1;
    dlrf_series b = {"b", x, bad, NULL, 2};
    CHECK(dlrf_plot_lines(tmp("b.png"), &b, 1, &o, NULL, err, sizeof err) == DLRF_EINVAL);
    CHECK(strstr(err, "no points") != NULL);
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        CHECK(strstr(e->d_name, ".tmp") == NULL);
    closedir(d);
    return 0;
}

TEST_MAIN({"heatmap_blocks", heatmap_blocks}, {"grid_tiles", grid_tiles},
          {"line_positions", line_positions}, {"bar_heights", bar_heights},
          {"confusion_cells", confusion_cells}, {"formats_and_errors", formats_and_errors})
