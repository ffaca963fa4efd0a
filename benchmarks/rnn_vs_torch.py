"""Benchmark: train the recurrent-networks chapter's RNN and GRU with mlwiki.nn and with PyTorch.

Usage (from the repository root)::

    .venv/bin/python benchmarks/rnn_vs_torch.py            # full run: a table and a summary line
    .venv/bin/python benchmarks/rnn_vs_torch.py --quick    # seconds-long smoke run

Both libraries train the same two models on the chapter's memory task
(``mlwiki.recall``: name the first of ``lag + 1`` one-hot symbols), at the chapter's sizes:

    RNN(n_symbols -> n_hidden) or GRU(n_symbols -> n_hidden), then Dense(n_hidden -> n_symbols)

(a) mlwiki.nn, float32: ``nn.fit`` with Adam and softmax cross-entropy on logits, batch 32.
(b) PyTorch on the CPU, float32: ``torch.nn.RNN`` / ``torch.nn.GRU`` (batch_first) and
    ``torch.nn.Linear``, the same initial weights (copied from (a)), the same batches in the
    same order, Adam with the same settings, one thread.  PyTorch's redundant second bias
    copies are kept at zero (see :func:`torch_model`), so both train the same parameters.

Epochs of the two libraries are interleaved (one epoch of each in turn), so a change in
machine load hits both.  Reported is the median wall-clock time per epoch, the training loss
of the first and of the last epoch, and the test accuracy.  The two libraries compute the same
thing: their first-epoch losses agree to float32 rounding.  Later epochs drift apart slowly,
as rounding differences grow over hundreds of updates (Adam scales even the tiniest gradient
components up to full-size steps).  The last line is:

    summary: rnn_speedup_vs_torch=<x> gru_speedup_vs_torch=<x>

where a speedup is PyTorch's seconds per epoch divided by mlwiki's.

When run as a script, NumPy's BLAS is limited to one thread (``OPENBLAS_NUM_THREADS=1``, set
before NumPy is imported, unless already set), and PyTorch to one thread
(``torch.set_num_threads(1)``): the matrices are tiny, and threads only add overhead.
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

from mlwiki import nn  # noqa: E402
from mlwiki.recall import recall_data  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for benchmarks/_report.py
from _report import machine, torch_accuracy  # noqa: E402

BATCH_SIZE = 32
# The chapter's sizes (chapters/recurrent-networks.qmd).
N_SYMBOLS = 8
N_HIDDEN = 16
LAG = 40
ADAM_LR = 0.005
GRU_UPDATE_BIAS = 3.0
N_TRAIN = 1024
N_TEST = 1000
LAYERS = {"rnn": nn.RNN, "gru": nn.GRU}


# --------------------------------------------------------------------------------------
# mlwiki
# --------------------------------------------------------------------------------------


def make_model(kind: str, *, n_symbols: int, n_hidden: int, seed: int) -> nn.Sequential:
    """The chapter's model: a float32 recurrent layer ("rnn" or "gru") and a Dense read-out."""
    rng = np.random.default_rng(seed)
    extra = {"update_bias": GRU_UPDATE_BIAS} if kind == "gru" else {}
    return nn.Sequential([
        LAYERS[kind](n_symbols, n_hidden, rng=rng, dtype=np.float32, **extra),
        nn.Dense(n_hidden, n_symbols, rng=rng, dtype=np.float32),
    ])


def mlwiki_epoch(model, optimizer, x, targets, rng) -> float:
    """One epoch of ``nn.fit`` (shuffled with ``rng``); returns the epoch's mean training loss."""
    history = nn.fit(model, nn.CategoricalCrossEntropy(from_logits=True), optimizer, x, targets,
                     epochs=1, batch_size=BATCH_SIZE, rng=rng, metric=None)
    return history.loss[-1]


# --------------------------------------------------------------------------------------
# PyTorch, same architecture and initial weights
# --------------------------------------------------------------------------------------


