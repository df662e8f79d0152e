"""Template helpers of ckanext-imnet."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import bilingual, extent, owners, vocab
from ckanext.imnet.access.display import (
    current_user,
    imnet_access_state,
    imnet_event_label,
    imnet_event_types,
    imnet_is_reviewer,
    imnet_pending_reviews,
    imnet_request_state_label,
)
from ckanext.imnet.assessments import display as assessment_display
from ckanext.imnet.assessments.display import (
    humanize_entity_type,
    imnet_assessment_products,
    imnet_assessment_sorting,
    imnet_assessment_status,
    imnet_dataset_assessments,
)
from ckanext.imnet.assessments.overlap_display import (
    imnet_assessment_form_overlaps,
    imnet_assessment_overlaps,
)
from ckanext.imnet.curation.display import (
    imnet_curation_entered,
    imnet_search_sorting,
)
from ckanext.imnet.curation.link_display import imnet_link_status
from ckanext.imnet.curation.review_display import (
    imnet_endorsed_baselines,
    imnet_endorsement,
    imnet_review,
)
from ckanext.imnet.gaps import labels as gap_labels
from ckanext.imnet.home import imnet_home_summary

__all__ = [
    "imnet_assessment_overlaps",
    "imnet_assessment_form_overlaps",
    "imnet_title",
    "imnet_notes",
    "imnet_other_language",
    "dataset_display_name",
    "get_translated",
    "imnet_choices",
    "imnet_chosen",
    "imnet_township_labels",
    "imnet_places",
    "imnet_field_groups",
    "imnet_sensitivity",
    "imnet_coverage_summary",
    "imnet_term_label",
    "imnet_access_state",
    "imnet_pending_reviews",
    "imnet_is_reviewer",
    "imnet_request_state_label",
    "imnet_event_label",
    "imnet_gap_state_label",
    "imnet_event_types",
    "imnet_country_extent",
    "imnet_data_owner_groups",
    "imnet_data_owner_form",
    "imnet_data_owner",
    "imnet_home_summary",
    "imnet_completeness",
    "imnet_completeness_summary",
    "imnet_freshness",
    "imnet_freshness_badge",
    "imnet_link_status",
    "imnet_harvest_provenance",
    "imnet_harvest_edit_note",
    "imnet_review",
    "imnet_endorsement",
    "imnet_endorsed_baselines",
    "imnet_search_sorting",
    "imnet_curation_entered",
    "humanize_entity_type",
    "imnet_assessment_products",
    "imnet_assessment_sorting",
    "imnet_assessment_status",
    "imnet_dataset_assessments",
]

# Fields CKAN shows in its own places on the dataset page (the Myanmar title
# and description with the English ones, in the page heading).
_CORE_FIELDS = {
    "title",
    "title_my",
    "name",
    "notes",
    "notes_my",
    "tag_string",
    "owner_org",
    "license_id",
}


def imnet_title(pkg: dict[str, Any]) -> str:
    """A dataset's title in the visitor's language: Myanmar if given, else English."""
    return bilingual.title(pkg, tk.h.lang())


def imnet_notes(pkg: dict[str, Any]) -> str:
    """A dataset's description in the visitor's language (Markdown), else English."""
    return bilingual.text(pkg, "notes", tk.h.lang())


def imnet_other_language(pkg: dict[str, Any], field: str) -> dict[str, str]:
    """The title or description in the language the visitor is not browsing in.

    ``{"text": ..., "lang": "en" | "my"}``, empty when the dataset has it in
    one language only.
    """
    return bilingual.other(pkg, field, tk.h.lang())


@tk.chained_helper
def dataset_display_name(next_helper: Any, package: Any) -> str:
    """Core's dataset name (page titles, breadcrumbs, activity, listings),
    in the visitor's language."""
    if isinstance(package, dict):
        return imnet_title(package)
    return next_helper(package)


@tk.chained_helper
def get_translated(next_helper: Any, data_dict: Any, field: str) -> Any:
    """Core's translated field: a dataset's title and description follow the
    visitor's language as in ``imnet_title``/``imnet_notes``."""
    if (
        isinstance(data_dict, dict)
        and field in bilingual.MYANMAR_FIELDS
        and bilingual.MYANMAR_FIELDS[field] in data_dict
    ):
        return bilingual.text(data_dict, field, tk.h.lang())
    return next_helper(data_dict, field)


def imnet_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """Scheming ``choices_helper``: the choices of the field's ``imnet_vocabulary``."""
    return vocab.scheming_choices(field["imnet_vocabulary"])


