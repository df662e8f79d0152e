"""The curation workspace's actions: its counts, its lists, its bulk actions.

Counts and lists are searches run as the curator (``curation.workspace``);
a bulk action calls, for each dataset, the same action as the dataset page
(confirm current, review, ``package_patch``), so each is authorised and
audited as if done one by one.
"""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.curation import review, workspace
from ckanext.imnet.logic import schema

from ._common import actor, organisation, validate

__all__ = [
    "imnet_curation_summary",
    "imnet_curation_list",
    "imnet_curation_bulk",
    "organisation_of",
]

_ = tk._

# At most this many datasets in one bulk action.
BULK_MAX = 100
# At most this many characters in a note or comment (as the single actions).
TEXT_MAX = 2000


def _organization_given(data_dict: DataDict) -> None:
    """An ``organization`` that is not text is a mistake in the call."""
    given = data_dict.get("organization")
    if given is not None and not isinstance(given, str):
        raise tk.ValidationError({"organization": [_("Must be text")]})


def organisation_of(context: Context, name_or_id: str | None) -> dict[str, Any] | None:
    """The organisation of a workspace (``organization_show`` as the caller:
    an unknown one is not found), or ``None`` for the whole catalogue."""
    if not name_or_id:
        return None
    return organisation(context, name_or_id)


