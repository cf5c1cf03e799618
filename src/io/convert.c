/* Element conversion shared by the array readers. */
#include <stdint.h>
#include <string.h>

#include "io/convert.h"

size_t dlrf_dtype_size(dlrf_dtype t) {
    static const size_t sizes[] = {8, 4, 1, 1, 2, 2, 4, 4, 8, 8};
    return sizes[t];
}

const char *dlrf_dtype_name(dlrf_dtype t) {
    static const char *const names[] = {"float64", "float32", "uint8",  "int8",  "int16",
                                        "uint16",  "int32",   "uint32", "int64", "uint64"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "unknown";
}

double dlrf_convert_one(const unsigned char *p, dlrf_dtype t, int swap) {
    unsigned char b[8];
    size_t n = dlrf_dtype_size(t);
    for (size_t k = 0; k < n; k++)
        b[k] = swap ? p[n - 1 - k] : p[k];
    switch (t) {
#define AS(type)                                                                                   \
    do {                                                                                           \
        type v;                                                                                    \
        memcpy(&v, b, sizeof v);                                                                   \
        return (double)v;                                                                          \
    } while (0)
    case DLRF_DT_F64:
        AS(double);
    case DLRF_DT_F32:
        AS(float);
    case DLRF_DT_U8:
        AS(uint8_t);
    case DLRF_DT_I8:
        AS(int8_t);
    case DLRF_DT_I16:
        AS(int16_t);
    case DLRF_DT_U16:
        AS(uint16_t);
    case DLRF_DT_I32:
        AS(int32_t);
    case DLRF_DT_U32:
        AS(uint32_t);
    case DLRF_DT_I64:
        AS(int64_t);
    case DLRF_DT_U64:
        AS(uint64_t);
#undef AS
    }
    return 0.0;
}
