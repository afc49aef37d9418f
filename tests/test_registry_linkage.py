"""registry.link / deduplicate / exact_pairs: Fellegi-Sunter scores, thresholds, clusters,
precision and recall, and clear errors for bad inputs."""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd
import pytest

from sptools import admin, datasets, registry
from sptools.registry.linkage import Linkage, settings
from sptools.synth import generate as survey


def record(record_id: str, name: str, dob: str, village: str = "Prey Lvea", **other) -> dict:
    base = {
        "record_id": record_id,
        "name": name,
        "sex": "male",
        "date_of_birth": dob,
        "province": "Takeo",
        "district": "Bati",
        "commune": "Trapeang Sab",
        "village": village,
        "id_card": None,
        "phone": None,
    }
    return {**base, **other}


def fixed_model(link_type: str, prior: float = 1e-2) -> dict:
    """A model with m = 0.9 and u = 0.1 on the first (closest) level of every comparison, and
    m = 0.1, u = 0.9 on every other level: each agreement adds log2(9), each disagreement
    subtracts it."""
    model = copy.deepcopy(settings(link_type))
    model["probability_two_random_records_match"] = prior
    for comparison in model["comparisons"]:
        levels = [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        for k, level in enumerate(levels):
            level["m_probability"], level["u_probability"] = (0.9, 0.1) if k == 0 else (0.1, 0.9)
    return model


@pytest.fixture(scope="module")
def small_registers():
    tables = admin.generate(*survey(1500, seed=11), seed=11)
    truth = tables["truth"]
    return tables["disability_register"], tables["idpoor_members"], truth


def test_match_weights_are_the_sum_of_log2_bayes_factors():
    left = pd.DataFrame([record("a1", "Sok Dara", "1980-05-02", id_card="123456789")])
    right = pd.DataFrame(
        [
            record("b1", "Dara Sok", "1980-05-02", id_card="123456789"),  # all agree
            record("b2", "Sok Dara", "1980-05-02", village="Other", id_card="987654321"),
        ]
    )
    linkage = registry.link(left, right, threshold=0.5, model=fixed_model("link_only"))
    weights = linkage.scored.set_index("record_id_r")["match_weight"]
    prior = math.log2(1e-2 / (1 - 1e-2))
    bayes = math.log2(9)
    # b1 agrees on name, date, sex, address, ID card (phone missing: no evidence)
    assert weights["b1"] == pytest.approx(prior + 5 * bayes)
    # b2 agrees on name, date, sex; disagrees on address and ID card
    assert weights["b2"] == pytest.approx(prior + 3 * bayes - 2 * bayes)
    probability = linkage.scored.set_index("record_id_r")["match_probability"]
    assert probability["b1"] == pytest.approx(2 ** weights["b1"] / (1 + 2 ** weights["b1"]))
    assert linkage.pairs["record_id_r"].tolist() == ["b1"]
    assert linkage.prior_weight == pytest.approx(prior)


def test_partial_weights_name_the_level_each_comparison_reached():
    model = fixed_model("dedupe_only")
    m = [0.5, 0.25, 0.15, 0.07, 0.03]
    u = [0.01, 0.02, 0.04, 0.1, 0.83]
    for comparison in model["comparisons"]:
        levels = [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        for k, level in enumerate(levels):
            level["m_probability"], level["u_probability"] = m[k], u[k]
    pairs = pd.DataFrame(
        [record("a", "Srey Mom Sok", "1990-04-09"), record("b", "SOK SREYMOM", "1990-09-04")]
    )
    row = registry.deduplicate(pairs, threshold=0.5, model=model).scored.iloc[0]
    # name: same letters (the first level); date: day and month swapped (the second)
    assert row["mw_name"] == pytest.approx(math.log2(m[0] / u[0]))
    assert row["mw_date_of_birth"] == pytest.approx(math.log2(m[1] / u[1]))
    assert row["mw_id_card"] == 0, "a missing ID card is no evidence either way"
    total = row[[c for c in row.index if c.startswith("mw_")]].sum() + math.log2(1e-2 / 0.99)
    assert row["match_weight"] == pytest.approx(total)


def test_linking_recovers_the_truth_of_a_small_population(small_registers):
    disability, idpoor, truth = small_registers
    linkage = registry.link(disability, idpoor)
    quality = linkage.evaluate(truth)
    assert quality["precision"] >= 0.95 and quality["recall"] >= 0.9, quality.to_frame()
    assert linkage.blocking_rules == list(registry.BLOCKING_RULES)
    weights = linkage.match_weights()
    by_level = weights.set_index(["comparison", "level"])["match_weight"]
    assert by_level["date_of_birth", "same date"] > by_level["date_of_birth", "other"]
    assert (
        by_level["name", "same letters (word order and spaces aside)"]
        > 0
        > by_level["name", "other"]
    )


def test_deduplication_finds_the_duplicates_and_clusters_them(small_registers):
    _, idpoor, truth = small_registers
    linkage = registry.deduplicate(idpoor)
    table = linkage.precision_recall(truth, [0.5, 0.8, 0.99])
    assert (table["precision"] >= 0.9).all() and table["recall"].is_monotonic_decreasing
    clusters = linkage.clusters()
    assert len(clusters) == len(idpoor) and set(clusters["record_id"]) == set(idpoor["record_id"])
    joined = clusters[clusters["cluster_size"] > 1]
    assert joined["cluster_id"].nunique() <= len(linkage.pairs)


def test_at_changes_only_the_threshold():
    scored = pd.DataFrame(
        {
            "record_id_l": ["a", "a"],
            "record_id_r": ["b", "c"],
            "match_weight": [5.0, 1.0],
            "match_probability": [0.97, 0.67],
        }
    )
    linkage = Linkage(
        scored,
        0.9,
        {"blocking_rules_to_generate_predictions": []},
        "dedupe_only",
        (np.array(["a", "b", "c", "d"]),),
    )
    assert linkage.pairs["record_id_r"].tolist() == ["b"]
    assert linkage.at(0.5).pairs["record_id_r"].tolist() == ["b", "c"]
    clusters = linkage.at(0.5).clusters().set_index("record_id")
    assert clusters["cluster_id"].to_dict() == {"a": "a", "b": "a", "c": "a", "d": "d"}
    assert clusters["cluster_size"].to_dict() == {"a": 3, "b": 3, "c": 3, "d": 1}
    truth = pd.DataFrame({"record_id": ["a", "b", "c", "d"], "person_id": [1, 1, 2, 2]})
    table = linkage.precision_recall(truth, [0.5, 0.9]).set_index("threshold")
    # true pairs: (a, b) and (c, d); (c, d) was never compared, so recall counts it as missed
    assert table.loc[0.5, ["links", "true_links", "true_pairs"]].tolist() == [2, 1, 2]
    assert table.loc[0.5, "precision"] == 0.5 and table.loc[0.9, "precision"] == 1.0
    assert table.loc[0.9, "recall"] == 0.5
    result = linkage.evaluate(truth)
    assert result["precision"] == 1.0 and result.exclusions.n_excluded == 1


def test_exact_pairs_known_answer():
    left = pd.DataFrame(
        [
            record("a1", "Sok Dara", "1980-05-02", id_card="111111111"),
            record("a2", "Chan Thida", "1991-04-21"),
        ]
    )
    right = pd.DataFrame(
        [
            record("b1", "SOK DARA", "1980-05-02"),
            record("b2", "Thida Chan", "1991-04-21", id_card="111111111"),
        ]
    )
    assert registry.exact_pairs(left, right, ["id_card"]).values.tolist() == [["a1", "b2"]]
    assert registry.exact_pairs(left, right, ["name_letters", "dob"]).values.tolist() == [
        ["a1", "b1"],
        ["a2", "b2"],
    ]
    truth = pd.DataFrame({"record_id": ["a1", "a2", "b1", "b2"], "person_id": [1, 2, 1, 2]})
    pairs = registry.exact_pairs(left, right, ["id_card"])
    quality = registry.evaluate_pairs(pairs, truth, left, right)
    assert quality[["links", "true_links", "true_pairs"]].tolist() == [1, 0, 2]
    assert quality["precision"] == 0 and quality["recall"] == 0
    within = pd.DataFrame({"record_id_l": ["b1"], "record_id_r": ["a1"]})
    both = pd.concat([left, right], ignore_index=True)
    assert registry.evaluate_pairs(within, truth, both)[["precision", "recall"]].tolist() == [
        1.0,
        0.5,
    ]
    with pytest.raises(ValueError, match="on must name standardised columns"):
        registry.exact_pairs(left, right, ["surname"])


def registers():
    return pd.DataFrame(
        [record("a1", "Sok Dara", "1980-05-02"), record("a2", "Chan Thida", "1991-04-21")]
    )


@pytest.mark.parametrize("threshold", [0, 1, 1.5, -0.1, float("nan"), 0.001])
def test_a_threshold_outside_zero_one_is_refused(threshold):
    with pytest.raises(ValueError, match="threshold must be"):
        registry.deduplicate(registers(), threshold=threshold)


def test_a_threshold_that_is_not_a_number_is_refused():
    with pytest.raises(TypeError, match="threshold must be a match probability"):
        registry.deduplicate(registers(), threshold="0.9")


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"right lacks the column\(s\) \['phone'\]"):
        registry.link(registers(), registers().drop(columns="phone"))


def test_dates_that_are_not_dates_are_refused():
    table = registers().assign(date_of_birth=["02/05/1980", "1991-04-21"])
    with pytest.raises(ValueError, match=r"1 value\(s\) that are not dates.*02/05/1980"):
        registry.deduplicate(table)


def test_an_empty_register_is_refused():
    with pytest.raises(ValueError, match="left has no records"):
        registry.link(registers().iloc[:0], registers())


def test_record_ids_must_be_unique():
    with pytest.raises(ValueError, match="must be unique and never missing"):
        registry.deduplicate(registers().assign(record_id="same"))


def test_an_unknown_backend_or_a_missing_spark_session_is_named():
    with pytest.raises(ValueError, match="backend must be 'duckdb' or 'spark'"):
        registry.deduplicate(registers(), backend="postgres")
    with pytest.raises(ValueError, match="needs spark="):
        registry.deduplicate(registers(), backend="spark")


def test_truth_must_cover_every_record():
    scored = pd.DataFrame(
        {
            "record_id_l": ["a"],
            "record_id_r": ["b"],
            "match_weight": [5.0],
            "match_probability": [0.97],
        }
    )
    linkage = Linkage(scored, 0.9, {}, "dedupe_only", (np.array(["a", "b"]),))
    with pytest.raises(ValueError, match="truth has no person_id for 1 record"):
        linkage.evaluate(pd.DataFrame({"record_id": ["a"], "person_id": [1]}))


@pytest.mark.slow  # links the shipped registers (about a minute on two busy cores)
def test_the_shipped_registers_meet_the_targets_at_the_recommended_threshold():
    truth = datasets.load_admin("truth")
    members = datasets.load_admin("idpoor_members")
    linked = registry.link(datasets.load_admin("disability_register"), members)
    deduplicated = registry.deduplicate(members)
    for linkage in (linked, deduplicated):
        quality = linkage.evaluate(truth)
        assert linkage.threshold == registry.DEFAULT_THRESHOLD
        assert quality["precision"] >= 0.97 and quality["recall"] >= 0.95, quality.to_frame()
