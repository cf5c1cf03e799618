/* IDX files (MNIST, Fashion-MNIST), plain or gzip-compressed, read through zlib. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "core/core.h"
#include "dlrf/io.h"

static int read_be32(gzFile g, size_t *v) {
    unsigned char b[4];
    if (gzread(g, b, 4) != 4) return -1;
    *v = (size_t)b[0] << 24 | (size_t)b[1] << 16 | (size_t)b[2] << 8 | b[3];
    return 0;
}

/* Opens path and reads the IDX header into dims (items, rows, cols). Refuses
 * dimensions whose product overflows and, for an uncompressed file, ones that
 * extend past its end, before anything is allocated. */
static dlrf_status open_idx(const char *path, gzFile *gp, size_t dims[3], char *err,
                            size_t errlen) {
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        dlrf_set_err(err, errlen, "%s: is a directory, not an IDX file", path);
        return DLRF_EIO;
    }
    gzFile g = gzopen(path, "rb");
    if (!g) {
        dlrf_set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return DLRF_EIO;
    }
    unsigned char magic[4];
    dims[0] = 0;
    dims[1] = dims[2] = 1;
    int n = gzread(g, magic, 4);
    if (n != 4 || magic[0] || magic[1] || magic[2] != 0x08 || magic[3] < 1 || magic[3] > 3) {
        dlrf_set_err(err, errlen, "%s: %s", path,
                     n <= 0 ? "empty file (or a damaged .gz stream), not an IDX file"
                            : "not an unsigned-byte IDX file of 1-3 dimensions");
        gzclose(g);
        return DLRF_EFORMAT;
    }
    for (int d = 0; d < magic[3]; d++)
        if (read_be32(g, &dims[d])) {
            dlrf_set_err(err, errlen, "%s: truncated IDX header", path);
            gzclose(g);
            return DLRF_EFORMAT;
        }
    size_t per = dims[1] * dims[2]; /* each < 2^32: no overflow in 64 bits */
    size_t limit = SIZE_MAX / sizeof(double);
    const char *why = per && dims[0] > limit / per ? "too many to address"
                      : gzdirect(g) && per && dims[0] * per > (size_t)sb.st_size
                          ? "more than the file holds (truncated)"
                          : NULL;
    if (why) {
        dlrf_set_err(err, errlen, "%s: the header declares %zu items of %zu x %zu bytes, %s", path,
                     dims[0], dims[1], dims[2], why);
        gzclose(g);
        return DLRF_EFORMAT;
    }
    *gp = g;
    return DLRF_OK;
}

dlrf_status dlrf_idx_shape(const char *path, size_t *items, size_t *img_rows, size_t *img_cols,
                           char *err, size_t errlen) {
    gzFile g;
    size_t dims[3];
    dlrf_status st = open_idx(path, &g, dims, err, errlen);
    if (st != DLRF_OK) return st;
    gzclose(g);
    *items = dims[0];
    *img_rows = dims[1];
    *img_cols = dims[2];
    return DLRF_OK;
}

dlrf_status dlrf_idx_read(const char *path, size_t max_items, dlrf_mat **out, size_t *img_rows,
                          size_t *img_cols, char *err, size_t errlen) {
    *out = NULL;
    gzFile g;
    size_t dims[3];
    dlrf_status st = open_idx(path, &g, dims, err, errlen);
    if (st != DLRF_OK) return st;
    st = DLRF_EFORMAT;
    size_t items = (max_items && max_items < dims[0]) ? max_items : dims[0];
    size_t per = dims[1] * dims[2];
    unsigned char *raw = malloc((items * per) > 0 ? items * per : 1);
    if (!raw || !(*out = dlrf_mat_new(per, items))) {
        free(raw);
        dlrf_set_err(err, errlen, "%s: out of memory", path);
        st = DLRF_ENOMEM;
        goto done;
    }
    if (gzfread(raw, 1, items * per, g) != items * per) {
        dlrf_set_err(err, errlen, "%s: truncated IDX data (expected %zu items of %zu bytes)", path,
                     items, per);
        dlrf_mat_free(*out);
        *out = NULL;
        free(raw);
        goto done;
    }
    for (size_t k = 0; k < items * per; k++)
        (*out)->data[k] = raw[k];
    free(raw);
    if (img_rows) *img_rows = dims[1];
    if (img_cols) *img_cols = dims[2];
    st = DLRF_OK;
done:
    gzclose(g);
    return st;
}
