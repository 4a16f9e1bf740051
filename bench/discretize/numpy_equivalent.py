"""The work of DiscretizeBenchmark in numpy, for a side-by-side timing (see README.md).

1,000,000 N(0, 1) float32 samples; for each range method (min-max, percentile 99.9, MSE search,
KL entropy) and each width (16, 8, 4, 2 bits, asymmetric/unsigned as PyTorch): range, scale and
zero-point, quantize with round-half-even, dequantize, MSE, max error, SQNR, levels used, clipped
share. The MSE and KL searches follow the Java ones (2048-bin histograms, 100 shrink candidates;
TensorRT's threshold loop), written the way numpy code usually writes them.

Run: python3 bench/discretize/numpy_equivalent.py
"""
import statistics
import sys
import time

import numpy as np

N = 1_000_000
BITS = (16, 8, 4, 2)
BINS = 2048


def qparams(lo, hi, bits):
    qmin, qmax = 0, (1 << bits) - 1
    lo, hi = np.float32(min(lo, 0.0)), np.float32(max(hi, 0.0))
    scale = max(np.float32((hi - lo) / np.float32(qmax - qmin)), np.float32(2.0 ** -23))
    zp = int(np.clip(qmin - np.rint(lo / scale), qmin, qmax))
    return np.float32(scale), zp, qmin, qmax


def metrics(x, scale, zp, qmin, qmax):
    unclamped = np.rint(x * (np.float32(1) / scale)) + zp
    clipped = np.count_nonzero((unclamped < qmin) | (unclamped > qmax))
    q = np.clip(unclamped, qmin, qmax).astype(np.int32)
    err = x.astype(np.float64) - ((q - zp).astype(np.float32) * scale)
    e2 = float(np.dot(err, err))
    s2 = float(np.dot(x, x))
    levels = np.count_nonzero(np.bincount(q - qmin, minlength=qmax - qmin + 1))
    sqnr = float("inf") if e2 == 0 else 10 * np.log10(s2 / e2)
    return e2 / x.size, float(np.abs(err).max()), sqnr, levels, clipped / x.size


def minmax(x, bits):
    return float(x.min()), float(x.max())


def percentile(x, bits, p=99.9):
    lo, hi = np.percentile(x, [100 - p, p])
    return float(lo), float(hi)


def mse_search(x, bits, candidates=100):
    lo, hi = float(x.min()), float(x.max())
    counts, edges = np.histogram(x, bins=BINS, range=(lo, hi))
    width = (hi - lo) / BINS
    best, best_err = None, np.inf
    a, b = min(lo, 0.0), max(hi, 0.0)
    for k in range(candidates, 0, -1):
        s = k / candidates
        scale, zp, qmin, qmax = qparams(a * s, b * s, bits)
        g_lo, g_hi = (qmin - zp) * float(scale), (qmax - zp) * float(scale)
        err = expected_error(counts, edges, width, g_lo, g_hi, float(scale))
        if err < best_err:
            best, best_err = (a * s, b * s), err
    return best


def expected_error(counts, edges, width, lo, hi, step):
    # Antiderivative of the squared distance to the clamped grid, evaluated at every bin edge.
    x = edges
    cell = step ** 3 / 12
    inside = (hi - lo) / step * cell
    cells = np.floor((np.clip(x, lo, hi) - lo) / step)
    u = np.clip(x, lo, hi) - lo - cells * step
    partial = np.where(u <= step / 2, u ** 3 / 3, cell - (step - u) ** 3 / 3)
    h = cells * cell + partial
    h = np.where(x <= lo, -((lo - x) ** 3) / 3, h)
    h = np.where(x >= hi, inside + (x - hi) ** 3 / 3, h)
    return float(np.sum(counts / width * np.diff(h)))


def kl_entropy(x, bits):
    lo, hi = float(x.min()), float(x.max())
    max_abs = max(-lo, hi)
    levels = (1 << bits) // 2 if lo < 0 < hi else (1 << bits)
    if levels >= BINS:
        return lo, hi
    hist, _ = np.histogram(np.abs(x), bins=BINS, range=(0, max_abs))
    hist = hist.astype(np.float64)
    best_i, best_kl = BINS, np.inf
    for i in range(levels, BINS + 1):
        p = hist[:i].copy()
        p[i - 1] += hist[i:].sum()
        nonzero = hist[:i] > 0
        starts = (np.arange(levels) * i) // levels
        merged = np.add.reduceat(hist[:i], starts)
        support = np.add.reduceat(nonzero.astype(np.float64), starts)
        per_bin = np.divide(merged, support, out=np.zeros_like(merged), where=support > 0)
        q = np.repeat(per_bin, np.diff(np.append(starts, i))) * nonzero
        q[(p > 0) & (q == 0)] = 1e-4
        mask = p > 0
        pn, qn = p[mask] / p.sum(), q[mask] / q[mask].sum()
        kl = float(np.sum(pn * np.log(pn / qn)))
        if kl < best_kl:
            best_kl, best_i = kl, i
    bound = best_i * max_abs / BINS
    return max(lo, -bound), min(hi, bound)


METHODS = {"minmax": minmax, "percentile": percentile, "mse": mse_search, "kl": kl_entropy}


def request(method, seed=0):
    """One API request's work: generate the samples, then every width."""
    x = np.random.default_rng(seed).standard_normal(N, dtype=np.float32)
    shared = None
    out = []
    for bits in BITS:
        if method in ("minmax", "percentile"):
            shared = shared or METHODS[method](x, bits)
            lo, hi = shared
        else:
            lo, hi = METHODS[method](x, bits)
        scale, zp, qmin, qmax = qparams(lo, hi, bits)
        out.append((bits, scale, zp) + metrics(x, scale, zp, qmin, qmax))
    return out


def timed(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def main():
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    cold = sum(timed(request, m) for m in METHODS)
    print(f"NUMPY first run of all four methods (cold caches): {cold:.1f} ms")
    per = {m: [] for m in METHODS}
    total = []
    for _ in range(11):
        t = 0.0
        for m in METHODS:
            ms = timed(request, m)
            per[m].append(ms)
            t += ms
        total.append(t)
    for m, times in per.items():
        print(f"NUMPY warm {m:<10} 1M gaussian, bits 16,8,4,2: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms")
    print(f"NUMPY warm all four methods back to back: median {statistics.median(total):.1f} ms, min {min(total):.1f} ms")
    gen = [timed(lambda: np.random.default_rng(1).standard_normal(N, dtype=np.float32)) for _ in range(11)]
    print(f"NUMPY generating 1M gaussian samples alone: median {statistics.median(gen):.1f} ms")


if __name__ == "__main__":
    main()
