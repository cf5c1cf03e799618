/* The memory guard: estimate a run's peak memory before starting it and
 * refuse, with the options that reduce it, rather than be killed mid-run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/memguard.h"

/* MemAvailable from /proc/meminfo, else the physical memory. */
double memguard_available(void) {
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    double kb = 0.0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %lf kB", &kb) == 1) break;
    if (f) fclose(f);
    if (kb > 0.0) return kb * 1024.0;
    return (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
}

int memguard_parse(const char *s, double *bytes) {
    char *end;
    double v = strtod(s, &end);
    double unit = *end == 'K' || *end == 'k'   ? 1024.0
                  : *end == 'M' || *end == 'm' ? 1024.0 * 1024
                  : *end == 'G' || *end == 'g' ? 1024.0 * 1024 * 1024
                  : *end == 'T' || *end == 't' ? 1024.0 * 1024 * 1024 * 1024
                                               : 1.0;
    if (unit > 1.0) end++;
    if (end == s || *end || !(v > 0.0)) return -1;
    *bytes = v * unit;
    return 0;
}

/* Bytes of doubles. */
static double d8(double count) {
    return 8.0 * count;
}

double memguard_estimate(const memguard_job *j, double *affinity) {
    double n = (double)j->features, N = (double)j->samples;
    double r = n < N ? n : N, layers = j->layers > 0 ? j->layers : 1;
    /* data, the solver's n x N iterates and scratch, its factors and SVT work */
    double solver = d8(7 * n * N + 2 * (n + N) * r + 3 * r * r + (j->dense_z ? 3 * N * N : 0));
    /* a network keeps P_l, S_l, L_l and the fused factors of every layer */
    double net = j->network ? layers * d8(2 * n * N + 4 * r * N + n * n) : 0.0;
    *affinity = !j->clusters        ? 0.0
                : j->dense_affinity ? d8(N * N)
                                    : d8(4 * N * (j->topk > 0 ? j->topk : 10));
    double out = j->writes_z ? d8(N * N + n * n) : 0.0;
    return solver + net + *affinity + out;
}

void memguard_human(double b, char *buf, size_t len) {
    const char *u[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int i = 0;
    while (b >= 1024.0 && i < 4) {
        b /= 1024.0;
        i++;
    }
    snprintf(buf, len, "%.1f %s", b, u[i]);
}

int memguard_check(const char *cmd, const memguard_job *j, double limit) {
    double aff, need = memguard_estimate(j, &aff);
    double have = limit > 0.0 ? limit : memguard_available();
    if (need <= have) return 0;
    char a[32], b[32], c[32];
    memguard_human(need, a, sizeof a);
    memguard_human(have, b, sizeof b);
    memguard_human(aff, c, sizeof c);
    fprintf(stderr,
            "dlrf %s: this run needs about %s (%zu features x %zu samples%s%s) but %s %s; use "
            "%s, or raise --memory-limit\n",
            cmd, a, j->features, j->samples,
            j->clusters && j->dense_affinity ? ", N x N affinity " : "",
            j->clusters && j->dense_affinity ? c : "",
            limit > 0.0 ? "--memory-limit is" : "is available", b, j->hint);
    return -1;
}
