#!/bin/bash
# How --scale changes clustering accuracy (docs/CLUSTERING.md, "Data scale"):
# dlrf cluster's defaults with fDLRF-Net and nDLRF-Net (3 layers; layer 1 is
# FLLRR/LatLRR) under --scale unit, 01, zscore and none on UMIST (K = 4,
# 10 trials), PIE (K = 4, 5 trials) and Fashion-MNIST t10k (K = 4, 250 per
# class, 5 trials). Finished runs are kept (delete a JSON file to redo it);
# two run at a time, one BLAS thread each. Summary: bench/scale_table.py.
#   bench/scale_study.sh [OUT_DIR]      (default bench/results/scale)
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-bench/results/scale}
SHARED=${DLRF_SHARED:-../shared}/datasets
FM=/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1

run() { # name, arguments
    local name=$1
    shift
    [ -s "$OUT/$name.json" ] && return 0
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do sleep 2; done
    (build/dlrf cluster "$@" --layers 3 --json >"$OUT/$name.json.part" 2>"$OUT/$name.err" &&
        mv "$OUT/$name.json.part" "$OUT/$name.json" && rm -f "$OUT/$name.err") &
}

for s in unit 01 zscore none; do
    for m in fdlrf ndlrf; do
        run "umist-$s-$m" --input "$SHARED/UMIST.mat" --random-classes 4 --trials 10 --method $m --scale $s
        run "pie-$s-$m" --input "$SHARED/PIE_32x32.mat" --random-classes 4 --trials 5 --method $m --scale $s
        run "fm-$s-$m" --input $FM --random-classes 4 --per-class 250 --trials 5 --method $m --scale $s
    done
done
wait
