/* The dlrf command line: outputs of fit, and one-line errors with no output
 * left behind for every bad input. Runs the built binary ($DLRF_BIN). */
#define _POSIX_C_SOURCE 200809L
#include <sys/stat.h>
#include <unistd.h>

#include "cli_util.h"
#include "harness.h"

static void write_input(void) {
    dlrf_mat *X = make_subspace_data(20, 30, 3, 2, 0.05, 0.5, 5, NULL);
    char err[256];
    dlrf_npy_write(path("X.npy"), X, err, sizeof err);
    dlrf_mat *T = dlrf_mat_new(30, 20);
    for (size_t j = 0; j < 30; j++)
        for (size_t i = 0; i < 20; i++)
            DLRF_AT(T, j, i) = DLRF_AT(X, i, j);
    dlrf_npy_write(path("Xrows.npy"), T, err, sizeof err);
    dlrf_mat_free(X), dlrf_mat_free(T);
}

static int fit_single_outputs(void) {
    write_input();
    char args[1024];
    snprintf(args, sizeof args, "fit --input %s --method fllrr --lambda 0.3 --out %s --quiet",
             path("X.npy"), path("o1"));
    CHECK(run(args) == 0);
    const char *names[] = {"Z_1.npy", "L_1.npy", "E1_1.npy", "P_1.npy", "S_1.npy", "result.json"};
    char p[600];
    for (int k = 0; k < 6; k++) {
        snprintf(p, sizeof p, "%s/%s", path("o1"), names[k]);
        CHECK(exists(p));
    }
    snprintf(p, sizeof p, "%s/E2_1.npy", path("o1"));
    CHECK(!exists(p)); /* single-layer methods have no second solve */
    dlrf_mat *X = load(path("X.npy")), *Z = load(path("o1/Z_1.npy")), *L = load(path("o1/L_1.npy"));
    dlrf_mat *E = load(path("o1/E1_1.npy")), *P = load(path("o1/P_1.npy"));
    CHECK(X && Z && L && E && P && Z->rows == 30 && Z->cols == 30 && L->rows == 20);
    dlrf_mat *XZ = matmul('N', 'N', X, Z), *LX = matmul('N', 'N', L, X);
    CHECK_LE(rel_diff(P, XZ), 1e-12);
    for (size_t k = 0; k < 600; k++)
        XZ->data[k] += LX->data[k] + E->data[k];
    CHECK_LE(rel_diff(XZ, X), 1e-6); /* X = XZ + LX + E */
    snprintf(p, sizeof p, "%s/result.json", path("o1"));
    char *js = slurp(p);
    CHECK(js && strstr(js, "\"method\": \"fllrr\"") && strstr(js, "\"converged\": true"));
    CHECK(strstr(js, "\"lambda\": [0.29999999999999999]") || strstr(js, "\"lambda\": [0.3]"));
    dlrf_mat_free(X), dlrf_mat_free(Z), dlrf_mat_free(L), dlrf_mat_free(E), dlrf_mat_free(P);
    dlrf_mat_free(XZ), dlrf_mat_free(LX);
    return 0;
}

static int fit_network_rows(void) {
    write_input();
    char args[1024];
    snprintf(args, sizeof args,
             "fit --input %s --samples rows --method fdlrf --layers 2 --lambda 0.3,0.5 "
             "--layer-scale none --out %s",
             path("Xrows.npy"), path("o2"));
    CHECK(run(args) == 0);
    dlrf_mat *X = load(path("X.npy")), *P1 = load(path("o2/P_1.npy")),
             *P2 = load(path("o2/P_2.npy"));
    dlrf_mat *Z1 = load(path("o2/Z_1.npy")), *Z2 = load(path("o2/Z_2.npy"));
    dlrf_mat *E2 = load(path("o2/E2_2.npy")), *S2 = load(path("o2/S_2.npy"));
    CHECK(X && P1 && P2 && Z1 && Z2 && E2 && S2 && P2->rows == 20 && P2->cols == 30);
    dlrf_mat *XZ = matmul('N', 'N', X, Z1), *PZ = matmul('N', 'N', P1, Z2);
    CHECK_LE(rel_diff(P1, XZ), 1e-12);
    CHECK_LE(rel_diff(P2, PZ), 1e-12);
    char *js = slurp(path("o2/result.json"));
    CHECK(js && strstr(js, "\"method\": \"fdlrf\"") && strstr(js, "\"layers\": 2"));
    CHECK(strstr(js, "\"lambda\": [0.29999999999999999, 0.5]"));
    CHECK(strstr(js, "\"layer_scale\": \"none\""));
    CHECK(strstr(js, "\"scale\": \"none\""));
    dlrf_mat_free(X), dlrf_mat_free(P1), dlrf_mat_free(P2), dlrf_mat_free(Z1), dlrf_mat_free(Z2);
    dlrf_mat_free(E2), dlrf_mat_free(S2), dlrf_mat_free(XZ), dlrf_mat_free(PZ);
    return 0;
}

