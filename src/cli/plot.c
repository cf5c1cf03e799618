/* dlrf plot z|grid|lines: pictures from files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/dataset.h"
#include "cli/plots.h"

#define CAP 48
#define MAX_SERIES 16

static const cli_opt common_opts[] = {
    {"out", "FILE", "the picture: .png, .svg or .pdf; required"},
    {"title", "TEXT", "the picture's title"},
};

static const cli_opt z_opts[] = {
    {"size", "PX", "pixels of the matrix area (default 512; larger Z are block-averaged)"},
};

static const cli_opt grid_opts[] = {
    {"model", "DIR", "a fit or denoise output: adds a row of P_l per layer (P_l.npy)"},
    {"plot-samples", "I,J,..", "the samples (from 0) shown (default: one per class, up to 8)"},
    {"zoom", "Z", "pixels per image pixel (default: tiles of about 64 pixels)"},
};

static const cli_opt lines_opts[] = {
    {"input", "FILE", "a CSV/TSV table with a header row; required"},
    {"x", "COL", "the x column: a header name or a number from 1; required"},
    {"y", "COL[,COL..]", "one series per column; required"},
    {"err", "COL[,COL..]", "error-bar half-lengths, one column per series"},
    {"logx", NULL, "log10 x axis"},
    {"logy", NULL, "log10 y axis"},
    {"xlabel", "TEXT", "x axis label (default: the x column's name)"},
    {"ylabel", "TEXT", "y axis label"},
};

#define N_OF(a) (sizeof a / sizeof a[0])

/* Sets option name to value unless it was given. */
static void default_opt(cli_spec *sp, const char *name, const char *value) {
    for (size_t i = 0; i < sp->count; i++)
        if (strcmp(sp->opts[i].name, name) == 0 && !sp->values[i]) sp->values[i] = value;
}

static int need(const cli_spec *sp, const char *name) {
    if (cli_get(sp, name)) return 0;
    cli_error(sp->cmd, "--%s is required (see dlrf %s --help)", name, sp->cmd);
    return -1;
}

static int plot_z(int argc, char **argv) {
    cli_opt opts[CAP];
    const char *values[CAP] = {0};
    size_t n = 0;
    cli_opts_append(opts, CAP, &n, data_opts, DATA_OPTS_READ);
    cli_opts_append(opts, CAP, &n, z_opts, N_OF(z_opts));
    cli_opts_append(opts, CAP, &n, common_opts, N_OF(common_opts));
    cli_spec sp = {"plot z",
                   "--input Z.npy [--labels FILE] --out FILE.png",
                   "|Z| of an N x N matrix (e.g. a fit's Z_l.npy) as a heatmap, samples ordered "
                   "by --labels\nwith lines at the class boundaries.",
                   opts,
                   n,
                   values};
    int p = cli_parse(&sp, argc, argv), size = 512;
    if (p) return p > 0 ? 0 : 2;
    default_opt(&sp, "samples", "cols"); /* Z is square: no orientation to guess */
    if (need(&sp, "out") || cli_int(&sp, "size", &size)) return 2;
    cli_dataset d;
    if (dataset_load_raw(&sp, &d)) return 2;
    char err[1024];
    dlrf_heatmap_opts o = {cli_get(&sp, "title"), size};
    dlrf_status st =
        dlrf_plot_z(cli_get(&sp, "out"), d.X, NULL, d.labels, &o, NULL, err, sizeof err);
    if (st != DLRF_OK) cli_error(sp.cmd, "%s", err);
    dataset_free(&d);
    return st == DLRF_OK ? 0 : 2;
}

/* P_1 .. P_M of a model directory, as many as exist (at most cap). */
static int read_model_p(const char *dir, dlrf_mat **P, int cap, const char *cmd) {
    int n = 0;
    char path[4200], err[1024];
    for (; n < cap; n++) {
        snprintf(path, sizeof path, "%s/P_%d.npy", dir, n + 1);
        FILE *f = fopen(path, "rb");
        if (!f) break;
        fclose(f);
        if (dlrf_npy_read(path, &P[n], NULL, err, sizeof err) != DLRF_OK) {
            cli_error(cmd, "%s", err);
            return -1;
        }
    }
    if (n == 0)
        cli_error(cmd,
                  "--model %s: no P_1.npy in the directory (a fit or denoise "
                  "output written with --format npy)",
                  dir);
    return n ? n : -1;
}

