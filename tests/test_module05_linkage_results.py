"""Module 5 lessons 2 and 3 (validating records, linking registers): key results, checked on each
lesson's own kernel after it ran top to bottom (the pattern of tests/test_module00_key_results.py).
"""

from __future__ import annotations

import pytest
from conftest import REPOSITORY
from notebook_kernel import lesson_kernel, solution_code

pytestmark = pytest.mark.slow

MODULE = REPOSITORY / "modules" / "05-sp-data"


@pytest.fixture(scope="module")
def validating(tmp_path_factory):
    yield from lesson_kernel(MODULE / "02-validating-records.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def linking(tmp_path_factory):
    yield from lesson_kernel(MODULE / "03-linking-registers.ipynb", tmp_path_factory)


def test_validation_reports_every_impossible_date_and_shared_id(validating):
    validating("""
full = members["date_of_birth"][members["date_of_birth"].str.len() == 10]
impossible = pd.to_datetime(full, format="%Y-%m-%d", errors="coerce").isna()
assert len(impossible_dates) == impossible.sum() > 0
assert len(shared_ids) == members["id_card"].dropna().duplicated(keep=False).sum() > 0
assert 0 < share_with_problem < 0.1
""")


def test_payments_to_closed_records_are_counted_and_summed(validating):
    validating("""
closed = payments[(payments["status"] == "paid") & (payments["record_status"] != "active")]
assert len(wrongly_paid) == len(closed) > 0
assert wrongly_paid_khr == closed["amount_khr"].sum()
""")


def test_the_report_for_the_data_owner_lists_every_problem_with_its_meaning(validating):
    validating("""
assert len(for_owner) == len(report.problems)
assert for_owner["meaning"].notna().all()
assert (exports / "idpoor_members_problems.xlsx").exists()
""")


def test_exact_rules_miss_what_probabilistic_linkage_finds(linking):
    linking("""
assert exact.loc["ID card", "precision"] > 0.99
assert exact.loc["either", "recall"] < 0.85 < recall
""")


def test_linkage_meets_the_targets_at_the_recommended_threshold(linking):
    linking("""
assert recommended == registry.DEFAULT_THRESHOLD == 0.8
assert precision >= 0.97 and recall >= 0.95, (precision, recall)
assert dedupe_quality["precision"] >= 0.97 and dedupe_quality["recall"] >= 0.95
assert curve["recall"].is_monotonic_decreasing
""")


def test_one_pairs_weights_add_up_to_its_match_weight(linking):
    linking("""
assert abs(check - pair["match_weight"]) < 1e-6
""")


def test_about_a_third_of_persons_with_disabilities_are_in_idpoor(linking):
    linking("""
assert 0.25 < share_in_idpoor < 0.40
assert abs(share_in_idpoor - true_share) < 0.03
assert not_in_idpoor == len(per_person) - per_person.sum()
""")


SOLUTION_CHECKS = [
    ("02-validating-records", 0, "assert nssf_shared / len(nssf) > len(shared_ids) / len(members)"),
    (
        "03-linking-registers",
        0,
        "assert errors['false_links'].iloc[0] >= errors['false_links'].iloc[1]\n"
        "assert errors['missed'].iloc[0] <= errors['missed'].iloc[1]",
    ),
    ("03-linking-registers", 1, "assert exact.loc['either', 'recall'] <= three_rules['recall']"),
]


@pytest.mark.parametrize(("lesson", "index", "check"), SOLUTION_CHECKS)
def test_solutions_give_the_expected_answers(lesson, index, check, validating, linking):
    run = validating if lesson.startswith("02") else linking
    run(solution_code(MODULE / f"{lesson}.ipynb")[index])
    run(check)
