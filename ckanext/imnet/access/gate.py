"""The guard in front of every route that serves a resource's bytes.

Resource URLs are redacted for users without access (``redaction``); the
download route, the resource proxy and DataStore dumps are where the bytes
are, so each request to them is checked against the policy before CKAN's
own view runs. Refusals render a page with the way to request access;
downloads of non-public data are written to the audit log.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import flask

from ckanext.imnet import model as imnet_model

from . import policy, workflow

__all__ = ["DATA_ENDPOINTS", "check_data_request", "register"]

DATA_ENDPOINTS = frozenset(
    {
        "resource.download",
        "dataset_resource.download",
        "resource_proxy.proxy_view",
        "datastore.dump",
    }
)


def _current_user() -> Any:
    user = getattr(tk, "current_user", None)
    if user is None or getattr(user, "is_anonymous", True):
        return None
    return imnet_model.user(user.id)


def check_data_request() -> Any:
    """``before_request``: refuse data routes to users without access."""
    if flask.request.endpoint not in DATA_ENDPOINTS:
        return None
    resource_id = (flask.request.view_args or {}).get("resource_id")
    dataset = imnet_model.dataset_of_resource(resource_id) if resource_id else None
    if dataset is None:
        return None  # CKAN answers 404 itself
    user = _current_user()
    if not policy.can_see_metadata(user, dataset):
        # CKAN answers as for a missing resource (``package_show`` auth says
        # "not found"): nothing tells the two apart.
        return None
    if policy.can_get_data(user, dataset):
        if not policy.is_open_data(dataset):
            workflow.record(
                "download",
                user.id if user else None,
                dataset["id"],
                resource_id=resource_id,
                endpoint=flask.request.endpoint,
            )
            imnet_model.session().commit()
        return None
    body = tk.render(
        "imnet/access_denied.html",
        {
            "dataset": dataset,
            "refusal": policy.request_refusal(user, dataset),
            "level": policy.level_of(dataset),
        },
    )
    return flask.make_response(body, 403)


def register(app: flask.Flask) -> flask.Flask:
    app.before_request(check_data_request)
    return app