static int fit_iteration_limits(void) {
    write_input();
    char args[1024];
    snprintf(args, sizeof args, "fit --input %s --method latlrr --tol 0 --max-iter 7 --out %s",
             path("X.npy"), path("o3"));
    CHECK(run(args) == 0);
    CHECK(strstr(slurp(path("o3/result.json")), "\"iterations\": 7,"));
    CHECK(slurp(path("stderr"))[0] == '\0'); /* a fixed iteration count is not a warning */
    snprintf(args, sizeof args, "fit --input %s --method lrr --max-iter 3 --out %s", path("X.npy"),
             path("o4"));
    CHECK(run(args) == 0);
    char *err = slurp(path("stderr"));
    CHECK(strstr(err, "warning") && strstr(err, "did not converge"));
    CHECK(strchr(err, '\n') == err + strlen(err) - 1); /* one line */
    CHECK(strstr(slurp(path("o4/result.json")), "\"converged\": false"));
    CHECK(exists(path("o4/Z_1.npy")));
    return 0;
}

/* Each bad input: non-zero exit, one line on stderr naming the problem, no --out. */
static int fit_bad_inputs(void) {
    write_input();
    dlrf_mat *bad = random_matrix(4, 6, 1), *one = random_matrix(4, 1, 2);
    DLRF_AT(bad, 1, 2) = NAN;
    char err[256];
    dlrf_npy_write(path("nan.npy"), bad, err, sizeof err);
    dlrf_npy_write(path("one.npy"), one, err, sizeof err);
    static const char junk[] = "\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'";
    static const char cplx[] = "\x93NUMPY\x01\x00\x36\x00{'descr': '<c8', 'fortran_order': "
                               "False, 'shape': (2,2), }\n";
    FILE *f = fopen(path("junk.npy"), "wb");
    fwrite(junk, 1, sizeof junk - 1, f); /* header cut short */
    fclose(f);
    f = fopen(path("cplx.npy"), "wb");
    fwrite(cplx, 1, sizeof cplx - 1, f);
    fclose(f);
    dlrf_mat_free(bad), dlrf_mat_free(one);
    const bad_case cases[] = {
        {"--input %s/missing.npy", "missing.npy"},
        {"--input %s/junk.npy", "junk.npy"},
        {"--input %s/cplx.npy", "unsupported dtype"},
        {"--input %s/nan.npy", "NaN"},
        {"--input %s/one.npy", "2 samples"},
        {"--input %s/X.npy --lambda 0", "--lambda"},
        {"--input %s/X.npy --lambda -2", "--lambda"},
        {"--input %s/X.npy --layers 0", "--layers"},
        {"--input %s/X.npy --method magic", "unknown method"},
        {"--input %s/X.npy --frobnicate", "unknown option"},
        {"--input %s/X.npy --tol abc", "--tol"},
        {"--input %s/X.npy --samples sideways", "--samples"},
        {"--input %s/X.npy --method lrr --layers 3", "--layers"},
        {"--input %s/X.npy --memory-limit 10K", "needs about"},
        {"--input %s/X.npy --memory-limit 1K", "more than the 1.0 KiB"},
        {"--input %s/X.npy --lambda auto", "pass --k"},
        {"--input %s/X.npy --lambda auto --k 1", "--k must be at least 2"},
        {"--input %s/X.npy --lambda auto --k 31", "2 <= k <= 30"},
        {"--input %s/X.npy --lambda 0.1 --k 3", "only --lambda auto and --method plrsc use it"},
        {"--input %s/X.npy --lambda-grid 1,2", "add --lambda auto"},
        {"--input %s/X.npy --lambda auto --k 3 --lambda-grid 1,0", "--lambda-grid"},
    };
    CHECK(expect_errors("fit %s --out %s", cases, sizeof cases / sizeof cases[0]) == 0);
    /* No partial directory, nor staging leftovers, after a failure. */
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls %s | grep -q tmp", test_dir());
    CHECK(system(cmd) != 0);
    return 0;
}

/* Independent subspaces (5 x 20 samples) as X.npy and labels y.csv (header,
 * labels 10..14). */
static void write_clusters(void) {
    dlrf_synth_opts so;
    dlrf_synth_opts_default(&so);
    so.subspaces = 5;
    so.corrupt = 0.0;
    dlrf_mat *X;
    int *lab;
    char err[256];
    dlrf_synth_subspaces(&so, &X, &lab);
    dlrf_npy_write(path("S.npy"), X, err, sizeof err);
    FILE *f = fopen(path("y.csv"), "w");
    fprintf(f, "label\n");
    for (size_t i = 0; i < X->cols; i++)
        fprintf(f, "%d\n", 10 + lab[i]);
    fclose(f);
    f = fopen(path("short.csv"), "w");
    for (size_t i = 0; i + 1 < X->cols; i++)
        fprintf(f, "%d,", lab[i]);
    fclose(f);
    f = fopen(path("frac.csv"), "w");
    fprintf(f, "1\n2.5\n");
    fclose(f);
    dlrf_mat *Z = dlrf_mat_new(5, 8);
    dlrf_mat_fill(Z, 0.0);
    dlrf_npy_write(path("zero.npy"), Z, err, sizeof err);
    dlrf_mat_free(Z);
    dlrf_mat_free(X);
    free(lab);
}

