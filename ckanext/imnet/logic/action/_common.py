"""What the action modules share: the acting user, validation, "not found"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.imnet import model as imnet_model

__all__ = ["actor", "validate", "not_found", "NOT_FOUND"]

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
