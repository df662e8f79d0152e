"""A file field sent without a file is no data, whatever the browser sent.

A resource form whose file field was left alone still sends that field, as a
part with no file name. CKAN's "new resource" view counts any file part as
data, so *Finish* on an untouched resource form made a resource with neither
a name nor a link. The form's script leaves such a field out of the post
(``imnet-no-empty-upload.js``), but a click before the page's scripts have
started -- or a browser without them -- still sent it. This ``before_request``
drops file parts without a file name from every form post, so the view sees
what the user gave: nothing, and goes on as CKAN does when no data was given.
"""

from __future__ import annotations

from typing import Any

import flask
from werkzeug.datastructures import ImmutableMultiDict

__all__ = ["drop_empty_file_parts", "register"]


def drop_empty_file_parts() -> Any:
    """``before_request``: a form post's file parts without a file are dropped."""
    request = flask.request
    if request.method not in ("POST", "PUT") or request.mimetype != (
        "multipart/form-data"
    ):
        return None
    parts = list(request.files.items(multi=True))
    kept = [(name, part) for name, part in parts if part.filename]
    if len(kept) < len(parts):
        # werkzeug keeps the parsed parts in the request's ``files`` slot.
        request._get_current_object().__dict__["files"] = ImmutableMultiDict(kept)  # type: ignore[attr-defined]
    return None


def register(app: flask.Flask) -> flask.Flask:
    """Install the clean-up in front of every view."""
    app.before_request(drop_empty_file_parts)
    return app
