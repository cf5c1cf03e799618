/* dlrf — status codes, progress reporting and version. */
#ifndef DLRF_COMMON_H
#define DLRF_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible call returns one of these. Objects keep a one-line message
 * describing the last failure (see the *_errmsg functions). */
typedef enum {
    DLRF_OK = 0,
    DLRF_EINVAL = 1,     /* an argument or option is out of range */
    DLRF_ENOMEM = 2,     /* an allocation failed */
    DLRF_ENOCONV = 3,    /* max_iter reached; the iterates are still readable */
    DLRF_ELAPACK = 4,    /* a LAPACK routine failed (after any fallback) */
    DLRF_EIO = 5,        /* a file could not be read or written */
    DLRF_EFORMAT = 6,    /* a file is malformed or of an unsupported type */
    DLRF_ECANCELLED = 7, /* the progress callback asked to stop */
    DLRF_ENOTREADY = 8   /* a result was asked for before a successful run */
} dlrf_status;

/* A short English name of a status code ("ok", "invalid argument", ...). */
const char *dlrf_status_str(dlrf_status s);

/* Progress of a running solve, passed to a dlrf_progress_fn. */
typedef struct {
    int layer;        /* 1-based layer of a network; 1 for a single solve */
    int solve;        /* 1: the solve on P_{l-1}; 2: the solve on S_{l-1} */
    int iter;         /* 1-based iteration count */
    double residual;  /* stopping quantity (inf-norm of the constraint residuals) */
    double objective; /* value of the objective at this iterate */
    double elapsed_s; /* seconds since the run started */
} dlrf_progress;

/* Called once per iteration. Return non-zero to cancel the run. */
typedef int (*dlrf_progress_fn)(const dlrf_progress *p, void *user);

/* Library version, "MAJOR.MINOR.PATCH". */
const char *dlrf_version(void);

/* Which BLAS the library runs on: configuration string, core (kernel) name
 * and the number of threads it uses. Strings are static; do not free. */
const char *dlrf_blas_config(void);
const char *dlrf_blas_corename(void);
int dlrf_blas_threads(void);
/* Non-NULL one-line hint when the BLAS runs a generic kernel on a CPU that has
 * AVX2 (so OPENBLAS_CORETYPE could select a faster one); NULL otherwise. */
const char *dlrf_blas_kernel_hint(void);

#ifdef __cplusplus
}
#endif
#endif