def imnet_chosen(value: Any) -> list[str]:
    """The values chosen in a multiple-choice field, as a list of strings.

    Form posts give a string for one choice and a list for several; stored
    values are JSON lists. Membership must be tested on the list, never on
    a string ("MMR" is in "MMR013").
    """
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    text = str(value).strip()
    if text.startswith("["):
        try:
            loaded = json.loads(text)
        except ValueError:
            loaded = None
        if isinstance(loaded, list):
            return [str(v) for v in loaded]
    return [part.strip() for part in text.split(",") if part.strip()]


def imnet_township_labels(codes: list[str]) -> dict[str, str]:
    """{Pcode: "Township (State/Region)"} in the current language, for the form."""
    lang = tk.h.lang()
    labels = {}
    for code in codes:
        place = vocab.township(str(code).strip().upper())
        if place is not None:
            labels[str(code)] = township_label(place, lang)
    return labels


def township_label(place: vocab.Place, lang: str) -> str:
    """A township's name with its State/Region, in ``lang``."""
    state = vocab.state(place.adm1_pcode)
    return f"{place.label(lang)} ({state.label(lang)})" if state else place.label(lang)


def imnet_places(codes: Any) -> list[dict[str, str]]:
    """Places for a list of Pcodes, labelled in the current language."""
    if isinstance(codes, str):
        try:
            codes = json.loads(codes)
        except ValueError:
            codes = [c for c in codes.replace(",", " ").split() if c]
    lang = tk.h.lang()
    places = []
    for code in codes or []:
        place = vocab.place(str(code))
        places.append(
            {"pcode": str(code), "label": place.label(lang) if place else str(code)}
        )
    return places


def imnet_field_groups(
    schema: dict[str, Any], where: str = "form"
) -> list[dict[str, Any]]:
    """The schema's fields in titled sections (what, who, where, when, how,
    products, access), titled for the schema's type (datasets, assessments).

    ``where="page"`` leaves out the fields CKAN already shows on the dataset
    page (title, description, tags, organisation, licence).
    """
    _ = tk._
    titles = {
        "what": _("What the data is"),
        "who": _("Who holds it"),
        "where": _("Where: geographic coverage"),
        "when": _("When: reference period"),
        "how": _("How it was made"),
        "products": _("Products: report, questionnaire, data"),
        "access": _("Access"),
    }
    if schema.get("dataset_type") == "assessment":
        titles = assessment_display.section_titles()
    sections = []
    for key, title in titles.items():
        fields = [
            f
            for f in schema.get("dataset_fields", [])
            if f.get("imnet_group") == key
            and not (where == "page" and f["field_name"] in _CORE_FIELDS)
        ]
        if fields:
            sections.append({"key": key, "title": title, "fields": fields})
    return sections


def imnet_term_label(vocabulary: str, value: Any) -> str:
    """The label of a coded value in the current language."""
    term = vocab.term(vocabulary, str(value))
    return term.label(tk.h.lang()) if term else str(value or "")


def imnet_sensitivity(pkg: dict[str, Any]) -> dict[str, str]:
    """Sensitivity of a dataset for badges: value, label, help text."""
    value = pkg.get("sensitivity") or "public"
    term = vocab.term("sensitivity", value) or vocab.term("sensitivity", "public")
    assert term is not None  # the vocabulary always has "public"
    lang = tk.h.lang()
    return {"value": term.value, "label": term.label(lang), "help": term.help(lang)}


def imnet_coverage_summary(pkg: dict[str, Any], limit: int = 3) -> str:
    """ "Kachin, Shan (North) +2 more" for search results."""
    places = imnet_places(pkg.get("geographic_coverage") or [])
    if not places:
        return ""
    names = [p["label"] for p in places[:limit]]
    if len(places) > limit:
        names.append(tk._("+{count} more").format(count=len(places) - limit))
    return ", ".join(names)


def imnet_completeness(pkg: dict[str, Any]) -> dict[str, Any]:
    """A dataset's completeness score and band; what is missing only for
    those who may edit the dataset (an empty list for everyone else)."""
    from ckanext.imnet.access import policy
    from ckanext.imnet.curation import completeness

    assessment = completeness.assess(pkg)
    editor = policy.can_edit_metadata(current_user(), pkg)
    return {
        "score": assessment.score,
        "band": assessment.band,
        "band_label": completeness.band_label(assessment.band),
        "editor": editor,
        "missing": completeness.advice(pkg, assessment) if editor else [],
    }


