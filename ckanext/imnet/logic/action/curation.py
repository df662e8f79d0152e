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

from ckanext.imnet.access import policy
from ckanext.imnet.curation import review, workspace
from ckanext.imnet.logic import schema

from ._common import actor, validate

__all__ = [
    "imnet_curation_summary",
    "imnet_curation_list",
    "imnet_curation_bulk",
    "organisation_of",
]

_ = tk._

# At most this many datasets in one bulk action.
BULK_MAX = 100


def organisation_of(context: Context, name_or_id: str | None) -> dict[str, Any] | None:
    """The organisation of a workspace (``organization_show`` as the caller:
    an unknown one is not found), or ``None`` for the whole catalogue."""
    if not name_or_id:
        return None
    return tk.get_action("organization_show")(
        {"user": context.get("user", "")},
        {
            "id": name_or_id,
            "include_datasets": False,
            "include_dataset_count": False,
            "include_extras": False,
            "include_users": False,
            "include_groups": False,
            "include_tags": False,
            "include_followers": False,
        },
    )


@tk.side_effect_free
def imnet_curation_summary(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The curation workspace's counts: how many datasets are in each
    freshness state, completeness band and review state, and how many links
    failed their last check -- of one organisation's datasets, or of the whole
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
        "lists": ["freshness:delinquent", ...]}``
    :rtype: dictionary
    """
    tk.check_access("imnet_curation_summary", context, data_dict)
    data = validate(context, data_dict, schema.curation_summary)
    org = organisation_of(context, data.get("organization"))
    org_id = org["id"] if org else None
    report = tk.get_action("imnet_link_report")(
        {"user": context.get("user", "")},
        {"organization": org_id, "limit": 1000} if org_id else {"limit": 1000},
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
        "title_my", "owner_org", "organization", "sensitivity", "private",
        "freshness", "completeness", "review_state" (for those who see
        review), "metadata_modified"}]}``
    :rtype: dictionary
    """
    tk.check_access("imnet_curation_list", context, data_dict)
    data = validate(context, data_dict, schema.curation_list)
    org = organisation_of(context, data.get("organization"))
    org_id = org["id"] if org else None
    user = actor(context)
    chosen = workspace.work_list(data["list"])
    reviewer = workspace.may_see_review(user, org_id)
    if chosen is None or (chosen.group == "review" and not reviewer):
        raise tk.ValidationError({"list": [_("There is no such list")]})
    page = workspace.list_page(context, org_id, chosen, data["offset"], data["limit"])
    if not reviewer:
        for row in page["results"]:
            row.pop(review.INDEX_FIELD, None)
    return page


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


def _message(error: Exception) -> str:
    """One sentence for a dataset the bulk action could not change."""
    if isinstance(error, tk.ObjectNotFound):
        return _("Dataset not found")
    if isinstance(error, tk.ValidationError):
        messages: list[str] = []
        for value in (error.error_dict or {}).values():
            items = value if isinstance(value, list) else [value]
            messages.extend(str(item) for item in items)
        return " ".join(messages) or _("The dataset could not be changed")
    return str(error) or _("You may not do this")


def imnet_curation_bulk(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Apply one curation action to several datasets: confirm them as
    current, mark them reviewed, or change their sensitivity.

    Each dataset goes through the same action as on its own page
    (``imnet_dataset_confirm_current``, ``imnet_dataset_review``,
    ``package_patch``), authorised and audited one by one; a dataset that
    cannot be changed is reported and does not stop the others.

    :param ids: the datasets' ids or names (at most 100)
    :type ids: list of strings
    :param operation: ``confirm_current``, ``mark_reviewed`` or
        ``change_sensitivity``
    :type operation: string
    :param note: for ``confirm_current``: why they are still current
        (optional)
    :type note: string
    :param comment: for ``mark_reviewed``: the reviewer's comment (optional)
    :type comment: string
    :param sensitivity: for ``change_sensitivity``: the new level
        (``public``, ``restricted``, ``confidential``,
        ``strictly_confidential``)
    :type sensitivity: string
    :param sensitivity_rationale: for ``change_sensitivity``: why access is
        limited (needed for a level above public when a dataset has none)
    :type sensitivity_rationale: string
    :returns: ``{"operation": "confirm_current", "done": [{"id", "name"}],
        "failed": [{"id": "the id or name given", "message": "..."}]}``
    :rtype: dictionary
    """
    tk.check_access("imnet_curation_bulk", context, data_dict)
    ids = _ids(data_dict)
    data = validate(
        context,
        {k: v for k, v in data_dict.items() if k != "ids"},
        schema.curation_bulk,
    )
    operation = data["operation"]
    if operation not in workspace.BULK_OPERATIONS:
        raise tk.ValidationError({"operation": [_("There is no such action")]})
    if operation == "change_sensitivity" and data.get("sensitivity") not in (
        policy.LEVELS
    ):
        raise tk.ValidationError({"sensitivity": [_("Choose a sensitivity level")]})
    done: list[dict[str, str]] = []
    failed: list[dict[str, str]] = []
    for dataset_id in ids:
        action, step_data = _step(operation, data, dataset_id)
        try:
            result = tk.get_action(action)({"user": context.get("user", "")}, step_data)
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError) as error:
            model.Session.rollback()
            failed.append({"id": dataset_id, "message": _message(error)})
            continue
        done.append({"id": result["id"], "name": result["name"]})
    return {"operation": operation, "done": done, "failed": failed}
