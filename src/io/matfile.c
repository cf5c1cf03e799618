/* MATLAB .mat files (v4, v5, v7.3) through matio: one real numeric 2-D
 * variable read as a double matrix. */
#include <matio.h>
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

static dlrf_status read_var(mat_t *mf, const char *path, const char *var, dlrf_mat **out, char *err,
                            size_t errlen) {
    matvar_t *v = Mat_VarRead(mf, var);
    if (!v) {
        char names[256];
        list_vars(mf, names, sizeof names);
        dlrf_set_err(err, errlen, "%s: no variable '%s' (the file has: %s)", path, var,
                     names[0] ? names : "none");
        return DLRF_EFORMAT;
    }
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

dlrf_status dlrf_matfile_read(const char *path, const char *var, dlrf_mat **out, char *err,
                              size_t errlen) {
    *out = NULL;
    mat_t *mf = Mat_Open(path, MAT_ACC_RDONLY);
    if (!mf) {
        dlrf_set_err(err, errlen,
                     "%s: cannot open as a MATLAB .mat file (missing, unreadable "
                     "or not a .mat file)",
                     path);
        return DLRF_EIO;
    }
    dlrf_status st = read_var(mf, path, var, out, err, errlen);
    Mat_Close(mf);
    return st;
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

dlrf_status dlrf_matfile_write(const char *path, const char *var, const dlrf_mat *m, char *err,
                               size_t errlen) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    dlrf_mat *c = m->ld == m->rows ? NULL : dlrf_mat_dup(m); /* matio wants it contiguous */
    const dlrf_mat *src = c ? c : m;
    size_t dims[2] = {m->rows, m->cols};
    mat_t *mf = Mat_CreateVer(tmp, NULL, MAT_FT_MAT5);
    matvar_t *v = mf ? Mat_VarCreate(var, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, src->data,
                                     MAT_F_DONT_COPY_DATA)
                     : NULL;
    int bad = !mf || !v || Mat_VarWrite(mf, v, MAT_COMPRESSION_ZLIB) != 0;
    Mat_VarFree(v);
    if (mf) bad |= Mat_Close(mf) != 0;
    dlrf_mat_free(c);
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        dlrf_set_err(err, errlen, "%s: cannot write the MATLAB file", path);
        return DLRF_EIO;
    }
    return DLRF_OK;
}
