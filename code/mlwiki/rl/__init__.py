"""Reinforcement learning on finite problems: from a known model, and from experience.

* :mod:`mlwiki.rl.returns` -- the discounted return ``G_t``;
* :mod:`mlwiki.rl.interaction` -- the agent-environment loop through Gymnasium's interface;
* :mod:`mlwiki.rl.mdp` -- a finite MDP as arrays, read from a Gymnasium environment's model;
* :mod:`mlwiki.rl.dynamic_programming` -- exact policy evaluation and value iteration;
* :mod:`mlwiki.rl.sampling` -- many episodes at once, sampled from the model;
* :mod:`mlwiki.rl.reachability` -- the probability of reaching a goal within ``n`` steps;
* :mod:`mlwiki.rl.qlearning` -- tabular Q-learning from experience;
* :mod:`mlwiki.rl.shaping` -- arrival bonuses and potential-based reward shaping;
* :mod:`mlwiki.rl.policy_gradient` -- REINFORCE and the exact policy gradient;
* :mod:`mlwiki.rl.plots` -- grid worlds, reach probabilities, learning curves.
"""

from mlwiki.rl.dynamic_programming import (
    ValueIterationResult,
    action_values,
    evaluate_policy,
    greedy_policy,
    suboptimal_states,
    value_iteration,
)
from mlwiki.rl.interaction import Episode, rollouts, run_episode
from mlwiki.rl.mdp import TabularMDP, from_gymnasium, policy_matrix
from mlwiki.rl.plots import (
    plot_gradient_check,
    plot_lake,
    plot_lakes,
    plot_learning_curves,
    plot_reach_probability,
)
from mlwiki.rl.policy_gradient import (
    ReinforceResult,
    exact_policy_gradient,
    reinforce,
    reinforce_estimates,
    softmax_policy,
)
from mlwiki.rl.qlearning import QLearningResult, q_learning
from mlwiki.rl.reachability import empirical_reach_probability, reach_probability
from mlwiki.rl.returns import discounted_return, returns_to_go
from mlwiki.rl.sampling import SampledEpisodes, sample_episodes
from mlwiki.rl.shaping import RewardTable, arrival_bonus, potential_shaping

__all__ = [
    "discounted_return",
    "returns_to_go",
    "Episode",
    "run_episode",
    "rollouts",
    "TabularMDP",
    "from_gymnasium",
    "policy_matrix",
    "action_values",
    "evaluate_policy",
    "value_iteration",
    "ValueIterationResult",
    "greedy_policy",
    "suboptimal_states",
    "SampledEpisodes",
    "sample_episodes",
    "reach_probability",
    "empirical_reach_probability",
    "QLearningResult",
    "q_learning",
    "arrival_bonus",
    "potential_shaping",
    "RewardTable",
    "softmax_policy",
    "exact_policy_gradient",
    "reinforce_estimates",
    "reinforce",
    "ReinforceResult",
    "plot_lake",
    "plot_lakes",
    "plot_reach_probability",
    "plot_learning_curves",
    "plot_gradient_check",
]
