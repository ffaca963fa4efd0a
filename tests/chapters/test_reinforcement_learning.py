"""Claims of chapters/reinforcement-learning.qmd, read from the executed page.

The independent checks below read Gymnasium's own transition tables (``env.unwrapped.P``) and
solve them with plain NumPy/SciPy, without the package's MDP code.
"""

import math
import re

import gymnasium as gym
import numpy as np
import pytest
import scipy.linalg

PROBE = """{
    'desc': [row.tobytes().decode() for row in desc],
    'n_states': n_states, 'n_actions': n_actions, 'gamma': gamma,
    'random_returns': [e.total_reward for e in random_play],
    'random_lengths': [len(e.actions) for e in random_play],
    'random_terminated': [e.terminated for e in random_play],
    'steps_first_win': steps_first_win, 'return_first_win': return_first_win,
    'first_win_rewards': first_win.rewards.tolist(),
    'optimal_values': optimal.values.tolist(), 'optimal_policy': optimal.policy.tolist(),
    'optimal_q': optimal.q_values.tolist(), 'n_iterations': optimal.n_iterations,
    'values_gap': values_gap, 'success_exact': float(success_exact), 'success_rollouts': float(success_rollouts),
    'reward_threshold': lake.spec.reward_threshold,
    'p_small': float(p_small), 'p_big': float(p_big), 'first_possible': first_possible,
    'reach_small': reach_exact['4 × 4 lake'].tolist(), 'reach_big': reach_exact['8 × 8 lake'].tolist(),
    'sampled_small': reach_sampled['4 × 4 lake'].tolist(), 'sampled_big': reach_sampled['8 × 8 lake'].tolist(),
    'marks': marks.tolist(), 'sample_gap': sample_gap,
    'sampled_small_marks': reach_sampled['4 × 4 lake'][marks].tolist(), 'sampled_big_marks': reach_sampled['8 × 8 lake'][marks].tolist(), 'slip_difference': slip_difference,
    'small_mean_length': float(small_walks.lengths.mean()), 'big_mean_length': float(big_walks.lengths.mean()),
    'big_still_running': float((~big_walks.terminated).mean()),
    'n_walks': [int(small_walks.lengths.size), int(big_walks.lengths.size)],
    'q_episodes': len(learned.episode_returns), 'q_steps': int(learned.episode_lengths.sum()),
    'greedy': greedy.tolist(), 'wrong_states': wrong_states.tolist(),
    'greedy_success': [float(x) for x in greedy_success], 'checkpoints': learned.checkpoints.tolist(),
    'at_optimum': at_optimum.tolist(), 'first_optimal': first_optimal, 'relapses': relapses,
    'settled_from': settled_from, 'value_error': value_error, 'greedy_start_value': float(greedy_start_value),
    'learned_rollouts': float(learned_rollouts),
    'bonus': bonus, 'step_in': float(step_in), 'loiter': float(loiter),
    'hacked_success': float(hacked_success), 'shaped_success': float(shaped_success),
    'shaped_wrong': shaped_wrong.tolist(), 'potential_identity': potential_identity,
    'plain_policy': plain_opt.policy.tolist(), 'hacked_policy': hacked_opt.policy.tolist(),
    'shaped_policy': shaped_opt.policy.tolist(), 'plain_values': plain_opt.values.tolist(),
    'hacked_values': hacked_opt.values.tolist(), 'shaped_values': shaped_opt.values.tolist(),
    'hacker_states': hacker_episode.states.tolist(), 'hacker_truncated': hacker_episode.truncated,
    'hacker_terminated': hacker_episode.terminated, 'hacker_reward': hacker_episode.total_reward,
    'steps_to_14': steps_to_14,
    'slippery_policy_on_plain': float(reach_probability(plain, optimal.policy, goal, 100)[-1]),
    'gamma_pg': gamma_pg, 'theta': theta.tolist(), 'objective': objective,
    'exact_gradient': exact_gradient.tolist(),
    'z_kept': float(z_scores[kept].max()), 'z_dropped': float(z_scores[dropped].max()),
    'rel_kept': float(relative_error[kept]), 'rel_dropped': float(relative_error[dropped]),
    'mean_kept': summary[kept][0].tolist(), 'mean_dropped': summary[dropped][0].tolist(),
    'n_gradient_episodes': int(len(estimators[kept])),
    'objective_curve': objective_curve.tolist(), 'best_start': float(best_start), 'reach_90': reach_90,
    'silent_updates': silent_updates, 'mean_returns': trained.mean_returns.tolist(),
    'thetas_norm': [float(np.abs(t).max()) for t in trained.thetas],
    'exercise_returns': exercise_returns.tolist(), 'exercise_g0': exercise_g0,
    'route': route.tolist(), 'route_plain': route_plain.tolist(), 'route_slippery': route_slippery.tolist(),
    'route_slippery_success': float(route_slippery_success),
    'empty_reach': empty_reach.tolist(),
}"""

