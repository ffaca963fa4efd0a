"""Claims of chapters/how-a-page-works.qmd, read from the executed page."""

import re
from pathlib import Path

import numpy as np

PROBE = """{
    'n_points': int(n_points), 'r_end': r_end, 'turns': turns,
    'rticks': [float(t) for t in both_themes(draw_spiral, r, theta).result.get_yticks()],
    'sentence_source': sentence_source,
    'arange_size': int(with_arange.size), 'arange_last': float(with_arange[-1]),
    'linspace_size': int(with_linspace.size), 'linspace_last': float(with_linspace[-1]),
    'min_current': float(min_current),
    'r_linspace': r_linspace.tolist(), 'linspace_turns': linspace_turns, 'linspace_step': linspace_step,
    'first': first.tolist(), 'again': again.tolist(), 'other_seed': other_seed.tolist(),
    'twice': [t.tolist() for t in twice],
}"""

PAGE = "chapters/how-a-page-works.qmd"
ROOT = Path(__file__).resolve().parents[2]


def test_spiral_numbers(run_page):
    p = run_page("chapters/how-a-page-works.qmd", probe=PROBE).probe
    # 200 points from 0 to 1.99: np.arange stops before 2, so the spiral makes 1.99 turns.
    assert p["n_points"] == 200
    assert abs(p["r_end"] - 1.99) < 1e-12 and p["r_end"] < 2
    assert abs(p["turns"] - p["r_end"]) < 1e-12


def test_figure_is_drawn_in_both_themes_and_shown_fenced(run_page):
    run = run_page(PAGE, probe=PROBE)
    figure = run.figure("fig-spiral")
    assert list(figure.images) == ["light", "dark"]
    assert figure.cell.options["echo"] == "fenced"
    assert run.probe["rticks"] == [0.5, 1.0, 1.5, 2.0]  # the alt text's radial ticks
    assert "just under two full turns" in figure.cell.options["fig-alt"] and 1.9 < run.probe["turns"] < 2


def test_the_printed_source_is_the_sentence_the_page_evaluates(run_page):
    run = run_page(PAGE, probe=PROBE)
    source = (ROOT / PAGE).read_text(encoding="utf-8").splitlines()
    assert run.probe["sentence_source"] in source  # printed verbatim from a line of the page
    expressions = re.findall(r"`\{python\} ([^`]+)`", run.probe["sentence_source"])
    evaluated = dict(run.inline)
    assert expressions and all(e in evaluated for e in expressions)
    assert evaluated["n_points"] == "200"


def test_the_test_shown_on_the_page_is_this_one():
    page = (ROOT / PAGE).read_text(encoding="utf-8")
    shown = page.split("Part of this page's test:\n\n```python\n", 1)[1].split("\n```", 1)[0]
    assert shown in Path(__file__).read_text(encoding="utf-8")


def test_pitfall_and_package_example(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    assert p["arange_size"] == 200 and abs(p["arange_last"] - 1.99) < 1e-12
    assert p["linspace_size"] == 201 and p["linspace_last"] == 2.0
    assert abs(p["min_current"] - 1.5) < 1e-12  # (-50 - -65) mV / 10 MOhm


def test_exercise_solutions(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    r = np.array(p["r_linspace"])
    assert r.size == 200 and r[-1] == 2.0 and p["linspace_turns"] == 2.0
    assert abs(p["linspace_step"] - 2 / 199) < 1e-15
    assert p["first"] == p["again"] == np.random.default_rng(7).normal(size=3).tolist()
    assert p["other_seed"] != p["first"]
    generator = np.random.default_rng(7)
    assert p["twice"] == [generator.normal(size=3).tolist(), generator.normal(size=3).tolist()]
    assert p["twice"][0] == p["first"] and p["twice"][1] != p["first"]
