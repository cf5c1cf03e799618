/* Status names and error message formatting. */
#include <stdarg.h>
#include <stdio.h>

#include "core/core.h"
#include "dlrf/common.h"

const char *dlrf_status_str(dlrf_status s) {
    switch (s) {
    case DLRF_OK:
        return "ok";
    case DLRF_EINVAL:
        return "invalid argument";
    case DLRF_ENOMEM:
        return "out of memory";
    case DLRF_ENOCONV:
        return "not converged";
    case DLRF_ELAPACK:
        return "LAPACK failure";
    case DLRF_EIO:
        return "input/output error";
    case DLRF_EFORMAT:
        return "bad file format";
    case DLRF_ECANCELLED:
        return "cancelled";
    case DLRF_ENOTREADY:
        return "no result yet";
    }
    return "unknown status";
}

void dlrf_set_err(char *buf, size_t len, const char *fmt, ...) {
    if (!buf || len == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}
