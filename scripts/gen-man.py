#!/usr/bin/python3
"""Regenerates the COMMANDS section of docs/dlrf.1 from `dlrf CMD --help`.

    scripts/gen-man.py BUILD/dlrf      (rewrites docs/dlrf.1 in place)
"""
import re
import subprocess
import sys
from pathlib import Path

COMMANDS = ["fit", "cluster", "denoise", "transform", "info", "convert", "plot z", "plot grid",
            "plot lines", "plot bars", "experiment table2", "demo", "version"]


def esc(s):
    return s.replace("\\", "\\\\").replace("-", "\\-")


def section(binary, cmd):
    text = subprocess.run([binary, *cmd.split(), "--help"], capture_output=True, text=True,
                          check=True).stdout
    head, _, opts = text.partition("\noptions:\n")
    lines = head.strip().split("\n")
    usage = lines[0].removeprefix("usage: ")
    summary = " ".join(l.strip() for l in lines[1:] if l.strip())
    out = [f'.SS "{esc(usage)}"', esc(summary)]
    for line in opts.rstrip("\n").split("\n"):
        m = re.match(r"  (--\S+(?: \S+)?)\s{2,}(.*)", line)
        if not m:
            out[-1] += " " + esc(line.strip())
            continue
        out += [".TP", ".B " + esc(m.group(1)), esc(m.group(2))]
    return out


def main():
    binary = sys.argv[1]
    page = Path(__file__).resolve().parent.parent / "docs" / "dlrf.1"
    text = page.read_text()
    start = text.index(".SH COMMANDS\n") + len(".SH COMMANDS\n")
    end = text.index(".SH FILES\n")
    body = []
    for cmd in COMMANDS:
        body += section(binary, cmd)
    page.write_text(text[:start] + "\n".join(body) + "\n" + text[end:])


if __name__ == "__main__":
    main()
