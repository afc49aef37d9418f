"""Probabilistic record linkage of person registers with splink (Fellegi-Sunter, trained by EM).

The model compares six things about two records (:func:`settings`): the name (keys of
:mod:`sptools.registry.standardise`), the date of birth (exact; day and month swapped; same year;
a year apart), sex, the address (village, district, province), the ID card and the phone.
Only the pairs that agree on at least one blocking rule (:data:`BLOCKING_RULES`) are compared.

Training, without any labelled pairs:

1. ``u`` (how often two *different* people agree at each level) from random pairs of records
   (all pairs when there are at most :data:`U_MAX_PAIRS`, so the estimate does not depend on the
   sample);
2. the prior (the probability that two random records match) from pairs sharing an ID card or the
   same name letters and date of birth, taken to find :data:`DETERMINISTIC_RECALL` of the matches;
3. ``m`` (how often the *same* person agrees) by expectation maximisation on every record, in
   three passes (:data:`EM_BLOCKING_RULES`): pairs with the same date of birth and province
   (learning names, IDs, phones), with the same name letters and village (learning dates of
   birth), with the same ID card (learning addresses). The m of sex, ID card and phone are
   fixed (:data:`FIXED_M`).

Each pair then gets a match weight (the sum of log2 Bayes factors, m / u, of its levels, plus the
prior's) and a match probability; pairs at or above the threshold the user chooses are links.
The same settings run on DuckDB (embedded, the default) or Spark (``backend="spark"``).

Examples
--------
>>> BLOCKING_RULES[0]
'l.id_card = r.id_card'
"""

from __future__ import annotations

import json
import logging
import math
import numbers
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from sptools.registry.standardise import check_records, standardise
from sptools.results import Exclusions, Result

#: Blocking rules: a pair is scored only when it agrees on at least one of these (SQL, ``l`` and
#: ``r`` the two records).
BLOCKING_RULES = (
    "l.id_card = r.id_card",
    "l.phone = r.phone",
    "l.name_letters = r.name_letters AND l.birth_year = r.birth_year",
    "l.name_skeleton = r.name_skeleton AND l.birth_year = r.birth_year AND l.province = r.province",
    "l.dob = r.dob AND l.province = r.province AND length(l.dob) = 10",
    "l.name_skeleton = r.name_skeleton AND l.village = r.village AND l.province = r.province",
    "l.village = r.village AND l.province = r.province AND l.birth_year = r.birth_year",
)
#: Blocking rules of the three EM passes. A pass learns the comparisons whose columns its rule
#: does not use: the first names, IDs and phones; the second dates of birth; the third (pairs
#: sharing an ID card, nearly all the same person) addresses. Each is narrow enough to use every
#: record of a national register.
EM_BLOCKING_RULES = (
    "l.dob = r.dob AND l.province = r.province AND length(l.dob) = 10",
    "l.name_letters = r.name_letters AND l.village = r.village AND l.province = r.province",
    "l.id_card = r.id_card",
)
#: Rules taken to find matches for the prior, and the share of matches they are assumed to find.
DETERMINISTIC_RULES = (
    "l.id_card = r.id_card",
    "l.name_letters = r.name_letters AND l.dob = r.dob",
)
DETERMINISTIC_RECALL = 0.7
#: Random pairs for the u probabilities (all pairs below this), and their seed.
U_MAX_PAIRS = 2e6
U_SEED = 2025
#: Scored pairs below this match probability are not kept (no threshold may go below it).
SCORE_FLOOR = 0.01
#: The threshold module 5 recommends for the shipped registers (precision >= 0.97 and recall
#: >= 0.95 when linking and deduplicating them): a starting point, to check on a clerical review.
DEFAULT_THRESHOLD = 0.8
#: The probability splink gives a level that no training pair reached (its m or u is unknown).
UNOBSERVED_PROBABILITY = 1e-6
#: Table names registered with the backend (never an SQL keyword such as ``left``), followed by
#: an identifier of the run.
TABLE_NAMES = ("register_a", "register_b")