/* A network clusters independent subspaces perfectly; JSON has every field;
 * --out holds labels.csv, cluster.json and the fit's outputs. */
/* The values of a JSON array of numbers after `key` (at most cap). */
static int json_numbers(const char *js, const char *key, double *out, int cap) {
    const char *p = strstr(js, key);
    if (!p || !(p = strchr(p, '['))) return -1;
    int n = 0;
    for (p++; n < cap && *p && *p != ']';) {
        while (*p == '[' || *p == ' ' || *p == ',')
            p++;
        char *end;
        out[n] = strtod(p, &end);
        if (end == p) break;
        n++, p = end;
        if (*p == ']' && p[1] == ',') p += 2; /* the next row of a nested array */
    }
    return n;
}

/* net:MODEL stacks any latent model: P_2 = P_1 Z_2 as for fdlrf, and the
 * network clusters the subspaces exactly. */
static int model_networks(void) {
    write_input();
    write_clusters();
    char args[1024];
    snprintf(args, sizeof args,
             "fit --input %s --method net:salatlrr --layers 2 --layer-scale none --quiet --out %s",
             path("X.npy"), path("n2"));
    CHECK(run(args) == 0);
    dlrf_mat *P1 = load(path("n2/P_1.npy")), *P2 = load(path("n2/P_2.npy"));
    dlrf_mat *Z2 = load(path("n2/Z_2.npy")), *PZ = P1 && Z2 ? matmul('N', 'N', P1, Z2) : NULL;
    CHECK(PZ && P2 && rel_diff(P2, PZ) <= 1e-12);
    CHECK(strstr(slurp(path("n2/result.json")), "\"method\": \"net:salatlrr\""));
    dlrf_mat_free(P1), dlrf_mat_free(P2), dlrf_mat_free(Z2), dlrf_mat_free(PZ);
    snprintf(args, sizeof args,
             "cluster --input %s --labels %s --method net:rlrr --layers 2 --json", path("S.npy"),
             path("y.csv"));
    CHECK(run(args) == 0);
    char *js = slurp(path("stdout"));
    CHECK(strstr(js, "\"method\": \"net:rlrr\"") && strstr(js, "\"accuracy\": 1,"));
    snprintf(args, sizeof args, "fit --input %s --method net:lrr --out %s", path("X.npy"),
             path("no"));
    CHECK(run(args) == 2 && strstr(slurp(path("stderr")), "net: takes a latent model") &&
          !exists(path("no")));
    return 0;
}

/* --cluster lsc: the options and outputs (LSC itself: test_cluster lsc_blobs). */
static int cluster_lsc(void) {
    write_clusters();
    char args[1024];
    snprintf(args, sizeof args,
             "cluster --input %s --labels %s --method fdlrf --layers 2 --cluster lsc "
             "--landmarks 30 --json",
             path("S.npy"), path("y.csv"));
    CHECK(run(args) == 0);
    char *js = slurp(path("stdout"));
    CHECK(strstr(js, "\"accuracy\":") && strstr(js, "\"cluster\": \"lsc\"") &&
          strstr(js, "\"affinity\": \"lsc:30\""));
    snprintf(args, sizeof args, "cluster --input %s --labels %s --landmarks 30 --out %s",
             path("S.npy"), path("y.csv"), path("no"));
    CHECK(run(args) == 2 && strstr(slurp(path("stderr")), "only --cluster lsc"));
    CHECK(!exists(path("no")));
    /* PLrSC clusters with LSC of its codes; it has no Z to write */
    snprintf(args, sizeof args, "cluster --input %s --labels %s --method plrsc --hidden 300 --json",
             path("S.npy"), path("y.csv"));
    CHECK(run(args) == 0);
    js = slurp(path("stdout"));
    CHECK(strstr(js, "\"method\": \"plrsc\"") && strstr(js, "\"accuracy\": 1,"));
    snprintf(args, sizeof args, "cluster --input %s --labels %s --method plrsc --out %s",
             path("S.npy"), path("y.csv"), path("no"));
    CHECK(run(args) == 2 && strstr(slurp(path("stderr")), "drop --out") && !exists(path("no")));
    return 0;
}

/* fit --method plrsc writes every sample's code, the subset and its LRR Z;
 * the encoder was fitted to that Z, so the subset's own codes reproduce it. */
