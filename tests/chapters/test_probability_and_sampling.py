"""Claims of chapters/probability-and-sampling.qmd, read from the executed page."""

import math

import numpy as np
from scipy import integrate, stats

PROBE = """{
    'pi_mean': pi_estimate.mean, 'pi_se': pi_estimate.standard_error, 'pi_n': pi_estimate.n,
    'pi_sigma': float(pi_sigma), 'sample_sizes': sample_sizes.tolist(), 'rms_errors': rms_errors.tolist(),
    'predicted_rms': predicted_rms.tolist(), 'slope': slope,
    'tail': float(tail), 'n_tail': n_tail, 'plain_hits': int(plain_draws.sum()), 'first_hit': first_hit,
    'hit_positions': (np.flatnonzero(plain_draws) + 1).tolist(),
    'plain_mean': plain.mean, 'shifted_mean': shifted.mean, 'shifted_var': shifted.per_sample_variance,
    'plain_variance': float(plain_variance), 'shifted_variance': float(shifted_variance),
    'no_hit_in_10k': float(no_hit_in_10k),
    'shifted_max_dev_after': {k: float(np.max(np.abs(np.cumsum(shifted_values)[k - 1:] / np.arange(k, n_tail + 1) / tail - 1)))
                              for k in (300, 3000)},
    'shifted_dev_first_100': float(np.max(np.abs(np.cumsum(shifted_values)[:100] / np.arange(1, 101) / tail - 1))),
    'plain_final_ratio': float(plain_draws.mean() / tail),
    'exponential_mean': float(exponential_draws.mean()), 'exponential_n': int(exponential_draws.size),
    'ks_right': [float(ks_right.statistic), float(ks_right.pvalue)],
    'ks_wrong': [float(ks_wrong.statistic), float(ks_wrong.pvalue)],
    'best_envelope': float(best_envelope), 'grid_envelope': grid_envelope,
    'normal_acceptance': normal_draws.acceptance_rate, 'normal_proposals': int(normal_draws.proposals.size),
    'normal_accepted': int(normal_draws.samples.size), 'ks_normal': float(ks_normal.pvalue),
    'normal_violations': normal_draws.n_violations,
    'rejected_shown': normal_draws.proposals[:2000][~normal_draws.accepted[:2000]].tolist(),
    'low_var': float(low_draws.samples.var()), 'low_acceptance': low_draws.acceptance_rate,
    'ks_low': float(ks_low.pvalue), 'low_violations': low_draws.n_violations,
    'low_violations_recount': int(np.sum(stats.norm.pdf(low_draws.proposals) > laplace_pdf(low_draws.proposals))),
    'low_n': int(low_draws.proposals.size), 'low_accepted': int(low_draws.samples.size),
    'steps': steps.tolist(), 'acceptance': chains.acceptance_rate.tolist(),
    'predicted_acceptance': predicted_acceptance.tolist(), 'ess_per_draw': ess_per_draw.tolist(),
    'best_step': best_step, 'chain_moments': {str(k): v for k, v in chain_moments.items()},
    'lag1': {str(k): v for k, v in lag1.items()}, 'n_chain': int(chains.samples.shape[0]),
    'chain_ranges_first_1000': np.ptp(chains.samples[:1000], axis=0).tolist(),
    'stuck_fraction_first_1000': float(np.mean(np.diff(chains.samples[:1000, -1]) == 0)),
    'post': [post_a, post_b], 'grid_gap': grid_gap, 'interval': interval.tolist(), 'posterior_mean': float(posterior.mean()),
    'mle_coin': bernoulli_mle(flips), 'heads': int(flips.sum()), 'flips': int(flips.size), 'theta_n': int(theta.size),
    'mle_three': mle_three, 'after_three': list(after_three), 'predictive_heads': float(predictive_heads),
    'mle_var_mean': float(mle_variances.mean()), 'mle_var_se': float(mle_variances.std() / np.sqrt(mle_variances.size)),
    'mle_n_samples': int(len(five_point_samples)),
    'scipy_fit': [float(v) for v in scipy_fit], 'ours_fit': [float(v) for v in ours_fit],
    'forward': [forward.mean, forward.sd, forward.divergence],
    'reverse_left': [reverse_left.mean, reverse_left.sd, reverse_left.divergence],
    'reverse_right': [reverse_right.mean, reverse_right.sd, reverse_right.divergence],
    'moments': [moment_mean, moment_sd], 'p_at_forward_mean': p_at_forward_mean,
    'cross': {k: float(v) for k, v in cross.items()},
    'p_peak_heights': [float(np.exp(log_p(np.array([-2.0])))[0]), float(np.exp(log_p(np.array([2.0])))[0])],
    'beta_envelope': beta_envelope, 'beta_acceptance': beta_draws.acceptance_rate, 'beta_n': int(beta_draws.proposals.size),
    'ks_beta': float(ks_beta.pvalue),
    'post_mean': post_mean, 'post_var': post_var, 'grid_mean': grid_mean, 'grid_sd': grid_sd,
    'readings_mle': gaussian_mle(readings)[0],
    'n_plain': n_plain, 'n_shifted': n_shifted, 'measured_relative_error': measured_relative_error,
    'n_repeats': len(repeats),
}"""

