#!/bin/sh
# Installs the Debian packages dlrf needs to build, test and run its demo.
# The one list of dependencies: `make demo` and `make test` both call this.
set -eu

PACKAGES="cmake make gcc pkg-config libopenblas-dev liblapacke-dev libarpack2-dev libmatio-dev zlib1g-dev libcairo2-dev \
python3-numpy python3-scipy \
dataset-fashion-mnist"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "dlrf: installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# Update the package lists only when a package cannot be found in them.
if ! $SUDO apt-get install -y --no-install-recommends $missing; then
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends $missing
fi
