/* Internal to the CLI: output directories written whole or not at all. */
#ifndef DLRF_CLI_OUTDIR_H
#define DLRF_CLI_OUTDIR_H

#include <stddef.h>

typedef struct {
    char target[4096], dir[4096];
    int in_place;
    int format; /* of the matrices written into it: 0 npy, 1 mat, 2 csv (set by the caller) */
} outdir;

/* 0 on success, -1 with a message in err. */
int outdir_begin(outdir *o, const char *target, int force, char *err, size_t errlen);
void outdir_path(const outdir *o, const char *name, char *buf, size_t len);
int outdir_commit(outdir *o, char *err, size_t errlen);
void outdir_abort(outdir *o);

#endif
