#!/bin/bash
# The clustering results quoted in docs/CLUSTERING.md, with dlrf cluster's
# defaults: UMIST (all 20 classes; K = 2, 4, 6, 8 with 10 trials) and Fashion-MNIST t10k (K = 2 and 4,
# 1000 per class, 5 trials). A 3-layer network's layer 1 is the single-layer
# model and its layer 2 the 2-layer network, so two runs per setting give
# fllrr/fDLRF-2/fDLRF-3 and latlrr/nDLRF-2/nDLRF-3. Finished runs are kept
# (delete a JSON file to redo it); two run at a time, one BLAS thread each.
#   bench/cluster_report.sh [OUT_DIR]      (default bench/results/report)
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-bench/results/report}
SHARED=${DLRF_SHARED:-../shared}/datasets
FM=/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1

RUNS="
umist-k4-fdlrf|--input $SHARED/UMIST.mat --random-classes 4 --trials 10 --method fdlrf --layers 3
umist-k4-ndlrf|--input $SHARED/UMIST.mat --random-classes 4 --trials 10 --method ndlrf --layers 3
umist-all-fdlrf|--input $SHARED/UMIST.mat --method fdlrf --layers 3
umist-all-ndlrf|--input $SHARED/UMIST.mat --method ndlrf --layers 3
umist-k2-fdlrf|--input $SHARED/UMIST.mat --random-classes 2 --trials 10 --method fdlrf --layers 3
umist-k2-ndlrf|--input $SHARED/UMIST.mat --random-classes 2 --trials 10 --method ndlrf --layers 3
umist-k6-fdlrf|--input $SHARED/UMIST.mat --random-classes 6 --trials 10 --method fdlrf --layers 3
umist-k6-ndlrf|--input $SHARED/UMIST.mat --random-classes 6 --trials 10 --method ndlrf --layers 3
umist-k8-fdlrf|--input $SHARED/UMIST.mat --random-classes 8 --trials 10 --method fdlrf --layers 3
umist-k8-ndlrf|--input $SHARED/UMIST.mat --random-classes 8 --trials 10 --method ndlrf --layers 3
fmnist-k2-fdlrf|--input $FM --per-class 1000 --random-classes 2 --trials 5 --method fdlrf --layers 3
fmnist-k2-ndlrf|--input $FM --per-class 1000 --random-classes 2 --trials 5 --method ndlrf --layers 3
fmnist-k4-fdlrf|--input $FM --per-class 1000 --random-classes 4 --trials 5 --method fdlrf --layers 3
fmnist-k4-ndlrf|--input $FM --per-class 1000 --random-classes 4 --trials 5 --method ndlrf --layers 3
"

while IFS='|' read -r name args; do
    [ -z "$name" ] && continue
    [ -s "$OUT/$name.json" ] && continue
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do sleep 2; done
    # shellcheck disable=SC2086
    (build/dlrf cluster $args --json >"$OUT/$name.json.part" 2>"$OUT/$name.err" &&
        mv "$OUT/$name.json.part" "$OUT/$name.json" && rm -f "$OUT/$name.err") &
done <<<"$RUNS"
wait
