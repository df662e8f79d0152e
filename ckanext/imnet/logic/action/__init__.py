"""Actions of ckanext-imnet: one module per concept.

``requests`` (the request workflow), ``audit`` (audit log and mail status),
``core`` (core listing and activity actions the policy extends) and
``catalogue`` (the DCAT catalogue's searches).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from . import audit, catalogue, core, requests

__all__ = ["get_actions"]


def get_actions() -> dict[str, Any]:
    """The actions to register: ours, and the core ones we chain when loaded."""
    actions: dict[str, Any] = {}
    for module in (requests, audit):
        actions.update(
            {
                name: getattr(module, name)
                for name in module.__all__
                if name.startswith("imnet_")
            }
        )
    for name in core.__all__:
        if name == "ACTIVITY_ACTIONS":
            continue
        if name in core.ACTIVITY_ACTIONS and not p.plugin_loaded("activity"):
            continue
        actions[name] = getattr(core, name)
    actions["package_search"] = catalogue.package_search
    if p.plugin_loaded("dcat"):
        for name in ("dcat_catalog_show", "dcat_catalog_search", "dcat_dataset_show"):
            actions[name] = getattr(catalogue, name)
    if p.plugin_loaded("dcat_json_interface"):
        actions["dcat_datasets_list"] = catalogue.dcat_datasets_list
    return actions