PAGE = "chapters/probability-and-sampling.qmd"


def _probe(run_page):
    return run_page(PAGE, probe=PROBE).probe


def test_monte_carlo_error_follows_one_over_root_n(run_page):
    p = _probe(run_page)
    sigma = 4 * math.sqrt(math.pi / 4 * (1 - math.pi / 4))
    assert abs(p["pi_sigma"] - sigma) < 1e-12 and p["pi_n"] == 10_000
    assert abs(p["pi_se"] - sigma / 100) < 0.02 * sigma / 100  # the estimated SE is close to the exact one
    assert abs(p["pi_mean"] - math.pi) < 3 * sigma / 100
    rms, predicted = np.array(p["rms_errors"]), np.array(p["predicted_rms"])
    np.testing.assert_allclose(predicted, sigma / np.sqrt(p["sample_sizes"]))
    assert np.max(np.abs(rms / predicted - 1)) < 0.1
    assert abs(p["slope"] + 0.5) < 0.03


def test_importance_sampling_of_the_tail(run_page):
    p = _probe(run_page)
    exact = 0.5 * math.erfc(4 / math.sqrt(2))
    assert abs(p["tail"] - exact) < 1e-18
    assert p["plain_hits"] == len(p["hit_positions"]) == 4 and p["first_hit"] == p["hit_positions"][0] == 61_200
    assert p["plain_mean"] == p["plain_hits"] / p["n_tail"]
    assert abs(p["no_hit_in_10k"] - math.exp(10_000 * math.log1p(-exact))) < 1e-12
    assert f"{p['no_hit_in_10k']:.0%}" == "73%"
    # The variance per draw of the shifted proposal, by quadrature (independent of the e^16 formula).
    second_moment = integrate.quad(lambda x: np.exp(2 * stats.norm.logpdf(x) - stats.norm.logpdf(x - 4)), 4, 40)[0]
    assert abs(p["shifted_variance"] - (second_moment - exact ** 2)) < 1e-3 * p["shifted_variance"]
    assert abs(p["shifted_var"] / p["shifted_variance"] - 1) < 0.05  # measured vs formula
    assert abs(p["shifted_mean"] / exact - 1) < 0.01
    assert 6_900 < p["plain_variance"] / p["shifted_variance"] < 7_100
    # Figure claims: plain at zero before draw 61,200, about 1.3 at the end; IS within 15 % / 5 %.
    assert round(p["plain_final_ratio"], 1) == 1.3
    assert p["shifted_max_dev_after"]["300"] < 0.15 and p["shifted_max_dev_after"]["3000"] < 0.05
    assert p["shifted_dev_first_100"] > 0.3  # "swings widely over the first hundred draws"


