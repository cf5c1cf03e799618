/* What dlrf cluster reports: JSON, a human summary, labels.csv. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cluster.h"

static void key_num(dlrf_json *j, const char *k, double v) {
    dlrf_json_raw(j, ",\n  ");
    dlrf_json_key(j, k);
    dlrf_json_num(j, v);
}

static void key_int(dlrf_json *j, const char *k, long long v) {
    dlrf_json_raw(j, ",\n  ");
    dlrf_json_key(j, k);
    dlrf_json_int(j, v);
}

static void key_str(dlrf_json *j, const char *k, const char *v) {
    dlrf_json_raw(j, ",\n  ");
    dlrf_json_key(j, k);
    dlrf_json_str(j, v);
}

/* "topk:12", "lrr-post:4", "abs": what was used (the automatic top-k resolved). */
static const char *affinity_label(const cluster_report *rep, char *buf, size_t len) {
    const dlrf_cluster_opts *o = &rep->c->copts;
    size_t p =
        (size_t)(rep->c->fit.plrsc ? rep->c->fit.popts.lsc.landmarks : rep->c->lopts.landmarks);
    if (rep->c->fit.plrsc) /* LSC of the encoder's codes */
        snprintf(buf, len, "lsc:%zu of codes", p < rep->n ? p : rep->n);
    else if (rep->c->lsc) /* the landmarks' bipartite graph */
        snprintf(buf, len, "lsc:%zu", p < rep->n ? p : rep->n);
    else if (o->affinity == DLRF_AFFINITY_TOPK)
        snprintf(buf, len, "topk:%d", o->topk > 0 ? o->topk : dlrf_topk_auto(rep->n, rep->k));
    else if (o->affinity == DLRF_AFFINITY_LRR_POST && o->post_dim > 0)
        snprintf(buf, len, "lrr-post:%d", o->post_dim);
    else
        snprintf(buf, len, "%s", dlrf_affinity_name(o->affinity));
    return buf;
}

static void json_config(dlrf_json *j, const cluster_report *rep) {
    const cluster_config *c = rep->c;
    dlrf_json_raw(j, "{\n  ");
    dlrf_json_key(j, "method");
    dlrf_json_str(j, fit_method_name(&c->fit));
    key_int(j, "layers", rep->layers);
    key_int(j, "k", rep->k);
    key_int(j, "n_samples", (long long)rep->n);
    key_int(j, "n_features", (long long)rep->d->X->rows);
    key_str(j, "input", rep->d->input);
    key_str(j, "scale", data_scale_name(rep->d->scale));
    char aff[64];
    key_str(j, "cluster", c->lsc || c->fit.plrsc ? "lsc" : "spectral");
    key_str(j, "affinity", affinity_label(rep, aff, sizeof aff));
    key_str(j, "discretize", dlrf_discretize_name(c->copts.discretize));
    key_str(j, "cluster_z", c->product ? "product" : "last");
    key_str(j, "eigensolver", rep->stats.used_arpack ? "arpack" : "dsyevr");
    key_int(j, "seed", (long long)c->copts.seed);
    dlrf_json_raw(j, ",\n  ");
    dlrf_json_key(j, "lambda");
    dlrf_json_raw(j, "[");
    for (int l = 1; l <= rep->layers; l++) {
        if (l > 1) dlrf_json_raw(j, ", ");
        dlrf_json_num(j, dlrf_layer_lambda(fit_solver(rep->r, l, 1)));
    }
    dlrf_json_raw(j, "]");
    key_num(j, "time_s", rep->time_s);
    key_num(j, "fit_time_s", rep->stats.fit_s);
    key_num(j, "cluster_time_s", rep->stats.cluster_s);
}

/* The last layer's confusion counts: a row per cluster, a column per class. */
static void json_confusion(dlrf_json *j, const cluster_report *rep) {
    long *c;
    int kp, kt;
    if (!rep->m || dlrf_confusion(rep->d->labels, rep->pred + (size_t)(rep->layers - 1) * rep->n,
                                  rep->n, &c, &kp, &kt) != DLRF_OK)
        return;
    dlrf_json_raw(j, ",\n  ");
    dlrf_json_key(j, "confusion");
    dlrf_json_raw(j, "[");
    for (int a = 0; a < kp; a++) {
        dlrf_json_raw(j, a ? ", [" : "[");
        for (int b = 0; b < kt; b++) {
            if (b) dlrf_json_raw(j, ", ");
            dlrf_json_int(j, c[(size_t)a * kt + b]);
        }
        dlrf_json_raw(j, "]");
    }
    dlrf_json_raw(j, "]");
    free(c);
}

