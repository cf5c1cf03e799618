/* results.csv: one row per layer of each task, merged from the workers'
 * files, sorted, without duplicates; the rows already there are what a
 * resumed experiment does not recompute. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/experiment.h"

const char exp_csv_header[] = "experiment,dataset,k,setting,trial,seed,run,method,layer,lambda,"
                              "iterations,n_samples,fit_s,cluster_s,ac,nmi,ari,bd,self";

void exp_row_format(const exp_row *r, char *buf, size_t len) {
    char bd[32] = "", self[32] = "";
    if (!isnan(r->bd)) snprintf(bd, sizeof bd, "%.6f", r->bd);
    if (!isnan(r->self)) snprintf(self, sizeof self, "%.6f", r->self);
    snprintf(buf, len, "%s,%s,%d,%g,%d,%llu,%s,%s,%d,%s,%d,%ld,%.3f,%.3f,%.17g,%.17g,%.17g,%s,%s\n",
             r->experiment, r->dataset, r->k, r->setting, r->trial, r->seed, r->run, r->method,
             r->layer, r->lambda, r->iterations, r->n_samples, r->fit_s, r->cluster_s, r->ac,
             r->nmi, r->ari, bd, self);
}

/* The next comma-separated field of *s into buf. */
static const char *field(const char **s, char *buf, size_t len) {
    size_t n = strcspn(*s, ",\n");
    snprintf(buf, len, "%.*s", (int)(n < len ? n : len - 1), *s);
    *s += n + ((*s)[n] == ',');
    return buf;
}

/* dst = src, cut to cap - 1 characters */
static void set(char *dst, size_t cap, const char *src) {
    size_t n = strlen(src) < cap ? strlen(src) : cap - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

int exp_row_parse(const char *line, exp_row *r) {
    char f[19][160];
    const char *s = line;
    int n = 0;
    while (n < 19 && *s && *s != '\n')
        field(&s, f[n++], sizeof f[0]);
    while (n >= 17 && n < 19) /* empty last fields; files before "self" have 18 */
        f[n++][0] = 0;
    if (n != 19 || strcmp(f[0], "experiment") == 0) return -1;
    memset(r, 0, sizeof *r);
    set(r->experiment, sizeof r->experiment, f[0]);
    set(r->dataset, sizeof r->dataset, f[1]);
    set(r->run, sizeof r->run, f[6]);
    set(r->method, sizeof r->method, f[7]);
    set(r->lambda, sizeof r->lambda, f[9]);
    char *end;
    r->k = (int)strtol(f[2], &end, 10);
    r->setting = strtod(f[3], NULL);
    r->trial = (int)strtol(f[4], NULL, 10);
    r->seed = strtoull(f[5], NULL, 10);
    r->layer = (int)strtol(f[8], NULL, 10);
    r->iterations = (int)strtol(f[10], NULL, 10);
    r->n_samples = strtol(f[11], NULL, 10);
    r->fit_s = strtod(f[12], NULL);
    r->cluster_s = strtod(f[13], NULL);
    r->ac = strtod(f[14], NULL);
    r->nmi = strtod(f[15], NULL);
    r->ari = strtod(f[16], NULL);
    r->bd = f[17][0] ? strtod(f[17], NULL) : NAN;
    r->self = f[18][0] ? strtod(f[18], NULL) : NAN;
    return *end || r->layer < 1 ? -1 : 0;
}

static int cmp_row(const void *a, const void *b) {
    const exp_row *x = a, *y = b;
    int c = strcmp(x->experiment, y->experiment);
    if (!c) c = strcmp(x->dataset, y->dataset);
    if (!c) c = (x->k > y->k) - (x->k < y->k);
    if (!c) c = (x->setting > y->setting) - (x->setting < y->setting);
    if (!c) c = strcmp(x->run, y->run);
    if (!c) c = (x->trial > y->trial) - (x->trial < y->trial);
    if (!c) c = (x->layer > y->layer) - (x->layer < y->layer);
    if (!c) c = strcmp(x->lambda, y->lambda); /* lambda: the same λ after other choices */
    return c;
}

/* Appends the parseable rows of path to *rows (a torn last line is left out). */
static int read_rows(const char *path, exp_row **rows, long *n, long *cap) {
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        if (!strchr(line, '\n')) break; /* cut short by an interruption */
        if (*n == *cap) {
            exp_row *r = realloc(*rows, (size_t)(*cap = *cap * 2 + 64) * sizeof(exp_row));
            if (!r) {
                fclose(f);
                return -1;
            }
            *rows = r;
        }
        if (exp_row_parse(line, &(*rows)[*n]) == 0) (*n)++;
    }
    fclose(f);
    return 0;
}

