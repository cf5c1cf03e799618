/* Data in and out: the catalogue of bad inputs (each one line, exit 2, no
 * output), every writer/reader pair round-tripped bit for bit (and checked by
 * NumPy/SciPy), image folders, and the preprocessing flags. */
#define _POSIX_C_SOURCE 200809L
#include <cairo.h>
#include <matio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cli_util.h"
#include "harness.h"

static void put(const char *name, const void *bytes, size_t n) {
    FILE *f = fopen(path(name), "wb");
    if (n) fwrite(bytes, 1, n, f);
    fclose(f);
}

/* A version-1 .npy header for dict, padded to 64 bytes as NumPy does. */
static void put_npy_header(const char *name, const char *dict, size_t data_bytes) {
    char h[128];
    size_t len = strlen(dict);
    memcpy(h, "\x93NUMPY\x01\x00", 8);
    h[8] = (char)(118 & 255), h[9] = 0;
    memset(h + 10, ' ', 118);
    memcpy(h + 10, dict, len);
    h[127] = '\n';
    FILE *f = fopen(path(name), "wb");
    fwrite(h, 1, 128, f);
    for (size_t i = 0; i < data_bytes; i++)
        fputc(0, f);
    fclose(f);
}

static void put_idx(const char *name, int gz, const unsigned dims[3], size_t data_bytes) {
    unsigned char h[16] = {0, 0, 8, 3};
    for (int d = 0; d < 3; d++)
        for (int b = 0; b < 4; b++)
            h[4 + 4 * d + b] = (unsigned char)(dims[d] >> (24 - 8 * b));
    unsigned char *data = calloc(data_bytes + 1, 1);
    if (gz) {
        gzFile g = gzopen(path(name), "wb");
        gzwrite(g, h, 16);
        if (data_bytes) gzwrite(g, data, (unsigned)data_bytes);
        gzclose(g);
    } else {
        FILE *f = fopen(path(name), "wb");
        fwrite(h, 1, 16, f);
        fwrite(data, 1, data_bytes, f);
        fclose(f);
    }
    free(data);
}

static void cut_file(const char *name, double keep) {
    struct stat sb;
    stat(path(name), &sb);
    if (truncate(path(name), (off_t)((double)sb.st_size * keep)) != 0) perror(name);
}

static void put_pgm(const char *name, int w, int h, int maxv, const unsigned char *px) {
    FILE *f = fopen(path(name), "wb");
    fprintf(f, "P5\n# made by the test\n%d %d\n%d\n", w, h, maxv);
    fwrite(px, 1, (size_t)(w * h * (maxv > 255 ? 2 : 1)), f);
    fclose(f);
}

static void write_npy(const char *name, const dlrf_mat *M) {
    char err[256];
    if (dlrf_npy_write(path(name), M, err, sizeof err) != DLRF_OK) fprintf(stderr, "%s\n", err);
}

/* Samples of `groups` subspaces (n x N) in xname, their labels (integral
 * floats, 1 x N) in yname and lab; X is returned (the caller frees it). */
static dlrf_mat *write_labelled(size_t n, size_t N, size_t groups, unsigned seed, const char *xname,
                                const char *yname, int *lab) {
    dlrf_mat *X = make_subspace_data(n, N, groups, 2, 0.0, 0.0, seed, lab), *y = dlrf_mat_new(1, N);
    for (size_t j = 0; j < N; j++)
        y->data[j] = lab[j];
    write_npy(xname, X);
    write_npy(yname, y);
    dlrf_mat_free(y);
    return X;
}

