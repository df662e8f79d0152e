"""``dct:rightsHolder``: a dataset's data owner as a ``foaf:Agent``, and back.

An owner on the managed list is named by its canonical labels (English, and
Myanmar as ``@my``); one of the catalogue's organisations is also identified
by its URI, the one ckanext-dcat gives it as a publisher
(``<catalogue>/organization/<id>``). An "other" owner is a name only.
Parsing reads the URI or any of the names back into the canonical value, so
that a harvesting portal files the dataset under the same owner.
"""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.graph import Graph

from ckanext.dcat.profiles import DCT, FOAF
from ckanext.dcat.utils import catalog_uri
from ckanext.imnet import owners

__all__ = [
    "organisation_uri",
    "owner_name",
    "add_rights_holder",
    "parse_rights_holder",
]


def organisation_uri(organisation_id: str) -> str:
    """The URI of one of the catalogue's organisations (as its publisher URI)."""
    return f"{catalog_uri().rstrip('/')}/organization/{organisation_id}"


def owner_name(
    dataset_dict: dict[str, Any], directory: owners.Directory | None = None
) -> str:
    """The data owner's name in English (for text such as a derived description).

    ``directory``: the data owners' directory, if the caller has read it.
    """
    return (directory or owners.directory()).label(
        str(dataset_dict.get("data_owner") or "").strip(),
        "en",
        dataset_dict.get("data_owner_other"),
    )


def add_rights_holder(
    profile: Any,
    dataset_dict: dict[str, Any],
    ref: Any,
    directory: owners.Directory | None = None,
) -> None:
    """Add the dataset's data owner to ``profile``'s graph as its rights holder.

    ``directory``: the data owners' directory, if the caller has read it.
    """
    directory = directory or owners.directory()
    value = str(dataset_dict.get("data_owner") or "").strip()
    owner = directory.get(value)
    if owner is None:
        name = directory.label(value, "en", dataset_dict.get("data_owner_other"))
        if name:
            profile._add_agent_to_graph(ref, DCT.rightsHolder, {"name": name})
        return
    names = {"en": owner.en}
    if owner.my and owner.my != owner.en:
        names["my"] = owner.my
    agent: dict[str, Any] = {"name": owner.en, "name_translated": names}
    if owner.organisation is not None:
        agent["uri"] = organisation_uri(owner.organisation.id)
    profile._add_agent_to_graph(ref, DCT.rightsHolder, agent)


def _names(graph: Graph, agent: Any) -> list[str]:
    """The agent's names, English (or untagged) first."""
    literals = [o for o in graph.objects(agent, FOAF.name) if isinstance(o, Literal)]
    literals.sort(key=lambda o: (o.language not in (None, "en"), str(o)))
    return [" ".join(str(o).split()) for o in literals if str(o).strip()]


def parse_rights_holder(graph: Graph, ref: Any) -> dict[str, str]:
    """``data_owner`` (and ``data_owner_other``) from the dataset's rights holder:
    the organisation its URI names, else the owner one of its names names,
    else "other" with its (English) name; nothing without a rights holder."""
    directory = owners.directory()
    prefix = organisation_uri("")
    for agent in graph.objects(ref, DCT.rightsHolder):
        if isinstance(agent, URIRef) and str(agent).startswith(prefix):
            owner = directory.resolve(str(agent)[len(prefix) :])
            if owner is not None and owner.organisation is not None:
                return {"data_owner": owner.value}
        names = _names(graph, agent)
        for name in names:
            owner = directory.resolve(name)
            if owner is not None:
                return {"data_owner": owner.value}
        if names:
            return {"data_owner": owners.OTHER, "data_owner_other": names[0]}
    return {}
