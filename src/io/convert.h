/* Internal: converting stored array elements to double. */
#ifndef DLRF_IO_CONVERT_H
#define DLRF_IO_CONVERT_H

#include <stddef.h>

#include "dlrf/io.h"

size_t dlrf_dtype_size(dlrf_dtype t);
/* The element at p, of type t, byte-swapped first when swap is set. */
double dlrf_convert_one(const unsigned char *p, dlrf_dtype t, int swap);

#endif
