/* Internal helpers shared by every module. */
#ifndef DLRF_CORE_H
#define DLRF_CORE_H

#include <stddef.h>

/* Seconds on a monotonic clock. */
double dlrf_now(void);
/* snprintf into buf when buf is non-NULL. */
void dlrf_set_err(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
