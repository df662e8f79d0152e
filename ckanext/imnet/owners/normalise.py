"""``ckan imnet data-owners normalise``: the data owners datasets hold, mapped
to canonical values.

A value that names an owner on the list by any of its names (an alias, a
label, a case, space or punctuation variant) becomes the owner's value; one
that names none is kept as "other" with the text as the owner's name. Each
change is written with ``package_patch`` as the site user, so validation,
reclassification, the audit trail, activity and the search index follow as
for any edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import model as imnet_model

from .directory import OTHER, Choice, Directory, directory

__all__ = ["Change", "Report", "normalise", "canonical"]


@dataclass(frozen=True)
class Change:
    """A dataset whose data owner is (or would be) rewritten."""

    dataset: str
    before: Choice
    after: Choice


@dataclass
class Report:
    """What a run changed (or would change), kept as "other", or could not do."""

    changed: list[Change] = field(default_factory=list)
    # the name given for "other" -> the datasets naming it
    others: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    unchanged: int = 0


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"]}


def _stored(dataset: dict[str, Any]) -> Choice:
    value = str(dataset.get("data_owner") or "")
    other = str(dataset.get("data_owner_other") or "") if value == OTHER else ""
    return Choice(value, other)


def canonical(owners: Directory, stored: Choice) -> Choice:
    """The canonical form of a stored data owner: an owner's value, or
    "other" with a name (a value naming no owner becomes that name)."""
    choice = owners.classify(stored.value, stored.other)
    if choice is None:
        return Choice(OTHER, " ".join(stored.value.split()))
    return choice


def normalise(
    dry_run: bool = False, progress: Callable[[str], None] = lambda name: None
) -> Report:
    """Map every dataset's data owner to its canonical value (``dry_run``:
    only say what would change)."""
    owners = directory()
    report = Report()
    context = _site_context()
    for name in imnet_model.dataset_names():
        progress(name)
        dataset = tk.get_action("package_show")(dict(context), {"id": name})
        before = _stored(dataset)
        if not before.value.strip():
            report.failed[name] = "no data owner"
            continue
        after = canonical(owners, before)
        if after == before:
            report.unchanged += 1
        elif not dry_run and not _patch(context, dataset["id"], after, name, report):
            continue
        else:
            report.changed.append(Change(name, before, after))
        if after.value == OTHER:
            report.others.setdefault(after.other, []).append(name)
    return report


def _patch(
    context: dict[str, Any], dataset_id: str, after: Choice, name: str, report: Report
) -> bool:
    try:
        tk.get_action("package_patch")(
            dict(context),
            {
                "id": dataset_id,
                "data_owner": after.value,
                "data_owner_other": after.other,
            },
        )
    except tk.ValidationError as error:
        report.failed[name] = _summary(error)
        return False
    return True


def _summary(error: tk.ValidationError) -> str:
    messages = error.error_dict if isinstance(error.error_dict, dict) else {}
    return "; ".join(
        f"{field}: {' '.join(str(m) for m in problems)}"
        if isinstance(problems, list)
        else f"{field}: {problems}"
        for field, problems in messages.items()
    ) or str(error)
