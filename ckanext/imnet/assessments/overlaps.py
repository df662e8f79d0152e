"""When two assessments overlap: the rules, their strength and their reasons.

Pure: the rules read two assessments' facts (``Facts``, from a stored
assessment or the fields of a draft) and a margin in days; nothing here
searches or decides who may see what (``logic/action/overlaps.py`` does).

An OTHER assessment overlaps MINE when all of these hold:

* **another lead agency**: its organisation (``owner_org``) is not mine;
* **neither is cancelled**. A planned or ongoing one counts, and so does a
  *recent* one (data collection completed, report completed): recent means
  that its data collection ended within the margin before mine starts -- the
  window rule below. The registry holds no date of a report's completion, so
  a completed report is judged by its collection dates too;
* **places**: a shared township; or a shared State/Region where either of
  the two names no township in it (it is known only at State/Region level
  there); or either is countrywide (``MMR``: it overlaps every place);
* **a shared sector**;
* **collection windows** (actual dates where known, else planned) that
  intersect or lie at most ``margin`` days apart. An ongoing assessment with
  no actual end is still collecting: its window runs at least until today.
  A draft with no dates yet is not compared on dates (it may overlap);
* **population groups**: when both name groups, at least one is shared
  (different groups: no overlap); when either names none, the groups are
  unknown and may overlap.

Overlaps rank by strength: shared townships, then shared States/Regions
(countrywide is the weakest place overlap), shared sectors, days the
windows overlap (closer first), shared population groups.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import vocab
from ckanext.imnet.dates import as_date

__all__ = [
    "CANCELLED",
    "ONGOING",
    "Window",
    "Facts",
    "Overlap",
    "as_list",
    "as_date",
    "facts",
    "overlap",
    "reasons",
]

_ = tk._

CANCELLED = "cancelled"
ONGOING = "ongoing"
# How many place names a reason lists before "and N more".
_NAMES_SHOWN = 5


@dataclass(frozen=True)
class Window:
    """A data collection window, both days included."""

    start: datetime.date
    end: datetime.date

    def overlap_days(self, other: Window) -> int:
        """Days both windows share (> 0), or minus the days between them."""
        shared = (min(self.end, other.end) - max(self.start, other.start)).days + 1
        return shared if shared > 0 else -self.apart(other)

    def apart(self, other: Window) -> int:
        """Days from the end of the earlier window to the start of the later
        (0 when they intersect)."""
        if other.start > self.end:
            return (other.start - self.end).days
        if self.start > other.end:
            return (self.start - other.end).days
        return 0


@dataclass(frozen=True)
class Facts:
    """What the rules compare of one assessment."""

    id: str = ""
    owner_org: str = ""
    status: str = ""
    states: frozenset[str] = frozenset()  # adm1 Pcodes, or MMR (countrywide)
    townships: frozenset[str] = frozenset()  # adm3 Pcodes
    sectors: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()  # population groups
    window: Window | None = None

    @property
    def countrywide(self) -> bool:
        """True if it covers the whole Union."""
        return vocab.COUNTRYWIDE in self.states

    def townships_in(self, state: str) -> frozenset[str]:
        """Its townships in one State/Region."""
        return frozenset(
            code
            for code in self.townships
            if (place := vocab.township(code)) and place.adm1_pcode == state
        )


@dataclass(frozen=True)
class Overlap:
    """What an other assessment shares with mine."""

    townships: tuple[str, ...]  # shared township Pcodes
    states: tuple[str, ...]  # States/Regions shared without townships on one side
    countrywide: bool  # either is countrywide
    sectors: tuple[str, ...]
    groups: tuple[str, ...]  # shared population groups (empty: not compared)
    window_days: int | None  # Window.overlap_days; None: dates not compared
    margin: int

    def strength(self) -> tuple[int, int, int, int, int, int]:
        """The sort key of the ranking: greater overlaps more."""
        days = self.window_days if self.window_days is not None else 0
        return (
            len(self.townships),
            len(self.states),
            0 if self.countrywide else 1,
            len(self.sectors),
            days,
            len(self.groups),
        )


def as_list(value: Any) -> list[str]:
    """A stored or posted multi-value (list, JSON list, comma-separated)."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if text.startswith("["):
        try:
            return as_list(json.loads(text))
        except ValueError:
            pass
    return [part for part in text.replace(",", " ").split() if part]


def _window(data: Mapping[str, Any], today: datetime.date) -> Window | None:
    """Actual dates where known, else planned; an ongoing collection with no
    actual end runs at least until today."""
    start = as_date(data.get("actual_start")) or as_date(data.get("planned_start"))
    end = as_date(data.get("actual_end"))
    if end is None:
        end = as_date(data.get("planned_end"))
        if data.get("status") == ONGOING and start is not None:
            end = max(end or today, today)
    start = start or end
    end = end or start
    if start is None or end is None:
        return None
    return Window(start, max(start, end))


def facts(data: Mapping[str, Any], today: datetime.date | None = None) -> Facts:
    """The facts of an assessment (``package_show`` or search output, or a
    draft's checked fields); townships add their States/Regions."""
    townships = frozenset(
        code.upper() for code in as_list(data.get("township_coverage"))
    )
    states = set(as_list(data.get("geographic_coverage")))
    if vocab.COUNTRYWIDE not in states:
        states |= {
            place.adm1_pcode
            for code in townships
            if (place := vocab.township(code)) is not None
        }
    return Facts(
        id=str(data.get("id") or ""),
        owner_org=str(data.get("owner_org") or ""),
        status=str(data.get("status") or ""),
        states=frozenset(states),
        townships=townships,
        sectors=frozenset(as_list(data.get("sector"))),
        groups=frozenset(as_list(data.get("population_group"))),
        window=_window(data, today or datetime.date.today()),
    )


def _places(mine: Facts, other: Facts) -> tuple[list[str], list[str], bool] | None:
    """Shared townships, States/Regions shared at that level, countrywide --
    or None if the places do not overlap."""
    townships = sorted(mine.townships & other.townships)
    countrywide = (mine.countrywide and bool(other.states)) or (
        other.countrywide and bool(mine.states)
    )
    states = []
    for state in sorted((mine.states & other.states) - {vocab.COUNTRYWIDE}):
        if not mine.townships_in(state) or not other.townships_in(state):
            states.append(state)
    if not (townships or states or countrywide):
        return None
    return townships, states, countrywide


def overlap(mine: Facts, other: Facts, margin: int) -> Overlap | None:
    """What ``other`` shares with ``mine``, or None if they do not overlap.

    ``margin``: the days two collection windows may lie apart and still
    overlap.
    """
    if mine.id and mine.id == other.id:
        return None
    if mine.owner_org and mine.owner_org == other.owner_org:
        return None
    if CANCELLED in (mine.status, other.status):
        return None
    places = _places(mine, other)
    sectors = sorted(mine.sectors & other.sectors)
    if places is None or not sectors:
        return None
    window_days = None
    if mine.window is not None and other.window is not None:
        if mine.window.apart(other.window) > margin:
            return None
        window_days = mine.window.overlap_days(other.window)
    groups = sorted(mine.groups & other.groups)
    if mine.groups and other.groups and not groups:
        return None
    townships, states, countrywide = places
    return Overlap(
        townships=tuple(townships),
        states=tuple(states),
        countrywide=countrywide,
        sectors=tuple(sectors),
        groups=tuple(groups),
        window_days=window_days,
        margin=margin,
    )


def _names(labels: Iterable[str]) -> str:
    """Names joined, the first few only: "Lashio, Hsipaw and 3 more"."""
    shown = list(labels)
    if len(shown) <= _NAMES_SHOWN:
        return ", ".join(shown)
    rest = len(shown) - _NAMES_SHOWN
    return _("{names} and {n} more").format(
        names=", ".join(shown[:_NAMES_SHOWN]), n=rest
    )


def _place_label(pcode: str, lang: str) -> str:
    place = vocab.place(pcode)
    return place.label(lang) if place else pcode


def _term_label(vocabulary: str, value: str, lang: str) -> str:
    term = vocab.term(vocabulary, value)
    return term.label(lang) if term else value


def reasons(found: Overlap, lang: str) -> list[str]:
    """Why two assessments overlap, in sentences a reader understands
    ("3 shared townships: Lashio, Hsipaw, Kyaukme"), in ``lang`` (messages
    in the request's language)."""
    said = []
    if found.townships:
        n = len(found.townships)
        said.append(
            tk.ungettext(
                "{n} shared township: {names}", "{n} shared townships: {names}", n
            ).format(
                n=n, names=_names(_place_label(code, lang) for code in found.townships)
            )
        )
    if found.states:
        said.append(
            tk.ungettext(
                "same State/Region, not given by township on both sides: {names}",
                "same States/Regions, not given by township on both sides: {names}",
                len(found.states),
            ).format(names=_names(_place_label(code, lang) for code in found.states))
        )
    if found.countrywide:
        said.append(_("countrywide: overlaps every place"))
    said.append(
        tk.ungettext(
            "shared sector: {names}", "shared sectors: {names}", len(found.sectors)
        ).format(
            names=_names(_term_label("sector", value, lang) for value in found.sectors)
        )
    )
    if found.window_days is None:
        said.append(_("collection dates not compared: none given yet"))
    elif found.window_days > 0:
        said.append(
            tk.ungettext(
                "collection windows overlap by {n} day",
                "collection windows overlap by {n} days",
                found.window_days,
            ).format(n=found.window_days)
        )
    else:
        apart = -found.window_days
        said.append(
            tk.ungettext(
                "collection windows {n} day apart (margin: {margin} days)",
                "collection windows {n} days apart (margin: {margin} days)",
                apart,
            ).format(n=apart, margin=found.margin)
        )
    if found.groups:
        said.append(
            tk.ungettext(
                "shared population group: {names}",
                "shared population groups: {names}",
                len(found.groups),
            ).format(
                names=_names(
                    _term_label("population_group", value, lang)
                    for value in found.groups
                )
            )
        )
    else:
        said.append(
            _("population groups not compared: at least one assessment names none")
        )
    return said