_LEVELS_DOB = [
    {
        "sql_condition": "dob_l IS NULL OR dob_r IS NULL",
        "label_for_charts": "missing",
        "is_null_level": True,
    },
    {"sql_condition": "dob_l = dob_r AND length(dob_l) = 10", "label_for_charts": "same date"},
    {
        "sql_condition": "length(dob_l) = 10 AND length(dob_r) = 10 "
        "AND substr(dob_l, 1, 4) = substr(dob_r, 1, 4) "
        "AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2) "
        "AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)",
        "label_for_charts": "day and month swapped",
    },
    {
        "sql_condition": "birth_year_l = birth_year_r AND (length(dob_l) = 4 OR length(dob_r) = 4)",
        "label_for_charts": "same year, one date only a year",
    },
    {
        "sql_condition": "abs(cast(birth_year_l AS int) - cast(birth_year_r AS int)) <= 1",
        "label_for_charts": "a year apart",
    },
    {"sql_condition": "ELSE", "label_for_charts": "other"},
]
_LEVELS_NAME = [
    {
        "sql_condition": "name_sorted_l IS NULL OR name_sorted_r IS NULL",
        "label_for_charts": "missing",
        "is_null_level": True,
    },
    {
        "sql_condition": "name_letters_l = name_letters_r",
        "label_for_charts": "same letters (word order and spaces aside)",
    },
    {
        "sql_condition": "levenshtein(name_letters_l, name_letters_r) <= 2",
        "label_for_charts": "one or two letters apart",
    },
    {"sql_condition": "name_skeleton_l = name_skeleton_r", "label_for_charts": "same consonants"},
    {
        "sql_condition": "JARO_WINKLER(name_sorted_l, name_sorted_r) >= 0.88",
        "label_for_charts": "Jaro-Winkler >= 0.88",
    },
    {"sql_condition": "ELSE", "label_for_charts": "other"},
]
_LEVELS_ADDRESS = [
    {
        "sql_condition": "province_l IS NULL OR province_r IS NULL",
        "label_for_charts": "missing",
        "is_null_level": True,
    },
    {
        "sql_condition": "village_l = village_r AND commune_l = commune_r "
        "AND district_l = district_r AND province_l = province_r",
        "label_for_charts": "same village",
    },
    {
        "sql_condition": "district_l = district_r AND province_l = province_r",
        "label_for_charts": "same district",
    },
    {"sql_condition": "province_l = province_r", "label_for_charts": "same province"},
    {"sql_condition": "ELSE", "label_for_charts": "other"},
]


#: m probabilities fixed, not trained: how often the same person's records disagree on sex, ID
#: card or phone (typing errors, a new SIM card). Fixing them keeps one disagreement from
#: outweighing everything else, and keeps EM from driving them to zero on small registers.
FIXED_M = {"sex": 0.01, "id_card": 0.01, "phone": 0.05}


def _exact(column: str) -> dict[str, Any]:
    disagree = FIXED_M[column]
    return {
        "output_column_name": column,
        "comparison_levels": [
            {
                "sql_condition": f"{column}_l IS NULL OR {column}_r IS NULL",
                "label_for_charts": "missing",
                "is_null_level": True,
            },
            {
                "sql_condition": f"{column}_l = {column}_r",
                "label_for_charts": "same",
                "m_probability": 1 - disagree,
                "fix_m_probability": True,
            },
            {
                "sql_condition": "ELSE",
                "label_for_charts": "different",
                "m_probability": disagree,
                "fix_m_probability": True,
            },
        ],
    }


#: The Jaro-Winkler similarity function of each backend (Spark's comes from splink's jar).
JARO_WINKLER = {"duckdb": "jaro_winkler_similarity", "spark": "jaro_winkler"}


def for_backend(model: dict[str, Any], backend: str) -> dict[str, Any]:
    """``model`` (settings or a trained model) with its SQL written for ``backend``."""
    text = re.sub(
        r"\b(jaro_winkler_similarity|jaro_winkler)\(",
        "JARO_WINKLER(",
        json.dumps(model),
        flags=re.IGNORECASE,
    )
    return json.loads(text.replace("JARO_WINKLER(", f"{JARO_WINKLER[backend]}("))


def settings(link_type: str, backend: str = "duckdb") -> dict[str, Any]:
    """The splink settings for ``"link_only"`` or ``"dedupe_only"``, in ``backend``'s SQL."""
    return for_backend(_settings(link_type), backend)


def _settings(link_type: str) -> dict[str, Any]:
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-4,
        "comparisons": [
            {"output_column_name": "name", "comparison_levels": _LEVELS_NAME},
            {"output_column_name": "date_of_birth", "comparison_levels": _LEVELS_DOB},
            _exact("sex"),
            {"output_column_name": "address", "comparison_levels": _LEVELS_ADDRESS},
            _exact("id_card"),
            _exact("phone"),
        ],
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule} for rule in BLOCKING_RULES
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
    }


