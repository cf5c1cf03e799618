/* A minimal test harness: each test is a named function; `test_x NAME` runs one,
 * so CTest lists every test on its own. */
#ifndef DLRF_TEST_HARNESS_H
#define DLRF_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dlrf/dlrf.h"

typedef struct {
    const char *name;
    int (*fn)(void);
} test_case;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define CHECK_LE(a, b)                                                                             \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(a_ <= b_)) {                                                                         \
            fprintf(stderr, "%s:%d: check failed: %s = %.6g > %s = %.6g\n", __FILE__, __LINE__,    \
                    #a, a_, #b, b_);                                                               \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

static inline int run_tests(const test_case *tests, size_t n, int argc, char **argv) {
    int failed = 0, ran = 0;
    for (size_t i = 0; i < n; i++) {
        if (argc > 1 && strcmp(argv[1], tests[i].name) != 0) continue;
        ran++;
        int rc = tests[i].fn();
        if (rc == 77) {
            printf("SKIP %s\n", tests[i].name);
            if (argc > 1) return 77;
            continue;
        }
        printf("%s %s\n", rc ? "FAIL" : "ok  ", tests[i].name);
        failed |= rc != 0;
    }
    if (!ran) {
        fprintf(stderr, "no test named %s\n", argc > 1 ? argv[1] : "");
        return 2;
    }
    return failed;
}

#define TEST_MAIN(...)                                                                             \
    int main(int argc, char **argv) {                                                              \
        static const test_case tests[] = {__VA_ARGS__};                                            \
        return run_tests(tests, sizeof tests / sizeof tests[0], argc, argv);                       \
    }

/* ||A - B||_F / max(||B||_F, tiny) */
double rel_diff(const dlrf_mat *A, const dlrf_mat *B);
/* A random n x N matrix with `groups` subspaces of dimension d (columns grouped),
 * plus sparse corruption of `frac` entries of size `amp`. labels optional. */
dlrf_mat *make_subspace_data(size_t n, size_t N, size_t groups, size_t d, double frac, double amp,
                             unsigned long long seed, int *labels);
dlrf_mat *random_matrix(size_t m, size_t n, unsigned long long seed);
/* Spectral norm (largest singular value). */
double spectral_norm(const dlrf_mat *A);
/* m = A B (new) */
dlrf_mat *matmul(char ta, char tb, const dlrf_mat *A, const dlrf_mat *B);

/* Textbook dense iterations (N x N Z, n x n L), the same inexact ALM as the
 * library's factored solvers, for `iters` iterations. Z (and L) are new. */
int dense_fllrr(const dlrf_mat *A, const dlrf_opts *o, int iters, dlrf_mat **Z, dlrf_mat **L);
int dense_latlrr(const dlrf_mat *A, const dlrf_opts *o, int iters, dlrf_mat **Z, dlrf_mat **L);
int dense_lrr(const dlrf_mat *A, const dlrf_opts *o, int iters, dlrf_mat **Z);

#endif
