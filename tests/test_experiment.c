/* dlrf experiment's plumbing: rows independent of --jobs, resuming skips
 * finished tasks (also from an interrupted run's worker files), and the
 * report holds every requested row. */
#define _POSIX_C_SOURCE 200809L
#include "cli_util.h"
#include "harness.h"

/* 8 classes of 10 samples on independent subspaces, labels as integral floats. */
static void write_data(void) {
    int lab[80];
    dlrf_mat *X = make_subspace_data(60, 80, 8, 3, 0.0, 0.0, 4, lab), *y = dlrf_mat_new(1, 80);
    for (int j = 0; j < 80; j++)
        y->data[j] = lab[j] + 1;
    char err[256];
    dlrf_npy_write(path("X.npy"), X, err, sizeof err);
    dlrf_npy_write(path("y.npy"), y, err, sizeof err);
    dlrf_mat_free(X), dlrf_mat_free(y);
}

static int experiment(const char *out, const char *extra) {
    char args[2048];
    snprintf(args, sizeof args,
             "experiment table2 --dataset %s --labels %s --layers 2 --out %s --quiet %s",
             path("X.npy"), path("y.npy"), path(out), extra);
    return run(args);
}

/* results.csv without the two seconds columns (fields 13 and 14). */
static char *without_times(const char *p) {
    static char out[2][1 << 16];
    static int k;
    k ^= 1;
    char *src = slurp(p), *o = out[k];
    int field = 1;
    for (; *src; src++) {
        if (*src == '\n') field = 1;
        if (field != 13 && field != 14) *o++ = *src;
        if (*src == ',') field++;
    }
    *o = 0;
    return out[k];
}

static int rows_independent_of_jobs(void) {
    write_data();
    CHECK(experiment("j1", "--trials 2 --jobs 1 --baselines rlatlrr,salatlrr") == 0);
    CHECK(experiment("j2", "--trials 2 --jobs 2 --baselines rlatlrr,salatlrr") == 0);
    char a[1 << 16];
    snprintf(a, sizeof a, "%s", without_times(path("j1/results.csv")));
    CHECK(strcmp(a, without_times(path("j2/results.csv"))) == 0);
    int lines = 0;
    for (const char *s = a; *s; s++)
        lines += *s == '\n';
    CHECK(lines == 1 + 4 * 2 * 7); /* header; K x trials x (lrr + 2 + 2 layers + 2 baselines) */
    return 0;
}

static int resume_skips_finished(void) {
    write_data();
    CHECK(experiment("r", "--trials 1 --jobs 2 --baselines none") == 0);
    char first[1 << 16];
    snprintf(first, sizeof first, "%s", slurp(path("r/results.csv")));
    /* more trials: only the new ones run; the old rows stay as they were */
    char args[2048];
    snprintf(args, sizeof args,
             "experiment table2 --dataset %s --labels %s --layers 2 --out %s --trials 2 "
             "--baselines none",
             path("X.npy"), path("y.npy"), path("r"));
    CHECK(run(args) == 0);
    CHECK(strstr(slurp(path("stderr")), "12 of 24 tasks to run (12 done)"));
    char *now = slurp(path("r/results.csv"));
    for (char *line = strtok(first, "\n"); line; line = strtok(NULL, "\n"))
        CHECK(strstr(now, line)); /* unchanged, seconds included */
    /* an interrupted run: a task's rows left in a worker file with a torn line */
    char *all = slurp(path("r/results.csv")), *last = strrchr(all, '\n');
    *last = 0;
    last = strrchr(all, '\n'); /* the last row: one layer of one task */
    FILE *f = fopen(path("r/results.part.5"), "w");
    fprintf(f, "%s\ntable2,X,2,0,9,1", last + 1); /* a row, then a torn one */
    fclose(f);
    CHECK(run(args) == 0);
    CHECK(strstr(slurp(path("stderr")), "0 of 24 tasks to run (24 done)"));
    CHECK(!exists(path("r/results.part.5")));
    CHECK(strstr(slurp(path("r/results.csv")), ",9,1") == NULL);
    return 0;
}

static int report_has_every_row(void) {
    write_data();
    CHECK(experiment("rep", "--trials 1") == 0);
    char *md = slurp(path("rep/report.md"));
    const char *rows[] = {"| LRR |",
                          "| FLLRR |",
                          "| fDLRF-Net (2 layers) |",
                          "| LatLRR |",
                          "| nDLRF-Net (2 layers) |",
                          "| rLatLRR |",
                          "| rLRR (reconstruction) |",
                          "| SA-LatLRR (reconstruction) |",
                          "| PLrSC |"};
    for (int r = 0; r < 9; r++) {
        char *at = strstr(md, rows[r]);
        CHECK(at);
        int cells = 0;
        for (char *s = at; *s && *s != '\n'; s++)
            cells += strncmp(s, " (1) |", 6) == 0;
        CHECK(cells == 4); /* K = 2, 4, 6, 8, one trial each */
    }
    CHECK(exists(path("rep/table2_fdlrf.png")) && exists(path("rep/table2_ndlrf.png")));
    const bad_case cases[] = {
        {"experiment table2 --dataset %1$s/X.npy --trials 0 --out %1$s/e", "--trials"},
        {"experiment table2 --dataset %1$s/X.npy --out %1$s/e", "needs labels"},
        {"experiment fig9 --out %1$s/e", "unknown experiment 'fig9'"},
        {"experiment table2 --dataset %1$s/X.npy --baselines lrr,magic --out %1$s/e",
         "--baselines: 'lrr'"},
    };
    CHECK(expect_errors("%s%.0s", cases, 4) == 0);
    CHECK(!exists(path("e/results.csv")));
    return 0;
}

