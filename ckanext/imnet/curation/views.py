"""Pages of curation: confirming on the dataset page that it is still current."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

__all__ = ["imnet_curation"]

imnet_curation = Blueprint("imnet_curation", __name__)

_ = tk._


@imnet_curation.route("/dataset/<id>/confirm-current", methods=["POST"])
def confirm_current(id: str) -> Any:
    """The dataset page's "Confirm still current" button (with a note)."""
    if not tk.current_user or tk.current_user.is_anonymous:
        return tk.redirect_to(
            "user.login", came_from=tk.h.url_for("dataset.read", id=id)
        )
    context = {"user": tk.current_user.name}
    try:
        done = tk.get_action("imnet_dataset_confirm_current")(
            context, {"id": id, "note": tk.request.form.get("note", "")}
        )
    except tk.ObjectNotFound:
        return tk.abort(404, _("Dataset not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        for messages in error.error_dict.values():
            tk.h.flash_error(" ".join(str(m) for m in messages))
        return tk.redirect_to("dataset.read", id=id)
    tk.h.flash_success(
        _("Confirmed as current on {date}.").format(
            date=tk.h.render_datetime(done["confirmed"]["confirmed_at"])
        )
    )
    return tk.redirect_to("dataset.read", id=done["name"])
