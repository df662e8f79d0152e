"""A harvest source's internals are for those who run it.

Its configuration (a CKAN source's partner ``api_key``) and its jobs' error
summaries (naming the datasets that failed, quoting tracebacks) are given to
sysadmins and the source organisation's admins and editors; everybody else
-- anonymous visitors, other organisations' admins, the organisation's
members -- gets the source without them, on every path.
"""

from __future__ import annotations

import json
from typing import Any

import ckan.tests.helpers as helpers
import pytest
from ckanext.harvest.model import HarvestGatherError, HarvestJob

from tests.access.conftest import headers_for
from tests.harvest.conftest import create_source

URL = "http://127.0.0.1:9/api/3/action/"
CONFIG = {"api_key": "partner-secret-key", "sadd": "none"}
ERROR = "Traceback: SELECT * FROM package WHERE name = 'secret-idp-list'"
RUNNERS = ("sysadmin", "admin", "editor")
OTHERS = (None, "other_admin", "member", "loner")


@pytest.fixture
def source(roles) -> dict[str, Any]:
    made = create_source(
        roles["admin"],
        roles["org"]["id"],
        URL,
        name="partner-portal",
        title="Partner portal",
        source_type="ckan",
        config=json.dumps(CONFIG),
    )
    job = HarvestJob(source_id=made["id"], status="Finished")
    job.save()
    HarvestGatherError(harvest_job_id=job.id, message=ERROR).save()
    return {**roles, "source": made}


def _call(source: dict[str, Any], who: str | None, action: str, **params: Any):
    user = source[who]["name"] if who else ""
    return helpers.call_action(
        action, context={"user": user, "ignore_auth": False}, **params
    )


def _leaks(answer: Any) -> bool:
    text = json.dumps(answer, default=str)
    return "partner-secret-key" in text or "secret-idp-list" in text


@pytest.mark.parametrize("who", OTHERS)
@pytest.mark.parametrize("action", ["harvest_source_show", "package_show"])
def test_others_get_a_source_without_its_configuration_and_errors(source, who, action):
    shown = _call(source, who, action, id="partner-portal")

    assert shown["title"] == "Partner portal"
    assert "config" not in shown
    assert "api_key" not in shown and "sadd" not in shown
    assert shown["status"]["last_job"]["stats"]["errored"] == 1
    assert not _leaks(shown)
    status = _call(source, who, "harvest_source_show_status", id=source["source"]["id"])
    assert status["job_count"] == 1
    assert not _leaks(status)


@pytest.mark.parametrize("who", RUNNERS)
@pytest.mark.parametrize("action", ["harvest_source_show", "package_show"])
def test_those_who_run_the_source_see_its_configuration_and_errors(source, who, action):
    shown = _call(source, who, action, id="partner-portal")

    assert json.loads(shown["config"]) == CONFIG
    assert shown["api_key"] == "partner-secret-key"
    summary = shown["status"]["last_job"]["gather_error_summary"]
    assert summary == [{"message": ERROR, "error_count": 1}]


def test_the_list_of_sources_gives_internals_only_to_those_who_run_them(source):
    anonymous = _call(source, None, "harvest_source_list", return_last_job_status=True)
    assert [s["title"] for s in anonymous] == ["Partner portal"]
    assert not _leaks(anonymous)
    assert "config" not in anonymous[0]

    sysadmin = _call(
        source, "sysadmin", "harvest_source_list", return_last_job_status=True
    )
    assert json.loads(sysadmin[0]["config"]) == CONFIG
    assert sysadmin[0]["last_job_status"]["gather_error_summary"]


@pytest.mark.parametrize("who", (*OTHERS, *RUNNERS))
def test_search_neither_returns_nor_finds_a_sources_internals(source, who):
    everything = _call(
        source, who, "package_search", fq="+dataset_type:harvest", rows=10
    )
    assert [s["name"] for s in everything["results"]] == ["partner-portal"]
    assert not _leaks(everything)
    for fl in ("data_dict", "validated_data_dict", "extras_config", "status"):
        stored = _call(source, who, "package_search", fq="+dataset_type:harvest", fl=fl)
        assert not _leaks(stored), fl
    probe = _call(
        source,
        who,
        "package_search",
        q="partner-secret-key",
        fq="+dataset_type:harvest",
    )
    assert probe["count"] == 0


@pytest.mark.parametrize("who", (*OTHERS, *RUNNERS))
def test_a_sources_pages_work_and_show_its_internals_only_to_its_runners(
    app, source, who
):
    user = source[who] if who else None
    for url in ("/harvest", "/harvest/partner-portal", "/harvest/about/partner-portal"):
        page = app.get(url, headers=headers_for(user))
        assert page.status_code == 200, url
        assert "partner-secret-key" not in page.get_data(as_text=True)
        assert "secret-idp-list" not in page.get_data(as_text=True)
    api = app.get(
        "/api/3/action/harvest_source_show?id=partner-portal",
        headers=headers_for(user),
    )
    assert ("partner-secret-key" in api.get_data(as_text=True)) is (who in RUNNERS)


def test_the_edit_form_shows_its_runners_the_configuration_and_keeps_it(app, source):
    page = app.get(
        "/harvest/edit/partner-portal", headers=headers_for(source["editor"])
    )
    assert "partner-secret-key" in page.get_data(as_text=True)

    helpers.call_action(
        "harvest_source_patch",
        context={"user": source["editor"]["name"], "ignore_auth": False},
        id="partner-portal",
        title="Partner portal (renamed)",
    )
    shown = _call(source, "sysadmin", "harvest_source_show", id="partner-portal")
    assert shown["title"] == "Partner portal (renamed)"
    assert json.loads(shown["config"]) == CONFIG


@pytest.mark.parametrize("who", (*OTHERS, *RUNNERS))
def test_activity_snapshots_keep_a_sources_internals_for_those_who_run_it(source, who):
    # A snapshot as ckanext-harvest's show schema saves it: the configuration
    # as text and its keys at the top level.
    from ckan import model
    from ckanext.activity.model.activity import Activity

    shown = helpers.call_action("harvest_source_show", id="partner-portal")
    snapshot = {**shown, "config": json.dumps(CONFIG), **CONFIG}
    activity = Activity(
        source["admin"]["id"],
        shown["id"],
        "changed package",
        {"package": snapshot},
        ["public"],
    )
    model.Session.add(activity)
    model.Session.commit()

    answers = [
        _call(source, who, "package_activity_list", id="partner-portal"),
        _call(source, who, "recently_changed_packages_activity_list"),
        _call(source, who, "user_activity_list", id=source["admin"]["id"]),
    ]
    leaked = ["partner-secret-key" in json.dumps(a, default=str) for a in answers]
    assert leaked == [who in RUNNERS] * len(answers)
