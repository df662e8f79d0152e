"""The DCAT harvester finds the dataset it updates whatever its access level.

ckanext-dcat 2.4's harvesters look up the local dataset of a guid with
``package_show`` in an empty context (``DCATHarvester._get_existing_dataset``),
that is as an anonymous visitor. Under the access policy an anonymous visitor
does not see a private, confidential or strictly confidential dataset, so the
lookup answers "not found" outside the import's error handling, and the whole
job stops: a dataset made private here, or classified above restricted, could
never be updated, reclassified or deleted by its source again.

``install`` makes the lookup as ckanext-harvest's own CKAN harvester makes it
(``_find_existing_package``): with ``ignore_auth``, as the harvest user. The
replacement keeps the original's behaviour otherwise; it is installed once,
when the ``imnet`` plugin is configured, and only where ckanext-dcat's
harvesters are installed.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["install"]

_INSTALLED = "_imnet_sees_every_dataset"

log = logging.getLogger(__name__)


def _get_existing_dataset(self: Any, guid: str) -> dict[str, Any] | None:
    """The local dataset harvested with ``guid`` (``package_show`` output)."""
    datasets = self._read_datasets_from_db(guid)
    if not datasets:
        return None
    if len(datasets) > 1:
        log.error("Found more than one dataset with the same guid: %s", guid)
    context = {"ignore_auth": True, "user": self._get_user_name()}
    return tk.get_action("package_show")(context, {"id": datasets[0][0]})


def install() -> None:
    """Replace ckanext-dcat's lookup (idempotent; nothing without ckanext-dcat)."""
    try:
        # The patched class: see the module docstring.
        from ckanext.dcat.harvesters.base import DCATHarvester
    except ImportError:
        return
    if getattr(DCATHarvester._get_existing_dataset, _INSTALLED, False):
        return
    setattr(_get_existing_dataset, _INSTALLED, True)
    DCATHarvester._get_existing_dataset = _get_existing_dataset
