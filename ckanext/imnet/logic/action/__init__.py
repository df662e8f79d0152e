"""Actions of ckanext-imnet: one module per concept.

``requests`` (the request workflow), ``audit`` (audit log and mail status),
``listings`` and ``activity`` (core actions that must agree with search),
``hidden`` (core actions answer for a hidden dataset as for a missing one),
``owners`` (the managed list of data owners), ``freshness`` (confirming
that a dataset is still current),
``review`` (MIMU admins' review of datasets, endorsement of baselines),
``completeness`` (averages of the metadata completeness score),
``links`` (the report of broken resource links),
``curation`` (the curation workspace: counts, lists, bulk actions),
``inventory`` (the inventory export of a search),
``assessment_import`` (a registry spreadsheet of assessments imported),
``gaps`` (the gap matrix and MIMU admins' overrides of its cells),
``previews`` (resource views listed only to people who may get the data),
``search`` (package_search's flags, and the DCAT catalogue's filters) and
``resources`` (core resource writes guarded against unreadable input),
``harvest_sources`` (a harvest source's configuration checked; a harvested
dataset's local decisions kept by its imports),
``overlaps`` (the assessment registry's overlap warnings).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from . import (
    activity,
    assessment_import,
    audit,
    completeness,
    curation,
    freshness,
    gaps,
    harvest_sources,
    hidden,
    inventory,
    links,
    listings,
    overlaps,
    owners,
    previews,
    requests,
    resources,
    review,
    search,
)

__all__ = ["get_actions"]


def get_actions() -> dict[str, Any]:
    """The actions to register: ours, and the core ones we chain when loaded."""
    actions: dict[str, Any] = {}
    for module in (
        requests,
        audit,
        owners,
        completeness,
        freshness,
        links,
        review,
        curation,
        gaps,
        overlaps,
    ):
        actions.update(
            {
                name: getattr(module, name)
                for name in module.__all__
                if name.startswith("imnet_")
            }
        )
    actions["imnet_inventory_export"] = inventory.imnet_inventory_export
    actions["imnet_assessments_import"] = assessment_import.imnet_assessments_import
    actions.update({name: getattr(listings, name) for name in listings.__all__})
    if p.plugin_loaded("activity"):
        actions.update(
            {name: getattr(activity, name) for name in activity.ACTIVITY_ACTIONS}
        )
    actions["package_search"] = search.package_search
    actions.update(
        resource_create=resources.resource_create,
        resource_update=resources.resource_update,
        resource_view_list=previews.resource_view_list,
    )
    if p.plugin_loaded("harvest"):
        actions.update(
            package_create=harvest_sources.package_create,
            package_update=harvest_sources.package_update,
            harvest_source_show_status=harvest_sources.harvest_source_show_status,
            harvest_source_list=harvest_sources.harvest_source_list,
            bulk_update_private=harvest_sources.bulk_update_private,
            bulk_update_public=harvest_sources.bulk_update_public,
            bulk_update_delete=harvest_sources.bulk_update_delete,
        )
    if p.plugin_loaded("xloader"):
        actions["xloader_status"] = previews.xloader_status
    if p.plugin_loaded("dcat"):
        for name in ("dcat_catalog_show", "dcat_catalog_search", "dcat_dataset_show"):
            actions[name] = getattr(search, name)
    if p.plugin_loaded("dcat_json_interface"):
        actions["dcat_datasets_list"] = search.dcat_datasets_list
    # Outermost: a dataset the user may not see is one that does not exist.
    actions.update(hidden.chained_actions(p.plugin_loaded, actions))
    return actions
