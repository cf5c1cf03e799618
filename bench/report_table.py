#!/usr/bin/python3
"""Summarises bench/cluster_report.sh's JSON files: AC/NMI mean +- std per
layer, and the clustering step's seconds.
    bench/report_table.py [DIR]"""
import glob
import json
import os
import sys

d = sys.argv[1] if len(sys.argv) > 1 else "bench/results/report"
names = {("fdlrf", 1): "fllrr", ("fdlrf", 2): "fDLRF-Net, 2 layers", ("fdlrf", 3): "fDLRF-Net, 3 layers",
         ("ndlrf", 1): "latlrr", ("ndlrf", 2): "nDLRF-Net, 2 layers", ("ndlrf", 3): "nDLRF-Net, 3 layers"}
print("| data | method | AC % | NMI % | trials | N (last trial) | fit s / trial | clustering s / trial |")
print("|---|---|---|---|---|---|---|---|")
for f in sorted(glob.glob(os.path.join(d, "*.json"))):
    j = json.load(open(f))
    data = os.path.basename(f).rsplit("-", 1)[0]
    t = j.get("trials", 1)  # a single run over all the data has no trials and no std
    for p in j["per_layer"]:
        print("| %s | %s | %.1f ± %.1f | %.1f ± %.1f | %d | %d | %.1f | %.2f |" % (
            data, names[(j["method"], p["layer"])], 100 * p["accuracy"],
            100 * p.get("accuracy_std", 0.0), 100 * p["nmi"], 100 * p.get("nmi_std", 0.0), t,
            j["n_samples"], j["fit_time_s"] / t, j["cluster_time_s"] / t))
