#!/bin/sh
# Puts the uv pinned in scripts/uv-requirements.txt at .tools/bin/uv, with nothing but python3: a uv of that version
# already on PATH is used as it is; else pip installs its wheel (hash-checked), with python3's own pip when it has
# one (fastest) or a small virtual environment's.
set -eu
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
want=$(sed -n 's/^uv==\([0-9.]*\).*/\1/p' scripts/uv-requirements.txt)
export PIP_ROOT_USER_ACTION=ignore
pip_args="--quiet --disable-pip-version-check --no-cache-dir --require-hashes --no-deps -r scripts/uv-requirements.txt"
rm -rf .tools && mkdir -p .tools/bin
if command -v uv >/dev/null 2>&1 && [ "$(uv --version | cut -d' ' -f2)" = "$want" ]; then
    ln -s "$(command -v uv)" .tools/bin/uv
elif "$python" -m pip --version >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    "$python" -m pip install $pip_args --target .tools/uv
    ln -s ../uv/bin/uv .tools/bin/uv
else
    "$python" -m venv .tools/venv
    # shellcheck disable=SC2086
    .tools/venv/bin/pip install $pip_args
    ln -s ../venv/bin/uv .tools/bin/uv
fi
.tools/bin/uv --version