def check_threshold(threshold: object) -> float:
    """``threshold`` as a float strictly between 0 and 1 (and not below :data:`SCORE_FLOOR`)."""
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real):
        raise TypeError(
            f"threshold must be a match probability between 0 and 1, e.g. 0.9; got {threshold!r}"
        )
    value = float(threshold)
    if not 0 < value < 1 or math.isnan(value):
        raise ValueError(
            f"threshold must be strictly between 0 and 1 (a match probability), e.g. 0.9; got "
            f"{threshold!r}"
        )
    if value < SCORE_FLOOR:
        raise ValueError(
            f"threshold must be at least {SCORE_FLOOR} (pairs below it are not kept); got {value}"
        )
    return value


@dataclass(frozen=True)
class Linkage:
    """Scored pairs of records, the threshold that makes a pair a link, and the trained model.

    Attributes
    ----------
    scored : DataFrame
        Every compared pair with ``match_probability >= SCORE_FLOOR``: ``record_id_l,
        record_id_r, match_weight, match_probability`` and one ``mw_<comparison>`` column per
        comparison: the part of the match weight that comparison gave (log2 of m / u at the
        level the pair reached; 0 when a value is missing). They add up, with the prior's
        weight, to ``match_weight``.
    threshold : float
        Pairs at or above it are links (:attr:`pairs`).
    model : dict
        The trained splink settings (m and u of every level); pass it as ``model=`` to score
        other records, or the same on another backend, without training again.
    link_type : str
        ``"link_only"`` (:func:`link`) or ``"dedupe_only"`` (:func:`deduplicate`).
    record_ids : tuple of arrays
        The record ids of each input (one array for a deduplication).
    """

    scored: pd.DataFrame
    threshold: float
    model: dict[str, Any] = field(repr=False)
    link_type: str
    record_ids: tuple[np.ndarray, ...] = field(repr=False)

    @property
    def pairs(self) -> pd.DataFrame:
        """The links: pairs with ``match_probability >= threshold``, highest first."""
        kept = self.scored[self.scored["match_probability"] >= self.threshold]
        return kept.sort_values(
            ["match_probability", "record_id_l", "record_id_r"], ascending=[False, True, True]
        ).reset_index(drop=True)

    @property
    def blocking_rules(self) -> list[str]:
        """The blocking rules that chose the pairs to compare."""
        return [
            rule["blocking_rule"] for rule in self.model["blocking_rules_to_generate_predictions"]
        ]

    def at(self, threshold: float) -> Linkage:
        """The same scores with another threshold (nothing is trained or scored again)."""
        return replace(self, threshold=check_threshold(threshold))

    def clusters(self) -> pd.DataFrame:
        """Every record and its cluster: records joined by links, directly or through others.

        Returns ``record_id, source`` (0 for the first input, 1 for the second), ``cluster_id``
        (the smallest record id of the cluster's first input, else of the second) and
        ``cluster_size``.
        """
        ids = [(str(i), source) for source, part in enumerate(self.record_ids) for i in part]
        nodes = pd.DataFrame(ids, columns=["record_id", "source"])
        keys = zip(nodes["record_id"], nodes["source"], strict=True)
        position = {key: k for k, key in enumerate(keys)}
        pairs = self.pairs
        right_source = 1 if self.link_type == "link_only" else 0
        rows = [position[(i, 0)] for i in pairs["record_id_l"]]
        cols = [position[(i, right_source)] for i in pairs["record_id_r"]]
        graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(nodes), len(nodes)))
        _, labels = connected_components(graph, directed=False)
        nodes["component"] = labels
        first = nodes.sort_values(["source", "record_id"]).drop_duplicates("component")
        nodes["cluster_id"] = nodes["component"].map(first.set_index("component")["record_id"])
        nodes["cluster_size"] = nodes.groupby("component")["record_id"].transform("size")
        return nodes.drop(columns="component")

    def match_weights(self) -> pd.DataFrame:
        """The trained model: one row per comparison level with its ``m_probability``,
        ``u_probability`` and ``match_weight`` (log2 of m / u: what agreeing at that level adds
        to a pair's weight). ``observed`` is False for a level no training pair reached: splink
        scores it with a probability of :data:`UNOBSERVED_PROBABILITY` (shown)."""
        rows = []
        for comparison in self.model["comparisons"]:
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                m, u = level.get("m_probability"), level.get("u_probability")
                observed = isinstance(m, float | int) and isinstance(u, float | int)
                m = m if isinstance(m, float | int) else UNOBSERVED_PROBABILITY
                u = u if isinstance(u, float | int) else UNOBSERVED_PROBABILITY
                rows.append(
                    (
                        comparison["output_column_name"],
                        level["label_for_charts"],
                        m,
                        u,
                        math.log2(m / u),
                        observed,
                    )
                )
        columns = [
            "comparison",
            "level",
            "m_probability",
            "u_probability",
            "match_weight",
            "observed",
        ]
        return pd.DataFrame(rows, columns=columns)

    @property
    def prior_weight(self) -> float:
        """log2 of the prior odds that two records match (the weight every pair starts from)."""
        p = self.model["probability_two_random_records_match"]
        return math.log2(p / (1 - p))

    def evaluate(self, truth: pd.DataFrame) -> Result:
        """Precision and recall of the links against a truth table (``record_id, person_id``).

        Recall counts every true pair, including those no blocking rule compared.
        """
        table = self.precision_recall(truth, [self.threshold]).iloc[0]
        estimates = pd.DataFrame(
            {
                "estimate": [table["precision"], table["recall"]],
                "se": [float("nan")] * 2,
                "n": [int(table["links"]), int(table["true_pairs"])],
            },
            index=pd.Index(["precision", "recall"], name="measure"),
        )
        missed = int(table["true_pairs"] - table["true_links"])
        return Result(
            estimates,
            exclusions=Exclusions(
                n_rows=int(table["true_pairs"]),
                n_excluded=missed,
                weighted_share=float("nan"),
                by_column={"missed pairs": missed},
                reason="true pairs not linked",
            ),
            title=f"Linkage at threshold {self.threshold:g}",
            method="counted against the truth table (no sampling error)",
        )

    def precision_recall(self, truth: pd.DataFrame, thresholds: Sequence[float]) -> pd.DataFrame:
        """Links, true links, precision and recall at each threshold, against ``truth``."""
        true_pairs = _true_pairs(truth, self.record_ids, self.link_type)
        scored = self.scored.merge(
            true_pairs.assign(true_pair=True), on=["record_id_l", "record_id_r"], how="left"
        )
        scored["true_pair"] = scored["true_pair"].fillna(False).astype(bool)
        rows = []
        for threshold in thresholds:
            linked = scored[scored["match_probability"] >= check_threshold(threshold)]
            true_links = int(linked["true_pair"].sum())
            rows.append(
                {
                    "threshold": float(threshold),
                    "links": len(linked),
                    "true_links": true_links,
                    "false_links": len(linked) - true_links,
                    "true_pairs": len(true_pairs),
                    "precision": true_links / len(linked) if len(linked) else float("nan"),
                    "recall": true_links / len(true_pairs) if len(true_pairs) else float("nan"),
                }
            )
        return pd.DataFrame(rows)


