"""Claims of chapters/graphical-models-and-hmms.qmd, read from the executed page.

The page teaches the package's recursions; this test holds them against hmmlearn's
CategoricalHMM (log-likelihood via ``score``, Viterbi via ``decode``, posteriors via
``predict_proba``) on the page's own rolls, and recomputes every exercise independently.
"""

import itertools
import math

import numpy as np
from hmmlearn.hmm import CategoricalHMM

PROBE = """{
    'summaries': {k: {'sampled': s.sampled, 'exact': s.exact} for k, s in summaries.items()},
    'n_samples': n_samples, 'largest_sampling_error': largest_sampling_error,
    'p_b': p_b, 'p_b_quake': p_b_quake, 'p_b_alarm': p_b_alarm, 'p_b_alarm_quake': p_b_alarm_quake,
    'p_b_alarm_sampled': float(p_b_alarm_sampled), 'p_b_alarm_quake_sampled': float(p_b_alarm_quake_sampled),
    'start': casino.start.tolist(), 'transition': casino.transition.tolist(), 'emission': casino.emission.tolist(),
    'rolls': rolls.tolist(), 'true_states': true_states.tolist(), 'n_rolls': n_rolls,
    'filtered': result.filtered.tolist(), 'smoothed': smoothed.tolist(), 'log_likelihood': result.log_likelihood,
    'best_path': best_path.tolist(), 'best_log_prob': best_log_prob,
    'accuracy_viterbi': accuracy_viterbi, 'accuracy_smoothed': accuracy_smoothed,
    'accuracy_filtered': accuracy_filtered, 'share_loaded': share_loaded,
    'brute_loglik_error': float(brute_loglik_error), 'brute_posterior_error': brute_posterior_error,
    'brute_path_agrees': brute_path_agrees, 'short': short.tolist(),
    'long_rolls': long_rolls.tolist(), 'raw': raw.tolist(), 'scaled': scaled.tolist(),
    'first_zero': first_zero, 'scaled_at_1000': scaled_at_1000, 'unscaled_at_100_error': float(unscaled_at_100_error),
    'no_quake': no_quake, 'by_hand': by_hand,
    'p_three_sixes': p_three_sixes, 'p_loaded_third': p_loaded_third,
    'p_three_sixes_enumerated': p_three_sixes_enumerated,
    'loaded_steps': {str(k): v for k, v in loaded_steps.items()}, 'shortest_run': shortest_run,
    'gain_per_six': float(gain_per_six), 'switch_cost': float(switch_cost),
    'descendant_sampled': descendant.sampled, 'descendant_exact': descendant.exact,
}"""

PAGE = "chapters/graphical-models-and-hmms.qmd"


def _probe(run_page):
    return run_page(PAGE, probe=PROBE)


def _reference(p):
    model = CategoricalHMM(n_components=2, n_features=6)
    model.startprob_ = np.array(p["start"])
    model.transmat_ = np.array(p["transition"])
    model.emissionprob_ = np.array(p["emission"])
    return model


def _runs(mask):
    """(begin, end) of every run of True."""
    edges = np.flatnonzero(np.diff(np.r_[0, np.asarray(mask, dtype=int), 0]))
    return list(zip(edges[::2], edges[1::2]))


def test_structures_claims(run_page):
    run = _probe(run_page)
    p = run.probe
    s = p["summaries"]
    alt = run.figure("fig-structures").cell.options["fig-alt"]
    for name in ("chain", "fork"):
        # Dependent overall (exactly 0.6 * 0.6 = 0.36), independent given Y.
        assert abs(s[name]["exact"]["overall"] - 0.36) < 1e-12
        assert abs(s[name]["exact"]["given 0"]) < 1e-12 and abs(s[name]["exact"]["given 1"]) < 1e-12
        assert round(s[name]["sampled"]["overall"], 2) in (0.35, 0.36, 0.37, 0.38)  # "about 0.36"
        assert abs(s[name]["sampled"]["given 0"]) < 0.04 and abs(s[name]["sampled"]["given 1"]) < 0.04
    c = s["collider"]
    assert abs(c["exact"]["overall"]) < 1e-12 and abs(c["sampled"]["overall"]) < 0.03
    assert c["exact"]["given 1"] < -0.35 and f"about {c['sampled']['given 1']:.2f}" == "about -0.40"
    assert "about -0.40" in alt and "about 0.36" in alt
    assert 0 < c["sampled"]["given 0"] < 0.1 and 0 < c["exact"]["given 0"] < 0.05  # "small"
    # Every sampled value is within the stated distance of the exact one; noise of order 1/sqrt(m).
    errors = [abs(v["sampled"][k] - v["exact"][k]) for v in s.values() for k in v["sampled"]]
    assert max(errors) == p["largest_sampling_error"] < 0.03
    assert "within 0.03" in alt
    assert p["largest_sampling_error"] < 3 / math.sqrt(p["n_samples"] / 2)
    assert list(run.figure("fig-structures").images) == ["light", "dark"]


