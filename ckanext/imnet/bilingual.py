"""A dataset's title and description in the reader's language.

Every dataset has an English title and description (``title``, ``notes``) and
may have Myanmar ones (``title_my``, ``notes_my``). A reader whose language is
Myanmar (``my_MM``) gets the Myanmar text where it is given, and the English
otherwise; everybody else gets the English. Pages, search results, request
pages and e-mails all choose here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = [
    "MYANMAR_FIELDS",
    "is_myanmar",
    "text",
    "title",
    "other",
    "has_myanmar_script",
    "normalise",
]

# English field -> its Myanmar companion.
MYANMAR_FIELDS: dict[str, str] = {"title": "title_my", "notes": "notes_my"}

# Letters and digits of the Myanmar block and its two extensions.
_MYANMAR_SCRIPT = re.compile("[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]")


def is_myanmar(lang: str | None) -> bool:
    """True for a Myanmar locale (``my_MM``, ``my``)."""
    return str(lang or "").replace("-", "_").split("_")[0].lower() == "my"


def _value(pkg: dict[str, Any], field: str) -> str:
    value = pkg.get(field)
    return value.strip() if isinstance(value, str) else ""


def text(pkg: dict[str, Any], field: str, lang: str | None) -> str:
    """``field`` (``title`` or ``notes``) of a dataset as a reader of ``lang`` sees it.

    The Myanmar text where the reader's language is Myanmar and the dataset
    has one, else the English (possibly empty).
    """
    companion = MYANMAR_FIELDS.get(field)
    if companion and is_myanmar(lang):
        myanmar = _value(pkg, companion)
        if myanmar:
            return myanmar
    return _value(pkg, field)


def title(pkg: dict[str, Any], lang: str | None) -> str:
    """The title a reader of ``lang`` sees; a dataset without one is named."""
    return text(pkg, "title", lang) or str(pkg.get("name") or pkg.get("id") or "")


def other(pkg: dict[str, Any], field: str, lang: str | None) -> dict[str, str]:
    """The same text in the other language, if the dataset has it and it differs.

    ``{"text": ..., "lang": "en" | "my"}`` (``lang`` for the HTML attribute),
    or an empty dict: a Myanmar reader is offered the English, an English
    reader the Myanmar.
    """
    shown = text(pkg, field, lang)
    if is_myanmar(lang) and shown != _value(pkg, field):
        alternative, code = _value(pkg, field), "en"
    elif not is_myanmar(lang):
        alternative, code = _value(pkg, MYANMAR_FIELDS.get(field, "")), "my"
    else:
        return {}
    if not alternative or alternative == shown:
        return {}
    return {"text": alternative, "lang": code}


def has_myanmar_script(value: str) -> bool:
    """True if ``value`` holds at least one letter or digit of Myanmar script."""
    return bool(_MYANMAR_SCRIPT.search(value))


def normalise(value: str) -> str:
    """Text as stored: Unicode NFC (one spelling of each syllable), stripped."""
    return unicodedata.normalize("NFC", value).strip()
