"""Auth function of the assessment registry's overlap warnings."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["imnet_assessment_overlaps", "get_auth_functions"]


@tk.auth_allow_anonymous_access
def imnet_assessment_overlaps(context: Context, data_dict: DataDict) -> AuthResult:
    """Everyone who may browse the registry, anonymous visitors included: the
    list holds only what the caller's own search finds, and an assessment
    named by id must be one the caller may see."""
    return {"success": True}


def get_auth_functions() -> dict[str, Any]:
    """The auth functions of this module, by name."""
    return {"imnet_assessment_overlaps": imnet_assessment_overlaps}
