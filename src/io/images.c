/* A folder of greyscale images, one subfolder per class: PGM (P2/P5, read
 * here: the format is a short text header) and PNG (decoded by cairo). */
#define _POSIX_C_SOURCE 200809L
#include <cairo.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/core.h"
#include "dlrf/io.h"

typedef struct {
    char **path;
    int *label;
    size_t n, cap;
} file_list;

static void list_free(file_list *l) {
    for (size_t i = 0; i < l->n; i++)
        free(l->path[i]);
    free(l->path);
    free(l->label);
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

static int is_image(const char *name) {
    return ends_with(name, ".pgm") || ends_with(name, ".png");
}

static int push(file_list *l, const char *dir, const char *name, int label) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        char **p = realloc(l->path, cap * sizeof(char *));
        if (p) l->path = p;
        int *q = realloc(l->label, cap * sizeof(int));
        if (q) l->label = q;
        if (!p || !q) return -1;
        l->cap = cap;
    }
    size_t len = strlen(dir) + strlen(name) + 2;
    if (!(l->path[l->n] = malloc(len))) return -1;
    snprintf(l->path[l->n], len, "%s/%s", dir, name);
    l->label[l->n++] = label;
    return 0;
}

static int is_dir(const char *dir, const char *name) {
    char p[4096];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int visible(const struct dirent *e) {
    return e->d_name[0] != '.';
}

/* The image files directly in dir, in name order, with this label. */
static int list_images(file_list *l, const char *dir, int label) {
    struct dirent **e;
    int n = scandir(dir, &e, visible, alphasort), rc = n < 0 ? -1 : 0;
    for (int i = 0; i < n; i++) {
        if (rc == 0 && is_image(e[i]->d_name)) rc = push(l, dir, e[i]->d_name, label);
        free(e[i]);
    }
    if (n >= 0) free(e);
    return rc;
}

/* Subfolder names that are all integers become the labels; otherwise the
 * classes are numbered 0, 1, ... in name order. */
static int all_integers(struct dirent **e, int n, const char *dir) {
    for (int i = 0; i < n; i++) {
        if (!is_dir(dir, e[i]->d_name)) continue;
        char *end;
        long v = strtol(e[i]->d_name, &end, 10);
        if (*end || end == e[i]->d_name || v < -2000000000L || v > 2000000000L) return 0;
    }
    return 1;
}

static int collect(const char *dir, file_list *l, int *has_classes) {
    struct dirent **e;
    int n = scandir(dir, &e, visible, alphasort), rc = n < 0 ? -1 : 0, k = 0;
    int numeric = n > 0 && all_integers(e, n, dir);
    *has_classes = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        if (!is_dir(dir, e[i]->d_name)) continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", dir, e[i]->d_name);
        rc = list_images(l, sub, numeric ? (int)strtol(e[i]->d_name, NULL, 10) : k++);
        *has_classes = 1;
    }
    for (int i = 0; i < n; i++)
        free(e[i]);
    if (n >= 0) free(e);
    if (rc == 0 && !*has_classes) rc = list_images(l, dir, -1);
    return rc;
}

/* PGM header token: skips white space and # comments. */
static int pgm_token(FILE *f, long *v) {
    int c = fgetc(f);
    while (c != EOF && (isspace(c) || c == '#')) {
        if (c == '#')
            while (c != EOF && c != '\n')
                c = fgetc(f);
        c = fgetc(f);
    }
    if (c == EOF || !isdigit(c)) return -1;
    *v = 0;
    while (c != EOF && isdigit(c) && *v < 100000000L) {
        *v = *v * 10 + (c - '0');
        c = fgetc(f);
    }
    return c == EOF || isspace(c) ? 0 : -1;
}

static int pgm_read(const char *path, double *px, size_t *h, size_t *w, size_t cap, char *err,
                    size_t errlen) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        dlrf_set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    char m[2] = {0};
    long W, H, maxv;
    int ok = fread(m, 1, 2, f) == 2 && m[0] == 'P' && (m[1] == '2' || m[1] == '5') &&
             pgm_token(f, &W) == 0 && pgm_token(f, &H) == 0 && pgm_token(f, &maxv) == 0 && W > 0 &&
             H > 0 && maxv > 0 && maxv < 65536;
    if (!ok) {
        dlrf_set_err(err, errlen, "%s: not a greyscale PGM image (P2 or P5)", path);
        fclose(f);
        return -1;
    }
    *h = (size_t)H;
    *w = (size_t)W;
    size_t count = *h * *w;
    if (!px || count != cap) { /* sizing pass, or a size mismatch the caller reports */
        fclose(f);
        return 0;
    }
    for (size_t i = 0; i < count && ok; i++) {
        long v = 0;
        if (m[1] == '2')
            ok = pgm_token(f, &v) == 0;
        else if (maxv < 256) {
            int c = fgetc(f);
            ok = c != EOF;
            v = c;
        } else {
            int a = fgetc(f), b = fgetc(f);
            ok = b != EOF;
            v = a << 8 | b;
        }
        px[i] = (double)v;
    }
    fclose(f);
    if (!ok) dlrf_set_err(err, errlen, "%s: truncated PGM data", path);
    return ok ? 0 : -1;
}

