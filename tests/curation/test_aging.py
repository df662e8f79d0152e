"""The aging table: each frequency's boundaries, with a frozen clock."""

from __future__ import annotations

import datetime

import pytest
from freezegun import freeze_time

from ckanext.imnet.curation import freshness

UPDATED = datetime.datetime(2026, 1, 1, 9, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)

# frequency -> days after the last update at which it becomes due, overdue,
# delinquent (HDX's table; irregular confirmed yearly, continuous monthly).
TABLE = {
    "daily": (1, 2, 3),
    "weekly": (7, 14, 21),
    "monthly": (30, 44, 60),
    "quarterly": (90, 120, 150),
    "semi_annual": (180, 210, 240),
    "annual": (365, 425, 455),
    "irregular": (365, 425, 455),
    "continuous": (30, 44, 60),
}


def _dataset(frequency: str | None, **fields) -> dict:
    return {
        "id": "d",
        "update_frequency": frequency,
        "metadata_modified": UPDATED.replace(tzinfo=None).isoformat(),
        "resources": [],
        **fields,
    }


def _state_at(dataset: dict, moment: datetime.datetime, confirmed=None) -> str:
    # The clock is frozen at ``moment``: the state is the one a visitor sees then.
    with freeze_time(moment):
        return freshness.compute(dataset, confirmed, freshness.now()).state


@pytest.mark.parametrize("frequency", list(TABLE))
def test_a_dataset_ages_through_each_state_on_the_day_its_frequency_says(frequency):
    due, overdue, delinquent = TABLE[frequency]
    dataset = _dataset(frequency)
    day = datetime.timedelta(days=1)
    assert _state_at(dataset, UPDATED) == "fresh"
    assert _state_at(dataset, UPDATED + due * day - SECOND) == "fresh"
    assert _state_at(dataset, UPDATED + due * day) == "due"
    assert _state_at(dataset, UPDATED + overdue * day - SECOND) == "due"
    assert _state_at(dataset, UPDATED + overdue * day) == "overdue"
    assert _state_at(dataset, UPDATED + delinquent * day - SECOND) == "overdue"
    assert _state_at(dataset, UPDATED + delinquent * day) == "delinquent"
    assert _state_at(dataset, UPDATED + 10 * delinquent * day) == "delinquent"


def test_a_one_off_dataset_is_always_fresh():
    dataset = _dataset("never")
    assert _state_at(dataset, UPDATED + datetime.timedelta(days=3650)) == "fresh"
    with freeze_time(UPDATED):
        found = freshness.compute(dataset, None, freshness.now())
    assert (found.due, found.overdue, found.delinquent) == (None, None, None)


def test_a_dataset_without_a_frequency_ages_as_irregular():
    for unset in (None, "", "fortnightly"):
        dataset = _dataset(unset)
        assert _state_at(dataset, UPDATED + datetime.timedelta(days=364)) == "fresh"
        assert _state_at(dataset, UPDATED + datetime.timedelta(days=365)) == "due"


def test_the_latest_of_data_update_metadata_change_and_confirmation_counts():
    old = (UPDATED - datetime.timedelta(days=100)).replace(tzinfo=None).isoformat()
    later = UPDATED + datetime.timedelta(days=20)
    dataset = _dataset(
        "monthly",
        metadata_modified=old,
        resources=[
            {"created": old, "last_modified": None},
            {"created": old, "last_modified": UPDATED.isoformat()},
            {"created": later.isoformat(), "state": "deleted"},
        ],
    )
    with freeze_time(UPDATED + datetime.timedelta(days=31)):
        found = freshness.compute(dataset, None, freshness.now())
    assert (found.state, found.basis, found.since) == ("due", "data", UPDATED)
    # A confirmation later than any update starts the clock again.
    with freeze_time(later + datetime.timedelta(days=29)):
        found = freshness.compute(dataset, later, freshness.now())
    assert (found.state, found.basis, found.since) == ("fresh", "confirmed", later)
    # An edit of the metadata counts too.
    edited = {**dataset, "metadata_modified": later.replace(tzinfo=None).isoformat()}
    with freeze_time(later + datetime.timedelta(days=30)):
        found = freshness.compute(edited, None, freshness.now())
    assert (found.state, found.basis) == ("due", "metadata")


def test_the_reference_period_does_not_make_a_dataset_current():
    dataset = _dataset(
        "annual", temporal_coverage_end=(UPDATED + datetime.timedelta(days=700)).date()
    )
    assert _state_at(dataset, UPDATED + datetime.timedelta(days=500)) == "delinquent"


def test_every_frequency_of_the_vocabulary_has_a_row_in_the_aging_table():
    from ckanext.imnet import vocab

    values = set(vocab.values("update_frequency"))
    assert values == set(freshness.AGING)
