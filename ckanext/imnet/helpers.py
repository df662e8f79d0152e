"""Template helpers of ckanext-imnet."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import extent, vocab
from ckanext.imnet.home import imnet_home_summary

__all__ = [
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
    "imnet_event_types",
    "imnet_country_extent",
    "imnet_home_summary",
]

# Fields CKAN shows in its own places on the dataset page.
_CORE_FIELDS = {"title", "name", "notes", "tag_string", "owner_org", "license_id"}


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
    """The schema's fields in titled sections (what, who, where, when, how, access).

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
        "access": _("Access"),
    }
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


def _current_user() -> Any:
    from ckanext.imnet import model as imnet_model

    user = tk.current_user
    if not user or user.is_anonymous:
        return None
    return imnet_model.user(user.id)


def imnet_access_state(pkg: dict[str, Any]) -> dict[str, Any]:
    """What the visitor may do with a dataset's data: for the access panel."""
    from ckanext.imnet import model as imnet_model
    from ckanext.imnet.access import policy

    user = _current_user()
    level = policy.level_of(pkg)
    state: dict[str, Any] = {
        "level": level,
        "approver": policy.is_approver(user, pkg),
        "entitled": policy.can_get_data(user, pkg),
        "grant": None,
        "open_request": None,
        "refusal": None,
        "can_request": False,
    }
    if level == policy.PUBLIC:
        return state
    if user is not None:
        grant = imnet_model.active_grant(user.id, pkg["id"])
        state["grant"] = grant.as_dict() if grant else None
        pending = imnet_model.open_request(user.id, pkg["id"])
        state["open_request"] = pending.as_dict() if pending else None
    if not state["entitled"] and not state["open_request"]:
        state["refusal"] = policy.request_refusal(user, pkg)
        state["can_request"] = state["refusal"] is None
    return state


def imnet_is_reviewer() -> bool:
    """True if the current user decides requests (and so reads the audit log)."""
    from ckanext.imnet.access import policy

    user = _current_user()
    return user is not None and policy.reviewable_organisations(user) != []


def imnet_pending_reviews() -> int:
    """Requests waiting for the current user's own decision (header badge)."""
    user = _current_user()
    if user is None:
        return 0
    if "imnet_pending_reviews" not in tk.g:
        try:
            result = tk.get_action("imnet_access_request_list")(
                {"user": user.name},
                {"role": "review", "awaiting_me": True, "limit": 0},
            )
            tk.g.imnet_pending_reviews = result["count"]
        except (tk.NotAuthorized, tk.ValidationError):
            tk.g.imnet_pending_reviews = 0
    return tk.g.imnet_pending_reviews


def imnet_request_state_label(state: str) -> str:
    _ = tk._
    return {
        "submitted": _("Waiting for a decision"),
        "needs_info": _("More information needed"),
        "approved": _("Approved"),
        "rejected": _("Rejected"),
        "withdrawn": _("Withdrawn"),
        "expired": _("Expired"),
        "revoked": _("Revoked"),
    }.get(state, state)


def _event_labels() -> dict[str, str]:
    _ = tk._
    return {
        "request_submitted": _("Request submitted"),
        "request_info_requested": _("More information asked"),
        "request_info_provided": _("Information provided"),
        "request_approvals_voided": _("Approvals cancelled by a changed request"),
        "request_approval_given": _("One approval given"),
        "request_approved": _("Request approved"),
        "request_rejected": _("Request rejected"),
        "request_withdrawn": _("Request withdrawn"),
        "grant_revoked": _("Access revoked"),
        "grant_reminder_sent": _("Expiry reminder sent"),
        "grant_expired": _("Access expired"),
        "download": _("Download"),
        "sensitivity_changed": _("Sensitivity changed"),
        "visibility_changed": _("Made private, draft or deleted (or restored)"),
        "owner_changed": _("Moved to another organisation"),
    }


def imnet_event_types() -> list[str]:
    """Every kind of audit event, in the order of the request lifecycle."""
    return list(_event_labels())


def imnet_event_label(event: str) -> str:
    """The label of an audit event in the current language."""
    return _event_labels().get(event, event)


def imnet_country_extent() -> str:
    """Myanmar's bounding box as GeoJSON, for the search map's first view."""
    country = vocab.place(vocab.COUNTRYWIDE)
    bbox = country.bbox if country and country.bbox else (92, 9, 102, 29)
    return json.dumps(extent.box(bbox))
