"""Benchmark: train the wiki's digits CNN with mlwiki.nn, a classic per-sample reference, and PyTorch.

Usage (from the repository root)::

    .venv/bin/python benchmarks/cnn_digits.py            # full run, prints a table and a summary line
    .venv/bin/python benchmarks/cnn_digits.py --quick --epochs 1   # seconds-long smoke run

All three implementations train the same architecture (``mlwiki.nn.digits_cnn``)
from the same initial weights on the same 75/25 stratified split of the 8x8
digits, with categorical cross-entropy on logits:

(a) mlwiki.nn, float64 and float32: ``nn.fit`` with Adam, batch size 32.
(b) reference: the classic "from scratch" style -- one sample at a time,
    ``scipy.signal.correlate2d`` per (input, output) channel pair, the weight
    update (plain SGD) inside ``backward``.  Slow, so by default it is timed for
    fewer epochs (``--reference-epochs``); its accuracy is for those epochs only.
(c) PyTorch on the CPU, batch size 32, Adam, the same shuffling order, when
    ``torch`` is importable (skipped with a message otherwise).

Epochs of the implementations are interleaved (one epoch of each in turn) so that
a change in machine load affects them alike.  Reported is the median wall-clock
time per epoch and the test accuracy after the last epoch.  The last line is:

    summary: speedup_vs_reference_f64=<x> speedup_vs_reference_f32=<x> speedup_vs_torch_f32=<x> accuracy=<a>

When run as a script, NumPy's BLAS is limited to one thread (``OPENBLAS_NUM_THREADS=1``,
set before NumPy is imported, unless already set): the matrices here are tiny and BLAS
threads only add overhead (badly so on a busy machine).  PyTorch keeps its default
thread count; a second PyTorch run with one thread is shown for comparison.
"""

from __future__ import annotations

import os

if __name__ == "__main__":
    # Must precede the first NumPy import; only when run as a script, so that importing
    # this module (as the smoke test does) changes nothing in the importing process.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy.signal import convolve2d, correlate2d  # noqa: E402

from mlwiki import nn  # noqa: E402
from mlwiki.data import load_digits, stratified_split  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for benchmarks/_report.py
from _report import machine, torch_accuracy  # noqa: E402

BATCH_SIZE = 32
ADAM_LR = 0.005
REFERENCE_SGD_LR = 0.01


# --------------------------------------------------------------------------------------
# (b) The classic per-sample implementation: every layer handles ONE sample, loops over
# channel pairs with scipy, and updates its own weights inside backward (plain SGD).
# --------------------------------------------------------------------------------------


class _RefConv:
    def __init__(self, kernels, biases, padding):
        self.kernels = np.array(kernels, dtype=np.float64)  # (C_out, C_in, k, k)
        self.biases = np.array(biases, dtype=np.float64)  # (C_out,)
        self.padding = padding

    def forward(self, x):  # x: (C_in, H, W)
        p = self.padding
        self.input = np.pad(x, ((0, 0), (p, p), (p, p)))
        c_out, c_in = self.kernels.shape[:2]
        out = []
        for o in range(c_out):
            acc = np.full(correlate2d(self.input[0], self.kernels[o, 0], "valid").shape, self.biases[o])
            for i in range(c_in):
                acc += correlate2d(self.input[i], self.kernels[o, i], "valid")
            out.append(acc)
        return np.array(out)

    def backward(self, output_gradient, lr):
        c_out, c_in = self.kernels.shape[:2]
        kernel_grad = np.zeros_like(self.kernels)
        input_grad = np.zeros_like(self.input)
        for o in range(c_out):
            for i in range(c_in):
                kernel_grad[o, i] = correlate2d(self.input[i], output_gradient[o], "valid")
                input_grad[i] += convolve2d(output_gradient[o], self.kernels[o, i], "full")
        self.kernels -= lr * kernel_grad
        self.biases -= lr * output_gradient.sum(axis=(1, 2))
        p = self.padding
        return input_grad[:, p : input_grad.shape[1] - p, p : input_grad.shape[2] - p]


class _RefReLU:
    def forward(self, x):
        self.input = x
        return np.maximum(x, 0)

    def backward(self, output_gradient, lr):
        return output_gradient * (self.input > 0)


