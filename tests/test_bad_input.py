"""No input gives a 500 (issue #9, item 1).

Every write action of the catalogue -- ``package_create``, ``package_update``,
``package_patch``, ``resource_create`` and every ``imnet_*`` action -- is driven
through the API with one field at a time replaced by an empty, null, wrongly
typed, very long or Myanmar value: every answer is a success or a 4xx, and a
409 names the fields that are wrong.
"""

from __future__ import annotations

import json
import logging
import os
import re
import unicodedata

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ASSESSMENT_FIELDS, FULLY_FILLED, im_dataset

EXAMPLES = max(20, int(os.environ.get("IMNET_HYPOTHESIS_EXAMPLES", "300")) // 5)
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

MYANMAR = "မြန်မာ ဒေတာ ရန်ကုန်တိုင်းဒေသကြီး"
BAD_VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            None,
            [],
            {},
            0,
            -1,
            1.5,
            True,
            [""],
            [None],
            {"a": 1},
            "x" * 20_000,
            MYANMAR,
            MYANMAR * 500,
            "MMR",
            "2024-13-45",
            "\x00",
            "<script>alert(1)</script>",
            '=HYPERLINK("http://x")',
        ]
    ),
    st.text(max_size=200),
    st.integers(),
    st.lists(st.text(max_size=20), max_size=5),
)

DATASET_FIELDS = sorted({*FULLY_FILLED, "title", "name", "notes", "owner_org"})
RESOURCE_FIELDS = ["url", "name", "resource_type", "description", "format"]
# Every field of an assessment of the registry (schemas/assessment.yaml).
ASSESSMENT_FORM = {
    **ASSESSMENT_FIELDS,
    "title": "Bad input assessment",
    "partners": ["Partner NGO"],
    "population_group": ["idps"],
    "actual_start": "2026-12-02",
    "actual_end": "2026-12-20",
    "unit_of_analysis": "household",
    "sample_size": "400",
    "sadd": "sex_and_age",
    "report_availability": "public",
    "report_url": "https://example.org/report.pdf",
    "data_availability": "on_request",
    "registry_id": "AR-1",
}
ASSESSMENT_FORM_FIELDS = sorted(
    {
        *ASSESSMENT_FORM,
        "title_my",
        "notes",
        "notes_my",
        "methodology",
        "report_dataset",
        "questionnaire_availability",
        "questionnaire_url",
        "questionnaire_dataset",
        "data_url",
        "data_dataset",
        "sensitivity_rationale",
        "spatial",
    }
)


@pytest.fixture
def world(clean_db, clean_index):
    admin = factories.SysadminWithToken()
    org = factories.Organization()
    dataset = im_dataset(
        owner_org=org["id"], sensitivity="restricted", sensitivity_rationale="x"
    )
    return {"admin": admin, "org": org, "dataset": dataset}


class _ServerErrors(logging.Handler):
    """The tracebacks CKAN logs for a 500 (its API view and its error handler;
    CKAN's logging configuration leaves pytest no handler to show them)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.tracebacks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.tracebacks.append(logging.Formatter().format(record))


_SERVER_ERRORS = _ServerErrors()
# The loggers that log a 500; the logging configuration CKAN applies with each
# new app (one a test) disables them.
_ERROR_LOGGERS = ("ckan.views.api", "ckan.config.middleware.flask_app")


@pytest.fixture(autouse=True)
def _server_errors():
    """``_SERVER_ERRORS`` hears CKAN's 500s while a test runs."""
    logger = logging.getLogger("ckan")
    logger.addHandler(_SERVER_ERRORS)
    yield
    logger.removeHandler(_SERVER_ERRORS)


