"""Deferred index writes (``ckan search-index rebuild``) are written in
batches and find exactly what one-by-one writes found."""

from __future__ import annotations

import datetime

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib import search
from dateutil.parser import parse as dateutil_parse
from hypothesis import given, settings
from hypothesis import strategies as st

from ckanext.imnet.search import writer
from ckanext.imnet.search.document import normalise_date, solr_date

WORDS = ["cyclone", "rainfall", "enrolment", "vaccination", "tenure", "drought"]


def _names(**params) -> list[str]:
    result = helpers.call_action("package_search", rows=1000, **params)
    return sorted(dataset["name"] for dataset in result["results"])


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_rebuild_in_batches_finds_each_dataset_by_its_own_words(monkeypatch):
    """More datasets than a batch, each with words of its own: after the
    rebuild every word finds its dataset and no other, facets count all."""
    monkeypatch.setattr(writer, "BATCH_SIZE", 4)
    org = factories.Organization()
    for number, word in enumerate(WORDS):
        factories.Dataset(
            name=f"dataset-{number}",
            title=f"Survey of {word}",
            notes=f"Township {word} figures {number}",
            owner_org=org["id"],
            tags=[{"name": word}],
        )
    search.clear_all()
    assert _names() == []

    search.rebuild(defer_commit=True, quiet=True)
    search.commit()

    assert _names() == [f"dataset-{n}" for n in range(len(WORDS))]
    for number, word in enumerate(WORDS):
        assert _names(q=word) == [f"dataset-{number}"]
        assert _names(fq=f'tags:"{word}"') == [f"dataset-{number}"]
    facets = helpers.call_action("package_search", **{"facet.field": '["tags"]'})
    assert facets["facets"]["tags"] == {word: 1 for word in WORDS}
    assert writer.pending_count() == 0


def _defer(dataset_id: str) -> None:
    """Index one dataset deferred, as ``ckan search-index rebuild`` does."""
    search.rebuild(package_ids=[dataset_id], defer_commit=True, quiet=True)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_deferred_write_is_searchable_by_this_process_before_the_commit():
    dataset = factories.Dataset(
        owner_org=factories.Organization()["id"], title="Flood extent"
    )
    search.clear_all()
    _defer(dataset["id"])
    assert writer.pending_count() == 1

    assert _names(q="flood") == [dataset["name"]]
    assert writer.pending_count() == 0


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_dataset_written_twice_in_a_batch_keeps_its_last_version():
    dataset = factories.Dataset(
        owner_org=factories.Organization()["id"], title="Rice prices"
    )
    search.clear_all()
    _defer(dataset["id"])
    # Changed behind CKAN's back, then deferred again in the same batch.
    model.Session.execute(
        sa.text("UPDATE package SET title = 'Market prices' WHERE id = :id"),
        {"id": dataset["id"]},
    )
    model.Session.commit()
    _defer(dataset["id"])
    assert writer.pending_count() == 2
    search.commit()

    assert _names(q="market") == [dataset["name"]]
    assert _names(q="rice") == []


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_delete_after_a_deferred_write_removes_the_dataset():
    dataset = factories.Dataset(
        owner_org=factories.Organization()["id"], title="Landmine casualties"
    )
    search.clear_all()
    _defer(dataset["id"])
    search.index_for(model.Package).remove_dict(dataset)
    search.commit()

    assert _names(q="landmine") == []


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.search.solr_commit", "false")
def test_without_solr_commits_every_write_is_written_at_once():
    """``ckan.search.solr_commit = false`` leaves commits to Solr's own
    auto-commit; the embedded backend has none, so it writes at once."""
    dataset = factories.Dataset(
        owner_org=factories.Organization()["id"], title="Cyclone shelters"
    )
    assert writer.pending_count() == 0
    assert _names(q="cyclone") == [dataset["name"]]


_ZONES = st.sampled_from(["", "Z", "+06:30", "-05:00", "+0000"])


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 1, 1)
    ),
    zone=_ZONES,
    form=st.sampled_from(["date", "minutes", "seconds", "micro", "space"]),
)
def test_iso_dates_read_fast_as_dateutil_reads_them(moment, zone, form):
    """The standard-library reading of stored dates gives what dateutil gave."""
    text = {
        "date": moment.strftime("%Y-%m-%d").rjust(10, "0"),
        "minutes": moment.isoformat(timespec="minutes") + zone,
        "seconds": moment.isoformat(timespec="seconds") + zone,
        "micro": moment.isoformat(timespec="microseconds") + zone,
        "space": moment.isoformat(sep=" ", timespec="seconds") + zone,
    }[form]
    try:
        parsed = dateutil_parse(text)
    except (ValueError, OverflowError):
        return
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(datetime.UTC).replace(tzinfo=None)
        except OverflowError:
            return
    assert normalise_date(text) == solr_date(parsed)
