"""The learned layer of study design: its JSON weights, where it decides and where the rules do."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from consilience.analyze.design import _decide, classify_design, design_features, score_design
from consilience.analyze.design_model import (
    FEATURES_VERSION,
    DesignModel,
    DesignModelError,
    load_design_model,
    word_features,
)
from consilience.model import Paper, Section, StudyDesign

CLASSES = tuple(d.value for d in StudyDesign)

# A laboratory abstract without a design named: the kind of paper the layer was built for.
LAB = Paper(
    id="test:lab",
    title="Kinase signalling in cultured hepatocytes",
    sections=[
        Section(
            text="Hepatocytes were isolated and cultured for 48 hours. Knockdown of the kinase reduced "
            "phosphorylation of its substrate, and western blotting showed lower protein levels."
        )
    ],
)


def _model_preferring(design: str, feature: str = "w:hepatocytes", weight: float = 8.0) -> DesignModel:
    """A model whose only weight pushes papers holding ``feature`` towards ``design``."""
    row = np.zeros(len(CLASSES))
    row[CLASSES.index(design)] = weight
    return DesignModel(CLASSES, np.zeros(len(CLASSES)), {feature: row}, {"C": 1.0})


def test_the_shipped_model_loads_and_matches_the_features() -> None:
    model = load_design_model()
    assert model is not None
    assert set(model.classes) == set(CLASSES)
    assert model.meta["features_version"] == FEATURES_VERSION
    # It reads the rules' call and words, as design_features names them.
    assert "rule=rct" in model.rows and "w:mice" in model.rows
    probs = model.predict_proba(design_features(*_rules(LAB)))
    assert abs(sum(probs.values()) - 1.0) < 1e-9


def _rules(paper: Paper) -> tuple:  # type: ignore[type-arg]
    ds = score_design(paper)
    design, adjusted, notes = _decide(ds)
    return ds, design, adjusted, notes


def test_features_carry_the_rules_call_scores_and_words() -> None:
    ds, design, adjusted, notes = _rules(LAB)
    features = design_features(ds, design, adjusted, notes)
    assert features[f"rule={design.value}"] == 1.0
    assert all(f"note={note}" in features for note in notes)
    assert features["w:hepatocytes"] == 1.0 and "w:western" in features
    assert features["s:in-vitro"] > 0.0
    assert word_features("mice-fed rats; mice") == {"w:mice-fed": 1.0, "w:rats": 1.0, "w:mice": 1.0}


def test_the_layer_makes_the_call_and_says_what_the_rules_said() -> None:
    rules = classify_design(LAB, learned=False)
    other = "animal" if rules.design is not StudyDesign.ANIMAL else "in-vitro"
    call = classify_design(LAB, model=_model_preferring(other))
    assert call.design.value == other
    assert call.confidence > 0.9  # the layer's probability
    assert any(f"the rules alone: {rules.design.value}" in reason for reason in call.reasons)
    assert call.human is False and call.evidence_level == 5
    assert not any("learned layer" in reason for reason in rules.reasons)


def test_a_design_named_by_the_authors_or_a_convention_stays_with_the_rules() -> None:
    named = Paper(
        id="test:named",
        title="Acupuncture for neck pain",
        sections=[
            Section(
                label="METHODS",
                text="This non-randomized study allocated hepatocytes patients to acupuncture or "
                "physiotherapy by their own preference; patients were not randomized.",
            )
        ],
    )
    keen = _model_preferring("rct")
    assert classify_design(named, model=keen).design is StudyDesign.NON_RANDOMIZED_TRIAL
    # The same model does move a paper the rules decided by weighing vocabulary.
    assert classify_design(LAB, model=keen).design is StudyDesign.RCT


def test_an_empty_paper_is_other_with_low_confidence_whatever_the_model() -> None:
    call = classify_design(Paper(id="test:empty"), model=_model_preferring("rct", feature="rule=other"))
    assert call.design is StudyDesign.OTHER and call.confidence <= 0.2


def test_weights_round_trip_and_bad_files_are_refused(tmp_path: Path) -> None:
    model = _model_preferring("animal")
    path = tmp_path / "design_model.json"
    model.save(path)
    again = load_design_model(path)
    assert again is not None
    assert again.predict_proba({"w:hepatocytes": 1.0}) == pytest.approx(
        model.predict_proba({"w:hepatocytes": 1.0})
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "features_version": FEATURES_VERSION + 1}), encoding="utf-8")
    with pytest.raises(DesignModelError, match="retrain"):
        load_design_model(path)
    path.write_text(json.dumps({**data, "format": "something-else"}), encoding="utf-8")
    with pytest.raises(DesignModelError, match="not a Consilience design model"):
        load_design_model(path)
    path.write_text(json.dumps({**data, "weights": [[1.0]]}), encoding="utf-8")
    with pytest.raises(DesignModelError, match="do not match"):
        load_design_model(path)


def test_training_learns_from_labelled_papers_and_is_reproducible() -> None:
    pytest.importorskip("sklearn")
    from consilience.analyze.train_design import C_GRID, train

    def paper(i: int, words: str) -> Paper:
        return Paper(
            id=f"t:{i}", title=f"Study {i}", sections=[Section(text=f"{words} were examined in study {i}.")]
        )

    labelled = [("animal", paper(i, "Mice and their livers")) for i in range(12)]
    labelled += [("in-vitro", paper(i, "Cultured cell lines")) for i in range(12, 24)]
    first = train(labelled, {"trained_on": "test"})
    assert first.meta["C"] in C_GRID and first.meta["papers"] == 24
    assert classify_design(paper(99, "Mice and their livers"), model=first).design is StudyDesign.ANIMAL
    assert classify_design(paper(98, "Cultured cell lines"), model=first).design is StudyDesign.IN_VITRO
    assert train(labelled, {"trained_on": "test"}).to_json() == first.to_json()
