"""``ckan imnet curation remind``: daily digests of what became due, overdue
or delinquent -- to the people who curate it, once, over a real SMTP server."""

from __future__ import annotations

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan.cli.cli import ckan

from tests.curation.conftest import aged, dataset_of

OWNERS = ("owner@example.org", "editor@example.org")
NOBODY = ("member@example.org", "outsider@example.org", "other@example.org")
NOBODY += ("loner@example.org",)


@pytest.fixture
def catalogue(people):
    org = people["org"]
    orphans = factories.Organization(name="orphan-org")
    site = {"user": helpers.call_action("get_site_user")["name"]}
    for member in helpers.call_action("member_list", id=orphans["id"]):
        # No admin, no editor: nobody in the organisation looks after its data.
        helpers.call_action(
            "organization_member_delete",
            context=dict(site),
            id=orphans["id"],
            username=member[0],
        )
    return {
        "fresh": aged(dataset_of(org, "fresh-3w"), 5),
        "due": aged(dataset_of(org, "due-4w"), 35),
        "overdue": aged(dataset_of(org, "overdue-sites"), 50),
        "delinquent": aged(dataset_of(org, "delinquent-prices"), 90),
        "secret": aged(
            dataset_of(org, "secret-minefields", sensitivity="strictly_confidential"),
            90,
        ),
        "private": aged(dataset_of(org, "private-draft", private=True), 50),
        "orphan": aged(dataset_of(orphans, "orphan-survey"), 35),
        "elsewhere": aged(dataset_of(people["other_org"], "other-org-list"), 50),
    }


def _remind(cli) -> str:
    result = cli.invoke(ckan, ["imnet", "curation", "remind"])
    assert result.exit_code == 0, result.output
    return result.output


def test_data_owners_get_one_digest_of_their_due_and_overdue_datasets(
    people, catalogue, smtp, cli
):
    _remind(cli)
    for address in OWNERS:
        [digest] = smtp.to(address)
        assert smtp.subject(digest) == "2 datasets to update or confirm as current"
        body = smtp.body(digest)
        assert "Due 4W" in body and "Overdue Sites" in body
        assert "/dataset/due-4w" in body
        assert "Expected: Monthly" in body
        # Not theirs to follow up: delinquent ones go to MIMU; others' datasets,
        # private drafts and fresh ones to nobody.
        for other in ("Delinquent", "Secret", "Private Draft", "Fresh 3W", "Orphan"):
            assert other not in body
        assert "Other Org List" not in body
    # The other organisation's admin is told of its own dataset only.
    [other] = smtp.to("other@example.org")
    assert "Other Org List" in smtp.body(other)
    assert "Sites" not in smtp.body(other).replace("Other Org List", "")


def test_a_digest_of_one_dataset_says_so_in_the_singular(people, smtp, cli):
    aged(dataset_of(people["org"], "due-4w"), 35)
    _remind(cli)
    [digest] = smtp.to("owner@example.org")
    assert smtp.subject(digest) == "1 dataset to update or confirm as current"


def test_mimu_admins_get_the_newly_delinquent_and_the_orphans(
    people, catalogue, smtp, cli
):
    _remind(cli)
    [digest] = smtp.to("mimu@example.org")
    body = smtp.body(digest)
    assert "Delinquent Prices" in body and "Secret Minefields" in body
    # A due dataset of an organisation without admins or editors goes to MIMU.
    assert "Orphan Survey" in body
    assert "Due 4W" not in body and "Overdue Sites" not in body


def test_members_and_people_outside_get_nothing(people, catalogue, smtp, cli):
    _remind(cli)
    for address in ("member@example.org", "outsider@example.org", "loner@example.org"):
        assert smtp.to(address) == []


def test_a_second_run_sends_nothing_twice(people, catalogue, smtp, cli):
    _remind(cli)
    first = len(smtp.messages)
    assert first == 4  # owner, editor, MIMU, the other organisation's admin
    output = _remind(cli)
    assert "queued 0 digests" in output
    assert len(smtp.messages) == first


def test_a_confirmed_dataset_that_ages_again_is_reported_again(
    people, catalogue, smtp, cli
):
    _remind(cli)
    # A new cycle: the dataset was updated, and is due again later.
    aged(catalogue["due"], 36)
    _remind(cli)
    later = smtp.to("owner@example.org")
    assert len(later) == 2
    assert "Due 4W" in smtp.body(later[1]) and "Overdue" not in smtp.subject(later[1])