def test_inverse_transform_and_rejection_sampling(run_page):
    p = _probe(run_page)
    assert abs(p["exponential_mean"] - 0.5) < 3 * 0.5 / math.sqrt(p["exponential_n"])
    assert p["ks_right"][1] > 0.05 and p["ks_wrong"][1] < 1e-100 and p["ks_wrong"][0] > 0.4
    m = math.sqrt(2 * math.e / math.pi)
    assert abs(p["best_envelope"] - m) < 1e-15 and abs(p["grid_envelope"] - m) < 1e-9
    assert f"{m:.4f}" == "1.3155" and f"{1 / m:.3f}" == "0.760"
    n = p["normal_proposals"]
    assert abs(p["normal_acceptance"] - 1 / m) < 3 * math.sqrt((1 / m) * (1 - 1 / m) / n)
    assert p["normal_accepted"] == round(p["normal_acceptance"] * n) and p["ks_normal"] > 0.05
    assert p["normal_violations"] == 0
    # M = 1: draws from min(p, q) normalised; acceptance = its mass, variance = its variance (quadrature).
    laplace = lambda x: 0.5 * np.exp(-np.abs(x))
    clipped = lambda x: min(stats.norm.pdf(x), laplace(x))
    mass = integrate.quad(clipped, -40, 40, points=[-1, 0, 1], limit=200)[0]
    variance = integrate.quad(lambda x: x * x * clipped(x), -40, 40, points=[-1, 0, 1], limit=200)[0] / mass
    assert abs(p["low_acceptance"] - mass) < 3 * math.sqrt(mass * (1 - mass) / p["low_n"])
    assert abs(p["low_var"] - variance) < 0.03
    assert p["ks_low"] < 1e-5
    assert p["low_violations"] == p["low_violations_recount"] > 0.5 * p["low_n"]


def test_metropolis_hastings_step_sizes(run_page):
    p = _probe(run_page)
    steps = np.array(p["steps"])
    assert len(steps) == 11 and steps[0] == 0.1 and steps[5] == 2.4 and steps[7] == 5.2 and steps[-1] == 50
    predicted = np.array(p["predicted_acceptance"])
    # The closed form against a direct Monte Carlo of stationary pairs (x ~ N(0,1), y = x + s eps).
    rng = np.random.default_rng(99)
    x = rng.standard_normal(400_000)
    eps = rng.standard_normal(400_000)
    for s, formula in zip(steps, predicted):
        direct = np.mean(np.minimum(1.0, np.exp(np.minimum(0.0, -0.5 * ((x + s * eps) ** 2 - x ** 2)))))
        assert abs(direct - formula) < 0.005
    acceptance = np.array(p["acceptance"])
    assert np.max(np.abs(acceptance - predicted)) < 0.015
    ess = np.array(p["ess_per_draw"])
    assert p["best_step"] == 2.4 == steps[np.argmax(ess)]
    assert 0.2 < ess.max() < 0.26 and 0.4 < acceptance[5] < 0.5
    assert 0.96 < acceptance[0] < 0.98 and 0.015 < acceptance[-1] < 0.03
    n = p["n_chain"]
    assert n == 20_000
    # The s = 0.1 chain is worth about what an AR(1) with its lag-1 correlation would be: n (1 - r)/(1 + r).
    r = p["lag1"]["0.1"]
    assert r > 0.99 and 0.7 < ess[0] * n / (n * (1 - r) / (1 + r)) < 1.4
    assert ess[-1] < 0.02 and ess[0] < 0.01
    mean, var = p["chain_moments"]["2.4"]
    assert abs(mean) < 0.05 and abs(var - 1) < 0.05
    # Pitfall: 23.4 % acceptance means s = 5.2 here, and fewer effective draws.
    assert round(2 / math.tan(0.234 * math.pi / 2), 1) == 5.2
    assert 0.2 < 1 - ess[7] / ess.max() < 0.4
    # Traces: small step covers little of the range; large step stays put most of the time.
    ranges = p["chain_ranges_first_1000"]
    assert ranges[0] < 0.6 * ranges[5] and p["stuck_fraction_first_1000"] > 0.9


