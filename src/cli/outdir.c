/* Output directories that appear whole or not at all: files go to a staging
 * directory beside the target, renamed into place when every file is written. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/outdir.h"

static int dir_is_empty(const char *path) {
    DIR *d = opendir(path);
    if (!d) return 0;
    struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = 0;
    closedir(d);
    return empty;
}

int outdir_begin(outdir *o, const char *target, int force, char *err, size_t errlen) {
    struct stat st;
    snprintf(o->target, sizeof o->target, "%s", target);
    o->in_place = 0;
    if (stat(target, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "--out %s exists and is not a directory", target);
            return -1;
        }
        if (!dir_is_empty(target) && !force) {
            snprintf(err, errlen, "--out %s exists and is not empty; remove it or pass --force",
                     target);
            return -1;
        }
        if (!dir_is_empty(target)) { /* --force: replace files one by one, each atomically */
            o->in_place = 1;
            snprintf(o->dir, sizeof o->dir, "%s", target);
            return 0;
        }
    }
    snprintf(o->dir, sizeof o->dir, "%s.tmp.XXXXXX", target);
    if (!mkdtemp(o->dir)) {
        snprintf(err, errlen, "--out %s: cannot create a directory beside it: %s", target,
                 strerror(errno));
        return -1;
    }
    return 0;
}

void outdir_path(const outdir *o, const char *name, char *buf, size_t len) {
    snprintf(buf, len, "%s/%s", o->dir, name);
}

int outdir_commit(outdir *o, char *err, size_t errlen) {
    if (o->in_place) return 0;
    rmdir(o->target); /* an empty existing target */
    if (rename(o->dir, o->target) != 0) {
        snprintf(err, errlen, "--out %s: cannot move results into place: %s", o->target,
                 strerror(errno));
        outdir_abort(o);
        return -1;
    }
    return 0;
}

void outdir_abort(outdir *o) {
    if (o->in_place) return;
    DIR *d = opendir(o->dir);
    if (d) {
        struct dirent *e;
        char p[8192];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                snprintf(p, sizeof p, "%s/%s", o->dir, e->d_name);
                remove(p);
            }
        closedir(d);
    }
    rmdir(o->dir);
}
