"""Text as tokens, in small pieces.

* :mod:`mlwiki.text.corpus` -- a text that ships with Python (the Zen of Python);
* :mod:`mlwiki.text.words` -- a frequency-ranked word index, and a lossless split into words;
* :mod:`mlwiki.text.bpe` -- byte-pair encoding: training, encoding, decoding;
* :mod:`mlwiki.text.bigram` -- a bigram language model and its perplexity;
* :mod:`mlwiki.text.plots` -- the merge curve and tokens drawn as boxes.
"""

from mlwiki.text.bigram import BigramModel, BigramScore, evaluate_bigram
from mlwiki.text.bpe import BPETokenizer, count_pairs, merge_pair, train_bpe
from mlwiki.text.corpus import zen_of_python
from mlwiki.text.plots import plot_merge_curve, plot_token_boxes
from mlwiki.text.words import KERAS_FILTERS, WORD_PATTERN, build_word_index, pre_tokenize, text_to_words

__all__ = [
    "zen_of_python",
    "KERAS_FILTERS", "WORD_PATTERN", "text_to_words", "build_word_index", "pre_tokenize",
    "BPETokenizer", "train_bpe", "count_pairs", "merge_pair",
    "BigramModel", "BigramScore", "evaluate_bigram",
    "plot_merge_curve", "plot_token_boxes",
]