static int fit_plrsc_codes(void) {
    write_clusters();
    char args[1024];
    snprintf(args, sizeof args,
             "fit --input %s --method plrsc --k 5 --subset 60 --hidden 300 --quiet --out %s",
             path("S.npy"), path("pf"));
    CHECK(run(args) == 0);
    dlrf_mat *X = load(path("S.npy")), *C = load(path("pf/codes.npy"));
    dlrf_mat *idx = load(path("pf/subset.npy")), *Z = load(path("pf/subset_Z.npy"));
    CHECK(X && C && idx && Z && C->rows == 60 && C->cols == X->cols && idx->rows == 60 &&
          idx->cols == 1 && Z->rows == 60 && Z->cols == 60);
    dlrf_mat *Cs = dlrf_mat_new(60, 60);
    char *seen = calloc(X->cols, 1);
    for (size_t i = 0; i < 60; i++) {
        size_t j = (size_t)idx->data[i];
        CHECK(idx->data[i] == (double)j && j < X->cols && !seen[j]); /* distinct columns */
        seen[j] = 1;
        for (size_t r = 0; r < 60; r++)
            DLRF_AT(Cs, r, i) = DLRF_AT(C, r, j);
    }
    CHECK_LE(rel_diff(Cs, Z), 0.05);
    char *js = slurp(path("pf/result.json"));
    CHECK(strstr(js, "\"method\": \"plrsc\"") &&
          strstr(js, "\"plrsc\": {\"k\": 5, \"subset\": 60, \"hidden\": 300"));
    snprintf(args, sizeof args, "transform --model %s --input %s --out %s", path("pf"),
             path("S.npy"), path("no"));
    CHECK(run(args) == 2 && strstr(slurp(path("stderr")), "learns no salient projection") &&
          !exists(path("no")));
    /* --seed draws another subset */
    snprintf(args, sizeof args,
             "fit --input %s --method plrsc --k 5 --subset 60 --hidden 300 --seed 2 --quiet "
             "--out %s",
             path("S.npy"), path("pf2"));
    CHECK(run(args) == 0);
    dlrf_mat *idx2 = load(path("pf2/subset.npy"));
    CHECK(idx2 && idx2->rows == 60 && rel_diff(idx, idx2) > 0.1);
    dlrf_mat_free(X), dlrf_mat_free(C), dlrf_mat_free(idx), dlrf_mat_free(Z), dlrf_mat_free(Cs);
    dlrf_mat_free(idx2), free(seen);
    /* what plrsc cannot do, and its options on other methods */
    const char *bad[][2] = {
        {"fit --input %s --method plrsc --out %s", "pass --k K"},
        {"fit --input %s --method fllrr --hidden 20 --out %s", "--hidden: only --method plrsc"},
        {"fit --input %s --method plrsc --k 5 --hidden-layers 9 --out %s", "out of range (1..8)"},
        {"denoise --input %s --method plrsc --k 5 --out %s", "use dlrf fit"},
        {"fit --input %s --method plrsc --k 5 --lambda auto --out %s", "--lambda auto: --method"},
    };
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        snprintf(args, sizeof args, bad[b][0], path("S.npy"), path("no"));
        CHECK(run(args) == 2 && strstr(slurp(path("stderr")), bad[b][1]) && !exists(path("no")));
    }
    return 0;
}

/* --lambda auto: each layer's lambda is the grid value of the best score
 * written to result.json, and the choice clusters the subspaces exactly. */
static int lambda_auto_outputs(void) {
    write_clusters();
    char args[1024];
    snprintf(args, sizeof args,
             "cluster --input %s --labels %s --method ndlrf --layers 2 --lambda auto "
             "--lambda-grid 1e-4,10,0.1 --json --out %s",
             path("S.npy"), path("y.csv"), path("la"));
    CHECK(run(args) == 0);
    CHECK(strstr(slurp(path("stdout")), "\"accuracy\": 1,"));
    CHECK(strstr(slurp(path("stderr")), "layer 2: lambda auto chose"));
    char *js = slurp(path("la/result.json"));
    double lam[2], grid[3], sc[6];
    CHECK(json_numbers(js, "\"lambda\":", lam, 2) == 2);
    CHECK(json_numbers(js, "\"grid\":", grid, 3) == 3 && grid[1] == 10.0);
    CHECK(json_numbers(js, "\"scores\":", sc, 6) == 6);
    for (int l = 0; l < 2; l++) {
        int best = 0;
        for (int g = 1; g < 3; g++)
            if (sc[l * 3 + g] > sc[l * 3 + best]) best = g;
        CHECK(lam[l] == grid[best]);
        CHECK(sc[l * 3 + best] > 0.0 && sc[l * 3 + best] <= 1.0);
    }
    /* fit takes k from the labels, or from --k */
    snprintf(args, sizeof args,
             "fit --input %s --method fllrr --lambda auto --k 5 --lambda-grid 0.01,1 --quiet "
             "--out %s",
             path("S.npy"), path("lf"));
    CHECK(run(args) == 0);
    CHECK(strstr(slurp(path("lf/result.json")), "\"lambda_auto\": {\"grid\": [0.01"));
    CHECK(slurp(path("stderr"))[0] == '\0'); /* --quiet */
    return 0;
}

