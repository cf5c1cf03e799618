/* IDX files (MNIST, Fashion-MNIST), plain or gzip-compressed, read through zlib. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/core.h"
#include "dlrf/io.h"

static int read_be32(gzFile g, size_t *v) {
    unsigned char b[4];
    if (gzread(g, b, 4) != 4) return -1;
    *v = (size_t)b[0] << 24 | (size_t)b[1] << 16 | (size_t)b[2] << 8 | b[3];
    return 0;
}

dlrf_status dlrf_idx_read(const char *path, size_t max_items, dlrf_mat **out, size_t *img_rows,
                          size_t *img_cols, char *err, size_t errlen) {
    *out = NULL;
    gzFile g = gzopen(path, "rb");
    if (!g) {
        dlrf_set_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return DLRF_EIO;
    }
    unsigned char magic[4];
    size_t dims[3] = {0, 1, 1};
    dlrf_status st = DLRF_EFORMAT;
    if (gzread(g, magic, 4) != 4 || magic[0] || magic[1] || magic[2] != 0x08 || magic[3] < 1 ||
        magic[3] > 3) {
        dlrf_set_err(err, errlen, "%s: not an unsigned-byte IDX file of 1-3 dimensions", path);
        goto done;
    }
    for (int d = 0; d < magic[3]; d++)
        if (read_be32(g, &dims[d])) {
            dlrf_set_err(err, errlen, "%s: truncated IDX header", path);
            goto done;
        }
    size_t items = (max_items && max_items < dims[0]) ? max_items : dims[0];
    size_t per = dims[1] * dims[2];
    unsigned char *raw = malloc((items * per) > 0 ? items * per : 1);
    if (!raw || !(*out = dlrf_mat_new(per, items))) {
        free(raw);
        dlrf_set_err(err, errlen, "%s: out of memory", path);
        st = DLRF_ENOMEM;
        goto done;
    }
    if ((size_t)gzread(g, raw, (unsigned)(items * per)) != items * per) {
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
