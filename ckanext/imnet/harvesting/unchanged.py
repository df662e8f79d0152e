"""A harvested dataset whose record has not changed is not written again.

ckanext-dcat 2.4's ``dcat_rdf_harvester`` updates every dataset it finds again
on each run: a new ``metadata_modified``, a new activity, a reindex and the
access hooks, for each of a catalogue's datasets, every run. It lets an
``IDCATRDFHarvester.before_update`` hook empty the dataset to skip it (the
job reports it "not modified"), and this module decides when to.

A record is unchanged when its fingerprint -- the record as gathered, in a
canonical form (RDF has no order: lists are compared as sets; the name the
gather makes up and blank node identifiers are left out), with the source's
configuration -- is the one of the last record imported for the same dataset
from the same source. The fingerprint is kept on each harvest object (extra
``imnet_fingerprint``). A forced import (``ckan harvester run-test SOURCE
GUID``) writes the dataset whatever its fingerprint.

Deletions are ckanext-dcat's: a dataset no longer in the source's catalogue
(deleted, private, or a level the harvester may not see, at the origin) is
deleted at the end of a complete gather, from the harvest objects that are
current. A skipped dataset's object is made current like an imported one; it
is given its dataset here, as ckanext-dcat gives it only to imported ones,
so that the dataset is still found for deletion later.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from ckanext.imnet import model as imnet_model

__all__ = ["FINGERPRINT", "fingerprint", "before_create", "before_update"]

FINGERPRINT = "imnet_fingerprint"


# A blank node's identifier as rdflib makes them (``N`` and 32 hex digits;
# its parsers: ``n``, 32 hex digits, ``b`` and a number), maybe with ``_:``:
# new at every parse, so not part of what a record says.
_BLANK_NODE = re.compile(r"^(?:_:)?[nN][0-9a-f]{32}(?:b[0-9]+)?$")


def _blank_node(value: Any) -> bool:
    return isinstance(value, str) and bool(_BLANK_NODE.match(value))


def _canonical(value: Any) -> Any:
    """``value`` with every list in a fixed order (RDF keeps none) and no
    blank node identifier (a distribution written ``[ ... ]`` has a new one
    at every parse)."""
    if isinstance(value, dict):
        return {
            key: _canonical(item)
            for key, item in value.items()
            if not _blank_node(item)
        }
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def fingerprint(harvest_object: Any) -> str:
    """The fingerprint of an object's record as gathered, and of the source's
    configuration it is imported with."""
    try:
        record = json.loads(harvest_object.content or "null")
    except ValueError:
        record = harvest_object.content
    if isinstance(record, dict):
        # Made up at each gather from the title, free of the names taken then
        # (the dataset's own included); an update keeps the dataset's name.
        record.pop("name", None)
    source = harvest_object.source or harvest_object.job.source
    text = json.dumps(
        [_canonical(record), source.config or ""], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def before_create(harvest_object: Any) -> None:
    """Keep the fingerprint of a record about to be imported as a new dataset."""
    imnet_model.set_object_extra(
        harvest_object, FINGERPRINT, fingerprint(harvest_object)
    )


def before_update(harvest_object: Any, dataset_dict: dict[str, Any]) -> None:
    """Keep the record's fingerprint; if the last import of the same dataset
    had the same, empty ``dataset_dict`` so that it is not written again."""
    current = fingerprint(harvest_object)
    previous = imnet_model.last_import_extra(harvest_object, FINGERPRINT)
    imnet_model.set_object_extra(harvest_object, FINGERPRINT, current)
    if previous != current or getattr(harvest_object, "force_import", False):
        return
    # The object stands for the dataset from now on (deletion looks it up).
    harvest_object.package_id = dataset_dict["id"]
    dataset_dict.clear()
