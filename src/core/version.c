/* Version and BLAS identification. */
#include <cblas.h>
#include <string.h>
#include <strings.h>

#include "dlrf/common.h"

const char *dlrf_version(void) {
    return DLRF_VERSION_STRING;
}
const char *dlrf_blas_config(void) {
    return openblas_get_config();
}
const char *dlrf_blas_corename(void) {
    return openblas_get_corename();
}
int dlrf_blas_threads(void) {
    return openblas_get_num_threads();
}

/* OpenBLAS kernels that predate AVX2 + FMA: on a CPU that has both, running one
 * of these means OpenBLAS did not recognise the CPU. */
static int is_pre_avx2_kernel(const char *core) {
    static const char *const old[] = {
        "prescott",  "core2",      "penryn",      "dunnington", "nehalem", "atom",
        "katmai",    "coppermine", "northwood",   "banias",     "athlon",  "opteron",
        "barcelona", "bobcat",     "sandybridge", "bulldozer",  "unknown", NULL};
    for (int i = 0; old[i]; i++)
        if (strcasecmp(core, old[i]) == 0) return 1;
    return 0;
}

const char *dlrf_blas_kernel_hint(void) {
#if defined(__x86_64__) || defined(__i386__)
    const char *core = openblas_get_corename();
    if (core && is_pre_avx2_kernel(core) && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("fma")) {
        if (__builtin_cpu_supports("avx512f"))
            return "OpenBLAS runs a generic kernel on a CPU with AVX2 and AVX-512; "
                   "OPENBLAS_CORETYPE=Haswell (needs AVX2+FMA) or SkylakeX (needs AVX-512) "
                   "selects a faster one";
        return "OpenBLAS runs a generic kernel on a CPU with AVX2; OPENBLAS_CORETYPE=Haswell "
               "(needs AVX2+FMA) selects a faster one";
    }
#endif
    return NULL;
}
