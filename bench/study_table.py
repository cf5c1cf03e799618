#!/usr/bin/python3
"""Markdown tables from the study's TSV (bench/study.sh): one table per group
of jobs, a row per clustering variant, a column per job (AC mean over trials).

    bench/study_table.py bench/results/study.tsv [TAG_PREFIX ...]
"""
import sys
from collections import OrderedDict


def parse(path):
    rows, times = [], {}
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) > 1 and f[1] == "#time":
            times[f[0]] = dict(x.split("=", 1) for x in f[4:] if "=" in x)
            continue
        if len(f) < 14:
            continue
        rows.append({"tag": f[0], "variant": f[8], "layer": f[9].split("=")[1],
                     "ac": float(f[10].split("=")[1]), "std": float(f[11].lstrip("+-")),
                     "nmi": float(f[12].split("=")[1])})
    return rows, times


def table(rows, times, tags):
    cols = [t for t in OrderedDict.fromkeys(r["tag"] for r in rows) if t in tags]
    keys = OrderedDict()
    for r in rows:
        if r["tag"] in cols:
            keys[(r["variant"], r["layer"])] = True
    cell = {(r["tag"], r["variant"], r["layer"]): r for r in rows}
    out = ["| variant | layer | " + " | ".join(cols) + " |",
           "|---|---|" + "---|" * len(cols)]
    for (v, l) in keys:
        vals = []
        best = max((cell[(t, v, l)]["ac"] for t in cols if (t, v, l) in cell), default=0)
        for t in cols:
            r = cell.get((t, v, l))
            vals.append("" if r is None else "%.1f" % (100 * r["ac"]))
        out.append("| %s | %s | %s |" % (v, l, " | ".join(vals)))
    out.append("| *fit s / trial* | | " + " | ".join(
        times.get(t, {}).get("fit_s", "") for t in cols) + " |")
    out.append("| *clustering s / variant* | | " + " | ".join(
        times.get(t, {}).get("cluster_s", "") for t in cols) + " |")
    return "\n".join(out)


def main():
    rows, times = parse(sys.argv[1])
    prefixes = sys.argv[2:] or sorted({r["tag"].split("-")[0] for r in rows})
    for p in prefixes:
        tags = {r["tag"] for r in rows if r["tag"].startswith(p)}
        print("#### %s\n\n%s\n" % (p, table(rows, times, tags)))


if __name__ == "__main__":
    main()