def torch_model(model: nn.Sequential):
    """A float32 PyTorch copy of ``model``: ``torch.nn.RNN``/``GRU`` + ``Linear`` on the last state.

    PyTorch stores weights transposed and has two bias vectors that add up; for the GRU its
    b_hn (inside the reset gate's product) is mlwiki's ``recurrent_bias``.
    """
    import torch  # optional: only imported when the comparison runs

    recurrent, dense = model.layers
    kind = type(recurrent).__name__
    n_hidden = recurrent.n_hidden

    class RecallNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            module = {"RNN": torch.nn.RNN, "GRU": torch.nn.GRU}[kind]
            self.recurrent = module(recurrent.n_in, n_hidden, batch_first=True)
            self.readout = torch.nn.Linear(n_hidden, dense.n_out)

        def forward(self, x):
            _, last = self.recurrent(x)
            return self.readout(last[0])

    net = RecallNet()

    def tensor(array):
        return torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))

    with torch.no_grad():
        net.recurrent.weight_ih_l0.copy_(tensor(recurrent.params["input_weights"].T))
        net.recurrent.weight_hh_l0.copy_(tensor(recurrent.params["recurrent_weights"].T))
        net.recurrent.bias_ih_l0.copy_(tensor(recurrent.params["bias"]))
        hidden_bias = np.zeros(net.recurrent.bias_hh_l0.shape, dtype=np.float32)
        if kind == "GRU":
            hidden_bias[2 * n_hidden :] = recurrent.params["recurrent_bias"]
        net.recurrent.bias_hh_l0.copy_(tensor(hidden_bias))
        net.readout.weight.copy_(tensor(dense.params["weights"].T))
        net.readout.bias.copy_(tensor(dense.params["bias"]))
    # PyTorch's second bias vector duplicates the first wherever the two only appear as a sum
    # (all of it for the RNN; the r and z blocks for the GRU).  Trained, both copies would take
    # a step, which moves their sum twice as far as mlwiki's single bias moves: a different
    # training run.  Keep those duplicates fixed at zero so both libraries train the same
    # parameters.
    if kind == "RNN":
        net.recurrent.bias_hh_l0.requires_grad_(False)
    else:
        keep_only_b_hn = torch.zeros(3 * n_hidden)
        keep_only_b_hn[2 * n_hidden :] = 1.0
        net.recurrent.bias_hh_l0.register_hook(lambda grad: grad * keep_only_b_hn)
    return net


def trainable(net) -> list:
    """The parameters of a :func:`torch_model` network that training updates."""
    return [parameter for parameter in net.parameters() if parameter.requires_grad]


def torch_epoch(torch, net, optimizer, x, labels, rng) -> float:
    """One epoch doing what ``nn.fit`` does: the same permutation from ``rng``, a step per batch."""
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.from_numpy(rng.permutation(len(x)))
    xs, ys = x[order], labels[order]
    total_loss = 0.0
    for start in range(0, len(x), BATCH_SIZE):
        xb, yb = xs[start : start + BATCH_SIZE], ys[start : start + BATCH_SIZE]
        optimizer.zero_grad()
        loss = loss_fn(net(xb), yb)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(xb)
    return total_loss / len(x)


# --------------------------------------------------------------------------------------


def compare(kind: str, *, epochs: int, n_train: int, n_test: int, lag: int, n_symbols: int, n_hidden: int,
            seed: int, use_torch: bool) -> dict:
    """Train ``kind`` ("rnn" or "gru") with both libraries, epochs interleaved; return timings and results.

    Returns a dict with ``mlwiki`` and (when ``use_torch``) ``torch`` entries, each holding
    ``times`` (seconds per epoch), ``losses`` (mean training loss of each epoch) and the test
    ``accuracy`` after the last epoch.
    """
    rng = np.random.default_rng(seed)
    x, labels = recall_data(n_train, lag, n_symbols=n_symbols, rng=rng, dtype=np.float32)
    x_test, labels_test = recall_data(n_test, lag, n_symbols=n_symbols, rng=rng, dtype=np.float32)
    targets = nn.one_hot(labels, n_symbols, dtype=np.float32)
    model = make_model(kind, n_symbols=n_symbols, n_hidden=n_hidden, seed=seed + 1)
    runs = {"mlwiki": {"times": [], "losses": [], "rng": np.random.default_rng(seed + 2)}}
    optimizer = nn.Adam(ADAM_LR)
    if use_torch:
        import torch

        torch.manual_seed(seed)
        net = torch_model(model)  # copied before any training step
        torch_optimizer = torch.optim.Adam(trainable(net), lr=ADAM_LR)
        x_torch, labels_torch = torch.from_numpy(x), torch.from_numpy(labels)
        runs["torch"] = {"times": [], "losses": [], "rng": np.random.default_rng(seed + 2)}
    for _ in range(epochs):
        start = time.perf_counter()
        runs["mlwiki"]["losses"].append(mlwiki_epoch(model, optimizer, x, targets, runs["mlwiki"]["rng"]))
        runs["mlwiki"]["times"].append(time.perf_counter() - start)
        if use_torch:
            start = time.perf_counter()
            runs["torch"]["losses"].append(
                torch_epoch(torch, net, torch_optimizer, x_torch, labels_torch, runs["torch"]["rng"]))
            runs["torch"]["times"].append(time.perf_counter() - start)
    runs["mlwiki"]["accuracy"] = nn.accuracy(model, x_test, labels_test)
    if use_torch:
        runs["torch"]["accuracy"] = torch_accuracy(torch, net, torch.from_numpy(x_test), torch.from_numpy(labels_test))
    for run in runs.values():
        del run["rng"]
    return runs


