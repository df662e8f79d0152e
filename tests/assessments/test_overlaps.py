"""Overlap warnings of the assessment registry: the rules at their
boundaries, the list each viewer gets, and bad input."""

from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from ckanext.imnet.assessments.overlaps import facts, overlap, reasons
from tests.access.conftest import headers_for
from tests.factories import assessment, im_dataset

LASHIO, HSENI, KYAUKME, HSIPAW = "MMR015001", "MMR015002", "MMR015012", "MMR015014"
SHAN_NORTH, KACHIN, MYITKYINA = "MMR015", "MMR001", "MMR001001"
TODAY = datetime.date(2026, 11, 30)
MARGIN = 30


def mine(**fields):
    """My assessment: WASH in Lashio, collecting in December 2026."""
    return facts(
        {
            "id": "mine",
            "owner_org": "my-agency",
            "status": "planned",
            "sector": ["wash"],
            "township_coverage": [LASHIO],
            "planned_start": "2026-12-01",
            "planned_end": "2026-12-31",
            **fields,
        },
        TODAY,
    )


def other(**fields):
    """Another agency's assessment; by default the same as mine."""
    return facts(
        {
            "id": "other",
            "owner_org": "other-agency",
            "status": "planned",
            "sector": ["wash"],
            "township_coverage": [LASHIO],
            "planned_start": "2026-12-01",
            "planned_end": "2026-12-31",
            **fields,
        },
        TODAY,
    )


def between(a, b):
    return overlap(a, b, MARGIN)


# -- the rules -------------------------------------------------------------


def test_windows_exactly_at_the_margin_overlap_and_one_day_beyond_do_not():
    after = between(mine(), other(planned_start="2027-01-30", planned_end="2027-02-10"))
    assert after is not None and after.window_days == -30
    assert (
        between(mine(), other(planned_start="2027-01-31", planned_end="2027-02-10"))
        is None
    )
    before = between(
        mine(), other(planned_start="2026-10-01", planned_end="2026-11-01")
    )
    assert before is not None and before.window_days == -30
    assert (
        between(mine(), other(planned_start="2026-10-01", planned_end="2026-10-31"))
        is None
    )
    same_day = between(
        mine(), other(planned_start="2026-12-31", planned_end="2027-01-15")
    )
    assert same_day is not None and same_day.window_days == 1


def test_the_margin_is_what_the_caller_gives():
    later = other(planned_start="2027-01-10", planned_end="2027-01-20")
    assert overlap(mine(), later, 10) is not None
    assert overlap(mine(), later, 9) is None


def test_actual_dates_replace_the_planned_ones():
    # Planned in March, but collected in December: it overlaps.
    moved = other(
        status="data_collection_completed",
        planned_start="2027-03-01",
        planned_end="2027-03-31",
        actual_start="2026-12-20",
        actual_end="2027-01-05",
    )
    found = between(mine(), moved)
    assert found is not None and found.window_days == 12
    # Planned in December, but collected a year before: it does not.
    done = other(
        status="report_completed",
        actual_start="2025-12-01",
        actual_end="2025-12-31",
    )
    assert between(mine(), done) is None


def test_an_ongoing_assessment_without_an_actual_end_is_still_collecting():
    # Planned for June and July, started in June, still going on 30 November:
    # it collects until today at least, one day before mine starts.
    late = other(
        status="ongoing",
        planned_start="2026-06-01",
        planned_end="2026-07-31",
        actual_start="2026-06-15",
    )
    found = between(mine(), late)
    assert found is not None and found.window_days == -1
    assert between(mine(), other(**{**_LATE, "status": "planned"})) is None
    assert between(mine(planned_start="2026-12-30", planned_end="2027-01-31"), late)
    assert (
        between(mine(planned_start="2027-01-02", planned_end="2027-01-31"), late)
        is None
    )


_LATE = {"planned_start": "2026-06-01", "planned_end": "2026-07-31"}


def test_townships_overlap_only_where_both_name_the_same_one():
    found = between(
        mine(township_coverage=[LASHIO, HSIPAW, KYAUKME]),
        other(township_coverage=[HSIPAW, KYAUKME, LASHIO, HSENI]),
    )
    assert found is not None
    assert found.townships == (LASHIO, KYAUKME, HSIPAW)
    assert found.states == ()
    assert between(mine(), other(township_coverage=[HSENI])) is None


