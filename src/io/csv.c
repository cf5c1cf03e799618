/* CSV/TSV tables, one sample per row: an optional header row, an optional
 * integer label column, fields separated by commas, tabs, semicolons or
 * spaces (the first of these found on the first line). */
#define _POSIX_C_SOURCE 200809L /* getline */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "io/atomic.h"
#include "dlrf/io.h"

typedef struct {
    double *v;
    size_t len, cap;
} dbuf;

static int push(dbuf *b, double x) {
    if (b->len == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 4096;
        double *nv = realloc(b->v, cap * sizeof(double));
        if (!nv) return -1;
        b->v = nv;
        b->cap = cap;
    }
    b->v[b->len++] = x;
    return 0;
}

static char separator(const char *line) {
    const char *seps = ",\t;";
    for (const char *s = seps; *s; s++)
        if (strchr(line, *s)) return *s;
    return ' ';
}

/* Splits line in place into fields; returns their number (at most max). */
static size_t split(char *line, char sep, char **fields, size_t max) {
    size_t n = 0;
    char *p = line;
    while (n < max) {
        if (sep == ' ')
            while (*p == ' ' || *p == '\t')
                p++;
        if (!*p && (sep == ' ' || n > 0)) break;
        fields[n++] = p;
        char *end = sep == ' ' ? p + strcspn(p, " \t") : strchr(p, sep);
        if (!end || !*end) break;
        *end = 0;
        p = end + 1;
    }
    return n;
}

static int parse_number(const char *f, double *x) {
    while (isspace((unsigned char)*f))
        f++;
    char *end;
    errno = 0;
    *x = strtod(f, &end);
    while (isspace((unsigned char)*end))
        end++;
    return end != f && !*end;
}

typedef struct {
    const char *path;
    int label_col; /* 0 none, -1 last, k >= 1 */
    size_t ncols, rows, line;
    char sep;
    int header_done;
    dbuf vals, labs;
    double *scratch; /* one row's numbers */
    char *err;
    size_t errlen;
} csv_state;

static int label_index(const csv_state *s, size_t nf) {
    return s->label_col == 0 ? -1 : s->label_col < 0 ? (int)nf - 1 : s->label_col - 1;
}

/* One data row; returns 0, 1 for a skipped header, or -1 with err filled. */
static int row(csv_state *s, char *line, char **fields, size_t maxf) {
    if (!s->sep) s->sep = separator(line);
    size_t nf = split(line, s->sep, fields, maxf);
    if (nf == 0) return 1; /* a blank line */
    if (s->ncols == 0) s->ncols = nf;
    if (nf != s->ncols) {
        dlrf_set_err(s->err, s->errlen, "%s:%zu: %zu fields, expected %zu as on the first row",
                     s->path, s->line, nf, s->ncols);
        return -1;
    }
    int li = label_index(s, nf);
    if (li >= (int)nf) {
        dlrf_set_err(s->err, s->errlen, "%s: --label-col %d but rows have %zu fields", s->path,
                     s->label_col, nf);
        return -1;
    }
    for (size_t j = 0; j < nf; j++)
        if (!parse_number(fields[j], &s->scratch[j])) {
            if (!s->header_done && s->rows == 0) return s->header_done = 1; /* the header */
            dlrf_set_err(s->err, s->errlen, "%s:%zu:%zu: '%s' is not a number", s->path, s->line,
                         j + 1, fields[j]);
            return -1;
        }
    for (size_t j = 0; j < nf; j++) {
        double x = s->scratch[j];
        if ((int)j == li) {
            if (!isfinite(x) || x != floor(x) || fabs(x) > 2e9) {
                dlrf_set_err(s->err, s->errlen, "%s:%zu:%zu: label '%s' is not an integer", s->path,
                             s->line, j + 1, fields[j]);
                return -1;
            }
            if (push(&s->labs, x)) return -1;
        } else if (push(&s->vals, x))
            return -1;
    }
    s->header_done = 1;
    s->rows++;
    return 0;
}

static dlrf_status finish(csv_state *s, dlrf_mat **X, int **labels) {
    size_t n = s->ncols - (s->label_col != 0);
    if (s->rows == 0 || n == 0) {
        dlrf_set_err(s->err, s->errlen, "%s: no data rows", s->path);
        return DLRF_EFORMAT;
    }
    if (!(*X = dlrf_mat_new(n, s->rows))) return DLRF_ENOMEM;
    for (size_t r = 0; r < s->rows; r++) /* row r is sample r: column r of X */
        memcpy(&DLRF_AT(*X, 0, r), s->vals.v + r * n, n * sizeof(double));
    if (labels && s->label_col) {
        if (!(*labels = malloc(s->rows * sizeof(int)))) return DLRF_ENOMEM;
        for (size_t r = 0; r < s->rows; r++)
            (*labels)[r] = (int)s->labs.v[r];
    }
    return DLRF_OK;
}

dlrf_status dlrf_csv_read(const char *path, int label_col, dlrf_mat **X, int **labels, char *err,
                          size_t errlen) {
    *X = NULL;
    if (labels) *labels = NULL;
    FILE *f = fopen(path, "r");
    if (!f) {
        dlrf_set_err(err, errlen, "%s: %s", path, strerror(errno));
        return DLRF_EIO;
    }
    size_t cap = 0, maxf = 1 << 16;
    csv_state s = {path, label_col, 0, 0, 0, 0, 0, {0}, {0}, malloc(maxf * sizeof(double)),
                   err,  errlen};
    char *line = NULL, **fields = malloc(maxf * sizeof(char *));
    int rc = fields && s.scratch ? 0 : -1;
    if (rc) dlrf_set_err(err, errlen, "%s: out of memory", path);
    ssize_t got;
    while (rc >= 0 && (got = getline(&line, &cap, f)) >= 0) {
        s.line++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = 0;
        rc = row(&s, line, fields, maxf);
    }
    fclose(f);
    free(line);
    free(fields);
    dlrf_status st = rc < 0 ? DLRF_EFORMAT : finish(&s, X, labels);
    if (st == DLRF_ENOMEM) dlrf_set_err(err, errlen, "%s: out of memory", path);
    free(s.vals.v);
    free(s.labs.v);
    free(s.scratch);
    return st;
}

dlrf_status dlrf_csv_write(const char *path, const dlrf_mat *m, char *err, size_t errlen) {
    dlrf_atomic_file a;
    dlrf_status st = dlrf_atomic_open(&a, path, err, errlen);
    if (st != DLRF_OK) return st;
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = 0; j < m->cols; j++)
            fprintf(a.f, "%.17g%c", DLRF_AT(m, i, j), j + 1 < m->cols ? ',' : '\n');
    return dlrf_atomic_commit(&a, err, errlen);
}
