/* dlrf — subspace clustering: affinity, normalized cuts, k-means, metrics.
 *
 * A learned coefficient matrix Z (kept factored as Z = F G, F: N x k, G: k x N)
 * becomes an affinity W between the N samples; the eigenvectors of the
 * normalized Laplacian of W for its K smallest eigenvalues are discretised into
 * K clusters. Labels everywhere are int arrays of length N; cluster ids are
 * 0..K-1. Nothing here keeps global state; ARPACK itself is not reentrant, so
 * run one ARPACK solve per process at a time.
 */
#ifndef DLRF_CLUSTER_H
#define DLRF_CLUSTER_H

#include <stdint.h>

#include "dlrf/common.h"
#include "dlrf/mat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Block-diagonality of Z = F G (F: N x k, G: k x N): the fraction of the mass
 * sum |Z_ij| with labels[i] == labels[j]. Z is formed a block of columns at a
 * time, never whole. Returns a value in [0, 1], or -1 on bad input or memory. */
double dlrf_block_diag_score(const dlrf_mat *F, const dlrf_mat *G, const int *labels);
/* The share of the mass that lies off the diagonal and inside the groups:
 * the diagonal Z_ii lies in every block, so it counts in the total only. With
 * a clustering's own labels it measures, without the truth, how well Z agrees
 * with the clusters it gives; a Z near the identity (each sample represented
 * by itself, as at a large lambda on data of full column rank) scores near 0. */
double dlrf_block_diag_score_offdiag(const dlrf_mat *F, const dlrf_mat *G, const int *labels);

/* ---- Affinity, eigenvectors and discretisation ---------------------------- */

typedef enum {
    DLRF_AFFINITY_ABS,      /* W = (|Z| + |Z^T|) / 2, dense */
    DLRF_AFFINITY_LRR_POST, /* LRR post-processing: W = max(0, u_i . u_j)^power, u_i the
                               unit rows of U_r S_r^(1/2) of the thin SVD of Z */
    DLRF_AFFINITY_TOPK      /* the topk largest |Z_ij| (i != j) of each column,
                               symmetrised: sparse */
} dlrf_affinity;

typedef enum {
    DLRF_EIG_AUTO,  /* dense for a dense W with N <= dense_max, else ARPACK */
    DLRF_EIG_DENSE, /* LAPACK dsyevr on the K wanted indices */
    DLRF_EIG_ARPACK /* implicitly restarted Lanczos (dsaupd/dseupd) */
} dlrf_eigensolver;

typedef enum {
    DLRF_DISCRETIZE_NJW,  /* Ng-Jordan-Weiss: unit rows, then k-means */
    DLRF_DISCRETIZE_YUSHI /* Yu-Shi multiclass discretisation (Shi's ncutW) */
} dlrf_discretize;

typedef struct {
    dlrf_affinity affinity;     /* default DLRF_AFFINITY_TOPK (docs/CLUSTERING.md) */
    int topk;                   /* TOPK: entries kept per column; 0 (default): a tenth of
                                   the mean cluster size N/K, at least 3 */
    int post_dim;               /* LRR_POST: rank = post_dim * K + 1 when > 0; when 0, the
                                   singular values above post_rank_tol * sigma_1 (default 0) */
    double post_rank_tol;       /* default 1e-4 */
    double post_power;          /* default 4 */
    dlrf_eigensolver eig;       /* default DLRF_EIG_AUTO */
    size_t dense_max;           /* AUTO's switch-over size (default 1000) */
    int arpack_restarts;        /* ARPACK's limit on implicit restarts (default 300) */
    dlrf_discretize discretize; /* default DLRF_DISCRETIZE_NJW */
    int n_init;                 /* k-means restarts (default 20) */
    int kmeans_max_iter;        /* Lloyd iterations per restart (default 300) */
    uint64_t seed;              /* k-means++ seeding and ARPACK's start vector (default 1) */
} dlrf_cluster_opts;