/* X (20 x 30, three classes 0/1/2 as integral floats in y.npy) and the bad files. */
static void make_catalogue_files(void) {
    int lab[30];
    dlrf_mat *X = write_labelled(20, 30, 3, 3, "X.npy", "y.npy", lab), *y = dlrf_mat_new(1, 30);
    for (int j = 0; j < 30; j++)
        y->data[j] = lab[j];
    y->data[4] = 0.5;
    write_npy("yfrac.npy", y);
    dlrf_mat *y29 = dlrf_mat_new(1, 29), *sq = random_matrix(30, 30, 4);
    write_npy("square.npy", sq);
    dlrf_mat_free(sq);
    write_npy("y29.npy", y29);
    DLRF_AT(X, 3, 4) = NAN;
    write_npy("nan.npy", X);
    DLRF_AT(X, 3, 4) = INFINITY;
    write_npy("inf.npy", X);
    mkdir(path("dir.npy"), 0755);
    put("empty.npy", "", 0);
    put("empty.mat", "", 0);
    put("empty-idx3-ubyte", "", 0);
    put("junk.npy", "\x93NUMPY\x01\x00\x40\x00{'descr': '<f8'", 22);
    write_npy("cut.npy", X);
    cut_file("cut.npy", 0.5);
    dlrf_mat *R = random_matrix(60, 50, 9);
    char err[256];
    dlrf_matfile_write(path("cut.mat"), "X", R, err, sizeof err);
    cut_file("cut.mat", 0.6);
    const char *names[2] = {"A", "B"};
    const dlrf_mat *mats[2] = {R, y};
    dlrf_matfile_write_vars(path("ab.mat"), names, mats, 2, err, sizeof err);
    put_npy_header("overflow.npy",
                   "{'descr': '<f8', 'fortran_order': False, "
                   "'shape': (4294967296, 4294967296), }",
                   64);
    put_npy_header("c16.npy", "{'descr': '<c16', 'fortran_order': False, 'shape': (2, 2), }", 64);
    put_npy_header("big.npy", "{'descr': '<f8', 'fortran_order': True, 'shape': (20000, 20000), }",
                   0);
    if (truncate(path("big.npy"), 128 + 8LL * 20000 * 20000) != 0) perror("big.npy"); /* sparse */
    put_idx("cut-idx3-ubyte", 0, (unsigned[]){10, 28, 28}, 100);
    put_idx("cut-idx3-ubyte.gz", 1, (unsigned[]){10, 28, 28}, 100);
    put_idx("big-idx3-ubyte.gz", 1, (unsigned[]){4000000, 1000, 1000}, 0);
    put_idx("overflow-idx3-ubyte", 0, (unsigned[]){4000000000u, 4000000000u, 4000000000u}, 0);
    put_idx("stream-idx3-ubyte.gz", 1, (unsigned[]){50, 28, 28}, 50 * 784);
    cut_file("stream-idx3-ubyte.gz", 0.5);
    put("ragged.csv", "1,2,3\n4,5\n6,7,8\n", 16);
    put("word.csv", "a,b\n1,2\n3,x5\n", 13);
    mkdir(path("mixed"), 0755);
    mkdir(path("mixed/a"), 0755);
    unsigned char px[64] = {0};
    put_pgm("mixed/a/1.pgm", 4, 4, 255, px);
    put_pgm("mixed/a/2.pgm", 4, 3, 255, px);
    mkdir(path("noimages"), 0755);
    mkdir(path("badpgm"), 0755);
    put("badpgm/x.pgm", "P6\n4 4\n255\n", 11);
    dlrf_mat_free(X), dlrf_mat_free(y), dlrf_mat_free(y29), dlrf_mat_free(R);
}

/* The catalogue: every case one line naming the file (or option) and the fix,
 * exit 2, and no output. */
