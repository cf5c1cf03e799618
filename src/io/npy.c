/* NumPy .npy arrays: read versions 1-3 (1-D or 2-D, C or Fortran order, common
 * dtypes in either byte order), write 2-D float64 in Fortran order. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core.h"
#include "dlrf/io.h"
#include "io/atomic.h"
#include "io/convert.h"

typedef struct {
    dlrf_dtype dtype;
    int swap; /* stored in the other byte order than this machine's */
    int fortran;
    size_t shape[2];
    int ndim;
} npy_header;

static int host_little(void) {
    uint16_t x = 1;
    return *(unsigned char *)&x == 1;
}

static dlrf_status parse_descr(const char *h, npy_header *out, const char *path, char *err,
                               size_t errlen) {
    const char *p = strstr(h, "'descr'");
    if (!p || !(p = strchr(p + 7, '\''))) {
        dlrf_set_err(err, errlen, "%s: malformed .npy header: no 'descr' field", path);
        return DLRF_EFORMAT;
    }
    char order = p[1], kind = p[2];
    int size = atoi(p + 3);
    int little = (order == '<') || (order == '|') || (order == '=' && host_little());
    if (order != '<' && order != '>' && order != '|' && order != '=') {
        dlrf_set_err(err, errlen, "%s: malformed .npy header: bad 'descr'", path);
        return DLRF_EFORMAT;
    }
    out->swap = size > 1 && little != host_little();
    if (kind == 'f' && size == 8)
        out->dtype = DLRF_DT_F64;
    else if (kind == 'f' && size == 4)
        out->dtype = DLRF_DT_F32;
    else if (kind == 'u' && size == 1)
        out->dtype = DLRF_DT_U8;
    else if (kind == 'b' && size == 1)
        out->dtype = DLRF_DT_U8;
    else if (kind == 'i' && size == 1)
        out->dtype = DLRF_DT_I8;
    else if (kind == 'i' && size == 2)
        out->dtype = DLRF_DT_I16;
    else if (kind == 'u' && size == 2)
        out->dtype = DLRF_DT_U16;
    else if (kind == 'i' && size == 4)
        out->dtype = DLRF_DT_I32;
    else if (kind == 'u' && size == 4)
        out->dtype = DLRF_DT_U32;
    else if (kind == 'i' && size == 8)
        out->dtype = DLRF_DT_I64;
    else if (kind == 'u' && size == 8)
        out->dtype = DLRF_DT_U64;
    else {
        const char *q = strchr(p + 1, '\'');
        int len = q && q - p - 1 < 16 ? (int)(q - p - 1) : 8;
        dlrf_set_err(err, errlen,
                     "%s: unsupported dtype '%.*s'; use float64, float32, (u)int8/16/32/64", path,
                     len, p + 1);
        return DLRF_EFORMAT;
    }
    return DLRF_OK;
}

static dlrf_status parse_shape(const char *h, npy_header *out, const char *path, char *err,
                               size_t errlen) {
    const char *p = strstr(h, "'fortran_order'");
    if (!p) {
        dlrf_set_err(err, errlen, "%s: malformed .npy header: no 'fortran_order' field", path);
        return DLRF_EFORMAT;
    }
    p += 15;
    while (*p == ' ' || *p == ':')
        p++;
    out->fortran = strncmp(p, "True", 4) == 0;
    p = strstr(h, "'shape'");
    if (!p || !(p = strchr(p, '('))) {
        dlrf_set_err(err, errlen, "%s: malformed .npy header: no 'shape' field", path);
        return DLRF_EFORMAT;
    }
    p++;
    out->ndim = 0;
    for (;;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == ')') break;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p || errno) {
            dlrf_set_err(err, errlen, "%s: malformed .npy header: bad 'shape'", path);
            return DLRF_EFORMAT;
        }
        if (out->ndim == 2) {
            dlrf_set_err(err, errlen,
                         "%s: array has more than 2 dimensions; reshape it to "
                         "(features, samples) or (samples, features)",
                         path);
            return DLRF_EFORMAT;
        }
        out->shape[out->ndim++] = (size_t)v;
        p = end;
    }
    if (out->ndim == 0) {
        dlrf_set_err(err, errlen, "%s: array is a scalar; need a 1-D or 2-D array", path);
        return DLRF_EFORMAT;
    }
    if (out->ndim == 1) out->shape[1] = 1;
    return DLRF_OK;
}

