"""Data freshness: is a dataset as current as its update frequency promises?

Anchored on HDX's data freshness. A dataset's clock starts at its **last sign
of being current** -- the latest of

* its **data update**: the newest ``last_modified`` (or, failing that,
  ``created``) of its resources;
* its **metadata change**: ``metadata_modified`` (any edit of the dataset or
  its resources shows that someone looked after it, as HDX counts its own
  "last modified");
* its last **confirmation** that it is still current
  (``imnet_dataset_confirm_current``: it resets the clock without editing).

The reference period (``temporal_coverage_*``) is *not* a sign of being
current: a census of 2014 is not stale because its period ended, and an
annual series is not fresh because its period is recent.

``AGING`` says, per ``update_frequency``, how many days after that date a
dataset becomes *due*, *overdue* and *delinquent* (HDX's table). It is the
one place these thresholds are declared; the search index, the pages and the
reminders all compute from it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

__all__ = [
    "FRESH",
    "DUE",
    "OVERDUE",
    "DELINQUENT",
    "STATES",
    "Aging",
    "AGING",
    "UNSET_FREQUENCY",
    "Freshness",
    "aging_for",
    "compute",
    "last_current",
    "parse_time",
    "state_label",
    "state_help",
    "INDEX_FIELDS",
    "now",
    "of_dataset",
    "solr_time",
    "index_fields",
    "stale_query",
]

FRESH = "fresh"
DUE = "due"
OVERDUE = "overdue"
DELINQUENT = "delinquent"
# In order of growing age: a state's rank is its index.
STATES = (FRESH, DUE, OVERDUE, DELINQUENT)


@dataclass(frozen=True)
class Aging:
    """Days after the last sign of being current at which a dataset becomes
    due, overdue and delinquent; ``None``: never (it stays fresh)."""

    due: int | None
    overdue: int | None
    delinquent: int | None


# The aging table, per ``update_frequency`` (HDX: due = f, overdue and
# delinquent a grace period later, longer for longer cycles).
AGING: dict[str, Aging] = {
    "daily": Aging(1, 2, 3),
    "weekly": Aging(7, 14, 21),
    "monthly": Aging(30, 44, 60),
    "quarterly": Aging(90, 120, 150),
    "semi_annual": Aging(180, 210, 240),
    "annual": Aging(365, 425, 455),
    # A one-off dataset (the 2014 census) is never out of date: always fresh.
    "never": Aging(None, None, None),
    # No schedule to keep, but someone should say once a year that it is
    # still the current version: aged as annual.
    "irregular": Aging(365, 425, 455),
    # A live source (an API, a dashboard) updates outside the catalogue,
    # which cannot see it change; what can go stale is the entry itself
    # (link, coverage, owner): its owners confirm it monthly.
    "continuous": Aging(30, 44, 60),
}
# A dataset without an update frequency is aged as ``irregular``.
UNSET_FREQUENCY = "irregular"


def aging_for(frequency: str | None) -> Aging:
    """The thresholds of an update frequency (unknown or unset: irregular)."""
    return AGING.get(frequency or "", AGING[UNSET_FREQUENCY])


@dataclass(frozen=True)
class Freshness:
    """A dataset's freshness at a moment."""

    state: str
    frequency: str
    # The last sign of being current, and what it was: "data", "metadata"
    # or "confirmed".
    since: datetime.datetime
    basis: str
    due: datetime.datetime | None
    overdue: datetime.datetime | None
    delinquent: datetime.datetime | None

    @property
    def rank(self) -> int:
        """0 (fresh) to 3 (delinquent): sorts the most out of date first."""
        return STATES.index(self.state)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values (times in ISO 8601, UTC)."""

        def iso(value: datetime.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "state": self.state,
            "frequency": self.frequency,
            "since": iso(self.since),
            "basis": self.basis,
            "due": iso(self.due),
            "overdue": iso(self.overdue),
            "delinquent": iso(self.delinquent),
        }


def parse_time(value: Any) -> datetime.datetime | None:
    """A CKAN timestamp (ISO 8601, naive meaning UTC) or datetime, as aware UTC."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def _resource_times(resources: Iterable[Mapping[str, Any]]) -> list[datetime.datetime]:
    times = []
    for resource in resources:
        if resource.get("state", "active") != "active":
            continue
        moment = parse_time(resource.get("last_modified")) or parse_time(
            resource.get("created")
        )
        if moment is not None:
            times.append(moment)
    return times


