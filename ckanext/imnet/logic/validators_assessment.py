"""Validators of the assessment registry's own fields (``schemas/assessment.yaml``)."""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy, redaction
from ckanext.imnet.assessments import index as registry_index

__all__ = ["imnet_catalogue_dataset", "imnet_registry_id", "imnet_collection_date"]

_ = tk._


def imnet_collection_date(value: Any, context: Context) -> Any:
    """A date of data collection (after ``isodate``) from 1900 to 2100: a year
    such as 1 or 9999 is a typing slip, not an assessment.

    An empty value passes (``scheming_required`` decides if one is needed).
    """
    day = value.date() if isinstance(value, datetime.datetime) else value
    if isinstance(day, datetime.date) and not registry_index.plausible(day):
        raise tk.Invalid(
            _("Enter a date of data collection from {first} to {last}").format(
                first=registry_index.FIRST_DAY.isoformat(),
                last=registry_index.LAST_DAY.isoformat(),
            )
        )
    return value


# A language prefix of the site's pages, as in /my_MM/dataset/<name>.
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:_[A-Za-z0-9]+)*")


def _page_path(address: SplitResult) -> str | None:
    """The path of an address within this site (``ckan.site_url``), or ``None``
    if it is another site's."""
    if not (address.scheme or address.netloc):
        return address.path
    site = urlsplit(str(tk.config.get("ckan.site_url") or ""))
    if (
        address.scheme.lower() not in ("http", "https")
        or not site.netloc
        or address.netloc.lower() != site.netloc.lower()
    ):
        return None
    root = site.path.rstrip("/")
    if not root:
        return address.path
    if address.path != root and not address.path.startswith(f"{root}/"):
        return None
    return address.path[len(root) :]


def _name_in(value: str) -> str | None:
    """The id or name a value gives: itself, or the name in the address of a
    dataset page of this site (``/dataset/<name>``, with or without the site
    and a language prefix); ``None`` for any other address."""
    text = value.strip()
    if "/" not in text:
        return text
    path = _page_path(urlsplit(text))
    if path is None or not path.startswith("/"):
        return None
    parts = path.rstrip("/").split("/")[1:]
    if len(parts) == 3 and _LOCALE.fullmatch(parts[0]):
        parts = parts[1:]
    if len(parts) != 2 or parts[0] != "dataset" or not parts[1]:
        return None
    return unquote(parts[1])


def imnet_catalogue_dataset(value: Any, context: Context) -> Any:
    """A dataset of this catalogue (an assessment's report, questionnaire or
    data), named by its name, id or page address and stored as its id.

    A page address is this site's (``ckan.site_url``, optionally with a
    language prefix such as ``/my_MM/``) or a path (``/dataset/<name>``); an
    address of any other site names no dataset of this catalogue.

    Only an active IM dataset the writer may see is accepted; any other value
    gets the same message as a name nobody uses.
    """
    if not isinstance(value, str):
        raise tk.Invalid(_("Must be text"))
    name = _name_in(value)
    dataset = imnet_model.dataset_summary(name) if name else None
    found = (
        dataset is not None
        and dataset["state"] == "active"
        and policy.is_im_dataset(dataset)
        and (
            bool(context.get("ignore_auth"))
            or policy.can_see_metadata(redaction.context_user(context), dataset)
        )
    )
    if dataset is None or not found:
        raise tk.Invalid(
            _('No dataset of this catalogue is called "{name}"').format(
                name=value.strip()[:100]
            )
        )
    return dataset["id"]


def _sets_registry_ids(context: Context) -> bool:
    """MIMU admins (and CKAN's own trusted calls) set registry IDs."""
    return bool(context.get("ignore_auth")) or policy.may_import_assessments(
        redaction.context_user(context)
    )


def imnet_registry_id(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """An assessment's registry ID: set or changed by MIMU admins only, and
    unique among the assessments that are not deleted.

    A re-import finds the assessment to update by it, so nobody else may give
    one (and block or steer the import). Others may post the stored value
    back unchanged; leaving it out keeps it.
    """
    package = context.get("package")
    package_id = getattr(package, "id", None) if package is not None else None
    stored = imnet_model.registry_id_of(package_id) if package_id else ""
    value = data.get(key)
    given = value is not tk.missing and value is not None
    text = str(value).strip() if given else ""
    if not _sets_registry_ids(context):
        if not given:
            text = stored  # an editor's update leaves it as it was
        elif text != stored:
            errors[key].append(
                _("Only MIMU administrators set or change the registry ID")
            )
            raise tk.StopOnError
    if not text:
        data.pop(key, None)
        raise tk.StopOnError
    data[key] = text
    others = [
        i
        for i in imnet_model.assessments_by_registry_id([text]).get(text, [])
        if i != package_id
    ]
    if others:
        errors[key].append(_("Another assessment has this registry ID"))
        raise tk.StopOnError
