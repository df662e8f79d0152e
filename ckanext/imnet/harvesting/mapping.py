"""A partner's dataset made an IM dataset: the source's defaults and mappings.

Both harvesters come here just before they create or update a dataset:
ckanext-dcat's RDF harvester through ``IDCATRDFHarvester.before_create`` /
``before_update`` (``for_dcat``), the CKAN harvester through
``modify_package_dict`` (``for_ckan``). Each reads what the partner said
(``Facts``: publisher, tags, themes, places) and ``apply`` fills the IM
fields, in this order of precedence, field by field:

1. a value the dataset itself carries (an IM portal's DCAT through the
   ``imnet`` profile, or a CKAN site with the IM schema; a DCAT-AP
   ``dct:accessRights`` as its level);
2. what the partner's own metadata says, through the source's mappings:
   ``sector_map`` and ``data_category_map`` over its tags, keywords and
   themes; its Myanmar place names and Pcodes for the coverage;
3. the source configuration's default for the field;
4. built in: ``restricted`` (with a rationale saying why), the publisher as
   data owner, countrywide coverage at the national level.

Nothing is invented beyond that: a required field still missing (say
``sadd`` without a default) fails validation, and the harvest job reports it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import owners, vocab
from ckanext.imnet.access import policy
from ckanext.scheming.helpers import scheming_get_dataset_schema

from . import places
from .source_config import SourceConfig, parse, term_keys

__all__ = [
    "Facts",
    "apply",
    "for_dcat",
    "for_ckan",
    "DEFAULT_RATIONALE",
    "CARRIED_RATIONALE",
]

# Stored with the dataset, like the rest of its metadata (in English).
DEFAULT_RATIONALE = (
    "Harvested from {source}: the partner has not said the data is open; "
    "restricted until its owner or MIMU classifies it."
)
CARRIED_RATIONALE = "Classified {level} by its source, {source}."
# Every IM field with a value a dataset may carry (and a source default).
_IM_FIELDS = (
    "sensitivity",
    "sensitivity_rationale",
    "data_owner",
    "admin_level",
    "geographic_coverage",
    "sadd",
    "collection_method",
    "sector",
    "data_category",
    "update_frequency",
    "unit_of_analysis",
    "other_disaggregation",
    "language",
    "uses_pcodes",
    "access_conditions",
)


@dataclass
class Facts:
    """What a partner's dataset says of itself, beyond the IM fields."""

    publisher: str = ""
    # tags, keywords, themes (URIs or names), groups
    terms: list[str] = field(default_factory=list)
    # texts that may name places: spatial labels and URIs, tags
    place_texts: list[str] = field(default_factory=list)


def _given(value: Any) -> bool:
    return value not in (None, "", [], {})


def apply(
    dataset: dict[str, Any],
    facts: Facts,
    config: SourceConfig,
    source_title: str,
) -> dict[str, Any]:
    """Fill the IM fields of a partner's ``dataset`` (in place, and returned)."""
    _extras_to_fields(dataset)
    defaults = config.defaults
    # Sensitivity and owner: 1 carried, 3 source default, 4 built in.
    carried = _given(dataset.get("sensitivity"))
    if not carried:
        dataset["sensitivity"] = config.sensitivity
    if not policy.is_open_data(dataset):
        if not _given(dataset.get("sensitivity_rationale")):
            rationale = CARRIED_RATIONALE if carried else DEFAULT_RATIONALE
            dataset["sensitivity_rationale"] = defaults.get(
                "sensitivity_rationale"
            ) or rationale.format(source=source_title, level=policy.level_of(dataset))
        _without_links(dataset, carried)
    _data_owner(dataset, defaults.get("data_owner") or facts.publisher)
    _coverage(dataset, facts, defaults)
    # Sectors and category: 1 carried, 2 mapped; then every field's default.
    if not _given(dataset.get("sector")):
        mapped = _mapped_sectors(facts.terms, config)
        if mapped:
            dataset["sector"] = mapped
    if not _given(dataset.get("data_category")):
        category = _mapped_category(facts.terms, config)
        if category:
            dataset["data_category"] = category
    for name in _IM_FIELDS:
        if not _given(dataset.get(name)) and _given(defaults.get(name)):
            dataset[name] = defaults[name]
    return dataset


def _without_links(dataset: dict[str, Any], classified_by_origin: bool) -> None:
    """A dataset that is not open here keeps no link to its data: no URL, no
    download URL. Its access URL is kept only where the origin classified the
    data itself (an IM portal gives its request page there); a partner's data
    that is not open only by this source's default keeps none -- the dataset's
    page names its original page (``provenance``)."""
    for resource in dataset.get("resources") or []:
        if not isinstance(resource, dict):
            continue
        resource["url"] = ""
        resource.pop("download_url", None)
        if not classified_by_origin:
            resource.pop("access_url", None)


def _extras_to_fields(dataset: dict[str, Any]) -> None:
    """Extras named as IM fields become the fields (a CKAN site's free
    extras, ckanext-dcat's ``spatial``); two of a name would be refused."""
    schema = scheming_get_dataset_schema("dataset") or {}
    fields = {f["field_name"] for f in schema.get("dataset_fields", [])}
    kept = []
    for extra in dataset.get("extras") or []:
        key = extra.get("key")
        if key in fields:
            if not _given(dataset.get(key)):
                dataset[key] = extra.get("value")
        else:
            kept.append(extra)
    if "extras" in dataset:
        dataset["extras"] = kept


