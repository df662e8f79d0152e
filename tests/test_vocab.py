"""The vocabularies and Pcode tables the whole package reads."""

from __future__ import annotations

import re

from ckanext.imnet import vocab

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def test_machine_values_are_stable_snake_case_with_both_labels():
    assert vocab.names() == (
        "sensitivity",
        "admin_level",
        "sadd",
        "other_disaggregation",
        "collection_method",
        "sector",
        "data_category",
        "update_frequency",
        "unit_of_analysis",
        "language",
        "resource_type",
        "assessment_status",
        "population_group",
        "product_availability",
    )
    for name in vocab.names():
        terms = vocab.vocabulary(name)
        assert len({t.value for t in terms}) == len(terms), name
        for term in terms:
            assert SNAKE.match(term.value), term.value
            assert term.en and term.my, term.value


def test_the_brief_lists_are_complete():
    assert vocab.values("sensitivity") == [
        "public",
        "restricted",
        "confidential",
        "strictly_confidential",
    ]
    assert len(vocab.values("data_category")) == 15
    assert {"cccm", "wash", "food_security", "gbv", "mine_action"} <= set(
        vocab.values("sector")
    )
    assert {"household_survey", "key_informant_interviews", "census"} <= set(
        vocab.values("collection_method")
    )


def test_states_regions_come_from_the_pcode_table_with_myanmar_names():
    states = vocab.states()
    assert len(states) == 18
    rakhine = vocab.state("MMR012")
    assert (rakhine.name_en, rakhine.name_my) == ("Rakhine", "ရခိုင်ပြည်နယ်")
    assert rakhine.bbox is not None
    assert vocab.place("MMR").level == "country"


def test_townships_know_their_state_region_and_status():
    kamaryut = vocab.township("MMR013041")
    assert kamaryut.adm1_pcode == "MMR013"
    assert vocab.township("MMR013008").status == "inactive"
    assert len(vocab.townships()) == 358


def test_labels_follow_the_language():
    term = vocab.term("sadd", "sex_and_age")
    assert term.label("en") == "Sex and age"
    assert term.label("my_MM") == "ကျား/မ နှင့် အသက်"
