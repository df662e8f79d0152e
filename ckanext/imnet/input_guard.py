"""Text with a NUL character is refused at the door, on every route.

PostgreSQL cannot store the NUL character in text: any parameter carrying one
would end as a database error (a 500) wherever it reached a query. Requests
whose query string, form or JSON body holds one get a 400 with a message
instead -- in the API's JSON shape for API calls.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import flask

__all__ = ["refuse_nul_characters", "register"]


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def refuse_nul_characters() -> Any:
    """``before_request``: a 400 for any parameter that holds a NUL character."""
    request = flask.request
    values: list[Any] = list(request.args.values())
    values += list((request.view_args or {}).values())
    if request.method in ("POST", "PUT", "PATCH"):
        if request.is_json:
            values.append(request.get_json(silent=True))
        else:
            values += list(request.form.values())
    if not any(_holds_nul(v) for v in values):
        return None
    message = tk._("The request contains a NUL character, which text may not hold.")
    if request.path.startswith("/api/"):
        body = {
            "success": False,
            "error": {"__type": "Bad Request", "message": message},
        }
        return flask.make_response(flask.jsonify(body), 400)
    return tk.abort(400, message)


def register(app: flask.Flask) -> flask.Flask:
    """Install the check in front of every view."""
    app.before_request(refuse_nul_characters)
    return app
