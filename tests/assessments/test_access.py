"""Who sees a sensitive assessment: exactly as missing for everyone else.

A confidential assessment is seen by Network members (users in at least one
organisation), a strictly confidential one by its lead agency and MIMU
admins (``access/policy.py``). For anyone else every route -- its page, its
edit form, its activity, the registry's search and facet counts, the API --
answers as for an assessment that does not exist.
"""

from __future__ import annotations

import json
import re
from typing import Any

import ckan.tests.factories as factories
import pytest

from tests.access.conftest import headers_for
from tests.factories import assessment

MISSING = "no-such-assessment-0000"
_TOKEN = re.compile(r'(_csrf_token"\s+(?:content|value)=")[^"]*"')

# persona -> the levels whose assessment it sees
SEES = {
    "anonymous": set(),
    "loner": set(),
    "outsider": {"confidential"},
    "member": {"confidential", "strictly_confidential"},
    "editor": {"confidential", "strictly_confidential"},
    "owner": {"confidential", "strictly_confidential"},
    "mimu": {"confidential", "strictly_confidential"},
}
# persona -> may edit the lead agency's assessments
EDITS = {"editor", "owner", "mimu"}


@pytest.fixture
def people(clean_db, clean_index) -> dict[str, Any]:
    """A MIMU admin, the lead agency's admin, editor and member, a member of
    another organisation and a user of none."""
    users = {
        persona: factories.User(name=f"{persona}-user")
        for persona in ("owner", "editor", "member", "outsider", "loner")
    }
    users["mimu"] = factories.Sysadmin(name="mimu-admin")
    lead = factories.Organization(
        name="lead-agency",
        users=[
            {"name": users[role]["name"], "capacity": capacity}
            for role, capacity in (
                ("owner", "admin"),
                ("editor", "editor"),
                ("member", "member"),
            )
        ],
    )
    other = factories.Organization(
        name="other-agency",
        users=[{"name": users["outsider"]["name"], "capacity": "member"}],
    )
    return {**users, "org": lead, "other_org": other}


@pytest.fixture
def sensitive(people: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A confidential and a strictly confidential assessment of the lead
    agency, each with a title no one else may read."""
    made = {}
    for level in ("confidential", "strictly_confidential"):
        made[level] = assessment(
            user=people["editor"],
            owner_org=people["org"]["id"],
            name=f"assessment-{level.replace('_', '-')}",
            title=f"SECRET-ASSESSMENT {level}",
            status="ongoing",
            population_group=["idps"],
            sensitivity=level,
            sensitivity_rationale="Conflict-affected townships",
        )
    return made


def _user(people: dict[str, Any], persona: str) -> dict[str, Any] | None:
    return None if persona == "anonymous" else people[persona]


def _text(response: Any, *replace: str) -> str:
    """A response's text, its one-time CSRF token and the given ids blanked."""
    text = _TOKEN.sub(r'\1"', response.get_data(as_text=True))
    for value in replace:
        text = text.replace(value, MISSING)
    return text


def _answer(app: Any, url: str, headers: dict[str, str], *replace: str) -> Any:
    response = app.get(url, headers=headers, follow_redirects=False)
    return response.status_code, _text(response, *replace)


ROUTES = (
    "/assessment/{}",
    "/assessment/edit/{}",
    "/dataset/activity/{}",
    "/dataset/{}",
    "/api/action/package_show?id={}",
    "/api/action/package_activity_list?id={}",
)


def test_pages_of_a_sensitive_assessment_are_missing_to_those_who_may_not_see_it(
    app, people, sensitive
):
    for persona, levels in SEES.items():
        headers = headers_for(_user(people, persona))
        for level, made in sensitive.items():
            # Those who see it: its page and its edit form (for its editors).
            routes = ROUTES[:2] if level in levels else ROUTES
            for route in routes:
                real = _answer(
                    app, route.format(made["name"]), headers, made["id"], made["name"]
                )
                if level in levels:
                    status = real[0]
                    if "/edit/" in route and persona not in EDITS:
                        assert status == 403, (persona, level, route)
                    else:
                        assert status in (200, 302), (persona, level, route, status)
                    continue
                fake = _answer(app, route.format(MISSING), headers)
                assert real == fake, (persona, level, route)
                assert "SECRET-ASSESSMENT" not in real[1]


def _search(app: Any, headers: dict[str, str]) -> dict[str, Any]:
    params = {
        "fq": "+dataset_type:assessment",
        "facet.field": json.dumps(["status", "population_group", "organization"]),
        "include_private": "true",
        "rows": "50",
    }
    response = app.get(
        "/api/action/package_search", query_string=params, headers=headers
    )
    return json.loads(response.get_data(as_text=True))["result"]


def test_the_registry_search_and_its_facets_count_only_what_one_may_see(
    app, people, sensitive
):
    # One public assessment of another agency, seen by everyone.
    assessment(owner_org=people["other_org"]["id"], status="ongoing")
    for persona, levels in SEES.items():
        headers = headers_for(_user(people, persona))
        found = _search(app, headers)
        titles = {result["title"] for result in found["results"]}
        expected = {"Joint WASH assessment"} | {
            f"SECRET-ASSESSMENT {level}" for level in levels
        }
        assert titles == expected, persona
        counts = {
            field: {item["name"]: item["count"] for item in facet["items"]}
            for field, facet in found["search_facets"].items()
        }
        assert counts["status"] == {"ongoing": len(expected)}, persona
        assert counts["population_group"] == (
            {"idps": len(levels)} if levels else {}
        ), persona
        page = app.get("/assessment", headers=headers).get_data(as_text=True)
        assert ("SECRET-ASSESSMENT" in page) == bool(levels), persona
        assert page.count('class="dataset-heading"') == len(expected), persona


def test_an_assessment_has_no_data_to_request_it_answers_as_a_missing_dataset(
    app, people
):
    """The restricted-data request page and action: an assessment (however
    sensitive, whoever asks, the lead agency and MIMU too) is a dataset that
    does not exist -- nobody is offered "Request access to the data"."""
    made = assessment(
        user=people["editor"],
        owner_org=people["org"]["id"],
        name="restricted-assessment",
        sensitivity="restricted",
        sensitivity_rationale="Names of camp residents",
    )
    ask = {
        "purpose": "Planning a WASH response",
        "organization": "Other agency",
        "accept_conditions": True,
    }
    for persona in ("loner", "outsider", "editor", "mimu"):
        headers = headers_for(people[persona])
        real = _answer(
            app, f"/dataset/{made['name']}/request-access", headers, made["name"]
        )
        fake = _answer(app, f"/dataset/{MISSING}/request-access", headers)
        assert real == fake, persona
        assert real[0] == 404
        assert "Request access" not in real[1]
        posted = app.post(
            f"/dataset/{made['name']}/request-access", headers=headers, data=ask
        )
        assert posted.status_code == 404, persona
        answers = []
        for id_ in (made["name"], made["id"], MISSING):
            response = app.post(
                "/api/3/action/imnet_access_request_create",
                headers={**headers, "Content-Type": "application/json"},
                data=json.dumps({"id": id_, **ask}),
            )
            answers.append((response.status_code, response.get_json()["error"]))
        assert answers[0] == answers[1] == answers[2], persona
        assert answers[0] == (
            404,
            {"__type": "Not Found Error", "message": "Not found: Dataset not found"},
        )
