#!/usr/bin/env bash
# Prepares examples/python: a virtualenv with grpcio, and Python stubs generated from proto/
# into generated/ (not committed). Safe to run again; it only redoes what is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
proto=$(cd "$here/../../proto" && pwd)
python=${PYTHON:-python3}

if [ ! -x "$here/.venv/bin/python" ]; then
  "$python" -m venv "$here/.venv"
fi
if ! "$here/.venv/bin/python" -c 'import grpc, grpc_tools' 2>/dev/null; then
  "$here/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
fi
rm -rf "$here/generated"
mkdir -p "$here/generated"
"$here/.venv/bin/python" -m grpc_tools.protoc -I "$proto" \
  --python_out="$here/generated" --grpc_python_out="$here/generated" \
  "$proto"/brink/v1/*.proto
touch "$here/generated/brink/__init__.py" "$here/generated/brink/v1/__init__.py"
echo "ready: $here/.venv/bin/python $here/brink_client.py --help" >&2
