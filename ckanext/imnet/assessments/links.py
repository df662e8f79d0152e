"""An assessment's products linked to catalogue datasets, told only to those
who may see the datasets.

An assessment's report, questionnaire or data may be a dataset of this
catalogue (``*_dataset``: the dataset's id). The assessment may be seen by
people who may not see that dataset (a public assessment whose data is
strictly confidential), so the id is:

* given by ``package_show`` and in activity snapshots only to a reader who
  may see the dataset (``policy.can_see_metadata``);
* never in what the search index stores or returns for an assessment (its
  results serve every reader alike);
* indexed, for the dataset page's list of the assessments it came from, as a
  keyed digest (``link_key``): a search or a facet on the field tells nothing
  to whoever does not already hold the dataset's id and the site's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import ckan.plugins.toolkit as tk

# The linked ids live only in the package's extras (never in the index).
from ckan import model

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy, redaction

__all__ = [
    "PRODUCT_FIELDS",
    "link_key",
    "stored",
    "for_index",
    "for_user",
    "activity_for_reader",
]

PRODUCT_FIELDS = ("report_dataset", "questionnaire_dataset", "data_dataset")


def link_key(dataset_id: str) -> str:
    """The indexed form of a linked dataset's id: a digest keyed with the
    site's secret (the same for every assessment linking the dataset)."""
    secret = str(tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret"))
    digest = hmac.new(secret.encode(), dataset_id.encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


def _is_assessment(pkg_dict: dict[str, Any]) -> bool:
    kind = pkg_dict.get("type") or pkg_dict.get("dataset_type")
    return kind == policy.ASSESSMENT_TYPE


def _without_links(stored: dict[str, Any]) -> dict[str, Any]:
    for name in PRODUCT_FIELDS:
        stored.pop(name, None)
    if isinstance(stored.get("extras"), list):
        stored["extras"] = [
            e
            for e in stored["extras"]
            if not (isinstance(e, dict) and e.get("key") in PRODUCT_FIELDS)
        ]
    return stored


def _stored_without_links(text: str) -> str:
    stored = _without_links(json.loads(text))
    if isinstance(stored.get("validated_data_dict"), str):
        stored["validated_data_dict"] = _stored_without_links(
            stored["validated_data_dict"]
        )
    return json.dumps(stored)


def for_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """An assessment's search document without its linked datasets' ids
    (other types as given); the digests of ``link_key`` stay searchable."""
    if not _is_assessment(pkg_dict):
        return pkg_dict
    for name in PRODUCT_FIELDS:
        pkg_dict.pop(name, None)
        pkg_dict.pop(f"extras_{name}", None)
    for key in ("data_dict", "validated_data_dict"):
        if isinstance(pkg_dict.get(key), str):
            pkg_dict[key] = _stored_without_links(pkg_dict[key])
    return pkg_dict


def _hidden_from(user: Any, dataset_id: Any) -> bool:
    if not isinstance(dataset_id, str) or not dataset_id:
        return False
    dataset = imnet_model.dataset_summary(dataset_id)
    return dataset is None or not policy.can_see_metadata(user, dataset)


def _for_reader(user: Any, pkg_dict: dict[str, Any]) -> dict[str, Any]:
    for name in PRODUCT_FIELDS:
        if _hidden_from(user, pkg_dict.get(name)):
            pkg_dict.pop(name, None)
    if isinstance(pkg_dict.get("extras"), list):
        pkg_dict["extras"] = [
            e
            for e in pkg_dict["extras"]
            if not (
                isinstance(e, dict)
                and e.get("key") in PRODUCT_FIELDS
                and _hidden_from(user, e.get("value"))
            )
        ]
    return pkg_dict


def stored(package_id: str) -> dict[str, str]:
    """The linked datasets' ids as stored (the index keeps none): for a
    reader's ``package_show`` and for exports, which ask the policy of each."""
    package = model.Package.get(package_id)
    extras = package.extras if package is not None else {}
    return {name: extras[name] for name in PRODUCT_FIELDS if extras.get(name)}


def for_user(context: Any, pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """An assessment as ``package_show`` gives it to the reader: the linked
    datasets the reader may see (read from the database when the dict came
    from the search index, which keeps none); one the reader may not see is
    left out, as if not linked. The search index's own reads
    (``validate`` off) get what is stored."""
    if not _is_assessment(pkg_dict) or "id" not in pkg_dict:
        return pkg_dict
    if context.get("validate") is False:
        return pkg_dict  # indexing: ``for_index`` keeps the ids out of the index
    pkg_dict.update(stored(pkg_dict["id"]))
    return _for_reader(redaction.context_user(context), pkg_dict)


def activity_for_reader(context: Any, activity: dict[str, Any]) -> dict[str, Any]:
    """An activity of an assessment whose stored snapshot names only the
    linked datasets the reader may see (other activities as given)."""
    package = (activity.get("data") or {}).get("package")
    if isinstance(package, dict) and _is_assessment(package):
        _for_reader(redaction.context_user(context), package)
    return activity
