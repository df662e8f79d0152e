"""Review of datasets by MIMU admins: the queue, its states and its hooks.

A dataset enters the review queue as **unreviewed** when it is created
(``entered="new"``) and again whenever one of its IM fields changes
(``entered="changed"``) -- by the form, the API or a harvest import, all of
which run ``package_create``/``package_update`` and so the IPackageController
hooks that call ``dataset_written``. The IM fields are those of the scheming
schema beyond CKAN's own (``im_fields``); an edit of the title, description,
tags or resources leaves the review as it was. A MIMU admin marks the dataset
**reviewed** or **changes_requested** with a comment
(``imnet_dataset_review``), which its owners receive by mail and see on the
page. A dataset never recorded (created before the queue existed) counts as
unreviewed.

The state is indexed as ``review_state`` -- not stored (``fl`` never returns
it) and searched on by MIMU admins only (``refused_search``): for anyone else
the field does not exist.

**Required review** (``ckanext.imnet.review.required_from``): a dataset at that
level or higher entering the queue is made private (CKAN's own draft state,
so every path that hides private datasets hides it) and marked ``held``;
marking it reviewed publishes it again. A dataset its owners made private
themselves is never published by a review.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

__all__ = [
    "UNREVIEWED",
    "CHANGES_REQUESTED",
    "REVIEWED",
    "STATES",
    "search_scope",
    "DECISIONS",
    "INDEX_FIELD",
    "im_fields",
    "fingerprint",
    "state_of",
    "state_label",
    "state_help",
    "dataset_written",
    "keep_held",
    "index_fields",
    "refused_search",
]

UNREVIEWED = "unreviewed"
CHANGES_REQUESTED = "changes_requested"
REVIEWED = "reviewed"
STATES = (UNREVIEWED, CHANGES_REQUESTED, REVIEWED)
# What a reviewer may decide.
DECISIONS = (REVIEWED, CHANGES_REQUESTED)
INDEX_FIELD = "review_state"

# Schema fields that are CKAN's own, or text in two languages, or derived
# (``spatial`` is drawn from the coverage): not the IM standard.
_NOT_IM = {
    "title",
    "title_my",
    "name",
    "notes",
    "notes_my",
    "tag_string",
    "owner_org",
    "maintainer",
    "maintainer_email",
    "license_id",
    "url",
    "version",
    "spatial",
}
# Search parameters that could name an index field.
_SEARCH_PARAMS = (
    "q",
    "fq",
    "fq_list",
    "sort",
    "facet.field",
    "facet.query",
    "facet.pivot",
    "fl",
    "qf",
    "bf",
    "boost",
    "df",
)
_FIELD_NAME = re.compile(rf"(?<![\w.]){INDEX_FIELD}(?!\w)", re.IGNORECASE)
_im_fields: tuple[str, ...] | None = None


def im_fields() -> tuple[str, ...]:
    """The IM fields of the dataset schema, whose change needs a new review."""
    global _im_fields
    if _im_fields is None:
        schema = tk.h.scheming_get_dataset_schema(policy.IM_DATASET_TYPE) or {}
        _im_fields = tuple(
            f["field_name"]
            for f in schema.get("dataset_fields", [])
            if f["field_name"] not in _NOT_IM
        )
    return _im_fields


def _normal(value: Any) -> Any:
    """A field's value as comparable data: JSON lists read, lists sorted."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                return text
        else:
            return text
    if isinstance(value, list):
        return sorted(str(v).strip() for v in value if v not in (None, ""))
    return "" if value is None else str(value)


