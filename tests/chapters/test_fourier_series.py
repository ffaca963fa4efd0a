"""Claims of chapters/fourier-series.qmd, read from the executed page, and its interactive figure.

The interactive figure is checked in two parts:

* the data cell: the ``<script type="ojs-define">`` that Quarto's ``ojs_define`` writes into the
  page is parsed from the executed cell's output and compared with an independent computation;
* the Observable JS cells: when Node.js and the packages pinned in ``tests/chapters/ojs/`` are
  installed (``npm install --prefix tests/chapters/ojs``), they are parsed with the parser Quarto
  compiles OJS with and run with the Plot and Inputs versions Quarto's runtime loads, on a jsdom
  document, for several slider settings.  Elsewhere that test is skipped and says so.
"""

import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import minimize_scalar
from scipy.special import sici

PAGE = "chapters/fourier-series.qmd"
OJS_DIR = Path(__file__).resolve().parent / "ojs"

PROBE = """{
    'one_term_height': one_term_height, 'terms_shown': terms_shown,
    'n_samples': n_samples, 'b': b.tolist(), 'a': a.tolist(), 'coefficient_error': coefficient_error,
    'cosine_size': cosine_size,
    'n_terms': n_terms.tolist(), 'measured_mse': measured_mse.tolist(), 'closed_mse': closed_mse.tolist(),
    'mse_rel_error': mse_rel_error, 'mse_ratio_200': mse_ratio_200,
    'gibbs_terms': gibbs_terms.tolist(), 'overshoots': overshoots.tolist(), 'limit': limit,
    'peak_positions': peak_positions.tolist(), 'peak_position_error': peak_position_error,
    'overshoot_1000_gap': overshoot_1000_gap,
    'overshoot_height': overshoot_height, 'share_of_amplitude': share_of_amplitude,
    'error_next_to_jump': error_next_to_jump, 'nearest_sample': nearest_sample, 'mse_1000': mse_1000,
    'max_terms': max_terms,
    'sigmas': sigmas, 'products': products.tolist(), 'sigma_f_values': sigma_f_values.tolist(),
    'sigma_t_values': [w.sigma_t for w in widths], 'gabor': gabor,
    'a_tri': a_tri.tolist(), 'closed_tri': closed_tri.tolist(), 'triangle_max': triangle_max,
    'terms_for_1_percent': terms_for_1_percent, 'estimate': estimate,
    'kinked': [kinked.sigma_t, kinked.sigma_f, kinked.product], 'kinked_exact': kinked_exact,
    'peak_10': list(peak_10), 'peak_40': list(peak_40), 'limit_height': limit_height,
}"""


def _run(run_page):
    return run_page(PAGE, probe=PROBE)


def _partial_sum(x, n_terms):
    """Independent: the sum written term by term."""
    return sum(4 / (math.pi * (2 * k - 1)) * np.sin((2 * k - 1) * x) for k in range(1, n_terms + 1))


def _peak(n_terms):
    found = minimize_scalar(lambda x: -_partial_sum(x, n_terms), bounds=(1e-9, math.pi / n_terms),
                            method="bounded", options={"xatol": 1e-12})
    return found.x, -found.fun


def _ojs_define(run):
    """The JSON that ojs_define put into the page, as Quarto would write it into the HTML."""
    outputs = [o for o in run.cell("explorer-data").outputs if o.get("metadata", {}).get("ojs_define")]
    assert len(outputs) == 1, "the data cell must call ojs_define exactly once"
    html = outputs[0]["data"]["text/html"]
    match = re.fullmatch(r'<script type="ojs-define">(.*)</script>', html, flags=re.S)
    assert match, html[:200]
    contents = json.loads(match.group(1))["contents"]
    return {item["name"]: item["value"] for item in contents}