def _post(app, action, token, payload):
    _SERVER_ERRORS.tracebacks.clear()
    for name in _ERROR_LOGGERS:
        logging.getLogger(name).disabled = False
    response = app.post(
        f"/api/3/action/{action}",
        data=json.dumps(payload),
        headers={"Authorization": token, "Content-Type": "application/json"},
    )
    assert response.status_code < 500, (
        action,
        payload,
        response.status_code,
        response.get_data(as_text=True)[:2000],
        "\n".join(_SERVER_ERRORS.tracebacks),
    )
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "Internal server error" not in body
    if response.status_code == 409:
        error = json.loads(body)["error"]
        assert error["__type"] == "Validation Error"
        assert set(error) - {"__type", "message"}, error  # the fields are named
    return response


def _base_dataset(org_id, number):
    return {
        **FULLY_FILLED,
        "name": f"bad-input-{number}",
        "title": "Bad input",
        "owner_org": org_id,
    }


@SETTINGS
@given(field=st.sampled_from(DATASET_FIELDS), value=BAD_VALUES, data=st.data())
def test_package_create_answers_every_field_cleanly(app, world, field, value, data):
    number = data.draw(st.integers(min_value=0, max_value=10**9))
    payload = {**_base_dataset(world["org"]["id"], number), field: value}
    _post(app, "package_create", world["admin"]["token"], payload)


@SETTINGS
@given(field=st.sampled_from(DATASET_FIELDS), value=BAD_VALUES)
def test_package_update_and_patch_answer_every_field_cleanly(app, world, field, value):
    token = world["admin"]["token"]
    current = helpers.call_action("package_show", id=world["dataset"]["id"])
    current.pop("organization", None)
    _post(app, "package_update", token, {**current, field: value})
    _post(app, "package_patch", token, {"id": current["id"], field: value})


@SETTINGS
@given(field=st.sampled_from(ASSESSMENT_FORM_FIELDS), value=BAD_VALUES, data=st.data())
def test_assessment_create_and_patch_answer_every_field_cleanly(
    app, world, field, value, data
):
    token = world["admin"]["token"]
    number = data.draw(st.integers(min_value=0, max_value=10**9))
    payload = {
        **ASSESSMENT_FORM,
        "type": "assessment",
        "name": f"bad-assessment-{number}",
        # Registry IDs are unique: one per example, so each can be created.
        "registry_id": f"AR-{number}",
        "owner_org": world["org"]["id"],
        field: value,
    }
    created = _post(app, "package_create", token, payload)
    if created.status_code == 200:
        name = created.json["result"]["name"]
        _post(app, "package_patch", token, {"id": name, field: value})


@SETTINGS
@given(field=st.sampled_from(RESOURCE_FIELDS), value=BAD_VALUES)
def test_resource_create_answers_every_field_cleanly(app, world, field, value):
    payload = {
        "package_id": world["dataset"]["id"],
        "url": "https://example.org/data.csv",
        "name": "Table",
        field: value,
    }
    _post(app, "resource_create", world["admin"]["token"], payload)


IMNET_ACTIONS = {
    "imnet_access_request_create": [
        "id",
        "purpose",
        "organization",
        "days",
        "accept_conditions",
    ],
    "imnet_access_request_show": ["id"],
    "imnet_access_request_list": [
        "role",
        "state",
        "package_id",
        "limit",
        "offset",
        "awaiting_me",
    ],
    "imnet_access_request_approve": ["id", "days"],
    "imnet_access_request_reject": ["id", "reason"],
    "imnet_access_request_request_info": ["id", "reason"],
    "imnet_access_request_respond": ["id", "answer"],
    "imnet_access_request_withdraw": ["id"],
    "imnet_access_request_revoke": ["id", "reason"],
    "imnet_audit_list": ["package_id", "event", "user", "since", "until", "limit"],
    "imnet_audit_export": ["package_id", "event", "user", "since", "until"],
    "imnet_mail_status": ["anything"],
    "imnet_access_expire": ["anything"],
    "imnet_completeness_summary": ["id"],
    "imnet_dataset_confirm_current": ["id", "note"],
    "imnet_dataset_review": ["id", "state", "comment"],
    "imnet_dataset_endorse": ["id", "endorsed", "note"],
    "imnet_link_report": ["organization", "status", "limit", "offset"],
    "imnet_curation_summary": ["organization"],
    "imnet_curation_list": ["list", "organization", "limit", "offset"],
    "imnet_curation_bulk": [
        "ids",
        "operation",
        "organization",
        "note",
        "comment",
        "sensitivity",
        "sensitivity_rationale",
    ],
    "imnet_gap_matrix": ["category", "state"],
    "imnet_gap_override": ["category", "place", "state", "comment"],
    "imnet_assessment_overlaps": [
        "owner_org",
        "sector",
        "geographic_coverage",
        "township_coverage",
        "planned_start",
        "planned_end",
        "population_group",
        "status",
    ],
}