def _true_pairs(
    truth: pd.DataFrame, record_ids: tuple[np.ndarray, ...], link_type: str
) -> pd.DataFrame:
    """Every pair of records that are the same person: ``record_id_l, record_id_r``."""
    if not isinstance(truth, pd.DataFrame) or not {"record_id", "person_id"} <= set(truth.columns):
        raise ValueError(
            "truth must be a DataFrame with the columns record_id and person_id (e.g. the admin "
            "'truth' table)"
        )
    lookup = truth.drop_duplicates("record_id").set_index("record_id")["person_id"]
    sides = []
    for ids in record_ids:
        ids = pd.Series(ids, dtype=object).astype(str)
        person = ids.map(lookup)
        if person.isna().any():
            raise ValueError(
                f"truth has no person_id for {int(person.isna().sum()):,} record(s), e.g. "
                f"{ids[person.isna()].head(3).tolist()}; give the truth of every record linked"
            )
        sides.append(pd.DataFrame({"record_id": ids, "person_id": person}))
    left = sides[0]
    right = sides[1] if link_type == "link_only" else sides[0]
    pairs = left.merge(right, on="person_id", suffixes=("_l", "_r"))
    if link_type != "link_only":
        pairs = pairs[pairs["record_id_l"] < pairs["record_id_r"]]
    return pairs[["record_id_l", "record_id_r"]].reset_index(drop=True)