def test_partial_sums_and_coefficients(run_page):
    run = _run(run_page)
    p = run.probe
    assert abs(p["one_term_height"] - 4 / math.pi) < 1e-12
    alt = run.figure("fig-partial-sums").cell.options["fig-alt"]
    assert f"height {p['one_term_height']:.2f}" in alt and p["terms_shown"] == [1, 5, 25]
    assert "twenty-five-term" in alt and "five-term" in alt
    # Still overshooting next to each jump with 25 terms (a square wave of level 1).
    assert _peak(25)[1] > 1.05
    # Coefficients from samples: against NumPy's FFT of the same samples, and quad for the closed form.
    m = p["n_samples"]
    x = 2 * np.pi * np.arange(m) / m
    samples = np.where((x == 0) | (x == np.pi), 0.0, np.where(x < np.pi, 1.0, -1.0))
    fft_b = -2 / m * np.fft.rfft(samples).imag[: len(p["b"])]
    np.testing.assert_allclose(p["b"], fft_b, atol=1e-12)
    for n in (1, 2, 3, 30):
        closed = 2 / math.pi * quad(lambda s: math.sin(n * s), 0, math.pi)[0]
        assert abs(p["b"][n] - closed) <= p["coefficient_error"] + 1e-15
    assert p["coefficient_error"] < 1e-5 and f"{p['coefficient_error']:.1e}" == "7.2e-06"
    assert p["cosine_size"] < 1e-15 * m
    alt = run.figure("fig-coefficients-error").cell.options["fig-alt"]
    assert f"{4 / math.pi:.2f} at n = 1" in alt and "harmonics 1 to 30" in alt


def test_mean_square_error(run_page):
    run = _run(run_page)
    p = run.probe
    for n, closed in zip(p["n_terms"], p["closed_mse"]):
        if n <= 5:  # quad of the squared error over half a period (odd symmetry)
            assert abs(closed - quad(lambda s: (1 - _partial_sum(s, n)) ** 2, 0, math.pi, limit=400)[0] / math.pi) < 1e-9
        assert abs(closed - (1 - 8 / math.pi ** 2 * sum(1 / (2 * k - 1) ** 2 for k in range(1, n + 1)))) < 1e-12
    rel = max(abs(a - b) / b for a, b in zip(p["measured_mse"], p["closed_mse"]))
    assert rel == p["mse_rel_error"] < 5e-3
    assert round(p["mse_ratio_200"], 3) == 1.0
    assert p["n_terms"][-1] == 200
    alt = run.figure("fig-coefficients-error").cell.options["fig-alt"]
    assert f"about {p['closed_mse'][0]:.2f} at one term" in alt
    assert f"about {p['closed_mse'][-1]:.3f} at 200 terms" in alt
    # The error falls like 1 / N.
    assert abs(p["closed_mse"][-1] * 200 * math.pi ** 2 / 2 - 1) < 5e-3


def test_gibbs_claims(run_page):
    run = _run(run_page)
    p = run.probe
    si_pi = sici(math.pi)[0]
    assert abs(p["limit"] - (si_pi / math.pi - 0.5)) < 1e-14
    assert abs(2 / math.pi * si_pi - 1.1790) < 5e-5 and f"{p['limit']:.2%}" == "8.95%"
    for n, overshoot, position in zip(p["gibbs_terms"], p["overshoots"], p["peak_positions"]):
        x_peak, height = _peak(n)
        assert abs(overshoot - (height - 1) / 2) < 1e-6
        assert abs(position - math.pi / (2 * n)) < 1e-12 and abs(x_peak - math.pi / (2 * n)) < 1e-6
    assert p["peak_position_error"] < 1e-12
    overshoots = p["overshoots"]
    assert all(a > b for a, b in zip(overshoots, overshoots[1:]))  # decreasing ...
    assert all(o > p["limit"] for o in overshoots)                 # ... towards the limit, not zero
    assert 0 < p["overshoot_1000_gap"] < 1e-7
    alt = run.figure("fig-gibbs").cell.options["fig-alt"]
    assert f"{100 * overshoots[0]:.1f} % for one term" in alt
    assert f"dotted line at {1 + 2 * p['limit']:.4f}" in alt and f"{100 * p['limit']:.2f} %" in alt
    assert p["gibbs_terms"][0] == 1 and p["gibbs_terms"][-1] == 1000
    assert "near 1.18" in alt and abs(_peak(5)[1] - 1.18) < 0.005 and abs(_peak(80)[1] - 1.18) < 0.005