static int cluster_json_and_outputs(void) {
    write_clusters();
    char args[1024];
    snprintf(args, sizeof args,
             "cluster --input %s --labels %s --method fdlrf --layers 2 --json --out %s",
             path("S.npy"), path("y.csv"), path("c1"));
    CHECK(run(args) == 0);
    char *js = slurp(path("stdout"));
    const char *keys[] = {"\"accuracy\": 1,",
                          "\"nmi\": 1,",
                          "\"ari\": 1,",
                          "\"n_samples\": 100,",
                          "\"k\": 5,",
                          "\"method\": \"fdlrf\"",
                          "\"layers\": 2,",
                          "\"per_layer\": [{\"layer\": 1, \"accuracy\": 1,",
                          "\"time_s\":",
                          "\"cluster_time_s\":",
                          "\"affinity\": \"topk:3\"",
                          "\"cluster_z\": \"product\"",
                          "\"scale\": \"unit\"",
                          "\"lambda\": [0.0999",
                          "\"confusion\": [["};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (!strstr(js, keys[k])) {
            fprintf(stderr, "missing %s in\n%s\n", keys[k], js);
            return 1;
        }
    char *csv = slurp(path("c1/labels.csv"));
    CHECK(csv && strncmp(csv, "sample,layer1,layer2,truth\n0,", 29) == 0);
    int lines = 0;
    for (char *c = csv; *c; c++)
        lines += *c == '\n';
    CHECK(lines == 101);
    CHECK(exists(path("c1/cluster.json")) && exists(path("c1/Z_2.npy")) &&
          exists(path("c1/result.json")));
    /* the same samples given as rows, orientation guessed from the labels */
    dlrf_mat *X = load(path("S.npy")), *T = dlrf_mat_new(X->cols, X->rows);
    for (size_t j = 0; j < X->cols; j++)
        for (size_t i = 0; i < X->rows; i++)
            DLRF_AT(T, j, i) = DLRF_AT(X, i, j);
    char err[256];
    dlrf_npy_write(path("Srows.npy"), T, err, sizeof err);
    dlrf_mat_free(X), dlrf_mat_free(T);
    snprintf(args, sizeof args,
             "cluster --input %s --labels %s --method latlrr --affinity topk:5 --discretize yushi",
             path("Srows.npy"), path("y.csv"));
    CHECK(run(args) == 0);
    CHECK(strstr(slurp(path("stdout")), "layer 1: AC 1.0000"));
    /* without labels: --k, and no scores */
    snprintf(args, sizeof args, "cluster --input %s --k 5 --method fllrr --json", path("S.npy"));
    CHECK(run(args) == 0);
    CHECK(strstr(slurp(path("stdout")), "\"accuracy\": null"));
    return 0;
}

/* The protocol: mean and std over trials, per-trial classes, reproducible. */
static int cluster_protocol(void) {
    write_clusters();
    char args[1024];
    snprintf(args, sizeof args,
             "cluster --input %s --labels %s --method fllrr --random-classes 3 --trials 3 "
             "--per-class 15 --seed 4 --json",
             path("S.npy"), path("y.csv"));
    CHECK(run(args) == 0);
    static char first[1 << 20];
    memcpy(first, slurp(path("stdout")), sizeof first);
    CHECK(strstr(first, "\"trials\": 3,") && strstr(first, "\"accuracy_mean\": 1,") &&
          strstr(first, "\"accuracy_std\": 0,") && strstr(first, "\"n_samples\": 45,") &&
          strstr(first, "\"per_trial\": [") && strstr(first, "\"classes\": [1"));
    CHECK(run(args) == 0);
    char *again = slurp(path("stdout")), *a = strstr(first, "\"per_trial\""),
         *b = strstr(again, "\"per_trial\"");
    /* identical draws and scores (times aside) */
    for (int k = 0; k < 3; k++) {
        a = strstr(a + 1, "\"classes\"");
        b = strstr(b + 1, "\"classes\"");
        CHECK(a && b && strncmp(a, b, strstr(a, "\"time_s\"") - a) == 0);
    }
    return 0;
}

/* Real formats when present: UMIST.mat (X/Y guessed, samples as rows guessed
 * from the labels) and Fashion-MNIST IDX with its sibling labels file. */
static int cluster_real_formats(void) {
    char args[1024], p[512];
    const char *shared = getenv("DLRF_SHARED");
    snprintf(p, sizeof p, "%s/datasets/UMIST.mat", shared ? shared : "../shared");
    const char *fm = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    int ran = 0;
    if (exists(p)) {
        snprintf(args, sizeof args,
                 "cluster --input %s --scale unit --method fllrr --lambda 0.1 "
                 "--random-classes 3 --trials 1 --json",
                 p);
        CHECK(run(args) == 0);
        char *js = slurp(path("stdout"));
        CHECK(strstr(js, "\"n_features\": 1024,") && strstr(js, "\"k\": 3,"));
        ran++;
    } else
        fprintf(stderr, "skipping UMIST: %s not found\n", p);
    if (exists(fm)) {
        snprintf(args, sizeof args,
                 "cluster --input %s --scale unit --method fllrr --random-classes 2 --per-class 30 "
                 "--json",
                 fm);
        CHECK(run(args) == 0);
        char *js = slurp(path("stdout"));
        CHECK(strstr(js, "\"n_features\": 784,") && strstr(js, "\"n_samples\": 60,"));
        ran++;
    } else
        fprintf(stderr, "skipping Fashion-MNIST: %s not found\n", fm);
    return ran ? 0 : 77;
}