static int bad_input_catalogue(void) {
    make_catalogue_files();
    const bad_case fit_cases[] = {
        {"--input %1$s/missing.npy", "missing.npy: cannot open: No such file"},
        {"--input %1$s/dir.npy", "dir.npy: is a directory"},
        {"--input %1$s/empty.npy", "empty.npy: empty file"},
        {"--input %1$s/empty.mat", "empty.mat: empty file"},
        {"--input %1$s/empty-idx3-ubyte", "empty file"},
        {"--input %1$s/junk.npy", "junk.npy: truncated .npy header"},
        {"--input %1$s/cut.npy", "cut.npy: truncated: the header declares 20 x 30 float64"},
        {"--input %1$s/cut.mat", "cut.mat: truncated"},
        {"--input %1$s/cut-idx3-ubyte", "more than the file holds (truncated)"},
        {"--input %1$s/cut-idx3-ubyte.gz", "truncated IDX data (expected 10 items of 784"},
        {"--input %1$s/stream-idx3-ubyte.gz", "truncated IDX data"},
        {"--input %1$s/overflow.npy", "4294967296 x 4294967296 values, too many to address"},
        {"--input %1$s/overflow-idx3-ubyte", "too many to address"},
        {"--input %1$s/big.npy --memory-limit 1G", "more than the 1.0 GiB the memory limit"},
        {"--input %1$s/big-idx3-ubyte.gz", "4000000 values (29.1 TiB as doubles), more than"},
        {"--input %1$s/c16.npy", "unsupported dtype"},
        {"--input %1$s/nan.npy", "nan.npy: contains NaN or Inf values"},
        {"--input %1$s/inf.npy", "inf.npy: contains NaN or Inf values"},
        {"--input %1$s/ragged.csv", "ragged.csv:2: 2 fields, expected 3"},
        {"--input %1$s/word.csv", "word.csv:3:2: 'x5' is not a number"},
        {"--input %1$s/X.npy --labels %1$s/y29.npy --classes 1", "29 labels for 30 samples"},
        {"--input %1$s/square.npy --labels %1$s/y.npy --classes 1",
         "30 x 30 with 30 labels: pass --samples rows or --samples cols"},
        {"--input %1$s/X.npy --labels %1$s/yfrac.npy --classes 1",
         "label 5 is 0.5, not an integer"},
        {"--input %1$s/ab.mat", "none of the usual variable names (X, fea, data, x) found; pass "
                                "--var NAME (the file has: A, B)"},
        {"--input %1$s/ab.mat --var Q", "no variable 'Q' (the file has: A, B)"},
        {"--input %1$s/X.npy --labels %1$s/y.npy --random-classes 4", "has only 3 classes"},
        {"--input %1$s/X.npy --labels %1$s/y.npy --classes 0,7", "no sample has label 7"},
        {"--input %1$s/X.npy --classes 1", "--classes needs labels"},
        {"--input %1$s/X.npy --image-shape 3x3", "9 pixels, but the samples"},
        {"--input %1$s/X.npy --image-shape 4by5", "is not HEIGHTxWIDTH"},
        {"--input %1$s/X.npy --noise-var -1", "--noise-var must be >= 0"},
        {"--input %1$s/X.npy --scale max", "not one of none, unit, 01, zscore"},
        {"--input %1$s/mixed", "2.pgm: 3 x 4 pixels"},
        {"--input %1$s/noimages", "no .pgm or .png images"},
        {"--input %1$s/badpgm", "x.pgm: not a greyscale PGM image"},
    };
    CHECK(expect_errors("fit %s --out %s --quiet", fit_cases,
                        sizeof fit_cases / sizeof fit_cases[0]) == 0);
    const bad_case cluster_cases[] = {
        {"--input %1$s/X.npy --labels %1$s/y.npy --random-classes 5", "only 3 classes"},
        {"--input %1$s/X.npy --labels %1$s/y.npy --k 31", "out of range"},
    };
    CHECK(expect_errors("cluster %s --out %s", cluster_cases,
                        sizeof cluster_cases / sizeof cluster_cases[0]) == 0);
    /* an output directory that cannot be created: its parent is a file */
    const bad_case out_cases[] = {{"--input %1$s/X.npy --out %1$s/X.npy/sub", "X.npy/sub"}};
    CHECK(expect_errors("fit %s --quiet%.0s", out_cases, 1) == 0);
    const bad_case convert_cases[] = {
        {"--input %1$s/X.npy --out %1$s/X.txt", "must end in .npy, .mat or .csv"},
        {"--input %1$s/X.npy --out %1$s/y.npy", "exists; pass --force"},
    };
    CHECK(expect_errors("convert %s%.0s", convert_cases, 2) == 0);
    return 0;
}

static int same_bits(const dlrf_mat *a, const dlrf_mat *b) {
    if (!a || !b || a->rows != b->rows || a->cols != b->cols) return 0;
    for (size_t j = 0; j < a->cols; j++)
        if (memcmp(&DLRF_AT(a, 0, j), &DLRF_AT(b, 0, j), a->rows * sizeof(double)) != 0) return 0;
    return 1;
}

/* Values that a careless writer loses: -0, a subnormal, the extremes, and
 * fractions without a short decimal form. */
static dlrf_mat *awkward_matrix(void) {
    dlrf_mat *M = random_matrix(7, 5, 11);
    const double v[] = {-0.0,
                        4.9e-324,
                        1.7976931348623157e308,
                        -2.2250738585072014e-308,
                        3.14159265358979323846,
                        -1.0 / 3.0,
                        0.1,
                        123456789.0};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
        M->data[k * 4] = v[k];
    return M;
}