def fingerprint(pkg: Mapping[str, Any]) -> str:
    """A digest of a dataset's IM fields: equal exactly when none changed."""
    values = {name: _normal(pkg.get(name)) for name in im_fields()}
    values = {k: v for k, v in values.items() if v not in ("", [])}
    text = json.dumps(values, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def state_of(package_id: str) -> str:
    """A dataset's review state (never recorded: unreviewed)."""
    row = imnet_model.review(package_id)
    return row.state if row is not None else UNREVIEWED


def state_label(state: str) -> str:
    """The review state's label in the current language."""
    _ = tk._
    return {
        UNREVIEWED: _("Not yet reviewed"),
        CHANGES_REQUESTED: _("Changes requested"),
        REVIEWED: _("Reviewed"),
    }.get(state, state)


def state_help(state: str) -> str:
    """What the review state means, in the current language."""
    _ = tk._
    return {
        UNREVIEWED: _(
            "New, or its IM metadata changed since the last review: waiting for "
            "a MIMU admin to review it."
        ),
        CHANGES_REQUESTED: _(
            "A MIMU admin asked for changes: edit the metadata as the comment "
            "says; the dataset then returns to the review queue."
        ),
        REVIEWED: _("A MIMU admin reviewed its metadata."),
    }.get(state, "")


def dataset_written(
    pkg_dict: Mapping[str, Any], actor_id: str | None, created: bool
) -> None:
    """``after_dataset_create``/``_update``: (re)enter the queue if the
    dataset is new or its IM fields changed; hold it private while review is
    required. In the writer's transaction, before its access is recorded."""
    package_id = str(pkg_dict.get("id") or "")
    dataset = imnet_model.dataset_summary(package_id)
    if dataset is None or not policy.is_im_dataset(dataset):
        return
    digest = fingerprint(pkg_dict)
    row = imnet_model.review(package_id)
    if row is None:
        row = imnet_model.DatasetReview(package_id=package_id, held=False)
        imnet_model.session().add(row)
    if created or row.fingerprint != digest:
        row.entered = "new" if created else "changed"
        row.state = UNREVIEWED
        row.fingerprint = digest
        row.since = imnet_model.now()
        row.changed_by = actor_id
    _hold(row, dataset)


def keep_held(package_id: str) -> None:
    """After a write without the package hooks (CKAN's bulk "make public"):
    a dataset held for review stays private. Nothing is committed here."""
    dataset = imnet_model.dataset_summary(package_id)
    row = imnet_model.review(package_id)
    if dataset is not None and row is not None:
        _hold(row, dataset)


def _hold(row: Any, dataset: Mapping[str, Any]) -> None:
    """Keep a dataset that must be reviewed first private; release it when
    it no longer must (its level was lowered)."""
    if row.state == REVIEWED:
        return
    if policy.review_required(dataset):
        if row.held or not dataset["private"]:
            row.held = True
            imnet_model.set_private(row.package_id, True)
    elif row.held:
        row.held = False
        imnet_model.set_private(row.package_id, False)


def index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``: the review state, for MIMU admins' searches."""
    pkg_dict.pop(INDEX_FIELD, None)
    if policy.is_im_dataset(
        {"type": pkg_dict.get("dataset_type") or pkg_dict.get("type")}
    ):
        pkg_dict[INDEX_FIELD] = state_of(str(pkg_dict.get("id") or ""))
    return pkg_dict


def _names_field(value: Any, depth: int = 0) -> bool:
    """Whether a search parameter names the review state: as written, with
    query escapes (``review\\_state``) taken out, and inside JSON text as
    CKAN decodes it (``["\\u0072eview_state"]`` in ``facet.field``)."""
    if isinstance(value, str):
        if _FIELD_NAME.search(value) or _FIELD_NAME.search(value.replace("\\", "")):
            return True
        if depth < 3 and value.strip()[:1] in ("[", "{", '"'):
            try:
                decoded = json.loads(value)
            except ValueError:
                return False
            return _names_field(decoded, depth + 1)
        return False
    if isinstance(value, Mapping):
        return any(
            _names_field(k, depth) or _names_field(v, depth) for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return any(_names_field(v, depth) for v in value)
    return False


def refused_search(user: Any, data_dict: Mapping[str, Any]) -> str | None:
    """The search parameter that names the review state, if the user may not
    search on it (``policy.may_search_review``, or data owners within their
    organisations: ``search_scope``): its filter, facet, sort or query would
    tell which datasets are in which state. ``None``: allowed."""
    named = _named_param(data_dict)
    if named is None or policy.may_search_review(user):
        return None
    if policy.review_search_organisations(user):
        return None
    return named


def search_scope(user: Any, data_dict: Mapping[str, Any]) -> list[str]:
    """Filters that keep a search naming the review state to the datasets
    whose review the user sees: for a data owner who is not a MIMU admin,
    the datasets of the organisations they curate. Empty: no filter needed
    (the state is not named, or the user is a MIMU admin)."""
    if _named_param(data_dict) is None or policy.may_search_review(user):
        return []
    organisations = policy.review_search_organisations(user)
    if not organisations:
        return []
    ids = " OR ".join(f'"{org_id}"' for org_id in organisations)
    return [f"+owner_org:({ids})"]


def _named_param(data_dict: Mapping[str, Any]) -> str | None:
    for name in _SEARCH_PARAMS:
        if _names_field(data_dict.get(name)):
            return name
    return None