/* noise: five levels on one draw per trial; a row per level, run and layer. */
static int noise_levels(void) {
    write_data();
    char args[2048];
    snprintf(args, sizeof args,
             "experiment noise --dataset %s --labels %s --layers 2 --trials 1 --out %s --quiet",
             path("X.npy"), path("y.npy"), path("n"));
    CHECK(run(args) == 0);
    char *csv = slurp(path("n/results.csv"));
    int rows = 0;
    unsigned long long seed = 0;
    for (char *l = strchr(csv, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
        int k, setting;
        unsigned long long s;
        CHECK(sscanf(l + 1, "noise,X,%d,%d,0,%llu,", &k, &setting, &s) == 3);
        CHECK(k == 5 && setting % 100 == 0 && setting >= 100 && setting <= 500);
        CHECK(!seed || s == seed); /* the same draw at every level */
        seed = s, rows++;
    }
    CHECK(rows == 5 * 2 * 2);
    CHECK(strstr(slurp(path("n/report.md")), "| 2 |") && exists(path("n/noise_fdlrf.png")));
    return 0;
}

/* The comma-separated fields of a line (copied into buf), their count. */
static int fields(const char *line, char *buf, size_t len, char **f, int cap) {
    size_t m = strcspn(line, "\n");
    if (m >= len) return 0;
    memcpy(buf, line, m);
    buf[m] = 0;
    int n = 0;
    for (char *p = buf; n < cap; p++) {
        f[n++] = p;
        if (!(p = strchr(p, ','))) break;
        *p = 0;
    }
    return n;
}

/* lambda: stage 2 runs on the λ stage 1 found best; both choices are marked;
 * --lambda auto's layer-1 choice is the default-grid λ of best score. */
static int lambda_stages(void) {
    write_data();
    char args[2048];
    snprintf(args, sizeof args,
             "experiment lambda --dataset %s --labels %s --layers 2 --trials 1 --out %s --quiet",
             path("X.npy"), path("y.npy"), path("lam"));
    CHECK(run(args) == 0);
    char *csv = slurp(path("lam/results.csv")), best[80] = "", buf[512], *f[24];
    double top = -1, top_self = -1, self_pick = 0, auto_pick = -1;
    int rows1 = 0, rows2 = 0, autos = 0;
    const double *grid;
    int ng = dlrf_lambda_grid_default(&grid);
    for (char *l = strchr(csv, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
        CHECK(fields(l + 1, buf, sizeof buf, f, 24) == 19 && !strcmp(f[0], "lambda"));
        int layer = atoi(f[8]);
        double setting = atof(f[3]), ac = atof(f[14]), self = atof(f[18]);
        if (strcmp(f[6], "fdlrf")) continue;
        if (setting < 0) { /* --lambda auto */
            autos++;
            if (layer == 1) auto_pick = atof(f[9]);
            continue;
        }
        if (layer == 1 && ac > top) top = ac, snprintf(best, sizeof best, "%s;", f[9]);
        for (int g = 0; g < ng && layer == 1; g++)
            if (setting == grid[g] && self > top_self) top_self = self, self_pick = setting;
        rows1 += layer == 1, rows2 += layer == 2;
    }
    CHECK(rows1 == 9 && rows2 == 9 && autos == 2);
    CHECK(auto_pick == self_pick);
    for (char *l = strstr(csv, "lambda,X,5,"); l; l = strstr(l + 1, "lambda,X,5,")) {
        CHECK(fields(l, buf, sizeof buf, f, 24) == 19);
        if (!strcmp(f[6], "fdlrf") && atoi(f[8]) == 2 && atof(f[3]) > 0) /* layer 2 of the */
            CHECK(strncmp(f[9], best, strlen(best)) == 0);               /* grid: on best λ_1 */
    }
    char *md = slurp(path("lam/report.md"));
    CHECK(strstr(md, " *") && strstr(md, " +") && exists(path("lam/lambda_fdlrf.png")));
    CHECK(strstr(md, "`--lambda auto`") && strstr(md, "| 2 |"));
    return 0;
}

/* all: each experiment in its directory, an index, the denoise grids. */
static int all_experiments(void) {
    write_data();
    char args[2048];
    snprintf(args, sizeof args,
             "experiment all --dataset %s --labels %s --image-shape 6x10 --layers 2 --trials 1 "
             "--baselines salatlrr --out %s --quiet",
             path("X.npy"), path("y.npy"), path("all"));
    CHECK(run(args) == 0);
    const char *files[] = {"all/index.md",
                           "all/table2/report.md",
                           "all/noise/report.md",
                           "all/denoise/fdlrf_images.png",
                           "all/subspaces/fdlrf_z_2.png",
                           "all/subspaces/results.csv"};
    for (int i = 0; i < 6; i++)
        CHECK(exists(path(files[i])));
    CHECK(strstr(slurp(path("all/index.md")), "[denoise](denoise/report.md)"));
    return 0;
}

TEST_MAIN({"rows_independent_of_jobs", rows_independent_of_jobs}, {"noise_levels", noise_levels},
          {"lambda_stages", lambda_stages}, {"all_experiments", all_experiments},
          {"resume_skips_finished", resume_skips_finished},
          {"report_has_every_row", report_has_every_row})