PAGE = "chapters/reinforcement-learning.qmd"
ARROW_WORDS = {0: "left", 1: "down", 2: "right", 3: "up"}


@pytest.fixture(scope="module")
def run(run_page):
    return run_page(PAGE, probe=PROBE)


@pytest.fixture(scope="module")
def p(run):
    return run.probe


# --- Independent references built from Gymnasium's own tables --------------------------------------

def _tables(env):
    """(P[s, a, s2], r[s, a], terminal[s]) straight from env.unwrapped.P."""
    table = env.unwrapped.P
    n_s, n_a = env.observation_space.n, env.action_space.n
    P, R, terminal = np.zeros((n_s, n_a, n_s)), np.zeros((n_s, n_a)), np.zeros(n_s, bool)
    for s in range(n_s):
        for a in range(n_a):
            for prob, s2, reward, done in table[s][a]:
                P[s, a, s2] += prob
                R[s, a] += prob * reward
                terminal[s2] |= bool(done)
    return P, R, terminal


def _policy_values(P, R, terminal, policy, gamma):
    """Solve (I - gamma P_pi) v = r_pi over the non-terminal states with SciPy."""
    n = P.shape[0]
    live = ~terminal
    P_pi = P[np.arange(n), policy][np.ix_(live, live)]
    v = np.zeros(n)
    v[live] = scipy.linalg.solve(np.eye(live.sum()) - gamma * P_pi, R[np.arange(n), policy][live])
    return v


def _reach(P, terminal, start, probs, goal, n_steps):
    """Probability of having entered the goal within n steps, for each n (independent loop)."""
    chain = np.einsum("sa,san->sn", probs, P)
    for s in np.flatnonzero(terminal):
        chain[s] = 0.0
        chain[s, s] = 1.0
    mu, out = start.copy(), [start[goal].sum()]
    for _ in range(n_steps):
        mu = mu @ chain
        out.append(mu[goal].sum())
    return np.array(out)


def _lake(**kwargs):
    return gym.make("FrozenLake-v1", **kwargs)


def _one_hot(policy, n_actions=4):
    return np.eye(n_actions)[np.asarray(policy)]


# --- The loop and the return ----------------------------------------------------------------------

def test_loop_and_first_win(run, p):
    assert p["desc"] == ["SFFF", "FHFH", "FFFH", "HFFG"]
    assert (p["n_states"], p["n_actions"]) == (16, 4)
    wins = [r for r in p["random_returns"] if r > 0]
    assert 0 < len(wins) < len(p["random_returns"])
    # "The others fell into a hole": every losing random episode terminated (none was truncated).
    assert all(t for r, t in zip(p["random_returns"], p["random_terminated"]) if r == 0)
    first = next(i for i, r in enumerate(p["random_returns"]) if r > 0)
    assert p["random_lengths"][first] == p["steps_first_win"]
    assert p["first_win_rewards"][-1] == 1.0 and sum(p["first_win_rewards"]) == 1.0
    assert p["return_first_win"] == pytest.approx(p["gamma"] ** (p["steps_first_win"] - 1), rel=1e-12)
    assert dict(run.inline)["n_states"] == "16"


# --- Value iteration against an independent solution ---------------------------------------------

