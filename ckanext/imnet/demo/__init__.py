"""The demo catalogue: organisations, users for each role and datasets.

Everything goes through the action API, so the demo data is validated like a
publisher's input. Loading is idempotent: what exists is left alone unless
``refresh`` is asked for, which updates datasets to the file's content.

Data freshness needs datasets of every age: ``demo_age_days`` makes a dataset
look last updated that many days before loading (no action sets those times),
and ``demo_confirmed_by`` (with ``demo_confirmed_note``) has that user confirm
it as still current, through the action.

Curation needs datasets in every review state and an endorsed baseline set:
``demo_review`` (``reviewed`` or ``changes_requested``, with
``demo_review_comment``) has ``mimu-admin`` review the dataset and
``demo_endorsed`` (a note) has it endorse it, through the actions; every
other demo dataset stays unreviewed, as a new dataset is.

The gap matrix needs a cell judged by MIMU: ``gap_overrides`` has
``mimu-admin`` give them, through the action.

The assessment registry needs assessments whose status matches the calendar:
``demo_days`` of an assessment gives its collection dates as days from the
day of loading.
"""

from __future__ import annotations

import datetime
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk
import yaml
from werkzeug.datastructures import FileStorage

from ckanext.imnet import model as imnet_model
from ckanext.imnet.search import reindex

__all__ = ["load", "DemoReport", "CATALOGUE"]