def test_explaining_away(run_page):
    p = _probe(run_page).probe
    prior_b, prior_e = 0.1, 0.1
    table = {(0, 0): 0.01, (0, 1): 0.7, (1, 0): 0.9, (1, 1): 0.95}
    joint = {(b, e, a): (prior_b if b else 1 - prior_b) * (prior_e if e else 1 - prior_e)
             * (table[b, e] if a else 1 - table[b, e]) for b, e, a in itertools.product((0, 1), repeat=3)}
    p_alarm = sum(v for (b, e, a), v in joint.items() if a)
    p_b_alarm = sum(v for (b, e, a), v in joint.items() if a and b) / p_alarm
    p_b_alarm_quake = joint[1, 1, 1] / (joint[1, 1, 1] + joint[0, 1, 1])
    assert abs(p["p_b"] - 0.1) < 1e-12 and abs(p["p_b_quake"] - 0.1) < 1e-12  # independent causes
    assert abs(p["p_b_alarm"] - p_b_alarm) < 1e-12 and abs(p["p_b_alarm_quake"] - p_b_alarm_quake) < 1e-12
    assert p["p_b_alarm_quake"] < p["p_b_alarm"]  # the earthquake explains the alarm away
    assert p["p_b_alarm"] > 5 * p["p_b"]  # "raises the probability a lot"
    assert abs(p["p_b_alarm_sampled"] - p_b_alarm) < 0.01
    assert abs(p["p_b_alarm_quake_sampled"] - p_b_alarm_quake) < 0.02


def test_casino_model_numbers(run_page):
    p = _probe(run_page).probe
    np.testing.assert_allclose(p["transition"], [[0.95, 0.05], [0.1, 0.9]])
    np.testing.assert_allclose(p["emission"][0], [1 / 6] * 6)
    np.testing.assert_allclose(p["emission"][1], [0.1] * 5 + [0.5])
    np.testing.assert_allclose(p["start"], [2 / 3, 1 / 3])  # the stationary distribution
    np.testing.assert_allclose(np.array(p["start"]) @ np.array(p["transition"]), p["start"])


def test_recursions_agree_with_hmmlearn(run_page):
    p = _probe(run_page).probe
    model = _reference(p)
    column = np.array(p["rolls"]).reshape(-1, 1)
    assert abs(model.score(column) - p["log_likelihood"]) < 1e-9
    np.testing.assert_allclose(model.predict_proba(column), p["smoothed"], atol=1e-9)
    ref_log_prob, ref_path = model.decode(column, algorithm="viterbi")
    assert np.array_equal(ref_path, p["best_path"])
    assert abs(ref_log_prob - p["best_log_prob"]) < 1e-9
    # Filtering: hmmlearn has no filter method; the last row of predict_proba on each prefix is it.
    for t in (0, 49, 150, 299):
        prefix = column[: t + 1]
        np.testing.assert_allclose(model.predict_proba(prefix)[-1], p["filtered"][t], atol=1e-9)


def test_decoding_claims(run_page):
    run = _probe(run_page)
    p = run.probe
    truth = np.array(p["true_states"])
    path = np.array(p["best_path"])
    smoothed = np.array(p["smoothed"])[:, 1]
    filtered = np.array(p["filtered"])[:, 1]
    assert p["n_rolls"] == len(p["rolls"]) == 300
    assert abs(p["share_loaded"] - truth.mean()) < 1e-12
    assert abs(p["accuracy_viterbi"] - np.mean(path == truth)) < 1e-12
    assert abs(p["accuracy_smoothed"] - np.mean((smoothed > 0.5) == truth)) < 1e-12
    assert abs(p["accuracy_filtered"] - np.mean((filtered > 0.5) == truth)) < 1e-12
    # "The later rolls help": smoothing beats filtering.
    assert p["accuracy_smoothed"] > p["accuracy_filtered"]
    # The alt text: 2 Viterbi stretches, the longest around the longest loaded stretch; the
    # smoothed probability's highest peak lies in a shaded band.
    alt = run.figure("fig-casino").cell.options["fig-alt"]
    stretches = _runs(path == 1)
    assert len(stretches) == 2 and "is 1 on 2 stretches" in alt
    longest = max(stretches, key=lambda r: r[1] - r[0])
    true_longest = max(_runs(truth == 1), key=lambda r: r[1] - r[0])
    assert longest[0] <= true_longest[0] and true_longest[1] <= longest[1]
    assert truth[int(np.argmax(smoothed))] == 1
    assert "the 300 rolls" in alt


