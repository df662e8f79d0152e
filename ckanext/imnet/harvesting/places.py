"""Myanmar places a partner's dataset names, as MIMU Pcodes.

Partners name places in many ways: a Pcode (``MMR012``), a State/Region or
township name in English or Myanmar script, with or without its level
("Rakhine State", "Sittwe Township", "ရခိုင်ပြည်နယ်"), a place URI ending in
a Pcode, or a list ("Kachin, Shan (North)"). ``coverage`` turns what they
name into the IM fields ``geographic_coverage``, ``township_coverage`` and the
``admin_level`` that goes with them; anything else is not a place of ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ckanext.imnet import vocab

__all__ = ["Coverage", "places_in", "coverage", "explicit"]

# Myanmar script writes the level as the name's ending: State, Region,
# township, district.
_MYANMAR_LEVEL_ENDINGS = ("ပြည်နယ်", "တိုင်းဒေသကြီး", "မြို့နယ်", "ခရိုင်")
_SEPARATORS = re.compile(r"\s*(?:[,;|/]|\band\b|&)\s*", re.IGNORECASE)
# The finest level a coverage names -> the admin level it implies.
_LEVELS = {
    "township": "township",
    "district": "district",
    "state_region": "state_region",
}


@dataclass(frozen=True)
class Coverage:
    """The IM coverage fields of the places named."""

    geographic_coverage: list[str] = field(default_factory=list)
    township_coverage: list[str] = field(default_factory=list)
    admin_level: str = ""


def _candidates(text: str) -> Iterable[str]:
    """The whole text, its last URI segment, and each item of a list."""
    whole = " ".join(str(text).split())
    if not whole:
        return
    yield whole
    if "/" in whole or "#" in whole:
        yield re.split(r"[/#]", whole.rstrip("/#"))[-1]
    else:
        parts = [p for p in _SEPARATORS.split(whole) if p]
        if len(parts) > 1:
            yield from parts


def _named(text: str) -> list[vocab.Place]:
    code = vocab.place(text.upper())
    if code is not None and code.level != "country":
        return [code]
    words = text.split()
    level = vocab.LEVEL_WORDS.get(words[-1].casefold()) if len(words) > 1 else None
    if level:
        found = vocab.places_named(" ".join(words[:-1]), level)
        if found:
            return found
    return vocab.places_named(text)


def places_in(texts: Iterable[str]) -> list[vocab.Place]:
    """The places the texts name, each text whole or item by item."""
    found: dict[str, vocab.Place] = {}
    for text in texts:
        for candidate in _candidates(text):
            named = _named(candidate)
            for place in named:
                found.setdefault(place.pcode, place)
            if named and candidate == " ".join(str(text).split()):
                break  # the whole text is a place name ("Bago (East)")
    return list(found.values())


def coverage(texts: Iterable[str]) -> Coverage:
    """The coverage fields for the places the texts name (empty if none)."""
    states: list[str] = []
    townships: list[str] = []
    finest = ""
    for place in places_in(texts):
        if place.level == "township":
            townships.append(place.pcode)
            states.append(place.adm1_pcode)
        elif place.level == "district":
            states.append(place.adm1_pcode)
        elif place.status == "aggregate":
            # MIMU's Bago and Shan: their parts are the States/Regions.
            states += [part.pcode for part in vocab.parts(place.pcode)]
        else:
            states.append(place.pcode)
        finest = _finer(finest, _LEVELS[place.level])
    return Coverage(
        geographic_coverage=sorted(set(states)),
        township_coverage=sorted(set(townships)),
        admin_level=finest,
    )


def _finer(current: str, level: str) -> str:
    order = ("", "state_region", "district", "township")
    return level if order.index(level) > order.index(current) else current


def explicit(texts: Iterable[str]) -> list[str]:
    """The texts that name a place unmistakably: a Pcode (or a URI ending in
    one) or a name with its level ("Chin State", "Sittwe Township",
    "ချင်းပြည်နယ်").

    Keywords and groups are read only so: a bare "Chin", "Mon" or "Shan" names
    a people (or a language) at least as often as a State.
    """
    kept = []
    for text in texts:
        whole = " ".join(str(text).split())
        last = re.split(r"[/#]", whole.rstrip("/#"))[-1] if whole else ""
        code = vocab.place(last.upper()) if last else None
        words = whole.split()
        if (
            (code is not None and code.level != "country")
            or (len(words) > 1 and words[-1].casefold() in vocab.LEVEL_WORDS)
            or whole.endswith(_MYANMAR_LEVEL_ENDINGS)
        ):
            kept.append(text)
    return kept
