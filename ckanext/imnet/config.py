"""Typed accessors for the ``ckanext.imnet.*`` options.

Defaults live in ``config_declaration.yaml`` only.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = [
    "default_days",
    "max_days",
    "reminder_days",
    "site_terms",
    "mail_max_attempts",
    "mail_locale",
]


def default_days(level: str) -> int:
    return tk.config[f"ckanext.imnet.access.{level}_default_days"]


def max_days(level: str) -> int:
    return tk.config[f"ckanext.imnet.access.{level}_max_days"]


def reminder_days() -> int:
    return tk.config["ckanext.imnet.access.reminder_days"]


def site_terms() -> str:
    return " ".join(tk.config["ckanext.imnet.access.site_terms"].split())


def mail_max_attempts() -> int:
    return tk.config["ckanext.imnet.mail.max_attempts"]


def mail_locale() -> str:
    """The language of notifications: the option, else the site's default."""
    return tk.config.get("ckanext.imnet.mail.locale") or tk.config.get(
        "ckan.locale_default"
    )
