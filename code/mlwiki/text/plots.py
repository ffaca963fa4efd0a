"""Pictures of tokenization: how a text shrinks with each BPE merge, and where tokens start.

Colours come from the theme being drawn (:func:`mlwiki.themes.current_theme`).
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki.plots import _axes
from mlwiki.text.bpe import BPETokenizer
from mlwiki.themes import current_theme

__all__ = ["plot_merge_curve", "plot_token_boxes"]


def plot_merge_curve(tokenizer, *, n_characters: int, n_words: int, ax=None):
    """Training-text length in tokens against the number of merges learned.

    Parameters
    ----------
    tokenizer : BPETokenizer
        Its ``n_tokens`` (length before and after each merge) is drawn.
    n_characters, n_words : int
        The text's length in characters and in words, drawn as dashed reference lines.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(tokenizer, BPETokenizer):
        raise TypeError(f"tokenizer must be a BPETokenizer, got {type(tokenizer).__name__}")
    if len(tokenizer.n_tokens) != len(tokenizer.merges) + 1:
        raise ValueError("tokenizer has no training record (n_tokens); train it with train_bpe")
    n_characters = _check_positive_int("n_characters", n_characters)
    n_words = _check_positive_int("n_words", n_words)
    ax = _axes(ax)
    theme = current_theme()
    merges = np.arange(len(tokenizer.n_tokens))
    ax.plot(merges, tokenizer.n_tokens, color=theme.colors["blue"], linewidth=2, label="BPE tokens")
    ax.axhline(n_characters, color=theme.colors["orange"], linestyle="--", linewidth=1.2,
               label=f"characters ({n_characters})")
    ax.axhline(n_words, color=theme.colors["green"], linestyle="--", linewidth=1.2,
               label=f"words ({n_words})")
    ax.set_xlabel("merges learned (vocabulary size − 256)")
    ax.set_ylabel("length of the text in tokens")
    ax.set_ylim(0, n_characters * 1.08)
    ax.grid(True, alpha=0.4)
    ax.legend(loc="lower left")  # below the words line, where no curve runs
    return ax


def _visible(token: str) -> str:
    """A token with its white space made visible: space as a dot, newline as a return arrow."""
    return token.replace(" ", "·").replace("\n", "↵").replace("\t", "→")


def plot_token_boxes(rows, *, ax=None):
    """Draw each row of tokens as adjacent boxes, one character per unit of width.

    Parameters
    ----------
    rows : dict[str, sequence of str]
        Row label -> the tokens to draw, in order (e.g. the first 16 tokens of a text under
        one tokenization).  Spaces are shown as ``·`` and newlines as ``↵``.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(rows, dict) or not rows:
        raise ValueError("rows must be a non-empty dict of label -> list of token strings")
    for label, tokens in rows.items():
        if isinstance(tokens, str) or not all(isinstance(t, str) and t for t in tokens):
            raise ValueError(f"rows[{label!r}] must be a sequence of non-empty token strings")
    ax = _axes(ax)
    theme = current_theme()
    fills = (theme.colors["blue"], theme.colors["orange"])
    widest = max(sum(len(t) for t in tokens) for tokens in rows.values())
    for row, (label, tokens) in enumerate(rows.items()):
        y, x = -row, 0.0
        for i, token in enumerate(tokens):
            ax.add_patch(_box(x, y, len(token), fills[i % 2]))
            for j, char in enumerate(_visible(token)):
                ax.text(x + j + 0.5, y, char, ha="center", va="center", family="monospace",
                        fontsize=10, color=theme.foreground)
            x += len(token)
        ax.text(-0.8, y, label, ha="right", va="center", fontsize=10, color=theme.foreground)
    ax.set_xlim(-0.5, widest + 0.5)
    ax.set_ylim(-len(rows) + 0.4, 0.6)
    ax.set_axis_off()
    return ax


def _box(x, y, width, colour):
    from matplotlib.patches import Rectangle

    return Rectangle((x + 0.08, y - 0.35), width - 0.16, 0.7, facecolor=colour, alpha=0.35,
                     edgecolor=colour, linewidth=1.0)