def test_brute_force_agreement(run_page):
    p = _probe(run_page).probe
    assert p["brute_loglik_error"] < 1e-12
    assert p["brute_posterior_error"] < 1e-12
    assert p["brute_path_agrees"]
    assert len(p["short"]) == 12 and 2 ** 12 == 4096


def test_underflow_pitfall(run_page):
    run = _probe(run_page)
    p = run.probe
    raw = np.array(p["raw"])
    scaled = np.array(p["scaled"])
    # The raw product is 0.0 from the stated roll on, and positive before it.
    assert raw[p["first_zero"] - 1] == 0.0 and raw[p["first_zero"] - 2] > 0.0
    assert np.all(raw[p["first_zero"] - 1:] == 0.0)
    assert scaled[p["first_zero"] - 1] / math.log(10) < math.log10(np.finfo(float).tiny)  # past 1e-308
    assert p["unscaled_at_100_error"] < 1e-10
    assert np.all(np.isfinite(scaled)) and p["scaled_at_1000"] == scaled[-1]
    model = _reference(p)
    assert abs(model.score(np.array(p["long_rolls"]).reshape(-1, 1)) - p["scaled_at_1000"]) < 1e-8
    alt = run.figure("fig-underflow").cell.options["fig-alt"]
    assert f"about {round(p['scaled_at_1000'] / math.log(10), -1):.0f} at 1000 rolls" in alt
    assert "-308" in alt


def test_exercise_solutions(run_page):
    p = _probe(run_page).probe
    # Explaining away, E = 0: Bayes' rule by hand.
    assert abs(p["no_quake"] - 0.09 / (0.09 + 0.009)) < 1e-12 and abs(p["by_hand"] - p["no_quake"]) < 1e-12
    assert p["no_quake"] > p["p_b_alarm"]
    # Three sixes: the eight paths written out here.
    start, trans = np.array(p["start"]), np.array(p["transition"])
    six = np.array([1 / 6, 0.5])
    joint = {path: start[path[0]] * six[path[0]] * trans[path[0], path[1]] * six[path[1]]
             * trans[path[1], path[2]] * six[path[2]] for path in itertools.product((0, 1), repeat=3)}
    total = sum(joint.values())
    assert abs(p["p_three_sixes"] - total) < 1e-12 and abs(p["p_three_sixes_enumerated"] - total) < 1e-12
    assert abs(p["p_loaded_third"] - sum(v for k, v in joint.items() if k[2] == 1) / total) < 1e-12
    # Run of sixes: hmmlearn's Viterbi gives the same threshold; the nats argument predicts it.
    model = _reference(p)
    ordinary = np.tile(np.arange(5), 4)
    loaded = {}
    for k in range(1, 13):
        _, states = model.decode(np.r_[ordinary, np.full(k, 5), ordinary].reshape(-1, 1), algorithm="viterbi")
        loaded[k] = int(states.sum())
        assert loaded[k] == p["loaded_steps"][str(k)]
        assert loaded[k] in (0, k)  # the whole run and only the run
    assert p["shortest_run"] == min(k for k, n in loaded.items() if n > 0) == 5
    assert abs(p["gain_per_six"] - (math.log(3) + math.log(0.9 / 0.95))) < 1e-12
    assert abs(p["switch_cost"] - math.log(0.9 * 0.95 / 0.005)) < 1e-12
    assert math.ceil(p["switch_cost"] / p["gain_per_six"]) == p["shortest_run"]
    # Descendant of a collider: negative, weaker than conditioning on Y itself.
    exact_y = p["summaries"]["collider"]["exact"]["given 1"]
    assert exact_y < p["descendant_exact"]["given 1"] < -0.1
    assert abs(p["descendant_sampled"]["given 1"] - p["descendant_exact"]["given 1"]) < 0.03
