"""The IM metadata standard's vocabularies and MIMU's place codes, in one place.

Form choices, validation, facet labels and the DCAT profile all read from
here, so a value has one label everywhere. Data files live in ``data/``:
``vocabularies.yaml`` and the MIMU Pcode tables (see ``PCODES_SOURCE.md``).
"""

from __future__ import annotations

import csv
import functools
import os
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = [
    "Term",
    "Place",
    "COUNTRYWIDE",
    "MYANMAR_LOCALE",
    "names",
    "vocabulary",
    "term",
    "values",
    "scheming_choices",
    "states",
    "state",
    "townships",
    "township",
    "district",
    "districts",
    "place",
    "parts",
    "places_named",
    "name_key",
    "LEVEL_WORDS",
]

DATA = os.path.join(os.path.dirname(__file__), "data")
COUNTRYWIDE = "MMR"
MYANMAR_LOCALE = "my_MM"


@dataclass(frozen=True)
class Term:
    value: str
    en: str
    my: str
    help_en: str = ""
    help_my: str = ""
    uri: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: str | None = "en") -> str:
        return self.my if _is_myanmar(lang) and self.my else self.en

    def help(self, lang: str | None = "en") -> str:
        return self.help_my if _is_myanmar(lang) and self.help_my else self.help_en


@dataclass(frozen=True)
class Place:
    """A State/Region, district or township with its MIMU Pcode."""

    pcode: str
    name_en: str
    name_my: str
    level: str  # "country", "state_region", "district" or "township"
    kind: str = ""  # State, Region, Union Territory, District, ...
    adm1_pcode: str = ""
    adm2_pcode: str = ""
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    status: str = "active"

    def label(self, lang: str | None = "en") -> str:
        return self.name_my if _is_myanmar(lang) and self.name_my else self.name_en


def _is_myanmar(lang: str | None) -> bool:
    return bool(lang) and str(lang).split("_")[0] == "my"


_KNOWN_KEYS = {"value", "en", "my", "help_en", "help_my", "uri"}