class _RefMaxPool2:
    def forward(self, x):  # (C, H, W) with even H, W
        self.input = x
        c, h, w = x.shape
        # (C, H/2, W/2, 4): the four members of every 2x2 window
        windows = x.reshape(c, h // 2, 2, w // 2, 2).transpose(0, 1, 3, 2, 4).reshape(c, h // 2, w // 2, 4)
        self.winner = windows.argmax(axis=-1)
        return windows.max(axis=-1)

    def backward(self, output_gradient, lr):
        c, h, w = self.input.shape
        window_grad = np.zeros((c, h // 2, w // 2, 4))
        np.put_along_axis(window_grad, self.winner[..., None], output_gradient[..., None], axis=-1)
        return window_grad.reshape(c, h // 2, w // 2, 2, 2).transpose(0, 1, 3, 2, 4).reshape(c, h, w)


class _RefReshape:
    def __init__(self, in_shape, out_shape):
        self.in_shape, self.out_shape = in_shape, out_shape

    def forward(self, x):
        return x.reshape(self.out_shape)

    def backward(self, output_gradient, lr):
        return output_gradient.reshape(self.in_shape)


class _RefDense:
    def __init__(self, weights, bias):
        self.weights = np.array(weights, dtype=np.float64).T  # (n_out, n_in): column-vector style
        self.bias = np.array(bias, dtype=np.float64).reshape(-1, 1)

    def forward(self, x):  # x: (n_in, 1)
        self.input = x
        return self.weights @ x + self.bias

    def backward(self, output_gradient, lr):
        weights_grad = output_gradient @ self.input.T
        input_grad = self.weights.T @ output_gradient
        self.weights -= lr * weights_grad
        self.bias -= lr * output_gradient
        return input_grad


def _reference_network(model: nn.Sequential) -> list:
    """The classic layers, initialised with the weights of the mlwiki ``digits_cnn`` model."""
    conv1, _, _, conv2, _, _, _, dense = model.layers
    return [
        _RefConv(conv1.params["weights"], conv1.params["bias"], padding=1),
        _RefReLU(),
        _RefMaxPool2(),
        _RefConv(conv2.params["weights"], conv2.params["bias"], padding=1),
        _RefReLU(),
        _RefMaxPool2(),
        _RefReshape((32, 2, 2), (128, 1)),
        _RefDense(dense.params["weights"], dense.params["bias"]),
    ]


def _reference_epoch(network, x, labels, lr, rng):
    for i in rng.permutation(len(x)):
        out = x[i]
        for layer in network:
            out = layer.forward(out)
        # softmax + cross-entropy on the logits column, gradient p - y
        p = np.exp(out - out.max())
        p /= p.sum()
        grad = p.copy()
        grad[labels[i]] -= 1
        for layer in reversed(network):
            grad = layer.backward(grad, lr)


def _reference_accuracy(network, x, labels):
    correct = 0
    for sample, label in zip(x, labels):
        out = sample
        for layer in network:
            out = layer.forward(out)
        correct += int(np.argmax(out) == label)
    return correct / len(x)


# --------------------------------------------------------------------------------------
# (c) PyTorch, same architecture and initial weights
# --------------------------------------------------------------------------------------


def _torch_setup(model: nn.Sequential):
    import torch  # optional: only imported when the comparison runs

    conv1, _, _, conv2, _, _, _, dense = model.layers
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(128, 10),
    )
    with torch.no_grad():
        for torch_layer, ours, transpose in ((net[0], conv1, False), (net[3], conv2, False), (net[7], dense, True)):
            weights = ours.params["weights"].T if transpose else ours.params["weights"]
            torch_layer.weight.copy_(torch.from_numpy(np.ascontiguousarray(weights, dtype=np.float32)))
            torch_layer.bias.copy_(torch.from_numpy(ours.params["bias"].astype(np.float32)))
    optimizer = torch.optim.Adam(net.parameters(), lr=ADAM_LR)
    return torch, net, optimizer


def _torch_epoch(torch, net, optimizer, x, labels, rng):
    """One epoch doing what ``nn.fit`` does: shuffle, step per batch, track loss and accuracy."""
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.from_numpy(rng.permutation(len(x)))
    xs, ys = x[order], labels[order]
    total_loss, correct = 0.0, 0
    for start in range(0, len(x), BATCH_SIZE):
        xb, yb = xs[start : start + BATCH_SIZE], ys[start : start + BATCH_SIZE]
        optimizer.zero_grad()
        logits = net(xb)
        loss = loss_fn(logits, yb)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(xb)
        correct += int((logits.argmax(dim=1) == yb).sum())
    return total_loss / len(x), correct / len(x)


# --------------------------------------------------------------------------------------


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8, help="epochs for mlwiki and torch (default 8)")
    parser.add_argument("--reference-epochs", type=int, default=2,
                        help="epochs timed for the slow per-sample reference (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run on 32 training / 64 test images (numbers not meaningful)")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if installed")
    args = parser.parse_args(argv)
    if args.epochs < 1 or args.reference_epochs < 1:
        parser.error("--epochs and --reference-epochs must be >= 1")
    reference_epochs = min(args.reference_epochs, args.epochs)

    images, labels = load_digits(dtype=np.float64)
    x_train, x_test, y_train, y_test = stratified_split(
        images, labels, test_fraction=0.25, rng=np.random.default_rng(args.seed))
    if args.quick:
        x_train, y_train, x_test, y_test = x_train[:32], y_train[:32], x_test[:64], y_test[:64]
    print(f"machine: {machine()}")
    print(f"data: {len(x_train)} training / {len(x_test)} test images, 8x8, 10 classes; "
          f"{args.epochs} epochs (reference: {reference_epochs}), seed {args.seed}")

    # One initial model; every implementation starts from (a copy of) its weights.
    init64 = nn.digits_cnn(np.random.default_rng(args.seed), np.float64)
    print(f"network: {init64.n_parameters()} parameters")
    print(init64)
    runs = {}
    for name, dtype in (("mlwiki float64", np.float64), ("mlwiki float32", np.float32)):
        model = nn.digits_cnn(np.random.default_rng(args.seed), dtype)
        runs[name] = {
            "model": model,
            "optimizer": nn.Adam(ADAM_LR),
            "x": x_train.astype(dtype), "y": nn.one_hot(y_train, 10, dtype=dtype),
            "rng": np.random.default_rng(args.seed + 1),
            "times": [],
        }
    loss = nn.CategoricalCrossEntropy(from_logits=True)
    reference = {"network": _reference_network(init64), "rng": np.random.default_rng(args.seed + 1), "times": []}

    # PyTorch twice: with its default thread count (the figure the summary uses) and
    # with one thread, which is what NumPy gets here (on a busy machine the default
    # threads mostly wait for each other).
    torch_runs = {}
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            print("torch: not importable, skipped (install it to compare)")
        else:
            default_threads = torch.get_num_threads()
            print(f"torch: {torch.__version__}, default {default_threads} threads")
            for name, threads in (("torch float32 (CPU)", default_threads), ("torch float32, 1 thread", 1)):
                torch.manual_seed(args.seed)
                _, net, torch_opt = _torch_setup(init64)
                torch_runs[name] = {
                    "torch": torch, "net": net, "optimizer": torch_opt, "threads": threads,
                    "x": torch.from_numpy(x_train.astype(np.float32)),
                    "y": torch.from_numpy(y_train.astype(np.int64)),
                    "rng": np.random.default_rng(args.seed + 1), "times": [],
                }

    for epoch in range(args.epochs):
        for run in runs.values():
            start = time.perf_counter()
            nn.fit(run["model"], loss, run["optimizer"], run["x"], run["y"], epochs=1,
                   batch_size=BATCH_SIZE, rng=run["rng"])
            run["times"].append(time.perf_counter() - start)
        for run in torch_runs.values():
            run["torch"].set_num_threads(run["threads"])
            start = time.perf_counter()
            _torch_epoch(run["torch"], run["net"], run["optimizer"], run["x"], run["y"], run["rng"])
            run["times"].append(time.perf_counter() - start)
        if epoch < reference_epochs:
            start = time.perf_counter()
            _reference_epoch(reference["network"], x_train, y_train, REFERENCE_SGD_LR, reference["rng"])
            reference["times"].append(time.perf_counter() - start)

    rows = []
    for name, run in runs.items():
        acc = nn.accuracy(run["model"], x_test.astype(run["x"].dtype), y_test)
        rows.append((name, f"fit, Adam({ADAM_LR}), batch {BATCH_SIZE}", statistics.median(run["times"]),
                     len(run["times"]), acc))
    ref_time = statistics.median(reference["times"])
    rows.append(("reference (per sample)", f"scipy correlate2d, SGD({REFERENCE_SGD_LR}), batch 1", ref_time,
                 len(reference["times"]), _reference_accuracy(reference["network"], x_test, y_test)))
    for name, run in torch_runs.items():
        torch = run["torch"]
        acc = torch_accuracy(torch, run["net"], torch.from_numpy(x_test.astype(np.float32)),
                              torch.from_numpy(y_test.astype(np.int64)))
        rows.append((name, f"Adam({ADAM_LR}), batch {BATCH_SIZE}, {run['threads']} thread(s)",
                     statistics.median(run["times"]), len(run["times"]), acc))
    if torch_runs:
        torch_runs["torch float32 (CPU)"]["torch"].set_num_threads(torch_runs["torch float32 (CPU)"]["threads"])
    torch_time = statistics.median(torch_runs["torch float32 (CPU)"]["times"]) if torch_runs else float("nan")

    print()
    print(f"{'implementation':24s} {'training':52s} {'s/epoch (median)':>17s} {'epochs':>6s} {'test acc':>8s}")
    for name, how, seconds, n_epochs, acc in rows:
        print(f"{name:24s} {how:52s} {seconds:17.4f} {n_epochs:6d} {acc:8.4f}")
    if reference_epochs < args.epochs:
        print(f"note: the reference was timed for {reference_epochs} epoch(s) only; its accuracy is after those.")
    f64 = statistics.median(runs["mlwiki float64"]["times"])
    f32 = statistics.median(runs["mlwiki float32"]["times"])
    result = {
        "speedup_vs_reference_f64": ref_time / f64,
        "speedup_vs_reference_f32": ref_time / f32,
        "speedup_vs_torch_f32": torch_time / f32,
        "accuracy": rows[1][4],
    }
    print(
        f"summary: speedup_vs_reference_f64={result['speedup_vs_reference_f64']:.1f} "
        f"speedup_vs_reference_f32={result['speedup_vs_reference_f32']:.1f} "
        f"speedup_vs_torch_f32={result['speedup_vs_torch_f32']:.2f} "
        f"accuracy={result['accuracy']:.4f}"
    )
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