def test_value_iteration_matches_linear_solve_and_is_optimal(p):
    P, R, terminal = _tables(_lake())
    gamma = p["gamma"]
    policy = np.array(p["optimal_policy"])
    v = _policy_values(P, R, terminal, policy, gamma)
    np.testing.assert_allclose(p["optimal_values"], v, atol=1e-9)
    # No single-state change improves on it (policy improvement theorem): it is optimal.
    q = R + gamma * P @ np.where(terminal, 0.0, v)
    assert np.all(q[~terminal].max(axis=1) <= v[~terminal] + 1e-9)
    assert p["values_gap"] < 1e-9
    assert p["optimal_values"][0] == pytest.approx(0.542, abs=5e-4)


def test_optimal_policy_claims(run, p):
    policy = np.array(p["optimal_policy"])
    values = np.array(p["optimal_values"])
    P, _, terminal = _tables(_lake())
    # At the start it pushes left: the only outcomes are staying put or moving down to tile 4,
    # worth more than tile 1, where pushing down could slip it.
    assert policy[0] == 0
    assert set(np.flatnonzero(P[0, 0])) == {0, 4}
    assert P[0, 1, 1] > 0 and values[4] > values[0] > values[1]
    # Along the top row it pushes up; slips never lead into row 1.
    assert all(policy[s] == 3 for s in (1, 2, 3))
    assert all(set(np.flatnonzero(P[s, 3])) <= {0, 1, 2, 3} for s in (1, 2, 3))
    # Left of the goal it pushes down: one slip in three reaches the goal, none goes back up.
    assert policy[14] == 1
    assert P[14, 1, 15] == pytest.approx(1 / 3) and P[14, 1, 10] == 0
    # The lowest frozen value is the tile between two holes (6), where every action risks a hole.
    frozen = ~terminal
    assert np.argmin(np.where(frozen, values, np.inf)) == 6
    assert all(P[6, a, [5, 7]].sum() > 0 for a in range(4))
    # The figure's alt text: value range, positions and the arrows row by row.
    alt = run.figure("fig-optimal-policy").cell.options["fig-alt"]
    assert f"from {values[frozen].min():.2f} at row 1, column 2" in alt
    assert f"up to {values[frozen].max():.2f} at row 3, column 2" in alt and np.argmax(values) == 14
    letters = {"H": "hole", "G": "goal"}
    rows = []
    for r, row in enumerate(p["desc"]):
        rows.append(", ".join(letters.get(ch, ARROW_WORDS[policy[4 * r + c]]) for c, ch in enumerate(row)))
    assert "row by row from the top: " + "; ".join(rows) + "." in alt


def test_success_probability_exact_and_by_rollouts(p):
    P, _, terminal = _tables(_lake())
    goal = np.zeros(16, bool)
    goal[15] = True
    start = np.eye(16)[0]
    exact = _reach(P, terminal, start, _one_hot(p["optimal_policy"]), goal, 100)[-1]
    assert p["success_exact"] == pytest.approx(exact, abs=1e-12)
    assert round(exact, 2) == 0.74
    se = math.sqrt(exact * (1 - exact) / 500)
    assert abs(p["success_rollouts"] - exact) < 3 * se
    assert p["success_exact"] > p["reward_threshold"] == 0.7


# --- Sparse rewards --------------------------------------------------------------------------------