/* PNG through cairo; colour is reduced to luma (ITU-R 601 weights) and
 * transparent pixels read as black (cairo stores premultiplied alpha). */
static int png_read(const char *path, double *px, size_t *h, size_t *w, size_t cap, char *err,
                    size_t errlen) {
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    cairo_status_t cs = cairo_surface_status(s);
    if (cs != CAIRO_STATUS_SUCCESS) {
        dlrf_set_err(err, errlen, "%s: cannot read as PNG: %s", path, cairo_status_to_string(cs));
        cairo_surface_destroy(s);
        return -1;
    }
    cairo_surface_flush(s);
    *h = (size_t)cairo_image_surface_get_height(s);
    *w = (size_t)cairo_image_surface_get_width(s);
    cairo_format_t fmt = cairo_image_surface_get_format(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    if (px && *h * *w == cap)
        for (size_t r = 0; r < *h; r++) {
            const unsigned char *row = data + r * (size_t)stride;
            for (size_t c = 0; c < *w; c++) {
                double v;
                if (fmt == CAIRO_FORMAT_A8)
                    v = row[c];
                else {
                    uint32_t p = ((const uint32_t *)(const void *)row)[c];
                    v = 0.299 * (p >> 16 & 255) + 0.587 * (p >> 8 & 255) + 0.114 * (p & 255);
                }
                px[r * *w + c] = v;
            }
        }
    cairo_surface_destroy(s);
    return 0;
}

static int read_image(const char *path, double *px, size_t *h, size_t *w, size_t cap, char *err,
                      size_t errlen) {
    return ends_with(path, ".png") ? png_read(path, px, h, w, cap, err, errlen)
                                   : pgm_read(path, px, h, w, cap, err, errlen);
}

static dlrf_status fill(const file_list *l, dlrf_mat *X, size_t H, size_t W, char *err,
                        size_t errlen) {
    for (size_t j = 0; j < l->n; j++) {
        size_t h, w;
        if (read_image(l->path[j], &DLRF_AT(X, 0, j), &h, &w, H * W, err, errlen))
            return DLRF_EFORMAT;
        if (h != H || w != W) {
            dlrf_set_err(err, errlen,
                         "%s: %zu x %zu pixels, but %s is %zu x %zu; give all images one size",
                         l->path[j], h, w, l->path[0], H, W);
            return DLRF_EFORMAT;
        }
    }
    return DLRF_OK;
}

dlrf_status dlrf_images_read(const char *dir, dlrf_mat **X, int **labels, size_t *height,
                             size_t *width, char *err, size_t errlen) {
    file_list l = {0};
    int classes;
    size_t H = 0, W = 0;
    *X = NULL;
    if (labels) *labels = NULL;
    if (collect(dir, &l, &classes)) {
        dlrf_set_err(err, errlen, "%s: cannot list the folder: %s", dir, strerror(errno));
        list_free(&l);
        return DLRF_EIO;
    }
    if (l.n == 0) {
        dlrf_set_err(err, errlen,
                     "%s: no .pgm or .png images in the folder or its subfolders (one per class)",
                     dir);
        list_free(&l);
        return DLRF_EFORMAT;
    }
    dlrf_status st = read_image(l.path[0], NULL, &H, &W, 0, err, errlen) ? DLRF_EFORMAT : DLRF_OK;
    if (st == DLRF_OK && !(*X = dlrf_mat_new(H * W, l.n))) {
        dlrf_set_err(err, errlen, "%s: out of memory for %zu images of %zu x %zu", dir, l.n, H, W);
        st = DLRF_ENOMEM;
    }
    if (st == DLRF_OK) st = fill(&l, *X, H, W, err, errlen);
    if (st == DLRF_OK && labels && classes) {
        if ((*labels = malloc(l.n * sizeof(int))))
            memcpy(*labels, l.label, l.n * sizeof(int));
        else
            st = DLRF_ENOMEM;
    }
    if (st != DLRF_OK) {
        dlrf_mat_free(*X);
        *X = NULL;
    }
    if (height) *height = H;
    if (width) *width = W;
    list_free(&l);
    return st;
}
