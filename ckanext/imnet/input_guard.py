"""Text that PostgreSQL cannot store is refused at the door, on every route.

PostgreSQL cannot store the NUL character in text, nor a lone UTF-16
surrogate (``\\ud800`` in a JSON body: half of a character, which has no
UTF-8 form): any parameter carrying one would end as a database error (a 500)
wherever it reached a query. Requests whose query string, form or JSON body
holds one get a 400 with a message instead -- in the API's JSON shape for API
calls.
"""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
import flask

__all__ = ["refuse_unstorable_text", "register"]

_NUL = "\x00"
_SURROGATE = re.compile("[\ud800-\udfff]")
_API_ACTION = re.compile(r"^/api/(?:(\d+)/)?action/([\w-]+)")


def _texts(value: Any) -> list[str]:
    """Every string in a parameter's value: itself, or the keys and values
    of a JSON object or list, however deep."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _texts(k) + _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _refusal(texts: list[str]) -> str | None:
    """The message for the first kind of unstorable text found, if any."""
    if any(_NUL in text for text in texts):
        return tk._("The request contains a NUL character, which text may not hold.")
    if any(_SURROGATE.search(text) for text in texts):
        return tk._(
            "The request contains half of a character (a lone UTF-16 "
            "surrogate, such as \\ud800), which text may not hold."
        )
    return None


def refuse_unstorable_text() -> Any:
    """``before_request``: a 400 for any parameter holding a NUL character or
    a lone surrogate."""
    request = flask.request
    # Every value of a repeated parameter (``?q=a&q=b``): CKAN's search
    # pages read them all.
    values: list[Any] = [v for _, vs in request.args.lists() for v in vs]
    values += list((request.view_args or {}).values())
    if request.method in ("POST", "PUT", "PATCH"):
        if request.is_json:
            values.append(request.get_json(silent=True))
        else:
            values += [v for _, vs in request.form.lists() for v in vs]
    message = _refusal([text for value in values for text in _texts(value)])
    if message is None:
        return None
    if request.path.startswith("/api/"):
        body: dict[str, Any] = {
            "success": False,
            "error": {"__type": "Bad Request", "message": message},
        }
        action = _API_ACTION.match(request.path)
        if action:  # as CKAN's API answers an error: where the action's help is
            body["help"] = tk.url_for(
                "api.action",
                ver=int(action.group(1) or 3),
                logic_function="help_show",
                name=action.group(2),
                _external=True,
            )
        return flask.make_response(flask.jsonify(body), 400)
    return tk.abort(400, message)


def register(app: flask.Flask) -> flask.Flask:
    """Install the check in front of every view."""
    app.before_request(refuse_unstorable_text)
    return app
