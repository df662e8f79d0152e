"""The DCAT harvester finds the dataset it updates: its own, whatever its
access level.

ckanext-dcat 2.4's harvesters look up the local dataset of a record's guid
(``DCATHarvester._get_existing_dataset``) with ``package_show`` in an empty
context, that is as an anonymous visitor, among every active dataset that
carries the guid. Two faults follow:

* under the access policy an anonymous visitor does not see a private,
  confidential or strictly confidential dataset, so the lookup answers "not
  found" outside the import's error handling and the whole job stops: a
  dataset made private here, or classified above restricted, could never be
  updated, reclassified or deleted by its source again;
* any source finds any source's dataset: a source made by another
  organisation's editor for the same feed would update -- move into its own
  organisation, re-own, reclassify -- datasets another source harvested.

``install`` replaces the lookup: it answers with the dataset the *importing
source* holds for the guid (``package_show`` with ``ignore_auth``, as the
harvest user, as ckanext-harvest's own CKAN harvester does), and remembers
the object being imported for that (``import_stage`` wrapped). A record whose
guid another source already holds is refused at its import
(``refuse_taken``, from ``IDCATRDFHarvester.before_create``): an error in
the job's report naming the source that holds it. Installed once, when the
``imnet`` plugin is configured, where ckanext-dcat's harvesters are installed.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import model as imnet_model

__all__ = ["install", "refuse_taken", "refuse_held", "TakenByAnotherSource"]

_INSTALLED = "_imnet_sources_own_datasets"
# The harvest object an instance is importing (set by the wrapped import).
_IMPORTING = "_imnet_importing"

log = logging.getLogger(__name__)
_ = tk._


class TakenByAnotherSource(Exception):
    """A record another harvest source already brings in."""


def _get_existing_dataset(self: Any, guid: str) -> dict[str, Any] | None:
    """The dataset the importing source holds for ``guid`` (``package_show``
    output), ``None`` if it holds none."""
    importing = getattr(self, _IMPORTING, None)
    source_id = getattr(importing, "harvest_source_id", None)
    found = [
        package_id
        for package_id, holder in imnet_model.datasets_of_guid(guid)
        if source_id is None or holder == source_id
    ]
    if not found:
        return None
    if len(found) > 1:
        log.error("Found more than one dataset with the same guid: %s", guid)
    context = {"ignore_auth": True, "user": self._get_user_name()}
    return tk.get_action("package_show")(context, {"id": found[0]})


def _refuse(holders: set[str]) -> None:
    if not holders:
        return
    titles = imnet_model.harvest_source_titles(holders)
    raise TakenByAnotherSource(
        _(
            "This record is already harvested by the source {sources}: a record "
            "is brought in by one source only."
        ).format(sources=", ".join(f'"{t}"' for t in sorted(titles.values())))
    )


def refuse_taken(harvest_object: Any) -> None:
    """Raise ``TakenByAnotherSource`` if another source holds a dataset for
    the record about to be created (ckanext-dcat reports it as the record's
    import error)."""
    held = {
        package_id: holder
        for package_id, holder in imnet_model.importers_of_guid(harvest_object.guid)
        if holder != harvest_object.harvest_source_id
    }
    if held:
        # ckanext-dcat has flagged the holder's object as no longer current.
        imnet_model.keep_holders_current(harvest_object, set(held))
    _refuse(set(held.values()))


def refuse_held(package_id: str, source_id: str) -> None:
    """Raise ``TakenByAnotherSource`` if a source other than ``source_id``
    holds the dataset (the CKAN harvester finds a remote dataset's local copy
    by its id, whichever source brought it in)."""
    held = imnet_model.harvest_object_summary(dataset_id=package_id)
    holder = held["source_id"] if held else None
    _refuse({holder} if holder and holder != source_id else set())


def _remembering(import_stage: Any) -> Any:
    @functools.wraps(import_stage)
    def wrapped(self: Any, harvest_object: Any) -> Any:
        setattr(self, _IMPORTING, harvest_object)
        try:
            return import_stage(self, harvest_object)
        finally:
            setattr(self, _IMPORTING, None)

    return wrapped


def install() -> None:
    """Replace ckanext-dcat's lookup (idempotent; nothing without ckanext-dcat)."""
    try:
        # The patched classes: see the module docstring.
        from ckanext.dcat.harvesters.base import DCATHarvester
        from ckanext.dcat.harvesters.rdf import DCATRDFHarvester
    except ImportError:
        return
    if getattr(DCATHarvester._get_existing_dataset, _INSTALLED, False):
        return
    setattr(_get_existing_dataset, _INSTALLED, True)
    DCATHarvester._get_existing_dataset = _get_existing_dataset
    DCATRDFHarvester.import_stage = _remembering(DCATRDFHarvester.import_stage)
