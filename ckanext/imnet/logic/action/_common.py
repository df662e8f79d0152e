"""What the action modules share: the acting user, validation, "not found"."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

__all__ = [
    "actor",
    "validate",
    "not_found",
    "NOT_FOUND",
    "Visibility",
    "replace_in_error",
    "missing_answer",
]

_ = tk._

# What a user is told of a dataset or request they may not see: exactly what
# they are told of one that does not exist.
NOT_FOUND = {
    "dataset": lambda: _("Dataset not found"),
    "request": lambda: _("Request not found"),
}


def not_found(kind: str) -> tk.ObjectNotFound:
    """The error for an unknown (or invisible) ``dataset`` or ``request``."""
    return tk.ObjectNotFound(NOT_FOUND[kind]())


def actor(context: Context) -> Any:
    """The ``model.User`` an action runs as, or ``None`` for anonymous."""
    user = context.get("auth_user_obj")
    if user is None or getattr(user, "is_anonymous", False):
        user = imnet_model.user(context.get("user"))
    return user


def validate(
    context: Context,
    data_dict: DataDict,
    default: Callable[[], Any],
    raise_errors: bool = True,
) -> dict[str, Any]:
    """Validate with ``context["schema"]`` or the default schema.

    With ``raise_errors=False`` the field errors are returned under
    ``"__errors"`` for the action to add its own before raising.
    """
    schema = context.get("schema") or default()
    data, errors = tk.navl_validate(data_dict, schema, context)
    if raise_errors:
        if errors:
            raise tk.ValidationError(errors)
        return data
    return {**data, "__errors": dict(errors)}


class Visibility:
    """Answers "may this user see dataset X?" for many datasets, in few queries."""

    def __init__(self, context: Context) -> None:
        self.user = actor(context)
        self.sysadmin = policy.is_sysadmin(self.user)
        self.labels = None if self.sysadmin else policy.user_labels(self.user)
        self.datasets: dict[str, dict[str, Any] | None] = {}

    def load(self, ids: Iterable[str]) -> None:
        wanted = [i for i in set(ids) if i and i not in self.datasets]
        found = imnet_model.dataset_summaries(wanted)
        for i in wanted:
            self.datasets[i] = found.get(i)

    def dataset(self, package_id: str) -> dict[str, Any] | None:
        if package_id not in self.datasets:
            self.load([package_id])
        return self.datasets[package_id]

    def sees(self, package_id: str) -> bool:
        dataset = self.dataset(package_id)
        if dataset is None:
            return False
        return self.sysadmin or policy.can_see_metadata(self.user, dataset, self.labels)

    def gets_data(self, package_id: str) -> bool:
        dataset = self.dataset(package_id)
        return dataset is not None and policy.can_get_data(self.user, dataset)


def replace_in_error(error: Exception, old: str, new: str) -> Exception:
    """The same error with ``old`` written as ``new`` in its messages."""

    def swap(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(old, new)
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        return value

    if isinstance(error, tk.ValidationError):
        return tk.ValidationError(swap(error.error_dict))
    return type(error)(*[swap(arg) for arg in error.args])


def missing_answer(
    up_func: Action, context: Context, data_dict: DataDict, parameter: str
) -> Any:
    """What ``up_func`` answers when ``parameter`` names nothing that exists,
    with the given value put back in its message."""
    value = str(data_dict.get(parameter))
    stand_in = str(uuid.uuid4())
    try:
        return up_func(context, {**data_dict, parameter: stand_in})
    except (tk.ObjectNotFound, tk.ValidationError, tk.NotAuthorized) as error:
        raise replace_in_error(error, stand_in, value) from None


def organisation(context: Context, name_or_id: str) -> dict[str, Any]:
    """An organisation by id or name, as ``organization_show`` gives it to the
    caller without its datasets, members or extras (an unknown one: not
    found)."""
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
