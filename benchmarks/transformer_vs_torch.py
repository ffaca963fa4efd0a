"""Benchmark: train the chapter's tiny decoder-only transformer with mlwiki.nn and with PyTorch.

Usage (from the repository root)::

    .venv/bin/python benchmarks/transformer_vs_torch.py            # full run: a table and a summary line
    .venv/bin/python benchmarks/transformer_vs_torch.py --quick    # seconds-long smoke run

Both implementations train the same network -- ``mlwiki.nn.tiny_transformer`` with the
sizes of the attention chapter (``chapters/attention-and-transformers.qmd``) -- from the same
initial weights, on the same examples of the sequence-reversal task
(``mlwiki.transformer.reversal_data``), in the same mini-batches of 32 in the same order,
with Adam and cross-entropy on the logits of the answer positions:

(a) mlwiki.nn in float32: ``nn.fit``, NumPy arrays of shape (batch, heads, T, d_k) multiplied
    with ``np.matmul``, softmax and cross-entropy fused.
(b) PyTorch on the CPU in float32: ``torch.nn.Embedding``, ``torch.nn.MultiheadAttention``
    (with a causal ``attn_mask``), ``torch.nn.LayerNorm``, ``torch.nn.Linear``, and
    ``torch.nn.CrossEntropyLoss``, with autograd.

Epochs alternate between the two (one epoch of each in turn), so a change in machine load
hits both.  Reported is the median time per epoch, the teacher-forced accuracy on held-out
strings, and the fraction of held-out strings that greedy decoding reverses without a
single mistake.  Both sides run single-threaded (``OPENBLAS_NUM_THREADS=1`` for NumPy, set
before NumPy is imported when run as a script; ``torch.set_num_threads(1)``): the matrices
are tiny, and extra threads only add overhead on a machine with other work.  The last line is::

    summary: transformer_speedup_vs_torch=<torch s/epoch / mlwiki s/epoch> transformer_accuracy=<a>

where ``a`` is mlwiki's fraction of held-out strings reversed exactly.  ``main(argv)``
returns the same numbers in a dict, so other scripts can import and combine it.
"""

from __future__ import annotations

import os

if __name__ == "__main__":
    # Must precede the first NumPy import; only when run as a script, so that importing
    # this module (as the smoke test does) changes nothing in the importing process.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from mlwiki import nn  # noqa: E402
from mlwiki.transformer import greedy_decode, reversal_data  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for benchmarks/_report.py
from _report import machine  # noqa: E402

# The chapter's sizes.
LENGTH, N_SYMBOLS = 6, 8
N_TOKENS = N_SYMBOLS + 1  # the symbols and the separator
D_MODEL, N_HEADS, D_FF, N_LAYERS = 32, 2, 64, 1
BATCH_SIZE = 32
ADAM_LR = 0.003
N_TRAIN, N_TEST = 1600, 1000  # as in the chapter


def build_model(seed: int, dtype=np.float32) -> nn.Sequential:
    """The chapter's transformer, its initial weights drawn from ``seed``."""
    return nn.tiny_transformer(N_TOKENS, max_positions=2 * LENGTH, d_model=D_MODEL, n_heads=N_HEADS,
                               d_ff=D_FF, n_layers=N_LAYERS, n_outputs=LENGTH,
                               rng=np.random.default_rng(seed), dtype=dtype)


# --------------------------------------------------------------------------------------
# PyTorch: the same architecture, initialised with the weights of the mlwiki model
# --------------------------------------------------------------------------------------