/* The library's writers and readers, pairwise, bit for bit. */
static int roundtrip_library(void) {
    dlrf_mat *M = awkward_matrix(), *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    char err[256];
    CHECK(dlrf_npy_write(path("m.npy"), M, err, sizeof err) == DLRF_OK);
    CHECK(dlrf_npy_read(path("m.npy"), &a, NULL, err, sizeof err) == DLRF_OK && same_bits(a, M));
    CHECK(dlrf_matfile_write(path("m.mat"), "M", M, err, sizeof err) == DLRF_OK);
    CHECK(dlrf_matfile_read(path("m.mat"), "M", &b, err, sizeof err) == DLRF_OK && same_bits(b, M));
    CHECK(dlrf_csv_write(path("m.csv"), M, err, sizeof err) == DLRF_OK);
    CHECK(dlrf_csv_read(path("m.csv"), 0, &c, NULL, err, sizeof err) == DLRF_OK);
    dlrf_mat *ct = dlrf_mat_new(c->cols, c->rows); /* the CSV reader takes rows as samples */
    for (size_t j = 0; j < c->cols; j++)
        for (size_t i = 0; i < c->rows; i++)
            DLRF_AT(ct, j, i) = DLRF_AT(c, i, j);
    CHECK(same_bits(ct, M));
    /* v7.3 (HDF5) written by matio itself */
    size_t dims[2] = {M->rows, M->cols};
    mat_t *mf = Mat_CreateVer(path("m73.mat"), NULL, MAT_FT_MAT73);
    CHECK(mf);
    matvar_t *v = Mat_VarCreate("X", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, M->data, 0);
    CHECK(v && Mat_VarWrite(mf, v, MAT_COMPRESSION_NONE) == 0);
    Mat_VarFree(v);
    Mat_Close(mf);
    CHECK(dlrf_matfile_read(path("m73.mat"), "X", &d, err, sizeof err) == DLRF_OK);
    CHECK(same_bits(d, M));
    /* JSON numbers are written to round-trip */
    dlrf_json j;
    dlrf_json_init(&j);
    for (size_t k = 0; k < 8; k++)
        dlrf_json_num(&j, M->data[k * 4]), dlrf_json_raw(&j, " ");
    char *s = j.buf;
    for (size_t k = 0; k < 8; k++) {
        char *end;
        double x = strtod(s, &end);
        CHECK(end != s && memcmp(&x, &M->data[k * 4], sizeof x) == 0);
        s = end;
    }
    dlrf_json_free(&j);
    dlrf_mat_free(M), dlrf_mat_free(a), dlrf_mat_free(b), dlrf_mat_free(c), dlrf_mat_free(ct);
    dlrf_mat_free(d);
    return 0;
}

static int have_scipy(void) {
    if (system("/usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null") == 0) return 1;
    fprintf(stderr, "skipping: /usr/bin/python3 lacks numpy/scipy (scripts/deps.sh installs "
                    "python3-numpy and python3-scipy)\n");
    return 0;
}

/* dlrf convert through every format and back, checked bit for bit by dlrf
 * and by NumPy/SciPy; and files NumPy/SciPy wrote (other dtypes, orders,
 * header versions) read by dlrf as the values NumPy holds. */
