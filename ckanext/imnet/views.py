"""Blueprint of ckanext-imnet."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, jsonify

from ckanext.imnet import vocab

__all__ = ["imnet"]

imnet = Blueprint("imnet", __name__)

_MAX_SUGGESTIONS = 20


@imnet.route("/imnet/api/townships")
def townships():
    """Township suggestions for the dataset form, in CKAN's autocomplete format."""
    incomplete = tk.request.args.get("incomplete", "").strip().lower()
    lang = tk.h.lang()
    found = []
    for place in vocab.townships():
        if place.status == "inactive":
            continue
        state = vocab.state(place.adm1_pcode)
        haystack = " ".join(
            [place.pcode, place.name_en, place.name_my, state.name_en if state else ""]
        ).lower()
        if incomplete and incomplete not in haystack:
            continue
        found.append(
            {
                "Name": place.pcode,
                "label": f"{place.label(lang)} ({state.label(lang) if state else ''})",
            }
        )
        if len(found) >= _MAX_SUGGESTIONS:
            break
    return jsonify({"ResultSet": {"Result": found}})