def test_a_state_region_without_townships_overlaps_its_townships():
    state_level = other(township_coverage=[], geographic_coverage=[SHAN_NORTH])
    found = between(mine(), state_level)
    assert found is not None
    assert found.townships == () and found.states == (SHAN_NORTH,)
    # The other way round too, and only for the same State/Region.
    assert between(
        mine(township_coverage=[], geographic_coverage=[SHAN_NORTH]), other()
    )
    assert (
        between(mine(), other(township_coverage=[], geographic_coverage=[KACHIN]))
        is None
    )
    # Townships in one State/Region do not make another State/Region
    # "State/Region level": Kachin at State level meets Kachin townships only.
    assert between(
        mine(township_coverage=[LASHIO, MYITKYINA]),
        other(township_coverage=[HSENI], geographic_coverage=[KACHIN, SHAN_NORTH]),
    ).states == (KACHIN,)


def test_countrywide_overlaps_every_place():
    union = other(township_coverage=[], geographic_coverage=["MMR"])
    found = between(mine(), union)
    assert found is not None and found.countrywide
    assert between(mine(township_coverage=[], geographic_coverage=["MMR"]), other())
    assert between(mine(township_coverage=[], geographic_coverage=[]), union) is None


def test_different_population_groups_do_not_overlap_and_unknown_ones_may():
    idps = mine(population_group=["idps"])
    assert between(idps, other(population_group=["refugees"])) is None
    shared = between(idps, other(population_group=["refugees", "idps"]))
    assert shared is not None and shared.groups == ("idps",)
    unknown = between(idps, other())
    assert unknown is not None and unknown.groups == ()


def test_the_same_agency_never_overlaps_itself():
    assert between(mine(), other(owner_org="my-agency")) is None
    assert between(mine(), other(id="mine", owner_org="x")) is None


def test_a_cancelled_assessment_never_overlaps():
    assert between(mine(), other(status="cancelled")) is None
    assert between(mine(status="cancelled"), other()) is None


def test_a_sector_must_be_shared():
    assert between(mine(), other(sector=["health"])) is None
    assert between(mine(sector=[]), other()) is None


def test_stronger_overlaps_rank_first():
    three = between(
        mine(township_coverage=[LASHIO, HSIPAW, KYAUKME]),
        other(township_coverage=[LASHIO, HSIPAW, KYAUKME]),
    )
    one = between(mine(township_coverage=[LASHIO, HSIPAW, KYAUKME]), other())
    state = between(
        mine(), other(township_coverage=[], geographic_coverage=[SHAN_NORTH])
    )
    union = between(mine(), other(township_coverage=[], geographic_coverage=["MMR"]))
    near = between(mine(), other(planned_start="2027-01-10", planned_end="2027-01-20"))
    ranked = sorted([union, near, state, one, three], key=lambda o: o.strength())
    assert ranked[::-1] == [three, one, near, state, union]


@pytest.mark.usefixtures("with_request_context")
def test_reasons_say_what_is_shared_in_words():
    found = between(
        mine(
            township_coverage=[LASHIO, HSIPAW, KYAUKME],
            sector=["wash", "health"],
            population_group=["idps"],
        ),
        other(
            township_coverage=[LASHIO, HSIPAW, KYAUKME],
            sector=["wash"],
            population_group=["idps"],
            planned_start="2026-12-20",
            planned_end="2027-01-20",
        ),
    )
    assert reasons(found, "en") == [
        "3 shared townships: Lashio, Kyaukme, Hsipaw",
        "shared sector: Water, Sanitation and Hygiene (WASH)",
        "collection windows overlap by 12 days",
        "shared population group: Internally displaced people",
    ]


# -- the action, per viewer --------------------------------------------------

ACTION = "/api/3/action/imnet_assessment_overlaps"
DECEMBER = {"planned_start": "2026-12-01", "planned_end": "2026-12-31"}