static void json_single(dlrf_json *j, const cluster_report *rep) {
    const dlrf_metrics *m = rep->m ? &rep->m[rep->layers - 1] : NULL;
    const char *names[] = {"accuracy", "nmi", "ari", "purity"};
    for (int q = 0; q < 4; q++) {
        double v = !m ? NAN : q == 0 ? m->accuracy : q == 1 ? m->nmi : q == 2 ? m->ari : m->purity;
        key_num(j, names[q], v);
    }
    key_int(j, "isolated_samples", (long long)rep->stats.isolated);
    json_confusion(j, rep);
    dlrf_json_raw(j, ",\n  ");
    dlrf_json_key(j, "per_layer");
    dlrf_json_raw(j, "[");
    for (int l = 0; l < rep->layers; l++) {
        dlrf_json_raw(j, l ? ", {" : "{");
        dlrf_json_key(j, "layer");
        dlrf_json_int(j, l + 1);
        dlrf_json_raw(j, ", ");
        dlrf_json_key(j, "accuracy");
        dlrf_json_num(j, rep->m ? rep->m[l].accuracy : NAN);
        dlrf_json_raw(j, ", ");
        dlrf_json_key(j, "nmi");
        dlrf_json_num(j, rep->m ? rep->m[l].nmi : NAN);
        dlrf_json_raw(j, ", ");
        dlrf_json_key(j, "ari");
        dlrf_json_num(j, rep->m ? rep->m[l].ari : NAN);
        dlrf_json_raw(j, "}");
    }
    dlrf_json_raw(j, "]");
}

static void json_proto(dlrf_json *j, const cluster_report *rep) {
    const dlrf_protocol_result *p = rep->proto;
    int o = p->n_out - 1;
    key_int(j, "trials", p->trials);
    key_num(j, "accuracy", p->acc_mean[o]);
    key_num(j, "nmi", p->nmi_mean[o]);
    key_num(j, "ari", p->ari_mean[o]);
    key_num(j, "accuracy_mean", p->acc_mean[o]);
    key_num(j, "accuracy_std", p->acc_std[o]);
    key_num(j, "nmi_mean", p->nmi_mean[o]);
    key_num(j, "nmi_std", p->nmi_std[o]);
    dlrf_json_raw(j, ",\n  ");
    dlrf_json_key(j, "per_layer");
    dlrf_json_raw(j, "[");
    for (int l = 0; l < p->n_out; l++) {
        dlrf_json_raw(j, l ? ", {" : "{");
        dlrf_json_key(j, "layer");
        dlrf_json_int(j, l + 1);
        const char *names[] = {"accuracy", "accuracy_std", "nmi", "nmi_std", "ari"};
        double v[] = {p->acc_mean[l], p->acc_std[l], p->nmi_mean[l], p->nmi_std[l], p->ari_mean[l]};
        for (int q = 0; q < 5; q++) {
            dlrf_json_raw(j, ", ");
            dlrf_json_key(j, names[q]);
            dlrf_json_num(j, v[q]);
        }
        dlrf_json_raw(j, "}");
    }
    dlrf_json_raw(j, "],\n  ");
    dlrf_json_key(j, "per_trial");
    dlrf_json_raw(j, "[");
    for (int t = 0; t < p->trials; t++) {
        dlrf_json_raw(j, t ? ",\n    {" : "\n    {");
        dlrf_json_key(j, "classes");
        dlrf_json_raw(j, "[");
        for (int c = 0; c < rep->k; c++) {
            if (c) dlrf_json_raw(j, ", ");
            dlrf_json_int(j, p->classes[(size_t)t * rep->k + c]);
        }
        dlrf_json_raw(j, "], ");
        dlrf_json_key(j, "n_samples");
        dlrf_json_int(j, (long long)p->n_samples[t]);
        dlrf_json_raw(j, ", ");
        dlrf_json_key(j, "accuracy");
        dlrf_json_num(j, p->accuracy[(size_t)t * p->n_out + o]);
        dlrf_json_raw(j, ", ");
        dlrf_json_key(j, "nmi");
        dlrf_json_num(j, p->nmi[(size_t)t * p->n_out + o]);
        dlrf_json_raw(j, ", ");
        dlrf_json_key(j, "time_s");
        dlrf_json_num(j, p->time_s[t]);
        dlrf_json_raw(j, "}");
    }
    dlrf_json_raw(j, "]");
}