static int roundtrip_cli_and_python(void) {
    dlrf_mat *M = awkward_matrix(), *y = dlrf_mat_new(1, M->cols);
    for (size_t j = 0; j < M->cols; j++)
        y->data[j] = (double)(j % 2) + 4.0; /* integral floats are labels */
    write_npy("M.npy", M);
    write_npy("My.npy", y);
    char args[2048];
    snprintf(args, sizeof args, "convert --input %s --labels %s --out %s --force", path("M.npy"),
             path("My.npy"), path("a.mat"));
    CHECK(run(args) == 0);
    snprintf(args, sizeof args, "convert --input %s --out %s --labels-out %s --force",
             path("a.mat"), path("b.csv"), path("by.csv"));
    CHECK(run(args) == 0);
    snprintf(args, sizeof args, "convert --input %s --labels %s --out %s --labels-out %s --force",
             path("b.csv"), path("by.csv"), path("c.npy"), path("cy.npy"));
    CHECK(run(args) == 0);
    dlrf_mat *c = load(path("c.npy")), *cy = load(path("cy.npy"));
    CHECK(same_bits(c, M) && same_bits(cy, y));
    if (!have_scipy()) return 0;
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd %s && /usr/bin/python3 -c \"\n"
             "import numpy as np, scipy.io as sio\n"
             "m = np.load('M.npy'); a = sio.loadmat('a.mat')\n"
             "b = np.loadtxt('b.csv', delimiter=',').T; c = np.load('c.npy')\n"
             "same = lambda u, v: u.shape == v.shape and u.tobytes() == v.tobytes()\n"
             "assert same(np.asfortranarray(a['X']), np.asfortranarray(m)), 'mat'\n"
             "assert same(np.asfortranarray(b), np.asfortranarray(m)), 'csv'\n"
             "assert same(c, m) and (a['Y'].ravel() == np.load('My.npy').ravel()).all()\n"
             "r = np.random.default_rng(3); x = r.normal(size=(6, 9)) * 100\n"
             "np.save('expect.npy', x); np.save('f32.npy', x.astype('<f4'))\n"
             "u = np.clip(np.abs(x), 0, 255).astype(np.uint8)\n"
             "np.save('u8.npy', u); np.save('u8Tref.npy', u.T.astype(float)); np.save('i64f.npy', "
             "np.asfortranarray(x.astype('>i8')))\n"
             "np.save('f32ref.npy', x.astype('<f4').astype(float)); np.save('u8ref.npy', "
             "u.astype(float))\n"
             "np.save('i64ref.npy', x.astype(np.int64).astype(float))\n"
             "with open('v2.npy', 'wb') as f: np.lib.format.write_array(f, x, version=(2, 0))\n"
             "sio.savemat('py.mat', {'fea': u, 'gnd': np.arange(6.0)})\n"
             "\"",
             test_dir());
    CHECK(system(cmd) == 0);
    const char *pairs[][2] = {{"f32.npy", "f32ref.npy"},
                              {"u8.npy", "u8ref.npy"},
                              {"i64f.npy", "i64ref.npy"},
                              {"v2.npy", "expect.npy"}};
    for (int k = 0; k < 4; k++) {
        dlrf_mat *p = load(path(pairs[k][0])), *q = load(path(pairs[k][1]));
        CHECK(same_bits(p, q));
        dlrf_mat_free(p), dlrf_mat_free(q);
    }
    /* SciPy's .mat: uint8 samples as rows, labels as gnd; orientation guessed */
    snprintf(args, sizeof args, "convert --input %s --out %s --labels-out %s --force",
             path("py.mat"), path("py.npy"), path("pyy.npy"));
    CHECK(run(args) == 0);
    dlrf_mat *p = load(path("py.npy")), *q = load(path("u8Tref.npy")), *py = load(path("pyy.npy"));
    CHECK(same_bits(p, q) && py->cols == 6 && py->data[5] == 5.0);
    dlrf_mat_free(M), dlrf_mat_free(y), dlrf_mat_free(c), dlrf_mat_free(cy);
    dlrf_mat_free(p), dlrf_mat_free(q), dlrf_mat_free(py);
    return 0;
}

/* PGM (8-bit binary, ASCII, 16-bit) and PNG (grey and colour, via cairo)
 * read to their pixel values, row-major, labels from the folder names. */
