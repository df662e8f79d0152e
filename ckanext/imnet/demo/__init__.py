"""The demo catalogue: organisations, users for each role and datasets.

Everything goes through the action API, so the demo data is validated like a
publisher's input. Loading is idempotent: what exists is left alone unless
``refresh`` is asked for, which updates datasets to the file's content.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk
import yaml

__all__ = ["load", "DemoReport", "CATALOGUE"]

CATALOGUE = os.path.join(os.path.dirname(__file__), "catalogue.yaml")


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


def _load_dataset(dataset: dict[str, Any], refresh: bool, report: DemoReport) -> None:
    data = dict(dataset)
    data["tags"] = [{"name": tag} for tag in dataset.get("tags", [])]
    existing = _exists("package_show", dataset["name"])
    try:
        if existing is None:
            tk.get_action("package_create")(_site_context(), data)
            report.count(report.created, "datasets")
        elif refresh:
            data["id"] = existing["id"]
            tk.get_action("package_update")(_site_context(), data)
            report.count(report.updated, "datasets")
    except tk.ValidationError as error:
        raise tk.ValidationError(
            {"dataset": [dataset["name"]], **error.error_dict}
        ) from error
