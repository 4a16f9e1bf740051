#!/usr/bin/env bash
# Side-by-side training throughput: PyTorch 1.13 (Debian python3-torch) and QuantLab's Trainer,
# alternating so that both see the same machine load. See README.md in this folder.
#   bench/training/run_bench.sh [rounds] [subset]     e.g. bench/training/run_bench.sh 2 60000
# Needs: apt-get install python3-torch libopenblas0-openmp dataset-fashion-mnist
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-1}
SUBSET=${2:-60000}
MODELS=${MODELS:-mlp512,small-cnn}
THREADS=${THREADS:-"2 1"}
JOBS=${JOBS:-1,2}
export OPT_OUT_TRACKING=true
# PyTorch runs with its defaults, as the issue's reference figures were measured; QuantLab's side
# gets the launcher's settings (GOMP_SPINCOUNT, glibc malloc) from surefire (pom.xml).
mvn -B -o -q test-compile
for round in $(seq "$ROUNDS"); do
  for t in $THREADS; do
    echo "# round $round threads $t $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg) nproc $(nproc)"
    /usr/bin/python3 bench/training/pytorch_reference.py --threads "$t" --models "$MODELS" --subset "$SUBSET"
    mvn -B -o surefire:test -Dtest='io.quantlab.bench.**' -Dquantlab.bench=true -Dquantlab.bench.subset="$SUBSET" \
      -Dquantlab.bench.models="$MODELS" -Dquantlab.bench.jobs="$JOBS" -Dai.djl.pytorch.num_threads="$t" \
      -Dquantlab.bench.serverWarmUp=true \
      | grep -E '^BENCH' || true
  done
done