@pytest.fixture
def registry(clean_db, clean_index):
    """My agency's WASH assessment in Lashio and Hsipaw, and another
    agency's at every level of sensitivity; one not overlapping; one of my
    own agency."""
    people = {
        "mimu": factories.Sysadmin(name="mimu-admin"),
        "lead": factories.User(name="lead-editor"),
        "other": factories.User(name="other-editor"),
        "member": factories.User(name="network-member"),
        "loner": factories.User(name="no-org-user"),
    }
    lead = factories.Organization(
        name="lead-agency", users=[{"name": "lead-editor", "capacity": "editor"}]
    )
    other_org = factories.Organization(
        name="other-agency",
        title="Other Agency",
        users=[{"name": "other-editor", "capacity": "editor"}],
    )
    factories.Organization(
        name="member-org", users=[{"name": "network-member", "capacity": "member"}]
    )

    def of(org, name, **fields):
        # Townships add their State/Region; none other.
        fields.setdefault("geographic_coverage", [])
        return assessment(
            owner_org=org["id"], name=name, title=name.replace("-", " "), **fields
        )

    rationale = {"sensitivity_rationale": "Conflict-affected townships"}
    made = {
        "mine": of(lead, "mine", township_coverage=[LASHIO, HSIPAW], **DECEMBER),
        "public": of(
            other_org,
            "public-wash",
            township_coverage=[LASHIO, HSIPAW, KYAUKME],
            planned_start="2026-12-10",
            planned_end="2027-01-10",
            maintainer="Daw Aye",
            maintainer_email="aye@other.example.org",
        ),
        "confidential": of(
            other_org,
            "confidential-wash",
            township_coverage=[],
            geographic_coverage=[SHAN_NORTH],
            sensitivity="confidential",
            **rationale,
            **DECEMBER,
        ),
        "strict": of(
            other_org,
            "strictly-confidential-wash",
            township_coverage=[LASHIO],
            sensitivity="strictly_confidential",
            **rationale,
            **DECEMBER,
        ),
        "health": of(
            other_org, "health-only", sector=["health"], township_coverage=[LASHIO]
        ),
        "own": of(lead, "own-agency", township_coverage=[LASHIO], **DECEMBER),
    }
    return people, made


def listed(user, **data_dict):
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    found = helpers.call_action(
        "imnet_assessment_overlaps", context=context, **data_dict
    )
    return [item["name"] for item in found["overlaps"]]


def test_each_viewer_is_warned_only_of_the_assessments_they_may_see(registry, app):
    people, made = registry
    mine = made["mine"]["id"]
    for user in (None, people["loner"]):
        assert listed(user, id=mine) == ["public-wash"]
    for user in (people["member"], people["lead"]):
        assert listed(user, id=mine) == ["public-wash", "confidential-wash"]
    assert listed(people["mimu"], id=mine) == [
        "public-wash",
        "strictly-confidential-wash",
        "confidential-wash",
    ]
    # An assessment one may not see is not found, as a missing one (or a
    # dataset that is not an assessment) is.
    dataset = im_dataset(owner_org=made["mine"]["owner_org"], name="a-dataset")
    answers = []
    for id_ in ("no-such-assessment", "confidential-wash", dataset["id"]):
        response = app.get(ACTION, query_string={"id": id_}, status=404)
        answers.append(response.json["error"])
    assert answers[0] == answers[1] == answers[2]
    with pytest.raises(tk.ObjectNotFound):
        listed(None, id="confidential-wash")


def test_an_overlap_names_its_agency_dates_contact_and_reasons(registry):
    people, made = registry
    found = helpers.call_action(
        "imnet_assessment_overlaps",
        context={"user": "", "ignore_auth": False},
        id="mine",
    )
    assert found["margin_days"] == 30 and found["count"] == 1
    [item] = found["overlaps"]
    assert item["id"] == made["public"]["id"]
    assert item["title"] == "public wash"
    assert item["lead_agency"]["title"] == "Other Agency"
    assert (item["status"], item["status_label"]) == ("planned", "Planned")
    assert item["collection"] == {
        "start": "2026-12-10",
        "end": "2027-01-10",
        "actual": False,
    }
    assert (item["maintainer"], item["maintainer_email"]) == (
        "Daw Aye",
        "aye@other.example.org",
    )
    assert [t["label"] for t in item["shared"]["townships"]] == ["Lashio", "Hsipaw"]
    assert item["reasons"][:3] == [
        "2 shared townships: Lashio, Hsipaw",
        "shared sector: Water, Sanitation and Hygiene (WASH)",
        "collection windows overlap by 22 days",
    ]
    doc = helpers.call_action("help_show", name="imnet_assessment_overlaps")
    assert "overlap_margin_days" in doc


