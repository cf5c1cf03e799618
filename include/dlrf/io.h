/* dlrf — reading and writing matrices: NumPy .npy, IDX(.gz), JSON helpers.
 *
 * Functions that can fail take `err`/`errlen`, a caller buffer that receives a
 * one-line message naming the file and the problem. Matrices they return are new
 * and freed by the caller with dlrf_mat_free.
 */
#ifndef DLRF_IO_H
#define DLRF_IO_H

#include "dlrf/common.h"
#include "dlrf/mat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Element type of an array file. */
typedef enum {
    DLRF_DT_F64,
    DLRF_DT_F32,
    DLRF_DT_U8,
    DLRF_DT_I8,
    DLRF_DT_I16,
    DLRF_DT_U16,
    DLRF_DT_I32,
    DLRF_DT_U32,
    DLRF_DT_I64,
    DLRF_DT_U64
} dlrf_dtype;
const char *dlrf_dtype_name(dlrf_dtype t);

/* Reads a 1-D or 2-D .npy array (versions 1-3, C or Fortran order, any of the
 * dtypes above in either byte order) as a double matrix of its shape (a 1-D
 * array of length k is k x 1). `dtype` may be NULL. */
dlrf_status dlrf_npy_read(const char *path, dlrf_mat **out, dlrf_dtype *dtype, char *err,
                          size_t errlen);
/* The shape and element type a .npy header declares, without reading the
 * data. Like dlrf_npy_read it refuses a header whose shape overflows or runs
 * past the end of the file. */
dlrf_status dlrf_npy_shape(const char *path, size_t *rows, size_t *cols, dlrf_dtype *dtype,
                           char *err, size_t errlen);
/* Writes m as a 2-D float64 Fortran-order .npy, through a temporary file renamed
 * into place when complete. */
dlrf_status dlrf_npy_write(const char *path, const dlrf_mat *m, char *err, size_t errlen);

/* Reads an IDX file (optionally gzip-compressed): images (3-D, each image a
 * column of rows*cols pixels in row-major pixel order) or labels (1-D: 1 x k, an item per
 * column).
 * `max_items` > 0 reads only the first max_items items. */
dlrf_status dlrf_idx_read(const char *path, size_t max_items, dlrf_mat **out, size_t *img_rows,
                          size_t *img_cols, char *err, size_t errlen);

/* The item count and item shape an IDX header declares (labels: 1 x 1
 * items), without reading the data. */
dlrf_status dlrf_idx_shape(const char *path, size_t *items, size_t *img_rows, size_t *img_cols,
                           char *err, size_t errlen);
/* Reads a folder of greyscale .pgm (P2/P5, 8 or 16 bit) and .png images
 * (cairo; colour becomes luma, transparent pixels black), one subfolder per
 * class, all of one size, as a (height*width) x N matrix (pixel (r, c) of an
 * image is row r*width + c of its column; images in name order). Labels
 * (new, free(); NULL when labels is NULL or the folder has no subfolders):
 * the subfolder names when they are all integers, else 0, 1, ... in name
 * order. A folder without subfolders is read as unlabelled images. */
dlrf_status dlrf_images_read(const char *dir, dlrf_mat **X, int **labels, size_t *height,
                             size_t *width, char *err, size_t errlen);
/* Reads a CSV/TSV table with one sample per row (an optional header row,
 * fields separated by ',', tab, ';' or spaces) as a features x samples
 * matrix. label_col: 0 none, k >= 1 the k-th field, -1 the last one; its
 * integer values go to *labels (new, free()) when labels is non-NULL.
 * Ragged rows and non-numeric cells are errors naming line and column. */
dlrf_status dlrf_csv_read(const char *path, int label_col, dlrf_mat **X, int **labels, char *err,
                          size_t errlen);

/* Writes m as CSV, one matrix row per line, through a temporary file. */
dlrf_status dlrf_csv_write(const char *path, const dlrf_mat *m, char *err, size_t errlen);
/* Writes m as variable `var` (double) of a new MATLAB v5 file (zlib
 * compressed), through a temporary file renamed into place. */
dlrf_status dlrf_matfile_write(const char *path, const char *var, const dlrf_mat *m, char *err,
                               size_t errlen);

/* Writes count double variables into one new MATLAB v5 file, as above. */
dlrf_status dlrf_matfile_write_vars(const char *path, const char *const *names,
                                    const dlrf_mat *const *mats, size_t count, char *err,
                                    size_t errlen);
/* Reads variable `var` of a MATLAB .mat file (v4, v5 or v7.3, through matio):
 * any real numeric class, 2-D, as a double matrix of its shape. A missing
 * variable is an error that lists the variables the file has. */
dlrf_status dlrf_matfile_read(const char *path, const char *var, dlrf_mat **out, char *err,
                              size_t errlen);
/* The dimensions of variable `var` without reading its data; errors as
 * dlrf_matfile_read. */
dlrf_status dlrf_matfile_shape(const char *path, const char *var, size_t *rows, size_t *cols,
                               char *err, size_t errlen);
/* "a, b, c": the names of the file's variables, into names (len bytes). */
dlrf_status dlrf_matfile_list(const char *path, char *names, size_t len, char *err, size_t errlen);
/* MATLAB's class name of a variable ("double", "uint8", ...; a static
 * string), or NULL when the file or variable cannot be read. */
const char *dlrf_matfile_class(const char *path, const char *var);
/* 1 when the .mat file at path has a variable named var. */
int dlrf_matfile_has(const char *path, const char *var);

/* Writes `len` bytes to path atomically (temporary file in the same directory,
 * then rename). */
dlrf_status dlrf_write_file_atomic(const char *path, const char *bytes, size_t len, char *err,
                                   size_t errlen);

/* A growing string buffer for building JSON documents. */
typedef struct {
    char *buf;
    size_t len, cap;
    int failed; /* set when an allocation failed */
} dlrf_json;
void dlrf_json_init(dlrf_json *j);
void dlrf_json_free(dlrf_json *j);
void dlrf_json_raw(dlrf_json *j, const char *s);
void dlrf_json_key(dlrf_json *j, const char *key); /* writes "key": */
void dlrf_json_str(dlrf_json *j, const char *s);   /* a quoted, escaped string */
void dlrf_json_num(dlrf_json *j, double v);        /* null for non-finite */
void dlrf_json_int(dlrf_json *j, long long v);

#ifdef __cplusplus
}
#endif
#endif
