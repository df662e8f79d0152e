"""Place search: datasets are found by the places they cover, the closest fit first.

A dataset *covers* a place when its coverage names the place or a place inside
it, covers the place's whole State/Region, or is countrywide. The index holds
two fields for that (declared in ``search/solr/imnet_fields.xml``):

``imnet_places``
    the Pcodes the coverage names, with the district and State/Region of
    every township named;
``imnet_whole_places``
    the States/Regions covered whole (none of their townships named), and
    ``MMR`` for countrywide datasets.

A free-text query that names a place -- English or Myanmar name, any
spelling of spaces, hyphens and case, or Pcode -- also finds every dataset
covering it; a small box drawn on the map names the districts it overlaps.
In relevance order, datasets then come by how closely their coverage fits
(the documented rule, README "Place search"):

2. coverage names the place or a place inside it;
1. coverage takes in the place's whole State/Region;
0. countrywide datasets, and datasets that only mention the name;

then by relevance and date as before. Both are plain Solr parameters (a
query clause and a function sort) that the embedded backend evaluates too,
so Solr deployments rank the same way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import vocab
from ckanext.imnet.search.errors import QueryError
from ckanext.imnet.search.lucene import parse_lucene

__all__ = [
    "PLACES_FIELD",
    "WHOLE_FIELD",
    "coverage_fields",
    "before_search",
    "after_search",
]

PLACES_FIELD = "imnet_places"
WHOLE_FIELD = "imnet_whole_places"

# Longest place name in words ("Hsawng Hpa (Saun Pha)").
_MAX_WORDS = 4
_OPERATORS = {"AND", "OR", "NOT", "&&", "||"}
# Punctuation a place name may contain; any other makes a word query syntax.
_NAME_PUNCTUATION = set("-().,'")
# Characters DisMax reads literally but the standard parser as syntax.
_LITERAL = set('\\!():^[]{}~*?/&|"')


# -- the index ----------------------------------------------------------------


def coverage_fields(states: list[str], townships: list[str]) -> dict[str, list[str]]:
    """``imnet_places`` and ``imnet_whole_places`` of a dataset's coverage."""
    named: list[str] = []
    partly: set[str] = set()
    for code in townships:
        township = vocab.township(code)
        if township is None:
            continue
        partly.add(township.adm1_pcode)
        named += [township.pcode, township.adm2_pcode, township.adm1_pcode]
    named += states
    whole = [code for code in states if code not in partly]
    fields = {PLACES_FIELD: _unique(named), WHOLE_FIELD: _unique(whole)}
    return {name: values for name, values in fields.items() if values}


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# -- the query ------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    """Words ``start:end`` of the query name ``places``."""

    start: int
    end: int
    places: tuple[vocab.Place, ...]


def _may_name_a_place(word: str) -> bool:
    if not word or word[0] in "+-" or word in _OPERATORS:
        return False
    return all(
        unicodedata.category(c)[0] in "LMN" or c in _NAME_PUNCTUATION for c in word
    )


def _matches(words: list[str]) -> list[_Match]:
    found: list[_Match] = []
    quoted = False
    i = 0
    while i < len(words):
        if quoted or not _may_name_a_place(words[i]):
            quoted ^= words[i].count('"') % 2 == 1
            i += 1
            continue
        match = _longest_match(words, i)
        if match is None:
            i += 1
            continue
        found.append(match)
        i = match.end
    return found


def _longest_match(words: list[str], start: int) -> _Match | None:
    for end in range(min(len(words), start + _MAX_WORDS), start, -1):
        if not all(_may_name_a_place(w) for w in words[start:end]):
            continue
        name = " ".join(words[start:end])
        following = words[end].casefold() if end < len(words) else ""
        level = vocab.LEVEL_WORDS.get(following)
        if level and (places := vocab.places_named(name, level)):
            return _Match(start, end + 1, tuple(places))
        if places := vocab.places_named(name):
            return _Match(start, end, tuple(places))
    return None


def _named_codes(places: tuple[vocab.Place, ...]) -> list[str]:
    codes: list[str] = []
    for place in places:
        parts = vocab.parts(place.pcode) if place.status == "aggregate" else []
        codes += [p.pcode for p in parts] or [place.pcode]
    return _unique(codes)


def _state_codes(places: tuple[vocab.Place, ...]) -> list[str]:
    return _unique([p.adm1_pcode for p in places if p.level != "state_region"])


