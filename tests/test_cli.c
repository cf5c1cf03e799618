/* The dlrf command line: outputs of fit, and one-line errors with no output
 * left behind for every bad input. Runs the built binary ($DLRF_BIN). */
#define _POSIX_C_SOURCE 200809L
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static char dir[256];
static const char *bin(void) {
    return getenv("DLRF_BIN") ? getenv("DLRF_BIN") : "./dlrf";
}

static const char *path(const char *name) {
    static char p[4][512];
    static int k;
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/dlrf-cli-XXXXXX");
        if (!mkdtemp(dir)) return NULL;
    }
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

/* Runs `dlrf ARGS`, stderr to a file; returns the exit status. */
static int run(const char *args) {
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "%s %s >%s 2>%s", bin(), args, path("stdout"), path("stderr"));
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static char *slurp(const char *p) {
    FILE *f = fopen(p, "rb");
    if (!f) return NULL;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int exists(const char *p) {
    struct stat st;
    return stat(p, &st) == 0;
}

static dlrf_mat *load(const char *p) {
    dlrf_mat *m = NULL;
    char err[256];
    if (dlrf_npy_read(p, &m, NULL, err, sizeof err) != DLRF_OK) fprintf(stderr, "%s\n", err);
    return m;
}

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
    struct {
        const char *args, *expect;
    } cases[] = {
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
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char a[1024], full[2048];
        snprintf(a, sizeof a, cases[k].args, dir);
        snprintf(full, sizeof full, "fit %s --out %s", a, path("never"));
        int rc = run(full);
        char *e = slurp(path("stderr"));
        if (rc == 0 || !strstr(e, cases[k].expect) || strchr(e, '\n') != e + strlen(e) - 1) {
            fprintf(stderr, "case '%s': rc %d, stderr: %s\n", a, rc, e);
            return 1;
        }
        CHECK(!exists(path("never")));
    }
    /* No partial directory, nor staging leftovers, after a failure. */
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls %s | grep -q tmp", dir);
    CHECK(system(cmd) != 0);
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
          {"fit_iteration_limits", fit_iteration_limits}, {"fit_bad_inputs", fit_bad_inputs},
          {"version_and_help", version_and_help})