def test_random_reach_probabilities(run, p):
    for name, kwargs, key, horizon in (("4x4", {}, "reach_small", 100), ("8x8", {"map_name": "8x8"}, "reach_big", 200)):
        env = _lake(**kwargs)
        P, _, terminal = _tables(env)
        n = P.shape[0]
        goal = np.zeros(n, bool)
        goal[-1] = True
        reach = _reach(P, terminal, np.eye(n)[0], np.full((n, 4), 0.25), goal, 200)
        np.testing.assert_allclose(p[key], reach, atol=1e-14)
    assert p["p_small"] == pytest.approx(p["reach_small"][100]) and p["p_big"] == pytest.approx(p["reach_big"][200])
    assert round(p["p_small"], 4) == 0.0139 and round(p["p_big"], 5) == 0.00190
    # Fewest steps = Manhattan distance from S to G on both maps (no shortcut through holes).
    assert p["first_possible"] == {"4 × 4 lake": 6, "8 × 8 lake": 14}
    assert p["reach_small"][5] == 0 and p["reach_small"][6] > 0
    assert p["reach_big"][13] == 0 and p["reach_big"][14] > 0
    # Simulation within a few standard errors at every marked step; slipperiness irrelevant.
    assert p["sample_gap"] < 3.0
    for exact, sampled in ((p["reach_small"], p["sampled_small_marks"]), (p["reach_big"], p["sampled_big_marks"])):
        assert all(s == 0 for m, s in zip(p["marks"], sampled) if exact[m] == 0)
    assert p["slip_difference"] < 1e-15
    assert p["n_walks"] == [20_000, 20_000]
    assert p["small_mean_length"] < 10 and p["big_mean_length"] < 40 and p["big_still_running"] < 0.001
    alt = run.figure("fig-random-reach").cell.options["fig-alt"]
    assert f"first positive at {p['first_possible']['4 × 4 lake']} steps" in alt
    assert f"first positive at {p['first_possible']['8 × 8 lake']} steps" in alt
    assert f"near {p['reach_small'][-1]:.3f}" in alt and f"near {p['reach_big'][-1]:.4f}" in alt
    assert "within about 40 steps" in alt and p["reach_small"][40] > 0.99 * p["reach_small"][-1]
    marks = ", ".join(str(m) for m in p["marks"][:-1]) + f" and {p['marks'][-1]}"
    assert f"at {marks} steps" in alt


# --- Q-learning against value iteration ------------------------------------------------------------

def test_q_learning_reaches_the_optimal_policy(p):
    P, R, terminal = _tables(_lake())
    optimal_q = np.array(p["optimal_q"])
    greedy = np.array(p["greedy"])
    # Every greedy action is optimal (ties allowed), so its value equals v*.
    chosen = optimal_q[np.arange(16), greedy]
    assert np.all(chosen[~terminal] >= optimal_q.max(axis=1)[~terminal] - 1e-8)
    assert p["wrong_states"] == []
    v = _policy_values(P, R, terminal, greedy, p["gamma"])
    np.testing.assert_allclose(v, p["optimal_values"], atol=1e-8)
    assert p["greedy_start_value"] == pytest.approx(p["optimal_values"][0], abs=1e-9)
    se = math.sqrt(p["success_exact"] * (1 - p["success_exact"]) / 500)
    assert abs(p["learned_rollouts"] - p["success_exact"]) < 3 * se
    assert 0 < p["value_error"] < 0.05
    # The closest call at the start: 0.014 between the two best actions.
    top = np.sort(optimal_q[0])
    assert round(top[-1] - top[-2], 3) == 0.014
    assert p["q_episodes"] == 1000 and p["q_steps"] > 0


def test_q_learning_curve_and_alt_text(run, p):
    curve = np.array(p["greedy_success"])
    checkpoints = np.array(p["checkpoints"])
    at_optimum = np.array(p["at_optimum"])
    on_line = np.abs(curve - p["success_exact"]) < 1e-9
    assert list(checkpoints) == list(range(25, 1001, 25))
    assert at_optimum[-1] and p["first_optimal"] == checkpoints[np.argmax(at_optimum)]
    assert p["relapses"] == int((~at_optimum[np.argmax(at_optimum):]).sum()) > 1
    assert p["settled_from"] == checkpoints[np.flatnonzero(~at_optimum)[-1] + 1]
    assert np.all(at_optimum[checkpoints >= p["settled_from"]])
    alt = run.figure("fig-q-learning").cell.options["fig-alt"]
    assert f"is {curve[0]:.2f} after {checkpoints[0]} episodes" in alt
    assert f"the dashed line at {p['success_exact']:.2f}" in alt
    assert f"after {checkpoints[np.argmax(on_line)]}." in alt
    # "as low as 0.00 after 125 episodes and 0.55 after 725": the two deepest dips after reaching it.
    after = np.argmax(on_line)
    low = after + np.argmin(curve[after:])
    assert f"as low as {curve[low]:.2f} after {checkpoints[low]} episodes" in alt
    late = np.flatnonzero(~on_line)[-1]
    assert f"{curve[late]:.2f} after {checkpoints[late]}" in alt
    assert f"stays on the line from {checkpoints[late + 1]} episodes on" in alt
    assert np.all(on_line[late + 1:])