@functools.lru_cache(maxsize=1)
def _vocabularies() -> dict[str, tuple[Term, ...]]:
    with open(os.path.join(DATA, "vocabularies.yaml"), encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    return {
        name: tuple(
            Term(
                **{k: str(v) for k, v in item.items() if k in _KNOWN_KEYS},
                extra={k: v for k, v in item.items() if k not in _KNOWN_KEYS},
            )
            for item in items
        )
        for name, items in raw.items()
    }


def names() -> tuple[str, ...]:
    """The names of the vocabularies, in their defined order."""
    return tuple(_vocabularies())


def vocabulary(name: str) -> tuple[Term, ...]:
    """The terms of a vocabulary, in their defined order."""
    return _vocabularies()[name]


def term(name: str, value: str) -> Term | None:
    return _index(name).get(value)


def values(name: str) -> list[str]:
    return [t.value for t in vocabulary(name)]


@functools.cache
def _index(name: str) -> dict[str, Term]:
    return {t.value: t for t in vocabulary(name)}


def scheming_choices(name: str) -> list[dict[str, Any]]:
    """Choices in ckanext-scheming's format, labelled in English and Myanmar."""
    if name == "state_region":
        places = [place(COUNTRYWIDE)] + states()
        return [
            {"value": p.pcode, "label": {"en": p.name_en, MYANMAR_LOCALE: p.name_my}}
            for p in places
            if p is not None
        ]
    return [
        {"value": t.value, "label": {"en": t.en, MYANMAR_LOCALE: t.my or t.en}}
        for t in vocabulary(name)
    ]


# -- places --------------------------------------------------------------------


def _read(name: str) -> list[dict[str, str]]:
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _bbox(row: dict[str, str]) -> tuple[float, float, float, float] | None:
    try:
        return (
            float(row["bbox_west"]),
            float(row["bbox_south"]),
            float(row["bbox_east"]),
            float(row["bbox_north"]),
        )
    except (KeyError, ValueError):
        return None


@functools.lru_cache(maxsize=1)
def _places() -> dict[str, Place]:
    found: dict[str, Place] = {}
    adm1 = _read("mmr_adm1_state_region.csv")
    for row in adm1:
        found[row["adm1_pcode"]] = Place(
            pcode=row["adm1_pcode"],
            name_en=row["name_en"],
            name_my=row["name_my"],
            level="state_region",
            kind=row["type_en"],
            adm1_pcode=row["mimu_parent_pcode"] or row["adm1_pcode"],
            bbox=_bbox(row),
            # MMR111 (Bago) and MMR222 (Shan) group the sub-units MIMU codes.
            status="active" if row["is_cod_admin1"] == "true" else "aggregate",
        )
    for row in _read("mmr_adm2_district.csv"):
        found[row["adm2_pcode"]] = Place(
            pcode=row["adm2_pcode"],
            name_en=row["name_en"],
            name_my=row["name_my"],
            level="district",
            kind=row["kind"],
            adm1_pcode=row["adm1_pcode"],
            adm2_pcode=row["adm2_pcode"],
            bbox=_bbox(row),
        )
    for row in _read("mmr_adm3_township.csv"):
        district_row = found.get(row["adm2_pcode"])
        found[row["adm3_pcode"]] = Place(
            pcode=row["adm3_pcode"],
            name_en=row["name_en"],
            name_my=row["name_my"],
            level="township",
            kind="Township",
            adm1_pcode=row["adm1_pcode"],
            adm2_pcode=row["adm2_pcode"],
            # Townships have no box of their own in the tables: their district's.
            bbox=district_row.bbox if district_row else None,
            status=row["status_derived"],
        )
    union = [p.bbox for p in found.values() if p.level == "state_region" and p.bbox]
    found[COUNTRYWIDE] = Place(
        pcode=COUNTRYWIDE,
        name_en="Countrywide (Union)",
        name_my="တစ်နိုင်ငံလုံး (ပြည်ထောင်စု)",
        level="country",
        kind="Country",
        bbox=(
            min(b[0] for b in union),
            min(b[1] for b in union),
            max(b[2] for b in union),
            max(b[3] for b in union),
        ),
    )
    return found


def place(pcode: str) -> Place | None:
    return _places().get(pcode)


def states() -> list[Place]:
    """The 18 States/Regions and their MIMU sub-units, in Pcode order."""
    return sorted(
        (
            p
            for p in _places().values()
            if p.level == "state_region" and p.status == "active"
        ),
        key=lambda p: p.pcode,
    )


def state(pcode: str) -> Place | None:
    found = place(pcode)
    return found if found and found.level in ("state_region", "country") else None


def district(pcode: str) -> Place | None:
    found = place(pcode)
    return found if found and found.level == "district" else None


def districts() -> list[Place]:
    """The districts and Self-Administered Zones, in Pcode order."""
    return sorted(
        (p for p in _places().values() if p.level == "district"),
        key=lambda p: p.pcode,
    )


def townships() -> list[Place]:
    return sorted(
        (p for p in _places().values() if p.level == "township"),
        key=lambda p: p.pcode,
    )


def township(pcode: str) -> Place | None:
    found = place(pcode)
    return found if found and found.level == "township" else None


def parts(pcode: str) -> list[Place]:
    """The States/Regions a MIMU aggregate code groups (Shan: South, North, East)."""
    return [p for p in states() if p.adm1_pcode == pcode and p.pcode != pcode]


# -- finding places by name ---------------------------------------------------

# Words that say which level a name means ("Sittwe township", "Magway Region").
LEVEL_WORDS: dict[str, str] = {
    "township": "township",
    "tsp": "township",
    "district": "district",
    "state": "state_region",
    "region": "state_region",
    "division": "state_region",
}
# Myanmar suffixes with the same meaning, written without a space; longest first.
_MYANMAR_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("တိုင်းဒေသကြီး", "state_region"),
    ("ပြည်နယ်", "state_region"),
    ("မြို့နယ်", "township"),
    ("ခရိုင်", "district"),
    ("တိုင်း", "state_region"),
    ("မြို့", "township"),
)
_SEARCHED_LEVELS = ("state_region", "district", "township")


def name_key(text: str) -> str:
    """A place name as compared: case, spaces, hyphens and brackets do not count.

    "Hpa-An", "hpa an" and "HpaAn" are one name; Myanmar script is kept
    whole (its vowel signs are marks, not punctuation).
    """
    folded = unicodedata.normalize("NFC", text).casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LMN")


def _strip_myanmar_suffix(key: str) -> tuple[str, str | None]:
    for suffix, level in _MYANMAR_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)], level
    return key, None


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, tuple[Place, ...]]:
    found: dict[str, list[Place]] = {}
    for p in _places().values():
        if p.level not in _SEARCHED_LEVELS:
            continue
        keys = {name_key(p.pcode), name_key(p.name_en)}
        if p.name_my:
            # "ကချင်ပြည်နယ်" is also found as "ကချင်".
            keys |= {name_key(p.name_my), _strip_myanmar_suffix(name_key(p.name_my))[0]}
        for key in keys - {""}:
            found.setdefault(key, []).append(p)
    return {key: tuple(places) for key, places in found.items()}


def places_named(text: str, level: str | None = None) -> list[Place]:
    """The places a name or Pcode means, in English or Myanmar script.

    A name shared by several levels means the State/Region if it is one
    ("Magway"), else the township ("Sittwe", not Sittwe District); ``level``
    (or a Myanmar suffix such as ``ခရိုင်``) chooses another. Two townships of
    one name (Htantabin) are both meant.
    """
    key = name_key(text)
    candidates = _names().get(key, ())
    if not candidates:
        key, suffix_level = _strip_myanmar_suffix(key)
        candidates = _names().get(key, ())
        level = level or suffix_level
    if level:
        return [p for p in candidates if p.level == level]
    for preferred in ("state_region", "township", "district"):
        chosen = [p for p in candidates if p.level == preferred]
        if chosen:
            return chosen
    return []
