"""The same linkage settings on Spark (local mode) give the same pairs as on DuckDB.

Needs pyspark (requirements-spark.lock) and Java; skips with the install hint elsewhere.
"""

from __future__ import annotations

import pandas as pd
import pytest

from sptools import datasets, registry

MISSING = registry.spark_available()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(MISSING is not None, reason=MISSING or ""),
]


@pytest.fixture(scope="module")
def spark():
    session = registry.spark_session(cores=2, memory="1g")
    yield session
    session.stop()


def small_register() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The disability records of three provinces, and the IDPoor members of the same provinces
    (small enough that training uses every pair, so that both backends train the same model)."""
    provinces = ["Kep", "Pailin", "Mondulkiri"]
    disability = datasets.load_admin("disability_register")
    members = datasets.load_admin("idpoor_members")
    return (
        disability[disability["province"].isin(provinces)].reset_index(drop=True),
        members[members["province"].isin(provinces)].reset_index(drop=True),
    )


def test_spark_and_duckdb_link_the_same_pairs(spark):
    left, right = small_register()
    assert len(left) * len(right) < registry.linkage.U_MAX_PAIRS
    on_duckdb = registry.link(left, right)
    on_spark = registry.link(left, right, backend="spark", spark=spark)
    columns = ["record_id_l", "record_id_r"]
    assert len(on_duckdb.pairs) > 0
    pd.testing.assert_frame_equal(
        on_spark.pairs[columns].sort_values(columns).reset_index(drop=True),
        on_duckdb.pairs[columns].sort_values(columns).reset_index(drop=True),
    )
    merged = on_duckdb.scored.merge(on_spark.scored, on=columns, suffixes=("_duckdb", "_spark"))
    assert len(merged) == len(on_duckdb.scored) == len(on_spark.scored)
    # EM stops at splink's convergence tolerance and the engines add up in different orders, so
    # the weights agree closely but not to the last digit
    assert (merged["match_weight_duckdb"] - merged["match_weight_spark"]).abs().max() < 0.1


def test_a_model_trained_on_duckdb_scores_the_same_on_spark(spark):
    left, right = small_register()
    trained = registry.link(left, right)
    rescored = registry.link(left, right, backend="spark", spark=spark, model=trained.model)
    columns = ["record_id_l", "record_id_r"]
    assert rescored.pairs[columns].equals(trained.pairs[columns])
