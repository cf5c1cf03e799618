/* Internal to the CLI: dlrf cluster. */
#ifndef DLRF_CLI_CLUSTER_H
#define DLRF_CLI_CLUSTER_H

#include "cli/dataset.h"
#include "cli/fit.h"

/* dlrf cluster's penalty growth: it clusters as 1.1 does, 3-4 times faster
 * (docs/CLUSTERING.md). */
#define CLUSTER_RHO 1.5

typedef struct {
    fit_config fit;
    dlrf_cluster_opts copts;
    const char *affinity_arg;
    int k;              /* 0: the number of distinct labels */
    int trials;         /* protocol trials (1 = a single run) */
    int random_classes; /* protocol: classes drawn per trial (0 = all) */
    size_t per_class;   /* protocol: samples per class (0 = all) */
    int product;        /* cluster Z_1...Z_l instead of the fused Z_l */
    int lsc;            /* --cluster lsc: landmark-based, on the columns of Z */
    dlrf_lsc_opts lopts;
    int json;
} cluster_config;

/* Seconds and flags gathered while clustering. */
typedef struct {
    double fit_s, cluster_s;
    int used_arpack, rank;
    size_t isolated;
} cluster_stats;

/* dlrf cluster's defaults for method (a --method name) with that many layers.
 * 0, or -1 after printing an error. */
int cluster_defaults(cluster_config *c, const char *cmd, const char *method, int layers);
/* The factors of the Z clustered at layer l (ctx: the cluster_config): the
 * fused Z_l, or Z_1...Z_l (new, in *owned_f and *owned_g). */
int cluster_layer_factors(const void *ctx, const fit_result *r, int l, dlrf_mat *F, dlrf_mat *G,
                          dlrf_mat **owned_f, dlrf_mat **owned_g, const char **what);
/* Clusters every layer of a fitted method: pred[(l-1) * N + i]. 0, or -1 with
 * err filled. */
int cluster_layers(const cluster_config *c, const fit_result *r, int k, int *pred,
                   cluster_stats *st, char *err, size_t errlen);
/* The protocol's method: fit then cluster_layers (ctx: a cluster_ctx). */
typedef struct {
    const cluster_config *c;
    cluster_stats stats;
    fit_result last; /* the last trial's fit, kept for its lambdas and pictures */
    int *last_pred;  /* the last trial's labels, layers x its samples */
} cluster_ctx;
int cluster_method(const dlrf_mat *X, int k, int *pred, void *ctx, char *err, size_t errlen);

/* Output of a single run and of the protocol. */
typedef struct {
    const cluster_config *c;
    const cli_dataset *d;
    const fit_result *r;
    int k, layers;
    size_t n;
    const int *pred; /* layers x n */
    dlrf_metrics *m; /* per layer, or NULL without labels */
    const dlrf_protocol_result *proto;
    cluster_stats stats;
    double time_s;
} cluster_report;
/* The JSON document (new string; free()), or NULL on memory. */
char *cluster_json(const cluster_report *rep);
void cluster_print(const cluster_report *rep);
/* Writes labels.csv and cluster.json into dir (fit_extra_fn). */
int cluster_write_extra(const char *dir, void *ctx, char *err, size_t errlen);

#endif