char *cluster_json(const cluster_report *rep) {
    dlrf_json j;
    dlrf_json_init(&j);
    json_config(&j, rep);
    if (rep->proto)
        json_proto(&j, rep);
    else
        json_single(&j, rep);
    if (rep->d->json) {
        dlrf_json_raw(&j, ",\n  ");
        dlrf_json_key(&j, "data");
        dlrf_json_raw(&j, rep->d->json);
    }
    dlrf_json_raw(&j, "\n}\n");
    if (j.failed) {
        dlrf_json_free(&j);
        return NULL;
    }
    return j.buf;
}

void cluster_print(const cluster_report *rep) {
    const cluster_config *c = rep->c;
    char aff[64];
    if (c->fit.plrsc) /* no Z: LSC of its codes */
        printf("plrsc, %zu samples, k = %d, affinity %s\n", rep->n, rep->k,
               affinity_label(rep, aff, sizeof aff));
    else
        printf("%s, %d layer%s, %zu samples, k = %d, affinity %s, %s, Z %s\n",
               fit_method_name(&c->fit), rep->layers, rep->layers > 1 ? "s" : "", rep->n, rep->k,
               affinity_label(rep, aff, sizeof aff), dlrf_discretize_name(c->copts.discretize),
               c->product ? "product" : "last");
    for (int l = 0; l < rep->layers; l++) {
        if (rep->proto) {
            const dlrf_protocol_result *p = rep->proto;
            printf("  layer %d: AC %.4f +- %.4f  NMI %.4f +- %.4f  ARI %.4f  (%d trials)\n", l + 1,
                   p->acc_mean[l], p->acc_std[l], p->nmi_mean[l], p->nmi_std[l], p->ari_mean[l],
                   p->trials);
        } else if (rep->m)
            printf("  layer %d: AC %.4f  NMI %.4f  ARI %.4f  purity %.4f\n", l + 1,
                   rep->m[l].accuracy, rep->m[l].nmi, rep->m[l].ari, rep->m[l].purity);
    }
    printf("  time %.2f s (fit %.2f s, clustering %.2f s)\n", rep->time_s, rep->stats.fit_s,
           rep->stats.cluster_s);
}

/* labels.csv: sample, the predicted label of every layer, the true label. */
static char *labels_csv(const cluster_report *rep, size_t *len) {
    /* a row: index (<= 20 digits), one label per layer and the truth (<= 12 each) */
    size_t cap = 64 + (rep->n + 1) * (24 + 13 * (size_t)(rep->layers + 1)), at = 0;
    char *b = malloc(cap);
    if (!b) return NULL;
    at += (size_t)snprintf(b + at, cap - at, "sample");
    for (int l = 1; l <= rep->layers; l++)
        at += (size_t)snprintf(b + at, cap - at, ",layer%d", l);
    at += (size_t)snprintf(b + at, cap - at, "%s\n", rep->d->labels ? ",truth" : "");
    for (size_t i = 0; i < rep->n; i++) {
        at += (size_t)snprintf(b + at, cap - at, "%zu", i);
        for (int l = 0; l < rep->layers; l++)
            at += (size_t)snprintf(b + at, cap - at, ",%d", rep->pred[(size_t)l * rep->n + i]);
        if (rep->d->labels) at += (size_t)snprintf(b + at, cap - at, ",%d", rep->d->labels[i]);
        at += (size_t)snprintf(b + at, cap - at, "\n");
    }
    *len = at;
    return b;
}

int cluster_write_extra(const char *dir, void *ctx, char *err, size_t errlen) {
    const cluster_report *rep = ctx;
    char path[8192];
    size_t len = 0;
    char *csv = rep->pred ? labels_csv(rep, &len) : NULL, *json = cluster_json(rep);
    int rc = -1;
    if ((rep->pred && !csv) || !json)
        snprintf(err, errlen, "out of memory writing the clustering results");
    else {
        rc = 0;
        if (csv) {
            snprintf(path, sizeof path, "%s/labels.csv", dir);
            rc = dlrf_write_file_atomic(path, csv, len, err, errlen) == DLRF_OK ? 0 : -1;
        }
        snprintf(path, sizeof path, "%s/cluster.json", dir);
        if (rc == 0)
            rc = dlrf_write_file_atomic(path, json, strlen(json), err, errlen) == DLRF_OK ? 0 : -1;
    }
    free(csv);
    free(json);
    return rc;
}
