/* MATLAB .mat files (v4, v5, v7.3) through matio: one real numeric 2-D
 * variable read as a double matrix. */
#include <errno.h>
#include <matio.h>
#include <sys/stat.h>
#include <stdint.h>
#include <string.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/core.h"
#include "dlrf/io.h"

/* "a, b, c": the variables of an open file, for error messages. */
static void list_vars(mat_t *mf, char *buf, size_t len) {
    size_t at = 0;
    matvar_t *v;
    buf[0] = 0;
    Mat_Rewind(mf);
    while ((v = Mat_VarReadNextInfo(mf)) != NULL) {
        if (v->name && at + strlen(v->name) + 3 < len)
            at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? ", " : "", v->name);
        Mat_VarFree(v);
    }
}

static double element(const matvar_t *v, size_t i) {
    switch (v->class_type) {
    case MAT_C_DOUBLE:
        return ((const double *)v->data)[i];
    case MAT_C_SINGLE:
        return ((const float *)v->data)[i];
    case MAT_C_INT8:
        return ((const int8_t *)v->data)[i];
    case MAT_C_UINT8:
        return ((const uint8_t *)v->data)[i];
    case MAT_C_INT16:
        return ((const int16_t *)v->data)[i];
    case MAT_C_UINT16:
        return ((const uint16_t *)v->data)[i];
    case MAT_C_INT32:
        return ((const int32_t *)v->data)[i];
    case MAT_C_UINT32:
        return ((const uint32_t *)v->data)[i];
    case MAT_C_INT64:
        return (double)((const int64_t *)v->data)[i];
    case MAT_C_UINT64:
        return (double)((const uint64_t *)v->data)[i];
    default:
        return 0.0;
    }
}

static int numeric(const matvar_t *v) {
    return v->class_type == MAT_C_DOUBLE || v->class_type == MAT_C_SINGLE ||
           (v->class_type >= MAT_C_INT8 && v->class_type <= MAT_C_UINT64);
}

static dlrf_status no_such_var(mat_t *mf, const char *path, const char *var, char *err,
                               size_t errlen);

static dlrf_status read_var(mat_t *mf, const char *path, const char *var, dlrf_mat **out, char *err,
                            size_t errlen) {
    matvar_t *v = Mat_VarRead(mf, var);
    if (!v) return no_such_var(mf, path, var, err, errlen);
    dlrf_status st = DLRF_EFORMAT;
    if (!numeric(v) || v->isComplex || v->rank != 2 || !v->data)
        dlrf_set_err(err, errlen,
                     "%s: variable '%s' is not a real numeric 2-D array (class %d, rank %d%s)",
                     path, var, (int)v->class_type, v->rank, v->isComplex ? ", complex" : "");
    else if (!(*out = dlrf_mat_new(v->dims[0], v->dims[1]))) {
        dlrf_set_err(err, errlen, "%s: out of memory for '%s' (%zu x %zu)", path, var, v->dims[0],
                     v->dims[1]);
        st = DLRF_ENOMEM;
    } else {
        for (size_t t = 0; t < v->dims[0] * v->dims[1]; t++)
            (*out)->data[t] = element(v, t);
        st = DLRF_OK;
    }
    Mat_VarFree(v);
    return st;
}

/* A v5 file is a 128-byte header and a sequence of tagged elements; one whose
 * declared size runs past the end of the file was cut short. matio would read
 * such a variable's missing tail as zeros, so this is checked first. */
static int v5_truncated(FILE *f, long size) {
    unsigned char h[128], t[8];
    if (fread(h, 1, 128, f) != 128 || memcmp(h, "MATLAB 5.0", 10) != 0) return 0;
    int little = h[126] == 'I' && h[127] == 'M';
    int version = little ? h[124] | h[125] << 8 : h[125] | h[124] << 8;
    if (version != 0x0100) return 0; /* v7.3 is HDF5, which checks itself */
    long pos = 128;
    while (pos + 8 <= size) {
        if (fseek(f, pos, SEEK_SET) != 0 || fread(t, 1, 8, f) != 8) return 1;
        unsigned long type =
            little ? t[0] | t[1] << 8 | (unsigned long)t[2] << 16 | (unsigned long)t[3] << 24
                   : t[3] | t[2] << 8 | (unsigned long)t[1] << 16 | (unsigned long)t[0] << 24;
        unsigned long n =
            little ? t[4] | t[5] << 8 | (unsigned long)t[6] << 16 | (unsigned long)t[7] << 24
                   : t[7] | t[6] << 8 | (unsigned long)t[5] << 16 | (unsigned long)t[4] << 24;
        if (type == 15) /* miCOMPRESSED: no padding */
            pos += 8 + (long)n;
        else
            pos += 8 + (long)((n + 7) / 8 * 8);
    }
    return pos > size;
}

