"""Building the prompt of retrieval-augmented generation.

Retrieval-augmented generation (Lewis et al., 2020) answers a question in two steps:
retrieve the passages most relevant to it, then give them to a language model together
with the question.  The second step is plain text assembly -- no weight changes, no
learned vectors -- and this module does exactly that.
"""

from __future__ import annotations

__all__ = ["build_prompt"]

_INSTRUCTION = ("Answer the question using only the numbered context passages. Cite the passage numbers "
                "you used. If the passages do not contain the answer, say so.")


def build_prompt(question: str, passages, *, instruction: str = _INSTRUCTION) -> str:
    """The text a language model would be asked to continue.

    Parameters
    ----------
    question : str
    passages : sequence of Passage (or of (source, text) pairs)
        The retrieved context, most relevant first.
    instruction : str
        What the model is told to do with them.

    Returns
    -------
    str
        Instruction, numbered passages with their sources, the question, and an open
        ``Answer:`` line.
    """
    if not isinstance(question, str) or not question.strip():
        raise ValueError("question must be a non-empty string")
    if not isinstance(instruction, str):
        raise ValueError("instruction must be a string")
    items = []
    for i, passage in enumerate(passages, start=1):
        source, text = (passage.source, passage.text) if hasattr(passage, "text") else passage
        items.append(f"[{i}] ({source}) {text}")
    if not items:
        raise ValueError("passages must hold at least one passage")
    context = "\n".join(items)
    return f"{instruction}\n\nContext:\n{context}\n\nQuestion: {question.strip()}\nAnswer:"