static int image_folders(void) {
    mkdir(path("faces"), 0755);
    mkdir(path("faces/4"), 0755);
    mkdir(path("faces/9"), 0755);
    unsigned char a[12], b[24];
    for (int i = 0; i < 12; i++)
        a[i] = (unsigned char)(20 * i + 3);
    put_pgm("faces/4/a.pgm", 4, 3, 255, a);
    for (int i = 0; i < 12; i++)
        b[2 * i] = (unsigned char)i, b[2 * i + 1] = 7; /* big-endian 256 i + 7 */
    put_pgm("faces/4/b.pgm", 4, 3, 65535, b);
    put("faces/9/c.pgm", "P2\n4 3\n15\n0 1 2 3\n4 5 6 7\n8 9 10 11\n", 36);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 4, 3);
    cairo_surface_flush(s);
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 4; c++) {
            unsigned g = (unsigned)(10 * (4 * r + c));
            ((uint32_t *)(void *)(data + r * stride))[c] = g << 16 | g << 8 | g;
        }
    cairo_surface_mark_dirty(s);
    CHECK(cairo_surface_write_to_png(s, path("faces/9/d.png")) == CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    dlrf_mat *X = NULL;
    int *lab = NULL;
    size_t h, w;
    char err[256];
    CHECK(dlrf_images_read(path("faces"), &X, &lab, &h, &w, err, sizeof err) == DLRF_OK);
    CHECK(h == 3 && w == 4 && X->rows == 12 && X->cols == 4);
    CHECK(lab[0] == 4 && lab[1] == 4 && lab[2] == 9 && lab[3] == 9);
    for (int i = 0; i < 12; i++) {
        CHECK(DLRF_AT(X, i, 0) == a[i]);
        CHECK(DLRF_AT(X, i, 1) == 256.0 * i + 7);
        CHECK(DLRF_AT(X, i, 2) == i);
        CHECK(fabs(DLRF_AT(X, i, 3) - 10.0 * i) < 1e-9);
    }
    dlrf_mat_free(X);
    free(lab);
    /* non-integer folder names: classes numbered in name order */
    mkdir(path("named"), 0755);
    mkdir(path("named/cat"), 0755);
    mkdir(path("named/ant"), 0755);
    put_pgm("named/cat/1.pgm", 4, 3, 255, a);
    put_pgm("named/ant/1.pgm", 4, 3, 255, a);
    CHECK(dlrf_images_read(path("named"), &X, &lab, &h, &w, err, sizeof err) == DLRF_OK);
    CHECK(X->cols == 2 && lab[0] == 0 && lab[1] == 1);
    dlrf_mat_free(X);
    free(lab);
    char args[1024];
    snprintf(args, sizeof args, "info %s", path("faces"));
    CHECK(run(args) == 0 && strstr(slurp(path("stdout")), "images:   3 x 4, row-major"));
    CHECK(strstr(slurp(path("stdout")), "classes:  2: 4 (2) 9 (2)"));
    /* the shape and row-major order survive a trip through .mat */
    snprintf(args, sizeof args, "convert --input %s --out %s", path("faces"), path("faces.mat"));
    CHECK(run(args) == 0);
    snprintf(args, sizeof args, "info %s", path("faces.mat"));
    CHECK(run(args) == 0 && strstr(slurp(path("stdout")), "images:   3 x 4, row-major"));
    return 0;
}

static dlrf_mat *convert(const char *opts, const char *in, const char *labels) {
    char args[2048];
    snprintf(args, sizeof args, "convert --input %s --labels %s %s --out %s --force", path(in),
             path(labels), opts, path("conv.npy"));
    if (run(args) != 0) {
        fprintf(stderr, "%s: %s", args, slurp(path("stderr")));
        return NULL;
    }
    return load(path("conv.npy"));
}

/* Column j of A equals column k of B exactly. */
static int same_col(const dlrf_mat *A, size_t j, const dlrf_mat *B, size_t k) {
    return memcmp(&DLRF_AT(A, 0, j), &DLRF_AT(B, 0, k), A->rows * sizeof(double)) == 0;
}

static int selection_flags(void) {
    int lab[60];
    dlrf_mat *X = write_labelled(10, 60, 4, 8, "S.npy", "Sy.npy", lab);
    /* --classes keeps exactly those columns, in data order */
    dlrf_mat *C = convert("--classes 2,0", "S.npy", "Sy.npy");
    CHECK(C);
    size_t k = 0;
    for (size_t j = 0; j < 60; j++)
        if (lab[j] == 0 || lab[j] == 2) CHECK(k < C->cols && same_col(C, k++, X, j));
    CHECK(k == C->cols);
    /* --random-classes / --per-class: the cluster protocol's first draw */
    dlrf_mat *D = convert("--random-classes 2 --per-class 5 --seed 7", "S.npy", "Sy.npy");
    size_t cols[60], n;
    char err[256];
    CHECK(dlrf_protocol_draw(lab, 60, 2, 5, 7, cols, &n, err, sizeof err) == DLRF_OK);
    CHECK(D && D->cols == 10 && n == 10);
    for (size_t j = 0; j < n; j++)
        CHECK(same_col(D, j, X, cols[j]));
    int seen[4] = {0};
    for (size_t j = 0; j < n; j++)
        seen[lab[cols[j]]]++;
    int drawn = 0;
    for (int c = 0; c < 4; c++)
        drawn += seen[c] == 5;
    CHECK(drawn == 2);
    dlrf_mat_free(X), dlrf_mat_free(C), dlrf_mat_free(D);
    return 0;
}