def _data_owner(dataset: dict[str, Any], fallback: str) -> None:
    """The carried owner, else the source's or the publisher: canonical if
    it names an owner on the list, else "other" with the name."""
    given = dataset.get("data_owner")
    other = dataset.get("data_owner_other") or ""
    text = str(given or "").strip() or str(fallback or "").strip()
    if not text:
        return
    directory = owners.directory()
    choice = directory.classify(text, other if given else "")
    if choice is None:
        choice = owners.Choice(owners.OTHER, " ".join(text.split()))
    dataset["data_owner"] = choice.value
    if choice.value == owners.OTHER:
        dataset["data_owner_other"] = choice.other
    else:
        dataset.pop("data_owner_other", None)


def _coverage(dataset: dict[str, Any], facts: Facts, defaults: dict[str, Any]) -> None:
    carried = _given(dataset.get("geographic_coverage")) or _given(
        dataset.get("township_coverage")
    )
    if dataset.get("admin_level") == "not_geographic":
        return
    if carried:
        if not _given(dataset.get("admin_level")) and not defaults.get("admin_level"):
            dataset["admin_level"] = _level_of(
                dataset.get("geographic_coverage"), dataset.get("township_coverage")
            )
        return
    named = places.coverage(facts.place_texts)
    if named.geographic_coverage:
        dataset["geographic_coverage"] = named.geographic_coverage
        if named.township_coverage:
            dataset["township_coverage"] = named.township_coverage
        if not _given(dataset.get("admin_level")):
            dataset["admin_level"] = defaults.get("admin_level") or named.admin_level
        return
    coverage = defaults.get("geographic_coverage") or [vocab.COUNTRYWIDE]
    dataset["geographic_coverage"] = coverage
    if not _given(dataset.get("admin_level")):
        dataset["admin_level"] = defaults.get("admin_level") or (
            "national" if coverage == [vocab.COUNTRYWIDE] else "state_region"
        )


def _level_of(states: Any, townships: Any) -> str:
    """The admin level a carried coverage implies."""
    if _given(townships):
        return "township"
    countrywide = states in ([vocab.COUNTRYWIDE], vocab.COUNTRYWIDE)
    return "national" if countrywide else "state_region"


def _mapped_sectors(terms: list[str], config: SourceConfig) -> list[str]:
    found: set[str] = set()
    for term in terms:
        for key in term_keys(term):
            found.update(config.sector_map.get(key, []))
    order = vocab.values("sector")
    return sorted(found, key=order.index)


def _mapped_category(terms: list[str], config: SourceConfig) -> str | None:
    """The category of the first term mapped, in the partner's order."""
    for term in terms:
        for key in term_keys(term):
            if key in config.data_category_map:
                return config.data_category_map[key]
    return None


# -- the two harvesters --------------------------------------------------------


def _extra(dataset: dict[str, Any], key: str) -> str:
    for extra in dataset.get("extras") or []:
        if extra.get("key") == key:
            return str(extra.get("value") or "")
    return ""


def _tag_names(dataset: dict[str, Any]) -> list[str]:
    return [
        str(tag.get("name") if isinstance(tag, dict) else tag)
        for tag in dataset.get("tags") or []
        if tag
    ]


def _source(harvest_object: Any) -> tuple[SourceConfig, str, str]:
    """The source's IM configuration, title and organisation (by id)."""
    source = harvest_object.source or harvest_object.job.source
    config = parse(source.config, source.type)
    organization = ""
    if config.organization:
        organization = tk.get_action("organization_show")(
            {"ignore_auth": True},
            {"id": config.organization, "include_datasets": False},
        )["id"]
    return config, source.title or source.url, organization


def for_dcat(harvest_object: Any, dataset: dict[str, Any]) -> None:
    """A dataset of a DCAT-AP feed, as the ``imnet`` profile parsed it: its
    coverage from ``dct:spatial`` already read, the publisher in
    ckanext-dcat's ``publisher_name`` extra, a partner's own themes in the
    ``theme`` extra (read here, then removed)."""
    config, title, organization = _source(harvest_object)
    themes: list[str] = []
    try:
        themes = [str(t) for t in json.loads(_extra(dataset, "theme") or "[]")]
    except ValueError:
        themes = []
    dataset["extras"] = [
        e for e in dataset.get("extras") or [] if e.get("key") != "theme"
    ]
    tags = _tag_names(dataset)
    facts = Facts(
        publisher=_extra(dataset, "publisher_name"),
        terms=[*tags, *themes],
        place_texts=places.explicit(tags),
    )
    if organization:
        dataset["owner_org"] = organization
    apply(dataset, facts, config, title)


def for_ckan(harvest_object: Any, package: dict[str, Any]) -> dict[str, Any]:
    """A dataset of a partner's CKAN site, as its ``package_show`` gave it
    (publisher: its organisation; tags and groups as terms)."""
    config, title, organization = _source(harvest_object)
    remote_org = package.get("organization") or {}
    tags = _tag_names(package)
    groups = [
        str(g.get("title") or g.get("name") or "") for g in package.get("groups") or []
    ]
    facts = Facts(
        publisher=str(remote_org.get("title") or remote_org.get("name") or ""),
        terms=[
            *tags,
            *groups,
            *(g.get("name", "") for g in package.get("groups") or []),
        ],
        place_texts=[
            _extra(package, "spatial_text"),
            *places.explicit([*tags, *groups]),
        ],
    )
    # The remote site's own bookkeeping is not ours to store.
    for key in ("organization", "creator_user_id", "num_tags", "num_resources"):
        package.pop(key, None)
    if organization:
        package["owner_org"] = organization
    return apply(package, facts, config, title)
