"""The gap matrix recipe, at each boundary of its rules."""

from __future__ import annotations

import os

import pytest

from ckanext.imnet.gaps import recipe

HERE = os.path.dirname(__file__)


@pytest.fixture
def rules():
    return recipe.load(recipe.DEFAULT_PATH)


def judge(rules, category, *datasets, place="MMR013"):
    facts: dict = {}
    for key in datasets:
        facts[key] = facts.get(key, 0) + 1
    return rules.judge(category, place, facts)


# (admin_level, sadd, freshness, sensitivity)
GOOD = ("township", "sex_and_age", "fresh", "public")


def test_a_cell_without_datasets_is_empty(rules):
    assert judge(rules, "demographic").state == recipe.EMPTY


def test_one_open_current_dataset_at_the_expected_level_with_sadd_is_complete(rules):
    assert judge(rules, "demographic", GOOD).state == recipe.COMPLETE


@pytest.mark.parametrize(
    ("level", "state"),
    [
        ("national", recipe.PARTIAL),
        ("state_region", recipe.PARTIAL),
        ("district", recipe.PARTIAL),
        ("township", recipe.COMPLETE),
        ("village_ward", recipe.COMPLETE),
        ("point", recipe.COMPLETE),
        ("not_geographic", recipe.PARTIAL),
    ],
)
def test_data_coarser_than_the_expected_level_is_partial(rules, level, state):
    verdict = judge(rules, "demographic", (level, *GOOD[1:]))
    assert verdict.state == state
    assert verdict.reasons == (() if state == recipe.COMPLETE else ("coarser",))


def test_economic_data_is_complete_from_state_region_level(rules):
    assert (
        judge(rules, "economic", ("state_region", "none", "fresh", "public")).state
        == recipe.COMPLETE
    )
    assert judge(
        rules, "economic", ("national", "none", "fresh", "public")
    ).reasons == ("coarser",)


@pytest.mark.parametrize(
    ("freshness", "state"),
    [
        ("fresh", recipe.COMPLETE),
        ("due", recipe.COMPLETE),
        ("overdue", recipe.PARTIAL),
        ("delinquent", recipe.PARTIAL),
    ],
)
def test_overdue_data_is_stale_so_partial(rules, freshness, state):
    verdict = judge(
        rules, "demographic", ("township", "sex_and_age", freshness, "public")
    )
    assert verdict.state == state
    if state == recipe.PARTIAL:
        assert verdict.reasons == ("stale",)


@pytest.mark.parametrize(
    ("sadd", "state"),
    [
        ("sex_and_age", recipe.COMPLETE),
        ("sex_only", recipe.COMPLETE),
        ("age_only", recipe.COMPLETE),
        ("none", recipe.PARTIAL),
    ],
)
def test_a_category_calling_for_sadd_needs_it(rules, sadd, state):
    verdict = judge(rules, "demographic", ("township", sadd, "fresh", "public"))
    assert verdict.state == state
    # Hazard data does not call for SADD.
    assert (
        judge(rules, "hazard", ("township", sadd, "fresh", "public")).state
        == recipe.COMPLETE
    )


@pytest.mark.parametrize(
    ("level", "state"),
    [
        ("public", recipe.COMPLETE),
        ("restricted", recipe.PARTIAL),
        ("confidential", recipe.PARTIAL),
        ("strictly_confidential", recipe.PARTIAL),
    ],
)
def test_restricted_only_data_is_partial(rules, level, state):
    verdict = judge(rules, "demographic", (*GOOD[:3], level))
    assert verdict.state == state
    if state == recipe.PARTIAL:
        assert verdict.reasons == ("on_request_only",)


def test_one_qualifying_dataset_among_others_makes_the_cell_complete(rules):
    restricted = (*GOOD[:3], "restricted")
    coarse = ("district", *GOOD[1:])
    assert judge(rules, "demographic", restricted, coarse, GOOD).state == (
        recipe.COMPLETE
    )


def test_conditions_met_only_by_different_datasets_leave_it_partial(rules):
    stale_fine = ("township", "sex_and_age", "overdue", "public")
    fresh_coarse = ("district", "sex_and_age", "fresh", "public")
    verdict = judge(rules, "demographic", stale_fine, fresh_coarse)
    assert (verdict.state, verdict.reasons) == (recipe.PARTIAL, ("not_together",))


def test_several_shortcomings_are_all_named(rules):
    verdict = judge(rules, "demographic", ("district", "none", "overdue", "restricted"))
    assert set(verdict.reasons) == {"coarser", "no_sadd", "stale", "on_request_only"}


def test_a_recipe_file_declares_its_own_levels_staleness_and_inapplicable_cells():
    strict = recipe.load(os.path.join(HERE, "strict_recipe.yaml"))
    village = ("village_tract_town", "sex_and_age", "fresh", "public")
    assert judge(strict, "demographic", village).state == recipe.COMPLETE
    assert judge(strict, "demographic", GOOD).reasons == ("coarser",)
    due = ("village_tract_town", "sex_and_age", "due", "public")
    assert judge(strict, "demographic", due).reasons == ("stale",)
    sex_only = ("village_tract_town", "sex_only", "fresh", "public")
    assert judge(strict, "demographic", sex_only).reasons == ("no_sadd",)
    assert judge(strict, "physical", place="MMR").state == recipe.NOT_APPLICABLE
    assert judge(strict, "physical", place="MMR013").state == recipe.EMPTY


def test_a_recipe_naming_an_unknown_category_is_refused_with_its_file_name():
    path = os.path.join(HERE, "bad_recipe.yaml")
    with pytest.raises(ValueError, match="bad_recipe.yaml.*not_a_category"):
        recipe.load(path)


@pytest.mark.ckan_config(
    "ckanext.imnet.gaps.recipe", os.path.join(HERE, "strict_recipe.yaml")
)
def test_the_configured_recipe_is_the_one_in_force():
    assert recipe.current().categories["demographic"].admin_level == (
        "village_tract_town"
    )


def test_the_package_recipe_covers_every_priority_category(rules):
    from ckanext.imnet import vocab

    assert set(rules.categories) == set(vocab.values("data_category"))
