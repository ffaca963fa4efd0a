"""Benchmark: the sequence chapters' models trained with mlwiki and with PyTorch, one summary line.

Usage (from the repository root)::

    .venv/bin/python benchmarks/sequence_models.py            # RNN, GRU and tiny transformer
    .venv/bin/python benchmarks/sequence_models.py --quick    # seconds-long smoke run

It runs ``rnn_vs_torch.py`` (the recurrent-networks chapter's RNN and GRU) and
``transformer_vs_torch.py`` (the attention chapter's tiny transformer) -- each trains the same
architecture from the same initial weights on the same batches of 32 with ``mlwiki`` (float32)
and with PyTorch on the CPU, single-threaded BLAS for both, and prints its own table -- then
ends with::

    summary: rnn_speedup_vs_torch=<x> transformer_speedup_vs_torch=<x> transformer_accuracy=<a>

where a speedup is PyTorch's median seconds per epoch divided by mlwiki's, and the accuracy is
the fraction of held-out strings the mlwiki transformer reverses exactly.  Targets: both
speedups >= 1.0, accuracy >= 0.98.  See benchmarks/README.md for measured figures.
"""

from __future__ import annotations

import os

if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy is imported

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent


def _script(name: str):
    spec = importlib.util.spec_from_file_location(f"_benchmark_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> dict:
    """Run both benchmarks, print their tables and the combined summary line; return the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny runs, for a smoke test")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch (speedups are then nan)")
    args = parser.parse_args(argv)
    options = (["--quick"] if args.quick else []) + (["--no-torch"] if args.no_torch else [])
    if args.quick:
        options += ["--epochs", "1"]
    recurrent = _script("rnn_vs_torch").main(options)
    transformer = _script("transformer_vs_torch").main(options)
    result = {
        "rnn_speedup_vs_torch": recurrent["rnn_speedup_vs_torch"],
        "gru_speedup_vs_torch": recurrent["gru_speedup_vs_torch"],
        "transformer_speedup_vs_torch": transformer["transformer_speedup_vs_torch"],
        "transformer_accuracy": transformer["transformer_accuracy"],
    }
    print(f"summary: rnn_speedup_vs_torch={result['rnn_speedup_vs_torch']:.2f} "
          f"transformer_speedup_vs_torch={result['transformer_speedup_vs_torch']:.2f} "
          f"transformer_accuracy={result['transformer_accuracy']:.4f}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
