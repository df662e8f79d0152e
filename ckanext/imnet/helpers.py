"""Template helpers of ckanext-imnet."""

from __future__ import annotations

from typing import Any

from ckanext.imnet import vocab

__all__ = ["imnet_choices", "imnet_places"]


def imnet_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """Scheming ``choices_helper``: the choices of the field's ``imnet_vocabulary``."""
    return vocab.scheming_choices(field["imnet_vocabulary"])


def imnet_places(codes: Any) -> list[dict[str, str]]:
    """Places for a list of Pcodes, labelled in the current language."""
    import json

    import ckan.plugins.toolkit as tk

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