def test_gibbs_pitfall(run_page):
    p = _run(run_page).probe
    assert abs(p["overshoot_height"] - (2 / math.pi * sici(math.pi)[0] - 1)) < 1e-14
    assert f"{p['share_of_amplitude']:.1%}" == "17.9%"
    # Next to the jump the error stays large: 1 - S_N(h / 2) at the offset grid's first sample,
    # and the largest error over the whole offset grid is that one.
    h = 2 * math.pi / 2 ** 14
    assert abs(p["nearest_sample"] - h / 2) < 1e-15
    assert abs(p["error_next_to_jump"] - (1 - _partial_sum(h / 2, 1000))) < 1e-9
    x_near = h * (np.arange(200) + 0.5)
    assert np.argmax(np.abs(1 - _partial_sum(x_near, 1000))) == 0
    assert p["error_next_to_jump"] > 0.5
    assert abs(p["mse_1000"] - (1 - 8 / math.pi ** 2 * sum(1 / (2 * k - 1) ** 2 for k in range(1, 1001)))) < 1e-12


def test_time_frequency(run_page):
    run = _run(run_page)
    p = run.probe
    for sigma, st, sf, product in zip(p["sigmas"], p["sigma_t_values"], p["sigma_f_values"], p["products"]):
        assert abs(st - sigma / math.sqrt(2)) < 1e-9
        assert abs(sf - 1 / (2 * math.sqrt(2) * math.pi * sigma)) < 1e-6
        assert f"{product:.5f}" == f"{1 / (4 * math.pi):.5f}"
    # "Halving the duration doubles the bandwidth".
    assert abs(p["sigma_f_values"][0] / p["sigma_f_values"][1] - 2) < 1e-6
    alt = run.figure("fig-time-frequency").cell.options["fig-alt"]
    assert "σ = 0.25, 0.5, 1 and 2 seconds" in alt.replace("widths ", "")
    assert p["sigmas"] == [0.25, 0.5, 1.0, 2.0]


def test_exercise_solutions(run_page):
    p = _run(run_page).probe
    # Triangle wave: a_n = 8 / (pi n)^2 for odd n, by quad; no overshoot with ten terms.
    for k, n in enumerate((1, 3, 5)):
        closed = 2 / math.pi * quad(lambda s: (1 - 2 / math.pi * s) * math.cos(n * s), 0, math.pi)[0]
        assert abs(p["closed_tri"][k] - closed) < 1e-12 and abs(p["a_tri"][n] - closed) < 1e-5
    assert p["triangle_max"] < 1.0
    # Terms for one per cent, by the series summed here.
    mse, n = 1.0, 0
    while mse >= 0.01:
        n += 1
        mse -= 8 / math.pi ** 2 / (2 * n - 1) ** 2
    assert p["terms_for_1_percent"] == n == 21 and abs(p["estimate"] - 200 / math.pi ** 2) < 1e-12
    # Two-sided exponential: sqrt(2) times the Gabor limit.
    sigma_t, sigma_f, product = p["kinked"]
    assert abs(sigma_t - 1 / math.sqrt(2)) < 1e-4 and abs(sigma_f - 1 / (2 * math.pi)) < 2e-3 / (2 * math.pi)
    assert abs(product / p["kinked_exact"] - 1) < 2e-3
    assert abs(p["kinked_exact"] * 4 * math.pi - math.sqrt(2)) < 1e-12
    # First peak at pi / (2N), heights by an optimiser, the limit by SciPy's sine integral.
    for (position, height), n in ((p["peak_10"], 10), (p["peak_40"], 40)):
        assert abs(position - math.pi / (2 * n)) < 1e-12 and abs(height - _peak(n)[1]) < 1e-6
    assert abs(p["limit_height"] - 2 / math.pi * sici(math.pi)[0]) < 1e-13


