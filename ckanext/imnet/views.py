"""Pages of ckanext-imnet: township autocomplete, access requests, audit log.

Views parse the request, call an action and render; the actions and the
access policy decide.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

# CKAN's own pager, as its list pages use it (the toolkit does not expose it).
from ckan.lib.pagination import Page
from flask import Blueprint, Response, jsonify

from ckanext.imnet import config, vocab
from ckanext.imnet.access import policy
from ckanext.imnet.assessments.import_views import imnet_assessment_import
from ckanext.imnet.curation.views import imnet_curation
from ckanext.imnet.curation.workspace_views import imnet_curation_workspace
from ckanext.imnet.gaps.views import imnet_gaps
from ckanext.imnet.helpers import township_label
from ckanext.imnet.inventory.views import imnet_inventory

__all__ = [
    "imnet",
    "imnet_curation",
    "imnet_curation_workspace",
    "imnet_inventory",
    "imnet_gaps",
    "imnet_assessment_import",
]

imnet = Blueprint("imnet", __name__)

_ = tk._
_MAX_SUGGESTIONS = 20
STEPS = ("approve", "reject", "request_info", "respond", "withdraw", "revoke")
_PAGE_SIZE = 25


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user else ""}


def _login_required() -> Response | None:
    if not tk.current_user or tk.current_user.is_anonymous:
        return tk.redirect_to("user.login", came_from=tk.request.full_path)
    return None


@imnet.route("/imnet/api/townships")
def townships() -> Response:
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
        found.append({"Name": place.pcode, "label": township_label(place, lang)})
        if len(found) >= _MAX_SUGGESTIONS:
            break
    return jsonify({"ResultSet": {"Result": found}})


# -- the IM Network vocabulary -------------------------------------------------


@imnet.route("/ns/imnet")
@imnet.route("/ns/imnet.ttl")
@imnet.route("/ns/imnet/<path:concept>")
def namespace(concept: str = "") -> Response:
    """The namespace of the DCAT profile: properties and concept schemes, Turtle."""
    from ckanext.imnet.dcat import vocabulary

    text = vocabulary.vocabulary_graph().serialize(format="turtle")
    return Response(text, mimetype="text/turtle")


# -- DCAT endpoints --------------------------------------------------------------

# ckanext-dcat's routes take any extension (``/catalog.<_format>``,
# ``/dataset/<id>.<_format>``) and hand it to rdflib, which has no serialiser
# for most (``csv``, ``json``, ``html``): those were server errors.
_DCAT_ENDPOINTS = frozenset(
    {"dcat.read_catalog", "dcat.read_dataset", "dcat.read_dataset_series"}
)


@imnet.before_app_request
def dcat_formats() -> None:
    """A DCAT route with a format ckanext-dcat does not serve is not found (404)."""
    if tk.request.endpoint not in _DCAT_ENDPOINTS:
        return
    requested = (tk.request.view_args or {}).get("_format")
    if requested is None:
        return  # content negotiation: ckanext-dcat reads the Accept header
    from ckanext.dcat.utils import CONTENT_TYPES

    if requested not in CONTENT_TYPES:
        tk.abort(
            404,
            _('There is no "{format}" version: DCAT is served as {formats}').format(
                format=requested,
                formats=", ".join(f".{name}" for name in CONTENT_TYPES),
            ),
        )


# -- requesting access ---------------------------------------------------------


@imnet.route("/dataset/<id>/request-access", methods=["GET", "POST"])
def request_new(id: str) -> Any:
    """The request form of a dataset."""
    context = _context()
    try:
        dataset = tk.get_action("package_show")(context, {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, _("Dataset not found"))
    # An assessment (or a harvest source) has no data to ask for; sysadmins
    # pass the auth function, so the page asks the policy itself.
    if not policy.is_im_dataset(dataset):
        return tk.abort(404, _("Dataset not found"))
    level = policy.level_of(dataset)
    user = tk.current_user if not tk.current_user.is_anonymous else None
    refusal = None
    try:
        tk.check_access("imnet_access_request_create", context, {"id": dataset["id"]})
    except tk.ObjectNotFound:
        return tk.abort(404, _("Dataset not found"))
    except tk.NotAuthorized as error:
        refusal = str(error) or policy.request_refusal(user, dataset)
    data: dict[str, Any] = {
        "organization": ", ".join(
            o["display_name"]
            for o in tk.get_action("organization_list_for_user")(
                context, {"permission": "read"}
            )
        )
        if user
        else "",
        "days": config.default_days(level) if level in policy.REQUESTABLE else "",
    }
    errors: dict[str, Any] = {}
    if tk.request.method == "POST" and refusal is None:
        form = tk.request.form
        data = {
            "id": dataset["id"],
            "purpose": form.get("purpose", ""),
            "organization": form.get("organization", ""),
            "days": form.get("days", ""),
            "accept_conditions": form.get("accept_conditions", ""),
        }
        try:
            created = tk.get_action("imnet_access_request_create")(context, data)
        except tk.ValidationError as error:
            errors = error.error_dict
        except tk.ObjectNotFound:
            return tk.abort(404, _("Dataset not found"))
        except tk.NotAuthorized as error:
            refusal = str(error)
        else:
            tk.h.flash_success(
                _("Your request was sent. You will hear by email when it is decided.")
            )
            return tk.redirect_to("imnet.request_read", id=created["id"])
    return tk.render(
        "imnet/request_form.html",
        {
            "pkg": dataset,
            "level": level,
            "data": data,
            "errors": errors,
            "refusal": refusal,
            "site_terms": config.site_terms(config.request_locale()),
            "owner_has_approvers": policy.owner_has_approvers(dataset),
            "max_days": config.max_days(level) if level in policy.REQUESTABLE else None,
        },
    )


@imnet.route("/data-requests/<id>")
def request_read(id: str) -> Any:
    """A request with its history and the steps the visitor may take."""
    if (redirect := _login_required()) is not None:
        return redirect
    try:
        request = tk.get_action("imnet_access_request_show")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, _("Request not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    return tk.render(
        "imnet/request_read.html",
        {"request": request, "errors": {}, "failed_step": None, "posted": {}},
    )


def _done_message(step: str, request: dict[str, Any]) -> str:
    """What a step did, in words the user understands."""
    if step == "approve":
        if request["state"] == "approved":
            return _("Approved until {date}. The requester is told by e-mail.").format(
                date=tk.h.render_datetime(request["expires_at"])
            )
        waiting = (
            _("the data owner's approval")
            if "owner" in request["missing_approvals"]
            else _("a MIMU administrator's approval")
        )
        return _("Your approval is recorded. The request now waits for {who}.").format(
            who=waiting
        )
    return {
        "reject": _("Rejected. The requester is told why by e-mail."),
        "request_info": _("Your question was sent to the requester."),
        "respond": _("Your answer was sent; the request waits for a decision again."),
        "withdraw": _("Your request was withdrawn."),
        "revoke": _("Access revoked. The holder is told why by e-mail."),
    }[step]


@imnet.route("/data-requests/<id>/<step>", methods=["POST"])
def request_step(id: str, step: str) -> Any:
    """Approve, reject, ask for information, answer, withdraw or revoke."""
    if step not in STEPS:
        return tk.abort(404, _("Unknown step"))
    if (redirect := _login_required()) is not None:
        return redirect
    form = tk.request.form
    data = {"id": id}
    if step in ("reject", "request_info", "revoke"):
        data["reason"] = form.get("reason", "")
    if step == "respond":
        data["answer"] = form.get("answer", "")
    if step == "approve" and form.get("days", "").strip():
        data["days"] = form["days"]
    context = _context()
    try:
        done = tk.get_action(f"imnet_access_request_{step}")(context, data)
    except tk.ObjectNotFound:
        return tk.abort(404, _("Request not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        request = tk.get_action("imnet_access_request_show")(context, {"id": id})
        return tk.render(
            "imnet/request_read.html",
            {
                "request": request,
                "errors": error.error_dict,
                "failed_step": step,
                "posted": form.to_dict(),
            },
        )
    tk.h.flash_success(_done_message(step, done))
    return tk.redirect_to("imnet.request_read", id=id)


def _list(role: str, template: str) -> Any:
    if (redirect := _login_required()) is not None:
        return redirect
    args = tk.request.args
    page = max(1, tk.h.get_page_number(args))
    params = {
        "role": role,
        "limit": _PAGE_SIZE,
        "offset": (page - 1) * _PAGE_SIZE,
    }
    if args.get("state"):
        params["state"] = args["state"]
    if args.get("dataset"):
        params["package_id"] = args["dataset"]
    if role == "review" and args.get("awaiting") == "me":
        params["awaiting_me"] = True
    try:
        result = tk.get_action("imnet_access_request_list")(_context(), params)
    except tk.ValidationError:
        # Filters come from the page's pickers; a tampered one is dropped.
        tk.h.flash_error(_("That filter is not valid; all requests are shown."))
        for key in ("state", "package_id", "awaiting_me"):
            params.pop(key, None)
        result = tk.get_action("imnet_access_request_list")(_context(), params)
    return tk.render(
        template,
        {
            "result": result,
            "state": args.get("state", ""),
            "dataset": args.get("dataset", ""),
            "awaiting": args.get("awaiting", ""),
            "page": Page(
                collection=result["results"],
                page=page,
                item_count=result["count"],
                items_per_page=_PAGE_SIZE,
                url=lambda **kw: tk.h.url_for(
                    tk.request.endpoint, **{**args.to_dict(), **kw}
                ),
                presliced_list=True,
            ),
        },
    )


@imnet.route("/dashboard/data-requests")
def my_requests() -> Any:
    """My data requests."""
    return _list("mine", "imnet/requests_mine.html")


@imnet.route("/dashboard/data-reviews")
def review_queue() -> Any:
    """Requests the visitor can decide on."""
    return _list("review", "imnet/review_queue.html")


# -- the audit log -------------------------------------------------------------


def _audit_params() -> dict[str, Any]:
    args = tk.request.args
    return {
        key: args[key]
        for key in ("package_id", "event", "user", "since", "until")
        if args.get(key)
    }


@imnet.route("/ckan-admin/audit-log")
def audit() -> Any:
    """The audit log, filterable, with CSV export."""
    if (redirect := _login_required()) is not None:
        return redirect
    params = _audit_params()
    page = max(1, tk.h.get_page_number(tk.request.args))
    try:
        result = tk.get_action("imnet_audit_list")(
            _context(),
            {**params, "limit": _PAGE_SIZE * 2, "offset": (page - 1) * _PAGE_SIZE * 2},
        )
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        return tk.render(
            "imnet/audit.html",
            {
                "result": {"count": 0, "results": []},
                "filters": params,
                "errors": error.error_dict,
                "page": None,
            },
        )
    return tk.render(
        "imnet/audit.html",
        {
            "result": result,
            "filters": params,
            "errors": {},
            "page": Page(
                collection=result["results"],
                page=page,
                item_count=result["count"],
                items_per_page=_PAGE_SIZE * 2,
                url=lambda **kw: tk.h.url_for(
                    "imnet.audit", **{**tk.request.args.to_dict(), **kw}
                ),
                presliced_list=True,
            ),
        },
    )


@imnet.route("/ckan-admin/audit-log.csv")
def audit_csv() -> Any:
    if (redirect := _login_required()) is not None:
        return redirect
    try:
        text = tk.get_action("imnet_audit_export")(_context(), _audit_params())
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        return tk.abort(400, str(error.error_dict))
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=imnet-audit-log.csv"},
    )


@imnet.route("/ckan-admin/notifications")
def mail_status() -> Any:
    """The notification outbox, for MIMU admins: what waits, what failed."""
    if (redirect := _login_required()) is not None:
        return redirect
    try:
        status = tk.get_action("imnet_mail_status")(_context(), {})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    return tk.render("imnet/mail_status.html", {"status": status})