static int cluster_bad_inputs(void) {
    write_clusters();
    const bad_case cases[] = {
        {"--input %1$s/S.npy --labels %1$s/y.csv --k 1", "--k must be at least 2"},
        {"--input %1$s/S.npy --k 101", "k = 101 is out of range"},
        {"--input %1$s/S.npy", "pass --k K"},
        {"--input %1$s/S.npy --labels %1$s/short.csv", "99 labels for 100 samples"},
        {"--input %1$s/S.npy --labels %1$s/frac.csv", "frac.csv:2: '2.5' is not an integer"},
        {"--input %1$s/S.npy --labels %1$s/nothere.csv", "nothere.csv"},
        {"--input %1$s/S.npy --k 3 --trials 2", "need labels"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --random-classes 6", "only 5 classes"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --random-classes 3 --k 4", "contradicts"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --affinity topk:0", "--affinity"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --affinity cosine", "--affinity"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --discretize kmeans", "--discretize"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --cluster-z first", "--cluster-z"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --eigensolver magic", "--eigensolver"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --scale huge", "--scale"},
        {"--input %1$s/zero.npy --k 2", "zero"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --memory-limit 200K", "needs about"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --memory-limit 100K", "more than the 100.0 KiB"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --affinity abs --memory-limit 200K",
         "--affinity topk"},
        {"--input %1$s/S.npy --labels %1$s/y.csv --memory-limit 2X", "--memory-limit"},
    };
    CHECK(expect_errors("cluster %s --method fllrr --out %s", cases,
                        sizeof cases / sizeof cases[0]) == 0);
    return 0;
}

/* dlrf info: shape, stored type, range, NaN/Inf count, labels and classes;
 * NaN cells are reported, not refused. */
static int info_describes_files(void) {
    write_clusters();
    dlrf_mat *X = dlrf_mat_new(3, 4);
    for (size_t t = 0; t < 12; t++)
        X->data[t] = (double)t - 2.0;
    X->data[5] = NAN;
    X->data[7] = INFINITY;
    char err[256], args[1024];
    dlrf_npy_write(path("odd.npy"), X, err, sizeof err);
    dlrf_mat_free(X);
    snprintf(args, sizeof args, "info %s", path("odd.npy"));
    CHECK(run(args) == 0);
    char *out = slurp(path("stdout"));
    CHECK(strstr(out, "samples:  4\n") && strstr(out, "features: 3\n") &&
          strstr(out, "dtype:    float64\n") && strstr(out, "range:    -2 .. 9\n") &&
          strstr(out, "nan:      1\n") && strstr(out, "inf:      1\n") &&
          strstr(out, "labels:   none\n"));
    snprintf(args, sizeof args, "info %s --labels %s", path("S.npy"), path("y.csv"));
    CHECK(run(args) == 0);
    CHECK(strstr(slurp(path("stdout")), "classes:  5: 10 (20) 11 (20) 12 (20) 13 (20) 14 (20)\n"));
    snprintf(args, sizeof args, "info %s", path("absent.npy"));
    CHECK(run(args) == 2);
    char *e = slurp(path("stderr"));
    CHECK(strstr(e, "absent.npy") && strchr(e, '\n') == e + strlen(e) - 1);
    return 0;
}

static void write_text(const char *name, const char *text) {
    FILE *f = fopen(path(name), "w");
    fputs(text, f);
    fclose(f);
}

/* CSV tables: header, label column, one sample per row (checked against the
 * same data as .npy through info and cluster); bad tables refused with line
 * and column. */
