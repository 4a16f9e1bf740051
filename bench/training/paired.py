#!/usr/bin/python3
"""Paired training benchmark: PyTorch 1.13 and QuantLab, one epoch each in turn, many rounds.

This host's speed drifts by ±25 % within minutes, more than the differences worth measuring.
Both sides therefore run as long-lived, warmed-up processes, and this driver asks them for one
epoch at a time, alternately, starting each round with the other side. Each round's ratio
compares two epochs a few seconds apart. Prints every pair and the median ratio per model
(bench/training/README.md).

    /usr/bin/python3 bench/training/paired.py --rounds 15 --models mlp512,small-cnn
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# The reference figures (PyTorch 1.13, 2 threads, one Fashion-MNIST epoch at batch 64).
REFERENCE_SECONDS = {"mlp512": 1.6, "small-cnn": 30.0}
# What ./quantlab and pom.xml (surefire) set for the server and the tests.
QUANTLAB_ENV = {"GOMP_SPINCOUNT": "30000", "ATEN_CPU_CAPABILITY": "avx2", "OPT_OUT_TRACKING": "true",
                "MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "1073741824",
                "MALLOC_TOP_PAD_": "134217728"}


def quantlab_command(models, subset, threads):
    classpath_file = os.path.join(ROOT, "target", "bench.classpath")
    subprocess.run(["mvn", "-B", "-o", "-q", "test-compile", "dependency:build-classpath",
                    "-Dmdep.includeScope=test", "-Dmdep.outputFile=" + classpath_file], cwd=ROOT, check=True)
    with open(classpath_file) as f:
        classpath = ":".join([os.path.join(ROOT, "target", "test-classes"), os.path.join(ROOT, "target", "classes"),
                              f.read().strip()])
    return ["java", "-Xmx3g", "-Dai.djl.offline=true", f"-Dai.djl.pytorch.num_threads={threads}",
            "-Dai.djl.pytorch.num_interop_threads=1", "-Dquantlab.bench.paired=true",
            "-Dquantlab.bench.serverWarmUp=true", f"-Dquantlab.bench.models={models}",
            f"-Dquantlab.bench.subset={subset}", "-cp", classpath, "io.quantlab.bench.TrainingBenchmark"]


def start(command, env=None):
    process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=env)
    for line in process.stdout:
        if line.strip() == "READY":
            return process
    raise SystemExit(f"{command[0]} ended before it was ready")


def epoch(process, models, pattern):
    """Asks for one epoch of every model; returns {model: seconds}."""
    process.stdin.write("go\n")
    process.stdin.flush()
    seconds = {}
    for line in process.stdout:
        match = pattern.match(line)
        if match:
            seconds[match.group(1)] = float(match.group(2))
            if len(seconds) == len(models):
                return seconds
    raise SystemExit("a benchmark process ended early")


PYTORCH_LINE = re.compile(r"PYTORCH \S+ (\S+) .*: train ([0-9.]+) s")
QUANTLAB_LINE = re.compile(r"BENCH (\S+) jobs 1 .* images in ([0-9.]+) s")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--models", default="mlp512")
    p.add_argument("--subset", type=int, default=60000)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    models = a.models.split(",")
    pytorch = start(["/usr/bin/python3", os.path.join(ROOT, "bench", "training", "pytorch_reference.py"),
                     "--paired", "--threads", str(a.threads), "--models", a.models, "--subset", str(a.subset)])
    quantlab = start(quantlab_command(a.models, a.subset, a.threads), env={**os.environ, **QUANTLAB_ENV})
    ratios = {m: [] for m in models}
    for round in range(1, a.rounds + 1):
        if round % 2:
            pt, ql = epoch(pytorch, models, PYTORCH_LINE), epoch(quantlab, models, QUANTLAB_LINE)
        else:
            ql, pt = epoch(quantlab, models, QUANTLAB_LINE), epoch(pytorch, models, PYTORCH_LINE)
        for m in models:
            ratios[m].append(pt[m] / ql[m])
            print(f"PAIRED round {round} {m}: PyTorch {pt[m]:.2f} s, QuantLab {ql[m]:.2f} s, "
                  f"ratio {pt[m] / ql[m]:.2f}, of the fixed {REFERENCE_SECONDS.get(m, float('nan'))} s "
                  f"{REFERENCE_SECONDS.get(m, float('nan')) / ql[m]:.2f}, load {os.getloadavg()[0]:.2f}", flush=True)
    for process in (pytorch, quantlab):
        process.stdin.close()
        process.wait()
    for m in models:
        r = sorted(ratios[m])
        print(f"PAIRED {m}: median ratio {statistics.median(r):.2f} over {len(r)} rounds "
              f"(quartiles {r[len(r) // 4]:.2f}-{r[(3 * len(r)) // 4]:.2f}), "
              f"{sum(x >= 0.9 for x in r)} of {len(r)} rounds at 0.9 or more")


if __name__ == "__main__":
    sys.exit(main())