static int is_part(const struct dirent *e) {
    return strncmp(e->d_name, "results.part.", 13) == 0;
}

long exp_results_merge(const char *dir, exp_row **out) {
    char path[4200], tmp[4300], line[2048];
    exp_row *rows = NULL;
    long n = 0, cap = 0;
    struct dirent **parts;
    snprintf(path, sizeof path, "%s/results.csv", dir);
    int np = scandir(dir, &parts, is_part, alphasort), rc = read_rows(path, &rows, &n, &cap);
    for (int i = 0; i < np; i++) {
        char p[4400];
        snprintf(p, sizeof p, "%s/%s", dir, parts[i]->d_name);
        if (rc == 0) rc = read_rows(p, &rows, &n, &cap);
    }
    if (rc == 0 && n) qsort(rows, (size_t)n, sizeof *rows, cmp_row);
    long m = 0; /* without duplicates */
    for (long i = 0; i < n; i++)
        if (m == 0 || cmp_row(&rows[m - 1], &rows[i]) != 0) rows[m++] = rows[i];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = rc == 0 ? fopen(tmp, "w") : NULL;
    if (f) {
        fprintf(f, "%s\n", exp_csv_header);
        for (long i = 0; i < m; i++) {
            exp_row_format(&rows[i], line, sizeof line);
            fputs(line, f);
        }
    }
    if (!f || fclose(f) != 0 || rename(tmp, path) != 0) {
        cli_error("experiment", "%s: cannot write the results", path);
        free(rows);
        rows = NULL, m = -1;
    }
    for (int i = 0; i < np; i++) {
        char p[4400];
        snprintf(p, sizeof p, "%s/%s", dir, parts[i]->d_name);
        if (m >= 0) remove(p); /* merged */
        free(parts[i]);
    }
    if (np >= 0) free(parts);
    *out = rows;
    return m;
}

/* The λ list a lambda task runs with, as fill_row writes it. */
void exp_task_lambdas(const exp_task *t, char *buf, size_t len) {
    snprintf(buf, len, "%s%s%.6g", t->prefix, t->prefix[0] ? ";" : "", t->setting);
}

int exp_task_done(const exp_ctx *e, const exp_task *t, const exp_row *rows, long n) {
    if (!strcmp(e->name, "lambda") && t->setting != EXP_AUTO) { /* a λ list: its deepest row */
        char want[128];
        exp_task_lambdas(t, want, sizeof want);
        for (long i = 0; i < n; i++)
            if (!strcmp(rows[i].experiment, e->name) && !strcmp(rows[i].dataset, e->data_name) &&
                rows[i].trial == t->trial && !strcmp(rows[i].run, t->run) &&
                rows[i].seed == t->seed && rows[i].layer == t->layers &&
                !strcmp(rows[i].lambda, want))
                return 1;
        return 0;
    }
    int layers = 0;
    for (long i = 0; i < n; i++)
        layers += !strcmp(rows[i].experiment, e->name) && !strcmp(rows[i].dataset, e->data_name) &&
                  rows[i].k == t->k && rows[i].setting == t->setting && rows[i].trial == t->trial &&
                  !strcmp(rows[i].run, t->run) && rows[i].seed == t->seed;
    return layers >= t->layers;
}
