/* --plots and dlrf plot: the pictures a run writes, read back and checked. */
#define _POSIX_C_SOURCE 200809L
#include <cairo.h>
#include <stdint.h>

#include "cli_util.h"
#include "harness.h"

static dlrf_mat *X;
static int *lab;

/* 5 independent subspaces, 20 samples each, labels 10..14 in y.csv. */
static void write_data(void) {
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.subspaces = 5;
    so.corrupt = 0.0;
    char err[256];
    dlrf_synth_subspaces(&so, &X, &lab);
    dlrf_npy_write(path("S.npy"), X, err, sizeof err);
    FILE *f = fopen(path("y.csv"), "w");
    for (size_t i = 0; i < X->cols; i++)
        fprintf(f, "%d\n", 10 + lab[i]);
    fclose(f);
}

static cairo_surface_t *open_png(const char *p) {
    cairo_surface_t *s = cairo_image_surface_create_from_png(p);
    return cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ? s : NULL;
}

static uint32_t pixel(cairo_surface_t *s, int x, int y) {
    const unsigned char *d = cairo_image_surface_get_data(s);
    return ((const uint32_t *)(const void *)(d +
                                             (size_t)y * cairo_image_surface_get_stride(s)))[x] &
           0xffffff;
}

static double lum(uint32_t c) {
    return (0.299 * (c >> 16 & 255) + 0.587 * (c >> 8 & 255) + 0.114 * (c & 255)) / 255.0;
}

/* The |Z| heatmap of N = 100 samples at the default 512 pixels: 5 pixels a
 * sample from (30, 44) (include/dlrf/viz.h). Mean in-block minus off-block
 * brightness, classes of 20 in label order. */
static double block_contrast(const char *p) {
    cairo_surface_t *s = open_png(p);
    if (!s) return -1.0;
    double in = 0, off = 0, ni = 0, no = 0;
    for (int y = 0; y < 500; y++)
        for (int x = 0; x < 500; x++) {
            if (x % 100 < 3 || y % 100 < 3) continue; /* boundary lines */
            double l = lum(pixel(s, 30 + x, 44 + y));
            if (x / 100 == y / 100)
                in += l, ni++;
            else
                off += l, no++;
        }
    cairo_surface_destroy(s);
    return in / ni - off / no;
}

static int cluster_plots(void) {
    write_data();
    char args[2048];
    snprintf(args, sizeof args,
             "cluster --input %s --labels %s --method fdlrf --layers 2 --plots %s --quiet",
             path("S.npy"), path("y.csv"), path("pics"));
    CHECK(run(args) == 0);
    const char *names[] = {"pics/z_1.png", "pics/z_2.png", "pics/history.png",
                           "pics/confusion_1.png", "pics/confusion_2.png"};
    for (int k = 0; k < 5; k++) {
        cairo_surface_t *s = open_png(path(names[k]));
        CHECK(s && cairo_image_surface_get_width(s) > 200);
        cairo_surface_destroy(s);
    }
    CHECK_LE(0.1, block_contrast(path("pics/z_1.png"))); /* off-block is the darkest colour */
    CHECK_LE(0.1, block_contrast(path("pics/z_2.png")));
    /* the protocol: accuracy per layer; SVG on request */
    snprintf(args, sizeof args,
             "cluster --input %s --labels %s --method fllrr --random-classes 3 --trials 2 "
             "--plots %s --plot-format svg --quiet",
             path("S.npy"), path("y.csv"), path("proto"));
    CHECK(run(args) == 0);
    CHECK(exists(path("proto/accuracy.svg")) && exists(path("proto/history.svg")));
    CHECK(exists(path("proto/z_1.svg")) && exists(path("proto/confusion_1.svg")));
    CHECK(strncmp(slurp(path("proto/accuracy.svg")), "<?xml", 5) == 0);
    return 0;
}

