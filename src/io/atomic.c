/* Atomic file writes: temporary file in the destination's directory + rename. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "dlrf/io.h"
#include "io/atomic.h"

dlrf_status dlrf_atomic_open(dlrf_atomic_file *a, const char *path, char *err, size_t errlen) {
    a->f = NULL;
    if (strlen(path) + 16 >= sizeof a->tmp) {
        dlrf_set_err(err, errlen, "%s: path too long", path);
        return DLRF_EINVAL;
    }
    snprintf(a->path, sizeof a->path, "%s", path);
    snprintf(a->tmp, sizeof a->tmp, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(a->tmp);
    if (fd < 0 || !(a->f = fdopen(fd, "wb"))) {
        dlrf_set_err(err, errlen, "%s: cannot create file: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            remove(a->tmp);
        }
        return DLRF_EIO;
    }
    return DLRF_OK;
}

dlrf_status dlrf_atomic_commit(dlrf_atomic_file *a, char *err, size_t errlen) {
    int bad = ferror(a->f) || fflush(a->f) != 0;
    bad |= fclose(a->f) != 0;
    a->f = NULL;
    if (!bad && rename(a->tmp, a->path) == 0) return DLRF_OK;
    dlrf_set_err(err, errlen, "%s: write failed: %s", a->path, strerror(errno));
    remove(a->tmp);
    return DLRF_EIO;
}

void dlrf_atomic_abort(dlrf_atomic_file *a) {
    if (a->f) fclose(a->f);
    a->f = NULL;
    remove(a->tmp);
}

dlrf_status dlrf_write_file_atomic(const char *path, const char *bytes, size_t len, char *err,
                                   size_t errlen) {
    dlrf_atomic_file a;
    dlrf_status st = dlrf_atomic_open(&a, path, err, errlen);
    if (st != DLRF_OK) return st;
    fwrite(bytes, 1, len, a.f);
    return dlrf_atomic_commit(&a, err, errlen);
}
