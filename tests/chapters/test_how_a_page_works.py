"""Claims of chapters/quarto-and-python.qmd, read from the executed page."""

PROBE = """{
    'n_points': int(n_points),
    'r_end': r_end,
    'turns': turns,
    'rticks': [float(t) for t in ax.get_yticks()],
    'inline_demo': inline_demo,
    'min_current': float(min_current),
}"""


def test_quarto_and_python_claims(run_page):
    run = run_page("chapters/quarto-and-python.qmd", probe=PROBE)
    p = run.probe
    assert len(run.cell("fig-polar").figures) == 1
    assert run.cell("fig-polar").cell.options["echo"] == "fenced"
    # 200 points from 0 to 1.99: np.arange stops before 2, so the spiral makes 1.99 turns.
    assert p["n_points"] == 200
    assert abs(p["r_end"] - 1.99) < 1e-12 and p["r_end"] < 2
    assert abs(p["turns"] - p["r_end"]) < 1e-12
    assert 1.9 < p["turns"] < 2
    assert p["rticks"] == [0.5, 1.0, 1.5, 2.0]
    # The quoted source line really is an inline-expression sentence, evaluated in the page.
    assert "`{python} n_points`" in p["inline_demo"]
    assert ("n_points", "200") in run.inline
    # The package example: rheobase of the default LIF neuron, (-50 - -65) mV / 10 MOhm.
    assert abs(p["min_current"] - 1.5) < 1e-12
