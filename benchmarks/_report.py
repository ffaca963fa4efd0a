"""What every benchmark prints about the machine it ran on, and PyTorch's accuracy helper.

Loaded by the benchmark scripts beside it (``from _report import machine``); not a page of the
package, so it lives here rather than in ``code/``.
"""

from __future__ import annotations

import os
import platform

import numpy as np

__all__ = ["machine", "torch_accuracy"]


def machine() -> str:
    """CPU, core count, load averages and library versions, for a benchmark's report."""
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return (f"{cpu}, {os.cpu_count()} logical CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
            f"Python {platform.python_version()}, NumPy {np.__version__}")


def torch_accuracy(torch, net, x, labels) -> float:
    """Fraction of rows of ``x`` whose argmax output equals ``labels`` (no gradients kept)."""
    with torch.no_grad():
        return float((net(x).argmax(dim=1) == labels).float().mean())
