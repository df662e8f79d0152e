"""Typed accessors for the ``ckanext.imnet.*`` options.

Defaults live in ``config_declaration.yaml`` only.
"""

from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk

__all__ = [
    "default_days",
    "max_days",
    "reminder_days",
    "site_terms",
    "site_title_my",
    "site_description_my",
    "is_myanmar",
    "request_locale",
    "mail_max_attempts",
    "mail_locale",
    "mail_retry_delay",
    "approver_digest",
    "requests_per_day",
    "withdrawal_cooldown_hours",
    "harvest_timeout",
    "links_allow_private",
    "links_timeouts",
    "links_max_bytes",
    "links_max_redirects",
    "links_recheck_days",
    "links_host_delay",
    "links_user_agent",
    "review_required_from",
    "gap_recipe_path",
    "overlap_margin_days",
    "assessment_reminder_days",
]


def default_days(level: str) -> int:
    """Days a grant at this level lasts when the requester does not choose."""
    return tk.config[f"ckanext.imnet.access.{level}_default_days"]


def max_days(level: str) -> int:
    """The longest grant a requester may ask for at this level."""
    return tk.config[f"ckanext.imnet.access.{level}_max_days"]


def reminder_days() -> int:
    """Days before a grant ends that its holder is reminded."""
    return tk.config["ckanext.imnet.access.reminder_days"]


def site_terms(locale: str) -> str:
    """The site terms every requester accepts, on one line, as shown in ``locale``.

    Myanmar pages show ``ckanext.imnet.access.site_terms_my`` if it is set.
    """
    key = "ckanext.imnet.access.site_terms"
    text = tk.config[key]
    if is_myanmar(locale) and tk.config.get(f"{key}_my"):
        text = tk.config[f"{key}_my"]
    return " ".join(text.split())


def site_title_my() -> str:
    """The site title in Myanmar ("" if not set: Myanmar pages keep core's)."""
    return tk.config["ckanext.imnet.site_title_my"]


def site_description_my() -> str:
    """The site description in Myanmar ("" if not set)."""
    return tk.config["ckanext.imnet.site_description_my"]


def is_myanmar(locale: str) -> bool:
    """True for Myanmar, whether CKAN names it ``my_MM`` or ``my``."""
    return locale.split("_")[0] == "my"


def request_locale() -> str:
    """The language of the current page or API call; the site's default outside one."""
    try:
        locale = tk.h.lang()
    except (RuntimeError, AttributeError, TypeError):
        # No request (a command, a background job).
        locale = None
    return locale or tk.config.get("ckan.locale_default") or "en"


def mail_max_attempts() -> int:
    """Sending attempts for a notification before it is given up."""
    return tk.config["ckanext.imnet.mail.max_attempts"]


def mail_locale() -> str:
    """The language of notifications: the option, else the site's default."""
    return tk.config.get("ckanext.imnet.mail.locale") or tk.config.get(
        "ckan.locale_default"
    )


def mail_retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait before the next attempt: doubling, from the option."""
    first = tk.config["ckanext.imnet.mail.retry_minutes"]
    return datetime.timedelta(minutes=first * 2 ** min(max(attempts - 1, 0), 10))


def approver_digest() -> bool:
    """True if approvers get one daily digest instead of a message per event."""
    return tk.config["ckanext.imnet.mail.approver_digest"]


def requests_per_day() -> int:
    """How many requests a user may file in 24 hours (0: no limit)."""
    return tk.config["ckanext.imnet.access.requests_per_day"]


def withdrawal_cooldown_hours() -> int:
    """Hours after a withdrawal before the same dataset may be requested again."""
    return tk.config["ckanext.imnet.access.withdrawal_cooldown_hours"]


def harvest_timeout() -> int:
    """Seconds a harvester waits for a partner's server to answer."""
    return tk.config["ckanext.imnet.harvest.timeout"]


def links_allow_private() -> bool:
    """True if the link checker may connect to loopback and private addresses."""
    return tk.config["ckanext.imnet.links.allow_private"]


def links_timeouts() -> tuple[float, float]:
    """The link checker's (connect, read) timeouts in seconds."""
    return (
        float(tk.config["ckanext.imnet.links.connect_timeout"]),
        float(tk.config["ckanext.imnet.links.read_timeout"]),
    )


def links_max_bytes() -> int:
    """The most bytes of a body the link checker reads."""
    return tk.config["ckanext.imnet.links.max_bytes"]


def links_max_redirects() -> int:
    """Redirects the link checker follows before it calls a link broken."""
    return tk.config["ckanext.imnet.links.max_redirects"]


def links_recheck_days() -> int:
    """Days after which the scheduled run checks a link again."""
    return tk.config["ckanext.imnet.links.recheck_days"]


def links_host_delay() -> float:
    """Seconds between two requests to one host within a run."""
    return float(tk.config["ckanext.imnet.links.host_delay"])


def links_user_agent() -> str:
    """The User-Agent the link checker sends."""
    return tk.config["ckanext.imnet.links.user_agent"]


def review_required_from() -> str | None:
    """The lowest level held private until reviewed (``None``: review never
    holds publication)."""
    return tk.config.get("ckanext.imnet.review.required_from") or None


def gap_recipe_path() -> str | None:
    """The gap matrix recipe file in force (``None``: the package's own)."""
    return tk.config.get("ckanext.imnet.gaps.recipe") or None


def overlap_margin_days() -> int:
    """Days two assessments' collection windows may lie apart and still overlap."""
    return tk.config["ckanext.imnet.assessments.overlap_margin_days"]


def assessment_reminder_days() -> int:
    """Days after which an assessment whose status is still overdue is
    reminded again (at least one)."""
    return max(1, int(tk.config["ckanext.imnet.assessments.reminder_days"]))
