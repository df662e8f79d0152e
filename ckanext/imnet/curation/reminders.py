"""Daily freshness reminders (``ckan imnet curation remind``, from cron).

Each run:

1. **keeps the index true**: datasets whose indexed freshness has ended since
   they were last indexed (a boundary crossed with no edit) are reindexed;
2. **finds what became due, overdue or delinquent**: each dataset (active,
   published -- not private or draft -- IM datasets) in a state it has not
   been reported in during its current cycle (since its last sign of being
   current) is claimed in ``imnet_freshness_notice`` -- a unique row, so a
   second run, the same day or later, sends nothing twice;
3. **tells the people who curate it**, one digest per person in the mail
   language: due and overdue datasets to the owning organisation's admins and
   editors (MIMU admins when it has none), delinquent ones to MIMU admins --
   each person only the datasets the policy lets them curate (and so see).

The digests go to the notification outbox in the same transaction as the
claims, so a failed run claims nothing and a failed delivery is retried.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk
from flask_babel import force_locale

from ckanext.imnet import bilingual, config, vocab
from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import notify, policy
from ckanext.imnet.search import reindex

from . import freshness

__all__ = ["Report", "refresh_index", "remind"]

_ = tk._
_PAGE = 500
# States reported to the owning organisation; the last one to MIMU admins.
_OWNER_STATES = (freshness.DUE, freshness.OVERDUE)
_ADMIN_STATES = (freshness.DELINQUENT,)


@dataclass
class Report:
    """What a run did."""

    reindexed: int = 0
    notices: dict[str, int] = field(default_factory=dict)
    digests: int = 0


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _search(fq: str) -> list[dict[str, Any]]:
    """Every IM dataset matching ``fq``, private and draft ones included."""
    found: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("package_search")(
            _site_context(),
            {
                "fq": fq,
                "rows": _PAGE,
                "start": len(found),
                "sort": "id asc",
                "include_private": True,
                "include_drafts": True,
            },
        )
        found += page["results"]
        if not page["results"] or len(found) >= page["count"]:
            return found


def refresh_index(at: datetime.datetime) -> int:
    """Reindex the datasets whose indexed freshness state has ended by ``at``."""
    stale = _search(freshness.stale_query(at))
    return reindex.reindex(dataset["id"] for dataset in stale)


def _reportable(at: datetime.datetime) -> list[tuple[dict[str, Any], Any]]:
    """(dataset, freshness) of published datasets that are not fresh at ``at``."""
    candidates = [
        dataset
        for dataset in _search(
            "freshness:({} OR {} OR {})".format(*_OWNER_STATES, *_ADMIN_STATES)
        )
        if not dataset.get("private") and dataset.get("state") == "active"
    ]
    confirmed = imnet_model.confirmations(d["id"] for d in candidates)
    out = []
    for dataset in candidates:
        row = confirmed.get(dataset["id"])
        state = freshness.compute(dataset, row.confirmed_at if row else None, at)
        if state.state != freshness.FRESH:
            out.append((dataset, state))
    return out


def remind(at: datetime.datetime | None = None) -> Report:
    """Run the daily reminders (see the module) and commit; ``at``: now."""
    at = at or freshness.now()
    report = Report(reindexed=refresh_index(at))
    # person id -> (person, state -> [dataset summaries])
    digests: dict[str, tuple[Any, dict[str, list[dict[str, Any]]]]] = {}
    reportable = _reportable(at)
    summaries = imnet_model.dataset_summaries(d["id"] for d, _f in reportable)
    for dataset, state in reportable:
        summary = summaries.get(dataset["id"])
        if summary is None or not imnet_model.claim_notice(
            dataset["id"], state.state, state.since
        ):
            continue
        report.notices[state.state] = report.notices.get(state.state, 0) + 1
        people = []
        if state.state in _OWNER_STATES:
            people = [p for p in policy.curators_of(summary) if p.email]
        if not people:
            people = [p for p in policy.catalogue_curators(summary) if p.email]
        for person in people:
            _person, by_state = digests.setdefault(
                person.id, (person, defaultdict(list))
            )
            by_state[state.state].append({**summary, "freshness": state})
    for person, by_state in digests.values():
        _queue_digest(person, by_state)
    report.digests = len(digests)
    imnet_model.session().commit()
    return report


def _frequency_label(frequency: str, locale: str) -> str:
    term = vocab.term("update_frequency", frequency)
    return term.label(locale) if term else frequency


def _queue_digest(person: Any, by_state: dict[str, list[dict[str, Any]]]) -> None:
    locale = config.mail_locale()
    sections = []
    count = 0
    for state in (*_OWNER_STATES, *_ADMIN_STATES):
        datasets = sorted(by_state.get(state, []), key=lambda d: d["name"])
        count += len(datasets)
        if datasets:
            sections.append(
                {
                    "state": state,
                    "datasets": [
                        {
                            "title": notify.one_line(bilingual.title(d, locale)),
                            "link": tk.url_for(
                                "dataset.read", id=d["name"], _external=True
                            ),
                            "since": d["freshness"].since,
                            "frequency": _frequency_label(
                                d["freshness"].frequency, locale
                            ),
                        }
                        for d in datasets
                    ],
                }
            )
    with force_locale(locale):
        subject = tk.ungettext(
            "{count} dataset to update or confirm as current",
            "{count} datasets to update or confirm as current",
            count,
        ).format(count=count)
        body = notify.render_text(
            "imnet/emails/freshness_digest.txt",
            {
                "recipient": person,
                "sections": sections,
                "site_title": tk.config.get("ckan.site_title"),
            },
        )
    notify.queue_message(person, subject, body)
