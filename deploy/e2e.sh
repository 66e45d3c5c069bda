#!/usr/bin/env bash
# End-to-end run of the compose stack: start it, wait for health, ingest articles through the
# published ingest port, kill the analysis container mid-stream and start it again, check that
# query ends up with every article exactly once, run the Python client's live tests, then tear
# everything down, volumes included. Needs the image (deploy/build-images.sh) and python3.
#
#   deploy/e2e.sh     # honours BRINK_IMAGE, BRINK_E2E_TIMEOUT (seconds) and
#                     # BRINK_E2E_COMPOSE_OVERRIDE (an extra compose file merged on top)
#
# Host ports are 2505x/2915x so a developer stack on the default ports is left alone.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
project=brink-e2e-$$
timeout=${BRINK_E2E_TIMEOUT:-120}

export BRINK_INGEST_PORT=25051 BRINK_ANALYSIS_PORT=25052 BRINK_QUERY_PORT=25053
export BRINK_INGEST_METRICS_PORT=29151 BRINK_ANALYSIS_METRICS_PORT=29152
export BRINK_QUERY_METRICS_PORT=29153 BRINK_BIND=127.0.0.1
export BRINK_INGEST_URL=http://127.0.0.1:25051 BRINK_ANALYSIS_URL=http://127.0.0.1:25052
export BRINK_QUERY_URL=http://127.0.0.1:25053 BRINK_E2E_TIMEOUT=$timeout

files=(-f "$here/docker-compose.yml")
if [ -n "${BRINK_E2E_COMPOSE_OVERRIDE:-}" ]; then files+=(-f "$BRINK_E2E_COMPOSE_OVERRIDE"); fi
if docker compose version >/dev/null 2>&1; then
  compose() { docker compose -p "$project" "${files[@]}" "$@"; }
else
  compose() { docker-compose -p "$project" "${files[@]}" "$@"; }
fi

say() { printf '\n== %s\n' "$*" >&2; }

cleanup() {
  status=$?
  if [ $status -ne 0 ]; then
    say "failed; service logs follow"
    compose logs --no-color --tail=60 >&2 || true
  fi
  say "tearing down"
  compose down --volumes --remove-orphans --timeout 10 >&2 || true
  exit $status
}
trap cleanup EXIT

wait_healthy() {
  local deadline=$((SECONDS + timeout)) service id state
  for service in "$@"; do
    while :; do
      id=$(compose ps -q "$service")
      state=$(docker inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null || echo missing)
      [ "$state" = healthy ] && break
      if [ $SECONDS -gt $deadline ]; then
        echo "$service is $state after ${timeout}s" >&2
        return 1
      fi
      sleep 1
    done
    echo "$service healthy" >&2
  done
}

say "preparing the python client"
"$root/examples/python/setup.sh"
py="$root/examples/python/.venv/bin/python"

say "starting the stack ($project, image ${BRINK_IMAGE:-brink:local})"
compose up -d --no-build
wait_healthy ingest analysis query

say "metrics endpoints answer with each service's status"
for pair in 29151:Ingest 29152:Analysis 29153:Query; do
  "$py" - "${pair%%:*}" "brink.v1.${pair##*:}Service" <<'PY'
import sys, urllib.request
port, service = sys.argv[1], sys.argv[2]
text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
assert f'brink_status_up{{service="{service}"}} 1' in text.splitlines(), text[:2000]
assert text.endswith("# EOF\n")
print(f"{service}: {len(text.splitlines())} metric lines")
PY
done

say "ingesting the first articles"
"$py" "$here/e2e_check.py" submit 0 100

say "killing analysis while articles keep arriving"
"$py" "$here/e2e_check.py" submit 100 900 &
submitter=$!
sleep 0.5
"$py" "$here/e2e_check.py" status
compose kill -s SIGKILL analysis
sleep 2
compose start analysis
wait "$submitter"
wait_healthy analysis
"$py" "$here/e2e_check.py" status

say "verifying"
"$py" "$here/e2e_check.py" verify 1000

say "python client tests against the live stack"
(cd "$root/examples/python" && "$py" -m unittest test_live -v)

say "end-to-end run passed"