def test_maximum_likelihood_and_conjugate_update(run_page):
    p = _probe(run_page)
    assert p["heads"] == 7 and p["flips"] == 10 and p["mle_coin"] == 0.7
    assert p["post"] == [9.0, 5.0] and abs(p["posterior_mean"] - 9 / 14) < 1e-15
    np.testing.assert_allclose(p["interval"], stats.beta(9, 5).interval(0.95))
    assert p["grid_gap"] < 1e-10 and p["theta_n"] == 2001
    # The table: mean, mode, sd and interval of prior Beta(2, 2), likelihood Beta(8, 4), posterior Beta(9, 5).
    rows = {}
    for line in run_page(PAGE, probe=PROBE).cell("posterior-table").text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0].startswith(("prior", "likelihood", "posterior")):
            rows[cells[0]] = cells[1:]
    expected = {"prior Beta(2, 2)": (2, 2), "likelihood, normalised: Beta(8, 4)": (8, 4), "posterior Beta(9, 5)": (9, 5)}
    assert set(rows) == set(expected)
    for name, (a, b) in expected.items():
        dist = stats.beta(a, b)
        low, high = dist.interval(0.95)
        assert rows[name] == [f"{dist.mean():.3f}", f"{(a - 1) / (a + b - 2):.3f}", f"{dist.std():.3f}",
                              f"{low:.3f} to {high:.3f}"]
    # The likelihood's mode is the MLE; the posterior's mean and mode lie between 0.5 and 0.7; its sd is smallest.
    assert abs((8 - 1) / (8 + 4 - 2) - p["mle_coin"]) < 1e-15
    for value in (9 / 14, 8 / 12):
        assert 0.5 < value < 0.7
    assert stats.beta(9, 5).std() < min(stats.beta(8, 4).std(), stats.beta(2, 2).std())
    assert p["mle_three"] == 1.0 and p["after_three"] == [5.0, 2.0] and abs(p["predictive_heads"] - 5 / 7) < 1e-15
    assert abs(p["mle_var_mean"] - 0.8) < 3 * p["mle_var_se"] and p["mle_n_samples"] == 5_000
    assert abs(p["scipy_fit"][0] - p["ours_fit"][0]) < 1e-12
    assert abs(p["scipy_fit"][1] - math.sqrt(p["ours_fit"][1])) < 1e-12


def test_kl_fits(run_page):
    p = _probe(run_page)
    weights, means, sds = np.array([0.35, 0.65]), np.array([-2.0, 2.0]), np.array([0.5, 0.8])
    mean = weights @ means
    sd = math.sqrt(weights @ (sds ** 2 + means ** 2) - mean ** 2)
    assert abs(p["forward"][0] - mean) < 1e-6 and abs(p["forward"][1] - sd) < 1e-6
    np.testing.assert_allclose(p["moments"], [mean, sd])

    def mixture(x):
        return float(weights @ stats.norm.pdf(x, means, sds))

    def reverse_kl(m, s):
        return integrate.quad(lambda x: stats.norm.pdf(x, m, s) * (stats.norm.logpdf(x, m, s) - math.log(mixture(x))),
                              m - 12 * s, m + 12 * s, limit=200)[0]

    def forward_kl(m, s):
        return integrate.quad(lambda x: mixture(x) * (math.log(mixture(x)) - stats.norm.logpdf(x, m, s)),
                              -12, 12, points=[-2, 2], limit=200)[0]

    for fit, weight, centre in ((p["reverse_left"], 0.35, -2.0), (p["reverse_right"], 0.65, 2.0)):
        assert abs(fit[0] - centre) < 0.02
        assert abs(fit[2] - reverse_kl(fit[0], fit[1])) < 1e-6
        assert abs(fit[2] + math.log(weight)) < 0.01
    assert abs(p["reverse_left"][1] - 0.51) < 0.01 and abs(p["reverse_right"][1] - 0.815) < 0.01
    assert abs(p["forward"][2] - forward_kl(mean, sd)) < 1e-6
    assert abs(p["cross"]["forward fit, reverse KL"] - reverse_kl(*p["forward"][:2])) < 1e-4
    assert abs(p["cross"]["right-peak fit, forward KL"] - forward_kl(*p["reverse_right"][:2])) < 1e-4
    assert p["cross"]["forward fit, reverse KL"] > p["reverse_right"][2]
    assert p["cross"]["right-peak fit, forward KL"] > p["forward"][2]
    # The forward fit peaks where p is about a fifth of its peak height.
    peak = max(mixture(x) for x in np.linspace(-3, 3, 6001))
    assert abs(p["p_at_forward_mean"] - mixture(mean) / peak) < 1e-3 and 0.15 < p["p_at_forward_mean"] < 0.25
    # Alt text: the left peak is the smaller one; each reverse fit is taller than the peak it sits on.
    left_height, right_height = p["p_peak_heights"]
    assert left_height < right_height
    assert stats.norm.pdf(0, 0, p["reverse_left"][1]) > left_height
    assert stats.norm.pdf(0, 0, p["reverse_right"][1]) > right_height


