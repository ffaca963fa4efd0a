"""TF-IDF from scratch against scikit-learn's TfidfVectorizer."""

import re

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from mlwiki.retrieval import TfidfIndex, dataset_passages, tokenize

TEXTS = ["The wine data: 178 wines, three cultivars.", "Digits are 8x8 images; the pixels range 0..16.",
         "Faces of 40 people, ten images each.", "the the the of of a"]


def test_tokenizer_is_scikit_learns_default():
    text = "Naïve café: x1, 8x8 and A-B's 0..16 — déjà-vu!"
    assert tokenize(text) == TfidfVectorizer().build_analyzer()(text)


@pytest.mark.parametrize("use_idf", [True, False])
def test_matrix_vocabulary_and_idf_match_scikit_learn(use_idf):
    texts = [p.text for p in dataset_passages()] + TEXTS
    ours = TfidfIndex(texts, use_idf=use_idf)
    vectorizer = TfidfVectorizer(use_idf=use_idf)
    theirs = vectorizer.fit_transform(texts).toarray()
    assert ours.vocabulary == list(vectorizer.get_feature_names_out())
    np.testing.assert_allclose(ours.vectors, theirs, atol=1e-12)
    if use_idf:
        np.testing.assert_allclose(ours.idf, vectorizer.idf_, atol=1e-12)
    query = ["How many wines and images? Unknownword!"]
    np.testing.assert_allclose(ours.transform(query), vectorizer.transform(query).toarray(), atol=1e-12)


def test_search_ranks_by_cosine_similarity():
    index = TfidfIndex(TEXTS)
    hits = index.search("How many wines are in the wine data?", k=2)
    assert hits[0][0] == 0 and hits[0][1] > hits[1][1]
    np.testing.assert_allclose(index.similarities("wine"), index.vectors @ index.transform(["wine"])[0])
    assert all(np.isclose(np.linalg.norm(v), 1.0) for v in index.vectors)
    # A query of unknown words has similarity 0 with everything; ties keep passage order.
    assert index.search("zebra", k=4) == [(0, 0.0), (1, 0.0), (2, 0.0), (3, 0.0)]
    assert len(index.search("wine", k=10)) == 4


def test_idf_turns_common_words_down():
    index = TfidfIndex(TEXTS)
    idf = dict(zip(index.vocabulary, index.idf))
    assert idf["the"] < idf["wine"]
    assert idf["the"] == pytest.approx(np.log(5 / 4) + 1)       # "the" in 3 of 4 texts
    assert idf["wine"] == pytest.approx(np.log(5 / 2) + 1)      # "wine" in 1 of 4 texts


def test_bad_arguments():
    with pytest.raises(ValueError, match="texts must be a non-empty sequence of strings"):
        TfidfIndex([])
    with pytest.raises(ValueError, match="texts must be a non-empty sequence of strings"):
        TfidfIndex(["a", 3])
    with pytest.raises(ValueError, match="texts contain no words"):
        TfidfIndex(["a b c", "!"])
    index = TfidfIndex(TEXTS)
    with pytest.raises(ValueError, match=re.escape("wrap a single query in a list")):
        index.transform("wine")
    with pytest.raises(ValueError, match="k must be > 0"):
        index.search("wine", k=0)
    with pytest.raises(ValueError, match="text must be a string"):
        tokenize(None)