/* --noise-var on the 0-255 scale, reproducible by seed; then each --scale. */
static int noise_and_scaling(void) {
    dlrf_mat *X = random_matrix(50, 200, 4), *y = dlrf_mat_new(1, 200);
    for (size_t t = 0; t < 50 * 200; t++)
        X->data[t] = 100.0 + 30.0 * X->data[t];
    write_npy("P.npy", X);
    write_npy("Py.npy", y);
    dlrf_mat *A = convert("--noise-var 400 --seed 3", "P.npy", "Py.npy");
    dlrf_mat *B = convert("--noise-var 400 --seed 3", "P.npy", "Py.npy");
    dlrf_mat *C = convert("--noise-var 400 --seed 4", "P.npy", "Py.npy");
    CHECK(A && B && C && same_bits(A, B) && !same_bits(A, C));
    double m = 0.0, q = 0.0, cnt = 50.0 * 200.0;
    for (size_t t = 0; t < 50 * 200; t++)
        m += A->data[t] - X->data[t];
    m /= cnt;
    for (size_t t = 0; t < 50 * 200; t++)
        q += pow(A->data[t] - X->data[t] - m, 2);
    q /= cnt;
    CHECK_LE(fabs(m), 4.0 * 20.0 / sqrt(cnt)); /* sd 20 */
    CHECK_LE(fabs(q / 400.0 - 1.0), 0.06);     /* the variance's sd is 1.4% */
    /* data in [0, 1] are pixels / 255: the noise is scaled alike */
    dlrf_mat *U = dlrf_mat_dup(X);
    dlrf_mat_scale(U, 1.0 / 255.0);
    write_npy("U.npy", U);
    dlrf_mat *V = convert("--noise-var 400 --seed 3", "U.npy", "Py.npy");
    for (size_t t = 0; t < 50 * 200; t++)
        CHECK(fabs((V->data[t] - U->data[t]) * 255.0 - (A->data[t] - X->data[t])) < 1e-9);
    dlrf_mat *Z = convert("--scale zscore", "P.npy", "Py.npy");
    dlrf_mat *O = convert("--scale 01", "P.npy", "Py.npy");
    dlrf_mat *N = convert("--scale unit", "P.npy", "Py.npy");
    for (size_t i = 0; i < 50; i++) {
        double s = 0.0, s2 = 0.0;
        for (size_t j = 0; j < 200; j++)
            s += DLRF_AT(Z, i, j), s2 += DLRF_AT(Z, i, j) * DLRF_AT(Z, i, j);
        CHECK_LE(fabs(s / 200.0), 1e-12);
        CHECK_LE(fabs(s2 / 200.0 - 1.0), 1e-12);
    }
    CHECK(fabs(dlrf_mat_norm_inf(O) - 1.0) < 1e-15);
    for (size_t j = 0; j < 200; j++) {
        double s2 = 0.0;
        for (size_t i = 0; i < 50; i++)
            s2 += DLRF_AT(N, i, j) * DLRF_AT(N, i, j);
        CHECK_LE(fabs(s2 - 1.0), 1e-12);
    }
    dlrf_mat_free(X), dlrf_mat_free(y), dlrf_mat_free(A), dlrf_mat_free(B), dlrf_mat_free(C);
    dlrf_mat_free(U), dlrf_mat_free(V), dlrf_mat_free(Z), dlrf_mat_free(O), dlrf_mat_free(N);
    return 0;
}

/* result.json says what was read and done to it. */
static int data_description(void) {
    int lab[60];
    dlrf_mat *X = write_labelled(16, 60, 3, 2, "D.npy", "Dy.npy", lab);
    char args[2048];
    snprintf(args, sizeof args,
             "fit --input %s --labels %s --classes 0,1 --noise-var 25 --scale unit --method "
             "fllrr --out %s --quiet",
             path("D.npy"), path("Dy.npy"), path("desc"));
    CHECK(run(args) == 0);
    char *js = slurp(path("desc/result.json"));
    CHECK(strstr(js, "\"samples_in_file\": 60, \"samples\": 40, \"features\": 16, \"classes\": "
                     "\"0,1\", \"noise_var\": 25, \"scale\": \"unit\", \"image_shape\": [4, 4]"));
    dlrf_mat_free(X);
    return 0;
}

TEST_MAIN({"bad_input_catalogue", bad_input_catalogue}, {"roundtrip_library", roundtrip_library},
          {"roundtrip_cli_and_python", roundtrip_cli_and_python}, {"image_folders", image_folders},
          {"selection_flags", selection_flags}, {"noise_and_scaling", noise_and_scaling},
          {"data_description", data_description})