def _db_api(backend: str, spark: Any):
    if backend == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        connection = duckdb.connect(":memory:")
        connection.execute("SET enable_progress_bar = false")  # no bar in notebooks
        return DuckDBAPI(connection=connection)
    if backend == "spark":
        if spark is None:
            raise ValueError(
                "backend='spark' needs spark=<a SparkSession> (see sptools.registry.spark_session)"
            )
        from splink import SparkAPI

        # splink breaks long query plans with checkpoints when the session has a checkpoint
        # folder (set one on a cluster: spark.sparkContext.setCheckpointDir(...)); without one,
        # in memory.
        has_folder = spark.sparkContext.getCheckpointDir() is not None
        return SparkAPI(
            spark_session=spark, break_lineage_method="checkpoint" if has_folder else "persist"
        )
    raise ValueError(f"backend must be 'duckdb' or 'spark'; got {backend!r}")


def _train(linker: Any, n_records: int, total_pairs: float) -> None:
    training = linker.training
    training.estimate_probability_two_random_records_match(
        list(DETERMINISTIC_RULES), recall=DETERMINISTIC_RECALL
    )
    training.estimate_u_using_random_sampling(
        max_pairs=min(total_pairs, U_MAX_PAIRS),
        seed=U_SEED,
        min_count_per_level=None,
        num_chunks=1,
    )
    for rule in EM_BLOCKING_RULES:
        try:
            training.estimate_parameters_using_expectation_maximisation(
                rule, record_sample_proportion=1.0
            )
        except ValueError as error:  # splink refuses an m probability that underflows to 0
            if "below the minimum allowed" not in str(error):
                raise
            raise ValueError(
                f"expectation maximisation on the pairs '{rule}' drove a level's m probability to "
                "zero: the registers hold too few matching pairs to train the model. Train on "
                "larger registers and pass the result's .model as model="
            ) from error


def _run(
    tables: list[pd.DataFrame],
    link_type: str,
    threshold: float,
    backend: str,
    spark: Any,
    model: dict[str, Any] | None,
) -> Linkage:
    from splink import Linker

    threshold = check_threshold(threshold)
    standard = [standardise(table) for table in tables]
    db_api = _db_api(backend, spark)
    # a Spark session keeps the tables of earlier runs: give each run its own names
    run_id = uuid.uuid4().hex[:8]
    names = tuple(f"{name}_{run_id}" for name in TABLE_NAMES)
    frames = [
        db_api.register(
            frame if backend == "duckdb" else spark.createDataFrame(frame), table_name=name
        )
        for frame, name in zip(standard, names, strict=False)
    ]
    linker = Linker(
        frames if len(frames) > 1 else frames[0],
        for_backend(model, backend) if model else settings(link_type, backend),
        log_level=logging.ERROR,
    )
    if model is None:
        sizes = [len(frame) for frame in standard]
        total = sizes[0] * sizes[1] if len(sizes) > 1 else sizes[0] * (sizes[0] - 1) / 2
        _train(linker, sum(sizes), float(total))
    predictions = linker.inference.predict(threshold_match_probability=SCORE_FLOOR)
    scored = predictions.as_pandas_dataframe()
    partial = [c for c in scored.columns if c.startswith("mw_")]
    scored = scored.rename(columns={"unique_id_l": "record_id_l", "unique_id_r": "record_id_r"})
    if link_type == "link_only":  # splink may put either table on the left: put left first
        flip = scored["source_dataset_l"] != names[0]
        ids = scored[["record_id_l", "record_id_r"]].to_numpy().copy()
        ids[flip.to_numpy()] = ids[flip.to_numpy()][:, ::-1]
        scored[["record_id_l", "record_id_r"]] = ids
    else:
        low = scored[["record_id_l", "record_id_r"]].min(axis=1)
        high = scored[["record_id_l", "record_id_r"]].max(axis=1)
        scored["record_id_l"], scored["record_id_r"] = low, high
    columns = ["record_id_l", "record_id_r", "match_weight", "match_probability", *partial]
    scored = scored[columns].astype({"record_id_l": str, "record_id_r": str})
    scored = scored.sort_values(["record_id_l", "record_id_r"]).reset_index(drop=True)
    trained = linker.misc.save_model_to_json()
    return Linkage(
        scored=scored,
        threshold=threshold,
        model=trained,
        link_type=link_type,
        record_ids=tuple(table["record_id"].astype(str).to_numpy() for table in tables),
    )