static int plot_grid(int argc, char **argv) {
    cli_opt opts[CAP];
    const char *values[CAP] = {0};
    size_t n = 0;
    cli_opts_append(opts, CAP, &n, data_opts, data_opts_n);
    cli_opts_append(opts, CAP, &n, select_opts, select_opts_n);
    cli_opts_append(opts, CAP, &n, grid_opts, N_OF(grid_opts));
    cli_opts_append(opts, CAP, &n, common_opts, N_OF(common_opts));
    cli_spec sp = {"plot grid",
                   "--input FILE [--model DIR] --out FILE.png",
                   "Samples of FILE as images (--image-shape), one column per sample, and with "
                   "--model their\nrecovered principal features P_l, one row per layer. Load "
                   "FILE with the options the model was fit with.",
                   opts,
                   n,
                   values};
    int p = cli_parse(&sp, argc, argv), zoom = 0;
    if (p) return p > 0 ? 0 : 2;
    if (need(&sp, "out") || cli_int(&sp, "zoom", &zoom)) return 2;
    cli_dataset d;
    if (dataset_load_select(&sp, 1, SCALE_NONE, DATA_SELECT_DRAW, &d)) return 2;
    dlrf_mat *P[32] = {0};
    const char *model = cli_get(&sp, "model");
    int layers = model ? read_model_p(model, P, 32, sp.cmd) : 0, rc = layers < 0 ? 2 : 0;
    for (int l = 0; l < layers && rc == 0; l++)
        if (P[l]->rows != d.X->rows || P[l]->cols != d.X->cols) {
            cli_error(sp.cmd,
                      "--model %s: P_%d is %zu x %zu but %s loads as %zu x %zu; load it "
                      "with the options of the fit",
                      model, l + 1, P[l]->rows, P[l]->cols, d.input, d.X->rows, d.X->cols);
            rc = 2;
        }
    grid_row rows[32];
    for (int l = 0; l < layers; l++) {
        rows[l].m = P[l];
        snprintf(rows[l].name, sizeof rows[l].name, "P_%d (layer %d)", l + 1, l + 1);
    }
    if (rc == 0 && plots_grid_rows(&d, rows, layers, cli_get(&sp, "plot-samples"),
                                   cli_get(&sp, "title"), zoom, cli_get(&sp, "out"), sp.cmd))
        rc = 2;
    for (int l = 0; l < 32; l++)
        dlrf_mat_free(P[l]);
    dataset_free(&d);
    return rc;
}

/* The header's field names (first line; separator: the first of , tab ; found). */
static int header(const char *path, char names[][64], int cap, const char *cmd) {
    FILE *f = fopen(path, "r");
    char line[8192];
    if (!f || !fgets(line, sizeof line, f)) {
        if (f) fclose(f);
        cli_error(cmd, "%s: cannot read its header row", path);
        return -1;
    }
    fclose(f);
    char sep = strchr(line, ',') ? ',' : strchr(line, '\t') ? '\t' : strchr(line, ';') ? ';' : ' ';
    int n = 0;
    for (char *s = line; *s && n < cap;) {
        size_t len = strcspn(s, (char[]){sep, '\r', '\n', 0});
        snprintf(names[n++], 64, "%.*s", (int)(len < 63 ? len : 63), s);
        s += len;
        if (*s != sep) break;
        s++;
    }
    return n;
}

/* A column by header name or number from 1: its index, or -1 after an error. */
static int column(const char *cmd, const char *opt, const char *what, char names[][64], int n) {
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], what) == 0) return i;
    char *end;
    long v = strtol(what, &end, 10);
    if (!*end && v >= 1 && v <= n) return (int)v - 1;
    cli_error(cmd, "--%s: no column '%s' (the header has %d columns: %s, ...)", opt, what, n,
              names[0]);
    return -1;
}

/* "a,b" -> column indices. Their count, or -1. */
static int columns(const char *cmd, const char *opt, const char *list, char names[][64], int n,
                   int *out) {
    int k = 0;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *t = strtok(buf, ","); t && k < MAX_SERIES; t = strtok(NULL, ","))
        if ((out[k++] = column(cmd, opt, t, names, n)) < 0) return -1;
    return k;
}

/* The x column's values as category names (bars). */
static dlrf_status bar_chart(const char *out, const dlrf_mat *C, int xc, const dlrf_series *s,
                             int ny, const dlrf_lineplot_opts *o, char *err, size_t errlen) {
    char(*names)[32] = malloc(C->rows * sizeof *names);
    const char **np = malloc(C->rows * sizeof *np);
    dlrf_status st = DLRF_ENOMEM;
    if (names && np) {
        for (size_t i = 0; i < C->rows; i++)
            snprintf(names[i], 32, "%g", DLRF_AT(C, i, xc)), np[i] = names[i];
        st = dlrf_plot_bars(out, np, C->rows, s, ny, o, NULL, err, errlen);
    } else
        snprintf(err, errlen, "out of memory");
    free(names), free(np);
    return st;
}