def test_a_draft_is_compared_before_it_is_saved(registry):
    people, made = registry
    draft = {
        "owner_org": "lead-agency",
        "sector": "wash",
        "township_coverage": f"{LASHIO},{KYAUKME}",
        "planned_start": "2027-02-05",
        "planned_end": "2027-02-20",
    }
    # Only the public one ends (10 January) within 30 days of 5 February.
    assert listed(people["member"], **draft) == ["public-wash"]
    assert listed(people["member"], **{**draft, "planned_start": "2027-02-10"}) == []
    # Without an agency, my own agency's assessments are listed too.
    assert "own-agency" not in listed(people["mimu"], **{**draft, **DECEMBER})
    assert "own-agency" in listed(
        people["mimu"], **{**draft, **DECEMBER, "owner_org": ""}
    )
    # The edit form: my assessment's id with the fields as now typed.
    edited = listed(
        people["lead"], id=made["mine"]["id"], township_coverage=[HSENI], **DECEMBER
    )
    assert edited == ["confidential-wash"]


@pytest.mark.ckan_config("ckanext.imnet.assessments.overlap_margin_days", "5")
def test_the_margin_is_a_setting():
    # The rules apply the margin given (above); the action gives the setting.
    found = helpers.call_action(
        "imnet_assessment_overlaps",
        context={"user": "", "ignore_auth": False},
        sector="wash",
    )
    assert found["margin_days"] == 5 and found["overlaps"] == []


def test_bad_input_gets_field_messages_not_a_crash(app):
    response = app.post(
        ACTION,
        json={
            "sector": {"wash": True},
            "township_coverage": ["MMR999999"],
            "population_group": [1, 2],
            "planned_start": 20261201,
            "actual_end": "next week",
            "status": "finished",
            "owner_org": "no-such-agency",
        },
        status=409,
    )
    error = response.json["error"]
    assert error["__type"] == "Validation Error"
    assert {
        "sector",
        "township_coverage",
        "population_group",
        "planned_start",
        "actual_end",
        "status",
    } <= set(error)
    assert error["township_coverage"] == ['"MMR999999" is not a MIMU township Pcode']
    response = app.post(ACTION, json={"owner_org": "no-such-agency"}, status=409)
    assert response.json["error"]["owner_org"] == ["Organization not found"]
    response = app.post(ACTION, json={"id": ["mine"]}, status=409)
    assert response.json["error"]["id"] == ["Must be text"]
    assert app.post(ACTION, json={}, status=409).json["error"]["id"]


def test_the_assessment_page_and_edit_form_list_what_the_visitor_may_see(registry, app):
    people, made = registry
    anonymous = app.get("/assessment/mine").body
    assert "public wash" in anonymous and "aye@other.example.org" in anonymous
    assert "2 shared townships: Lashio, Hsipaw" in anonymous
    assert "confidential wash" not in anonymous
    member = app.get("/assessment/mine", headers=headers_for(people["member"])).body
    assert "confidential wash" in member
    assert "strictly confidential wash" not in member
    # Without the form's script, the edit form lists them for the data as it is.
    form = app.get("/assessment/edit/mine", headers=headers_for(people["lead"])).body
    assert 'id="imnet-overlaps-form"' in form
    assert "public wash" in form and "confidential wash" in form
    assert "strictly confidential wash" not in form
    # The form's script asks in the page's language: reasons in Myanmar.
    myanmar = app.get(f"/my_MM{ACTION}", query_string={"id": "mine"}).json
    assert myanmar["result"]["overlaps"][0]["reasons"][0].startswith("တူညီသော မြို့နယ် 2 ခု")
