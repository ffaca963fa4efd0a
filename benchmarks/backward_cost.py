"""Benchmark: how long a backward pass takes compared with a forward pass.

Usage (from the repository root)::

    .venv/bin/python benchmarks/backward_cost.py            # prints a table and a summary line
    .venv/bin/python benchmarks/backward_cost.py --quick    # seconds-long smoke run

The backpropagation chapter counts multiply-adds: a dense or convolutional layer's
backward pass (kernel/weight gradient and input gradient) takes exactly twice its forward
pass's.  This script times both passes for the networks of the chapters and prints the
measured ratio next to the counted one:

* the training chapter's MLP, 64 -> 32 tanh -> 10, batch 32;
* a wider MLP, 784 -> 256 ReLU -> 256 ReLU -> 10, batch 128, where the products dominate;
* the digits CNN (``nn.digits_cnn``), batch 32, float32.

Each figure is the median of ``--repeats`` timings, the passes of one network alternating
so that a change in machine load affects both.  The last line is::

    summary: mlp_ratio=<x> wide_ratio=<x> cnn_ratio=<x>

When run as a script, NumPy's BLAS is limited to one thread (as in the other benchmark).
"""

from __future__ import annotations

import os

if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from mlwiki import nn  # noqa: E402


def _networks(rng):
    mlp = nn.Sequential([nn.Dense(64, 32, rng=rng), nn.Tanh(), nn.Dense(32, 10, rng=rng)])
    wide = nn.Sequential([nn.Dense(784, 256, rng=rng, init="he"), nn.ReLU(), nn.Dense(256, 256, rng=rng, init="he"),
                          nn.ReLU(), nn.Dense(256, 10, rng=rng)])
    return {
        "mlp 64-32-10, batch 32": (mlp, (32, 64), np.float64),
        "mlp 784-256-256-10, batch 128": (wide, (128, 784), np.float64),
        "digits CNN, batch 32 (float32)": (nn.digits_cnn(rng, dtype=np.float32), (32, 1, 8, 8), np.float32),
    }


def time_passes(model, shape, dtype, *, repeats: int, rng) -> tuple[float, float]:
    """Median seconds of one forward pass and of one backward pass (with the input gradient)."""
    x = rng.standard_normal(shape).astype(dtype)
    grad = rng.standard_normal(model.forward(x).shape).astype(dtype)
    forward, backward = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        model.forward(x)
        forward.append(time.perf_counter() - start)
        start = time.perf_counter()
        model.backward(grad)
        backward.append(time.perf_counter() - start)
        model.zero_grad()
    return statistics.median(forward), statistics.median(backward)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="20 repeats: a smoke run")
    args = parser.parse_args(argv)
    repeats = 20 if args.quick else args.repeats
    rng = np.random.default_rng(0)
    results = {}
    print(f"{'network':32s} {'forward ms':>11s} {'backward ms':>12s} {'measured':>9s} {'counted':>8s}")
    for name, (model, shape, dtype) in _networks(rng).items():
        forward, backward = time_passes(model, shape, dtype, repeats=repeats, rng=rng)
        costs = nn.multiply_adds(model, shape)
        counted = sum(c.backward for c in costs) / sum(c.forward for c in costs)
        results[name] = backward / forward
        print(f"{name:32s} {1e3 * forward:11.3f} {1e3 * backward:12.3f} {backward / forward:9.2f} {counted:8.2f}")
    mlp, wide, cnn = results.values()
    print(f"summary: mlp_ratio={mlp:.2f} wide_ratio={wide:.2f} cnn_ratio={cnn:.2f}")
    return results


if __name__ == "__main__":
    main()