def imnet_completeness_summary(org_id: str) -> dict[str, Any] | None:
    """The average completeness of an organisation's datasets that the
    visitor may see (``imnet_completeness_summary``), its bands labelled."""
    from ckanext.imnet.curation import completeness

    user = tk.current_user
    name = user.name if user and not user.is_anonymous else ""
    try:
        summary = tk.get_action("imnet_completeness_summary")(
            {"user": name}, {"id": org_id}
        )
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
    summary["bands"] = [
        {"value": band, "label": completeness.band_label(band), "count": count}
        for band, count in summary["bands"].items()
    ]
    return summary


def imnet_gap_state_label(state: str) -> str:
    """The name of a gap matrix cell state in the current language."""
    return gap_labels.state_label(state)


def imnet_country_extent() -> str:
    """Myanmar's bounding box as GeoJSON, for the search map's first view."""
    country = vocab.place(vocab.COUNTRYWIDE)
    bbox = country.bbox if country and country.bbox else (92, 9, 102, 29)
    return json.dumps(extent.box(bbox))


def _owner_group_titles() -> dict[str, str]:
    _ = tk._
    return {
        owners.ORGANISATION: _("Network organisations"),
        "government": _("Government"),
        "international": _("International agencies"),
        "coordination": _("Clusters and areas of responsibility"),
        "civil_society": _("Civil society"),
    }


def imnet_data_owner_groups(selected: str = "") -> list[dict[str, Any]]:
    """The data owners the form offers, grouped and labelled in the current
    language, each with every name it is found by (aliases, both languages).

    A deleted organisation is offered only when it is ``selected``.
    """
    lang = tk.h.lang()
    titles = _owner_group_titles()
    everyone = owners.directory().owners()
    groups = []
    for kind in owners.KINDS:
        members = sorted(
            (
                o
                for o in everyone
                if o.kind == kind and (o.offered or o.value == selected)
            ),
            key=lambda o: o.label(lang).casefold(),
        )
        if members:
            groups.append(
                {
                    "title": titles[kind],
                    "options": [
                        {
                            "value": o.value,
                            "label": o.label(lang),
                            "names": " | ".join(o.names),
                        }
                        for o in members
                    ],
                }
            )
    return groups


def imnet_data_owner_form(data: dict[str, Any]) -> dict[str, str]:
    """What the form shows for a dataset's data owner: the chosen value and
    the name typed for "other".

    A value as typed before the list existed is shown as the owner it names,
    or as "other" with the text, so that saving the form keeps it.
    """
    value = str(data.get("data_owner") or "").strip()
    other = str(data.get("data_owner_other") or "")
    if not value or value == owners.OTHER:
        return {"selected": value, "other": other}
    directory = owners.directory()
    owner = directory.get(value) or directory.resolve(value)
    if owner is not None:
        return {"selected": owner.value, "other": ""}
    return {"selected": owners.OTHER, "other": value}


def imnet_data_owner(pkg: dict[str, Any]) -> dict[str, str]:
    """A dataset's data owner for its page: the name in the current language
    and, for one of the catalogue's organisations, the link to its page."""
    value = str(pkg.get("data_owner") or "")
    owner = owners.directory().get(value)
    if owner is None:
        label = pkg.get("data_owner_other") if value == owners.OTHER else value
        return {"label": str(label or ""), "url": ""}
    url = ""
    if owner.organisation is not None and owner.organisation.active:
        url = tk.h.url_for("organization.read", id=owner.organisation.name)
    return {"label": owner.label(tk.h.lang()), "url": url}


def imnet_freshness(pkg: dict[str, Any]) -> dict[str, Any]:
    """A dataset's freshness for its page and search results (state, label,
    frequency, last sign of being current, next boundary; the confirm button
    and note for those who curate it)."""
    from ckanext.imnet.curation import display

    return display.panel(pkg, current_user(), tk.h.lang())


def imnet_freshness_badge(pkg: dict[str, Any]) -> dict[str, str]:
    """A dataset's freshness state, label and meaning, for search results."""
    from ckanext.imnet.curation import display

    return display.badge(pkg)


def imnet_harvest_provenance(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """Where a harvested dataset came from (``None`` for a local one)."""
    from ckanext.imnet.harvesting import provenance

    return provenance.provenance(pkg)


def imnet_harvest_edit_note(pkg: dict[str, Any]) -> str | None:
    """Why the visitor, who could edit the dataset were it local, may not edit
    it here (it is harvested); ``None`` for everybody else."""
    from ckanext.imnet.harvesting import local_edits

    note = local_edits.refusal(pkg.get("id"))
    if note is None:
        return None
    context = {
        "user": tk.current_user.name if tk.current_user else "",
        "auth_user_obj": tk.current_user,
        local_edits.NOT_AN_EDIT: True,
    }
    try:
        tk.check_access("package_update", context, {"id": pkg["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
    return note
