"""Probability and sampling: Monte Carlo, importance and rejection sampling, Metropolis--Hastings,
maximum likelihood and conjugate updates, and the two directions of the KL divergence.

* :mod:`mlwiki.probability.monte_carlo` -- averages of draws, their standard error, the 1/sqrt(n) law;
* :mod:`mlwiki.probability.importance` -- reweighted draws from a proposal;
* :mod:`mlwiki.probability.inverse_transform` -- uniform numbers through an inverse distribution function;
* :mod:`mlwiki.probability.rejection` -- propose, accept under the target, the envelope constant;
* :mod:`mlwiki.probability.metropolis` -- random-walk Metropolis--Hastings chains;
* :mod:`mlwiki.probability.mcmc_diagnostics` -- autocorrelation and effective sample size;
* :mod:`mlwiki.probability.conjugate` -- maximum likelihood, Beta--Bernoulli and Normal--Normal updates;
* :mod:`mlwiki.probability.kl` -- KL divergences and Gaussians fitted in either direction;
* :mod:`mlwiki.probability.plots` -- the pictures.
"""

from mlwiki.probability.conjugate import (bernoulli_mle, beta_bernoulli_update, gaussian_mle, grid_posterior,
                                          normal_mean_update)
from mlwiki.probability.importance import importance_sampling, importance_weighted
from mlwiki.probability.inverse_transform import exponential_inverse_cdf, inverse_transform_sample, laplace_inverse_cdf
from mlwiki.probability.kl import GaussianFit, fit_gaussian, gaussian_logpdf, gaussian_mixture_logpdf, kl_divergence
from mlwiki.probability.mcmc_diagnostics import autocorrelation, effective_sample_size, integrated_autocorrelation_time
from mlwiki.probability.metropolis import MetropolisChains, metropolis_hastings
from mlwiki.probability.monte_carlo import MonteCarloEstimate, monte_carlo_estimate, rms_error_curve
from mlwiki.probability.plots import (plot_densities, plot_error_vs_samples, plot_mixing, plot_rejection,
                                      plot_running_estimates, plot_step_size_study, plot_traces)
from mlwiki.probability.rejection import RejectionResult, envelope_constant, rejection_sample

__all__ = [
    # Monte Carlo
    "MonteCarloEstimate", "monte_carlo_estimate", "rms_error_curve", "importance_weighted", "importance_sampling",
    # sampling
    "inverse_transform_sample", "exponential_inverse_cdf", "laplace_inverse_cdf",
    "RejectionResult", "rejection_sample", "envelope_constant",
    "MetropolisChains", "metropolis_hastings",
    "autocorrelation", "integrated_autocorrelation_time", "effective_sample_size",
    # estimation
    "bernoulli_mle", "gaussian_mle", "beta_bernoulli_update", "normal_mean_update", "grid_posterior",
    "GaussianFit", "gaussian_logpdf", "gaussian_mixture_logpdf", "kl_divergence", "fit_gaussian",
    # plots
    "plot_error_vs_samples", "plot_running_estimates", "plot_rejection", "plot_traces", "plot_step_size_study",
    "plot_mixing", "plot_densities",
]