def main(argv=None) -> dict:
    """Run the benchmark, print the table and the summary line; return the speedups and results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8, help="epochs per model and library (default 8)")
    parser.add_argument("--lag", type=int, default=LAG, help=f"task lag; sequences have lag + 1 steps (default {LAG})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 64 training / 64 test sequences, lag 5 (numbers not meaningful)")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if installed")
    args = parser.parse_args(argv)
    if args.epochs < 1 or args.lag < 0:
        parser.error("--epochs must be >= 1 and --lag >= 0")
    n_train, n_test, lag = (64, 64, 5) if args.quick else (N_TRAIN, N_TEST, args.lag)

    use_torch = not args.no_torch
    if use_torch:
        try:
            import torch
        except ImportError:
            print("torch: not importable, skipped (install it to compare)")
            use_torch = False
        else:
            torch.set_num_threads(1)
            print(f"torch: {torch.__version__}, 1 thread")
    print(f"machine: {machine()}")
    print(f"task: recall the first of {lag + 1} symbols ({N_SYMBOLS} symbols, one-hot); "
          f"{n_train} training / {n_test} test sequences; batch {BATCH_SIZE}; {args.epochs} epochs; "
          f"Adam({ADAM_LR}); seed {args.seed}")

    results, rows = {}, []
    for kind in LAYERS:
        runs = compare(kind, epochs=args.epochs, n_train=n_train, n_test=n_test, lag=lag, n_symbols=N_SYMBOLS,
                       n_hidden=N_HIDDEN, seed=args.seed, use_torch=use_torch)
        results[kind] = runs
        model = make_model(kind, n_symbols=N_SYMBOLS, n_hidden=N_HIDDEN, seed=args.seed)
        for library, run in runs.items():
            rows.append((f"{kind.upper()} {library}", model.n_parameters(), statistics.median(run["times"]),
                         run["losses"][0], run["losses"][-1], run["accuracy"]))
    print()
    print(f"{'model':14s} {'parameters':>10s} {'s/epoch (median)':>17s} {'loss, epoch 1':>14s} "
          f"{'last epoch':>10s} {'test acc':>8s}")
    for name, n_parameters, seconds, first_loss, last_loss, acc in rows:
        print(f"{name:14s} {n_parameters:10d} {seconds:17.4f} {first_loss:14.4f} {last_loss:10.4f} {acc:8.4f}")

    def speedup(kind):
        if "torch" not in results[kind]:
            return float("nan")
        return statistics.median(results[kind]["torch"]["times"]) / statistics.median(results[kind]["mlwiki"]["times"])

    summary = {"rnn_speedup_vs_torch": speedup("rnn"), "gru_speedup_vs_torch": speedup("gru"), "results": results}
    print(f"summary: rnn_speedup_vs_torch={summary['rnn_speedup_vs_torch']:.2f} "
          f"gru_speedup_vs_torch={summary['gru_speedup_vs_torch']:.2f}")
    return summary


if __name__ == "__main__":
    main(sys.argv[1:])
