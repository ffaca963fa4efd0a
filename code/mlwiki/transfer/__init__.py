"""Transfer learning: reuse a network trained on one domain for another, with few labels.

Domain shifts of the digits (:func:`fade_and_noise`, :func:`permute_pixels`), few-shot
samples (:func:`few_shot_indices`), the adaptation methods (:func:`prepare` and
:func:`adapt`, from training from scratch to tuning only a soft prompt) and the
experiment that compares them (:func:`compare_adaptation`).  Freezing, adapters and
soft prompts themselves live in :mod:`mlwiki.nn`.
"""

from mlwiki.transfer.adaptation import LEARNING_RATES, METHODS, adapt, digits_mlp, prepare
from mlwiki.transfer.experiment import AdaptationResults, compare_adaptation
from mlwiki.transfer.few_shot import few_shot_indices
from mlwiki.transfer.plots import METHOD_STYLE, plot_adaptation, plot_domains
from mlwiki.transfer.shifts import fade_and_noise, permute_pixels, pixel_permutation

__all__ = [
    "fade_and_noise", "permute_pixels", "pixel_permutation", "few_shot_indices",
    "METHODS", "LEARNING_RATES", "digits_mlp", "prepare", "adapt",
    "compare_adaptation", "AdaptationResults",
    "plot_domains", "plot_adaptation", "METHOD_STYLE",
]
