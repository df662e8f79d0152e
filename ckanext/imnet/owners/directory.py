"""Who may be named as a dataset's data owner, and how each is labelled.

A ``data_owner`` value is one of:

- the name of one of the catalogue's organisations (``unicef-myanmar``, as in
  ``fq=organization:unicef-myanmar``), labelled by its title;
- the snake_case value of an external owner of ``data/data_owners.yaml``
  (``central_statistical_organization``), labelled in English and Myanmar;
- ``other``, with the owner's name in ``data_owner_other``.

Publishers may write an owner as its value, its label in either language or
one of its aliases ("CSO", "Central Statistical Organisation", "MoHS"); the
directory maps all of them to the one canonical value.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from ckanext.imnet.model.owners import Organisation

__all__ = [
    "OTHER",
    "ORGANISATION",
    "KINDS",
    "Entry",
    "Owner",
    "Choice",
    "Directory",
    "entries",
    "directory",
    "name_key",
]

OTHER = "other"
ORGANISATION = "organisation"
# How the form groups the owners, in this order.
KINDS = (ORGANISATION, "government", "international", "coordination", "civil_society")
DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data")
_VALUE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


@dataclass(frozen=True)
class Entry:
    """An owner as listed in ``data/data_owners.yaml``."""

    value: str
    en: str
    my: str
    kind: str
    aliases: tuple[str, ...] = ()
    organization: str = ""


@dataclass(frozen=True)
class Owner:
    """A data owner of this catalogue: an organisation or an external owner."""

    value: str
    en: str
    my: str
    kind: str
    aliases: tuple[str, ...] = ()
    organisation: Organisation | None = None

    def label(self, lang: str | None = "en") -> str:
        """The owner's name in ``lang`` (Myanmar if it has one, else English)."""
        return self.my if _is_myanmar(lang) and self.my else self.en

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the owner is known by: labels and aliases (for search)."""
        return tuple(dict.fromkeys(n for n in (self.en, self.my, *self.aliases) if n))

    @property
    def offered(self) -> bool:
        """Whether the form offers it (not a deleted organisation)."""
        return self.organisation is None or self.organisation.active


@dataclass(frozen=True)
class Choice:
    """A data owner as stored: a canonical value, or ``other`` and a name."""

    value: str
    other: str = ""


def _is_myanmar(lang: str | None) -> bool:
    return bool(lang) and str(lang).split("_")[0] == "my"


# Spellings that name the same owner.
_FOLDS = (
    ("&", " and "),
    ("isation", "ization"),
    ("programme", "program"),
    ("labour", "labor"),
    ("centre", "center"),
)
_LEADING_THE = re.compile(r"^\s*the\s+")
_BRACKETED = re.compile(r"[(\[]([^()\[\]]*)[)\]]")


def name_key(text: str) -> str:
    """An owner's name as compared: case, spaces, punctuation and the spellings
    of ``_FOLDS`` do not count; Myanmar script is kept whole."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    for variant, spelling in _FOLDS:
        folded = folded.replace(variant, spelling)
    folded = _LEADING_THE.sub("", folded)
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LMN")


def _parts(text: str) -> list[str]:
    """ "Central Statistical Organization (CSO)" -> the name and the abbreviation."""
    inner = [part for part in _BRACKETED.findall(text) if part.strip()]
    if not inner:
        return []
    return [_BRACKETED.sub(" ", text), *inner]


@functools.lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    """The owners listed in ``data/data_owners.yaml``, checked, in file order."""
    with open(os.path.join(DATA, "data_owners.yaml"), encoding="utf-8") as f:
        raw: list[dict[str, Any]] = yaml.safe_load(f)["owners"]
    found = tuple(
        Entry(
            value=str(item["value"]),
            en=str(item["en"]),
            my=str(item.get("my") or ""),
            kind=str(item["kind"]),
            aliases=tuple(str(alias) for alias in item.get("aliases") or ()),
            organization=str(item.get("organization") or ""),
        )
        for item in raw
    )
    _check(found)
    return found


def _check(found: tuple[Entry, ...]) -> None:
    """The file's values are snake_case and unique; no name means two owners."""
    claimed: dict[str, str] = {}
    for entry in found:
        if not _VALUE.match(entry.value) or entry.value == OTHER:
            raise ValueError(f"data_owners.yaml: bad value {entry.value!r}")
        if entry.kind not in KINDS[1:]:
            raise ValueError(
                f"data_owners.yaml: {entry.value}: bad kind {entry.kind!r}"
            )
        for name in (entry.value, entry.en, entry.my, *entry.aliases):
            key = name_key(name)
            if key and claimed.setdefault(key, entry.value) != entry.value:
                raise ValueError(
                    f"data_owners.yaml: {name!r} names both {claimed[key]} "
                    f"and {entry.value}"
                )


