"""Guards in front of the pages of datasets and of the routes to their bytes.

* Every page of a dataset (its page, resources, edit forms, views, activity,
  DCAT) answers for a dataset the visitor may not see -- or one that does not
  exist -- with the same 404 "Dataset not found", before CKAN's own view runs:
  nothing tells the two apart.
* Resource URLs are redacted for users without access (``redaction``); the
  download route, the resource proxy and DataStore dumps are where the bytes
  are, so each request to them is checked against the policy. Refusals
  render a page with the way to request access; downloads of non-public data
  are written to the audit log.
* Previews show the data too: the view pages of a resource (also embedded,
  or given a view to render) and the DataTables view's own endpoints (keyed
  by a view id) are refused the same way, without an audit entry (the bytes
  a preview fetches go through the routes above).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import flask

from ckanext.imnet import model as imnet_model

from . import policy, workflow

__all__ = [
    "DATA_ENDPOINTS",
    "DATASET_ENDPOINTS",
    "PREVIEW_ENDPOINTS",
    "VIEW_ENDPOINTS",
    "check_data_request",
    "check_preview_request",
    "hide_unseen_datasets",
    "register",
]

DATA_ENDPOINTS = frozenset(
    {
        "resource.download",
        "dataset_resource.download",
        "resource_proxy.proxy_view",
        "datastore.dump",
        # ckanext-geoview's proxy to map services (its ``geo_view`` plugin)
        "service_proxy.proxy_service",
    }
)

# The page that renders a resource's preview, on every resource blueprint.
PREVIEW_ENDPOINTS = frozenset({"resource.view", "dataset_resource.view"})

# Routes of a preview keyed by the view's id (ckanext-datatablesview).
VIEW_ENDPOINTS = frozenset({"datatablesview.ajax", "datatablesview.filtered_download"})


# Pages of a dataset outside the dataset blueprints: (endpoint, argument).
DATASET_ENDPOINTS = {
    "activity.package_history": "id",
    "activity.resource_history": "id",
    "activity.package_activity": "id",
    "imnet.request_new": "id",
    "dcat.read_dataset": "_id",
    "xloader.resource_data": "id",
    "xloader.delete_datastore_table": "id",
}


def _dataset_argument() -> str | None:
    """The view argument naming a dataset on this route, if any."""
    endpoint = flask.request.endpoint or ""
    if endpoint in DATASET_ENDPOINTS:
        return DATASET_ENDPOINTS[endpoint]
    blueprint = flask.request.blueprint or ""
    types = set(getattr(tk.h, "scheming_dataset_schemas", lambda: {})() or {})
    dataset_blueprints = {"dataset", "resource", *types}
    dataset_blueprints |= {f"{t}_resource" for t in dataset_blueprints}
    if blueprint in dataset_blueprints and "id" in (flask.request.view_args or {}):
        return "id"
    return None


def hide_unseen_datasets() -> Any:
    """``before_request``: a dataset page of a dataset the visitor may not see,
    or that does not exist, is a 404 "Dataset not found"."""
    argument = _dataset_argument()
    if argument is None:
        return None
    value = (flask.request.view_args or {}).get(argument)
    dataset = imnet_model.dataset_summary(str(value)) if value else None
    if dataset is not None and policy.can_see_metadata(_current_user(), dataset):
        return None
    return tk.abort(404, tk._("Dataset not found"))


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
        if flask.request.endpoint == "datastore.dump":
            # CKAN 2.12's dump checks access expecting only "not authorized"
            # (2.11's also took "not found"): its answer for a missing table.
            return tk.abort(404, tk._("DataStore resource not found"))
        return None
    if policy.can_get_data(user, dataset):
        if flask.request.endpoint.endswith(".download") and not _has_data(
            str(resource_id)
        ):
            # CKAN would redirect to an empty URL (a 500): a resource kept as
            # metadata only, e.g. harvested data that is not open here.
            tk.abort(404, tk._("This resource has no file or link here."))
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
    return _refusal(user, dataset)


def _has_data(resource_id: str) -> bool:
    """Whether a resource has a file or a link to download."""
    from ckan import model

    resource = model.Resource.get(resource_id)
    return resource is not None and bool(resource.url or resource.url_type == "upload")


def _refusal(user: Any, dataset: dict[str, Any]) -> flask.Response:
    """The "request access" page, as a 403."""
    body = tk.render(
        "imnet/access_denied.html",
        {
            "dataset": dataset,
            "refusal": policy.request_refusal(user, dataset),
            "level": policy.level_of(dataset),
        },
    )
    return flask.make_response(body, 403)


def _is_preview_endpoint(endpoint: str) -> bool:
    """True for a resource blueprint's view page (``<type>_resource.view`` too)."""
    return endpoint in PREVIEW_ENDPOINTS or endpoint.endswith("_resource.view")


def check_preview_request() -> Any:
    """``before_request``: previews only for users who may get the data.

    A view of a dataset the user may not see answers as a missing view.
    """
    endpoint = flask.request.endpoint or ""
    args = flask.request.view_args or {}
    if endpoint in VIEW_ENDPOINTS:
        dataset = imnet_model.dataset_of_view(str(args.get("resource_view_id") or ""))
    elif _is_preview_endpoint(endpoint):
        dataset = imnet_model.dataset_of_resource(str(args.get("resource_id") or ""))
    else:
        return None
    user = _current_user()
    if endpoint in VIEW_ENDPOINTS and (
        dataset is None or not policy.can_see_metadata(user, dataset)
    ):
        # CKAN's endpoint fails on an unknown view: both get this 404.
        return flask.make_response({"error": "Object not found"}, 404)
    if dataset is None or not policy.can_see_metadata(user, dataset):
        return None  # CKAN's 404, from ``hide_unseen_datasets`` for a hidden one
    if policy.can_get_data(user, dataset):
        return None
    return _refusal(user, dataset)


def register(app: flask.Flask) -> flask.Flask:
    """Install the guards in front of every view."""
    app.before_request(hide_unseen_datasets)
    app.before_request(check_data_request)
    app.before_request(check_preview_request)
    return app
