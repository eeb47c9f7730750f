#!/usr/bin/env bash
# Rebuild the bundled audio corpus in data/ (maintainers only: the files are committed).
#
#   bash scripts/make_data.sh [PYTHON]      (what `make data` runs)
#
# PYTHON is the interpreter with numpy, scipy, soundfile and audiolevels: the first argument, else $PYTHON,
# else .venv/bin/python. Installs the Debian packages espeak-ng, fluidsynth and
# fluid-soundfont-gm with apt-get when any is missing (running `apt-get update` once first;
# needs root, or sudo), then runs scripts/make_data.py, which rewrites data/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

py="${1:-${PYTHON:-.venv/bin/python}}"
if ! "$py" -c 'import numpy, scipy, soundfile, audiolevels' 2>/dev/null; then
    echo "make_data.sh: '$py' cannot import numpy, scipy, soundfile and audiolevels;" >&2
    echo "  run 'make lab' or 'make test' once to set up .venv, or pass a Python that can." >&2
    exit 1
fi

packages=(espeak-ng fluidsynth fluid-soundfont-gm)
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if ((${#missing[@]})); then
    if ! command -v apt-get >/dev/null; then
        echo "make_data.sh: missing ${missing[*]} and no apt-get here: install them by hand." >&2
        exit 1
    fi
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then
            sudo=(sudo)
        else
            echo "make_data.sh: installing ${missing[*]} needs root (or sudo)." >&2
            exit 1
        fi
    fi
    echo "make_data.sh: installing ${missing[*]}"
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
fi

# espeak-ng reads its text argument in the locale's encoding: the Korean text is UTF-8.
export LC_ALL=C.UTF-8
exec "$py" scripts/make_data.py
