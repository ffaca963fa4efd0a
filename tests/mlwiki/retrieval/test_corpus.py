"""The bundled corpus and prompt assembly."""

import pytest
from sklearn.datasets import load_iris, load_wine

from mlwiki.retrieval import Passage, build_prompt, dataset_descriptions, dataset_passages, split_passages


def test_descriptions_are_scikit_learns_bundled_text():
    descriptions = dataset_descriptions()
    assert {"iris", "wine_data", "digits", "olivetti_faces"} <= set(descriptions)
    assert list(descriptions) == sorted(descriptions)
    # The loaders' DESCR is the same text (what load_wine() returns without downloading).
    assert descriptions["wine_data"].strip() == load_wine().DESCR.strip()
    assert descriptions["iris"].strip() == load_iris().DESCR.strip()


def test_split_merges_short_paragraphs_and_drops_markup():
    text = ".. _x:\n\nTitle\n-----\n\none two three\n\nfour five six seven\n\n\neight"
    passages = split_passages(text, source="x", min_words=4)
    assert passages == [Passage("x", "Title one two three"), Passage("x", "four five six seven"), Passage("x", "eight")]
    assert passages[1].n_words == 4


def test_dataset_passages_cover_every_description():
    passages = dataset_passages()
    assert {p.source for p in passages} == set(dataset_descriptions())
    for source in {p.source for p in passages}:
        lengths = [p.n_words for p in passages if p.source == source]
        assert all(n >= 30 for n in lengths[:-1])          # only a document's last passage may be shorter
    assert not any(p.text.startswith(".. ") or "-----" in p.text[:6] for p in passages)


def test_prompt_lists_numbered_sources_and_the_question():
    prompt = build_prompt(" What? ", [Passage("a", "first"), ("b", "second")], instruction="Answer.")
    assert prompt == "Answer.\n\nContext:\n[1] (a) first\n[2] (b) second\n\nQuestion: What?\nAnswer:"


@pytest.mark.parametrize("call, message", [
    (lambda: build_prompt("", [Passage("a", "b")]), "question must be a non-empty string"),
    (lambda: build_prompt("q", []), "passages must hold at least one passage"),
    (lambda: build_prompt("q", [Passage("a", "b")], instruction=None), "instruction must be a string"),
    (lambda: split_passages(None, source="x"), "text and source must be strings"),
    (lambda: split_passages("a", source="x", min_words=0), "min_words must be > 0"),
])
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
