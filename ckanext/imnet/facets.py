"""Search facets of the IM metadata standard and their human labels."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.harvest.interfaces import IHarvester
from ckanext.imnet import owners, vocab
from ckanext.imnet.access import policy
from ckanext.imnet.assessments import index as assessment_index
from ckanext.imnet.curation import (
    completeness,
    endorsement,
    freshness,
    link_checks,
    review,
)
from ckanext.imnet.harvesting import provenance

__all__ = [
    "ASSESSMENT_FACETS",
    "FACETS",
    "HARVEST_SOURCE_FACETS",
    "dataset_facets",
    "organization_facets",
    "label_facet_items",
]

_ = tk._

# facet field -> vocabulary of its values ("place": Pcodes; "data_owner": the
# managed list of data owners, ``owners``; "completeness_band": the bands of
# ``curation.completeness``)
FACETS: dict[str, str | None] = {
    "sensitivity": "sensitivity",
    "sector": "sector",
    "geographic_coverage": "place",
    "township_coverage": "place",
    "admin_level": "admin_level",
    "sadd": "sadd",
    "collection_method": "collection_method",
    "data_owner": "data_owner",
    "data_category": "data_category",
    completeness.BAND_FIELD: completeness.BAND_FIELD,
    # Data freshness: its states, labelled by ``curation.freshness``.
    "freshness": "freshness",
    # Public datasets with a link that failed its last check.
    link_checks.BROKEN_FIELD: link_checks.BROKEN_FIELD,
    # Review: MIMU admins' facet only (``_visible_fields``).
    review.INDEX_FIELD: review.INDEX_FIELD,
    # Endorsed baseline datasets ("true"; others have no value).
    endorsement.INDEX_FIELD: endorsement.INDEX_FIELD,
    # harvested datasets by their source (local ones have none)
    "harvest_source_id": "harvest_source",
    # The assessment registry's own (``assessments/index.py``).
    "status": "assessment_status",
    "population_group": "population_group",
    assessment_index.YEAR_FIELD: None,
}

# The facets of the assessment registry (/assessment), in this order; the
# organisation is the lead agency.
ASSESSMENT_FACETS = (
    "status",
    "sector",
    "geographic_coverage",
    "organization",
    assessment_index.YEAR_FIELD,
    "collection_method",
    "population_group",
)


# The facets of ckanext-harvest's source search (its plugin's dataset_facets).
HARVEST_SOURCE_FACETS = ("frequency", "source_type")


def _titles() -> dict[str, str]:
    # Built per request so that titles follow the visitor's language.
    return {
        "organization": _("Organizations"),
        "sensitivity": _("Sensitivity"),
        "sector": _("Sectors"),
        "geographic_coverage": _("States/Regions"),
        "township_coverage": _("Townships"),
        "admin_level": _("Administrative level"),
        "sadd": _("Sex and age disaggregation"),
        "collection_method": _("Collection methods"),
        "data_owner": _("Data owners"),
        "data_category": _("Data categories"),
        completeness.BAND_FIELD: _("Metadata completeness"),
        "freshness": _("Freshness"),
        link_checks.BROKEN_FIELD: _("Broken links"),
        review.INDEX_FIELD: _("Review"),
        endorsement.INDEX_FIELD: _("Endorsement"),
        "harvest_source_id": _("Harvest sources"),
        "status": _("Status"),
        "population_group": _("Population groups"),
        assessment_index.YEAR_FIELD: _("Year of data collection"),
        "res_format": _("Formats"),
        "license_id": _("Licences"),
        "tags": _("Tags"),
    }


def dataset_facets(
    facets: OrderedDict[str, Any],
    package_type: str | None = None,
    organisation: str | None = None,
) -> OrderedDict[str, Any]:
    """The search facets of IM datasets and of assessments; other types'
    (harvest sources') as given."""
    if package_type == policy.ASSESSMENT_TYPE:
        return _assessment_facets(facets)
    if not policy.is_im_dataset({"type": package_type}):
        return facets
    titles = _titles()
    ordered = OrderedDict()
    for field in [
        "organization",
        *_visible_fields(organisation),
        "res_format",
        "license_id",
        "tags",
    ]:
        ordered[field] = titles[field]
    # Keep facets that other plugins added.
    for field, title in facets.items():
        if field not in ordered and field != "groups":
            ordered[field] = title
    return ordered


def _assessment_facets(facets: OrderedDict[str, Any]) -> OrderedDict[str, Any]:
    """The registry's facets, then those other plugins added."""
    titles = {**_titles(), "organization": _("Lead agencies")}
    ordered: OrderedDict[str, Any] = OrderedDict(
        (field, titles[field]) for field in ASSESSMENT_FACETS
    )
    for field, title in facets.items():
        if field not in ordered and field not in _CORE_FACETS:
            ordered[field] = title
    return ordered


# Core's facets that say nothing of an assessment (it has no resources,
# licence, tags or groups).
_CORE_FACETS = ("groups", "tags", "res_format", "license_id")


def _visible_fields(organisation: str | None = None) -> list[str]:
    """The IM facets the visitor may see: the review state only for those the
    policy lets search on it -- MIMU admins, and on an organisation's page
    the data owners who curate it."""
    try:
        user = tk.current_user
        reviewer = policy.may_search_review(user) or (
            organisation is not None
            and organisation in policy.review_search_organisations(user)
        )
    except RuntimeError:  # no request (a command): nobody's facets
        reviewer = False
    return [field for field in FACETS if field != review.INDEX_FIELD or reviewer]


def _page_organisation() -> str | None:
    """The id of the organisation whose page is being drawn, if any."""
    try:
        name = (tk.request.view_args or {}).get("id")
    except RuntimeError:
        return None
    group = model.Group.get(name) if name else None
    return group.id if group is not None and group.is_organization else None


def organization_facets(
    facets: OrderedDict[str, Any], package_type: str | None = None
) -> OrderedDict[str, Any]:
    """An organisation's facets: those of datasets, less the organisation."""
    if not policy.is_im_dataset({"type": package_type}):
        return facets
    ordered = dataset_facets(facets, package_type, _page_organisation())
    ordered.pop("organization", None)
    return ordered


def _language() -> str:
    try:
        return tk.h.lang() or "en"
    except (RuntimeError, AttributeError, TypeError):
        return "en"


def _label(vocabulary: str | None, value: str, lang: str) -> str:
    if vocabulary == completeness.BAND_FIELD:
        return completeness.band_label(value)
    if vocabulary == "freshness":
        return freshness.state_label(value)
    if vocabulary == link_checks.BROKEN_FIELD:
        return _("With a broken link")
    if vocabulary == review.INDEX_FIELD:
        return review.state_label(value)
    if vocabulary == endorsement.INDEX_FIELD:
        return endorsement.label() if value == endorsement.ENDORSED else value
    if vocabulary == "place":
        place = vocab.place(value)
        if place is None:
            return value
        if place.level == "township":
            namesakes = vocab.places_named(place.name_en, "township")
            state = vocab.state(place.adm1_pcode)
            if len(namesakes) > 1 and state is not None:
                # Two townships share the name (Htantabin): say whose it is.
                return f"{place.label(lang)} ({state.label(lang)})"
        return place.label(lang)
    if vocabulary:
        term = vocab.term(vocabulary, value)
        return term.label(lang) if term else value
    return value


def _owner_label(directory: owners.Directory, value: str, lang: str) -> str:
    if value == owners.OTHER:
        return _("Other (not on the list)")
    return directory.label(value, lang)


def _harvest_source_label(field: str, value: str) -> str:
    # Worded as ckanext-harvest's source form words them: a frequency by its
    # value titled (helper harvest_frequencies), a type by its harvester's title.
    if field == "frequency":
        return _(value.title())
    titles = {
        h.info()["name"]: h.info()["title"] for h in p.PluginImplementations(IHarvester)
    }
    return _(titles.get(value, value))


def label_facet_items(search_results: dict[str, Any]) -> dict[str, Any]:
    """Give IM facet items, and those of harvest sources, labels in the current
    language."""
    lang = _language()
    for field, facet in search_results.get("search_facets", {}).items():
        if field in HARVEST_SOURCE_FACETS:
            for item in facet.get("items", []):
                item["display_name"] = _harvest_source_label(field, item["name"])
            continue
        if field not in FACETS:
            continue
        vocabulary = FACETS[field]
        if vocabulary == "harvest_source":
            titles = provenance.source_titles(
                [item["name"] for item in facet.get("items", [])]
            )
            for item in facet.get("items", []):
                item["display_name"] = titles.get(item["name"], item["name"])
            continue
        if vocabulary == "data_owner":
            directory = owners.directory()
            for item in facet.get("items", []):
                item["display_name"] = _owner_label(directory, item["name"], lang)
            continue
        for item in facet.get("items", []):
            item["display_name"] = _label(vocabulary, item["name"], lang)
    return search_results