static dlrf_status read_header(FILE *f, npy_header *h, const char *path, char *err, size_t errlen) {
    unsigned char pre[10];
    if (fread(pre, 1, 8, f) != 8 || memcmp(pre, "\x93NUMPY", 6) != 0) {
        dlrf_set_err(err, errlen, "%s: not a .npy file (bad magic)", path);
        return DLRF_EFORMAT;
    }
    int major = pre[6];
    size_t hlen;
    if (major == 1) {
        if (fread(pre, 1, 2, f) != 2) goto trunc;
        hlen = pre[0] | (size_t)pre[1] << 8;
    } else if (major == 2 || major == 3) {
        if (fread(pre, 1, 4, f) != 4) goto trunc;
        hlen = pre[0] | (size_t)pre[1] << 8 | (size_t)pre[2] << 16 | (size_t)pre[3] << 24;
    } else {
        dlrf_set_err(err, errlen, "%s: unsupported .npy version %d", path, major);
        return DLRF_EFORMAT;
    }
    if (hlen > (1u << 24)) {
        dlrf_set_err(err, errlen, "%s: malformed .npy header (length %zu)", path, hlen);
        return DLRF_EFORMAT;
    }
    char *text = malloc(hlen + 1);
    if (!text) return DLRF_ENOMEM;
    if (fread(text, 1, hlen, f) != hlen) {
        free(text);
        goto trunc;
    }
    text[hlen] = '\0';
    dlrf_status st = parse_descr(text, h, path, err, errlen);
    if (st == DLRF_OK) st = parse_shape(text, h, path, err, errlen);
    free(text);
    return st;
trunc:
    dlrf_set_err(err, errlen, "%s: truncated .npy header", path);
    return DLRF_EFORMAT;
}

/* Opens path and reads its header; checks that the declared shape neither
 * overflows nor extends past the end of the file, so that nothing is
 * allocated for a damaged or hostile header. */
static dlrf_status open_npy(const char *path, FILE **fp, npy_header *h, char *err, size_t errlen) {
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        dlrf_set_err(err, errlen, "%s: is a directory, not a .npy file", path);
        return DLRF_EIO;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        dlrf_set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return DLRF_EIO;
    }
    if (sb.st_size == 0) {
        fclose(f);
        dlrf_set_err(err, errlen, "%s: empty file, not a .npy array", path);
        return DLRF_EFORMAT;
    }
    dlrf_status st = read_header(f, h, path, err, errlen);
    size_t rows = h->shape[0], cols = h->shape[1], esize = dlrf_dtype_size(h->dtype);
    size_t have = (size_t)sb.st_size - (size_t)ftell(f);
    if (st == DLRF_OK &&
        ((cols && rows > SIZE_MAX / cols) || (rows * cols > SIZE_MAX / 8 / esize))) {
        dlrf_set_err(err, errlen, "%s: header declares %zu x %zu values, too many to address", path,
                     rows, cols);
        st = DLRF_EFORMAT;
    } else if (st == DLRF_OK && rows * cols * esize > have) {
        dlrf_set_err(err, errlen,
                     "%s: truncated: the header declares %zu x %zu %s (%zu bytes) but %zu bytes "
                     "of data follow",
                     path, rows, cols, dlrf_dtype_name(h->dtype), rows * cols * esize, have);
        st = DLRF_EFORMAT;
    }
    if (st != DLRF_OK) {
        fclose(f);
        return st;
    }
    *fp = f;
    return DLRF_OK;
}