def last_current(
    dataset: Mapping[str, Any], confirmed: datetime.datetime | None
) -> tuple[datetime.datetime, str]:
    """The dataset's last sign of being current and its basis (see the module).

    ``dataset`` is a dataset dict (``package_show``): ``metadata_modified``
    and ``resources`` are read. On a tie the data update is named first.
    """
    signs: list[tuple[datetime.datetime, str]] = []
    data = _resource_times(dataset.get("resources") or [])
    if data:
        signs.append((max(data), "data"))
    metadata = parse_time(dataset.get("metadata_modified")) or parse_time(
        dataset.get("metadata_created")
    )
    if metadata is not None:
        signs.append((metadata, "metadata"))
    if confirmed is not None:
        signs.append((parse_time(confirmed) or confirmed, "confirmed"))
    if not signs:
        # A dataset being created: it is current now.
        return datetime.datetime.now(datetime.UTC), "metadata"
    order = {"data": 0, "metadata": 1, "confirmed": 2}
    return max(signs, key=lambda sign: (sign[0], -order[sign[1]]))


def compute(
    dataset: Mapping[str, Any],
    confirmed: datetime.datetime | None,
    now: datetime.datetime,
) -> Freshness:
    """The dataset's freshness at ``now`` (aware), from ``AGING``."""
    frequency = str(dataset.get("update_frequency") or "")
    aging = aging_for(frequency)
    since, basis = last_current(dataset, confirmed)

    def after(days: int | None) -> datetime.datetime | None:
        return since + datetime.timedelta(days=days) if days is not None else None

    due, overdue, delinquent = (
        after(aging.due),
        after(aging.overdue),
        after(aging.delinquent),
    )
    state = FRESH
    for threshold, name in ((due, DUE), (overdue, OVERDUE), (delinquent, DELINQUENT)):
        if threshold is not None and now >= threshold:
            state = name
    return Freshness(
        state=state,
        frequency=frequency or UNSET_FREQUENCY,
        since=since,
        basis=basis,
        due=due,
        overdue=overdue,
        delinquent=delinquent,
    )


def state_label(state: str) -> str:
    """The name of a freshness state in the current language."""
    _ = tk._
    return {
        FRESH: _("Fresh"),
        DUE: _("Update due"),
        OVERDUE: _("Overdue"),
        DELINQUENT: _("Delinquent"),
    }.get(state, state)


def state_help(state: str) -> str:
    """What a freshness state means, for the page and the facet."""
    _ = tk._
    return {
        FRESH: _("Updated or confirmed as current within its update frequency."),
        DUE: _("Its update frequency says a new version is due."),
        OVERDUE: _("The expected update is overdue."),
        DELINQUENT: _("Long past its expected update: it may no longer be current."),
    }.get(state, "")


# -- a dataset's freshness now, and in the search index -------------------------

# Search index fields (declared in ``search/solr/imnet_fields.xml``).
INDEX_FIELDS = (
    "freshness",
    "freshness_rank",
    "freshness_since",
    "freshness_due",
    "freshness_overdue",
    "freshness_delinquent",
)
# The index field of the boundary that ends each state (delinquent never ends).
NEXT_BOUNDARY = {
    FRESH: "freshness_due",
    DUE: "freshness_overdue",
    OVERDUE: "freshness_delinquent",
}


def now() -> datetime.datetime:
    """The current time (aware, UTC)."""
    return datetime.datetime.now(datetime.UTC)


def of_dataset(
    dataset: Mapping[str, Any], at: datetime.datetime | None = None
) -> Freshness:
    """A dataset's freshness (``package_show`` dict) at ``at`` (default: now),
    with its last confirmation read from the database."""
    confirmation = imnet_model.confirmation(str(dataset.get("id") or ""))
    return compute(
        dataset, confirmation.confirmed_at if confirmation else None, at or now()
    )


def solr_time(value: datetime.datetime) -> str:
    """A time as the search index writes dates (``2026-11-30T10:00:00Z``)."""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``: the dataset's freshness as index fields.

    The state is the one at indexing time; ``ckan imnet curation remind``
    reindexes daily the datasets that crossed a boundary since
    (``stale_query``), so the facet and the filter are true to the day. The
    boundary dates are indexed too, for exact filters
    (``fq=freshness_overdue:[* TO NOW]``).
    """
    for name in INDEX_FIELDS:
        pkg_dict.pop(name, None)
    if not policy.is_im_dataset(
        {"type": pkg_dict.get("dataset_type") or pkg_dict.get("type")}
    ):
        return pkg_dict
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}") or pkg_dict
    freshness = of_dataset({**validated, "id": pkg_dict.get("id")})
    pkg_dict["freshness"] = freshness.state
    pkg_dict["freshness_rank"] = freshness.rank
    pkg_dict["freshness_since"] = solr_time(freshness.since)
    for name, value in (
        ("freshness_due", freshness.due),
        ("freshness_overdue", freshness.overdue),
        ("freshness_delinquent", freshness.delinquent),
    ):
        if value is not None:
            pkg_dict[name] = solr_time(value)
    return pkg_dict


def stale_query(at: datetime.datetime) -> str:
    """A search query for the datasets whose indexed state has ended by ``at``."""
    moment = solr_time(at)
    return " OR ".join(
        f"(freshness:{state} AND {field}:[* TO {moment}])"
        for state, field in NEXT_BOUNDARY.items()
    )