def _term(text: str) -> str:
    if all(unicodedata.category(c)[0] in "LMN" for c in text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _clause(match: _Match, words: list[str]) -> str:
    """The words of a match, or any dataset covering the place they name."""
    texts = [" ".join(words[match.start : match.end])]
    for place in match.places:
        texts += [place.name_en, place.name_my]
    terms = list(dict.fromkeys(_term(t) for t in texts if t))
    named = " OR ".join(_named_codes(match.places))
    whole = " OR ".join([*_state_codes(match.places), vocab.COUNTRYWIDE])
    return "({})".format(
        " OR ".join([*terms, f"{PLACES_FIELD}:({named})", f"{WHOLE_FIELD}:({whole})"])
    )


def _fit(named: list[str], states: list[str]) -> str:
    """How closely a dataset's coverage fits places: 2, 1 or 0 (see the rule)."""
    terms = [f"mul(2,termfreq({PLACES_FIELD},'{code}'))" for code in named]
    terms += [f"termfreq({WHOLE_FIELD},'{code}')" for code in states]
    return terms[0] if len(terms) == 1 else "max({})".format(",".join(terms))


def _escape(word: str) -> str:
    """A word as DisMax reads it, for a query parsed with the standard syntax."""
    return "".join("\\" + c if c in _LITERAL and c != '"' else c for c in word)


def _rewrite(q: str) -> tuple[str, list[str]] | None:
    """The query with each place name widened to its coverage, and the fits."""
    if q.count('"') % 2:
        # DisMax drops the last of unbalanced quotes.
        cut = q.rfind('"')
        q = q[:cut] + q[cut + 1 :]
    words = q.split()
    matches = _matches(words)
    if not matches:
        return None
    parts: list[str] = []
    position = 0
    for match in matches:
        parts += [_escape(w) for w in words[position : match.start]]
        parts.append(_clause(match, words))
        position = match.end
    parts += [_escape(w) for w in words[position:]]
    fits = [_fit(_named_codes(m.places), _state_codes(m.places)) for m in matches]
    rewritten = " ".join(parts)
    try:
        parse_lucene(rewritten)
    except QueryError:
        return None
    return rewritten, fits


# -- the map box ----------------------------------------------------------------


def _box(extras: Any) -> tuple[float, float, float, float] | None:
    raw = (extras or {}).get("ext_bbox") if isinstance(extras, dict) else None
    try:
        west, south, east, north = (float(v) for v in str(raw).split(","))
    except ValueError:
        return None
    return west, south, east, north


def _largest_state_area() -> float:
    areas = [(b[2] - b[0]) * (b[3] - b[1]) for p in vocab.states() if (b := p.bbox)]
    return max(areas)


def _box_fit(box: tuple[float, float, float, float]) -> str | None:
    """The fit to the districts a small box overlaps (none for a large box)."""
    west, south, east, north = box
    if (east - west) * (north - south) > _largest_state_area():
        return None
    districts = [
        place
        for place in vocab.districts()
        if place.bbox
        and place.bbox[0] <= east
        and place.bbox[2] >= west
        and place.bbox[1] <= north
        and place.bbox[3] >= south
    ]
    if not districts:
        return None
    return _fit(
        [d.pcode for d in districts], _unique([d.adm1_pcode for d in districts])
    )


# -- the hooks ------------------------------------------------------------------


def _relevance_order(sort: Any) -> str | None:
    """The order to keep after the fit, if the caller asked for relevance."""
    default = tk.config.get("ckan.search.default_package_sort")
    if sort in (None, "", "rank"):
        return default
    if isinstance(sort, str) and sort.strip().startswith("score"):
        return sort
    return None


def before_search(search_params: dict[str, Any]) -> dict[str, Any]:
    """Widen place names in ``q`` to their coverage; order by fit for relevance."""
    fits: list[str] = []
    q = search_params.get("q")
    # A query with a colon is a field query, which CKAN does not send to DisMax.
    plain = isinstance(q, str) and ":" not in q and q.strip() not in ("", "*")
    if plain and search_params.get("defType") in (None, "dismax", "edismax"):
        rewritten = _rewrite(str(q))
        if rewritten is not None:
            search_params["q"], fits = rewritten
            # Extended DisMax: CKAN's fields and minimum match, plus field queries.
            search_params["defType"] = "edismax"
    box = _box(search_params.get("extras"))
    if box is not None and (box_fit := _box_fit(box)):
        fits.append(box_fit)
    order = _relevance_order(search_params.get("sort"))
    if fits and order:
        fit = fits[0] if len(fits) == 1 else "add({})".format(",".join(fits))
        search_params["sort"] = f"{fit} desc, {order}"
    return search_params


def after_search(search_results: dict[str, Any]) -> dict[str, Any]:
    """Report the order the caller asked for, not the fit added to it."""
    sort = search_results.get("sort")
    if isinstance(sort, str) and sort.startswith(("mul(2,", "max(", "add(")):
        if PLACES_FIELD in sort:
            search_results["sort"] = sort.split(" desc, ", 1)[-1]
    return search_results