class Directory:
    """The data owners of this catalogue, found by any of their names.

    Built from the catalogue's organisations and the listed entries. A name
    one owner is known by means that owner; a name two owners share means
    neither, except that the Network's organisations come before external
    owners, and whole names before the parts of a bracketed name.
    """

    def __init__(
        self, organisations: Iterable[Organisation], listed: Iterable[Entry]
    ) -> None:
        listed = tuple(listed)
        linked = {e.organization: e for e in listed if e.organization}
        self._owners: dict[str, Owner] = {}
        extra_names: dict[str, tuple[str, ...]] = {}
        for org in organisations:
            if org.name == OTHER:
                continue  # the reserved value cannot name an organisation
            entry = linked.get(org.name)
            self._owners[org.name] = Owner(
                value=org.name,
                en=org.title or org.name,
                my=entry.my if entry else "",
                kind=ORGANISATION,
                aliases=(entry.en, *entry.aliases) if entry else (),
                organisation=org,
            )
            extra_names[org.name] = (org.name, org.id) + (
                (entry.value,) if entry else ()
            )
        for entry in listed:
            if entry.organization in self._owners or entry.value in self._owners:
                continue  # the organisation itself, or one of the same name
            self._owners[entry.value] = Owner(
                value=entry.value,
                en=entry.en,
                my=entry.my,
                kind=entry.kind,
                aliases=entry.aliases,
            )
            extra_names[entry.value] = (entry.value,)
        # Ranks: organisations' names, external owners' names, then the parts
        # of bracketed names in the same order.
        ranks: list[dict[str, set[str]]] = [{}, {}, {}, {}]
        for owner in self._owners.values():
            rank = 0 if owner.organisation else 1
            for name in (*extra_names[owner.value], *owner.names):
                ranks[rank].setdefault(name_key(name), set()).add(owner.value)
                for part in _parts(name):
                    ranks[rank + 2].setdefault(name_key(part), set()).add(owner.value)
        self._index = [
            {
                key: next(iter(values))
                for key, values in rank.items()
                if len(values) == 1
            }
            for rank in ranks
        ]

    def owners(self) -> list[Owner]:
        """Every owner, organisations first."""
        return list(self._owners.values())

    def get(self, value: str) -> Owner | None:
        """The owner whose canonical value this is."""
        return self._owners.get(value)

    def _lookup(self, key: str) -> str | None:
        for index in self._index:
            if key in index:
                return index[key]
        return None

    def resolve(self, text: str) -> Owner | None:
        """The owner a value, label or alias names, or ``None``.

        A name with a part in brackets that is not known as a whole is known
        by its parts, if they name a single owner.
        """
        found = self._lookup(name_key(text)) if name_key(text) else None
        if found is None:
            values = {self._lookup(name_key(part)) for part in _parts(text)}
            values.discard(None)
            found = values.pop() if len(values) == 1 else None
        return self._owners[found] if found else None

    def classify(self, value: Any, other: Any = "") -> Choice | None:
        """What a ``data_owner`` (and ``data_owner_other``) as given means:
        the canonical owner, ``other`` with its name, or ``None`` if the value
        names no owner. An "other" name that is a known owner is that owner."""
        text = str(value or "").strip()
        if not text:
            return None
        if name_key(text) == OTHER:
            named = " ".join(str(other or "").split())
            owner = self.resolve(named) if named else None
            return Choice(owner.value) if owner else Choice(OTHER, named)
        owner = self.resolve(text)
        return Choice(owner.value) if owner else None

    def label(self, value: Any, lang: str | None, other: Any = "") -> str:
        """The name to show for a stored value: the owner's label in ``lang``,
        the name given for ``other``, or an unknown value as it is."""
        text = str(value or "")
        if text == OTHER:
            return str(other or "")
        owner = self._owners.get(text)
        return owner.label(lang) if owner else text


@functools.lru_cache(maxsize=8)
def _directory(organisations: tuple[Organisation, ...]) -> Directory:
    return Directory(organisations, entries())


def directory() -> Directory:
    """The data owners of this catalogue now.

    Reads the organisations (one small query); the directory built from
    them is reused while they stay the same.
    """
    from ckanext.imnet.model.owners import organisations

    return _directory(tuple(organisations()))