dlrf_status dlrf_npy_shape(const char *path, size_t *rows, size_t *cols, dlrf_dtype *dtype,
                           char *err, size_t errlen) {
    FILE *f;
    npy_header h = {0};
    dlrf_status st = open_npy(path, &f, &h, err, errlen);
    if (st != DLRF_OK) return st;
    fclose(f);
    *rows = h.shape[0];
    *cols = h.shape[1];
    if (dtype) *dtype = h.dtype;
    return DLRF_OK;
}

dlrf_status dlrf_npy_read(const char *path, dlrf_mat **out, dlrf_dtype *dtype, char *err,
                          size_t errlen) {
    *out = NULL;
    FILE *f;
    npy_header h = {0};
    dlrf_status st = open_npy(path, &f, &h, err, errlen);
    if (st != DLRF_OK) return st;
    size_t rows = h.shape[0], cols = h.shape[1], count = rows * cols;
    size_t esize = dlrf_dtype_size(h.dtype);
    unsigned char *raw = NULL;
    if (!(raw = malloc(count ? count * esize : 1))) st = DLRF_ENOMEM;
    if (st == DLRF_OK && fread(raw, esize, count, f) != count) {
        dlrf_set_err(err, errlen, "%s: truncated data: expected %zu x %zu values of %s", path, rows,
                     cols, dlrf_dtype_name(h.dtype));
        st = DLRF_EFORMAT;
    }
    if (st == DLRF_OK && !(*out = dlrf_mat_new(rows, cols))) st = DLRF_ENOMEM;
    if (st == DLRF_OK) {
        /* Fortran order is already column-major; C order is its transpose. */
        for (size_t k = 0; k < count; k++) {
            size_t i = h.fortran ? k % (rows ? rows : 1) : k / (cols ? cols : 1);
            size_t j = h.fortran ? k / (rows ? rows : 1) : k % (cols ? cols : 1);
            DLRF_AT(*out, i, j) = dlrf_convert_one(raw + k * esize, h.dtype, h.swap);
        }
        if (dtype) *dtype = h.dtype;
    }
    if (st == DLRF_ENOMEM) dlrf_set_err(err, errlen, "%s: out of memory", path);
    free(raw);
    fclose(f);
    return st;
}

dlrf_status dlrf_npy_write(const char *path, const dlrf_mat *m, char *err, size_t errlen) {
    char header[256];
    int len = snprintf(header, sizeof header,
                       "{'descr': '<f8', 'fortran_order': True, 'shape': (%zu, %zu), }", m->rows,
                       m->cols);
    size_t total = 10 + (size_t)len + 1, pad = (64 - total % 64) % 64;
    memset(header + len, ' ', pad);
    header[len + pad] = '\n';
    size_t hlen = (size_t)len + pad + 1;
    unsigned char pre[10] = {0x93,
                             'N',
                             'U',
                             'M',
                             'P',
                             'Y',
                             1,
                             0,
                             (unsigned char)(hlen & 0xff),
                             (unsigned char)(hlen >> 8)};
    dlrf_atomic_file a;
    dlrf_status st = dlrf_atomic_open(&a, path, err, errlen);
    if (st != DLRF_OK) return st;
    fwrite(pre, 1, 10, a.f);
    fwrite(header, 1, hlen, a.f);
    for (size_t j = 0; j < m->cols; j++) {
        const double *col = m->data + j * m->ld;
        if (host_little()) {
            fwrite(col, sizeof(double), m->rows, a.f);
        } else {
            for (size_t i = 0; i < m->rows; i++) {
                unsigned char b[8];
                memcpy(b, col + i, 8);
                for (int k = 0; k < 4; k++) {
                    unsigned char t = b[k];
                    b[k] = b[7 - k];
                    b[7 - k] = t;
                }
                fwrite(b, 1, 8, a.f);
            }
        }
    }
    return dlrf_atomic_commit(&a, err, errlen);
}
