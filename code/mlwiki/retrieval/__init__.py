"""Retrieval for retrieval-augmented generation: a bundled corpus, TF-IDF search, prompt assembly."""

from mlwiki.retrieval.corpus import Passage, dataset_descriptions, dataset_passages, split_passages
from mlwiki.retrieval.prompt import build_prompt
from mlwiki.retrieval.tfidf import TfidfIndex, tokenize

__all__ = ["Passage", "dataset_descriptions", "split_passages", "dataset_passages",
           "tokenize", "TfidfIndex", "build_prompt"]