/* Opens path with matio after checking it is a complete, readable file. */
static mat_t *open_mat(const char *path, char *err, size_t errlen, dlrf_status *st) {
    struct stat sb;
    *st = DLRF_EIO;
    if (stat(path, &sb) != 0) {
        dlrf_set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(sb.st_mode)) {
        dlrf_set_err(err, errlen, "%s: is a directory, not a .mat file", path);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        dlrf_set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    int cut = v5_truncated(f, (long)sb.st_size);
    fclose(f);
    *st = DLRF_EFORMAT;
    if (sb.st_size == 0 || cut) {
        dlrf_set_err(err, errlen, "%s: %s", path,
                     sb.st_size ? "truncated: a variable extends past the end of the file"
                                : "empty file, not a MATLAB .mat file");
        return NULL;
    }
    mat_t *mf = Mat_Open(path, MAT_ACC_RDONLY);
    if (!mf)
        dlrf_set_err(err, errlen, "%s: not a readable MATLAB .mat file (v4, v5 or v7.3)", path);
    return mf;
}

static dlrf_status no_such_var(mat_t *mf, const char *path, const char *var, char *err,
                               size_t errlen) {
    char names[256];
    list_vars(mf, names, sizeof names);
    dlrf_set_err(err, errlen, "%s: no variable '%s' (the file has: %s)", path, var,
                 names[0] ? names : "none");
    return DLRF_EFORMAT;
}

dlrf_status dlrf_matfile_read(const char *path, const char *var, dlrf_mat **out, char *err,
                              size_t errlen) {
    *out = NULL;
    dlrf_status st;
    mat_t *mf = open_mat(path, err, errlen, &st);
    if (!mf) return st;
    st = read_var(mf, path, var, out, err, errlen);
    Mat_Close(mf);
    return st;
}

dlrf_status dlrf_matfile_shape(const char *path, const char *var, size_t *rows, size_t *cols,
                               char *err, size_t errlen) {
    dlrf_status st;
    mat_t *mf = open_mat(path, err, errlen, &st);
    if (!mf) return st;
    matvar_t *v = Mat_VarReadInfo(mf, var);
    if (!v)
        st = no_such_var(mf, path, var, err, errlen);
    else if (v->rank != 2) {
        dlrf_set_err(err, errlen, "%s: variable '%s' has %d dimensions, not 2", path, var, v->rank);
        st = DLRF_EFORMAT;
    } else {
        *rows = v->dims[0];
        *cols = v->dims[1];
        st = DLRF_OK;
    }
    Mat_VarFree(v);
    Mat_Close(mf);
    return st;
}

dlrf_status dlrf_matfile_list(const char *path, char *names, size_t len, char *err, size_t errlen) {
    dlrf_status st;
    mat_t *mf = open_mat(path, err, errlen, &st);
    if (!mf) return st;
    list_vars(mf, names, len);
    Mat_Close(mf);
    return DLRF_OK;
}

const char *dlrf_matfile_class(const char *path, const char *var) {
    static const char *const names[] = {
        "empty", "cell",  "struct", "object", "char",   "sparse", "double", "single",   "int8",
        "uint8", "int16", "uint16", "int32",  "uint32", "int64",  "uint64", "function", "opaque"};
    mat_t *mf = Mat_Open(path, MAT_ACC_RDONLY);
    if (!mf) return NULL;
    matvar_t *v = Mat_VarReadInfo(mf, var);
    const char *name = NULL;
    if (v && (unsigned)v->class_type < sizeof names / sizeof names[0]) name = names[v->class_type];
    Mat_VarFree(v);
    Mat_Close(mf);
    return name;
}

int dlrf_matfile_has(const char *path, const char *var) {
    mat_t *mf = Mat_Open(path, MAT_ACC_RDONLY);
    if (!mf) return 0;
    matvar_t *v = Mat_VarReadInfo(mf, var);
    int has = v != NULL;
    Mat_VarFree(v);
    Mat_Close(mf);
    return has;
}

/* One double variable into an open file. */
static int write_var(mat_t *mf, const char *name, const dlrf_mat *m) {
    dlrf_mat *c = m->ld == m->rows ? NULL : dlrf_mat_dup(m); /* matio wants it contiguous */
    const dlrf_mat *src = c ? c : m;
    size_t dims[2] = {m->rows, m->cols};
    if (m->ld != m->rows && !c) return 1;
    matvar_t *v =
        Mat_VarCreate(name, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, src->data, MAT_F_DONT_COPY_DATA);
    int bad = !v || Mat_VarWrite(mf, v, MAT_COMPRESSION_ZLIB) != 0;
    Mat_VarFree(v);
    dlrf_mat_free(c);
    return bad;
}

dlrf_status dlrf_matfile_write_vars(const char *path, const char *const *names,
                                    const dlrf_mat *const *mats, size_t count, char *err,
                                    size_t errlen) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    mat_t *mf = Mat_CreateVer(tmp, NULL, MAT_FT_MAT5);
    int bad = !mf;
    for (size_t i = 0; i < count && !bad; i++)
        bad = write_var(mf, names[i], mats[i]);
    if (mf) bad |= Mat_Close(mf) != 0;
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        dlrf_set_err(err, errlen, "%s: cannot write the MATLAB file: %s", path,
                     errno ? strerror(errno) : "matio failed");
        return DLRF_EIO;
    }
    return DLRF_OK;
}

dlrf_status dlrf_matfile_write(const char *path, const char *var, const dlrf_mat *m, char *err,
                               size_t errlen) {
    return dlrf_matfile_write_vars(path, &var, &m, 1, err, errlen);
}