void dlrf_cluster_opts_default(dlrf_cluster_opts *o);
/* The automatic top-k for n samples in k clusters: n / (10 k), at least 3. */
int dlrf_topk_auto(size_t n, int k);
/* NULL when o is valid, else a static one-line reason. */
const char *dlrf_cluster_opts_check(const dlrf_cluster_opts *o);
const char *dlrf_affinity_name(dlrf_affinity a);
const char *dlrf_discretize_name(dlrf_discretize d);

/* Spectral clustering into k groups. */
typedef struct dlrf_spectral dlrf_spectral;

dlrf_spectral *dlrf_spectral_new(int k);
void dlrf_spectral_free(dlrf_spectral *s);
void dlrf_spectral_set_opts(dlrf_spectral *s, const dlrf_cluster_opts *o);
/* Clusters the samples of Z = F G (F: N x r, G: r x N; caller keeps both). The
 * affinity is built block by block: at most one N x N matrix is held. */
dlrf_status dlrf_spectral_run(dlrf_spectral *s, const dlrf_mat *F, const dlrf_mat *G);
/* Clusters a given symmetric non-negative N x N affinity (copied). */
dlrf_status dlrf_spectral_run_affinity(dlrf_spectral *s, const dlrf_mat *W);
const char *dlrf_spectral_errmsg(const dlrf_spectral *s);
/* After a successful run (owned by s, valid until the next run or free): */
const int *dlrf_spectral_labels(const dlrf_spectral *s); /* N cluster ids in 0..k-1 */
size_t dlrf_spectral_n(const dlrf_spectral *s);
/* The k largest eigenvalues of D^-1/2 W D^-1/2, descending (1 - these are the
 * k smallest of the normalized Laplacian). */
const double *dlrf_spectral_eigenvalues(const dlrf_spectral *s);
/* The N x k spectral embedding (eigenvectors, before discretisation). */
dlrf_mat dlrf_spectral_embedding(const dlrf_spectral *s);
/* Samples with no edge at all (degree 0, e.g. a zero column of Z). They keep a
 * zero embedding row, so their cluster is arbitrary (but deterministic). An
 * all-zero affinity is an error (DLRF_EINVAL). */
size_t dlrf_spectral_isolated(const dlrf_spectral *s);
int dlrf_spectral_used_arpack(const dlrf_spectral *s);
/* 1 when DLRF_EIG_AUTO chose ARPACK, Lanczos did not converge (nearly equal
 * leading eigenvalues) and the dense solver was used instead. */
int dlrf_spectral_arpack_fallback(const dlrf_spectral *s);
int dlrf_spectral_rank(const dlrf_spectral *s); /* LRR_POST: the rank kept */
/* Seconds spent building W, in the eigen solver, and discretising. */
void dlrf_spectral_times(const dlrf_spectral *s, double *affinity, double *eig, double *disc);

/* ---- k-means --------------------------------------------------------------- */

/* k-means of the N rows of X (N x d) with k-means++ seeding, n_init restarts,
 * keeping the restart of lowest inertia. Deterministic for a seed. labels: N
 * ids in 0..k-1 (caller's array); *inertia may be NULL. */
dlrf_status dlrf_kmeans(const dlrf_mat *X, int k, int n_init, int max_iter, uint64_t seed,
                        int *labels, double *inertia);

/* ---- Landmark-based spectral clustering (Chen & Cai 2011) ------------------ */

/* For data too many for an N x N affinity: time and memory linear in N. */
typedef struct {
    int landmarks;     /* p (default 1000; at most N) */
    int neighbours;    /* nearest landmarks kept per sample, r (default 5) */
    int landmark_iter; /* k-means iterations placing the landmarks (default 5); 0: p
                          samples drawn at random */
    int n_init;        /* final k-means restarts (default 10) */
    int max_iter;      /* and their iterations (default 100) */
    uint64_t seed;     /* default 1 */
} dlrf_lsc_opts;

