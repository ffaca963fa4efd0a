"""How reliably does tabular Q-learning find the optimal policy of the slippery 4 x 4 FrozenLake?

The reinforcement-learning chapter runs Q-learning once, with one seed.  This script runs the
same configuration (optimistic initial values 1.0, greedy actions, gamma = 0.99) over many
seeds and several step-size exponents, and counts the runs whose final greedy policy takes an
optimal action (by value iteration) in every non-terminal state.

    .venv/bin/python benchmarks/q_learning_seeds.py            # 20 seeds, about a minute per row
    .venv/bin/python benchmarks/q_learning_seeds.py --quick    # smoke run

The last line reads ``summary: optimal_runs=<k>/<n>`` for the chapter's exponent (0.51).
"""

from __future__ import annotations

import argparse
import time

import gymnasium as gym
import numpy as np

from mlwiki.rl import from_gymnasium, q_learning, suboptimal_states, value_iteration

CHAPTER_EXPONENT = 0.51


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--exponents", type=float, nargs="+", default=[CHAPTER_EXPONENT, 0.6, 0.8])
    parser.add_argument("--quick", action="store_true", help="2 seeds, 50 episodes, the chapter's exponent only")
    args = parser.parse_args(argv)
    if args.quick:
        args.seeds, args.episodes, args.exponents = 2, 50, [CHAPTER_EXPONENT]

    lake = gym.make("FrozenLake-v1")
    mdp = from_gymnasium(lake)
    optimal = value_iteration(mdp, 0.99)
    print(f"{'lr_exponent':>11} {'episodes':>8} {'optimal runs':>12} {'mean steps':>10} {'s/run':>6}")
    results = {}
    for exponent in args.exponents:
        optimal_runs, steps, started = 0, [], time.perf_counter()
        for seed in range(args.seeds):
            run = q_learning(lake, args.episodes, gamma=0.99, rng=np.random.default_rng(seed), epsilon=0.0,
                             initial_q=1.0, lr_exponent=exponent)
            optimal_runs += suboptimal_states(mdp, optimal.q_values, run.greedy_policies[-1]).size == 0
            steps.append(int(run.episode_lengths.sum()))
        seconds = (time.perf_counter() - started) / args.seeds
        results[exponent] = optimal_runs
        print(f"{exponent:>11.2f} {args.episodes:>8} {optimal_runs:>5}/{args.seeds:<6} {np.mean(steps):>10.0f} {seconds:>6.2f}")
    chapter = results.get(CHAPTER_EXPONENT, next(iter(results.values())))
    print(f"summary: optimal_runs={chapter}/{args.seeds}")
    return {"optimal_runs": chapter, "seeds": args.seeds, "results": results}


if __name__ == "__main__":
    main()
