"""A resource form sent without data adds none, whatever the browser sent.

A resource form whose file field was left alone still sends that field, as a
part with no file name. CKAN's "new resource" view counts any file part as
data, so *Finish* on an untouched resource form made a resource with neither
a name nor a link. The form's script leaves such a field out of the post
(``imnet-no-empty-upload.js``), but a click before the page's scripts have
started -- or a browser without them -- still sent it. This ``before_request``
drops file parts without a file name from every form post, so the view sees
what the user gave: nothing, and goes on as CKAN does when no data was given.

*Upload* then *Cancel* in the file dialog leaves the form's "upload" choice
(``url_type=upload``) on with no file: CKAN then made a resource whose link
was a download of nothing (an error page). A resource form sent with that
choice and no file is read as a link: on a new resource, always; on an
edited one, unless the resource already holds an uploaded file (which is
kept, as when its form is saved without choosing a new one).

*Add* (the resource form of a published dataset) sent with nothing in it
made an empty resource -- CKAN checks for data on the other buttons only.
Such a post adds nothing and returns to the dataset with a notice.

A new-resource form posted by someone who may not add resources to the
dataset gets what the form's page gives them (403, or 404 for a dataset they
may not see): CKAN's view reached ``package_update`` for a post without data
and answered 500.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import flask
from ckan import model
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

__all__ = ["drop_empty_file_parts", "register"]


def drop_empty_file_parts() -> Any:
    """``before_request``: a form post's file parts without a file are
    dropped; a resource form's post is read as the module says."""
    request = flask.request
    if request.method not in ("POST", "PUT"):
        return None
    endpoint = request.endpoint or ""
    if endpoint.endswith("_resource.new") and not _may_add(request):
        # The page of the form answers: 403, or 404 for a hidden dataset.
        view: Any = flask.current_app.view_functions[endpoint]
        return view.view_class().get(**(request.view_args or {}))
    kept: list[tuple[str, Any]] = []
    if request.mimetype == "multipart/form-data":
        parts = list(request.files.items(multi=True))
        kept = [(name, part) for name, part in parts if part.filename]
        if len(kept) < len(parts):
            # werkzeug keeps the parsed parts in the request's ``files``.
            _slots(request)["files"] = ImmutableMultiDict(kept)
    if _an_upload_without_a_file(request, kept):
        form = MultiDict(request.form)
        form["url_type"] = ""
        _slots(request)["form"] = ImmutableMultiDict(form)
    if _an_empty_add(request, kept):
        tk.h.flash_notice(tk._("Nothing was added: the form was empty."))
        package_type = endpoint.rsplit("_resource.", 1)[0]
        dataset = (request.view_args or {}).get("id")
        return tk.redirect_to(f"{package_type}.read", id=dataset)
    return None


def _slots(request: Any) -> dict[str, Any]:
    """Where werkzeug keeps what it parsed of the request (``form``, ``files``)."""
    return request._get_current_object().__dict__


def _may_add(request: Any) -> bool:
    """True if the user may add a resource to the form's dataset."""
    context = {"user": tk.current_user.name, "auth_user_obj": tk.current_user}
    dataset = (request.view_args or {}).get("id")
    try:
        tk.check_access("resource_create", context, {"package_id": dataset})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


# What a resource form sends besides the user's input (CKAN's view skips them
# too when it looks for data).
_NOT_INPUT = frozenset({"save", "id", "resource_type", "_csrf_token"})


def _an_empty_add(request: Any, kept: list[tuple[str, Any]]) -> bool:
    """True for *Add* on a new-resource form with nothing filled in."""
    if not (request.endpoint or "").endswith("_resource.new"):
        return False
    if request.form.get("save") != "go-dataset-complete" or kept:
        return False
    return not any(
        value.strip()
        for key, value in request.form.items(multi=True)
        if key not in _NOT_INPUT
    )


def _an_upload_without_a_file(request: Any, kept: list[tuple[str, Any]]) -> bool:
    """True for a resource form sent with "upload" chosen and no file, unless
    it edits a resource that already holds an uploaded file."""
    endpoint = request.endpoint or ""
    if not endpoint.endswith(("_resource.new", "_resource.edit")):
        return False
    if request.form.get("url_type") != "upload":
        return False
    if any(name == "upload" for name, _part in kept):
        return False
    if endpoint.endswith("_resource.edit"):
        resource = model.Resource.get(str(request.view_args.get("resource_id") or ""))
        return resource is None or resource.url_type != "upload"
    return True


def register(app: flask.Flask) -> flask.Flask:
    """Install the clean-up in front of every view."""
    app.before_request(drop_empty_file_parts)
    return app
