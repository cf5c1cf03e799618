/* Helpers for the tests that run the dlrf binary ($DLRF_BIN). */
#ifndef DLRF_TEST_CLI_UTIL_H
#define DLRF_TEST_CLI_UTIL_H

#include "harness.h"

const char *bin(void);
/* The test's private temporary directory, and name inside it (4 rotating buffers). */
const char *test_dir(void);
const char *path(const char *name);
/* Runs `dlrf ARGS` with stdout and stderr into path("stdout"), path("stderr"). */
int run(const char *args);
/* The file's contents (a static buffer; "" when missing). */
char *slurp(const char *p);
int exists(const char *p);
dlrf_mat *load(const char *npy);

typedef struct {
    const char *args, *expect; /* args: a format with the test directory as %1$s */
} bad_case;

/* Each case: non-zero exit, one line on stderr containing `expect`, and no
 * output: fmt puts the case's arguments and an --out path that must not
 * appear. 0 when all hold. */
int expect_errors(const char *fmt, const bad_case *cases, size_t n);

#endif
