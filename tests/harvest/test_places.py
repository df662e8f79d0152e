"""Myanmar places named by partners, found as MIMU Pcodes."""

from __future__ import annotations

from ckanext.imnet.harvesting.places import coverage, explicit


def test_a_state_named_with_its_level_is_its_pcode():
    found = coverage(["Rakhine State"])
    assert found.geographic_coverage == ["MMR012"]
    assert found.admin_level == "state_region"


def test_a_list_of_places_names_each():
    found = coverage(["Kachin, Shan (North)"])
    assert found.geographic_coverage == ["MMR001", "MMR015"]


def test_a_township_names_its_state_and_the_township_level():
    found = coverage(["Sittwe Township"])
    assert found.township_coverage == ["MMR012001"]
    assert found.geographic_coverage == ["MMR012"]
    assert found.admin_level == "township"


def test_myanmar_script_and_place_uris_ending_in_a_pcode_are_places():
    assert coverage(["ရခိုင်ပြည်နယ်"]).geographic_coverage == ["MMR012"]
    found = coverage(["https://partner.example.org/place/MMR013"])
    assert found.geographic_coverage == ["MMR013"]


def test_mimus_bago_means_both_its_parts():
    assert coverage(["Bago Region"]).geographic_coverage == ["MMR007", "MMR008"]


def test_words_that_name_no_place_name_none():
    found = coverage(["household", "nutrition", "Thailand"])
    assert found.geographic_coverage == []
    assert found.admin_level == ""


def test_keywords_name_a_place_only_with_its_level_or_pcode():
    # A partner's keyword "Chin" or "Mon" is as likely a people as a State.
    keywords = ["Chin", "Mon", "nutrition", "Mon State", "Sittwe Township"]
    keywords += ["MMR013", "https://partner.example.org/place/MMR001", "ချင်းပြည်နယ်"]
    assert explicit(keywords) == keywords[3:]
    assert coverage(explicit(["Chin", "Shan"])).geographic_coverage == []
