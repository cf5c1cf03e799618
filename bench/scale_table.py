#!/usr/bin/python3
"""Summarises bench/scale_study.sh: AC % (mean over trials) per layer for each
--scale, and the mean of the six (two networks x three layers) per dataset.
    bench/scale_table.py [DIR]"""
import glob
import json
import os
import sys

d = sys.argv[1] if len(sys.argv) > 1 else "bench/results/scale"
rows = {}
for f in glob.glob(os.path.join(d, "*.json")):
    data, scale, method = os.path.basename(f)[:-5].split("-")
    j = json.load(open(f))
    rows[(data, scale, method)] = [100 * p["accuracy"] for p in j["per_layer"]]
print("| data | --scale | fDLRF layers 1/2/3 (1 = FLLRR) | nDLRF layers 1/2/3 (1 = LatLRR) | mean |")
print("|---|---|---|---|---|")
for data in ("umist", "pie", "fm"):
    for scale in ("unit", "01", "zscore", "none"):
        f, n = rows.get((data, scale, "fdlrf")), rows.get((data, scale, "ndlrf"))
        if not f or not n:
            continue
        print("| %s | %s | %s | %s | %.1f |" % (
            data, scale, " / ".join("%.1f" % v for v in f), " / ".join("%.1f" % v for v in n),
            sum(f + n) / 6))
