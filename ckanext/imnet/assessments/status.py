"""Is an assessment's status still true? The overdue rules, and their index fields.

A status is **overdue** when the dates say it should have moved on:

* a ``planned`` assessment whose planned start of data collection has passed
  (the day after ``planned_start``): has collection started?
* an ``ongoing`` one whose end of data collection has passed (the day after
  ``actual_end``, else ``planned_end``): has collection ended?

No other status is ever overdue (completed and cancelled assessments have
nothing left to report). The day each becomes overdue is indexed
(``START_FIELD``, ``END_FIELD``; declared in ``search/solr/imnet_fields.xml``),
so a search ``[* TO NOW]`` on it is true to the day without any reindexing:
the curation workspace counts with it and the reminders find with it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet.access import policy
from ckanext.imnet.dates import as_date

__all__ = [
    "PLANNED",
    "ONGOING",
    "START",
    "END",
    "KINDS",
    "START_FIELD",
    "END_FIELD",
    "Overdue",
    "overdue_from",
    "overdue",
    "overdue_filter",
    "kind_label",
    "index_fields",
]

PLANNED = "planned"
ONGOING = "ongoing"
# What is overdue: the start of a planned assessment, the end of an ongoing one.
START = "start"
END = "end"
KINDS = (START, END)
# Index fields (dates): the first day the start, or the end, is overdue.
START_FIELD = "assessment_start_overdue"
END_FIELD = "assessment_end_overdue"
_FIELDS = {START: START_FIELD, END: END_FIELD}


@dataclass(frozen=True)
class Overdue:
    """An assessment's overdue status: what (``start`` or ``end``), the date
    that passed, and the first day it was overdue."""

    kind: str
    deadline: datetime.date
    since: datetime.date


def overdue_from(assessment: Mapping[str, Any]) -> Overdue | None:
    """When the assessment's status becomes overdue, whatever the day today
    (``None``: its status is never overdue -- completed, cancelled, no date)."""
    status = assessment.get("status")
    if status == PLANNED:
        kind, deadline = START, as_date(assessment.get("planned_start"))
    elif status == ONGOING:
        kind = END
        deadline = as_date(assessment.get("actual_end")) or as_date(
            assessment.get("planned_end")
        )
    else:
        return None
    if deadline is None:
        return None
    return Overdue(kind, deadline, deadline + datetime.timedelta(days=1))


def overdue(
    assessment: Mapping[str, Any], today: datetime.date | None = None
) -> Overdue | None:
    """The assessment's overdue status on ``today`` (default: today, UTC), or
    ``None`` if its status is not overdue."""
    found = overdue_from(assessment)
    day = today or datetime.datetime.now(datetime.UTC).date()
    return found if found is not None and found.since <= day else None


def overdue_filter(kind: str | None = None, at: str = "NOW") -> str:
    """A search filter for the assessments whose start (``kind="start"``), end
    (``"end"``) or either (``None``) is overdue now (or ``at``: a day as the
    index writes it, ``2026-12-02T00:00:00Z``)."""
    kinds = [kind] if kind else list(KINDS)
    return " OR ".join(f"{_FIELDS[k]}:[* TO {at}]" for k in kinds)


def kind_label(kind: str) -> str:
    """What is overdue, in the current language."""
    _ = tk._
    return {
        START: _("Planned, past their start date"),
        END: _("Ongoing, past their end date"),
    }.get(kind, kind)


def index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``: the first day an assessment's start or end is
    overdue, as a date field (nothing for other types and statuses)."""
    for name in _FIELDS.values():
        pkg_dict.pop(name, None)
    if (pkg_dict.get("dataset_type") or pkg_dict.get("type")) != policy.ASSESSMENT_TYPE:
        return pkg_dict
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}") or pkg_dict
    found = overdue_from(validated)
    if found is not None:
        pkg_dict[_FIELDS[found.kind]] = f"{found.since.isoformat()}T00:00:00Z"
    return pkg_dict