void dlrf_lsc_opts_default(dlrf_lsc_opts *o);
/* Clusters the N rows of X (N x d) into k groups: labels (caller's, N). */
dlrf_status dlrf_lsc(const dlrf_mat *X, int k, const dlrf_lsc_opts *o, int *labels, char *err,
                     size_t errlen);

/* ---- Metrics ---------------------------------------------------------------- */

/* Minimum-cost assignment of a rows x cols cost matrix (row-major,
 * cost[i * cols + j]), Hungarian algorithm in O(n^3), n = max(rows, cols).
 * assign[i] is the column of row i, or -1 when rows > cols leaves it
 * unassigned. Returns the total cost, or NAN on bad input or memory. */
double dlrf_hungarian(const double *cost, int rows, int cols, int *assign);

typedef struct {
    double accuracy; /* AC: best one-to-one map of clusters to classes (Hungarian) */
    double nmi;      /* MI / ((H(truth) + H(pred)) / 2), as scikit-learn's default */
    double ari;      /* adjusted Rand index (Hubert and Arabie) */
    double purity;   /* sum over clusters of their largest class, / N */
    int k_true, k_pred;
} dlrf_metrics;

/* Compares predicted labels with true ones; both may use any int values. */
dlrf_status dlrf_cluster_metrics(const int *truth, const int *pred, size_t n, dlrf_metrics *m);
/* Confusion counts: *counts is a new k_pred x k_true row-major array (free()
 * it); rows follow the sorted distinct predicted values, columns the sorted
 * distinct true values. */
dlrf_status dlrf_confusion(const int *truth, const int *pred, size_t n, long **counts, int *k_pred,
                           int *k_true);
/* Maps arbitrary int labels to 0..K-1 in the order of their sorted values;
 * out may alias in. Returns K, or -1 on memory. */
int dlrf_labels_compact(const int *in, size_t n, int *out);

/* ---- The paper's protocol ------------------------------------------------- */

/* A clustering method for the protocol: clusters the columns of X into k
 * groups, writing n_out labelings (e.g. one per network layer) into
 * pred[o * N + i]. Returns 0 on success; on failure fills err. */
typedef int (*dlrf_cluster_method)(const dlrf_mat *X, int k, int *pred, void *ctx, char *err,
                                   size_t errlen);

typedef struct {
    int k;            /* classes drawn per trial */
    int trials;       /* T */
    size_t per_class; /* samples kept per class (random, seeded); 0 = all */
    uint64_t seed;
    int n_out; /* labelings the method writes (>= 1) */
} dlrf_protocol_opts;

typedef struct {
    int trials, n_out;
    double *accuracy, *nmi, *ari;                               /* [trial * n_out + o] */
    double *acc_mean, *acc_std, *nmi_mean, *nmi_std, *ari_mean; /* per output */
    int *classes;      /* [trial * k]: the classes drawn (original values) */
    size_t *n_samples; /* per trial */
    double *time_s;    /* per trial, the method's seconds */
    size_t *last_cols; /* the last trial's samples (n_samples[trials - 1] columns of X) */
} dlrf_protocol_result;

/* For each of T trials: draw k of the distinct labels at random, keep their
 * samples (columns of X, per_class of each when set), run the method and score
 * every output against the truth. Mean and (population) std over the trials. */
dlrf_status dlrf_protocol_run(const dlrf_mat *X, const int *labels, const dlrf_protocol_opts *o,
                              dlrf_cluster_method fn, void *ctx, dlrf_protocol_result *res,
                              char *err, size_t errlen);
void dlrf_protocol_result_free(dlrf_protocol_result *res);
/* The protocol's first trial's draw with this seed, without running anything:
 * k random classes (k = the class count keeps all), then per_class random
 * samples of each (0: all). cols (N entries) receives the chosen sample
 * indices in increasing order, *n their count. */
dlrf_status dlrf_protocol_draw(const int *labels, size_t N, int k, size_t per_class, uint64_t seed,
                               size_t *cols, size_t *n, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