static int plot_lines(int argc, char **argv, int bars) {
    cli_opt opts[CAP];
    const char *values[CAP] = {0};
    size_t n = 0;
    for (size_t i = 0; i < N_OF(lines_opts); i++) /* bars have no log axes */
        if (!bars || strncmp(lines_opts[i].name, "log", 3) != 0) opts[n++] = lines_opts[i];
    cli_opts_append(opts, CAP, &n, common_opts, N_OF(common_opts));
    cli_spec sp = {bars ? "plot bars" : "plot lines",
                   "--input TABLE.csv --x COL --y COL[,COL..] --out FILE.png",
                   bars ? "Grouped bars: for each row of a table (named by its --x value), one bar "
                          "per --y column,\nwith error bars."
                        : "Line plot of columns of a table against one of them, with error bars "
                          "and log axes\n(accuracy against layers, noise or lambda).",
                   opts,
                   n,
                   values};
    int p = cli_parse(&sp, argc, argv);
    if (p) return p > 0 ? 0 : 2;
    if (need(&sp, "input") || need(&sp, "x") || need(&sp, "y") || need(&sp, "out")) return 2;
    static char names[256][64];
    int nc = header(cli_get(&sp, "input"), names, 256, sp.cmd), xc, yc[MAX_SERIES], ec[MAX_SERIES],
        ny, ne = 0;
    if (nc < 0 || (xc = column(sp.cmd, "x", cli_get(&sp, "x"), names, nc)) < 0 ||
        (ny = columns(sp.cmd, "y", cli_get(&sp, "y"), names, nc, yc)) < 0 ||
        (cli_get(&sp, "err") &&
         (ne = columns(sp.cmd, "err", cli_get(&sp, "err"), names, nc, ec)) < 0))
        return 2;
    if (ne && ne != ny) {
        cli_error(sp.cmd, "--err names %d columns for %d series; give one per --y column", ne, ny);
        return 2;
    }
    dlrf_mat *T = NULL;
    char err[1024];
    if (dlrf_csv_read(cli_get(&sp, "input"), 0, &T, NULL, err, sizeof err) != DLRF_OK) {
        cli_error(sp.cmd, "%s", err);
        return 2;
    }
    if ((int)T->rows != nc) {
        cli_error(sp.cmd, "%s: %d header names for %zu columns", cli_get(&sp, "input"), nc,
                  T->rows);
        dlrf_mat_free(T);
        return 2;
    }
    dlrf_mat *C = dlrf_mat_new(T->cols, T->rows); /* a table column per matrix column */
    for (size_t j = 0; C && j < T->cols; j++)
        for (size_t i = 0; i < T->rows; i++)
            DLRF_AT(C, j, i) = DLRF_AT(T, i, j);
    dlrf_series s[MAX_SERIES];
    for (int k = 0; C && k < ny; k++)
        s[k] = (dlrf_series){names[yc[k]], &DLRF_AT(C, 0, xc), &DLRF_AT(C, 0, yc[k]),
                             ne ? &DLRF_AT(C, 0, ec[k]) : NULL, C->rows};
    const char *xl = cli_get(&sp, "xlabel");
    dlrf_lineplot_opts o = {cli_get(&sp, "title"),
                            xl ? xl : names[xc],
                            cli_get(&sp, "ylabel"),
                            cli_get(&sp, "logx") != NULL,
                            cli_get(&sp, "logy") != NULL,
                            0,
                            0,
                            0};
    dlrf_status st = !C ? DLRF_ENOMEM
                     : bars
                         ? bar_chart(cli_get(&sp, "out"), C, xc, s, ny, &o, err, sizeof err)
                         : dlrf_plot_lines(cli_get(&sp, "out"), s, ny, &o, NULL, err, sizeof err);
    if (st != DLRF_OK) cli_error(sp.cmd, "%s", C ? err : "out of memory");
    dlrf_mat_free(T), dlrf_mat_free(C);
    return st == DLRF_OK ? 0 : 2;
}

int cmd_plot(int argc, char **argv) {
    const char *kind = argc > 1 ? argv[1] : "";
    if (strcmp(kind, "z") == 0) return plot_z(argc - 1, argv + 1);
    if (strcmp(kind, "grid") == 0) return plot_grid(argc - 1, argv + 1);
    if (strcmp(kind, "lines") == 0) return plot_lines(argc - 1, argv + 1, 0);
    if (strcmp(kind, "bars") == 0) return plot_lines(argc - 1, argv + 1, 1);
    FILE *f = strcmp(kind, "--help") == 0 ? stdout : stderr;
    fprintf(f, "usage: dlrf plot z|grid|lines|bars [options]   (dlrf plot KIND --help)\n\n"
               "  z       |Z| heatmap of a matrix file, ordered by labels\n"
               "  grid    samples as images, with a model's recovered features\n"
               "  lines   line plot of table columns, with error bars and log axes\n"
               "  bars    grouped bar chart of table columns, with error bars\n");
    return f == stdout ? 0 : 2;
}
