"""Template helpers of the assessment registry's pages.

The assessment page names its products (report, questionnaire, data) and
links a catalogue dataset only where the viewer may see it; a dataset page
lists the assessments it came from, found by a search made as the viewer, so
the policy's permission labels decide which are listed.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import bilingual, vocab
from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.access.display import current_user

from . import links
from .index import DATASETS_FIELD, PRODUCTS, START_FIELD

__all__ = [
    "humanize_entity_type",
    "imnet_assessment_products",
    "imnet_assessment_sorting",
    "imnet_assessment_status",
    "imnet_dataset_assessments",
    "section_titles",
]

# The most assessments a dataset page lists.
_BACKLINKS = 20


def section_titles() -> dict[str, str]:
    """The titles of the assessment form's and page's sections, by group."""
    _ = tk._
    return {
        "what": _("What is assessed"),
        "who": _("Who leads it"),
        "where": _("Where"),
        "when": _("When: data collection"),
        "how": _("How"),
        "products": _("Products: report, questionnaire, data"),
        "access": _("Access"),
    }


def _names() -> dict[str, str]:
    """What core's templates call an assessment, by purpose (see core's
    ``humanize_entity_type``), in words a translator can translate whole."""
    _ = tk._
    return {
        "add link": _("Add assessment"),
        "breadcrumb": _("Assessments"),
        "content tab": _("Assessments"),
        "create label": _("Register an assessment"),
        "create title": _("Register an assessment"),
        "delete confirmation": _("Are you sure you want to delete this assessment?"),
        "edit label": _("Edit assessment"),
        "facet label": _("Assessments"),
        "form label": _("Assessment"),
        "main nav": _("Assessments"),
        "my label": _("My assessments"),
        "view label": _("View assessment"),
        "name placeholder": _("My assessment"),
        "no any objects": _("There are no assessments in the registry yet"),
        "no description": _("No objectives given"),
        "page title": _("Assessments"),
        "save label": _("Save assessment"),
        "search placeholder": _("Search assessments..."),
        "update label": _("Update assessment"),
    }


@tk.chained_helper
def humanize_entity_type(
    next_helper: Any, entity_type: str, object_type: str, purpose: str
) -> str | None:
    """Core's names of a type on its pages: the assessment registry's in
    whole translated phrases (core would put "Assessment" in English into a
    translated template)."""
    if (entity_type, object_type) == ("package", policy.ASSESSMENT_TYPE):
        names = _names()
        if purpose in names:
            return names[purpose]
    return next_helper(entity_type, object_type, purpose)


def imnet_assessment_sorting() -> list[tuple[str, str]]:
    """The orders of the registry's search: relevance, newest data collection
    first (actual start, else planned), recently updated, by name."""
    _ = tk._
    return [
        (_("Relevance"), "score desc, metadata_modified desc"),
        (
            _("Newest data collection first"),
            f"{START_FIELD} desc, metadata_modified desc",
        ),
        (_("Last Modified"), "metadata_modified desc"),
        (_("Name Ascending"), "title_string asc"),
        (_("Name Descending"), "title_string desc"),
    ]


def _lang() -> str:
    try:
        return tk.h.lang() or "en"
    except (RuntimeError, AttributeError, TypeError):
        return "en"


def imnet_assessment_status(pkg: dict[str, Any]) -> dict[str, str]:
    """An assessment's status for its badge: value and label ({} without one)."""
    value = str(pkg.get("status") or "")
    term = vocab.term("assessment_status", value)
    if term is None:
        return {}
    return {"value": term.value, "label": term.label(_lang())}


def _product_names() -> dict[str, str]:
    _ = tk._
    return {
        "report": _("Report"),
        "questionnaire": _("Questionnaire"),
        "data": _("Data"),
    }


def _visible_dataset(dataset_id: str) -> dict[str, Any] | None:
    """The catalogue dataset ``dataset_id`` as the viewer may see it, or
    ``None`` when the viewer may not (as if it were not linked)."""
    summary = imnet_model.dataset_summary(dataset_id)
    if summary is None or not policy.can_see_metadata(current_user(), summary):
        return None
    user = tk.current_user
    name = user.name if user and not user.is_anonymous else ""
    try:
        return tk.get_action("package_show")({"user": name}, {"id": summary["id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None


def imnet_assessment_products(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    """The products of an assessment the page lists: name, availability
    label, web link, and the catalogue dataset (name, title) when the viewer
    may see it. A product with none of these is left out."""
    names = _product_names()
    lang = _lang()
    products = []
    for product in PRODUCTS:
        availability = vocab.term(
            "product_availability", str(pkg.get(f"{product}_availability") or "")
        )
        linked = pkg.get(f"{product}_dataset")
        dataset = _visible_dataset(str(linked)) if linked else None
        url = pkg.get(f"{product}_url") or ""
        if availability is None and not url and dataset is None:
            continue
        products.append(
            {
                "key": product,
                "name": names[product],
                "availability": availability.value if availability else "",
                "availability_label": availability.label(lang) if availability else "",
                "url": url,
                "dataset": (
                    {
                        "name": dataset["name"],
                        "title": bilingual.title(dataset, lang),
                    }
                    if dataset
                    else None
                ),
            }
        )
    return products


def imnet_dataset_assessments(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    """The assessments a dataset came from (those linking it as a product)
    that the viewer may see: name, title and status, newest collection first."""
    user = tk.current_user
    name = user.name if user and not user.is_anonymous else ""
    try:
        found = tk.get_action("package_search")(
            {"user": name},
            {
                "fq_list": [
                    f"+dataset_type:{policy.ASSESSMENT_TYPE}",
                    f'+{DATASETS_FIELD}:"{links.link_key(pkg["id"])}"',
                ],
                "sort": f"{START_FIELD} desc, metadata_modified desc",
                "rows": _BACKLINKS,
                "include_private": True,
            },
        )
    except (tk.ValidationError, tk.NotAuthorized, KeyError):
        return []
    lang = _lang()
    return [
        {
            "name": result["name"],
            "title": bilingual.title(result, lang),
            "status": imnet_assessment_status(result),
        }
        for result in found["results"]
    ]
