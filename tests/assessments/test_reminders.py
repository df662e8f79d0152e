"""``ckan imnet assessments remind``: the lead agency is asked, once a week,
to update the status of its assessments whose dates have passed -- over a real
SMTP server."""

from __future__ import annotations

import datetime

import pytest
from ckan.cli.cli import ckan

from ckanext.imnet.assessments import reminders
from tests.curation import conftest as curation
from tests.factories import assessment

# The curation tests' people around one organisation, and their app context.
people = curation.people
_test_app = curation._test_app

OWNERS = ("owner@example.org", "editor@example.org")


@pytest.fixture
def registry(people, iso_day):
    """Assessments of the owning organisation at every boundary, and one of
    another organisation."""
    org = people["org"]["id"]

    def made(title: str, **fields):
        return assessment(owner_org=org, title=title, **fields)

    return {
        # Planned to start yesterday: the start has passed.
        "late_start": made(
            "Late start survey",
            status="planned",
            planned_start=iso_day(-1),
            planned_end=iso_day(20),
        ),
        # Ongoing, planned to end two days ago; confidential (its owners see it).
        "late_end": made(
            "Late end survey",
            status="ongoing",
            planned_start=iso_day(-30),
            planned_end=iso_day(-2),
            actual_start=iso_day(-28),
            sensitivity="confidential",
            sensitivity_rationale="Conflict-affected townships",
        ),
        # Starts today: not passed yet.
        "starts_today": made(
            "Starts today survey",
            status="planned",
            planned_start=iso_day(0),
            planned_end=iso_day(10),
        ),
        # The planned end has passed, but the actual end (which counts) has not.
        "extended": made(
            "Extended survey",
            status="ongoing",
            planned_start=iso_day(-30),
            planned_end=iso_day(-5),
            actual_start=iso_day(-30),
            actual_end=iso_day(3),
        ),
        "cancelled": made(
            "Cancelled survey",
            status="cancelled",
            planned_start=iso_day(-40),
            planned_end=iso_day(-35),
        ),
        "completed": made(
            "Completed survey",
            status="data_collection_completed",
            planned_start=iso_day(-40),
            planned_end=iso_day(-35),
        ),
        # A draft nobody else sees: its status misleads no one.
        "draft": made(
            "Draft survey",
            status="planned",
            planned_start=iso_day(-3),
            planned_end=iso_day(3),
            private=True,
        ),
        "elsewhere": assessment(
            owner_org=people["other_org"]["id"],
            title="Other agency survey",
            status="planned",
            planned_start=iso_day(-10),
            planned_end=iso_day(10),
        ),
    }


def _remind(cli) -> str:
    result = cli.invoke(ckan, ["imnet", "assessments", "remind"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_lead_agency_gets_one_digest_per_person_of_its_overdue_statuses(
    people, registry, smtp, cli
):
    output = _remind(cli)
    assert "Reminded 3 assessments; queued 3 digests" in output
    for address in OWNERS:
        [digest] = smtp.to(address)
        assert smtp.subject(digest) == "2 assessments whose status to update"
        body = smtp.body(digest)
        assert "Late start survey" in body and "Late end survey" in body
        assert "set the status to Ongoing" in body
        assert "set the status to Data collection completed" in body
        name = registry["late_start"]["name"]
        assert f"/assessment/edit/{name}" in body
        for quiet in ("Starts today", "Extended", "Cancelled", "Completed", "Draft"):
            assert f"{quiet} survey" not in body
        assert "Other agency survey" not in body
    # The other agency's admin hears of its own assessment only.
    [other] = smtp.to("other@example.org")
    assert smtp.subject(other) == "1 assessment whose status to update"
    assert "Other agency survey" in smtp.body(other)
    assert "Late" not in smtp.body(other)
    # Members, MIMU admins and people of no organisation are not the lead agency's
    # admins or editors: nothing, not even of the public assessment.
    for address in ("member@example.org", "mimu@example.org", "loner@example.org"):
        assert smtp.to(address) == []
    assert smtp.to("outsider@example.org") == []


def test_nothing_is_sent_twice_and_a_status_still_overdue_is_reminded_weekly(
    people, registry, smtp, cli, app, today
):
    _remind(cli)
    first = len(smtp.messages)
    assert "queued 0 digests" in _remind(cli)
    assert len(smtp.messages) == first

    def run(days: int) -> reminders.Report:
        with app.flask_app.test_request_context():
            return reminders.remind(today + datetime.timedelta(days=days))

    # Six days on, two statuses have become overdue since (the survey that
    # started today, the extended survey's actual end): only they are told.
    assert run(6).reminded == 2
    body = smtp.body(smtp.to("owner@example.org")[-1])
    assert "Starts today survey" in body and "Extended survey" in body
    assert "Late" not in body
    # A week after the first digest, the three still overdue come again.
    assert (run(7).reminded, run(7).reminded) == (3, 0)
    body = smtp.body(smtp.to("owner@example.org")[-1])
    assert "Late start survey" in body and "Late end survey" in body
    assert "Extended survey" not in body
    assert len(smtp.to("owner@example.org")) == 3


@pytest.mark.ckan_config("ckanext.imnet.mail.locale", "my_MM")
def test_the_digest_is_in_the_mail_language_with_the_myanmar_title(
    people, smtp, cli, iso_day
):
    assessment(
        owner_org=people["org"]["id"],
        title="Late start survey",
        title_my="နောက်ကျသော စစ်တမ်း",
        planned_start=iso_day(-1),
        planned_end=iso_day(9),
    )
    _remind(cli)
    [digest] = smtp.to("owner@example.org")
    assert smtp.subject(digest) == "အခြေအနေ ပြင်ဆင်ရန် လေ့လာဆန်းစစ်မှု 1 ခု"
    body = smtp.body(digest)
    assert "နောက်ကျသော စစ်တမ်း" in body and "Late start survey" not in body
    assert "ဆောင်ရွက်ဆဲ" in body