# --- Reward hacking and potential-based shaping ---------------------------------------------------

def test_reward_hacking_arithmetic(p):
    gamma, bonus = p["gamma"], p["bonus"]
    assert p["step_in"] == pytest.approx(1.0)
    assert p["loiter"] == pytest.approx(bonus / (1 - gamma))
    assert bonus > 1 - gamma
    # "Any bonus above 1 - gamma would be enough": just above it loiters, just below it does not.
    from mlwiki.rl import arrival_bonus, from_gymnasium, value_iteration
    plain = from_gymnasium(_lake(is_slippery=False))
    for b, loiters in ((1.01 * (1 - gamma), True), (0.99 * (1 - gamma), False)):
        near = np.zeros(16)
        near[14] = b
        assert (value_iteration(arrival_bonus(plain, near), gamma).policy[14] == 1) == loiters
    # The hacked optimum walks to tile 14 and pushes down into the edge forever.
    P, _, _ = _tables(_lake(is_slippery=False))
    assert p["hacked_policy"][14] == 1 and P[14, 1, 14] == 1.0
    assert p["hacked_success"] == 0.0
    assert p["hacked_values"][14] == pytest.approx(bonus / (1 - gamma))
    # The learner in the real environment: walks to 14 and parks there until the time limit.
    states = p["hacker_states"]
    assert p["steps_to_14"] == states.index(14) and set(states[p["steps_to_14"]:]) == {14}
    assert p["hacker_truncated"] and not p["hacker_terminated"] and p["hacker_reward"] == 0.0
    assert len(states) - 1 == 100


def test_potential_shaping_keeps_the_optimal_policy(run, p):
    assert p["shaped_success"] == pytest.approx(1.0)
    assert p["shaped_wrong"] == []
    assert p["shaped_policy"] == p["plain_policy"]  # the figure's "arrows are those of the left panel"
    assert p["potential_identity"] < 1e-9
    phi = np.zeros(16)
    phi[14] = p["bonus"]
    np.testing.assert_allclose(p["shaped_values"], np.array(p["plain_values"]) - phi, atol=1e-9)
    assert p["slippery_policy_on_plain"] == 0.0
    alt = run.figure("fig-shaping").cell.options["fig-alt"]
    assert f"to {p['plain_values'][14]:.2f} on the tile left of it" in alt and p["plain_policy"][14] == 2
    assert f"{p['hacked_values'][14]:.2f} on the tile left of the goal" in alt and p["hacked_policy"][14] == 1
    assert p["shaped_policy"][14] == 2
    assert max(p["hacked_values"]) > 5 * max(p["plain_values"])  # "much larger"


# --- REINFORCE -------------------------------------------------------------------------------------

def _exact_objective(theta, P, R, terminal, gamma):
    z = np.exp(theta - theta.max(axis=1, keepdims=True))
    probs = z / z.sum(axis=1, keepdims=True)
    n = P.shape[0]
    live = ~terminal
    P_pi = np.einsum("sa,san->sn", probs, P)[np.ix_(live, live)]
    r_pi = (probs * R).sum(axis=1)[live]
    v = np.zeros(n)
    v[live] = scipy.linalg.solve(np.eye(live.sum()) - gamma * P_pi, r_pi)
    return v[0]


def test_exact_gradient_against_finite_differences(p):
    P, R, terminal = _tables(_lake(is_slippery=False))
    theta = np.array(p["theta"])
    gamma = p["gamma_pg"]
    assert p["objective"] == pytest.approx(_exact_objective(theta, P, R, terminal, gamma), abs=1e-12)
    h = 1e-6
    numeric = np.zeros_like(theta)
    for index in np.ndindex(theta.shape):
        up, down = theta.copy(), theta.copy()
        up[index] += h
        down[index] -= h
        numeric[index] = (_exact_objective(up, P, R, terminal, gamma) - _exact_objective(down, P, R, terminal, gamma)) / (2 * h)
    np.testing.assert_allclose(p["exact_gradient"], numeric, atol=1e-9)