/* denoise --plots: row 0 is the clean sample, row 1 the noisy one. */
static int denoise_grid(void) {
    write_data();
    char args[2048];
    snprintf(args, sizeof args,
             "denoise --input %s --labels %s --image-shape 10x20 --noise-var 100 --method fdlrf "
             "--layers 2 --out %s --plots %s --plot-samples 3,57 --quiet",
             path("S.npy"), path("y.csv"), path("dn"), path("dpics"));
    CHECK(run(args) == 0);
    cairo_surface_t *s = open_png(path("dpics/images.png"));
    CHECK(s);
    dlrf_grid_opts o = {10, 20, 0, 0, NULL};
    size_t cols[2] = {3, 57};
    for (int c = 0; c < 2; c++) {
        const double *v = &DLRF_AT(X, 0, cols[c]);
        double lo = v[0], hi = v[0];
        for (int i = 0; i < 200; i++)
            lo = fmin(lo, v[i]), hi = fmax(hi, v[i]);
        int x0, y0, x1, y1, same = 0, z = 3; /* tiles of about 64: 20 pixels x 3 */
        dlrf_grid_tile_origin(&o, 0, c, &x0, &y0);
        dlrf_grid_tile_origin(&o, 1, c, &x1, &y1);
        for (int i = 0; i < 200; i++) {
            uint32_t g = (uint32_t)lround(255 * (v[i] - lo) / (hi - lo));
            int px = (i % 20) * z + 1, py = (i / 20) * z + 1;
            CHECK(pixel(s, x0 + px, y0 + py) == (g << 16 | g << 8 | g));
            same += pixel(s, x1 + px, y1 + py) == (g << 16 | g << 8 | g);
        }
        CHECK(same < 100); /* the noisy row differs */
    }
    cairo_surface_destroy(s);
    /* --plot-salient adds S_1, S_2, E_1, E_2 after P_1, P_2: row 4 is S_1 */
    snprintf(args, sizeof args,
             "denoise --input %s --labels %s --image-shape 10x20 --noise-var 100 --method fdlrf "
             "--layers 2 --out %s --force --plots %s --plot-samples 3,57 --plot-salient --quiet",
             path("S.npy"), path("y.csv"), path("dn"), path("dpics"));
    CHECK(run(args) == 0);
    CHECK((s = open_png(path("dpics/images.png"))));
    int x8, y8, xs, ys;
    dlrf_grid_tile_origin(&o, 8, 0, &x8, &y8);
    CHECK(cairo_image_surface_get_height(s) == y8 - 4 + 10); /* 8 rows, gap 4, margin 10 */
    dlrf_mat *S1 = load(path("dn/S_1.npy"));
    CHECK(S1);
    const double *v = &DLRF_AT(S1, 0, 3);
    double lo = v[0], hi = v[0];
    for (int i = 0; i < 200; i++)
        lo = fmin(lo, v[i]), hi = fmax(hi, v[i]);
    dlrf_grid_tile_origin(&o, 4, 0, &xs, &ys);
    for (int i = 0; i < 200; i++) {
        uint32_t g = (uint32_t)lround(255 * (v[i] - lo) / (hi - lo));
        CHECK(pixel(s, xs + (i % 20) * 3 + 1, ys + (i / 20) * 3 + 1) == (g << 16 | g << 8 | g));
    }
    dlrf_mat_free(S1);
    cairo_surface_destroy(s);
    return 0;
}

static int plot_commands(void) {
    write_data();
    char args[2048];
    snprintf(args, sizeof args, "fit --input %s --method fllrr --out %s --quiet", path("S.npy"),
             path("fit"));
    CHECK(run(args) == 0);
    snprintf(args, sizeof args, "plot z --input %s/Z_1.npy --labels %s --out %s", path("fit"),
             path("y.csv"), path("z.png"));
    CHECK(run(args) == 0);
    CHECK_LE(0.1, block_contrast(path("z.png")));
    FILE *f = fopen(path("t.csv"), "w");
    fprintf(f, "lambda,ac,sd\n1e-4,50,5\n1e-2,70,4\n1,90,3\n100,60,8\n");
    fclose(f);
    snprintf(args, sizeof args,
             "plot lines --input %s --x lambda --y ac --err sd --logx --out %s --title t",
             path("t.csv"), path("l.png"));
    CHECK(run(args) == 0);
    CHECK(exists(path("l.png")));
    snprintf(args, sizeof args, "plot bars --input %s --x lambda --y ac --err sd --out %s",
             path("t.csv"), path("b.png"));
    CHECK(run(args) == 0);
    cairo_surface_t *b = open_png(path("b.png"));
    CHECK(b && cairo_image_surface_get_width(b) == 720);
    cairo_surface_destroy(b);
    const bad_case cases[] = {
        {"plot lines --input %1$s/t.csv --x nope --y ac --out %1$s/x.png", "no column 'nope'"},
        {"plot lines --input %1$s/t.csv --x 1 --y 2,3 --err 3 --out %1$s/x.png",
         "one per --y column"},
        {"plot lines --input %1$s/t.csv --x 1 --y 2 --out %1$s/x.gif", ".png, .svg or .pdf"},
        {"plot z --input %1$s/S.npy --out %1$s/x.png", "must be N x N"},
        {"plot grid --input %1$s/S.npy --out %1$s/x.png", "image shape is unknown"},
        {"plot grid --input %1$s/S.npy --image-shape 10x20 --model %1$s --out %1$s/x.png",
         "no P_1.npy"},
        {"cluster --input %1$s/S.npy --labels %1$s/y.csv --plot-format gif --plots %1$s/p",
         "--plot-format"},
        {"cluster --input %1$s/S.npy --labels %1$s/y.csv --plots %1$s/S.npy", "is not a directory"},
        {"fit --input %1$s/S.npy --out %1$s/o --plot-format svg", "needs --plots"},
        {"denoise --input %1$s/S.npy --out %1$s/o --plots %1$s/p", "image shape is unknown"},
    };
    CHECK(expect_errors("%s%.0s", cases, sizeof cases / sizeof cases[0]) == 0);
    CHECK(!exists(path("x.png")) && !exists(path("x.gif")));
    return 0;
}

TEST_MAIN({"cluster_plots", cluster_plots}, {"denoise_grid", denoise_grid},
          {"plot_commands", plot_commands})
