/* The LRR post-processing of Z (Liu et al., TPAMI 2013): the thin SVD
 * Z = U S V^T, rank r kept, rows u_i of U_r S_r^(1/2) scaled to unit length,
 * W_ij = max(0, u_i . u_j)^power. From the factors: with G^T = Q R (thin QR),
 * Z = (F R^T) Q^T, so U and S are those of the N x k matrix F R^T (k < N; a
 * network's fused factors can be wider than N, and then Z is formed). */
#include <math.h>
#include <stdlib.h>

#include "cluster/graph.h"
#include "linalg/linalg.h"

/* Left singular vectors and values of F G formed whole: for k >= N, where
 * the factors are no thinner than Z itself. */
static dlrf_status left_svd_full(const dlrf_mat *F, const dlrf_mat *G, dlrf_mat **U, dlrf_mat **s) {
    dlrf_mat *Z = dlrf_mat_new(F->rows, G->cols), *Vt = NULL;
    *U = *s = NULL;
    if (!Z) return DLRF_ENOMEM;
    dlrf_gemm('N', 'N', 1.0, F, G, 0.0, Z);
    int fb = 0;
    dlrf_status st = dlrf_svd_thin(Z, U, s, &Vt, &fb);
    dlrf_mat_free(Z);
    dlrf_mat_free(Vt);
    return st;
}

/* Left singular vectors and values of F G (new U: N x k, s: k x 1). */
static dlrf_status left_svd(const dlrf_mat *F, const dlrf_mat *G, dlrf_mat **U, dlrf_mat **s) {
    size_t N = F->rows, k = F->cols;
    if (k >= N) return left_svd_full(F, G, U, s);
    dlrf_mat *Q = dlrf_mat_new(N, k), *R = dlrf_mat_new(k, k), *M = dlrf_mat_new(N, k);
    dlrf_mat *Vt = NULL;
    dlrf_status st = DLRF_ENOMEM;
    *U = *s = NULL;
    if (Q && R && M) {
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < N; i++)
                DLRF_AT(Q, i, j) = DLRF_AT(G, j, i);
        st = dlrf_qr_orthonormal(Q);
    }
    if (st == DLRF_OK) {
        dlrf_gemm('T', 'T', 1.0, Q, G, 0.0, R); /* R = Q^T G^T */
        dlrf_gemm('N', 'T', 1.0, F, R, 0.0, M);
        int fb = 0;
        st = dlrf_svd_thin(M, U, s, &Vt, &fb);
    }
    dlrf_mat_free(Q);
    dlrf_mat_free(R);
    dlrf_mat_free(M);
    dlrf_mat_free(Vt);
    return st;
}

static int kept_rank(const dlrf_mat *s, int k, const dlrf_cluster_opts *o) {
    int avail = (int)dlrf_numerical_rank(s->data, s->rows, 1e-12);
    int r = o->post_dim > 0 ? o->post_dim * k + 1
                            : (int)dlrf_numerical_rank(s->data, s->rows, o->post_rank_tol);
    return r < avail ? r : avail;
}

dlrf_status cl_graph_lrr_post(cl_graph *g, const dlrf_mat *F, const dlrf_mat *G, int k,
                              const dlrf_cluster_opts *o) {
    dlrf_mat *U, *s;
    dlrf_status st = left_svd(F, G, &U, &s);
    if (st != DLRF_OK) return st;
    int r = kept_rank(s, k, o);
    g->rank = r;
    if (r < 1) {
        dlrf_mat_free(U);
        dlrf_mat_free(s);
        return DLRF_EINVAL;
    }
    dlrf_mat Ur = dlrf_mat_view(U, 0, 0, U->rows, (size_t)r);
    for (int j = 0; j < r; j++)
        for (size_t i = 0; i < U->rows; i++)
            DLRF_AT(&Ur, i, j) *= sqrt(s->data[j]);
    for (size_t i = 0; i < U->rows; i++) {
        double nrm = 0.0;
        for (int j = 0; j < r; j++)
            nrm += DLRF_AT(&Ur, i, j) * DLRF_AT(&Ur, i, j);
        nrm = sqrt(nrm);
        for (int j = 0; j < r; j++)
            DLRF_AT(&Ur, i, j) = nrm > 0.0 ? DLRF_AT(&Ur, i, j) / nrm : 0.0;
    }
    size_t N = g->n;
    if ((g->dense = dlrf_mat_new(N, N))) {
        dlrf_syrk('N', 1.0, &Ur, 0.0, g->dense);
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i <= j; i++) {
                double v = pow(fmax(0.0, DLRF_AT(g->dense, i, j)), o->post_power);
                DLRF_AT(g->dense, i, j) = DLRF_AT(g->dense, j, i) = v;
            }
    }
    dlrf_mat_free(U);
    dlrf_mat_free(s);
    return g->dense ? DLRF_OK : DLRF_ENOMEM;
}