static int csv_tables(void) {
    write_clusters();
    dlrf_mat *X = load(path("S.npy"));
    CHECK(X);
    FILE *f = fopen(path("s.csv"), "w");
    for (size_t i = 0; i < X->rows; i++)
        fprintf(f, "f%zu,", i);
    fprintf(f, "class\n");
    for (size_t j = 0; j < X->cols; j++) {
        for (size_t i = 0; i < X->rows; i++)
            fprintf(f, "%.17g,", DLRF_AT(X, i, j));
        fprintf(f, "%zu\n", 10 + j / 20);
    }
    fclose(f);
    dlrf_mat_free(X);
    char args[1024];
    snprintf(args, sizeof args, "info %s --label-col last", path("s.csv"));
    CHECK(run(args) == 0);
    char *out = slurp(path("stdout"));
    CHECK(strstr(out, "samples:  100\n") && strstr(out, "features: 200\n") &&
          strstr(out, "dtype:    csv\n") && strstr(out, "classes:  5: 10 (20)"));
    snprintf(args, sizeof args, "cluster --input %s --label-col 201 --method fllrr --json",
             path("s.csv"));
    CHECK(run(args) == 0);
    CHECK(strstr(slurp(path("stdout")), "\"accuracy\": 1,"));
    write_text("ragged.csv", "1,2,3\n4,5\n");
    write_text("word.csv", "a,b,c\n1,2,3\n4,x5,6\n");
    write_text("frac.tsv", "1\t2\t0.5\n3\t4\t1\n");
    const bad_case cases[] = {
        {"--input %1$s/ragged.csv --k 2", "ragged.csv:2: 2 fields, expected 3"},
        {"--input %1$s/word.csv --k 2", "word.csv:3:2: 'x5' is not a number"},
        {"--input %1$s/frac.tsv --label-col 3", "frac.tsv:1:3: label '0.5' is not an integer"},
        {"--input %1$s/s.csv --label-col 0", "--label-col"},
        {"--input %1$s/s.csv --label-col last --samples rows", "one sample per row"},
    };
    CHECK(expect_errors("cluster %s --method fllrr --out %s", cases,
                        sizeof cases / sizeof cases[0]) == 0);
    return 0;
}

/* --format mat and csv hold exactly the values of --format npy; SciPy reads
 * the .mat files (Debian's python3, a test dependency). */
static int output_formats(void) {
    write_clusters();
    char args[1024], p[64];
    const char *fmts[] = {"npy", "mat", "csv"};
    for (int f = 0; f < 3; f++) {
        snprintf(p, sizeof p, "f%s", fmts[f]);
        snprintf(args, sizeof args,
                 "fit --input %s --method fdlrf --layers 2 --format %s --out %s --quiet",
                 path("S.npy"), fmts[f], path(p));
        CHECK(run(args) == 0);
    }
    char err[256];
    const char *stems[] = {"Z_2", "P_1", "L_2", "E2_2"};
    for (int k = 0; k < 4; k++) {
        snprintf(p, sizeof p, "fnpy/%s.npy", stems[k]);
        dlrf_mat *a = load(path(p)), *b = NULL, *c = NULL;
        snprintf(p, sizeof p, "fmat/%s.mat", stems[k]);
        CHECK(dlrf_matfile_read(path(p), stems[k], &b, err, sizeof err) == DLRF_OK);
        snprintf(p, sizeof p, "fcsv/%s.csv", stems[k]);
        CHECK(dlrf_csv_read(path(p), 0, &c, NULL, err, sizeof err) == DLRF_OK);
        /* the CSV reader takes rows as samples: c is the transpose */
        CHECK(a && b->rows == a->rows && b->cols == a->cols && c->rows == a->cols);
        for (size_t j = 0; j < a->cols; j++)
            for (size_t i = 0; i < a->rows; i++)
                CHECK(DLRF_AT(a, i, j) == DLRF_AT(b, i, j) && DLRF_AT(a, i, j) == DLRF_AT(c, j, i));
        dlrf_mat_free(a), dlrf_mat_free(b), dlrf_mat_free(c);
    }
    snprintf(args, sizeof args, "fit --input %s --format xls --out %s", path("S.npy"),
             path("never"));
    CHECK(run(args) == 2 && strstr(slurp(path("stderr")), "--format"));
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import numpy as n, scipy.io as s; "
             "a = n.load('%s'); b = s.loadmat('%s')['Z_2']; assert (a == b).all(), 'differ'\"",
             path("fnpy/Z_2.npy"), path("fmat/Z_2.mat"));
    if (system("/usr/bin/python3 -c 'import scipy' 2>/dev/null") != 0) {
        fprintf(stderr, "skipping the SciPy check: /usr/bin/python3 has no scipy "
                        "(scripts/deps.sh installs python3-scipy)\n");
        return 0;
    }
    CHECK(system(cmd) == 0);
    return 0;
}

/* transform applies a fit's L_l ... L_1 to new samples: on the training
 * samples (layer scale none) it gives the fit's own S_l. */
static int transform_new_samples(void) {
    write_input();
    char args[1024];
    snprintf(args, sizeof args,
             "fit --input %s --method fdlrf --layers 2 --layer-scale none --out %s --quiet",
             path("X.npy"), path("model"));
    CHECK(run(args) == 0);
    snprintf(args, sizeof args, "transform --model %s --input %s --out %s", path("model"),
             path("X.npy"), path("feat"));
    CHECK(run(args) == 0);
    for (int l = 1; l <= 2; l++) {
        char a[64], b[64];
        snprintf(a, sizeof a, "model/S_%d.npy", l);
        snprintf(b, sizeof b, "feat/S_%d.npy", l);
        dlrf_mat *S = load(path(a)), *T = load(path(b));
        CHECK(S && T);
        CHECK_LE(rel_diff(T, S), 1e-12);
        dlrf_mat_free(S), dlrf_mat_free(T);
    }
    dlrf_mat *W = random_matrix(7, 5, 3);
    char err[256];
    dlrf_npy_write(path("wide.npy"), W, err, sizeof err);
    dlrf_mat_free(W);
    const bad_case cases[] = {
        {"--model %1$s/model --input %1$s/wide.npy", "has 7 features"},
        {"--model %1$s/nothing --input %1$s/X.npy", "not the result.json of a dlrf fit"},
    };
    CHECK(expect_errors("transform %s --out %s", cases, sizeof cases / sizeof cases[0]) == 0);
    return 0;
}