def link(
    left: pd.DataFrame,
    right: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    backend: str = "duckdb",
    spark: Any = None,
    model: dict[str, Any] | None = None,
) -> Linkage:
    """Link the records of two person registers: which record of ``right`` is which of ``left``.

    Parameters
    ----------
    left, right
        Registers with the person-record schema (:data:`sptools.registry.standardise.REQUIRED`);
        ``record_id`` unique within each.
    threshold
        Match probability, strictly between 0 and 1, at or above which a pair is a link; change
        it afterwards with :meth:`Linkage.at`.
    backend
        ``"duckdb"`` (embedded, the default) or ``"spark"`` (give ``spark``, a SparkSession).
    model
        A trained model (:attr:`Linkage.model`) to score with, instead of training on these
        records.

    Returns
    -------
    Linkage
        Scored pairs (``record_id_l`` from ``left``, ``record_id_r`` from ``right``), links at
        the threshold, clusters, the trained match weights and, given a truth table, precision
        and recall.

    Examples
    --------
    >>> import pandas as pd
    >>> records = pd.DataFrame({"record_id": ["a", "b"], "name": ["Sok Dara", "Chan Thida"],
    ...     "sex": ["male", "female"], "date_of_birth": ["1980-05-02", "1991-04-21"],
    ...     "province": ["Takeo"] * 2, "district": ["d"] * 2, "commune": ["c"] * 2,
    ...     "village": ["v"] * 2, "id_card": [None, "123456789"], "phone": [None, None]})
    >>> linkage = link(records, records.iloc[::-1], threshold=0.5)  # doctest: +SKIP
    >>> linkage.pairs.columns[:4].tolist()  # doctest: +SKIP
    ['record_id_l', 'record_id_r', 'match_weight', 'match_probability']
    """
    check_records(left, "left")
    check_records(right, "right")
    return _run([left, right], "link_only", threshold, backend, spark, model)


def deduplicate(
    table: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    backend: str = "duckdb",
    spark: Any = None,
    model: dict[str, Any] | None = None,
) -> Linkage:
    """Find the records of one register that are the same person (see :func:`link`).

    Pairs have ``record_id_l < record_id_r``; :meth:`Linkage.clusters` groups the records.
    """
    check_records(table, "table")
    return _run([table], "dedupe_only", threshold, backend, spark, model)


def exact_pairs(left: pd.DataFrame, right: pd.DataFrame, on: Sequence[str]) -> pd.DataFrame:
    """Deterministic linkage: pairs whose standardised columns ``on`` are all equal (and present).

    Columns are those of :func:`sptools.registry.standardise.standardise` (e.g.
    ``["id_card"]`` or ``["name_letters", "dob"]``). Returns ``record_id_l, record_id_r``.
    """
    check_records(left, "left")
    check_records(right, "right")
    a, b = standardise(left), standardise(right)
    unknown = [column for column in on if column not in a.columns or column == "unique_id"]
    if not on or unknown:
        raise ValueError(
            f"on must name standardised columns among {list(a.columns[1:])}; got {list(on)}"
        )
    a, b = a.dropna(subset=list(on)), b.dropna(subset=list(on))
    pairs = a.merge(b, on=list(on), suffixes=("_l", "_r"))
    pairs = pairs.rename(columns={"unique_id_l": "record_id_l", "unique_id_r": "record_id_r"})
    return (
        pairs[["record_id_l", "record_id_r"]]
        .drop_duplicates()
        .sort_values(["record_id_l", "record_id_r"])
        .reset_index(drop=True)
    )


def evaluate_pairs(
    pairs: pd.DataFrame, truth: pd.DataFrame, left: pd.DataFrame, right: pd.DataFrame | None = None
) -> pd.Series:
    """Precision and recall of any set of pairs (``record_id_l, record_id_r``) against ``truth``.

    ``right=None`` for pairs within one register (``left``). Returns ``links, true_links,
    true_pairs, precision, recall``; recall counts every true pair of the registers.
    """
    link_type = "dedupe_only" if right is None else "link_only"
    frames = (left,) if right is None else (left, right)
    ids = tuple(frame["record_id"].astype(str).to_numpy() for frame in frames)
    true_pairs = _true_pairs(truth, ids, link_type)
    found = pairs[["record_id_l", "record_id_r"]].astype(str)
    if right is None:  # either order within one register
        low = found.min(axis=1)
        found = pd.DataFrame({"record_id_l": low, "record_id_r": found.max(axis=1)})
    found = found.drop_duplicates()
    true_links = len(found.merge(true_pairs, on=["record_id_l", "record_id_r"]))
    return pd.Series(
        {
            "links": len(found),
            "true_links": true_links,
            "true_pairs": len(true_pairs),
            "precision": true_links / len(found) if len(found) else float("nan"),
            "recall": true_links / len(true_pairs) if len(true_pairs) else float("nan"),
        }
    )
