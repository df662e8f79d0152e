"""Solr date math.

``NOW``, ``NOW/DAY``, ``NOW-1YEAR``, ``2020-01-01T00:00:00Z+6MONTHS``.
"""

from __future__ import annotations

import calendar
import datetime
import re

from .errors import QueryError

__all__ = ["evaluate"]

_UNITS = {
    "YEAR": "years",
    "YEARS": "years",
    "MONTH": "months",
    "MONTHS": "months",
    "DAY": "days",
    "DAYS": "days",
    "DATE": "days",
    "HOUR": "hours",
    "HOURS": "hours",
    "MINUTE": "minutes",
    "MINUTES": "minutes",
    "SECOND": "seconds",
    "SECONDS": "seconds",
    "MILLI": "millis",
    "MILLIS": "millis",
    "MILLISECOND": "millis",
    "MILLISECONDS": "millis",
}
_STEP = re.compile(r"([/+-])(\d*)([A-Za-z]+)")
_ANCHOR = re.compile(
    r"(NOW|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z|\d{4}-\d{2}-\d{2})"
)


def evaluate(
    expression: str, now: datetime.datetime | None = None
) -> datetime.datetime:
    """The naive UTC moment an expression denotes; ``QueryError`` if invalid."""
    text = expression.strip()
    anchor = _ANCHOR.match(text)
    if not anchor:
        raise QueryError(f"Invalid Date String: '{expression}'")
    moment = _anchor(anchor.group(1), now)
    position = anchor.end()
    while position < len(text):
        step = _STEP.match(text, position)
        unit = _UNITS.get(step.group(3).upper()) if step else None
        if not step or not unit:
            raise QueryError(f"Invalid Date Math String: '{expression}'")
        sign, amount = step.group(1), step.group(2)
        if sign == "/":
            if amount:
                raise QueryError(f"Invalid Date Math String: '{expression}'")
            moment = _round_down(moment, unit)
        else:
            if not amount:
                raise QueryError(f"Invalid Date Math String: '{expression}'")
            moment = _add(moment, unit, int(amount) * (1 if sign == "+" else -1))
        position = step.end()
    return moment


def _anchor(token: str, now: datetime.datetime | None) -> datetime.datetime:
    if token == "NOW":
        current = now or datetime.datetime.now(datetime.UTC)
        return current.replace(tzinfo=None)
    try:
        if len(token) == 10:
            return datetime.datetime.strptime(token, "%Y-%m-%d")
        base, _, fraction = token.rstrip("Z").partition(".")
        moment = datetime.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S")
        return moment.replace(microsecond=int((fraction or "0")[:6].ljust(6, "0")))
    except ValueError:
        raise QueryError(f"Invalid Date String: '{token}'") from None


def _round_down(moment: datetime.datetime, unit: str) -> datetime.datetime:
    fields = ["years", "months", "days", "hours", "minutes", "seconds", "millis"]
    keep = fields.index(unit)
    replacements = {
        "month": 1,
        "day": 1,
        "hour": 0,
        "minute": 0,
        "second": 0,
        "microsecond": 0,
    }
    names = ["month", "day", "hour", "minute", "second", "microsecond"]
    for index, name in enumerate(names, start=1):
        if index > keep:
            moment = moment.replace(**{name: replacements[name]})  # type: ignore[arg-type]
    if unit == "millis":
        moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    return moment


def _add(moment: datetime.datetime, unit: str, amount: int) -> datetime.datetime:
    try:
        if unit in ("years", "months"):
            months = moment.month - 1 + amount * (12 if unit == "years" else 1)
            year = moment.year + months // 12
            month = months % 12 + 1
            day = min(moment.day, calendar.monthrange(year, month)[1])
            return moment.replace(year=year, month=month, day=day)
        if unit == "millis":
            return moment + datetime.timedelta(milliseconds=amount)
        return moment + datetime.timedelta(**{unit: amount})
    except (ValueError, OverflowError):
        raise QueryError("Date out of range") from None
