#!/bin/bash
# The clustering-pipeline study behind docs/CLUSTERING.md: every job is one
# line of JOBS below, run by build/study_cluster; finished jobs are skipped, so
# an interrupted study resumes where it stopped. Two jobs run at a time, each
# on one BLAS thread.
#   bench/study.sh [RESULTS_FILE]     (default bench/results/study.tsv)
#   ONLY=REGEX bench/study.sh          runs only the jobs whose tag matches
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-bench/results/study.tsv}
SHARED=${DLRF_SHARED:-../shared}/datasets
FM=/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz
mkdir -p "$(dirname "$OUT")"
touch "$OUT"
export OPENBLAS_NUM_THREADS=1

# tag | arguments. --lambda rpca is the earlier automatic rule sqrt(min(n,N))/||X||_F
# (the robust-PCA weight), which the study compared with fixed values.
JOBS="
p-fl-1e-1-rho1.5|--data $SHARED/PIE_32x32.mat --k 4 --trials 5 --method fllrr --lambda 0.1 --rho 1.5
f2-fl-1e-1-rho1.5|--data $FM --k 2 --trials 3 --per-class 1000 --method fllrr --lambda 0.1 --rho 1.5 --affinities abs,lrr-post,lrr-post:4,lrr-post:8,topk:5,topk:10,topk:20,topk:50,topk:100,topk:auto
s-fl-1e-1-rho1.5|--data synthetic --k 8 --trials 5 --method fllrr --lambda 0.1 --rho 1.5
u-la-1e-1-rho1.5|--data $SHARED/UMIST.mat --k 4 --trials 10 --method latlrr --lambda 0.1 --rho 1.5
u-fd3-1e-1-rho1.5|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fdlrf --layers 3 --lambda 0.1 --rho 1.5
s-fl-1e-2|--data synthetic --k 8 --trials 5 --method fllrr --lambda 1e-2
s-fl-1e-1|--data synthetic --k 8 --trials 5 --method fllrr --lambda 0.1
s-fl-1|--data synthetic --k 8 --trials 5 --method fllrr --lambda 1
s-fl-rpca|--data synthetic --k 8 --trials 5 --method fllrr --lambda rpca
s-la-1e-1|--data synthetic --k 8 --trials 5 --method latlrr --lambda 0.1
s-la-1|--data synthetic --k 8 --trials 5 --method latlrr --lambda 1
s-fd3-1e-1|--data synthetic --k 8 --trials 5 --method fdlrf --layers 3 --lambda 0.1
u-fl-1e-3|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fllrr --lambda 1e-3
u-fl-1e-2|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fllrr --lambda 1e-2
u-fl-1e-1|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fllrr --lambda 0.1
u-fl-1|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fllrr --lambda 1
u-fl-rpca|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fllrr --lambda rpca
u-la-1e-3|--data $SHARED/UMIST.mat --k 4 --trials 10 --method latlrr --lambda 1e-3
u-la-1e-2|--data $SHARED/UMIST.mat --k 4 --trials 10 --method latlrr --lambda 1e-2
u-la-1e-1|--data $SHARED/UMIST.mat --k 4 --trials 10 --method latlrr --lambda 0.1
u-la-1|--data $SHARED/UMIST.mat --k 4 --trials 10 --method latlrr --lambda 1
u-la-rpca|--data $SHARED/UMIST.mat --k 4 --trials 10 --method latlrr --lambda rpca
u-fl-rpca-01|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fllrr --lambda rpca --scale 01
u-fl-rpca-none|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fllrr --lambda rpca --scale none
u-fl-1e-1-rho1.5|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fllrr --lambda 0.1 --rho 1.5
u-fl-1e-1-tol1e-4|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fllrr --lambda 0.1 --tol 1e-4
u-fd3-1e-1|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fdlrf --layers 3 --lambda 0.1
u-fd3-1e-2|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fdlrf --layers 3 --lambda 1e-2
u-fd3-1e-1-none|--data $SHARED/UMIST.mat --k 4 --trials 10 --method fdlrf --layers 3 --lambda 0.1 --layer-scale none
u-nd3-1e-1|--data $SHARED/UMIST.mat --k 4 --trials 10 --method ndlrf --layers 3 --lambda 0.1
u-nd3-1e-1-none|--data $SHARED/UMIST.mat --k 4 --trials 10 --method ndlrf --layers 3 --lambda 0.1 --layer-scale none
p-fl-1e-1|--data $SHARED/PIE_32x32.mat --k 4 --trials 5 --method fllrr --lambda 0.1
p-fl-1e-2|--data $SHARED/PIE_32x32.mat --k 4 --trials 5 --method fllrr --lambda 1e-2
p-fl-1|--data $SHARED/PIE_32x32.mat --k 4 --trials 5 --method fllrr --lambda 1
p-fl-rpca|--data $SHARED/PIE_32x32.mat --k 4 --trials 5 --method fllrr --lambda rpca
f2-fl-1e-1|--data $FM --k 2 --trials 3 --per-class 1000 --method fllrr --lambda 0.1 --affinities abs,lrr-post,lrr-post:4,lrr-post:8,topk:5,topk:10,topk:20,topk:50,topk:100,topk:auto
f2-fl-1e-2|--data $FM --k 2 --trials 3 --per-class 1000 --method fllrr --lambda 1e-2 --affinities abs,lrr-post,lrr-post:4,lrr-post:8,topk:5,topk:10,topk:20,topk:50,topk:100,topk:auto
f2-fl-1|--data $FM --k 2 --trials 3 --per-class 1000 --method fllrr --lambda 1 --affinities abs,lrr-post,lrr-post:4,lrr-post:8,topk:5,topk:10,topk:20,topk:50,topk:100,topk:auto
p-la-1e-1|--data $SHARED/PIE_32x32.mat --k 4 --trials 5 --method latlrr --lambda 0.1
f2-la-1e-1|--data $FM --k 2 --trials 3 --per-class 1000 --method latlrr --lambda 0.1 --affinities abs,lrr-post,lrr-post:4,lrr-post:8,topk:5,topk:10,topk:20,topk:50,topk:100,topk:auto
p-fd3-1e-1|--data $SHARED/PIE_32x32.mat --k 4 --trials 3 --method fdlrf --layers 3 --lambda 0.1
f4-fl-1e-1|--data $FM --k 4 --trials 3 --per-class 1000 --method fllrr --lambda 0.1 --rho 1.5 --disc njw --affinities abs,lrr-post,lrr-post:4,lrr-post:8,topk:5,topk:10,topk:20,topk:50,topk:100,topk:auto
f2-fd3-1e-1|--data $FM --k 2 --trials 3 --per-class 1000 --method fdlrf --layers 3 --lambda 0.1 --rho 1.5 --disc njw --affinities abs,lrr-post,lrr-post:4,lrr-post:8,topk:5,topk:10,topk:20,topk:50,topk:100,topk:auto
"

run_job() {
    tag=$1
    shift
    build/study_cluster --tag "$tag" "$@" >"$OUT.$tag.part" 2>"$OUT.$tag.err" &&
        cat "$OUT.$tag.part" >>"$OUT" && rm -f "$OUT.$tag.part" "$OUT.$tag.err"
}

while IFS='|' read -r tag args; do
    [ -z "$tag" ] && continue
    [[ "$tag" =~ ${ONLY:-.} ]] || continue
    grep -q "^$tag	" "$OUT" && continue
    pgrep -f -- "--tag $tag " >/dev/null && continue # running elsewhere
    # two lanes on this machine: wait while two study jobs are running
    while [ "$(pgrep -c study_cluster)" -ge 2 ]; do sleep 2; done
    # shellcheck disable=SC2086
    run_job "$tag" $args &
done <<<"$JOBS"
wait