/* denoise runs fit and writes only the deep features, identical to fit's. */
static int denoise_features(void) {
    write_input();
    char args[1024];
    snprintf(args, sizeof args, "denoise --input %s --layers 2 --out %s --quiet", path("X.npy"),
             path("dn"));
    CHECK(run(args) == 0);
    snprintf(args, sizeof args, "fit --input %s --layers 2 --out %s --quiet", path("X.npy"),
             path("ft"));
    CHECK(run(args) == 0);
    CHECK(!exists(path("dn/Z_1.npy")) && !exists(path("dn/L_2.npy")) &&
          exists(path("dn/S_2.npy")) && exists(path("dn/result.json")));
    dlrf_mat *a = load(path("dn/P_2.npy")), *b = load(path("ft/P_2.npy"));
    CHECK(a && b);
    CHECK_LE(rel_diff(a, b), 0.0);
    dlrf_mat_free(a), dlrf_mat_free(b);
    return 0;
}

/* docs/dlrf.1 documents every subcommand and every option its --help lists. */
static int man_page_lists_every_option(void) {
    const char *src = getenv("DLRF_SOURCE");
    char p[1024];
    snprintf(p, sizeof p, "%s/docs/dlrf.1", src ? src : "..");
    static char man[1 << 18];
    FILE *f = fopen(p, "r");
    CHECK(f);
    man[fread(man, 1, sizeof man - 1, f)] = 0;
    fclose(f);
    const char *cmds[] = {
        "fit",       "cluster",    "denoise",   "transform",         "info", "convert", "plot z",
        "plot grid", "plot lines", "plot bars", "experiment table2", "demo", "version"};
    for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
        char args[64], want[128];
        snprintf(args, sizeof args, "%s --help", cmds[c]);
        CHECK(run(args) == 0);
        snprintf(want, sizeof want, ".SS \"dlrf %s", cmds[c]);
        if (!strstr(man, want)) {
            fprintf(stderr, "dlrf.1 lacks the command %s\n", cmds[c]);
            return 1;
        }
        for (char *l = slurp(path("stdout")); (l = strstr(l, "\n  --")); l++) {
            char opt[64], roff[160];
            sscanf(l + 3, "--%63[a-z0-9-]", opt);
            if (strcmp(opt, "help") == 0) continue;
            size_t k = 0;
            roff[k++] = '\\', roff[k++] = '-', roff[k++] = '\\', roff[k++] = '-';
            for (const char *o = opt; *o && k + 3 < sizeof roff; o++) {
                if (*o == '-') roff[k++] = '\\';
                roff[k++] = *o;
            }
            roff[k] = 0;
            if (!strstr(man, roff)) {
                fprintf(stderr, "dlrf.1 lacks %s --%s\n", cmds[c], opt);
                return 1;
            }
        }
    }
    return 0;
}

static int version_and_help(void) {
    CHECK(run("version") == 0);
    char *out = slurp(path("stdout"));
    CHECK(strstr(out, "dlrf 0.") && strstr(out, "blas core:") && strstr(out, "blas threads:"));
    CHECK(run("fit --help") == 0);
    CHECK(strstr(slurp(path("stdout")), "--layer-scale"));
    CHECK(run("nonsense") != 0);
    return 0;
}

TEST_MAIN({"fit_single_outputs", fit_single_outputs}, {"fit_network_rows", fit_network_rows},
          {"model_networks", model_networks}, {"fit_iteration_limits", fit_iteration_limits},
          {"fit_bad_inputs", fit_bad_inputs},
          {"cluster_json_and_outputs", cluster_json_and_outputs},
          {"lambda_auto_outputs", lambda_auto_outputs}, {"cluster_lsc", cluster_lsc},
          {"fit_plrsc_codes", fit_plrsc_codes}, {"cluster_protocol", cluster_protocol},
          {"cluster_real_formats", cluster_real_formats},
          {"cluster_bad_inputs", cluster_bad_inputs},
          {"info_describes_files", info_describes_files}, {"csv_tables", csv_tables},
          {"output_formats", output_formats}, {"transform_new_samples", transform_new_samples},
          {"denoise_features", denoise_features},
          {"man_page_lists_every_option", man_page_lists_every_option},
          {"version_and_help", version_and_help})