def test_ojs_data_cell(run_page):
    """What ojs_define hands to the Observable JS cells, parsed from the executed page."""
    run = _run(run_page)
    data = _ojs_define(run)
    assert list(data) == ["fourier"]
    fourier = data["fourier"]
    assert fourier["max_terms"] == run.probe["max_terms"] == 30
    x = np.array(fourier["x"])
    assert x.size == 361 and abs(x[0] + math.pi) < 1e-4 and abs(x[-1] - math.pi) < 1e-4
    np.testing.assert_array_equal(fourier["square"], np.sign(x) * (np.abs(x) < math.pi - 1e-3))
    sums = np.array(fourier["sums"])
    assert sums.shape == (30, 361)
    exact_x = np.linspace(-math.pi, math.pi, 361)
    for n in (1, 2, 17, 30):
        np.testing.assert_allclose(sums[n - 1], _partial_sum(exact_x, n), atol=5e-5)
    for n in (1, 5, 30):
        height = _peak(n)[1]
        assert abs(fourier["peak"][n - 1] - height) < 1e-4
        assert abs(fourier["overshoot"][n - 1] - (height - 1) / 2) < 1e-5
    # The OJS cells use exactly these names.
    sources = "\n".join(c.source for c in run.page.ojs_cells)
    for key in ("max_terms", "x", "square", "sums", "peak", "overshoot"):
        assert f"fourier.{key}" in sources


def _node_ready() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed"
    for package in ("@observablehq/parser", "@observablehq/plot", "@observablehq/inputs", "jsdom"):
        if not (OJS_DIR / "node_modules" / package / "package.json").is_file():
            return f"{package} is not installed (run: npm install --prefix tests/chapters/ojs)"
    return None


def test_ojs_cells_run_and_draw_the_data(run_page):
    """Run the page's OJS cells in Node for three slider settings; check what they draw."""
    reason = _node_ready()
    if reason:
        pytest.skip(f"OJS cells not run: {reason}; the data cell is still checked by test_ojs_data_cell")
    run = _run(run_page)
    fourier = _ojs_define(run)["fourier"]
    ojs = run.page.ojs_cells
    assert len(ojs) == 2
    figure_div = [i for i, d in enumerate(run.page.divs) if d.id == "fig-explorer"][0]
    assert [c for c in ojs if figure_div in c.divs] == [ojs[1]]  # the plot is the figure's one cell
    request = {"blocks": [c.source for c in ojs], "defines": {"fourier": fourier},
               "overrides": [{}, {"terms": 1}, {"terms": 30}]}
    done = subprocess.run(["node", str(OJS_DIR / "check_ojs.mjs")], input=json.dumps(request),
                          capture_output=True, text=True, timeout=120, cwd=OJS_DIR)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    x = np.array(fourier["x"])
    for result, expected_terms in zip(results, (5, 1, 30)):
        slider, plot = (c["output"] for c in result["cells"])
        assert slider["kind"] == "range" and (slider["min"], slider["max"], slider["step"]) == (1, 30, 1)
        assert slider["value"] == expected_terms and slider["label"] == "terms N"
        assert plot["kind"] == "svg"
        # Theme: ink is currentColor (the page's text colour), the partial sum the palette's orange,
        # which both themes share; nothing is hard-coded black or white, and no background is painted.
        assert plot["rootFill"] == "currentColor"
        assert set(plot["colours"]) <= {"currentColor", "none", "#E69F00"}, plot["colours"]
        assert plot["rects"] == 0 and "background:" not in plot["style"]
        lines = [p for p in plot["paths"] if p["d"].count("L") == x.size - 1]
        assert [p["stroke"] for p in lines] == ["currentColor", "#E69F00"]
        # The orange line is the N-term partial sum: its pixels are an affine image of the data.
        points = np.array([[float(v) for v in pair.split(",")] for pair in re.split(r"[ML]", lines[1]["d"])[1:]])
        y_data = np.array(fourier["sums"][expected_terms - 1])
        design = np.c_[y_data, np.ones_like(y_data)]
        coefficients, *_ = np.linalg.lstsq(design, points[:, 1], rcond=None)
        assert coefficients[0] < 0  # up is up
        assert np.max(np.abs(design @ coefficients - points[:, 1])) < 0.01  # pixels
        label = f"N = {expected_terms}: peak {fourier['peak'][expected_terms - 1]:.3f}, " \
                f"overshoot {100 * fourier['overshoot'][expected_terms - 1]:.2f} % of the jump"
        assert label in plot["texts"]
        assert "x (radians) →" in plot["texts"] and "↑ value" in plot["texts"]
        # For screen readers: a label, and a description with this N's numbers.
        assert plot["ariaLabel"] == "Square wave and its Fourier partial sum"
        assert f"partial sum with {expected_terms} terms" in plot["ariaDescription"]
        assert f"to {fourier['peak'][expected_terms - 1]:.3f}." in plot["ariaDescription"]