CATALOGUE = os.path.join(os.path.dirname(__file__), "catalogue.yaml")
FILES = os.path.join(os.path.dirname(__file__), "files")


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    logins: list[dict[str, str]] = field(default_factory=list)

    def count(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _exists(action: str, ident: str) -> dict[str, Any] | None:
    try:
        return tk.get_action(action)(_site_context(), {"id": ident})
    except tk.ObjectNotFound:
        return None


def load(
    refresh: bool = False,
    path: str = CATALOGUE,
    progress: Callable[[str], None] = lambda message: None,
) -> DemoReport:
    with open(path, encoding="utf-8") as f:
        catalogue = yaml.safe_load(f)
    report = DemoReport()
    _load_users(catalogue.get("users", []), report)
    _load_organizations(catalogue.get("organizations", []), report)
    for dataset in catalogue.get("datasets", []):
        progress(dataset["name"])
        _load_dataset(dataset, refresh, report)
    for spec in catalogue.get("assessments", []):
        progress(spec["name"])
        _load_assessment(spec, refresh, report)
    for request in catalogue.get("requests", []):
        _load_request(request, report)
    for judgement in catalogue.get("gap_overrides", []):
        _load_gap_override(judgement)
    return report


def _load_users(users: list[dict[str, Any]], report: DemoReport) -> None:
    for user in users:
        if not _exists("user_show", user["name"]):
            data = {k: user[k] for k in ("name", "fullname", "email", "password")}
            data["sysadmin"] = bool(user.get("sysadmin"))
            tk.get_action("user_create")(_site_context(), data)
            report.count(report.created, "users")
        report.logins.append(
            {"name": user["name"], "password": user["password"], "role": user["role"]}
        )


def _load_organizations(orgs: list[dict[str, Any]], report: DemoReport) -> None:
    for org in orgs:
        if not _exists("organization_show", org["name"]):
            data = {k: org[k] for k in ("name", "title", "description")}
            tk.get_action("organization_create")(_site_context(), data)
            report.count(report.created, "organizations")
        for member in org.get("members", []):
            tk.get_action("organization_member_create")(
                _site_context(),
                {
                    "id": org["name"],
                    "username": member["user"],
                    "role": member["capacity"],
                },
            )


def _resource(resource: dict[str, Any]) -> dict[str, Any]:
    data = dict(resource)
    upload = data.pop("upload", None)
    if upload:
        # Uploaded files go through the action API like a publisher's upload.
        with open(os.path.join(FILES, upload), "rb") as f:
            content = f.read()
        data["upload"] = FileStorage(stream=io.BytesIO(content), filename=upload)
        data["url"] = upload
    return data


# Keys of the demo file that are not dataset fields (see the module).
_DEMO_KEYS = (
    "demo_age_days",
    "demo_confirmed_by",
    "demo_confirmed_note",
    "demo_review",
    "demo_review_comment",
    "demo_endorsed",
)
# Who reviews and endorses the demo datasets.
_CURATOR = "mimu-admin"


def _load_dataset(dataset: dict[str, Any], refresh: bool, report: DemoReport) -> None:
    data = {k: v for k, v in dataset.items() if k not in _DEMO_KEYS}
    data["tags"] = [{"name": tag} for tag in dataset.get("tags", [])]
    resources = [_resource(r) for r in dataset.get("resources", [])]
    data["resources"] = [r for r in resources if "upload" not in r]
    existing = _exists("package_show", dataset["name"])
    try:
        if existing is None:
            created = tk.get_action("package_create")(_site_context(), data)
            for resource in resources:
                if "upload" in resource:
                    tk.get_action("resource_create")(
                        _site_context(), {**resource, "package_id": created["id"]}
                    )
            report.count(report.created, "datasets")
            _age(created["id"], dataset)
            _curate(created["id"], dataset)
        elif refresh:
            data["id"] = existing["id"]
            uploaded = [
                r
                for r in existing.get("resources", [])
                if r.get("url_type") == "upload"
            ]
            data["resources"] = uploaded + data["resources"]
            tk.get_action("package_update")(_site_context(), data)
            report.count(report.updated, "datasets")
            _age(existing["id"], dataset)
            _curate(existing["id"], dataset)
    except tk.ValidationError as error:
        raise tk.ValidationError(
            {"dataset": [dataset["name"]], **error.error_dict}
        ) from error


def _load_assessment(spec: dict[str, Any], refresh: bool, report: DemoReport) -> None:
    """An assessment of the registry, its ``demo_days`` made dates."""
    data = {k: v for k, v in spec.items() if k != "demo_days"}
    today = datetime.date.today()
    for name, days in (spec.get("demo_days") or {}).items():
        data[name] = (today + datetime.timedelta(days=int(days))).isoformat()
    data["type"] = "assessment"
    existing = _exists("package_show", spec["name"])
    try:
        if existing is None:
            tk.get_action("package_create")(_site_context(), data)
            report.count(report.created, "assessments")
        elif refresh:
            tk.get_action("package_update")(
                _site_context(), {**data, "id": existing["id"]}
            )
            report.count(report.updated, "assessments")
    except tk.ValidationError as error:
        raise tk.ValidationError(
            {"assessment": [spec["name"]], **error.error_dict}
        ) from error


def _age(package_id: str, spec: dict[str, Any]) -> None:
    """Give a freshly written demo dataset the age and confirmation it asks for."""
    if spec.get("demo_age_days") is None:
        return
    when = imnet_model.now() - datetime.timedelta(days=float(spec["demo_age_days"]))
    imnet_model.backdate_dataset(package_id, when)
    imnet_model.session().commit()
    reindex.reindex([package_id])
    if spec.get("demo_confirmed_by"):
        tk.get_action("imnet_dataset_confirm_current")(
            _as(spec["demo_confirmed_by"]),
            {"id": package_id, "note": spec.get("demo_confirmed_note", "")},
        )


def _curate(package_id: str, spec: dict[str, Any]) -> None:
    """Review and endorse a demo dataset as its ``demo_review`` and
    ``demo_endorsed`` ask."""
    if spec.get("demo_review"):
        tk.get_action("imnet_dataset_review")(
            _as(_CURATOR),
            {
                "id": package_id,
                "state": spec["demo_review"],
                "comment": spec.get("demo_review_comment", ""),
            },
        )
    if spec.get("demo_endorsed"):
        tk.get_action("imnet_dataset_endorse")(
            _as(_CURATOR), {"id": package_id, "note": spec["demo_endorsed"]}
        )


def _as(user_name: str) -> dict[str, Any]:
    return {"user": user_name, "ignore_auth": False}


def _load_gap_override(spec: dict[str, Any]) -> None:
    """A MIMU admin's judgement of a gap matrix cell, unless one is there."""
    if imnet_model.gap_override(spec["category"], spec["place"]) is not None:
        return
    tk.get_action("imnet_gap_override")(_as(_CURATOR), spec)


def _load_request(spec: dict[str, Any], report: DemoReport) -> None:
    dataset = _exists("package_show", spec["dataset"])
    requester = _exists("user_show", spec["user"])
    if dataset is None or requester is None:
        return
    if imnet_model.find_requests(user_id=requester["id"], package_ids=[dataset["id"]]):
        return  # loaded before
    request = tk.get_action("imnet_access_request_create")(
        _as(spec["user"]),
        {
            "id": dataset["id"],
            "purpose": spec["purpose"],
            "organization": spec["organization"],
            "days": spec.get("days"),
            "accept_conditions": True,
        },
    )
    for step in spec.get("steps", []):
        if step["action"] == "expire":
            # Demonstrate an ended grant: its time is set in the past, then
            # the expiry job runs as cron would run it.
            row = imnet_model.session().get(imnet_model.AccessRequest, request["id"])
            row.expires_at = imnet_model.now() - datetime.timedelta(hours=1)
            imnet_model.session().commit()
            tk.get_action("imnet_access_expire")(_site_context(), {})
            continue
        params: dict[str, Any] = {"id": request["id"]}
        if "reason" in step:
            params["reason"] = step["reason"]
        tk.get_action(f"imnet_access_request_{step['action']}")(_as(step["by"]), params)
    report.count(report.created, "requests")
