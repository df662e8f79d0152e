"""A harvested dataset deleted here stays deleted.

Deleting a harvested dataset is a curator's decision (a duplicate, a record
the Network does not want), yet ckanext-dcat's harvester finds only active
datasets for a record, so its next run would import the record again as a
new dataset. A deletion by a person (not an internal call such as the
harvester's own deletion of a dataset gone from its origin) marks the
dataset's current harvest object as *withdrawn* (extra ``imnet_withdrawn``:
the dataset, who and when, as JSON); the imports of later runs carry the mark
forward, skip the record (the job reports it *not modified*) and keep the
deleted dataset as the record's, so that it stays a harvested dataset.
``ckan harvester run-test SOURCE GUID`` -- a forced import -- brings it back
(as a new dataset) and clears the mark.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from ckanext.imnet import model as imnet_model

__all__ = ["WITHDRAWN", "record", "skip"]

WITHDRAWN = "imnet_withdrawn"


def record(context: Any, package_id: str) -> None:
    """Mark a harvested dataset deleted by a person as withdrawn from its
    source's imports (saved with the caller's transaction)."""
    if context.get("ignore_auth") or not package_id:
        return  # the harvester's own deletions, and internal calls
    found = imnet_model.harvest_object_summary(dataset_id=package_id)
    if found is None:
        return
    # Deleted by name or by id: the mark keeps the id (a harvest object's
    # dataset is a foreign key).
    package_id = found["package_id"]
    from ckanext.harvest.model import HarvestObject

    harvest_object = imnet_model.session().get(HarvestObject, found["object_id"])
    if harvest_object is None:
        return
    when = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    mark = {"package_id": package_id, "by": context.get("user") or "", "at": when}
    imnet_model.set_object_extra(harvest_object, WITHDRAWN, json.dumps(mark))
    imnet_model.session().add(harvest_object)


def skip(harvest_object: Any, dataset_dict: dict[str, Any]) -> bool:
    """Whether to skip an import because its record was withdrawn here: the
    mark is carried forward to this object and ``dataset_dict`` emptied (the
    harvester then writes nothing). A forced import clears the mark."""
    if getattr(harvest_object, "force_import", False):
        imnet_model.set_object_extra(harvest_object, WITHDRAWN, "")
        return False
    mark = imnet_model.last_import_extra(harvest_object, WITHDRAWN)
    if not mark:
        return False
    imnet_model.set_object_extra(harvest_object, WITHDRAWN, mark)
    try:
        package_id = json.loads(mark).get("package_id")
    except (ValueError, AttributeError):
        package_id = None
    dataset = imnet_model.dataset_summary(str(package_id)) if package_id else None
    if dataset is not None:
        harvest_object.package_id = dataset["id"]
    dataset_dict.clear()
    return True
