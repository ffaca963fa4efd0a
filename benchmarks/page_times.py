"""Benchmark: how long every page of the site takes to execute, as Quarto's Jupyter engine runs it.

Usage (from the repository root)::

    .venv/bin/python benchmarks/page_times.py              # every page in the sidebar
    .venv/bin/python benchmarks/page_times.py --workers 2  # two pages at a time (2 cores)
    .venv/bin/python benchmarks/page_times.py chapters/training.qmd

Each page runs in a fresh kernel, in an empty folder, exactly as the test suite runs it
(``sitetools.execute.execute_page``), kernel start included.  The table lists seconds per page,
slowest first; the last line is::

    summary: pages=<n> total_seconds=<sum over pages> wall_seconds=<elapsed> slowest=<page> slowest_seconds=<s>

With ``--workers 1`` (the default) the wall time is the sum, as in a ``quarto render`` (which
executes pages one after another); with 2 workers on 2 cores it is about half.  Targets (issue
"reader features"): total under 90 s on 2 cores, no page over 15 s.  Timings depend on machine
load: run it on a quiet machine, and quote the load average it prints.
"""

from __future__ import annotations

import os

if __name__ == "__main__":
    # As the test suite and the CNN benchmark: single-threaded BLAS in the kernels, whose
    # matrices are small (threads only add overhead, badly so on a busy machine).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

from sitetools.checks import sidebar_pages  # noqa: E402
from sitetools.execute import execute_page  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def sidebar_order(root: Path = ROOT) -> list[str]:
    """The pages of the sidebar that exist, in reading order."""
    config = yaml.safe_load((root / "_quarto.yml").read_text(encoding="utf-8"))
    return [page for page in sidebar_pages(config) if (root / page).is_file()]


def time_page(page: str, root: Path = ROOT) -> tuple[float, list[tuple[float, str]]]:
    """Seconds to execute one page in a fresh kernel in an empty folder, and its cells' seconds."""
    with tempfile.TemporaryDirectory(prefix="page-time-") as workdir:
        run = execute_page(root / page, project_root=root, workdir=workdir)
    return run.seconds, [(cell.seconds, cell.cell.label or f"#{cell.cell.index + 1}") for cell in run.cells]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="pages to time (default: the sidebar's)")
    parser.add_argument("--workers", type=int, default=1, help="pages executed at the same time")
    parser.add_argument("--cells", type=int, default=0, help="also list the N slowest cells")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    pages = args.pages or sidebar_order()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        timed = dict(zip(pages, pool.map(time_page, pages)))
    seconds = {page: total for page, (total, _) in timed.items()}
    wall = time.perf_counter() - started
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(pages)} pages, {args.workers} worker(s), load average at the end {load:.2f}")
    for page, s in sorted(seconds.items(), key=lambda item: -item[1]):
        print(f"{s:8.2f} s  {page}")
    if args.cells:
        cells = sorted(((s, f"{page} {label}") for page, (_, per_cell) in timed.items() for s, label in per_cell),
                       reverse=True)[:args.cells]
        print("slowest cells:")
        for s, where in cells:
            print(f"{s:8.2f} s  {where}")
    slowest = max(seconds, key=seconds.get)
    total = sum(seconds.values())
    print(f"summary: pages={len(pages)} total_seconds={total:.1f} wall_seconds={wall:.1f} "
          f"slowest={slowest} slowest_seconds={seconds[slowest]:.1f}")
    return {"seconds": seconds, "total": total, "wall": wall}


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