# Valid values of an action's parameters where they differ from the shared
# ones of ``requesting`` (the dataset's id is filled in by the test).
VALID_FOR = {
    "imnet_dataset_review": {"state": "reviewed", "comment": "Checked"},
    "imnet_dataset_endorse": {"endorsed": True, "note": "Baseline"},
    "imnet_curation_list": {"list": "freshness:overdue"},
    "imnet_curation_bulk": {"operation": "confirm_current", "note": "Still true"},
    "imnet_gap_matrix": {"category": "health", "state": "MMR013"},
    "imnet_assessment_overlaps": {
        "sector": ["wash"],
        "geographic_coverage": ["MMR013"],
        "township_coverage": ["MMR013001"],
        "planned_start": "2026-12-01",
        "planned_end": "2026-12-31",
        "population_group": ["idps"],
        "status": "planned",
    },
    "imnet_gap_override": {
        "category": "health",
        "place": "MMR013",
        "state": "partial",
        "comment": "Judged",
    },
}
# Actions whose ``id`` (or ``ids``) is the dataset's rather than the request's.
_ON_THE_DATASET = (
    "imnet_access_request_create",
    "imnet_dataset_confirm_current",
    "imnet_dataset_review",
    "imnet_dataset_endorse",
)


@pytest.fixture
def requesting(world):
    """A requester with an open request, and valid parameters for each action."""
    requester = factories.UserWithToken()
    with helpers._get_test_app().flask_app.test_request_context():
        request = helpers.call_action(
            "imnet_access_request_create",
            context={"user": requester["name"], "ignore_auth": False},
            id=world["dataset"]["id"],
            purpose="Planning",
            organization="NGO",
            accept_conditions=True,
        )
    valid = {
        "id": request["id"],
        "purpose": "Planning",
        "organization": "NGO",
        "accept_conditions": True,
        "reason": "Because",
        "answer": "An answer",
    }
    return {**world, "requester": requester, "request": request, "valid": valid}


@SETTINGS
@given(
    action=st.sampled_from(sorted(IMNET_ACTIONS)),
    value=BAD_VALUES,
    data=st.data(),
    as_requester=st.booleans(),
)
def test_every_imnet_action_answers_every_field_cleanly(
    app, requesting, action, value, data, as_requester
):
    field = data.draw(st.sampled_from(IMNET_ACTIONS[action]))
    valid = {**requesting["valid"], **VALID_FOR.get(action, {})}
    payload = {key: valid[key] for key in IMNET_ACTIONS[action] if key in valid}
    if action in _ON_THE_DATASET:
        payload["id"] = requesting["dataset"]["id"]
    if action == "imnet_curation_bulk":
        payload["ids"] = [requesting["dataset"]["id"]]
    payload[field] = value
    token = (requesting["requester"] if as_requester else requesting["admin"])["token"]
    _post(app, action, token, payload)