def test_figures_and_their_alt_text(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    for figure in ("fig-mc-error", "fig-tail", "fig-rejection", "fig-mixing", "fig-kl"):
        assert list(run.figure(figure).images) == ["light", "dark"]
    alt = run.figure("fig-mc-error").cell.options["fig-alt"]
    assert "from about 0.5 at 10 draws to about 0.016 at 10,000 draws" in alt and "300 repeats" in alt
    assert round(p["predicted_rms"][0], 1) == 0.5 and round(p["predicted_rms"][-1], 3) == 0.016
    alt = run.figure("fig-tail").cell.options["fig-alt"]
    assert "first 61,199 draws" in alt and "its 4 hits" in alt and "ends at about 1.3" in alt
    assert "within 15 % of the exact value from 300 draws on and within 5 % from 3,000 on" in alt
    alt = run.figure("fig-rejection").cell.options["fig-alt"]
    assert "peak of about 0.66 at zero" in alt and round(0.5 * p["best_envelope"], 2) == 0.66
    assert "peaking at about 0.40" in alt and "touches it at x = -1 and x = 1" in alt
    # "mostly near the peak at zero and in the tails": most rejected points lie away from the shoulders.
    rejected = np.abs(np.array(p["rejected_shown"]))
    assert np.mean((rejected < 0.6) | (rejected > 1.8)) > 0.5
    m = p["best_envelope"]  # the envelope touches the bell curve exactly at |x| = 1
    assert abs(m * 0.5 * math.exp(-1) - stats.norm.pdf(1.0)) < 1e-15
    alt = run.figure("fig-mixing").cell.options["fig-alt"]
    assert "from about 0.97 to about 0.02" in alt and "peak of about 0.23 at step 2.4" in alt
    assert round(max(p["ess_per_draw"]), 2) == 0.23 and "below 0.02 at step 50" in alt
    alt = run.figure("fig-kl").cell.options["fig-alt"]
    assert "highest at 0.6" in alt and "about a fifth of its peak height" in alt


def test_exercise_solutions(run_page):
    p = _probe(run_page)
    # Beta(3, 3) under a uniform proposal: M = max pdf = 1.875, acceptance 8/15.
    assert abs(stats.beta(3, 3).pdf(0.5) - 1.875) < 1e-12
    assert abs(p["beta_envelope"] - 1.875) < 1e-9
    n = p["beta_n"]
    assert abs(p["beta_acceptance"] - 8 / 15) < 3 * math.sqrt(8 / 15 * 7 / 15 / n) and p["ks_beta"] > 0.05
    # Normal-Normal: precision 1 + 4/4 = 2, mean 0.5 * 10/4.
    readings = np.array([2.1, 3.4, 1.7, 2.8])
    precision = 1 / 1.0 + len(readings) / 4.0
    assert abs(p["post_var"] - 1 / precision) < 1e-15
    assert abs(p["post_mean"] - readings.sum() / 4.0 / precision) < 1e-12
    assert abs(p["grid_mean"] - 1.25) < 1e-6 and abs(p["grid_sd"] - math.sqrt(0.5)) < 1e-6
    assert abs(p["readings_mle"] - 2.5) < 1e-12
    # Draws for a 10 % relative standard error.
    tail = stats.norm.sf(4)
    assert p["n_plain"] == math.ceil(tail * (1 - tail) / (0.01 * tail ** 2))
    shifted = np.exp(16) * stats.norm.sf(8) - tail ** 2
    assert p["n_shifted"] == math.ceil(shifted / (0.01 * tail ** 2)) == 452
    assert p["n_repeats"] == 400 and abs(p["measured_relative_error"] - 0.1) < 0.015