def torch_model(model: nn.Sequential):
    """A ``torch.nn.Module`` computing what ``model`` computes, with a copy of its weights.

    ``model`` must come from ``nn.tiny_transformer`` with ``n_outputs`` given.  The module
    is float32 unless ``model`` is float64.
    """
    import torch  # optional: only imported when the comparison runs

    embedding, positional, *blocks, last, final_norm, output = model.layers
    dtype = torch.float64 if output.dtype == np.float64 else torch.float32

    def tensor(array):
        return torch.tensor(np.ascontiguousarray(array), dtype=dtype)

    def linear(dense):
        layer = torch.nn.Linear(dense.n_in, dense.n_out, dtype=dtype)
        with torch.no_grad():
            layer.weight.copy_(tensor(dense.params["weights"].T))
            layer.bias.copy_(tensor(dense.params["bias"]))
        return layer

    def layer_norm(ours):
        layer = torch.nn.LayerNorm(ours.n_features, eps=ours.eps, dtype=dtype)
        with torch.no_grad():
            layer.weight.copy_(tensor(ours.params["gamma"]))
            layer.bias.copy_(tensor(ours.params["beta"]))
        return layer

    def attention(ours):
        layer = torch.nn.MultiheadAttention(ours.d_model, ours.n_heads, batch_first=True, dtype=dtype)
        with torch.no_grad():
            layer.in_proj_weight.copy_(tensor(ours.params["qkv_weights"].T))
            layer.in_proj_bias.copy_(tensor(ours.params["qkv_bias"]))
            layer.out_proj.weight.copy_(tensor(ours.params["output_weights"].T))
            layer.out_proj.bias.copy_(tensor(ours.params["output_bias"]))
        return layer

    class TinyTransformer(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = torch.nn.Embedding(embedding.n_tokens, embedding.d_model, dtype=dtype)
            with torch.no_grad():
                self.embedding.weight.copy_(tensor(embedding.params["weights"]))
            self.register_buffer("positional", tensor(positional.table))
            self.attention_norms = torch.nn.ModuleList()
            self.attentions = torch.nn.ModuleList()
            self.feed_forward_norms = torch.nn.ModuleList()
            self.feed_forwards = torch.nn.ModuleList()
            for attention_block, feed_forward_block in zip(blocks[::2], blocks[1::2]):
                norm, mha = attention_block.layers
                self.attention_norms.append(layer_norm(norm))
                self.attentions.append(attention(mha))
                norm, hidden, _, out = feed_forward_block.layers
                self.feed_forward_norms.append(layer_norm(norm))
                self.feed_forwards.append(torch.nn.Sequential(linear(hidden), torch.nn.ReLU(), linear(out)))
            self.n_outputs = last.n_positions
            self.final_norm = layer_norm(final_norm)
            self.output = linear(output)
            self._masks = {}

        def forward(self, ids):
            n_positions = ids.shape[1]
            mask = self._masks.get(n_positions)
            if mask is None:  # True where attention is NOT allowed (the future), as torch wants
                mask = torch.triu(torch.ones(n_positions, n_positions, dtype=torch.bool), diagonal=1)
                self._masks[n_positions] = mask
            x = self.embedding(ids) + self.positional[:n_positions]
            for norm, mha, ff_norm, ff in zip(self.attention_norms, self.attentions,
                                              self.feed_forward_norms, self.feed_forwards):
                h = norm(x)
                x = x + mha(h, h, h, attn_mask=mask, need_weights=False)[0]
                x = x + ff(ff_norm(x))
            return self.output(self.final_norm(x[:, -self.n_outputs:]))

    return TinyTransformer()


def _torch_epoch(torch, net, optimizer, inputs, targets, rng):
    """One epoch doing what ``nn.fit`` does: shuffle, one Adam step per batch."""
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.from_numpy(rng.permutation(len(inputs)))
    xs, ys = inputs[order], targets[order]
    total_loss, correct = 0.0, 0
    for start in range(0, len(inputs), BATCH_SIZE):
        xb, yb = xs[start : start + BATCH_SIZE], ys[start : start + BATCH_SIZE]
        optimizer.zero_grad()
        logits = net(xb)
        loss = loss_fn(logits.reshape(-1, logits.shape[-1]), yb.reshape(-1))
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(xb)
        correct += int((logits.argmax(dim=-1) == yb).sum())
    return total_loss / len(inputs), correct / targets.numel()


def _torch_scores(torch, net, inputs, targets):
    """(teacher-forced symbol accuracy, fraction of strings greedy decoding reverses exactly)."""
    with torch.no_grad():
        forced = float((net(inputs).argmax(dim=-1) == targets).float().mean())
        sequence = inputs[:, : LENGTH + 1]
        for _ in range(LENGTH):
            next_token = net(sequence)[:, -1].argmax(dim=-1, keepdim=True)
            sequence = torch.cat([sequence, next_token], dim=1)
        exact = float((sequence[:, LENGTH + 1 :] == targets).all(dim=1).float().mean())
    return forced, exact


# --------------------------------------------------------------------------------------


def main(argv=None) -> dict:
    """Run the benchmark; print a table and the summary line; return the numbers.

    Side effect: PyTorch is set to one thread (``torch.set_num_threads(1)``) in this process.

    Returns
    -------
    dict
        ``transformer_speedup_vs_torch`` (torch seconds per epoch / mlwiki's; nan without
        torch), ``transformer_accuracy`` (mlwiki, held-out strings reversed exactly),
        ``mlwiki_seconds_per_epoch``, ``torch_seconds_per_epoch``, ``mlwiki_token_accuracy``,
        ``torch_token_accuracy``, ``torch_accuracy`` (exact strings) and ``load_average``.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6, help="training epochs (default 6, as in the chapter)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run on 64 training / 64 test strings (numbers not meaningful)")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if installed")
    args = parser.parse_args(argv)
    if args.epochs < 1:
        parser.error("--epochs must be >= 1")
    n_train, n_test = (64, 64) if args.quick else (N_TRAIN, N_TEST)

    data_rng = np.random.default_rng(args.seed)
    x_train, y_train = reversal_data(n_train, LENGTH, N_SYMBOLS, rng=data_rng)
    x_test, y_test = reversal_data(n_test, LENGTH, N_SYMBOLS, rng=data_rng)
    print(f"machine: {machine()}")
    print(f"task: reverse {LENGTH} symbols from an alphabet of {N_SYMBOLS}; {n_train} training / "
          f"{n_test} held-out strings; batch {BATCH_SIZE}, Adam({ADAM_LR}), {args.epochs} epochs, seed {args.seed}")

    model = build_model(args.seed + 1)
    print(f"network: {model.n_parameters()} parameters, float32")
    print(model)
    ours = {
        "model": model, "optimizer": nn.Adam(ADAM_LR), "loss": nn.CategoricalCrossEntropy(from_logits=True),
        "y": nn.one_hot(y_train.reshape(-1), N_TOKENS, dtype=np.float32).reshape(n_train, LENGTH, N_TOKENS),
        "rng": np.random.default_rng(args.seed + 2), "times": [], "losses": [],
    }
    theirs = None
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            print("torch: not importable, skipped (install it to compare)")
        else:
            torch.manual_seed(args.seed)
            torch.set_num_threads(1)
            net = torch_model(model)  # copies the initial weights before any training
            theirs = {
                "torch": torch, "net": net, "optimizer": torch.optim.Adam(net.parameters(), lr=ADAM_LR),
                "x": torch.from_numpy(x_train), "y": torch.from_numpy(y_train),
                "rng": np.random.default_rng(args.seed + 2), "times": [], "losses": [],
            }
            print(f"torch: {torch.__version__}, {torch.get_num_threads()} thread")

    for _ in range(args.epochs):
        start = time.perf_counter()
        history = nn.fit(ours["model"], ours["loss"], ours["optimizer"], x_train, ours["y"], epochs=1,
                         batch_size=BATCH_SIZE, rng=ours["rng"])
        ours["times"].append(time.perf_counter() - start)
        ours["losses"].append(history.loss[0])
        if theirs is not None:
            start = time.perf_counter()
            loss, _ = _torch_epoch(theirs["torch"], theirs["net"], theirs["optimizer"], theirs["x"],
                                   theirs["y"], theirs["rng"])
            theirs["times"].append(time.perf_counter() - start)
            theirs["losses"].append(loss)

    our_time = statistics.median(ours["times"])
    our_forced = nn.accuracy(model, x_test, y_test)
    our_exact = float(np.mean(np.all(greedy_decode(model, x_test[:, : LENGTH + 1], LENGTH) == y_test, axis=1)))
    rows = [("mlwiki float32", our_time, len(ours["times"]), ours["losses"], our_forced, our_exact)]
    torch_time = torch_forced = torch_exact = float("nan")
    if theirs is not None:
        torch = theirs["torch"]
        torch_time = statistics.median(theirs["times"])
        torch_forced, torch_exact = _torch_scores(torch, theirs["net"], torch.from_numpy(x_test),
                                                  torch.from_numpy(y_test))
        rows.append(("torch float32, 1 thread", torch_time, len(theirs["times"]), theirs["losses"], torch_forced,
                     torch_exact))

    print()
    # The same weights and batches: the training losses agree to float32 rounding at first
    # and drift apart only slowly, a check that both sides compute the same thing.
    print(f"{'implementation':26s} {'s/epoch (median)':>17s} {'epochs':>6s} {'loss, epoch 1':>13s} "
          f"{'loss, last':>10s} {'symbol acc':>10s} {'exact strings':>13s}")
    for name, seconds, n_epochs, losses, forced, exact in rows:
        print(f"{name:26s} {seconds:17.4f} {n_epochs:6d} {losses[0]:13.6f} {losses[-1]:10.6f} "
              f"{forced:10.4f} {exact:13.4f}")
    print(f"load average after the run: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    result = {
        "transformer_speedup_vs_torch": torch_time / our_time,
        "transformer_accuracy": our_exact,
        "mlwiki_seconds_per_epoch": our_time,
        "torch_seconds_per_epoch": torch_time,
        "mlwiki_token_accuracy": our_forced,
        "torch_token_accuracy": torch_forced,
        "torch_accuracy": torch_exact,
        "load_average": os.getloadavg()[0],
    }
    print(f"summary: transformer_speedup_vs_torch={result['transformer_speedup_vs_torch']:.2f} "
          f"transformer_accuracy={result['transformer_accuracy']:.4f}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
