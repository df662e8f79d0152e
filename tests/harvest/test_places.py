"""Myanmar places named by partners, found as MIMU Pcodes."""

from __future__ import annotations

from ckanext.imnet.harvesting.places import coverage


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
