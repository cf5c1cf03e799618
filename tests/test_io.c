/* .npy and IDX readers and writers. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "harness.h"

static char dir[256];

static const char *tmp_path(const char *name) {
    static char p[512];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/dlrf-io-XXXXXX");
        if (!mkdtemp(dir)) return NULL;
    }
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

/* Writes a .npy by hand: version, header dict, raw data. */
static void write_raw_npy(const char *path, int version, const char *dict, const void *data,
                          size_t bytes) {
    FILE *f = fopen(path, "wb");
    size_t hl = strlen(dict) + 1, pre = version == 1 ? 10 : 12;
    size_t pad = (64 - (pre + hl) % 64) % 64;
    fwrite("\x93NUMPY", 1, 6, f);
    fputc(version, f);
    fputc(0, f);
    size_t total = hl + pad;
    for (size_t k = 0; k < (version == 1 ? 2u : 4u); k++)
        fputc((int)((total >> (8 * k)) & 0xff), f);
    fputs(dict, f);
    for (size_t k = 0; k < pad; k++)
        fputc(' ', f);
    fputc('\n', f);
    fwrite(data, 1, bytes, f);
    fclose(f);
}

static int npy_roundtrip(void) {
    dlrf_mat *A = random_matrix(7, 5, 1), *B = NULL;
    char err[256];
    const char *p = tmp_path("a.npy");
    CHECK(dlrf_npy_write(p, A, err, sizeof err) == DLRF_OK);
    dlrf_dtype t;
    CHECK(dlrf_npy_read(p, &B, &t, err, sizeof err) == DLRF_OK);
    CHECK(t == DLRF_DT_F64 && B->rows == 7 && B->cols == 5);
    CHECK(memcmp(A->data, B->data, 35 * sizeof(double)) == 0);
    dlrf_mat_free(A), dlrf_mat_free(B);
    return 0;
}

static int npy_orders_and_dtypes(void) {
    char err[256];
    dlrf_mat *M = NULL;
    /* C-order float32 2x3: rows [1 2 3], [4 5 6] */
    float f32[6] = {1, 2, 3, 4, 5, 6};
    write_raw_npy(tmp_path("c.npy"), 1,
                  "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", f32, sizeof f32);
    CHECK(dlrf_npy_read(tmp_path("c.npy"), &M, NULL, err, sizeof err) == DLRF_OK);
    CHECK(M->rows == 2 && M->cols == 3 && DLRF_AT(M, 0, 2) == 3 && DLRF_AT(M, 1, 0) == 4);
    dlrf_mat_free(M);
    /* Fortran-order uint8, version 2 header */
    uint8_t u8[6] = {1, 2, 3, 4, 5, 200};
    write_raw_npy(tmp_path("u.npy"), 2,
                  "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", u8, sizeof u8);
    CHECK(dlrf_npy_read(tmp_path("u.npy"), &M, NULL, err, sizeof err) == DLRF_OK);
    CHECK(DLRF_AT(M, 1, 0) == 2 && DLRF_AT(M, 0, 1) == 3 && DLRF_AT(M, 1, 2) == 200);
    dlrf_mat_free(M);
    /* big-endian float64, 1-D */
    unsigned char be[16];
    double v[2] = {1.5, -2.25};
    for (int k = 0; k < 2; k++)
        for (int b = 0; b < 8; b++)
            be[k * 8 + b] = ((unsigned char *)&v[k])[7 - b];
    write_raw_npy(tmp_path("b.npy"), 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }",
                  be, sizeof be);
    CHECK(dlrf_npy_read(tmp_path("b.npy"), &M, NULL, err, sizeof err) == DLRF_OK);
    CHECK(M->rows == 2 && M->cols == 1 && M->data[0] == 1.5 && M->data[1] == -2.25);
    dlrf_mat_free(M);
    int64_t i64[2] = {-7, 9};
    write_raw_npy(tmp_path("i.npy"), 1,
                  "{'descr': '<i8', 'fortran_order': False, 'shape': (1, 2), }", i64, sizeof i64);
    CHECK(dlrf_npy_read(tmp_path("i.npy"), &M, NULL, err, sizeof err) == DLRF_OK);
    CHECK(M->data[0] == -7 && M->data[1] == 9);
    dlrf_mat_free(M);
    return 0;
}

static int npy_rejects_bad_files(void) {
    char err[256];
    dlrf_mat *M = NULL;
    double d[8] = {0};
    const char *p = tmp_path("bad.npy");
    FILE *f = fopen(p, "wb");
    fputs("not a numpy file at all", f);
    fclose(f);
    CHECK(dlrf_npy_read(p, &M, NULL, err, sizeof err) == DLRF_EFORMAT && !M);
    CHECK(strstr(err, "bad.npy") && strstr(err, "magic"));
    write_raw_npy(p, 1, "{'descr': '<c16', 'fortran_order': False, 'shape': (2, 2), }", d, 64);
    CHECK(dlrf_npy_read(p, &M, NULL, err, sizeof err) == DLRF_EFORMAT);
    CHECK(strstr(err, "unsupported dtype") != NULL);
    write_raw_npy(p, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2), }", d, 64);
    CHECK(dlrf_npy_read(p, &M, NULL, err, sizeof err) == DLRF_EFORMAT);
    CHECK(strstr(err, "more than 2 dimensions") != NULL);
    write_raw_npy(p, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", d, 64);
    CHECK(dlrf_npy_read(p, &M, NULL, err, sizeof err) == DLRF_EFORMAT);
    CHECK(strstr(err, "truncated") != NULL);
    write_raw_npy(p, 1, "{'fortran_order': False, 'shape': (2, 2), }", d, 32);
    CHECK(dlrf_npy_read(p, &M, NULL, err, sizeof err) == DLRF_EFORMAT);
    CHECK(strstr(err, "descr") != NULL);
    CHECK(dlrf_npy_read(tmp_path("missing.npy"), &M, NULL, err, sizeof err) == DLRF_EIO);
    CHECK(strstr(err, "missing.npy") != NULL);
    return 0;
}

static int idx_gz(void) {
    const char *p = tmp_path("imgs-idx3-ubyte.gz");
    gzFile g = gzopen(p, "wb");
    unsigned char hdr[16] = {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2};
    gzwrite(g, hdr, 16);
    unsigned char px[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255};
    gzwrite(g, px, 12);
    gzclose(g);
    dlrf_mat *M = NULL;
    size_t r, c;
    char err[256];
    CHECK(dlrf_idx_read(p, 0, &M, &r, &c, err, sizeof err) == DLRF_OK);
    CHECK(M->rows == 4 && M->cols == 3 && r == 2 && c == 2);
    CHECK(DLRF_AT(M, 0, 1) == 5 && DLRF_AT(M, 3, 2) == 255);
    dlrf_mat_free(M);
    CHECK(dlrf_idx_read(p, 2, &M, &r, &c, err, sizeof err) == DLRF_OK && M->cols == 2);
    dlrf_mat_free(M);
    return 0;
}

TEST_MAIN({"npy_roundtrip", npy_roundtrip}, {"npy_orders_and_dtypes", npy_orders_and_dtypes},
          {"npy_rejects_bad_files", npy_rejects_bad_files}, {"idx_gz", idx_gz})
