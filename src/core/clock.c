/* Monotonic wall clock for progress and timing. */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include "core/core.h"

double dlrf_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
