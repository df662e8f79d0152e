"""A harvested dataset is edited at its origin, not here.

While a harvest source holds a dataset (``provenance``), its metadata is the
origin's: the next run would overwrite any local edit. So nobody -- MIMU
admins included -- edits it here: ``package_update``, ``package_patch``,
``package_revise``, the edit form and the resource forms are refused with a
message naming the source, and moving it to another organisation
(``package_owner_org_update``) too, since the source's organisation is where
its imports put it. Only the harvest import itself (an internal call,
``ignore_auth``) writes it.

What stays local:

* **publishing**: the organisation's *Make private* / *Make public*
  (``bulk_update_private``/``_public``) -- an import keeps the dataset's
  ``private`` flag as it is here (``keep_local_decisions``);
* **deleting** it, which sticks: later runs skip the record (``withdrawn``);
* resource views (they present a harvested resource without changing it);
* access requests, grants and their decisions, groups, following.

The auth functions that ask these questions are in ``logic/auth.py``.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import ckan.plugins.toolkit as tk
import flask
from ckan.types import DataDict

from ckanext.imnet import model as imnet_model

__all__ = [
    "NOT_AN_EDIT",
    "refusal",
    "keep_local_decisions",
    "deciding_here",
    "refuse_edit_forms",
    "register",
]

_ = tk._

# True while an organisation's bulk action decides here (``deciding_here``).
_DECIDING_HERE: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "imnet_deciding_here", default=False
)

# Set on an auth context to ask CKAN's ``package_update`` rule for what is not
# an edit of the dataset's metadata (deleting it; the note on its page).
NOT_AN_EDIT = "imnet_not_an_edit"


def refusal(package_id: str | None) -> str | None:
    """Why the dataset may not be edited here (it is harvested), or ``None``."""
    origin = imnet_model.harvest_origin(package_id or "")
    if origin is None:
        return None
    return _(
        "This dataset is harvested from {source}: each run replaces it with "
        "the source's version. Edit it at its origin or change the source's "
        "configuration."
    ).format(source=origin["source_title"])


def keep_local_decisions(data_dict: DataDict) -> DataDict:
    """An import's update of a harvested dataset, keeping what is decided here
    (whether it is private); other datasets' updates as given. Changed in
    place, as ``package_update`` changes its input (callers may read it)."""
    if _DECIDING_HERE.get():
        return data_dict
    package = imnet_model.dataset_summary(
        str(data_dict.get("id") or data_dict.get("name") or "")
    )
    if package is None or imnet_model.harvest_origin(package["id"]) is None:
        return data_dict
    data_dict["private"] = bool(package["private"])
    return data_dict


@contextlib.contextmanager
def deciding_here() -> Iterator[None]:
    """While the organisation's *Make private* / *Make public* / delete runs:
    its updates of each dataset are those local decisions, not edits (CKAN
    2.12 makes them through ``package_patch``; 2.11 wrote the rows)."""
    token = _DECIDING_HERE.set(True)
    try:
        yield
    finally:
        _DECIDING_HERE.reset(token)


# Form pages that edit a dataset's metadata or resources, by blueprint kind.
_DATASET_FORMS = frozenset({"edit", "resources"})
_RESOURCE_FORMS = frozenset({"new", "edit"})


def _edited_dataset() -> str | None:
    """The dataset an edit form of this request is for, if it is one."""
    blueprint, _dot, view = (flask.request.endpoint or "").partition(".")
    types = set(getattr(tk.h, "scheming_dataset_schemas", lambda: {})() or {})
    types.add("dataset")
    forms = (
        _RESOURCE_FORMS
        if blueprint.endswith("_resource") or blueprint == "resource"
        else _DATASET_FORMS
    )
    if blueprint.removesuffix("_resource") not in types | {"resource"}:
        return None
    if view not in forms:
        return None
    value = (flask.request.view_args or {}).get("id")
    return value if isinstance(value, str) else None


def refuse_edit_forms() -> None:
    """The edit forms of a harvested dataset answer 403 with the reason (the
    dataset's page shows it in place of the *Manage* button)."""
    name_or_id = _edited_dataset()
    if not name_or_id:
        return
    dataset = imnet_model.dataset_summary(name_or_id)
    reason = refusal(dataset["id"]) if dataset else None
    if reason:
        tk.abort(403, reason)


def register(app: flask.Flask) -> flask.Flask:
    """Install the refusal of edit forms in front of every view (after the
    access gate, which answers for a dataset the visitor may not see)."""
    app.before_request(refuse_edit_forms)
    return app
