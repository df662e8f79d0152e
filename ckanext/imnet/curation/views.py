"""Pages of curation: the dataset page's forms to confirm it is still current,
to review it and to endorse it. A refused entry shows the dataset page again
with the form as entered and the message."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import ckan.views.dataset as dataset_views
from flask import Blueprint

from ckanext.imnet.access import policy

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
        return _again(id, "confirm", error)
    tk.h.flash_success(
        _("Confirmed as current on {date}.").format(
            date=tk.h.render_datetime(done["confirmed"]["confirmed_at"])
        )
    )
    return tk.redirect_to("dataset.read", id=done["name"])


def _again(id: str, form: str, error: tk.ValidationError) -> Any:
    """The dataset page again, its curation ``form`` (``confirm``, ``review``,
    ``endorse``) as entered with the error's messages (400): nothing typed is
    lost."""
    messages = [
        str(message)
        for value in (error.error_dict or {}).values()
        for message in (value if isinstance(value, list) else [value])
    ]
    tk.g.imnet_curation_form = {
        "form": form,
        "values": tk.request.form.to_dict(),
        "errors": messages,
    }
    return dataset_views.read(package_type=policy.IM_DATASET_TYPE, id=id), 400


def _post_action(
    action: str, id: str, data: dict[str, Any], form: str
) -> tuple[Any, Any]:
    """Call a curation action from a dataset page's form, as the visitor."""
    if not tk.current_user or tk.current_user.is_anonymous:
        return None, tk.redirect_to(
            "user.login", came_from=tk.h.url_for("dataset.read", id=id)
        )
    try:
        done = tk.get_action(action)({"user": tk.current_user.name}, data)
    except tk.ObjectNotFound:
        return None, tk.abort(404, _("Dataset not found"))
    except tk.NotAuthorized as error:
        return None, tk.abort(403, str(error))
    except tk.ValidationError as error:
        return None, _again(id, form, error)
    return done, None


@imnet_curation.route("/dataset/<id>/review", methods=["POST"])
def review(id: str) -> Any:
    """The dataset page's review form: mark reviewed or request changes."""
    form = tk.request.form
    done, answer = _post_action(
        "imnet_dataset_review",
        id,
        {"id": id, "state": form.get("state", ""), "comment": form.get("comment", "")},
        "review",
    )
    if answer is not None:
        return answer
    tk.h.flash_success(_("Review saved; the data owners are told."))
    return tk.redirect_to("dataset.read", id=done["name"])


@imnet_curation.route("/dataset/<id>/endorse", methods=["POST"])
def endorse(id: str) -> Any:
    """The dataset page's endorsement form: endorse or withdraw, with a note."""
    form = tk.request.form
    done, answer = _post_action(
        "imnet_dataset_endorse",
        id,
        {
            "id": id,
            "endorsed": form.get("endorsed", "true"),
            "note": form.get("note", ""),
        },
        "endorse",
    )
    if answer is not None:
        return answer
    if done["endorsed"]:
        tk.h.flash_success(_("Endorsed as a baseline dataset."))
    else:
        tk.h.flash_success(_("Endorsement withdrawn."))
    return tk.redirect_to("dataset.read", id=done["name"])