def test_reinforce_estimator_claims(run, p):
    assert p["n_gradient_episodes"] == 20_000
    assert p["z_kept"] < 3.5 and p["rel_kept"] < 0.06
    assert p["rel_dropped"] > 0.5 and p["z_dropped"] > 10
    alt = run.figure("fig-gradient-check").cell.options["fig-alt"]
    assert "lie on the diagonal" in alt and "off the diagonal for the larger components" in alt
    exact = np.ravel(p["exact_gradient"])
    big = np.abs(exact) > 0.5 * np.abs(exact).max()
    dropped = np.ravel(p["mean_dropped"])
    assert np.all(np.abs(dropped[big] - exact[big]) > 0.2 * np.abs(exact[big]))


def test_reinforce_training(run, p):
    curve = np.array(p["objective_curve"])
    assert p["best_start"] == pytest.approx(p["gamma_pg"] ** 5)
    assert curve[0] == pytest.approx(_exact_objective(np.zeros((16, 4)), *_tables(_lake(is_slippery=False)), p["gamma_pg"]))
    assert p["reach_90"] == int(np.argmax(curve >= 0.9 * p["best_start"])) and p["reach_90"] < 20
    assert curve[-1] >= 0.99 * p["best_start"] and curve[-1] <= p["best_start"] + 1e-12
    # The silent first updates: no episode reached the goal and theta did not move.
    silent = p["silent_updates"]
    assert silent >= 1 and all(r == 0 for r in p["mean_returns"][:silent]) and p["mean_returns"][silent] > 0
    assert all(n == 0 for n in p["thetas_norm"][: silent + 1]) and p["thetas_norm"][silent + 1] > 0
    alt = run.figure("fig-reinforce").cell.options["fig-alt"]
    assert f"dashed line at {p['best_start']:.2f}" in alt
    assert "within the first 20 updates" in alt and curve[20] > 0.9 * p["best_start"]
    assert "starts near zero" in alt and curve[0] < 0.01


# --- Exercises -------------------------------------------------------------------------------------

def test_exercise_solutions(run, p):
    # A return by hand: work backwards from G_3 = 10.
    assert p["exercise_returns"] == pytest.approx([4.58, 6.2, 8.0, 10.0])
    assert p["exercise_g0"] == pytest.approx(-1 - 0.9 - 0.81 + 0.729 * 10)
    # The fixed route: gamma^5 from the start, gamma^2 from tile 9 on plain ice.
    gamma = p["gamma"]
    assert p["route_plain"][0] == pytest.approx(gamma ** 5) and p["route_plain"][9] == pytest.approx(gamma ** 2)
    P, R, terminal = _tables(_lake())
    route = np.array(p["route"])
    slippery = _policy_values(P, R, terminal, route, gamma)
    assert p["route_slippery"][0] == pytest.approx(slippery[0], abs=1e-12) and slippery[0] < p["optimal_values"][0]
    goal = np.zeros(16, bool)
    goal[15] = True
    assert p["route_slippery_success"] == pytest.approx(_reach(P, terminal, np.eye(16)[0], _one_hot(route), goal, 100)[-1])
    # The empty lake: C(6, 3) / 4^6 within 6 steps; the 100-step value from an independent chain.
    assert p["empty_reach"][6] == pytest.approx(math.comb(6, 3) / 4 ** 6, abs=1e-15)
    P, _, terminal = _tables(_lake(desc=["SFFF", "FFFF", "FFFF", "FFFG"], is_slippery=False))
    reach = _reach(P, terminal, np.eye(16)[0], np.full((16, 4), 0.25), goal, 100)
    assert p["empty_reach"][100] == pytest.approx(reach[100], abs=1e-12)
    assert abs(p["empty_reach"][100] - 0.9) < abs(p["empty_reach"][100] - 0.5)
    inline = dict(run.inline)
    assert inline['f"{empty_reach[6]:.5f}"'] == "0\\.00488"


def test_page_figures_have_both_themes(run):
    for figure_id in ("fig-optimal-policy", "fig-random-reach", "fig-q-learning", "fig-shaping",
                      "fig-gradient-check", "fig-reinforce"):
        assert list(run.figure(figure_id).images) == ["light", "dark"]
    assert re.search(r"REINFORCE", run.figure("fig-gradient-check").cell.options["fig-alt"])
