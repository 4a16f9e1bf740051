#!/usr/bin/env bash
# Repeats issue 11's attack against a real server started as `./quantlab run` starts it (its
# JAVA_OPTS, -Xmx4g by default) on a fresh QUANTLAB_HOME; prints the Markdown for README.md.
#   bench/admission/run.sh   one student x 160, sixteen students x 10, one student x 160 again, and
#                            once more sent by curl, which asks for a 100 Continue before a large body
# Settings (QUANTLAB_BODIES_IN_FLIGHT_MB, ...) pass through the environment to the server.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-7171}
HOME_DIR=$(mktemp -d /tmp/quantlab-admission-bench.XXXXXX)
export QUANTLAB_HOME=$HOME_DIR QUANTLAB_PORT=$PORT QUANTLAB_TRAINING_WARMUP=false \
  QUANTLAB_ADMIN_EMAIL=bench@quantlab.local QUANTLAB_ADMIN_PASSWORD=bench-password-1
./quantlab run >"$HOME_DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://localhost:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 1
done
JOIN=$(sed -n 's/.*course join code for students: //p' "$HOME_DIR/server.log" | head -1)
echo "server pid $SERVER, $(grep -c ^processor /proc/cpuinfo) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "JAVA_OPTS=${JAVA_OPTS:--Xmx4g}, $(java -version 2>&1 | head -1)"
echo
attack() { java bench/admission/AdmissionAttack.java --base "http://localhost:$PORT" --join-code "$JOIN" \
  --pid "$SERVER" "$@"; echo; }
attack --students 1 --per-student 160 --label "one student"
attack --students 16 --per-student 10 --label "sixteen students"
attack --students 1 --per-student 160 --label "one student, again"
attack --students 1 --per-student 160 --client curl --label "one student, curl (Expect: 100-continue)"
echo "server log: $(grep -c 'OutOfMemoryError' "$HOME_DIR/server.log" || true) OutOfMemoryError," \
  "$(grep -c 'unexpected failure' "$HOME_DIR/server.log" || true) unexpected failures"