# Myanmar letters and digits, Latin, blanks, control and markup characters,
# combining marks: the Myanmar title and description (issue #10) get any mix,
# most of them with some Myanmar script (which the fields require).
ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x1000, max_codepoint=0x109F),
        st.sampled_from(list(" \t\n\x00<>&\"'=*_[]()/\\\u200b\u200c\u200d\ufeff")),
        st.characters(),
    ),
    max_size=600,
)
MYANMAR_TEXT = st.one_of(
    st.builds(
        lambda before, letter, after: before + letter + after,
        ANY_TEXT,
        st.characters(min_codepoint=0x1000, max_codepoint=0x109F),
        ANY_TEXT,
    ),
    st.sampled_from(
        [
            f"<script>alert(1)</script>{MYANMAR}",
            f"{MYANMAR}\n\n[link](javascript:alert(1)) <img src=x onerror=alert(1)>",
            "\u200b" + MYANMAR + "\ufeff",
        ]
    ),
)


@SETTINGS
@given(
    field=st.sampled_from(["title_my", "notes_my"]),
    value=st.one_of(MYANMAR_TEXT, MYANMAR_TEXT, BAD_VALUES),
)
def test_the_myanmar_title_and_description_take_any_input_safely(
    app, world, field, value
):
    token = world["admin"]["token"]
    name = world["dataset"]["name"]
    response = _post(app, "package_patch", token, {"id": name, field: value})
    if response.status_code == 400:  # refused at the door: NUL, half a character
        as_sent = json.dumps(value, ensure_ascii=False)
        assert "\\u0000" in as_sent or re.search("[\ud800-\udfff]", as_sent)
        return
    if response.status_code != 200:
        assert response.status_code == 409
        assert field in json.loads(response.get_data(as_text=True))["error"]
        return
    stored = helpers.call_action("package_show", id=name).get(field)
    if stored is None:  # blank: not stored
        assert not (isinstance(value, str) and value.strip()), value
        return
    assert stored == unicodedata.normalize("NFC", stored) == stored.strip()
    page = app.get(f"/my_MM/dataset/{name}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "<script>alert" not in body and "<img src=x" not in body
    assert 'href="javascript:' not in body


@pytest.mark.parametrize(
    "value, refused",
    [
        ("\u1000\ud800", "half of a character"),  # a lone surrogate (JSON \\ud800)
        ("\udc00\u1000", "half of a character"),
        ("\u1000\x00", "NUL character"),
    ],
)
def test_text_postgresql_cannot_store_is_refused_with_a_400(app, world, value, refused):
    token = world["admin"]["token"]
    name = world["dataset"]["name"]
    response = _post(app, "package_patch", token, {"id": name, "title_my": value})
    assert response.status_code == 400
    answer = json.loads(response.get_data(as_text=True))
    assert refused in answer["error"]["message"]
    assert answer["success"] is False
    # as CKAN answers any API error: where to read the action's help
    assert answer["help"].endswith("/api/3/action/help_show?name=package_patch")
    assert not helpers.call_action("package_show", id=name).get("title_my")


@pytest.mark.parametrize(
    "url",
    [
        "/dataset/?q=water&q=%00",
        "/dataset/?sector=wash&sector=%00",
        "/api/3/action/package_search?fq=state:active&fq=%00",
    ],
)
def test_a_repeated_parameter_is_checked_in_each_of_its_values(app, world, url):
    response = app.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)


def test_a_whole_character_outside_the_basic_plane_is_stored(app, world):
    # A surrogate pair in JSON (\\ud83d\\ude00) is one character, not two halves.
    token = world["admin"]["token"]
    name = world["dataset"]["name"]
    body = '{"id": "' + name + '", "title_my": "\\u1000\\ud83d\\ude00"}'
    response = app.post(
        "/api/3/action/package_patch",
        data=body,
        headers={"Authorization": token, "Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert (
        helpers.call_action("package_show", id=name)["title_my"] == "\u1000\U0001f600"
    )


def test_a_refusal_on_the_unversioned_api_points_to_the_actions_help(app, world):
    response = app.get("/api/action/package_search?q=%00")
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["success"] is False
    assert answer["help"].endswith("/api/3/action/help_show?name=package_search")
