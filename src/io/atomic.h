/* Internal: files written under a temporary name and renamed when complete. */
#ifndef DLRF_IO_ATOMIC_H
#define DLRF_IO_ATOMIC_H

#include <stdio.h>

#include "dlrf/common.h"

typedef struct {
    FILE *f;
    char tmp[4096];
    char path[4096];
} dlrf_atomic_file;

/* Opens a temporary file beside `path`. */
dlrf_status dlrf_atomic_open(dlrf_atomic_file *a, const char *path, char *err, size_t errlen);
/* Flushes, closes and renames into place; on any failure removes the temporary. */
dlrf_status dlrf_atomic_commit(dlrf_atomic_file *a, char *err, size_t errlen);
/* Closes and removes the temporary file. */
void dlrf_atomic_abort(dlrf_atomic_file *a);

#endif