@tk.side_effect_free
def imnet_curation_summary(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The curation workspace's counts: how many datasets are in each
    freshness state, completeness band and review state, how many links
    failed their last check, and how many of the registry's assessments have
    an overdue status -- of one organisation's datasets, or of the whole
    catalogue, as far as the caller may see them.

    For MIMU admins (the whole catalogue, any organisation) and an
    organisation's admins and editors (their organisation). Review counts
    are given to those who may search on the review state (MIMU admins, the
    organisation's own curators), ``null`` otherwise.

    :param organization: the organisation's id or name (optional; without
        it, the whole catalogue -- MIMU admins only)
    :type organization: string
    :returns: ``{"organization": "unicef-myanmar" or null, "count": 42,
        "freshness": {"fresh": 30, "due": 5, "overdue": 4, "delinquent": 3},
        "completeness": {"average": 81.5, "bands": {"high", "medium", "low"}},
        "review": {"unreviewed", "changes_requested", "reviewed"} or null,
        "broken_links": {"links": 2, "datasets": 1},
        "assessments": {"start": 1, "end": 2, "overdue": 3},
        "lists": ["freshness:delinquent", ...]}`` -- ``assessments``: the
        registry's assessments whose status is overdue, planned past their
        start and ongoing past their end
        (``/assessment/?q=assessment_start_overdue:[* TO NOW]`` lists them)
    :rtype: dictionary
    """
    _organization_given(data_dict)
    tk.check_access("imnet_curation_summary", context, data_dict)
    data = validate(context, data_dict, schema.curation_summary)
    org = organisation_of(context, data.get("organization"))
    org_id = org["id"] if org else None
    link_report = tk.get_action("imnet_link_report")
    scope = {"organization": org_id} if org_id else {}

    def report(offset: int) -> dict[str, Any]:
        return link_report(
            {"user": context.get("user", "")},
            {**scope, "limit": 1000, "offset": offset},
        )

    user = actor(context)
    counts = workspace.summary(context, user, org_id, report)
    return {
        "organization": org["name"] if org else None,
        **counts,
        "lists": [
            found.key
            for found in workspace.LISTS
            if found.group != "review" or workspace.may_see_review(user, org_id)
        ]
        + [workspace.LINKS],
    }


@tk.side_effect_free
def imnet_curation_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One list of the curation workspace: the datasets in a freshness state,
    a completeness band or a review state, most urgent first, as far as the
    caller may see them.

    Same callers as ``imnet_curation_summary``. The broken links are listed
    by ``imnet_link_report``.

    :param list: ``freshness:delinquent``, ``freshness:overdue``,
        ``freshness:due``, ``freshness:fresh``, ``completeness:low``,
        ``completeness:medium``, ``completeness:high``,
        ``review:unreviewed``, ``review:changes_requested`` or
        ``review:reviewed`` (the review lists for those who see review)
    :type list: string
    :param organization: the organisation's id or name (optional; without
        it, the whole catalogue)
    :type organization: string
    :param limit: at most this many datasets (default 25, at most 1000)
    :type limit: int
    :param offset: skip this many (default 0)
    :type offset: int
    :returns: ``{"count": 4, "results": [{"id", "name", "title",
        "title_my", "organization" (its name), "organization_title",
        "private", "sensitivity", "freshness", "completeness",
        "review_state" (for those who see review), "metadata_modified"}]}``
    :rtype: dictionary
    """
    _organization_given(data_dict)
    tk.check_access("imnet_curation_list", context, data_dict)
    data = validate(context, data_dict, schema.curation_list)
    org = organisation_of(context, data.get("organization"))
    org_id = org["id"] if org else None
    user = actor(context)
    chosen = workspace.work_list(data["list"])
    reviewer = workspace.may_see_review(user, org_id)
    if chosen is None or (chosen.group == "review" and not reviewer):
        raise tk.ValidationError({"list": [_("There is no such list")]})
    return workspace.list_page(
        context, org_id, chosen, data["offset"], data["limit"], reviewer
    )


def _ids(data_dict: DataDict) -> list[str]:
    """The datasets of a bulk action: a list of ids or names (a form's
    repeated field, or a JSON list)."""
    given = data_dict.get("ids")
    if isinstance(given, str):
        given = [given]
    if not isinstance(given, list | tuple) or not given:
        raise tk.ValidationError({"ids": [_("Select at least one dataset")]})
    if len(given) > BULK_MAX:
        raise tk.ValidationError(
            {"ids": [_("At most {max} datasets at a time").format(max=BULK_MAX)]}
        )
    ids = []
    for value in given:
        if not isinstance(value, str) or not value.strip() or len(value) > 100:
            raise tk.ValidationError({"ids": [_("Not a dataset id or name")]})
        ids.append(value.strip())
    return list(dict.fromkeys(ids))


def _texts(data_dict: DataDict) -> None:
    """The bulk action's texts: text, and notes and comments no longer than
    a single action takes."""
    errors: dict[str, list[str]] = {}
    for field in (
        "operation",
        "note",
        "comment",
        "sensitivity",
        "sensitivity_rationale",
        "organization",
    ):
        value = data_dict.get(field)
        if value is not None and not isinstance(value, str):
            errors[field] = [_("Must be text")]
        elif field in ("note", "comment") and len(value or "") > TEXT_MAX:
            errors[field] = [_("Must be at most {max} characters").format(max=TEXT_MAX)]
    if errors:
        raise tk.ValidationError(errors)


def _step(operation: str, data: dict[str, Any], dataset_id: str) -> tuple[str, dict]:
    """The single action a bulk operation runs for one dataset, and its data."""
    if operation == "confirm_current":
        return "imnet_dataset_confirm_current", {
            "id": dataset_id,
            "note": data.get("note", ""),
        }
    if operation == "mark_reviewed":
        return "imnet_dataset_review", {
            "id": dataset_id,
            "state": review.REVIEWED,
            "comment": data.get("comment", ""),
        }
    patch = {"id": dataset_id, "sensitivity": data["sensitivity"]}
    if data.get("sensitivity_rationale"):
        patch["sensitivity_rationale"] = data["sensitivity_rationale"]
    return "package_patch", patch


def _refusal(user: Any, dataset: dict[str, Any] | None, org: Any) -> str | None:
    """Why a dataset is not one a bulk action of this workspace acts upon, or
    ``None``: one the user may not see, or not an IM dataset, is not found
    (as a missing one); a deleted one, or another organisation's, is said so."""
    if (
        dataset is None
        or not policy.can_see_metadata(user, dataset)
        or not policy.is_im_dataset(dataset)
    ):
        return _("Dataset not found")
    if dataset.get("state") != "active":
        return _("The dataset is deleted")
    if org is not None and dataset.get("owner_org") != org["id"]:
        return _("Not a dataset of {organization}").format(
            organization=org.get("title") or org["name"]
        )
    return None


def _message(action: str, error: Exception) -> str:
    """One sentence for a dataset the bulk action could not change."""
    if isinstance(error, tk.ObjectNotFound):
        return _("Dataset not found")
    if isinstance(error, tk.ValidationError):
        messages: list[str] = []
        for value in (error.error_dict or {}).values():
            items = value if isinstance(value, list) else [value]
            messages.extend(str(item) for item in items)
        return " ".join(messages) or _("The dataset could not be changed")
    text = str(error)
    if action == "package_patch" and (not text or "not authorized" in text):
        # Core's refusal names the user and the dataset's id.
        return _("Only its data owners and MIMU administrators may edit this dataset")
    return text or _("You may not do this")


def imnet_curation_bulk(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Apply one curation action to several datasets: confirm them as
    current, mark them reviewed, or change their sensitivity.

    Each dataset goes through the same action as on its own page
    (``imnet_dataset_confirm_current``, ``imnet_dataset_review``,
    ``package_patch``), authorised and audited one by one; a dataset that
    cannot be changed is reported and does not stop the others. A dataset
    the user may not see, or that is not an IM dataset, is not found; a
    deleted one is refused; the same dataset named twice (by id and name) is
    done once.

    :param ids: the datasets' ids or names (at most 100)
    :type ids: list of strings
    :param operation: ``confirm_current``, ``mark_reviewed`` or
        ``change_sensitivity``
    :type operation: string
    :param organization: only datasets of this organisation (id or name;
        optional: the workspace of an organisation sends it)
    :type organization: string
    :param note: for ``confirm_current``: why they are still current
        (optional, at most 2000 characters)
    :type note: string
    :param comment: for ``mark_reviewed``: the reviewer's comment (optional,
        at most 2000 characters)
    :type comment: string
    :param sensitivity: for ``change_sensitivity``: the new level
        (``public``, ``restricted``, ``confidential``,
        ``strictly_confidential``)
    :type sensitivity: string
    :param sensitivity_rationale: for ``change_sensitivity``: why access is
        limited (needed for a level above public when a dataset has none)
    :type sensitivity_rationale: string
    :returns: ``{"operation": "confirm_current", "done": [{"id", "name",
        "title", "title_my"}], "failed": [{"id": "the id or name given",
        "title", "title_my" (where the user sees the dataset, else null),
        "message": "..."}]}``
    :rtype: dictionary
    """
    tk.check_access("imnet_curation_bulk", context, data_dict)
    ids = _ids(data_dict)
    _texts(data_dict)
    data = validate(
        context,
        {k: v for k, v in data_dict.items() if k not in ("ids", "organization")},
        schema.curation_bulk,
    )
    operation = data["operation"]
    if operation not in workspace.BULK_OPERATIONS:
        raise tk.ValidationError({"operation": [_("There is no such action")]})
    if operation == "change_sensitivity" and data.get("sensitivity") not in (
        policy.LEVELS
    ):
        raise tk.ValidationError({"sensitivity": [_("Choose a sensitivity level")]})
    org = organisation_of(context, data_dict.get("organization"))
    user = actor(context)
    done: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    seen: set[str] = set()
    for given in ids:
        dataset = imnet_model.dataset_summary(given)
        refusal = _refusal(user, dataset, org)
        visible = refusal != _("Dataset not found")
        title = (
            {"title": dataset["title"], "title_my": dataset["title_my"]}
            if dataset and visible
            else {"title": None, "title_my": None}
        )
        if refusal is not None:
            failed.append({"id": given, **title, "message": refusal})
            continue
        assert dataset is not None
        if dataset["id"] in seen:
            continue
        seen.add(dataset["id"])
        action, step_data = _step(operation, data, dataset["id"])
        try:
            tk.get_action(action)({"user": context.get("user", "")}, step_data)
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError) as error:
            model.Session.rollback()
            failed.append({"id": given, **title, "message": _message(action, error)})
            continue
        done.append({"id": dataset["id"], "name": dataset["name"], **title})
    return {"operation": operation, "done": done, "failed": failed}
