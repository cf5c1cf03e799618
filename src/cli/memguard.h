/* Internal to the CLI: a run's peak memory, estimated before it starts. */
#ifndef DLRF_CLI_MEMGUARD_H
#define DLRF_CLI_MEMGUARD_H

#include <stddef.h>

typedef struct {
    size_t features, samples; /* n, N of the largest problem the run solves */
    int network, layers;
    int clusters;       /* the run clusters (builds an affinity) */
    int dense_affinity; /* an N x N affinity (abs, lrr-post) */
    int topk;           /* the sparse affinity's entries per column */
    int writes_z;       /* --out materialises N x N Z_l one at a time */
    const char *hint;   /* the options that reduce the estimate, e.g. "--affinity topk" */
    int dense_z;        /* the solver holds three N x N matrices (rlatlrr) */
} memguard_job;

/* MemAvailable from /proc/meminfo, else the physical memory, in bytes. */
double memguard_available(void);
/* "1.5 GiB": bytes for people. */
void memguard_human(double b, char *buf, size_t len);
/* "8G", "500M", "1.5g", "123456" (bytes) -> bytes; -1 on bad input. */
int memguard_parse(const char *s, double *bytes);
/* Estimated peak bytes; *affinity receives the affinity's share. */
double memguard_estimate(const memguard_job *j, double *affinity);
/* 0 when the estimate fits under limit (0: the memory available now), else
 * prints one line naming the estimate, the limit and what reduces it, and
 * returns -1. */
int memguard_check(const char *cmd, const memguard_job *j, double limit);

#endif
