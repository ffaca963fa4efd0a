"""The attention and transformers chapter: a toy task, measurements and figures.

The layers themselves live in :mod:`mlwiki.nn` (:class:`~mlwiki.nn.MultiHeadAttention`,
:class:`~mlwiki.nn.Embedding`, ...); this package holds what the chapter does with them:

* :mod:`~mlwiki.transformer.tasks` -- the sequence-reversal task and greedy decoding;
* :mod:`~mlwiki.transformer.analysis` -- why attention scores are divided by sqrt(d_k),
  measured;
* :mod:`~mlwiki.transformer.plots` -- attention heat maps, the scaling experiment,
  positional encodings and the block diagrams.
"""

from mlwiki.transformer.analysis import attention_near, dot_product_variance, softmax_saturation
from mlwiki.transformer.plots import (
    plot_attention,
    plot_attention_heads,
    plot_positional_encoding,
    plot_scaling,
    plot_transformer_blocks,
)
from mlwiki.transformer.tasks import greedy_decode, reversal_data

__all__ = [
    "reversal_data", "greedy_decode",
    "dot_product_variance", "softmax_saturation", "attention_near",
    "plot_attention", "plot_attention_heads", "plot_scaling", "plot_positional_encoding",
    "plot_transformer_blocks",
]
